"""Every dialog in Vietnamese at 80x24 and 120x36, with today frozen and no cursor blink.

Each dialog runs in a bare host app (tests/ui/test_dialogs.py's DialogHost), so what the
snapshot shows is the dialog alone: its words, and whether they fit.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.screen import ModalScreen

from tests.conftest import TODAY
from tests.ui.conftest import steady_cursor
from tests.ui.test_dialogs import AGREEMENTS, TASK, DialogHost
from tests.ui.test_report_dialog import AGENCIES as REPORT_AGENCIES
from tests.ui.test_report_dialog import MEETINGS as REPORT_MEETINGS
from tests.ui.test_task_form import AGENCIES, MEETINGS, twelve
from tracker import i18n, settings
from tracker.domain.model import Status
from tracker.domain.revision import FieldConflict
from tracker.ui.dialogs.close_task import CloseTaskDialog
from tracker.ui.dialogs.confirm import ConfirmDialog
from tracker.ui.dialogs.conflict import ConflictDialog, conflict_rows
from tracker.ui.dialogs.meeting_form import MeetingFormDialog
from tracker.ui.dialogs.note import NoteDialog
from tracker.ui.dialogs.reason import ReasonDialog, ReasonQuestion
from tracker.ui.dialogs.report import ReportDialog
from tracker.ui.dialogs.set_status import SetStatusDialog
from tracker.ui.dialogs.task_form import TaskFormDialog
from tracker.ui.widgets.agency_picker import AgencyPicker

SIZES = [(80, 24), (120, 36)]
SnapCompare = Callable[..., bool]
Steps = Callable[[Pilot[None]], Awaitable[None]]

# The questions the main screen asks before reopening and deleting, as it words them in
# Vietnamese (tracker/ui/screens/main.py makes them): long enough to test the fit.
REOPEN = ReasonQuestion(
    title="Mở lại #4 — Kết nối tiêu thụ nông sản an toàn của Thái Nguyên tại Hà Nội",
    explanation=(
        "Nhiệm vụ trở lại trạng thái trước khi hoàn thành; kết quả được chuyển vào lịch sử."
    ),
    button="Mở lại",
    placeholder="lý do mở lại (không bắt buộc)",
)
DELETE = ReasonQuestion(
    title="Xóa #18 — Tổ chức đoàn doanh nghiệp Hà Nội khảo sát đầu tư tại Thái Nguyên",
    explanation=(
        "Nhiệm vụ không còn trong danh sách, số liệu và báo cáo nào, nhưng vẫn được lưu trong "
        "tệp cùng lịch sử: `tracker restore 18` sẽ khôi phục lại."
    ),
    button="Xóa",
    placeholder="lý do xóa (bắt buộc)",
    required=True,
    destructive=True,
)

AGENCY_NAMES = {agency.code: agency for agency in AGENCIES}
MEETING_IDS = {meeting.id: meeting for meeting in MEETINGS}


def edit_conflict() -> ConflictDialog:
    """Both sides moved the deadline and rewrote the description of #12."""
    rows = conflict_rows(
        [
            FieldConflict("due", date(2026, 12, 31), date(2027, 3, 31)),
            FieldConflict(
                "description",
                "Tổ chức hội nghị xúc tiến đầu tư vào quý I.",
                "Tổ chức hội nghị xúc tiến đầu tư, mời các doanh nghiệp Nhật Bản.",
            ),
        ],
        AGENCY_NAMES,
        MEETING_IDS,
    )
    return ConflictDialog("#12 đã được người khác sửa trong lúc bạn sửa", rows, per_field=True)


def close_conflict() -> ConflictDialog:
    """Someone closed #12 while this user was closing it too."""
    rows = conflict_rows(
        [
            FieldConflict("status", Status.DONE, Status.DONE),
            FieldConflict("closed_on", date(2026, 11, 25), date(2026, 11, 27)),
        ],
        AGENCY_NAMES,
        MEETING_IDS,
    )
    return ConflictDialog(
        "#12 đã được người khác hoàn thành",
        rows,
        per_field=False,
        can_apply=False,
        hint="Muốn đổi ngày hoàn thành, hãy mở lại nhiệm vụ rồi hoàn thành lại.",
    )


