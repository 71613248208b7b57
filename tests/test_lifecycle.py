"""The task lifecycle (issue 12): a closed task's past stays, closing days are checked,
reopening restores the status before closing, and deletion is an event, not an erasure.

Each command runs as a real process on a real file; every refusal is one line on stderr
with its exit status, and leaves the file byte for byte as it was.
"""

from __future__ import annotations

import copy
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SAMPLE, SAMPLE_TASKS, TODAY, CliRunner
from tests.server import state_of
from tests.stores import stored_documents
from tracker.store import schema


def shown(tracker: CliRunner, task_id: str) -> dict[str, Any]:
    result = tracker("show", task_id, "--format", "json")
    assert result.code == 0, result.stderr
    record: dict[str, Any] = json.loads(result.stdout)
    return record


def refused(tracker: CliRunner, db: Path | str, code: int, *args: str) -> str:
    """Run a command that must be refused; its one line of stderr."""
    before = state_of(db)
    result = tracker(*args)
    assert result.code == code, (result.code, result.stderr)
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert state_of(db) == before
    return result.stderr.strip()


# --- a closed task keeps its past ----------------------------------------------------


# Sample task 4 is done late: due 31/08/2019, closed 20/09/2019.
@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("--due", "30/9/2019"), "deadline"),
        (("--no-due",), "deadline"),
        (("--lead", "HN-KHDT"), "lead agency"),
        (("--partner", "HN-KHDT"), "partners"),
        (("--no-partners",), "partners"),
        (("--status", "cancelled"), "status"),
        (("--status", "in_progress"), "status"),
        (("--title", "Đổi tên", "--due", "30/9/2019"), "deadline"),
    ],
)
def test_a_done_task_keeps_its_deadline_agencies_and_status(
    sample_store: Path | str, store_tracker: CliRunner, args: tuple[str, ...], field: str
) -> None:
    message = refused(store_tracker, sample_store, 1, "update", "4", *args)
    assert message == (
        f"tracker: error: task #4 is done: its {field} cannot change; reopen it first"
    )
    task = shown(store_tracker, "4")
    assert (task["status"], task["due"], task["closed_on"], task["standing"]) == (
        "done",
        "2019-08-31",
        "2019-09-20",
        "done_late",
    )


def test_a_cancelled_task_keeps_its_status_and_closing_day(
    sample_store: Path | str, store_tracker: CliRunner
) -> None:
    message = refused(store_tracker, sample_store, 1, "update", "25", "--status", "open")
    assert message.endswith("task #25 is cancelled: its status cannot change; reopen it first")
    assert shown(store_tracker, "25")["closed_on"] == "2019-08-15"


def test_a_closed_task_still_takes_notes_and_corrections(
    sample_store: Path | str, store_tracker: CliRunner
) -> None:
    assert store_tracker("update", "4", "--note", "Bổ sung biên bản").code == 0
    assert (
        store_tracker("update", "4", "--title", "Gian hàng đặc sản", "--area", "tourism").code == 0
    )
    task = shown(store_tracker, "4")
    assert (task["title"], task["area"], task["status"]) == (
        "Gian hàng đặc sản",
        "tourism",
        "done",
    )
    assert task["history"][-3]["text"] == "Bổ sung biên bản"


# --- closing days ----------------------------------------------------------------------


def test_close_on_a_day_before_the_task_was_recorded_is_refused(
    sample_store: Path | str, store_tracker: CliRunner
) -> None:
    # Sample task 2 was recorded on 21/06/2019.
    message = refused(store_tracker, sample_store, 2, "close", "2", "--on", "20/6/2019")
    assert message == (
        "tracker: error: task #2: a task cannot be closed on 20/06/2019, "
        "before it was recorded (21/06/2019)"
    )
    assert store_tracker("close", "2", "--on", "21/6/2019").code == 0


def test_close_after_today_is_refused(sample_store: Path | str, store_tracker: CliRunner) -> None:
    message = refused(store_tracker, sample_store, 2, "close", "2", "--on", "28/11/2026")
    assert message == "tracker: error: a task cannot be closed in the future"


