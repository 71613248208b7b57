"""`tracker list --search` and the UI's search box find the same tasks for the same query."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Input

from tests.conftest import run_tracker
from tests.ui.conftest import AppFactory, settle
from tracker.ui.screens.main import MainScreen
from tracker.ui.widgets.task_table import TaskTable

# Each reaches a task through another part of its text: outcome, history, the area's key
# and name, an agency's code, name and short name, title, and words in no task.
QUERIES = [
    "bien ban",  # the outcome of #1, set below
    "tem truy xuat",  # an outcome
    "to cong tac",  # history notes
    "road links",  # the name of the area "infrastructure"
    "infrastructure",
    "HN-CT",
    "so kh&dt",
    "cong thuong ha noi",
    "dong xuan",
    "ĐỒNG XUÂN",
    "ga",
    "2019",
    "khong co viec nay",
]


def ui_ids(screen: MainScreen) -> list[int]:
    return sorted(row.task.id for row in screen.query_one(TaskTable).rows)


def cli_ids(db: Path, query: str) -> list[int]:
    result = run_tracker(db, "list", "--search", query, "--format", "json")
    assert result.code == 0, result.stderr
    return sorted(task["id"] for task in json.loads(result.stdout))


async def test_the_cli_and_the_search_box_find_the_same_tasks(
    sample_app: AppFactory, tmp_path: Path
) -> None:
    app = sample_app()
    db = tmp_path / "tracker.json"
    # The example: #1 found by the words of its outcome.
    for args in (["reopen", "1"], ["close", "1", "--outcome", "Đã ký biên bản ghi nhớ"]):
        result = run_tracker(db, *args)
        assert result.code == 0, result.stderr
    expected = {query: cli_ids(db, query) for query in QUERIES}
    assert expected["bien ban"] == [1]
    assert all(expected[query] for query in QUERIES[:-1])
    assert expected["khong co viec nay"] == []
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await pilot.press("slash")
        search = screen.query_one("#search", Input)
        for query in QUERIES:
            search.value = query
            await settle(pilot)
            assert ui_ids(screen) == expected[query], query
