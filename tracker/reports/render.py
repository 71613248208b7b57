"""One way in for the command line and the UI: check the request, build the report, render it."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime, time
from pathlib import Path

import msgspec

from tracker import clock
from tracker.domain.errors import InvalidInput
from tracker.domain.model import Agency, Agreement, Meeting, TaskSummary
from tracker.domain.rules import check_agency, check_meeting
from tracker.i18n import _
from tracker.reports.formats import EXTENSIONS, FORMATS
from tracker.reports.labels import LANGUAGES, Labels, labels_for
from tracker.reports.model import StatusReport, build_report
from tracker.service import Tracker


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


class ReportSpec(msgspec.Struct, frozen=True):
    """Which report to make: format, language, reporting date and scope (None: all)."""

    fmt: str
    lang: str
    as_of: date
    agency: str | None
    meeting: str | None


def report_file_name(as_of: date, fmt: str) -> str:
    """The suggested file name: bao-cao-2019-10-01.html ("báo cáo" is "report")."""
    return f"bao-cao-{as_of.isoformat()}.{EXTENSIONS[fmt]}"


def generated_now() -> datetime:
    """When a report is made: now, or midnight UTC of TRACKER_TODAY when that is set.

    With "today" frozen for demos and tests, the stamp is frozen too, so that the same
    data gives byte-for-byte the same report.
    """
    if os.environ.get("TRACKER_TODAY"):
        return datetime.combine(clock.today(), time(), tzinfo=UTC)
    return datetime.now().astimezone().replace(microsecond=0)


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
    return build_report(
        tasks,
        spec.as_of,
        generated_at,
        agencies=agencies,
        meetings=meetings,
        agreements=agreements,
        agency=agency,
        meeting=meeting,
    )


def encode_report(report: StatusReport, fmt: str, lang: str) -> bytes:
    """The report in `fmt` ("text" is the plain form) and `lang`, as UTF-8 bytes."""
    labels = labels_for(lang)
    if fmt == "json":
        from tracker.reports.json_report import render_bytes  # msgspec makes bytes already

        return render_bytes(report, labels)
    return renderer(fmt)(report, labels).encode()


def render_report(
    spec: ReportSpec,
    tasks: Iterable[TaskSummary],
    agencies: Mapping[str, Agency],
    meetings: Mapping[str, Meeting],
    agreements: Mapping[str, Agreement],
    generated_at: datetime,
) -> bytes:
    """The finished report for `spec` over these tasks; pure apart from reading `tasks`."""
    report = build(spec, tasks, agencies, meetings, agreements, generated_at)
    return encode_report(report, spec.fmt, spec.lang)


def read_report(
    tracker: Tracker, spec: ReportSpec, generated_at: datetime | None = None
) -> StatusReport:
    """Build the report for `spec` from one consistent read of the tracker's database."""
    with tracker.database.reading() as snapshot:
        return build(
            spec,
            snapshot.task_summaries(),
            snapshot.agencies(),
            snapshot.meetings(),
            snapshot.agreements(),
            generated_at or generated_now(),
        )


def save_report(
    tracker: Tracker, spec: ReportSpec, path: Path, generated_at: datetime | None = None
) -> Path:
    """Make the report and write it to `path` atomically: the whole file or nothing.

    For the UI's worker thread; returns the absolute path written, to tell the user where
    the report went. Raises InvalidInput (an agency or meeting no longer known) or
    StoreError (the folder does not exist, the disk is full), each with a one-line message.
    """
    report = read_report(tracker, spec, generated_at)
    tracker.write_file(path, encode_report(report, spec.fmt, spec.lang))
    return path.absolute()
