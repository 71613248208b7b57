"""`tracker import tasks.xlsx`: task sheets as departments circulate them, read all or nothing.

Sheets are built with openpyxl in temporary folders, imported through the service and
through real `tracker` processes, and the database is checked byte for byte after every
refusal.
"""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import (
    ROOT,
    SAMPLE,
    TODAY,
    CliRunner,
    Result,
    modules_loaded,
    run_tracker,
)
from tests.server import is_server, replace_with_copy, state_of
from tracker.domain.agency_names import AgencyNames
from tracker.domain.errors import InvalidInput
from tracker.domain.model import Agency, Status
from tracker.domain.text import loose_key
from tracker.interchange.sheet_columns import AGENCY_COLUMNS, MEETING_COLUMNS, TASK_COLUMNS
from tracker.service import Tracker, load_interchange_file
from tracker.store.database import Database

SAMPLE_SHEET = ROOT / "sample_data" / "nhiem-vu-hn-tn.xlsx"
VI_HEADINGS = (
    "STT",
    "Nội dung nhiệm vụ",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời hạn",
    "Ghi chú",
)

Cell = object


def write_sheet(
    path: Path,
    rows: Sequence[Sequence[Cell]],
    *,
    headings: Sequence[str] = VI_HEADINGS,
    title: str = "Nhiệm vụ",
    above: Sequence[Sequence[Cell]] = (("DANH MỤC NHIỆM VỤ",), ()),
    more: dict[str, Sequence[Sequence[Any]]] | None = None,
) -> Path:
    """A workbook whose first sheet has `above`, then `headings`, then `rows`."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in above:
        sheet.append(list(row))
    sheet.append(list(headings))
    for row in rows:
        sheet.append(list(row))
    for name, other_rows in (more or {}).items():
        other = book.create_sheet(name)
        for row in other_rows:
            other.append(row)
    book.save(path)
    return path


@pytest.fixture(scope="module")
def sample_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The sample database's file, made once for the module."""
    path = tmp_path_factory.mktemp("sample") / "tracker.json"
    Tracker(Database(path), TODAY).import_data(load_interchange_file(SAMPLE))
    return path.read_bytes()


@pytest.fixture
def sample(request: pytest.FixtureRequest, db: Path | str, sample_bytes: bytes) -> Path | str:
    """A database holding the sample: a file in this test's folder, or a server database."""
    if is_server(db):
        replace_with_copy(str(db), request.getfixturevalue("server_sample_template"))
        return db
    Path(db).write_bytes(sample_bytes)
    return db


def import_sheet(db: Path | str, sheet: Path, **options: Any) -> Any:
    """Import `sheet` into `db` through the service, as `tracker import` does."""
    from tracker.service import load_task_workbook, read_import_file

    sheet_name = options.pop("sheet", None)
    book = load_task_workbook(sheet, read_import_file(sheet), sheet_name)
    return Tracker.open(db, today=TODAY).import_sheet(book, **options)


def tasks_of(db: Path | str) -> list[Any]:
    """The database's tasks, by id."""
    return sorted(Tracker.open(db, today=TODAY).everything().tasks, key=lambda t: t.id)


def refused(tracker: CliRunner, db: Path, *args: str) -> Result:
    """Run a command that must be refused: exit 2, one line, the database unchanged."""
    before = db.read_bytes()
    result = tracker(*args)
    assert result.code == 2, (result.stdout, result.stderr)
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert db.read_bytes() == before
    return result


# Reading a sheet -------------------------------------------------------------------------


