"""Periodic duties: the due-date rule, and a series kept to one open occurrence through any
sequence of closings, reopenings, cancellings, stops, deletions and restorations."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.domain.errors import InvalidInput, TrackerError
from tracker.domain.model import Agency, Cadence, Status, Task, TaskSummary
from tracker.domain.series import (
    check_repetition,
    months_later,
    next_due,
    parse_cadence,
)
from tracker.service import NewTask, TaskChanges, Tracker

TODAY = date(2027, 1, 20)


def chain_of(dues: list[date], every: Cadence) -> dict[int, TaskSummary]:
    """Occurrences #1..#n of one series with these deadlines, linked both ways."""
    tasks = {}
    for number, due in enumerate(dues, start=1):
        tasks[number] = TaskSummary(
            id=number,
            uuid=f"u{number}",
            title="Báo cáo",
            lead="HN-KHDT",
            due=due,
            every=every,
            previous=number - 1 or None,
            next=number + 1 if number < len(dues) else None,
        )
    return tasks


def walk(first: date, every: Cadence, count: int) -> list[date]:
    """The deadlines of `count` occurrences, each made by next_due from the ones before."""
    dues = [first]
    while len(dues) < count:
        tasks = chain_of(dues, every)
        due = next_due(tasks[len(dues)], tasks.get)
        assert due is not None
        dues.append(due)
    return dues


@pytest.mark.parametrize(
    ("first", "every", "expected"),
    [
        # Month ends stay month ends: the anchor is the first occurrence's 31st.
        (
            date(2027, 1, 31),
            Cadence.MONTH,
            [date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31), date(2027, 4, 30)],
        ),
        # 29/02 of a leap year: the 28th in common years, the 29th again in the next leap.
        (
            date(2028, 2, 29),
            Cadence.YEAR,
            [
                date(2028, 2, 29),
                date(2029, 2, 28),
                date(2030, 2, 28),
                date(2031, 2, 28),
                date(2032, 2, 29),
            ],
        ),
        # 30/11 quarterly: 28 or 29 February, then back to the 30th (not the 28th).
        (
            date(2027, 11, 30),
            Cadence.QUARTER,
            [date(2027, 11, 30), date(2028, 2, 29), date(2028, 5, 30), date(2028, 8, 30)],
        ),
        (
            date(2026, 8, 31),
            Cadence.HALF_YEAR,
            [date(2026, 8, 31), date(2027, 2, 28), date(2027, 8, 31), date(2028, 2, 29)],
        ),
        (
            date(2026, 12, 15),
            Cadence.MONTH,
            [date(2026, 12, 15), date(2027, 1, 15), date(2027, 2, 15)],
        ),
    ],
)
def test_each_occurrence_is_due_one_period_later_on_the_first_ones_day(
    first: date, every: Cadence, expected: list[date]
) -> None:
    assert walk(first, every, len(expected)) == expected


def test_an_extension_moves_one_occurrence_not_the_series_calendar() -> None:
    from tracker.domain.model import DeadlineSet

    tasks = chain_of([date(2027, 1, 15)], Cadence.QUARTER)
    tasks[1].deadlines = (
        DeadlineSet(set_on=date(2027, 1, 1), due=date(2027, 1, 15)),
        DeadlineSet(set_on=date(2027, 1, 10), due=date(2027, 2, 20), extension=True),
    )
    tasks[1].due = date(2027, 2, 20)
    assert next_due(tasks[1], tasks.get) == date(2027, 4, 15)


def test_no_next_occurrence_after_until_or_once_stopped() -> None:
    tasks = chain_of([date(2027, 3, 31)], Cadence.QUARTER)
    tasks[1].until = date(2027, 6, 29)
    assert next_due(tasks[1], tasks.get) is None
    tasks[1].until = date(2027, 6, 30)  # the next due date on `until` itself is due
    assert next_due(tasks[1], tasks.get) == date(2027, 6, 30)
    tasks[1].every = None
    assert next_due(tasks[1], tasks.get) is None


def test_cadences_are_read_in_english_and_vietnamese() -> None:
    assert parse_cadence("quarter") is Cadence.QUARTER
    assert parse_cadence("Quý") is Cadence.QUARTER
    assert parse_cadence("hằng tháng") is Cadence.MONTH
    assert parse_cadence("6 tháng") is Cadence.HALF_YEAR
    assert parse_cadence("nửa năm") is Cadence.HALF_YEAR
    assert parse_cadence("năm") is Cadence.YEAR
    with pytest.raises(InvalidInput):
        parse_cadence("fortnight")


def test_repetition_rules() -> None:
    check_repetition(Cadence.MONTH, date(2027, 1, 31), None)
    check_repetition(None, None, None)
    for every, due, until in [
        (Cadence.MONTH, None, None),
        (Cadence.MONTH, date(2027, 1, 31), date(2027, 1, 30)),
        (None, date(2027, 1, 31), date(2027, 12, 31)),
    ]:
        with pytest.raises(InvalidInput):
            check_repetition(every, due, until)


