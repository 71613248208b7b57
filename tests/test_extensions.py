"""Deadline extensions (gia hạn): the rules as properties, `tracker extend` through real
processes on real files, the schema 5 migration and the interchange round trip."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from msgspec.structs import replace

from tests.conftest import CliRunner
from tests.server import state_of
from tests.stores import stored_documents
from tracker.domain import history
from tracker.domain.deadlines import (
    deadline_in_force,
    deadlines_from_history,
    extensions,
    original_deadline,
)
from tracker.domain.model import ChangeStamp, Status, Task
from tracker.domain.standing import Standing, standing_as_of
from tracker.store import schema

RECORDED = date(2027, 6, 1)
DUE = date(2027, 6, 30)


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, tzinfo=UTC)


def recorded_task(due: date = DUE) -> Task:
    return Task(
        uuid="7d1f4a36-0000-4000-8000-000000000001",
        title="Xây dựng kế hoạch",
        lead="HN-KHDT",
        due=due,
        created=at(RECORDED),
        history=[history.created(ChangeStamp(at=at(RECORDED)))],
    )


def extend(task: Task, to: date, granted: date, reason: str = "Chờ ý kiến") -> Task:
    """`task` extended to `to` on `granted`, as the service records it."""
    assert task.due is not None
    event = history.extended(
        task.due, to, reason, "Công văn 1234/UBND-KT", granted, ChangeStamp(at=at(granted))
    )
    events = [*task.history, event]
    return replace(
        task,
        due=to,
        history=events,
        deadlines=deadlines_from_history(RECORDED, to, events),
    )


# --- the rules, as DOMAIN.md and the issue state them -----------------------------------


def test_extended_before_the_deadline_the_task_is_in_time_after_it() -> None:
    task = extend(recorded_task(), date(2027, 9, 30), date(2027, 6, 20))
    assert standing_as_of(task, date(2027, 7, 15)) is Standing.OPEN_IN_TIME
    assert original_deadline(task) == DUE
    assert [e.due for e in extensions(task)] == [date(2027, 9, 30)]


def test_extended_after_the_deadline_the_overdue_days_stay() -> None:
    task = extend(recorded_task(), date(2027, 9, 30), date(2027, 7, 10))
    assert standing_as_of(task, date(2027, 7, 5)) is Standing.OPEN_OVERDUE
    assert standing_as_of(task, date(2027, 7, 15)) is Standing.OPEN_IN_TIME


def test_closed_after_the_original_deadline_but_by_the_extended_one_is_on_time() -> None:
    task = extend(recorded_task(), date(2027, 9, 30), date(2027, 6, 20))
    done = replace(task, status=Status.DONE, closed_on=date(2027, 8, 1))
    assert standing_as_of(done, date(2027, 12, 1)) is Standing.DONE_ON_TIME
    late = replace(task, status=Status.DONE, closed_on=date(2027, 10, 1))
    assert standing_as_of(late, date(2027, 12, 1)) is Standing.DONE_LATE


# --- the rules as properties -------------------------------------------------------------

day_offsets = st.integers(min_value=0, max_value=400)


@st.composite
def extended_tasks(draw: st.DrawFn) -> Task:
    """A task due DUE, extended zero to three times, each later and granted later."""
    task = recorded_task()
    granted = RECORDED
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        granted += timedelta(days=draw(st.integers(min_value=0, max_value=60)))
        assert task.due is not None
        to = task.due + timedelta(days=draw(st.integers(min_value=1, max_value=90)))
        task = extend(task, to, granted)
    return task


@settings(max_examples=200, deadline=None)
@given(extended_tasks(), day_offsets)
def test_the_standing_as_of_any_day_uses_the_deadline_in_force_then(
    task: Task, offset: int
) -> None:
    day = RECORDED + timedelta(days=offset)
    judged_by = replace(task, due=deadline_in_force(task, day), deadlines=())
    assert standing_as_of(task, day) is standing_as_of(judged_by, day)


@settings(max_examples=200, deadline=None)
@given(extended_tasks(), st.integers(min_value=1, max_value=90), day_offsets, day_offsets)
def test_an_extension_never_changes_a_standing_before_it_was_granted(
    task: Task, longer: int, granted_after: int, offset: int
) -> None:
    granted = max([RECORDED, *(deadline.set_on for deadline in task.deadlines)]) + timedelta(
        days=granted_after
    )
    assert task.due is not None
    extended = extend(task, task.due + timedelta(days=longer), granted)
    day = RECORDED + timedelta(days=offset)
    if day < granted:
        assert standing_as_of(extended, day) is standing_as_of(task, day)
    else:
        assert deadline_in_force(extended, day) == extended.due


@settings(max_examples=200, deadline=None)
@given(extended_tasks(), day_offsets, day_offsets)
def test_a_closed_task_is_judged_by_the_deadline_in_force_when_it_closed(
    task: Task, closed_after: int, offset: int
) -> None:
    closed_on = RECORDED + timedelta(days=closed_after)
    done = replace(task, status=Status.DONE, closed_on=closed_on)
    in_force = deadline_in_force(task, closed_on)
    assert in_force is not None
    expected = Standing.DONE_ON_TIME if closed_on <= in_force else Standing.DONE_LATE
    later = closed_on + timedelta(days=offset)
    assert standing_as_of(done, later) is expected


# --- `tracker extend`, through real processes -------------------------------------------


def record_one_task(tracker: CliRunner) -> None:
    """Task #1, recorded 01/06/2027 and due 30/06/2027, in the database `tracker` runs on."""
    assert tracker("agencies", "add", "HN-KHDT", "Sở KH&ĐT Hà Nội", today=RECORDED).code == 0
    added = tracker(
        "add", "Xây dựng kế hoạch", "--lead", "HN-KHDT", "--due", "30/6/2027", today=RECORDED
    )
    assert added.code == 0, added.stderr


