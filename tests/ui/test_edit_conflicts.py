"""An edit never undoes someone else's change: the TUI and another writer on one file.

The reported sequence runs the command line as a real process; the other cases write
through a second Tracker over the same file, as another process's would.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, RadioSet, Static, TextArea

from tests.conftest import TODAY, cli_env
from tests.ui.conftest import AppFactory, plain_text, settle, steady_cursor, wait_for
from tracker.domain.model import EventKind, Status, Task
from tracker.domain.revision import events_since, revision_of
from tracker.service import TaskChanges, Tracker
from tracker.ui.dialogs.close_task import CloseTaskDialog
from tracker.ui.dialogs.conflict import ConflictDialog
from tracker.ui.dialogs.note import NoteDialog
from tracker.ui.dialogs.set_status import SetStatusDialog
from tracker.ui.dialogs.task_form import TaskFormDialog
from tracker.ui.screens.main import MainScreen
from tracker.ui.widgets.task_table import TaskTable

Snap = Callable[..., bool]


def main_screen(app: Any) -> MainScreen:
    screen = app.screen_stack[1]
    assert isinstance(screen, MainScreen)
    return screen


def other_user(screen: MainScreen) -> Tracker:
    """Someone else's tracker over the same file."""
    return Tracker.open(screen.tracker.path, today=TODAY)


def stored(screen: MainScreen, task_id: int) -> Task:
    return screen.tracker.task_details(task_id).task


async def open_on(pilot: Pilot[None], task_id: int, key: str, dialog: type) -> MainScreen:
    """Select `task_id` and press `key`; wait for its dialog."""
    await settle(pilot)
    screen = main_screen(pilot.app)
    screen.query_one(TaskTable).select_task(task_id)
    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, dialog), dialog.__name__)
    return screen


async def conflict_dialog(pilot: Pilot[None]) -> ConflictDialog:
    await wait_for(
        pilot, lambda: isinstance(pilot.app.screen, ConflictDialog), "the conflict dialog"
    )
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, ConflictDialog)
    return dialog


async def back_on_main(pilot: Pilot[None]) -> None:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, MainScreen), "the main screen")
    await settle(pilot)


def shown(dialog: ConflictDialog, field: str) -> tuple[str, str]:
    """Theirs and yours as the dialog shows them for `field`."""
    row = dialog.query_one(f"#conflict-{field}")
    return (
        plain_text(row.query_one(".conflict-theirs", Static)).strip(),
        plain_text(row.query_one(".conflict-yours", Static)).strip(),
    )


async def test_the_reported_sequence_keeps_the_other_shells_deadline_and_description(
    sample_app: AppFactory,
) -> None:
    """`e` on #2, `tracker update 2 --due --description` in another shell, a longer title."""
    app = sample_app(watch_interval=0.1)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_on(pilot, 2, "e", TaskFormDialog)
        before = stored(screen, 2)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "tracker",
                "update",
                "2",
                "--due",
                "31/12/2026",
                "--description",
                "Mô tả do người khác viết",
            ],
            env=cli_env(screen.tracker.path),
            capture_output=True,
            text=True,
            check=True,
        )

        def reloaded() -> bool:  # the disk watch has read the other shell's write
            row = screen.board.row(2) if screen.board else None
            return row is not None and row.task.due == date(2026, 12, 31)

        await wait_for(pilot, reloaded, "the board reloaded after the other shell's write")
        assert isinstance(app.screen, TaskFormDialog)  # the form stays open meanwhile
        await pilot.press("end", *" (bổ sung)")
        await pilot.press("ctrl+s")
        await back_on_main(pilot)
        task = stored(screen, 2)
        assert task.title == before.title + " (bổ sung)"
        assert task.due == date(2026, 12, 31)
        assert task.description == "Mô tả do người khác viết"
        # The other shell's two changes, then this user's one: nothing claims they put the
        # deadline and description back.
        assert [(e.kind, e.field) for e in events_since(task, revision_of(before))] == [
            (EventKind.CHANGED, "due"),
            (EventKind.CHANGED, "description"),
            (EventKind.CHANGED, "title"),
        ]


