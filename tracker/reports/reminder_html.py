"""Chaser notes as one printable HTML page: each agency's note on a page of its own."""

from __future__ import annotations

from html import escape

from tracker.i18n import language
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

_STYLE = (
    "body{font-family:'Times New Roman',serif;max-width:48em;margin:2em auto;line-height:1.4}"
    "section{break-after:page}section:last-child{break-after:auto}"
    "h1{font-size:1.3em;text-align:center}h2{font-size:1.05em}"
    ".sender{margin-top:3em}"
)


def _note(run: ReminderRun, note: AgencyReminder) -> str:
    parts = [
        "<section>",
        f"<h1>{escape(note_title())}</h1>",
        f"<p>{escape(addressee(note))}</p>",
        f"<p>{escape(dated(run))}</p>",
    ]
    for heading, tasks in groups(run, note):
        parts += [f"<h2>{escape(heading)}</h2>", "<ul>"]
        for task in tasks:
            details = "; ".join(p for p in (deadline_words(task), partner_words(task)) if p)
            parts.append(f"<li>#{task.id} {escape(task.title)} — {escape(details)}</li>")
        parts.append("</ul>")
    parts += [
        f"<p>{escape(request_line())}</p>",
        f'<p class="sender">{escape(sender_line())}</p>',
        "</section>",
    ]
    return "\n".join(parts)


def render(run: ReminderRun) -> str:
    """Every note of `run` in one HTML document, a page break between agencies."""
    title = escape(note_title())
    body = "\n".join(_note(run, note) for note in run.notes)
    return (
        f'<!DOCTYPE html>\n<html lang="{language()}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n{body}\n"
        "</body>\n</html>\n"
    )
