"""The steps that bring an older database to the current schema, one document at a time."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from typing import Any

import msgspec

from tracker.domain.deadlines import deadlines_from_history
from tracker.domain.model import HistoryEvent
from tracker.domain.prose_history import events_from_entries
from tracker.domain.rules import recorded_by_closing, recorded_day
from tracker.store.documents import UNREADABLE, DamagedDocument, document

RawDatabase = dict[str, Any]


def migrate_task_history(doc: dict[str, Any]) -> dict[str, Any]:
    """Schema 1 -> 2 for one task document: its dated lines of prose become events.

    Raises ValueError, TypeError or KeyError when the document is not a schema 1 task.
    """
    entries = doc.get("history") or []
    if not isinstance(entries, list):
        raise TypeError("history is not a list")
    events = events_from_entries(doc, entries)
    doc["history"] = msgspec.to_builtins(events)
    return doc


def schema_1_to_2(raw: RawDatabase) -> RawDatabase:
    """History as events (issue 11): every task's history migrated by migrate_task_history."""
    tasks = raw.get("tasks") or {}
    for key, stored in tasks.items():
        try:
            tasks[key] = migrate_task_history(document(stored))
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            raise DamagedDocument("tasks", key, error) from None
    return raw


class _Closing(msgspec.Struct):
    """The two fields of a task document that schema 3's closing rule reads."""

    created: datetime | None = None
    closed_on: date | None = None


_CLOSING = msgspec.json.Decoder(_Closing)


def schema_2_to_3(raw: RawDatabase) -> RawDatabase:
    """The lifecycle of issue 12: deleted tasks, and no task closed before it was recorded.

    A task may now carry "deleted_on" and deleted/restored events, which an older tracker
    would list as live or could not read: the version moves so that it refuses the file
    and says to upgrade. A task an older tracker let close (`close --on`) before the day
    it was recorded is given its closing day as its `created` day, so that its export
    imports (tracker/domain/rules.py). Only those documents are decoded and rewritten.
    """
    tasks = raw.get("tasks") or {}
    for key, stored in tasks.items():
        try:
            if isinstance(stored, msgspec.Raw):
                closing = _CLOSING.decode(stored)
            else:
                closing = msgspec.convert(stored, _Closing)
        except (*UNREADABLE, TypeError):
            continue  # a damaged document is named by whoever reads it, as before
        if closing.created is None:
            continue
        recorded = recorded_by_closing(closing.created, closing.closed_on)
        if recorded != closing.created:
            doc = document(stored)
            doc["created"] = msgspec.to_builtins(recorded)
            tasks[key] = doc
    return raw


def schema_3_to_4(raw: RawDatabase) -> RawDatabase:
    """Every text in one Unicode form, NFC (issue 13): as typed text is stored from now on.

    A document is rewritten only when its stored text is not NFC already, and rewritten
    as text: normalising a JSON document's text normalises each string in it and leaves
    its structure alone, since no character JSON is built of (quotes, brackets, commas,
    colons) composes with a following mark. A mark written as a \\u escape by hand is
    left as it is. The version moves so that an older tracker, which stores text as it
    is typed, does not write decomposed text back into the file.
    """
    for table in raw.values():
        if not isinstance(table, dict):
            continue
        for key, stored in table.items():
            if isinstance(stored, msgspec.Raw):
                try:
                    text = bytes(memoryview(stored)).decode("utf-8")
                except UnicodeDecodeError:
                    continue  # a damaged document is named by whoever reads it, as before
                if not unicodedata.is_normalized("NFC", text):
                    table[key] = msgspec.Raw(unicodedata.normalize("NFC", text).encode())
            else:
                table[key] = _in_nfc(stored)
    return raw


class _Deadlines(msgspec.Struct):
    """The fields of a task document that schema 5's deadlines are read from."""

    created: datetime | None = None
    due: date | None = None
    history: list[HistoryEvent] = msgspec.field(default_factory=list)


_DEADLINES = msgspec.json.Decoder(_Deadlines)


def schema_4_to_5(raw: RawDatabase) -> RawDatabase:
    """The deadlines a task has had (issue 14, extensions): a task whose deadline changed
    gets `deadlines`, read from its history's changes of "due", so that standings as of a
    past day judge it by the deadline in force then. The version moves so that an older
    tracker, which would change the deadline without it, refuses the file.

    Only documents whose bytes name a change of "due" are decoded, and only those whose
    deadline did change are rewritten.
    """
    tasks = raw.get("tasks") or {}
    for key, stored in tasks.items():
        try:
            if isinstance(stored, msgspec.Raw):
                text = bytes(memoryview(stored))
                if b'"field":"due"' not in text and b'"field": "due"' not in text:
                    continue  # the store writes compact JSON; a hand-edited file may not
                fields = _DEADLINES.decode(stored)
            else:
                fields = msgspec.convert(stored, _Deadlines)
        except (*UNREADABLE, TypeError, msgspec.ValidationError):
            continue  # a damaged document is named by whoever reads it, as before
        deadlines = deadlines_from_history(recorded_day(fields.created), fields.due, fields.history)
        if deadlines:
            doc = document(stored)
            doc["deadlines"] = msgspec.to_builtins(deadlines)
            tasks[key] = doc
    return raw


def _in_nfc(value: Any) -> Any:
    """A decoded document (or part of one) with every string in NFC."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {_in_nfc(k): _in_nfc(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_in_nfc(item) for item in value]
    return value


def schema_5_to_6(raw: RawDatabase) -> RawDatabase:
    """Merging and undo (issue 17): events may carry `by`, `change` and `undoes`, and the
    database keeps a journal of changes for undo. Older events stay as they are (their
    author unknown); the version moves so that an older tracker, which would drop the
    journal and the authors on its next write, refuses the file and says to upgrade."""
    raw.setdefault("changes", {})
    return raw
