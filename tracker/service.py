"""Use cases shared by the command line and the UI: record, change, close, query, exchange."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import msgspec
from msgspec import UNSET, UnsetType
from msgspec.structs import replace

from tracker import clock, journal, occurrences
from tracker.domain import history, subtasks
from tracker.domain.dates import format_date
from tracker.domain.deadlines import deadlines_from_history
from tracker.domain.errors import InvalidInput, RequestRefused, StoreError, os_reason
from tracker.domain.ids import new_event_id, new_uuid
from tracker.domain.model import (
    AREAS,
    Agency,
    Agreement,
    Author,
    Cadence,
    ChangeStamp,
    HistoryEvent,
    Meeting,
    Status,
    Task,
)
from tracker.domain.revision import Revision, check_closing, check_revision
from tracker.domain.rules import (
    check_agency,
    check_changeable,
    check_closing_day,
    check_extension,
    check_not_deleted,
    check_optional_meeting,
    check_partners,
    clean_agency,
    clean_area,
    clean_line,
    clean_lines,
    clean_meeting,
    clean_title,
    known_area,
    recorded_by_closing,
    recorded_day,
    settable_status,
)
from tracker.domain.search import matching
from tracker.domain.series import check_deadline_kept, check_repetition
from tracker.domain.standing import Standing, exists_as_of, standing_as_of
from tracker.domain.task_refs import not_a_task, task_number, uuid_prefix, uuids_starting
from tracker.domain.text import fold, sort_key
from tracker.i18n import _

# Re-exported (`as`) for the command line and the UI, which never import the store.
from tracker.store.database import DEFAULT_LOCK_TIMEOUT as DEFAULT_LOCK_TIMEOUT
from tracker.store.database import LONGEST_LOCK_TIMEOUT as LONGEST_LOCK_TIMEOUT
from tracker.store.database import Database
from tracker.store.locations import is_server_url as is_server_url
from tracker.store.locations import shown_location as shown_location
from tracker.store.paths import resolve_database_path
from tracker.store.watching import WatchState as WatchState

if TYPE_CHECKING:
    # Loaded by the commands that use them (log, import), not by every command.
    from tracker.domain.audit import LogEntry
    from tracker.domain.merge import BothSides
    from tracker.domain.undoing import UndoPlan
    from tracker.interchange.dataset import Dataset as Interchange
    from tracker.interchange.sheet_import import TaskWorkbook
    from tracker.reports.model import StatusReport
    from tracker.reports.reminders import ReminderRun
    from tracker.reports.render import ReportSpec
    from tracker.store.contract import Session, Snapshot, Store
    from tracker.store.contract import Watch as Watch


class NewTask(msgspec.Struct, frozen=True):
    """What a user types to record an action item."""

    title: str
    lead: str
    partners: tuple[str, ...] = ()
    due: date | None = None
    meeting: str | None = None
    area: str | None = None
    description: str = ""
    # Where it came from: the assigning document's number and the leader who directed it.
    document: str = ""
    directed_by: str = ""
    # Part of another task (its id), and a periodic duty's cadence and last day.
    parent: int | None = None
    every: Cadence | None = None
    until: date | None = None


class TaskChanges(msgspec.Struct, frozen=True):
    """Edits to a task: a field left UNSET stays as it is, None clears it.

    The one convention for every field: `due=None`, `area=None` and `meeting=None` remove
    the deadline, area and meeting; `partners=()` leaves the task without partners.
    """

    title: str | UnsetType = UNSET
    lead: str | UnsetType = UNSET
    partners: tuple[str, ...] | UnsetType = UNSET
    due: date | UnsetType | None = UNSET
    status: Status | UnsetType = UNSET
    area: str | UnsetType | None = UNSET
    description: str | UnsetType = UNSET
    meeting: str | UnsetType | None = UNSET
    document: str | UnsetType = UNSET
    directed_by: str | UnsetType = UNSET
    parent: int | UnsetType | None = UNSET
    note: str | UnsetType = UNSET

    def requested(self) -> dict[str, object]:
        """The fields these changes set (the note aside), each with its requested value."""
        requested = _given_fields(self)
        requested.pop("note", None)
        return requested


class TaskFilter(msgspec.Struct, frozen=True):
    """Which tasks to list; every condition given must hold."""

    agency: str | None = None
    status: Status | None = None
    overdue: bool = False
    due_within: int | None = None
    search: str | None = None
    meeting: str | None = None
    # The assigning document's number, matched ignoring case and diacritics.
    document: str | None = None
    # Only the sub-tasks of this task; only tasks that are part of none.
    parent: int | None = None
    top_level: bool = False


class AgencyChanges(msgspec.Struct, frozen=True):
    """Edits to an agency (its code stays): a field left UNSET stays as it is."""

    name: str | UnsetType = UNSET
    short: str | UnsetType = UNSET
    locality: str | UnsetType = UNSET


class MeetingChanges(msgspec.Struct, frozen=True):
    """Edits to a meeting (its id stays): a field left UNSET stays as it is; None clears
    the agreement."""

    title: str | UnsetType = UNSET
    date: date | UnsetType = UNSET
    place: str | UnsetType = UNSET
    agreement: str | UnsetType | None = UNSET
    chairs: tuple[str, ...] | UnsetType = UNSET
    notes: str | UnsetType = UNSET
    document: str | UnsetType = UNSET


class TaskDetails(msgspec.Struct, frozen=True):
    """A task with the agencies and meeting it names, for display."""

    task: Task
    agencies: dict[str, Agency]
    meeting: Meeting | None
    # The task it is part of, and its sub-tasks not deleted (tracker/domain/subtasks.py).
    parent: Task | None = None
    subtasks: list[Task] = msgspec.field(default_factory=list)


class Listing(msgspec.Struct, frozen=True):
    """Tasks chosen by a filter, and every agency by code to name their leads."""

    tasks: list[Task]
    agencies: dict[str, Agency]
    # The uuid of each listed sub-task's parent that is not listed itself, by id: JSON
    # names a parent by uuid, as the interchange file does.
    parent_uuids: dict[int, str] = msgspec.field(default_factory=dict)


# What the UI compares to tell whether anyone wrote since it read (store/contract.py):
# a file's (mtime, size), a server's revision.
StoreStamp = object


class BoardData(msgspec.Struct, frozen=True):
    """Every record the UI's board shows, from one read, and the stamp the file had before it."""

    tasks: list[Task]
    agencies: dict[str, Agency]
    agreements: dict[str, Agreement]
    meetings: dict[str, Meeting]
    stamp: StoreStamp


class ExportSpec(msgspec.Struct, frozen=True, kw_only=True):
    """What `export` writes: its format (json, xlsx, ics), the language of its headings
    and words, and for a calendar how many days before a deadline its reminder rings."""

    fmt: str = "json"
    lang: str = "en"
    remind_days: int = 3
    # Only the tasks changed since then, and what they name (export --since).
    since: datetime | None = None


