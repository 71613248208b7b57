"""Cases 17-20: on a server, a writer killed, its server stopped or its connection cut in
the middle of its transaction leaves nothing behind; a writer kept waiting says so.

Each round starts a big `tracker import` and catches it at a known point of its one
transaction: while its session streams the new tasks (the process is frozen there with
SIGSTOP, so it cannot have sent its COMMIT), or with every task written and the commit
next (the test holds the changes journal's lock, which the import waits for last). Then
the fault: SIGKILL, the server stopped (fast or immediate), or pg_terminate_backend. The
database must then be exactly as before, the next writer must go ahead, and a writer
that lived to see the fault says so in one line, exit 1.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import wait_until
from tests.reliability.budget import BUDGET, tally
from tests.reliability.harness import refusal, succeeded, tracker
from tests.reliability.server_harness import (
    Caught,
    big_import,
    catch_before_commit,
    catch_streaming,
    finished,
    journal_held,
    server_control,
    server_sample,
    start_writer,
    tracker_backends,
    wait_for,
)
from tests.server import admin_connection, state_of

__all__ = ["server_sample"]  # the fixture, used by name

POINTS = ("streaming", "before commit")


@contextlib.contextmanager
def caught_writer(url: str, point: str, args: tuple[str, ...]) -> Iterator[Caught | None]:
    """The writer caught at `point` (None: it ran past it first, and finished); the
    journal is let go when the block ends."""
    with journal_held(url) as release:
        if point == "streaming":
            release()
            caught = catch_streaming(url, args)
        else:
            caught = catch_before_commit(url, args)
        try:
            yield caught
        finally:
            # A failed check must not leave a frozen writer behind.
            if caught is not None and caught.process.poll() is None:
                caught.process.kill()
                caught.process.communicate(timeout=60)


def ids_of(url: str) -> list[int]:
    listed = json.loads(succeeded(tracker(url, "list", "--format", "json")))
    return sorted(task["id"] for task in listed)


def next_writer_goes_ahead(url: str, before_ids: list[int]) -> None:
    """A writer after the fault gets the next id: no gap where the lost import was."""
    added = succeeded(tracker(url, "add", "Việc sau sự cố", "--lead", "HN-KHDT"))
    assert int(added) == max(before_ids) + 1
    after_ids = ids_of(url)
    assert after_ids == list(range(1, len(after_ids) + 1))


def test_a_writer_killed_mid_transaction_leaves_nothing(server_sample: str, tmp_path: Path) -> None:
    url = server_sample
    kills = missed = before_commit = 0
    for round_ in range(BUDGET.server_rounds):
        for point in POINTS:
            before = state_of(url)
            before_ids = ids_of(url)
            args = ("import", str(big_import(tmp_path, round_)))
            with caught_writer(url, point, args) as caught:
                if caught is None:
                    missed += 1
                    continue
                caught.process.send_signal(signal.SIGKILL)
                killed = finished(caught.process, args)
            assert killed.code == -signal.SIGKILL
            kills += 1
            before_commit += point == "before commit"
            # Nothing of it is visible, and the server ended its session.
            assert state_of(url) == before, f"round {round_} {point}: half-written"
            wait_for(
                lambda: all(b.pid != caught.backend.pid for b in tracker_backends(url)),
                "the killed writer's session end",
            )
            next_writer_goes_ahead(url, before_ids)
    assert kills >= BUDGET.server_rounds
    tally("case 17: server: writers killed (SIGKILL) mid-transaction", kills)
    tally("case 17: ... of which with every task written, before the commit", before_commit)
    tally("case 17: ... leaving anything of theirs (half-written)", 0)
    tally("case 17: ... caught too late, let finish (not counted)", missed)


@pytest.mark.parametrize("mode", ["fast", "immediate"])
def test_the_server_stopped_during_a_write_keeps_it_whole_or_not_at_all(
    server_sample: str, tmp_path: Path, mode: str
) -> None:
    url = server_sample
    control = server_control()
    stops = 0
    for round_, point in enumerate(POINTS):
        before = state_of(url)
        before_ids = ids_of(url)
        args = ("import", str(big_import(tmp_path, round_)))
        with caught_writer(url, point, args) as caught:
            if caught is None:
                continue
            try:
                control.stop(mode)
                caught.process.send_signal(signal.SIGCONT)
                run = finished(caught.process, args)
            finally:
                control.start()  # whatever happened: the rest of the suite needs the server
        stops += 1
        line = refusal(run, codes=(1,), naming=url)
        assert f"lost the connection to {url} (" in line, line
        assert line.endswith("nothing was changed: try again"), line
        assert state_of(url) == before, f"{point}: half-written after a {mode} stop"
        next_writer_goes_ahead(url, before_ids)
    assert stops >= 1
    tally(f"case 18: server: stopped ({mode}) during a write", stops)
    tally("case 18: ... writes half-written or lost after the restart", 0)


def test_a_dropped_connection_is_one_line_and_leaves_nothing(
    server_sample: str, tmp_path: Path
) -> None:
    url = server_sample
    drops = 0
    for round_ in range(BUDGET.server_rounds):
        for point in POINTS:
            before = state_of(url)
            before_ids = ids_of(url)
            args = ("import", str(big_import(tmp_path, round_)))
            with caught_writer(url, point, args) as caught:
                if caught is None:
                    continue
                with admin_connection() as conn:  # type: ignore[attr-defined]
                    conn.execute("SELECT pg_terminate_backend(%s)", (caught.backend.pid,))
                caught.process.send_signal(signal.SIGCONT)
                run = finished(caught.process, args)
            drops += 1
            line = refusal(run, codes=(1,), naming=url)
            assert f"lost the connection to {url} (" in line, line
            assert line.endswith("nothing was changed: try again"), line
            assert state_of(url) == before, f"round {round_} {point}: half-written"
            next_writer_goes_ahead(url, before_ids)
    assert drops >= BUDGET.server_rounds
    tally("case 19: server: writers' connections dropped mid-transaction", drops)
    tally("case 19: ... leaving anything of theirs (half-written)", 0)


@pytest.mark.parametrize(
    ("lang", "busy"),
    [
        (
            "en",
            "{url} is busy: another tracker has held its lock for over 0.5 s; "
            "try again or raise --lock-timeout",
        ),
        (
            "vi",
            "{url} đang bận: một phiên tracker khác đã giữ khóa hơn 0.5 giây; "
            "hãy thử lại hoặc tăng --lock-timeout",
        ),
    ],
)
def test_a_writer_kept_waiting_past_the_lock_timeout_is_busy(
    server_sample: str, lang: str, busy: str
) -> None:
    import psycopg

    url = server_sample
    env_lang = {"TRACKER_LANG": lang}
    from tests.reliability.harness import env_for

    commands = [
        ("add", "Việc phải chờ", "--lead", "HN-KHDT"),
        ("close", "2", "--outcome", "Xong"),
        ("update", "3", "--note", "Ghi chú"),
    ]
    with psycopg.connect(url) as holder:
        holder.execute("SELECT revision FROM tracker.meta FOR UPDATE")
        before = state_of(url)
        for command in commands:
            run = tracker(url, "--lock-timeout", "0.5", *command, env=env_for(url, **env_lang))
            assert run.code == 1 and "Traceback" not in run.stderr, run.stderr
            (line,) = run.stderr.splitlines()
            assert line.split(": ", 2)[2] == busy.format(url=url), line
            assert state_of(url) == before
            tally("case 20: server: writers kept waiting past --lock-timeout, refused")
        holder.rollback()
    # Once the holder lets go, the same writes go through.
    for command in commands:
        succeeded(tracker(url, *command))
    tally("case 20: ... that changed anything", 0)


def test_a_deadlock_with_another_session_is_one_line_and_nothing_changed(
    server_sample: str,
) -> None:
    """A tracker never deadlocks another (every writer locks `meta` first), but an
    administrator's session can: the writer chosen to give way says so, exit 1."""
    import psycopg

    url = server_sample
    with psycopg.connect(url) as other:
        # This session never gives way first: the writer is the one the server picks.
        other.execute("SET deadlock_timeout = '60s'")
        other.execute("SELECT doc FROM tracker.tasks WHERE id = 18 FOR UPDATE")
        before = state_of(url)
        process = start_writer(url, "close", "18", "--outcome", "Xong")
        wait_until(
            lambda: any(
                b.waits == "Lock" and b.query.startswith("UPDATE tracker.tasks")
                for b in tracker_backends(url)
            ),
            process,
            "the writer waiting for task 18",
        )
        # Now each waits for the other; the server ends the writer's transaction.
        other.execute("SELECT revision FROM tracker.meta FOR UPDATE")
        run = finished(process, ("close", "18"))
        other.rollback()
    line = refusal(run, codes=(1,), naming=url)
    assert (
        line == f"tracker: error: {url} refused the change (deadlock detected); nothing was changed"
    )
    assert state_of(url) == before
    succeeded(tracker(url, "close", "18", "--outcome", "Xong"))
    tally("case 20: ... a deadlock with another session, refused in one line")


def test_the_server_gives_up_on_a_vanished_writer_within_a_minute(server_sample: str) -> None:
    """A writer whose machine vanishes leaves no FIN behind: the server finds out by TCP
    keepalive probes, which a tracker's session asks for (no network cut is staged here:
    the settings the server applies to the session are checked)."""
    if os.environ.get("PGHOST", "localhost").startswith("/"):
        pytest.skip("a Unix socket has no TCP keepalives")
    from tracker.store.server.database import ServerDatabase

    store = ServerDatabase(server_sample, 1.0)
    try:
        with store.writing() as session:
            rows = session._rows(
                "SELECT current_setting('tcp_keepalives_idle')::int"
                " * 1 + current_setting('tcp_keepalives_interval')::int"
                " * current_setting('tcp_keepalives_count')::int"
            )
    finally:
        store.close()
    assert 0 < rows[0][0] <= 60
