"""The log screen: every change to the tasks, newest first: when, who, which task, what."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from tracker.domain.audit import LogEntry, author_label, recorded_at, short_title
from tracker.domain.errors import TrackerError
from tracker.domain.history import describe
from tracker.domain.safe_text import visible, visible_lines
from tracker.i18n import N_, _
from tracker.service import Tracker

# The newest changes the table holds: a DataTable mounts every row it is given (about 4 s
# for 20,000); `tracker log` prints them all.
SHOWN_CHANGES = 2000
# The columns' widths: when, who, the task; what has the rest, and at least this.
WIDTHS = (16, 24, 34)
WHAT_WIDTH = 30


class ChangeLogScreen(ModalScreen[None]):
    """The audit trail of the whole database in a scrollable table; Escape closes it."""

    CSS_PATH = "change_log.tcss"
    AUTO_FOCUS = "#log-table"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "dismiss", N_("Back"), id="log.close"),
    ]

    @dataclass
    class Loaded(Message):
        """The trail was read (or `problem` says why it could not be)."""

        entries: list[LogEntry]
        problem: str = ""

    def __init__(self, tracker: Tracker) -> None:
        super().__init__()
        self.tracker = tracker
        self.entries: list[LogEntry] = []

    def compose(self) -> ComposeResult:
        """A title that counts the changes, the table, and the keys."""
        with Vertical(id="log-box"):
            yield Static(Text(_("Changes, newest first"), style="bold"), id="log-title")
            yield DataTable(id="log-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="log-detail")
            yield Static(Text(_("↑↓ PgUp PgDn move · Esc close"), style="dim"), id="log-keys")

    def on_mount(self) -> None:
        """Lay out the columns, then read the trail off the UI thread."""
        table = self.query_one(DataTable)
        # Fixed widths: a column sized to its content measures every cell again each time
        # a row narrower than the widest is added, which thousands of rows cannot afford.
        what = max(WHAT_WIDTH, self.app.size.width - sum(WIDTHS) - 16)
        for label, width in zip(
            (_("When"), _("Who"), _("Task"), _("What")), (*WIDTHS, what), strict=True
        ):
            table.add_column(label, width=width)
        self.read_trail()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Show the whole of the highlighted change under the table: a cell cuts it short."""
        if 0 <= event.cursor_row < len(self.entries):
            entry = self.entries[event.cursor_row]
            words = visible_lines(describe(entry.event))
            title = visible(entry.title)
            self.query_one("#log-detail", Static).update(Text(f"#{entry.task_id} {title}\n{words}"))

    @work(thread=True, exclusive=True)
    def read_trail(self) -> None:
        """Read the trail and hand it to the screen."""
        try:
            self.post_message(self.Loaded(self.tracker.audit_log()))
        except TrackerError as error:
            self.post_message(self.Loaded([], str(error)))

    def on_change_log_screen_loaded(self, message: Loaded) -> None:
        """Fill the table with the newest changes and count them in the title."""
        entries = message.entries
        title = self.query_one("#log-title", Static)
        if message.problem:
            title.update(Text(message.problem, style="bold red"))
            return
        if not entries:
            title.update(Text(_("No changes recorded yet."), style="bold"))
            return
        if len(entries) > SHOWN_CHANGES:
            title.update(
                Text(
                    _(
                        "The newest {shown} of {total} changes; `tracker log` prints them all"
                    ).format(shown=SHOWN_CHANGES, total=len(entries)),
                    style="bold",
                )
            )
        self.entries = entries[:SHOWN_CHANGES]
        self.query_one(DataTable).add_rows(log_row(entry) for entry in self.entries)


def log_row(entry: LogEntry) -> tuple[Text, Text, Text, Text]:
    """One change as the table shows it: when, who, the task, what (on one line); Text,
    not str, which the table would read as markup."""
    event = entry.event
    words = " / ".join(line.strip() for line in describe(event).splitlines() if line.strip())
    return (
        Text(recorded_at(event)),
        Text(visible(author_label(event.by)), style="cyan"),
        Text(f"#{entry.task_id} {visible(short_title(entry.title, 30))}"),
        Text(visible(words)),
    )
