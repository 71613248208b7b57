"""The report laid out in words: header fields and titled tables of strings, in one language.

The text, Markdown and HTML renderers all draw these same sections, so the three say the
same thing in the same order; each only decides how a table looks.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from functools import cache
from typing import NamedTuple

from tracker.domain.dates import format_date
from tracker.domain.model import Agency, Meeting, TaskSummary
from tracker.domain.rates import Rate
from tracker.domain.safe_text import visible
from tracker.domain.standing import Standing
from tracker.reports.labels import Labels
from tracker.reports.model import (
    CLOSED_RECENTLY_DAYS,
    STANDINGS,
    PeriodSummary,
    StandingCounts,
    StatusReport,
)


class Table(NamedTuple):
    """A titled table; `numeric` marks the columns to align right.

    `standings` names, for each column, the standing it counts (or None), so a renderer
    can colour the heading; `empty` is what to say when there are no rows.
    """

    key: str
    title: str
    header: tuple[str, ...]
    rows: list[tuple[str, ...]]
    numeric: tuple[bool, ...]
    standings: tuple[Standing | None, ...] = ()
    empty: str = ""


class RateLine(NamedTuple):
    """A rate with its formula spelled out and the numbers put in it."""

    label: str
    value: str
    formula: str
    numbers: str


def one_line(text: str) -> str:
    """User text for a table cell: line breaks become spaces, other controls shown visibly."""
    if text.isprintable():
        return text
    return visible(" ".join(text.split()))


def agency_name(agency: Agency) -> str:
    """An agency as reports name it: short name and code."""
    return one_line(f"{agency.short_name} ({agency.code})")


def meeting_name(meeting: Meeting) -> str:
    """A meeting as reports name it: title and date."""
    return one_line(f"{meeting.title} ({format_date(meeting.date)})")


def scope_text(report: StatusReport, labels: Labels) -> str:
    """The report's scope in words: all tasks, one agency, one meeting or both; and whether
    only top-level tasks are counted."""
    if report.top_level and not (report.agency or report.meeting):
        return labels.top_level_all
    if report.top_level:
        return labels.top_level_scope.format(scope=_scope_words(report, labels))
    return _scope_words(report, labels)


def _scope_words(report: StatusReport, labels: Labels) -> str:
    if report.agency and report.meeting:
        return labels.scope_both.format(
            agency=agency_name(report.agency), meeting=meeting_name(report.meeting)
        )
    if report.agency:
        return labels.scope_agency.format(agency=agency_name(report.agency))
    if report.meeting:
        return labels.scope_meeting.format(meeting=meeting_name(report.meeting))
    return labels.scope_all


def report_title(report: StatusReport, labels: Labels) -> str:
    """The report's title: the period it covers, with its first and last day, when it has
    one; saying so when only top-level tasks are counted."""
    if report.top_level:
        return labels.top_level_title.format(title=_plain_title(report, labels))
    return _plain_title(report, labels)


def _plain_title(report: StatusReport, labels: Labels) -> str:
    if report.period is None:
        return labels.title
    period = report.period.period
    return labels.period_title.format(
        period=period.words(labels.lang),
        start=format_date(period.start),
        end=format_date(period.end),
    )


def header_fields(report: StatusReport, labels: Labels) -> list[tuple[str, list[str]]]:
    """(label, values) pairs under the title; a field may have several values (meetings)."""
    agreements = [one_line(f"{a.code} — {a.title}") for a in report.agreements] or ["—"]
    meetings = [meeting_name(m) for m in report.meetings] or ["—"]
    stamp = report.generated_at
    return [
        (labels.agreements, agreements),
        (labels.meetings, meetings),
        (labels.scope, [scope_text(report, labels)]),
        (labels.as_of, [format_date(report.as_of)]),
        (labels.generated, [f"{format_date(stamp.date())} {stamp:%H:%M}"]),
    ]


def overview_rows(report: StatusReport, labels: Labels) -> list[tuple[Standing | None, str, str]]:
    """(standing, label, count): the total first, then one row per standing."""
    rows: list[tuple[Standing | None, str, str]] = [
        (None, labels.tasks, labels.number(report.totals.total))
    ]
    rows += [(s, labels.standing(s), labels.number(report.totals[s])) for s in STANDINGS]
    # A subset of "in time", shown after the standings so that they still add up to the total.
    due_soon = labels.due_soon_count.format(days=report.soon_days)
    rows.append((None, due_soon, labels.number(len(report.due_soon))))
    return rows


def period_rows(summary: PeriodSummary, labels: Labels) -> list[tuple[str, ...]]:
    """(label, count): what happened within the reporting period."""
    return [
        (labels.period_assigned, labels.number(summary.assigned)),
        (labels.period_fell_due, labels.number(summary.fell_due)),
        (labels.period_done_on_time, labels.number(summary.done_on_time)),
        (labels.period_done_late, labels.number(summary.done_late)),
        (labels.period_cancelled, labels.number(summary.cancelled)),
        (labels.period_extensions, labels.number(len(summary.extensions))),
    ]


def _rate(rate: Rate | None, labels: Labels) -> str:
    return labels.not_applicable if rate is None else labels.percent(rate)


def rate_lines(counts: StandingCounts, labels: Labels) -> list[RateLine]:
    """Both rates, each with its formula; "not applicable" in full when nothing is due."""
    base = labels.number(counts.rate_base)
    return [
        RateLine(
            labels.completion_rate,
            _rate(counts.completion_ratio, labels),
            labels.completion_formula,
            f"{labels.number(counts.done)} / {base}",
        ),
        RateLine(
            labels.on_time_rate,
            _rate(counts.on_time_ratio, labels),
            labels.on_time_formula,
            f"{labels.number(counts.done_on_time)} / {base}",
        ),
    ]


def _count_cells(counts: StandingCounts, labels: Labels) -> tuple[str, ...]:
    return (
        labels.number(counts.total),
        *(labels.number(counts[s]) for s in STANDINGS),
        labels.percent(counts.completion_ratio),
        labels.percent(counts.on_time_ratio),
    )


def _count_header(labels: Labels) -> tuple[str, ...]:
    return (
        labels.tasks_column,
        *(labels.standing_columns[s] for s in STANDINGS),
        labels.completion_column,
        labels.on_time_column,
    )


def _count_table(
    key: str, title: str, first: tuple[str, ...], rows: list[tuple[str, ...]], labels: Labels
) -> Table:
    numbers = len(STANDINGS) + 3
    return Table(
        key=key,
        title=title,
        header=(*first, *_count_header(labels)),
        rows=rows,
        numeric=(False,) * len(first) + (True,) * numbers,
        standings=(None,) * (len(first) + 1) + STANDINGS + (None, None),
        empty=labels.none,
    )


def _names(report: StatusReport, codes: tuple[str, ...]) -> str:
    return one_line(", ".join(report.short_name(code) for code in codes)) or "—"


def tables(report: StatusReport, labels: Labels) -> Iterator[Table]:
    """The report's tables after the overview, in the order every renderer shows them."""
    # The task lists may run to tens of thousands of rows naming the same few agencies
    # and dates: each is worded once.

    @cache
    def lead(code: str) -> str:
        return one_line(report.short_name(code))

    @cache
    def partners(codes: tuple[str, ...]) -> str:
        return _names(report, codes)

    @cache
    def day(when: date | None) -> str:
        return format_date(when) if when else "—"

    number = cache(labels.number)

    if report.period is not None:
        yield from _period_tables(report, report.period, labels)
    if report.roles is not None and report.agency is not None:
        yield _count_table(
            "roles",
            labels.roles.format(agency=agency_name(report.agency)),
            (labels.role,),
            [
                (labels.as_lead, *_count_cells(report.roles.lead, labels)),
                (labels.as_partner, *_count_cells(report.roles.partner, labels)),
            ],
            labels,
        )
    yield _count_table(
        "agencies",
        labels.by_agency,
        (labels.agency,),
        [
            (
                agency_name(row.agency) if row.agency else one_line(row.code),
                *_count_cells(row.counts, labels),
            )
            for row in report.by_agency
        ],
        labels,
    )

    def deadline_table(
        key: str, title: str, last: str, items: Sequence[tuple[TaskSummary, int]]
    ) -> Table:
        # Overdue and due-soon tasks are listed alike; only the last column differs. Both
        # come as (task, days) pairs, which OverdueTask and DueTask are.
        return Table(
            key=key,
            title=title,
            header=(labels.task_id, labels.task, labels.lead, labels.partners, labels.due, last),
            # One row per overdue task, 40,000 at 100,000 tasks: titles are nearly always
            # printable, and checked here rather than in a call to one_line each.
            rows=[
                (
                    f"#{task.id}",
                    title if (title := task.title).isprintable() else one_line(title),
                    lead(task.lead),
                    partners(task.partners),
                    day(task.due),
                    number(days),
                )
                for task, days in items
            ],
            numeric=(True, False, False, False, False, True),
            empty=labels.none,
        )

    yield deadline_table(
        "overdue",
        labels.overdue_tasks,
        labels.days_overdue,
        report.overdue,
    )
    yield deadline_table(
        "due_soon",
        labels.due_soon.format(
            days=report.soon_days,
            start=format_date(report.as_of),
            end=format_date(report.due_soon_until),
        ),
        labels.days_left,
        report.due_soon,
    )
    yield Table(
        key="closed_recently",
        title=labels.closed_recently.format(
            days=CLOSED_RECENTLY_DAYS,
            start=format_date(report.closed_since),
            end=format_date(report.as_of),
        ),
        header=(
            labels.task_id,
            labels.task,
            labels.lead,
            labels.closed_on,
            labels.due,
            labels.result,
            labels.outcome,
        ),
        rows=[
            (
                f"#{item.task.id}",
                one_line(item.task.title),
                lead(item.task.lead),
                day(item.task.closed_on),
                day(item.task.due),
                labels.standing(item.standing)
                + (f" ({labels.days_late.format(days=item.days_late)})" if item.days_late else ""),
                one_line(item.task.outcome or "") or "—",
            )
            for item in report.closed_recently
        ],
        numeric=(True, False, False, False, False, False, False),
        empty=labels.none,
    )
    yield Table(
        key="extensions",
        title=labels.extended_tasks.format(count=number(len(report.extended))),
        header=(
            labels.task_id,
            labels.task,
            labels.lead,
            labels.original_deadline,
            labels.current_deadline,
            labels.reason,
            labels.document,
        ),
        rows=[
            (
                f"#{item.task.id}",
                one_line(item.task.title),
                lead(item.task.lead),
                day(item.original),
                day(item.current),
                one_line(item.latest.reason) or "—",
                one_line(item.latest.document) or "—",
            )
            for item in report.extended
        ],
        numeric=(True, False, False, False, False, False, False),
        empty=labels.none,
    )
    yield _count_table(
        "areas",
        labels.by_area,
        (labels.area,),
        [
            (one_line(labels.area_name(row.area)), *_count_cells(row.counts, labels))
            for row in report.by_area
        ],
        labels,
    )


