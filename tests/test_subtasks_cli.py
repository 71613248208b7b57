"""Sub-tasks through real `tracker` processes on real files and a server: add, move, list,
show, close."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CliRunner, run_tracker
from tests.server import state_of


def refused(tracker: CliRunner, db: Path | str, code: int, *args: str) -> str:
    """Run a command that must be refused: one line on stderr, `code`, the store unchanged."""
    before = state_of(db)
    result = tracker(*args)
    assert result.code == code, (result.code, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("tracker: error:"), lines
    assert state_of(db) == before
    return lines[0]


def shown(tracker: CliRunner, task_id: int) -> dict[str, Any]:
    result = tracker("show", str(task_id), "--format", "json")
    assert result.code == 0, result.stderr
    record: dict[str, Any] = json.loads(result.stdout)
    return record


def added(tracker: CliRunner, title: str, *args: str) -> int:
    result = tracker("add", title, "--lead", "HN-KHDT", *args)
    assert result.code == 0, result.stderr
    return int(result.stdout)


@pytest.fixture
def tree(db: Path | str, store_tracker: CliRunner) -> Path | str:
    """#1 "Cụ thể hóa" with sub-tasks #2 and #3, #3 with its own sub-task #4; #5 apart."""
    assert store_tracker("agencies", "add", "HN-KHDT", "Sở Kế hoạch và Đầu tư Hà Nội").code == 0
    added(store_tracker, "Cụ thể hóa chương trình hợp tác")
    added(store_tracker, "Khảo sát nhu cầu", "--parent", "1")
    added(store_tracker, "Dự thảo kế hoạch", "--parent", "#1")
    added(store_tracker, "Lấy ý kiến các sở", "--parent", "3")
    added(store_tracker, "Nhiệm vụ riêng", "--due", "31/12/2026")
    return db


def test_add_parent_links_both_ways(tree: Path | str, store_tracker: CliRunner) -> None:
    parent = shown(store_tracker, 1)
    assert [child["id"] for child in parent["subtasks"]] == [2, 3]
    assert parent["subtasks_done"] == 0
    assert parent["parent_id"] is None and "parent" not in parent
    child = shown(store_tracker, 3)
    assert child["parent_id"] == 1
    assert child["parent"] == parent["uuid"]
    assert [grandchild["id"] for grandchild in child["subtasks"]] == [4]


def test_show_text_lists_sub_tasks_and_names_the_parent(
    tree: Path | str, store_tracker: CliRunner
) -> None:
    assert store_tracker("close", "2").code == 0
    text = store_tracker("show", "1").stdout
    assert "Sub-tasks (1/2 done)" in text
    assert "#2  ✔ done on time  Khảo sát nhu cầu" in text
    assert "#3  ○ in time  Dự thảo kế hoạch" in text
    assert "Part of" not in text
    assert "Part of    #1  Cụ thể hóa chương trình hợp tác" in store_tracker("show", "3").stdout


def test_show_in_vietnamese(tree: Path | str, db: Path | str) -> None:
    assert run_tracker(db, "close", "2").code == 0
    parent = run_tracker(db, "--lang", "vi", "show", "1").stdout
    assert "Nhiệm vụ con (hoàn thành 1/2)" in parent
    child = run_tracker(db, "--lang", "vi", "show", "2").stdout
    assert "Thuộc nhiệm vụ #1  Cụ thể hóa chương trình hợp tác" in child


