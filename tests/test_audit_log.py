"""`tracker log`: the audit trail of the database or of one task, newest first, by day and
by author, as text and JSON, through the real command; and the pure selection under it."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tests.conftest import SAMPLE, TEST_USER, TODAY, CliRunner, Result, cli_env
from tests.server import state_of
from tests.stores import recorded_by
from tracker.domain.audit import by_matches, short_title, shown_when, trail
from tracker.domain.model import Author, EventKind, HistoryEvent, Task


def as_user(db: Path | str, name: str, *args: str, today: date = TODAY) -> Result:
    """A command run by `name` ($TRACKER_USER), as a script of theirs would."""
    env = cli_env(db, today)
    env["TRACKER_USER"] = name
    done = subprocess.run(
        [sys.executable, "-m", "tracker", *args],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    return Result(done.returncode, done.stdout, done.stderr)


@pytest.fixture
def worked_on(sample_store: Path | str) -> Path | str:
    """The sample, then Hà Nội closes #9 on the 1st and Thái Nguyên notes #6 on the 2nd."""
    done = as_user(
        sample_store, "Nguyễn Văn A", "close", "9", "--outcome", "Đã ký", today=date(2026, 12, 1)
    )
    assert done.code == 0, done.stderr
    noted = as_user(
        sample_store,
        "Trần Thị Bình",
        "update",
        "6",
        "--note",
        "Đã gửi số liệu",
        today=date(2026, 12, 2),
    )
    assert noted.code == 0, noted.stderr
    return sample_store


def log_lines(result: Result) -> list[str]:
    """The log's lines with each recording time (the real clock's) as HH:MM."""
    assert result.code == 0, result.stderr
    return [re.sub(r"(/\d{4}) \d\d:\d\d", r"\1 HH:MM", line) for line in result.stdout.splitlines()]


def test_the_whole_log_is_newest_first_with_when_who_task_and_what(
    worked_on: Path | str, store_tracker: CliRunner
) -> None:
    lines = log_lines(store_tracker("log"))
    assert lines[0].split() == ["When", "Who", "Task", "What"]
    assert lines[1].startswith("02/12/2026 HH:MM  Trần Thị Bình  ")
    assert "#6 Xây dựng phương án cung ứng thực phẩm t…" in lines[1]
    assert lines[1].endswith("  Đã gửi số liệu")
    assert lines[2].startswith("01/12/2026 HH:MM  Nguyễn Văn A   ")
    assert "#9 " in lines[2] and lines[2].endswith("  closed: Đã ký")
    # Then the sample's own history, recorded before authors were and by the day only:
    # nobody named, and no time claimed.
    assert lines[3].startswith("20/11/2026                       #23 ")
    sample_events = sum(len(task["history"]) for task in json.loads(SAMPLE.read_text())["tasks"])
    assert len(lines) == 1 + 2 + sample_events


def test_one_tasks_log_leaves_out_the_task_column(
    worked_on: Path | str, store_tracker: CliRunner
) -> None:
    lines = log_lines(store_tracker("log", "#9"))
    assert lines[0].split() == ["When", "Who", "What"]
    assert lines[1] == "01/12/2026 HH:MM  Nguyễn Văn A  closed: Đã ký"
    assert all("Trần" not in line for line in lines)


def test_since_and_by_choose_the_changes(worked_on: Path | str, store_tracker: CliRunner) -> None:
    since = log_lines(store_tracker("log", "--since", "1/12/2026"))
    assert len(since) == 3 and "Trần Thị Bình" in since[1] and "Nguyễn Văn A" in since[2]
    # Any phrase the other commands read: "yesterday" on the 3rd is the 2nd.
    yesterday = log_lines(store_tracker("log", "--since", "hôm qua", today=date(2026, 12, 3)))
    assert len(yesterday) == 2 and "Trần Thị Bình" in yesterday[1]
    by = log_lines(store_tracker("log", "--by", "tran thi"))
    assert len(by) == 2 and "Đã gửi số liệu" in by[1]
    assert log_lines(store_tracker("log", "--by", "NGUYỄN văn a", "6")) == []


def test_a_log_with_nothing_to_show_says_so(
    worked_on: Path | str, store_tracker: CliRunner
) -> None:
    result = store_tracker("log", "--by", "Lê Văn C")
    assert (result.code, result.stdout, result.stderr) == (0, "", "no changes match\n")
    assert json.loads(store_tracker("log", "--by", "Lê Văn C", "--format", "json").stdout) == []


def test_the_json_log_is_an_array_of_events_with_their_task_and_words(
    worked_on: Path | str, store_tracker: CliRunner
) -> None:
    result = store_tracker("log", "--since", "1/12/2026", "--format", "json")
    assert result.code == 0, result.stderr
    noted, closed = json.loads(result.stdout)
    assert noted["task"] == 6 and noted["kind"] == "note" and noted["what"] == "Đã gửi số liệu"
    assert noted["by"] == recorded_by(worked_on, "Trần Thị Bình")
    assert closed["task"] == 9 and closed["title"].startswith("Đề xuất danh mục dự án")
    assert (closed["field"], closed["old"], closed["new"]) == ("status", "in_progress", "done")
    assert closed["what"] == "closed: Đã ký"
    assert datetime.fromisoformat(closed["at"]).date() == date(2026, 12, 1)
    assert set(closed) >= {"task", "uuid", "title", "id", "at", "kind", "by", "change", "what"}
    # The same keys as the task's history in `show --format json`.
    shown = json.loads(store_tracker("show", "9", "--format", "json").stdout)["history"][-1]
    assert {key: closed[key] for key in shown} == shown


