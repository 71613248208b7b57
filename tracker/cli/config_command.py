"""`tracker config`: read and change the settings file (tracker/settings.py)."""

from __future__ import annotations

from pathlib import Path

import click

from tracker import settings
from tracker.cli.help_text import TrackerGroup, argument
from tracker.domain.errors import RequestRefused
from tracker.domain.safe_text import visible
from tracker.i18n import N_, _


@click.group(
    cls=TrackerGroup,
    invoke_without_command=True,
    epilog=N_(
        "Examples:\n\n\b\n"
        "  tracker config list\n"
        "  tracker config set language vi\n"
        "  tracker config set database ~/Documents/hop-tac.json\n"
        '  tracker config set department.name "SỞ KẾ HOẠCH VÀ ĐẦU TƯ"\n'
        "  tracker config get language\n"
        "  tracker config unset database\n"
        "  tracker config path"
    ),
)
@click.pass_context
def config(ctx: click.Context) -> None:
    """Show or change your settings: language, database, department (default: list them)."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(config_list)


def _path() -> Path:
    return settings.settings_path()


@config.command(name="get", epilog=N_("Example:\n\n\b\n  tracker config get language"))
@argument("key", metavar=N_("KEY"))
def config_get(key: str) -> None:
    """Print the value of one setting; exit status 1 if it is not set."""
    values = settings.load(_path())
    if key in values:
        click.echo(settings.as_text(values[key]))
    elif key not in settings.KNOWN:
        raise settings.unknown_key(key)
    else:
        raise RequestRefused(_("the setting {key} is not set").format(key=key))


@config.command(name="set", epilog=N_("Example:\n\n\b\n  tracker config set language vi"))
@argument("key", metavar=N_("KEY"))
@argument("value", metavar=N_("VALUE"))
def config_set(key: str, value: str) -> None:
    """Save a setting; the language is vi or en."""
    path = _path()
    saved = settings.set_value(path, key, value)
    click.echo(_("saved {key} = {value} in {path}").format(key=key, value=saved, path=path))


@config.command(name="unset", epilog=N_("Example:\n\n\b\n  tracker config unset database"))
@argument("key", metavar=N_("KEY"))
def config_unset(key: str) -> None:
    """Remove a setting, so that its default applies again."""
    path = _path()
    values = settings.load(path)
    if key not in values and key not in settings.KNOWN:
        raise settings.unknown_key(key)
    if not settings.unset(path, key):
        raise RequestRefused(_("the setting {key} is not set").format(key=key))
    click.echo(_("removed {key} from {path}").format(key=key, path=path))


@config.command(name="list", epilog=N_("Example:\n\n\b\n  tracker config list"))
def config_list() -> None:
    """List every setting with its value and what it means."""
    from tracker.cli import output

    values = settings.load(_path())
    rows = [
        (
            key,
            settings.as_text(values[key]) if key in values else _("(not set)"),
            _(setting.meaning),
        )
        for key, setting in settings.KNOWN.items()
    ]
    rows += [
        (key, settings.as_text(value), _("(not used by this version of tracker; kept)"))
        for key, value in sorted(values.items())
        if key not in settings.KNOWN
    ]
    header = (_("setting"), _("value"), _("meaning"))
    click.echo(output.format_table(header, [tuple(map(visible, row)) for row in rows]))


@config.command(name="path", epilog=N_("Example:\n\n\b\n  tracker config path"))
def config_path() -> None:
    """Print where the settings file is (it may not exist yet)."""
    click.echo(_path())