def test_list_table_shows_the_tree_and_flat_when_the_parent_is_filtered_out(
    tree: Path | str, store_tracker: CliRunner
) -> None:
    lines = store_tracker("list").stdout.splitlines()
    titles = [line.split("○ in time", 1)[1].split("  ", 2)[-1] for line in lines[1:]]
    ids = [line.split()[0] for line in lines[1:]]
    assert ids == ["#1", "#2", "#3", "#4", "#5"]
    assert titles == [
        "Cụ thể hóa chương trình hợp tác",
        "├─ Khảo sát nhu cầu",
        "└─ Dự thảo kế hoạch",
        "   └─ Lấy ý kiến các sở",
        "Nhiệm vụ riêng",
    ]
    # #1 not listed: its sub-tasks show flat, and #4 still under #3.
    assert "Khảo sát nhu cầu\n" in store_tracker("list", "--parent", "1").stdout
    assert "─" not in store_tracker("list", "--parent", "1").stdout
    assert store_tracker("update", "1", "--status", "blocked").code == 0
    lines = store_tracker("list", "--status", "open").stdout.splitlines()
    assert [line.split("  ")[-1] for line in lines[1:]] == [
        "Khảo sát nhu cầu",
        "Dự thảo kế hoạch",
        "└─ Lấy ý kiến các sở",
        "Nhiệm vụ riêng",
    ]


def test_list_parent_and_top_level(tree: Path | str, store_tracker: CliRunner) -> None:
    def ids(*args: str) -> list[int]:
        result = store_tracker("list", "--format", "json", *args)
        assert result.code == 0, result.stderr
        return [task["id"] for task in json.loads(result.stdout)]

    assert ids("--parent", "1") == [2, 3]
    assert ids("--parent", "3") == [4]
    assert ids("--parent", "5") == []
    assert ids("--top-level") == [1, 5]
    assert refused(store_tracker, tree, 2, "list", "--parent", "99").endswith(
        "--parent: no task #99: see `tracker list`"
    )


def test_list_json_and_csv_name_the_parent(tree: Path | str, store_tracker: CliRunner) -> None:
    everything = json.loads(store_tracker("list", "--format", "json").stdout)
    uuid_of = {task["id"]: task["uuid"] for task in everything}
    assert [task.get("parent") for task in everything] == [
        None,
        uuid_of[1],
        uuid_of[1],
        uuid_of[3],
        None,
    ]
    # A parent outside the listing is still named by its uuid.
    (only,) = json.loads(store_tracker("list", "--format", "json", "--parent", "3").stdout)
    assert only["parent"] == uuid_of[3]
    rows = list(csv.DictReader(io.StringIO(store_tracker("list", "--format", "csv").stdout)))
    assert [row["parent"] for row in rows] == ["", "1", "1", "3", ""]
    assert list(rows[0])[-1] == "parent"


def test_a_task_cannot_be_its_own_ancestor(tree: Path | str, store_tracker: CliRunner) -> None:
    assert "task #1 cannot be part of itself" in refused(
        store_tracker, tree, 2, "update", "1", "--parent", "1"
    )
    # a → b → a
    line = refused(store_tracker, tree, 2, "update", "1", "--parent", "2")
    assert line.endswith("task #1 cannot be part of #2: #2 is already part of #1 (#2 → #1)")
    # Longer: #1 under #4, whose chain is #4 → #3 → #1.
    line = refused(store_tracker, tree, 2, "update", "1", "--parent", "4")
    assert line.endswith("task #1 cannot be part of #4: #4 is already part of #1 (#4 → #3 → #1)")


def test_parent_must_exist_be_live_and_open(tree: Path | str, store_tracker: CliRunner) -> None:
    assert "no task #42" in refused(
        store_tracker, tree, 2, "add", "X", "--lead", "HN-KHDT", "--parent", "42"
    )
    assert "--parent: 'abc' is not a task id" in refused(
        store_tracker, tree, 2, "add", "X", "--lead", "HN-KHDT", "--parent", "abc"
    )
    assert store_tracker("close", "5").code == 0
    line = refused(store_tracker, tree, 1, "add", "X", "--lead", "HN-KHDT", "--parent", "5")
    assert line.endswith("task #5 is done: reopen #5 first to give it sub-tasks")
    assert "reopen #5 first" in refused(store_tracker, tree, 1, "update", "2", "--parent", "5")
    assert store_tracker("reopen", "5").code == 0
    assert store_tracker("delete", "5", "--reason", "nhập nhầm").code == 0
    assert "task #5 is deleted" in refused(store_tracker, tree, 1, "update", "2", "--parent", "5")
    assert "give --parent or --no-parent, not both" in refused(
        store_tracker, tree, 2, "update", "2", "--parent", "1", "--no-parent"
    )


