"""The status report as of a date: every count and list the renderers show, in one pass.

Pure: no I/O, no Rich, no click. The counting convention is DOMAIN.md's ("How Vietnamese
government task tracking counts"): every task that existed on the reporting date D falls in
exactly one standing; completion rate = done / (done + overdue) and on-time rate =
done on time / (done + overdue), both None ("not applicable") when nothing is done or overdue.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime, timedelta
from operator import attrgetter
from typing import NamedTuple, overload

import msgspec

from tracker.domain.deadlines import (
    deadline_in_force,
    deadline_judged_as_of,
    extensions,
    original_deadline,
)
from tracker.domain.model import Agency, Agreement, DeadlineSet, Meeting, Status, TaskSummary
from tracker.domain.periods import Period
from tracker.domain.rates import Rate
from tracker.domain.rules import area_key
from tracker.domain.standing import Standing

# The windows of the "due soon" (sắp đến hạn) and "closed recently" lists, in days: due
# soon by default within a week, as ministries' trackers do (DOMAIN.md); `report --soon`.
DUE_SOON_DAYS = 7
CLOSED_RECENTLY_DAYS = 30

STANDINGS = tuple(Standing)
# Counts are kept in lists ordered like STANDINGS while counting: each standing's slot.
_SLOT = {standing: slot for slot, standing in enumerate(STANDINGS)}
DONE_ON_TIME = Standing.DONE_ON_TIME
DONE_LATE = Standing.DONE_LATE
OPEN_IN_TIME = Standing.OPEN_IN_TIME
OPEN_OVERDUE = Standing.OPEN_OVERDUE
CANCELLED = Standing.CANCELLED


class StandingCounts(msgspec.Struct, frozen=True, gc=False):
    """How many tasks stand where; field names are the Standing values."""

    done_on_time: int = 0
    done_late: int = 0
    open_in_time: int = 0
    open_overdue: int = 0
    cancelled: int = 0

    @classmethod
    def from_slots(cls, slots: list[int]) -> StandingCounts:
        """Counts kept in a list ordered like STANDINGS, the fast form used while counting."""
        return cls(*slots)

    def __getitem__(self, standing: Standing) -> int:
        count: int = getattr(self, standing.value)
        return count

    def __add__(self, other: StandingCounts) -> StandingCounts:
        return StandingCounts(*(self[s] + other[s] for s in STANDINGS))

    @property
    def total(self) -> int:
        """Every task counted, whatever its standing."""
        return (
            self.done_on_time
            + self.done_late
            + self.open_in_time
            + self.open_overdue
            + self.cancelled
        )

    @property
    def done(self) -> int:
        """Tasks done, on time or late."""
        return self.done_on_time + self.done_late

    @property
    def open(self) -> int:
        """Not done yet: in time or overdue."""
        return self.open_in_time + self.open_overdue

    @property
    def rate_base(self) -> int:
        """The denominator of both rates: done + overdue."""
        return self.done + self.open_overdue

    @property
    def completion_rate(self) -> float | None:
        """done / (done + overdue), None when nothing is done or overdue."""
        return self.done / self.rate_base if self.rate_base else None

    @property
    def on_time_rate(self) -> float | None:
        """done on time / (done + overdue), None when nothing is done or overdue."""
        return self.done_on_time / self.rate_base if self.rate_base else None

    @property
    def completion_ratio(self) -> Rate | None:
        """The completion rate with its two counts, to print exactly; None as above."""
        return Rate(self.done, self.rate_base) if self.rate_base else None

    @property
    def on_time_ratio(self) -> Rate | None:
        """The on-time rate with its two counts, to print exactly; None as above."""
        return Rate(self.done_on_time, self.rate_base) if self.rate_base else None


class AgencyRow(NamedTuple):
    """One lead agency's tasks in the report; `agency` is None for a code no longer known."""

    code: str
    agency: Agency | None
    counts: StandingCounts


class AreaRow(NamedTuple):
    """One cooperation area's tasks; `area` is None for tasks without one."""

    area: str | None
    counts: StandingCounts


class RoleCounts(NamedTuple):
    """With one agency in scope: its tasks as lead and as partner, counted separately."""

    lead: StandingCounts
    partner: StandingCounts


# A task in scope and its standing on the reporting date.
TaskLine = tuple[TaskSummary, Standing]