class TaskUpdate(msgspec.Struct, kw_only=True):
    """A task already present that an import merged: the events the file brought, and the
    fields both sides had changed since they last shared a file (the later change kept)."""

    task_id: int
    title: str
    new_events: list[HistoryEvent]
    both_sides: list[BothSides] = msgspec.field(default_factory=list)


class ImportResult(msgspec.Struct):
    """What an import added, what it merged into tasks already present, and how many tasks
    it found already present with nothing new."""

    added_tasks: list[int] = msgspec.field(default_factory=list)
    skipped_tasks: int = 0
    added_agencies: int = 0
    added_meetings: int = 0
    added_agreements: int = 0
    # The tasks added, as stored (for a dry run, as they would be, without their ids).
    tasks: list[Task] = msgspec.field(default_factory=list)
    dry_run: bool = False
    # The tasks already present that took in the file's events, in the file's order.
    updated: list[TaskUpdate] = msgspec.field(default_factory=list)


class Tracker:
    """The tracker's use cases over one database, as of `today`.

    `today` is a fixed day (a command, a test) or a clock asked on each use; by default
    the system's (`clock.today`, which honours TRACKER_TODAY), so a tracker left open past
    midnight works on the new day.
    """

    def __init__(
        self,
        database: Store,
        today: date | clock.Clock | None = None,
        author: Author | None = None,
    ) -> None:
        self.database = database
        self._today = clock.today if today is None else today
        # Who this tracker's changes are recorded by (the `by` of their events).
        self.author = author

    @property
    def today(self) -> date:
        """The day every "as of" defaults to, read now."""
        return self._today() if callable(self._today) else self._today

    def now(self) -> datetime:
        """When a change is recorded: the time of day now, on the day this tracker works on.

        History events and the created/updated stamps share it, so they are dated as the
        standings are (TRACKER_TODAY, or the day a caller fixed or moved).
        """
        day = self.today
        return clock.now().replace(year=day.year, month=day.month, day=day.day)

    @contextmanager
    def _changing(self, undoes: str = "") -> Iterator[tuple[Session, ChangeStamp]]:
        """A write whose events share one stamp (now, this tracker's author, a new change
        id), journaled at its end for undo; `undoes` names the change an undo reverts."""
        with self.database.writing() as session:
            stamp = ChangeStamp(
                at=self.now(),
                by=_with_role(self.author, session.role),
                change=new_event_id(),
                undoes=undoes,
            )
            yield session, stamp
            journal.record(session, stamp)

    # Reading -----------------------------------------------------------------

    def task_details(self, task_id: int) -> TaskDetails:
        """One task with the agencies and meeting it names, deleted or not; RequestRefused if
        there is none."""
        with self.database.reading() as snapshot:
            task = _existing(snapshot, task_id)
            agencies = snapshot.agencies()
            return TaskDetails(
                task=task,
                agencies={
                    code: agencies[code] for code in (task.lead, *task.partners) if code in agencies
                },
                meeting=snapshot.meetings().get(task.meeting) if task.meeting else None,
                parent=snapshot.task(task.parent) if task.parent is not None else None,
                subtasks=subtasks.live_subtasks(task, snapshot.task),
            )

    def find_task(self, ref: str) -> int:
        """The id of the task `ref` names: its id (`12`, `#12`), or the start of its uuid
        (`3f2a9c`: at least 4 hex digits, any case, hyphens as in the uuid).

        InvalidInput if `ref` is neither, or a start several tasks' uuids share;
        RequestRefused if no task's uuid starts so. Deleted tasks are found too.
        """
        number = task_number(ref)
        if number is not None:
            return number
        prefix = uuid_prefix(ref)
        if prefix is None:
            raise not_a_task(ref)
        with self.database.reading() as snapshot:
            ids = snapshot.task_ids_by_uuid()
        found = uuids_starting(prefix, ids)
        if not found:
            raise RequestRefused(
                _(
                    "no task has a uuid starting with {prefix}: see `tracker list --format json`"
                ).format(prefix=ref.strip())
            )
        if len(found) > 1:
            raise InvalidInput(
                _(
                    "{count} tasks have a uuid starting with {prefix}: give more of its digits"
                ).format(count=len(found), prefix=ref.strip())
            )
        return ids[found[0]]

    def audit_log(
        self, task_id: int | None = None, since: date | None = None, by: str | None = None
    ) -> list[LogEntry]:
        """The audit trail, newest first: of task `task_id` (deleted or not; RequestRefused
        if there is none) or of every task, since a day and by an author (domain/audit.py)."""
        with self.database.reading() as snapshot:
            if task_id is not None:
                tasks = [_existing(snapshot, task_id)]
            else:
                tasks = snapshot.tasks(include_deleted=True)
        from tracker.domain.audit import trail

        return trail(tasks, since, by)

    def listing(self, wanted: TaskFilter, as_of: date | None = None) -> Listing:
        """The tasks matching `wanted`, with the agencies needed to show them, from one read."""
        with self.database.reading() as snapshot:
            tasks = select_tasks(snapshot, wanted, as_of or self.today)
            return Listing(
                tasks=tasks,
                agencies=snapshot.agencies(),
                parent_uuids=_outside_parents(snapshot, tasks),
            )

    def agencies(self) -> list[Agency]:
        """Every agency, by locality then code."""
        with self.database.reading() as snapshot:
            return sorted(
                snapshot.agencies().values(), key=lambda a: (sort_key(a.locality), a.code)
            )

    def meetings(self) -> list[Meeting]:
        """Every meeting, oldest first."""
        with self.database.reading() as snapshot:
            return sorted(snapshot.meetings().values(), key=lambda m: (m.date, m.id))

    # Changing ----------------------------------------------------------------

    def add_task(self, new: NewTask) -> Task:
        """Record a new task, checked by the domain's rules, with its `created` event."""
        title = clean_title(new.title)
        description = clean_lines(new.description, _("the description"))
        area = clean_area(new.area)
        check_repetition(new.every, new.due, new.until)
        with self._changing() as (session, stamp):
            area = _known_area(area, session)
            agencies = session.agencies()
            lead = check_agency(new.lead, agencies)
            partners = check_partners(new.partners, agencies, lead)
            meeting = check_optional_meeting(new.meeting, session.meetings())
            parent = None
            if new.parent is not None:
                parent = subtasks.check_parent(None, new.parent, session.task)
            task = Task(
                id=0,
                uuid=new_uuid(),
                title=title,
                lead=lead,
                description=description,
                partners=partners,
                meeting=meeting,
                area=area,
                due=new.due,
                every=new.every,
                until=new.until,
                created=stamp.at,
                updated=stamp.at,
                history=[history.created(stamp)],
                document=_origin_line("document", new.document),
                directed_by=_origin_line("directed_by", new.directed_by),
                parent=new.parent,
            )
            (task.id,) = session.add_tasks([task])
            if parent is not None:
                _link_subtask(session, parent, task.id)
        return task

    def update_task(
        self, task_id: int, changes: TaskChanges, *, seen_revision: Revision | None = None
    ) -> Task:
        """Apply `changes`, recording each one (and any note) in the task's history.

        With `seen_revision` (the task's revision when its user read it, see
        tracker/domain/revision.py): EditConflict if a field set here was changed meanwhile
        by someone else to another value; the fields only they changed stay theirs.
        """
        with self._changing() as (session, stamp):
            task = _live(session, task_id)
            check_revision(task, seen_revision, changes.requested())
            agencies = session.agencies()
            log: list[HistoryEvent] = []
            if changes.title is not UNSET:
                title = clean_title(changes.title)
                if title != task.title:
                    log.append(history.changed("title", task.title, title, stamp))
                    task.title = title
            if changes.lead is not UNSET:
                lead = check_agency(changes.lead, agencies)
                if lead != task.lead:
                    check_changeable(task, "lead")
                    log.append(history.changed("lead", task.lead, lead, stamp))
                    task.lead = lead
            # Checked even when only the lead changes: the new lead may not be a partner.
            wanted = task.partners if changes.partners is UNSET else changes.partners
            partners = check_partners(wanted, agencies, task.lead)
            if partners != task.partners:
                check_changeable(task, "partners")
                log.append(history.changed("partners", task.partners, partners, stamp))
                task.partners = partners
            if changes.due is not UNSET and changes.due != task.due:
                check_changeable(task, "due")
                check_deadline_kept(task, changes.due)
                log.append(history.changed("due", task.due, changes.due, stamp))
                task.due = changes.due
            if changes.meeting is not UNSET:
                meeting = check_optional_meeting(changes.meeting, session.meetings())
                if meeting != task.meeting:
                    log.append(history.changed("meeting", task.meeting, meeting, stamp))
                    task.meeting = meeting
            if changes.parent is not UNSET and changes.parent != task.parent:
                log.append(_move_subtask(session, task, changes.parent, stamp))
            if changes.area is not UNSET:
                area = _known_area(clean_area(changes.area), session)
                if area != task.area:
                    log.append(history.changed("area", task.area, area, stamp))
                    task.area = area
            if changes.description is not UNSET:
                description = clean_lines(changes.description, _("the description"))
                if description != task.description:
                    log.append(history.changed("description", task.description, description, stamp))
                    task.description = description
            log.extend(_origin_changes(task, changes, stamp))
            cancelled_now = (
                changes.status is Status.CANCELLED and task.status is not Status.CANCELLED
            )
            if changes.status is not UNSET and changes.status is not task.status:
                check_changeable(task, "status")
                if changes.status is Status.CANCELLED:
                    open_ones = subtasks.open_descendants(task, session.task)
                    subtasks.refuse_cancelling(task, open_ones)
                log.append(_status_change(task, changes.status, self.today, stamp))
            note = clean_lines(changes.note or "", _("the note"))
            if changes.note is not UNSET and not note:
                raise InvalidInput(_("the note is empty"))
            if not log and not note:
                if seen_revision is not None:
                    return task  # it already reads as the form does (someone did the same)
                raise InvalidInput(_("nothing to change: give a new value or --note"))
            task.history.extend(log)
            if note:
                task.history.append(history.note(note, stamp))
            if changes.due is not UNSET:
                _keep_deadlines(task)
            task.updated = stamp.at
            if cancelled_now:
                occurrences.start_next(session, task, stamp)  # a periodic duty goes on
            session.save_task(task)
        return task

    def extend_task(
        self,
        task_id: int,
        to: date,
        reason: str,
        document: str | None = None,
        on: date | None = None,
        *,
        seen_revision: Revision | None = None,
    ) -> Task:
        """Extend a task's deadline to `to` (gia hạn), granted on `on` (default today) for
        `reason` (required) by `document`; the extension is an event of its history, and
        standings as of a day judge the task by the deadline in force then."""
        reason = clean_lines(reason, _("the reason"))
        if not reason:
            raise InvalidInput(_("the reason is empty: say why the deadline is extended"))
        document = clean_line(document or "", _("the document"))
        granted = on or self.today
        with self._changing() as (session, stamp):
            task = _live(session, task_id)
            check_revision(task, seen_revision, {"due": to})
            old = check_extension(task, to, granted, self.today)
            task.history.append(history.extended(old, to, reason, document, granted, stamp))
            task.due = to
            _keep_deadlines(task)
            task.updated = stamp.at
            session.save_task(task)
        return task

    def close_tasks(
        self,
        task_ids: Sequence[int],
        outcome: str | None = None,
        on: date | None = None,
        *,
        seen_revisions: Mapping[int, Revision] | None = None,
        with_subtasks: bool = False,
    ) -> list[Task]:
        """Mark tasks done on `on` (default today); all of them or, on any problem, none.

        The closing day may not be after today nor before a task was recorded.
        `seen_revisions` holds, by task id, the revision its user decided on: EditConflict
        if that task's status was changed (or it was closed) by someone else since.
        A task with open sub-tasks (at any depth) not closed with it is refused, unless
        `with_subtasks`, which closes them too, on the same day with the same outcome.
        """
        closing_day = check_closing_day(on or self.today, None, self.today)
        outcome = clean_lines(outcome or "", _("the outcome"))
        with self._changing() as (session, stamp):
            tasks = [_live(session, task_id) for task_id in dict.fromkeys(task_ids)]
            tasks += _open_subtasks_closing(session, tasks, with_subtasks)
            for task in tasks:
                check_closing(
                    task,
                    (seen_revisions or {}).get(task.id),
                    {
                        "status": Status.DONE,
                        "closed_on": closing_day,
                        "outcome": outcome or task.outcome,
                    },
                )
                if task.is_closed:
                    raise RequestRefused(
                        _("task #{id} is already {status}; reopen it first").format(
                            id=task.id, status=task.status.label
                        )
                    )
                try:
                    check_closing_day(closing_day, task.created, self.today)
                except InvalidInput as problem:
                    raise InvalidInput(
                        _("task #{id}: {problem}").format(id=task.id, problem=problem)
                    ) from None
            for task in tasks:
                previous = task.status
                task.status = Status.DONE
                task.closed_on = closing_day
                task.outcome = outcome or task.outcome
                task.history.append(history.closed(previous, closing_day, task.outcome, stamp))
                task.updated = stamp.at
                occurrences.start_next(session, task, stamp)  # a periodic duty goes on
                session.save_task(task)
        return tasks

    def reopen(self, task_id: int, reason: str | None = None) -> Task:
        """Reopen a closed task, with `reason` kept in its history.

        It gets back the status it had before it was closed (open if its history does not
        say), and its outcome moves into its history: the open task shows none.
        """
        reason = clean_lines(reason or "", _("the reason"))
        with self._changing() as (session, stamp):
            task = _live(session, task_id)
            if not task.is_closed:
                raise RequestRefused(
                    _("task #{id} is not closed (it is {status})").format(
                        id=task.id, status=task.status.label
                    )
                )
            subtasks.refuse_open_under_closed(task, session.task)
            occurrences.make_way_for_reopening(session, task, self.today, stamp)
            status = history.status_before_closing(task.history)
            task.history.append(history.reopened(task.status, reason, stamp, status))
            if task.outcome and not history.outcome_recorded(task.history, task.outcome):
                # The closed event holds the outcome of a task the tracker closed; one
                # imported closed, or cancelled with an outcome, keeps it in this event.
                task.history.append(history.changed("outcome", task.outcome, None, stamp))
            task.status = status
            task.closed_on = None
            task.outcome = None
            task.updated = stamp.at
            session.save_task(task)
        return task

    def delete_task(self, task_id: int, reason: str) -> Task:
        """Take a mistaken task out of every list and count, keeping it and its history in
        the file; the deletion, with its `reason` (required), is an event of its history."""
        reason = clean_lines(reason, _("the reason"))
        if not reason:
            raise InvalidInput(_("the reason is empty: say why the task is deleted"))
        with self._changing() as (session, stamp):
            task = _existing(session, task_id)
            if task.deleted_on is not None:
                raise RequestRefused(
                    _("task #{id} was already deleted on {day}").format(
                        id=task.id, day=format_date(task.deleted_on)
                    )
                )
            subtasks.refuse_deleting(task, session.task)
            task.deleted_on = self.today
            task.history.append(history.deleted(self.today, reason, stamp))
            task.updated = stamp.at
            session.save_task(task)
        return task

    def restore_task(self, task_id: int, reason: str | None = None) -> Task:
        """Bring a deleted task back into the lists and counts, as it was when deleted."""
        reason = clean_lines(reason or "", _("the reason"))
        with self._changing() as (session, stamp):
            task = _existing(session, task_id)
            if task.deleted_on is None:
                raise RequestRefused(_("task #{id} is not deleted").format(id=task.id))
            occurrences.check_restorable(session, task)
            if not task.is_closed:
                subtasks.refuse_open_under_closed(task, session.task)
            task.history.append(history.restored(task.deleted_on, reason, stamp))
            task.deleted_on = None
            task.updated = stamp.at
            session.save_task(task)
        return task

    # Undo (hoàn tác) ------------------------------------------------------------------

    def undo_preview(self) -> UndoPlan:
        """What `undo` would revert: this tracker's author's latest change, and why it
        cannot be undone if it cannot. RequestRefused when there is nothing to undo."""
        from tracker import undo  # loaded by the commands that undo

        with self.database.reading() as snapshot:
            return undo.plan(snapshot, _with_role(self.author, snapshot.role))

    def undo(self, expected: str | None = None) -> UndoPlan:
        """Revert this tracker's author's latest change (one command's worth) as new events
        of a change of its own; undoing again redoes it. RequestRefused, with nothing
        written, when there is nothing to undo, when someone changed one of its fields
        since, or when the latest change is no longer `expected` (a change id, as a
        preview showed it)."""
        from tracker import undo

        with self.database.reading() as snapshot:
            latest = undo.plan(snapshot, _with_role(self.author, snapshot.role)).change.change
        with self._changing(undoes=latest) as (session, stamp):
            plan = undo.plan(session, stamp.by)
            if plan.change.change != latest or (expected is not None and latest != expected):
                raise RequestRefused(
                    _("your changes moved on meanwhile: see `tracker undo --list`, then undo")
                )
            undo.apply(session, plan, stamp, self.today, _keep_deadlines)
        return plan

    # Periodic duties (nhiệm vụ định kỳ) ---------------------------------------------

    def stop_repeating(self, task_id: int, reason: str | None = None) -> Task:
        """End the series `task_id` is an occurrence of: its open occurrence (else its
        latest) repeats no more, with `reason` as a note. RequestRefused if it is no
        periodic duty or already stopped. The occurrence changed is returned."""
        reason = clean_lines(reason or "", _("the reason"))
        with self._changing() as (session, stamp):
            task = _live(session, task_id)
            changed = occurrences.stop_series(session, task, stamp)
            if reason:
                changed.history.append(history.note(reason, stamp))
                session.save_task(changed)
        return changed

    def series(self, task_id: int) -> list[Task]:
        """Every occurrence of the series `task_id` is part of, first to last (the task
        alone if it is none); RequestRefused if there is no such task."""
        from tracker.domain.series import occurrences as chain

        with self.database.reading() as snapshot:
            task = _existing(snapshot, task_id)
            found: dict[int, Task] = {task.id: task}

            def lookup(other_id: int) -> Task | None:
                if other_id not in found:
                    other = snapshot.task(other_id)
                    if other is None:
                        return None
                    found[other_id] = other
                return found[other_id]

            return [found[member.id] for member in chain(task, lookup)]

    def add_agency(self, agency: Agency) -> Agency:
        """Record a new agency; RequestRefused if its code is taken."""
        agency = clean_agency(agency)
        code = agency.code
        with self.database.writing() as session:
            if code in session.agencies():
                raise RequestRefused(_("agency {code} already exists").format(code=code))
            session.add_agency(agency)
        return agency

    def update_agency(self, code: str, changes: AgencyChanges) -> Agency:
        """Change an agency's name, short name or locality; its code, which tasks name it
        by, stays. RequestRefused if there is no such agency."""
        with self.database.writing() as session:
            agencies = session.agencies()
            current = agencies.get(code.strip().upper())
            if current is None:
                raise RequestRefused(
                    _("no agency {code}: see `tracker agencies list`").format(code=code)
                )
            agency = clean_agency(replace(current, **_given_fields(changes)))
            if agency != current:
                session.save_agency(agency)
        return agency

    def update_meeting(self, meeting_id: str, changes: MeetingChanges) -> Meeting:
        """Change a meeting's details; its id, which tasks name it by, stays.
        RequestRefused if there is no such meeting."""
        with self.database.writing() as session:
            current = session.meetings().get(meeting_id.strip())
            if current is None:
                raise RequestRefused(
                    _("no meeting {id!r}: see `tracker meetings list`").format(id=meeting_id)
                )
            meeting = clean_meeting(replace(current, **_given_fields(changes)))
            _check_agreement(meeting, session)
            if meeting != current:
                session.save_meeting(meeting)
        return meeting

    def add_meeting(self, meeting: Meeting) -> Meeting:
        """Record a new meeting; RequestRefused if its id is taken."""
        meeting = clean_meeting(meeting)
        meeting_id = meeting.id
        with self.database.writing() as session:
            if meeting_id in session.meetings():
                raise RequestRefused(_("meeting {id!r} already exists").format(id=meeting_id))
            _check_agreement(meeting, session)
            session.add_meeting(meeting)
        return meeting

    # Exchange ----------------------------------------------------------------

    def import_data(self, raw: object, *, dry_run: bool = False) -> ImportResult:
        """Add what the file has and the database lacks (with `dry_run`, only say what).

        Tasks match by uuid, so importing the same file twice adds nothing the second time.
        """
        from tracker.interchange.dataset import read_dataset

        def read(known: _Known, stamp: ChangeStamp) -> Interchange:
            return read_dataset(
                raw, known.agencies, known.meetings, today=self.today, known_uuids=known.present
            )

        # The file's tasks carry their history: those already here take in its events.
        return self._import(read, dry_run, merge=True)

    def import_sheet(
        self, book: TaskWorkbook, *, meeting: str | None = None, dry_run: bool = False
    ) -> ImportResult:
        """Add the tasks of a task sheet read by `read_workbook` (and the agencies and
        meetings its workbook has and the database lacks), every one under `meeting` if
        given; with `dry_run`, only say what. InvalidInput names the first bad cell."""
        from tracker.interchange.sheet_import import read_tasks

        def read(known: _Known, stamp: ChangeStamp) -> Interchange:
            return read_tasks(
                book,
                known.agencies,
                known.meetings,
                known.agreements,
                today=self.today,
                stamp=stamp,
                known_uuids=known.present,
                meeting=meeting,
            )

        return self._import(read, dry_run)

    def _import(
        self,
        read: Callable[[_Known, ChangeStamp], Interchange],
        dry_run: bool,
        merge: bool = False,
    ) -> ImportResult:
        """Read a file's records against the database and store those it lacks, all in one
        write, and with `merge` the file's events into the tasks already present; a dry run
        reads without the lock and writes nothing."""
        if dry_run:
            stamp = ChangeStamp(at=self.now(), by=self.author)
            with self.database.reading() as snapshot:
                known = _Known.of(snapshot)
                plan = _import_plan(known, read(known, stamp), stamp.at)
                if merge:
                    plan.updated = _merged_tasks(snapshot, plan.present, known.present)
            return plan.result(dry_run=True)
        with self._changing() as (session, stamp):
            known = _Known.of(session)
            plan = _import_plan(known, read(known, stamp), stamp.at)
            _store_import(session, plan, known.present)
            if merge:
                plan.updated = _merged_tasks(session, plan.present, known.present)
                for update in plan.updated:
                    session.save_task(update.task)
        return plan.result()

    def export_data(self) -> dict[str, Any]:
        """Everything in the database, in the interchange form."""
        from tracker.interchange.dataset import write_dataset

        return write_dataset(self.everything())

    def everything(self) -> Interchange:
        """Every record, from one read, in the order an export lists them.

        Deleted tasks are there too, marked: a deletion travels to the database that
        imports the file.
        """
        from tracker.interchange.dataset import Dataset

        with self.database.reading() as snapshot:
            return Dataset(
                agencies=sorted(snapshot.agencies().values(), key=lambda a: a.code),
                agreements=sorted(snapshot.agreements().values(), key=lambda a: a.code),
                meetings=sorted(snapshot.meetings().values(), key=lambda m: (m.date, m.id)),
                tasks=sorted(snapshot.tasks(include_deleted=True), key=lambda t: t.id),
            )

    def check_output_path(self, path: Path) -> None:
        """RequestRefused if a report or export written to `path` would replace the database."""
        self.database.refuse_own_file(path)

    def write_file(self, path: Path, content: bytes) -> None:
        """Save an export or a report whole, never over the database or its companions."""
        self.database.write_output(path, content)

    # Opening, watching, reports and exports to files --------------------------

    @classmethod
    def open(
        cls,
        location: Path | str | None,
        lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
        holder: str = "tracker",
        today: date | None = None,
        author: Author | None = None,
    ) -> Tracker:
        """The tracker over the database at `location` (a file's path or a PostgreSQL
        server's URL), or the user's default file if None.

        `holder` names this program to another one left waiting for the lock; `author`
        is who its changes are recorded by.
        """
        return cls(open_store(location, lock_timeout, holder), today, author)

    def following_the_clock(self) -> Tracker:
        """This tracker over the same database, its day read from the clock on each use.

        The terminal UI runs for hours: a day fixed when the command started would leave it
        showing yesterday's standings after midnight.
        """
        return Tracker(self.database, author=self.author)

    @property
    def path(self) -> Path:
        """The database file (where a symlink points, for a linked one); StoreError for a
        database on a server, which is no file here."""
        if not isinstance(self.database, Database):
            raise StoreError(
                _("{server} is a server, not a file").format(server=self.database.location)
            )
        return self.database.path

    @property
    def location(self) -> str:
        """The database as its user named it: a file's path, or a server's URL without
        its password."""
        return self.database.location

    @property
    def location_name(self) -> str:
        """The database as the UI's header names it: the file's name, or the server's URL."""
        if isinstance(self.database, Database):
            return self.database.path.name
        return self.database.location

    @property
    def output_folder(self) -> Path:
        """Where reports are offered: beside the database file, or the current folder."""
        return self.database.output_folder

    def saved_changes(self) -> int:
        """How many changes this tracker has saved so far (each one a whole write)."""
        return self.database.commits

    def file_stamp(self) -> StoreStamp:
        """What changes when anyone writes the database: compare two to see a new write."""
        return self.database.stamp()

    def watch_changes(self, on_change: Callable[[WatchState], None]) -> Watch | None:
        """Hear every write anyone commits as it happens: on a server, a listener on a
        connection of its own calls `on_change` from its thread with each new revision and
        each loss or return of the server; None for a file, whose readers compare
        `file_stamp()`s instead."""
        return self.database.watch_changes(on_change)

    def board_data(self) -> BoardData:
        """Every record, from one read; the stamp is taken first so a racing write shows next."""
        stamp = self.database.stamp()
        with self.database.reading() as snapshot:
            return BoardData(
                tasks=snapshot.tasks(),
                agencies=snapshot.agencies(),
                agreements=snapshot.agreements(),
                meetings=snapshot.meetings(),
                stamp=stamp,
            )

    def report(self, spec: ReportSpec, generated_at: datetime | None = None) -> StatusReport:
        """The status report `spec` asks for, from one consistent read of the database.

        InvalidInput for an unknown agency, meeting, format or language.
        """
        from tracker.reports.render import build  # loaded by the commands that report

        with self.database.reading() as snapshot:
            return build(
                spec,
                snapshot.task_summaries(),
                snapshot.agencies(),
                snapshot.meetings(),
                snapshot.agreements(),
                generated_at or clock.report_moment(),
            )

    def render_report(self, spec: ReportSpec, generated_at: datetime | None = None) -> bytes:
        """The report `spec` asks for, in its format and language, as UTF-8 bytes."""
        from tracker.reports.render import encode_report

        return encode_report(self.report(spec, generated_at), spec.fmt, spec.lang, spec.letterhead)

    def save_report(
        self, spec: ReportSpec, path: Path, generated_at: datetime | None = None
    ) -> Path:
        """Write the report to `path` atomically (the whole file or nothing); its absolute path.

        Raises InvalidInput (an agency or meeting no longer known), RequestRefused (`path`
        is one of the database's files) or StoreError (no such folder, disk full).
        """
        self.write_file(path, self.render_report(spec, generated_at))
        return path.absolute()

    def export_json(self) -> bytes:
        """Everything, as an interchange file's bytes."""
        from tracker.interchange.dataset import encode_interchange

        return encode_interchange(self.export_data())

    def export_bytes(self, spec: ExportSpec) -> bytes:
        """What `spec` asks for (everything, or what changed since `spec.since`) in its
        format: the interchange file (json), the task workbook (xlsx) or a calendar of the
        open tasks' deadlines (ics)."""
        return self.encode_export(self.exported(spec), spec)

    def exported(self, spec: ExportSpec) -> Interchange:
        """The records an export holds, from one read: everything, or with `spec.since`
        the tasks changed since then and what they name (tracker/domain/exchange.py)."""
        dataset = self.everything()
        if spec.since is None:
            return dataset
        from tracker.domain.exchange import changed_since
        from tracker.interchange.dataset import Dataset

        chosen = changed_since(
            spec.since, dataset.tasks, dataset.agencies, dataset.agreements, dataset.meetings
        )
        return Dataset(
            agencies=chosen.agencies,
            agreements=chosen.agreements,
            meetings=chosen.meetings,
            tasks=chosen.tasks,
        )

    def encode_export(self, dataset: Interchange, spec: ExportSpec) -> bytes:
        """`dataset` (from `exported`) in the format `spec` asks for."""
        if spec.fmt == "json":
            from tracker.interchange.dataset import encode_interchange, write_dataset

            return encode_interchange(write_dataset(dataset))
        if spec.fmt == "xlsx":
            from tracker.interchange.task_sheet import encode_workbook

            return encode_workbook(dataset, spec.lang, as_of=self.today)
        if spec.fmt == "ics":
            from tracker.interchange.calendar import encode_calendar

            return encode_calendar(
                dataset, lang=spec.lang, remind_days=spec.remind_days, stamp=self.now()
            )
        raise InvalidInput(_("unknown export format {fmt!r}").format(fmt=spec.fmt))

    def save_export(self, path: Path, spec: ExportSpec | None = None) -> None:
        """Write the export (by default the interchange file) to `path` atomically, never
        over the database."""
        self.write_file(path, self.export_bytes(spec or ExportSpec()))

    # Reminders (đôn đốc) -------------------------------------------------------

    def reminders(
        self,
        as_of: date | None = None,
        days: tuple[int, ...] | None = None,
        agency: str | None = None,
    ) -> ReminderRun:
        """The chaser notes due on `as_of` (default today), for `agency` or every lead agency.

        InvalidInput for an unknown agency.
        """
        from tracker.reports.reminders import DEFAULT_DAYS, build_reminders

        with self.database.reading() as snapshot:
            agencies = snapshot.agencies()
            code = check_agency(agency, agencies) if agency else None
            return build_reminders(
                snapshot.task_summaries(), agencies, as_of or self.today, days or DEFAULT_DAYS, code
            )

    def save_reminders(self, run: ReminderRun, folder: Path, fmt: str) -> list[Path]:
        """Write each agency's note of `run` to its own file in `folder`; the paths written.

        Every file is written whole or not at all (the report's safe write), never over the
        database. RequestRefused if `folder` is not an existing folder: nothing is created.
        """
        from tracker.reports.reminders import reminder_file_name, render_reminders

        if not folder.is_dir():
            raise RequestRefused(
                _("{folder} is not a folder; create it first: nothing was written").format(
                    folder=folder
                )
            )
        notes = [
            (
                folder / reminder_file_name(note, run.as_of, fmt),
                render_reminders(run.only(note), fmt),
            )
            for note in run.notes
        ]
        # Every name is checked before the first file is written: a refusal writes nothing.
        for path, _content in notes:
            self.check_output_path(path)
        for path, content in notes:
            self.write_file(path, content)
        return [path.absolute() for path, _content in notes]


