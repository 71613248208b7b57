"""`tracker export --since WHEN`: the tasks changed since then and what they name, for a
weekly exchange (tracker/domain/exchange.py)."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import icalendar
import pytest

from tests.conftest import TODAY, CliRunner, run_tracker
from tests.server import is_server, state_of
from tracker.domain.errors import InvalidInput
from tracker.domain.exchange import changed_since, since_moment
from tracker.domain.model import Agency, Agreement, EventKind, HistoryEvent, Meeting, Task

NEXT_DAY, DAY_AFTER = TODAY + timedelta(days=1), TODAY + timedelta(days=2)
PARENT_UUID = "fbbca5e6-6759-4818-b5cb-351e991d16eb"  # the sample's task with sub-tasks


def exported(
    db: Path | str, *args: str, today: date = DAY_AFTER, target: Path | None = None
) -> dict[str, Any]:
    """The interchange file `export ARGS --output` writes (to `target` if given; beside a
    file), read back; a server's export without a `target` is read from stdout."""
    if target is None and is_server(db):
        printed = run_tracker(db, "export", *args, today=today)
        assert printed.code == 0, printed.stderr
        printed_data: dict[str, Any] = json.loads(printed.stdout)
        return printed_data
    folder = Path(db).parent
    target = target or folder / f"export-{len(list(folder.iterdir()))}.json"
    done = run_tracker(db, "export", *args, "--output", str(target), today=today)
    assert done.code == 0, done.stderr
    data: dict[str, Any] = json.loads(target.read_bytes())
    return data


def ids(data: dict[str, Any]) -> list[int]:
    return [task["id"] for task in data["tasks"]]


@pytest.fixture
def week(sample_store: Path | str, store_tracker: CliRunner) -> Path | str:
    """The sample, then a note on #21 the next day and #9 closed the day after."""
    noted = store_tracker("update", "21", "--note", "Đã đưa 12 sản phẩm lên sàn", today=NEXT_DAY)
    assert noted.code == 0, noted.stderr
    closed = store_tracker("close", "9", "--outcome", "Đã thống nhất danh mục", today=DAY_AFTER)
    assert closed.code == 0, closed.stderr
    return sample_store


def test_a_date_means_from_midnight_that_day(week: Path | str) -> None:
    assert ids(exported(week, "--since", NEXT_DAY.isoformat())) == [9, 21]
    assert ids(exported(week, "--since", "hôm nay")) == [9]
    assert ids(exported(week, "--since", "yesterday")) == [9, 21]


def test_only_the_agencies_meetings_and_agreements_the_tasks_name_come_along(
    week: Path | str,
) -> None:
    data = exported(week, "--since", "hôm nay")
    (task,) = data["tasks"]
    assert [agency["code"] for agency in data["agencies"]] == sorted(
        {task["lead"], *task["partners"]}
    )
    assert [meeting["id"] for meeting in data["meetings"]] == [task["meeting"]]
    assert [agreement["code"] for agreement in data["agreements"]] == [
        data["meetings"][0]["agreement"]
    ]
    assert task["status"] == "done"
    assert task["history"][-1]["kind"] == "closed"


def test_a_timestamp_with_its_offset_is_the_moment_it_names(
    week: Path | str, store_tracker: CliRunner
) -> None:
    shown = json.loads(store_tracker("show", "21", "--format", "json", today=DAY_AFTER).stdout)
    noted_at = datetime.fromisoformat(shown["history"][-1]["at"])
    # The same moment written in another time zone is the same moment.
    in_hanoi = noted_at.astimezone(datetime.fromisoformat("2026-01-01T00:00+07:00").tzinfo)
    assert ids(exported(week, "--since", in_hanoi.isoformat())) == [9, 21]
    assert ids(exported(week, "--since", (noted_at + timedelta(seconds=1)).isoformat())) == [9]


def test_linked_tasks_come_along_and_the_file_imports_into_an_empty_database(
    sample_store: Path | str, store_tracker: CliRunner, tmp_path: Path
) -> None:
    listed = json.loads(store_tracker("list", "--format", "json").stdout)
    parent = next(task["id"] for task in listed if task["uuid"] == PARENT_UUID)
    child = next(task["id"] for task in listed if task.get("parent") == PARENT_UUID)
    for task_id in (str(child), "31"):  # a sub-task; the third quarter of a periodic duty
        assert store_tracker("update", task_id, "--note", "Đã báo cáo", today=NEXT_DAY).code == 0
    target = tmp_path / "since.json"
    data = exported(sample_store, "--since", NEXT_DAY.isoformat(), target=target)
    assert sorted(ids(data)) == sorted([parent, child, 29, 30, 31])
    fresh = tmp_path / "fresh.json"
    imported = run_tracker(fresh, "import", str(target))
    assert imported.code == 0, imported.stderr
    copied = json.loads(run_tracker(fresh, "show", "1", "--format", "json").stdout)
    assert copied["uuid"] == data["tasks"][0]["uuid"]
    titles = {
        task["title"] for task in json.loads(run_tracker(fresh, "list", "--format", "json").stdout)
    }
    assert titles == {task["title"] for task in data["tasks"]}


