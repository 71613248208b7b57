"""The steps that bring an older database to the current schema, one document at a time."""

from __future__ import annotations

from typing import Any

import msgspec

from tracker.domain.prose_history import events_from_entries
from tracker.store.documents import DamagedDocument, document

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


def schema_2_to_3(raw: RawDatabase) -> RawDatabase:
    """Deleted tasks (issue 12): a task may carry "deleted_on" and deleted/restored events.

    No document changes: a schema 2 task is a schema 3 task that was never deleted. The
    version moves so that an older tracker, which would list a deleted task as live and
    cannot read its events, refuses the file and says to upgrade instead.
    """
    return raw
