"""Excel out for task lists: `export --format xlsx`, `list --format xlsx`, `list --output FILE`.

Every workbook is read back with openpyxl: sheet names, headings in both languages, one
row per task, dates as date cells shown dd/mm/yyyy, a bold frozen header with a filter,
column widths, and never a formula cell, whatever the text.
"""

from __future__ import annotations

import io
import json
import os
import pty
import select
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.conftest import SAMPLE, SAMPLE_TASKS, TODAY, CliRunner, cli_env, modules_loaded
from tracker.domain.model import Agency, EventKind, HistoryEvent, Meeting, Status, Task
from tracker.domain.standing import Standing, standing_as_of
from tracker.interchange.dataset import Dataset
from tracker.interchange.sheet_columns import (
    AGENCY_COLUMNS,
    MEETING_COLUMNS,
    SHEET_TITLES,
    TASK_COLUMNS,
)
from tracker.interchange.task_sheet import encode_task_list, encode_workbook
from tracker.interchange.workbook import WIDEST
from tracker.service import ExportSpec, TaskFilter, Tracker, load_interchange_file
from tracker.store.database import Database

DATE_FORMAT = "dd/mm/yyyy"
FORMULA_LIKE = ("=1+1", "+84 912 345 678", "-2+3", "@SUM(A1:A2)", '=HYPERLINK("http://x")')


@pytest.fixture(scope="module")
def sample_tracker(tmp_path_factory: pytest.TempPathFactory) -> Tracker:
    tracker = Tracker(Database(tmp_path_factory.mktemp("sample") / "tracker.json"), TODAY)
    tracker.import_data(load_interchange_file(SAMPLE))
    return tracker


def read_book(content: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(content))


def rows_of(sheet: Any) -> list[tuple[Any, ...]]:
    return list(sheet.iter_rows(values_only=True))


def column_of(sheet: Any, heading: str) -> list[Any]:
    header = [cell.value for cell in sheet[1]]
    index = header.index(heading)
    return [row[index] for row in sheet.iter_rows(min_row=2, values_only=True)]


def assert_no_formulas(book: Any) -> None:
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)


def assert_table_layout(sheet: Any, columns: int, rows: int) -> None:
    """A bold frozen header over an auto filter on every row, each column given a width."""
    assert sheet.freeze_panes == "A2"
    last = openpyxl.utils.get_column_letter(columns)
    assert sheet.auto_filter.ref == f"A1:{last}{rows + 1}"
    assert sheet.max_row == rows + 1
    assert all(cell.font.b for cell in sheet[1])
    for index in range(1, columns + 1):
        width = sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width
        assert 6 <= width <= WIDEST + 2, (index, width)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_export_workbook_has_tasks_agencies_and_meetings(
    sample_tracker: Tracker, lang: str
) -> None:
    book = read_book(sample_tracker.export_bytes(ExportSpec(fmt="xlsx", lang=lang)))
    pick = 1 if lang == "vi" else 0
    assert book.sheetnames == [
        SHEET_TITLES[what][pick] for what in ("tasks", "agencies", "meetings", "agreements")
    ]
    tasks, agencies, meetings, agreements = book.worksheets
    assert [[cell.value for cell in row] for row in agreements.iter_rows(min_row=2)] == [
        [agreement.code, agreement.title, "; ".join(agreement.parties)]
        for agreement in sample_tracker.everything().agreements
    ]
    headings = [column.vi if lang == "vi" else column.en for column in TASK_COLUMNS]
    assert [cell.value for cell in tasks[1]] == headings
    assert_table_layout(tasks, len(TASK_COLUMNS), SAMPLE_TASKS)
    number, uuid = headings[0], headings[-1]
    assert column_of(tasks, number) == list(range(1, SAMPLE_TASKS + 1))
    everything = sample_tracker.everything()
    assert column_of(tasks, uuid) == [task.uuid for task in everything.tasks]

    agency_headings = [column.vi if lang == "vi" else column.en for column in AGENCY_COLUMNS]
    assert rows_of(agencies)[0] == tuple(agency_headings)
    assert_table_layout(agencies, len(AGENCY_COLUMNS), len(everything.agencies))
    assert [row[0] for row in rows_of(agencies)[1:]] == [a.code for a in everything.agencies]
    meeting_headings = [column.vi if lang == "vi" else column.en for column in MEETING_COLUMNS]
    assert rows_of(meetings)[0] == tuple(meeting_headings)
    assert_table_layout(meetings, len(MEETING_COLUMNS), len(everything.meetings))
    dates = [row[2] for row in meetings.iter_rows(min_row=2)]
    assert [cell.value.date() for cell in dates] == [m.date for m in everything.meetings]
    assert {cell.number_format for cell in dates} == {DATE_FORMAT}
    assert_no_formulas(book)


