"""Case 6: a command waits for the lock up to its timeout, then says who holds it.

The holder is a real `tracker add` stuck in the middle of its write (faulty_cli.py,
action "hang"), so it holds the lock exactly as a slow or suspended command would.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from textual.widgets import TextArea

from tests.conftest import ROOT, TODAY, wait_until
from tests.reliability.budget import BUDGET, tally
from tests.reliability.harness import (
    env_for,
    faulty_writer,
    read_database,
    refusal,
    succeeded,
    tracker,
)
from tests.ui.conftest import settle
from tracker.service import Tracker
from tracker.store.database import DEFAULT_LOCK_TIMEOUT, Database, lock_path
from tracker.store.lock_owner import owner_path
from tracker.ui.app import make_app
from tracker.ui.dialogs.note import NoteDialog
from tracker.ui.widgets.task_table import TaskTable

ADD = ("add", "Việc chờ khóa", "--lead", "HN-KHDT")


def _between_tries(pid: int) -> bool:
    """Whether process `pid` sleeps in the kernel's nanosleep (Linux: /proc/PID/wchan).

    A command waiting for the lock tries `flock`, then sleeps before its next try; that is
    the only sleep on its way, so seeing it proves the command reached the lock and waits.
    """
    try:
        return "nanosleep" in Path(f"/proc/{pid}/wchan").read_text()
    except OSError:
        return False


@contextlib.contextmanager
def stuck_writer(db: Path) -> Iterator[subprocess.Popen[str]]:
    """A real `tracker add` that took the lock and hangs before replacing the file."""
    with faulty_writer(
        db,
        "before_replace",
        "hang",
        "--db",
        str(db),
        "add",
        "Việc đang ghi dở",
        "--lead",
        "TN-KHDT",
    ) as process:
        yield process


def test_a_waiting_command_gives_up_after_its_timeout_and_names_the_holder(db: Path) -> None:
    before = db.read_bytes()
    with stuck_writer(db) as holder:
        waited = tracker(db, "--lock-timeout", "1", *ADD)
        line = refusal(waited, codes=(1,), naming=db)
        assert "busy" in line and "--lock-timeout" in line
        assert f"process {holder.pid} (tracker add, since " in line, line
        assert 1.0 <= waited.seconds < 6, waited.seconds
        # Readers never wait for the lock, and see the file as it was.
        listed = tracker(db, "list", "--format", "json")
        succeeded(listed)
        assert listed.seconds < 5
        assert db.read_bytes() == before

        # The holder is killed: its lock goes with it, and its note blames nobody.
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait(timeout=10)
    assert owner_path(db).exists()  # what a killed holder leaves
    after_kill = tracker(db, "--lock-timeout", "5", *ADD)
    succeeded(after_kill)
    assert after_kill.seconds < 4
    assert not owner_path(db).exists()
    assert db.read_bytes() != before
    tally("case 6: lock timeouts that named the holder")
    tally("case 6: locks of killed holders that blocked nobody")


def test_the_default_timeout_waits_for_a_holder_and_a_killed_one_frees_the_lock(
    db: Path,
) -> None:
    help_text = succeeded(tracker(db, "--help"))
    assert "--lock-timeout" in help_text and f"{DEFAULT_LOCK_TIMEOUT:g}" in help_text
    with stuck_writer(db) as holder:
        started = time.monotonic()
        waiter = subprocess.Popen(
            [sys.executable, "-m", "tracker", *ADD],
            env=env_for(db),
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        # Waiting on state: the command sleeps between its tries for the lock, which the
        # holder keeps.
        wait_until(lambda: _between_tries(waiter.pid), waiter, "the command waiting for the lock")
        assert waiter.poll() is None, "the command did not wait for the lock"
        os.kill(holder.pid, signal.SIGKILL)
        out, err = waiter.communicate(timeout=30)
        waited = time.monotonic() - started
    assert waiter.returncode == 0, err
    assert waited < DEFAULT_LOCK_TIMEOUT
    new_id = out.strip()
    assert read_database(db)["tasks"][new_id]["title"] == "Việc chờ khóa"
    tally("case 6: waits for a lock that then came free")

    if BUDGET.wait_default_lock_timeout:
        with stuck_writer(db):
            timed_out = tracker(db, *ADD)
        refusal(timed_out, codes=(1,), naming=db)
        assert DEFAULT_LOCK_TIMEOUT <= timed_out.seconds < DEFAULT_LOCK_TIMEOUT + 5
        tally("case 6: default 10 s timeouts waited out in full")


def test_a_stale_note_of_a_dead_holder_is_not_blamed(db: Path) -> None:
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead_pid = int(gone.stdout)
    owner_path(db).write_text(
        f'{{"pid": {dead_pid}, "host": "{os.uname().nodename}", '
        f'"command": "tracker import", "since": {time.time()}}}'
    )
    # A holder that leaves no note of its own: an older tracker, or any program.
    # Holds the lock until the test kills it: signal.pause() waits for a signal, not a time.
    hold = (
        "import filelock, pathlib, signal, sys; lock = filelock.FileLock(sys.argv[1]); "
        "lock.acquire(); pathlib.Path(sys.argv[2]).touch(); signal.pause()"
    )
    ready = db.parent / "ready"
    holder = subprocess.Popen([sys.executable, "-c", hold, str(lock_path(db)), str(ready)])
    try:
        while not ready.exists():
            assert holder.poll() is None
            time.sleep(0.01)  # wait-ok: poll interval of a wait for the holder's ready file
        line = refusal(tracker(db, "--lock-timeout", "0.5", *ADD), codes=(1,), naming=db)
        assert "another tracker" in line and str(dead_pid) not in line, line
    finally:
        holder.kill()
        holder.wait(timeout=10)
    tally("case 6: stale holder notes ignored")


async def test_the_ui_explains_a_busy_database(db: Path) -> None:
    before = db.read_bytes()
    with stuck_writer(db) as holder:
        app = make_app(Tracker(Database(db, lock_timeout=0.5), TODAY), watch_interval=0)
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(pilot)
            app.screen.query_one(TaskTable).select_task(2)
            await pilot.press("n")
            await pilot.pause()
            assert isinstance(app.screen, NoteDialog)
            app.screen.query_one("#note-text", TextArea).text = "Ghi chú khi tệp đang bận"
            await pilot.click("#note-save")
            await settle(pilot)
            messages = [n.message for n in app._notifications]
            assert any("busy" in m and f"process {holder.pid}" in m for m in messages), messages
    assert db.read_bytes() == before
    tally("case 6: lock timeouts explained in the terminal UI")


async def test_a_note_refused_because_the_database_is_busy_comes_back_to_try_again(
    db: Path,
) -> None:
    with stuck_writer(db):
        app = make_app(Tracker(Database(db, lock_timeout=0.5), TODAY), watch_interval=0)
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(pilot)
            app.screen.query_one(TaskTable).select_task(2)
            await pilot.press("n")
            await pilot.pause()
            app.screen.query_one("#note-text", TextArea).text = "Ghi chú khi tệp đang bận"
            await pilot.click("#note-save")
            await settle(pilot)
            assert isinstance(app.screen, NoteDialog)
            assert app.screen.query_one("#note-text", TextArea).text == "Ghi chú khi tệp đang bận"
