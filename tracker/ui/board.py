"""The UI's in-memory index of one database read: rows, groups and counts for each view."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from tracker import i18n
from tracker.domain.model import Agency, Agreement, Meeting, Status, Task
from tracker.domain.search import query_words, searchable_texts
from tracker.domain.standing import (
    DeadlineBucket,
    Standing,
    bucket_as_of,
    closed_as_of,
    standing_as_of,
)
from tracker.domain.text import sort_key
from tracker.i18n import _
from tracker.service import StoreStamp, Tracker


class ViewKind(StrEnum):
    """How the left panel groups the tasks."""

    AGENCY = "agency"
    STATUS = "status"
    DEADLINE = "deadline"
    MEETING = "meeting"

    @property
    def label(self) -> str:
        """The view's name as the tabs show it."""
        return {
            ViewKind.AGENCY: _("By agency"),
            ViewKind.STATUS: _("By status"),
            ViewKind.DEADLINE: _("By deadline"),
            ViewKind.MEETING: _("By meeting"),
        }[self]


class Role(StrEnum):
    """Whether an agency's tasks are the ones it leads or the ones it partners on."""

    LEAD = "lead"
    PARTNER = "partner"


class Column(StrEnum):
    """A column of the task table, and an order the rows can be sorted in."""

    ID = "id"
    TITLE = "title"
    LEAD = "lead"
    DUE = "due"
    STANDING = "standing"


ALL_TASKS = "all"

# Most urgent first when sorting by standing.
STANDING_ORDER = {
    Standing.OPEN_OVERDUE: 0,
    Standing.OPEN_IN_TIME: 1,
    Standing.DONE_LATE: 2,
    Standing.DONE_ON_TIME: 3,
    Standing.CANCELLED: 4,
}


# The deadline view's "due soon" (sắp đến hạn) group: open tasks due within a week, the
# window reports use unless `report --soon` says otherwise.
DUE_SOON = "soon"
DUE_SOON_DAYS = 7


@dataclass(slots=True)
class Row:
    """One task as the table shows it, with what is derived from it computed once."""

    task: Task
    standing: Standing
    bucket: DeadlineBucket | None  # None for tasks closed by today
    lead_short: str
    folded: str = ""


@dataclass(frozen=True)
class Group:
    """An entry of the left panel: a set of tasks within the current view."""

    key: str
    label: str
    section: str
    count: int
    overdue: int = 0
    # The meeting view also counts the group's done tasks, and says more about each
    # meeting (place, conclusion document) on dim lines under its label.
    done: int | None = None
    lines: tuple[str, ...] = ()


