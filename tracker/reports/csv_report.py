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
3. About: `about, key, value`: title, as_of, generated_at, scope, agreements, meetings and
   the two formulas.

A text cell that starts with = + - @, TAB or CR is prefixed with `'` so that no
spreadsheet runs it as a formula, and control characters are shown visibly
(tracker/domain/safe_text.py); numbers are written as numbers. Rows end with CRLF
(RFC 4180). Dates are ISO (2019-10-01) so that every spreadsheet reads them the same way.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from tracker.domain import fields
from tracker.domain.rates import Rate
from tracker.domain.safe_text import (
    spreadsheet_cell,
    spreadsheet_row,
    spreadsheet_safe,
    task_texts,
)
from tracker.domain.standing import Standing
from tracker.reports.labels import Labels
from tracker.reports.model import STANDINGS, StandingCounts, StatusReport
from tracker.reports.sections import header_fields, meeting_name, scope_text

OVERDUE = Standing.OPEN_OVERDUE

TASK_COLUMNS = fields.header(fields.STANDING, "standing_label", "days_overdue")

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


def _counts(kind: str, code: str, name: str, counts: StandingCounts) -> list[object]:
    return [
        kind,
        spreadsheet_cell(code),
        spreadsheet_cell(name),
        counts.total,
        *(counts[s] for s in STANDINGS),
        _rate(counts.completion_ratio),
        _rate(counts.on_time_ratio),
    ]


def render(report: StatusReport, labels: Labels) -> str:
    """The report as CSV: the counts, then one row per task."""
    out = io.StringIO()
    # CRLF as RFC 4180 and spreadsheets expect; with "\n" a lone "\r" would go unquoted.
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(TASK_COLUMNS)
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
    writer.writerow(SUMMARY_COLUMNS)
    writer.writerow(_counts("total", "", labels.scope_all, report.totals))
    if report.roles is not None:
        writer.writerow(_counts("role", "lead", labels.as_lead, report.roles.lead))
        writer.writerow(_counts("role", "partner", labels.as_partner, report.roles.partner))
    for row in report.by_agency:
        name = row.agency.name if row.agency else row.code
        writer.writerow(_counts("agency", row.code, name, row.counts))
    for area in report.by_area:
        writer.writerow(_counts("area", area.area or "", labels.area_name(area.area), area.counts))
    # The about block names the scope, agreements and meetings: stored text too.

    writer.writerow(())
    writer.writerow(("about", "key", "value"))
    about = dict(header_fields(report, labels))
    writer.writerow(("about", "title", labels.title))
    writer.writerow(("about", "as_of", as_of.isoformat()))
    writer.writerow(("about", "generated_at", report.generated_at.isoformat()))
    writer.writerow(("about", "scope", spreadsheet_cell(scope_text(report, labels))))
    agreements = "; ".join(about[labels.agreements])
    writer.writerow(("about", "agreements", spreadsheet_cell(agreements)))
    meetings = "; ".join(meeting_name(m) for m in report.meetings)
    writer.writerow(("about", "meetings", spreadsheet_cell(meetings)))
    writer.writerow(("about", "completion_rate", labels.completion_formula))
    writer.writerow(("about", "on_time_rate", labels.on_time_formula))
    return out.getvalue()
