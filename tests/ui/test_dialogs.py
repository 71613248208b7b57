"""The task and meeting dialogs, driven with Pilot: what they refuse, return and look like."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta, timezone
from typing import Any, Generic, TypeVar

import pytest
from msgspec.structs import replace
from textual.app import App
from textual.pilot import Pilot
from textual.screen import ModalScreen
from textual.widgets import Input, Select, Static, TextArea

from tests.conftest import TODAY
from tracker.domain import history
from tracker.domain.model import Agreement, ChangeStamp, Meeting, Status, Task
from tracker.ui.dialogs.close_task import CloseRequest, CloseTaskDialog
from tracker.ui.dialogs.confirm import ConfirmDialog
from tracker.ui.dialogs.meeting_form import MeetingFormDialog, split_chairs, suggested_id
from tracker.ui.dialogs.note import NoteDialog
from tracker.ui.dialogs.set_status import SetStatusDialog

ResultT = TypeVar("ResultT")

# What snap_compare returns; the plugin's own annotation is narrower than its real signature.
SnapCompare = Callable[..., bool]

SIZE = (100, 30)

ICT = timezone(timedelta(hours=7))

TASK = Task(
    id=12,
    uuid="0b6f4c1e-2d1a-4c55-9a8e-3f1d7f0c2a12",
    title="Kết nối tiêu thụ nông sản an toàn của Thái Nguyên tại chợ đầu mối Hà Nội",
    lead="HN-CT",
    partners=("TN-CT",),
    due=date(2026, 11, 20),
    status=Status.IN_PROGRESS,
    history=[
        history.note(
            "Đã họp với Ban quản lý các chợ đầu mối",
            ChangeStamp(at=datetime(2026, 9, 1, 9, tzinfo=ICT)),
        ),
        history.status_changed(
            Status.OPEN, Status.IN_PROGRESS, ChangeStamp(at=datetime(2026, 10, 5, 9, tzinfo=ICT))
        ),
        history.note(
            "Chợ Long Biên đồng ý bố trí 20 gian hàng cho sản phẩm OCOP của Thái Nguyên",
            ChangeStamp(at=datetime(2026, 10, 20, 9, tzinfo=ICT)),
        ),
        history.note(
            "Chờ ý kiến Sở Công Thương Thái Nguyên",
            ChangeStamp(at=datetime(2026, 11, 2, 9, tzinfo=ICT)),
        ),
    ],
)

AGREEMENTS = [
    Agreement("HN-TN", "Chương trình hợp tác Hà Nội – Thái Nguyên giai đoạn 2019–2025"),
    Agreement("HN-HB", "Hợp tác phát triển Hà Nội – Hòa Bình"),
]


def synchronously(test: Callable[[], Awaitable[None]]) -> Callable[[], None]:
    """Run an async Pilot test under plain pytest; the project has no asyncio plugin."""

    @functools.wraps(test)
    def run() -> None:
        async def main() -> None:
            await test()

        asyncio.run(main())

    return run


class DialogHost(App[None], Generic[ResultT]):
    """A bare app that opens one dialog on start and keeps what it dismissed with."""

    def __init__(self, dialog: ModalScreen[ResultT]) -> None:
        super().__init__()
        self.dialog = dialog
        # Textual types the callback's argument as optional whatever the screen's type.
        self.results: list[ResultT | None] = []

    async def on_mount(self) -> None:
        await self.push_screen(self.dialog, self.results.append)
        # A blinking cursor would make every snapshot a coin toss.
        for field in self.dialog.query(Input):
            field.cursor_blink = False
        for area in self.dialog.query(TextArea):
            area.cursor_blink = False

    @property
    def dismissed(self) -> bool:
        return bool(self.results)

    @property
    def result(self) -> ResultT | None:
        assert self.results, "the dialog is still open"
        return self.results[-1]


def shown(dialog: ModalScreen[Any], selector: str) -> str:
    """The text a Static in the dialog shows now, or "" if it is hidden."""
    widget = dialog.query_one(selector, Static)
    return str(widget.render()) if widget.display else ""


async def replace_text(pilot: Pilot[None], field: Input, text: str) -> None:
    """Type `text` into `field` as a user would, over what it held."""
    field.focus()
    field.value = ""
    await pilot.press(*text)
    await pilot.pause()


# --- Close task -----------------------------------------------------------------------


@synchronously
async def test_close_on_time_returns_the_typed_date_and_outcome() -> None:
    app = DialogHost(CloseTaskDialog(TASK, TODAY))
    async with app.run_test(size=SIZE) as pilot:
        dialog = app.dialog
        assert app.focused is dialog.query_one("#close-outcome", Input)
        await pilot.press(*"Đã ký hợp đồng")
        await replace_text(pilot, dialog.query_one("#close-date", Input), "19/11/2026")
        assert "closes on time" in shown(dialog, "#close-date-check")
        await pilot.press("enter")
        await pilot.pause()
    assert app.result == CloseRequest(outcome="Đã ký hợp đồng", closed_on=date(2026, 11, 19))


@synchronously
async def test_close_by_default_today_is_seven_days_late() -> None:
    app = DialogHost(CloseTaskDialog(TASK, TODAY))
    async with app.run_test(size=SIZE) as pilot:
        dialog = app.dialog
        assert dialog.query_one("#close-date", Input).value == "27/11/2026"
        line = shown(dialog, "#close-date-check")
        assert "7 days late" in line and "27/11/2026" in line
        assert dialog.query_one("#close-date-check").has_class("-late")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.result == CloseRequest(outcome="", closed_on=TODAY)


@synchronously
async def test_close_without_due_date_is_on_time() -> None:
    app = DialogHost(CloseTaskDialog(replace(TASK, due=None, history=[]), TODAY))
    async with app.run_test(size=SIZE):
        assert "closes on time" in shown(app.dialog, "#close-date-check")


@synchronously
async def test_close_refuses_an_unreadable_date() -> None:
    app = DialogHost(CloseTaskDialog(TASK, TODAY))
    async with app.run_test(size=SIZE) as pilot:
        dialog = app.dialog
        await replace_text(pilot, dialog.query_one("#close-date", Input), "31/2/2026")
        assert "February 2026 has 28 days" in shown(dialog, "#close-date-check")
        await pilot.press("enter")
        await pilot.click("#close-save")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.dismissed
        assert app.focused is dialog.query_one("#close-date", Input)


@synchronously
async def test_close_shows_typed_brackets_as_text_not_markup() -> None:
    app = DialogHost(CloseTaskDialog(replace(TASK, title="Họp [/] lần 2"), TODAY))
    async with app.run_test(size=SIZE) as pilot:
        dialog = app.dialog
        await replace_text(pilot, dialog.query_one("#close-date", Input), "[/b]")
        assert shown(dialog, "#close-date-check").startswith('cannot read "[/b]" as a date')
        assert "Họp [/] lần 2" in shown(dialog, ".dialog-title")


@synchronously
async def test_close_refuses_a_future_date() -> None:
    app = DialogHost(CloseTaskDialog(TASK, TODAY))
    async with app.run_test(size=SIZE) as pilot:
        dialog = app.dialog
        await replace_text(pilot, dialog.query_one("#close-date", Input), "tomorrow")
        assert shown(dialog, "#close-date-check") == "a task cannot be closed in the future"
        await pilot.press("enter")
        await pilot.pause()
        assert not app.dismissed


@synchronously
async def test_close_escape_returns_none() -> None:
    app = DialogHost(CloseTaskDialog(TASK, TODAY))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]


# --- Progress note --------------------------------------------------------------------


@synchronously
async def test_note_refuses_an_empty_note_then_returns_the_stripped_text() -> None:
    app = DialogHost(NoteDialog(TASK, TODAY))
    async with app.run_test(size=SIZE) as pilot:
        dialog = app.dialog
        assert app.focused is dialog.query_one("#note-text", TextArea)
        await pilot.press("space", "enter", "ctrl+s")
        await pilot.pause()
        assert not app.dismissed
        assert "empty" in shown(dialog, "#note-check")
        await pilot.press(*"Đã gửi công văn", "enter")
        assert shown(dialog, "#note-check") == ""
        await pilot.click("#note-save")
        await pilot.pause()
    assert app.result == "Đã gửi công văn"


@synchronously
async def test_note_shows_the_last_three_history_entries() -> None:
    app = DialogHost(NoteDialog(TASK, TODAY))
    async with app.run_test(size=SIZE):
        dates = [str(label.render()) for label in app.dialog.query(".history-date")]
        assert dates == ["05/10/2026", "20/10/2026", "02/11/2026"]


# --- Status ---------------------------------------------------------------------------


@synchronously
async def test_status_pick_blocked() -> None:
    app = DialogHost(SetStatusDialog(TASK))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "enter")
        await pilot.pause()
    assert app.result is Status.BLOCKED


@synchronously
async def test_status_picking_the_current_one_changes_nothing() -> None:
    app = DialogHost(SetStatusDialog(TASK))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [None]


# --- Meeting form ---------------------------------------------------------------------


def meeting_form(existing: set[str] | None = None) -> DialogHost[Meeting | None]:
    return DialogHost(MeetingFormDialog(AGREEMENTS, existing or set(), TODAY))


@synchronously
async def test_meeting_id_follows_date_and_agreement_until_edited() -> None:
    app = meeting_form()
    async with app.run_test(size=SIZE) as pilot:
        dialog = app.dialog
        meeting_id = dialog.query_one("#meeting-id", Input)
        assert meeting_id.value == "2026-11-27-hn-tn"
        await replace_text(pilot, dialog.query_one("#meeting-date", Input), "10/12/2026")
        assert shown(dialog, "#meeting-date-check") == "→ Thursday 10/12/2026"
        assert meeting_id.value == "2026-12-10-hn-tn"
        dialog.query_one("#meeting-agreement", Select).value = "HN-HB"
        await pilot.pause()
        assert meeting_id.value == "2026-12-10-hn-hb"
        dialog.query_one("#meeting-agreement", Select).clear()
        await pilot.pause()
        assert meeting_id.value == "2026-12-10"
        await replace_text(pilot, meeting_id, "so-ket-2026")
        await replace_text(pilot, dialog.query_one("#meeting-date", Input), "11/12/2026")
        assert meeting_id.value == "so-ket-2026"


@synchronously
async def test_meeting_refuses_a_duplicate_id() -> None:
    app = meeting_form({"2026-11-27-hn-tn", "so-ket"})
    async with app.run_test(size=SIZE) as pilot:
        dialog = app.dialog
        meeting_id = dialog.query_one("#meeting-id", Input)
        # The suggestion steps around a meeting already recorded that day.
        assert meeting_id.value == "2026-11-27-hn-tn-2"
        await pilot.press(*"Họp sơ kết")
        await replace_text(pilot, meeting_id, "so-ket")
        assert shown(dialog, "#meeting-id-check") == "meeting so-ket already exists"
        await pilot.press("enter")
        await pilot.pause()
        assert not app.dismissed
        await replace_text(pilot, meeting_id, "so ket")
        assert "one word" in shown(dialog, "#meeting-id-check")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.dismissed


@synchronously
async def test_meeting_refuses_a_bad_date_and_an_empty_title() -> None:
    app = meeting_form()
    async with app.run_test(size=SIZE) as pilot:
        dialog = app.dialog
        await replace_text(pilot, dialog.query_one("#meeting-date", Input), "32/12/2026")
        assert shown(dialog, "#meeting-date-check") == (
            '"32/12/2026" is not a date: December 2026 has 31 days'
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.dismissed
        assert shown(dialog, "#meeting-title-check") == "the meeting title is empty"
        assert app.focused is dialog.query_one("#meeting-title", Input)
        await pilot.press(*"Họp")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.dismissed
        assert app.focused is dialog.query_one("#meeting-date", Input)


@synchronously
async def test_meeting_save_returns_the_meeting_with_chairs_split() -> None:
    app = meeting_form()
    async with app.run_test(size=SIZE) as pilot:
        dialog = app.dialog
        await pilot.press(*"Họp  sơ kết hợp tác", "enter")
        await replace_text(pilot, dialog.query_one("#meeting-date", Input), "4/12/2026")
        await pilot.press("enter")
        assert app.focused is dialog.query_one("#meeting-place", Input)
        await pilot.press(*"UBND tỉnh Thái Nguyên")
        chairs = dialog.query_one("#meeting-chairs", Input)
        await replace_text(pilot, chairs, "Nguyễn Văn A; Trần Thị B,  Lê Văn C ;")
        dialog.query_one("#meeting-notes", TextArea).text = "  Ký biên bản ghi nhớ \n"
        dialog.query_one("#meeting-id", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
    assert app.result == Meeting(
        id="2026-12-04-hn-tn",
        title="Họp sơ kết hợp tác",
        date=date(2026, 12, 4),
        place="UBND tỉnh Thái Nguyên",
        agreement="HN-TN",
        chairs=("Nguyễn Văn A", "Trần Thị B", "Lê Văn C"),
        notes="Ký biên bản ghi nhớ",
    )


@synchronously
async def test_meeting_without_agreements_saves_none() -> None:
    app = DialogHost(MeetingFormDialog([], set(), TODAY))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"Họp", "ctrl+s")
        await pilot.pause()
    assert app.result == Meeting(id="2026-11-27", title="Họp", date=TODAY)


@synchronously
async def test_meeting_escape_when_untouched_closes_at_once() -> None:
    app = meeting_form()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]


@synchronously
async def test_meeting_escape_with_changes_asks_first() -> None:
    app = meeting_form()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"Họp", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen_stack[-1] is app.dialog and not app.dismissed
        assert app.dialog.query_one("#meeting-title", Input).value == "Họp"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
    assert app.results == [None]


@synchronously
async def test_meeting_shows_bracketed_agreement_titles_as_text() -> None:
    app = DialogHost(MeetingFormDialog([Agreement("X", "Kết luận [/] số 5 [b]")], set(), TODAY))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"Họp", "ctrl+s")
        await pilot.pause()
    assert app.result == Meeting(id="2026-11-27-x", title="Họp", date=TODAY, agreement="X")


def test_split_chairs_and_suggested_id() -> None:
    assert split_chairs(" ; ,") == ()
    assert split_chairs("Nguyễn  Văn A") == ("Nguyễn Văn A",)
    taken = {"2026-11-27-hn-tn", "2026-11-27-hn-tn-2"}
    assert suggested_id(TODAY, "HN-TN", taken) == "2026-11-27-hn-tn-3"
    assert suggested_id(TODAY, None, taken) == "2026-11-27"


# --- Snapshots ------------------------------------------------------------------------

DIALOGS: dict[str, Callable[[], ModalScreen[Any]]] = {
    "close_task": lambda: CloseTaskDialog(TASK, TODAY),
    "note": lambda: NoteDialog(TASK, TODAY),
    "set_status": lambda: SetStatusDialog(TASK),
    "meeting_form": lambda: MeetingFormDialog(AGREEMENTS, set(), TODAY),
}


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
@pytest.mark.parametrize("name", list(DIALOGS))
def test_dialog_snapshot(name: str, size: tuple[int, int], snap_compare: SnapCompare) -> None:
    async def settle(pilot: Pilot[None]) -> None:
        await pilot.pause()

    assert snap_compare(DialogHost(DIALOGS[name]()), terminal_size=size, run_before=settle)