def test_a_vietnamese_sheet_with_its_headings_on_row_3(sample: Path | str, tmp_path: Path) -> None:
    sheet = write_sheet(
        tmp_path / "tasks.xlsx",
        [
            # Agencies by full name, by short name without diacritics, by code in lower
            # case; partners parted by a comma, a semicolon and a line break.
            (
                1,
                "Kết nối  tiêu thụ chè",
                "Sở Công Thương Hà Nội",
                "Sở CT Thái Nguyên, TN-KHDT",
                datetime(2027, 3, 31),
                "Ưu tiên chè Tân Cương",
            ),
            (
                2,
                "Tuần du lịch",
                "so vhtt&dl thai nguyen",
                "Sở Du lịch Hà Nội; UBND Hà Nội",
                "trong quý II/2027",
                None,
            ),
            (
                3,
                "Tuyến xe buýt",
                "hn-gtvt",
                "Sở GTVT Thái Nguyên\nCông an tỉnh Thái Nguyên",
                "năm 2027",
                "",
            ),
            # A comma inside a name: "Sở Văn hóa, Thể thao và Du lịch Thái Nguyên".
            (
                4,
                "Lễ hội",
                "Sở Du lịch Hà Nội",
                "Sở Văn hóa, Thể thao và Du lịch Thái Nguyên, Sở CT Hà Nội",
                "30/9/2027",
                None,
            ),
            (5, None, None, None, None, None),  # only an STT: skipped
            (None, None, None, None, None, None),  # empty: skipped
            (6, "Báo cáo\nnăm 2026", "HN-KHDT", None, date(2027, 1, 15), None),
        ],
    )
    result = import_sheet(sample, sheet)
    assert result.added_tasks == [32, 33, 34, 35, 36]
    added = tasks_of(sample)[31:]
    assert [(t.title, t.lead, t.partners, t.due) for t in added] == [
        ("Kết nối tiêu thụ chè", "HN-CT", ("TN-CT", "TN-KHDT"), date(2027, 3, 31)),
        ("Tuần du lịch", "TN-VHTTDL", ("HN-DL", "HN-UBND"), date(2027, 6, 30)),
        ("Tuyến xe buýt", "HN-GTVT", ("TN-GTVT", "TN-CA"), date(2027, 12, 31)),
        ("Lễ hội", "HN-DL", ("TN-VHTTDL", "HN-CT"), date(2027, 9, 30)),
        # A line break in a cell (Alt+Enter) is a space in a title, which is one line.
        ("Báo cáo năm 2026", "HN-KHDT", (), date(2027, 1, 15)),
    ]
    first = added[0]
    assert first.status is Status.OPEN and first.meeting is None
    # Ghi chú: a progress note of today, after the created event.
    assert [event.kind.value for event in first.history] == ["created", "note"]
    assert first.history[1].text == "Ưu tiên chè Tân Cương"
    assert first.history[1].at.date() == TODAY
    assert [event.kind.value for event in added[1].history] == ["created"]


@pytest.mark.parametrize(
    "headings",
    [
        ("No.", "Task", "Lead agency", "Partner agencies", "Deadline", "Notes"),
        ("#", "TASK", "lead AGENCY", "partner agencies", "DUE DATE", "remarks"),
        ("stt", "NOI DUNG NHIEM VU", "co quan chu tri", "Co quan phoi hop", "thoi han", "ghi chu"),
        (
            "TT",
            "Nội dung (nhiệm vụ)",
            "Cơ quan chủ trì thực hiện",
            "Đơn vị phối hợp thực hiện",
            "Thời hạn\nhoàn thành",
            "Ghi chú:",
        ),
    ],
)
def test_headings_in_english_or_without_case_diacritics_and_punctuation(
    sample: Path | str, tmp_path: Path, headings: tuple[str, ...]
) -> None:
    sheet = write_sheet(
        tmp_path / "tasks.xlsx",
        [(1, "Việc một", "Sở KH&ĐT Hà Nội", "Sở KH&ĐT Thái Nguyên", "31/12/2027", "ghi")],
        headings=headings,
    )
    import_sheet(sample, sheet)
    task = tasks_of(sample)[-1]
    assert (task.title, task.lead, task.partners, task.due) == (
        "Việc một",
        "HN-KHDT",
        ("TN-KHDT",),
        date(2027, 12, 31),
    )
    assert task.history[-1].text == "ghi"


