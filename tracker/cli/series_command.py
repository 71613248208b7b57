"""Periodic duties on the command line: `stop-repeating`, the --every/--until options'
reading, the line `close` prints about a next occurrence, and the series in `show`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

import click

from tracker.cli.help_text import TrackerCommand, argument, option
from tracker.domain.dates import format_date
from tracker.domain.model import Cadence, Task
from tracker.domain.series import cadence_label, in_a_series, parse_cadence
from tracker.domain.series import next_occurrence_line as line_after
from tracker.domain.standing import standing_as_of
from tracker.i18n import N_, _

if TYPE_CHECKING:
    from tracker.cli.commands import Context
    from tracker.service import Tracker

# The --every option's help: the English values a script types, and the Vietnamese words.
EVERY_HELP = N_(
    "Repeat as a periodic duty: month, quarter, half-year or year (also tháng, quý,"
    " 6 tháng, năm); closing each occurrence records the next one. Needs --due."
)
UNTIL_HELP = N_("With --every: the last day an occurrence may fall due.")


def cadence_given(text: str | None) -> Cadence | None:
    """The --every value as a cadence, None when not given; InvalidInput naming the option."""
    from tracker.domain.errors import InvalidInput

    if text is None:
        return None
    try:
        return parse_cadence(text)
    except InvalidInput as error:
        raise InvalidInput(
            _("{option}: {problem}").format(option="--every", problem=error)
        ) from None


def next_occurrence_line(tracker: Tracker, task: Task) -> str | None:
    """ "Next occurrence of #5: #9, due 31/03/2027." when `task`'s next one is open."""
    if task.next is None:
        return None
    return line_after(task, tracker.task_details(task.next).task)


def repeats_value(task: Task) -> str | None:
    """ "every quarter, until 31/12/2027" for a repeating task; None for one that does not."""
    if task.every is None:
        return None
    if task.until is not None:
        return _("{every}, until {until}").format(
            every=cadence_label(task.every), until=format_date(task.until)
        )
    return cadence_label(task.every)


def series_lines(task: Task, series: Sequence[Task], today: date) -> list[str]:
    """`show`'s section on a periodic duty: each occurrence with its deadline and standing,
    this one marked, and which come before and after it."""
    if not in_a_series(task):
        return []
    lines = ["", _("Series")]
    for member in series:
        due = format_date(member.due) if member.due else "—"
        mark = "▶" if member.id == task.id else " "
        standing = standing_as_of(member, today).label
        if member.deleted_on is not None:
            standing = _("withdrawn or deleted")
        lines.append(f"  {mark} #{member.id:<5} {due}  {standing}")
    if task.previous is not None:
        lines.append("  " + _("previous occurrence: #{id}").format(id=task.previous))
    if task.next is not None:
        lines.append("  " + _("next occurrence: #{id}").format(id=task.next))
    elif task.every is None and not task.is_closed:
        lines.append("  " + _("the series stops with this occurrence"))
    return lines


def series_json(task: Task, series: Sequence[Task], today: date) -> dict[str, Any]:
    """`show --format json`'s keys for a periodic duty: the cadence and the series."""
    return {
        "every": task.every.value if task.every else None,
        "until": task.until.isoformat() if task.until else None,
        "previous": task.previous,
        "next": task.next,
        "series": [
            {
                "id": member.id,
                "due": member.due.isoformat() if member.due else None,
                "status": member.status.value,
                "standing": standing_as_of(member, today).value,
                "deleted": member.deleted_on is not None,
            }
            for member in series
        ],
    }


@click.command(
    name="stop-repeating",
    cls=TrackerCommand,
    epilog=N_(
        'Example:\n\n\b\n  tracker stop-repeating 12 --reason "Chương trình hợp tác đã kết thúc"'
    ),
)
@argument("task_id", metavar=N_("ID"))
@option("--reason", metavar=N_("TEXT"), help=N_("Why the duty ends (kept in the history)."))
@click.pass_obj
def stop_repeating(ctx: Context, task_id: str, reason: str | None) -> None:
    """End a periodic duty: its open occurrence stays, but closing it records no next one.

    ID may be any occurrence of the series.
    """
    from tracker.cli.commands import task_ids

    (number,) = task_ids([task_id])
    task = ctx.tracker.stop_repeating(number, reason)
    click.echo(_("#{id} repeats no more").format(id=task.id))
