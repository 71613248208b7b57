"""Pilot tests of keys typed in a burst: each goes, in order, to the widget focused by then."""

from __future__ import annotations

from functools import partial

from textual.widgets import Input

from tests.ui.conftest import AppFactory, settle, wait_for
from tests.ui.test_first_week import showing, type_at_once
from tests.ui.test_main_screen import main_screen
from tracker.ui.dialogs.task_form import TaskFormDialog
from tracker.ui.widgets.agency_picker import AgencyPicker
from tracker.ui.widgets.task_table import TaskTable


async def test_a_date_typed_right_behind_ctrl_u_lands_in_due(sample_app: AppFactory) -> None:
    # Ctrl+U is the field's own binding, run only once the key has climbed to the app:
    # the date typed behind it went into the field first and was then erased by it.
    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        main_screen(app).query_one(TaskTable).select_task(2)
        await pilot.press("e")
        await wait_for(pilot, partial(showing, app, TaskFormDialog), "the form")
        await settle(pilot)
        form = app.screen
        title = form.query_one("#title", Input).value
        type_at_once(app, "tab", "tab", "tab", "ctrl+u", *"30/6/2027")
        due = form.query_one("#due", Input)
        await wait_for(pilot, lambda: due.value == "30/6/2027", "the date in Due")
        await settle(pilot)
        assert due.value == "30/6/2027"
        assert due.has_focus
        assert form.query_one("#title", Input).value == title


async def test_a_title_typed_right_behind_a_goes_into_the_new_form(sample_app: AppFactory) -> None:
    # "a" opens the form only once it has climbed to the app, and the form is built after
    # that: the title went to the main screen, where its "e" opened the edit form.
    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        type_at_once(app, "a", *"Báo cáo e-Gov")
        await wait_for(pilot, partial(showing, app, TaskFormDialog), "the form")
        form = app.screen
        assert isinstance(form, TaskFormDialog)
        title = form.query_one("#title", Input)
        await wait_for(pilot, lambda: title.value == "Báo cáo e-Gov", "the title typed")
        await settle(pilot)
        assert form.editing is None and app.screen is form
        assert len(app.screen_stack) == 3  # the default screen, the main screen, the form
        assert title.value == "Báo cáo e-Gov"


async def test_text_typed_right_behind_enter_goes_to_the_next_field(
    sample_app: AppFactory,
) -> None:
    # Enter in the title moves on through a message the field posts; the keys behind it
    # must wait for that move too.
    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await wait_for(pilot, partial(showing, app, TaskFormDialog), "the form")
        await settle(pilot)
        form = app.screen
        type_at_once(app, *"Việc mới", "enter", *"TN-KHDT")
        lead = form.query_one("#lead", AgencyPicker)
        await wait_for(pilot, lambda: lead.input.value == "TN-KHDT", "the lead typed")
        await settle(pilot)
        assert form.query_one("#title", Input).value == "Việc mới"
        assert lead.input.has_focus
