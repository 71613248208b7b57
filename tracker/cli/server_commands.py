"""`tracker init-db URL`: set up (or upgrade) the tracker's tables on a PostgreSQL server;
and `--db`'s value type, which takes a file's path or a server's URL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from tracker.cli.help_text import FilePath, TrackerCommand, argument
from tracker.i18n import N_, _
from tracker.service import init_server, is_server_url, shown_location


class DatabaseLocation(FilePath):
    """A database file's path, or a postgresql:// URL (kept as text: a path would fold its
    double slash)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """The URL as given, or the path as click.Path makes it."""
        if is_server_url(value):
            return str(value)
        return super().convert(value, param, ctx)


def database_setting(value: object) -> Path | str | None:
    """The `database` setting: a URL as text, a path as a Path, None if unset."""
    if not isinstance(value, str) or not value:
        return None
    return value if is_server_url(value) else Path(value)


@click.command(
    "init-db",
    cls=TrackerCommand,
    epilog=N_(
        "Example:\n\n\b\n"
        "  tracker init-db postgresql://tracker_owner@db.so-khdt.local/tracker\n"
        "  tracker --db postgresql://hn_khdt@db.so-khdt.local/tracker list"
    ),
)
@argument("url", metavar=N_("URL"))
def init_db(url: str) -> None:
    """Create the tracker's tables on a PostgreSQL server, or bring them up to this
    tracker's schema. Running it again changes nothing.

    The role in URL needs the right to create a schema in the database; the offices'
    roles then only need the rights the README lists.
    """
    found, now = init_server(url)
    server = shown_location(url)
    if found == now:
        click.echo(
            _("{server} already has the tracker tables (schema {version})").format(
                server=server, version=now
            )
        )
    elif found == 0:
        click.echo(
            _("created the tracker tables on {server} (schema {version})").format(
                server=server, version=now
            )
        )
    else:
        click.echo(
            _("upgraded the tracker tables on {server} from schema {old} to {new}").format(
                server=server, old=found, new=now
            )
        )
