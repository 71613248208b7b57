"""Pilot tests of the lifecycle in the UI (issue 12): reopening with a reason, deleting
with a confirmation and a reason, and a closed task's past refused by the edit form."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Input, Static

from tests.ui.conftest import AppFactory, plain_text, settle, steady_cursor, wait_for
from tests.ui.test_main_screen import main_screen, palette_offers, row_of
from tracker.domain.model import Status
from tracker.ui.dialogs.close_task import CloseTaskDialog
from tracker.ui.dialogs.reason import ReasonDialog
from tracker.ui.dialogs.task_form import TaskFormDialog
from tracker.ui.screens.main import MainScreen
from tracker.ui.widgets.task_table import TaskTable


async def test_reopen_asks_a_reason_and_returns_the_status_before_closing(
    sample_app: AppFactory,
) -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        # Task 2 is in progress: closed, then reopened, it is in progress again.
        screen.tracker.close_tasks([2], "Đã gửi báo cáo")
        screen.load_board()
        await settle(pilot)
        screen.query_one(TaskTable).select_task(2)
        await pilot.press("o")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ReasonDialog)
        assert "Reopen #2" in plain_text(dialog.query_one(".dialog-title", Static))
        dialog.query_one("#reason-text", Input).value = "Thiếu số liệu"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        task = row_of(screen, 2).task
        assert (task.status, task.closed_on, task.outcome) == (Status.IN_PROGRESS, None, None)
        assert (task.history[-1].text, task.history[-2].text) == (
            "Thiếu số liệu",
            "Đã gửi báo cáo",
        )


async def test_escape_from_the_reopen_dialog_changes_nothing(sample_app: AppFactory) -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        before = Path(screen.tracker.path).read_bytes()
        screen.query_one(TaskTable).select_task(4)  # done
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, ReasonDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert Path(screen.tracker.path).read_bytes() == before
        assert row_of(screen, 4).task.status is Status.DONE


async def test_delete_asks_to_confirm_with_a_reason_and_the_task_leaves_the_board(
    sample_app: AppFactory,
) -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert screen.board is not None
        count = len(screen.board.rows)
        before = Path(screen.tracker.path).read_bytes()
        screen.query_one(TaskTable).select_task(18)
        await pilot.press("d")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ReasonDialog)
        assert str(dialog.query_one("#reason-save", Button).label) == "Delete"
        # A stray Enter deletes nothing: the reason is required.
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog
        assert "the reason is empty" in plain_text(dialog.query_one("#reason-check", Static))
        assert Path(screen.tracker.path).read_bytes() == before

        dialog.query_one("#reason-text", Input).value = "Nhập trùng"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert screen.board is not None
        assert screen.board.row(18) is None
        assert len(screen.board.rows) == count - 1
        assert 18 not in [row.task.id for row in screen.query_one(TaskTable).rows]
        details = screen.tracker.task_details(18)  # still in the file
        assert details.task.deleted_on == date(2026, 11, 27)
        assert details.task.history[-1].text == "Nhập trùng"


async def test_delete_from_the_command_palette(sample_app: AppFactory) -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        main_screen(app).query_one(TaskTable).select_task(6)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"delete")
        await wait_for(pilot, lambda: palette_offers(app, "Delete"), "the palette's matches")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReasonDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert row_of(main_screen(app), 6).task.deleted_on is None


async def test_the_edit_form_cannot_move_a_closed_tasks_deadline(sample_app: AppFactory) -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        before = Path(screen.tracker.path).read_bytes()
        screen.query_one(TaskTable).select_task(4)  # done late
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, TaskFormDialog)
        form.query_one("#due", Input).value = "30/9/2019"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert any(
            "task #4 is done: its deadline cannot change; reopen it first" in n.message
            for n in app._notifications
        )
        assert Path(screen.tracker.path).read_bytes() == before
        assert isinstance(app.screen, TaskFormDialog)  # what was typed comes back


async def test_the_close_dialog_refuses_a_day_before_the_task_was_recorded(
    sample_app: AppFactory,
) -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        screen.query_one(TaskTable).select_task(2)  # recorded 21/06/2019
        await pilot.press("c")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, CloseTaskDialog)
        dialog.query_one("#close-date", Input).value = "20/6/2019"
        await pilot.pause()
        check = plain_text(dialog.query_one("#close-date-check", Static))
        assert "before it was recorded (21/06/2019)" in check
        await pilot.click("#close-save")
        await pilot.pause()
        assert app.screen is dialog


SIZES = [(80, 24), (120, 36)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize(("key", "task_id"), [("o", 4), ("d", 18)], ids=["reopen", "delete"])
def test_reason_dialog_snapshot(
    snap_compare: Any, sample_app: AppFactory, key: str, task_id: int, size: tuple[int, int]
) -> None:
    async def steps(pilot: Pilot[None]) -> None:
        await settle(pilot)
        main_screen(pilot.app).query_one(TaskTable).select_task(task_id)
        await settle(pilot)
        await pilot.press(key)
        await steady_cursor(pilot)

    assert snap_compare(sample_app(), terminal_size=size, run_before=steps)
