"""Close a task: ask for its outcome and closing date, and say whether it closes on time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Static

from tracker import i18n
from tracker.domain.dates import (
    DeadlineError,
    describe_due,
    format_date,
    parse_deadline,
    weekday_name,
)
from tracker.domain.errors import InvalidInput
from tracker.domain.model import Task
from tracker.domain.rules import check_closing_day
from tracker.domain.safe_text import lines_problem, visible
from tracker.i18n import N_, _, ngettext
from tracker.ui.dialogs.base import FormDialog, field_check, form_field


@dataclass(frozen=True)
class CloseRequest:
    """What the user asked for: mark the task done on `closed_on` with this outcome."""

    outcome: str
    closed_on: date


class CloseTaskDialog(FormDialog[CloseRequest | None]):
    """Ask how and when a task was done; dismiss with a CloseRequest, or None on cancel."""

    CSS_PATH = ["dialog.tcss", "close_task.tcss"]
    AUTO_FOCUS = "#close-outcome"
    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel"), id="close_task.cancel"),
        Binding("ctrl+s", "save", N_("Close the task"), id="close_task.save"),
    ]

    def __init__(self, task: Task, today: date, draft: CloseRequest | None = None) -> None:
        super().__init__()
        # Not `self.task`: Textual uses that name for the screen's asyncio task.
        self.subject_task = task
        self.today = today
        self.draft = draft  # what the user asked for, back after a conflict they stepped from

    def compose(self) -> ComposeResult:
        """The task's deadline, then the outcome and the closing date."""
        task = self.subject_task
        with Vertical(classes="dialog-box"):
            yield Static(
                _("Close #{id} — {title}").format(id=task.id, title=visible(task.title)),
                classes="dialog-title",
                markup=False,
            )
            with VerticalScroll(classes="dialog-fields"):
                yield Static(self._due_line(), classes="dialog-context", markup=False)
                with form_field(_("Outcome")):
                    yield Input(
                        self.draft.outcome if self.draft else task.outcome or "",
                        placeholder=_("what was achieved (optional)"),
                        id="close-outcome",
                    )
                    yield field_check("close-outcome-check")
                with form_field(_("Closing date")):
                    day = self.draft.closed_on if self.draft else self.today
                    yield Input(format_date(day), id="close-date")
                    yield field_check("close-date-check")
            with Horizontal(classes="dialog-buttons"):
                yield Static(_("Ctrl+S close · Esc cancel"), classes="dialog-keys")
                yield Button(_("Close task"), variant="primary", id="close-save")
                yield Button(_("Cancel"), id="close-cancel")

    def on_mount(self) -> None:
        """Say what the prefilled closing date means."""
        self._check_closing_day()
        self._check_outcome()

    def _check_outcome(self) -> str | None:
        """The outcome typed, or None with the reason shown beneath the field."""
        outcome = self.query_one("#close-outcome", Input).value.strip()
        problem = lines_problem(outcome, _("the outcome"))
        self._show("#close-outcome-check", problem or "")
        return None if problem else outcome

    @on(Input.Changed, "#close-outcome")
    def _outcome_changed(self) -> None:
        self._check_outcome()

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

    def _check_closing_day(self) -> date | None:
        """Read the closing date, show what it means beneath the field, and return it if valid."""
        check = self.query_one("#close-date-check", Static)
        check.remove_class("-ok", "-late", "-error")
        try:
            day = parse_deadline(self.query_one("#close-date", Input).value, self.today)
        except DeadlineError as error:
            check.update(str(error))
            check.add_class("-error")
            return None
        try:
            # The service's rule: not after today, not before the task was recorded.
            check_closing_day(day, self.subject_task.created, self.today)
        except InvalidInput as problem:
            check.update(str(problem))
            check.add_class("-error")
            return None
        due = self.subject_task.due
        late = 0 if due is None else (day - due).days
        if late > 0:
            verdict = ngettext(
                "→ {weekday} {day} — closes {n} day late",
                "→ {weekday} {day} — closes {n} days late",
                late,
            ).format(weekday=weekday_name(day), day=format_date(day), n=i18n.number(late))
            check.add_class("-late")
        else:
            verdict = _("→ {weekday} {day} — closes on time").format(
                weekday=weekday_name(day), day=format_date(day)
            )
            check.add_class("-ok")
        check.update(verdict)
        return day

    @on(Input.Changed, "#close-date")
    def _date_changed(self) -> None:
        self._check_closing_day()

    @on(Input.Submitted, "#close-outcome")
    def _outcome_submitted(self) -> None:
        self.query_one("#close-date", Input).focus()

    @on(Input.Submitted, "#close-date")
    @on(Button.Pressed, "#close-save")
    def action_save(self) -> None:
        """Dismiss with the request, or point at the field that is wrong."""
        day = self._check_closing_day()
        if day is None:
            self.query_one("#close-date", Input).focus()
            return
        outcome = self._check_outcome()
        if outcome is None:
            self.query_one("#close-outcome", Input).focus()
            return
        self.dismiss(CloseRequest(outcome=outcome, closed_on=day))

    @on(Button.Pressed, "#close-cancel")
    def action_cancel(self) -> None:
        """Close the dialog without closing the task."""
        self.dismiss(None)