def test_text_is_stored_in_one_form_and_numbers_as_written(
    sample: Path | str, tmp_path: Path
) -> None:
    decomposed = unicodedata.normalize("NFD", "Việc  một")
    sheet = write_sheet(
        tmp_path / "tasks.xlsx",
        [(1, decomposed, "HN-KHDT", None, 2027.0, None), (2, 42, "HN-KHDT", None, None, None)],
    )
    import_sheet(sample, sheet)
    first, second = tasks_of(sample)[-2:]
    assert (first.title, first.due) == ("Việc một", date(2027, 12, 31))  # 2027: "năm 2027"
    assert second.title == "42"


def test_unknown_columns_are_ignored_and_a_column_numbering_row_is_skipped(
    sample: Path | str, tmp_path: Path
) -> None:
    sheet = write_sheet(
        tmp_path / "tasks.xlsx",
        [
            ("(1)", "(2)", "(3)", "(4)", "(5)", "(6)"),
            (1, "Việc", "HN-KHDT", None, None, None, "anything", 42),
        ],
        headings=(*VI_HEADINGS, "Người theo dõi", "Kinh phí"),
    )
    assert len(import_sheet(sample, sheet).added_tasks) == 1
    assert tasks_of(sample)[-1].due is None


def test_every_column_an_export_writes_is_read(sample: Path | str, tmp_path: Path) -> None:
    headings = [column.vi for column in TASK_COLUMNS]
    values = {
        "number": 1,
        "title": "Việc đã xong",
        "lead": "HN-KHDT",
        "partners": "TN-KHDT",
        "due": date(2026, 10, 1),
        "status": "hoàn thành",
        "standing": "hoàn thành quá hạn",
        "days_overdue": 5,
        "closed_on": date(2026, 10, 6),
        "outcome": "Đã ký",
        "meeting": "2026-10-15-hn-tn",
        "area": "du lịch",
        "document": "215/TB-VP",
        "directed_by": "Bùi Xuân Hòa",
        "parent": None,
        "description": "Hai dòng\nmô tả",
        "notes": None,
        "uuid": "AAAAAAAA-0000-4000-8000-000000000001",
    }
    sheet = write_sheet(
        tmp_path / "tasks.xlsx", [[values[c.key] for c in TASK_COLUMNS]], headings=headings
    )
    import_sheet(sample, sheet)
    task = tasks_of(sample)[-1]
    assert task.uuid == "aaaaaaaa-0000-4000-8000-000000000001"
    assert (task.status, task.closed_on, task.outcome) == (Status.DONE, date(2026, 10, 6), "Đã ký")
    assert (task.meeting, task.area) == ("2026-10-15-hn-tn", "tourism")
    assert (task.document, task.directed_by) == ("215/TB-VP", "Bùi Xuân Hòa")
    assert task.description == "Hai dòng\nmô tả"


PART_OF_HEADINGS = ("STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Nhiệm vụ cha")


