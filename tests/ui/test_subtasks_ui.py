"""Sub-tasks in the UI: the tree in the table, the detail pane, and the close that asks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from tests.conftest import SAMPLE, SAMPLE_TASKS, TODAY
from tests.movable_clock import StoppedClockTracker
from tests.ui.conftest import plain_text, settle, steady_cursor, wait_for
from tracker import i18n, settings
from tracker.domain.model import Status
from tracker.service import NewTask, TaskChanges, Tracker, load_interchange_file
from tracker.ui.app import TrackerApp, make_app
from tracker.ui.board import Column
from tracker.ui.dialogs.close_task import CloseTaskDialog
from tracker.ui.dialogs.confirm import ConfirmDialog
from tracker.ui.dialogs.conflict import ConflictDialog
from tracker.ui.screens.main import MainScreen
from tracker.ui.widgets.group_list import GroupList
from tracker.ui.widgets.task_table import TaskTable

PARENT = 20  # the sample's "Tổng kết hợp tác giai đoạn 2019–2026", open, led by HN-KHDT
# The three sub-tasks the fixture adds, with the ids they get after the sample's tasks.
FIRST, SECOND, THIRD = SAMPLE_TASKS + 1, SAMPLE_TASKS + 2, SAMPLE_TASKS + 3
SIZES = [(80, 24), (120, 36)]


@pytest.fixture
def tree_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The sample with three sub-tasks under #20 (one done) and one under the second."""
    monkeypatch.chdir(tmp_path)

    def build(lang: str = "en") -> TrackerApp:
        i18n.use(lang)
        settings.set_value(settings.settings_path(), "language", lang)
        tracker = StoppedClockTracker.open(Path("tracker.json"), today=TODAY)
        tracker.import_data(load_interchange_file(SAMPLE))
        first = tracker.add_task(
            NewTask(title="Tổng hợp báo cáo của các sở", lead="HN-KHDT", parent=PARENT)
        )
        second = tracker.add_task(
            NewTask(title="Dự thảo báo cáo tổng kết", lead="HN-KHDT", parent=PARENT)
        )
        tracker.add_task(NewTask(title="Lấy ý kiến Thái Nguyên", lead="HN-KHDT", parent=second.id))
        tracker.close_tasks([first.id])
        return make_app(tracker, sample=SAMPLE, watch_interval=0.0)

    return build


def main_screen(app: TrackerApp) -> MainScreen:
    screen = app.screen_stack[1]
    assert isinstance(screen, MainScreen)
    return screen


async def on_parent(pilot: Pilot[None]) -> None:
    """The HN-KHDT group, the cursor on #20."""
    await settle(pilot)
    groups = pilot.app.screen.query_one(GroupList)
    groups.highlighted = groups.get_option_index("agency:HN-KHDT")
    await settle(pilot)
    pilot.app.screen.query_one(TaskTable).select_task(PARENT)
    await steady_cursor(pilot)


async def on_sub_task(pilot: Pilot[None]) -> None:
    """The HN-KHDT group, the cursor on the third, a sub-task of a sub-task."""
    await on_parent(pilot)
    pilot.app.screen.query_one(TaskTable).select_task(THIRD)
    await steady_cursor(pilot)


async def asking(pilot: Pilot[None]) -> None:
    await on_parent(pilot)
    await pilot.press("c")
    await steady_cursor(pilot)


async def test_the_table_shows_sub_tasks_under_their_parent_in_the_default_order(
    tree_app: Any,
) -> None:
    app = tree_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await on_parent(pilot)
        table = main_screen(app).query_one(TaskTable)
        ids = [row.task.id for row in table.rows]
        at = ids.index(PARENT)
        assert ids[at : at + 4] == [PARENT, FIRST, SECOND, THIRD]
        assert [table.tree_marks.get(i, "") for i in ids[at : at + 4]] == [
            "",
            "├─ ",
            "└─ ",
            "   └─ ",
        ]
        assert ids[at + 4 :] == sorted(ids[at + 4 :])
        # Sorted by another column the table is flat, in that column's order.
        table.sort_by(Column.TITLE)
        await settle(pilot)
        assert table.tree_marks == {}
        table.sort_by(Column.ID, reverse=False)
        await settle(pilot)
        assert table.tree_marks[THIRD] == "   └─ "


async def test_the_detail_pane_lists_sub_tasks_and_names_the_parent(tree_app: Any) -> None:
    app = tree_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await on_parent(pilot)
        screen = main_screen(app)
        body = plain_text(screen.query_one("#detail-body", Static))
        assert "Sub-tasks (1/2 done)" in body
        assert f"#{FIRST} ✔ Tổng hợp báo cáo của các sở" in body
        assert f"#{SECOND} ○ Dự thảo báo cáo tổng kết" in body
        screen.query_one(TaskTable).select_task(THIRD)
        await settle(pilot)
        body = plain_text(screen.query_one("#detail-body", Static))
        assert f"Part of #{SECOND} Dự thảo báo cáo tổng kết" in body


async def test_closing_a_parent_asks_and_no_closes_nothing(tree_app: Any) -> None:
    app = tree_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await asking(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert app.screen.question == (
            f"#20 has 2 open sub-tasks (#{SECOND}, #{THIRD}). Close them too?"
        )
        before = Path("tracker.json").read_bytes()
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert Path("tracker.json").read_bytes() == before


async def test_closing_a_parent_with_yes_closes_its_sub_tasks_with_it(tree_app: Any) -> None:
    app = tree_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await asking(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, CloseTaskDialog)
        await pilot.click("#close-save")
        await settle(pilot)
        board = main_screen(app).board
        assert board is not None
        for task_id in (PARENT, SECOND, THIRD):
            row = board.row(task_id)
            assert row is not None
            assert row.task.status is Status.DONE and row.task.closed_on == TODAY


async def test_a_conflict_on_closing_a_parent_applied_yours_still_closes_its_sub_tasks(
    tree_app: Any,
) -> None:
    app = tree_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await asking(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, CloseTaskDialog)
        # Another user moves the parent on while the dialog is open.
        other = Tracker.open(Path("tracker.json"), today=TODAY)
        other.update_task(PARENT, TaskChanges(status=Status.BLOCKED))
        await pilot.click("#close-save")
        await wait_for(pilot, lambda: isinstance(app.screen, ConflictDialog), "the conflict")
        await pilot.click("#conflict-yours")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), "the main screen")
        await settle(pilot)
    stored = Tracker.open(Path("tracker.json"), today=TODAY)
    for task_id in (PARENT, SECOND, THIRD):
        assert stored.task_details(task_id).task.status is Status.DONE, task_id


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_subtask_tree_snapshot(
    snap_compare: Any, tree_app: Any, lang: str, size: tuple[int, int]
) -> None:
    assert snap_compare(tree_app(lang), terminal_size=size, run_before=on_parent)


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_subtask_detail_snapshot(
    snap_compare: Any, tree_app: Any, lang: str, size: tuple[int, int]
) -> None:
    assert snap_compare(tree_app(lang), terminal_size=size, run_before=on_sub_task)


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_subtask_close_ask_snapshot(
    snap_compare: Any, tree_app: Any, lang: str, size: tuple[int, int]
) -> None:
    assert snap_compare(tree_app(lang), terminal_size=size, run_before=asking)
