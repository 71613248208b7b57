"""The status report as an Excel workbook: a summary sheet, then a sheet per list of tasks.

The summary holds the title, the reporting date, the scope, the counts by standing, both
rates as numbers shown as percentages (the cell holds 0.7916, cut like every printed
rate, shown 79.16%) with their formulas, and the counts by lead agency and by area. Then
the tasks as the report's appendix (phụ lục: STT, task, lead, partners, deadline,
standing, days overdue, notes), the overdue ones, the extended ones and those due soon.
Counting and ordering are the model's (model.py); the words are the report's Labels;
cells are written by the workbook helpers (tracker/interchange/workbook.py), so dates are
dates, numbers numbers and text never a formula.
"""

from __future__ import annotations

from collections.abc import Sequence

from tracker.domain.model import TaskSummary
from tracker.domain.rates import Rate
from tracker.domain.standing import Standing
from tracker.interchange.sheet_columns import TASK_COLUMNS
from tracker.interchange.workbook import Cell, Percent, Sheet, SheetColumn, Workbook
from tracker.reports.labels import Labels
from tracker.reports.model import STANDINGS, StandingCounts, StatusReport
from tracker.reports.sections import header_fields, rate_lines, report_title

# The appendix's columns, as the Word report's phụ lục has them, headed as the task sheet
# heads the same fields (sheet_columns.py), each with its kind of cell.
APPENDIX_COLUMNS = (
    ("number", "number"),
    ("title", "text"),
    ("lead", "text"),
    ("partners", "text"),
    ("due", "date"),
    ("standing", "text"),
    ("days_overdue", "number"),
    ("notes", "lines"),
)
_OVERDUE = Standing.OPEN_OVERDUE


def render_bytes(report: StatusReport, labels: Labels) -> bytes:
    """The report as an .xlsx file's bytes, in the language of `labels`."""
    book = Workbook()
    _summary(book.sheet(labels.sheet_summary), report, labels)
    _appendix(book, report, labels)
    _deadline_list(book, report, labels, overdue=True)
    _extensions(book, report, labels)
    _deadline_list(book, report, labels, overdue=False)
    return book.content()


def _percent(rate: Rate | None, labels: Labels) -> Cell:
    """A rate as a Percent cell, cut to hundredths of a percent; "n/a" in words for none."""
    if rate is None:
        return labels.not_applicable_short
    return Percent(rate.hundredths() / 10_000)


def _summary(sheet: Sheet, report: StatusReport, labels: Labels) -> None:
    """The title, what the report covers, the counts and rates, by agency and by area."""
    sheet.title(report_title(report, labels))
    fields = dict(header_fields(report, labels))
    for label in (labels.agreements, labels.meetings, labels.scope):
        for number, value in enumerate(fields[label]):
            sheet.field(label if number == 0 else "", value)
    sheet.field(labels.as_of, report.as_of)
    sheet.field(labels.generated, report.generated_at.replace(tzinfo=None))
    sheet.skip()

    totals = report.totals
    sheet.row([labels.totals, labels.period_count], bold=True)
    sheet.row([labels.tasks, totals.total])
    for standing in STANDINGS:
        sheet.row([labels.standing(standing), totals[standing]])
    sheet.row([labels.due_soon_count.format(days=report.soon_days), len(report.due_soon)])
    sheet.skip()

    # The formula last: its words run on to the right instead of widening a column that
    # the tables below share.
    sheet.row(
        [labels.sheet_rate, labels.sheet_value, labels.sheet_figures, labels.sheet_formula],
        bold=True,
        spill=True,
    )
    # The words and figures every report gives its rates (sections.rate_lines); the value
    # here is the number itself, shown as a percentage.
    ratios = (totals.completion_ratio, totals.on_time_ratio)
    for rate, ratio in zip(rate_lines(totals, labels), ratios, strict=True):
        sheet.row([rate.label, _percent(ratio, labels), rate.numbers, rate.formula], spill=True)

    if report.period is not None:
        summary = report.period
        sheet.skip()
        sheet.row([labels.period_item, labels.period_count], bold=True)
        for label, count in (
            (labels.period_assigned, summary.assigned),
            (labels.period_fell_due, summary.fell_due),
            (labels.period_done_on_time, summary.done_on_time),
            (labels.period_done_late, summary.done_late),
            (labels.period_cancelled, summary.cancelled),
            (labels.period_extensions, len(summary.extensions)),
        ):
            sheet.row([label, count])
    if report.roles is not None and report.agency is not None:
        sheet.skip()
        sheet.title(labels.roles.format(agency=report.agency.short_name))
        _count_heading(sheet, labels, labels.role, "")
        _count_row(sheet, labels, labels.as_lead, "", report.roles.lead)
        _count_row(sheet, labels, labels.as_partner, "", report.roles.partner)

    sheet.skip()
    sheet.title(labels.by_agency)
    _count_heading(sheet, labels, labels.agency, labels.sheet_code)
    for row in report.by_agency:
        name = row.agency.short_name if row.agency else row.code
        _count_row(sheet, labels, name, row.code, row.counts)
    sheet.skip()
    sheet.title(labels.by_area)
    _count_heading(sheet, labels, labels.area, "")
    for area in report.by_area:
        _count_row(sheet, labels, labels.area_name(area.area), "", area.counts)


