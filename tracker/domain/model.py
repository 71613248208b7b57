"""The things the tracker follows: agencies, agreements, meetings and their action items."""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

import msgspec

from tracker.domain import vocabulary

AGENCY_CODE = re.compile(r"^[A-Z0-9]+(?:-[A-Z0-9]+)*$")


def canonical_uuid(text: str) -> str:
    """A task's uuid as it is stored and compared: a uuid's hex digits are one number in
    either case (RFC 9562), so "ABC…" and "abc…" are the same task."""
    # Only case and surrounding spaces: files made by earlier versions or by other tools
    # hold ids that are not RFC uuids, and they must keep importing as they did.
    return text.strip().lower()


class Status(StrEnum):
    """What a user records about a task; the standing is derived from it."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    BLOCKED = "blocked"
    DONE = "done"
    CANCELLED = "cancelled"

    @property
    def is_closed(self) -> bool:
        """True for done and cancelled: the task has left the open work."""
        # Compared by identity: this runs for every task on every load of 100,000 tasks.
        return self is Status.DONE or self is Status.CANCELLED

    @property
    def label(self) -> str:
        """The status in the reader's words."""
        return STATUS_LABELS[self]


# The words shown for each status and area (tracker/domain/vocabulary.py), translated when
# read: in the interface language of that moment (tracker/i18n.py `use`).
STATUS_LABELS = vocabulary.Labels({status: vocabulary.STATUSES[status].en for status in Status})
AREAS = vocabulary.Labels({key: term.en for key, term in vocabulary.AREAS.items()})


# The records are msgspec Structs rather than dataclasses: the store decodes 100,000 tasks
# straight from the file into them (no dict per task, no conversion pass), one costs
# 10 µs to define at import where a dataclass costs 0.5 ms, and gc=False keeps the cyclic
# collector from walking them (none of them can form a cycle).


class Agency(msgspec.Struct, frozen=True, gc=False):
    """A department or body that leads or partners on tasks, e.g. HN-KHDT."""

    code: str
    name: str
    short: str = ""
    locality: str = ""

    @property
    def short_name(self) -> str:
        """The short name, or the full name when it has none."""
        return self.short or self.name


class Agreement(msgspec.Struct, frozen=True, gc=False):
    """A cooperation agreement between localities, e.g. HN-TN."""

    code: str
    title: str
    parties: tuple[str, ...] = ()


class Meeting(msgspec.Struct, frozen=True, gc=False):
    """A cooperation meeting whose conclusions become tasks."""

    id: str
    title: str
    date: date
    place: str = ""
    agreement: str | None = None
    chairs: tuple[str, ...] = ()
    notes: str = ""
    # The number of the meeting's conclusion document (Thông báo kết luận), "215/TB-VP".
    document: str = ""


class Cadence(StrEnum):
    """How often a periodic duty repeats: each occurrence is due one period after the last."""

    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half-year"
    YEAR = "year"

    @property
    def months(self) -> int:
        """The period's length in months."""
        return _CADENCE_MONTHS[self]


_CADENCE_MONTHS = {Cadence.MONTH: 1, Cadence.QUARTER: 3, Cadence.HALF_YEAR: 6, Cadence.YEAR: 12}


class EventKind(StrEnum):
    """What a history event records; its words are made when it is shown
    (tracker/domain/history.py)."""

    NOTE = "note"  # progress typed by a user: `text`
    CREATED = "created"  # the task was recorded
    CHANGED = "changed"  # `field` went from `old` to `new`
    STATUS = "status"  # the status went from `old` to `new` (not by closing or reopening)
    CLOSED = "closed"  # marked done: status `old` -> "done", `text` the outcome
    REOPENED = "reopened"  # status `old` -> the one it had before closing, `text` the reason
    DELETED = "deleted"  # left every list: deleted_on None -> `new`, `text` the reason
    RESTORED = "restored"  # back in the lists: deleted_on `old` -> None, `text` the reason
    # A deadline extension (gia hạn): due `old` -> `new`, `text` the reason, `document` the
    # paper that granted it, `effective` the day it was granted when not the day recorded.
    EXTENDED = "extended"
    # A change recorded before history was events, in words no reader of the old prose
    # understood (tracker/domain/prose_history.py): kept as its `text`, so nothing is lost.
    RECORDED = "recorded"


# What `old` and `new` hold: a field's value as JSON has it (a date as YYYY-MM-DD, a
# status as its stored value, partners as a list of codes), or None for none or unknown.
EventValue = str | tuple[str, ...] | None


class Author(msgspec.Struct, frozen=True, gc=False, omit_defaults=True):
    """Who recorded a change: a person, and the code of the agency they work for."""

    name: str
    agency: str = ""
    # The PostgreSQL role the change was made as, with a server store; empty for a file.
    role: str = ""

    @property
    def label(self) -> str:
        """The person as a history line names them: "Nguyễn Văn A (HN-KHDT)"."""
        return f"{self.name} ({self.agency})" if self.agency else self.name


