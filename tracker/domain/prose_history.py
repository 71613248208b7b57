"""Read the history written before events (dated English lines) into history events.

Schema 1 databases and version 1 interchange files hold each history entry as
`{"on": "YYYY-MM-DD", "text": "...", "kind": "note" | "change"}`, the words made by the
tracker of that time (always English: it had no translations). Both the schema 1 -> 2
migration and the version 1 import turn them into events here, so a task migrated in
one database and imported into another gets the same events with the same ids.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from tracker.domain.model import EventKind, EventValue, HistoryEvent, Status

# Event ids of migrated entries are uuid5s in this namespace (a random uuid4 of our own):
# derived from the task's uuid, the entry's position and its words, so the same entry
# gets the same id wherever it is migrated, and two different entries never share one.
_NAMESPACE = "8f2d6b1e-5c3a-4e7f-9b2d-0a6c4e1f3b57"

# The status labels the old prose used (tracker/domain/model.py's, in English).
_STATUS_BY_LABEL = {
    "open": Status.OPEN,
    "in progress": Status.IN_PROGRESS,
    "blocked": Status.BLOCKED,
    "done": Status.DONE,
    "cancelled": Status.CANCELLED,
}
_LABEL = "|".join(_STATUS_BY_LABEL)
_NONE = "—"  # what the old prose wrote for no value


class _Unknown:
    """A value the old words did not say; filled from the entries around it, if they do."""

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN = _Unknown()
Value = EventValue | _Unknown


class Change:
    """What one old line says, before ids, times and unknown values are settled."""

    def __init__(
        self,
        kind: EventKind,
        field: str | None = None,
        old: Value = None,
        new: Value = None,
        text: str = "",
    ) -> None:
        self.kind, self.field, self.old, self.new, self.text = kind, field, old, new, text


def _day_value(text: str) -> EventValue:
    if text == _NONE:
        return None
    date.fromisoformat(text)  # ValueError: not the words the tracker wrote
    return text


def _optional(text: str) -> EventValue:
    return None if text == _NONE else text


def _title(match: re.Match[str]) -> Change:
    return Change(EventKind.CHANGED, "title", match["old"], UNKNOWN)


def _lead(match: re.Match[str]) -> Change:
    return Change(EventKind.CHANGED, "lead", match["old"], match["new"])


def _partners(match: re.Match[str]) -> Change:
    codes = () if match["new"] == _NONE else tuple(match["new"].split(", "))
    return Change(EventKind.CHANGED, "partners", UNKNOWN, codes)


def _due(match: re.Match[str]) -> Change:
    return Change(EventKind.CHANGED, "due", _day_value(match["old"]), _day_value(match["new"]))


def _meeting(match: re.Match[str]) -> Change:
    return Change(EventKind.CHANGED, "meeting", UNKNOWN, _optional(match["new"]))


def _area(match: re.Match[str]) -> Change:
    return Change(EventKind.CHANGED, "area", UNKNOWN, _optional(match["new"]))


def _description(match: re.Match[str]) -> Change:
    return Change(EventKind.CHANGED, "description", UNKNOWN, UNKNOWN)


def _status(match: re.Match[str]) -> Change:
    old, new = _STATUS_BY_LABEL[match["old"]].value, _STATUS_BY_LABEL[match["new"]].value
    return Change(EventKind.STATUS, "status", old, new)


def _closed(match: re.Match[str]) -> Change:
    # "late" or "on time" was judged against the deadline of the day; the standing says it.
    return Change(EventKind.CLOSED, "status", UNKNOWN, Status.DONE.value, match["outcome"] or "")


def _reopened(match: re.Match[str]) -> Change:
    old = _STATUS_BY_LABEL[match["old"]].value
    return Change(EventKind.REOPENED, "status", old, Status.OPEN.value, match["reason"] or "")


# The lines tracker/service.py wrote up to schema 1, each read whole (fullmatch).
_FORMS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], Change]]] = [
    (re.compile(r"title changed from “(?P<old>.*)”"), _title),
    (re.compile(r"lead changed from (?P<old>\S+) to (?P<new>\S+)"), _lead),
    (re.compile(r"partners set to (?P<new>.+)"), _partners),
    (re.compile(r"due date changed from (?P<old>\S+) to (?P<new>\S+)"), _due),
    (re.compile(r"meeting set to (?P<new>.+)"), _meeting),
    (re.compile(r"area set to (?P<new>.+)"), _area),
    (re.compile(r"description changed"), _description),
    (re.compile(rf"status changed from (?P<old>{_LABEL}) to (?P<new>{_LABEL})"), _status),
    (re.compile(r"closed (?:late|on time)(?:: (?P<outcome>.*))?", re.DOTALL), _closed),
    (re.compile(rf"reopened \(was (?P<old>{_LABEL})\)(?:: (?P<reason>.*))?", re.DOTALL), _reopened),
]


def read_line(text: str, kind: str = "note") -> Change:
    """What one old history line says: a note stays a note; a recorded change in the
    words the tracker wrote becomes its data; any other line is kept as its words."""
    if kind == "note":
        return Change(EventKind.NOTE, text=text)
    for form, read in _FORMS:
        match = form.fullmatch(text)
        if match:
            try:
                return read(match)
            except ValueError:  # e.g. "due date changed from soon to —"
                break
    return Change(EventKind.RECORDED, text=text)


# The fields whose value a task document holds, to settle a last change's new value.
_CURRENT_FIELDS = ("title", "lead", "partners", "due", "meeting", "area", "description", "status")


def events_from_entries(task: Mapping[str, Any], entries: Sequence[Any]) -> list[HistoryEvent]:
    """The events of a task's old history `entries` ({"on", "text", "kind"} each), read
    with the task's current fields (a stored document or an interchange record).

    Raises ValueError, TypeError or KeyError for an entry that is not such a record.
    """
    uuid = str(task["uuid"])
    changes = [_read_entry(entry) for entry in entries]
    _settle(changes, task)
    zone = _time_zone(task)
    events = []
    for position, (entry, change) in enumerate(zip(entries, changes, strict=True)):
        day = date.fromisoformat(entry["on"])
        # The old entries have a day, not a time: midnight where the task was written, plus
        # a second per position, keeps them in their order (merging orders by time) and on
        # their day; entries written later that day sort after them.
        at = datetime(day.year, day.month, day.day, tzinfo=zone) + timedelta(
            seconds=min(position, 86_399)
        )
        if zone is None:
            at = at.astimezone()  # the local zone's offset on that day
        events.append(
            HistoryEvent(
                id=_event_id(uuid, position, entry),
                at=at,
                kind=change.kind,
                field=change.field,
                old=_known(change.old),
                new=_known(change.new),
                text=change.text,
                # A close's entry was dated the closing day, which set the task's closed_on.
                effective=day if change.kind is EventKind.CLOSED else None,
                document=str(entry.get("document") or "") if extension(entry) else "",
            )
        )
    return events


def extension(entry: Mapping[str, Any]) -> bool:
    """True for a version 1 entry that records an extension (gia hạn): {"on": the day
    it was granted, "kind": "extension", "from", "to": the deadlines, "text": the
    reason, "document": what granted it}. Files made for this tracker write them; the
    old tracker never did."""
    return entry.get("kind") == "extension"


def _read_entry(entry: Mapping[str, Any]) -> Change:
    if extension(entry):
        old, new = _day_value(str(entry["from"])), _day_value(str(entry["to"]))
        return Change(EventKind.EXTENDED, "due", old, new, text=entry["text"])
    return read_line(entry["text"], entry.get("kind") or "note")


def _settle(changes: list[Change], task: Mapping[str, Any]) -> None:
    """Fill the values the old words left out from the changes around them: a change's
    new value is the next change's old one of that field, or the task's current value;
    its old value is the previous change's new one."""
    following: dict[str, Value] = {}
    for field in _CURRENT_FIELDS:
        if field in task:
            value = task[field]
            following[field] = tuple(value) if isinstance(value, list) else value
    for change in reversed(changes):
        if change.field is None:
            continue
        if change.new is UNKNOWN:
            change.new = following.get(change.field, UNKNOWN)
        following[change.field] = change.old
    previous: dict[str, Value] = {}
    for change in changes:
        if change.field is None:
            continue
        if change.old is UNKNOWN:
            change.old = previous.get(change.field, UNKNOWN)
        previous[change.field] = change.new


def _known(value: Value) -> EventValue:
    return None if isinstance(value, _Unknown) else value


def _time_zone(task: Mapping[str, Any]) -> tzinfo | None:
    """The offset the task's own timestamps were written with, so that every database
    migrating it agrees; None (the local zone) when it has none."""
    for key in ("updated", "created"):
        stamp = task.get(key)
        if isinstance(stamp, str):
            try:
                zone = datetime.fromisoformat(stamp).tzinfo
            except ValueError:
                continue
            if zone is not None:
                return zone
    return None


def _event_id(task_uuid: str, position: int, entry: Mapping[str, Any]) -> str:
    import uuid  # 4 ms, paid only by a migration or a version 1 import

    name = f"{task_uuid}\n{position}\n{entry['on']}\n{entry.get('kind') or 'note'}\n{entry['text']}"
    return str(uuid.uuid5(uuid.UUID(_NAMESPACE), name))