def test_a_part_of_cell_names_another_row_by_its_number_or_title(
    sample: Path | str, tmp_path: Path
) -> None:
    sheet = write_sheet(
        tmp_path / "tasks.xlsx",
        [
            (8, "Khảo sát điểm đến", "HN-DL", "#7"),  # a row below may be the parent
            (7, "Chương trình du lịch", "HN-DL", 26),  # this sheet's row 26, not task #26
            (9, "In tờ gấp", "HN-DL", "chuong trinh du lich"),
            (10, "Phát tờ gấp", "HN-DL", "#9 In tờ gấp"),
            (26, "Tổng hợp", "HN-KHDT", None),
        ],
        headings=PART_OF_HEADINGS,
    )
    import_sheet(sample, sheet)
    first, parent, second, third, top = tasks_of(sample)[-5:]
    assert (first.parent, second.parent, third.parent) == (parent.id, parent.id, second.id)
    assert set(parent.subtasks) == {first.id, second.id}
    assert parent.parent == top.id and top.parent is None


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([(1, "A", "HN-DL", "#5")], 'row 4, column "Nhiệm vụ cha": no row of this sheet has'),
        ([(1, "A", "HN-DL", 1)], 'row 4, column "Nhiệm vụ cha": a task cannot be part of itself'),
        (
            [(1, "A", "HN-DL", 2), (2, "B", "HN-DL", 1)],
            "are part of one another in a circle",
        ),
        ([(1, "A", "HN-DL", "Không có")], '"Không có" is neither the number nor the title'),
    ],
)
def test_a_part_of_cell_naming_no_row_or_a_circle_is_refused(
    sample: Path | str, tmp_path: Path, rows: list[tuple[Any, ...]], expected: str
) -> None:
    sheet = write_sheet(tmp_path / "tasks.xlsx", rows, headings=PART_OF_HEADINGS)
    before = state_of(sample)
    with pytest.raises(InvalidInput, match=re.escape(expected)):
        import_sheet(sample, sheet)
    assert state_of(sample) == before


def test_status_words_and_a_closing_day_without_a_status(
    sample: Path | str, tmp_path: Path
) -> None:
    sheet = write_sheet(
        tmp_path / "tasks.xlsx",
        [
            ("A", "HN-KHDT", "đang thực hiện", None),
            ("B", "HN-KHDT", "Blocked", None),
            ("C", "HN-KHDT", "dừng/hủy", "01/11/2026"),
            ("D", "HN-KHDT", None, date(2026, 11, 2)),  # a closing day: done
            ("E", "HN-KHDT", "in_progress", None),
        ],
        headings=("Nội dung nhiệm vụ", "Cơ quan chủ trì", "Trạng thái", "Ngày hoàn thành"),
    )
    import_sheet(sample, sheet)
    assert [(t.status.value, t.closed_on) for t in tasks_of(sample)[-5:]] == [
        ("in_progress", None),
        ("blocked", None),
        ("cancelled", date(2026, 11, 1)),
        ("done", date(2026, 11, 2)),
        ("in_progress", None),
    ]


def test_the_workbooks_agencies_and_meetings_sheets_fill_an_empty_database(
    tmp_path: Path, db: Path | str
) -> None:
    agencies = [
        [c.vi for c in AGENCY_COLUMNS],
        ["HN-X", "Sở X Hà Nội", "Sở X", "Hà Nội"],
        ["TN-Y", "Sở Y Thái Nguyên", "", "Thái Nguyên"],
    ]
    meetings: list[list[object]] = [
        [c.en for c in MEETING_COLUMNS],
        ["m-1", "Họp một", date(2026, 10, 1), "Hà Nội", "HN-TN", "An; Bình", "12/TB"],
    ]
    sheet = write_sheet(
        tmp_path / "book.xlsx",
        [(1, "Việc", "Sở X", "Sở Y Thái Nguyên", "30/6/2027", None)],
        more={"Cơ quan": agencies, "Meetings": meetings},
    )
    result = import_sheet(db, sheet)
    assert (result.added_agencies, result.added_meetings, len(result.added_tasks)) == (2, 1, 1)
    everything = Tracker.open(db, today=TODAY).everything()
    (meeting,) = everything.meetings
    # The workbook carries no agreements: a code the database lacks is not kept.
    assert (meeting.id, meeting.chairs, meeting.agreement) == ("m-1", ("An", "Bình"), None)
    (task,) = everything.tasks
    assert (task.lead, task.partners) == ("HN-X", ("TN-Y",))
    # Again: nothing new.
    again = import_sheet(db, sheet)
    assert (again.added_agencies, again.added_meetings, again.skipped_tasks) == (0, 0, 1)


