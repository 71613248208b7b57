"""The deadline in force on a day: a task's deadlines over time, and its extensions (gia hạn).

Lateness is judged against the deadline in force (DOMAIN.md, "Extensions"): on a day D,
that is the last deadline set on or before D. A task closed by its extended deadline is
done on time; an extension granted after the original deadline does not undo the days
the task was already overdue.
"""

from __future__ import annotations

from datetime import date

from tracker.domain.model import DeadlineSet, TaskSummary


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