async def edit_the_deadline_both_sides(pilot: Pilot[None]) -> MainScreen:
    """Form open on #2; someone sets its deadline and description; this user types another
    deadline and a new title, and saves."""
    screen = await open_on(pilot, 2, "e", TaskFormDialog)
    other_user(screen).update_task(
        2, TaskChanges(due=date(2026, 12, 31), description="Mô tả của người khác")
    )
    form = pilot.app.screen
    form.query_one("#due", Input).value = "30/6/2027"
    form.query_one("#title", Input).value = "Báo cáo định kỳ (sửa)"
    await pilot.pause()
    await pilot.press("ctrl+s")
    return screen


async def test_a_deadline_changed_on_both_sides_asks_and_keeps_theirs(
    sample_app: AppFactory,
) -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await edit_the_deadline_both_sides(pilot)
        dialog = await conflict_dialog(pilot)
        assert [row.field for row in dialog.rows] == ["due"]  # the description merged
        assert shown(dialog, "due") == ("31/12/2026", "30/06/2027")
        theirs_events = len(stored(screen, 2).history)
        await pilot.press("ctrl+s")  # theirs is chosen until the user picks otherwise
        await back_on_main(pilot)
        task = stored(screen, 2)
        assert (task.title, task.due, task.description) == (
            "Báo cáo định kỳ (sửa)",
            date(2026, 12, 31),
            "Mô tả của người khác",
        )
        assert [e.field for e in task.history[theirs_events:]] == ["title"]


async def test_keep_yours_applies_yours_over_theirs_on_record(sample_app: AppFactory) -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await edit_the_deadline_both_sides(pilot)
        dialog = await conflict_dialog(pilot)
        assert dialog.focused is dialog.query_one("#choice-due")  # the first choice
        await pilot.press("right", "enter")  # to "Keep yours", and press it
        assert dialog.query_one("#choice-due", RadioSet).pressed_index == 1
        await pilot.click("#conflict-save")
        await back_on_main(pilot)
        task = stored(screen, 2)
        assert (task.due, task.description) == (date(2027, 6, 30), "Mô tả của người khác")
        last = task.history[-1]
        # The history says what really happened: from their deadline to this user's.
        assert (last.field, last.old, last.new) == ("due", "2026-12-31", "2027-06-30")


async def test_each_field_keeps_the_side_chosen_for_it(sample_app: AppFactory) -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_on(pilot, 2, "e", TaskFormDialog)
        other_user(screen).update_task(
            2, TaskChanges(title="Tiêu đề của họ", due=date(2026, 12, 31))
        )
        form = app.screen
        form.query_one("#title", Input).value = "Tiêu đề của tôi"
        form.query_one("#due", Input).value = "30/6/2027"
        await pilot.pause()
        await pilot.press("ctrl+s")
        dialog = await conflict_dialog(pilot)
        assert [row.field for row in dialog.rows] == ["title", "due"]
        assert shown(dialog, "title") == ("Tiêu đề của họ", "Tiêu đề của tôi")
        await pilot.press("tab", "right", "enter")  # the deadline's choice: keep yours
        assert dialog.chosen() == {"due"}
        await pilot.press("ctrl+s")
        await back_on_main(pilot)
        task = stored(screen, 2)
        assert (task.title, task.due) == ("Tiêu đề của họ", date(2027, 6, 30))


async def test_saving_an_unchanged_form_writes_nothing(sample_app: AppFactory) -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_on(pilot, 2, "e", TaskFormDialog)
        before = screen.tracker.path.read_bytes()
        await pilot.press("ctrl+s")
        await back_on_main(pilot)
        assert any("Nothing changed on #2" in n.message for n in app._notifications)
        assert screen.tracker.path.read_bytes() == before


async def test_escape_in_the_conflict_gives_the_form_back_as_typed(
    sample_app: AppFactory,
) -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await edit_the_deadline_both_sides(pilot)
        before = screen.tracker.path.read_bytes()
        await conflict_dialog(pilot)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, TaskFormDialog), "the form back")
        form = app.screen
        assert form.query_one("#due", Input).value == "30/6/2027"
        assert form.query_one("#title", Input).value == "Báo cáo định kỳ (sửa)"
        # The form shows what the user had, untouched fields included; saving sends only
        # what they changed, so the other side's description still stays.
        assert form.query_one("#description", TextArea).text.startswith("Tổng hợp tiến độ")
        assert screen.tracker.path.read_bytes() == before  # nothing saved meanwhile
        # Saving again meets the same conflict: the form still edits what the user saw.
        await pilot.press("ctrl+s")
        await conflict_dialog(pilot)


