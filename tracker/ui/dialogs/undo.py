"""Confirm an undo: what the user's last change did, which the undo will put back."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from tracker.domain.safe_text import visible
from tracker.domain.undoing import UndoPlan, preview_lines
from tracker.i18n import N_, _
from tracker.ui.dialogs.base import FormDialog


class UndoDialog(FormDialog[bool]):
    """Say what will be undone, in the words of `tracker undo --list`; dismiss with True
    to undo (Enter: the Undo button has focus), False on Cancel or Escape."""

    CSS_PATH = ["dialog.tcss", "undo.tcss"]
    AUTO_FOCUS = "#undo-yes"
    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="undo.cancel")]

    def __init__(self, plan: UndoPlan) -> None:
        super().__init__()
        self.plan = plan

    def compose(self) -> ComposeResult:
        """The question, the change's lines, and the two buttons."""
        heading, *lines = preview_lines(self.plan)
        with Vertical(classes="dialog-box"):
            yield Static(_("Undo your last change?"), classes="dialog-title", markup=False)
            with VerticalScroll(classes="dialog-fields"):
                yield Static(visible(heading), classes="dialog-context", markup=False)
                yield Static(
                    "\n".join(visible(line) for line in lines), id="undo-lines", markup=False
                )
                yield Static(_("Undo again to redo it."), classes="dialog-context", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Static(_("Enter undo · Esc cancel"), classes="dialog-keys")
                yield Button(_("Undo"), variant="primary", id="undo-yes")
                yield Button(_("Cancel"), id="undo-cancel")

    @on(Button.Pressed, "#undo-yes")
    def _undo(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#undo-cancel")
    def action_cancel(self) -> None:
        """Close the dialog and change nothing."""
        self.dismiss(False)