@pytest.fixture
def one_task(store_tracker: CliRunner, db: Path | str) -> Path | str:
    """A database, a file or a server's, holding task #1 (record_one_task)."""
    record_one_task(store_tracker)
    return db


@pytest.fixture
def one_task_file(tracker: CliRunner, db_path: Path) -> Path:
    """A database file holding task #1 (record_one_task)."""
    record_one_task(tracker)
    return db_path


def standing(tracker: CliRunner, as_of: str, today: date) -> str:
    result = tracker("list", "--format", "json", "--as-of", as_of, today=today)
    assert result.code == 0, result.stderr
    (task,) = json.loads(result.stdout)
    return str(task["standing"])


def test_extend_records_the_extension_and_show_lists_it(
    one_task: Path | str, store_tracker: CliRunner
) -> None:
    today = date(2027, 7, 20)
    result = store_tracker(
        "extend",
        "1",
        "--to",
        "30/9/2027",
        "--reason",
        "Chờ ý kiến của Bộ",
        "--document",
        "Công văn 1234/UBND-KT",
        "--on",
        "10/7/2027",
        today=today,
    )
    assert result.code == 0, result.stderr
    assert result.stdout == "#1 extended to 30/09/2027\n"
    assert standing(store_tracker, "5/7/2027", today) == "open_overdue"
    assert standing(store_tracker, "15/7/2027", today) == "open_in_time"

    shown = store_tracker("show", "1", today=today)
    assert "  01/06/2027  original deadline 30/06/2027" in shown.stdout
    assert (
        "  10/07/2027  extended to 30/09/2027 (Công văn 1234/UBND-KT): reason Chờ ý kiến của Bộ"
        in shown.stdout
    )
    as_json = json.loads(store_tracker("show", "1", "--format", "json", today=today).stdout)
    assert as_json["due"] == "2027-09-30"
    assert as_json["deadlines"] == [
        {"set_on": "2027-06-01", "due": "2027-06-30"},
        {
            "set_on": "2027-07-10",
            "due": "2027-09-30",
            "extension": True,
            "reason": "Chờ ý kiến của Bộ",
            "document": "Công văn 1234/UBND-KT",
        },
    ]
    (event,) = [e for e in as_json["history"] if e["kind"] == "extended"]
    assert (event["old"], event["new"], event["effective"], event["document"]) == (
        "2027-06-30",
        "2027-09-30",
        "2027-07-10",
        "Công văn 1234/UBND-KT",
    )