def select_tasks(snapshot: Snapshot, wanted: TaskFilter, as_of: date) -> list[Task]:
    """The tasks matching `wanted` on `as_of`, in id order."""
    agencies = snapshot.agencies()
    agency = check_agency(wanted.agency, agencies) if wanted.agency else None
    if wanted.meeting:
        check_optional_meeting(wanted.meeting, snapshot.meetings())
    # Folded once here, and each task's (short) document as it comes.
    document = fold(wanted.document) if wanted.document else None
    if wanted.parent is not None and snapshot.task(wanted.parent) is None:
        raise InvalidInput(
            _("--parent: no task #{id}: see `tracker list`").format(id=wanted.parent)
        )
    chosen = []
    for task in snapshot.tasks():
        if not exists_as_of(task, as_of):
            continue
        if agency and agency != task.lead and agency not in task.partners:
            continue
        if wanted.status and task.status is not wanted.status:
            continue
        if wanted.meeting and task.meeting != wanted.meeting:
            continue
        if document is not None and document not in fold(task.document):
            continue
        if wanted.parent is not None and task.parent != wanted.parent:
            continue
        if wanted.top_level and task.parent is not None:
            continue
        standing = standing_as_of(task, as_of)
        if wanted.overdue and standing is not Standing.OPEN_OVERDUE:
            continue
        if wanted.due_within is not None and not (
            standing is Standing.OPEN_IN_TIME
            and task.due is not None
            and (task.due - as_of).days <= wanted.due_within
        ):
            continue
        chosen.append(task)
    if wanted.search:
        # Last, and over the chosen tasks at once: folding text is the costly part.
        chosen = matching(chosen, wanted.search, agencies)
    chosen.sort(key=lambda t: t.id)
    return chosen


