"""Periodic duties (nhiệm vụ định kỳ): when the next occurrence of a series falls due.

A series is a chain of tasks linked by `previous`/`next`; each occurrence is due one
period (Cadence.months) after the one before. The day of the month comes from the
series' anchor, the deadline of its FIRST occurrence, clamped to the month's length:
31/01 monthly gives 28/02 then 31/03 then 30/04 (never drifting to the 28th), and
30/11 quarterly gives 28/02 then 30/05. The deadline an occurrence is scheduled on is
its deadline before any extension (gia hạn): an extension moves that occurrence's
deadline, not the series' calendar. A series goes on while its open occurrence has a
cadence (`stop-repeating` removes it) and the next due date is not after `until`.

Nothing here creates occurrences: the service does, only when an occurrence is closed
or cancelled. This module is pure: tasks are looked up through a function.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date

from tracker.domain.dates import format_date
from tracker.domain.errors import InvalidInput, RequestRefused
from tracker.domain.model import Cadence, EventKind, Task, TaskSummary
from tracker.domain.text import fold
from tracker.i18n import N_, _

# A task by its local id (None when there is no such task): a session's, or the board's.
Lookup = Callable[[int], TaskSummary | None]

# What a user may type for each cadence, folded (case and diacritics aside): the English
# choice values, and the Vietnamese words an officer would write.
_CADENCE_WORDS = {
    Cadence.MONTH: ("month", "monthly", "thang", "hang thang"),
    Cadence.QUARTER: ("quarter", "quarterly", "quy", "hang quy"),
    Cadence.HALF_YEAR: ("half-year", "half year", "6 thang", "nua nam", "6 thang mot lan"),
    Cadence.YEAR: ("year", "yearly", "annual", "nam", "hang nam"),
}

_CADENCE_LABELS = {
    Cadence.MONTH: N_("every month"),
    Cadence.QUARTER: N_("every quarter"),
    Cadence.HALF_YEAR: N_("every half-year"),
    Cadence.YEAR: N_("every year"),
}


def parse_cadence(text: str) -> Cadence:
    """The cadence a user typed ("quarter", "quý", "6 tháng"...), or InvalidInput."""
    wanted = " ".join(fold(text).split())
    for cadence, words in _CADENCE_WORDS.items():
        if wanted in words:
            return cadence
    raise InvalidInput(
        _("{value!r} is not a cadence: use month, quarter, half-year or year").format(value=text)
    )


def cadence_label(cadence: Cadence) -> str:
    """The cadence in the reader's words: "every quarter", "hằng quý"."""
    return _(_CADENCE_LABELS[cadence])


def months_later(day: date, months: int, anchor_day: int) -> date:
    """The day `months` months after `day`'s month, on `anchor_day` clamped to that month's
    last day (31 in February is its 28th or 29th)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(anchor_day, calendar.monthrange(year, month)[1]))


def scheduled_due(task: TaskSummary) -> date | None:
    """The deadline `task` is scheduled on in its series: its last deadline set other than
    by an extension (a correction by `update --due` counts), else its deadline."""
    for deadline in reversed(task.deadlines):
        if not deadline.extension:
            return deadline.due
    return task.due


def first_occurrence(task: TaskSummary, lookup: Lookup) -> TaskSummary:
    """The series' first occurrence, walking `previous` links back from `task`."""
    seen = {task.id}
    while task.previous is not None and task.previous not in seen:
        before = lookup(task.previous)
        if before is None:
            break
        seen.add(before.id)
        task = before
    return task


def anchor_day(task: TaskSummary, lookup: Lookup) -> int | None:
    """The day of the month every occurrence of `task`'s series falls on (clamped): the
    day of its first occurrence's scheduled deadline; None if that has no deadline."""
    first = scheduled_due(first_occurrence(task, lookup))
    if first is None:
        first = scheduled_due(task)
    return None if first is None else first.day


