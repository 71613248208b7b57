"""A tracker database on a PostgreSQL server: the file store's interface over SQL.

Readers take a REPEATABLE READ snapshot, so a command or a UI load sees one moment. Every
writer first locks the one `meta` row (FOR UPDATE, waiting at most the lock timeout): the
server's row lock plays the file's flock, so writers take turns, each re-reads inside its
turn, and none can lose another's update. Ids are the largest plus one, allocated inside
the turn: without gaps, never twice. The transaction commits all or nothing; its last
statements bump the revision and NOTIFY it, for the UIs that listen.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec
import psycopg
from psycopg import errors as pg_errors
from psycopg.types.string import ByteaBinaryLoader

from tracker.domain.changes import JOURNAL_LENGTH, ChangeRecord
from tracker.domain.errors import StoreError
from tracker.domain.model import Agency, Agreement, Meeting, Task, TaskSummary, canonical_uuid
from tracker.i18n import _
from tracker.process import collector_paused
from tracker.store import documents
from tracker.store.contract import StoredTables
from tracker.store.locations import shown_location
from tracker.store.records import RecordReader
from tracker.store.schema import RECORD_TABLES, TABLES
from tracker.store.server import schema
from tracker.store.server.connection import connect, lost, reason, refused_write
from tracker.store.storage import write_atomically
from tracker.store.watching import WatchState

if TYPE_CHECKING:
    from tracker.store.server.watch import ChangeListener

T = schema.SCHEMA  # the tables' schema, in every statement below
_ENCODE = msgspec.json.encode

Connection = psycopg.Connection[tuple[Any, ...]]

# A writer whose machine vanishes (power cut, cable pulled) would hold the write turn
# until the server's TCP gave up on it, two hours by default: the server probes this
# session's peer after 30 s of silence instead, and ends it within a minute when nobody
# answers. (A live but slow tracker answers the probes; a Unix socket ignores them.)
_KEEPALIVES = (
    b"SELECT set_config('tcp_keepalives_idle', '30', false), "
    b"set_config('tcp_keepalives_interval', '10', false), "
    b"set_config('tcp_keepalives_count', '3', false)"
)
# Documents are read in binary results, a json column's value as its UTF-8 bytes (the
# loader registered on each connection): msgspec reads them as they came, like the file's
# bytes. As text, psycopg decoded each to a str and msgspec encoded it back: at 100,000
# tasks that and the row-by-row fetch cost a report ~0.2 s more than the file's read.
_CHUNK = 2000
# Whole tables stream in chunks of rows where libpq can (17 and later), so that the
# client takes in one chunk while the server sends the next.
_CHUNKED = psycopg.pq.version() >= 170000


def _json(doc: Any) -> str:
    return _ENCODE(doc).decode()


def _id_column(table: str) -> str:
    """The column that holds a table's document id (the file's key)."""
    return "id" if table in ("tasks", "changes") else "doc_id"


class ServerSnapshot(RecordReader):
    """One REPEATABLE READ transaction's view of the tables, read as the file's documents."""

    def __init__(self, conn: Connection, location: str, role: str = "") -> None:
        self._conn = conn
        self._location = location
        self._role = role
        self._tables: dict[str, dict[str, Any]] = {}

    @property
    def role(self) -> str:
        """The server role this read (and a session's changes) is made as."""
        return self._role

    def _damaged(self, problem: documents.DamagedDocument) -> StoreError:
        return StoreError(
            _("{server} is damaged: {problem}").format(server=self._location, problem=problem)
        )

    def _rows(self, query: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        return self._conn.execute(query.encode(), params).fetchall()

    def _documents(self, query: str) -> dict[str, Any]:
        """The (id, doc) rows of `query` as the file keeps a table: documents (as JSON
        bytes) by id."""
        with self._conn.cursor(binary=True) as cursor:
            rows = (
                cursor.stream(query.encode(), size=_CHUNK)
                if _CHUNKED
                else cursor.execute(query.encode())
            )
            return {str(doc_id): msgspec.Raw(doc) for doc_id, doc in rows}

    def _raw(self, table: str) -> dict[str, Any]:
        """A whole table as the file keeps it: documents (as JSON bytes) by id."""
        rows = self._tables.get(table)
        if rows is None:
            key = _id_column(table)
            rows = self._tables[table] = self._documents(
                f"SELECT {key}, doc FROM {T}.{table} ORDER BY {key}"
            )
        return rows

    def _task_table(self, include_deleted: bool) -> dict[str, Any]:
        if include_deleted or "tasks" in self._tables:
            return self._raw("tasks")
        # Deleted tasks stay on the server: only an export and the journal read them.
        return self._documents(f"SELECT id, doc FROM {T}.tasks WHERE NOT deleted ORDER BY id")

    def tasks(self, include_deleted: bool = False) -> list[Task]:
        """Every task not deleted (every one if `include_deleted`), by id."""
        table = self._task_table(include_deleted)
        with self._naming_damage(), collector_paused():
            return documents.tasks_from_table(table, Task, include_deleted)

    def task_summaries(self) -> list[TaskSummary]:
        """Every task not deleted, without its description and history."""
        table = self._task_table(False)
        with self._naming_damage(), collector_paused():
            return documents.tasks_from_table(table, TaskSummary)

    def _stored_task(self, task_id: int) -> bytes | None:
        row = self._conn.execute(
            f"SELECT doc FROM {T}.tasks WHERE id = %s".encode(), (task_id,), binary=True
        ).fetchone()
        return row[0] if row else None

    def task(self, task_id: int) -> Task | None:
        """The task stored under `task_id`, deleted or not, or None."""
        if not -(2**31) <= task_id < 2**31:
            return None  # beyond the column's integers: no such task
        doc = self._stored_task(task_id)
        if doc is None:
            return None
        with self._naming_damage():
            return documents.task_from_document(task_id, msgspec.Raw(doc))

    def task_ids_by_uuid(self) -> dict[str, int]:
        """Every stored task's id by its uuid in canonical form (deleted ones too)."""
        rows = self._rows(f"SELECT id, uuid FROM {T}.tasks ORDER BY id")
        ids: dict[str, int] = {}
        for task_id, uuid in rows:
            if not isinstance(uuid, str):
                with self._naming_damage():
                    documents.task_uuid(task_id, {})  # names the damaged task
            ids[canonical_uuid(uuid)] = task_id
        return ids

    def task_areas(self) -> set[str]:
        """Every area stored tasks have, as stored."""
        rows = self._rows(f"SELECT DISTINCT area FROM {T}.tasks WHERE area IS NOT NULL")
        return {area for (area,) in rows if area}

    def stored_tables(self) -> StoredTables:
        """Every document of every table (meta aside), decoded, by its id."""
        tables: StoredTables = {}
        with self._naming_damage():
            for name in TABLES:
                key = _id_column(name)
                rows = self._rows(f"SELECT {key}, doc::text FROM {T}.{name} ORDER BY {key}")
                decoded = documents.decoded_table(
                    name, {str(doc_id): msgspec.Raw(doc) for doc_id, doc in rows}
                )
                tables[name] = {int(doc_id): doc for doc_id, doc in decoded.items()}
        return tables


class ServerSession(ServerSnapshot):
    """The transaction of the writer whose turn it is: statements run as they come, and
    are kept or dropped together when it ends."""

    def __init__(self, conn: Connection, location: str, role: str) -> None:
        super().__init__(conn, location, role)
        self.dirty = False
        # Each task this session saved or added: its document before (None: added here)
        # and as saved, what the changes journal compares (tracker/journal.py).
        self._originals: dict[int, dict[str, Any] | None] = {}
        self._current: dict[int, dict[str, Any]] = {}

    def _write(self, query: str, params: Iterable[Any] = ()) -> None:
        self._tables.clear()  # what was read whole is out of date now
        self.dirty = True
        self._conn.execute(query.encode(), tuple(params))

    def _next_doc_id(self, table: str) -> int:
        key = "id" if table in ("tasks", "changes") else "doc_id"
        row = self._rows(f"SELECT coalesce(max({key}), 0) + 1 FROM {T}.{table}")
        next_id: int = row[0][0]
        return next_id

    def _add_record(self, table: str, doc: Any) -> None:
        self._write(
            f"INSERT INTO {T}.{table} (doc_id, doc) VALUES (%s, %s)",
            (self._next_doc_id(table), _json(doc)),
        )

    def add_agency(self, agency: Agency) -> None:
        """Store a new agency."""
        self._add_record("agencies", documents.agency_to_document(agency))

    def add_agreement(self, agreement: Agreement) -> None:
        """Store a new agreement."""
        self._add_record("agreements", documents.agreement_to_document(agreement))

    def add_meeting(self, meeting: Meeting) -> None:
        """Store a new meeting."""
        self._add_record("meetings", documents.meeting_to_document(meeting))

    def save_agency(self, agency: Agency) -> None:
        """Replace the stored agency that has `agency.code`."""
        self._write(
            f"UPDATE {T}.agencies SET doc = %s WHERE code = %s",
            (_json(documents.agency_to_document(agency)), agency.code),
        )

    def save_meeting(self, meeting: Meeting) -> None:
        """Replace the stored meeting that has `meeting.id`."""
        self._write(
            f"UPDATE {T}.meetings SET doc = %s WHERE id = %s",
            (_json(documents.meeting_to_document(meeting)), meeting.id),
        )

    def add_tasks(self, tasks: Iterable[Task]) -> list[int]:
        """Store new tasks; each gets the next free id, which is returned in order."""
        first = self._next_doc_id("tasks")
        ids: list[int] = []
        self._tables.clear()
        self.dirty = True
        with (
            self._conn.cursor() as cursor,
            cursor.copy(f"COPY {T}.tasks (id, doc) FROM STDIN".encode()) as copy,
        ):
            for task_id, task in enumerate(tasks, start=first):
                doc = documents.task_to_document(task)
                copy.write_row((task_id, _json(doc)))
                self._current[task_id] = dict(doc)
                ids.append(task_id)
        self._originals.update(dict.fromkeys(ids))
        return ids

    def save_task(self, task: Task) -> None:
        """Replace the stored task that has `task.id`."""
        current = self._current.get(task.id)
        if current is None:
            stored = self._stored_task(task.id)
            current = msgspec.json.decode(stored) if stored is not None else {}
            if task.id not in self._originals:
                self._originals[task.id] = dict(current) if stored is not None else None
        documents.task_update(task)(current)
        self._current[task.id] = current
        self._write(f"UPDATE {T}.tasks SET doc = %s WHERE id = %s", (_json(current), task.id))

    def saved_tasks(self) -> dict[int, tuple[dict[str, Any] | None, dict[str, Any]]]:
        """Each task this session saved or added: its document before (None if added here)
        and as it is now."""
        return {
            task_id: (before, self._current[task_id]) for task_id, before in self._originals.items()
        }

    def load_tables(self, tables: StoredTables) -> bool:
        """Store `tables` (ids kept) with COPY, in this transaction, if the tables hold no
        records yet; False, changing nothing, if they hold any."""
        held = " OR ".join(f"EXISTS (SELECT 1 FROM {T}.{name})" for name in RECORD_TABLES)
        if self._rows(f"SELECT {held}")[0][0]:
            return False
        self._write(f"DELETE FROM {T}.changes")  # a journal with nothing left to undo
        with self._conn.cursor() as cursor:
            for name in TABLES:
                columns = f"{_id_column(name)}, doc"
                with cursor.copy(f"COPY {T}.{name} ({columns}) FROM STDIN".encode()) as copy:
                    for doc_id, doc in sorted(tables[name].items()):
                        copy.write_row((doc_id, _json(doc)))
        return True

    def add_change(self, record: ChangeRecord) -> None:
        """Keep `record` in the changes journal, forgetting the oldest beyond its length."""
        self._write(
            f"INSERT INTO {T}.changes (id, doc) VALUES (%s, %s)",
            (self._next_doc_id("changes"), _json(documents.change_to_document(record))),
        )
        self._write(
            f"DELETE FROM {T}.changes WHERE id NOT IN "
            f"(SELECT id FROM {T}.changes ORDER BY id DESC LIMIT %s)",
            (JOURNAL_LENGTH,),
        )


class ServerDatabase:
    """The tracker tables on one PostgreSQL server, reached through one connection per
    process (the UI's worker threads take turns on it)."""

    def __init__(self, url: str, lock_timeout: float, holder: str = "tracker") -> None:
        self.url = url
        self.lock_timeout = lock_timeout
        self.holder = holder
        self.commits = 0
        self._location = shown_location(url)
        self._conn: Connection | None = None
        self._role = ""
        self._guard = threading.RLock()

    @property
    def location(self) -> str:
        """The server's URL, without its password."""
        return self._location

    @property
    def output_folder(self) -> Path:
        """Reports are offered in the current folder: the database has no folder here."""
        return Path.cwd()

    def _connected(self) -> Connection:
        """The open connection, made (and the tables' version checked) on first use, and
        made again after the server dropped it."""
        conn = self._conn
        if conn is not None and not conn.closed and not conn.broken:
            return conn
        conn = connect(self.url, self._location, self.holder)
        conn.adapters.register_loader("json", ByteaBinaryLoader)
        try:
            with conn.transaction():
                schema.check_version(schema.stored_version(conn), self._location)
                row = conn.execute(b"SELECT current_user").fetchone()
                conn.execute(_KEEPALIVES)
        except psycopg.Error as error:
            conn.close()
            raise StoreError(
                _("cannot read {server}: {reason}").format(
                    server=self._location, reason=reason(error)
                )
            ) from None
        except StoreError:
            conn.close()
            raise
        self._role = str(row[0]) if row else ""
        self._conn = conn
        return conn

    def stamp(self) -> object:
        """The revision: one more with each write anyone commits; None while nobody has
        written (revision 0), as a file's is while there is none."""
        query = f"SELECT revision FROM {T}.meta".encode()
        with self._guard:
            try:
                try:
                    row = self._connected().execute(query).fetchone()
                except psycopg.OperationalError:
                    # Dropped since its last use (a UI open through a server restart):
                    # once more, on a new connection, as reading() does.
                    self.close()
                    row = self._connected().execute(query).fetchone()
            except psycopg.Error as error:
                raise lost(error, self._location, committing=False) from None
        return None if row is None or not row[0] else row[0]

    def watch_changes(self, on_change: Callable[[WatchState], None]) -> ChangeListener:
        """Listen for every write anyone commits, on a connection of its own, in a thread
        that calls `on_change` with what it hears and when it loses or regains the server."""
        from tracker.store.server.watch import ChangeListener

        return ChangeListener(self.url, self._location, on_change).start()

    @contextmanager
    def reading(self) -> Iterator[ServerSnapshot]:
        """A REPEATABLE READ, READ ONLY transaction's view of every table."""
        with self._guard:
            conn = self._begin_with_retry()
            try:
                with conn.transaction():
                    conn.execute(b"SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                    # The snapshot is taken by the first query, not by BEGIN: take it now,
                    # so the read is of this moment (as a file's is read whole at once).
                    conn.execute(f"SELECT revision FROM {T}.meta".encode())
                    yield ServerSnapshot(conn, self._location, self._role)
            except psycopg.Error as error:
                raise StoreError(
                    _("cannot read {server}: {reason}").format(
                        server=self._location, reason=reason(error)
                    )
                ) from None

    def _begin_with_retry(self) -> Connection:
        """The connection, checked alive: a UI open through a server restart reconnects
        here, once, before anything of a command has run."""
        kept = self._conn is not None and not self._conn.closed and not self._conn.broken
        conn = self._connected()
        if not kept:
            return conn  # made just now: its first statements were the check
        try:
            conn.execute(b"SELECT 1")
        except psycopg.OperationalError:
            conn.close()
            conn = self._connected()
        return conn

    @contextmanager
    def writing(self) -> Iterator[ServerSession]:
        """Wait for the write turn, let the caller change things, commit once; on any error
        nothing is kept."""
        with self._guard:
            conn = self._begin_with_retry()
            committing = False
            session: ServerSession | None = None
            try:
                transaction = conn.transaction()
                with transaction:
                    conn.execute(
                        f"SET LOCAL lock_timeout = {max(1, int(self.lock_timeout * 1000))}".encode()
                    )
                    row = conn.execute(
                        f"SELECT revision FROM {T}.meta FOR UPDATE".encode()
                    ).fetchone()
                    revision = row[0] if row else 0
                    session = ServerSession(conn, self._location, self._role)
                    yield session
                    if session.dirty:
                        conn.execute(
                            f"UPDATE {T}.meta SET revision = %s, changed_at = now(), "
                            "changed_by = current_user".encode(),
                            (revision + 1,),
                        )
                        conn.execute(
                            b"SELECT pg_notify(%s, %s)", (schema.CHANNEL, str(revision + 1))
                        )
                    committing = True
                if session.dirty:
                    self.commits += 1
            except pg_errors.LockNotAvailable:
                raise StoreError(
                    _(
                        "{path} is busy: {holder} has held its lock for over {seconds:g} s; "
                        "try again or raise --lock-timeout"
                    ).format(
                        path=self._location, holder=_("another tracker"), seconds=self.lock_timeout
                    )
                ) from None
            except pg_errors.InsufficientPrivilege as error:
                raise refused_write(error, self._location, self._role) from None
            except (
                pg_errors.DeadlockDetected,
                pg_errors.SerializationFailure,
                pg_errors.TransactionRollback,
                pg_errors.QueryCanceled,
            ) as error:
                # The server ended the transaction itself (a deadlock with a session that is
                # not a tracker's, a statement timeout): the connection is fine and nothing
                # was kept. psycopg files these under OperationalError, as a lost connection.
                raise StoreError(
                    _("{server} refused the change ({reason}); nothing was changed").format(
                        server=self._location, reason=reason(error)
                    )
                ) from None
            except psycopg.OperationalError as error:
                raise lost(error, self._location, committing=committing) from None
            except psycopg.Error as error:
                raise StoreError(
                    _("{server} refused the change ({reason}); nothing was changed").format(
                        server=self._location, reason=reason(error)
                    )
                ) from None

    def stored_tables(self) -> StoredTables:
        """Every document of every table (meta aside) with its id, from one snapshot."""
        with self.reading() as snapshot:
            return snapshot.stored_tables()

    def load_tables(self, tables: StoredTables) -> bool:
        """Store `tables` (ids kept) in one transaction inside the write turn, if the tables
        hold no records yet (the revision is bumped and notified as for any write); False,
        writing nothing, if they hold any."""
        with self.writing() as session:
            return session.load_tables(tables)

    def write_output(self, path: Path, content: bytes) -> None:
        """Save a report or an export atomically: the server has no files of its own here."""
        write_atomically(path, content, keep_backup=False)

    def refuse_own_file(self, path: Path) -> None:
        """Nothing to refuse: the database is not a file on this machine."""
        del path

    def close(self) -> None:
        """Close the connection (the process's end does too)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def init_db(url: str) -> tuple[int, int]:
    """Create or upgrade the tracker tables on the server at `url`; (version found, now)."""
    location = shown_location(url)
    conn = connect(url, location, "tracker init-db")
    try:
        with conn.transaction():
            return schema.upgrade(conn, location)
    except pg_errors.InsufficientPrivilege as error:
        raise StoreError(
            _("{server}: this role may not create the tracker's tables ({reason})").format(
                server=location, reason=reason(error)
            )
        ) from None
    except psycopg.Error as error:
        raise StoreError(
            _("cannot set up {server}: {reason}").format(server=location, reason=reason(error))
        ) from None
    finally:
        conn.close()
