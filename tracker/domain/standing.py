"""The government reporting convention: a task's standing and deadline bucket as of a date."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from enum import StrEnum

from tracker.domain import vocabulary
from tracker.domain.deadlines import deadline_in_force
from tracker.domain.model import Status, TaskSummary
from tracker.domain.rates import Rate
from tracker.i18n import N_


class Standing(StrEnum):
    """Where a task stands on a reporting date (DOMAIN.md, "How ... counts")."""

    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    OPEN_IN_TIME = "open_in_time"
    OPEN_OVERDUE = "open_overdue"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        """The standing in the reader's words."""
        return STANDING_LABELS[self]

    @property
    def short_label(self) -> str:
        """The standing in a table cell's short words ("HT đúng hạn"), capitalised."""
        return STANDING_SHORT_LABELS[self]


# The words shown for each standing (tracker/domain/vocabulary.py), translated when read.
STANDING_LABELS = vocabulary.Labels(
    {standing: vocabulary.STANDINGS[standing].en for standing in Standing}
)
STANDING_SHORT_LABELS = vocabulary.Labels(
    {standing: vocabulary.STANDING_COLUMNS[standing].en for standing in Standing}
)


class DeadlineBucket(StrEnum):
    """How soon an open task falls due, as of a date."""

    OVERDUE = "overdue"
    TODAY = "today"
    THIS_WEEK = "this_week"
    NEXT_30_DAYS = "next_30_days"
    LATER = "later"
    NO_DEADLINE = "no_deadline"

    @property
    def label(self) -> str:
        """The deadline bucket in the reader's words."""
        return BUCKET_LABELS[self]


# Translated when read, like the standings' words.
BUCKET_LABELS = vocabulary.Labels(
    {
        DeadlineBucket.OVERDUE: N_("overdue"),
        DeadlineBucket.TODAY: N_("today"),
        DeadlineBucket.THIS_WEEK: N_("this week"),
        DeadlineBucket.NEXT_30_DAYS: N_("next 30 days"),
        DeadlineBucket.LATER: N_("later"),
        DeadlineBucket.NO_DEADLINE: N_("no deadline"),
    }
)


# These run once per task shown in a list or on the board, up to 100,000 times: each
# reads a task's fields once and compares statuses by identity, without further calls.
_DONE = Status.DONE
_CANCELLED = Status.CANCELLED


def exists_as_of(task: TaskSummary, as_of: date) -> bool:
    """False for a task recorded after `as_of`: reports as of a past date leave it out."""
    created = task.created
    return created is None or created.date() <= as_of


def closed_as_of(task: TaskSummary, as_of: date) -> bool:
    """True when the task had been closed by `as_of`; a task closed later was still open then."""
    status = task.status
    if status is not _DONE and status is not _CANCELLED:
        return False
    closed_on = task.closed_on
    return closed_on is None or closed_on <= as_of


def standing_as_of(task: TaskSummary, as_of: date) -> Standing:
    """Classify `task` on `as_of`, judging lateness against the deadline in force."""
    status = task.status
    due = task.due
    closed_on = task.closed_on
    if (status is _DONE or status is _CANCELLED) and (closed_on is None or closed_on <= as_of):
        if status is _CANCELLED:
            return Standing.CANCELLED
        if task.deadlines and closed_on is not None:
            # Judged against the deadline in force the day it was closed: done by an
            # extended deadline is done on time.
            due = deadline_in_force(task, closed_on)
        if due is None or closed_on is None or closed_on <= due:
            return Standing.DONE_ON_TIME
        return Standing.DONE_LATE
    if task.deadlines:
        # Only a task whose deadline changed pays for the look-up: 100,000 tasks in a report.
        due = deadline_in_force(task, as_of)
    if due is None or due >= as_of:
        return Standing.OPEN_IN_TIME
    return Standing.OPEN_OVERDUE


def bucket_as_of(due: date | None, as_of: date) -> DeadlineBucket:
    """Which deadline bucket a due date falls in, seen from `as_of` (weeks run Monday-Sunday)."""
    if due is None:
        return DeadlineBucket.NO_DEADLINE
    if due < as_of:
        return DeadlineBucket.OVERDUE
    if due == as_of:
        return DeadlineBucket.TODAY
    if due <= as_of + timedelta(days=6 - as_of.weekday()):
        return DeadlineBucket.THIS_WEEK
    if due <= as_of + timedelta(days=30):
        return DeadlineBucket.NEXT_30_DAYS
    return DeadlineBucket.LATER


def completion_ratio(counts: Counter[Standing]) -> Rate | None:
    """done / (done + overdue) as its two counts, or None when no task is done or overdue."""
    done = counts[Standing.DONE_ON_TIME] + counts[Standing.DONE_LATE]
    denominator = done + counts[Standing.OPEN_OVERDUE]
    return Rate(done, denominator) if denominator else None


def completion_rate(counts: Counter[Standing]) -> float | None:
    """done / (done + overdue), or None when no task is done or overdue (not applicable)."""
    ratio = completion_ratio(counts)
    return None if ratio is None else float(ratio)


# Shown beside the colour in the UI and alone in plain text: colour is never the only cue.
STANDING_SYMBOLS = {
    Standing.DONE_ON_TIME: "✔",
    Standing.DONE_LATE: "✔!",
    Standing.OPEN_IN_TIME: "○",
    Standing.OPEN_OVERDUE: "⚠",
    Standing.CANCELLED: "✕",
}