def test_closed_by_the_extended_deadline_is_done_on_time(
    one_task: Path | str, store_tracker: CliRunner
) -> None:
    today = date(2027, 8, 10)
    assert (
        store_tracker(
            "extend", "1", "--to", "30/9/2027", "--reason", "Chờ", "--on", "20/6/2027", today=today
        ).code
        == 0
    )
    assert store_tracker("close", "1", "--on", "1/8/2027", today=today).code == 0
    assert standing(store_tracker, "10/8/2027", today) == "done_on_time"


def test_a_correction_of_the_deadline_is_in_force_from_its_day(
    one_task: Path | str, store_tracker: CliRunner
) -> None:
    assert store_tracker("update", "1", "--due", "31/7/2027", today=date(2027, 6, 10)).code == 0
    today = date(2027, 7, 20)
    assert standing(store_tracker, "5/7/2027", today) == "open_in_time"
    shown = json.loads(store_tracker("show", "1", "--format", "json", today=today).stdout)
    assert shown["deadlines"] == [
        {"set_on": "2027-06-01", "due": "2027-06-30"},
        {"set_on": "2027-06-10", "due": "2027-07-31"},
    ]


def test_a_task_never_extended_stores_no_deadlines(
    one_task: Path | str, store_tracker: CliRunner
) -> None:
    assert store_tracker("update", "1", "--note", "Đang làm", today=RECORDED).code == 0
    stored = stored_documents(one_task, "tasks")["1"]
    assert "deadlines" not in stored
    exported = json.loads(store_tracker("export", today=RECORDED).stdout)
    assert "deadlines" not in exported["tasks"][0]


REFUSALS = [
    # (set-up commands, extend's arguments, exit code, words of the one line)
    ([], ["--to", "30/6/2027", "--reason", "x"], 1, "not after the current one"),
    ([], ["--to", "1/6/2027", "--reason", "x"], 1, "not after the current one"),
    ([["close", "1"]], ["--to", "30/9/2027", "--reason", "x"], 1, "reopen it"),
    (
        [["update", "1", "--status", "cancelled"]],
        ["--to", "30/9/2027", "--reason", "x"],
        1,
        "reopen it",
    ),
    (
        [["delete", "1", "--reason", "Nhầm"]],
        ["--to", "30/9/2027", "--reason", "x"],
        1,
        "restore it",
    ),
    ([["update", "1", "--no-due"]], ["--to", "30/9/2027", "--reason", "x"], 1, "update --due"),
    ([], ["--to", "someday", "--reason", "x"], 2, "--to"),
    ([], ["--to", "30/9/2027", "--reason", "  "], 2, "reason is empty"),
    ([], ["--to", "30/9/2027", "--reason", "x", "--on", "21/6/2027"], 2, "future"),
    (
        [],
        ["--to", "30/9/2027", "--reason", "x", "--on", "31/5/2027"],
        2,
        "before the task was recorded",
    ),
    ([], ["--to", "30/9/2027", "--reason", "x", "--on", "tomorrowish"], 2, "--on"),
    ([], ["--to", "30/9/2027"], 2, "--reason"),
]


@pytest.mark.parametrize(("setup", "arguments", "code", "words"), REFUSALS)
def test_each_refusal_is_one_line_and_leaves_the_file_unchanged(
    one_task: Path | str,
    store_tracker: CliRunner,
    setup: list[list[str]],
    arguments: list[str],
    code: int,
    words: str,
) -> None:
    today = date(2027, 6, 20)
    for command in setup:
        assert store_tracker(*command, today=today).code == 0
    before = state_of(one_task)
    result = store_tracker("extend", "1", *arguments, today=today)
    assert result.code == code, result.stderr
    assert words in result.stderr
    assert result.stdout == ""
    if code == 1:
        assert len(result.stderr.strip().splitlines()) == 1
    assert state_of(one_task) == before


def test_extending_a_task_that_does_not_exist_is_refused(
    one_task: Path | str, store_tracker: CliRunner
) -> None:
    before = state_of(one_task)
    result = store_tracker("extend", "9", "--to", "30/9/2027", "--reason", "x", today=RECORDED)
    assert (result.code, len(result.stderr.strip().splitlines())) == (1, 1)
    assert state_of(one_task) == before


