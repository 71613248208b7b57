"""The changes journal: what one command changed in which tasks, kept so that `undo` can
put it back. Each database keeps its own journal; it never travels in an export."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec

from tracker.domain.model import Author

# How many changes a database remembers for undo: older ones are forgotten first.
JOURNAL_LENGTH = 100


class TaskChange(msgspec.Struct, frozen=True, gc=False, kw_only=True, omit_defaults=True):
    """One task's stored fields before and after a change, only those that differ, as the
    store holds them (dates as YYYY-MM-DD). `before` is None for a task the change added."""

    id: int
    before: dict[str, Any] | None = None
    after: dict[str, Any] = msgspec.field(default_factory=dict)


class ChangeRecord(msgspec.Struct, frozen=True, gc=False, kw_only=True, omit_defaults=True):
    """One command's change: its id (the `change` of its events), when, who, what it did to
    each task, and for an undo, the change it undid."""

    change: str
    at: datetime
    by: Author | None = None
    undoes: str = ""
    tasks: tuple[TaskChange, ...] = ()