class TaskLines(Sequence[TaskLine]):
    """Every task in scope with its standing, by id: two lists, paired when read.

    Not a tuple per task: a report may cover 100,000 tasks, and making that many tuples
    (and the garbage collector's walks over them) took a quarter of `build_report`.
    """

    __slots__ = ("_standings", "_tasks")

    def __init__(self, tasks: list[TaskSummary], standings: list[Standing]) -> None:
        self._tasks = tasks
        self._standings = standings

    def __len__(self) -> int:
        return len(self._tasks)

    def __iter__(self) -> Iterator[TaskLine]:
        return zip(self._tasks, self._standings, strict=True)

    @overload
    def __getitem__(self, index: int) -> TaskLine: ...

    @overload
    def __getitem__(self, index: slice) -> list[TaskLine]: ...

    def __getitem__(self, index: int | slice) -> TaskLine | list[TaskLine]:
        if isinstance(index, slice):
            return list(zip(self._tasks[index], self._standings[index], strict=True))
        return self._tasks[index], self._standings[index]


class OverdueTask(NamedTuple):
    """An open task past its deadline, and by how many days."""

    task: TaskSummary
    days_overdue: int


class DueTask(NamedTuple):
    """An open task due soon, and how many days are left."""

    task: TaskSummary
    days_left: int


class ClosedTask(NamedTuple):
    """A task done or cancelled in the window; `days_late` is 0 unless it was done late."""

    task: TaskSummary
    standing: Standing
    days_late: int


class ExtendedTask(NamedTuple):
    """A task whose deadline was extended by the reporting date, and its latest extension."""

    task: TaskSummary
    original: date | None  # the deadline it was given when recorded
    current: date | None  # the deadline in force on the reporting date
    latest: DeadlineSet  # the last extension granted by then: its reason and document


class GrantedExtension(NamedTuple):
    """One extension granted within the reporting period, and the deadline it replaced."""

    task: TaskSummary
    granted: DeadlineSet
    previous: date | None


class PeriodSummary(NamedTuple):
    """What happened within a reporting period: tasks assigned, falling due, closed, extended."""

    period: Period
    assigned: int  # recorded within the period
    fell_due: int  # whose deadline in force at the period's end falls within it
    done_on_time: int  # closed within the period, on time
    done_late: int  # closed within the period, late
    cancelled: int  # cancelled within the period
    extensions: tuple[GrantedExtension, ...]  # granted within the period, oldest first


class StatusReport(NamedTuple):
    """Everything a status report says, as of `as_of`, for the tasks in scope."""

    as_of: date
    generated_at: datetime
    agency: Agency | None  # the one agency in scope, or None for all
    meeting: Meeting | None  # the one meeting in scope, or None for all
    agreements: tuple[Agreement, ...]  # of the meetings covered
    meetings: tuple[Meeting, ...]  # the tasks in scope come from these, by date
    totals: StandingCounts
    roles: RoleCounts | None  # only with one agency in scope
    by_agency: tuple[AgencyRow, ...]  # by lead, most overdue first, then most open
    overdue: tuple[OverdueTask, ...]  # longest overdue first
    due_soon: tuple[DueTask, ...]  # due from as_of to due_soon_until, soonest first
    closed_recently: tuple[ClosedTask, ...]  # closed from closed_since to as_of, latest first
    by_area: tuple[AreaRow, ...]  # most tasks first
    tasks: TaskLines  # every task in scope, by id
    agencies: Mapping[str, Agency]  # every known agency by code, to name leads and partners
    extended: tuple[ExtendedTask, ...] = ()  # tasks extended by as_of, by id
    soon_days: int = DUE_SOON_DAYS  # the "due soon" window, in days after as_of
    period: PeriodSummary | None = None  # with --period: what happened within it
    top_level: bool = False  # only tasks that are part of no other are counted

    @property
    def due_soon_until(self) -> date:
        """The last day of the "due soon" window."""
        return self.as_of + timedelta(days=self.soon_days)

    @property
    def closed_since(self) -> date:
        """The first day of the "closed recently" window."""
        return self.as_of - timedelta(days=CLOSED_RECENTLY_DAYS - 1)

    def short_name(self, code: str) -> str:
        """The agency's short name, or its code when it is not known."""
        agency = self.agencies.get(code)
        return agency.short_name if agency else code


