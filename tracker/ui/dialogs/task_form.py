"""The form that records a new task or edits one, returning a TaskDraft."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from tracker.domain.dates import (
    DeadlineError,
    describe_due,
    format_date,
    parse_deadline,
    weekday_name,
)
from tracker.domain.model import AREAS, Agency, Meeting, Task
from tracker.domain.safe_text import line_problem, lines_problem, shows_nothing, visible
from tracker.i18n import _
from tracker.ui.dialogs.confirm import ConfirmDialog
from tracker.ui.widgets.agency_picker import AgencyPicker


@dataclass(frozen=True)
class TaskDraft:
    """What the form holds when saved; the caller turns it into a NewTask or TaskChanges.

    `due_text` is what was typed for the deadline, kept so that a draft refused by the
    service can be shown again exactly as the user left it.
    """

    title: str
    description: str
    lead: str
    partners: tuple[str, ...]
    meeting: str | None
    area: str | None
    due: date | None
    due_text: str


@dataclass(frozen=True)
class _Fields:
    """The form's values as typed, to tell whether anything changed."""

    title: str = ""
    lead: str | None = None
    partners: tuple[str, ...] = ()
    due_text: str = ""
    meeting: str | None = None
    area: str | None = None
    description: str = ""

    def normalised(self) -> _Fields:
        # Whitespace alone is not a change worth asking about on Escape.
        return replace(
            self,
            title=" ".join(self.title.split()),
            due_text=self.due_text.strip(),
            description=self.description.strip(),
        )