@dataclass
class Board:
    """Everything the UI shows, from one read of the database."""

    today: date
    agencies: dict[str, Agency]
    agreements: dict[str, Agreement]
    meetings: dict[str, Meeting]
    rows: list[Row]
    stamp: StoreStamp = None
    _by_id: dict[int, Row] = field(default_factory=dict, repr=False)
    _sorted: dict[tuple[ViewKind, str, Role, Column, bool], list[Row]] = field(
        default_factory=dict, repr=False
    )
    _groups: dict[tuple[ViewKind, Role, str], list[Group]] = field(default_factory=dict, repr=False)
    _last_search: tuple[object, list[str], list[Row]] = field(default=(None, [], []), repr=False)
    _folded: bool = field(default=False, repr=False)
    _fold_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        self._by_id = {row.task.id: row for row in self.rows}

    @classmethod
    def load(cls, tracker: Tracker) -> Board:
        """Read the database once; the stamp is taken first so a racing write shows next time."""
        data = tracker.board_data()
        return cls.build(
            tracker.today, data.agencies, data.agreements, data.meetings, data.tasks, data.stamp
        )

    @classmethod
    def build(
        cls,
        today: date,
        agencies: dict[str, Agency],
        agreements: dict[str, Agreement],
        meetings: dict[str, Meeting],
        tasks: Iterable[Task],
        stamp: StoreStamp = None,
    ) -> Board:
        """A board of these records, each task's standing and deadline reckoned as of `today`."""
        rows = []
        for task in sorted(tasks, key=lambda t: t.id):
            lead = agencies.get(task.lead)
            rows.append(
                Row(
                    task=task,
                    standing=standing_as_of(task, today),
                    bucket=None if closed_as_of(task, today) else bucket_as_of(task.due, today),
                    lead_short=lead.short_name if lead else task.lead,
                )
            )
        return cls(today, agencies, agreements, meetings, rows, stamp)

    def twin(self) -> Board:
        """A board of the same read with rows and caches of its own, for a worker to prepare."""
        tasks = (row.task for row in self.rows)
        return Board.build(
            self.today, self.agencies, self.agreements, self.meetings, tasks, self.stamp
        )

    @property
    def is_empty(self) -> bool:
        """Whether the database has neither tasks nor agencies: the welcome is shown."""
        return not self.rows and not self.agencies

    def row(self, task_id: int) -> Row | None:
        """The row of task `task_id`, or None if the read has no such task."""
        return self._by_id.get(task_id)

    @property
    def max_id(self) -> int:
        """The largest task id of the read (0 without tasks)."""
        return self.rows[-1].task.id if self.rows else 0

    def standing_counts(self, rows: Iterable[Row] | None = None) -> Counter[Standing]:
        """How many of `rows` (default: every row) are in each standing."""
        counts: Counter[Standing] = Counter({standing: 0 for standing in Standing})
        counts.update(row.standing for row in (self.rows if rows is None else rows))
        return counts

    def latest_meeting(self) -> Meeting | None:
        """The most recent meeting, which a new task is linked to by default."""
        return max(self.meetings.values(), key=lambda m: (m.date, m.id), default=None)

    # The left panel ---------------------------------------------------------

    def warm_views(self) -> None:
        """Work out every view's groups and opening table before the user asks for them.

        Called by the loading worker: at 100,000 tasks a first switch to a view spent up
        to 70 ms on this (the 95th percentile of the view-switch keystroke); later ones
        are served from the caches.
        """
        for view in ViewKind:
            self.groups(view)
            self.select(view, ALL_TASKS, column=opening_sort(view))
        self.groups(ViewKind.AGENCY, Role.PARTNER)

    def groups(self, view: ViewKind, role: Role = Role.LEAD) -> list[Group]:
        """The left panel's entries for `view`, computed once per board, view and role.

        In the agency view each count is of open tasks (not closed by today) and ⚠ of those
        overdue: an agency's as lead or as partner (`role`), and every task's for "All
        tasks"; the other views count every task of each group.
        """
        if view is not ViewKind.AGENCY:
            role = Role.LEAD  # only the agency view tells leads from partners
        # The labels are words: a switch of the interface language computes them again.
        key = (view, role, i18n.language())
        cached = self._groups.get(key)
        if cached is None:
            cached = self._groups[key] = self._compute_groups(view, role)
        return cached

    def _compute_groups(self, view: ViewKind, role: Role) -> list[Group]:
        if view is ViewKind.AGENCY:
            return self._agency_groups(role)
        if view is ViewKind.MEETING:
            from tracker.ui.meeting_groups import meeting_groups  # it builds on this module

            return meeting_groups(self.rows, self.meetings)
        if view is ViewKind.STATUS:
            everything = Group(
                ALL_TASKS, _("All tasks"), "", len(self.rows), self._overdue(self.rows)
            )
            return [everything, *self._status_groups()]
        open_rows = [row for row in self.rows if row.bucket is not None]
        buckets = Counter(row.bucket for row in open_rows)
        return [
            Group(
                ALL_TASKS, _("All open tasks"), "", len(open_rows), buckets[DeadlineBucket.OVERDUE]
            ),
            *(
                Group(f"bucket:{bucket.value}", bucket.label, _("Deadline"), buckets[bucket])
                for bucket in DeadlineBucket
            ),
            # Across today, this week and the next 30 days: listed last, apart from the buckets.
            Group(
                f"{DUE_SOON}:{DUE_SOON_DAYS}",
                _("due within {days} days").format(days=DUE_SOON_DAYS),
                _("Deadline"),
                sum(1 for row in open_rows if self._due_soon(row)),
            ),
        ]

    def _due_soon(self, row: Row) -> bool:
        """Whether the row's task is open and due from today to DUE_SOON_DAYS days on."""
        due = row.task.due
        if due is None or row.standing is not Standing.OPEN_IN_TIME:
            return False
        return 0 <= (due - self.today).days <= DUE_SOON_DAYS

    def _agency_groups(self, role: Role) -> list[Group]:
        # One pass with plain counters: this runs on the UI thread for the first screen,
        # over every task (100,000 of them in the bench).
        open_count: Counter[str] = Counter()
        overdue_count: Counter[str] = Counter()
        all_open = all_overdue = 0
        for row in self.rows:
            if row.bucket is None:
                continue
            overdue = row.standing is Standing.OPEN_OVERDUE
            all_open += 1
            all_overdue += overdue
            if role is Role.LEAD:
                open_count[row.task.lead] += 1
                if overdue:
                    overdue_count[row.task.lead] += 1
            else:
                for code in row.task.partners:
                    open_count[code] += 1
                    if overdue:
                        overdue_count[code] += 1
        ordered = sorted(
            self.agencies.values(),
            key=lambda a: (sort_key(a.locality or "~"), sort_key(a.short_name)),
        )
        return [
            Group(ALL_TASKS, _("All tasks"), "", all_open, all_overdue),
            *(
                Group(
                    f"agency:{agency.code}",
                    agency.short_name,
                    agency.locality or _("Other"),
                    open_count[agency.code],
                    overdue_count[agency.code],
                )
                for agency in ordered
            ),
        ]

    def _status_groups(self) -> list[Group]:
        statuses = Counter(row.task.status for row in self.rows)
        standings = self.standing_counts()
        return [
            *(
                Group(f"status:{status.value}", status.label, _("Status"), statuses[status])
                for status in Status
            ),
            *(
                Group(
                    f"standing:{standing.value}",
                    standing.label,
                    _("Standing today"),
                    standings[standing],
                )
                for standing in Standing
                if standing is not Standing.CANCELLED
            ),
        ]

    @staticmethod
    def _overdue(rows: Iterable[Row]) -> int:
        return sum(1 for row in rows if row.standing is Standing.OPEN_OVERDUE)

    # The table --------------------------------------------------------------

    def select(
        self,
        view: ViewKind,
        group: str,
        role: Role = Role.LEAD,
        query: str = "",
        column: Column = Column.ID,
        reverse: bool = False,
    ) -> list[Row]:
        """The rows of `group` in `view`, sorted, narrowed by `query` (diacritics ignored).

        Sorted groups are cached, so each keystroke of a search only filters: at 100,000
        tasks a filter is a few milliseconds where a sort would be a hundred.
        """
        key = (view, group, role, column, reverse)
        rows = self._sorted.get(key)
        if rows is None:
            rows = sort_rows(self._group_rows(view, group, role), column, reverse)
            self._sorted[key] = rows
        words = query_words(query)
        if not words:
            return rows
        self.prepare_search()
        # Typing narrows: when the new query only adds to the last one on the same rows,
        # filter the last result instead of every row of the group.
        last_key, last_words, last_rows = self._last_search
        if last_key == key and _extends(words, last_words):
            rows = last_rows
        narrowed = rows
        for word in words:  # One plain comprehension per word is the fastest filter here.
            narrowed = [row for row in narrowed if word in row.folded]
        self._last_search = (key, words, narrowed)
        return narrowed

    def _group_rows(self, view: ViewKind, group: str, role: Role) -> list[Row]:
        kind, _sep, value = group.partition(":")
        rows = self.rows
        if view is ViewKind.DEADLINE:
            open_rows = [row for row in rows if row.bucket is not None]
            if kind == DUE_SOON:
                return [row for row in open_rows if self._due_soon(row)]
            if kind != "bucket":
                return open_rows
            return [row for row in open_rows if row.bucket == value]
        if kind == "agency" and role is Role.LEAD:
            return [row for row in rows if row.task.lead == value]
        if kind == "agency":
            return [row for row in rows if value in row.task.partners]
        if kind == "status":
            return [row for row in rows if row.task.status == value]
        if kind == "standing":
            return [row for row in rows if row.standing == value]
        if view is ViewKind.MEETING and group != ALL_TASKS:
            from tracker.ui.meeting_groups import meeting_rows

            return meeting_rows(rows, group)
        return list(rows)

    def prepare_search(self) -> None:
        """Fold every task's text once; the UI calls this from a worker right after loading."""
        with self._fold_lock:
            if not self._folded:
                self._fold_all()
                self._folded = True

    def _fold_all(self) -> None:
        # The one definition of what a search finds (tracker/domain/search.py), as the CLI.
        texts = searchable_texts([row.task for row in self.rows], self.agencies)
        for row, text in zip(self.rows, texts, strict=True):
            row.folded = text


