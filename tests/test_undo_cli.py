"""`tracker undo` and `undo --list` as a user runs them: real processes on a real file or
a server database."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from tests.conftest import SAMPLE, CliRunner, run_tracker
from tests.server import state_of
from tracker.domain.model import Author
from tracker.service import TaskChanges, Tracker

TODAY = date(2026, 11, 27)


def test_undo_list_shows_the_change_and_undo_reverts_it(
    sample_store: Path | str, store_tracker: CliRunner
) -> None:
    closed = store_tracker("close", "9", "18", "--outcome", "Đã ký")
    assert closed.code == 0, closed.stderr
    before = state_of(sample_store)
    listed = store_tracker("undo", "--list")
    assert listed.code == 0, listed.stderr
    assert state_of(sample_store) == before
    lines = listed.stdout.splitlines()
    assert lines[0].startswith("Would undo the change of 27/11/2026 ")
    assert lines[1:] == ["  #9 closed: Đã ký", "  #18 closed: Đã ký"]
    undone = store_tracker("undo")
    assert undone.code == 0, undone.stderr
    assert undone.stdout.splitlines()[0].startswith("Undid the change of 27/11/2026 ")
    assert undone.stdout.splitlines()[1:] == lines[1:]
    shown = store_tracker("show", "9")
    assert "undone: status changed from done to in progress" in shown.stdout
    listing = store_tracker("list", "--status", "done", "--format", "json")
    assert '"id": 9,' not in listing.stdout and '"id": 18,' not in listing.stdout


def test_undo_again_redoes(sample_store: Path | str, store_tracker: CliRunner) -> None:
    assert store_tracker("update", "12", "--title", "Tên sửa nhầm").code == 0
    assert store_tracker("undo").code == 0
    assert not store_tracker("show", "12").stdout.startswith("#12  Tên sửa nhầm")
    redone = store_tracker("undo")
    assert redone.code == 0, redone.stderr
    assert redone.stdout.startswith("Undid the undo of 27/11/2026 ")
    assert store_tracker("show", "12").stdout.startswith("#12  Tên sửa nhầm")


def test_deleted_tasks_come_back_by_undo(
    sample_store: Path | str, store_tracker: CliRunner
) -> None:
    assert store_tracker("delete", "20", "--reason", "nhập nhầm").code == 0
    assert store_tracker("undo").code == 0
    assert "Deleted" not in store_tracker("show", "20").stdout
    assert '"id": 20,' in store_tracker("list", "--format", "json").stdout


def test_nothing_to_undo_is_one_line_and_exit_1(db: Path | str, store_tracker: CliRunner) -> None:
    assert store_tracker("agencies", "add", "HN-KHDT", "Sở KH&ĐT Hà Nội").code == 0
    before = state_of(db)
    for args in (("undo",), ("undo", "--list")):
        result = store_tracker(*args)
        assert result.code == 1
        assert result.stdout == ""
        assert result.stderr.splitlines() == [
            "tracker: error: nothing to undo: this database holds no change of yours"
        ]
        assert state_of(db) == before


def test_refused_when_someone_else_changed_the_field_since(
    sample_store: Path | str, store_tracker: CliRunner
) -> None:
    assert store_tracker("extend", "6", "--to", "31/12/2026", "--reason", "chờ vốn").code == 0
    # Thái Nguyên's change, made by another author in the same file (as a merge brings it).
    other = Tracker.open(sample_store, today=TODAY, author=Author("Trần Thị B", "TN-KHDT"))
    other.update_task(6, TaskChanges(due=date(2027, 1, 31)))
    before = state_of(sample_store)
    refused = store_tracker("undo")
    assert refused.code == 1
    assert refused.stdout == ""
    (line,) = refused.stderr.splitlines()
    assert line.startswith("tracker: error: cannot undo the change of 27/11/2026 ")
    assert "the deadline of #6 was changed since by Trần Thị B (TN-KHDT) on 27/11/2026 " in line
    assert state_of(sample_store) == before
    listed = store_tracker("undo", "--list")
    assert listed.code == 1
    assert listed.stdout.splitlines()[1:] == [
        "  #6 deadline extended from 30/06/2020 to 31/12/2026: reason chờ vốn"
    ]
    assert listed.stderr.splitlines() == [line]
    assert state_of(sample_store) == before


def test_a_change_of_many_tasks_is_described_in_a_screenful(tmp_path: Path, db: Path | str) -> None:
    sample = json.loads(SAMPLE.read_text(encoding="utf-8"))
    extra = [
        {**task, "uuid": f"7e57{number:04x}-0000-4000-8000-{number:012x}", "parent": None}
        for number, task in enumerate(sample["tasks"], start=1)
        if not task.get("previous") and not task.get("parent")
    ]
    sample["tasks"] += extra
    file = tmp_path / "many.json"
    file.write_text(json.dumps(sample), encoding="utf-8")
    assert run_tracker(db, "import", str(file)).code == 0  # one change of many tasks
    tasks = len(sample["tasks"])
    assert tasks > 40
    before = state_of(db)
    listed = run_tracker(db, "undo", "--list")
    assert listed.code == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert len(lines) == 1 + 40 + 1
    assert lines[-1].strip() == f"… and {tasks - 40} more"
    assert state_of(db) == before
