"""`tracker undo`: revert this user's latest change in this database, or show it first."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from tracker.cli.help_text import TrackerCommand, option
from tracker.domain.errors import RequestRefused
from tracker.domain.safe_text import visible
from tracker.i18n import N_

if TYPE_CHECKING:
    from tracker.cli.commands import Context


def echo_lines(lines: list[str]) -> None:
    """Print the lines, each one a line on the terminal whatever text it quotes (a note's
    control characters and line breaks shown visibly)."""
    for line in lines:
        click.echo(visible(line))


@click.command(
    cls=TrackerCommand,
    epilog=N_(
        "Examples:\n\n\b\n"
        "  tracker undo --list    # what would be undone\n"
        "  tracker undo\n"
        "  tracker undo           # again: redo"
    ),
)
@option(
    "--list",
    "preview",
    is_flag=True,
    help=N_("Show what would be undone, and change nothing (exit 1 if it cannot be)."),
)
@click.pass_obj
def undo(ctx: Context, preview: bool) -> None:
    """Undo your last change in this database: one command's worth (a close of five tasks
    is one undo), recorded as new events. Undo again to redo.

    It is refused when someone else has since changed a field it would put back.
    """
    from tracker.domain.undoing import preview_lines, refusal, undone_lines

    tracker = ctx.tracker
    if preview:
        plan = tracker.undo_preview()
        echo_lines(preview_lines(plan))
        reason = refusal(plan)
        if reason is not None:
            raise RequestRefused(reason)
        return
    echo_lines(undone_lines(tracker.undo()))
