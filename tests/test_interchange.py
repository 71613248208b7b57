"""The interchange format: files that read, files refused whole with the bad task named."""

from __future__ import annotations

import copy
import json
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import SAMPLE_TASKS, run_tracker
from tracker.domain.deadlines import deadlines_from_history
from tracker.domain.errors import InvalidInput
from tracker.domain.model import (
    Agency,
    Agreement,
    EventKind,
    HistoryEvent,
    Meeting,
    Status,
    Task,
)
from tracker.domain.rules import recorded_day
from tracker.domain.safe_text import shows_nothing
from tracker.interchange.dataset import Dataset, read_dataset, task_record, write_dataset

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data" / "hanoi-thainguyen-2019.json"
FIRST_UUID = "1b0e7c9a-5f7d-4a53-9d0e-000000000001"
SECOND_UUID = "1b0e7c9a-5f7d-4a53-9d0e-000000000002"

Raw = dict[str, Any]


def valid_file() -> Raw:
    """A small, complete interchange file with two tasks."""
    return {
        "format": "coop-tracker",
        "version": 1,
        "agencies": [
            {
                "code": "HN-KHDT",
                "name": "Sở Kế hoạch và Đầu tư Hà Nội",
                "short": "Sở KH&ĐT Hà Nội",
                "locality": "Hà Nội",
            },
            {"code": "TN-KHDT", "name": "Sở Kế hoạch và Đầu tư Thái Nguyên"},
        ],
        "agreements": [
            {"code": "HN-TN", "title": "Hợp tác Hà Nội - Thái Nguyên", "parties": ["Hà Nội"]}
        ],
        "meetings": [
            {
                "id": "2019-06-21-hn-tn",
                "title": "Hội nghị tổng kết",
                "date": "2019-06-21",
                "place": "Thái Nguyên",
                "agreement": "HN-TN",
                "chairs": ["Hoàng Trung Hải"],
            }
        ],
        "tasks": [
            {
                "uuid": FIRST_UUID,
                "title": "Kết nối tiêu thụ chè Thái Nguyên",
                "description": "",
                "lead": "HN-KHDT",
                "partners": ["TN-KHDT"],
                "meeting": "2019-06-21-hn-tn",
                "area": "trade",
                "due": "2019-09-30",
                "status": "done",
                "closed_on": "2019-10-02",
                "outcome": "Đã ký biên bản",
                "history": [{"on": "2019-07-15", "text": "Đã làm việc với hợp tác xã"}],
            },
            {
                "uuid": SECOND_UUID,
                "title": "Xúc tiến đầu tư vào khu công nghiệp",
                "lead": "TN-KHDT",
                "due": "2019-12-31",
                "status": "open",
            },
        ],
    }


# --- files that read -------------------------------------------------------------------


def test_a_minimal_file_reads() -> None:
    minimal = {
        "format": "coop-tracker",
        "version": 1,
        "agencies": [{"code": "HN-KHDT", "name": "Sở Kế hoạch và Đầu tư Hà Nội"}],
        "tasks": [{"uuid": FIRST_UUID, "title": "Lập kế hoạch", "lead": "HN-KHDT"}],
    }
    dataset = read_dataset(minimal)
    assert dataset.agencies == [Agency("HN-KHDT", "Sở Kế hoạch và Đầu tư Hà Nội")]
    assert dataset.agreements == []
    assert dataset.meetings == []
    [task] = dataset.tasks
    assert (task.uuid, task.title, task.lead) == (FIRST_UUID, "Lập kế hoạch", "HN-KHDT")
    assert task.status is Status.OPEN
    assert task.partners == ()
    assert task.due is None
    assert task.history == []