def test_nothing_since_then_is_an_export_with_no_tasks_and_a_note(
    week: Path | str, tmp_path: Path
) -> None:
    target = tmp_path / "nothing.json"
    later = (DAY_AFTER + timedelta(days=1)).isoformat()
    done = run_tracker(week, "export", "--since", later, "--output", str(target), today=DAY_AFTER)
    assert done.code == 0
    assert done.stderr.strip().splitlines() == [
        f"No task has changed since {later}: the export has no tasks."
    ]
    data = json.loads(target.read_bytes())
    assert (data["tasks"], data["agencies"], data["meetings"]) == ([], [], [])
    imported = run_tracker(tmp_path / "fresh.json", "import", str(target))
    assert imported.code == 0, imported.stderr


@pytest.mark.parametrize("when", ["bogus", "2026-13-01T10:00", "31/2/2026", ""])
def test_a_bad_when_is_refused_and_nothing_is_written(
    week: Path | str, tmp_path: Path, when: str
) -> None:
    before = state_of(week)
    target = tmp_path / "never.json"
    done = run_tracker(week, "export", "--since", when, "--output", str(target))
    assert done.code == 2
    assert done.stderr.startswith("tracker: error: --since: ")
    assert len(done.stderr.strip().splitlines()) == 1
    assert not target.exists()
    assert state_of(week) == before
    to_stdout = run_tracker(week, "export", "--since", when)
    assert (to_stdout.code, to_stdout.stdout) == (2, "")


def test_a_workbook_since_a_day_holds_the_tasks_changed(week: Path | str, tmp_path: Path) -> None:
    target = tmp_path / "since.xlsx"
    done = run_tracker(
        week, "export", "--format", "xlsx", "--since", NEXT_DAY.isoformat(), "--output", str(target)
    )
    assert done.code == 0, done.stderr
    fresh = tmp_path / "fresh.json"
    imported = run_tracker(fresh, "import", str(target), today=DAY_AFTER)
    assert imported.code == 0, imported.stderr
    listed = json.loads(run_tracker(fresh, "list", "--format", "json", today=DAY_AFTER).stdout)
    sample = json.loads(run_tracker(week, "list", "--format", "json", today=DAY_AFTER).stdout)
    assert sorted(task["uuid"] for task in listed) == sorted(
        task["uuid"] for task in sample if task["id"] in (9, 21)
    )


def test_a_calendar_since_a_day_has_the_open_tasks_changed(
    week: Path | str, tmp_path: Path
) -> None:
    target = tmp_path / "since.ics"
    done = run_tracker(
        week, "export", "--format", "ics", "--since", NEXT_DAY.isoformat(), "--output", str(target)
    )
    assert done.code == 0, done.stderr
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    (event,) = calendar.walk("VEVENT")  # #9 is closed: only #21's deadline
    assert str(event["SUMMARY"]).startswith("#21")


# The pure parts ---------------------------------------------------------------------


def test_since_moment_reads_dates_at_local_midnight_and_timestamps_as_written() -> None:
    local = datetime.combine(TODAY, datetime.min.time()).astimezone()
    assert since_moment("27/11/2026", TODAY) == local
    assert since_moment("hôm qua", TODAY) == local - timedelta(days=1)
    moment = since_moment("2026-12-03T10:15:00+07:00", TODAY)
    assert moment.isoformat() == "2026-12-03T10:15:00+07:00"
    assert since_moment("2026-12-03 10:15", TODAY).tzinfo is not None
    with pytest.raises(InvalidInput):
        since_moment("2026-12-03T25:00", TODAY)


def _task(task_id: int, at: datetime, **fields: Any) -> Task:
    event = HistoryEvent(id=f"e{task_id}", at=at, kind=EventKind.NOTE, text="x")
    fields.setdefault("lead", "A")
    return Task(id=task_id, uuid=f"u{task_id}", title="t", history=[event], **fields)


def test_changed_since_follows_links_in_turn_and_names_only_what_is_used() -> None:
    old = datetime(2026, 1, 1).astimezone()
    new = datetime(2026, 12, 1).astimezone()
    tasks = [
        _task(1, old, partners=("B",)),
        _task(2, old, parent=1, meeting="m1"),
        _task(3, new, previous=2),
        _task(4, old, lead="C", meeting="m2"),
    ]
    agencies = [Agency(code, code) for code in "ABC"]
    meetings = [
        Meeting(id="m1", title="m", date=date(2026, 1, 1), agreement="X"),
        Meeting(id="m2", title="m", date=date(2026, 1, 1), agreement="Y"),
    ]
    agreements = [Agreement(code="X", title="x"), Agreement(code="Y", title="y")]
    chosen = changed_since(datetime(2026, 6, 1).astimezone(), tasks, agencies, agreements, meetings)
    assert [task.id for task in chosen.tasks] == [1, 2, 3]
    assert [agency.code for agency in chosen.agencies] == ["A", "B"]
    assert [meeting.id for meeting in chosen.meetings] == ["m1"]
    assert [agreement.code for agreement in chosen.agreements] == ["X"]
    assert changed_since(new, tasks, agencies, agreements, meetings).tasks == tasks[:3]
    nothing = changed_since(new + timedelta(seconds=1), tasks, agencies, agreements, meetings)
    assert (nothing.tasks, nothing.agencies, nothing.meetings) == ([], [], [])