# Sub-tasks ------------------------------------------------------------------


def _outside_parents(snapshot: Snapshot, tasks: Sequence[Task]) -> dict[int, str]:
    """The uuid of each parent of `tasks` that is not one of them, by its id."""
    parents = {task.parent for task in tasks if task.parent is not None}
    if not parents:
        return {}
    parents.difference_update(task.id for task in tasks)
    found = {parent_id: snapshot.task(parent_id) for parent_id in parents}
    return {parent_id: task.uuid for parent_id, task in found.items() if task is not None}


def _link_subtask(session: Session, parent: Task, child_id: int) -> None:
    """Give `parent` the reverse link to its new sub-task."""
    if subtasks.adopt(parent, child_id):
        session.save_task(parent)


def _move_subtask(
    session: Session, task: Task, parent_id: int | None, stamp: ChangeStamp
) -> HistoryEvent:
    """Make `task` part of `parent_id` (None: of no task), keeping both parents'
    `subtasks` in step; the `changed` event saying so (values are the parents' ids)."""
    if parent_id is not None:
        parent = subtasks.check_parent(task.id, parent_id, session.task)
        _link_subtask(session, parent, task.id)
    if task.parent is not None:
        previous = session.task(task.parent)
        if previous is not None:
            previous.subtasks = subtasks.without(previous.subtasks, task.id)
            session.save_task(previous)
    event = history.changed(
        "parent", history.event_value(task.parent), history.event_value(parent_id), stamp
    )
    task.parent = parent_id
    return event