def test_a_complete_file_reads_into_domain_objects() -> None:
    dataset = read_dataset(valid_file())
    assert [agency.code for agency in dataset.agencies] == ["HN-KHDT", "TN-KHDT"]
    assert dataset.agencies[1].short_name == "Sở Kế hoạch và Đầu tư Thái Nguyên"
    assert dataset.agreements == [Agreement("HN-TN", "Hợp tác Hà Nội - Thái Nguyên", ("Hà Nội",))]
    assert dataset.meetings[0].date == date(2019, 6, 21)
    first, second = dataset.tasks
    assert first.status is Status.DONE
    assert first.closed_on == date(2019, 10, 2)
    assert first.partners == ("TN-KHDT",)
    # A version 1 file's dated lines are read as events (tracker/domain/prose_history.py).
    [note] = first.history
    assert (note.kind, note.on, note.text) == (
        EventKind.NOTE,
        date(2019, 7, 15),
        "Đã làm việc với hợp tác xã",
    )
    assert second.due == date(2019, 12, 31)
    assert second.meeting is None


def test_the_sample_data_file_reads() -> None:
    dataset = read_dataset(json.loads(SAMPLE.read_text(encoding="utf-8")))
    assert dataset.tasks
    assert len({task.uuid for task in dataset.tasks}) == len(dataset.tasks)
    codes = {agency.code for agency in dataset.agencies}
    assert all(task.lead in codes for task in dataset.tasks)


def test_unknown_keys_are_ignored_not_fatal() -> None:
    raw = valid_file()
    raw["note"] = "dữ liệu minh họa"
    raw["exported_by"] = {"tool": "tracker", "version": "9.9"}
    raw["agencies"][0]["illustrative"] = True
    raw["meetings"][0]["minutes_url"] = "https://example.org"
    raw["tasks"][0]["priority"] = "high"
    raw["tasks"][0]["history"][0]["by"] = "Văn phòng UBND"
    assert read_dataset(raw) == read_dataset(valid_file())


def test_known_agencies_let_tasks_name_leads_already_in_the_database() -> None:
    raw = valid_file()
    raw["agencies"] = []
    raw["meetings"] = []
    for task in raw["tasks"]:
        task.pop("meeting", None)
    raw["tasks"][1]["partners"] = ["HN-UBND"]
    with pytest.raises(InvalidInput):
        read_dataset(raw)
    dataset = read_dataset(raw, known_agencies=["HN-KHDT", "TN-KHDT", "HN-UBND"])
    assert [task.lead for task in dataset.tasks] == ["HN-KHDT", "TN-KHDT"]
    assert dataset.agencies == []


def test_known_meetings_let_tasks_name_meetings_already_in_the_database() -> None:
    raw = valid_file()
    raw["meetings"] = []
    with pytest.raises(InvalidInput, match="2019-06-21-hn-tn"):
        read_dataset(raw)
    dataset = read_dataset(raw, known_meetings={"2019-06-21-hn-tn"})
    assert dataset.tasks[0].meeting == "2019-06-21-hn-tn"


def test_a_title_is_read_without_surrounding_spaces() -> None:
    raw = valid_file()
    raw["tasks"][0]["title"] = "  Kết nối tiêu thụ chè  "
    assert read_dataset(raw).tasks[0].title == "Kết nối tiêu thụ chè"


# --- round trips -----------------------------------------------------------------------

ICT = timezone(timedelta(hours=7))


