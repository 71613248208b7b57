"""What `tracker import` says about the tasks already present that it merged: each event
that came in, and each field both offices changed, so that a person can check them."""

from __future__ import annotations

from collections.abc import Callable

import click

from tracker.cli.output import history_line
from tracker.domain.history import field_label, shown_value
from tracker.domain.merge import BothSides
from tracker.domain.safe_text import visible
from tracker.i18n import _
from tracker.service import ImportResult

# A weekly exchange brings a handful of changes; a full copy of another office may bring
# thousands, which `tracker log` lists better than a screenful here.
SHOWN_EVENTS = 40


def print_merged(result: ImportResult, echo: Callable[[str], None] = click.echo) -> None:
    """The events the file brought to tasks already here, then the both-sides fields."""
    events = [(update.task_id, event) for update in result.updated for event in update.new_events]
    if events:
        if result.dry_run:
            echo(_("Would take in from the file:"))
        else:
            echo(_("Came in from the file:"))
        for task_id, event in events[:SHOWN_EVENTS]:
            echo(f"  #{task_id}{history_line(event)}")  # as `show` words it
        hidden = len(events) - SHOWN_EVENTS
        if hidden > 0:
            echo(_("  … and {n} more (`tracker log` lists them all)").format(n=hidden))
    both = [(update.task_id, side) for update in result.updated for side in update.both_sides]
    if both:
        echo(_("Changed on both sides (the later change is kept; check these):"))
        for task_id, side in both:
            echo(f"  #{task_id}  {both_sides_line(side)}")


def both_sides_line(side: BothSides) -> str:
    """A field both sides changed: its value here, in the file, and the one kept."""
    return _("{field}: ours {ours}, theirs {theirs} → kept {kept}").format(
        field=field_label(side.field),
        ours=visible(shown_value(side.field, side.ours)),
        theirs=visible(shown_value(side.field, side.theirs)),
        kept=visible(shown_value(side.field, side.kept)),
    )