def _open_subtasks_closing(
    session: Session, tasks: Sequence[Task], with_subtasks: bool
) -> list[Task]:
    """The open sub-tasks (any depth) of `tasks` not among them, which close with them when
    `with_subtasks`; otherwise RequestRefused naming them. Read through each task's
    `subtasks` ids, never by scanning every task."""
    named = {task.id for task in tasks}
    extra: list[Task] = []
    for task in tasks:
        if not task.subtasks:
            continue
        missing = [
            child
            for child in subtasks.open_descendants(task, session.task)
            if child.id not in named
        ]
        if missing and not with_subtasks:
            subtasks.refuse_open_subtasks(task, missing)
        for child in missing:
            named.add(child.id)
            extra.append(child)
    return extra


@dataclass
class _Known:
    """What an import checks a file against: the database's records, read once."""

    agencies: dict[str, Agency]
    meetings: dict[str, Meeting]
    agreements: dict[str, Agreement]
    present: dict[str, int]  # task ids by uuid, deleted tasks too
    areas: set[str]  # the areas stored tasks have

    @classmethod
    def of(cls, snapshot: Snapshot) -> _Known:
        """The records of `snapshot`."""
        return cls(
            snapshot.agencies(),
            snapshot.meetings(),
            snapshot.agreements(),
            snapshot.task_ids_by_uuid(),
            snapshot.task_areas(),
        )