def full_dataset() -> Dataset:
    return Dataset(
        agencies=[
            Agency("HN-KHDT", "Sở Kế hoạch và Đầu tư Hà Nội", "Sở KH&ĐT Hà Nội", "Hà Nội"),
            Agency("TN-KHDT", "Sở Kế hoạch và Đầu tư Thái Nguyên", "", "Thái Nguyên"),
        ],
        agreements=[Agreement("HN-TN", "Hợp tác", ("Hà Nội", "Thái Nguyên"))],
        meetings=[
            Meeting(
                "2019-06-21-hn-tn",
                "Hội nghị",
                date(2019, 6, 21),
                "Thái Nguyên",
                "HN-TN",
                ("Hoàng Trung Hải", "Trần Quốc Tỏ"),
                "Biên bản số 1",
            )
        ],
        tasks=[
            Task(
                id=0,
                uuid=FIRST_UUID,
                title="Kết nối tiêu thụ chè Thái Nguyên",
                lead="HN-KHDT",
                description="Đưa chè Tân Cương\nvào chợ Đồng Xuân",
                partners=("TN-KHDT",),
                meeting="2019-06-21-hn-tn",
                area="trade",
                due=date(2019, 9, 30),
                status=Status.DONE,
                closed_on=date(2019, 10, 2),
                outcome="Đã ký",
                history=[
                    HistoryEvent(
                        id="0c1d2e3f-0000-4000-8000-000000000001",
                        at=datetime(2019, 7, 15, 16, 5, tzinfo=ICT),
                        kind=EventKind.NOTE,
                        text="Đã làm việc",
                    ),
                    HistoryEvent(
                        id="0c1d2e3f-0000-4000-8000-000000000002",
                        at=datetime(2019, 8, 1, 9, 0, tzinfo=ICT),
                        kind=EventKind.CHANGED,
                        field="partners",
                        old=(),
                        new=("TN-KHDT",),
                    ),
                    HistoryEvent(
                        id="0c1d2e3f-0000-4000-8000-000000000003",
                        at=datetime(2019, 10, 3, 8, 0, tzinfo=ICT),
                        kind=EventKind.CLOSED,
                        field="status",
                        old="in_progress",
                        new="done",
                        text="Đã ký",
                        effective=date(2019, 10, 2),
                    ),
                ],
                created=datetime(2019, 6, 21, 9, 30, tzinfo=ICT),
            ),
            Task(id=0, uuid=SECOND_UUID, title="Xúc tiến đầu tư", lead="TN-KHDT"),
        ],
    )


def through_a_file(raw: Raw, folder: Path) -> object:
    path = folder / "export.json"
    path.write_text(json.dumps(raw, ensure_ascii=False, indent=2), encoding="utf-8")
    decoded: object = json.loads(path.read_text(encoding="utf-8"))
    return decoded


def test_write_then_read_gives_back_the_same_dataset(tmp_path: Path) -> None:
    original = full_dataset()
    assert read_dataset(through_a_file(write_dataset(original), tmp_path)) == original


def test_exported_ids_ride_along_but_import_assigns_new_ones(tmp_path: Path) -> None:
    dataset = full_dataset()
    dataset.tasks[0].id = 12
    raw = write_dataset(dataset)
    assert raw["tasks"][0]["id"] == 12
    reread = read_dataset(through_a_file(raw, tmp_path))
    assert reread.tasks[0].id == 0
    assert reread.tasks[0].uuid == FIRST_UUID


def test_task_record_has_the_fields_scripts_rely_on() -> None:
    task = full_dataset().tasks[0]
    task.id = 17
    record = task_record(task)
    assert {
        "id",
        "uuid",
        "title",
        "lead",
        "partners",
        "meeting",
        "area",
        "due",
        "status",
        "closed_on",
        "outcome",
    } <= set(record)
    assert record["id"] == 17
    assert record["due"] == "2019-09-30"
    assert record["closed_on"] == "2019-10-02"
    assert record["partners"] == ["TN-KHDT"]
    assert record["status"] == "done"
    open_task = task_record(full_dataset().tasks[1])
    assert open_task["due"] is None
    assert open_task["closed_on"] is None
    json.dumps(record)  # plain JSON types only


# What may be stored (tracker/domain/safe_text.py): no control characters and no bidi
# overrides or isolates; multi-line text may also hold line breaks and tabs.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
safe_characters = st.characters(
    codec="utf-8", exclude_categories=["Cc"], exclude_characters=BIDI_CONTROLS
)
# Stored text is in NFC (tracker/domain/text.py), as every way in leaves it.
safe_lines = st.text(st.one_of(safe_characters, st.sampled_from("\n\t")), max_size=40).map(
    lambda text: unicodedata.normalize("NFC", text)
)
one_line_titles = (
    st.text(safe_characters, min_size=1, max_size=30)
    .map(lambda text: unicodedata.normalize("NFC", " ".join(text.split())))
    .filter(lambda text: not shows_nothing(text))
)
days = st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31))


