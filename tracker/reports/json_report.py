"""The whole report as JSON, for scripts; dates ISO (YYYY-MM-DD), keys in English.

Top-level keys:

- `report`: "coop-tracker-status", `version`: 1, `lang`: "vi" or "en" (of the labels below).
- `title`, `as_of` (date), `generated_at` (ISO timestamp with offset).
- `scope`: {`agency`: null or {code, name, short}, `meeting`: null or {id, title, date}},
  and `top_level`: true when only tasks that are part of no other are counted (absent else).
- `agreements`: [{code, title, parties}] of the meetings covered.
- `meetings`: [{id, title, date, place, agreement}] the tasks in scope come from, by date.
- `formulas`: {`completion_rate`: "done / (done + overdue)",
  `on_time_rate`: "done on time / (done + overdue)"}.
- `labels`: {standing: its words in `lang`} for the five standings.
- `totals`: a counts object (below).
- `roles`: null, or with --agency {`lead`: counts, `partner`: counts}.
- `agencies`: [{code, name, short, ...counts}] by lead agency, most overdue first, then most open.
- `overdue`: [{id, title, lead, partners, due, days_overdue}], longest overdue first.
- `due_soon`: {`days`, `count`, `from`, `to`, `tasks`: [{id, title, lead, partners, due,
  days_left}]}: open tasks due from the reporting date to `days` days after it (7 unless
  `report --soon` says otherwise), already counted in `open_in_time`.
- `extensions`: {`count`, `tasks`: [{id, title, lead, original_due, due, granted_on, reason,
  document}]}: tasks extended by the reporting date, by id: the deadline they were given,
  the one in force on the reporting date, and their latest extension.
- `period`: null, or with --period {`kind` (month, quarter, six_months, nine_months, year),
  `code` (2026-Q3), `label` (its words in `lang`), `start`, `end`, `assigned`, `fell_due`,
  `done_on_time`, `done_late`, `cancelled`, `extensions`: [{id, title, lead, granted_on,
  previous_due, due, reason, document}]}: what happened within the period; `as_of` is `end`.
- `closed_recently`: {`from`, `to`, `tasks`: [{id, title, lead, closed_on, due, standing,
  days_late, outcome}]}: tasks done or cancelled in the 30 days up to the reporting date.
- `areas`: [{area (null: none), label, ...counts}], most tasks first.
- `tasks`: [{id, uuid, title, lead, partners, meeting, area, due, status, standing,
  closed_on, outcome, days_overdue}] every task in scope, by id; `standing` is as of the
  reporting date, the other fields as stored now.

A counts object has `tasks`, `done_on_time`, `done_late`, `open_in_time`, `open_overdue`,
`cancelled` (the Standing values), `completion_rate` and `on_time_rate` (fractions from 0
to 1, or null when nothing is done or overdue: not applicable).
"""

from __future__ import annotations

from typing import Any

import msgspec

from tracker.domain import fields
from tracker.domain.dates import format_iso
from tracker.domain.model import Agency
from tracker.domain.safe_text import escape_json_controls
from tracker.domain.standing import Standing
from tracker.process import collector_paused
from tracker.reports.labels import Labels
from tracker.reports.model import STANDINGS, PeriodSummary, StandingCounts, StatusReport
from tracker.reports.sections import report_title

OVERDUE = Standing.OPEN_OVERDUE
FORMAT_NAME = "coop-tracker-status"
FORMAT_VERSION = 1
TASK_KEYS = (*fields.header(fields.STANDING), "days_overdue")
# One task of `tasks`: a record msgspec encodes as an object with these keys in this order.
_TaskRow = msgspec.defstruct("TaskRow", [(key, Any) for key in TASK_KEYS], gc=False)


def counts_object(counts: StandingCounts) -> dict[str, Any]:
    """The counts by standing as a JSON object, with the total and the completion rate."""
    record: dict[str, Any] = {"tasks": counts.total}
    record.update({standing.value: counts[standing] for standing in STANDINGS})
    record["completion_rate"] = counts.completion_rate
    record["on_time_rate"] = counts.on_time_rate
    return record


def _agency(agency: Agency) -> dict[str, Any]:
    return {"code": agency.code, "name": agency.name, "short": agency.short}


