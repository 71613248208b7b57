"""Pilot tests of a UI left open for long: closed screens are freed, and midnight moves it on."""

from __future__ import annotations

import gc
import weakref
from datetime import date
from pathlib import Path

from textual.screen import Screen
from textual.widgets import Input

from tests.conftest import SAMPLE, TODAY
from tests.movable_clock import MovableClock
from tests.ui.conftest import AppFactory, settle, steady_cursor
from tracker.domain.dates import format_date
from tracker.domain.standing import Standing
from tracker.service import NewTask, Tracker, load_interchange_file
from tracker.store.database import Database
from tracker.ui.app import make_app
from tracker.ui.dialogs.close_task import CloseTaskDialog
from tracker.ui.dialogs.note import NoteDialog
from tracker.ui.screens.help import HelpScreen
from tracker.ui.screens.main import MainScreen
from tracker.ui.widgets.task_table import TaskTable


def main_screen(screen_stack: list[Screen[object]]) -> MainScreen:
    screen = screen_stack[1]
    assert isinstance(screen, MainScreen)
    return screen


async def test_closed_screens_and_dialogs_are_freed_across_reloads(
    sample_app: AppFactory,
) -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = main_screen(app.screen_stack)
        closed: list[weakref.ref[object]] = []
        for _round in range(2):
            for key, kind in (("question_mark", HelpScreen), ("n", NoteDialog)):
                await pilot.press(key)
                await steady_cursor(pilot)
                opened: object = app.screen
                assert isinstance(opened, kind)
                closed.append(weakref.ref(opened))
                del opened
                # The file changes while the screen is open: the board is read again.
                screen.load_board()
                await settle(pilot)
                await pilot.press("escape")
                await settle(pilot)
                assert app.screen is screen
        gc.collect()
        alive = [type(ref()).__name__ for ref in closed if ref() is not None]
        assert alive == []


async def test_past_midnight_the_screen_moves_to_the_new_day(tmp_path: Path) -> None:
    path = tmp_path / "tracker.json"
    setup = Tracker(Database(path), TODAY)
    setup.import_data(load_interchange_file(SAMPLE))
    # In time on its last day; tomorrow, overdue.
    due_today = setup.add_task(NewTask("Báo cáo kết quả", lead="HN-TU", due=TODAY))
    clock = MovableClock(TODAY)
    app = make_app(Tracker(Database(path), clock), watch_interval=0.05)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = main_screen(app.screen_stack)
        assert screen.board is not None and screen.board.today == TODAY
        assert str(screen.sub_title).endswith(format_date(TODAY))
        row = screen.board.row(due_today.id)
        assert row is not None and row.standing is Standing.OPEN_IN_TIME

        tomorrow = clock.next_day()
        for _poll in range(3000):  # at most 30 s: the day is checked every 0.05 s
            if screen.board.today == tomorrow:
                break
            await pilot.pause(0.01)  # wait-ok: polls until the day check reloads the board
        await settle(pilot)
        assert str(screen.sub_title).endswith(format_date(tomorrow))
        assert screen.query_one(TaskTable).today == tomorrow
        row = screen.board.row(due_today.id)
        assert row is not None and row.standing is Standing.OPEN_OVERDUE
        assert screen.board.today == tomorrow

        # Closed now, the task is closed on the new day, one day late.
        screen.query_one(TaskTable).select_task(due_today.id)
        await pilot.press("c")
        await steady_cursor(pilot)
        assert isinstance(app.screen, CloseTaskDialog)
        assert app.screen.query_one("#close-date", Input).value == format_date(tomorrow)
        await pilot.click("#close-save")
        await settle(pilot)
        row = screen.board.row(due_today.id)
        assert row is not None and row.task.closed_on == tomorrow
        assert row.standing is Standing.DONE_LATE
        assert tomorrow == date(2026, 11, 28)