def test_task_cells_are_typed_and_worded_in_the_language(sample_tracker: Tracker) -> None:
    everything = sample_tracker.everything()
    by_id = {task.id: task for task in everything.tasks}
    for lang, done_on_time, overdue_words in (
        ("vi", "hoàn thành đúng hạn", "quá hạn"),
        ("en", "done on time", "overdue"),
    ):
        sheet = read_book(encode_workbook(everything, lang, as_of=TODAY)).worksheets[0]
        header = [cell.value for cell in sheet[1]]
        keys = [column.key for column in TASK_COLUMNS]
        assert len(header) == len(keys)
        for row in sheet.iter_rows(min_row=2):
            cells = dict(zip(keys, row, strict=True))
            task = by_id[cells["number"].value]
            assert cells["number"].data_type == "n"
            assert cells["title"].value == task.title
            assert cells["lead"].value == task.lead
            assert cells["partners"].value == ("; ".join(task.partners) or None)
            if task.due is None:
                assert cells["due"].value is None
            else:
                assert cells["due"].value == datetime(task.due.year, task.due.month, task.due.day)
                assert cells["due"].number_format == DATE_FORMAT
            if task.closed_on is not None:
                assert cells["closed_on"].value.date() == task.closed_on
                assert cells["closed_on"].number_format == DATE_FORMAT
            standing = standing_as_of(task, TODAY)
            if standing is Standing.OPEN_OVERDUE:
                assert cells["standing"].value == overdue_words
                assert task.due is not None
                assert cells["days_overdue"].value == (TODAY - task.due).days
            else:
                assert cells["days_overdue"].value is None
            if standing is Standing.DONE_ON_TIME:
                assert cells["standing"].value == done_on_time
            assert cells["parent"].value == task.parent
            assert cells["meeting"].value == task.meeting
        # The sub-tasks of the sample name their parent by its #id.
        assert any(cell.value for cell in sheet["O"][1:])


def test_deleted_tasks_are_left_out(tmp_path: Path) -> None:
    tracker = Tracker(Database(tmp_path / "tracker.json"), TODAY)
    tracker.import_data(load_interchange_file(SAMPLE))
    tracker.delete_task(4, "Nhập trùng")
    sheet = read_book(tracker.export_bytes(ExportSpec(fmt="xlsx", lang="en"))).worksheets[0]
    numbers = column_of(sheet, "No.")
    assert len(numbers) == SAMPLE_TASKS - 1 and 4 not in numbers


def odd_dataset() -> Dataset:
    """Tasks whose stored text a spreadsheet would run or a terminal would act on."""
    stamp = datetime(2026, 11, 1, tzinfo=UTC)
    tasks = [
        Task(id=n, uuid=f"u{n}", title=title, lead="+84 X", created=stamp)
        for n, title in enumerate(FORMULA_LIKE, start=1)
    ]
    tasks.append(
        Task(
            id=len(tasks) + 1,
            uuid="u-odd",
            title="Tiêu đề \x1b[31mđỏ\x1b[0m",
            lead="=CODE",
            partners=("@A", "-B"),
            description="=1+1\nhai dòng\x07",
            outcome="=cmd|' /C calc'!A0",
            status=Status.DONE,
            closed_on=date(2026, 11, 2),
            history=[HistoryEvent(id="n1", at=stamp, kind=EventKind.NOTE, text="=2*3")],
        )
    )
    return Dataset(
        agencies=[Agency("+84 X", "=Sở", "-S"), Agency("=CODE", "@Ban")],
        meetings=[Meeting("=m", "+Họp", date(2026, 1, 2), place="-x")],
        tasks=tasks,
    )


