"""The tracker database: lock-free snapshots for reading, locked sessions for changing it."""

from __future__ import annotations

import os
import signal
import stat
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.domain.changes import JOURNAL_LENGTH, ChangeRecord
from tracker.domain.errors import RequestRefused, StoreError, os_reason
from tracker.domain.model import Agency, Agreement, Meeting, Task, TaskSummary, canonical_uuid
from tracker.i18n import _
from tracker.process import collector_paused
from tracker.store import documents, lock_owner, safe_files
from tracker.store.file_lock import DatabaseLock, LockTimeout
from tracker.store.records import RecordReader
from tracker.store.schema import (
    JOURNAL_TABLE,
    META_DOC_ID,
    META_TABLE,
    RECORD_TABLES,
    TABLES,
    meta_record,
)
from tracker.store.storage import (
    StagedWrites,
    backup_path,
    damaged,
    existing_file,
    remove_stale_temp_files,
    write_atomically,
)

if TYPE_CHECKING:
    from tracker.store.contract import StoredTables
    from tracker.store.watching import WatchState

DEFAULT_LOCK_TIMEOUT = 10.0
# The longest wait for the lock anyone is offered: the clocks a wait is measured on
# overflow somewhere past 290 years, and a week already means "wait until it is free".
LONGEST_LOCK_TIMEOUT = 7 * 24 * 3600.0

FileStamp = tuple[int, int] | None  # (mtime_ns, size) of the database file, None if absent


def lock_path(path: Path) -> Path:
    """The file whose flock serialises the writers of the database at `path`."""
    return safe_files.companion(path, ".lock")


def companions(path: Path) -> tuple[Path, ...]:
    """The database and the files beside it that the tracker alone may write."""
    return (path, backup_path(path), lock_path(path), lock_owner.owner_path(path))


class Snapshot(RecordReader):
    """One consistent read of the database, converted to domain objects on demand."""

    def __init__(self, staged: StagedWrites, path: Path) -> None:
        self._staged = staged
        self._path = path

    @property
    def role(self) -> str:
        """No server role: a file is read and written by whoever may open it."""
        return ""

    def _damaged(self, problem: documents.DamagedDocument) -> StoreError:
        return damaged(self._path, problem)

    def _raw(self, table: str) -> dict[str, Any]:
        data = self._staged.read() or {}
        rows: dict[str, Any] = data.get(table, {})
        return rows

    def tasks(self, include_deleted: bool = False) -> list[Task]:
        """Every task not deleted (every one if `include_deleted`), in the file's order."""
        with self._naming_damage(), collector_paused():
            return documents.tasks_from_table(self._raw("tasks"), Task, include_deleted)

    def task_summaries(self) -> list[TaskSummary]:
        """Every task not deleted, without its description and history, a third quicker
        to read."""
        with self._naming_damage(), collector_paused():
            return documents.tasks_from_table(self._raw("tasks"), TaskSummary)

    def task(self, task_id: int) -> Task | None:
        """The task stored under `task_id`, deleted or not, or None."""
        doc = self._raw("tasks").get(str(task_id))
        if doc is None:
            return None
        with self._naming_damage():
            return documents.task_from_document(task_id, doc)

    def task_ids_by_uuid(self) -> dict[str, int]:
        """Every stored task's id by its uuid in canonical form (deleted ones too)."""
        with self._naming_damage():
            return {
                canonical_uuid(documents.task_uuid(int(doc_id), doc)): int(doc_id)
                for doc_id, doc in self._raw("tasks").items()
            }

    def task_areas(self) -> set[str]:
        """Every area stored tasks have, as stored; a new task's area is matched against them."""
        areas: set[str] = set()
        for doc_id, doc in self._raw("tasks").items():
            try:
                area = documents.task_area(int(doc_id), doc)
            except documents.DamagedDocument:
                continue  # a damaged task is refused where it is read, not by every `add`
            if area:
                areas.add(area)
        return areas

    def stored_tables(self) -> StoredTables:
        """Every document of every table (meta aside), decoded, by its id."""
        tables: StoredTables = {}
        with self._naming_damage():
            for name in TABLES:
                decoded = documents.decoded_table(name, self._raw(name))
                tables[name] = {_document_id(name, key): doc for key, doc in decoded.items()}
        return tables


