"""Periodic duties in the UI: the detail pane shows the cadence and the series, the table
marks a repeating task, and closing an occurrence says which one it recorded next."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from tests.ui.conftest import AppFactory, plain_text, settle, steady_cursor, wait_for
from tests.ui.test_main_screen import main_screen, row_of
from tracker.domain.model import Cadence
from tracker.service import NewTask, Tracker
from tracker.ui.app import TrackerApp
from tracker.ui.dialogs.close_task import CloseTaskDialog
from tracker.ui.screens.main import MainScreen
from tracker.ui.widgets.task_table import TaskTable

SIZES = [(80, 24), (120, 36)]


def with_a_series(app: TrackerApp) -> tuple[int, int]:
    """A quarterly duty whose first occurrence is closed (late): its id and the next's."""
    tracker: Tracker = app.tracker
    first = tracker.add_task(
        NewTask(
            title="Báo cáo quý kết quả hợp tác",
            lead="HN-KHDT",
            due=date(2026, 8, 31),
            every=Cadence.QUARTER,
            until=date(2027, 12, 31),
        )
    )
    (closed,) = tracker.close_tasks([first.id])
    assert closed.next is not None
    return first.id, closed.next


async def showing(pilot: Pilot[None], task_id: int) -> MainScreen:
    await settle(pilot)
    screen = main_screen(pilot.app)
    screen.load_board()
    await settle(pilot)
    screen.query_one(TaskTable).select_task(task_id)
    await settle(pilot)
    return screen


async def test_the_detail_pane_shows_the_cadence_and_the_series(sample_app: AppFactory) -> None:
    app = sample_app()
    first, second = with_a_series(app)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await showing(pilot, second)
        text = plain_text(screen.query_one("#detail-body", Static))
        assert "Repeats every quarter, until 31/12/2027" in text
        assert f"  #{first} 31/08/2026 ✔! done late" in text
        assert f"▶ #{second} 30/11/2026 ○ in time" in text
        assert f"task created: the next occurrence of #{first}" in text


async def test_closing_an_occurrence_in_the_ui_records_and_names_the_next(
    sample_app: AppFactory,
) -> None:
    app = sample_app()
    _first, second = with_a_series(app)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await showing(pilot, second)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CloseTaskDialog)
        await pilot.press("ctrl+s")
        await settle(pilot)
        said = "Next occurrence of #{id}: #{next}, due 28/02/2027."
        await wait_for(
            pilot,
            lambda: any(
                said.format(id=second, next=second + 1) in n.message for n in app._notifications
            ),
            "the status message naming the next occurrence",
        )
        await wait_for(pilot, lambda: screen.board.row(second + 1) is not None, "the new row")  # type: ignore[union-attr]
        third = row_of(screen, second + 1).task
        assert (third.previous, third.due, third.every) == (
            second,
            date(2027, 2, 28),
            Cadence.QUARTER,
        )


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_occurrence_detail_snapshot(
    snap_compare: Any, sample_app: AppFactory, size: tuple[int, int], lang: str
) -> None:
    app = sample_app(lang=lang)
    _first, second = with_a_series(app)

    async def steps(pilot: Pilot[None]) -> None:
        screen = await showing(pilot, second)
        # At 80x24 the pane is short: show its end, where the series is.
        screen.query_one("#detail").scroll_end(animate=False)
        await steady_cursor(pilot)

    assert snap_compare(app, terminal_size=size, run_before=steps)
