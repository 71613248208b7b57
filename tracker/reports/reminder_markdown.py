"""Chaser notes as Markdown: a heading per note, a list per group of tasks."""

from __future__ import annotations

from tracker.reports.markdown import escape
from tracker.reports.reminder_text import (
    addressee,
    dated,
    deadline_words,
    groups,
    note_title,
    partner_words,
    request_line,
    sender_line,
)
from tracker.reports.reminders import AgencyReminder, ReminderRun


def _note(run: ReminderRun, note: AgencyReminder) -> str:
    lines = [f"# {escape(note_title())}", "", escape(addressee(note)), "", escape(dated(run)), ""]
    for heading, tasks in groups(run, note):
        lines += [f"## {escape(heading)}", ""]
        for task in tasks:
            details = "; ".join(p for p in (deadline_words(task), partner_words(task)) if p)
            lines.append(f"- #{task.id} {escape(task.title)} — {escape(details)}")
        lines.append("")
    lines += [escape(request_line()), "", escape(sender_line())]
    return "\n".join(lines) + "\n"


def render(run: ReminderRun) -> str:
    """Every note of `run` as Markdown, separated by a horizontal rule."""
    return "\n---\n\n".join(_note(run, note) for note in run.notes)