def _period_tables(report: StatusReport, summary: PeriodSummary, labels: Labels) -> Iterator[Table]:
    """The counts of what happened within the period, then the extensions granted in it."""
    start = format_date(summary.period.start)
    end = format_date(summary.period.end)
    yield Table(
        key="period",
        title=labels.period_heading.format(start=start, end=end),
        header=(labels.period_item, labels.period_count),
        rows=period_rows(summary, labels),
        numeric=(False, True),
        empty=labels.none,
    )

    def day(when: date | None) -> str:
        return format_date(when) if when else "—"

    yield Table(
        key="period_extensions",
        title=labels.extensions_in_period.format(start=start, end=end),
        header=(
            labels.task_id,
            labels.task,
            labels.lead,
            labels.granted_on,
            labels.previous_deadline,
            labels.new_deadline,
            labels.reason,
            labels.document,
        ),
        rows=[
            (
                f"#{item.task.id}",
                one_line(item.task.title),
                one_line(report.short_name(item.task.lead)),
                day(item.granted.set_on),
                day(item.previous),
                day(item.granted.due),
                one_line(item.granted.reason) or "—",
                one_line(item.granted.document) or "—",
            )
            for item in summary.extensions
        ],
        numeric=(True, False, False, False, False, False, False, False),
        empty=labels.none,
    )