def report_object(report: StatusReport, labels: Labels) -> dict[str, Any]:
    """The report as data msgspec writes as JSON (plain values, and records for tasks)."""
    as_of = report.as_of
    meeting = report.meeting
    return {
        "report": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "lang": labels.lang,
        "title": report_title(report, labels),
        "as_of": as_of.isoformat(),
        "generated_at": report.generated_at.isoformat(),
        "scope": {
            "agency": _agency(report.agency) if report.agency else None,
            "meeting": (
                {"id": meeting.id, "title": meeting.title, "date": meeting.date.isoformat()}
                if meeting
                else None
            ),
            # Only when set, so that a report of every task reads as it always has.
            **({"top_level": True} if report.top_level else {}),
        },
        "agreements": [
            {"code": a.code, "title": a.title, "parties": list(a.parties)}
            for a in report.agreements
        ],
        "meetings": [
            {
                "id": m.id,
                "title": m.title,
                "date": m.date.isoformat(),
                "place": m.place,
                "agreement": m.agreement,
            }
            for m in report.meetings
        ],
        "formulas": {
            "completion_rate": labels.completion_formula,
            "on_time_rate": labels.on_time_formula,
        },
        "labels": {standing.value: labels.standing(standing) for standing in STANDINGS},
        "totals": counts_object(report.totals),
        "roles": (
            {
                "lead": counts_object(report.roles.lead),
                "partner": counts_object(report.roles.partner),
            }
            if report.roles
            else None
        ),
        "agencies": [
            {
                "code": row.code,
                "name": row.agency.name if row.agency else row.code,
                "short": row.agency.short if row.agency else "",
                **counts_object(row.counts),
            }
            for row in report.by_agency
        ],
        "overdue": [
            {
                "id": item.task.id,
                "title": item.task.title,
                "lead": item.task.lead,
                "partners": list(item.task.partners),
                "due": format_iso(item.task.due),
                "days_overdue": item.days_overdue,
            }
            for item in report.overdue
        ],
        "due_soon": {
            "days": report.soon_days,
            "count": len(report.due_soon),
            "from": as_of.isoformat(),
            "to": report.due_soon_until.isoformat(),
            "tasks": [
                {
                    "id": item.task.id,
                    "title": item.task.title,
                    "lead": item.task.lead,
                    "partners": list(item.task.partners),
                    "due": format_iso(item.task.due),
                    "days_left": item.days_left,
                }
                for item in report.due_soon
            ],
        },
        "closed_recently": {
            "from": report.closed_since.isoformat(),
            "to": as_of.isoformat(),
            "tasks": [
                {
                    "id": item.task.id,
                    "title": item.task.title,
                    "lead": item.task.lead,
                    "closed_on": format_iso(item.task.closed_on),
                    "due": format_iso(item.task.due),
                    "standing": item.standing.value,
                    "days_late": item.days_late,
                    "outcome": item.task.outcome,
                }
                for item in report.closed_recently
            ],
        },
        "extensions": {
            "count": len(report.extended),
            "tasks": [
                {
                    "id": item.task.id,
                    "title": item.task.title,
                    "lead": item.task.lead,
                    "original_due": format_iso(item.original),
                    "due": format_iso(item.current),
                    "granted_on": item.latest.set_on.isoformat(),
                    "reason": item.latest.reason,
                    "document": item.latest.document,
                }
                for item in report.extended
            ],
        },
        "period": _period_object(report.period, labels) if report.period else None,
        "areas": [
            {"area": row.area, "label": labels.area_name(row.area), **counts_object(row.counts)}
            for row in report.by_area
        ],
        # The longest list by far, made a column at a time in C (tracker/domain/fields.py)
        # into records msgspec writes as objects: dates and enums go to msgspec as they
        # are (it writes them as ISO dates and values), with no dict per task.
        "tasks": _task_rows(report),
    }


def _period_object(summary: PeriodSummary, labels: Labels) -> dict[str, Any]:
    period = summary.period
    return {
        "kind": period.kind.value,
        "code": period.code,
        "label": period.words(labels.lang),
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "assigned": summary.assigned,
        "fell_due": summary.fell_due,
        "done_on_time": summary.done_on_time,
        "done_late": summary.done_late,
        "cancelled": summary.cancelled,
        "extensions": [
            {
                "id": item.task.id,
                "title": item.task.title,
                "lead": item.task.lead,
                "granted_on": item.granted.set_on.isoformat(),
                "previous_due": format_iso(item.previous),
                "due": format_iso(item.granted.due),
                "reason": item.granted.reason,
                "document": item.granted.document,
            }
            for item in summary.extensions
        ],
    }


def _task_rows(report: StatusReport) -> list[Any]:
    as_of = report.as_of
    tasks = [task for task, _standing in report.tasks]
    standings = [standing for _task, standing in report.tasks]
    days_overdue = (
        (as_of - task.due).days if standing is OVERDUE and task.due else 0
        for task, standing in report.tasks
    )
    return list(map(_TaskRow, *fields.value_columns(tasks, [standings]), days_overdue))


def render_bytes(report: StatusReport, labels: Labels) -> bytes:
    """The report as JSON bytes, encoded in one call."""
    # Some 180,000 dicts and lists at 100,000 tasks, made and dropped here.
    with collector_paused():
        encoded = msgspec.json.encode(report_object(report, labels))
    # msgspec escapes C0 only; a terminal would act on a raw C1 or bidi control.
    return escape_json_controls(msgspec.json.format(encoded, indent=2)) + b"\n"


def render(report: StatusReport, labels: Labels) -> str:
    """The report as JSON text."""
    return render_bytes(report, labels).decode()