def test_the_log_speaks_the_interface_language(
    worked_on: Path | str, store_tracker: CliRunner
) -> None:
    lines = log_lines(store_tracker("--lang", "vi", "log", "9"))
    assert lines[0].split() == ["Thời", "điểm", "Người", "ghi", "Nội", "dung"]
    assert lines[1] == "01/12/2026 HH:MM  Nguyễn Văn A  hoàn thành, kết quả: Đã ký"
    quiet = store_tracker("--lang", "vi", "log", "--by", "Lê Văn C")
    assert quiet.stderr == "không có thay đổi nào phù hợp\n"


@pytest.mark.parametrize(
    ("args", "code", "mention"),
    [
        (["log", "999"], 1, "#999"),
        (["log", "abc"], 2, "not a task id"),
        (["log", "--since", "khi nào"], 2, "--since"),
        (["log", "--format", "xml"], 2, "--format"),
    ],
)
def test_bad_requests_are_one_line_and_change_nothing(
    worked_on: Path | str, store_tracker: CliRunner, args: list[str], code: int, mention: str
) -> None:
    before = state_of(worked_on)
    result = store_tracker(*args)
    assert result.code == code, result.stderr
    assert result.stdout == "" and len(result.stderr.splitlines()) == 1
    assert mention in result.stderr
    assert state_of(worked_on) == before


def test_a_deleted_tasks_changes_stay_in_the_log(
    sample_store: Path | str, store_tracker: CliRunner
) -> None:
    assert store_tracker("delete", "22", "--reason", "Nhập trùng").code == 0
    lines = log_lines(store_tracker("log"))
    assert lines[1].startswith(f"27/11/2026 HH:MM  {TEST_USER}  #22 ")
    assert lines[1].endswith("deleted: Nhập trùng")
    assert log_lines(store_tracker("log", "22"))[1].endswith("deleted: Nhập trùng")


# --- the selection, pure -----------------------------------------------------------------


def event(day: int, hour: int, by: Author | None, event_id: str = "") -> HistoryEvent:
    at = datetime(2026, 12, day, hour, 5, tzinfo=UTC)
    return HistoryEvent(
        id=event_id or f"e-{day}-{hour}", at=at, kind=EventKind.NOTE, text="x", by=by
    )


def task(task_id: int, *events: HistoryEvent) -> Task:
    return Task(
        id=task_id,
        uuid=f"u{task_id}",
        title=f"Task {task_id}",
        lead="HN-KHDT",
        created=datetime(2026, 1, 1, tzinfo=UTC),
        updated=datetime(2026, 1, 1, tzinfo=UTC),
        history=list(events),
    )


def test_trail_merges_tasks_newest_first_and_chooses_by_day_and_author() -> None:
    a = Author("Nguyễn Văn A", "HN-KHDT")
    b = Author("Đỗ Thị Bình", "TN-KHDT")
    tasks = [task(1, event(1, 9, a), event(3, 9, None)), task(2, event(2, 9, b), event(3, 8, a))]
    assert [(e.task_id, e.event.at.day, e.event.at.hour) for e in trail(tasks)] == [
        (1, 3, 9),
        (2, 3, 8),
        (2, 2, 9),
        (1, 1, 9),
    ]
    assert [e.event.at.day for e in trail(tasks, since=date(2026, 12, 2))] == [3, 3, 2]
    assert [e.task_id for e in trail(tasks, by="do thi")] == [2]
    assert [e.task_id for e in trail(tasks, by="tn-khdt")] == [2]
    assert [e.event.at.day for e in trail(tasks, by="HN-KHDT")] == [3, 1]
    # Events of one instant keep the order their ids give (made in order: UUIDv7).
    same = [task(1, event(4, 9, a, "b"), event(4, 9, a, "a"))]
    assert [e.event.id for e in trail(same)] == ["b", "a"]


def test_nobody_matches_an_event_with_no_author() -> None:
    assert not by_matches(event(1, 9, None), "")
    assert by_matches(event(1, 9, Author("Đặng Văn Đức")), "dang duc")


def test_a_history_line_shows_the_day_a_dated_back_change_took_effect_without_a_time() -> None:
    noted = event(3, 14, None)
    assert shown_when(noted) == "03/12/2026 14:05"
    closed = HistoryEvent(
        id="c", at=noted.at, kind=EventKind.CLOSED, effective=date(2026, 11, 30), by=None
    )
    assert shown_when(closed) == "30/11/2026      "
    same_day = HistoryEvent(id="d", at=noted.at, kind=EventKind.CLOSED, effective=noted.at.date())
    assert shown_when(same_day) == "03/12/2026 14:05"


def test_short_titles_end_in_an_ellipsis() -> None:
    assert short_title("Ngắn") == "Ngắn"
    assert short_title("a  b\nc") == "a b c"
    assert short_title("x" * 50, 10) == "xxxxxxxxx…"
