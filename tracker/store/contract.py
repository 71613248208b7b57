"""What the service asks of a store, whichever it is: the file (store/database.py) or a
PostgreSQL server (store/server/)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol

from tracker.domain.changes import ChangeRecord
from tracker.domain.model import Agency, Agreement, Meeting, Task, TaskSummary
from tracker.store.watching import WatchState

# Every stored document of a database, meta aside, as plain JSON values: by table
# (store/schema.py TABLES), then by document id. What `tracker copy` moves and compares.
StoredTables = dict[str, dict[int, Any]]


class Watch(Protocol):
    """Other people's writes, heard as they happen, on a connection of the watch's own."""

    @property
    def state(self) -> WatchState:
        """The latest revision heard of, and why the server cannot be heard now, if so."""
        ...

    def stop(self, wait: float = 0.0) -> None:
        """Stop watching (waiting up to `wait` seconds for the watch to end)."""
        ...


class Snapshot(Protocol):
    """One consistent read of the database, converted to domain objects on demand."""

    def agencies(self) -> dict[str, Agency]:
        """Every agency by code."""
        ...

    def agreements(self) -> dict[str, Agreement]:
        """Every agreement by code."""
        ...

    def meetings(self) -> dict[str, Meeting]:
        """Every meeting by id."""
        ...

    def tasks(self, include_deleted: bool = False) -> list[Task]:
        """Every task not deleted (every one if `include_deleted`), by id."""
        ...

    def task_summaries(self) -> list[TaskSummary]:
        """Every task not deleted, without its description and history."""
        ...

    def task(self, task_id: int) -> Task | None:
        """The task stored under `task_id`, deleted or not, or None."""
        ...

    def task_ids_by_uuid(self) -> dict[str, int]:
        """Every stored task's id by its canonical uuid (deleted ones too)."""
        ...

    def changes(self) -> list[ChangeRecord]:
        """The changes journal, oldest first."""
        ...

    def task_areas(self) -> set[str]:
        """Every area stored tasks have, as stored."""
        ...

    @property
    def role(self) -> str:
        """The server role this read (and a change) is made as; empty for a file."""
        ...


class Session(Snapshot, Protocol):
    """A snapshot taken by the one writer of the moment, whose changes are kept together
    or not at all."""

    def add_agency(self, agency: Agency) -> None:
        """Store a new agency."""
        ...

    def add_agreement(self, agreement: Agreement) -> None:
        """Store a new agreement."""
        ...

    def add_meeting(self, meeting: Meeting) -> None:
        """Store a new meeting."""
        ...

    def save_agency(self, agency: Agency) -> None:
        """Replace the stored agency that has `agency.code`."""
        ...

    def save_meeting(self, meeting: Meeting) -> None:
        """Replace the stored meeting that has `meeting.id`."""
        ...

    def add_tasks(self, tasks: Iterable[Task]) -> list[int]:
        """Store new tasks; each gets the next free id, which is returned in order."""
        ...

    def save_task(self, task: Task) -> None:
        """Replace the stored task that has `task.id`."""
        ...

    def saved_tasks(self) -> dict[int, tuple[dict[str, Any] | None, dict[str, Any]]]:
        """Each task this session saved or added: its document before and now."""
        ...

    def add_change(self, record: ChangeRecord) -> None:
        """Keep `record` in the changes journal, forgetting the oldest beyond its length."""
        ...

    @property
    def role(self) -> str:
        """The server role the changes are made as; empty for a file."""
        ...


class Store(Protocol):
    """A tracker database: consistent reads, one writer at a time, files written beside it."""

    commits: int
    lock_timeout: float

    @property
    def location(self) -> str:
        """The database as the user names it: a file's path, a server's URL (no password)."""
        ...

    @property
    def output_folder(self) -> Path:
        """Where the UI offers to save reports: beside the file, or the current folder."""
        ...

    def stamp(self) -> object:
        """What changes when anyone writes the database: a file's (mtime, size), a
        server's revision; None while there is nothing."""
        ...

    def reading(self) -> AbstractContextManager[Snapshot]:
        """A consistent read."""
        ...

    def writing(self) -> AbstractContextManager[Session]:
        """A write: all of it is kept, or (on any error) none of it."""
        ...

    def write_output(self, path: Path, content: bytes) -> None:
        """Save a report or an export atomically, never over the database's own files."""
        ...

    def refuse_own_file(self, path: Path) -> None:
        """RequestRefused if `path` is one of the database's own files."""
        ...

    def stored_tables(self) -> StoredTables:
        """Every document of every table (meta aside) with its id, from one read."""
        ...

    def load_tables(self, tables: StoredTables) -> bool:
        """Store `tables`, ids kept, in one write if this database holds no records yet;
        False, writing nothing, if it holds any."""
        ...

    def watch_changes(self, on_change: Callable[[WatchState], None]) -> Watch | None:
        """Call `on_change` (from another thread) with each write anyone commits and each
        loss or return of the connection; None for a store that cannot tell (a file: compare
        `stamp()`s instead)."""
        ...