@st.composite
def tasks(draw: st.DrawFn) -> Task:
    status = draw(st.sampled_from(Status))
    lead = draw(st.sampled_from(["HN-KHDT", "TN-KHDT"]))
    # Valid tasks, as `add` stores them: the lead is never a partner, each partner once.
    others = [code for code in ("HN-KHDT", "TN-KHDT") if code != lead]
    # A closed task has its closing day, not before the day it was recorded.
    closed_on = draw(days) if status.is_closed else None
    latest = datetime.max if closed_on is None else datetime.combine(closed_on, time.max)
    task = Task(
        id=0,
        uuid=str(draw(st.uuids())),
        title=draw(one_line_titles),
        lead=lead,
        description=draw(safe_lines),
        partners=tuple(draw(st.lists(st.sampled_from(others), max_size=1))),
        meeting=draw(st.none() | st.just("2019-06-21-hn-tn")),
        area=draw(st.none() | st.sampled_from(["trade", "tourism", "giao thông"])),
        due=draw(st.none() | days),
        status=status,
        closed_on=closed_on,
        outcome=draw(st.none() | safe_lines),
        history=draw(
            st.lists(
                st.builds(
                    HistoryEvent,
                    id=st.uuids().map(str),
                    at=st.datetimes(timezones=st.just(ICT)),
                    kind=st.sampled_from(EventKind),
                    field=st.none() | st.sampled_from(["due", "partners", "status"]),
                    old=st.none() | safe_lines | st.lists(one_line_titles).map(tuple),
                    new=st.none() | safe_lines | st.lists(one_line_titles).map(tuple),
                    text=safe_lines,
                    effective=st.none() | days,
                    document=st.just("") | one_line_titles,
                ),
                max_size=3,
                unique_by=lambda event: event.id,
            )
        ),
        created=draw(st.none() | st.datetimes(max_value=latest, timezones=st.just(ICT))),
        deleted_on=draw(st.none() | days),
    )
    # As the service keeps them: the deadlines its history's changes of due tell.
    task.deadlines = deadlines_from_history(recorded_day(task.created), task.due, task.history)
    return task


@settings(max_examples=60, deadline=None)
@given(st.lists(tasks(), max_size=5, unique_by=lambda task: task.uuid))
def test_any_valid_tasks_survive_export_and_import(task_list: list[Task]) -> None:
    dataset = full_dataset()
    dataset.tasks = task_list
    assert read_dataset(json.loads(json.dumps(write_dataset(dataset)))) == dataset


# --- refusals --------------------------------------------------------------------------

Change = Callable[[Raw], None]


def setting(*keys: str | int, value: Any) -> Change:
    """A change to the valid file: set the value at the path `keys`."""

    def change(raw: Raw) -> None:
        target: Any = raw
        for key in keys[:-1]:
            target = target[key]
        target[keys[-1]] = value

    return change


def removing(*keys: str | int) -> Change:
    def change(raw: Raw) -> None:
        target: Any = raw
        for key in keys[:-1]:
            target = target[key]
        del target[keys[-1]]

    return change


SECOND_TASK = f"task 2 ({SECOND_UUID})"
FIRST_TASK = f"task 1 ({FIRST_UUID})"

