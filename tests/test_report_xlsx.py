"""`report --format xlsx`: the summary and list sheets, read back with openpyxl.

The sample as of 27/11/2026 in both languages: sheet names and headings, counts as
numbers, rates as numbers shown as percentages (cut like every printed rate), dates as
dates, one appendix row per task, a bold frozen header with a filter on every list sheet,
and never a formula cell, even for text that starts like one.
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.conftest import SAMPLE, SAMPLE_TASKS, TODAY, CliRunner
from tracker.domain.model import Agency, Task
from tracker.domain.periods import parse_period
from tracker.domain.standing import Standing
from tracker.interchange.sheet_columns import TASK_COLUMNS
from tracker.reports.labels import labels_for
from tracker.reports.model import STANDINGS, StatusReport, build_report
from tracker.reports.render import ReportSpec, encode_report
from tracker.service import Tracker, load_interchange_file
from tracker.store.database import Database

GENERATED = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)
DATE_FORMAT = "dd/mm/yyyy"
APPENDIX = ("number", "title", "lead", "partners", "due", "standing", "days_overdue", "notes")


@pytest.fixture(scope="module")
def sample_tracker(tmp_path_factory: pytest.TempPathFactory) -> Tracker:
    tracker = Tracker(Database(tmp_path_factory.mktemp("sample") / "tracker.json"), TODAY)
    tracker.import_data(load_interchange_file(SAMPLE))
    return tracker


def sample_report(tracker: Tracker, lang: str) -> tuple[StatusReport, Any]:
    spec = ReportSpec("xlsx", lang, TODAY, None, None)
    report = tracker.report(spec, GENERATED)
    content = tracker.render_report(spec, GENERATED)
    return report, openpyxl.load_workbook(io.BytesIO(content))


def assert_no_formulas(book: Any) -> None:
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)


def find_row(sheet: Any, first: str) -> tuple[Any, ...]:
    """The row of the summary whose first cell is `first`."""
    for row in sheet.iter_rows():
        if row[0].value == first:
            return tuple(row)
    raise AssertionError(f"no row {first!r} in {sheet.title}")


def assert_list_sheet(sheet: Any, headings: list[str], rows: int) -> None:
    assert [cell.value for cell in sheet[1]] == headings
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    last = openpyxl.utils.get_column_letter(len(headings))
    assert sheet.auto_filter.ref == f"A1:{last}{rows + 1}"
    assert sheet.max_row == rows + 1
    for index in range(1, len(headings) + 1):
        letter = openpyxl.utils.get_column_letter(index)
        assert sheet.column_dimensions[letter].width >= 6


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_sheets_and_summary(sample_tracker: Tracker, lang: str) -> None:
    report, book = sample_report(sample_tracker, lang)
    labels = labels_for(lang)
    assert book.sheetnames == [
        labels.sheet_summary,
        labels.sheet_all_tasks,
        labels.sheet_overdue,
        labels.sheet_extensions,
        labels.sheet_due_soon,
    ]
    summary = book[labels.sheet_summary]
    assert summary["A1"].value == labels.title
    assert summary["A1"].font.b
    as_of = find_row(summary, labels.as_of)[1]
    assert as_of.value == datetime(2026, 11, 27) and as_of.number_format == DATE_FORMAT
    assert find_row(summary, labels.scope)[1].value == labels.scope_all
    total = find_row(summary, labels.tasks)[1]
    assert total.value == SAMPLE_TASKS == report.totals.total and total.data_type == "n"
    for standing in STANDINGS:
        assert find_row(summary, labels.standing(standing))[1].value == report.totals[standing]
    # 19 done of 24 done or overdue: 79.16%, cut as every printed rate is.
    completion = find_row(summary, labels.completion_rate)
    assert completion[1].value == pytest.approx(0.7916)
    assert completion[1].data_type == "n" and completion[1].number_format == "0.00%"
    assert completion[2].value == "19 / 24"
    assert completion[3].value == labels.completion_formula
    on_time = find_row(summary, labels.on_time_rate)
    assert on_time[1].value == pytest.approx(0.5) and on_time[1].number_format == "0.00%"
    assert on_time[3].value == labels.on_time_formula
    # One row per lead agency, with its counts and rates as numbers.
    for row in report.by_agency:
        name = row.agency.short_name if row.agency else row.code
        cells = find_row(summary, name)
        assert cells[1].value == row.code
        assert [cell.value for cell in cells[2:8]] == [
            row.counts.total,
            *(row.counts[standing] for standing in STANDINGS),
        ]
        rate = row.counts.completion_ratio
        if rate is None:
            assert cells[8].value == labels.not_applicable_short
        else:
            assert cells[8].value == pytest.approx(rate.hundredths() / 10_000)
            assert cells[8].number_format == "0.00%"
    assert_no_formulas(book)


@pytest.mark.parametrize(
    ("lang", "headings"),
    [
        (
            "vi",
            [
                "STT",
                "Nội dung nhiệm vụ",
                "Cơ quan chủ trì",
                "Cơ quan phối hợp",
                "Thời hạn",
                "Tình hình thực hiện",
                "Số ngày quá hạn",
                "Ghi chú",
            ],
        ),
        (
            "en",
            [
                "No.",
                "Task",
                "Lead agency",
                "Partner agencies",
                "Deadline",
                "Standing",
                "Days overdue",
                "Notes",
            ],
        ),
    ],
)
def test_appendix_has_every_task(sample_tracker: Tracker, lang: str, headings: list[str]) -> None:
    report, book = sample_report(sample_tracker, lang)
    labels = labels_for(lang)
    by_key = {column.key: column for column in TASK_COLUMNS}
    assert headings == [getattr(by_key[key], lang) for key in APPENDIX]
    sheet = book[labels.sheet_all_tasks]
    assert_list_sheet(sheet, headings, SAMPLE_TASKS)
    rows = list(sheet.iter_rows(min_row=2))
    for (task, standing), row in zip(report.tasks, rows, strict=True):
        cells = dict(zip(APPENDIX, row, strict=True))
        assert cells["number"].value == task.id
        assert cells["title"].value == task.title
        assert cells["lead"].value == report.short_name(task.lead)
        assert cells["standing"].value == labels.standing(standing)
        if task.due is not None:
            assert cells["due"].value.date() == task.due
            assert cells["due"].number_format == DATE_FORMAT
        if standing is Standing.OPEN_OVERDUE:
            assert task.due is not None
            assert cells["days_overdue"].value == (TODAY - task.due).days
        else:
            assert cells["days_overdue"].value is None


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_overdue_extension_and_due_soon_sheets(sample_tracker: Tracker, lang: str) -> None:
    report, book = sample_report(sample_tracker, lang)
    labels = labels_for(lang)
    overdue = book[labels.sheet_overdue]
    heading = [labels.task_id, labels.task, labels.lead, labels.partners, labels.due]
    assert_list_sheet(overdue, [*heading, labels.days_overdue], len(report.overdue))
    assert len(report.overdue) == 5
    listed = [(row[0], row[5]) for row in overdue.iter_rows(min_row=2, values_only=True)]
    assert listed == [(item.task.id, item.days_overdue) for item in report.overdue]
    first_due = overdue["E2"]
    assert first_due.number_format == DATE_FORMAT and first_due.value.date() == (
        report.overdue[0].task.due
    )
    extensions = book[labels.sheet_extensions]
    assert_list_sheet(
        extensions,
        [
            labels.task_id,
            labels.task,
            labels.lead,
            labels.original_deadline,
            labels.current_deadline,
            labels.reason,
            labels.document,
        ],
        len(report.extended),
    )
    for item, row in zip(report.extended, extensions.iter_rows(min_row=2), strict=True):
        assert row[0].value == item.task.id
        assert row[4].value.date() == item.current and row[4].number_format == DATE_FORMAT
    due_soon = book[labels.sheet_due_soon]
    assert_list_sheet(due_soon, [*heading, labels.days_left], len(report.due_soon))


def formula_report() -> StatusReport:
    task = Task(id=1, uuid="u1", title="=1+1", lead="X", partners=("Y",), due=date(2026, 9, 1))
    soon = Task(id=2, uuid="u2", title="+84 912 345 678", lead="Y", due=date(2026, 11, 30))
    return build_report(
        [task, soon],
        TODAY,
        GENERATED,
        agencies={"X": Agency("X", "=HYPERLINK(1)", "-X"), "Y": Agency("Y", "@Y", "@Y")},
        meetings={},
        agreements={},
    )


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_text_is_never_a_formula(lang: str) -> None:
    content = encode_report(formula_report(), "xlsx", lang)
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert_no_formulas(book)
    labels = labels_for(lang)
    appendix = book[labels.sheet_all_tasks]
    assert [appendix["B2"].value, appendix["C2"].value, appendix["D2"].value] == [
        "=1+1",
        "-X",
        "@Y",
    ]
    assert appendix["B3"].value == "+84 912 345 678"
    assert book[labels.sheet_overdue]["B2"].value == "=1+1"
    assert book[labels.sheet_due_soon]["B2"].value == "+84 912 345 678"
    assert b"<f>" not in content


def test_no_rate_is_said_in_words() -> None:
    empty = build_report([], TODAY, GENERATED, agencies={}, meetings={}, agreements={})
    book = openpyxl.load_workbook(io.BytesIO(encode_report(empty, "xlsx", "vi")))
    summary = book[labels_for("vi").sheet_summary]
    assert find_row(summary, "Tỷ lệ hoàn thành")[1].value == "không áp dụng"
    assert book[labels_for("vi").sheet_all_tasks].max_row == 1


def test_cli_report_format_xlsx_output(sample_db: Path, tracker: CliRunner, tmp_path: Path) -> None:
    before = sample_db.read_bytes()
    target = tmp_path / "bao-cao.xlsx"
    result = tracker("--lang", "vi", "report", "--format", "xlsx", "--output", str(target))
    assert result.code == 0, result.stderr
    assert result.stdout == ""
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["Tổng hợp", "Phụ lục", "Quá hạn", "Gia hạn", "Sắp đến hạn"]
    assert book["Phụ lục"].max_row == SAMPLE_TASKS + 1
    assert_no_formulas(book)
    assert sample_db.read_bytes() == before


def test_cli_report_format_xlsx_period(sample_db: Path, tracker: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "q3.xlsx"
    result = tracker("report", "--period", "2026-Q3", "--format", "xlsx", "--output", str(target))
    assert result.code == 0, result.stderr
    summary = openpyxl.load_workbook(target)["Summary"]
    labels = labels_for("en")
    assert summary["A1"].value.startswith("Report for")
    end = parse_period("2026-Q3").end  # a period report is as of its last day
    assert find_row(summary, labels.as_of)[1].value.date() == end
    assert find_row(summary, labels.period_assigned)[1].data_type == "n"