@dataclass
class _ImportPlan:
    """What an import adds: the file's records the database lacks, as they are stored."""

    dataset: Interchange
    agencies: list[Agency]
    agreements: list[Agreement]
    meetings: list[Meeting]
    tasks: list[Task]
    # The file's tasks already in the database, whose events a merge takes in.
    present: list[Task]
    added_ids: list[int] = dc_field(default_factory=list)
    updated: list[_Merge] = dc_field(default_factory=list)

    def result(self, dry_run: bool = False) -> ImportResult:
        """The plan as the import's result."""
        return ImportResult(
            added_tasks=self.added_ids,
            skipped_tasks=len(self.present) - len(self.updated),
            updated=[
                TaskUpdate(
                    task_id=update.task.id,
                    title=update.task.title,
                    new_events=update.new_events,
                    both_sides=update.both_sides,
                )
                for update in self.updated
            ],
            added_agencies=len(self.agencies),
            added_meetings=len(self.meetings),
            added_agreements=len(self.agreements),
            tasks=self.tasks,
            dry_run=dry_run,
        )


def _import_plan(known: _Known, dataset: Interchange, stamp: datetime) -> _ImportPlan:
    """The records of `dataset` that `known` lacks, ready to store: each agency, agreement
    and meeting once, the tasks whose uuid is new, with their area spelled as stored."""
    agencies = _new_records(dataset.agencies, known.agencies, lambda agency: agency.code)
    agreements = _new_records(dataset.agreements, known.agreements, lambda a: a.code)
    meetings = _new_records(dataset.meetings, known.meetings, lambda meeting: meeting.id)
    new_tasks = []
    present = []
    areas = set(known.areas)
    for task in dataset.tasks:
        if task.uuid in known.present:
            present.append(task)
            continue
        area = known_area(task.area, areas)  # one spelling per area, as `add` keeps
        if area is not None:
            areas.add(area)
        # Without a `created`, it was recorded now, or by its closing day if earlier.
        created = task.created or recorded_by_closing(stamp, task.closed_on)
        new_tasks.append(replace(task, area=area, created=created, updated=stamp))
    return _ImportPlan(dataset, agencies, agreements, meetings, new_tasks, present)