def next_due(task: TaskSummary, lookup: Lookup) -> date | None:
    """When the occurrence after `task` falls due, or None when closing `task` ends the
    series: it repeats no more (`every` None), has no deadline, or the next due date
    would be after `until`."""
    if task.every is None:
        return None
    scheduled = scheduled_due(task)
    day = anchor_day(task, lookup)
    if scheduled is None or day is None:
        return None
    due = months_later(scheduled, task.every.months, day)
    if task.until is not None and due > task.until:
        return None
    return due


def occurrences(task: TaskSummary, lookup: Lookup) -> list[TaskSummary]:
    """Every occurrence of `task`'s series, first to last, along the `next` links (a
    withdrawn occurrence, linked back only, is left out unless it is `task`)."""
    chain = [first_occurrence(task, lookup)]
    seen = {chain[0].id}
    while chain[-1].next is not None and chain[-1].next not in seen:
        after = lookup(chain[-1].next)
        if after is None:
            break
        seen.add(after.id)
        chain.append(after)
    if task.id not in seen:
        chain.append(task)
    return chain


def in_a_series(task: TaskSummary) -> bool:
    """True when `task` repeats or is an occurrence of a series."""
    return task.every is not None or task.previous is not None or task.next is not None


def open_occurrences(task: TaskSummary, lookup: Lookup) -> list[TaskSummary]:
    """The open, not deleted occurrences of `task`'s series other than `task`."""
    return [
        other
        for other in occurrences(task, lookup)
        if other.id != task.id and not other.is_closed and other.deleted_on is None
    ]


def check_repetition(every: Cadence | None, due: date | None, until: date | None) -> None:
    """InvalidInput unless a new task's cadence and end make sense: a periodic duty needs
    a deadline to repeat from, and its end may not come before its first deadline."""
    if every is None:
        if until is not None:
            raise InvalidInput(
                _("an end date (until) needs a cadence (every): only a periodic duty ends")
            )
        return
    if due is None:
        raise InvalidInput(
            _("a periodic duty needs a deadline to repeat from: give its first deadline")
        )
    if until is not None and until < due:
        raise InvalidInput(
            _("the end date {until} is before the first deadline {due}").format(
                until=format_date(until), due=format_date(due)
            )
        )


def check_deadline_kept(task: TaskSummary, due: date | None) -> None:
    """RequestRefused when a repeating occurrence would lose its deadline: its series
    repeats from it, and without one closing it would silently record nothing."""
    if due is None and task.every is not None:
        raise RequestRefused(
            _(
                "task #{id} repeats {every} and needs a deadline: end its series first "
                "(tracker stop-repeating {id})"
            ).format(id=task.id, every=cadence_label(task.every))
        )


def withdrawn_with(task: Task) -> int | None:
    """The id of the next occurrence withdrawn when `task` was last reopened, if one was
    (the service records it as a change of `next` at the reopening's moment)."""
    reopenings = [event for event in task.history if event.kind is EventKind.REOPENED]
    if not reopenings:
        return None
    for event in task.history:
        if event.at == reopenings[-1].at and event.field == "next" and event.old is not None:
            return int(str(event.old))
    return None


def next_occurrence_line(task: TaskSummary, following: TaskSummary) -> str | None:
    """ "Next occurrence of #5: #9, due 31/03/2027." while `following`, the occurrence after
    `task`, is open; None once it is closed or deleted."""
    if following.is_closed or following.deleted_on is not None or following.due is None:
        return None
    return _("Next occurrence of #{id}: #{next}, due {due}.").format(
        id=task.id, next=following.id, due=format_date(following.due)
    )


def withdrawn_line(task: Task) -> str | None:
    """What reopening `task` did to its next occurrence, if it withdrew it."""
    withdrawn = withdrawn_with(task)
    if withdrawn is None:
        return None
    return _(
        "Its next occurrence #{id}, not yet worked on, was withdrawn;"
        " closing #{reopened} records it again."
    ).format(id=withdrawn, reopened=task.id)
