"""The detail pane: everything about the selected task, with its dated history."""

from __future__ import annotations

from datetime import date

from rich.console import Group as RichGroup
from rich.table import Table
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from tracker.domain.dates import describe_due, format_date
from tracker.domain.history import describe
from tracker.domain.model import AREAS, Agency, Agreement, EventKind, Meeting
from tracker.domain.safe_text import visible, visible_lines
from tracker.domain.standing import STANDING_SYMBOLS
from tracker.i18n import _
from tracker.ui.board import Row
from tracker.ui.widgets.meeting_details import describe_meeting

STANDING_STYLES = {
    "done_on_time": "green",
    "done_late": "yellow",
    "open_in_time": "",
    "open_overdue": "bold red",
    "cancelled": "dim",
}


def _agency_line(agencies: dict[str, Agency], code: str) -> Text:
    agency = agencies.get(code)
    text = Text(visible(agency.name if agency else code))
    text.append(f" ({visible(code)})", style="dim")
    return text


def describe_task(
    row: Row, agencies: dict[str, Agency], meetings: dict[str, Meeting], today: date
) -> RichGroup:
    """A renderable of one task for the detail pane."""
    task = row.task
    fields = Table.grid(padding=(0, 1))
    fields.add_column(style="bold", no_wrap=True)
    fields.add_column(ratio=1)
    fields.add_row(_("Lead"), _agency_line(agencies, task.lead))
    for number, code in enumerate(task.partners):
        fields.add_row(_("Partners") if number == 0 else "", _agency_line(agencies, code))
    meeting = meetings.get(task.meeting) if task.meeting else None
    if meeting:
        fields.add_row(
            _("Meeting"), Text(f"{visible(meeting.title)} ({format_date(meeting.date)})")
        )
    if task.area:
        # Indexed, not .get(): the domain's table names each area in the language of now.
        area = AREAS[task.area] if task.area in AREAS else task.area  # noqa: SIM401
        fields.add_row(_("Area"), Text(visible(area)))
    due = Text(_("no deadline"), style="dim")
    if task.due:
        due = Text(format_date(task.due))
        if row.bucket is not None:
            due.append(f" ({describe_due(task.due, today)})", style=STANDING_STYLES[row.standing])
    fields.add_row(_("Due"), due)
    standing = Text(f"{STANDING_SYMBOLS[row.standing]} {row.standing.label}")
    standing.stylize(STANDING_STYLES[row.standing])
    fields.add_row(_("Status"), Text.assemble(task.status.label, " — ", standing))
    if task.closed_on:
        fields.add_row(_("Closed"), Text(format_date(task.closed_on)))
    if task.outcome:
        fields.add_row(_("Outcome"), Text(visible_lines(task.outcome)))
    parts: list[Table | Text] = [
        Text(f"#{task.id} {visible(task.title)}", style="bold"),
        Text(""),
        fields,
    ]
    if task.description:
        parts += [Text(""), Text(visible_lines(task.description))]
    if task.history:
        history = Table.grid(padding=(0, 1))
        history.add_column(style="dim", no_wrap=True)
        history.add_column(ratio=1)
        for event in task.history:
            # Recorded changes are quieter than the notes people wrote.
            style = "" if event.kind is EventKind.NOTE else "italic"
            history.add_row(
                format_date(event.on), Text(visible_lines(describe(event)), style=style)
            )
        parts += [Text(""), Text(_("History"), style="bold underline"), history]
    return RichGroup(*parts)


class DetailPane(VerticalScroll):
    """Scrollable details of the highlighted task."""

    DEFAULT_CSS = """
    DetailPane > Static { width: 1fr; padding: 0 1; }
    """

    def compose(self):  # type: ignore[no-untyped-def]
        """One Static holds the whole description."""
        yield Static(id="detail-body")

    def show(
        self,
        row: Row | None,
        agencies: dict[str, Agency],
        meetings: dict[str, Meeting],
        today: date,
    ) -> None:
        """Describe the task of `row`, or say that none is selected."""
        body = self.query_one("#detail-body", Static)
        if row is None:
            body.update(Text(_("No task selected."), style="dim italic"))
        else:
            body.update(describe_task(row, agencies, meetings, today))
        self.scroll_home(animate=False)

    def show_meeting(self, meeting: Meeting, agreements: dict[str, Agreement]) -> None:
        """Describe the meeting chosen in the meeting view (title, date, chairs, ...)."""
        self.query_one("#detail-body", Static).update(describe_meeting(meeting, agreements))
        self.scroll_home(animate=False)
