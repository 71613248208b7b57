"""Pilot and snapshot tests of the task form's issue 15 fields: the assigning document and
who directed it (end to end, into the file and the detail pane), and the part-of, repeats
and until fields, checked by the form and handed to the service's request."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static

from tests.conftest import TODAY
from tests.ui.conftest import AppFactory, plain_text, settle, steady_cursor
from tests.ui.test_main_screen import main_screen, row_of
from tests.ui.test_task_form import Snap, fill_minimum, form, host, save, twelve, type_into
from tracker import i18n
from tracker.domain.model import Cadence
from tracker.service import TaskChanges, Tracker
from tracker.ui.dialogs.task_form import TaskFormDialog
from tracker.ui.widgets.agency_picker import AgencyPicker
from tracker.ui.widgets.task_table import TaskTable


def line_under(app: object, field: str) -> str:
    """The check line under a field: its error, or what the typed day was read as."""
    return str(form(app).query_one(f"#{field}", Static).render())  # type: ignore[arg-type]


# --- End to end: document and directed by ------------------------------------------------


async def test_a_task_added_with_its_document_keeps_it_in_the_file_and_shows_it(
    sample_app: AppFactory,
) -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, TaskFormDialog)
        dialog.query_one("#title", Input).value = "Cụ thể hóa kết luận hội nghị"
        dialog.query_one("#lead", AgencyPicker).focus()
        await pilot.press(*"ke hoach ha noi", "enter")
        await pilot.pause()
        # Typed with extra spaces: stored as `add` stores a line.
        dialog.query_one("#document", Input).value = "  215/TB-VP  "
        dialog.query_one("#directed-by", Input).value = "Nguyễn Thị  Bích Ngọc"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.board is not None
        new = screen.board.rows[-1].task
        assert screen.query_one(TaskTable).current_task_id == new.id
        detail = plain_text(screen.query_one("#detail-body", Static))
        assert "215/TB-VP" in detail
        assert "Nguyễn Thị Bích Ngọc" in detail
    stored = Tracker.open(Path("tracker.json"), today=TODAY).task_details(new.id).task
    assert (stored.document, stored.directed_by) == ("215/TB-VP", "Nguyễn Thị Bích Ngọc")


async def test_an_edit_changes_the_document_and_removes_who_directed_it(
    sample_app: AppFactory,
) -> None:
    app = sample_app()
    # Set before the app reads the file, as another user's command would have.
    before = Tracker.open(Path("tracker.json"), today=TODAY)
    before.update_task(6, TaskChanges(document="215/TB-VP", directed_by="Ông A"))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        screen.query_one(TaskTable).select_task(6)
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, TaskFormDialog)
        assert dialog.query_one("#document", Input).value == "215/TB-VP"
        assert dialog.query_one("#directed-by", Input).value == "Ông A"
        # Editing sets no cadence: a periodic duty is set up when it is added.
        assert not dialog.query("#every") and not dialog.query("#until")
        dialog.query_one("#document", Input).value = "216/TB-VP"
        dialog.query_one("#directed-by", Input).value = ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        task = row_of(screen, 6).task
        detail = plain_text(screen.query_one("#detail-body", Static))
        assert "216/TB-VP" in detail and "Ông A" not in detail.split("History")[0]
    assert (task.document, task.directed_by) == ("216/TB-VP", "")
    stored = Tracker.open(Path("tracker.json"), today=TODAY).task_details(6).task
    assert (stored.document, stored.directed_by) == ("216/TB-VP", "")
    changes = [(e.field, e.old, e.new) for e in stored.history[-2:]]
    assert changes == [("document", "215/TB-VP", "216/TB-VP"), ("directed_by", "Ông A", None)]


# --- End to end: part of, repeats, until ---------------------------------------------------


async def test_a_task_added_as_a_quarterly_sub_task_is_stored_so_and_its_parent_lists_it(
    sample_app: AppFactory,
) -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, TaskFormDialog)
        dialog.query_one("#title", Input).value = "Báo cáo tháng về hợp tác"
        dialog.query_one("#lead", AgencyPicker).focus()
        await pilot.press(*"ke hoach ha noi", "enter")
        await pilot.pause()
        dialog.query_one("#due", Input).value = "31/01/2027"
        dialog.query_one("#parent", Input).value = "2"
        dialog.query_one("#every", Select).value = Cadence.MONTH.value
        dialog.query_one("#until", Input).value = "31/12/2027"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.board is not None
        new = screen.board.rows[-1].task
        detail = plain_text(screen.query_one("#detail-body", Static))
        assert "#2" in detail  # the pane names the task it is part of
    tracker = Tracker.open(Path("tracker.json"), today=TODAY)
    stored = tracker.task_details(new.id).task
    assert (stored.parent, stored.every, stored.until) == (2, Cadence.MONTH, date(2027, 12, 31))
    assert new.id in tracker.task_details(2).task.subtasks
    # Closing it records the next month's, clamped to the month's end, part of #2 as well.
    (closed,) = tracker.close_tasks([new.id])
    following = tracker.task_details(closed.id).task.next
    assert following is not None
    successor = tracker.task_details(following).task
    assert (successor.due, successor.parent) == (date(2027, 2, 28), 2)


async def test_a_parent_that_is_closed_is_refused_and_nothing_is_added(
    sample_app: AppFactory,
) -> None:
    app = sample_app()
    before = Path("tracker.json").read_bytes()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, TaskFormDialog)
        dialog.query_one("#title", Input).value = "Việc con của một việc đã xong"
        dialog.query_one("#lead", AgencyPicker).focus()
        await pilot.press(*"ke hoach ha noi", "enter")
        await pilot.pause()
        dialog.query_one("#parent", Input).value = "1"  # #1 is done
        await pilot.press("ctrl+s")
        await settle(pilot)
        # The refusal says why, and the form comes back as the user left it.
        assert any("#1" in note.message for note in app._notifications)
        assert isinstance(app.screen, TaskFormDialog)
        assert app.screen.query_one("#parent", Input).value == "1"
    assert Path("tracker.json").read_bytes() == before


# --- Part of, repeats, until: what the form hands over ------------------------------------


async def test_a_new_task_hands_its_parent_cadence_and_last_day_to_the_request() -> None:
    app = host()
    async with app.run_test(size=(100, 36)) as pilot:
        await fill_minimum(pilot)
        dialog = form(app)
        dialog.query_one("#document", Input).value = "215/TB-VP"
        dialog.query_one("#directed-by", Input).value = "Nguyễn Thị Bích Ngọc"
        dialog.query_one("#parent", Input).value = "#7"
        dialog.query_one("#every", Select).value = Cadence.QUARTER.value
        dialog.query_one("#until", Input).value = "31/12/2027"
        await pilot.pause()
        assert line_under(app, "until-line") == "→ Friday 31/12/2027"
        await save(pilot)
    (draft,) = app.results
    assert draft is not None
    request = draft.new_task()
    assert (request.document, request.directed_by) == ("215/TB-VP", "Nguyễn Thị Bích Ngọc")
    assert (request.parent, request.every, request.until) == (
        7,
        Cadence.QUARTER,
        date(2027, 12, 31),
    )
    assert draft.until_text == "31/12/2027"


@pytest.mark.parametrize("typed", ["abc", "0", "7a", "١٢"])
async def test_a_parent_that_is_no_task_id_is_refused_beside_its_field(typed: str) -> None:
    app = host()
    async with app.run_test(size=(100, 36)) as pilot:
        await fill_minimum(pilot)
        await type_into(pilot, "#parent", typed)
        await save(pilot)
        assert app.results == []
        assert line_under(app, "parent-error") == "Type a task id, the number shown as #12"
        assert form(app).query_one("#parent", Input).has_class("-invalid")
        assert app.focused is form(app).query_one("#parent", Input)
        # Typing clears the message.
        await pilot.press("backspace")
        await pilot.pause()
        assert not form(app).query_one("#parent-error").display


async def test_an_edited_task_cannot_be_made_part_of_itself() -> None:
    app = host(task=twelve())
    async with app.run_test(size=(100, 36)) as pilot:
        form(app).query_one("#parent", Input).value = "12"
        await save(pilot)
        assert app.results == []
        assert line_under(app, "parent-error") == "A task cannot be part of itself"
        form(app).query_one("#parent", Input).value = "3"
        await save(pilot)
    (draft,) = app.results
    assert draft is not None
    assert draft.changes_from(twelve()) == TaskChanges(parent=3)


async def test_an_unreadable_last_day_is_refused_beside_its_field() -> None:
    app = host()
    async with app.run_test(size=(100, 36)) as pilot:
        await fill_minimum(pilot)
        assert line_under(app, "until-line") == "No last day: it repeats until stopped"
        form(app).query_one("#every", Select).value = Cadence.MONTH.value
        await type_into(pilot, "#until", "31/02/2027")
        await pilot.pause()
        assert "February 2027 has 28 days" in line_under(app, "until-line")
        await save(pilot)
        assert app.results == []
        assert app.focused is form(app).query_one("#until", Input)
        assert form(app).query_one("#until", Input).has_class("-invalid")


async def test_a_last_day_without_a_cadence_is_refused() -> None:
    app = host()
    async with app.run_test(size=(100, 36)) as pilot:
        await fill_minimum(pilot)
        form(app).query_one("#until", Input).value = "31/12/2027"
        await save(pilot)
        assert app.results == []
        assert line_under(app, "until-line") == "Choose how often it repeats, or leave this empty"
        form(app).query_one("#until", Input).value = ""
        await save(pilot)
    (draft,) = app.results
    assert draft is not None
    assert (draft.every, draft.until) == (None, None)


async def test_a_document_with_a_control_character_is_refused() -> None:
    app = host()
    async with app.run_test(size=(100, 36)) as pilot:
        await fill_minimum(pilot)
        form(app).query_one("#document", Input).value = "215/TB-VP\x1b[2J"
        await save(pilot)
        assert app.results == []
        assert "assigning document" in line_under(app, "document-error")


async def test_typing_a_new_field_counts_as_a_change_to_ask_about() -> None:
    app = host(task=twelve())
    async with app.run_test(size=(100, 36)):
        assert not form(app).changed
        form(app).query_one("#directed-by", Input).value = "Ông A"
        assert form(app).changed


# --- Snapshots: the new fields filled, in both languages, at both sizes --------------------


async def fill_origin(pilot: Pilot[None]) -> None:
    """A title and lead, a quarterly duty to the end of 2027, its document, leader and
    parent; the parent field focused, so the form has scrolled down to it."""
    await fill_minimum(pilot)
    dialog = form(pilot.app)
    dialog.query_one("#every", Select).value = Cadence.QUARTER.value
    dialog.query_one("#until", Input).value = "31/12/2027"
    dialog.query_one("#document", Input).value = "215/TB-VP"
    dialog.query_one("#directed-by", Input).value = "Nguyễn Thị Bích Ngọc"
    # Focused, not clicked: at 80x24 the field is below the fold until focus scrolls to it.
    dialog.query_one("#parent", Input).focus()
    await pilot.press("7")
    await steady_cursor(pilot)


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
def test_snapshot_of_the_new_fields_filled(
    snap_compare: Snap, size: tuple[int, int], lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRACKER_LANG", lang)
    i18n.use(lang)  # tests/conftest.py's own_settings sets English back for the next test
    assert snap_compare(host(), terminal_size=size, run_before=fill_origin)