def test_close_of_several_writes_none_when_one_was_recorded_later(
    sample_store: Path | str, store_tracker: CliRunner
) -> None:
    # Task 20 was recorded on 15/10/2026, task 2 in 2019.
    message = refused(store_tracker, sample_store, 2, "close", "2", "20", "--on", "1/10/2026")
    assert "task #20" in message


# --- import refuses inconsistent records ---------------------------------------------


def sample_with(position: int, **changes: object) -> dict[str, Any]:
    raw: dict[str, Any] = copy.deepcopy(json.loads(SAMPLE.read_text(encoding="utf-8")))
    raw["tasks"][position - 1].update(changes)
    return raw


@pytest.mark.parametrize(
    ("position", "changes", "problem"),
    [
        (1, {"closed_on": None}, "a done task needs its 'closed_on' date"),
        (11, {"closed_on": None}, "a cancelled task needs its 'closed_on' date"),
        (2, {"closed_on": "2020-01-01"}, "a task that is in_progress cannot have a 'closed_on'"),
        (18, {"closed_on": "2020-01-01"}, "a task that is open cannot have a 'closed_on' date"),
        (6, {"closed_on": "2020-01-01"}, "a task that is blocked cannot have a 'closed_on'"),
        (1, {"closed_on": "2026-11-28"}, "'closed_on' 2026-11-28 is in the future"),
        (1, {"closed_on": "2019-06-20"}, "before it was recorded (21/06/2019)"),
    ],
)
def test_import_refuses_an_inconsistent_closing_all_or_nothing(
    db: Path | str,
    store_tracker: CliRunner,
    tmp_path: Path,
    position: int,
    changes: dict[str, object],
    problem: str,
) -> None:
    assert store_tracker("agencies", "add", "XX-OLD", "Một cơ quan").code == 0
    raw = sample_with(position, **changes)
    uuid = raw["tasks"][position - 1]["uuid"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    message = refused(store_tracker, db, 2, "import", str(bad))
    assert f"task {position} ({uuid})" in message
    assert problem in message
    assert store_tracker("list").stdout == ""  # no task came in


def test_the_sample_and_its_export_import_as_they_are(
    sample_store: Path | str, store_tracker: CliRunner, tmp_path: Path
) -> None:
    exported = tmp_path / "export.json"
    assert store_tracker("export", "--output", str(exported)).code == 0
    again = tmp_path / "again.json"
    result = store_tracker("--db", str(again), "import", str(exported))
    assert result.code == 0, result.stderr
    assert f"imported {SAMPLE_TASKS} tasks" in result.stdout


# --- reopening -------------------------------------------------------------------------


def test_reopen_returns_the_status_before_closing_and_moves_the_outcome(
    sample_store: Path | str, store_tracker: CliRunner
) -> None:
    assert store_tracker("update", "2", "--status", "blocked").code == 0
    assert store_tracker("close", "2", "--outcome", "Đã gửi báo cáo").code == 0
    assert shown(store_tracker, "2")["outcome"] == "Đã gửi báo cáo"
    result = store_tracker("reopen", "2", "--reason", "Thiếu số liệu quý IV")
    assert (result.code, result.stdout) == (0, "#2 reopened\n")
    task = shown(store_tracker, "2")
    assert (task["status"], task["closed_on"], task["outcome"]) == ("blocked", None, None)
    closed, reopened = task["history"][-2:]
    assert (closed["kind"], closed["text"]) == ("closed", "Đã gửi báo cáo")
    assert (reopened["kind"], reopened["old"], reopened["new"], reopened["text"]) == (
        "reopened",
        "done",
        "blocked",
        "Thiếu số liệu quý IV",
    )
    text = store_tracker("show", "2").stdout
    assert "Outcome" not in text
    assert "closed: Đã gửi báo cáo" in text
    assert "reopened as blocked (was done): Thiếu số liệu quý IV" in text
    # Closing again records the new outcome.
    assert store_tracker("close", "2", "--outcome", "Đã gửi bản bổ sung").code == 0
    task = shown(store_tracker, "2")
    assert task["outcome"] == "Đã gửi bản bổ sung"
    assert task["history"][-1]["text"] == "Đã gửi bản bổ sung"


def test_reopen_of_a_cancelled_task_returns_its_status_before_cancelling(
    sample_store: Path | str, store_tracker: CliRunner
) -> None:
    assert store_tracker("update", "2", "--status", "cancelled").code == 0
    assert store_tracker("reopen", "2").code == 0
    assert shown(store_tracker, "2")["status"] == "in_progress"


def test_reopen_of_an_imported_closed_task_keeps_its_outcome_in_the_history(
    sample_store: Path | str, store_tracker: CliRunner
) -> None:
    # Sample task 4 came closed, its outcome in no closed event.
    outcome = shown(store_tracker, "4")["outcome"]
    assert store_tracker("reopen", "4").code == 0
    task = shown(store_tracker, "4")
    assert (task["status"], task["outcome"]) == ("open", None)
    event = task["history"][-1]
    assert (event["field"], event["old"], event["new"]) == ("outcome", outcome, None)
    assert f"previous outcome: {outcome}" in store_tracker("show", "4").stdout


def test_reopen_note_still_works_as_the_reason(
    sample_store: Path | str, store_tracker: CliRunner
) -> None:
    assert store_tracker("reopen", "4", "--note", "Theo kiến nghị").code == 0
    reopened = [e for e in shown(store_tracker, "4")["history"] if e["kind"] == "reopened"]
    assert reopened[-1]["text"] == "Theo kiến nghị"
    assert "--note" not in store_tracker("reopen", "--help").stdout


def test_reopen_refuses_reason_and_note_together(
    sample_store: Path | str, store_tracker: CliRunner
) -> None:
    message = refused(store_tracker, sample_store, 2, "reopen", "4", "--reason", "a", "--note", "b")
    assert message == "tracker: error: give --reason or --note, not both"


# --- deleting and restoring ----------------------------------------------------------


def counts(tracker: CliRunner) -> dict[str, Any]:
    report = json.loads(tracker("report", "--format", "json").stdout)
    totals: dict[str, Any] = report["totals"]
    return totals


def test_a_deleted_task_leaves_every_list_and_count_and_comes_back(
    sample_store: Path | str, store_tracker: CliRunner
) -> None:
    before = counts(store_tracker)
    overdue = [
        t["id"] for t in json.loads(store_tracker("list", "--overdue", "--format", "json").stdout)
    ]
    assert 18 in overdue
    result = store_tracker("delete", "18", "--reason", "Nhập trùng với #19")
    assert (result.code, result.stdout) == (0, "#18 deleted\n")

    listed = [t["id"] for t in json.loads(store_tracker("list", "--format", "json").stdout)]
    assert 18 not in listed and len(listed) == SAMPLE_TASKS - 1
    assert 18 not in [
        t["id"] for t in json.loads(store_tracker("list", "--overdue", "--format", "json").stdout)
    ]
    assert (
        store_tracker("list", "--search", "dao tao nghe", "--format", "json").stdout.strip() == "[]"
    )
    assert counts(store_tracker)["tasks"] == before["tasks"] - 1
    assert counts(store_tracker)["open_overdue"] == before["open_overdue"] - 1
    assert "#18" not in store_tracker("report").stdout

    # Still in the file, and `show` says when and why.
    text = store_tracker("show", "18").stdout
    assert "DELETED on 27/11/2026: Nhập trùng với #19" in text
    assert re.search(r"27/11/2026 \d\d:\d\d  .+  deleted: Nhập trùng với #19", text)
    task = shown(store_tracker, "18")
    assert task["deleted_on"] == TODAY.isoformat()
    assert task["history"][-1]["kind"] == "deleted"

    result = store_tracker("restore", "18")
    assert (result.code, result.stdout) == (0, "#18 restored\n")
    assert counts(store_tracker) == before
    assert "deleted_on" not in shown(store_tracker, "18")  # only a deleted task has the key
    assert re.search(r"27/11/2026 \d\d:\d\d  .+  restored\n", store_tracker("show", "18").stdout)
    stored = stored_documents(sample_store, "tasks")
    assert not any("deleted_on" in task for task in stored.values())  # stored only when set


def test_a_deleted_task_cannot_change_until_restored(
    sample_store: Path | str, store_tracker: CliRunner
) -> None:
    assert store_tracker("delete", "2", "--reason", "Nhầm").code == 0
    line = "tracker: error: task #2 was deleted on 27/11/2026; restore it first"
    assert refused(store_tracker, sample_store, 1, "update", "2", "--note", "x") == line
    assert refused(store_tracker, sample_store, 1, "update", "2", "--title", "x") == line
    assert refused(store_tracker, sample_store, 1, "close", "2") == line
    assert refused(store_tracker, sample_store, 1, "delete", "2", "--reason", "x").endswith(
        "task #2 was already deleted on 27/11/2026"
    )
    assert (
        refused(store_tracker, sample_store, 1, "restore", "3")
        == "tracker: error: task #3 is not deleted"
    )


def test_delete_needs_a_reason(sample_store: Path | str, store_tracker: CliRunner) -> None:
    assert "--reason" in refused(store_tracker, sample_store, 2, "delete", "2")
    assert refused(store_tracker, sample_store, 2, "delete", "2", "--reason", "  ") == (
        "tracker: error: the reason is empty: say why the task is deleted"
    )
    assert refused(store_tracker, sample_store, 1, "delete", "99", "--reason", "x").startswith(
        "tracker: error: no task #99"
    )


def test_ids_of_deleted_tasks_are_never_reused(
    sample_store: Path | str, store_tracker: CliRunner
) -> None:
    new_id = store_tracker("add", "Tạm", "--lead", "HN-KHDT").stdout.strip()
    assert new_id == str(SAMPLE_TASKS + 1)
    assert store_tracker("delete", new_id, "--reason", "Thử").code == 0
    assert store_tracker("add", "Tiếp", "--lead", "HN-KHDT").stdout.strip() == str(SAMPLE_TASKS + 2)


def test_a_deletion_travels_in_an_export_and_stays_deleted(
    sample_store: Path | str, store_tracker: CliRunner, tmp_path: Path
) -> None:
    assert store_tracker("delete", "3", "--reason", "Nhầm").code == 0
    exported = tmp_path / "export.json"
    assert store_tracker("export", "--output", str(exported)).code == 0
    records = json.loads(exported.read_text(encoding="utf-8"))["tasks"]
    assert len(records) == SAMPLE_TASKS
    assert [r["deleted_on"] for r in records if r["id"] == 3] == [TODAY.isoformat()]
    other = tmp_path / "other.json"
    result = store_tracker("--db", str(other), "import", str(exported))
    assert f"imported {SAMPLE_TASKS} tasks" in result.stdout, result.stderr
    ids = [
        t["id"]
        for t in json.loads(store_tracker("--db", str(other), "list", "--format", "json").stdout)
    ]
    assert len(ids) == SAMPLE_TASKS - 1
    text = store_tracker("--db", str(other), "show", "3").stdout
    assert "DELETED on 27/11/2026: Nhầm" in text


def test_an_older_schema_2_file_reads_and_is_written_as_the_current_schema(
    sample_db: Path, tracker: CliRunner
) -> None:
    raw = json.loads(sample_db.read_bytes())
    raw["meta"]["1"]["schema"] = 2
    sample_db.write_text(json.dumps(raw), encoding="utf-8")
    assert len(json.loads(tracker("list", "--format", "json").stdout)) == SAMPLE_TASKS
    assert tracker("delete", "3", "--reason", "Nhầm").code == 0
    assert json.loads(sample_db.read_bytes())["meta"]["1"]["schema"] == schema.SCHEMA_VERSION


def test_close_is_refused_on_a_task_added_later_in_the_day_order(
    db: Path | str, store_tracker: CliRunner
) -> None:
    assert store_tracker("agencies", "add", "HN-KHDT", "Sở KH&ĐT Hà Nội").code == 0
    task_id = store_tracker(
        "add", "Mới", "--lead", "HN-KHDT", today=date(2026, 11, 20)
    ).stdout.strip()
    assert store_tracker("close", task_id, "--on", "19/11/2026").code == 2
    assert store_tracker("close", task_id, "--on", "20/11/2026").code == 0
