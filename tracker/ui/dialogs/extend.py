"""Extend a task's deadline (gia hạn): the new deadline, the reason, the document, the day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Static

from tracker.domain.dates import describe_due, format_date, weekday_name
from tracker.domain.errors import InvalidInput, RequestRefused
from tracker.domain.model import Task
from tracker.domain.rules import check_extension
from tracker.domain.safe_text import line_problem, lines_problem, visible
from tracker.i18n import N_, _
from tracker.ui.dialogs.base import FormDialog, field_check, form_field


@dataclass(frozen=True)
class ExtendRequest:
    """What the user asked for: the deadline moved to `to`, granted on `granted_on`."""

    to: date
    reason: str
    document: str
    granted_on: date


class ExtendDialog(FormDialog[ExtendRequest | None]):
    """Ask for the new deadline, why and by which document; dismiss with an ExtendRequest,
    or None on cancel. The service's rules are checked as the user types."""

    CSS_PATH = ["dialog.tcss", "extend.tcss"]
    AUTO_FOCUS = "#extend-to"
    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel"), id="extend.cancel"),
        Binding("ctrl+s", "save", N_("Extend the deadline"), id="extend.save"),
    ]

    def __init__(self, task: Task, today: date, draft: ExtendRequest | None = None) -> None:
        super().__init__()
        # Not `self.task`: Textual uses that name for the screen's asyncio task.
        self.subject_task = task
        self.today = today
        self.draft = draft

    def compose(self) -> ComposeResult:
        """The current deadline, then the new one, the reason, the document and the day."""
        task, draft = self.subject_task, self.draft
        with Vertical(classes="dialog-box"):
            yield Static(
                _("Extend #{id} — {title}").format(id=task.id, title=visible(task.title)),
                classes="dialog-title",
                markup=False,
            )
            with VerticalScroll(classes="dialog-fields"):
                yield Static(self._due_line(), classes="dialog-context", markup=False)
                with form_field(_("New deadline"), id="extend-to-field"):
                    yield Input(format_date(draft.to) if draft else "", id="extend-to")
                    yield field_check("extend-to-check")
                with form_field(_("Reason"), id="extend-reason-field"):
                    yield Input(
                        draft.reason if draft else "",
                        placeholder=_("why it is extended (required)"),
                        id="extend-reason",
                    )
                    yield field_check("extend-reason-check")
                with form_field(_("Document"), id="extend-document-field"):
                    yield Input(
                        draft.document if draft else "",
                        placeholder=_("e.g. Công văn 1234/UBND-KT (optional)"),
                        id="extend-document",
                    )
                    yield field_check("extend-document-check")
                with form_field(_("Granted on"), id="extend-on-field"):
                    day = draft.granted_on if draft else self.today
                    yield Input(format_date(day), id="extend-on")
                    yield field_check("extend-on-check")
            with Horizontal(classes="dialog-buttons"):
                yield Static(_("Ctrl+S extend · Esc cancel"), classes="dialog-keys")
                yield Button(_("Extend"), variant="primary", id="extend-save")
                yield Button(_("Cancel"), id="extend-cancel")

    def on_mount(self) -> None:
        """Say what the prefilled day means, and what the new deadline needs."""
        self._read_new_deadline()
        self._read_granted_on()

    def _due_line(self) -> str:
        due = self.subject_task.due
        if due is None:
            return _("Lead {lead} · no due date").format(lead=self.subject_task.lead)
        return _("Lead {lead} · due {weekday} {day} ({relative})").format(
            lead=self.subject_task.lead,
            weekday=weekday_name(due),
            day=format_date(due),
            relative=describe_due(due, self.today),
        )

    def _read_new_deadline(self) -> date | None:
        """The new deadline typed, echoed beneath it, or None with why not."""
        if not self.query_one("#extend-to", Input).value.strip():
            self._show("#extend-to-check", _("a day after the current deadline"), "-hint")
            return None
        day = self._read_day("#extend-to", "#extend-to-check", self.today, relative=True)
        return day if isinstance(day, date) else None

    def _read_granted_on(self) -> date | None:
        day = self._read_day("#extend-on", "#extend-on-check", self.today)
        return day if isinstance(day, date) else None

    @on(Input.Changed, "#extend-to")
    def _to_changed(self) -> None:
        self._read_new_deadline()

    @on(Input.Changed, "#extend-on")
    def _on_changed(self) -> None:
        self._read_granted_on()

    @on(Input.Submitted, "#extend-to")
    def _to_submitted(self) -> None:
        self.query_one("#extend-reason", Input).focus()

    @on(Input.Submitted, "#extend-reason")
    def _reason_submitted(self) -> None:
        self.query_one("#extend-document", Input).focus()

    @on(Input.Submitted, "#extend-document")
    def _document_submitted(self) -> None:
        self.query_one("#extend-on", Input).focus()

    def _refuse(self, field: str, problem: str) -> None:
        """Show `problem` under `field` and put the cursor there."""
        self._show(f"#{field}-check", problem)
        self.query_one(f"#{field}", Input).focus()

    @on(Input.Submitted, "#extend-on")
    @on(Button.Pressed, "#extend-save")
    def action_save(self) -> None:
        """Dismiss with the request, or point at the field that is wrong."""
        to = self._read_new_deadline()
        if to is None:
            self._refuse("extend-to", _("give the new deadline"))
            return
        reason = self.query_one("#extend-reason", Input).value.strip()
        problem = lines_problem(reason, _("the reason")) or (
            None if reason else _("the reason is empty: say why the deadline is extended")
        )
        if problem:
            self._refuse("extend-reason", problem)
            return
        document = self.query_one("#extend-document", Input).value.strip()
        problem = line_problem(document, _("the document"))
        if problem:
            self._refuse("extend-document", problem)
            return
        granted = self._read_granted_on()
        if granted is None:
            self.query_one("#extend-on", Input).focus()
            return
        try:
            # The service's rules, so that a refusal is seen here, beside its field.
            check_extension(self.subject_task, to, granted, self.today)
        except InvalidInput as problem_found:  # the day it was granted
            self._refuse("extend-on", str(problem_found))
            return
        except RequestRefused as problem_found:  # closed, no deadline, not later
            self._refuse("extend-to", str(problem_found))
            return
        self.dismiss(ExtendRequest(to=to, reason=reason, document=document, granted_on=granted))

    @on(Button.Pressed, "#extend-cancel")
    def action_cancel(self) -> None:
        """Close the dialog without extending."""
        self.dismiss(None)
