"""The server's change listener on its own: what it hears, what it says when it cannot
hear, and its end; a file has none (its readers compare stamps, as before)."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import SAMPLE, TODAY, run_tracker
from tests.server import admin_connection
from tests.ui.test_live_server import database_name, let_in, listeners, shut_out
from tracker.service import Tracker, WatchState


class Heard:
    """What a listener told, kept from its thread for the test to look at."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.states: list[WatchState] = []

    def __call__(self, state: WatchState) -> None:
        with self._lock:
            self.states.append(state)

    def latest(self) -> WatchState | None:
        with self._lock:
            return self.states[-1] if self.states else None


def until(condition: Callable[[], bool], what: str, timeout: float = 60) -> None:
    """Wait for a state of the world (never for a length of time) while the thread runs."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"never saw {what}"
        time.sleep(0.005)  # wait-ok: the poll interval of a wait on state, bounded above


def test_a_file_has_no_listener(tmp_path: Path) -> None:
    tracker = Tracker.open(tmp_path / "tracker.json", today=TODAY)
    assert tracker.watch_changes(Heard()) is None


def test_the_listener_hears_each_write_with_its_revision(server_db: str) -> None:
    tracker = Tracker.open(server_db, today=TODAY)
    heard = Heard()
    watch = tracker.watch_changes(heard)
    assert watch is not None
    try:
        until(lambda: heard.latest() == WatchState(None), "the revision read on connecting")
        assert run_tracker(server_db, "import", str(SAMPLE)).code == 0
        until(lambda: heard.latest() == WatchState(1), "the import's revision")
        assert run_tracker(server_db, "close", "9").code == 0
        until(lambda: heard.latest() == WatchState(2), "the close's revision")
        assert tracker.file_stamp() == 2  # the same number the UI's board is stamped with
        assert all(not state.problem for state in heard.states)
    finally:
        watch.stop(wait=10)


def test_the_listener_says_why_it_cannot_hear_and_recovers(server_db: str) -> None:
    heard = Heard()
    watch = Tracker.open(server_db, today=TODAY).watch_changes(heard)
    assert watch is not None
    try:
        until(lambda: listeners(server_db) != [], "the listener's session")
        shut_out(server_db)
        try:
            until(lambda: bool(watch.state.problem), "the problem told")
            problem = watch.state.problem
            assert problem.startswith(f"cannot hear {server_db}'s changes: ")
            assert "not currently accepting connections" in problem and "\n" not in problem
        finally:
            let_in(server_db)
        until(lambda: watch.state == WatchState(None), "the problem gone once it is back")
    finally:
        watch.stop(wait=10)


def test_a_write_made_while_the_listener_was_away_is_read_on_its_return(
    server_db: str,
) -> None:
    """The listener's role is shut out while another writes (so it cannot have heard the
    write): back in, it reads the revision. A role that may only read can listen too."""
    with reading_role(server_db) as (role, url):
        watch = Tracker.open(url, today=TODAY).watch_changes(Heard())
        assert watch is not None
        try:
            until(lambda: watch.state == WatchState(None), "the listener connected")
            with admin_connection() as conn:  # type: ignore[attr-defined]
                conn.execute(f'REVOKE CONNECT ON DATABASE "{database_name(url)}" FROM {role}')
                conn.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s",
                    (role,),
                )
            until(lambda: "permission denied" in watch.state.problem, "the listener shut out")
            assert run_tracker(server_db, "import", str(SAMPLE)).code == 0
            with admin_connection() as conn:  # type: ignore[attr-defined]
                conn.execute(f'GRANT CONNECT ON DATABASE "{database_name(url)}" TO {role}')
            until(lambda: watch.state == WatchState(1), "the write read on its return")
        finally:
            watch.stop(wait=10)


@contextmanager
def reading_role(url: str) -> Iterator[tuple[str, str]]:
    """A login role that may only read `url`'s tracker tables; (its name, its URL)."""
    import psycopg

    role = f"reader_{os.getpid()}"
    name = database_name(url)
    with admin_connection() as conn:  # type: ignore[attr-defined]
        conn.execute(f"CREATE ROLE {role} LOGIN PASSWORD 'reader'")
        conn.execute(f'REVOKE CONNECT ON DATABASE "{name}" FROM PUBLIC')
        conn.execute(f'GRANT CONNECT ON DATABASE "{name}" TO {role}')
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"GRANT USAGE ON SCHEMA tracker TO {role}")
        conn.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA tracker TO {role}")
    user = url.removeprefix("postgresql://").split("@", 1)[0]
    try:
        yield role, url.replace(f"postgresql://{user}@", f"postgresql://{role}:reader@", 1)
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"DROP OWNED BY {role}")
        with admin_connection() as conn:  # type: ignore[attr-defined]
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s",
                (role,),
            )
            conn.execute(f'REVOKE CONNECT ON DATABASE "{name}" FROM {role}')
            conn.execute(f"DROP ROLE {role}")


def test_stop_ends_the_thread_and_its_session(server_db: str) -> None:
    watch = Tracker.open(server_db, today=TODAY).watch_changes(Heard())
    assert watch is not None
    until(lambda: listeners(server_db) != [], "the listener's session")
    watch.stop(wait=10)
    assert not watch.running  # type: ignore[attr-defined]
    until(lambda: listeners(server_db) == [], "its session ended")