REFUSALS = [
    pytest.param(setting("format", value="taskwarrior"), ["format"], id="wrong-format"),
    pytest.param(removing("format"), ["format"], id="no-format"),
    pytest.param(setting("version", value=4), ["version", "4"], id="newer-version"),
    pytest.param(setting("version", value="1"), ["version"], id="version-as-text"),
    pytest.param(removing("version"), ["version"], id="no-version"),
    pytest.param(setting("tasks", value={"1": {}}), ["'tasks'", "list"], id="tasks-not-a-list"),
    pytest.param(setting("agencies", value="HN-KHDT"), ["'agencies'"], id="agencies-not-a-list"),
    pytest.param(
        setting("tasks", 1, "lead", value="HN-XYZ"), [SECOND_TASK, "HN-XYZ"], id="lead-unknown"
    ),
    pytest.param(removing("tasks", 1, "lead"), [SECOND_TASK, "lead"], id="lead-missing"),
    pytest.param(
        setting("tasks", 1, "partners", value=["TN-KHDT", "TN-XYZ"]),
        [SECOND_TASK, "TN-XYZ"],
        id="partner-unknown",
    ),
    pytest.param(
        setting("tasks", 1, "partners", value="TN-KHDT"),
        [SECOND_TASK, "partners"],
        id="partners-not-a-list",
    ),
    pytest.param(
        setting("tasks", 1, "due", value="2019-02-31"),
        [SECOND_TASK, "2019-02-31"],
        id="due-31-february",
    ),
    pytest.param(
        setting("tasks", 1, "due", value="30/09/2019"),
        [SECOND_TASK, "30/09/2019"],
        id="due-day-first",
    ),
    pytest.param(setting("tasks", 1, "due", value=20190930), [SECOND_TASK, "due"], id="due-int"),
    pytest.param(
        setting("tasks", 0, "closed_on", value="2019-13-01"),
        [FIRST_TASK, "closed_on"],
        id="closed-on-month-13",
    ),
    pytest.param(
        setting("tasks", 1, "created", value="yesterday"),
        [SECOND_TASK, "created"],
        id="created-not-a-date",
    ),
    pytest.param(
        setting("tasks", 1, "uuid", value=FIRST_UUID), ["task 2", FIRST_UUID], id="duplicate-uuid"
    ),
    pytest.param(removing("tasks", 1, "uuid"), ["task 2", "uuid"], id="uuid-missing"),
    pytest.param(setting("tasks", 1, "title", value=""), [SECOND_TASK, "title"], id="title-empty"),
    pytest.param(
        setting("tasks", 1, "title", value=" \t "), [SECOND_TASK, "title"], id="title-blank"
    ),
    pytest.param(removing("tasks", 1, "title"), [SECOND_TASK, "title"], id="title-missing"),
    pytest.param(
        setting("tasks", 1, "title", value="Xúc tiến\nđầu tư"),
        [SECOND_TASK, "one line"],
        id="title-two-lines",
    ),
    pytest.param(
        setting("tasks", 1, "title", value="Xúc tiến\r\nđầu tư"),
        [SECOND_TASK, "one line"],
        id="title-crlf",
    ),
    pytest.param(
        setting("tasks", 1, "title", value="Xúc tiến\rđầu tư"),
        [SECOND_TASK, "one line"],
        id="title-cr",
    ),
    pytest.param(
        setting("tasks", 1, "status", value="finished"),
        [SECOND_TASK, "finished", "in_progress"],
        id="status-unknown",
    ),
    pytest.param(
        setting("tasks", 1, "status", value="DONE"), [SECOND_TASK, "DONE"], id="status-upper"
    ),
    pytest.param(
        setting("tasks", 0, "history", 0, value={"text": "không có ngày"}),
        [FIRST_TASK, "history 1", "'on'"],
        id="history-without-on",
    ),
    pytest.param(
        setting("tasks", 0, "history", 0, "on", value="2019-02-30"),
        [FIRST_TASK, "history 1", "2019-02-30"],
        id="history-bad-date",
    ),
    pytest.param(
        setting("tasks", 0, "history", value="tiến độ tốt"),
        [FIRST_TASK, "history"],
        id="history-not-a-list",
    ),
    pytest.param(
        setting("tasks", 1, "meeting", value="2020-01-01-hn-tn"),
        [SECOND_TASK, "2020-01-01-hn-tn"],
        id="meeting-unknown",
    ),
    pytest.param(setting("tasks", 1, value="Xúc tiến đầu tư"), ["task 2"], id="task-not-object"),
    pytest.param(
        setting("agencies", 1, "code", value="tn khdt"), ["agency 2", "tn khdt"], id="agency-code"
    ),
    pytest.param(removing("agencies", 0, "name"), ["agency 1", "name"], id="agency-no-name"),
    pytest.param(
        setting("meetings", 0, "date", value="21/06/2019"),
        ["meeting 1", "21/06/2019"],
        id="meeting-date",
    ),
]


