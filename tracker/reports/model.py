"""The status report as of a date: every count and list the renderers show, in one pass.

Pure: no I/O, no Rich, no click. The counting convention is DOMAIN.md's ("How Vietnamese
government task tracking counts"): every task that existed on the reporting date D falls in
exactly one standing; completion rate = done / (done + overdue) and on-time rate =
done on time / (done + overdue), both None ("not applicable") when nothing is done or overdue.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from operator import attrgetter
from typing import NamedTuple

from tracker.domain.model import Agency, Agreement, Meeting, Task
from tracker.domain.standing import Standing, exists_as_of, standing_as_of

# The windows of the "due soon" and "closed recently" lists, in days.
DUE_SOON_DAYS = 14
CLOSED_RECENTLY_DAYS = 30

STANDINGS = tuple(Standing)
_SLOT = {standing: slot for slot, standing in enumerate(STANDINGS)}


@dataclass(frozen=True, slots=True)
class StandingCounts:
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
        return (
            self.done_on_time
            + self.done_late
            + self.open_in_time
            + self.open_overdue
            + self.cancelled
        )

    @property
    def done(self) -> int:
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


@dataclass(frozen=True, slots=True)
class AgencyRow:
    """One lead agency's tasks in the report; `agency` is None for a code no longer known."""

    code: str
    agency: Agency | None
    counts: StandingCounts


@dataclass(frozen=True, slots=True)
class AreaRow:
    """One cooperation area's tasks; `area` is None for tasks without one."""

    area: str | None
    counts: StandingCounts


@dataclass(frozen=True, slots=True)
class RoleCounts:
    """With one agency in scope: its tasks as lead and as partner, counted separately."""

    lead: StandingCounts
    partner: StandingCounts


# A task in scope and its standing on the reporting date. A bare tuple, not a class:
# there is one per task, and a report may cover 100,000 of them.
TaskLine = tuple[Task, Standing]


class OverdueTask(NamedTuple):
    task: Task
    days_overdue: int


class DueTask(NamedTuple):
    task: Task
    days_left: int


class ClosedTask(NamedTuple):
    """A task done or cancelled in the window; `days_late` is 0 unless it was done late."""

    task: Task
    standing: Standing
    days_late: int


@dataclass(frozen=True)
class StatusReport:
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
    tasks: tuple[TaskLine, ...]  # every task in scope, by id
    agencies: Mapping[str, Agency]  # every known agency by code, to name leads and partners

    @property
    def due_soon_until(self) -> date:
        return self.as_of + timedelta(days=DUE_SOON_DAYS)

    @property
    def closed_since(self) -> date:
        return self.as_of - timedelta(days=CLOSED_RECENTLY_DAYS - 1)

    def short_name(self, code: str) -> str:
        """The agency's short name, or its code when it is not known."""
        agency = self.agencies.get(code)
        return agency.short_name if agency else code


def build_report(
    tasks: Iterable[Task],
    as_of: date,
    generated_at: datetime,
    *,
    agencies: Mapping[str, Agency],
    meetings: Mapping[str, Meeting],
    agreements: Mapping[str, Agreement],
    agency: str | None = None,
    meeting: str | None = None,
) -> StatusReport:
    """Count and list the tasks that existed on `as_of`, in one pass over `tasks`.

    `agency` keeps the tasks it leads or partners; `meeting` keeps those from that meeting;
    both must be known codes (checked by the caller, which knows how to explain a typo).
    Tasks recorded after `as_of` are left out, as the report would have been written then.
    """
    soon_until = as_of + timedelta(days=DUE_SOON_DAYS)
    closed_since = as_of - timedelta(days=CLOSED_RECENTLY_DAYS - 1)
    # Local names for what the loop touches on every task: it runs once per task.
    slots = _SLOT
    totals = [0] * len(STANDINGS)
    by_lead: dict[str, list[int]] = {}
    by_area: dict[str | None, list[int]] = {}
    roles = ([0] * len(STANDINGS), [0] * len(STANDINGS))
    meeting_ids: set[str] = set()
    lines: list[TaskLine] = []
    overdue: list[OverdueTask] = []
    due_soon: list[DueTask] = []
    closed: list[ClosedTask] = []
    in_id_order = True
    last_id = 0
    overdue_standing = Standing.OPEN_OVERDUE
    in_time_standing = Standing.OPEN_IN_TIME
    for task in tasks:
        if not exists_as_of(task, as_of):
            continue
        if meeting is not None and task.meeting != meeting:
            continue
        role = 0
        if agency is not None:
            if task.lead == agency:
                role = 0
            elif agency in task.partners:
                role = 1
            else:
                continue
        if task.id < last_id:
            in_id_order = False
        last_id = task.id
        standing = standing_as_of(task, as_of)
        slot = slots[standing]
        totals[slot] += 1
        lead_counts = by_lead.get(task.lead)
        if lead_counts is None:
            lead_counts = by_lead[task.lead] = [0] * len(STANDINGS)
        lead_counts[slot] += 1
        area_counts = by_area.get(task.area)
        if area_counts is None:
            area_counts = by_area[task.area] = [0] * len(STANDINGS)
        area_counts[slot] += 1
        roles[role][slot] += 1
        if task.meeting is not None:
            meeting_ids.add(task.meeting)
        lines.append((task, standing))
        due = task.due
        if standing is overdue_standing:
            assert due is not None  # only a task with a deadline can be overdue
            overdue.append(OverdueTask(task, (as_of - due).days))
        elif standing is in_time_standing:
            if due is not None and due <= soon_until:
                due_soon.append(DueTask(task, (due - as_of).days))
        elif task.closed_on is not None and task.closed_on >= closed_since:
            late = (task.closed_on - due).days if due and standing is Standing.DONE_LATE else 0
            closed.append(ClosedTask(task, standing, late))

    # Each list is put in id order first (the tasks usually come in it already), then
    # sorted on its own key: Python's sort is stable, so ties stay in id order.
    if not in_id_order:
        lines.sort(key=lambda line: line[0].id)
        for listed in (overdue, due_soon, closed):
            listed.sort(key=lambda item: item.task.id)
    overdue.sort(key=attrgetter("days_overdue"), reverse=True)
    due_soon.sort(key=attrgetter("days_left"))
    closed.sort(key=lambda item: item.task.closed_on or as_of, reverse=True)

    agency_rows = [
        AgencyRow(code, agencies.get(code), StandingCounts.from_slots(counts))
        for code, counts in by_lead.items()
    ]
    agency_rows.sort(key=lambda row: (-row.counts.open_overdue, -row.counts.open, row.code))
    area_rows = [AreaRow(area, StandingCounts.from_slots(c)) for area, c in by_area.items()]
    # Most tasks first; tasks without an area last.
    area_rows.sort(key=lambda row: (row.area is None, -row.counts.total, row.area or ""))

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
        roles=(
            RoleCounts(StandingCounts.from_slots(roles[0]), StandingCounts.from_slots(roles[1]))
            if agency is not None
            else None
        ),
        by_agency=tuple(agency_rows),
        overdue=tuple(overdue),
        due_soon=tuple(due_soon),
        closed_recently=tuple(closed),
        by_area=tuple(area_rows),
        tasks=tuple(lines),
        agencies=agencies,
    )
