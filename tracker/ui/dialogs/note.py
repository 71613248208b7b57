"""Write a progress note on a task, with its latest history shown for context."""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Label, Static, TextArea

from tracker.domain.dates import format_date
from tracker.domain.history import describe
from tracker.domain.model import EventKind, Task
from tracker.domain.safe_text import lines_problem, visible, visible_lines
from tracker.i18n import N_, _
from tracker.ui.dialogs.base import FormDialog

# Enough to remind the writer where things stood without pushing the note box off screen.
RECENT_ENTRIES = 3


class NoteDialog(FormDialog[str | None]):
    """Ask for a progress note; dismiss with its stripped text, or None on cancel."""

    CSS_PATH = ["dialog.tcss", "note.tcss"]
    AUTO_FOCUS = "#note-text"
    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel"), id="note.cancel"),
        Binding("ctrl+s", "save", N_("Save the note"), id="note.save"),
    ]

    def __init__(self, task: Task, today: date, draft: str = "") -> None:
        super().__init__()
        # Not `self.task`: Textual uses that name for the screen's asyncio task.
        self.subject_task = task
        self.today = today
        self.draft = draft  # A note whose save failed comes back to be tried again.

    def compose(self) -> ComposeResult:
        """The latest history for context, then the box for the note."""
        task = self.subject_task
        with Vertical(classes="dialog-box"):
            yield Static(
                _("Progress note for #{id} — {title}").format(
                    id=task.id, title=visible(task.title)
                ),
                classes="dialog-title",
                markup=False,
            )
            with VerticalScroll(classes="dialog-fields"):
                recent = task.history[-RECENT_ENTRIES:]
                if recent:
                    yield Label(_("Latest history"), classes="section-label")
                    for event in recent:
                        # note.tcss quiets recorded changes ("-change") beside notes.
                        kind = "note" if event.kind is EventKind.NOTE else "change"
                        with Horizontal(classes="history-entry"):
                            yield Label(format_date(event.on), classes="history-date")
                            yield Static(
                                visible_lines(describe(event)),
                                classes=f"history-text -{kind}",
                                markup=False,
                            )
                else:
                    yield Label(_("No history yet."), classes="section-label")
                yield Label(
                    _("Note for {day}").format(day=format_date(self.today)),
                    classes="section-label",
                )
                yield TextArea(
                    self.draft,
                    placeholder=_("What has happened since the last note?"),
                    id="note-text",
                )
                yield Static("", id="note-check", classes="field-check", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Static(_("Ctrl+S save · Esc cancel"), classes="dialog-keys")
                yield Button(_("Save note"), variant="primary", id="note-save")
                yield Button(_("Cancel"), id="note-cancel")

    def on_mount(self) -> None:
        """Hide the complaint line until there is something to say."""
        self._complain("")

    def _complain(self, message: str) -> None:
        check = self.query_one("#note-check", Static)
        check.update(message)
        # An empty line would cost a row that an 80x24 terminal cannot spare.
        check.display = bool(message)

    @on(TextArea.Changed, "#note-text")
    def _note_changed(self) -> None:
        # The complaint about an empty note is stale once the user starts typing.
        self._complain("")

    @on(Button.Pressed, "#note-save")
    def action_save(self) -> None:
        """Dismiss with the note, or say why it cannot be saved."""
        text = self.query_one("#note-text", TextArea).text.strip()
        if not text:
            self._complain(_("the note is empty: write what has happened"))
            self.query_one("#note-text", TextArea).focus()
            return
        problem = lines_problem(text, _("the note"))
        if problem:
            self._complain(problem)
            self.query_one("#note-text", TextArea).focus()
            return
        self.dismiss(text)

    @on(Button.Pressed, "#note-cancel")
    def action_cancel(self) -> None:
        """Close the dialog without a note."""
        self.dismiss(None)