class Session(Snapshot):
    """A snapshot taken under the lock whose changes are written as one atomic replace.

    Changes go through TinyDB's tables, which stage them in `staged` until the commit.
    """

    def __init__(self, staged: StagedWrites, path: Path) -> None:
        super().__init__(staged, path)
        # Imported here: only a command that writes needs TinyDB (2 ms to import).
        from tracker.store.table import TrackerDB

        self._db = TrackerDB(path, storage=staged)
        # Each task this session saved or added, as stored before it (None: added here):
        # what the changes journal compares with the task as saved (tracker/journal.py).
        self._originals: dict[int, dict[str, Any] | None] = {}

    def add_agency(self, agency: Agency) -> None:
        """Store a new agency."""
        self._db.table("agencies").insert(documents.agency_to_document(agency))

    def add_agreement(self, agreement: Agreement) -> None:
        """Store a new agreement."""
        self._db.table("agreements").insert(documents.agreement_to_document(agreement))

    def add_meeting(self, meeting: Meeting) -> None:
        """Store a new meeting."""
        self._db.table("meetings").insert(documents.meeting_to_document(meeting))

    def save_agency(self, agency: Agency) -> None:
        """Replace the stored agency that has `agency.code`."""
        from tinydb import Query

        self._db.table("agencies").update(
            documents.agency_to_document(agency), Query().code == agency.code
        )

    def save_meeting(self, meeting: Meeting) -> None:
        """Replace the stored meeting that has `meeting.id`."""
        from tinydb import Query

        self._db.table("meetings").update(
            documents.meeting_to_document(meeting), Query().id == meeting.id
        )

    def add_tasks(self, tasks: Iterable[Task]) -> list[int]:
        """Store new tasks; each gets the next free id, which is returned in order."""
        from tinydb.table import Document

        # Ids handed in with the documents (TinyDB's public way), not found by TinyDB's
        # `_get_next_id`, which walks the keys in Python: 45 ms of `add` at 100,000 tasks,
        # against 6 ms for this walk in C. The rule is TinyDB's: one more than the largest id.
        first = max(map(int, self._raw("tasks")), default=0) + 1
        docs = [
            Document(documents.task_to_document(task), doc_id=doc_id)
            for doc_id, task in enumerate(tasks, start=first)
        ]
        ids: list[int] = self._db.table("tasks").insert_multiple(docs)
        self._originals.update(dict.fromkeys(ids))
        return ids

    def save_task(self, task: Task) -> None:
        """Replace the stored task that has `task.id`."""
        if task.id not in self._originals:
            stored = self._raw("tasks").get(str(task.id))
            # A copy: TinyDB's update changes a decoded document in place.
            self._originals[task.id] = dict(documents.document(stored)) if stored else None
        table = self._db.table("tasks")
        table.update(documents.task_update(task), doc_ids=[task.id])

    def saved_tasks(self) -> dict[int, tuple[dict[str, Any] | None, dict[str, Any]]]:
        """Each task this session saved or added: its document before (None if added here)
        and as it is now."""
        tasks = self._raw("tasks")
        return {
            task_id: (before, documents.document(tasks[str(task_id)]))
            for task_id, before in self._originals.items()
        }

    def load_tables(self, tables: StoredTables) -> bool:
        """Make the database `tables` (ids kept), written at the commit, if it holds no
        records yet; False, changing nothing, if it holds any."""
        if any(self._raw(name) for name in RECORD_TABLES):
            return False
        self._staged.write(
            {
                META_TABLE: {META_DOC_ID: meta_record()},
                **{
                    name: {str(doc_id): doc for doc_id, doc in sorted(tables[name].items())}
                    for name in TABLES
                },
            }
        )
        return True

    def add_change(self, record: ChangeRecord) -> None:
        """Keep `record` in the changes journal, forgetting the oldest beyond its length."""
        table = self._db.table(JOURNAL_TABLE)
        table.insert(documents.change_to_document(record))
        kept = sorted(map(int, self._raw(JOURNAL_TABLE)))
        if len(kept) > JOURNAL_LENGTH:
            table.remove(doc_ids=kept[: len(kept) - JOURNAL_LENGTH])