def test_moving_a_sub_task_keeps_both_parents_in_step(
    tree: Path | str, store_tracker: CliRunner
) -> None:
    assert store_tracker("update", "4", "--parent", "1").code == 0
    assert [child["id"] for child in shown(store_tracker, 1)["subtasks"]] == [2, 3, 4]
    assert shown(store_tracker, 3)["subtasks"] == []
    assert store_tracker("update", "2", "--no-parent").code == 0
    assert [child["id"] for child in shown(store_tracker, 1)["subtasks"]] == [3, 4]
    assert shown(store_tracker, 2)["parent_id"] is None
    assert store_tracker("update", "5", "--parent", "3").code == 0
    history = (
        store_tracker("show", "4").stdout
        + store_tracker("show", "2").stdout
        + store_tracker("show", "5").stdout
    )
    assert "moved from parent task #3 to #1" in history
    assert "no longer part of task #1" in history
    assert "made part of task #3" in history
    vi = store_tracker("--lang", "vi", "show", "4").stdout
    assert "chuyển nhiệm vụ cha từ #3 sang #1" in vi


def test_closing_a_parent_with_open_sub_tasks_is_refused(
    tree: Path | str, store_tracker: CliRunner
) -> None:
    line = refused(store_tracker, tree, 1, "close", "1")
    assert line.endswith(
        "task #1 has open sub-tasks #2, #3, #4: close them first or use --with-subtasks"
    )
    assert "task #3 has open sub-tasks #4" in refused(store_tracker, tree, 1, "close", "3", "5")
    # Closed together, they may go.
    result = store_tracker("close", "3", "4")
    assert result.code == 0, result.stderr
    assert "task #1 has open sub-tasks #2:" in refused(store_tracker, tree, 1, "close", "1")


def test_close_with_subtasks_closes_every_level_alike(
    tree: Path | str, store_tracker: CliRunner
) -> None:
    result = store_tracker(
        "close", "1", "--with-subtasks", "--outcome", "Đã ban hành", "--on", "27/11/2026"
    )
    assert result.code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "#1 closed on time",
        "#2 closed on time",
        "#3 closed on time",
        "#4 closed on time",
    ]
    for task_id in (1, 2, 3, 4):
        task = shown(store_tracker, task_id)
        assert (task["status"], task["closed_on"], task["outcome"]) == (
            "done",
            "2026-11-27",
            "Đã ban hành",
        )
    assert shown(store_tracker, 5)["status"] == "open"
    assert shown(store_tracker, 1)["subtasks_done"] == 2


def test_close_with_subtasks_is_all_or_nothing(tree: Path | str, store_tracker: CliRunner) -> None:
    # #4 could not close on a day before it was recorded: none closes.
    refused(store_tracker, tree, 2, "close", "1", "--with-subtasks", "--on", "1/1/2020")


def test_cancelling_a_parent_with_open_sub_tasks_is_refused(
    tree: Path | str, store_tracker: CliRunner
) -> None:
    line = refused(store_tracker, tree, 1, "update", "3", "--status", "cancelled")
    assert line.endswith("task #3 has open sub-tasks #4: close or cancel them first")
    assert store_tracker("update", "4", "--status", "cancelled").code == 0
    assert store_tracker("update", "3", "--status", "cancelled").code == 0


