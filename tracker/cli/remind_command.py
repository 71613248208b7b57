"""`tracker remind`: the chaser notes (đôn đốc) of the day, on screen or one file per agency."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tracker.cli.help_text import FilePath, TrackerCommand, option
from tracker.domain.dates import format_date
from tracker.i18n import N_, _

if TYPE_CHECKING:
    from tracker.cli.commands import Context

# tracker/reports/reminders.py's, repeated here so that `tracker --help` need not load it.
FORMATS = ("text", "markdown", "json", "html")


@click.command(
    cls=TrackerCommand,
    epilog=N_(
        "Examples:\n\n\b\n"
        "  tracker remind\n"
        "  tracker remind --agency HN-KHDT --days 7,3,1 --format markdown\n"
        "  tracker remind --as-of 30/11/2026 --format html --output-dir ~/don-doc\n"
        "  mkdir -p ~/don-doc   (the folder must exist)"
    ),
)
@option(
    "--agency",
    metavar=N_("CODE"),
    help=N_("Only the tasks this agency leads."),
)
@option(
    "--days",
    "days_text",
    metavar=N_("DAYS"),
    default="7,3,1",
    show_default=True,
    help=N_("Chase tasks due in exactly these numbers of days (comma-separated)."),
)
@option("--as-of", "as_of", metavar=N_("WHEN"), help=N_("The day of the notes (default: today)."))
@option(
    "--format",
    "fmt",
    type=click.Choice(list(FORMATS)),
    default="text",
    show_default=True,
    help=N_("Output format."),
)
@option(
    "--output-dir",
    "output_dir",
    type=FilePath(path_type=Path, file_okay=False),
    metavar=N_("DIR"),
    help=N_(
        "Write one note per agency into DIR, an existing folder (atomically), and print"
        " the files written; print nothing when there is nothing to chase."
    ),
)
@click.pass_obj
def remind(
    ctx: Context,
    agency: str | None,
    days_text: str,
    as_of: str | None,
    fmt: str,
    output_dir: Path | None,
) -> None:
    """Chaser notes (đôn đốc): per lead agency, its open tasks due in exactly the given
    numbers of days, and its overdue ones.

    Agencies with nothing to chase are left out; when nobody has anything to chase, the
    exit status is still 0.
    """
    from tracker.reports.reminders import parse_days, render_reminders

    days = parse_days(days_text)
    day = ctx.when(as_of, "--as-of") or ctx.today
    run = ctx.tracker.reminders(day, days, agency)
    if output_dir is not None:
        # Made for cron: a day with nothing to chase prints nothing, but a missing folder
        # is refused on that day too, not first on the day a note is due.
        for path in ctx.tracker.save_reminders(run, output_dir, fmt):
            click.echo(str(path))
        return
    if not run.notes:
        message = _("nothing to chase on {date}").format(date=format_date(run.as_of))
        click.echo(message, err=True)
        return
    sys.stdout.buffer.write(render_reminders(run, fmt))
    sys.stdout.flush()
