"""Process policy (tracker/process.py) and "today" read on each use, across midnight."""

from __future__ import annotations

import gc
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import SAMPLE, TODAY
from tests.movable_clock import MovableClock
from tracker import process
from tracker.domain.errors import InvalidInput
from tracker.service import TaskChanges, TaskFilter, Tracker, load_interchange_file
from tracker.store.database import Database


def test_a_command_process_runs_with_the_collector_off() -> None:
    checked = subprocess.run(
        [sys.executable, "-c", "import gc, tracker.__main__; print(gc.isenabled())"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert checked.stdout.strip() == "False"


@pytest.mark.parametrize("enabled", [True, False])
def test_the_pause_restores_the_collector_and_freezes_nothing(enabled: bool) -> None:
    was_enabled = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    frozen = gc.get_freeze_count()
    try:
        with process.collector_paused():
            assert not gc.isenabled()
            decoded = [{"id": number} for number in range(1000)]
        assert gc.isenabled() is enabled
        assert gc.get_freeze_count() == frozen
        assert gc.is_tracked(decoded)  # still in the collector's view, not frozen out of it
    finally:
        (gc.enable if was_enabled else gc.disable)()


def test_the_long_running_process_turns_the_collector_back_on() -> None:
    was_enabled, thresholds = gc.isenabled(), gc.get_threshold()
    try:
        process.start_command()
        assert not gc.isenabled()
        process.start_long_running()
        assert gc.isenabled()
        assert gc.get_threshold()[2] == process.FULL_COLLECTION_EVERY
    finally:
        (gc.enable if was_enabled else gc.disable)()
        gc.set_threshold(*thresholds)


@pytest.fixture
def database(tmp_path: Path) -> Database:
    database = Database(tmp_path / "tracker.json")
    Tracker(database, TODAY).import_data(load_interchange_file(SAMPLE))
    return database


def test_a_tracker_on_a_clock_moves_on_at_midnight(database: Database) -> None:
    clock = MovableClock(TODAY)
    tracker = Tracker(database, clock)
    open_task = next(t for t in tracker.listing(TaskFilter()).tasks if not t.is_closed)
    # In time on its last day; tomorrow, overdue.
    task = tracker.update_task(open_task.id, TaskChanges(due=TODAY))
    overdue = TaskFilter(overdue=True)
    assert tracker.today == TODAY
    assert task.id not in {t.id for t in tracker.listing(overdue).tasks}

    tomorrow = clock.next_day()
    assert tracker.today == tomorrow
    assert task.id in {t.id for t in tracker.listing(overdue).tasks}
    [closed] = tracker.close_tasks([task.id])
    assert closed.closed_on == tomorrow == date(2026, 11, 28)


def test_a_fixed_day_stays_fixed(database: Database) -> None:
    tracker = Tracker(database, TODAY)
    assert tracker.today == TODAY
    with pytest.raises(InvalidInput, match="future"):
        tracker.close_tasks([1], on=date(2026, 11, 28))


def test_by_default_the_day_is_read_from_tracker_today_on_each_use(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRACKER_TODAY", "2026-11-27")
    tracker = Tracker(database)
    assert tracker.today == date(2026, 11, 27)
    monkeypatch.setenv("TRACKER_TODAY", "2026-11-28")
    assert tracker.today == date(2026, 11, 28)
    monkeypatch.setenv("TRACKER_TODAY", "28/11/2026")
    with pytest.raises(InvalidInput, match="TRACKER_TODAY must be a date like 2026-11-27"):
        tracker.today  # noqa: B018  (reading it is the test)
