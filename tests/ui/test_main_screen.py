"""Pilot tests of the main screen: views, groups, search, help, changes and live refresh."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from datetime import date
from pathlib import Path

from textual.binding import Binding
from textual.command import Command, CommandList
from textual.widgets import Input, OptionList, Static, TextArea

from tests.conftest import cli_env
from tests.ui.conftest import AppFactory, plain_text, settle, wait_for
from tracker.domain.model import Status
from tracker.domain.standing import Standing
from tracker.service import TaskChanges
from tracker.ui.board import ALL_TASKS, Row, ViewKind
from tracker.ui.dialogs.close_task import CloseTaskDialog
from tracker.ui.dialogs.note import NoteDialog
from tracker.ui.dialogs.reason import ReasonDialog
from tracker.ui.dialogs.report import ReportDialog
from tracker.ui.dialogs.set_status import SetStatusDialog
from tracker.ui.dialogs.task_form import TaskFormDialog
from tracker.ui.screens.help import HelpScreen
from tracker.ui.screens.main import MainScreen
from tracker.ui.widgets.agency_picker import AgencyPicker
from tracker.ui.widgets.group_list import GroupList
from tracker.ui.widgets.task_table import TaskTable


def main_screen(app: object) -> MainScreen:
    screen = app.screen_stack[1]  # type: ignore[attr-defined]
    assert isinstance(screen, MainScreen)
    return screen


def row_of(screen: MainScreen, task_id: int) -> Row:
    assert screen.board is not None
    row = screen.board.row(task_id)
    assert row is not None
    return row


def palette_offers(app: object, name: str) -> bool:
    """Whether the command palette is open with the command `name` highlighted."""
    lists = app.screen.query(CommandList)  # type: ignore[attr-defined]
    if not lists:
        return False
    commands = lists.first(CommandList)
    index = commands.highlighted
    if index is None:
        return False
    command = commands.get_option_at_index(index)
    return isinstance(command, Command) and command.hit.text == name


def table_ids(screen: MainScreen) -> list[int]:
    return [row.task.id for row in screen.query_one(TaskTable).rows]


async def choose_group(pilot, screen: MainScreen, key: str) -> None:  # type: ignore[no-untyped-def]
    groups = screen.query_one(GroupList)
    groups.highlighted = groups.get_option_index(key)
    await settle(pilot)
    assert screen.group == key


async def test_opens_with_every_task_and_the_first_one_detailed(sample_app: AppFactory) -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert screen.board is not None
        # Every task, by id, each sub-task right under its parent (#26-#28 under #1).
        ids = table_ids(screen)
        assert sorted(ids) == list(range(1, len(screen.board.rows) + 1))
        assert ids[:5] == [1, 26, 27, 28, 2]
        detail = plain_text(screen.query_one("#detail-body", Static))
        assert "#1" in detail
        assert str(screen.sub_title).endswith("27/11/2026")


async def test_switching_views_and_groups(sample_app: AppFactory) -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert screen.board is not None
        await choose_group(pilot, screen, "agency:HN-KHDT")
        led = table_ids(screen)
        assert led and all(row_of(screen, i).task.lead == "HN-KHDT" for i in led)
        await pilot.press("t")
        await settle(pilot)
        partnered = table_ids(screen)
        assert all("HN-KHDT" in row_of(screen, i).task.partners for i in partnered)
        assert set(led) != set(partnered)

        await pilot.press("2")
        await settle(pilot)
        assert screen.view is ViewKind.STATUS and screen.group == ALL_TASKS
        await choose_group(pilot, screen, "status:done")
        assert all(row_of(screen, i).task.status is Status.DONE for i in table_ids(screen))
        await choose_group(pilot, screen, "standing:open_overdue")
        overdue = table_ids(screen)
        assert overdue and all(row_of(screen, i).standing is Standing.OPEN_OVERDUE for i in overdue)

        await pilot.press("3")
        await settle(pilot)
        assert screen.view.value == "deadline"
        await choose_group(pilot, screen, "bucket:overdue")
        dues = [row_of(screen, i).task.due for i in table_ids(screen)]
        assert dues and dues == sorted(dues)  # type: ignore[type-var]  # most late first

        await pilot.press("1")
        await settle(pilot)
        assert screen.view.value == "agency"


async def test_sorting_by_clicking_a_column_title(sample_app: AppFactory) -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        table = screen.query_one(TaskTable)
        await pilot.click(TaskTable, offset=(10, 0))  # the Title column
        titles = [row.task.title for row in table.rows]
        assert table.sort_column.value == "title"
        assert titles[0] != row_of(screen, 1).task.title or len(titles) == 1
        await pilot.click(TaskTable, offset=(10, 0))
        assert table.sort_reverse


async def test_search_with_and_without_diacritics(sample_app: AppFactory) -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        everything = table_ids(screen)
        await pilot.press("slash", *"dong xuan")
        await settle(pilot)
        plain = table_ids(screen)
        assert plain and len(plain) < len(everything)
        assert any("Đồng Xuân" in row_of(screen, i).task.title for i in plain)
        search = screen.query_one("#search", Input)
        search.value = "ĐỒNG XUÂN"
        await settle(pilot)
        assert table_ids(screen) == plain
        await pilot.press("escape")
        await settle(pilot)
        assert not search.display and search.value == ""
        assert table_ids(screen) == everything


async def test_help_screen_lists_every_key(sample_app: AppFactory) -> None:
    app = sample_app()
    async with app.run_test(size=(100, 36)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        keys = {b.key for b in app.screen.bindings if isinstance(b, Binding)}
        assert {"a", "e", "c", "o", "n", "s", "slash", "m", "1", "2", "3", "r", "q"} <= keys
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_close_on_time_and_late_then_reopen(sample_app: AppFactory) -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert screen.board is not None
        overdue = next(r.task for r in screen.board.rows if r.standing is Standing.OPEN_OVERDUE)
        in_time = next(
            r.task for r in screen.board.rows if r.standing is Standing.OPEN_IN_TIME and r.task.due
        )
        table = screen.query_one(TaskTable)

        # Late: the overdue task closed today.
        table.select_task(overdue.id)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CloseTaskDialog)
        app.screen.query_one("#close-outcome", Input).value = "Đã hoàn thành, chậm tiến độ"
        await pilot.click("#close-save")
        await settle(pilot)
        row = row_of(screen, overdue.id)
        assert row is not None and row.standing is Standing.DONE_LATE
        assert row.task.outcome == "Đã hoàn thành, chậm tiến độ"

        # On time: the in-time task closed today, before its deadline.
        table.select_task(in_time.id)
        await pilot.press("c")
        await pilot.pause()
        await pilot.click("#close-save")
        await settle(pilot)
        row = row_of(screen, in_time.id)
        assert row is not None and row.standing is Standing.DONE_ON_TIME
        assert row.task.closed_on == date(2026, 11, 27)

        # Reopen it (the dialog asks for a reason, which may be left out).
        assert table.current_task_id == in_time.id
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, ReasonDialog)
        await pilot.press("enter")
        await settle(pilot)
        row = row_of(screen, in_time.id)
        assert row is not None and row.task.status is Status.OPEN and row.task.closed_on is None


async def test_progress_note_and_status(sample_app: AppFactory) -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert screen.board is not None
        task = next(r.task for r in screen.board.rows if not r.task.is_closed)
        screen.query_one(TaskTable).select_task(task.id)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        app.screen.query_one("#note-text", TextArea).text = "Đã trao đổi với Sở KH&ĐT Thái Nguyên"
        await pilot.click("#note-save")
        await settle(pilot)
        history = row_of(screen, task.id).task.history
        assert history[-1].text == "Đã trao đổi với Sở KH&ĐT Thái Nguyên"
        assert history[-1].on == date(2026, 11, 27)

        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SetStatusDialog)
        options = app.screen.query_one(OptionList)
        options.highlighted = options.get_option_index(Status.BLOCKED.value)
        await pilot.press("enter")
        await settle(pilot)
        assert row_of(screen, task.id).task.status is Status.BLOCKED


async def test_live_refresh_after_tracker_add_in_another_process(sample_app: AppFactory) -> None:
    app = sample_app(watch_interval=0.2)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        table = screen.query_one(TaskTable)
        table.select_task(5)
        await settle(pilot)
        path = screen.tracker.path
        added = subprocess.run(
            [sys.executable, "-m", "tracker", "add", "Việc từ cửa sổ khác", "--lead", "TN-KHDT"],
            env=cli_env(path),
            capture_output=True,
            text=True,
            check=True,
        )
        new_id = int(added.stdout)
        await wait_for(pilot, lambda: new_id in table_ids(screen), "the file watcher's refresh")
        assert new_id in table_ids(screen)
        assert table.current_task_id == 5  # the selection survives the refresh


async def test_empty_database_welcomes_and_loads_the_sample(sample_app: AppFactory) -> None:
    app = sample_app(empty=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        welcome = screen.query_one("#welcome", Static)
        assert welcome.display
        assert "load the sample" in plain_text(welcome)
        await pilot.press("l")
        await settle(pilot)
        assert not welcome.display
        assert screen.board is not None and len(screen.board.rows) >= 15


async def test_corrupt_file_is_reported_not_raised(sample_app: AppFactory) -> None:
    app = sample_app(watch_interval=0.2)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        screen.tracker.path.write_bytes(b"{broken")
        await wait_for(
            pilot,
            lambda: any("not valid JSON" in n.message for n in app._notifications),
            "the damaged file reported",
        )
        await settle(pilot)
        assert any("not valid JSON" in n.message for n in app._notifications)
        assert screen.board is not None and screen.board.rows  # the last good view stays


async def test_record_a_meeting(sample_app: AppFactory) -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("m")
        await pilot.pause()
        app.screen.query_one("#meeting-title", Input).value = "Họp sơ kết hợp tác năm 2026"
        await pilot.pause()
        await pilot.click("#meeting-save")
        await settle(pilot)
        assert screen.board is not None
        latest = screen.board.latest_meeting()
        assert latest is not None and latest.title == "Họp sơ kết hợp tác năm 2026"
        assert latest.date == date(2026, 11, 27)


async def test_q_quits(sample_app: AppFactory) -> None:
    app = sample_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_add_a_task_through_the_form(sample_app: AppFactory) -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert screen.board is not None
        count = len(screen.board.rows)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, TaskFormDialog)
        form = app.screen
        form.query_one("#title", Input).value = "Kết nối tiêu thụ chè Tân Cương"
        # Type-ahead that ignores diacritics: "ke hoach ha noi" finds Sở KH&ĐT Hà Nội.
        form.query_one("#lead", AgencyPicker).focus()
        await pilot.press(*"ke hoach ha noi")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert form.query_one("#lead", AgencyPicker).value == "HN-KHDT"
        form.query_one("#partners", AgencyPicker).focus()
        await pilot.press(*"TN-KHDT", "enter")
        await pilot.pause()
        # A bad due date is refused, with the reason beside the field.
        due = form.query_one("#due", Input)
        due.value = "31/02/2026"
        await pilot.pause()
        assert "February" in plain_text(form.query_one("#due-line", Static))
        await pilot.press("ctrl+s")  # The form's save key; a click can land on an open list.
        await pilot.pause()
        assert app.screen is form
        due.value = "Quý IV/2026"
        await pilot.pause()
        assert "31/12/2026" in plain_text(form.query_one("#due-line", Static))
        await pilot.press("ctrl+s")  # The form's save key; a click can land on an open list.
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        board = screen.board
        assert board is not None and len(board.rows) == count + 1
        new = board.rows[-1].task
        assert (new.title, new.lead, new.partners, new.due) == (
            "Kết nối tiêu thụ chè Tân Cương",
            "HN-KHDT",
            ("TN-KHDT",),
            date(2026, 12, 31),
        )
        assert new.meeting == "2026-10-15-hn-tn"  # the latest meeting is the default
        assert screen.query_one(TaskTable).current_task_id == new.id


async def test_edit_a_task(sample_app: AppFactory) -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        screen.query_one(TaskTable).select_task(6)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, TaskFormDialog)
        assert form.query_one("#title", Input).value == row_of(screen, 6).task.title
        form.query_one("#due", Input).value = "30/6/2027"
        await pilot.pause()
        await pilot.press("ctrl+s")  # The form's save key; a click can land on an open list.
        await settle(pilot)
        task = row_of(screen, 6).task
        assert task.due == date(2027, 6, 30)
        assert task.history[-1].new == "2027-06-30"  # the extension is on record


async def test_an_edit_leaves_the_fields_it_did_not_change_to_others(
    sample_app: AppFactory,
) -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        screen.query_one(TaskTable).select_task(6)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, TaskFormDialog)
        # Someone else retitles the task while the form is open; this user moves its deadline.
        screen.tracker.update_task(6, TaskChanges(title="Tiêu đề do người khác sửa"))
        form.query_one("#due", Input).value = "30/6/2027"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        task = row_of(screen, 6).task
        assert (task.title, task.due) == ("Tiêu đề do người khác sửa", date(2027, 6, 30))


async def test_command_palette_offers_every_action(sample_app: AppFactory) -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        main_screen(app).query_one(TaskTable).select_task(6)  # an open task
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"close")
        await wait_for(pilot, lambda: palette_offers(app, "Close"), "the palette's matches")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CloseTaskDialog)
        assert app.screen.subject_task.id == 6


async def test_a_failed_save_is_explained_and_the_typed_task_comes_back(
    sample_app: AppFactory,
) -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        path = screen.tracker.path
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, TaskFormDialog)
        form.query_one("#title", Input).value = "Việc không được mất"
        form.query_one("#lead", AgencyPicker).value = "HN-KHDT"
        await pilot.pause()
        path.write_bytes(b"{damaged")  # another program broke the file meanwhile
        await pilot.press("ctrl+s")  # The form's save key; a click can land on an open list.
        await settle(pilot)
        assert any("not valid JSON" in n.message for n in app._notifications)
        reopened = app.screen
        assert isinstance(reopened, TaskFormDialog)
        assert reopened.query_one("#title", Input).value == "Việc không được mất"
        assert reopened.query_one("#lead", AgencyPicker).value == "HN-KHDT"
        assert path.read_bytes() == b"{damaged"


async def test_r_writes_a_status_report_and_says_where(sample_app: AppFactory) -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReportDialog)
        path = Path(app.screen.query_one("#report-path", Input).value)
        await pilot.click("#report-save")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert path.exists()
        html = path.read_text(encoding="utf-8")
        assert "<svg" in html and "27/11/2026" in html
        assert any(str(path.absolute()) in n.message for n in app._notifications)


async def test_a_title_typed_with_combining_marks_is_stored_composed(
    sample_app: AppFactory,
) -> None:
    # Windows' built-in Vietnamese keyboard types "ế" as e + circumflex + acute.
    typed = unicodedata.normalize("NFD", "Kế hoạch tiêu thụ chè")
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, TaskFormDialog)
        # Set as a terminal delivers it (Pilot's press() has no key for a lone mark).
        form.query_one("#title", Input).value = typed
        form.query_one("#lead", AgencyPicker).focus()
        await pilot.press(*"HN-KHDT", "enter")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        board = screen.board
        assert board is not None
        assert board.rows[-1].task.title == "Kế hoạch tiêu thụ chè"
        assert board.rows[-1].task.title != typed
