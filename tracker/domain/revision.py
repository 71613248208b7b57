"""A task's revision, and what someone else changed on it since a writer saw it.

Every write to a task appends at least one history event, so the events a task has are
its revision; no stored counter is needed. A revision is the set of its events' ids,
not their count nor the id of the last one: a merge from another database (a later
issue) adds events in the middle of a history, ordered by `at`, and may add one older
than the last. A count would then miss which events are new, the last id would miss the
change altogether; a set of ids tells exactly which events a writer has not seen,
wherever they sit.

A request made on an old revision conflicts on a field it sets when an event the writer
had not seen touched that field and left it with another value than the request's.
Fields only the other side touched merge silently: the request does not carry them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import msgspec

from tracker.domain.errors import EditConflict
from tracker.domain.history import event_value, field_label
from tracker.domain.model import HistoryEvent, Task
from tracker.i18n import _

# A status event (set, closed, reopened) moves the closing date and outcome with the status.
_STATUS_FIELDS = frozenset({"status", "closed_on", "outcome"})


class Revision(msgspec.Struct, frozen=True, gc=False):
    """A task as a writer saw it: the ids of the history events it had then."""

    events: frozenset[str]


class FieldConflict(msgspec.Struct, frozen=True, gc=False):
    """One field both sides changed: `theirs` is the task's value now, `yours` the request's.

    Values are a Task field's own (a date, a Status, a tuple of codes, text or None).
    """

    field: str
    theirs: object
    yours: object


def revision_of(task: Task) -> Revision:
    """The task's revision now."""
    return Revision(frozenset(event.id for event in task.history))


def events_since(task: Task, seen: Revision) -> list[HistoryEvent]:
    """The task's events a writer who saw revision `seen` has not seen, in history order."""
    return [event for event in task.history if event.id not in seen.events]


def fields_touched(event: HistoryEvent) -> frozenset[str]:
    """The Task fields an event set: its `field`, and for a status event the closing date
    and outcome too; none for a note, a creation or a migrated line of prose."""
    if event.field is None:
        return frozenset()
    if event.field == "status":
        return _STATUS_FIELDS
    return frozenset({event.field})


def fields_touched_since(task: Task, seen: Revision) -> frozenset[str]:
    """Every field the events after revision `seen` set."""
    touched: set[str] = set()
    for event in events_since(task, seen):
        touched |= fields_touched(event)
    return frozenset(touched)


def conflicts(
    task: Task, seen: Revision, wanted: Mapping[str, object]
) -> tuple[FieldConflict, ...]:
    """The fields of `wanted` (field name to requested value) that someone else changed
    since revision `seen` to another value than the requested one, in `wanted`'s order."""
    if seen.events.issuperset(event.id for event in task.history):
        return ()  # the quick, usual case: nothing happened since
    touched = fields_touched_since(task, seen)
    return tuple(
        FieldConflict(field, getattr(task, field), yours)
        for field, yours in wanted.items()
        if field in touched and not same_value(getattr(task, field), yours)
    )


def check_revision(task: Task, seen: Revision | None, wanted: Mapping[str, object]) -> None:
    """EditConflict if a request for `wanted`, made on revision `seen`, would undo a change
    someone else made meanwhile; nothing when `seen` is None (a caller that saw no revision,
    such as the command line, whose user states values outright)."""
    if seen is None:
        return
    _raise(task, conflicts(task, seen, wanted))


def _raise(task: Task, found: tuple[FieldConflict, ...]) -> None:
    """EditConflict for `found`, if there is any."""
    if found:
        raise EditConflict(
            _("task #{id} was changed meanwhile by someone else: {fields}").format(
                id=task.id, fields=", ".join(field_label(c.field) for c in found)
            ),
            task.id,
            found,
            revision_of(task),
        )


def check_closing(task: Task, seen: Revision | None, wanted: Mapping[str, object]) -> None:
    """EditConflict if the status of a task being closed from revision `seen` was changed
    meanwhile (set, closed, cancelled or reopened by someone else), whatever it is now: the
    user decided to close it as it stood. `wanted` holds the status, closing date and
    outcome the close would give; the conflict shows those that differ, or the status
    alone when none does."""
    if seen is None or "status" not in fields_touched_since(task, seen):
        return
    found = tuple(
        FieldConflict(field, getattr(task, field), yours)
        for field, yours in wanted.items()
        if (field == "status" or task.is_closed) and not same_value(getattr(task, field), yours)
    )
    # Closed the same way by both: the status alone says so (a close cannot be made twice).
    _raise(task, found or (FieldConflict("status", task.status, wanted["status"]),))


def same_value(theirs: object, yours: object) -> bool:
    """Whether two values of a field read the same once stored: whitespace folded, blank
    as none, dates and statuses as their stored text."""
    return _comparable(theirs) == _comparable(yours)


def _comparable(value: object) -> object:
    if isinstance(value, date | str | tuple | list) or value is None:
        stored = event_value(value)
    else:
        return value
    if isinstance(stored, str):
        return " ".join(stored.split()) or None
    return stored
