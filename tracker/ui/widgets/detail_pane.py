"""The detail pane: everything about the selected task, with its dated history."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from rich.console import Group as RichGroup
from rich.table import Table
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from tracker.domain.audit import author_label, shown_when
from tracker.domain.dates import describe_due, format_date
from tracker.domain.history import describe
from tracker.domain.model import (
    AREAS,
    Agency,
    Agreement,
    EventKind,
    Meeting,
    Status,
    TaskSummary,
)
from tracker.domain.safe_text import visible, visible_lines
from tracker.domain.series import cadence_label, in_a_series, occurrences
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
    row: Row,
    agencies: dict[str, Agency],
    meetings: dict[str, Meeting],
    today: date,
    row_of: Callable[[int], Row | None] | None = None,
) -> RichGroup:
    """A renderable of one task for the detail pane; `row_of` finds the rows of the tasks
    it links to (its parent, its sub-tasks, a periodic duty's occurrences), None for one
    not shown (deleted)."""
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
    if task.document:
        fields.add_row(_("Document"), Text(visible(task.document)))
    if task.directed_by:
        fields.add_row(_("Directed by"), Text(visible(task.directed_by)))
    parent = row_of(task.parent) if row_of and task.parent is not None else None
    if parent is not None:
        fields.add_row(_("Part of"), Text(f"#{parent.task.id} {visible(parent.task.title)}"))
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
    if task.every is not None:
        fields.add_row(_("Repeats"), Text(repeats_words(task)))
    parts: list[Table | Text] = [
        Text(f"#{task.id} {visible(task.title)}", style="bold"),
        Text(""),
        fields,
    ]
    # Sub-tasks before the description: a parent's progress is what its reader looks for.
    if row_of is not None and task.subtasks:
        parts += _subtask_parts(task.subtasks, row_of)
    if task.description:
        parts += [Text(""), Text(visible_lines(task.description))]
    parts += _series_section(row, row_of)
    if task.history:
        history = Table.grid(padding=(0, 1))
        history.add_column(style="dim", no_wrap=True)
        history.add_column(ratio=1)
        for event in task.history:
            # Recorded changes are quieter than the notes people wrote.
            style = "" if event.kind is EventKind.NOTE else "italic"
            words = Text(visible_lines(describe(event)), style=style)
            if who := author_label(event.by):
                words = Text.assemble((visible(who), "cyan"), "  ", words)
            history.add_row(shown_when(event), words)
        parts += [Text(""), Text(_("History"), style="bold underline"), history]
    return RichGroup(*parts)


def repeats_words(task: TaskSummary) -> str:
    """ "every quarter, until 31/12/2027": a periodic duty's cadence and end."""
    assert task.every is not None
    if task.until is None:
        return cadence_label(task.every)
    return _("{every}, until {until}").format(
        every=cadence_label(task.every), until=format_date(task.until)
    )


def _series_section(row: Row, row_of: Callable[[int], Row | None] | None) -> list[Table | Text]:
    """A periodic duty's occurrences, each with its deadline and standing, this one marked."""
    task = row.task
    if row_of is None or not in_a_series(task):
        return []

    def lookup(task_id: int) -> TaskSummary | None:
        found = row_of(task_id)
        return found.task if found is not None else None

    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(ratio=1)
    for member in occurrences(task, lookup):
        member_row = row if member.id == task.id else row_of(member.id)
        if member_row is None:
            continue
        standing = Text(f"{STANDING_SYMBOLS[member_row.standing]} {member_row.standing.label}")
        standing.stylize(STANDING_STYLES[member_row.standing])
        mark = "▶" if member.id == task.id else " "
        due = format_date(member.due) if member.due else "—"
        table.add_row(f"{mark} #{member.id}", due, standing)
    return [Text(""), Text(_("Series"), style="bold underline"), table]


def _subtask_parts(ids: tuple[int, ...], row_of: Callable[[int], Row | None]) -> list[Table | Text]:
    """The sub-tasks section: how many are done, then each with its standing; deleted
    sub-tasks (not on the board) are left out."""
    children = [child for child in map(row_of, ids) if child is not None]
    if not children:
        return []
    done = sum(child.task.status is Status.DONE for child in children)
    heading = _("Sub-tasks ({done}/{total} done)").format(done=done, total=len(children))
    lines = Table.grid(padding=(0, 1))
    lines.add_column(no_wrap=True)
    lines.add_column(no_wrap=True)
    lines.add_column(ratio=1)
    for child in children:
        standing = Text(STANDING_SYMBOLS[child.standing], style=STANDING_STYLES[child.standing])
        lines.add_row(f"#{child.task.id}", standing, Text(visible(child.task.title)))
    return [Text(""), Text(heading, style="bold underline"), lines]


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
        row_of: Callable[[int], Row | None] | None = None,
    ) -> None:
        """Describe the task of `row`, or say that none is selected; `row_of` finds the
        rows of the tasks it links to."""
        body = self.query_one("#detail-body", Static)
        if row is None:
            body.update(Text(_("No task selected."), style="dim italic"))
        else:
            body.update(describe_task(row, agencies, meetings, today, row_of))
        self.scroll_home(animate=False)

    def show_meeting(self, meeting: Meeting, agreements: dict[str, Agreement]) -> None:
        """Describe the meeting chosen in the meeting view (title, date, chairs, ...)."""
        self.query_one("#detail-body", Static).update(describe_meeting(meeting, agreements))
        self.scroll_home(animate=False)
