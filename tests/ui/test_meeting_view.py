"""The view by meeting (key 4), and editing meetings and agencies in the UI (issue 15)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from textual.widgets import Input, Static

from tests.conftest import TODAY, cli_env
from tests.ui.conftest import AppFactory, plain_text, settle, wait_for
from tests.ui.test_main_screen import choose_group, main_screen, table_ids
from tracker.domain.standing import Standing
from tracker.service import NewTask, Tracker
from tracker.ui.board import ALL_TASKS, ViewKind
from tracker.ui.dialogs.agency_form import AgencyFormDialog
from tracker.ui.dialogs.meeting_form import MeetingFormDialog
from tracker.ui.meeting_groups import NO_MEETING, meeting_key
from tracker.ui.screens.main import MainScreen
from tracker.ui.widgets.group_list import GroupList
from tracker.ui.widgets.task_table import TaskTable

CONFERENCE = "2019-06-21-hn-tn"
REVIEW = "2026-10-15-hn-tn"  # the sample's later meeting


def stored(path: Path) -> Tracker:
    """The database as another reader sees it on disk."""
    return Tracker.open(path, today=TODAY)


def detail(screen: MainScreen) -> str:
    return plain_text(screen.query_one("#detail-body", Static))


def without_meeting() -> int:
    """Add a task recorded without a meeting to the app's file (in the test's folder),
    before the app opens it."""
    tracker = stored(Path("tracker.json"))
    return tracker.add_task(NewTask(title="Việc không thuộc cuộc họp", lead="HN-KHDT")).id


async def test_meetings_newest_first_with_their_counts(sample_app: AppFactory) -> None:
    app = sample_app()
    loose = without_meeting()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("4")
        await settle(pilot)
        assert screen.view is ViewKind.MEETING and screen.group == ALL_TASKS
        assert screen.board is not None
        groups = screen.board.groups(ViewKind.MEETING)
        keys = [group.key for group in groups]
        assert keys == [ALL_TASKS, meeting_key(REVIEW), meeting_key(CONFERENCE), NO_MEETING]
        for group in groups[1:]:
            meeting = group.key.removeprefix("meeting:") or None
            rows = [row for row in screen.board.rows if row.task.meeting == meeting]
            assert group.count == sum(1 for row in rows if row.bucket is not None)
            assert group.overdue == sum(1 for r in rows if r.standing is Standing.OPEN_OVERDUE)
            done = (Standing.DONE_ON_TIME, Standing.DONE_LATE)
            assert group.done == sum(1 for row in rows if row.standing in done)
        conference = groups[2]
        assert conference.label == "21/06/2019"
        assert conference.lines == ("Thành phố Thái Nguyên, tỉnh Thái Nguyên", "215/TB-VP")
        assert conference.overdue > 0 and conference.done
        assert groups[3].label == "No meeting" and groups[3].count == 1

        await choose_group(pilot, screen, meeting_key(REVIEW))
        review = table_ids(screen)
        assert review and all(
            screen.board.row(task_id).task.meeting == REVIEW  # type: ignore[union-attr]
            for task_id in review
        )
        await choose_group(pilot, screen, NO_MEETING)
        assert table_ids(screen) == [loose]


async def test_no_meeting_group_only_when_a_task_has_none(sample_app: AppFactory) -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("4")
        await settle(pilot)
        assert screen.board is not None
        keys = [group.key for group in screen.board.groups(ViewKind.MEETING)]
        assert NO_MEETING not in keys


async def test_search_and_sort_within_a_meeting(sample_app: AppFactory) -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("4")
        await settle(pilot)
        await choose_group(pilot, screen, meeting_key(CONFERENCE))
        every = table_ids(screen)
        await pilot.press("slash", *"dong xuan")
        await settle(pilot)
        found = table_ids(screen)
        assert found and set(found) < set(every)
        await pilot.press("escape")
        await settle(pilot)
        assert table_ids(screen) == every
        screen.query_one(TaskTable).select_task(every[3])
        await pilot.press("2", "4")  # away and back: the view opens on every task again
        await settle(pilot)
        assert screen.group == ALL_TASKS


async def test_the_pane_tells_of_the_meeting_while_the_groups_have_focus(
    sample_app: AppFactory,
) -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("4")
        await settle(pilot)
        screen.query_one(GroupList).focus()
        await choose_group(pilot, screen, meeting_key(CONFERENCE))
        shown = detail(screen)
        assert "Hội nghị hợp tác phát triển giữa Ban Thường vụ" in shown
        assert "Nguyễn Thị Bích Ngọc" in shown and "Bùi Xuân Hòa" in shown
        assert "Chương trình hợp tác" in shown  # the agreement by its title
        assert "21/06/2019" in shown and "Thành phố Thái Nguyên" in shown
        await pilot.press("tab")  # into the table: the task under the cursor
        await settle(pilot)
        assert detail(screen).startswith("#")


async def test_edit_a_meeting_saves_to_the_file(sample_app: AppFactory) -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("4")
        await settle(pilot)
        await choose_group(pilot, screen, meeting_key(CONFERENCE))
        await pilot.press("E")  # from the table too
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, MeetingFormDialog)
        meeting_id = dialog.query_one("#meeting-id", Input)
        assert meeting_id.value == CONFERENCE and meeting_id.disabled
        assert dialog.query_one("#meeting-place", Input).value.startswith("Thành phố Thái")
        dialog.query_one("#meeting-document", Input).value = "215/TB-VP"
        await pilot.press("ctrl+s")
        await settle(pilot)
        path = screen.tracker.path
        meeting = stored(path).board_data().meetings[CONFERENCE]
        assert meeting.document == "215/TB-VP"
        assert meeting.chairs == ("Nguyễn Thị Bích Ngọc", "Bùi Xuân Hòa")  # kept as they were
        assert screen.group == meeting_key(CONFERENCE)
        assert screen.board is not None
        labels = {group.key: group for group in screen.board.groups(ViewKind.MEETING)}
        assert "215/TB-VP" in labels[meeting_key(CONFERENCE)].lines


async def test_a_refused_meeting_edit_says_why_beside_the_field(sample_app: AppFactory) -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        path = screen.tracker.path
        before = path.read_bytes()
        await pilot.press("4")
        await settle(pilot)
        screen.query_one(GroupList).focus()
        await choose_group(pilot, screen, meeting_key(REVIEW))
        await pilot.press("e")  # e on the left edits the meeting, not a task
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, MeetingFormDialog)
        dialog.query_one("#meeting-title", Input).value = "   "
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog
        check = dialog.query_one("#meeting-title-check", Static)
        assert str(check.content) == "the meeting title is empty"
        assert path.read_bytes() == before


async def test_edit_an_agency_and_a_refusal_beside_its_field(sample_app: AppFactory) -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        path = screen.tracker.path
        before = path.read_bytes()
        await choose_group(pilot, screen, "agency:HN-KHDT")
        await pilot.press("E")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, AgencyFormDialog)
        code = dialog.query_one("#agency-code", Input)
        assert code.value == "HN-KHDT" and code.disabled
        name = dialog.query_one("#agency-name", Input)
        name.value = ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog
        assert str(dialog.query_one("#agency-name-check", Static).content) == (
            "the agency name is empty"
        )
        assert path.read_bytes() == before
        name.value = "Sở Kế hoạch và Đầu tư thành phố Hà Nội"
        dialog.query_one("#agency-short", Input).value = "KH&ĐT HN"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        agency = stored(path).board_data().agencies["HN-KHDT"]
        assert agency.name == "Sở Kế hoạch và Đầu tư thành phố Hà Nội"
        assert agency.short == "KH&ĐT HN" and agency.locality == "Hà Nội"

        def relabelled() -> bool:
            board = screen.board
            return board is not None and any(
                group.label == "KH&ĐT HN" for group in board.groups(ViewKind.AGENCY)
            )

        await wait_for(pilot, relabelled, "the new short name on the left")


async def test_edit_key_on_a_group_that_is_no_record_says_what_to_choose(
    sample_app: AppFactory,
) -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("2", "E")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert any("Choose a meeting (key 4)" in n.message for n in app._notifications)


async def test_a_meeting_changed_by_another_process_shows(sample_app: AppFactory) -> None:
    app = sample_app(watch_interval=0.2)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("4")
        await settle(pilot)
        path = screen.tracker.path
        script = (
            "import sys; from datetime import date; from pathlib import Path; "
            "from tracker.service import Tracker, MeetingChanges; "
            "Tracker.open(Path(sys.argv[1]), today=date(2026, 11, 27))"
            ".update_meeting(sys.argv[2], MeetingChanges(document='88/TB-UBND'))"
        )
        subprocess.run(
            [sys.executable, "-c", script, str(path), REVIEW],
            env=cli_env(path),
            check=True,
        )

        def shows_document() -> bool:
            board = screen.board
            return board is not None and any(
                "88/TB-UBND" in group.lines for group in board.groups(ViewKind.MEETING)
            )

        await wait_for(pilot, shows_document, "the file watcher's refresh")


async def test_meeting_view_in_vietnamese(sample_app: AppFactory) -> None:
    app = sample_app(lang="vi")
    without_meeting()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("4")
        await settle(pilot)
        tabs = plain_text(screen.query_one("#view-tabs", Static))
        assert "Cuộc họp" in tabs
        assert screen.board is not None
        labels = [group.label for group in screen.board.groups(ViewKind.MEETING)]
        assert labels[-1] == "Không thuộc cuộc họp"
        screen.query_one(GroupList).focus()
        await choose_group(pilot, screen, meeting_key(CONFERENCE))
        assert "Người chủ trì" in detail(screen)
