"""Ask why before a change that rewrites a task's story: reopening it, deleting it."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Static

from tracker.domain.safe_text import lines_problem
from tracker.i18n import N_, _
from tracker.ui.dialogs.base import FormDialog, field_check, form_field


@dataclass(frozen=True)
class ReasonQuestion:
    """What the dialog asks: its title, what the change will do, and its button."""

    title: str
    explanation: str
    button: str
    placeholder: str
    # A deletion needs its reason (and its button is red); a reopening may go without.
    required: bool = False
    destructive: bool = False


class ReasonDialog(FormDialog[str | None]):
    """Confirm a change and ask its reason; dismiss with the reason ("" when left out and
    optional), or None on cancel."""

    CSS_PATH = ["dialog.tcss", "reason.tcss"]
    AUTO_FOCUS = "#reason-text"
    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel"), id="reason.cancel"),
        Binding("ctrl+s", "save", N_("Confirm"), id="reason.save"),
    ]

    def __init__(self, question: ReasonQuestion) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        """The title, what will happen, the reason and the two buttons."""
        question = self.question
        with Vertical(classes="dialog-box"):
            yield Static(question.title, classes="dialog-title", markup=False)
            with VerticalScroll(classes="dialog-fields"):
                yield Static(question.explanation, classes="dialog-context", markup=False)
                with form_field(_("Reason")):
                    yield Input(placeholder=question.placeholder, id="reason-text")
                    yield field_check("reason-check")
            with Horizontal(classes="dialog-buttons"):
                yield Static(_("Ctrl+S confirm · Esc cancel"), classes="dialog-keys")
                yield Button(
                    question.button,
                    variant="error" if question.destructive else "primary",
                    id="reason-save",
                )
                yield Button(_("Cancel"), id="reason-cancel")

    def on_mount(self) -> None:
        """Hide the complaint line until there is something to say."""
        self._show("#reason-check", "")

    @on(Input.Changed, "#reason-text")
    def _reason_changed(self) -> None:
        # The complaint about an empty reason is stale once the user starts typing.
        self._show("#reason-check", "")

    @on(Input.Submitted, "#reason-text")
    @on(Button.Pressed, "#reason-save")
    def action_save(self) -> None:
        """Dismiss with the reason, or say why it cannot be taken."""
        reason = self.query_one("#reason-text", Input).value.strip()
        problem = lines_problem(reason, _("the reason"))
        if not problem and self.question.required and not reason:
            problem = _("the reason is empty: say why")
        if problem:
            self._show("#reason-check", problem)
            self.query_one("#reason-text", Input).focus()
            return
        self.dismiss(reason)

    @on(Button.Pressed, "#reason-cancel")
    def action_cancel(self) -> None:
        """Close the dialog and change nothing."""
        self.dismiss(None)
