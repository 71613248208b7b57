"""The report as CSV: one row per task with its standing, then a summary section, in one file.

Three blocks, each with its own header row, separated by one empty row:

1. Tasks: `id, uuid, title, lead, partners, meeting, area, due, status, standing,
   standing_label, days_overdue, closed_on, outcome` — partners joined with ";",
   `standing` is the Standing value (done_on_time, done_late, open_in_time, open_overdue,
   cancelled) as of the reporting date and `standing_label` its words in the report's
   language; `status`, `closed_on` and `outcome` are as stored now.
2. Summary: `summary, code, name, tasks, done_on_time, done_late, open_in_time,
   open_overdue, cancelled, completion_rate, on_time_rate`; the first cell says what the
   row counts: `total`, `role` (lead / partner, with --agency), `agency` (by lead) or `area`.
   Rates are fractions cut (not rounded) to four decimals (0.7500); empty means not applicable.
3. About: `about, key, value`: title, as_of, generated_at, scope, agreements, meetings,
   the two formulas, `soon_days` and `due_soon` (open tasks due within that many days,
   already counted in open_in_time); with --period also `period` (2026-Q3),
   `period_label`, `period_start`, `period_end` and the period's counts (`period_assigned`,
   `period_fell_due`, `period_done_on_time`, `period_done_late`, `period_cancelled`,
   `period_extensions`).
4. Extensions: `extension, id, title, lead, original_due, previous_due, due, granted_on,
   reason, document`; the first cell is `extended` for each task extended by the reporting
   date (its original deadline, the deadline in force, its latest extension) and, with
   --period, `granted_in_period` for each extension granted within the period.

The file starts with a UTF-8 byte-order mark, and under `--lang vi` separates fields with
";", writes rates with a decimal comma (0,7916) and has Vietnamese headings, row kinds and
about keys; under `--lang en` "," and "." and the English keys above
(tracker/reports/csv_dialect.py).

A text cell that starts with = + - @, TAB or CR is prefixed with `'` so that no
spreadsheet runs it as a formula, and control characters are shown visibly
(tracker/domain/safe_text.py); numbers are written as numbers. Rows end with CRLF
(RFC 4180). Dates are ISO (2019-10-01) so that every spreadsheet reads them the same way.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date

from tracker.domain import fields
from tracker.domain.model import DeadlineSet, TaskSummary
from tracker.domain.rates import Rate
from tracker.domain.safe_text import (
    spreadsheet_cell,
    spreadsheet_row,
    spreadsheet_safe,
    task_texts,
)
from tracker.domain.standing import Standing
from tracker.reports.csv_dialect import BOM, csv_dialect
from tracker.reports.labels import Labels
from tracker.reports.model import STANDINGS, StandingCounts, StatusReport
from tracker.reports.sections import header_fields, meeting_name, report_title, scope_text

OVERDUE = Standing.OPEN_OVERDUE

TASK_COLUMNS = fields.header(fields.STANDING, "standing_label", "days_overdue")

EXTENSION_COLUMNS = (
    "extension",
    "id",
    "title",
    "lead",
    "original_due",
    "previous_due",
    "due",
    "granted_on",
    "reason",
    "document",
)

SUMMARY_COLUMNS = (
    "summary",
    "code",
    "name",
    "tasks",
    *(standing.value for standing in STANDINGS),
    "completion_rate",
    "on_time_rate",
)


def _rate(rate: Rate | None) -> str:
    # Cut like every printed rate (tracker/domain/rates.py): 16051/16274 is 0.9862, not 0.9863.
    if rate is None:
        return ""
    whole, fraction = divmod(rate.hundredths(), 10_000)
    return f"{whole}.{fraction:04d}"


def _counts(
    kind: str, code: str, name: str, counts: StandingCounts, decimal_mark: str = "."
) -> list[object]:
    return [
        kind,
        spreadsheet_cell(code),
        spreadsheet_cell(name),
        counts.total,
        *(counts[s] for s in STANDINGS),
        _rate(counts.completion_ratio).replace(".", decimal_mark),
        _rate(counts.on_time_ratio).replace(".", decimal_mark),
    ]


def render(report: StatusReport, labels: Labels) -> str:
    """The report as CSV: the counts, then one row per task."""
    dialect = csv_dialect(labels)
    out = io.StringIO()
    out.write(BOM)
    # CRLF as RFC 4180 and spreadsheets expect; with "\n" a lone "\r" would go unquoted.
    writer = dialect.writer(out, lineterminator="\r\n")
    writer.writerow(dialect.header(TASK_COLUMNS))
    as_of = report.as_of
    # One row per task, 100,000 for a large tracker: the labels are worded once.
    standing_labels = {standing: labels.standing(standing) for standing in STANDINGS}
    tasks = [task for task, _standing in report.tasks]
    standings = [standing for _task, standing in report.tasks]
    days_overdue = [
        (as_of - task.due).days if standing is OVERDUE and task.due else 0
        for task, standing in report.tasks
    ]
    rows: Iterable[Iterable[object]] = fields.csv_rows(
        tasks, [standings, map(standing_labels.__getitem__, standings), days_overdue]
    )
    # Stored text is nearly always safe as it is, which one fast pass finds out.
    if not spreadsheet_safe(task_texts(tasks)):
        rows = map(spreadsheet_row, rows)
    writer.writerows(rows)

    writer.writerow(())
    writer.writerow(dialect.header(SUMMARY_COLUMNS))
    mark = labels.decimal_mark
    total, role, agency, area_kind = map(dialect.word, ("total", "role", "agency", "area"))
    writer.writerow(_counts(total, "", labels.scope_all, report.totals, mark))
    if report.roles is not None:
        writer.writerow(_counts(role, "lead", labels.as_lead, report.roles.lead, mark))
        writer.writerow(_counts(role, "partner", labels.as_partner, report.roles.partner, mark))
    for row in report.by_agency:
        name = row.agency.name if row.agency else row.code
        writer.writerow(_counts(agency, row.code, name, row.counts, mark))
    for area in report.by_area:
        name = labels.area_name(area.area)
        writer.writerow(_counts(area_kind, area.area or "", name, area.counts, mark))
    # The about block names the scope, agreements and meetings: stored text too.

    writer.writerow(())
    writer.writerow(dialect.header(("about", "key", "value")))
    about_kind = dialect.word("about")

    def about_row(key: str, value: object) -> None:
        writer.writerow((about_kind, dialect.about(key), value))

    about = dict(header_fields(report, labels))
    about_row("title", report_title(report, labels))
    about_row("as_of", as_of.isoformat())
    about_row("generated_at", report.generated_at.isoformat())
    about_row("scope", spreadsheet_cell(scope_text(report, labels)))
    agreements = "; ".join(about[labels.agreements])
    about_row("agreements", spreadsheet_cell(agreements))
    meetings = "; ".join(meeting_name(m) for m in report.meetings)
    about_row("meetings", spreadsheet_cell(meetings))
    about_row("completion_rate", labels.completion_formula)
    about_row("on_time_rate", labels.on_time_formula)
    about_row("soon_days", report.soon_days)
    about_row("due_soon", len(report.due_soon))
    summary = report.period
    if summary is not None:
        period = summary.period
        about_row("period", period.code)
        about_row("period_label", period.words(labels.lang))
        about_row("period_start", period.start.isoformat())
        about_row("period_end", period.end.isoformat())
        about_row("period_assigned", summary.assigned)
        about_row("period_fell_due", summary.fell_due)
        about_row("period_done_on_time", summary.done_on_time)
        about_row("period_done_late", summary.done_late)
        about_row("period_cancelled", summary.cancelled)
        about_row("period_extensions", len(summary.extensions))

    writer.writerow(())
    writer.writerow(dialect.header(EXTENSION_COLUMNS))
    for item in report.extended:
        writer.writerow(
            _extension_row(
                dialect.word("extended"),
                item.task,
                (item.original, None, item.current),
                item.latest,
            )
        )
    if summary is not None:
        for granted in summary.extensions:
            writer.writerow(
                _extension_row(
                    dialect.word("granted_in_period"),
                    granted.task,
                    (None, granted.previous, granted.granted.due),
                    granted.granted,
                )
            )
    return out.getvalue()


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def _extension_row(
    kind: str,
    task: TaskSummary,
    deadlines: tuple[date | None, date | None, date | None],
    extension: DeadlineSet,
) -> list[object]:
    """One row of the extensions block; `deadlines` are original, previous and new (or in force)."""
    original, previous, due = deadlines
    return [
        kind,
        task.id,
        spreadsheet_cell(task.title),
        spreadsheet_cell(task.lead),
        _iso(original),
        _iso(previous),
        _iso(due),
        extension.set_on.isoformat(),
        spreadsheet_cell(extension.reason),
        spreadsheet_cell(extension.document),
    ]
