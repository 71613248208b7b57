"""One rule, one verdict: `add`, `update` and `import` treat the same odd input the same way.

Each case is given to the three commands as real `tracker` processes on real files; each
must store the same cleaned value, or refuse it (exit 2, one line, the file unchanged).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Result, run_tracker

AGENCIES = [
    {"code": "HN-KHDT", "name": "Sở Kế hoạch và Đầu tư Hà Nội", "short": "Sở KH&ĐT Hà Nội"},
    {"code": "TN-KHDT", "name": "Sở Kế hoạch và Đầu tư Thái Nguyên", "short": "Sở KH&ĐT TN"},
    {"code": "HN-CT", "name": "Sở Công Thương Hà Nội", "short": "Sở CT Hà Nội"},
]
UUID = "0b5c3a52-3c1e-4d49-9a1b-2f8e6f0c7d11"
# What every case starts from; a case changes some of it.
BASE: dict[str, Any] = {"title": "Lập kế hoạch", "lead": "HN-KHDT", "partners": [], "area": None}
# The task `update` changes: it differs from every case in its title and lead.
OLD_TASK: dict[str, Any] = {
    "uuid": "5d0e7a10-93a8-4c4f-8f0e-7c2b8e9d4a01",
    "title": "Việc cũ",
    "lead": "TN-KHDT",
    "partners": ["HN-CT"],
    "area": "tourism",
}

Stored = dict[str, Any] | None  # the stored fields a case checks, or None for refused
CASES: list[tuple[str, dict[str, Any], Stored]] = [
    ("title-runs-of-spaces", {"title": "  two   spaces  "}, {"title": "two spaces"}),
    ("title-blank", {"title": "   "}, None),
    ("title-control-character", {"title": "Bad\x07title"}, None),
    ("title-escape-sequence", {"title": "Lập \x1b[2Jkế hoạch"}, None),
    ("area-spaces", {"area": "  trade "}, {"area": "trade"}),
    ("area-runs-of-spaces", {"area": "giao   thông"}, {"area": "giao thông"}),
    ("lead-lower-case", {"lead": "hn-khdt"}, {"lead": "HN-KHDT"}),
    ("lead-unknown", {"lead": "XX-YY"}, None),
    ("lead-also-partner", {"partners": ["HN-KHDT"]}, None),
    ("lead-also-partner-lower-case", {"partners": ["hn-khdt"]}, None),
    ("partner-repeated", {"partners": ["TN-KHDT", "TN-KHDT"]}, {"partners": ["TN-KHDT"]}),
    (
        "partners-repeated-in-other-case",
        {"partners": ["TN-KHDT", "HN-CT", "tn-khdt"]},
        {"partners": ["TN-KHDT", "HN-CT"]},
    ),
    ("partner-unknown", {"partners": ["TN-KHDT", "XX-YY"]}, None),
]


def interchange(tasks: list[dict[str, Any]]) -> dict[str, Any]:
    return {"format": "coop-tracker", "version": 1, "agencies": AGENCIES, "tasks": tasks}


def write_json(path: Path, content: object) -> Path:
    path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    return path


def prepared(folder: Path, tasks: list[dict[str, Any]]) -> Path:
    """A database holding the agencies and `tasks`, made by a real import."""
    db = folder / "tracker.json"
    result = run_tracker(db, "import", str(write_json(folder / "setup.json", interchange(tasks))))
    assert result.code == 0, result.stderr
    return db


def by_add(folder: Path, fields: dict[str, Any]) -> tuple[Path, list[str]]:
    args = ["add", fields["title"], "--lead", fields["lead"]]
    for code in fields["partners"]:
        args += ["--partner", code]
    if fields["area"] is not None:
        args += ["--area", fields["area"]]
    return prepared(folder, []), args


def by_update(folder: Path, fields: dict[str, Any]) -> tuple[Path, list[str]]:
    args = ["update", "1", "--title", fields["title"], "--lead", fields["lead"]]
    for code in fields["partners"]:
        args += ["--partner", code]
    if not fields["partners"]:
        args.append("--no-partners")
    if fields["area"] is not None:
        args += ["--area", fields["area"]]
    return prepared(folder, [OLD_TASK]), args


def by_import(folder: Path, fields: dict[str, Any]) -> tuple[Path, list[str]]:
    task = {"uuid": UUID, **fields}
    path = write_json(folder / "one-task.json", interchange([task]))
    return prepared(folder, []), ["import", str(path)]


WAYS: dict[str, Callable[[Path, dict[str, Any]], tuple[Path, list[str]]]] = {
    "add": by_add,
    "update": by_update,
    "import": by_import,
}


def stored_task(db: Path) -> dict[str, Any]:
    result = run_tracker(db, "show", "1", "--format", "json")
    assert result.code == 0, result.stderr
    task: dict[str, Any] = json.loads(result.stdout)
    return task


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize(("fields", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_every_entry_point_gives_the_same_verdict(
    tmp_path: Path, way: str, fields: dict[str, Any], expected: Stored
) -> None:
    db, args = WAYS[way](tmp_path, {**BASE, **fields})
    before = db.read_bytes()
    result: Result = run_tracker(db, *args)
    if expected is None:
        assert result.code == 2, (result.stdout, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert db.read_bytes() == before
        if way == "import":  # an import names the task by its position and uuid
            assert f"task 1 ({UUID})" in result.stderr
        return
    assert result.code == 0, result.stderr
    task = stored_task(db)
    assert {key: task[key] for key in expected} == expected


def test_import_refuses_a_lead_among_the_partners_and_imports_nothing(tmp_path: Path) -> None:
    good = {"uuid": OLD_TASK["uuid"], "title": "Việc tốt", "lead": "HN-KHDT"}
    bad = {"uuid": UUID, "title": "Việc xấu", "lead": "TN-KHDT", "partners": ["TN-KHDT"]}
    db = prepared(tmp_path, [])
    before = db.read_bytes()
    path = write_json(tmp_path / "two.json", interchange([good, bad]))
    result = run_tracker(db, "import", str(path))
    assert result.code == 2
    assert result.stderr.strip().endswith(
        f"task 2 ({UUID}): TN-KHDT cannot lead and partner the same task"
    )
    assert db.read_bytes() == before
