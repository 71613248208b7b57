"""The tracker database: lock-free snapshots for reading, locked sessions for changing it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from tinydb import TinyDB

from tracker.domain.errors import StoreError
from tracker.domain.model import Agency, Agreement, Meeting, Task
from tracker.i18n import _
from tracker.store import documents
from tracker.store.gc_pause import collector_paused
from tracker.store.storage import AtomicJSONStorage, StagedWrites, remove_stale_temp_files
from tracker.store.table import TrackerDB

DEFAULT_LOCK_TIMEOUT = 10.0


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


class Snapshot:
    """One consistent read of the database, converted to domain objects on demand."""

    def __init__(self, db: TinyDB, staged: StagedWrites) -> None:
        self._db = db
        self._staged = staged

    def _raw(self, table: str) -> dict[str, Any]:
        data = self._staged.read() or {}
        rows: dict[str, Any] = data.get(table, {})
        return rows

    def agencies(self) -> dict[str, Agency]:
        rows = (documents.agency_from_document(doc) for doc in self._raw("agencies").values())
        return {agency.code: agency for agency in rows}

    def agreements(self) -> dict[str, Agreement]:
        rows = (documents.agreement_from_document(d) for d in self._raw("agreements").values())
        return {agreement.code: agreement for agreement in rows}

    def meetings(self) -> dict[str, Meeting]:
        rows = (documents.meeting_from_document(doc) for doc in self._raw("meetings").values())
        return {meeting.id: meeting for meeting in rows}

    def tasks(self) -> list[Task]:
        with collector_paused():
            return [
                documents.task_from_document(int(doc_id), doc)
                for doc_id, doc in self._raw("tasks").items()
            ]

    def task(self, task_id: int) -> Task | None:
        doc = self._raw("tasks").get(str(task_id))
        return documents.task_from_document(task_id, doc) if doc is not None else None

    def task_uuids(self) -> set[str]:
        return {doc["uuid"] for doc in self._raw("tasks").values()}


class Session(Snapshot):
    """A snapshot taken under the lock whose changes are written as one atomic replace."""

    def add_agency(self, agency: Agency) -> None:
        self._db.table("agencies").insert(documents.agency_to_document(agency))

    def add_agreement(self, agreement: Agreement) -> None:
        self._db.table("agreements").insert(documents.agreement_to_document(agreement))

    def add_meeting(self, meeting: Meeting) -> None:
        self._db.table("meetings").insert(documents.meeting_to_document(meeting))

    def add_tasks(self, tasks: Iterable[Task]) -> list[int]:
        """Store new tasks; each gets the next free id, which is returned in order."""
        docs = [documents.task_to_document(task) for task in tasks]
        ids: list[int] = self._db.table("tasks").insert_multiple(docs)
        return ids

    def save_task(self, task: Task) -> None:
        """Replace the stored task that has `task.id`."""
        table = self._db.table("tasks")
        table.update(documents.task_to_document(task), doc_ids=[task.id])


class Database:
    """One tracker file on disk, shared safely by the UI and any number of commands."""

    def __init__(self, path: Path, lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> None:
        self.path = path
        self.lock_timeout = lock_timeout

    def _open(self) -> tuple[TinyDB, StagedWrites]:
        staged = StagedWrites(AtomicJSONStorage)
        # Read now, so an unreadable file fails before the caller starts its work.
        db = TrackerDB(self.path, storage=staged)
        staged.read()
        return db, staged

    def exists(self) -> bool:
        return self.path.exists()

    @contextmanager
    def reading(self) -> Iterator[Snapshot]:
        """A snapshot without taking the lock: writers replace the file whole, so it is safe."""
        yield Snapshot(*self._open())

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """Lock, re-read, let the caller change things, then write once; on error write nothing."""
        if not self.path.parent.is_dir():
            raise StoreError(_("folder {folder} does not exist").format(folder=self.path.parent))
        lock = FileLock(lock_path(self.path), timeout=self.lock_timeout)
        try:
            lock.acquire()
        except Timeout:
            raise StoreError(
                _(
                    "{path} is busy: another tracker has held its lock for over {seconds:g} s; "
                    "try again or raise --lock-timeout"
                ).format(path=self.path, seconds=self.lock_timeout)
            ) from None
        except OSError as error:
            raise StoreError(
                _("cannot lock {path}: {reason}").format(path=self.path, reason=error.strerror)
            ) from None
        try:
            remove_stale_temp_files(self.path)
            db, staged = self._open()
            yield Session(db, staged)
            staged.commit()
        finally:
            lock.release()