@dataclass
class _Merge:
    """A task already present, as it is after taking in a file's events."""

    task: Task
    new_events: list[HistoryEvent]
    both_sides: list[BothSides]


# Above this many tasks to merge, the database's tasks are decoded in one pass rather than
# one by one (a weekly exchange brings tens; a full copy of another office, all of them).
_MERGE_IN_ONE_PASS = 500


def _merged_tasks(
    snapshot: Snapshot, theirs: Sequence[Task], present: Mapping[str, int]
) -> list[_Merge]:
    """The tasks of `theirs` already present whose copy here lacks some of their events,
    each merged (tracker/domain/merge.py): its fields as its latest events set them, its
    deadlines over time rebuilt from the united history, `updated` its latest event's."""
    from tracker.domain.merge import event_order, merge_task

    if len(theirs) > _MERGE_IN_ONE_PASS:
        ours = {task.id: task for task in snapshot.tasks(include_deleted=True)}
        local: Callable[[int], Task | None] = ours.get
    else:
        local = snapshot.task
    merges = []
    for incoming in theirs:
        task = local(present[incoming.uuid])
        if task is None:
            continue
        merged = merge_task(task, incoming.history)
        if not merged.new_events:
            continue
        task = merged.task
        _keep_deadlines(task)
        latest = max(task.history, key=event_order).at
        task.updated = latest if task.updated is None else max(task.updated, latest)
        merges.append(_Merge(task, merged.new_events, merged.both_sides))
    return merges


_Record = TypeVar("_Record")


def _new_records(
    records: Sequence[_Record], known: Mapping[str, object], key: Callable[[_Record], str]
) -> list[_Record]:
    """The records whose key `known` lacks, each key once (the file's first record)."""
    seen = set(known)
    new = []
    for record in records:
        if key(record) not in seen:
            seen.add(key(record))
            new.append(record)
    return new


def _store_import(session: Session, plan: _ImportPlan, present: Mapping[str, int]) -> None:
    """Write what `plan` adds, in one session: records first, then the tasks and links."""
    for agency in plan.agencies:
        session.add_agency(agency)
    for agreement in plan.agreements:
        session.add_agreement(agreement)
    for meeting in plan.meetings:
        session.add_meeting(meeting)
    plan.added_ids = session.add_tasks(plan.tasks)
    if plan.dataset.links:
        _store_links(session, plan.dataset, plan.tasks, plan.added_ids, present)


def _store_links(
    session: Session,
    dataset: Interchange,
    added: Sequence[Task],
    ids: Sequence[int],
    present: Mapping[str, int],
) -> None:
    """Give the tasks just imported the links their file names by uuid, as local ids, and
    each task they link to the link back (a parent its sub-task, an occurrence its next)."""
    from tracker.interchange.dataset import LINKS

    id_of = {**present, **{task.uuid: task_id for task, task_id in zip(added, ids, strict=True)}}
    changed: dict[int, Task] = {}

    def loaded(task_id: int) -> Task:
        if task_id not in changed:
            task = session.task(task_id)
            assert task is not None  # it was just stored, or the file's check found it
            changed[task_id] = task
        return changed[task_id]

    for task, task_id in zip(added, ids, strict=True):
        for key, target_uuid in dataset.links.get(task.uuid, {}).items():
            target = id_of[target_uuid]
            setattr(loaded(task_id), key, target)
            other = loaded(target)
            back = LINKS[key]
            if back == "subtasks":
                subtasks.adopt(other, task_id)
            else:
                setattr(other, back, task_id)
    for task in changed.values():
        session.save_task(task)


def _origin_changes(task: Task, changes: TaskChanges, stamp: ChangeStamp) -> list[HistoryEvent]:
    """Set the task's assigning document and directing leader as `changes` asks, one
    `changed` event for each that differs (a blank value removes it)."""
    log = []
    wanted = {"document": changes.document, "directed_by": changes.directed_by}
    for field, value in wanted.items():
        if value is UNSET:
            continue
        new = _origin_line(field, value)
        old = getattr(task, field)
        if new != old:
            # None, not "", for the side that is blank: the history then reads "set to" or
            # "removed" as it does for the other optional fields.
            log.append(history.changed(field, old or None, new or None, stamp))
            setattr(task, field, new)
    return log