def test_extend_speaks_vietnamese(
    one_task: Path | str, store_tracker: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRACKER_LANG", "vi")
    result = store_tracker(
        "extend",
        "1",
        "--to",
        "30/9/2027",
        "--reason",
        "Chờ",
        "--document",
        "Công văn 1234/UBND-KT",
        today=date(2027, 6, 20),
    )
    assert result.code == 0, result.stderr
    assert result.stdout == "#1 đã gia hạn đến 30/09/2027\n"
    shown = store_tracker("show", "1", today=date(2027, 6, 20)).stdout
    assert "gia hạn từ 30/06/2027 đến 30/09/2027 (Công văn 1234/UBND-KT): lý do Chờ" in shown


# --- migration and interchange ------------------------------------------------------------


def test_a_schema_4_file_gets_its_deadlines_from_its_history(
    one_task_file: Path, tracker: CliRunner
) -> None:
    one_task = one_task_file
    assert tracker("update", "1", "--due", "31/7/2027", today=date(2027, 6, 10)).code == 0
    raw = json.loads(one_task.read_bytes())
    raw["meta"]["1"]["schema"] = 4
    del raw["tasks"]["1"]["deadlines"]  # as a tracker before schema 5 wrote it
    one_task.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    before = one_task.read_bytes()

    today = date(2027, 7, 20)
    assert standing(tracker, "5/7/2027", today) == "open_in_time"
    assert standing(tracker, "5/6/2027", today) == "open_in_time"
    assert one_task.read_bytes() == before  # a read migrates in memory only

    assert tracker("update", "1", "--note", "rà soát", today=today).code == 0
    written = json.loads(one_task.read_bytes())
    assert written["meta"]["1"]["schema"] == schema.SCHEMA_VERSION == 6
    assert written["tasks"]["1"]["deadlines"] == [
        {"set_on": "2027-06-01", "due": "2027-06-30"},
        {"set_on": "2027-06-10", "due": "2027-07-31"},
    ]


def test_extensions_survive_export_and_import(
    one_task: Path | str, store_tracker: CliRunner, tmp_path: Path
) -> None:
    today = date(2027, 7, 20)
    assert (
        store_tracker(
            "extend",
            "1",
            "--to",
            "30/9/2027",
            "--reason",
            "Chờ",
            "--document",
            "CV 1",
            "--on",
            "10/7/2027",
            today=today,
        ).code
        == 0
    )
    exported = tmp_path / "export.json"
    assert store_tracker("export", "--output", str(exported), today=today).code == 0
    copy = tmp_path / "copy.json"
    from tests.conftest import run_tracker

    assert run_tracker(copy, "import", str(exported), today=today).code == 0
    original = json.loads(store_tracker("show", "1", "--format", "json", today=today).stdout)
    imported = json.loads(run_tracker(copy, "show", "1", "--format", "json", today=today).stdout)
    assert imported["deadlines"] == original["deadlines"]
    assert imported["history"] == original["history"]


def test_an_import_whose_deadlines_disagree_with_its_history_is_refused(
    one_task: Path | str, store_tracker: CliRunner, tmp_path: Path
) -> None:
    today = date(2027, 7, 20)
    assert (
        store_tracker("extend", "1", "--to", "30/9/2027", "--reason", "Chờ", today=today).code == 0
    )
    data = json.loads(store_tracker("export", today=today).stdout)
    data["tasks"][0]["deadlines"][0]["due"] = "2027-06-15"
    source = tmp_path / "edited.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    from tests.conftest import run_tracker

    copy = tmp_path / "copy.json"
    result = run_tracker(copy, "import", str(source), today=today)
    assert result.code == 2
    assert "'deadlines' does not match" in result.stderr
    assert not copy.exists()


def test_the_sample_has_extensions_granted_before_and_after_the_original_deadline(
    sample_store: Path | str, store_tracker: CliRunner
) -> None:
    tasks = json.loads(store_tracker("list", "--format", "json", "--status", "done").stdout)
    granted = []
    for task in tasks:
        deadlines = task.get("deadlines", [])
        for deadline in deadlines[1:]:
            assert deadline["extension"] and deadline["reason"] and deadline["document"]
            granted.append(deadline["set_on"] < deadlines[0]["due"])
    assert sorted(granted) == [False, True]
