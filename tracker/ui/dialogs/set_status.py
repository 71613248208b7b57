"""Pick the status a user may set directly on a task: open, in progress, blocked, cancelled."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from tracker.domain.model import Status, Task
from tracker.domain.rules import SETTABLE_STATUSES
from tracker.i18n import N_, _
from tracker.ui.dialogs.base import FormDialog


class SetStatusDialog(FormDialog[Status | None]):
    """Offer the settable statuses; dismiss with the one picked, or None if nothing changes."""

    CSS_PATH = ["dialog.tcss", "set_status.tcss"]
    AUTO_FOCUS = "#status-options"
    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel"), id="set_status.cancel"),
    ]

    def __init__(self, task: Task) -> None:
        super().__init__()
        # Not `self.task`: Textual uses that name for the screen's asyncio task.
        self.subject_task = task

    def compose(self) -> ComposeResult:
        """The task's current status, then the statuses it can be given."""
        task = self.subject_task
        with Vertical(classes="dialog-box"):
            yield Static(
                _("Status of #{id} — {title}").format(id=task.id, title=task.title),
                classes="dialog-title",
                markup=False,
            )
            yield Static(
                _("Now {status}").format(status=task.status.label), classes="dialog-context"
            )
            yield OptionList(
                *(self._option(status) for status in SETTABLE_STATUSES), id="status-options"
            )
            with Horizontal(classes="dialog-buttons"):
                yield Static(_("Enter choose · Esc cancel"), classes="dialog-keys")
                yield Button(_("Cancel"), id="status-cancel")

    def _option(self, status: Status) -> Option:
        if status is self.subject_task.status:
            prompt = _("● {status} (current)").format(status=status.label)
        else:
            prompt = _("○ {status}").format(status=status.label)
        return Option(prompt, id=status.value)

    def on_mount(self) -> None:
        """Put the cursor on the current status."""
        # Start on the current status so the list reads as "here you are, move to change".
        if self.subject_task.status in SETTABLE_STATUSES:
            options = self.query_one("#status-options", OptionList)
            options.highlighted = SETTABLE_STATUSES.index(self.subject_task.status)

    @on(OptionList.OptionSelected, "#status-options")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        status = SETTABLE_STATUSES[event.option_index]
        self.dismiss(None if status is self.subject_task.status else status)

    @on(Button.Pressed, "#status-cancel")
    def action_cancel(self) -> None:
        """Close the dialog, leaving the status as it is."""
        self.dismiss(None)