@pytest.mark.parametrize(("change", "named"), REFUSALS)
def test_a_bad_file_is_refused_naming_the_bad_record(change: Change, named: list[str]) -> None:
    raw = valid_file()
    change(raw)
    untouched = copy.deepcopy(raw)
    with pytest.raises(InvalidInput) as refusal:
        read_dataset(raw)
    message = str(refusal.value)
    for part in named:
        assert part in message
    assert "\n" not in message  # one clear line on stderr
    assert refusal.value.exit_code == 2
    assert raw == untouched  # reading never edits the caller's data


@pytest.mark.parametrize("raw", [None, [], "coop-tracker", 1, {"tasks": []}])
def test_something_that_is_not_an_interchange_file_is_refused(raw: object) -> None:
    with pytest.raises(InvalidInput, match="coop-tracker"):
        read_dataset(raw)


def test_a_bad_task_after_good_ones_refuses_the_whole_file() -> None:
    raw = valid_file()
    raw["tasks"].extend(copy.deepcopy(raw["tasks"][1]) for _ in range(3))
    for number, task in enumerate(raw["tasks"][1:], start=2):
        task["uuid"] = f"1b0e7c9a-5f7d-4a53-9d0e-{number:012d}"
    raw["tasks"][3]["due"] = "2019-02-29"
    with pytest.raises(InvalidInput, match=r"task 4 \(1b0e7c9a-5f7d-4a53-9d0e-000000000004\)"):
        read_dataset(raw)


@pytest.mark.parametrize("line_break", ["\u2028", "\u2029", "\x85", "\x0b", "\x0c"])
def test_a_title_with_any_line_break_is_refused(line_break: str) -> None:
    raw = valid_file()
    raw["tasks"][1]["title"] = f"Xúc tiến{line_break}đầu tư"
    with pytest.raises(InvalidInput, match="one line"):
        read_dataset(raw)


# --- the file itself: its bytes, its nesting, its header, its uuids (real processes) -------


def sample_with(change: Callable[[Raw], object]) -> bytes:
    raw = json.loads(SAMPLE.read_text(encoding="utf-8"))
    change(raw)
    return json.dumps(raw, ensure_ascii=False).encode()


def with_bad_title(raw: Raw) -> None:
    raw["tasks"][3]["title"] = "\0bad\0"


BAD_FILES = [
    pytest.param(
        b"\xef\xbb\xbf" + SAMPLE.read_bytes(), ["byte-order mark", "UTF-8 without BOM"], id="bom"
    ),
    pytest.param(
        b"\xff\xfe" + SAMPLE.read_text(encoding="utf-8").encode("utf-16-le"),
        ["byte-order mark"],
        id="utf-16",
    ),
    pytest.param(
        sample_with(with_bad_title).replace(b'"\\u0000bad\\u0000"', b'"Vi\xe1\xbb\x87c \xff"'),
        ["not UTF-8"],
        id="not-utf-8",
    ),
    pytest.param(b"[" * 100_000 + b"]" * 100_000, ["nested too deeply"], id="nested-100k"),
    pytest.param(
        b'{"format": "coop-tracker", "version": 1, "x": ' + b"[" * 5000 + b"]" * 5000 + b"}",
        ["nested too deeply"],
        id="nested-5000-under-a-key",
    ),
    pytest.param(
        sample_with(lambda raw: raw.update(version=True)), ["version true"], id="version-true"
    ),
    pytest.param(
        sample_with(lambda raw: raw.update(version=1.0)), ["version 1.0"], id="version-float"
    ),
    pytest.param(
        sample_with(lambda raw: raw.update(version="1")), ['version "1"'], id="version-string"
    ),
    pytest.param(
        sample_with(lambda raw: raw.update(format=["coop-tracker"])), ['"format"'], id="format-list"
    ),
    pytest.param(
        sample_with(
            lambda raw: raw["tasks"][1].update(uuid=f" {raw['tasks'][0]['uuid'].upper()} ")
        ),
        ["task 2", "uuid appears twice"],
        id="one-uuid-in-two-cases",
    ),
]