@pytest.mark.parametrize(
    ("sheet_title", "rows", "expected"),
    [
        (
            "Cơ quan",
            [["Mã", "Tên cơ quan"], ["HN X", "Sở X"]],
            'sheet "Cơ quan", row 2, column "Mã": agency code \'HN X\' must be',
        ),
        (
            "Cuộc họp",
            [["Mã cuộc họp", "Tên cuộc họp", "Ngày họp"], ["m-2", "Họp hai", None]],
            'sheet "Cuộc họp", row 2, column "Ngày họp": the meeting\'s date is missing',
        ),
    ],
)
def test_a_bad_row_of_the_agencies_or_meetings_sheet_is_named_with_its_sheet(
    sample: Path | str, tmp_path: Path, sheet_title: str, rows: list[list[Any]], expected: str
) -> None:
    sheet = write_sheet(tmp_path / "book.xlsx", [GOOD_ROW], more={sheet_title: rows})
    before = state_of(sample)
    with pytest.raises(InvalidInput, match=re.escape(expected)):
        import_sheet(sample, sheet)
    assert state_of(sample) == before


def test_reimporting_a_sheet_adds_nothing_with_or_without_a_uuid_column(
    sample: Path | str, tmp_path: Path
) -> None:
    plain = write_sheet(
        tmp_path / "plain.xlsx",
        [(1, "Việc", "HN-KHDT", None, None, None), (2, "Việc", "HN-KHDT", None, None, None)],
    )
    assert len(import_sheet(sample, plain).added_tasks) == 2  # two rows alike: two tasks
    assert import_sheet(sample, plain).skipped_tasks == 2
    with_uuid = write_sheet(
        tmp_path / "uuid.xlsx",
        [("Khác", "HN-KHDT", "0b1c0b1c-0000-4000-8000-00000000000a")],
        headings=("Task", "Lead agency", "UUID"),
    )
    assert len(import_sheet(sample, with_uuid).added_tasks) == 1
    assert import_sheet(sample, with_uuid).skipped_tasks == 1
    assert len(tasks_of(sample)) == 31 + 3


def test_agency_names_find_by_code_name_or_short_name_and_refuse_a_shared_name() -> None:
    names = AgencyNames(
        [
            Agency("HN-KHDT", "Sở Kế hoạch và Đầu tư Hà Nội", "Sở KH&ĐT Hà Nội"),
            Agency("HN-A", "Ban A", "Ban chung"),
            Agency("HN-B", "Ban B", "Ban chung"),
        ]
    )
    assert names.find("hn-khdt") == "HN-KHDT"
    assert names.find("so ke hoach va dau tu ha noi") == "HN-KHDT"
    assert names.find("SỞ KH-ĐT  HÀ NỘI") == "HN-KHDT"
    assert names.find("Sở XYZ") is None
    with pytest.raises(InvalidInput, match="several agencies"):
        names.find("ban chung")
    with pytest.raises(InvalidInput, match='no agency "Sở KH&ĐT Hà Nộ"'):
        names.code_of("Sở KH&ĐT Hà Nộ")


@pytest.mark.parametrize("columns", [TASK_COLUMNS, AGENCY_COLUMNS, MEETING_COLUMNS])
def test_no_heading_means_two_columns(columns: Any) -> None:
    seen: dict[str, str] = {}
    for column in columns:
        for heading in (column.en, column.vi, *column.aliases):
            key = loose_key(heading) or heading
            assert seen.setdefault(key, column.key) == column.key, heading


# Refusals: one line naming the row and the column, exit 2, the database unchanged ---------


@pytest.fixture
def sample_db(db_path: Path, sample_bytes: bytes) -> Path:
    db_path.write_bytes(sample_bytes)
    return db_path


GOOD_ROW = (1, "Việc tốt", "HN-KHDT", "TN-KHDT", "30/6/2027", None)


