"""The dialogs in Vietnamese, driven with Pilot: what they refuse they say in Vietnamese.

The modules under test were imported while the interface spoke English (tests/conftest.py
starts every test in English): a word fixed at import would show up here in English.
Messages that come from the domain (a date that does not exist, a closing day before the
task was recorded) are compared with what the domain says in Vietnamese, so the test
proves the dialog shows them in the interface language, word for word.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from msgspec.structs import replace
from textual.binding import Binding
from textual.widgets import Button, Input, OptionList, RadioButton, Static

from tests.conftest import TODAY
from tests.ui.test_dialogs import AGREEMENTS, TASK, DialogHost, replace_text, shown
from tests.ui.test_report_dialog import AGENCIES as REPORT_AGENCIES
from tests.ui.test_report_dialog import MEETINGS as REPORT_MEETINGS
from tests.ui.test_snapshots_dialogs_vi import DELETE
from tests.ui.test_task_form import AGENCIES, MEETINGS
from tracker import i18n
from tracker.domain.dates import DeadlineError, parse_deadline
from tracker.domain.errors import InvalidInput
from tracker.domain.rules import check_closing_day
from tracker.i18n import _
from tracker.ui.dialogs.close_task import CloseTaskDialog
from tracker.ui.dialogs.confirm import ConfirmDialog
from tracker.ui.dialogs.meeting_form import MeetingFormDialog
from tracker.ui.dialogs.note import NoteDialog
from tracker.ui.dialogs.reason import ReasonDialog
from tracker.ui.dialogs.report import ReportDialog
from tracker.ui.dialogs.task_form import TaskFormDialog
from tracker.ui.widgets.agency_picker import AgencyPicker

SIZE = (100, 36)
ICT = timezone(timedelta(hours=7))


@pytest.fixture(autouse=True)
def vietnamese() -> None:
    """Speak Vietnamese from here on (the autouse fixture of tests/conftest.py resets it)."""
    i18n.use("vi")


def refusal(action: type[Exception], run: Callable[[], object]) -> str:
    """What the domain says, in the current language, when `run()` is refused."""
    with pytest.raises(action) as refused:
        run()
    return str(refused.value)


# --- Task form --------------------------------------------------------------------------


async def test_the_task_form_refuses_in_vietnamese() -> None:
    app = DialogHost(TaskFormDialog(AGENCIES, MEETINGS, TODAY))
    async with app.run_test(size=SIZE) as pilot:
        form = app.dialog
        assert str(form.query_one("#task-form").border_title) == "Nhiệm vụ mới"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.dismissed
        assert shown(form, "#title-error") == "Cần nhập tên nhiệm vụ"
        assert shown(form, "#lead-error") == "Hãy chọn cơ quan chủ trì nhiệm vụ này"

        await pilot.press(*"Kết nối cung cầu nông sản")
        form.query_one("#lead", AgencyPicker).value = "HN-KHDT"
        form.query_one("#partners", AgencyPicker).values = ("HN-KHDT",)
        due = form.query_one("#due", Input)
        await replace_text(pilot, due, "31/02/2026")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.dismissed
        assert shown(form, "#partners-error") == (
            "Sở KH&ĐT Hà Nội (HN-KHDT) đang chủ trì nhiệm vụ này; hãy bỏ khỏi cơ quan phối hợp"
        )
        assert shown(form, "#due-line") == refusal(
            DeadlineError, lambda: parse_deadline("31/02/2026", TODAY)
        )


async def test_the_due_field_offers_vietnamese_phrases_and_reads_them() -> None:
    app = DialogHost(TaskFormDialog(AGENCIES, MEETINGS, TODAY))
    async with app.run_test(size=SIZE) as pilot:
        form = app.dialog
        due = form.query_one("#due", Input)
        # Today is 27/11/2026: the next 30 June, and every example, falls in 2027.
        assert due.placeholder == "vd. 30/6, cuối tháng, cuối quý, Quý IV/2027"
        assert "cuối quý" in str(due.tooltip) and "Quý IV/2027" in str(due.tooltip)
        assert shown(form, "#due-line") == "Không có thời hạn"
        readings = {
            "cuối quý": "31/12/2026",
            "Quý IV/2026": "31/12/2026",
            "30/6": "30/06/2027",
            "6 tháng đầu năm 2027": "30/06/2027",
        }
        for phrase, day in readings.items():
            await replace_text(pilot, due, phrase)
            assert shown(form, "#due-line").startswith("→ ")
            assert day in shown(form, "#due-line")


async def test_the_agency_picker_says_in_vietnamese_that_nothing_matches() -> None:
    app = DialogHost(TaskFormDialog(AGENCIES, MEETINGS, TODAY))
    async with app.run_test(size=SIZE) as pilot:
        lead = app.dialog.query_one("#lead", AgencyPicker)
        assert lead.input.placeholder == "Gõ một phần tên hoặc mã…"
        lead.focus()
        await pilot.press(*"xyz")
        await pilot.pause()
        assert lead.is_open
        option = lead.query_one(OptionList).get_option_at_index(0)
        assert str(option.prompt) == "Không có cơ quan nào khớp với “xyz”"


# --- Close, reason, note ------------------------------------------------------------------


async def test_the_close_dialog_judges_and_refuses_in_vietnamese() -> None:
    recorded = replace(TASK, created=datetime(2026, 11, 1, 9, tzinfo=ICT))
    app = DialogHost(CloseTaskDialog(recorded, TODAY))
    async with app.run_test(size=SIZE) as pilot:
        dialog = app.dialog
        assert shown(dialog, ".dialog-title").startswith("Hoàn thành #12 — ")
        assert shown(dialog, "#close-date-check").endswith(" — hoàn thành quá hạn 7 ngày")
        field = dialog.query_one("#close-date", Input)
        await replace_text(pilot, field, "19/11/2026")
        assert shown(dialog, "#close-date-check").endswith(" — hoàn thành đúng hạn")
        await replace_text(pilot, field, "31/10/2026")
        assert shown(dialog, "#close-date-check") == refusal(
            InvalidInput,
            lambda: check_closing_day(date(2026, 10, 31), recorded.created, TODAY),
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.dismissed


async def test_a_required_reason_is_asked_for_in_vietnamese() -> None:
    app = DialogHost(ReasonDialog(DELETE))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.dismissed
        assert shown(app.dialog, "#reason-check") == "chưa nhập lý do: hãy cho biết vì sao"
        assert str(app.dialog.query_one("#reason-cancel", Button).label) == "Hủy bỏ"


async def test_an_empty_note_is_refused_in_vietnamese() -> None:
    app = DialogHost(NoteDialog(TASK, TODAY))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.dismissed
        check = shown(app.dialog, "#note-check")
        assert check == "ghi chú còn trống: hãy viết những gì đã diễn ra"
        labels = [str(label.render()) for label in app.dialog.query(".section-label")]
        assert labels == ["Lịch sử gần đây", "Ghi chú ngày 27/11/2026"]


# --- Meeting, report, confirm ---------------------------------------------------------------


async def test_the_meeting_form_refuses_in_vietnamese() -> None:
    app = DialogHost(MeetingFormDialog(AGREEMENTS, {"2026-11-27-hn-tn"}, TODAY))
    async with app.run_test(size=SIZE) as pilot:
        dialog = app.dialog
        await replace_text(pilot, dialog.query_one("#meeting-id", Input), "2026-11-27-hn-tn")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.dismissed
        assert shown(dialog, "#meeting-title-check") == "tên cuộc họp đang để trống"
        assert shown(dialog, "#meeting-id-check") == "cuộc họp 2026-11-27-hn-tn đã có"


async def test_the_report_dialog_refuses_a_folder_in_vietnamese(tmp_path: Path) -> None:
    app = DialogHost(ReportDialog(REPORT_AGENCIES, REPORT_MEETINGS, TODAY, tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        dialog = app.dialog
        await replace_text(pilot, dialog.query_one("#report-path", Input), str(tmp_path))
        assert shown(dialog, "#report-path-check") == f"{tmp_path} là một thư mục"
        missing = tmp_path / "khong-co" / "bao-cao.html"
        await replace_text(pilot, dialog.query_one("#report-path", Input), str(missing))
        assert shown(dialog, "#report-path-check") == (f"thư mục {missing.parent} không tồn tại")


@pytest.mark.parametrize(("interface", "locale"), [("vi", "en_US.UTF-8"), ("en", "vi_VN.UTF-8")])
async def test_the_report_speaks_the_interface_language_whatever_the_locale(
    interface: str, locale: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", locale)
    i18n.use(interface)
    app = DialogHost(ReportDialog(REPORT_AGENCIES, REPORT_MEETINGS, TODAY, tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        assert app.dialog.query_one(f"#report-lang-{interface}", RadioButton).value
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.result is not None and app.result.lang == interface


async def test_the_confirmation_answers_in_vietnamese() -> None:
    app = DialogHost(ConfirmDialog(_("Discard your changes to this task?")))
    async with app.run_test(size=SIZE):
        question = app.dialog.query_one("#confirm-question", Static)
        assert str(question.render()) == "Bỏ những thay đổi bạn vừa nhập cho nhiệm vụ này?"
        buttons = [str(button.label) for button in app.dialog.query(Button)]
        assert buttons == ["Có", "Không"]


def test_key_descriptions_are_marked_in_english_and_shown_in_vietnamese() -> None:
    # BINDINGS are read at import, before any language is chosen: they hold the msgid,
    # which whatever shows the keys translates then.
    descriptions = {
        binding.description for binding in TaskFormDialog.BINDINGS if isinstance(binding, Binding)
    }
    assert descriptions == {"Save", "Cancel"}
    assert {_(text) for text in descriptions} == {"Lưu", "Hủy bỏ"}