def report(folder: Path) -> ReportDialog:
    return ReportDialog(REPORT_AGENCIES, REPORT_MEETINGS, TODAY, folder)


DIALOGS: dict[str, Callable[[Path], ModalScreen[Any]]] = {
    "task_form_add": lambda _folder: TaskFormDialog(AGENCIES, MEETINGS, TODAY),
    "task_form_edit": lambda _folder: TaskFormDialog(AGENCIES, MEETINGS, TODAY, task=twelve()),
    "task_form_refused": lambda _folder: TaskFormDialog(AGENCIES, MEETINGS, TODAY),
    "lead_matches": lambda _folder: TaskFormDialog(AGENCIES, MEETINGS, TODAY),
    "close_task": lambda _folder: CloseTaskDialog(TASK, TODAY),
    "reopen": lambda _folder: ReasonDialog(REOPEN),
    "delete": lambda _folder: ReasonDialog(DELETE),
    "delete_refused": lambda _folder: ReasonDialog(DELETE),
    "set_status": lambda _folder: SetStatusDialog(TASK),
    "note": lambda _folder: NoteDialog(TASK, TODAY),
    "edit_conflict": lambda _folder: edit_conflict(),
    "close_conflict": lambda _folder: close_conflict(),
    "confirm_discard": lambda _folder: ConfirmDialog(
        "Bỏ những thay đổi bạn vừa nhập cho nhiệm vụ này?"
    ),
    "meeting_form": lambda _folder: MeetingFormDialog(AGREEMENTS, set(), TODAY),
    "report": report,
}


async def fill_task(pilot: Pilot[None]) -> None:
    """A task typed in Vietnamese, with a lead, a partner and a deadline in words."""
    await pilot.click("#title")
    await pilot.press(*"Kết nối tiêu thụ chè Thái Nguyên tại Hà Nội")
    pilot.app.screen.query_one("#lead", AgencyPicker).focus()
    await pilot.press(*"ke hoach ha noi", "enter")
    pilot.app.screen.query_one("#partners", AgencyPicker).focus()
    await pilot.press(*"cong thuong thai", "enter", "tab")
    await pilot.press(*"cuối quý")


async def open_lead_matches(pilot: Pilot[None]) -> None:
    pilot.app.screen.query_one("#lead", AgencyPicker).focus()
    await pilot.press(*"ha noi")


STEPS: dict[str, Steps] = {
    "task_form_add": fill_task,
    "task_form_refused": lambda pilot: pilot.press("ctrl+s"),
    "lead_matches": open_lead_matches,
    "delete_refused": lambda pilot: pilot.press("ctrl+s"),
}


@pytest.fixture(autouse=True)
def vietnamese(monkeypatch: pytest.MonkeyPatch) -> None:
    """Vietnamese, chosen as a user would: saved in the settings and named by TRACKER_LANG."""
    settings.set_value(settings.settings_path(), "language", "vi")
    monkeypatch.setenv("TRACKER_LANG", "vi")
    i18n.use("vi")


@pytest.fixture
def report_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A relative folder that exists: the path field then shows the same on every machine."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bao-cao").mkdir()
    return Path("bao-cao")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", list(DIALOGS))
def test_dialog_in_vietnamese(
    snap_compare: SnapCompare, report_folder: Path, name: str, size: tuple[int, int]
) -> None:
    async def steps(pilot: Pilot[None]) -> None:
        await pilot.pause()
        if name in STEPS:
            await STEPS[name](pilot)
        await steady_cursor(pilot)

    host = DialogHost(DIALOGS[name](report_folder))
    assert snap_compare(host, terminal_size=size, run_before=steps)
