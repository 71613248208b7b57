"""The detail pane's account of a meeting: what the meeting view shows for the meeting chosen."""

from __future__ import annotations

from collections.abc import Mapping

from rich.console import Group as RichGroup
from rich.table import Table
from rich.text import Text

from tracker.domain.dates import format_date
from tracker.domain.model import Agreement, Meeting
from tracker.domain.safe_text import visible, visible_lines
from tracker.i18n import _


def describe_meeting(meeting: Meeting, agreements: Mapping[str, Agreement]) -> RichGroup:
    """A renderable of one meeting: its title, then date, place, agreement, chairs,
    conclusion document and notes (the fields it has)."""
    fields = Table.grid(padding=(0, 1))
    fields.add_column(style="bold", no_wrap=True)
    fields.add_column(ratio=1)
    fields.add_row(_("Date"), Text(format_date(meeting.date)))
    if meeting.place:
        fields.add_row(_("Place"), Text(visible(meeting.place)))
    if meeting.agreement:
        agreement = agreements.get(meeting.agreement)
        line = Text(visible(agreement.title if agreement else meeting.agreement))
        line.append(f" ({visible(meeting.agreement)})", style="dim")
        fields.add_row(_("Agreement"), line)
    for number, chair in enumerate(meeting.chairs):
        fields.add_row(_("Chairs") if number == 0 else "", Text(visible(chair)))
    if meeting.document:
        fields.add_row(_("Conclusion document"), Text(visible(meeting.document)))
    parts: list[Table | Text] = [
        Text(visible(meeting.title), style="bold"),
        Text(visible(meeting.id), style="dim"),
        Text(""),
        fields,
    ]
    if meeting.notes:
        parts += [Text(""), Text(visible_lines(meeting.notes))]
    return RichGroup(*parts)
