"""The report dialog, driven with Pilot: what it suggests, refuses and returns, and its looks."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, RadioButton, Select

from tests.conftest import SAMPLE, TODAY
from tests.ui.test_dialogs import DialogHost, replace_text, shown
from tracker.domain.model import Agency, Meeting
from tracker.reports.render import ReportSpec
from tracker.service import Tracker, load_interchange_file
from tracker.store.database import Database
from tracker.ui.dialogs.report import ReportDialog, ReportRequest

SIZE = (100, 34)
SnapCompare = Callable[..., bool]

AGENCIES = [
    Agency("HN-KHDT", "Sở Kế hoạch và Đầu tư Hà Nội", "Sở KH&ĐT Hà Nội", "Hà Nội"),
    Agency("TN-KHDT", "Sở Kế hoạch và Đầu tư Thái Nguyên", "Sở KH&ĐT Thái Nguyên", "Thái Nguyên"),
]
MEETINGS = [
    Meeting(
        "2019-06-21-hn-tn",
        "Hội nghị hợp tác phát triển giữa Ban Thường vụ Thành ủy Hà Nội và Tỉnh ủy Thái Nguyên",
        date(2019, 6, 21),
        agreement="HN-TN",
    ),
    Meeting("2026-10-15-hn-tn", "Họp rà soát tiến độ [minh họa]", date(2026, 10, 15)),
]


def dialog(
    folder: Path,
    lang: str = "vi",
    agencies: Sequence[Agency] = AGENCIES,
    meetings: Sequence[Meeting] = MEETINGS,
) -> DialogHost[ReportRequest | None]:
    return DialogHost(ReportDialog(agencies, meetings, TODAY, folder, lang=lang))


async def choose(pilot: Pilot[None], select_id: str, value: str) -> None:
    pilot.app.screen.query_one(select_id, Select).value = value
    await pilot.pause()


async def press(pilot: Pilot[None], button_id: str) -> None:
    pilot.app.screen.query_one(button_id, RadioButton).value = True
    await pilot.pause()


async def test_defaults_write_html_in_the_folder_as_of_today(tmp_path: Path) -> None:
    app = dialog(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.dialog
        assert screen.query_one("#report-path", Input).value == str(
            tmp_path / "bao-cao-2026-11-27.html"
        )
        assert shown(screen, "#report-as-of-check") == "→ Friday 27/11/2026"
        assert not screen.query_one("#report-agency", Select).display
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.result == ReportRequest(
        fmt="html",
        lang="vi",
        as_of=TODAY,
        agency=None,
        meeting=None,
        path=tmp_path / "bao-cao-2026-11-27.html",
    )


async def test_file_name_follows_format_and_date_until_edited(tmp_path: Path) -> None:
    app = dialog(tmp_path, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.dialog
        path = screen.query_one("#report-path", Input)
        await choose(pilot, "#report-format", "markdown")
        assert path.value == str(tmp_path / "bao-cao-2026-11-27.md")
        await replace_text(pilot, screen.query_one("#report-as-of", Input), "Quý III/2026")
        assert shown(screen, "#report-as-of-check") == "→ Wednesday 30/09/2026"
        assert path.value == str(tmp_path / "bao-cao-2026-09-30.md")
        await replace_text(pilot, path, str(tmp_path / "q3.md"))
        await choose(pilot, "#report-format", "csv")
        assert path.value == str(tmp_path / "q3.md")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.result == ReportRequest(
        "csv", "en", date(2026, 9, 30), None, None, tmp_path / "q3.md"
    )


async def test_one_agency_or_one_meeting_in_scope(tmp_path: Path) -> None:
    app = dialog(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.dialog
        await press(pilot, "#report-scope-agency")
        assert screen.query_one("#report-agency", Select).display
        assert not screen.query_one("#report-meeting", Select).display
        await choose(pilot, "#report-agency", "TN-KHDT")
        await press(pilot, "#report-lang-en")
        await pilot.click("#report-save")
        await pilot.pause()
    request = app.result
    assert request is not None
    assert (request.agency, request.meeting, request.lang) == ("TN-KHDT", None, "en")

    app = dialog(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "#report-scope-meeting")
        await choose(pilot, "#report-meeting", "2026-10-15-hn-tn")
        await pilot.press("ctrl+s")
        await pilot.pause()
    request = app.result
    assert request is not None
    assert (request.agency, request.meeting) == (None, "2026-10-15-hn-tn")


async def test_refuses_a_bad_date_and_a_missing_folder(tmp_path: Path) -> None:
    app = dialog(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.dialog
        as_of = screen.query_one("#report-as-of", Input)
        await replace_text(pilot, as_of, "31/2/2026")
        assert shown(screen, "#report-as-of-check") == (
            '"31/2/2026" is not a date: February 2026 has 28 days'
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.dismissed
        assert app.focused is as_of
        await replace_text(pilot, as_of, "1/10/2019")
        path = screen.query_one("#report-path", Input)
        await replace_text(pilot, path, str(tmp_path / "nope" / "r.html"))
        assert shown(screen, "#report-path-check").startswith("folder ")
        await pilot.press("enter")
        await pilot.pause()
        assert not app.dismissed
        await replace_text(pilot, path, "")
        assert shown(screen, "#report-path-check") == "name the file to write"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.dismissed
        assert app.focused is path


async def test_warns_before_replacing_a_file(tmp_path: Path) -> None:
    (tmp_path / "bao-cao-2026-11-27.html").write_text("old", encoding="utf-8")
    app = dialog(tmp_path)
    async with app.run_test(size=SIZE):
        assert "replaced" in shown(app.dialog, "#report-path-check")


async def test_without_agencies_or_meetings_only_all_tasks(tmp_path: Path) -> None:
    app = dialog(tmp_path, agencies=[], meetings=[])
    async with app.run_test(size=SIZE) as pilot:
        screen = app.dialog
        assert screen.query_one("#report-scope-agency", RadioButton).disabled
        assert screen.query_one("#report-scope-meeting", RadioButton).disabled
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.result is not None and app.result.agency is None


async def test_escape_returns_none(tmp_path: Path) -> None:
    app = dialog(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]


def test_the_request_is_what_save_report_writes(tmp_path: Path) -> None:
    """What the UI does with the request in its worker: one call, one whole file."""
    tracker = Tracker(Database(tmp_path / "tracker.json"), TODAY)
    tracker.import_data(load_interchange_file(SAMPLE))
    request = ReportRequest(
        "markdown", "vi", date(2019, 10, 1), "HN-CT", None, tmp_path / "bao-cao.md"
    )
    assert isinstance(request, ReportSpec)
    assert tracker.save_report(request, request.path) == request.path
    written = request.path.read_text(encoding="utf-8")
    assert written.startswith("# Báo cáo tình hình thực hiện nhiệm vụ hợp tác")
    assert "Sở CT Hà Nội (HN-CT)" in written
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


async def test_word_takes_the_department_from_the_settings(
    tmp_path: Path, own_settings: Path
) -> None:
    """The official formats carry the settings' letterhead, read when the report is
    written; the others none."""
    from tracker import settings
    from tracker.reports.letterhead import Letterhead

    settings.set_value(own_settings, "department.name", "SỞ KẾ HOẠCH VÀ ĐẦU TƯ")
    settings.set_value(own_settings, "department.position", "KT. GIÁM ĐỐC/PHÓ GIÁM ĐỐC")
    app = dialog(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.dialog
        names = [str(option[0]) for option in screen.query_one("#report-format", Select)._options]
        assert any(name.startswith("Word") for name in names)
        assert any(name.startswith("Excel") for name in names)
        await choose(pilot, "#report-format", "docx")
        assert screen.query_one("#report-path", Input).value == str(
            tmp_path / "bao-cao-2026-11-27.docx"
        )
        settings.set_value(own_settings, "department.signer", "Nguyễn Văn A")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert isinstance(app.result, ReportRequest)
    assert app.result.fmt == "docx"
    assert app.result.letterhead == Letterhead(
        agency="SỞ KẾ HOẠCH VÀ ĐẦU TƯ",
        position=("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"),
        signer="Nguyễn Văn A",
    )


async def test_other_formats_and_no_settings_carry_no_letterhead(tmp_path: Path) -> None:
    app = dialog(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await choose(pilot, "#report-format", "docx")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert isinstance(app.result, ReportRequest)
    assert app.result.letterhead is None  # the docx then has dotted blanks


def test_a_word_request_writes_the_official_document(tmp_path: Path) -> None:
    """What the UI's worker does with a docx request: the Word file, letterhead and all."""
    from docx import Document as open_document

    from tracker.reports.letterhead import Letterhead

    tracker = Tracker(Database(tmp_path / "tracker.json"), TODAY)
    tracker.import_data(load_interchange_file(SAMPLE))
    request = ReportRequest(
        "docx",
        "vi",
        TODAY,
        None,
        None,
        tmp_path / "bao-cao.docx",
        letterhead=Letterhead(agency="SỞ KẾ HOẠCH VÀ ĐẦU TƯ"),
    )
    assert tracker.save_report(request, request.path) == request.path
    document = open_document(str(request.path))
    header = [p.text for cell in document.tables[0].rows[0].cells for p in cell.paragraphs]
    assert "SỞ KẾ HOẠCH VÀ ĐẦU TƯ" in header
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header


