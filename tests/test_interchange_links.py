"""Links between tasks (a sub-task's parent, an occurrence's previous one) cross files by uuid."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import CliRunner
from tracker.store.database import Database

PARENT = "11111111-1111-4111-8111-111111111111"
CHILD = "22222222-2222-4222-8222-222222222222"
LATER = "33333333-3333-4333-8333-333333333333"


def _task(uuid: str, title: str, **links: str) -> dict[str, Any]:
    return {"uuid": uuid, "title": title, "lead": "HN-KHDT", "due": "2026-12-31", **links}


def _file(tmp_path: Path, *tasks: dict[str, Any], name: str = "in.json") -> Path:
    path = tmp_path / name
    agencies = [{"code": "HN-KHDT", "name": "Sở Kế hoạch và Đầu tư Hà Nội"}]
    data = {"format": "coop-tracker", "version": 2, "agencies": agencies, "tasks": list(tasks)}
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _stored(db: Path) -> dict[str, Any]:
    with Database(db).reading() as snapshot:
        return {task.uuid: task for task in snapshot.tasks()}


def test_links_are_stored_as_local_ids_both_ways(
    tmp_path: Path, db_path: Path, tracker: CliRunner
) -> None:
    source = _file(
        tmp_path,
        _task(CHILD, "Con", parent=PARENT),  # before its parent: order does not matter
        _task(PARENT, "Cha"),
        _task(LATER, "Kỳ sau", previous=PARENT),
    )
    assert tracker("import", str(source)).code == 0
    tasks = _stored(db_path)
    parent, child, later = tasks[PARENT], tasks[CHILD], tasks[LATER]
    assert child.parent == parent.id and parent.subtasks == (child.id,)
    assert later.previous == parent.id and parent.next == later.id


def test_export_names_links_by_uuid_and_imports_the_same(
    tmp_path: Path, db_path: Path, tracker: CliRunner
) -> None:
    source = _file(tmp_path, _task(PARENT, "Cha"), _task(CHILD, "Con", parent=PARENT))
    assert tracker("import", str(source)).code == 0
    exported = tmp_path / "out.json"
    assert tracker("export", "--output", str(exported)).code == 0
    records = {t["uuid"]: t for t in json.loads(exported.read_text("utf-8"))["tasks"]}
    assert records[CHILD]["parent"] == PARENT
    assert "parent" not in records[PARENT] and "subtasks" not in records[PARENT]
    again = tmp_path / "again.json"
    assert tracker("--db", str(again), "import", str(exported)).code == 0
    tasks = _stored(again)
    assert tasks[CHILD].parent == tasks[PARENT].id
    assert tasks[PARENT].subtasks == (tasks[CHILD].id,)


def test_a_link_may_name_a_task_already_in_the_database(
    tmp_path: Path, db_path: Path, tracker: CliRunner
) -> None:
    assert tracker("import", str(_file(tmp_path, _task(PARENT, "Cha"), name="a.json"))).code == 0
    second = _file(tmp_path, _task(CHILD, "Con", parent=PARENT), name="b.json")
    assert tracker("import", str(second)).code == 0
    tasks = _stored(db_path)
    assert tasks[CHILD].parent == tasks[PARENT].id
    assert tasks[PARENT].subtasks == (tasks[CHILD].id,)


def test_bad_links_refuse_the_whole_file(tmp_path: Path, db_path: Path, tracker: CliRunner) -> None:
    assert tracker("import", str(_file(tmp_path, _task(LATER, "Có sẵn"), name="a.json"))).code == 0
    before = db_path.read_bytes()
    unknown = _file(tmp_path, _task(CHILD, "Con", parent=PARENT), name="unknown.json")
    itself = _file(tmp_path, _task(CHILD, "Con", parent=CHILD), name="itself.json")
    circle = _file(
        tmp_path,
        _task(PARENT, "Cha", parent=CHILD),
        _task(CHILD, "Con", parent=PARENT),
        name="circle.json",
    )
    for path, words in ((unknown, "neither in the file"), (itself, "itself"), (circle, "circle")):
        result = tracker("import", str(path))
        assert result.code == 2, result.stderr
        assert words in result.stderr and len(result.stderr.strip().splitlines()) == 1
        assert db_path.read_bytes() == before
