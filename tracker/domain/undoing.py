"""Undoing a change: which event changed a field since, what an undo would revert, and the
words that say so (tracker/undo.py does it inside a write)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import msgspec

from tracker.domain import history
from tracker.domain.changes import ChangeRecord
from tracker.domain.dates import format_date
from tracker.domain.merge import effects, event_order
from tracker.domain.model import EventKind, HistoryEvent
from tracker.i18n import _

# Stored keys an undo does not check before it puts them back: `updated` and `history`
# are no fields of the task, and `deadlines` and `subtasks` are worked out from others
# (the deadline's history, the sub-tasks' own `parent`).
UNCHECKED = frozenset({"updated", "history", "deadlines", "subtasks"})


class Blocked(msgspec.Struct, frozen=True, kw_only=True):
    """A field the change set that holds another value now, so the undo is refused: the
    task, the field (a stored key) and the event that changed it since, when one says."""

    task_id: int
    field: str
    event: HistoryEvent | None = None


class ChangedTask(msgspec.Struct, frozen=True, kw_only=True):
    """A task the change changed: its id and title, whether the change added it (an undo
    deletes it), and the change's events in its history."""

    id: int
    title: str
    added: bool = False
    events: tuple[HistoryEvent, ...] = ()


class UndoPlan(msgspec.Struct, frozen=True, kw_only=True):
    """What an undo reverts: the change, each task it changed (id order), and why it
    cannot be undone, if it cannot."""

    change: ChangeRecord
    tasks: tuple[ChangedTask, ...] = ()
    blocked: Blocked | None = None


def changed_since(
    events: Iterable[HistoryEvent], field: str, change: ChangeRecord
) -> HistoryEvent | None:
    """The latest event recorded after `change`, and not part of it, that set `field`: an
    event merged in from another database counts, as its value is the one that won."""
    since = change.at.timestamp()
    latest: HistoryEvent | None = None
    for event in events:
        if event.change == change.change or event.at.timestamp() < since:
            continue
        # A link between tasks (`next`, `parent`) is no merged field, but its `changed`
        # event still says who moved it.
        sets = field in effects(event) or (event.kind is EventKind.CHANGED and event.field == field)
        if sets and (latest is None or event_order(event) > event_order(latest)):
            latest = event
    return latest


def events_of(events: Iterable[HistoryEvent], change: str) -> tuple[HistoryEvent, ...]:
    """The events of one change in a task's history."""
    return tuple(event for event in events if event.change == change)


# --- words ----------------------------------------------------------------------------


def moment(at: datetime) -> str:
    """A change's date and time as the undo names it: "03/12/2026 14:05", in the offset it
    was recorded in."""
    return f"{format_date(at.date())} {at:%H:%M}"


def change_name(change: ChangeRecord) -> str:
    """The change as a sentence names it: "the change of 03/12/2026 14:05 by Nguyễn Văn A
    (HN-KHDT)", or "the undo of ..." for an undo (undoing it redoes what it undid)."""
    when = moment(change.at)
    if change.undoes:
        if change.by is None:
            return _("the undo of {when}").format(when=when)
        return _("the undo of {when} by {who}").format(when=when, who=change.by.label)
    if change.by is None:
        return _("the change of {when}").format(when=when)
    return _("the change of {when} by {who}").format(when=when, who=change.by.label)


def change_lines(plan: UndoPlan) -> list[str]:
    """What the change did, one line per event: "#9 closed: Đã ký"; a task it added with
    none of its events (an import's) by its title."""
    lines = []
    for task in plan.tasks:
        lines += [f"#{task.id} {history.describe(event)}" for event in task.events]
        if task.added and not task.events:
            lines.append(_("#{id} added: {title}").format(id=task.id, title=task.title))
    if not lines:  # only links between tasks moved, which no event words
        lines = [f"#{task.id}" for task in plan.tasks]
    if len(lines) > SHOWN_LINES:
        # An import of thousands of tasks is one change: a screenful says what it was.
        hidden = len(lines) - SHOWN_LINES
        lines = [*lines[:SHOWN_LINES], _("… and {n} more").format(n=hidden)]
    return lines


# The most lines a change is described in, by `undo --list` and the UI's confirmation.
SHOWN_LINES = 40


def preview_lines(plan: UndoPlan) -> list[str]:
    """`undo --list`: what would be undone, and why it cannot be when it cannot."""
    lines = [_("Would undo {change}:").format(change=change_name(plan.change))]
    lines += ["  " + line for line in change_lines(plan)]
    return lines


def undone_lines(plan: UndoPlan) -> list[str]:
    """What `undo` did, in the same words as its preview."""
    lines = [_("Undid {change}:").format(change=change_name(plan.change))]
    lines += ["  " + line for line in change_lines(plan)]
    return lines


def refusal(plan: UndoPlan) -> str | None:
    """Why the undo is refused, in one line naming the change, the field and who changed
    it since; None when it can be done."""
    blocked = plan.blocked
    if blocked is None:
        return None
    change = change_name(plan.change)
    field = history.field_label(blocked.field)
    event = blocked.event
    if event is None:
        return _("cannot undo {change}: the {field} of #{id} was changed since").format(
            change=change, field=field, id=blocked.task_id
        )
    if event.by is None:
        return _("cannot undo {change}: the {field} of #{id} was changed since on {when}").format(
            change=change, field=field, id=blocked.task_id, when=moment(event.at)
        )
    return _(
        "cannot undo {change}: the {field} of #{id} was changed since by {who} on {when}"
    ).format(
        change=change, field=field, id=blocked.task_id, who=event.by.label, when=moment(event.at)
    )


def nothing_to_undo() -> str:
    """The line when this user has no change to undo."""
    return _("nothing to undo: this database holds no change of yours")