def opening_sort(view: ViewKind) -> Column:
    """The column a view opens sorted by: the deadline view reads best most-late first."""
    return Column.DUE if view is ViewKind.DEADLINE else Column.ID


def _extends(words: list[str], previous: list[str]) -> bool:
    """True when every row matching `words` also matched `previous` (typing went on)."""
    if not previous or len(words) < len(previous):
        return False
    return all(prev in word for prev, word in zip(previous, words, strict=False))


def _by_title(row: Row) -> Any:
    return sort_key(row.task.title)


def _by_lead(row: Row) -> Any:
    return (sort_key(row.lead_short), row.task.id)


def _by_standing(row: Row) -> Any:
    return (STANDING_ORDER[row.standing], row.task.due or date.max, row.task.id)


def _by_id(row: Row) -> Any:
    return row.task.id


_SORT_KEYS: dict[Column, Callable[[Row], Any]] = {
    Column.ID: _by_id,
    Column.TITLE: _by_title,
    Column.LEAD: _by_lead,
    Column.STANDING: _by_standing,
}


def sort_rows(rows: list[Row], column: Column, reverse: bool = False) -> list[Row]:
    """Rows ordered by a table column; tasks without a deadline come last either way."""
    if column is Column.DUE:
        dated = [row for row in rows if row.task.due is not None]
        undated = [row for row in rows if row.task.due is None]
        dated.sort(key=lambda row: (row.task.due, row.task.id), reverse=reverse)
        return dated + undated
    return sorted(rows, key=_SORT_KEYS[column], reverse=reverse)