# --- Snapshots ------------------------------------------------------------------------


async def test_a_period_is_offered_current_ones_first_and_sets_the_date(tmp_path: Path) -> None:
    app = dialog(tmp_path, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.dialog
        period = screen.query_one("#report-period", Select)
        offered = [value for _label, value in period._options]
        # TODAY is 27/11/2026: month 12 (15/11 - 14/12) and Q4 are the current ones.
        assert offered[:6] == ["as-of", "2026-12", "2026-Q4", "2026-H1", "2026-9M", "2026"]
        assert "2026-Q3" in offered and "2026-11" in offered
        await choose(pilot, "#report-period", "2026-Q3")
        as_of = screen.query_one("#report-as-of", Input)
        assert as_of.disabled and as_of.value == "14/09/2026"
        assert shown(screen, "#report-as-of-check") == ""
        assert screen.query_one("#report-path", Input).value == str(
            tmp_path / "bao-cao-2026-Q3.html"
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
    request = app.result
    assert request is not None
    assert request.period is not None and request.period.code == "2026-Q3"
    assert request.as_of == date(2026, 9, 14)


async def test_back_to_a_date_after_a_period(tmp_path: Path) -> None:
    app = dialog(tmp_path, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.dialog
        await choose(pilot, "#report-period", "2026-11")
        await choose(pilot, "#report-period", "as-of")
        as_of = screen.query_one("#report-as-of", Input)
        assert not as_of.disabled
        await replace_text(pilot, as_of, "30/9/2026")
        await pilot.press("ctrl+s")
        await pilot.pause()
    request = app.result
    assert request is not None and request.period is None
    assert request.as_of == date(2026, 9, 30)


@pytest.fixture
def report_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A relative folder that exists: the path field then shows the same on every machine."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bao-cao").mkdir()
    return Path("bao-cao")


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
def test_report_dialog_snapshot(
    size: tuple[int, int], report_folder: Path, snap_compare: SnapCompare
) -> None:
    host = DialogHost(ReportDialog(AGENCIES, MEETINGS, TODAY, report_folder, lang="vi"))

    async def settle(pilot: Pilot[None]) -> None:
        await pilot.pause()

    assert snap_compare(host, terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
def test_report_dialog_snapshot_one_agency(
    size: tuple[int, int], report_folder: Path, snap_compare: SnapCompare
) -> None:
    host = DialogHost(ReportDialog(AGENCIES, MEETINGS, TODAY, report_folder, lang="en"))

    async def settle(pilot: Pilot[None]) -> None:
        await press(pilot, "#report-scope-agency")
        await choose(pilot, "#report-format", "csv")
        await pilot.pause()

    assert snap_compare(host, terminal_size=size, run_before=settle)