class Database:
    """One tracker file on disk, shared safely by the UI and any number of commands.

    `holder` says who is writing (e.g. "tracker add") to a command left waiting for the lock.
    """

    def __init__(
        self, path: Path, lock_timeout: float = DEFAULT_LOCK_TIMEOUT, holder: str = "tracker"
    ) -> None:
        safe_files.check_database_name(path)
        # A symlinked database is written where it points, with its .bak and .lock
        # beside the real file; replacing the link itself would split one database in two.
        self.given_path = path
        self.path = Path(os.path.realpath(path)) if os.path.islink(path) else path
        self.lock_timeout = lock_timeout
        self.holder = holder
        # Write sessions committed through this object: an interrupted command compares
        # the count from its start, to tell whether its change was saved.
        self.commits = 0

    def _open(self) -> StagedWrites:
        staged = StagedWrites(self.path)
        # Read now, so an unreadable file fails before the caller starts its work.
        staged.read()
        return staged

    @property
    def location(self) -> str:
        """The file as its user named it."""
        return str(self.given_path)

    @property
    def output_folder(self) -> Path:
        """Reports are offered beside the database file."""
        return self.path.absolute().parent

    def stamp(self) -> FileStamp:
        """What changes when another process writes the database; None while there is none."""
        try:
            status = os.stat(self.path)
        except OSError:
            return None
        return (status.st_mtime_ns, status.st_size)

    def watch_changes(self, on_change: Callable[[WatchState], None]) -> None:
        """A file tells nobody of its writes: its readers compare `stamp()`s."""
        del on_change

    @contextmanager
    def reading(self) -> Iterator[Snapshot]:
        """A snapshot without taking the lock: writers replace the file whole, so it is safe."""
        yield Snapshot(self._open(), self.path)

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """Lock, re-read, let the caller change things, then write once; on error write nothing."""
        if not self.path.parent.is_dir():
            raise StoreError(_("folder {folder} does not exist").format(folder=self.path.parent))
        lock = _lock_for(self.path)
        committed = False
        try:
            lock.acquire(timeout=self.lock_timeout)
        except LockTimeout:
            raise StoreError(
                _(
                    "{path} is busy: {holder} has held its lock for over {seconds:g} s; "
                    "try again or raise --lock-timeout"
                ).format(
                    path=self.path,
                    holder=lock_owner.describe(self.path) or _("another tracker"),
                    seconds=self.lock_timeout,
                )
            ) from None
        except OSError as error:
            raise StoreError(
                _("cannot lock {path} with {lock}: {reason}").format(
                    path=self.path, lock=lock_path(self.path), reason=os_reason(error)
                )
            ) from None
        try:
            lock_owner.claim(self.path, self.holder)
            remove_stale_temp_files(self.path)
            _check_writable(self.path)
            staged = self._open()
            yield Session(staged, self.path)
            with _interrupts_held():
                if staged.dirty:
                    staged.commit(before_replace=lambda: _check_still_locked(lock, self.path))
                    committed = True
                    self.commits += 1
        finally:
            lock_owner.release(self.path)
            # A refused command leaves no lock file behind where there was none.
            lock.release(remove_if_created=not committed)

    def stored_tables(self) -> StoredTables:
        """Every document of every table (meta aside) with its id, from one read of the
        file (brought to this tracker's schema, as every read is)."""
        with self.reading() as snapshot:
            return snapshot.stored_tables()

    def load_tables(self, tables: StoredTables) -> bool:
        """Write `tables` (ids kept) as a new database under the lock, in one atomic
        replace, if the file holds no records yet; False, writing nothing, if it does."""
        with self.writing() as session:
            return session.load_tables(tables)

    def write_output(self, path: Path, content: bytes) -> None:
        """Save a report or an export atomically, never over the database or its companions."""
        self.refuse_own_file(path)
        write_atomically(path, content, keep_backup=False)

    def refuse_own_file(self, path: Path) -> None:
        """RequestRefused if `path`, however written (relative, a link), is one of our files."""
        output = os.path.realpath(path)
        try:
            output_status: os.stat_result | None = os.stat(path)
        except OSError:
            output_status = None
        for own in {*companions(self.path), *companions(self.given_path)}:
            same = os.path.realpath(own) == output
            if not same and output_status is not None:
                try:
                    status = os.stat(own)
                except OSError:
                    continue
                # A hard link to the database has a name of its own, but is the same file.
                same = os.path.samestat(status, output_status)
            if same:
                raise RequestRefused(
                    _(
                        "{path} would overwrite {own}, a file of the tracker database; "
                        "nothing was written: choose another file"
                    ).format(path=path, own=own)
                )


