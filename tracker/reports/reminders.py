"""Reminders (đôn đốc), pure: which open tasks to chase on a day, grouped by lead agency.

An agency is chased for its open tasks that fall due in exactly one of the chosen numbers
of days (7, 3 and 1 by default: a note a week, three days and a day before) and for those
overdue. Lateness is judged against the deadline in force on the day (domain/deadlines.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date

import msgspec

from tracker.domain.deadlines import deadline_in_force
from tracker.domain.errors import InvalidInput
from tracker.domain.model import Agency, TaskSummary
from tracker.domain.standing import closed_as_of, exists_as_of
from tracker.i18n import _

DEFAULT_DAYS = (7, 3, 1)
REMINDER_FORMATS = ("text", "markdown", "json", "html")
REMINDER_EXTENSIONS = {"text": "txt", "markdown": "md", "json": "json", "html": "html"}


class ChasedTask(msgspec.Struct, frozen=True, gc=False):
    """One task an agency is chased for: its deadline in force and how far away it is."""

    id: int
    title: str
    deadline: date
    days: int  # days until the deadline; below zero, days overdue
    partners: tuple[str, ...]  # the partner agencies' codes
    partner_names: tuple[str, ...]  # the same agencies, named as a note shows them

    @property
    def days_overdue(self) -> int:
        """How many days past its deadline the task is (0 if it is not)."""
        return max(0, -self.days)


class AgencyReminder(msgspec.Struct, frozen=True, gc=False):
    """The chaser note of one lead agency: tasks falling due soon, then those overdue."""

    agency: Agency
    due_soon: tuple[ChasedTask, ...]  # nearest deadline first
    overdue: tuple[ChasedTask, ...]  # longest overdue first


class ReminderRun(msgspec.Struct, frozen=True, gc=False):
    """Every agency to chase on `as_of`, by code; agencies with nothing to chase are absent."""

    as_of: date
    days: tuple[int, ...]
    notes: tuple[AgencyReminder, ...]

    def only(self, note: AgencyReminder) -> ReminderRun:
        """This run narrowed to one agency's note: what its own file holds."""
        return ReminderRun(as_of=self.as_of, days=self.days, notes=(note,))


def parse_days(text: str) -> tuple[int, ...]:
    """The `--days` list ("7,3,1"): positive whole numbers, largest first, no repeats.

    InvalidInput naming the value for anything else.
    """
    parts = [part.strip() for part in text.split(",")]
    if not parts or not all(re.fullmatch(r"[0-9]{1,5}", part) for part in parts):
        raise InvalidInput(
            _("--days: {value!r} is not a list of whole numbers of days, such as 7,3,1").format(
                value=text
            )
        )
    days = {int(part) for part in parts}
    if 0 in days:
        raise InvalidInput(
            _("--days: {value!r}: each number of days must be 1 or more").format(value=text)
        )
    return tuple(sorted(days, reverse=True))


def partner_name(agency: Agency | None, code: str) -> str:
    """How a partner is named in a note: its short name, else its code."""
    return (agency.short or agency.name) if agency is not None else code


def build_reminders(
    tasks: Iterable[TaskSummary],
    agencies: Mapping[str, Agency],
    as_of: date,
    days: tuple[int, ...] = DEFAULT_DAYS,
    agency: str | None = None,
) -> ReminderRun:
    """The chaser notes due on `as_of`: per lead agency (only `agency`, if given), its open
    tasks falling due in exactly one of `days` and its overdue ones."""
    wanted = frozenset(days)
    chased: dict[str, tuple[list[ChasedTask], list[ChasedTask]]] = {}

    def name(code: str) -> str:
        return partner_name(agencies.get(code), code)

    for task in tasks:
        if agency is not None and task.lead != agency:
            continue
        if not exists_as_of(task, as_of) or closed_as_of(task, as_of):
            continue
        deadline = deadline_in_force(task, as_of)
        if deadline is None:
            continue
        away = (deadline - as_of).days
        if away >= 0 and away not in wanted:
            continue
        entry = ChasedTask(
            id=task.id,
            title=task.title,
            deadline=deadline,
            days=away,
            partners=task.partners,
            partner_names=tuple(map(name, task.partners)),
        )
        soon, overdue = chased.setdefault(task.lead, ([], []))
        (overdue if away < 0 else soon).append(entry)
    notes = []
    for code in sorted(chased):
        soon, overdue = chased[code]
        notes.append(
            AgencyReminder(
                agency=agencies.get(code) or Agency(code=code, name=code),
                due_soon=tuple(sorted(soon, key=lambda t: (t.days, t.id))),
                overdue=tuple(sorted(overdue, key=lambda t: (t.days, t.id))),
            )
        )
    return ReminderRun(as_of=as_of, days=tuple(days), notes=tuple(notes))


def reminder_file_name(note: AgencyReminder, as_of: date, fmt: str) -> str:
    """The note's file name: don-doc-HN-KHDT-2026-11-27.html ("đôn đốc" is "chase").

    Anything but letters, digits, '-' and '_' in the code becomes '-': the code names a
    file, never a folder.
    """
    code = re.sub(r"[^A-Za-z0-9_-]", "-", note.agency.code)
    return f"don-doc-{code}-{as_of.isoformat()}.{REMINDER_EXTENSIONS[fmt]}"


def render_reminders(run: ReminderRun, fmt: str) -> bytes:
    """The notes of `run` in `fmt`, in the interface language, as UTF-8 bytes.

    Each format's module is imported when asked for, as the report's are.
    """
    if fmt == "text":
        from tracker.reports.reminder_text import render
    elif fmt == "markdown":
        from tracker.reports.reminder_markdown import render
    elif fmt == "json":
        from tracker.reports.reminder_json import render
    elif fmt == "html":
        from tracker.reports.reminder_html import render
    else:
        raise InvalidInput(_("unknown reminder format {fmt!r}").format(fmt=fmt))
    return render(run).encode()