def test_reopening_under_a_closed_parent_is_refused(
    tree: Path | str, store_tracker: CliRunner
) -> None:
    assert store_tracker("close", "3", "--with-subtasks").code == 0
    line = refused(store_tracker, tree, 1, "reopen", "4")
    assert line.endswith("task #4 is part of #3, which is done: reopen #3 first")
    assert store_tracker("reopen", "3").code == 0
    assert store_tracker("reopen", "4").code == 0


def test_a_deleted_sub_task_is_neither_shown_nor_counted_and_comes_back(
    tree: Path | str, store_tracker: CliRunner
) -> None:
    # A parent with live sub-tasks cannot be deleted: they would hang under a hidden task.
    assert "task #3 has sub-tasks #4" in refused(
        store_tracker, tree, 1, "delete", "3", "--reason", "x"
    )
    assert store_tracker("delete", "2", "--reason", "trùng với #3").code == 0
    parent = shown(store_tracker, 1)
    assert [child["id"] for child in parent["subtasks"]] == [3]
    assert "Sub-tasks (0/1 done)" in store_tracker("show", "1").stdout
    # Its open state no longer keeps the parent open.
    assert "open sub-tasks #3, #4:" in refused(store_tracker, tree, 1, "close", "1")
    assert store_tracker("close", "1", "--with-subtasks").code == 0
    assert shown(store_tracker, 2)["status"] == "open"  # deleted: not closed with it
    # Restoring an open sub-task under a closed parent is refused like reopening one.
    assert "reopen #1 first" in refused(store_tracker, tree, 1, "restore", "2")
    assert store_tracker("reopen", "1").code == 0
    assert store_tracker("restore", "2").code == 0
    assert [child["id"] for child in shown(store_tracker, 1)["subtasks"]] == [2, 3]


def test_report_counts_every_task_once_and_top_level_only_when_asked(
    tree: Path | str, store_tracker: CliRunner
) -> None:
    full = json.loads(store_tracker("report", "--format", "json").stdout)
    assert full["totals"]["tasks"] == 5
    assert "top_level" not in full["scope"]
    top = json.loads(store_tracker("report", "--format", "json", "--top-level").stdout)
    assert top["totals"]["tasks"] == 2
    assert [task["id"] for task in top["tasks"]] == [1, 5]
    assert top["scope"]["top_level"] is True
    assert top["title"] == "Status report on cooperation tasks (top-level tasks only)"
    text = store_tracker("report", "--top-level", "--lang", "vi").stdout
    assert "BÁO CÁO TÌNH HÌNH THỰC HIỆN NHIỆM VỤ HỢP TÁC (CHỈ TÍNH NHIỆM VỤ CHÍNH)" in text
    assert "nhiệm vụ chính (không tính nhiệm vụ con)" in text


def test_export_then_import_keeps_the_tree(
    tree: Path | str, store_tracker: CliRunner, tmp_path: Path
) -> None:
    assert store_tracker("update", "4", "--parent", "1").code == 0
    exported = tmp_path / "export.json"
    assert store_tracker("export", "--output", str(exported)).code == 0
    copy = tmp_path / "copy.json"
    assert run_tracker(copy, "agencies", "add", "HN-KHDT", "Sở KH&ĐT").code == 0
    assert run_tracker(copy, "add", "Đã có sẵn", "--lead", "HN-KHDT").code == 0
    assert run_tracker(copy, "import", str(exported)).code == 0

    def links(db: Path | str) -> set[tuple[str, str | None, tuple[str, ...]]]:
        tasks = json.loads(run_tracker(db, "list", "--format", "json").stdout)
        by_id = {task["id"]: task for task in tasks}
        found = set()
        for task in tasks:
            record = json.loads(run_tracker(db, "show", str(task["id"]), "--format", "json").stdout)
            children = tuple(by_id[child["id"]]["uuid"] for child in record["subtasks"])
            found.add((task["uuid"], task.get("parent"), children))
        return found

    original = links(tree)
    imported = links(copy)
    assert original <= imported  # ids moved up by one in the copy; the links stand by uuid
    assert len(imported) == len(original) + 1
