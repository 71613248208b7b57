"""`tracker log`: the audit trail of the database or of one task, newest first: when, who,
what (tracker/domain/audit.py)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click
import msgspec

from tracker.cli.help_text import TrackerCommand, argument, option
from tracker.domain.audit import LogEntry, author_label, recorded_at, short_title
from tracker.domain.history import describe, event_record
from tracker.domain.safe_text import visible
from tracker.i18n import N_, _

if TYPE_CHECKING:
    from tracker.cli.commands import Context


@click.command(
    name="log",
    cls=TrackerCommand,
    epilog=N_(
        "Examples:\n\n\b\n"
        "  tracker log\n"
        "  tracker log 12\n"
        '  tracker log --since "1/12/2026" --by HN-KHDT\n'
        '  tracker log --by "nguyen van a" --format json'
    ),
)
@argument("task_id", metavar=N_("[ID]"), required=False)
@option(
    "--since",
    metavar=N_("WHEN"),
    help=N_("Only changes recorded on or after this day, e.g. 1/12/2026, -7d."),
)
@option(
    "--by",
    metavar=N_("NAME"),
    help=N_("Only changes by this person or agency code, ignoring case and diacritics."),
)
@option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help=N_("How to show them; json prints an array for scripts."),
)
@click.pass_obj
def log(ctx: Context, task_id: str | None, since: str | None, by: str | None, fmt: str) -> None:
    """Show who changed what and when (the audit trail), newest first: of every task, or
    of the task ID."""
    from tracker.cli.commands import task_ids

    number = task_ids([task_id])[0] if task_id is not None else None
    tracker = ctx.tracker  # opened first: a missing database is its error, before the date
    day = ctx.when(since, "--since")
    wanted = by.strip() if by is not None and by.strip() else None
    entries = tracker.audit_log(number, day, wanted)
    if fmt == "json":
        from tracker.cli.output import dump_json

        sys.stdout.buffer.write(dump_json([log_record(entry) for entry in entries]))
        sys.stdout.flush()
        return
    if not entries:
        click.echo(_("no changes match"), err=True)
        return
    click.echo(log_table(entries, whole=number is None))


def log_record(entry: LogEntry) -> dict[str, Any]:
    """One change as `log --format json` writes it: the task, the event's keys as exports
    write them, and the event in words."""
    record: dict[str, Any] = {"task": entry.task_id, "uuid": entry.uuid, "title": entry.title}
    record.update(event_record(msgspec.to_builtins(entry.event)))
    record["what"] = describe(entry.event)
    return record


def log_table(entries: Sequence[LogEntry], whole: bool) -> str:
    """The trail as columns: when, who, the task (for the whole database), what."""
    from tracker.cli.output import format_table

    header = [_("When"), _("Who"), _("What")]
    if whole:
        header.insert(2, _("Task"))
    rows = []
    for entry in entries:
        event = entry.event
        row = [recorded_at(event), visible(author_label(event.by)), _one_line(describe(event))]
        if whole:
            row.insert(2, f"#{entry.task_id} {visible(short_title(entry.title))}")
        rows.append(row)
    return format_table(header, rows, wrap_last=sys.stdout.isatty())


def _one_line(text: str) -> str:
    """A note of several lines on the trail's one line: its lines joined by " / "."""
    return visible(" / ".join(line.strip() for line in text.splitlines() if line.strip()))
