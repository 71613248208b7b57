"""`tracker copy SOURCE TARGET`: a whole database from a file to a server, or back, checked
after; with --merge, brought into a database that already holds records."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from tracker.cli.help_text import TrackerCommand, argument, option
from tracker.cli.server_commands import DatabaseLocation
from tracker.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from tracker.cli.commands import Context
    from tracker.copying import CopyResult


@click.command(
    "copy",
    cls=TrackerCommand,
    epilog=N_(
        "Settings (language, your name, the department's details) are not in the database "
        "but in your settings file: they are not copied.\n\n"
        "Examples:\n\n\b\n"
        "  tracker init-db postgresql://tracker_owner@db.so-khdt.local/tracker\n"
        "  tracker copy tracker.json postgresql://tracker_owner@db.so-khdt.local/tracker\n"
        "  tracker copy postgresql://hn_khdt@db.so-khdt.local/tracker ban-sao.json\n"
        "  tracker copy --merge tn-khdt.json postgresql://hn_khdt@db.so-khdt.local/tracker"
    ),
)
@argument("source", metavar=N_("SOURCE"), type=DatabaseLocation(path_type=Path, readable=False))
@argument("target", metavar=N_("TARGET"), type=DatabaseLocation(path_type=Path, readable=False))
@option(
    "--merge",
    is_flag=True,
    help=N_(
        "Bring SOURCE into a TARGET that already holds records, as `tracker import` does a "
        "file: new tasks are added, tasks present take in SOURCE's events."
    ),
)
@option("--dry-run", is_flag=True, help=N_("Show what would be copied, and write nothing."))
@click.pass_obj
def copy_stores(
    ctx: Context, source: Path | str, target: Path | str, merge: bool, dry_run: bool
) -> None:
    """Copy a whole database (a file's path or a postgresql:// URL) into another: every
    task with its history, deleted ones too, the agencies, meetings, agreements and the
    undo history, under the same ids. TARGET must hold no records yet (a new file is
    created; a server needs `tracker init-db` first); the copy is read back and compared.
    """
    from tracker.copying import copy_database  # the stores load only for this command

    result = copy_database(
        source,
        target,
        merge=merge,
        dry_run=dry_run,
        lock_timeout=ctx.lock_timeout,
        today=ctx.today,
        author=ctx.identity.author,
    )
    if result.merged is not None:
        _print_merge(result)
    else:
        click.echo(copy_summary(result))


def _print_merge(result: CopyResult) -> None:
    """What `tracker import` prints of the merge, then where from and to."""
    from tracker.cli import output
    from tracker.cli.merge_output import print_merged

    merged = result.merged
    assert merged is not None
    if result.dry_run:
        output.print_import_plan(merged)
        return
    print_merged(merged)
    click.echo(output.import_summary(merged))
    click.echo(
        _("merged {source} into {target}; verified").format(
            source=result.source, target=result.target
        )
    )


def copy_summary(result: CopyResult) -> str:
    """The line a copy ends with: how many of each, from where, to where."""
    from tracker.cli.output import counted

    n = result.counts
    # Each count carries its own plural; the sentence around them is translated whole.
    parts = {
        "tasks": ngettext("{n} task", "{n} tasks", n["tasks"]).format(n=counted(n["tasks"])),
        "agencies": ngettext("{n} agency", "{n} agencies", n["agencies"]).format(
            n=counted(n["agencies"])
        ),
        "meetings": ngettext("{n} meeting", "{n} meetings", n["meetings"]).format(
            n=counted(n["meetings"])
        ),
        "agreements": ngettext("{n} agreement", "{n} agreements", n["agreements"]).format(
            n=counted(n["agreements"])
        ),
        "journal": ngettext(
            "{n} undo history entry", "{n} undo history entries", n["changes"]
        ).format(n=counted(n["changes"])),
    }
    if result.dry_run:
        line = _(
            "dry run, nothing written: would copy {tasks}, {agencies}, {meetings}, "
            "{agreements} and {journal} from {source} to {target}"
        )
    else:
        line = _(
            "copied {tasks}, {agencies}, {meetings}, {agreements} and {journal} "
            "from {source} to {target}; verified"
        )
    return line.format(**parts, source=result.source, target=result.target)
