"""Pilot and snapshot tests of the task form and its agency pickers."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import date

import pytest
from msgspec import UNSET
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Select, Static, TextArea

from tests.conftest import TODAY
from tests.ui.conftest import steady_cursor
from tracker.domain.dates import format_date
from tracker.domain.model import Agency, Meeting, Task
from tracker.service import NewTask, TaskChanges
from tracker.ui.dialogs.confirm import ConfirmDialog
from tracker.ui.dialogs.task_form import TaskDraft, TaskFormDialog
from tracker.ui.widgets.agency_picker import AgencyPicker

SIZE = (100, 36)

AGENCIES = [
    Agency("HN-KHDT", "Sở Kế hoạch và Đầu tư Hà Nội", "Sở KH&ĐT Hà Nội", "Hà Nội"),
    Agency("TN-KHDT", "Sở Kế hoạch và Đầu tư Thái Nguyên", "Sở KH&ĐT Thái Nguyên", "Thái Nguyên"),
    Agency("HN-CT", "Sở Công Thương Hà Nội", "Sở CT Hà Nội", "Hà Nội"),
    Agency("TN-CT", "Sở Công Thương Thái Nguyên", "Sở CT Thái Nguyên", "Thái Nguyên"),
    Agency("HN-DL", "Sở Du lịch Hà Nội", "Sở DL Hà Nội", "Hà Nội"),
    Agency("TN-UBND", "UBND tỉnh Thái Nguyên", "UBND Thái Nguyên", "Thái Nguyên"),
]
MEETINGS = [
    Meeting(
        "2019-06-21-hn-tn",
        "Hội nghị hợp tác phát triển Hà Nội – Thái Nguyên",
        date(2019, 6, 21),
    ),
    Meeting("2026-10-15-hn-tn", "Họp rà soát tiến độ hợp tác", date(2026, 10, 15)),
]

# What snap_compare returns; the plugin's own annotation is narrower than its real signature.
Snap = Callable[..., bool]


def synchronously(test: Callable[[], Awaitable[None]]) -> Callable[[], None]:
    """Run an async Pilot test under plain pytest, whether or not an asyncio plugin is on."""

    @functools.wraps(test)
    def run() -> None:
        async def main() -> None:
            await test()

        asyncio.run(main())

    return run


class FormHost(App[None]):
    """Opens one task form at start and keeps what it was dismissed with."""

    def __init__(self, dialog: TaskFormDialog) -> None:
        super().__init__()
        self.dialog = dialog
        self.results: list[TaskDraft | None] = []

    def on_mount(self) -> None:
        self.push_screen(self.dialog, self.results.append)


def host(
    task: Task | None = None,
    draft: TaskDraft | None = None,
    default_meeting: str | None = None,
) -> FormHost:
    return FormHost(
        TaskFormDialog(
            AGENCIES, MEETINGS, TODAY, task=task, draft=draft, default_meeting=default_meeting
        )
    )


def form(app: App[None]) -> TaskFormDialog:
    assert isinstance(app.screen, TaskFormDialog)
    return app.screen


def picker(app: App[None], name: str) -> AgencyPicker:
    return form(app).query_one(f"#{name}", AgencyPicker)


def due_line(app: App[None]) -> str:
    return str(form(app).query_one("#due-line", Static).render())


def error_of(app: App[None], field: str) -> Static:
    return form(app).query_one(f"#{field}-error", Static)


def twelve() -> Task:
    return Task(
        id=12,
        uuid="5b8e0a8e-1f5e-4a59-9d43-3c1a6f1d2e01",
        title="Xúc tiến đầu tư vào khu công nghiệp Yên Bình",
        lead="TN-KHDT",
        description="Tổ chức hội nghị xúc tiến đầu tư.",
        partners=("HN-KHDT",),
        meeting="2019-06-21-hn-tn",
        area="cross-border logistics",
        due=date(2026, 12, 15),
    )


async def type_into(pilot: Pilot[None], selector: str, text: str) -> None:
    await pilot.click(selector)
    await pilot.press(*text)


async def fill_minimum(pilot: Pilot[None]) -> None:
    """A title typed with its Vietnamese letters, and a lead picked by type-ahead."""
    await type_into(pilot, "#title", "Kết nối cung cầu nông sản")
    picker(pilot.app, "lead").focus()
    await pilot.press(*"ke hoach ha noi", "enter")


async def save(pilot: Pilot[None]) -> None:
    await pilot.press("ctrl+s")
    await pilot.pause()


# --- Agency picker ----------------------------------------------------------------------


@synchronously
async def test_type_ahead_ignores_diacritics_and_enter_picks_the_first_match() -> None:
    app = host()
    async with app.run_test(size=SIZE) as pilot:
        lead = picker(app, "lead")
        lead.focus()
        await pilot.press(*"ke hoach ha noi")
        matches = lead.query_one(OptionList)
        assert lead.is_open
        assert matches.get_option_at_index(0).id == "HN-KHDT"
        await pilot.press("enter")
        assert lead.value == "HN-KHDT"
        assert lead.input.value == "Sở KH&ĐT Hà Nội (HN-KHDT)"
        assert not lead.is_open


@synchronously
async def test_word_order_does_not_matter_and_prefix_matches_come_first() -> None:
    app = host()
    async with app.run_test(size=SIZE):
        lead = picker(app, "lead")
        assert [a.code for a in lead.find("ha noi ke hoach")] == ["HN-KHDT"]
        # "Sở CT Thái Nguyên" starts with "so ct"; the Hà Nội one follows by name order.
        assert [a.code for a in lead.find("so ct")] == ["HN-CT", "TN-CT"]
        assert [a.code for a in lead.find("ubnd")] == ["TN-UBND"]


@synchronously
async def test_exact_code_and_enter_picks_that_agency() -> None:
    app = host()
    async with app.run_test(size=SIZE) as pilot:
        lead = picker(app, "lead")
        lead.focus()
        await pilot.press(*"tn-khdt", "enter")
        assert lead.value == "TN-KHDT"


@synchronously
async def test_arrows_move_in_the_matches_and_a_click_picks() -> None:
    app = host()
    async with app.run_test(size=SIZE) as pilot:
        lead = picker(app, "lead")
        lead.focus()
        await pilot.press(*"thai nguyen", "down", "enter")
        second = lead.find("thai nguyen")[1]
        assert lead.value == second.code

        partners = picker(app, "partners")
        partners.focus()
        await pilot.press(*"du lich")
        await pilot.pause()
        await pilot.click(partners.query_one(OptionList), offset=(3, 1))
        await pilot.pause()
        assert partners.values == ("HN-DL",)
        assert app.focused is partners.input


@synchronously
async def test_partners_are_picked_listed_and_removed() -> None:
    app = host()
    async with app.run_test(size=SIZE) as pilot:
        partners = picker(app, "partners")
        partners.focus()
        await pilot.press(*"TN-KHDT", "enter")
        await pilot.press(*"cong thuong ha noi", "enter")
        await pilot.pause()
        assert partners.values == ("TN-KHDT", "HN-CT")
        entries = list(partners.query(".agency-picker--picked > Static"))
        assert [str(entry.render()) for entry in entries] == [
            "× Sở KH&ĐT Thái Nguyên (TN-KHDT)",
            "× Sở CT Hà Nội (HN-CT)",
        ]
        # A picked partner is not offered again.
        assert [a.code for a in partners.find("ke hoach")] == ["HN-KHDT"]

        await pilot.click(entries[0])
        await pilot.pause()
        # list(): mypy would otherwise keep the tuple type narrowed by the assert above.
        assert list(partners.values) == ["HN-CT"]

        partners.focus()
        await pilot.press("backspace")
        await pilot.pause()
        assert list(partners.values) == []
        assert not partners.query(".agency-picker--picked > Static")


@synchronously
async def test_escape_closes_the_matches_before_the_form() -> None:
    app = host()
    async with app.run_test(size=SIZE) as pilot:
        lead = picker(app, "lead")
        lead.focus()
        await pilot.press(*"ha noi")
        assert lead.is_open
        await pilot.press("escape")
        assert not lead.is_open
        assert isinstance(app.screen, TaskFormDialog)


@synchronously
async def test_tab_leaves_the_single_picker_showing_its_pick() -> None:
    app = host()
    async with app.run_test(size=SIZE) as pilot:
        lead = picker(app, "lead")
        lead.focus()
        await pilot.press(*"HN-CT", "enter")
        # Typing over the pick without choosing, then leaving, keeps the pick.
        await pilot.press(*"du lich", "tab")
        await pilot.pause()
        assert lead.value == "HN-CT"
        assert lead.input.value == "Sở CT Hà Nội (HN-CT)"
        assert not lead.is_open
        assert app.focused is picker(app, "partners").input


# --- Saving -----------------------------------------------------------------------------


@synchronously
async def test_add_returns_a_draft() -> None:
    app = host(default_meeting="2026-10-15-hn-tn")
    async with app.run_test(size=SIZE) as pilot:
        await fill_minimum(pilot)
        partners = picker(app, "partners")
        partners.focus()
        await pilot.press(*"TN-KHDT", "enter")
        form(app).query_one("#area", Select).value = "agriculture"
        form(app).query_one("#description", TextArea).text = "Hai bên phối hợp."
        await pilot.click("#save")
        await pilot.pause()
    assert app.results == [
        TaskDraft(
            title="Kết nối cung cầu nông sản",
            description="Hai bên phối hợp.",
            lead="HN-KHDT",
            partners=("TN-KHDT",),
            meeting="2026-10-15-hn-tn",
            area="agriculture",
            due=None,
            due_text="",
        )
    ]


@synchronously
async def test_empty_title_is_refused_with_a_message_next_to_it() -> None:
    app = host()
    async with app.run_test(size=SIZE) as pilot:
        lead = picker(app, "lead")
        lead.focus()
        await pilot.press(*"HN-KHDT", "enter")
        await type_into(pilot, "#title", "   ")
        await save(pilot)
        assert app.results == []
        assert error_of(app, "title").display
        assert str(error_of(app, "title").render()) == "A title is required"
        assert app.focused is form(app).query_one("#title", Input)
        # Typing clears the message.
        await pilot.press("x")
        await pilot.pause()
        assert not error_of(app, "title").display


@synchronously
async def test_missing_lead_and_lead_as_partner_are_refused() -> None:
    app = host()
    async with app.run_test(size=SIZE) as pilot:
        await type_into(pilot, "#title", "Trao đổi đoàn")
        await save(pilot)
        assert app.results == []
        assert error_of(app, "lead").display
        assert app.focused is picker(app, "lead").input

        picker(app, "lead").value = "HN-KHDT"
        picker(app, "partners").values = ("TN-KHDT", "HN-KHDT")
        await pilot.pause()
        await save(pilot)
        assert app.results == []
        assert not error_of(app, "lead").display
        assert "Sở KH&ĐT Hà Nội (HN-KHDT)" in str(error_of(app, "partners").render())
        assert app.focused is picker(app, "partners").input


@synchronously
async def test_a_bad_due_date_is_refused_and_a_good_one_read_live() -> None:
    app = host()
    async with app.run_test(size=SIZE) as pilot:
        await fill_minimum(pilot)
        assert due_line(app) == "No deadline"
        await type_into(pilot, "#due", "31/02/2026")
        await pilot.pause()
        assert "February 2026 has 28 days" in due_line(app)
        assert form(app).query_one("#due-line").has_class("-error")
        await save(pilot)
        assert app.results == []
        assert app.focused is form(app).query_one("#due", Input)

        form(app).query_one("#due", Input).value = ""
        await pilot.press(*"Quý IV/2026")
        await pilot.pause()
        assert due_line(app) == "→ Thursday 31/12/2026, in 34 days"
        assert not form(app).query_one("#due-line").has_class("-error")
        await save(pilot)
    assert len(app.results) == 1
    draft = app.results[0]
    assert draft is not None
    assert draft.due == date(2026, 12, 31)
    assert draft.due_text == "Quý IV/2026"


# --- Editing ----------------------------------------------------------------------------


@synchronously
async def test_edit_prefills_the_task_and_returns_the_changes() -> None:
    app = host(task=twelve())
    async with app.run_test(size=SIZE) as pilot:
        dialog = form(app)
        assert dialog.query_one("#task-form").border_title == "Edit #12"
        assert dialog.query_one("#title", Input).value == twelve().title
        assert picker(app, "lead").value == "TN-KHDT"
        assert picker(app, "lead").input.value == "Sở KH&ĐT Thái Nguyên (TN-KHDT)"
        assert picker(app, "partners").values == ("HN-KHDT",)
        assert dialog.query_one("#due", Input).value == "15/12/2026"
        assert due_line(app) == "→ Tuesday 15/12/2026, in 18 days"
        assert dialog.query_one("#meeting", Select).value == "2019-06-21-hn-tn"
        # An area typed on the command line is kept, not dropped for a listed one.
        assert dialog.query_one("#area", Select).value == "cross-border logistics"
        assert not dialog.changed

        dialog.query_one("#due", Input).value = "eoy"
        picker(app, "partners").focus()
        await pilot.press(*"cong thuong thai", "enter")
        await save(pilot)
    assert app.results == [
        TaskDraft(
            title=twelve().title,
            description="Tổ chức hội nghị xúc tiến đầu tư.",
            lead="TN-KHDT",
            partners=("HN-KHDT", "TN-CT"),
            meeting="2019-06-21-hn-tn",
            area="cross-border logistics",
            due=date(2026, 12, 31),
            due_text="eoy",
        )
    ]


@synchronously
async def test_a_draft_wins_over_the_task() -> None:
    draft = TaskDraft(
        title="Tiêu đề đã sửa",
        description="",
        lead="HN-CT",
        partners=(),
        meeting=None,
        area=None,
        due=None,
        due_text="31/02/2026",
    )
    app = host(task=twelve(), draft=draft)
    async with app.run_test(size=SIZE) as pilot:
        dialog = form(app)
        assert dialog.query_one("#title", Input).value == "Tiêu đề đã sửa"
        assert picker(app, "lead").value == "HN-CT"
        assert dialog.query_one("#meeting", Select).value == Select.NULL
        assert "February 2026 has 28 days" in due_line(app)
        assert dialog.query_one("#due-line").has_class("-error")
        # The draft holds edits that were never saved: Escape must still ask.
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)


# --- From draft to request ---------------------------------------------------------------


def draft_of(task: Task) -> TaskDraft:
    """The draft a form opened on `task` returns when saved as it opened."""
    return TaskDraft(
        title=task.title,
        description=task.description,
        lead=task.lead,
        partners=task.partners,
        meeting=task.meeting,
        area=task.area,
        due=task.due,
        due_text=format_date(task.due) if task.due else "",
    )


def test_a_new_task_request_carries_every_field() -> None:
    draft = draft_of(twelve())
    assert draft.new_task() == NewTask(
        title=twelve().title,
        lead="TN-KHDT",
        partners=("HN-KHDT",),
        due=date(2026, 12, 15),
        meeting="2019-06-21-hn-tn",
        area="cross-border logistics",
        description="Tổ chức hội nghị xúc tiến đầu tư.",
    )


def test_an_edit_sends_only_the_fields_changed() -> None:
    task = twelve()
    assert draft_of(task).changes_from(task) == TaskChanges()
    later = replace(draft_of(task), due=date(2027, 6, 30), due_text="30/6/2027")
    assert later.changes_from(task) == TaskChanges(due=date(2027, 6, 30))
    handed_over = replace(draft_of(task), lead="HN-CT", partners=("HN-KHDT", "TN-CT"))
    assert handed_over.changes_from(task) == TaskChanges(
        lead="HN-CT", partners=("HN-KHDT", "TN-CT")
    )


def test_an_edit_that_empties_a_field_clears_it() -> None:
    task = twelve()
    emptied = replace(draft_of(task), due=None, due_text="", meeting=None, area=None, partners=())
    cleared = emptied.changes_from(task)
    assert cleared == TaskChanges(due=None, meeting=None, area=None, partners=())
    assert cleared.title is UNSET and cleared.description is UNSET


# --- Cancelling -------------------------------------------------------------------------


@synchronously
async def test_escape_on_an_unchanged_form_dismisses_at_once() -> None:
    app = host(task=twelve())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape")
        await pilot.pause()
        assert app.results == [None]
        assert not isinstance(app.screen, TaskFormDialog)


@synchronously
async def test_escape_on_a_changed_form_asks_before_discarding() -> None:
    app = host()
    async with app.run_test(size=SIZE) as pilot:
        await type_into(pilot, "#title", "Kết nối")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, TaskFormDialog)
        assert form(app).query_one("#title", Input).value == "Kết nối"
        assert app.results == []

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert app.results == [None]
        assert not isinstance(app.screen, (TaskFormDialog, ConfirmDialog))


@synchronously
async def test_cancel_button_on_an_unchanged_form() -> None:
    app = host()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#cancel")
        await pilot.pause()
        assert app.results == [None]


# --- Snapshots --------------------------------------------------------------------------


async def fill_for_snapshot(pilot: Pilot[None]) -> None:
    await fill_minimum(pilot)
    partners = picker(pilot.app, "partners")
    partners.focus()
    await pilot.press(*"TN-KHDT", "enter")
    await type_into(pilot, "#due", "Quý IV/2026")
    await steady_cursor(pilot)


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
def test_snapshot_of_a_filled_add_form(snap_compare: Snap, size: tuple[int, int]) -> None:
    assert snap_compare(host(), terminal_size=size, run_before=fill_for_snapshot)


def test_snapshot_of_the_lead_matches_open(snap_compare: Snap) -> None:
    async def open_matches(pilot: Pilot[None]) -> None:
        await type_into(pilot, "#title", "Kết nối")
        picker(pilot.app, "lead").focus()
        await pilot.press(*"so ha noi")
        await steady_cursor(pilot)

    assert snap_compare(host(), terminal_size=(80, 24), run_before=open_matches)
