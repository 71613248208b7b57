"""A task's fields declared once: the stored and exported forms follow the records, and
every table of tasks (list --format csv, the reports) has the columns of domain/fields.py."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import msgspec
import pytest
from msgspec.structs import replace

from tests.conftest import CliRunner
from tracker.domain import fields, history
from tracker.domain.model import (
    Agency,
    Cadence,
    ChangeStamp,
    DeadlineSet,
    Meeting,
    Status,
    Task,
    TaskSummary,
)
from tracker.domain.safe_text import spreadsheet_safe, task_texts
from tracker.interchange.dataset import Dataset, task_record, task_records, write_dataset
from tracker.store import documents
from tracker.store.database import Database

ICT = timezone(timedelta(hours=7))
LEAD = Agency("HN-KHDT", "Sở Kế hoạch và Đầu tư Hà Nội", "Sở KH&ĐT Hà Nội", "Hà Nội")
PARTNER = Agency("TN-KHDT", "Sở Kế hoạch và Đầu tư Thái Nguyên", "", "Thái Nguyên")


def make_task(**changes: object) -> Task:
    task = Task(
        id=7,
        uuid="6f1c2a52-0000-4000-8000-000000000007",
        title="Kết nối tiêu thụ chè Thái Nguyên",
        lead="HN-KHDT",
        description="Đưa chè Tân Cương\nvào chợ Đồng Xuân",
        partners=("TN-KHDT",),
        area="trade",
        due=date(2019, 9, 30),
        status=Status.DONE,
        closed_on=date(2019, 10, 2),
        outcome="Đã ký biên bản",
        history=[
            history.note(
                "Đã làm việc với hợp tác xã",
                ChangeStamp(at=datetime(2019, 7, 15, 9, 30, tzinfo=UTC)),
            )
        ],
        created=datetime(2019, 6, 21, 9, 30, tzinfo=ICT),
        updated=datetime(2019, 10, 2, 16, 0, tzinfo=ICT),
    )
    return replace(task, **changes)


class PrioritisedTask(Task, kw_only=True, gc=False):
    """A Task with one more field, as a new editable field would add it to the model."""

    priority: int = 0


# --- the stored document and the interchange record follow the records ------------------


def test_the_stored_document_is_every_field_of_the_task_but_its_id() -> None:
    stored = documents.task_to_document(make_task())
    # deleted_on is stored only when set (issue 12): live tasks carry no null for it;
    # deadlines only once the deadline changed (issue 14); and where a task came from, what
    # it is part of and how it repeats only when it says so (issue 15).
    only_when_set = {
        "deleted_on",
        "deadlines",
        "document",
        "directed_by",
        "parent",
        "subtasks",
        "every",
        "until",
        "previous",
        "next",
    }
    assert set(stored) == set(Task.__struct_fields__) - {"id"} - only_when_set
    changed = (
        DeadlineSet(set_on=date(2019, 6, 21), due=date(2019, 9, 30)),
        DeadlineSet(set_on=date(2019, 9, 1), due=date(2019, 10, 31), extension=True),
    )
    deleted = documents.task_to_document(
        make_task(deleted_on=date(2026, 11, 27), due=date(2019, 10, 31), deadlines=changed)
    )
    assert set(deleted) == set(Task.__struct_fields__) - {"id"} - (
        only_when_set - {"deleted_on", "deadlines"}
    )
    linked = documents.task_to_document(
        make_task(
            document="215/TB-VP",
            directed_by="Nguyễn Thị Bích Ngọc",
            parent=1,
            subtasks=(3, 4),
            every=Cadence.QUARTER,
            until=date(2027, 12, 31),
            previous=2,
            next=5,
        )
    )
    assert set(linked) == set(Task.__struct_fields__) - {"id", "deleted_on", "deadlines"}
    assert (linked["every"], linked["subtasks"], linked["until"]) == (
        "quarter",
        [3, 4],
        "2027-12-31",
    )
    assert stored["partners"] == ["TN-KHDT"]
    assert stored["due"] == "2019-09-30"
    assert stored["status"] == "done"
    (event,) = stored["history"]
    assert event["at"] == "2019-07-15T09:30:00Z"
    assert event["kind"] == "note"
    assert event["text"] == "Đã làm việc với hợp tác xã"


def test_a_field_added_to_the_task_is_stored_and_exported_with_no_other_code() -> None:
    task = PrioritisedTask(**msgspec.structs.asdict(make_task()), priority=2)
    assert documents.task_to_document(task)["priority"] == 2
    record = task_record(task)
    assert record["priority"] == 2
    assert list(record)[-3:] == ["priority", "history", "created"]


def test_the_interchange_record_keeps_the_keys_and_order_files_have_always_had() -> None:
    record = task_record(make_task())
    assert list(record) == [
        "id",
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
        # Issue 15; a link to another task ("parent", "previous") only when there is one.
        "document",
        "directed_by",
        "every",
        "until",
        "history",
        "created",
    ]
    assert record["created"] == "2019-06-21T09:30:00+07:00"
    # Python's spelling of UTC, as files have always had it (msgspec's own is "Z").
    utc = task_record(make_task(created=datetime(2019, 6, 21, 2, 30, tzinfo=UTC)))
    assert utc["created"] == "2019-06-21T02:30:00+00:00"


def test_records_made_in_bulk_are_the_records_made_one_by_one() -> None:
    utc = datetime(2019, 6, 21, 2, 30, tzinfo=UTC)
    tasks = [make_task(id=n, created=utc if n % 3 else None) for n in range(1, 601)]
    assert task_records(tasks) == [task_record(task) for task in tasks]
    assert task_records([]) == []


def test_agencies_and_meetings_are_written_as_their_fields() -> None:
    meeting = Meeting(
        id="2019-06-21-hn-tn",
        title="Hội nghị tổng kết",
        date=date(2019, 6, 21),
        agreement=None,
        chairs=("Hoàng Trung Hải",),
    )
    raw = write_dataset(Dataset(agencies=[LEAD], meetings=[meeting]))
    assert raw["agencies"] == [
        {"code": "HN-KHDT", "name": LEAD.name, "short": LEAD.short, "locality": "Hà Nội"}
    ]
    assert raw["meetings"] == [
        {
            "id": "2019-06-21-hn-tn",
            "title": "Hội nghị tổng kết",
            "date": "2019-06-21",
            "place": "",
            "agreement": None,
            "chairs": ["Hoàng Trung Hải"],
            "document": "",
            "notes": "",
        }
    ]
    assert documents.meeting_to_document(meeting) == raw["meetings"][0]
    json.dumps(raw)  # plain JSON types only


def test_a_stored_timestamp_reads_back_whatever_offset_it_came_with(tmp_path: Path) -> None:
    # Python takes offsets to the second ("+05:30:07"), which the store's decoder does not:
    # written with isoformat, such a task made the whole file unreadable.
    odd = timezone(timedelta(hours=5, minutes=30, seconds=7))
    task = make_task(id=0, created=datetime(2019, 6, 21, 9, 30, tzinfo=odd))
    database = Database(tmp_path / "tracker.json")
    with database.writing() as session:
        session.add_agency(LEAD)
        session.add_agency(PARTNER)
        session.add_tasks([task, make_task(id=0, uuid="u-2", created=None)])
    with database.reading() as snapshot:
        (stored, other) = snapshot.tasks()
    assert stored.created is not None
    assert stored.created.utcoffset() == timedelta(hours=5, minutes=30)
    assert stored.created.replace(tzinfo=None) == datetime(2019, 6, 21, 9, 30)
    assert other.created is None


# --- one set of columns for every table of tasks ----------------------------------------


def test_the_columns_are_fields_of_a_task_summary_and_the_standing() -> None:
    # Reports read summaries, which lack the description and history.
    assert set(fields.TASK_COLUMNS) - {fields.STANDING} <= set(TaskSummary.__struct_fields__)
    assert fields.header("a", "b")[8:12] == ("status", "a", "b", "closed_on")


def test_a_csv_row_joins_a_list_field_and_spells_dates_iso() -> None:
    task = make_task(partners=("TN-KHDT", "BN-KHDT"), meeting=None)
    (row,) = fields.csv_rows([task], [["done_on_time"], ["on time"]])
    assert dict(zip(fields.header(fields.STANDING, "label"), row, strict=True)) == {
        "id": 7,
        "uuid": task.uuid,
        "title": task.title,
        "lead": "HN-KHDT",
        "partners": "TN-KHDT;BN-KHDT",
        "meeting": None,
        "area": "trade",
        "due": "2019-09-30",
        "status": Status.DONE,
        "standing": "done_on_time",
        "label": "on time",
        "closed_on": "2019-10-02",
        "outcome": "Đã ký biên bản",
        "document": "",
        "directed_by": "",
        "parent": None,  # issue 15: the column added last, empty for a top-level task
    }


def test_value_columns_are_the_tasks_values_as_they_are() -> None:
    task = make_task(closed_on=None)
    columns = fields.value_columns([task], [["done_on_time"]])
    (values,) = zip(*columns, strict=True)
    record = dict(zip(fields.header(fields.STANDING), values, strict=True))
    assert record["partners"] == ("TN-KHDT",)
    assert record["due"] == date(2019, 9, 30)
    assert record["closed_on"] is None


@pytest.mark.parametrize("column", fields.TEXT_COLUMNS)
def test_every_text_column_is_checked_before_it_reaches_a_spreadsheet(column: str) -> None:
    safe = make_task()
    assert spreadsheet_safe(task_texts([safe, safe]))
    value: object = ("=HYPERLINK(1)",) if column in fields.LIST_COLUMNS else "=HYPERLINK(1)"
    assert not spreadsheet_safe(task_texts([safe, make_task(**{column: value})]))


def test_list_csv_has_the_declared_columns_and_writes_each_cell_safely(
    tracker: CliRunner,
) -> None:
    tracker("agencies", "add", "HN-KHDT", "Sở KH&ĐT Hà Nội")
    tracker("agencies", "add", "TN-KHDT", "Sở KH&ĐT Thái Nguyên")
    tracker("add", "=1+1", "--lead", "HN-KHDT", "--partner", "TN-KHDT", "--due", "2026-11-20")
    tracker("add", "Xúc tiến đầu tư", "--lead", "TN-KHDT")
    shown = tracker("list", "--format", "csv").stdout
    rows = list(csv.reader(io.StringIO(shown)))
    assert tuple(rows[0]) == fields.header(fields.STANDING)
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["title"] == "'=1+1"
    assert first["partners"] == "TN-KHDT"
    assert first["due"] == "2026-11-20"
    assert first["standing"] == "open_overdue"
    assert first["closed_on"] == ""
    second = dict(zip(rows[0], rows[2], strict=True))
    assert (second["partners"], second["due"], second["meeting"]) == ("", "", "")