@pytest.mark.parametrize(("content", "named"), BAD_FILES)
def test_an_import_file_with_bad_bytes_nesting_or_header_is_refused_in_one_line(
    tmp_path: Path, content: bytes, named: list[str]
) -> None:
    db = tmp_path / "tracker.json"
    assert run_tracker(db, "import", str(SAMPLE)).code == 0
    before = db.read_bytes()
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    result = run_tracker(db, "import", str(bad))
    assert result.code == 2, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("tracker: error: "), result.stderr
    assert "internal error" not in lines[0]
    for part in named:
        assert part in lines[0], lines[0]
    assert db.read_bytes() == before


def test_an_upper_cased_export_adds_nothing_and_uuids_are_stored_lower_case(
    tmp_path: Path,
) -> None:
    db = tmp_path / "tracker.json"
    upper = tmp_path / "upper.json"
    upper.write_bytes(
        sample_with(lambda raw: [t.update(uuid=t["uuid"].upper()) for t in raw["tasks"]])
    )
    assert run_tracker(db, "import", str(upper)).code == 0
    stored = json.loads(db.read_bytes())["tasks"].values()
    sample_uuids = {task["uuid"] for task in json.loads(SAMPLE.read_bytes())["tasks"]}
    assert {task["uuid"] for task in stored} == sample_uuids  # the sample's are lower case
    before = db.read_bytes()
    again = run_tracker(db, "import", str(SAMPLE))
    assert again.code == 0, again.stderr
    assert (
        "0 tasks" in again.stdout and f"{SAMPLE_TASKS} tasks were already present" in again.stdout
    )
    assert db.read_bytes() == before
    assert run_tracker(db, "import", str(upper)).code == 0
    assert db.read_bytes() == before


# --- history: events in version 2, dated lines in version 1 ---------------------------


def version_2_file() -> Raw:
    raw: Raw = json.loads(json.dumps(write_dataset(full_dataset())))
    return raw


def test_export_is_version_2_with_history_as_events() -> None:
    raw = version_2_file()
    assert raw["version"] == 3  # issue 15's fields made it 3; history is as version 2's
    closing = raw["tasks"][0]["history"][2]
    assert closing == {
        "id": "0c1d2e3f-0000-4000-8000-000000000003",
        "at": "2019-10-03T08:00:00+07:00",
        "kind": "closed",
        "field": "status",
        "old": "in_progress",
        "new": "done",
        "text": "Đã ký",
        "effective": "2019-10-02",
        "by": None,  # recorded before authors were
    }
    assert raw["tasks"][0]["history"][1]["new"] == ["TN-KHDT"]