# --- a series through the service, on a real file ---------------------------------------


def new_tracker(folder: Path) -> Tracker:
    tracker = Tracker.open(folder / "tracker.json", today=TODAY)
    tracker.add_agency(Agency(code="HN-KHDT", name="Sở KH&ĐT Hà Nội"))
    return tracker


ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(["close", "reopen", "cancel", "stop", "delete", "restore"]),
        st.integers(min_value=0, max_value=30),
    ),
    max_size=25,
)


def all_tasks(tracker: Tracker) -> list[Task]:
    """Every task of the file, deleted ones too, as stored."""
    with tracker.database.reading() as snapshot:
        return list(snapshot.tasks(include_deleted=True))


def check_series(tracker: Tracker, first: date, every: Cadence) -> None:
    """The invariants of a series: one open occurrence at most, links both ways, and the
    k-th occurrence due k periods after the first, on the first one's day (clamped)."""
    tasks = {task.id: task for task in all_tasks(tracker)}
    live = [task for task in tasks.values() if task.deleted_on is None]
    assert len([task for task in live if not task.is_closed]) <= 1
    for task in live:
        if task.next is not None and tasks[task.next].deleted_on is None:
            assert tasks[task.next].previous == task.id
        if task.previous is not None:
            assert tasks[task.previous].next == task.id
    for task in tasks.values():
        depth, walker = 0, task
        while walker.previous is not None:
            depth, walker = depth + 1, tasks[walker.previous]
        assert walker.id == 1
        assert task.due == months_later(first, depth * every.months, first.day)
        assert task.until is None or task.due is None or task.due <= task.until


@settings(max_examples=40, deadline=None)
@given(
    every=st.sampled_from(list(Cadence)),
    first=st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 12, 31)),
    periods=st.one_of(st.none(), st.integers(min_value=0, max_value=8)),
    actions=ACTIONS,
)
def test_any_sequence_keeps_one_open_occurrence_and_the_calendar(
    every: Cadence, first: date, periods: int | None, actions: list[tuple[str, int]]
) -> None:
    until = None if periods is None else months_later(first, periods * every.months, first.day)
    with tempfile.TemporaryDirectory() as folder:
        tracker = new_tracker(Path(folder))
        tracker.add_task(
            NewTask(title="Báo cáo", lead="HN-KHDT", due=first, every=every, until=until)
        )
        for action, pick in actions:
            ids = sorted(task.id for task in all_tasks(tracker))
            task_id = ids[pick % len(ids)]
            try:
                if action == "close":
                    tracker.close_tasks([task_id])
                elif action == "reopen":
                    tracker.reopen(task_id)
                elif action == "cancel":
                    tracker.update_task(task_id, TaskChanges(status=Status.CANCELLED))
                elif action == "stop":
                    tracker.stop_repeating(task_id)
                elif action == "delete":
                    tracker.delete_task(task_id, "nhập nhầm")
                else:
                    tracker.restore_task(task_id)
            except TrackerError:
                pass  # a refusal changes nothing; the invariants still hold
            check_series(tracker, first, every)


def test_export_then_import_keeps_the_cadence_and_the_links(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    tracker = new_tracker(tmp_path / "a")
    task = tracker.add_task(
        NewTask(
            title="Báo cáo quý",
            lead="HN-KHDT",
            due=date(2026, 12, 31),
            every=Cadence.QUARTER,
            until=date(2027, 12, 31),
        )
    )
    tracker.close_tasks([task.id])
    tracker.close_tasks([2])
    exported = tmp_path / "export.json"
    tracker.save_export(exported)
    (tmp_path / "b").mkdir()
    other = Tracker.open(tmp_path / "b" / "tracker.json", today=TODAY)
    from tracker.service import load_interchange_file

    other.import_data(load_interchange_file(exported))
    imported = {task.title + str(task.due): task for task in all_tasks(other)}
    assert len(imported) == 3
    by_due = {task.due: task for task in imported.values() if task.due is not None}
    one, two, three = (by_due[day] for day in sorted(by_due))
    assert [one.due, two.due, three.due] == [
        date(2026, 12, 31),
        date(2027, 3, 31),
        date(2027, 6, 30),
    ]
    assert {t.every for t in (one, two, three)} == {Cadence.QUARTER}
    assert {t.until for t in (one, two, three)} == {date(2027, 12, 31)}
    assert (one.previous, one.next) == (None, two.id)
    assert (two.previous, two.next) == (one.id, three.id)
    assert (three.previous, three.next) == (two.id, None)
    # The imported series goes on as the original would.
    other.close_tasks([three.id])
    (fourth,) = [t for t in all_tasks(other) if t.previous == three.id]
    assert fourth.due == date(2027, 9, 30)