def _count_heading(sheet: Sheet, labels: Labels, first: str, second: str) -> None:
    sheet.row(
        [
            first,
            second or None,
            labels.tasks_column,
            *(labels.standing_columns[standing] for standing in STANDINGS),
            labels.completion_column,
            labels.on_time_column,
        ],
        bold=True,
    )


def _count_row(sheet: Sheet, labels: Labels, name: str, code: str, counts: StandingCounts) -> None:
    sheet.row(
        [
            name,
            code or None,
            counts.total,
            *(counts[standing] for standing in STANDINGS),
            _percent(counts.completion_ratio, labels),
            _percent(counts.on_time_ratio, labels),
        ]
    )


def _names(report: StatusReport, codes: Sequence[str]) -> str | None:
    """Agencies by short name, joined by "; " as the task sheet joins their codes."""
    return "; ".join(report.short_name(code) for code in codes) or None


def _appendix(book: Workbook, report: StatusReport, labels: Labels) -> None:
    """Every task in scope, by id, as the report's phụ lục."""
    headings = {
        column.key: column.vi if labels.lang == "vi" else column.en for column in TASK_COLUMNS
    }
    columns = [SheetColumn(headings[key], kind) for key, kind in APPENDIX_COLUMNS]
    as_of = report.as_of
    # Up to 100,000 rows naming the same few agencies and words: each is made once.
    standing_words = {standing: labels.standing(standing) for standing in STANDINGS}
    leads: dict[str, str] = {}
    partners: dict[tuple[str, ...], str | None] = {}
    rows: list[list[Cell]] = []
    for task, standing in report.tasks:
        lead = leads.get(task.lead)
        if lead is None:
            lead = leads[task.lead] = report.short_name(task.lead)
        if task.partners in partners:
            with_partners = partners[task.partners]
        else:
            with_partners = partners[task.partners] = _names(report, task.partners)
        due = task.due  # the model's: the deadline the standing is judged against
        late = (as_of - due).days if standing is _OVERDUE and due is not None else None
        rows.append(
            [
                task.id,
                task.title,
                lead,
                with_partners,
                due,
                standing_words[standing],
                late,
                task.outcome or None,
            ]
        )
    book.table(labels.sheet_all_tasks, columns, rows)


def _deadline_list(book: Workbook, report: StatusReport, labels: Labels, *, overdue: bool) -> None:
    """The overdue tasks, longest overdue first, or those due soon, soonest first."""
    items: Sequence[tuple[TaskSummary, int]] = report.overdue if overdue else report.due_soon
    columns = [
        SheetColumn(labels.task_id, "number"),
        SheetColumn(labels.task),
        SheetColumn(labels.lead),
        SheetColumn(labels.partners),
        SheetColumn(labels.due, "date"),
        SheetColumn(labels.days_overdue if overdue else labels.days_left, "number"),
    ]
    rows: list[list[Cell]] = [
        [
            task.id,
            task.title,
            report.short_name(task.lead),
            _names(report, task.partners),
            task.due,
            days,
        ]
        for task, days in items
    ]
    book.table(labels.sheet_overdue if overdue else labels.sheet_due_soon, columns, rows)


def _extensions(book: Workbook, report: StatusReport, labels: Labels) -> None:
    """The tasks extended by the reporting date: original and current deadline, the
    latest extension's reason and document."""
    columns = [
        SheetColumn(labels.task_id, "number"),
        SheetColumn(labels.task),
        SheetColumn(labels.lead),
        SheetColumn(labels.original_deadline, "date"),
        SheetColumn(labels.current_deadline, "date"),
        SheetColumn(labels.reason),
        SheetColumn(labels.document),
    ]
    rows: list[list[Cell]] = [
        [
            item.task.id,
            item.task.title,
            report.short_name(item.task.lead),
            item.original,
            item.current,
            item.latest.reason or None,
            item.latest.document or None,
        ]
        for item in report.extended
    ]
    book.table(labels.sheet_extensions, columns, rows)
