"""The changes journal inside a write: what the command changed in each task it saved,
recorded with the command's change stamp, for `undo` (tracker/domain/changes.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tracker.domain.changes import ChangeRecord, TaskChange
from tracker.domain.model import ChangeStamp

if TYPE_CHECKING:
    from tracker.store.contract import Session

# Stored keys no undo puts back: the history only grows, `updated` is the write's stamp.
_KEPT = frozenset({"history", "updated"})


def record(session: Session, stamp: ChangeStamp) -> None:
    """Journal what this session did to its tasks as the change `stamp` names; nothing
    when it changed no task (an agency, a meeting)."""
    changes = []
    for task_id, (before, after) in sorted(session.saved_tasks().items()):
        if before is None:
            changes.append(TaskChange(id=task_id))
            continue
        keys = (before.keys() | after.keys()) - _KEPT
        differ = sorted(key for key in keys if before.get(key) != after.get(key))
        if not differ and before.get("history") != after.get("history"):
            # A progress note changes no field, but it is the user's change all the same:
            # undo withdraws it (tracker/undo.py).
            changes.append(TaskChange(id=task_id, before={}, after={}))
        elif differ:
            changes.append(
                TaskChange(
                    id=task_id,
                    before={key: before.get(key) for key in differ},
                    after={key: after.get(key) for key in differ},
                )
            )
    if changes:
        session.add_change(
            ChangeRecord(
                change=stamp.change,
                at=stamp.at,
                by=stamp.by,
                undoes=stamp.undoes,
                tasks=tuple(changes),
            )
        )
