"""`tracker agencies update`: change an agency's names or locality; its code stays."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click
from msgspec import UNSET

from tracker.cli.help_text import TrackerCommand, argument, option
from tracker.domain.errors import InvalidInput
from tracker.i18n import N_, _
from tracker.service import AgencyChanges

if TYPE_CHECKING:
    from tracker.cli.commands import Context


@click.command(
    name="update",
    cls=TrackerCommand,
    epilog=N_(
        'Example:\n\n\b\n  tracker agencies update HN-CT --name "Sở Công Thương thành phố Hà Nội"'
    ),
)
@argument("code", metavar=N_("CODE"))
@option("--name", metavar=N_("NAME"), help=N_("New full name."))
@option("--short", metavar=N_("TEXT"), help=N_("New short name shown in tables."))
@option("--locality", metavar=N_("TEXT"), help=N_('New province or city, e.g. "Hà Nội".'))
@click.pass_obj
def agencies_update(
    ctx: Context, code: str, name: str | None, short: str | None, locality: str | None
) -> None:
    """Change an agency's name, short name or locality; its code, which tasks name it by,
    stays."""
    changes = AgencyChanges(
        name=UNSET if name is None else name,
        short=UNSET if short is None else short,
        locality=UNSET if locality is None else locality,
    )
    if changes == AgencyChanges():
        raise InvalidInput(_("nothing to change: give --name, --short or --locality"))
    agency = ctx.tracker.update_agency(code, changes)
    click.echo(_("agency {code} updated").format(code=agency.code))