class ChangeStamp(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    """What every event of one change shares: when (`at`), who (`by`) and the change's id,
    which groups the events of one command so that `undo` reverts them together."""

    at: datetime
    by: Author | None = None
    change: str = ""
    # The change this one undoes, when it is an undo (tracker/undo.py).
    undoes: str = ""


class HistoryEvent(msgspec.Struct, frozen=True, gc=False, kw_only=True, omit_defaults=True):
    """One event of a task's history, as data: its msgspec encoding is its stored and
    interchange form. A task's fields are what its latest events set (latest `at` per
    field wins, ties by `id`), which is what lets two databases merge."""

    id: str  # unique across databases: a random uuid, or derived from what it migrated
    at: Annotated[datetime, msgspec.Meta(tz=True)]  # when it was recorded, with its offset
    kind: EventKind
    field: str | None = None  # a Task field name, for changed, status, closed, reopened
    old: EventValue = None
    new: EventValue = None
    text: str = ""  # a note's text, a close's outcome, a reopening's reason
    # The day a change took effect when it is not the day it was recorded: a close given
    # `--on` an earlier day. The task's closed_on is this day.
    effective: date | None = None
    # The document that granted an extension ("Công văn 1234/UBND-KT"), when one did.
    document: str = ""
    # Who recorded it (None for events older than authors), the id of the change (one
    # command) it was part of, and for an undo's events the change they revert.
    by: Author | None = None
    change: str = ""
    undoes: str = ""

    @property
    def on(self) -> date:
        """The day the history shows: the day it took effect, on the recorder's calendar."""
        # at.date() in at's own offset, not the reader's: a note written on the 5th in
        # Hanoi stays on the 5th for a reader in another time zone.
        return self.effective or self.at.date()


class DeadlineSet(msgspec.Struct, frozen=True, gc=False, kw_only=True, omit_defaults=True):
    """One deadline a task had and the day it was set: the original (set the day the task
    was recorded), a correction by `update --due`, or an extension (gia hạn) with its
    reason and the document that granted it. The deadline in force on a day D is the
    last one set on or before D (tracker/domain/deadlines.py)."""

    set_on: date
    due: date | None
    extension: bool = False
    reason: str = ""
    document: str = ""


class TaskSummary(msgspec.Struct, kw_only=True, gc=False):
    """A task without its narrative (description, history, last change): what standings,
    counts and reports read. A report over 100,000 tasks decodes only this much of each.

    Its fields, less `id`, are stored document keys (tracker/store/documents.py): the
    id is the document's key in the file, 0 until the task is stored.
    """

    id: int = 0
    uuid: str
    title: str
    lead: str
    partners: tuple[str, ...] = ()
    meeting: str | None = None
    area: str | None = None
    due: date | None = None
    status: Status = Status.OPEN
    closed_on: date | None = None
    outcome: str | None = None
    created: datetime | None = None
    # Set when the task was deleted as a mistake: it leaves every list and count but stays
    # in the file, its deletion an event. Stored only when set (tracker/store/documents.py).
    deleted_on: date | None = None
    # Every deadline the task has had, oldest first, the last one `due`: stored only once
    # the deadline has changed, so that standings as of a past day use the deadline in
    # force then (tracker/domain/deadlines.py); empty while the first deadline holds.
    deadlines: tuple[DeadlineSet, ...] = ()
    # The document that assigned the task ("215/TB-VP") and the leader who directed it.
    document: str = ""
    directed_by: str = ""
    # Sub-tasks: `parent` is the local id of the task this one is part of; `subtasks` the
    # ids of the tasks part of this one, kept by the service with every change of a
    # `parent` so that `show` and `close` read them without scanning every task. Local ids
    # never change; the interchange file names both ends by uuid (tracker/interchange/dataset.py).
    parent: int | None = None
    subtasks: tuple[int, ...] = ()
    # A periodic duty: `every` its cadence while the series goes on (None once stopped or
    # for a one-off task), `until` the last day an occurrence may fall due, and the local
    # ids of the occurrence before this one and of the one its closing created.
    every: Cadence | None = None
    until: date | None = None
    previous: int | None = None
    next: int | None = None

    @property
    def is_closed(self) -> bool:
        """True when the task is done or cancelled."""
        return self.status.is_closed

    @property
    def is_deleted(self) -> bool:
        """True when the task was deleted (and not restored)."""
        return self.deleted_on is not None


class Task(TaskSummary, kw_only=True, gc=False):
    """An action item: who leads it, with whom, by when, how it stands, and its story."""

    description: str = ""
    history: list[HistoryEvent] = msgspec.field(default_factory=list)
    updated: datetime | None = None
