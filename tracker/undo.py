"""Undo inside the service: a user's latest change in the journal, checked against the
tasks as they are now, and put back as new events of a change of its own, which merge
like any other and can be undone in turn (a redo). The rules and words are the domain's
(tracker/domain/undoing.py)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from tracker.domain import history
from tracker.domain.changes import ChangeRecord, TaskChange
from tracker.domain.errors import RequestRefused
from tracker.domain.merge import set_field
from tracker.domain.model import Author, ChangeStamp, EventKind, EventValue, HistoryEvent, Task
from tracker.domain.undoing import (
    UNCHECKED,
    Blocked,
    ChangedTask,
    UndoPlan,
    changed_since,
    events_of,
    nothing_to_undo,
    refusal,
)
from tracker.store.documents import task_to_document

if TYPE_CHECKING:
    from tracker.store.contract import Session, Snapshot

# The fields a user sees, in the order an undo's events are recorded (status before the
# closing date and outcome, as a close records them): each one put back is a `changed`
# event, whose effect on a merge is exactly the value it sets (tracker/domain/merge.py).
SEEN_FIELDS = (
    "title",
    "lead",
    "partners",
    "meeting",
    "area",
    "due",
    "status",
    "closed_on",
    "outcome",
    "description",
    "document",
    "directed_by",
    "every",
    "until",
    "deleted_on",
)

_ORDER = {field: place for place, field in enumerate(SEEN_FIELDS)}

# Links between tasks by local id: put back directly, never merged. A `parent` moved by
# `update --parent` was an event of the task's history, so its undo is one too.
_LINKS = ("previous", "next")


def latest_change(snapshot: Snapshot, author: Author | None) -> ChangeRecord | None:
    """The latest change in the journal made by `author` (None: changes made by nobody
    named), whatever it was: an undo's own change included, so undoing again redoes."""
    return next(
        (record for record in reversed(snapshot.changes()) if same_person(record.by, author)),
        None,
    )


def same_person(recorded: Author | None, author: Author | None) -> bool:
    """True when `recorded` is `author`: the same name and agency, whatever server role
    each change was made as (a server records it, a file does not)."""
    if recorded is None or author is None:
        return recorded is author
    return (recorded.name, recorded.agency) == (author.name, author.agency)


def plan(snapshot: Snapshot, author: Author | None) -> UndoPlan:
    """What undoing `author`'s latest change would do, and whether it can be done;
    RequestRefused when there is nothing to undo."""
    record = latest_change(snapshot, author)
    if record is None:
        raise RequestRefused(nothing_to_undo())
    return plan_of(snapshot, record)


def plan_of(snapshot: Snapshot, record: ChangeRecord) -> UndoPlan:
    """What undoing `record` would do: its events in each task, and the first field it set
    that holds another value now (the undo is then refused)."""
    tasks: list[ChangedTask] = []
    blocked: Blocked | None = None
    for change in record.tasks:
        task = snapshot.task(change.id)
        if task is None:  # tasks are never removed from the file; a hand-edited one
            blocked = blocked or Blocked(task_id=change.id, field="deleted_on")
            continue
        tasks.append(
            ChangedTask(
                id=task.id,
                title=task.title,
                added=change.before is None,
                events=events_of(task.history, record.change),
            )
        )
        if blocked is None:
            blocked = _blocked(task, change, record)
    return UndoPlan(change=record, tasks=tuple(tasks), blocked=blocked)


def _blocked(task: Task, change: TaskChange, record: ChangeRecord) -> Blocked | None:
    """The first field `change` set in `task` that holds another value now, with the event
    that set it since; a task the change added must not have been deleted since."""
    now = task_to_document(task)
    expected = change.after if change.before is not None else {"deleted_on": None}
    # The fields a user sees first, in their order: a close refused names its status.
    for key in sorted(expected, key=lambda key: (_ORDER.get(key, len(_ORDER)), key)):
        if key in UNCHECKED or now.get(key) == expected[key]:
            continue
        return Blocked(task_id=task.id, field=key, event=changed_since(task.history, key, record))
    return None


def apply(
    session: Session,
    undo: UndoPlan,
    stamp: ChangeStamp,
    today: date,
    keep_deadlines: Callable[[Task], None],
) -> None:
    """Put back what `undo`'s change did, as events of `stamp`'s change: each field to its
    value before; a task the change added deleted. RequestRefused (nothing written) when
    someone changed one of its fields since. `keep_deadlines` is the service's rule that
    brings a task's deadlines in line with its history."""
    reason = refusal(undo)
    if reason is not None:
        raise RequestRefused(reason)
    added = {change.id for change in undo.change.tasks if change.before is None}
    for change in undo.change.tasks:
        task = session.task(change.id)
        assert task is not None  # checked by the plan, under the same lock
        if change.before is None:
            task.history.append(history.changed("deleted_on", task.deleted_on, today, stamp))
            task.deleted_on = today
        else:
            task.history.extend(_put_back(task, change.before, change.after, added, stamp))
            # A note changes no field: the undo withdraws it, its text kept in an event
            # of its own ("undone: …"), as the history never loses a line.
            notes = [
                event.text
                for event in events_of(task.history, undo.change.change)
                if event.kind is EventKind.NOTE
            ]
            task.history.extend(history.note(text, stamp) for text in notes)
            if {"due", "deadlines"} & change.before.keys():
                # Rebuilt from the history, where the undo's events and those they undo
                # set no deadline (tracker/domain/deadlines.py).
                keep_deadlines(task)
        task.updated = stamp.at
        session.save_task(task)


def _put_back(
    task: Task,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    added: set[int],
    stamp: ChangeStamp,
) -> list[HistoryEvent]:
    """Give `task` back the stored values `before` holds; the events saying so."""
    events = []
    for field in SEEN_FIELDS:
        if field not in before:
            continue
        now, then = history.event_value(getattr(task, field)), _event_form(before[field])
        if now != then:
            events.append(history.changed(field, now, then, stamp))
            set_field(task, field, then)
    if "parent" in before and task.parent != before["parent"]:
        events.append(
            history.changed(
                "parent",
                history.event_value(task.parent),
                history.event_value(before["parent"]),
                stamp,
            )
        )
        task.parent = before["parent"]
    for link in _LINKS:
        if link in before:
            setattr(task, link, before[link])
    if "subtasks" in before:
        task.subtasks = _subtasks_back(task.subtasks, before, after, added)
    return events


def _subtasks_back(
    now: tuple[int, ...], before: Mapping[str, Any], after: Mapping[str, Any], added: set[int]
) -> tuple[int, ...]:
    """A parent's sub-tasks with the change's moves reverted. A sub-task the change added
    stays listed: it is deleted, not gone, and still names its parent."""
    was, became = tuple(before["subtasks"] or ()), tuple(after.get("subtasks") or ())
    if now == became:
        return (*was, *(child for child in became if child in added and child not in was))
    # Someone moved sub-tasks since: revert this change's own moves, keep theirs.
    kept = tuple(child for child in now if child in was or child not in became or child in added)
    return (*kept, *(child for child in was if child not in kept))


def _event_form(value: Any) -> EventValue:
    """A stored value as an event holds it (a list of codes as a tuple)."""
    if isinstance(value, list):
        return tuple(str(item) for item in value)
    return history.event_value(value)