def _origin_line(field: str, value: str) -> str:
    """A task's assigning document or directing leader as stored: one clean line, named in
    a refusal as the user knows it."""
    if field == "document":
        return clean_line(value, _("the assigning document"))
    return clean_line(value, _("the leader who directed it"))


def _given_fields(changes: msgspec.Struct) -> dict[str, Any]:
    """The fields `changes` sets, each with its value (UNSET ones left out)."""
    return {
        name: value
        for name in changes.__struct_fields__
        if (value := getattr(changes, name)) is not UNSET
    }


def _check_agreement(meeting: Meeting, snapshot: Snapshot) -> None:
    """InvalidInput unless the meeting's agreement, if it names one, is recorded."""
    agreements = snapshot.agreements()
    if meeting.agreement and meeting.agreement not in agreements:
        raise InvalidInput(
            _("unknown agreement {code!r}: known are {codes}").format(
                code=meeting.agreement, codes=", ".join(agreements) or "—"
            )
        )


def _known_area(area: str | None, session: Snapshot) -> str | None:
    """`area` spelled as an area already in use that it matches (rules.known_area)."""
    if area is None or area in AREAS:
        return area  # no area, or the vocabulary's own spelling: nothing to read
    return known_area(area, session.task_areas())


def _live(snapshot: Snapshot, task_id: int) -> Task:
    """The task to change: it exists, and is not deleted (RequestRefused: restore it first)."""
    task = _existing(snapshot, task_id)
    check_not_deleted(task)
    return task


def _keep_deadlines(task: Task) -> None:
    """Bring `task.deadlines` in line with its history after its deadline changed."""
    task.deadlines = deadlines_from_history(recorded_day(task.created), task.due, task.history)


def open_store(location: Path | str | None, lock_timeout: float, holder: str) -> Store:
    """The store at `location`: a PostgreSQL server for a postgresql:// URL (psycopg is
    imported then only), else the file at that path, or the user's default file."""
    if is_server_url(location):
        try:
            from tracker.store.server.database import ServerDatabase
        except ImportError as error:
            raise StoreError(
                _(
                    "a PostgreSQL server needs psycopg, which is not installed ({reason}): "
                    "pip install 'coop-tracker[postgresql]'"
                ).format(reason=error)
            ) from None
        return ServerDatabase(str(location), lock_timeout, holder)
    path = resolve_database_path(Path(location) if location else None)
    return Database(path, lock_timeout, holder)


def init_server(url: str) -> tuple[int, int]:
    """Create or upgrade the tracker tables on the server at `url`: (version found, now).
    InvalidInput unless `url` is a postgresql:// URL."""
    if not is_server_url(url):
        raise InvalidInput(
            _("{url} is not a server: give a postgresql://user@host/dbname URL").format(url=url)
        )
    open_store(url, DEFAULT_LOCK_TIMEOUT, "tracker init-db")  # psycopg is there
    from tracker.store.server.database import init_db

    return init_db(url)


def _with_role(author: Author | None, role: str) -> Author | None:
    """`author` with the server role the change is made as (none for a file)."""
    if not role:
        return author
    if author is None:
        return Author(name=role, role=role)
    return replace(author, role=role)


def _existing(snapshot: Snapshot, task_id: int) -> Task:
    task = snapshot.task(task_id)
    if task is None:
        raise RequestRefused(_("no task #{id}: see `tracker list`").format(id=task_id))
    return task


def _status_change(task: Task, status: Status, today: date, stamp: ChangeStamp) -> HistoryEvent:
    """Set the status a user chose (never done: that is closing) and the event saying so."""
    settable_status(status)
    event = history.status_changed(task.status, status, stamp)
    task.status = status
    # Cancelling closes the task (it leaves the overdue count); a closed task's status
    # does not change here (check_changeable): reopening is `reopen`.
    task.closed_on = today if status is Status.CANCELLED else None
    if not status.is_closed:
        task.outcome = None  # as a merge reads the event (tracker/domain/merge.py)
    return event


def load_interchange_file(path: Path) -> object:
    """Decode an interchange file, or InvalidInput saying why it cannot be read."""
    return decode_interchange(read_import_file(path), path)


def read_import_file(path: Path) -> bytes:
    """The bytes of a file to import, or InvalidInput saying why it cannot be read."""
    try:
        # A pipe is read like a file (`tracker import <(unzip -p ...)`): it is read before
        # the lock is taken, so waiting for its writer holds up nobody else.
        return path.read_bytes()
    except OSError as error:
        raise InvalidInput(
            _("cannot read {path}: {reason}").format(path=path, reason=os_reason(error))
        ) from None


def is_task_workbook(path: Path, content: bytes) -> bool:
    """True when the file to import is a task sheet's workbook (.xlsx) rather than an
    interchange file: by its name, or by its first bytes (a zip archive, as .xlsx is)."""
    from tracker.interchange.sheet_import import is_workbook

    return path.suffix.lower() in (".xlsx", ".xlsm", ".xls") or is_workbook(content)


def load_task_workbook(path: Path, content: bytes, sheet: str | None = None) -> TaskWorkbook:
    """Read the task sheet of a workbook's bytes (before any lock is taken), or
    InvalidInput saying why it cannot be read."""
    from tracker.interchange.sheet_import import read_workbook

    return read_workbook(content, str(path), sheet)


def decode_interchange(content: bytes, path: Path) -> object:
    """Decode an interchange file's bytes, or InvalidInput saying why they cannot be."""
    if content.startswith(_BYTE_ORDER_MARKS):
        # JSON text is UTF-8 without a BOM (RFC 8259); Windows Notepad and Excel add one.
        raise InvalidInput(
            _(
                "{path} starts with a byte-order mark (BOM): save it as UTF-8 without BOM "
                "and import it again"
            ).format(path=path)
        )
    try:
        return msgspec.json.decode(content)
    except msgspec.DecodeError as error:
        raise InvalidInput(
            _("{path} is not valid JSON: {reason}").format(path=path, reason=error)
        ) from None
    except UnicodeDecodeError:
        # msgspec checks text as it decodes it; ask Python where the first bad byte is.
        try:
            content.decode("utf-8")
            position = 0
        except UnicodeDecodeError as error:
            position = error.start
        raise InvalidInput(
            _(
                "{path} is not UTF-8 text (byte {position} is not UTF-8): save it as UTF-8 "
                "and import it again"
            ).format(path=path, position=position)
        ) from None
    except RecursionError:
        raise InvalidInput(
            _("{path} is not an interchange file: its JSON is nested too deeply").format(path=path)
        ) from None


# UTF-8's, then UTF-16's in either byte order (little-endian UTF-32's begins like UTF-16's).
_BYTE_ORDER_MARKS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
