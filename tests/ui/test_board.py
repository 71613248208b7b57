"""The UI's index: groups, counts, search and sorting over the sample conference."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.conftest import SAMPLE, TODAY
from tracker.domain.standing import Standing
from tracker.interchange.dataset import read_dataset
from tracker.ui.board import ALL_TASKS, Board, Column, Role, ViewKind, opening_sort, sort_rows


def sample_board() -> Board:
    dataset = read_dataset(json.loads(SAMPLE.read_text(encoding="utf-8")))
    for number, task in enumerate(dataset.tasks, start=1):
        task.id = number
    return Board.build(
        TODAY,
        {a.code: a for a in dataset.agencies},
        {a.code: a for a in dataset.agreements},
        {m.id: m for m in dataset.meetings},
        dataset.tasks,
    )


@pytest.fixture(scope="module")
def board() -> Board:
    return sample_board()


def test_agency_groups_are_listed_by_locality_with_open_and_overdue_counts(board: Board) -> None:
    groups = board.groups(ViewKind.AGENCY)
    # Issue 12: "All tasks" counts what the agency rows count, the open tasks.
    open_rows = [r for r in board.rows if r.bucket is not None]
    assert groups[0].key == ALL_TASKS and groups[0].count == len(open_rows)
    sections = [g.section for g in groups[1:]]
    assert sections == sorted(sections, key=lambda s: s != "Hà Nội")
    khdt = next(g for g in groups if g.key == "agency:HN-KHDT")
    lead_open = [r for r in board.rows if r.task.lead == "HN-KHDT" and r.bucket is not None]
    assert khdt.count == len(lead_open)
    assert khdt.label == "Sở KH&ĐT Hà Nội"


def test_lead_and_partner_roles_select_different_tasks(board: Board) -> None:
    led = board.select(ViewKind.AGENCY, "agency:TN-KHDT", Role.LEAD)
    partnered = board.select(ViewKind.AGENCY, "agency:TN-KHDT", Role.PARTNER)
    assert all(r.task.lead == "TN-KHDT" for r in led)
    assert partnered and all("TN-KHDT" in r.task.partners for r in partnered)


def test_status_view_counts_statuses_and_standings(board: Board) -> None:
    groups = {g.key: g.count for g in board.groups(ViewKind.STATUS)}
    assert sum(
        groups[f"status:{s}"] for s in ("open", "in_progress", "blocked", "done", "cancelled")
    ) == len(board.rows)
    overdue = board.select(ViewKind.STATUS, "standing:open_overdue")
    assert len(overdue) == groups["standing:open_overdue"] > 0
    assert all(r.standing is Standing.OPEN_OVERDUE for r in overdue)


def test_deadline_view_holds_only_open_tasks_and_overdue_sorts_most_late_first(
    board: Board,
) -> None:
    groups = {g.key: g.count for g in board.groups(ViewKind.DEADLINE)}
    open_rows = board.select(ViewKind.DEADLINE, ALL_TASKS)
    assert all(not r.task.is_closed for r in open_rows)
    assert groups[ALL_TASKS] == len(open_rows)
    overdue = sort_rows(board.select(ViewKind.DEADLINE, "bucket:overdue"), Column.DUE)
    assert overdue and [r.task.due for r in overdue] == sorted(r.task.due for r in overdue)  # type: ignore[type-var]
    assert groups["bucket:no_deadline"] >= 1


def test_search_ignores_case_and_diacritics(board: Board) -> None:
    plain = board.select(ViewKind.AGENCY, ALL_TASKS, query="dong xuan")
    marked = board.select(ViewKind.AGENCY, ALL_TASKS, query="ĐỒNG XUÂN")
    assert plain and plain == marked
    assert any("Đồng Xuân" in r.task.title for r in plain)
    assert board.select(ViewKind.AGENCY, ALL_TASKS, query="ke hoach ha noi")


def test_sorting_by_due_puts_undated_tasks_last_both_ways(board: Board) -> None:
    for reverse in (False, True):
        rows = sort_rows(list(board.rows), Column.DUE, reverse)
        assert rows[-1].task.due is None
        dated = [r.task.due for r in rows if r.task.due]
        assert dated == sorted(dated, reverse=reverse)


def test_latest_meeting_is_the_follow_up(board: Board) -> None:
    meeting = board.latest_meeting()
    assert meeting is not None and meeting.date == date(2026, 10, 15)


def test_search_that_narrows_gives_the_same_rows_as_a_fresh_search(board: Board) -> None:
    typed = ""
    for char in "thai nguyen ha":
        typed += char
        narrowed = board.select(ViewKind.AGENCY, ALL_TASKS, query=typed)
        fresh = Board.build(
            board.today,
            board.agencies,
            board.agreements,
            board.meetings,
            [row.task for row in board.rows],
        )
        assert [r.task.id for r in narrowed] == [
            r.task.id for r in fresh.select(ViewKind.AGENCY, ALL_TASKS, query=typed)
        ], typed
    # Backspace widens the result again.
    wider = board.select(ViewKind.AGENCY, ALL_TASKS, query="thai nguyen")
    assert len(wider) >= len(board.select(ViewKind.AGENCY, ALL_TASKS, query="thai nguyen ha"))


def test_warmed_views_open_with_the_same_groups_and_rows_as_cold_ones() -> None:
    """The loading worker warms every view; what it caches must be what a view computes."""
    cold, warm = sample_board(), sample_board()
    warm.warm_views()
    # Warmed means cached: every view's groups and its opening table, before any asks.
    assert {key[0] for key in warm._groups} == set(ViewKind)  # keyed by (view, role)
    assert {key[0] for key in warm._sorted} == set(ViewKind)
    for view in ViewKind:
        column = opening_sort(view)
        assert warm.groups(view) == cold.groups(view)
        assert warm.select(view, ALL_TASKS, column=column) == cold.select(
            view, ALL_TASKS, column=column
        )
    assert opening_sort(ViewKind.DEADLINE) is Column.DUE
    assert opening_sort(ViewKind.AGENCY) is Column.ID


def test_deadline_view_has_a_due_soon_group_of_open_tasks_due_within_a_week() -> None:
    dataset = read_dataset(json.loads(SAMPLE.read_text(encoding="utf-8")))
    for number, task in enumerate(dataset.tasks, start=1):
        task.id = number
    today = date(2019, 9, 25)
    board = Board.build(
        today,
        {a.code: a for a in dataset.agencies},
        {a.code: a for a in dataset.agreements},
        {m.id: m for m in dataset.meetings},
        dataset.tasks,
    )
    groups = {g.key: g for g in board.groups(ViewKind.DEADLINE)}
    soon = board.select(ViewKind.DEADLINE, "soon:7")
    assert groups["soon:7"].count == len(soon) > 0
    assert groups["soon:7"].label == "due within 7 days"
    for row in soon:
        assert row.standing is Standing.OPEN_IN_TIME
        assert row.task.due is not None and 0 <= (row.task.due - today).days <= 7
    # A subset of the buckets, not one of them: the buckets still add up to all open tasks.
    buckets = sum(g.count for key, g in groups.items() if key.startswith("bucket:"))
    assert buckets == groups[ALL_TASKS].count