def build_report(
    tasks: Iterable[TaskSummary],
    as_of: date,
    generated_at: datetime,
    *,
    agencies: Mapping[str, Agency],
    meetings: Mapping[str, Meeting],
    agreements: Mapping[str, Agreement],
    agency: str | None = None,
    meeting: str | None = None,
    soon_days: int = DUE_SOON_DAYS,
    period: Period | None = None,
) -> StatusReport:
    """Count and list the tasks that existed on `as_of`, in one pass over `tasks`.

    `agency` keeps the tasks it leads or partners; `meeting` keeps those from that meeting;
    both must be known codes (checked by the caller, which knows how to explain a typo).
    Tasks recorded after `as_of` are left out, as the report would have been written then.
    `soon_days` is the "due soon" window; with `period`, `as_of` is its last day and the
    report adds what happened within it.
    """
    if meeting is not None:
        tasks = [task for task in tasks if task.meeting == meeting]
    if agency is not None:
        tasks = [task for task in tasks if task.lead == agency or agency in task.partners]
    soon_until = as_of + timedelta(days=soon_days)
    closed_since = as_of - timedelta(days=CLOSED_RECENTLY_DAYS - 1)
    in_scope: list[TaskSummary] = []
    standings: list[Standing] = []
    by_lead: dict[str, list[int]] = {}
    by_area: dict[str | None, list[int]] = {}
    meeting_ids: set[str] = set()
    overdue: list[OverdueTask] = []
    due_soon: list[DueTask] = []
    closed: list[ClosedTask] = []
    extended: list[TaskSummary] = []  # tasks with a deadline history, few
    in_id_order = True
    last_id = 0
    # Local names for what the loop touches on every task. It runs once per task, 100,000
    # times for a large tracker, where every read of a task costs a trip to main memory:
    # each task is read once, and nothing is called that can be written out.
    add_task = in_scope.append
    add_standing = standings.append
    slots = _SLOT
    done_status, cancelled_status = Status.DONE, Status.CANCELLED
    for task in tasks:
        created = task.created
        if created is not None and created.date() > as_of:
            continue  # not exists_as_of
        if task.id < last_id:
            in_id_order = False
        last_id = task.id
        # standing_as_of written out (test_reports checks that the two agree).
        status = task.status
        due = task.due
        closed_on = task.closed_on
        if task.deadlines:  # only a task whose deadline changed pays for the look-up
            due = deadline_judged_as_of(task, as_of)
            if due != task.due:
                # The report as of a past day shows the deadline in force then.
                task = msgspec.structs.replace(task, due=due)
        if (status is done_status or status is cancelled_status) and (
            closed_on is None or closed_on <= as_of
        ):
            if status is cancelled_status:
                standing = CANCELLED
            elif due is None or closed_on is None or closed_on <= due:
                standing = DONE_ON_TIME
            else:
                standing = DONE_LATE
            if closed_on is not None and closed_on >= closed_since:
                days_late = (closed_on - due).days if standing is DONE_LATE and due else 0
                closed.append(ClosedTask(task, standing, days_late))
        elif due is None or due >= as_of:
            standing = OPEN_IN_TIME
            if due is not None and due <= soon_until:
                due_soon.append(DueTask(task, (due - as_of).days))
        else:
            standing = OPEN_OVERDUE
            overdue.append(OverdueTask(task, (as_of - due).days))
        add_task(task)
        add_standing(standing)
        if task.deadlines:
            extended.append(task)
        slot = slots[standing]
        lead = task.lead
        counts = by_lead.get(lead)
        if counts is None:
            counts = by_lead[lead] = [0] * len(STANDINGS)
        counts[slot] += 1
        area = task.area
        counts = by_area.get(area)
        if counts is None:
            counts = by_area[area] = [0] * len(STANDINGS)
        counts[slot] += 1
        if task.meeting is not None:
            meeting_ids.add(task.meeting)

    # Each list is put in id order first (the tasks usually come in it already), then
    # sorted on its own key: Python's sort is stable, so ties stay in id order.
    if not in_id_order:
        lines = sorted(zip(in_scope, standings, strict=True), key=lambda line: line[0].id)
        in_scope = [task for task, _ in lines]
        standings = [standing for _, standing in lines]
        for listed in (overdue, due_soon, closed):
            listed.sort(key=lambda item: item.task.id)
    overdue.sort(key=attrgetter("days_overdue"), reverse=True)
    due_soon.sort(key=attrgetter("days_left"))
    closed.sort(key=lambda item: item.task.closed_on or as_of, reverse=True)

    # Every task counts once under its lead: the totals are the sums of the leads' counts.
    totals = [sum(column) for column in zip(*by_lead.values(), strict=True)]
    totals = totals or [0] * len(STANDINGS)
    agency_rows = [
        AgencyRow(code, agencies.get(code), StandingCounts.from_slots(counts))
        for code, counts in by_lead.items()
    ]
    agency_rows.sort(key=lambda row: (-row.counts.open_overdue, -row.counts.open, row.code))
    area_rows = [
        AreaRow(area, StandingCounts.from_slots(c)) for area, c in _one_per_area(by_area).items()
    ]
    # Most tasks first; tasks without an area last.
    area_rows.sort(key=lambda row: (row.area is None, -row.counts.total, row.area or ""))
    roles = None
    if agency is not None:
        # Every task in scope has the agency as lead or, failing that, as partner.
        as_lead = by_lead.get(agency, [0] * len(STANDINGS))
        as_partner = [total - lead for total, lead in zip(totals, as_lead, strict=True)]
        roles = RoleCounts(
            StandingCounts.from_slots(as_lead), StandingCounts.from_slots(as_partner)
        )

    extended_tasks = _extended(extended, as_of)
    summary = None if period is None else summarise_period(period, in_scope, standings, extended)
    chosen_meeting = meetings.get(meeting) if meeting is not None else None
    if chosen_meeting is not None:
        meeting_ids = {chosen_meeting.id}
    covered = sorted(
        (meetings[i] for i in meeting_ids if i in meetings), key=lambda m: (m.date, m.id)
    )
    agreement_codes = dict.fromkeys(m.agreement for m in covered if m.agreement)
    return StatusReport(
        as_of=as_of,
        generated_at=generated_at,
        agency=None if agency is None else agencies.get(agency) or Agency(agency, agency),
        meeting=chosen_meeting,
        agreements=tuple(agreements[c] for c in agreement_codes if c in agreements),
        meetings=tuple(covered),
        totals=StandingCounts.from_slots(totals),
        roles=roles,
        by_agency=tuple(agency_rows),
        overdue=tuple(overdue),
        due_soon=tuple(due_soon),
        closed_recently=tuple(closed),
        by_area=tuple(area_rows),
        tasks=TaskLines(in_scope, standings),
        agencies=agencies,
        extended=extended_tasks,
        soon_days=soon_days,
        period=summary,
    )


