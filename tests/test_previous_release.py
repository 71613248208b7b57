"""A database written by the previous release (schema 5) opens, migrates, exports and merges."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_tracker

FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Written by the tracker of commit 3b7a981 through its CLI (tests/fixtures/make_schema5.sh),
# with what that release listed (schema5-list.json) and showed (schema5-show.json) of it.
FIXTURE = FIXTURES / "schema5.json"
OLD_LIST = FIXTURES / "schema5-list.json"
OLD_SHOW = FIXTURES / "schema5-show.json"
CLOSED, NOTED, DELETED, EXTENDED = 18, 21, 22, 24


@pytest.fixture
def old_db(tmp_path: Path) -> Path:
    """A copy of the previous release's database, in a folder of the test's own."""
    path = tmp_path / "old" / "tracker.json"
    path.parent.mkdir()
    shutil.copyfile(FIXTURE, path)
    return path


def schema(path: Path) -> int:
    meta = json.loads(path.read_bytes())["meta"]
    (record,) = meta.values()
    number: int = record["schema"]
    return number


def same_as_before(new: dict[str, Any], old: dict[str, Any]) -> None:
    """Every key the previous release wrote has the value it had; events gain `by`
    (None: nobody was recorded then) and nothing else changes in them."""
    for key, value in old.items():
        if key == "history":
            assert [{**event, "by": None} for event in value] == [
                {key: event[key] for key in (*old_event, "by")}
                for event, old_event in zip(new[key], value, strict=True)
            ]
        else:
            assert new[key] == value, key


def test_the_fixture_is_a_schema_5_database_with_no_changes_journal() -> None:
    raw = json.loads(FIXTURE.read_bytes())
    assert schema(FIXTURE) == 5
    assert "changes" not in raw
    assert raw["tasks"][str(DELETED)]["deleted_on"] == "2026-11-27"


def test_the_current_tracker_lists_the_same_tasks_and_writes_nothing(old_db: Path) -> None:
    before = old_db.read_bytes()
    listed = run_tracker(old_db, "list", "--format", "json")
    assert listed.code == 0, listed.stderr
    new, old = json.loads(listed.stdout), json.loads(OLD_LIST.read_bytes())
    assert [task["id"] for task in new] == [task["id"] for task in old]
    for new_task, old_task in zip(new, old, strict=True):
        same_as_before(new_task, old_task)
    assert old_db.read_bytes() == before


@pytest.mark.parametrize("task_id", [CLOSED, NOTED, DELETED, EXTENDED])
def test_the_current_tracker_shows_the_same_task(old_db: Path, task_id: int) -> None:
    shown = run_tracker(old_db, "show", str(task_id), "--format", "json")
    assert shown.code == 0, shown.stderr
    same_as_before(json.loads(shown.stdout), json.loads(OLD_SHOW.read_bytes())[str(task_id)])


def test_its_old_events_show_with_no_author(old_db: Path) -> None:
    shown = run_tracker(old_db, "show", str(CLOSED), "--format", "json")
    history = json.loads(shown.stdout)["history"]
    assert history and all(event["by"] is None for event in history)
    assert history[-1]["kind"] == "closed"
    text = run_tracker(old_db, "show", str(CLOSED))
    assert "Đã tổ chức 2 lớp đào tạo nghề cho 120 lao động" in text.stdout


def test_the_first_write_migrates_it_to_schema_6_with_a_changes_journal(old_db: Path) -> None:
    noted = run_tracker(
        old_db, "update", str(NOTED), "--status", "blocked", "--note", "Đã thêm 3 sản phẩm"
    )
    assert noted.code == 0, noted.stderr
    raw = json.loads(old_db.read_bytes())
    assert schema(old_db) == 6
    (change,) = raw["changes"].values()
    (task,) = change["tasks"]
    assert task["id"] == NOTED
    assert (task["before"], task["after"]) == ({"status": "in_progress"}, {"status": "blocked"})
    # The old events are kept as they were, the new one after them.
    history = json.loads(run_tracker(old_db, "show", str(NOTED), "--format", "json").stdout)
    old = json.loads(OLD_SHOW.read_bytes())[str(NOTED)]["history"]
    assert [event["id"] for event in history["history"][: len(old)]] == [e["id"] for e in old]
    assert history["history"][-1]["text"] == "Đã thêm 3 sản phẩm"


def test_its_export_imports_into_a_fresh_database(old_db: Path, tmp_path: Path) -> None:
    exported = tmp_path / "old-export.json"
    assert run_tracker(old_db, "export", "--output", str(exported)).code == 0
    fresh = tmp_path / "fresh.json"
    imported = run_tracker(fresh, "import", str(exported))
    assert imported.code == 0, imported.stderr
    assert "imported 31 tasks" in imported.stdout
    ours = json.loads(run_tracker(old_db, "list", "--format", "json").stdout)
    theirs = json.loads(run_tracker(fresh, "list", "--format", "json").stdout)
    assert theirs == ours
    for task_id in (CLOSED, DELETED, EXTENDED):
        mine = run_tracker(old_db, "show", str(task_id), "--format", "json")
        copied = run_tracker(fresh, "show", str(task_id), "--format", "json")
        assert json.loads(copied.stdout) == json.loads(mine.stdout)


def test_its_export_since_the_day_of_its_changes_holds_the_tasks_changed(
    old_db: Path, tmp_path: Path
) -> None:
    exported = tmp_path / "since.json"
    done = run_tracker(old_db, "export", "--since", "27/11/2026", "--output", str(exported))
    assert done.code == 0, done.stderr
    tasks = json.loads(exported.read_bytes())["tasks"]
    assert [task["id"] for task in tasks] == [CLOSED, NOTED, DELETED, EXTENDED]


def test_a_file_from_a_copy_where_a_task_was_closed_merges_into_the_old_database(
    old_db: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.json"
    shutil.copyfile(FIXTURE, copy)
    closed = run_tracker(copy, "close", "19", "--outcome", "Đã hoàn thành định hướng")
    assert closed.code == 0, closed.stderr
    exported = tmp_path / "from-copy.json"
    assert run_tracker(copy, "export", "--output", str(exported)).code == 0
    before = json.loads(run_tracker(old_db, "list", "--format", "json").stdout)

    merged = run_tracker(old_db, "import", str(exported))

    assert merged.code == 0, merged.stderr
    assert "1 task updated from the file" in merged.stdout
    assert "#19" in merged.stdout and "closed: Đã hoàn thành định hướng" in merged.stdout
    assert schema(old_db) == 6
    ours = json.loads(run_tracker(old_db, "show", "19", "--format", "json").stdout)
    theirs = json.loads(run_tracker(copy, "show", "19", "--format", "json").stdout)
    assert ours["status"] == "done"
    assert ours["outcome"] == "Đã hoàn thành định hướng"
    assert ours["history"] == theirs["history"]
    # Every other task is as it was.
    after = json.loads(run_tracker(old_db, "list", "--format", "json").stdout)
    assert [task for task in after if task["id"] != 19] == [
        task for task in before if task["id"] != 19
    ]
