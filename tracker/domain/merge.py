"""Merging two copies of a task: its events united by id, each field the value its latest
event set (latest `at`, ties by event id), so every database that has seen the same events
agrees on the task, whatever order it saw them in."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

import msgspec
from msgspec.structs import replace

from tracker.domain.model import Cadence, EventKind, EventValue, HistoryEvent, Status, Task

# Fields that name other tasks by their local id, which differs between databases: an
# event setting one is kept in the history but never merged (the interchange file carries
# these links by uuid, tracker/interchange/dataset.py).
LOCAL_LINKS = frozenset({"parent", "subtasks", "previous", "next"})


def event_order(event: HistoryEvent) -> tuple[float, str]:
    """The order of events everywhere: by the instant they were recorded, then by id."""
    return (event.at.timestamp(), event.id)


def effects(event: HistoryEvent) -> dict[str, EventValue]:
    """The task fields `event` set, each to its value as an event holds it (a date as
    YYYY-MM-DD, a status by its stored value); none for a note or a creation."""
    kind = event.kind
    if kind is EventKind.CHANGED:
        if event.field is None or event.field in LOCAL_LINKS:
            return {}
        return {event.field: event.new}
    if kind is EventKind.STATUS:
        if event.new == Status.CANCELLED.value:
            return {"status": event.new, "closed_on": event.on.isoformat()}
        # Back among the open statuses: a task at work has no closing day nor outcome.
        return {"status": event.new, "closed_on": None, "outcome": None}
    if kind is EventKind.CLOSED:
        return {
            "status": Status.DONE.value,
            "closed_on": event.on.isoformat(),
            "outcome": event.text or None,
        }
    if kind is EventKind.REOPENED:
        return {"status": event.new or Status.OPEN.value, "closed_on": None, "outcome": None}
    if kind is EventKind.DELETED:
        return {"deleted_on": event.new}
    if kind is EventKind.RESTORED:
        return {"deleted_on": None}
    if kind is EventKind.EXTENDED:
        return {"due": event.new}
    return {}


def united(ours: Sequence[HistoryEvent], new: Iterable[HistoryEvent]) -> list[HistoryEvent]:
    """`ours` with each `new` event placed after the last of ours that comes before it in
    event order. Ours keep their order (a history older than event ids that sort may hold
    two events of one moment either way round), so two databases that share a history and
    take in each other's events end with the same one."""
    history = list(ours)
    for event in sorted(new, key=event_order):
        key = event_order(event)
        place = len(history)
        while place > 0 and event_order(history[place - 1]) > key:
            place -= 1
        history.insert(place, event)
    return history


def latest_settings(events: Iterable[HistoryEvent]) -> dict[str, tuple[HistoryEvent, EventValue]]:
    """For each field the events set, the latest event setting it and its value."""
    latest: dict[str, tuple[HistoryEvent, EventValue]] = {}
    for event in sorted(events, key=event_order):
        for field, value in effects(event).items():
            latest[field] = (event, value)
    return latest


def touched(events: Iterable[HistoryEvent]) -> set[str]:
    """The fields any of `events` set."""
    return {field for event in events for field in effects(event)}


class BothSides(msgspec.Struct, frozen=True, kw_only=True):
    """A field both databases changed since they last shared their events: the value each
    side gave it, and which one the merge kept (the latest)."""

    field: str
    ours: EventValue
    theirs: EventValue
    kept: EventValue


class Merged(msgspec.Struct, kw_only=True):
    """A task after taking in another copy's events: the task, the events that were new
    to it, and the fields both sides had changed."""

    task: Task
    new_events: list[HistoryEvent]
    both_sides: list[BothSides]


def merge_task(ours: Task, theirs: Sequence[HistoryEvent]) -> Merged:
    """`ours` with the events of `theirs` it lacks: its history the union of both in event
    order, and each field a new event sets given the value of its latest event."""
    known = {event.id for event in ours.history}
    new = [event for event in theirs if event.id not in known]
    if not new:
        return Merged(task=ours, new_events=[], both_sides=[])
    incoming = {event.id for event in theirs}
    history = united(ours.history, new)
    fields = touched(new)
    latest = latest_settings(event for event in history if fields & effects(event).keys())
    task = replace(ours, history=history)
    for field in sorted(fields):
        set_field(task, field, latest[field][1])
    only_ours = latest_settings(event for event in ours.history if event.id not in incoming)
    only_theirs = latest_settings(new)
    differ = {
        field
        for field in only_ours.keys() & only_theirs.keys()
        if only_ours[field][1] != only_theirs[field][1]
    }
    if "status" in differ:
        differ -= _MOVE_WITH_STATUS  # one line for the status says it: closed or not
    both = [
        BothSides(
            field=field,
            ours=only_ours[field][1],
            theirs=only_theirs[field][1],
            kept=latest[field][1],
        )
        for field in sorted(differ)
    ]
    return Merged(task=task, new_events=new, both_sides=both)


# The fields a closing, a reopening or a status change sets along with the status.
_MOVE_WITH_STATUS = frozenset({"closed_on", "outcome"})

_DAYS = frozenset({"due", "closed_on", "deleted_on", "until"})
_TEXTS = frozenset({"title", "description", "document", "directed_by", "lead"})


def set_field(task: Task, field: str, value: EventValue) -> None:
    """Give `task`'s `field` the value an event holds for it, in the field's own type."""
    if field in _DAYS:
        setattr(task, field, date.fromisoformat(value) if isinstance(value, str) else None)
    elif field == "status":
        task.status = Status(value) if isinstance(value, str) else Status.OPEN
    elif field == "every":
        task.every = Cadence(value) if isinstance(value, str) else None
    elif field == "partners":
        task.partners = tuple(value) if isinstance(value, tuple) else ()
    elif field in _TEXTS:
        setattr(task, field, value if isinstance(value, str) else "")
    elif field in ("meeting", "area", "outcome"):
        setattr(task, field, value if isinstance(value, str) else None)
    # Any other field (one a newer tracker knows) is kept in the history, not applied.