@pytest.mark.parametrize(
    ("bad_row", "expected"),
    [
        (
            (2, "Việc", "Sở XYZ", None, None, None),
            'row 5, column "Cơ quan chủ trì": no agency "Sở XYZ"',
        ),
        (
            (2, "Việc", "HN-KHDT", "TN-KHDT, Sở ABC", None, None),
            'row 5, column "Cơ quan phối hợp": no agency "Sở ABC"',
        ),
        ((2, "Việc", "HN-KHDT", None, "sớm nhất có thể", None), 'row 5, column "Thời hạn": '),
        (
            (2, "  ", "HN-KHDT", None, None, None),
            'row 5, column "Nội dung nhiệm vụ": the title is empty',
        ),
        (
            (2, "Việc", None, "TN-KHDT", None, None),
            'row 5, column "Cơ quan chủ trì": no lead agency',
        ),
        (
            (2, "Việc", "HN-KHDT; TN-KHDT", None, None, None),
            'column "Cơ quan chủ trì": a task has one lead',
        ),
        (
            (2, "Việc", "HN-KHDT", "HN-KHDT", None, None),
            'column "Cơ quan phối hợp": HN-KHDT cannot lead',
        ),
    ],
)
def test_a_bad_cell_refuses_the_whole_sheet(
    sample_db: Path, tracker: CliRunner, tmp_path: Path, bad_row: tuple[Any, ...], expected: str
) -> None:
    sheet = write_sheet(tmp_path / "tasks.xlsx", [GOOD_ROW, bad_row])
    result = refused(tracker, sample_db, "import", str(sheet))
    assert result.stderr.startswith(f"tracker: error: {sheet}, ") and expected in result.stderr
    assert result.stderr.count(str(sheet)) == 1  # the cell named once


def test_an_unknown_meeting_in_a_cell_or_in_the_option_is_refused(
    sample_db: Path, tracker: CliRunner, tmp_path: Path
) -> None:
    sheet = write_sheet(
        tmp_path / "tasks.xlsx",
        [("Việc", "HN-KHDT", "hop-khong-co")],
        headings=("Task", "Lead agency", "Meeting"),
    )
    result = refused(tracker, sample_db, "import", str(sheet))
    assert 'row 4, column "Meeting": unknown meeting' in result.stderr
    plain = write_sheet(tmp_path / "plain.xlsx", [GOOD_ROW])
    assert (
        "--meeting: unknown meeting 'khong-co'"
        in refused(tracker, sample_db, "import", str(plain), "--meeting", "khong-co").stderr
    )


def test_sheets_without_the_needed_columns_or_any_headings_are_refused(
    sample_db: Path, tracker: CliRunner, tmp_path: Path
) -> None:
    no_lead = write_sheet(
        tmp_path / "a.xlsx", [("1", "Việc", "31/12/2027")], headings=("STT", "Nội dung", "Thời hạn")
    )
    result = refused(tracker, sample_db, "import", str(no_lead))
    assert 'sheet "Nhiệm vụ", row 3: missing columns: "Cơ quan chủ trì" ("Lead agency")' in (
        result.stderr
    )
    nothing = write_sheet(tmp_path / "b.xlsx", [("x", "y")], headings=("Họ tên", "Điện thoại"))
    assert (
        "no row of headings in its first 15 rows"
        in refused(tracker, sample_db, "import", str(nothing)).stderr
    )


def test_files_that_are_no_workbook_are_refused(
    sample_db: Path, tracker: CliRunner, tmp_path: Path
) -> None:
    text = tmp_path / "tasks.xlsx"
    text.write_text("STT;Nội dung\n", encoding="utf-8")
    assert (
        "is not an Excel workbook (.xlsx)"
        in refused(tracker, sample_db, "import", str(text)).stderr
    )
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(SAMPLE_SHEET.read_bytes()[:2000])
    assert (
        "cannot be read as an Excel workbook"
        in refused(tracker, sample_db, "import", str(cut)).stderr
    )
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))
    assert "save it as .xlsx" in refused(tracker, sample_db, "import", str(old)).stderr


