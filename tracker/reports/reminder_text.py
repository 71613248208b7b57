"""Chaser notes as plain text, and the sentences every format of a note shares."""

from __future__ import annotations

from tracker.domain.dates import format_date
from tracker.domain.safe_text import visible
from tracker.i18n import _, ngettext, number
from tracker.reports.reminders import AgencyReminder, ChasedTask, ReminderRun

# Between two agencies' notes in one printout.
NOTE_BREAK = "\n" + "-" * 72 + "\n\n"


def note_title() -> str:
    """The heading of a chaser note."""
    return _("REMINDER OF TASKS DUE")


def addressee(note: AgencyReminder) -> str:
    """Who the note is sent to: the lead agency, named in full."""
    return _("To: {agency} ({code})").format(agency=note.agency.name, code=note.agency.code)


def dated(run: ReminderRun) -> str:
    """The note's date line."""
    return _("Date: {date}").format(date=format_date(run.as_of))


def due_in_heading(days: int, tasks: tuple[ChasedTask, ...]) -> str:
    """The heading over the tasks due in `days` days."""
    return ngettext(
        "Tasks due in {days} day, on {date}:", "Tasks due in {days} days, on {date}:", days
    ).format(days=days, date=format_date(tasks[0].deadline))


def overdue_heading() -> str:
    """The heading over the overdue tasks."""
    return _("Overdue tasks:")


def deadline_words(task: ChasedTask) -> str:
    """The task's deadline, and how many days overdue it is if it is."""
    if task.days < 0:
        return ngettext(
            "deadline {date}, {days} day overdue",
            "deadline {date}, {days} days overdue",
            task.days_overdue,
        ).format(date=format_date(task.deadline), days=number(task.days_overdue))
    return _("deadline {date}").format(date=format_date(task.deadline))


def partner_words(task: ChasedTask) -> str:
    """The partner agencies, or "" when there are none."""
    if not task.partner_names:
        return ""
    return _("partners: {agencies}").format(agencies=", ".join(task.partner_names))


def request_line() -> str:
    """What the note asks of the agency."""
    return _("Please report on the progress of these tasks to the sending office.")


def sender_line() -> str:
    """The line the sending office fills in and signs."""
    return _("Sending office: ........................................")


def groups(run: ReminderRun, note: AgencyReminder) -> list[tuple[str, tuple[ChasedTask, ...]]]:
    """The note's task groups with their headings: each number of days, then overdue."""
    found = []
    for days in run.days:
        tasks = tuple(task for task in note.due_soon if task.days == days)
        if tasks:
            found.append((due_in_heading(days, tasks), tasks))
    if note.overdue:
        found.append((overdue_heading(), note.overdue))
    return found


def _task_lines(task: ChasedTask) -> list[str]:
    details = "; ".join(part for part in (deadline_words(task), partner_words(task)) if part)
    return [f"  #{task.id}  {visible(task.title)}", f"       {visible(details)}"]


def _note(run: ReminderRun, note: AgencyReminder) -> str:
    lines = [note_title(), visible(addressee(note)), dated(run), ""]
    for heading, tasks in groups(run, note):
        lines.append(heading)
        for task in tasks:
            lines.extend(_task_lines(task))
        lines.append("")
    lines += [request_line(), "", sender_line()]
    return "\n".join(lines) + "\n"


def render(run: ReminderRun) -> str:
    """Every note of `run`, one after another, as plain text."""
    return NOTE_BREAK.join(_note(run, note) for note in run.notes)