def test_text_is_never_a_formula_and_controls_are_shown() -> None:
    content = encode_workbook(odd_dataset(), "vi", as_of=TODAY)
    book = read_book(content)
    assert_no_formulas(book)
    tasks = book.worksheets[0]
    titles = column_of(tasks, "Nội dung nhiệm vụ")
    assert titles[: len(FORMULA_LIKE)] == list(FORMULA_LIKE)
    assert titles[-1] == "Tiêu đề ␛[31mđỏ␛[0m"
    assert column_of(tasks, "Mô tả")[-1] == "=1+1\nhai dòng␇"
    assert column_of(tasks, "Ghi chú")[-1] == "01/11/2026: =2*3"
    assert column_of(tasks, "Cơ quan phối hợp")[-1] == "@A; -B"
    # Formula-like text carries Excel's quote prefix, so editing the cell keeps it text.
    for row in tasks.iter_rows(min_row=2, max_col=2):
        assert row[1].data_type == "s" and row[1].quotePrefix == row[1].value.startswith(
            ("=", "+", "-", "@")
        )
    assert b"<f>" not in content  # not even hidden in the XML


def test_column_widths_fit_the_text_within_bounds() -> None:
    long_title = "Nhiệm vụ " * 40
    dataset = Dataset(
        tasks=[
            Task(id=1, uuid="a", title="Ngắn", lead="HN"),
            Task(id=2, uuid="b", title=long_title.strip(), lead="HN"),
        ]
    )
    sheet = read_book(encode_workbook(dataset, "en", as_of=TODAY)).worksheets[0]
    widths = {key: sheet.column_dimensions[key].width for key in ("A", "B", "C", "E")}
    assert widths["B"] >= WIDEST  # the long title: capped
    assert widths["B"] <= WIDEST + 2
    assert widths["A"] < widths["B"]
    assert widths["E"] >= len("30/09/2019")


