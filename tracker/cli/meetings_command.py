"""`tracker meetings update`: change a recorded meeting's details; its id stays."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click
from msgspec import UNSET

from tracker.cli.help_text import TrackerCommand, argument, option
from tracker.domain.errors import InvalidInput
from tracker.i18n import N_, _
from tracker.service import MeetingChanges

if TYPE_CHECKING:
    from tracker.cli.commands import Context


@click.command(
    name="update",
    cls=TrackerCommand,
    epilog=N_(
        "Examples:\n\n\b\n"
        '  tracker meetings update 2019-06-21-hn-tn --document "215/TB-VP"\n'
        '  tracker meetings update 2026-12-10-hn-tn --date 12/12/2026 --chair "Nguyễn Văn A"'
    ),
)
@argument("meeting_id", metavar=N_("ID"))
@option("--title", metavar=N_("TEXT"), help=N_("New meeting title."))
@option("--date", "when", metavar=N_("WHEN"), help=N_("New meeting date, e.g. 10/12/2026."))
@option("--place", metavar=N_("TEXT"), help=N_("Where it was held."))
@option("--agreement", metavar=N_("CODE"), help=N_("Cooperation agreement, e.g. HN-TN."))
@option("--no-agreement", is_flag=True, help=N_("Remove the agreement."))
@option(
    "--chair",
    "chairs",
    multiple=True,
    metavar=N_("NAME"),
    help=N_("Chair; replaces the list; repeat for several."),
)
@option("--notes", metavar=N_("TEXT"), help=N_("Notes or conclusions; replaces them."))
@option(
    "--document",
    metavar=N_("NO"),
    help=N_("The conclusion document's number; an empty one removes it."),
)
@click.pass_obj
def meetings_update(
    ctx: Context,
    meeting_id: str,
    title: str | None,
    when: str | None,
    place: str | None,
    agreement: str | None,
    no_agreement: bool,
    chairs: tuple[str, ...],
    notes: str | None,
    document: str | None,
) -> None:
    """Change a meeting's details; its id, which its tasks name it by, stays."""
    if agreement is not None and no_agreement:
        raise InvalidInput(_("give --agreement or --no-agreement, not both"))
    tracker = ctx.tracker  # opened first, as `add` does: its errors come before the date's
    day = ctx.when(when, "--date")
    changes = MeetingChanges(
        title=UNSET if title is None else title,
        date=UNSET if day is None else day,
        place=UNSET if place is None else place,
        agreement=None if no_agreement else UNSET if agreement is None else agreement,
        chairs=tuple(c.strip() for c in chairs if c.strip()) if chairs else UNSET,
        notes=UNSET if notes is None else notes.strip(),
        document=UNSET if document is None else document,
    )
    if changes == MeetingChanges():
        raise InvalidInput(_("nothing to change: give a new value, e.g. --document"))
    meeting = tracker.update_meeting(meeting_id, changes)
    click.echo(_("meeting {id} updated").format(id=meeting.id))