def _extended(tasks: list[TaskSummary], as_of: date) -> tuple[ExtendedTask, ...]:
    """The tasks among `tasks` extended on or before `as_of`, by id, with their deadlines."""
    rows = []
    for task in tasks:
        granted = [e for e in extensions(task) if e.set_on <= as_of]
        if granted:
            current = deadline_in_force(task, as_of)
            rows.append(ExtendedTask(task, original_deadline(task), current, granted[-1]))
    rows.sort(key=lambda row: row.task.id)
    return tuple(rows)


def summarise_period(
    period: Period,
    tasks: list[TaskSummary],
    standings: list[Standing],
    with_deadlines: list[TaskSummary],
) -> PeriodSummary:
    """What happened within `period` to `tasks` (standings as of its last day).

    A second pass over the tasks, made only for a period report; `with_deadlines` are the
    tasks among them with a deadline history, the only ones that can have extensions.
    """
    start, end = period.start, period.end
    assigned = fell_due = on_time = late = cancelled = 0
    for task, standing in zip(tasks, standings, strict=True):
        created = task.created
        if created is not None and created.date() >= start:
            assigned += 1  # tasks recorded after `end` are not in `tasks`
        due = deadline_in_force(task, end) if task.deadlines else task.due
        if due is not None and start <= due <= end:
            fell_due += 1
        closed_on = task.closed_on
        if closed_on is not None and start <= closed_on <= end:
            if standing is DONE_ON_TIME:
                on_time += 1
            elif standing is DONE_LATE:
                late += 1
            elif standing is CANCELLED:
                cancelled += 1
    granted = []
    for task in with_deadlines:
        previous = task.deadlines[0].due
        for deadline in task.deadlines:
            if deadline.extension and start <= deadline.set_on <= end:
                granted.append(GrantedExtension(task, deadline, previous))
            previous = deadline.due
    granted.sort(key=lambda item: (item.granted.set_on, item.task.id))
    return PeriodSummary(period, assigned, fell_due, on_time, late, cancelled, tuple(granted))


def _one_per_area(by_area: dict[str | None, list[int]]) -> dict[str | None, list[int]]:
    """The counts of spellings of one area (rules.area_key) added up, under its first one."""
    # Merged after the loop over tasks, once per spelling rather than once per task.
    merged: dict[str | None, list[int]] = {}
    spelling: dict[str, str] = {}
    for area in sorted(by_area, key=lambda name: (name is None, name or "")):
        counts = by_area[area]
        name = area if area is None else spelling.setdefault(area_key(area), area)
        total = merged.setdefault(name, [0] * len(counts))
        for slot, count in enumerate(counts):
            total[slot] += count
    return merged
