"""`tracker copy`: a whole database from a file to a server and back, unchanged in content;
a target that holds records refused unless --merge; the copy read back and compared."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SAMPLE, modules_loaded, run_tracker
from tests.server import admin_connection, new_server_database, server_url, state_of
from tracker.copying import first_difference


def _changed_sample(db: Path | str) -> None:
    """The sample, then closes, notes, a deletion and an undo: the journal, deleted tasks
    and every kind of event have something to carry."""
    for command in (
        ["import", str(SAMPLE)],
        ["close", "2", "--outcome", "Đã ký biên bản"],
        ["update", "6", "--note", "Hai bên đã làm việc trực tuyến"],
        ["update", "18", "--due", "31/3/2027"],
        ["delete", "8", "--reason", "Nhập trùng với #1"],
        ["delete", "9", "--reason", "Nhầm"],
        ["undo"],
        ["add", "Việc mới sau khi nạp", "--lead", "HN-KHDT"],
    ):
        result = run_tracker(db, *command)
        assert result.code == 0, (command, result.stderr)


def _file_tables(path: Path) -> dict[str, Any]:
    content: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return content


def _drop(url: str) -> None:
    name = url.rsplit("/", 1)[-1].split("?")[0]
    with admin_connection() as conn:  # type: ignore[attr-defined]
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def second_server_db(server_template: str) -> Iterator[str]:
    """Another empty tracker database on the test server, for a server-to-server copy."""
    url = new_server_database(server_template, tag="second")
    yield url
    _drop(url)


def test_a_file_copied_to_a_server_and_back_is_the_same_in_content(
    tmp_path: Path, server_db: str
) -> None:
    original, back = tmp_path / "original.json", tmp_path / "back.json"
    _changed_sample(original)
    there = run_tracker(original, "copy", str(original), server_db)
    assert there.code == 0, there.stderr
    tables = _file_tables(original)
    assert there.stdout.strip() == (
        f"copied 32 tasks, 26 agencies, 2 meetings, 1 agreement and "
        f"{len(tables['changes'])} undo history entries from {original} to {server_db}; verified"
    )
    assert tables["tasks"]["8"]["deleted_on"] is not None  # a deleted task travels too
    assert len(tables["changes"]) == 8  # one per command
    # The server's commands see what the file's did.
    listed = run_tracker(server_db, "list", "--format", "json")
    assert listed.code == 0, listed.stderr
    assert len(json.loads(listed.stdout)) == 31  # #8 deleted
    undo = run_tracker(server_db, "undo", "--list")
    assert undo.code == 0, undo.stderr  # the journal came along: the add can be undone

    home = run_tracker(original, "copy", server_db, str(back))
    assert home.code == 0, home.stderr
    assert f"from {server_db} to {back}; verified" in home.stdout
    assert _file_tables(back) == tables
    for task_id, task in tables["tasks"].items():
        assert _file_tables(back)["tasks"][task_id]["history"] == task["history"]


def test_a_server_copied_to_another_server_has_the_same_rows(
    server_db: str, second_server_db: str, tmp_path: Path
) -> None:
    office = tmp_path / "office.json"
    _changed_sample(office)  # (undo on a server does not find the user's change yet)
    assert run_tracker(office, "copy", str(office), server_db).code == 0
    assert run_tracker(server_db, "close", "20", "--outcome", "Xong trên máy chủ").code == 0
    before = state_of(server_db)
    copied = run_tracker(server_db, "copy", server_db, second_server_db)
    assert copied.code == 0, copied.stderr
    assert copied.stdout.startswith("copied 32 tasks, 26 agencies, 2 meetings, 1 agreement")
    source, target = state_of(server_db), state_of(second_server_db)
    assert source == before  # the source is only read
    assert isinstance(source, dict) and isinstance(target, dict)
    for table in ("agencies", "agreements", "meetings", "tasks", "changes"):
        assert target[table] == source[table], table
    # The load was a write like any other: the revision moved, for the UIs watching.
    assert target["meta"][0][4] == 1


def test_a_target_that_holds_records_is_refused_and_left_as_it_was(
    db: Path | str, tmp_path: Path
) -> None:
    source = tmp_path / "source.json"
    assert run_tracker(source, "import", str(SAMPLE)).code == 0
    assert run_tracker(db, "agencies", "add", "HN-KHDT", "Sở Kế hoạch và Đầu tư Hà Nội").code == 0
    before = state_of(db)
    refused = run_tracker(source, "copy", str(source), str(db))
    assert refused.code == 1
    assert refused.stderr.strip().splitlines() == [
        f"tracker: error: {db} already holds records; nothing was copied: copy into an empty "
        "database, or add --merge to merge into it"
    ]
    assert refused.stdout == ""
    assert state_of(db) == before
    dry = run_tracker(source, "copy", "--dry-run", str(source), str(db))
    assert dry.code == 1 and "already holds records" in dry.stderr
    assert state_of(db) == before


def test_merge_brings_both_sides_changes_together_and_says_which(
    db: Path | str, tmp_path: Path
) -> None:
    office = tmp_path / "office.json"
    assert run_tracker(office, "import", str(SAMPLE)).code == 0
    assert run_tracker(office, "copy", str(office), str(db)).code == 0
    assert run_tracker(db, "update", "12", "--title", "Tên sửa trên máy chủ").code == 0
    assert run_tracker(office, "update", "12", "--title", "Tên do văn phòng sửa").code == 0  # later
    assert run_tracker(office, "update", "6", "--note", "Ghi chú của văn phòng").code == 0
    assert run_tracker(office, "add", "Việc của văn phòng", "--lead", "TN-KHDT").code == 0

    before = state_of(db)
    dry = run_tracker(office, "copy", "--merge", "--dry-run", str(office), str(db))
    assert dry.code == 0, dry.stderr
    assert "dry run, nothing written" in dry.stdout
    assert state_of(db) == before

    merged = run_tracker(office, "copy", "--merge", str(office), str(db))
    assert merged.code == 0, merged.stderr
    assert "Came in from the file:" in merged.stdout
    assert "Changed on both sides (the later change is kept; check these):" in merged.stdout
    assert "imported 1 task, 0 agencies, 0 meetings, 0 agreements; 2 tasks updated" in (
        merged.stdout
    )
    assert merged.stdout.strip().endswith(f"merged {office} into {db}; verified")
    shown = json.loads(run_tracker(db, "show", "12", "--format", "json").stdout)
    assert shown["title"] == "Tên do văn phòng sửa"
    listed = json.loads(
        run_tracker(db, "list", "--search", "Việc của văn phòng", "--format", "json").stdout
    )
    assert [task["title"] for task in listed].count("Việc của văn phòng") == 1


def test_a_missing_source_file_is_one_line_and_nothing_is_made(tmp_path: Path) -> None:
    target = tmp_path / "target.json"
    result = run_tracker(target, "copy", str(tmp_path / "nope.json"), str(target))
    assert result.code == 1
    assert result.stderr.strip().splitlines() == [
        f"tracker: error: {tmp_path / 'nope.json'} does not exist: nothing to copy"
    ]
    assert not target.exists()


def test_an_unreachable_source_server_is_one_line_and_nothing_is_made(tmp_path: Path) -> None:
    target = tmp_path / "target.json"
    url = "postgresql://nobody@127.0.0.1:1/none"
    result = run_tracker(target, "copy", url, str(target))
    assert result.code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"tracker: error: cannot connect to {url}:")
    assert not target.exists()


def test_a_server_without_the_tables_is_refused_with_the_way_to_make_them(
    tmp_path: Path, server_template: str
) -> None:
    source = tmp_path / "source.json"
    assert run_tracker(source, "import", str(SAMPLE)).code == 0
    with admin_connection() as conn:  # type: ignore[attr-defined]
        conn.execute('CREATE DATABASE "copy_no_tables"')
    url = server_url("copy_no_tables")
    try:
        result = run_tracker(source, "copy", str(source), url)
        assert result.code == 1
        assert result.stderr.strip() == (
            f"tracker: error: {url} has no tracker tables yet: "
            f"create them with `tracker init-db {url}`"
        )
    finally:
        _drop(url)


def test_the_same_database_twice_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "source.json"
    assert run_tracker(source, "import", str(SAMPLE)).code == 0
    before = source.read_bytes()
    link = tmp_path / "link.json"
    link.symlink_to(source)
    for target in (source, link, tmp_path / "." / "source.json"):
        result = run_tracker(source, "copy", str(source), str(target))
        assert result.code == 2, target
        assert "are the same database: give two different ones" in result.stderr
    assert source.read_bytes() == before


def test_a_file_to_file_copy_is_checked_and_loads_no_server_driver(tmp_path: Path) -> None:
    source, target = tmp_path / "source.json", tmp_path / "target.json"
    _changed_sample(source)
    assert (
        modules_loaded(source, [["copy", str(source), str(target)]], ["psycopg"], succeed=True)
        == []
    )
    assert _file_tables(target) == _file_tables(source)


def test_a_dry_run_says_what_would_be_copied_and_writes_nothing(tmp_path: Path) -> None:
    source, target = tmp_path / "source.json", tmp_path / "target.json"
    assert run_tracker(source, "import", str(SAMPLE)).code == 0
    result = run_tracker(source, "copy", "--dry-run", str(source), str(target))
    assert result.code == 0, result.stderr
    assert result.stdout.strip() == (
        "dry run, nothing written: would copy 31 tasks, 26 agencies, 2 meetings, 1 agreement "
        f"and 1 undo history entry from {source} to {target}"
    )
    assert not target.exists()


def test_the_summary_is_in_vietnamese_when_asked(tmp_path: Path) -> None:
    source, target = tmp_path / "source.json", tmp_path / "target.json"
    assert run_tracker(source, "import", str(SAMPLE)).code == 0
    result = run_tracker(source, "--lang", "vi", "copy", str(source), str(target))
    assert result.code == 0, result.stderr
    assert "đã sao chép" in result.stdout.lower()
    assert "31 nhiệm vụ" in result.stdout


# The comparison that checks a copy -----------------------------------------------


def _tables() -> dict[str, dict[int, Any]]:
    return {
        "agencies": {1: {"code": "HN-KHDT", "name": "Sở KH&ĐT Hà Nội"}},
        "agreements": {},
        "meetings": {},
        "tasks": {1: {"uuid": "a", "title": "Một"}, 2: {"uuid": "b", "title": "Hai"}},
        "changes": {1: {"id": "x"}},
    }


def test_the_comparison_finds_nothing_between_equal_tables() -> None:
    assert first_difference(_tables(), _tables()) is None


def test_the_comparison_names_the_first_difference() -> None:
    changed = _tables()
    changed["tasks"][2] = {"uuid": "b", "title": "Hai (sửa)"}
    assert first_difference(_tables(), changed) == "tasks record 2 differs (title)"
    missing = _tables()
    del missing["tasks"][1]
    assert first_difference(_tables(), missing) == "tasks record 1 is missing"
    extra = _tables()
    extra["changes"][2] = {"id": "y"}
    assert first_difference(_tables(), extra) == "changes record 2 is not in the source"
    moved = _tables()
    moved["tasks"] = {2: {"uuid": "a", "title": "Một"}, 3: {"uuid": "b", "title": "Hai"}}
    assert first_difference(_tables(), moved) == "tasks record 1 is missing"


def test_one_server_named_twice_is_refused_without_showing_its_password(tmp_path: Path) -> None:
    url = "postgresql://hn_khdt:bi-mat@127.0.0.1:1/tracker"
    result = run_tracker(tmp_path / "unused.json", "copy", url, url)
    assert result.code == 2
    assert result.stderr.strip() == (
        "tracker: error: postgresql://hn_khdt@127.0.0.1:1/tracker and "
        "postgresql://hn_khdt@127.0.0.1:1/tracker are the same database: give two different ones"
    )
