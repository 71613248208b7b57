"""Periodic duties inside a write: the next occurrence a closing creates, and the rules that
keep a series to one open occurrence when one is reopened, restored or stopped.

The service calls these within its transaction (a Session), so an occurrence and its
next are written together or not at all. When the next one falls due is the domain's
rule (tracker/domain/series.py).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from tracker.domain import history, subtasks
from tracker.domain.errors import RequestRefused
from tracker.domain.ids import new_uuid
from tracker.domain.model import ChangeStamp, EventKind, Task
from tracker.domain.series import in_a_series, next_due, occurrences, open_occurrences
from tracker.i18n import _

if TYPE_CHECKING:
    from tracker.store.contract import Session


def start_next(session: Session, closed: Task, stamp: ChangeStamp) -> Task | None:
    """Record the occurrence after `closed` (just closed or cancelled), if the series goes
    on and has none yet: the same duty, due one period later, linked both ways.

    The caller saves `closed`, whose `next` this sets.
    """
    if closed.next is not None:
        following = session.task(closed.next)
        if following is not None and following.deleted_on is None:
            return None  # reopened and closed again: its next occurrence is still there
    due = next_due(closed, session.task)
    if due is None:
        return None
    created = history.stamped(stamp, EventKind.CREATED, field="previous", new=str(closed.id))
    task = Task(
        id=0,
        uuid=new_uuid(),
        title=closed.title,
        lead=closed.lead,
        partners=closed.partners,
        meeting=closed.meeting,
        area=closed.area,
        description=closed.description,
        document=closed.document,
        directed_by=closed.directed_by,
        parent=closed.parent,
        every=closed.every,
        until=closed.until,
        due=due,
        previous=closed.id,
        created=stamp.at,
        updated=stamp.at,
        history=[created],
    )
    (task.id,) = session.add_tasks([task])
    closed.next = task.id
    if task.parent is not None:
        # The parent lists its sub-tasks (the reverse link): the new occurrence is one.
        parent = session.task(task.parent)
        if parent is not None and subtasks.adopt(parent, task.id):
            session.save_task(parent)
    return task


def make_way_for_reopening(session: Session, task: Task, today: date, stamp: ChangeStamp) -> None:
    """Before `task` (a closed occurrence) is reopened: keep its series to one open
    occurrence. Its next occurrence, if open and untouched since it was created (its
    history only the creation), is withdrawn: deleted, so `restore` can bring it back,
    and unlinked from `task`, whose closing will create it again. Any other open
    occurrence refuses the reopening (RequestRefused naming it).
    """
    if not in_a_series(task):
        return
    for other in open_occurrences(task, session.task):
        withdrawn = session.task(other.id)
        assert withdrawn is not None  # just found in the series
        # An undo that deleted and a redo that restored it leave it untouched too.
        untouched = all(
            event.kind is EventKind.CREATED or (event.undoes and event.field == "deleted_on")
            for event in withdrawn.history
        )
        if other.id != task.next or not untouched:
            raise RequestRefused(
                _(
                    "task #{id} cannot be reopened: #{other}, a later occurrence of its"
                    " series, is open and already worked on; close or delete #{other} first"
                ).format(id=task.id, other=other.id)
                if other.id == task.next
                else _(
                    "task #{id} cannot be reopened: #{other}, another occurrence of its"
                    " series, is open; close or delete #{other} first"
                ).format(id=task.id, other=other.id)
            )
        reason = _("withdrawn: #{id}, the occurrence before it, was reopened").format(id=task.id)
        withdrawn.deleted_on = today
        withdrawn.history.append(history.deleted(today, reason, stamp))
        withdrawn.updated = stamp.at
        session.save_task(withdrawn)
        task.history.append(history.changed("next", str(other.id), None, stamp))
        task.next = None


def check_restorable(session: Session, task: Task) -> None:
    """Before a deleted occurrence is restored: refuse (RequestRefused) if that would make
    two open occurrences of its series, or fork it; relink a withdrawn one to the
    occurrence before it. The caller saves `task`."""
    if not in_a_series(task):
        return
    if not task.is_closed:
        for other in open_occurrences(task, session.task):
            raise RequestRefused(
                _(
                    "task #{id} cannot be restored: #{other}, another occurrence of its"
                    " series, is open; close or delete #{other} first"
                ).format(id=task.id, other=other.id)
            )
    if task.previous is None:
        return
    before = session.task(task.previous)
    if before is None or before.next == task.id:
        return
    if before.next is not None:
        raise RequestRefused(
            _(
                "task #{id} cannot be restored: its series has gone on, #{other} follows #{before}"
            ).format(id=task.id, other=before.next, before=before.id)
        )
    if not before.is_closed:
        raise RequestRefused(
            _(
                "task #{id} cannot be restored: #{before}, the occurrence before it, is open;"
                " closing it creates the next one"
            ).format(id=task.id, before=before.id)
        )
    before.next = task.id
    session.save_task(before)


def stop_series(session: Session, task: Task, stamp: ChangeStamp) -> Task:
    """End `task`'s series: its open occurrence (else its latest) repeats no more, so its
    closing creates nothing. RequestRefused if the series does not repeat (or no longer).
    The occurrence changed is returned, saved."""
    # A duty stopped before its first occurrence closed is a series of one.
    stopped_alone = any(event.field == "every" for event in task.history)
    if not in_a_series(task) and not stopped_alone:
        raise RequestRefused(_("task #{id} is not a periodic duty").format(id=task.id))
    chain = [other for other in occurrences(task, session.task) if other.deleted_on is None]
    still_open = [other for other in chain if not other.is_closed]
    target = still_open[0] if still_open else (chain[-1] if chain else task)
    current = session.task(target.id)
    assert current is not None  # just found in the series
    if current.every is None:
        raise RequestRefused(
            _("the series of task #{id} already stopped repeating").format(id=task.id)
        )
    current.history.append(history.changed("every", current.every.value, None, stamp))
    current.every = None
    current.updated = stamp.at
    session.save_task(current)
    return current
