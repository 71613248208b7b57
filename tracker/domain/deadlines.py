"""The deadline in force on a day: a task's deadlines over time, and its extensions (gia hạn).

Lateness is judged against the deadline in force (DOMAIN.md, "Extensions"): on a day D,
that is the last deadline set on or before D. A task closed by its extended deadline is
done on time; an extension granted after the original deadline does not undo the days
the task was already overdue.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from tracker.domain.model import DeadlineSet, EventKind, HistoryEvent, TaskSummary


def deadline_in_force(task: TaskSummary, on: date) -> date | None:
    """The deadline `task` had on day `on`: the last one set on or before it.

    Before any recorded deadline was set (a day before the task was recorded) the first
    deadline holds.
    """
    deadlines = task.deadlines
    if not deadlines:
        return task.due
    in_force = deadlines[0].due
    for deadline in deadlines:
        if deadline.set_on > on:
            break
        in_force = deadline.due
    return in_force


def extensions(task: TaskSummary) -> tuple[DeadlineSet, ...]:
    """The task's extensions (gia hạn), oldest first."""
    return tuple(deadline for deadline in task.deadlines if deadline.extension)


def original_deadline(task: TaskSummary) -> date | None:
    """The deadline the task was given when it was recorded."""
    return task.deadlines[0].due if task.deadlines else task.due


def deadline_judged_as_of(task: TaskSummary, as_of: date) -> date | None:
    """The deadline `task`'s standing as of `as_of` is judged against: the one in force on
    the day it was closed if it was closed by then, else the one in force on `as_of`."""
    closed_on = task.closed_on
    if task.is_closed and closed_on is not None and closed_on <= as_of:
        return deadline_in_force(task, closed_on)
    return deadline_in_force(task, as_of)


def deadlines_from_history(
    recorded_on: date | None, due: date | None, events: Iterable[HistoryEvent]
) -> tuple[DeadlineSet, ...]:
    """The deadlines a task has had, read from its history events: the first one set on
    `recorded_on`, then each `update --due` change and each extension on its day.

    Empty while the deadline never changed, and when the events do not end at `due` (a
    history that does not tell the whole story): the task is then judged by `due` alone.
    """
    changes: list[DeadlineSet] = []
    first: date | None = None
    for event in _standing(event for event in events if event.field == "due"):
        extension = event.kind is EventKind.EXTENDED
        if not extension and event.kind is not EventKind.CHANGED:
            continue
        if not changes:
            first = _day(event.old)
        changes.append(
            DeadlineSet(
                set_on=event.on,
                due=_day(event.new),
                extension=extension,
                reason=event.text if extension else "",
                document=event.document if extension else "",
            )
        )
    if not changes:
        return ()
    # Kept in the order they took effect, so that the last one set on or before a day is
    # the one in force; a correction recorded on the same day as another keeps its place.
    changes.sort(key=lambda deadline: deadline.set_on)
    if changes[-1].due != due:
        return ()
    start = recorded_on if recorded_on is not None else changes[0].set_on
    original = DeadlineSet(set_on=min(start, changes[0].set_on), due=first)
    return (original, *changes)


def _standing(events: Iterable[HistoryEvent]) -> list[HistoryEvent]:
    """The deadline events that stand: an undo's events and those of the change it undid
    set no deadline of their own (the task is as if neither happened), and an undo undone
    (a redo) lets its change stand again (tracker/undo.py)."""
    kept = list(events)
    if not any(event.undoes for event in kept):
        return kept
    undone: set[str] = set()
    for event in reversed(kept):  # an undo comes after what it undoes
        if event.undoes and event.change not in undone:
            undone.add(event.undoes)
    return [event for event in kept if not event.undoes and event.change not in undone]


def _day(value: object) -> date | None:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None
