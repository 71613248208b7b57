"""The undo key (u) of the main screen, driven with Pilot: a confirmation that says what
will be undone, then the board as it was; nothing to undo and a refusal are notices."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from tests.conftest import TODAY
from tests.ui.conftest import AppFactory, plain_text, settle, steady_cursor
from tests.ui.test_main_screen import main_screen, row_of
from tracker import clock
from tracker.domain.model import Author, Status
from tracker.service import TaskChanges, Tracker
from tracker.store.database import Database
from tracker.ui.dialogs.undo import UndoDialog
from tracker.ui.screens.main import MainScreen
from tracker.ui.widgets.task_table import TaskTable

# When the change to undo was made, so that the dialog names the same time on every run.
MADE_AT = datetime(2026, 11, 27, 14, 5, tzinfo=timezone(timedelta(hours=7)))


async def close_two(pilot: Pilot[None]) -> MainScreen:
    """Close #9 and #18 in one change, as `tracker close 9 18` does, and show the board."""
    await settle(pilot)
    screen = main_screen(pilot.app)
    screen.tracker.close_tasks([9, 18], "Đã ký")
    screen.load_board()
    await settle(pilot)
    return screen


async def test_u_asks_then_undoes_the_last_change(sample_app: AppFactory) -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await close_two(pilot)
        await pilot.press("u")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, UndoDialog)
        lines = plain_text(dialog.query_one("#undo-lines", Static)).splitlines()
        assert [line.strip() for line in lines] == ["#9 closed: Đã ký", "#18 closed: Đã ký"]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert row_of(screen, 9).task.status is Status.IN_PROGRESS
        assert row_of(screen, 18).task.status is Status.OPEN
        said = [n.message for n in app._notifications]
        assert any(
            m.startswith("Undid the change of 27/11/2026 ")
            and m.endswith(": #9 closed: Đã ký; #18 closed: Đã ký")
            for m in said
        ), said
        # Again: the undo is undone, which redoes the close.
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, UndoDialog)
        await pilot.press("enter")
        await settle(pilot)
        assert row_of(screen, 9).task.status is Status.DONE


async def test_escape_undoes_nothing(sample_app: AppFactory) -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await close_two(pilot)
        before = Path(screen.tracker.path).read_bytes()
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, UndoDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert Path(screen.tracker.path).read_bytes() == before


async def test_nothing_to_undo_is_a_notice(sample_app: AppFactory) -> None:
    app = sample_app(empty=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        said = [n.message for n in app._notifications]
        assert said == ["nothing to undo: this database holds no change of yours"]


async def test_a_refused_undo_says_who_changed_the_field_since(sample_app: AppFactory) -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await close_two(pilot)
        other = Tracker(Database(screen.tracker.path), TODAY, Author("Trần Thị B", "TN-KHDT"))
        other.reopen(9, "Thiếu chữ ký")
        other.update_task(9, TaskChanges(status=Status.BLOCKED))
        before = Path(screen.tracker.path).read_bytes()
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        (said,) = [n for n in app._notifications]
        assert said.severity == "error"
        assert said.message.startswith("cannot undo the change of 27/11/2026 ")
        assert "the status of #9 was changed since by Trần Thị B (TN-KHDT)" in said.message
        assert Path(screen.tracker.path).read_bytes() == before


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_undo_dialog_snapshot(
    snap_compare: Any,
    sample_app: AppFactory,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
    lang: str,
) -> None:
    monkeypatch.setattr(clock, "now", lambda: MADE_AT)

    async def steps(pilot: Pilot[None]) -> None:
        screen = await close_two(pilot)
        screen.query_one(TaskTable).select_task(9)
        await pilot.press("u")
        await steady_cursor(pilot)

    assert snap_compare(sample_app(lang=lang), terminal_size=size, run_before=steps)