def test_sheet_picks_the_sheet_and_an_unknown_one_is_refused_naming_them(
    sample_db: Path, tracker: CliRunner, tmp_path: Path
) -> None:
    sheet = write_sheet(
        tmp_path / "tasks.xlsx",
        [GOOD_ROW],
        title="Tổng hợp",
        more={"Phụ lục": [list(VI_HEADINGS), [1, "Việc phụ lục", "TN-KHDT", None, None, None]]},
    )
    result = refused(tracker, sample_db, "import", str(sheet), "--sheet", "Khác")
    assert 'has no sheet "Khác"; its sheets are "Tổng hợp", "Phụ lục"' in result.stderr
    assert tracker("import", str(sheet), "--sheet", "phu luc").code == 0
    shown = json.loads(tracker("show", "32", "--format", "json").stdout)
    assert shown["title"] == "Việc phụ lục"


def test_sheet_and_meeting_are_for_workbooks_only(sample_db: Path, tracker: CliRunner) -> None:
    for option in (("--sheet", "x"), ("--meeting", "2019-06-21-hn-tn")):
        result = refused(tracker, sample_db, "import", str(SAMPLE), *option)
        assert "is for task sheets (.xlsx)" in result.stderr


def test_meeting_puts_every_task_under_it(sample_db: Path, tracker: CliRunner) -> None:
    result = tracker("import", str(SAMPLE_SHEET), "--meeting", "2026-10-15-hn-tn")
    assert result.code == 0, result.stderr
    tasks = json.loads(tracker("list", "--meeting", "2026-10-15-hn-tn", "--format", "json").stdout)
    assert {t["id"] for t in tasks} >= set(range(32, 39))


# --dry-run ---------------------------------------------------------------------------------


def test_dry_run_of_a_sheet_shows_the_tasks_and_writes_nothing(
    sample_db: Path, tracker: CliRunner
) -> None:
    before = sample_db.read_bytes()
    companions = sorted(p.name for p in sample_db.parent.iterdir())
    result = tracker("import", str(SAMPLE_SHEET), "--dry-run")
    assert result.code == 0, result.stderr
    assert sample_db.read_bytes() == before
    assert sorted(p.name for p in sample_db.parent.iterdir()) == companions
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["deadline", "lead", "partners", "title"]
    assert "30/06/2027  TN-VHTTDL  HN-DL, HN-UBND    Tổ chức Tuần văn hóa" in result.stdout
    assert lines[-1] == (
        "dry run, nothing written: would import 7 tasks, 0 agencies, 0 meetings, "
        "0 agreements; 0 tasks were already present"
    )


def test_dry_run_of_a_json_file_into_no_database_creates_nothing(
    db_path: Path, tracker: CliRunner
) -> None:
    result = tracker("import", str(SAMPLE), "--dry-run")
    assert result.code == 0, result.stderr
    assert not db_path.exists()
    assert list(db_path.parent.iterdir()) == []
    assert result.stdout.splitlines()[-1] == (
        "dry run, nothing written: would import 31 tasks, 26 agencies, 2 meetings, "
        "1 agreement; 0 tasks were already present"
    )
    # A refusal in a dry run is the same refusal.
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["tasks"][3]["lead"] = "NO-SUCH"
    bad = db_path.parent / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    assert tracker("import", str(bad), "--dry-run").code == 2


def test_vietnamese_dry_run(sample_db: Path, tracker: CliRunner) -> None:
    result = tracker("--lang", "vi", "import", str(SAMPLE_SHEET), "--dry-run")
    assert result.code == 0, result.stderr
    assert "không ghi gì" in result.stdout.splitlines()[-1]


# The shipped sample, the round trip, and what a command loads ------------------------------