def test_a_version_1_file_reads_as_events_and_goes_out_again_as_version_2() -> None:
    raw = valid_file()
    raw["tasks"][0]["created"] = "2019-06-21T09:30:00+07:00"
    raw["tasks"][0]["history"] += [
        {
            "on": "2019-08-01",
            "text": "due date changed from 2019-08-31 to 2019-09-30",
            "kind": "change",
        },
        {"on": "2019-10-02", "text": "closed late: Đã ký biên bản", "kind": "change"},
        {"on": "2019-10-03", "text": "ghi chú của công cụ khác", "kind": "change"},
    ]
    dataset = read_dataset(raw)
    history = dataset.tasks[0].history
    assert [(e.kind, e.field, e.old, e.new, e.text) for e in history] == [
        (EventKind.NOTE, None, None, None, "Đã làm việc với hợp tác xã"),
        (EventKind.CHANGED, "due", "2019-08-31", "2019-09-30", ""),
        (EventKind.CLOSED, "status", None, "done", "Đã ký biên bản"),
        (EventKind.RECORDED, None, None, None, "ghi chú của công cụ khác"),
    ]
    # Midnight in the task's own time zone, a second apart to keep their order.
    assert history[1].at == datetime(2019, 8, 1, 0, 0, 1, tzinfo=ICT)
    assert history[2].effective == date(2019, 10, 2)
    # The same file read again, anywhere, gives the same event ids.
    assert [e.id for e in read_dataset(raw).tasks[0].history] == [e.id for e in history]
    assert len({e.id for e in history}) == len(history)
    exported = json.loads(json.dumps(write_dataset(dataset)))
    assert exported["version"] == 3  # events as version 2's, with issue 15's fields
    assert read_dataset(exported) == dataset


def event_setting(number: int, key: str, value: Any) -> Change:
    return setting("tasks", 0, "history", number - 1, key, value=value)


EVENT_REFUSALS = [
    pytest.param(event_setting(2, "kind", "weird"), ["history 2", "'weird'"], id="unknown-kind"),
    pytest.param(event_setting(1, "at", "2019-07-15"), ["history 1", "time zone"], id="at-a-day"),
    pytest.param(
        event_setting(1, "at", "2019-07-15T10:00:00"), ["history 1", "time zone"], id="at-naive"
    ),
    pytest.param(event_setting(3, "at", "hôm qua"), ["history 3", "hôm qua"], id="at-words"),
    pytest.param(removing("tasks", 0, "history", 0, "at"), ["history 1", "'at'"], id="no-at"),
    pytest.param(event_setting(1, "id", ""), ["history 1", "'id'"], id="empty-id"),
    pytest.param(
        event_setting(2, "id", "0c1d2e3f-0000-4000-8000-000000000001"),
        ["history", "twice"],
        id="id-twice",
    ),
    pytest.param(event_setting(2, "new", 3), ["history 2", "'new'"], id="new-a-number"),
    pytest.param(event_setting(2, "old", [1]), ["history 2", "'old'"], id="old-numbers"),
    pytest.param(event_setting(3, "effective", "2/10/2019"), ["history 3"], id="bad-effective"),
    pytest.param(event_setting(1, "text", "a\x1b[2J"), ["history 1"], id="text-with-escape"),
]


@pytest.mark.parametrize(("change", "named"), EVENT_REFUSALS)
def test_a_bad_history_event_is_refused_naming_task_and_event(
    change: Change, named: list[str]
) -> None:
    raw = version_2_file()
    change(raw)
    with pytest.raises(InvalidInput) as refusal:
        read_dataset(raw)
    message = str(refusal.value)
    for part in [FIRST_TASK, *named]:
        assert part in message
    assert "\n" not in message


def test_a_version_1_import_exports_as_version_2_and_imports_again_the_same(
    tmp_path: Path,
) -> None:
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    assert run_tracker(first, "import", str(SAMPLE)).code == 0
    exported = run_tracker(first, "export").stdout
    assert json.loads(exported)["version"] == 3  # version 2 and issue 15's fields
    (tmp_path / "export.json").write_text(exported, encoding="utf-8")
    assert run_tracker(second, "import", str(tmp_path / "export.json")).code == 0
    again = json.loads(run_tracker(second, "export").stdout)
    assert again["tasks"] == json.loads(exported)["tasks"]
    sample = json.loads(SAMPLE.read_text(encoding="utf-8"))
    events = again["tasks"][0]["history"]
    assert [(e["kind"], e["at"][:10], e["text"]) for e in events] == [
        ("note", entry["on"], entry["text"]) for entry in sample["tasks"][0]["history"]
    ]