class TaskFormDialog(ModalScreen[TaskDraft | None]):
    """Add a task (no `task`) or edit one; dismisses with a TaskDraft, or None if cancelled."""

    CSS_PATH = "task_form.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", _("Save"), id="task_form.save"),
        Binding("escape", "cancel", _("Cancel"), id="task_form.cancel"),
    ]

    def __init__(
        self,
        agencies: Sequence[Agency],
        meetings: Sequence[Meeting],
        today: date,
        task: Task | None = None,
        draft: TaskDraft | None = None,
        default_meeting: str | None = None,
    ) -> None:
        super().__init__()
        self.agencies = tuple(agencies)
        self.meetings = tuple(meetings)
        self.today = today
        self.editing = task
        if task is None:
            self._baseline = _Fields(meeting=default_meeting)
        else:
            self._baseline = _Fields(
                title=task.title,
                lead=task.lead,
                partners=task.partners,
                due_text=format_date(task.due) if task.due else "",
                meeting=task.meeting,
                area=task.area,
                description=task.description,
            )
        # A draft from a refused save differs from the task, so Escape on it still asks.
        self._start = (
            self._baseline
            if draft is None
            else _Fields(
                title=draft.title,
                lead=draft.lead or None,
                partners=draft.partners,
                due_text=draft.due_text,
                meeting=draft.meeting,
                area=draft.area,
                description=draft.description,
            )
        )

    @property
    def heading(self) -> str:
        if self.editing is None:
            return _("New task")
        return _("Edit #{id}").format(id=self.editing.id)

    # Composition ---------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        start = self._start
        with Vertical(id="task-form") as box:
            box.border_title = self.heading
            with VerticalScroll(id="task-form-body", can_focus=False):
                with Horizontal(classes="field", id="title-field"):
                    yield Label(_("Title"), classes="field-label")
                    with Vertical(classes="field-control"):
                        yield Input(
                            start.title,
                            placeholder=_("What must be done, in one line"),
                            id="title",
                        )
                        yield _error("title")
                with Horizontal(classes="field", id="lead-field"):
                    yield Label(_("Lead agency"), classes="field-label")
                    with Vertical(classes="field-control"):
                        lead = AgencyPicker(self.agencies, id="lead")
                        lead.value = start.lead
                        yield lead
                        yield _error("lead")
                with Horizontal(classes="field", id="partners-field"):
                    yield Label(_("Partners"), classes="field-label")
                    with Vertical(classes="field-control"):
                        partners = AgencyPicker(
                            self.agencies,
                            multiple=True,
                            placeholder=_("Type to add a partner…"),
                            id="partners",
                        )
                        partners.values = start.partners
                        yield partners
                        yield _error("partners")
                with Horizontal(classes="field", id="due-field"):
                    yield Label(_("Due"), classes="field-label")
                    with Vertical(classes="field-control"):
                        yield Input(
                            start.due_text,
                            placeholder=_("e.g. 30/9/{y}, +2w, eom, Quý IV/{y}").format(
                                y=self.today.year
                            ),
                            id="due",
                        )
                        yield Static(id="due-line", markup=False)
                with Horizontal(classes="field", id="meeting-field"):
                    yield Label(_("Meeting"), classes="field-label")
                    with Vertical(classes="field-control"):
                        yield Select[str](
                            self._meeting_options(start.meeting),
                            prompt=_("No meeting"),
                            value=start.meeting or Select.NULL,
                            id="meeting",
                        )
                with Horizontal(classes="field", id="area-field"):
                    yield Label(_("Area"), classes="field-label")
                    with Vertical(classes="field-control"):
                        yield Select[str](
                            self._area_options(start.area),
                            prompt=_("No area"),
                            value=start.area or Select.NULL,
                            id="area",
                        )
                with Horizontal(classes="field", id="description-field"):
                    yield Label(_("Description"), classes="field-label")
                    with Vertical(classes="field-control"):
                        yield TextArea(
                            start.description,
                            soft_wrap=True,
                            tab_behavior="focus",
                            id="description",
                        )
                        yield _error("description")
            with Horizontal(id="task-form-buttons"):
                yield Label(_("Ctrl+S saves · Esc cancels"), id="task-form-keys")
                yield Button(_("Save"), variant="primary", id="save")
                yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        self._show_due(self._start.due_text)
        self.query_one("#title", Input).focus()

    # Options are Text, not str: a title with "[" in it must not be read as markup.

    def _meeting_options(self, current: str | None) -> list[tuple[Text, str]]:
        options = [
            (Text(f"{format_date(meeting.date)} — {visible(meeting.title)}"), meeting.id)
            for meeting in self.meetings
        ]
        if current and all(meeting.id != current for meeting in self.meetings):
            # A meeting no longer in the list must not be dropped by opening the form.
            options.append((Text(visible(current)), current))
        return options

    def _area_options(self, current: str | None) -> list[tuple[Text, str]]:
        options = [(Text(label), key) for key, label in AREAS.items()]
        if current and current not in AREAS:
            # Any word is a valid area on the command line; keep a custom one as it is.
            options.append((Text(visible(current)), current))
        return options

    def _read_due(self, text: str) -> date | DeadlineError | None:
        """The deadline typed, None for none, or the error saying why it cannot be read."""
        if not text.strip():
            return None
        try:
            return parse_deadline(text, self.today)
        except DeadlineError as error:
            return error

    def _show_due(self, text: str) -> None:
        """Read the deadline as it is typed: the day it names, or why it names none."""
        due = self._read_due(text)
        line = self.query_one("#due-line", Static)
        if due is None:
            line.update(_("No deadline"))
        elif isinstance(due, DeadlineError):
            line.update(Content(str(due)))
        else:
            line.update(
                _("→ {weekday} {date}, {relative}").format(
                    weekday=weekday_name(due),
                    date=format_date(due),
                    relative=describe_due(due, self.today),
                )
            )
        line.set_class(due is None, "-empty")
        line.set_class(isinstance(due, DeadlineError), "-error")
        self._mark_invalid("due", isinstance(due, DeadlineError))

    # Reading the form ----------------------------------------------------------------

    def _fields(self) -> _Fields:
        meeting = self.query_one("#meeting", Select).value
        area = self.query_one("#area", Select).value
        return _Fields(
            title=self.query_one("#title", Input).value,
            lead=self.query_one("#lead", AgencyPicker).value,
            partners=self.query_one("#partners", AgencyPicker).values,
            due_text=self.query_one("#due", Input).value,
            meeting=meeting if isinstance(meeting, str) else None,
            area=area if isinstance(area, str) else None,
            description=self.query_one("#description", TextArea).text,
        )

    @property
    def changed(self) -> bool:
        """Whether the form differs from the task (or the empty form) it started from."""
        return self._fields().normalised() != self._baseline.normalised()

    def _show_error(self, field: str, message: str) -> None:
        error = self.query_one(f"#{field}-error", Label)
        error.update(Content(message))
        error.set_class(bool(message), "-shown")
        self._mark_invalid(field, bool(message))

    def _mark_invalid(self, field: str, invalid: bool) -> None:
        # The red border finds the field; the line under it says what is wrong.
        for box in self.query_one(f"#{field}-field").query(Input):
            box.set_class(invalid, "-invalid")

    def _title_problem(self, typed: str) -> str:
        """Why the typed title cannot be saved (the rule of tracker/domain/safe_text.py)."""
        problem = line_problem(typed, _("the title"))
        if problem:
            return problem
        return _("A title is required") if shows_nothing(typed) else ""

    # Events and actions --------------------------------------------------------------

    @on(Input.Changed, "#title")
    def _title_changed(self) -> None:
        self._show_error("title", "")

    @on(TextArea.Changed, "#description")
    def _description_changed(self) -> None:
        self._show_error("description", "")

    @on(Input.Changed, "#due")
    def _due_changed(self, event: Input.Changed) -> None:
        self._show_due(event.value)

    @on(Input.Submitted, "#title, #due")
    def _next_field(self) -> None:
        self.focus_next()

    @on(AgencyPicker.Changed)
    def _agencies_changed(self, event: AgencyPicker.Changed) -> None:
        if event.picker.id == "lead":
            self._show_error("lead", "")
        self._show_error("partners", "")

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_save(self) -> None:
        """Dismiss with the draft, or show what is wrong next to each bad field."""
        fields = self._fields()
        title = " ".join(fields.title.split())
        lead = fields.lead
        bad: list[Widget] = []  # in the order of the form, so focus goes to the first

        title_error = self._title_problem(fields.title)
        self._show_error("title", title_error)
        if title_error:
            bad.append(self.query_one("#title", Input))

        lead_error = "" if lead else _("Choose the agency that leads this task")
        self._show_error("lead", lead_error)
        if lead_error:
            bad.append(self.query_one("#lead", AgencyPicker))

        partners_error = ""
        if lead and lead in fields.partners:
            partners_error = _("{agency} leads this task; remove it from the partners").format(
                agency=self.query_one("#lead", AgencyPicker).label_of(lead)
            )
        self._show_error("partners", partners_error)
        if partners_error:
            bad.append(self.query_one("#partners", AgencyPicker))

        due = self._read_due(fields.due_text)
        if isinstance(due, DeadlineError):
            # The line under the box already says why, as it did while typing.
            bad.append(self.query_one("#due", Input))
            self._mark_invalid("due", True)

        description_error = lines_problem(fields.description, _("the description")) or ""
        self._show_error("description", description_error)
        if description_error:
            bad.append(self.query_one("#description", TextArea))

        if bad or lead is None or isinstance(due, DeadlineError):
            if bad:
                bad[0].focus()
            return
        self.dismiss(
            TaskDraft(
                title=title,
                description=fields.description.strip(),
                lead=lead,
                partners=fields.partners,
                meeting=fields.meeting,
                area=fields.area,
                due=due,
                due_text=fields.due_text.strip(),
            )
        )

    def action_cancel(self) -> None:
        if not self.changed:
            self.dismiss(None)
            return

        def discard(answer: bool | None) -> None:
            if answer:
                self.dismiss(None)

        self.app.push_screen(ConfirmDialog(_("Discard your changes to this task?")), discard)


def _error(field: str) -> Label:
    """The message line under a field; hidden while empty."""
    return Label("", id=f"{field}-error", classes="field-error")