def _document_id(table: str, key: str) -> int:
    """A stored document's key as the number TinyDB made it; DamagedDocument otherwise."""
    try:
        return int(key)
    except ValueError as error:
        raise documents.DamagedDocument(table, key, error) from None


def _check_writable(path: Path) -> None:
    """StoreError, before anything is written, for a database the tracker must not replace."""
    status = existing_file(path)
    if status is not None and status.st_nlink > 1:
        raise StoreError(
            _(
                "{path} has {links} hard links: replacing it atomically would leave the other "
                "names on the old version; keep one name (cp it to a new file) and try again"
            ).format(path=path, links=status.st_nlink)
        )
    backup = backup_path(path)
    try:
        backup_status = os.lstat(backup)
    except FileNotFoundError:
        return
    except OSError as error:
        raise StoreError(
            _("cannot read {path}: {reason}").format(path=backup, reason=os_reason(error))
        ) from None
    if not (stat.S_ISREG(backup_status.st_mode) or stat.S_ISLNK(backup_status.st_mode)):
        raise StoreError(
            _(
                "{backup} is not a file, so the previous version of {path} cannot be kept "
                "there: move it away and try again"
            ).format(backup=backup, path=path)
        )


def _check_still_locked(lock: DatabaseLock, path: Path) -> None:
    if not lock.still_held():
        raise StoreError(
            _(
                "{lock} was removed or replaced while this command was writing, so another "
                "writer may have started; nothing was changed: try again"
            ).format(lock=lock_path(path))
        )


# One lock object per file for the life of the process, shared by its threads: the UI
# saves from worker threads, and the lock is what keeps two of them from interleaving.
_locks: dict[Path, DatabaseLock] = {}
_locks_guard = threading.Lock()


def _lock_for(path: Path) -> DatabaseLock:
    # Absolute, so that a relative path still names the same file after a chdir.
    path = Path(os.path.abspath(path))
    with _locks_guard:
        lock = _locks.get(path)
        if lock is None:
            lock = _locks[path] = DatabaseLock(lock_path(path), database=path)
    return lock


@contextmanager
def _interrupts_held() -> Iterator[None]:
    """Ctrl-C during a commit takes effect once it is over, never half way through it."""
    if (
        threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGINT) is None  # a handler Python did not install
    ):
        yield  # Python handles signals in the main thread only
        return
    pending: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, frame: pending.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if pending:
            signal.raise_signal(signal.SIGINT)