async def test_closing_a_task_someone_closed_meanwhile_keeps_theirs(
    sample_app: AppFactory,
) -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_on(pilot, 6, "c", CloseTaskDialog)
        other_user(screen).close_tasks([6], "Họ đã hoàn thành", on=date(2026, 11, 20))
        app.screen.query_one("#close-outcome", Input).value = "Tôi đã hoàn thành"
        await pilot.click("#close-save")
        dialog = await conflict_dialog(pilot)
        assert "closed by someone else" in dialog.heading
        assert shown(dialog, "closed_on") == ("20/11/2026", "27/11/2026")
        assert shown(dialog, "outcome") == ("Họ đã hoàn thành", "Tôi đã hoàn thành")
        assert not dialog.query("#conflict-yours")  # a closed task is reopened first
        before = screen.tracker.path.read_bytes()
        await pilot.press("escape")  # back to the close dialog, as typed
        await wait_for(pilot, lambda: isinstance(app.screen, CloseTaskDialog), "the dialog")
        assert app.screen.query_one("#close-outcome", Input).value == "Tôi đã hoàn thành"
        await pilot.click("#close-save")
        await conflict_dialog(pilot)
        await pilot.click("#conflict-theirs")
        await back_on_main(pilot)
        assert screen.tracker.path.read_bytes() == before
        assert stored(screen, 6).outcome == "Họ đã hoàn thành"


async def test_closing_after_a_status_change_can_apply_yours(sample_app: AppFactory) -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_on(pilot, 6, "c", CloseTaskDialog)
        other_user(screen).update_task(6, TaskChanges(status=Status.IN_PROGRESS))
        await pilot.click("#close-save")
        dialog = await conflict_dialog(pilot)
        assert shown(dialog, "status") == ("in progress", "done")
        await pilot.click("#conflict-yours")
        await back_on_main(pilot)
        assert stored(screen, 6).status is Status.DONE


async def test_a_status_someone_set_meanwhile_asks_then_applies_yours(
    sample_app: AppFactory,
) -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_on(pilot, 6, "s", SetStatusDialog)  # #6 is blocked
        other_user(screen).update_task(6, TaskChanges(status=Status.IN_PROGRESS))
        options = app.screen.query_one(OptionList)
        options.highlighted = options.get_option_index(Status.OPEN.value)
        await pilot.press("enter")
        dialog = await conflict_dialog(pilot)
        assert shown(dialog, "status") == ("in progress", "open")
        await pilot.click("#conflict-yours")
        await back_on_main(pilot)
        task = stored(screen, 6)
        assert task.status is Status.OPEN
        assert (task.history[-1].old, task.history[-1].new) == ("in_progress", "open")


async def test_a_status_someone_set_meanwhile_can_stay_theirs(sample_app: AppFactory) -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_on(pilot, 6, "s", SetStatusDialog)
        other_user(screen).update_task(6, TaskChanges(status=Status.IN_PROGRESS))
        options = app.screen.query_one(OptionList)
        options.highlighted = options.get_option_index(Status.OPEN.value)
        await pilot.press("enter")
        await conflict_dialog(pilot)
        before = screen.tracker.path.read_bytes()
        await pilot.click("#conflict-theirs")
        await back_on_main(pilot)
        assert screen.tracker.path.read_bytes() == before
        assert stored(screen, 6).status is Status.IN_PROGRESS
        assert any("nothing of yours was saved" in n.message for n in app._notifications)


async def test_a_note_on_a_task_changed_meanwhile_is_saved_without_asking(
    sample_app: AppFactory,
) -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_on(pilot, 2, "n", NoteDialog)
        other_user(screen).update_task(2, TaskChanges(due=date(2026, 12, 31)))
        app.screen.query_one("#note-text", TextArea).text = "Đã gửi báo cáo quý IV"
        await pilot.click("#note-save")
        await back_on_main(pilot)
        task = stored(screen, 2)
        assert task.history[-1].text == "Đã gửi báo cáo quý IV"
        assert task.due == date(2026, 12, 31)
        assert not any(isinstance(s, ConflictDialog) for s in app.screen_stack)  # nothing was asked


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
def test_snapshot_of_the_conflict_dialog(
    snap_compare: Snap, sample_app: AppFactory, size: tuple[int, int]
) -> None:
    async def steps(pilot: Pilot[None]) -> None:
        await edit_the_deadline_both_sides(pilot)
        await conflict_dialog(pilot)
        await steady_cursor(pilot)

    assert snap_compare(sample_app(), terminal_size=size, run_before=steps)