def test_the_sample_sheet_imports_after_the_sample_file(
    sample_db: Path, tracker: CliRunner
) -> None:
    result = tracker("import", str(SAMPLE_SHEET))
    assert result.code == 0, result.stderr
    assert result.stdout.startswith("imported 7 tasks, 0 agencies")
    tasks = json.loads(tracker("list", "--format", "json").stdout)[31:]
    assert [(t["lead"], t["partners"], t["due"]) for t in tasks] == [
        ("HN-CT", ["TN-CT", "TN-NNPTNT"], "2027-03-31"),
        ("TN-VHTTDL", ["HN-DL", "HN-UBND"], "2027-06-30"),
        ("HN-GTVT", ["TN-GTVT", "TN-CA"], "2027-06-30"),
        ("TN-KHDT", ["HN-KHDT"], "2027-12-31"),
        ("TN-LDTBXH", ["HN-LDTBXH"], "2027-09-30"),
        ("HN-NNPTNT", ["TN-NNPTNT", "HN-CT"], "2027-06-30"),
        ("HN-KHDT", ["TN-KHDT"], "2027-01-15"),
    ]
    assert tracker("import", str(SAMPLE_SHEET)).stdout.startswith("imported 0 tasks")


def test_the_sample_sheet_is_what_its_script_makes() -> None:
    import io
    import zipfile

    from tools.sample_sheet import workbook_bytes

    # Member by member: the compressed bytes may differ between zlib builds.
    made = zipfile.ZipFile(io.BytesIO(workbook_bytes()))
    shipped = zipfile.ZipFile(SAMPLE_SHEET)
    assert made.namelist() == shipped.namelist()
    for name in made.namelist():
        assert made.read(name) == shipped.read(name), name


ROUND_TRIP_KEYS = (
    "uuid",
    "title",
    "description",
    "lead",
    "partners",
    "meeting",
    "area",
    "due",
    "status",
    "closed_on",
    "outcome",
    "document",
    "directed_by",
)


def test_an_exported_workbook_imports_into_an_empty_database_with_every_task(
    sample_db: Path, tracker: CliRunner, tmp_path: Path
) -> None:
    pytest.importorskip("tracker.interchange.task_sheet")
    for lang in ("vi", "en"):
        book = tmp_path / f"export-{lang}.xlsx"
        exported = tracker("--lang", lang, "export", "--format", "xlsx", "--output", str(book))
        assert exported.code == 0, exported.stderr
        empty = tmp_path / f"empty-{lang}.json"
        result = run_tracker(empty, "import", str(book))
        assert result.code == 0, result.stderr

        def every(db: Path) -> list[dict[str, Any]]:
            listed = json.loads(run_tracker(db, "list", "--format", "json").stdout)
            return [{key: task[key] for key in ROUND_TRIP_KEYS} for task in listed]

        assert every(empty) == every(sample_db)
        parents = json.loads(run_tracker(sample_db, "list", "--format", "json").stdout)
        again = json.loads(run_tracker(empty, "list", "--format", "json").stdout)
        assert [t.get("parent") for t in again] == [t.get("parent") for t in parents]
        # The meetings keep their agreement: the workbook carries the agreements too.
        meetings = run_tracker(empty, "meetings", "list").stdout
        assert meetings == run_tracker(sample_db, "meetings", "list").stdout


def test_importing_a_json_file_or_listing_never_loads_openpyxl(sample_db: Path) -> None:
    commands = [["import", str(SAMPLE)], ["list"], ["add", "Việc", "--lead", "HN-KHDT"], ["report"]]
    assert modules_loaded(sample_db, commands, ["openpyxl", "docx", "icalendar"]) == []


def test_a_workbook_without_its_extension_is_known_by_its_bytes(
    sample_db: Path, tmp_path: Path
) -> None:
    renamed = tmp_path / "nhiem-vu"
    shutil.copy(SAMPLE_SHEET, renamed)
    result = run_tracker(sample_db, "import", str(renamed), "--dry-run")
    assert result.code == 0, result.stderr
    assert "would import 7 tasks" in result.stdout
