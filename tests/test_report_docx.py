"""The Word report (report --format docx), read back with python-docx: the Nghị định
30/2020 layout, the numbers, the phụ lục, the department's details and the command line."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from docx import Document as open_document
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Mm, Pt
from docx.table import Table

from tests.conftest import SAMPLE, SAMPLE_TASKS, TODAY, CliRunner, cli_env, modules_loaded
from tracker import settings
from tracker.domain.dates import format_date
from tracker.reports.docx_report import render_bytes
from tracker.reports.labels import labels_for
from tracker.reports.letterhead import Letterhead
from tracker.reports.model import StatusReport
from tracker.reports.official_words import ENGLISH, VIETNAMESE, document_number, signing_line
from tracker.reports.render import ReportSpec
from tracker.service import Tracker, load_interchange_file
from tracker.store.database import Database

GENERATED = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)
DEPARTMENT = Letterhead(
    parent_body="UBND thành phố Hà Nội",
    agency="Sở Kế hoạch và Đầu tư",
    place="Hà Nội",
    number="12",
    symbol="BC-SKHĐT",
    position=("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"),
    signer="Nguyễn Văn A",
    recipients=("UBND Thành phố (để báo cáo)", "Sở KH&ĐT tỉnh Thái Nguyên"),
    archive="KTĐN",
)
SETTINGS = {
    "department.parent": "UBND THÀNH PHỐ HÀ NỘI",
    "department.name": "SỞ KẾ HOẠCH VÀ ĐẦU TƯ",
    "department.place": "Hà Nội",
    "department.symbol": "BC-SKHĐT",
    "department.signer": "Nguyễn Văn A",
    "department.position": "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC",
    "department.recipients": "UBND Thành phố; Như trên",
    "department.archive": "KTĐN",
}


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory: pytest.TempPathFactory) -> StatusReport:
    tracker = Tracker(Database(tmp_path_factory.mktemp("sample") / "tracker.json"), TODAY)
    tracker.import_data(load_interchange_file(SAMPLE))
    return tracker.report(ReportSpec("docx", "vi", TODAY, None, None), GENERATED)


def word(report: StatusReport, lang: str = "vi", letterhead: Letterhead = DEPARTMENT) -> Document:
    return open_document(io.BytesIO(render_bytes(report, labels_for(lang), letterhead)))


def cell_lines(table: Table) -> list[list[str]]:
    return [[p.text for p in cell.paragraphs] for cell in table.rows[0].cells]


def mm(length: Length | None) -> int:
    assert length is not None
    return round(float(length.mm))


def body_texts(document: Document) -> list[str]:
    return [p.text for p in document.paragraphs]


def header_table(document: Document) -> Table:
    return document.tables[0]


def appendix_table(document: Document) -> Table:
    return document.tables[-1]


# --- Page, fonts ----------------------------------------------------------------------


def test_a4_portrait_with_the_decrees_margins_then_a_landscape_appendix(
    sample_report: StatusReport,
) -> None:
    document = word(sample_report)
    first, appendix = document.sections[0], document.sections[-1]
    assert len(document.sections) == 2
    assert first.orientation == WD_ORIENT.PORTRAIT
    assert mm(first.page_width) == 210 and mm(first.page_height) == 297
    assert appendix.orientation == WD_ORIENT.LANDSCAPE
    assert mm(appendix.page_width) == 297 and mm(appendix.page_height) == 210
    for section in document.sections:
        assert 20 <= mm(section.top_margin) <= 25
        assert 20 <= mm(section.bottom_margin) <= 25
        assert 30 <= mm(section.left_margin) <= 35
        assert 15 <= mm(section.right_margin) <= 20


def test_times_new_roman_for_every_script_and_a_justified_indented_body(
    sample_report: StatusReport,
) -> None:
    document = word(sample_report)
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    fonts = normal.element.rPr.rFonts
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        assert fonts.get(qn(slot)) == "Times New Roman"
    defaults = document.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:rFonts"))
    assert defaults.get(qn("w:eastAsia")) == "Times New Roman"
    assert not [name for name in defaults.attrib if name.endswith("Theme")]
    assert Pt(13) <= normal.font.size <= Pt(14)
    body = [p for p in document.paragraphs if p.style is not None and p.style.name == "ReportBody"]
    assert len(body) > 10
    assert body[0].style is not None
    style = body[0].style.paragraph_format
    assert style.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert Cm(1) <= style.first_line_indent <= Cm(1.27)
    # No run in the body sets a size of its own outside 13–14 pt.
    sizes = {run.font.size for p in body for run in p.runs if run.font.size is not None}
    assert all(Pt(13) <= size <= Pt(14) for size in sizes)


def test_page_numbers_in_the_top_margin_from_page_two(sample_report: StatusReport) -> None:
    document = word(sample_report)
    first, appendix = document.sections
    assert first.different_first_page_header_footer
    assert first.first_page_header.paragraphs[0].text == ""
    header = first.header.paragraphs[0]
    assert header.alignment == WD_ALIGN_PARAGRAPH.CENTER
    instructions = [t.text for t in header._p.iter(qn("w:instrText"))]
    assert [text.strip() for text in instructions] == ["PAGE"]
    # The appendix's pages go on numbering, its first one included.
    assert appendix.header.is_linked_to_previous
    assert not appendix.different_first_page_header_footer


# --- The official header, the title, the body -----------------------------------------


def test_the_header_names_the_agency_and_carries_the_national_title(
    sample_report: StatusReport,
) -> None:
    document = word(sample_report)
    left, right = header_table(document).rows[0].cells
    assert [p.text for p in left.paragraphs if p.text] == [
        "UBND THÀNH PHỐ HÀ NỘI",
        "SỞ KẾ HOẠCH VÀ ĐẦU TƯ",
        "Số: 12/BC-SKHĐT",
    ]
    assert [p.text for p in right.paragraphs] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Hà Nội, ngày 27 tháng 11 năm 2026",
    ]
    parent, agency = left.paragraphs[0].runs[0], left.paragraphs[1].runs[0]
    assert not parent.bold and agency.bold
    national, motto, dated = (p.runs[0] for p in right.paragraphs)
    assert national.bold and motto.bold and motto.underline and dated.italic
    # Borderless: the header is a layout, not a table to read.
    borders = header_table(document)._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}


def test_title_summary_and_numbered_sections(sample_report: StatusReport) -> None:
    document = word(sample_report)
    texts = body_texts(document)
    title = texts.index("BÁO CÁO")
    assert texts[title + 1] == "Tình hình thực hiện nhiệm vụ hợp tác tính đến ngày 27/11/2026"
    for paragraph in document.paragraphs[title : title + 2]:
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert all(run.bold for run in paragraph.runs)
    assert "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ" in texts
    assert "II. NHIỆM VỤ QUÁ HẠN, ĐƯỢC GIA HẠN VÀ SẮP ĐẾN HẠN" in texts
    assert "1. Số lượng nhiệm vụ" in texts
    assert any(text.startswith("3. Theo cơ quan chủ trì") for text in texts)
    assert any(text.startswith("1. Nhiệm vụ quá hạn") for text in texts)
    assert any(text.startswith("a) Tỷ lệ hoàn thành: ") for text in texts)
    assert any(text.startswith("b) Tỷ lệ đúng hạn: ") for text in texts)
    assert texts.index("I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ") < texts.index(
        "II. NHIỆM VỤ QUÁ HẠN, ĐƯỢC GIA HẠN VÀ SẮP ĐẾN HẠN"
    )


def test_the_counts_and_rates_are_the_reports(sample_report: StatusReport) -> None:
    texts = body_texts(word(sample_report))
    totals = sample_report.totals
    assert totals.total == SAMPLE_TASKS
    assert f"Tổng số nhiệm vụ: {totals.total}, trong đó:" in texts
    assert f"- hoàn thành đúng hạn: {totals.done_on_time};" in texts
    assert f"- quá hạn: {totals.open_overdue};" in texts
    assert f"- đã hủy: {totals.cancelled}." in texts
    completion = next(text for text in texts if text.startswith("a) Tỷ lệ hoàn thành"))
    assert completion == (
        "a) Tỷ lệ hoàn thành: 79,16% = số hoàn thành / (số hoàn thành + số quá hạn) = 19 / 24."
    )
    assert totals.done == 19 and totals.rate_base == 24


def test_the_body_tables_are_the_reports_lists(sample_report: StatusReport) -> None:
    document = word(sample_report)
    by_heading = {table.rows[0].cells[0].text: table for table in document.tables[1:-2]}
    agencies = by_heading["Cơ quan"]
    assert len(agencies.rows) - 1 == len(sample_report.by_agency)
    overdue = next(
        t for t in document.tables if [c.text for c in t.rows[0].cells][-1] == "Số ngày quá hạn"
    )
    assert [row.cells[0].text for row in overdue.rows[1:]] == [
        f"#{item.task.id}" for item in sample_report.overdue
    ]


def test_signature_and_recipients(sample_report: StatusReport) -> None:
    document = word(sample_report)
    recipients, signature = cell_lines(document.tables[-2])
    assert recipients == [
        "Nơi nhận:",
        "- UBND Thành phố (để báo cáo);",
        "- Sở KH&ĐT tỉnh Thái Nguyên;",
        "- Lưu: VT, KTĐN.",
    ]
    assert signature == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn A"]


# --- The appendix ---------------------------------------------------------------------


def test_the_appendix_lists_every_task_under_a_repeating_heading(
    sample_report: StatusReport,
) -> None:
    document = word(sample_report)
    texts = body_texts(document)
    assert "Phụ lục" in texts
    assert "(Kèm theo Báo cáo số 12/BC-SKHĐT ngày 27/11/2026)" in texts
    table = appendix_table(document)
    heading = table.rows[0]
    assert [cell.text for cell in heading.cells] == [
        "STT",
        "Nội dung nhiệm vụ",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Thời hạn",
        "Tình hình thực hiện",
        "Số ngày quá hạn",
        "Ghi chú",
    ]
    properties = heading._tr.trPr
    assert properties is not None and properties.find(qn("w:tblHeader")) is not None
    rows = table.rows[1:]
    assert len(rows) == len(sample_report.tasks) == SAMPLE_TASKS
    assert [row.cells[0].text for row in rows] == [str(n) for n in range(1, SAMPLE_TASKS + 1)]
    assert [row.cells[1].text for row in rows] == [task.title for task, _ in sample_report.tasks]
    overdue = {item.task.id: item.days_overdue for item in sample_report.overdue}
    for row, (task, _) in zip(rows, sample_report.tasks, strict=True):
        assert row.cells[7].text.startswith(f"#{task.id}")
        if task.id in overdue:
            assert row.cells[5].text == "Quá hạn"
            assert row.cells[6].text == f"{overdue[task.id]:,}".replace(",", ".")
    # It fits the landscape page's width.
    widths = sum(int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.iter(qn("w:gridCol")))
    assert abs(Mm(widths * 25.4 / 1440) - Mm(297 - 30 - 15)) < Mm(1)


# --- Missing details, English ----------------------------------------------------------


def test_missing_details_are_dotted_blanks_never_guesses(sample_report: StatusReport) -> None:
    document = word(sample_report, letterhead=Letterhead())
    left, right = cell_lines(header_table(document))
    assert [line for line in left if line] == ["……", "……", "Số: ……/BC-……"]
    assert right[2] == "……, ngày 27 tháng 11 năm 2026"
    recipients, signature = cell_lines(document.tables[-2])
    assert recipients == [
        "Nơi nhận:",
        "- ……;",
        "- Lưu: VT, …….",
    ]
    assert signature == ["……", "……"]
    assert "(Kèm theo Báo cáo số ……/BC-…… ngày 27/11/2026)" in body_texts(document)


def test_an_agency_without_a_parent_body_has_no_parent_line(sample_report: StatusReport) -> None:
    document = word(sample_report, letterhead=Letterhead(agency="Bộ Kế hoạch và Đầu tư"))
    left, _ = cell_lines(header_table(document))
    assert [line for line in left if line] == ["BỘ KẾ HOẠCH VÀ ĐẦU TƯ", "Số: ……/BC-……"]


def test_english_gives_the_same_document_in_english(sample_report: StatusReport) -> None:
    document = word(sample_report, lang="en")
    left, right = cell_lines(header_table(document))
    assert "No.: 12/BC-SKHĐT" in left
    assert right == [
        "SOCIALIST REPUBLIC OF VIET NAM",
        "Independence - Freedom - Happiness",
        "Hà Nội, 27 November 2026",
    ]
    texts = body_texts(document)
    assert "REPORT" in texts
    assert "On the implementation of cooperation tasks as of 27/11/2026" in texts
    assert "I. RESULTS" in texts and "Appendix" in texts
    assert any(text.startswith("a) Completion rate: 79.16% = ") for text in texts)
    recipients, _ = cell_lines(document.tables[-2])
    assert recipients[0] == "Recipients:" and recipients[-1] == "- Archived: VT, KTĐN."
    heading = [cell.text for cell in appendix_table(document).rows[0].cells]
    assert heading[:3] == ["No.", "Task", "Lead agency"]
    everything = "\n".join(
        texts + [c.text for t in document.tables for r in t.rows for c in r.cells]
    )
    for vietnamese in ("Nơi nhận", "BÁO CÁO", "Phụ lục", "Tình hình thực hiện", "Quá hạn"):
        assert vietnamese not in everything


def test_a_period_report_says_its_period_in_the_summary(tmp_path: Path) -> None:
    from tracker.domain.periods import parse_period
    from tracker.reports.render import for_period

    tracker = Tracker(Database(tmp_path / "tracker.json"), TODAY)
    tracker.import_data(load_interchange_file(SAMPLE))
    period = parse_period("2026-Q3")
    spec = for_period(period, fmt="docx", lang="vi")
    document = word(tracker.report(spec, GENERATED))
    texts = body_texts(document)
    summary = texts[texts.index("BÁO CÁO") + 1]
    assert summary.startswith("Tình hình thực hiện nhiệm vụ hợp tác quý III năm 2026")
    start, end = format_date(period.start), format_date(period.end)
    assert summary.endswith(f"(từ ngày {start} đến ngày {end})")


# --- The words: dates, numbers --------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "vi", "en"),
    [
        (date(2026, 10, 5), "Hà Nội, ngày 05 tháng 10 năm 2026", "Hà Nội, 5 October 2026"),
        (date(2027, 1, 9), "Hà Nội, ngày 09 tháng 01 năm 2027", "Hà Nội, 9 January 2027"),
        (date(2027, 2, 28), "Hà Nội, ngày 28 tháng 02 năm 2027", "Hà Nội, 28 February 2027"),
        (date(2027, 3, 15), "Hà Nội, ngày 15 tháng 03 năm 2027", "Hà Nội, 15 March 2027"),
    ],
)
def test_the_signing_line_follows_the_decree(day: date, vi: str, en: str) -> None:
    assert signing_line(VIETNAMESE, "Hà Nội", day) == vi
    assert signing_line(ENGLISH, "Hà Nội", day) == en


@pytest.mark.parametrize(
    ("number", "symbol", "expected"),
    [
        ("12", "BC-SKHĐT", "12/BC-SKHĐT"),
        ("12", "SKHĐT", "12/BC-SKHĐT"),
        ("12/BC-UBND", "BC-SKHĐT", "12/BC-UBND"),
        (None, "BC-SKHĐT", "……/BC-SKHĐT"),
        ("7", None, "7/BC-……"),
        (None, None, "……/BC-……"),
    ],
)
def test_the_document_number(number: str | None, symbol: str | None, expected: str) -> None:
    assert document_number(number, symbol) == expected


# --- Settings -------------------------------------------------------------------------


def test_the_letterhead_comes_from_the_settings_with_the_options_over_them() -> None:
    assert settings.letterhead(SETTINGS, number="12", signer="Trần Thị B") == Letterhead(
        parent_body="UBND THÀNH PHỐ HÀ NỘI",
        agency="SỞ KẾ HOẠCH VÀ ĐẦU TƯ",
        place="Hà Nội",
        number="12",
        symbol="BC-SKHĐT",
        position=("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"),
        signer="Trần Thị B",
        recipients=("UBND Thành phố", "Như trên"),
        archive="KTĐN",
    )
    assert settings.letterhead({}) == Letterhead()
    assert settings.letterhead({}).is_blank()


def configure(tracker: CliRunner) -> None:
    for key, value in SETTINGS.items():
        result = tracker("config", "set", key, value)
        assert result.code == 0, result.stderr


def test_config_keeps_the_department_as_a_table(tracker: CliRunner, own_settings: Path) -> None:
    configure(tracker)
    text = own_settings.read_text(encoding="utf-8")
    assert "[department]" in text and 'name = "SỞ KẾ HOẠCH VÀ ĐẦU TƯ"' in text
    got = tracker("config", "get", "department.position")
    assert got.stdout == "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC\n"
    listed = tracker("config", "list").stdout
    assert "department.recipients" in listed and "UBND Thành phố; Như trên" in listed
    # Written loosely, saved tidily.
    assert tracker("config", "set", "department.recipients", " A ;; B; ").code == 0
    assert tracker("config", "get", "department.recipients").stdout == "A; B\n"


@pytest.mark.parametrize("value", ["", "   ", "dòng một\ndòng hai", " ; ;"])
def test_config_refuses_a_bad_department_detail(
    tracker: CliRunner, own_settings: Path, value: str
) -> None:
    configure(tracker)
    before = own_settings.read_bytes()
    key = "department.recipients" if ";" in value else "department.name"
    result = tracker("config", "set", key, value)
    assert result.code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and key in result.stderr
    assert own_settings.read_bytes() == before


# --- The command line -----------------------------------------------------------------


def test_report_docx_with_settings_number_and_signer(
    tracker: CliRunner, sample_db: Path, tmp_path: Path
) -> None:
    configure(tracker)
    out = tmp_path / "bao-cao.docx"
    result = tracker(
        "--lang", "vi", "report", "--format", "docx", "--number", "12", "--signer",
        "Trần Thị B", "--output", str(out),
    )  # fmt: skip
    assert result.code == 0, result.stderr
    document = open_document(str(out))
    left, right = cell_lines(header_table(document))
    assert [line for line in left if line] == [
        "UBND THÀNH PHỐ HÀ NỘI",
        "SỞ KẾ HOẠCH VÀ ĐẦU TƯ",
        "Số: 12/BC-SKHĐT",
    ]
    assert right[2] == "Hà Nội, ngày 27 tháng 11 năm 2026"
    recipients, signature = cell_lines(document.tables[-2])
    assert signature == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Thị B"]
    assert recipients[1:] == ["- UBND Thành phố;", "- Như trên;", "- Lưu: VT, KTĐN."]
    assert len(appendix_table(document).rows) == SAMPLE_TASKS + 1


def test_report_docx_to_a_pipe_writes_the_file(tracker: CliRunner, sample_db: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "tracker", "report", "--format", "docx"],
        env=cli_env(sample_db),
        capture_output=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    document = open_document(io.BytesIO(completed.stdout))
    assert "REPORT" in body_texts(document)  # the suite speaks English


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_a_document_is_not_printed_on_a_terminal(sample_db: Path, fmt: str) -> None:
    before = sample_db.read_bytes()
    controller, terminal = pty.openpty()
    try:
        completed = subprocess.run(
            [sys.executable, "-m", "tracker", "report", "--format", fmt],
            env=cli_env(sample_db),
            stdout=terminal,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            timeout=60,
        )
    finally:
        os.close(terminal)
        os.close(controller)
    assert completed.returncode == 2
    assert "--output" in completed.stderr
    assert len(completed.stderr.strip().splitlines()) == 1
    assert sample_db.read_bytes() == before


@pytest.mark.parametrize("option", [["--number", "12"], ["--signer", "Trần Thị B"]])
@pytest.mark.parametrize("fmt", ["text", "markdown", "csv", "json"])
def test_number_and_signer_are_for_the_official_formats(
    tracker: CliRunner, sample_db: Path, tmp_path: Path, fmt: str, option: list[str]
) -> None:
    before = sample_db.read_bytes()
    out = tmp_path / "out"
    result = tracker("report", "--format", fmt, *option, "--output", str(out))
    assert result.code == 2
    assert "docx" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()
    assert sample_db.read_bytes() == before


def test_a_number_on_two_lines_is_refused(
    tracker: CliRunner, sample_db: Path, tmp_path: Path
) -> None:
    before = sample_db.read_bytes()
    out = tmp_path / "bao-cao.docx"
    result = tracker("report", "--format", "docx", "--number", "12\n13", "--output", str(out))
    assert result.code == 2
    assert "--number" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()
    assert sample_db.read_bytes() == before


def test_text_and_html_reports_never_load_python_docx(sample_db: Path) -> None:
    commands = [
        ["report"],
        ["report", "--format", "html", "--number", "3"],
        ["list"],
        ["add", "Việc", "--lead", "HN-KHDT"],
    ]
    office = ["docx", "openpyxl", "icalendar"]
    assert modules_loaded(sample_db, commands, office, succeed=True) == []


def test_markup_in_a_title_is_text_in_the_document(
    tracker: CliRunner, sample_db: Path, tmp_path: Path
) -> None:
    title = 'Kiểm tra <w:p> & "ký tự" đặc biệt'
    assert tracker("add", title, "--lead", "HN-KHDT", "--due", "2026-11-20").code == 0
    out = tmp_path / "bao-cao.docx"
    assert tracker("report", "--format", "docx", "--output", str(out)).code == 0
    document = open_document(str(out))
    rows = appendix_table(document).rows
    assert len(rows) == SAMPLE_TASKS + 2
    assert rows[-1].cells[1].text == title
    overdue = [t for t in document.tables if t.rows[0].cells[-1].text == "Days overdue"]
    assert title in [row.cells[1].text for row in overdue[0].rows]