def test_long_text_wraps_and_its_row_grows_and_sheets_print_one_page_wide() -> None:
    dataset = Dataset(
        tasks=[
            Task(id=1, uuid="a", title="Ngắn", lead="HN"),
            Task(id=2, uuid="b", title=("Nhiệm vụ " * 40).strip(), lead="HN"),
            Task(id=3, uuid="c", title="Ngắn", lead="HN", description="một\nhai\nba"),
        ]
    )
    sheet = read_book(encode_workbook(dataset, "en", as_of=TODAY)).worksheets[0]
    assert sheet["B3"].alignment.wrap_text  # a title over the widest column: wrapped
    assert sheet.row_dimensions[2].height is None  # one line high, as Excel draws it
    assert sheet.row_dimensions[3].height >= 3 * 15  # 319 characters in 60-wide lines
    assert sheet.row_dimensions[4].height == 3 * 15  # the description's three lines
    setup = sheet.page_setup
    assert (setup.paperSize, setup.orientation, setup.fitToHeight) == (9, "landscape", 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$1:$1"


def test_task_list_sheet_is_the_tasks_given(sample_tracker: Tracker) -> None:
    listing = sample_tracker.listing(TaskFilter(overdue=True), TODAY)
    book = read_book(encode_task_list(listing.tasks, "vi", as_of=TODAY))
    assert book.sheetnames == ["Nhiệm vụ"]
    sheet = book.worksheets[0]
    assert_table_layout(sheet, len(TASK_COLUMNS), len(listing.tasks))
    assert column_of(sheet, "STT") == [task.id for task in listing.tasks]
    assert set(column_of(sheet, "Tình hình thực hiện")) == {"quá hạn"}


# --- The command line, as real processes ----------------------------------------------


def test_list_format_xlsx_output_writes_the_listed_tasks(
    sample_db: Path, tracker: CliRunner, tmp_path: Path
) -> None:
    before = sample_db.read_bytes()
    target = tmp_path / "qua-han.xlsx"
    result = tracker(
        "--lang", "vi", "list", "--overdue", "--format", "xlsx", "--output", str(target)
    )
    assert result.code == 0, result.stderr
    assert result.stdout == ""
    sheet = read_book(target.read_bytes()).worksheets[0]
    assert sheet.title == "Nhiệm vụ"
    assert [cell.value for cell in sheet[1]] == [column.vi for column in TASK_COLUMNS]
    table = tracker("list", "--overdue", "--format", "json")
    overdue = [task["id"] for task in json.loads(table.stdout)]
    assert column_of(sheet, "STT") == overdue
    assert sample_db.read_bytes() == before


def test_list_xlsx_to_a_pipe_writes_the_workbook(sample_db: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "tracker", "list", "--format", "xlsx"],
        env=cli_env(sample_db),
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    sheet = read_book(completed.stdout).worksheets[0]
    assert sheet.title == "Tasks"
    assert sheet.max_row == SAMPLE_TASKS + 1


def run_on_a_terminal(db: Path, *args: str) -> tuple[int, bytes, str]:
    """Run the tracker with its stdout on a pseudo-terminal: exit code, what reached the
    terminal, and stderr."""
    terminal, process_side = pty.openpty()
    try:
        completed = subprocess.run(
            [sys.executable, "-m", "tracker", *args],
            env=cli_env(db),
            stdin=subprocess.DEVNULL,
            stdout=process_side,
            stderr=subprocess.PIPE,
            timeout=60,
            check=False,
        )
        shown = b""
        while select.select([terminal], [], [], 0)[0]:
            try:
                chunk = os.read(terminal, 65536)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(process_side)
        os.close(terminal)
    return completed.returncode, shown, completed.stderr.decode()


@pytest.mark.parametrize(
    "args",
    [["list", "--format", "xlsx"], ["export", "--format", "xlsx"], ["report", "--format", "xlsx"]],
    ids=" ".join,
)
def test_a_workbook_is_refused_on_a_terminal(sample_db: Path, args: list[str]) -> None:
    before = sample_db.read_bytes()
    code, shown, stderr = run_on_a_terminal(sample_db, *args)
    assert code == 2, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and "--output FILE" in lines[0], stderr
    assert shown == b""
    assert sample_db.read_bytes() == before


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_list_output_file_holds_what_would_be_printed(
    sample_db: Path, tracker: CliRunner, tmp_path: Path, fmt: str
) -> None:
    printed = tracker("list", "--agency", "HN-CT", "--format", fmt)
    assert printed.code == 0, printed.stderr
    target = tmp_path / f"list.{fmt}"
    saved = tracker("list", "--agency", "HN-CT", "--format", fmt, "--output", str(target))
    assert saved.code == 0, saved.stderr
    assert saved.stdout == ""
    # A CSV file starts with the byte-order mark Excel needs; a pipe gets none.
    mark = "\ufeff" if fmt == "csv" else ""
    assert target.read_bytes() == (mark + printed.stdout).encode("utf-8")


def test_list_output_never_replaces_the_database(sample_db: Path, tracker: CliRunner) -> None:
    before = sample_db.read_bytes()
    result = tracker("list", "--format", "xlsx", "--output", str(sample_db))
    assert result.code == 1
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert sample_db.read_bytes() == before


def test_export_format_xlsx_output(sample_db: Path, tracker: CliRunner, tmp_path: Path) -> None:
    before = sample_db.read_bytes()
    target = tmp_path / "nhiem-vu.xlsx"
    result = tracker("--lang", "vi", "export", "--format", "xlsx", "--output", str(target))
    assert result.code == 0, result.stderr
    book = read_book(target.read_bytes())
    assert book.sheetnames == ["Nhiệm vụ", "Cơ quan", "Cuộc họp", "Thỏa thuận"]
    assert book.worksheets[0].max_row == SAMPLE_TASKS + 1
    assert_no_formulas(book)
    assert sample_db.read_bytes() == before


def test_plain_commands_never_load_the_excel_libraries(sample_db: Path) -> None:
    commands = [
        ["list", "--overdue"],
        ["list", "--format", "csv"],
        ["add", "Việc", "--lead", "HN-KHDT"],
        ["report"],
        ["report", "--format", "csv"],
        ["export"],
    ]
    assert modules_loaded(sample_db, commands, ["xlsxwriter", "openpyxl"]) == []
