"""Report requests, pure: check one, build its model from the records given, render it to bytes."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime

import msgspec

from tracker.domain.errors import InvalidInput
from tracker.domain.model import Agency, Agreement, Meeting, TaskSummary
from tracker.domain.periods import Period
from tracker.domain.rules import check_agency, check_meeting
from tracker.i18n import _
from tracker.reports.formats import EXTENSIONS, FORMATS
from tracker.reports.labels import LANGUAGES, Labels, labels_for
from tracker.reports.letterhead import Letterhead
from tracker.reports.model import DUE_SOON_DAYS, StatusReport, build_report


def renderer(fmt: str) -> Callable[[StatusReport, Labels], str]:
    """The `render(report, labels)` function of `fmt`; KeyError for an unknown format.

    Each renderer is imported when its format is asked for: a report is made in one
    format, and the others (with csv and html) would cost milliseconds to load.
    """
    if fmt == "text":
        from tracker.reports.text import render
    elif fmt == "markdown":
        from tracker.reports.markdown import render
    elif fmt == "csv":
        from tracker.reports.csv_report import render
    elif fmt == "json":
        from tracker.reports.json_report import render
    elif fmt == "html":
        from tracker.reports.html import render
    else:
        raise KeyError(fmt)
    return render


class _ReportScope(msgspec.Struct, frozen=True):
    """Which report to make: format, language, reporting date and scope (None: all)."""

    fmt: str
    lang: str
    as_of: date
    agency: str | None
    meeting: str | None


# The options added later are keyword-only: a request that extends the spec (the UI's,
# with its file) can still add a required field and be built positionally.
class ReportSpec(_ReportScope, frozen=True, kw_only=True):
    """Which report to make: format, language, reporting date and scope (None: all).

    With `period`, `as_of` is the period's last day (`for_period`) and the report adds what
    happened within it; `soon_days` is the "due soon" window.
    """

    soon_days: int = DUE_SOON_DAYS
    period: Period | None = None
    # Only tasks that are part of no other (--top-level); by default every task counts once.
    top_level: bool = False
    # Who issues it: the official header of the Word report (and of the HTML page, when
    # given); None: no details at all, every one a dotted blank.
    letterhead: Letterhead | None = None


def for_period(
    period: Period, *, fmt: str, lang: str, agency: str | None = None, meeting: str | None = None
) -> ReportSpec:
    """The spec of a report for `period`: as of its last day."""
    return ReportSpec(fmt, lang, period.end, agency, meeting, period=period)


def report_file_name(as_of: date, fmt: str, period: Period | None = None) -> str:
    """The suggested file name: bao-cao-2019-10-01.html ("báo cáo" is "report"), or for a
    period bao-cao-2026-Q3.html."""
    named = period.code if period is not None else as_of.isoformat()
    return f"bao-cao-{named}.{EXTENSIONS[fmt]}"


def build(
    spec: ReportSpec,
    tasks: Iterable[TaskSummary],
    agencies: Mapping[str, Agency],
    meetings: Mapping[str, Meeting],
    agreements: Mapping[str, Agreement],
    generated_at: datetime,
) -> StatusReport:
    """The report model for `spec`; InvalidInput for an unknown agency, meeting or format."""
    if spec.fmt not in FORMATS:
        raise InvalidInput(_("unknown report format {fmt!r}").format(fmt=spec.fmt))
    if spec.lang not in LANGUAGES:
        raise InvalidInput(_("unknown report language {lang!r}").format(lang=spec.lang))
    agency = check_agency(spec.agency, dict(agencies)) if spec.agency else None
    meeting = check_meeting(spec.meeting, meetings) if spec.meeting else None
    if spec.top_level:
        tasks = [task for task in tasks if task.parent is None]
    report = build_report(
        tasks,
        spec.as_of,
        generated_at,
        agencies=agencies,
        meetings=meetings,
        agreements=agreements,
        agency=agency,
        meeting=meeting,
        soon_days=spec.soon_days,
        period=spec.period,
    )
    return report._replace(top_level=True) if spec.top_level else report


def encode_report(
    report: StatusReport, fmt: str, lang: str, letterhead: Letterhead | None = None
) -> bytes:
    """The report in `fmt` ("text" is the plain form) and `lang`, as a file's bytes.

    Text formats are UTF-8; docx and xlsx are the Office files. `letterhead` heads the
    official forms (docx, and html when given).
    """
    labels = labels_for(lang)
    if fmt == "docx":
        from tracker.reports.docx_report import render_bytes as render_docx

        return render_docx(report, labels, letterhead or Letterhead())
    if fmt == "xlsx":
        from tracker.reports.xlsx_report import render_bytes as render_xlsx

        return render_xlsx(report, labels)
    if fmt == "html":
        from tracker.reports.html import render as render_html

        return render_html(report, labels, letterhead).encode()
    if fmt == "json":
        from tracker.reports.json_report import render_bytes  # msgspec makes bytes already

        return render_bytes(report, labels)
    return renderer(fmt)(report, labels).encode()
