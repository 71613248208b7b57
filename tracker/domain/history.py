"""A task's history events: making them from what happened, and wording them for a reader."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from msgspec.structs import fields, replace

from tracker.domain.dates import format_date
from tracker.domain.ids import new_event_id
from tracker.domain.model import (
    AREAS,
    Cadence,
    ChangeStamp,
    EventKind,
    EventValue,
    HistoryEvent,
    Status,
)
from tracker.domain.series import cadence_label
from tracker.i18n import _

# --- making events ---------------------------------------------------------------------


# An event's keys, in the struct's order, with their defaults: the store leaves defaults
# out (HistoryEvent is omit_defaults), while exports and `--format json` write every key,
# so that a script can read `event["old"]` without knowing which keys a kind carries.
# An extension's `document`, a change's id and an undo's `undoes` are written only by the
# events that have one: every other event keeps the keys files have always had, and `by`
# (null for events recorded before authors were).
_WHEN_SET = ("document", "change", "undoes")
_EVENT_KEYS = tuple(
    (field.encode_name, field.default)
    for field in fields(HistoryEvent)
    if field.name not in _WHEN_SET
)


def event_record(stored: dict[str, object]) -> dict[str, object]:
    """An event as exports and `--format json` write it: every key, in the struct's order
    (an extension's document, a change id and what an undo undoes only when set)."""
    record = {key: stored.get(key, default) for key, default in _EVENT_KEYS}
    for key in _WHEN_SET:
        if stored.get(key):
            record[key] = stored[key]
    return record


def stamped(stamp: ChangeStamp, kind: EventKind, **values: Any) -> HistoryEvent:
    """A new event of `kind`, recorded at the stamp's moment, by its author, in its change."""
    return HistoryEvent(
        id=new_event_id(),
        at=stamp.at,
        by=stamp.by,
        change=stamp.change,
        undoes=stamp.undoes,
        kind=kind,
        **values,
    )


def event_value(value: object) -> EventValue:
    """A field's value as an event holds it: dates as YYYY-MM-DD, statuses by their
    stored value, lists of codes as tuples, a task's id as its digits, None as None."""
    if value is None or isinstance(value, str):  # a Status is a str: its value
        return None if value is None else str(value)
    if isinstance(value, int):  # another task's local id (a sub-task's parent): its digits
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return tuple(str(item) for item in value)
    raise TypeError(f"no event value for {value!r}")


def note(text: str, stamp: ChangeStamp) -> HistoryEvent:
    """A progress note typed by a user."""
    return stamped(stamp, EventKind.NOTE, text=text)


def created(stamp: ChangeStamp) -> HistoryEvent:
    """The task was recorded."""
    return stamped(stamp, EventKind.CREATED)


def changed(field: str, old: object, new: object, stamp: ChangeStamp) -> HistoryEvent:
    """The task's `field` (a Task field name) went from `old` to `new`."""
    return stamped(
        stamp,
        EventKind.CHANGED,
        field=field,
        old=event_value(old),
        new=event_value(new),
    )


def status_changed(old: Status, new: Status, stamp: ChangeStamp) -> HistoryEvent:
    """The status was set from `old` to `new` (cancelling included; closing is `closed`)."""
    return stamped(stamp, EventKind.STATUS, field="status", old=old.value, new=new.value)


def closed(old: Status, day: date, outcome: str | None, stamp: ChangeStamp) -> HistoryEvent:
    """The task was marked done on `day`, with its outcome."""
    return stamped(
        stamp,
        EventKind.CLOSED,
        field="status",
        old=old.value,
        new=Status.DONE.value,
        text=outcome or "",
        effective=day,
    )


def reopened(
    old: Status, reason: str, stamp: ChangeStamp, new: Status = Status.OPEN
) -> HistoryEvent:
    """A done or cancelled task was opened again as `new`, for `reason` (may be empty)."""
    return stamped(
        stamp,
        EventKind.REOPENED,
        field="status",
        old=old.value,
        new=new.value,
        text=reason,
    )


def deleted(day: date, reason: str, stamp: ChangeStamp) -> HistoryEvent:
    """The task was deleted as a mistake on `day`, for `reason`."""
    return stamped(
        stamp,
        EventKind.DELETED,
        field="deleted_on",
        new=day.isoformat(),
        text=reason,
    )


def restored(was: date | None, reason: str, stamp: ChangeStamp) -> HistoryEvent:
    """A deleted task (deleted on `was`) was brought back, for `reason` (may be empty)."""
    return stamped(
        stamp,
        EventKind.RESTORED,
        field="deleted_on",
        old=event_value(was),
        text=reason,
    )


def extended(
    old: date, new: date, reason: str, document: str, day: date, stamp: ChangeStamp
) -> HistoryEvent:
    """The deadline was extended from `old` to `new`, granted on `day` for `reason` by
    `document` (may be empty)."""
    return stamped(
        stamp,
        EventKind.EXTENDED,
        field="due",
        old=old.isoformat(),
        new=new.isoformat(),
        text=reason,
        effective=None if day == stamp.at.date() else day,
        document=document,
    )


def status_before_closing(events: Sequence[HistoryEvent]) -> Status:
    """The status a task had before it was last closed or cancelled; open if none says.

    Read from the last closed event, or status change to cancelled: its `old`.
    """
    for event in reversed(events):
        closing = event.kind is EventKind.CLOSED or (
            event.kind is EventKind.STATUS and event.new == Status.CANCELLED.value
        )
        if closing:
            if event.old in _STATUSES and not Status(event.old).is_closed:
                return Status(event.old)
            break
    return Status.OPEN


def outcome_recorded(events: Sequence[HistoryEvent], outcome: str) -> bool:
    """True when the last closed event holds `outcome` as its text, so that a reopening
    clearing the task's outcome leaves it in the history."""
    closing = last_of(events, EventKind.CLOSED)
    return closing is not None and closing.text == outcome


def last_deletion(events: Sequence[HistoryEvent]) -> HistoryEvent | None:
    """The event that deleted the task last, or None if nothing ever did."""
    return last_of(events, EventKind.DELETED)


def last_of(events: Sequence[HistoryEvent], kind: EventKind) -> HistoryEvent | None:
    """The latest event of `kind` in history order, or None."""
    return next((event for event in reversed(events) if event.kind is kind), None)


# --- wording events --------------------------------------------------------------------


def field_label(field: str) -> str:
    """A task field's name as a reader calls it."""
    labels = {
        "title": _("title"),
        "lead": _("lead"),
        "partners": _("partners"),
        "due": _("deadline"),
        "meeting": _("meeting"),
        "area": _("area"),
        "description": _("description"),
        "status": _("status"),
        "outcome": _("outcome"),
        "closed_on": _("closing date"),
        "document": _("assigning document"),
        "directed_by": _("directed by"),
        "parent": _("parent task"),
        "deleted_on": _("deletion"),
        "every": _("repetition"),
        "until": _("last day of the series"),
        "next": _("next occurrence"),
        "previous": _("previous occurrence"),
    }
    return labels.get(field, field)


def describe(event: HistoryEvent) -> str:
    """The event in words, in the reader's language (made now, never stored)."""
    if event.undoes:
        # An undo's events (tracker/undo.py) say what they set, as the undone ones did.
        return _("undone: {change}").format(change=describe(replace(event, undoes="")))
    kind = event.kind
    if kind is EventKind.NOTE or kind is EventKind.RECORDED:
        return event.text
    if kind is EventKind.CREATED:
        if event.field == "previous":  # made by closing the occurrence before
            return _("task created: the next occurrence of #{id}").format(id=event.new)
        return _("task created")
    if kind is EventKind.CLOSED:
        if event.text:
            return _("closed: {outcome}").format(outcome=event.text)
        return _("closed")
    if kind is EventKind.REOPENED:
        was = _status(event.old)
        if event.new not in (None, Status.OPEN.value):
            # Reopened to the status it had before closing (in progress, blocked).
            now = _status(event.new)
            if event.text:
                return _("reopened as {new} (was {status}): {reason}").format(
                    new=now, status=was, reason=event.text
                )
            return _("reopened as {new} (was {status})").format(new=now, status=was)
        if event.text:
            return _("reopened (was {status}): {reason}").format(status=was, reason=event.text)
        return _("reopened (was {status})").format(status=was)
    if kind is EventKind.DELETED:
        if event.text:
            return _("deleted: {reason}").format(reason=event.text)
        return _("deleted")
    if kind is EventKind.RESTORED:
        if event.text:
            return _("restored: {reason}").format(reason=event.text)
        return _("restored")
    if kind is EventKind.EXTENDED:
        return describe_extension(event)
    if kind is EventKind.STATUS:
        return _("status changed from {old} to {new}").format(
            old=_status(event.old), new=_status(event.new)
        )
    if event.field in ("every", "next"):
        return describe_series_change(event)
    return _describe_change(event)


def describe_series_change(event: HistoryEvent) -> str:
    """A periodic duty's change in words: it stopped repeating, or its next occurrence was
    withdrawn when it was reopened."""
    if event.field == "next":
        return _("next occurrence #{id} withdrawn").format(id=event.old)
    if event.new is None:
        return _("stopped repeating (was {every})").format(every=_cadence(event.old))
    return _("repeats {every} (was {old})").format(
        every=_cadence(event.new), old=_cadence(event.old)
    )


def _cadence(value: EventValue) -> str:
    return cadence_label(Cadence(value)) if isinstance(value, str) else "—"


def describe_extension(event: HistoryEvent) -> str:
    """An extension in words: from and to which deadline, by which document, why."""
    old, new = _day(event.old), _day(event.new)
    if event.document:
        return _("deadline extended from {old} to {new} ({document}): reason {reason}").format(
            old=old, new=new, document=event.document, reason=event.text
        )
    return _("deadline extended from {old} to {new}: reason {reason}").format(
        old=old, new=new, reason=event.text
    )


def _describe_change(event: HistoryEvent) -> str:
    field = event.field or ""
    shown = _SHOWN.get(field, _plain)
    old, new = shown(event.old), shown(event.new)
    if field == "description":
        return _("description changed")
    if field == "title":
        if event.new is None:
            return _("title changed from “{old}”").format(old=old)
        return _("title changed from “{old}” to “{new}”").format(old=old, new=new)
    if field == "lead":
        return _("lead changed from {old} to {new}").format(old=old, new=new)
    # An old value of None is none, or unknown for a change migrated from words that did
    # not say it (tracker/domain/prose_history.py): "set to" reads right for both.
    label = field_label(field)
    changed_from, set_to, removed = _sentences().get(
        field,
        (
            _("{field} changed from {old} to {new}"),
            _("{field} set to {new}"),
            _("{field} removed (was {old})"),
        ),
    )
    # str.format ignores the names a sentence does not use.
    if _empty(event.new) and not _empty(event.old):
        return removed.format(field=label, old=old)
    if _empty(event.old):
        return set_to.format(field=label, new=new)
    return changed_from.format(field=label, old=old, new=new)


def _sentences() -> dict[str, tuple[str, str, str]]:
    """Per field: changed from old to new, set to new, removed (was old); made per call,
    so they are in the language of the moment."""
    return {
        "due": (
            _("deadline changed from {old} to {new}"),
            _("deadline set to {new}"),
            _("deadline removed (was {old})"),
        ),
        "partners": (
            _("partners changed from {old} to {new}"),
            _("partners set to {new}"),
            _("partners removed (were {old})"),
        ),
        "meeting": (
            _("meeting changed from {old} to {new}"),
            _("meeting set to {new}"),
            _("meeting removed (was {old})"),
        ),
        "area": (
            _("area changed from {old} to {new}"),
            _("area set to {new}"),
            _("area removed (was {old})"),
        ),
        # A reopened task's outcome is moved here, so the open task shows none.
        "closed_on": (
            _("closing date changed from {old} to {new}"),
            _("closing date set to {new}"),
            _("closing date removed (was {old})"),
        ),
        "document": (
            _("assigning document changed from {old} to {new}"),
            _("assigning document set to {new}"),
            _("assigning document removed (was {old})"),
        ),
        "directed_by": (
            _("directed by changed from {old} to {new}"),
            _("directed by set to {new}"),
            _("directed by removed (was {old})"),
        ),
        # A sub-task moved: the values are the parents' ids (tracker/domain/subtasks.py).
        "parent": (
            _("moved from parent task {old} to {new}"),
            _("made part of task {new}"),
            _("no longer part of task {old}"),
        ),
        # An undo deletes a task its change added, and brings back one it deleted.
        "deleted_on": (
            _("deletion date changed from {old} to {new}"),
            _("deleted on {new}"),
            _("restored (was deleted on {old})"),
        ),
        "until": (
            _("repeats until {new} (was until {old})"),
            _("repeats until {new}"),
            _("repeats with no last day (was until {old})"),
        ),
        "outcome": (
            _("outcome changed from {old} to {new}"),
            _("outcome set to {new}"),
            _("previous outcome: {old}"),
        ),
    }


def shown_value(field: str, value: EventValue) -> str:
    """A field's value as an event holds it, in a reader's words: a date as dd/mm/yyyy, a
    status or an area by its label, codes joined by commas, none as a dash."""
    return _SHOWN.get(field, _plain)(value)


def _empty(value: EventValue) -> bool:
    return value is None or value == ()


def _plain(value: EventValue) -> str:
    if value is None or value == ():
        return "—"
    return value if isinstance(value, str) else ", ".join(value)


def _day(value: EventValue) -> str:
    if isinstance(value, str):
        try:
            return format_date(date.fromisoformat(value))
        except ValueError:
            pass
    return _plain(value)


def _area(value: EventValue) -> str:
    return AREAS.get(value, value) if isinstance(value, str) else _plain(value)


def _status(value: EventValue) -> str:
    if isinstance(value, str) and value in _STATUSES:
        return Status(value).label
    return _plain(value)


def _task_ref(value: EventValue) -> str:
    return f"#{value}" if isinstance(value, str) else _plain(value)


_STATUSES = frozenset(status.value for status in Status)


_SHOWN: dict[str, Callable[[EventValue], str]] = {
    "due": _day,
    "closed_on": _day,
    "deleted_on": _day,
    "until": _day,
    "area": _area,
    "status": _status,
    "parent": _task_ref,
}
