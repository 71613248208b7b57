"""The form that records a new task or edits one, returning a TaskDraft."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import ClassVar, TypeVar

from msgspec import UNSET, UnsetType
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Input, Select, Static, TextArea

from tracker.domain.dates import DeadlineError, format_date
from tracker.domain.model import AREAS, Agency, Cadence, Meeting, Task
from tracker.domain.safe_text import line_problem, lines_problem, shows_nothing, visible
from tracker.i18n import N_, _
from tracker.service import NewTask, TaskChanges
from tracker.ui.dialogs.base import FormDialog, field_check, form_field
from tracker.ui.widgets.agency_picker import AgencyPicker

ValueT = TypeVar("ValueT")

# The choices of the Repeats field, each cadence in words (translated when shown).
CADENCE_CHOICES: dict[Cadence, str] = {
    Cadence.MONTH: N_("Every month"),
    Cadence.QUARTER: N_("Every quarter"),
    Cadence.HALF_YEAR: N_("Every six months"),
    Cadence.YEAR: N_("Every year"),
}


@dataclass(frozen=True)
class TaskDraft:
    """What the form holds when saved; `new_task` and `changes_from` make the service's request.

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
    # Where it came from, what it is part of, and (adding only) how it repeats; `until_text`
    # kept as typed, as `due_text` is.
    document: str = ""
    directed_by: str = ""
    parent: int | None = None
    every: Cadence | None = None
    until: date | None = None
    until_text: str = ""

    def new_task(self) -> NewTask:
        """The request that records this draft as a new task."""
        return NewTask(
            title=self.title,
            lead=self.lead,
            partners=self.partners,
            due=self.due,
            meeting=self.meeting,
            area=self.area,
            description=self.description,
            document=self.document,
            directed_by=self.directed_by,
            parent=self.parent,
            every=self.every,
            until=self.until,
        )

    def changes_from(self, task: Task) -> TaskChanges:
        """The request that makes `task`, as the form opened it, read like this draft.

        Only the fields the user changed are sent: a field changed meanwhile by someone
        else, and left alone here, keeps their value.
        """
        return TaskChanges(
            title=_if_changed(self.title, task.title),
            lead=_if_changed(self.lead, task.lead),
            partners=_if_changed(self.partners, task.partners),
            due=_if_changed(self.due, task.due),
            meeting=_if_changed(self.meeting, task.meeting),
            area=_if_changed(self.area, task.area),
            description=_if_changed(self.description, task.description),
            document=_if_changed(self.document, task.document),
            directed_by=_if_changed(self.directed_by, task.directed_by),
            parent=_if_changed(self.parent, task.parent),
        )


def _if_changed(new: ValueT, old: ValueT) -> ValueT | UnsetType:
    """`new` when it differs from `old`, else UNSET: TaskChanges leaves that field as it is."""
    return UNSET if new == old else new


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
    document: str = ""
    directed_by: str = ""
    parent_text: str = ""
    every: str | None = None
    until_text: str = ""

    @classmethod
    def of_task(cls, task: Task) -> _Fields:
        """The values a form opened on `task` starts with."""
        return cls(
            title=task.title,
            lead=task.lead,
            partners=task.partners,
            due_text=format_date(task.due) if task.due else "",
            meeting=task.meeting,
            area=task.area,
            description=task.description,
            document=task.document,
            directed_by=task.directed_by,
            parent_text="" if task.parent is None else str(task.parent),
        )

    @classmethod
    def of_draft(cls, draft: TaskDraft) -> _Fields:
        """The values of a draft the service refused, as the user left them."""
        return cls(
            title=draft.title,
            lead=draft.lead or None,
            partners=draft.partners,
            due_text=draft.due_text,
            meeting=draft.meeting,
            area=draft.area,
            description=draft.description,
            document=draft.document,
            directed_by=draft.directed_by,
            parent_text="" if draft.parent is None else str(draft.parent),
            every=draft.every,
            until_text=draft.until_text,
        )

    def normalised(self) -> _Fields:
        """The values with whitespace tidied: whitespace alone is no change worth asking about."""
        return replace(
            self,
            title=" ".join(self.title.split()),
            due_text=self.due_text.strip(),
            description=self.description.strip(),
            document=" ".join(self.document.split()),
            directed_by=" ".join(self.directed_by.split()),
            parent_text=self.parent_text.strip().lstrip("#"),
            until_text=self.until_text.strip(),
        )


class TaskFormDialog(FormDialog[TaskDraft | None]):
    """Add a task (no `task`) or edit one; dismisses with a TaskDraft, or None if cancelled."""

    CSS_PATH = ["dialog.tcss", "task_form.tcss"]
    AUTO_FOCUS = "#title"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Save"), id="task_form.save"),
        Binding("escape", "cancel", N_("Cancel"), id="task_form.cancel"),
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
        self._baseline = _Fields(meeting=default_meeting) if task is None else _Fields.of_task(task)
        # A draft from a refused save differs from the task, so Escape on it still asks.
        self._start = self._baseline if draft is None else _Fields.of_draft(draft)

    @property
    def heading(self) -> str:
        """The form's title: "New task" or "Edit #12"."""
        if self.editing is None:
            return _("New task")
        return _("Edit #{id}").format(id=self.editing.id)

    # Composition ---------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """The fields in the order a task is told: what, who, by when, from where."""
        start = self._start
        with Vertical(classes="dialog-box", id="task-form") as box:
            box.border_title = self.heading
            with VerticalScroll(classes="dialog-fields", can_focus=False):
                with form_field(_("Title"), id="title-field"):
                    # The cursor starts at the end of the title: with it all selected, as
                    # Input does on focus, the first key typed erased the title.
                    yield Input(
                        start.title,
                        placeholder=_("What must be done, in one line"),
                        select_on_focus=False,
                        id="title",
                    )
                    yield field_check("title-error")
                with form_field(_("Lead agency"), id="lead-field"):
                    lead = AgencyPicker(self.agencies, id="lead")
                    lead.value = start.lead
                    yield lead
                    yield field_check("lead-error")
                with form_field(_("Partners"), id="partners-field"):
                    partners = AgencyPicker(
                        self.agencies,
                        multiple=True,
                        placeholder=_("Type to add a partner…"),
                        id="partners",
                    )
                    partners.values = start.partners
                    yield partners
                    yield field_check("partners-error")
                with form_field(_("Due"), id="due-field"):
                    yield Input(
                        start.due_text,
                        placeholder=_("e.g. 30/6, 30/6/{y}, +2w, eom, friday, dec {y}").format(
                            y=self._example_year()
                        ),
                        tooltip=self._due_examples(),
                        id="due",
                    )
                    yield field_check("due-line")
                if self.editing is None:
                    yield from self._compose_repeats(start)
                with form_field(_("Meeting"), id="meeting-field"):
                    yield Select[str](
                        self._meeting_options(start.meeting),
                        prompt=_("No meeting"),
                        value=start.meeting or Select.NULL,
                        id="meeting",
                    )
                yield from self._compose_origin(start)
                with form_field(_("Area"), id="area-field"):
                    yield Select[str](
                        self._area_options(start.area),
                        prompt=_("No area"),
                        value=start.area or Select.NULL,
                        id="area",
                    )
                with form_field(_("Description"), id="description-field"):
                    yield TextArea(
                        start.description, soft_wrap=True, tab_behavior="focus", id="description"
                    )
                    yield field_check("description-error")
            with Horizontal(classes="dialog-buttons"):
                yield Static(_("Ctrl+S saves · Esc cancels"), classes="dialog-keys")
                yield Button(_("Save"), variant="primary", id="save")
                yield Button(_("Cancel"), id="cancel")

    def _compose_repeats(self, start: _Fields) -> ComposeResult:
        """A new task's cadence and last day: a periodic duty is set up when it is added."""
        with form_field(_("Repeats"), id="every-field"):
            yield Select[str](
                [(Text(_(label)), cadence.value) for cadence, label in CADENCE_CHOICES.items()],
                prompt=_("Does not repeat"),
                value=start.every or Select.NULL,
                id="every",
            )
        with form_field(_("Until"), id="until-field"):
            yield Input(
                start.until_text,
                placeholder=_("Last day an occurrence may fall due, e.g. 31/12/{y}").format(
                    y=self._example_year()
                ),
                tooltip=self._due_examples(),
                id="until",
            )
            yield field_check("until-line")

    def _compose_origin(self, start: _Fields) -> ComposeResult:
        """Where the task comes from (the assigning document, who directed it) and the task
        it is part of."""
        with form_field(_("Assigning document"), id="document-field"):
            yield Input(
                start.document,
                placeholder=_('Its number, e.g. "215/TB-VP"'),
                select_on_focus=False,
                id="document",
            )
            yield field_check("document-error")
        with form_field(_("Directed by"), id="directed-by-field"):
            yield Input(
                start.directed_by,
                placeholder=_("The leader who directed it"),
                select_on_focus=False,
                id="directed-by",
            )
            yield field_check("directed-by-error")
        with form_field(_("Part of task #"), id="parent-field"):
            yield Input(
                start.parent_text,
                placeholder=_("The id of the task this one is part of, e.g. 12"),
                id="parent",
            )
            yield field_check("parent-error")

    def _due_examples(self) -> str:
        """The deadline phrases tracker/domain/dates.py reads, in the interface language first."""
        # Either language's phrases are read whatever the interface language: say so.
        return _(
            "A day: 30/6 or 30/6/{y} (day first; without a year, the next one). "
            "From today: today, tomorrow, +3d, +2w, +1m, friday. "
            "The end of a period: eow, eom, eoq, eoy, dec {y}. "
            "Vietnamese works too: cuối quý, Quý IV/{y}, tháng 9/{y}."
        ).format(y=self._example_year())

    def _example_year(self) -> int:
        """The year of the next 30 June, so that every example names a day still to come."""
        return self.today.year + (self.today > date(self.today.year, 6, 30))

    def on_mount(self) -> None:
        """Read the starting deadline aloud, hide the empty error lines, show the title's end."""
        for field in ("title", "lead", "partners", "description", *self._origin_fields):
            self._show_error(field, "")
        self._read_due()
        if self.editing is None:
            self._read_until()
        self.call_after_refresh(self._show_title_end)

    def _show_title_end(self) -> None:
        """Scroll a long title to its end, where the cursor is and typing goes."""
        title = self.query_one("#title", Input)
        title.scroll_to(x=title.max_scroll_x, animate=False, immediate=True)

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

    # Reading the form ----------------------------------------------------------------

    def _read_due(self) -> date | DeadlineError | None:
        """The deadline typed, None for none, or why it names no day; echoed under the box."""
        due = self._read_day("#due", "#due-line", self.today, blank=_("No deadline"), relative=True)
        self._mark_invalid("#due-field", isinstance(due, DeadlineError))
        return due

    # The fields under Meeting, each with its error line (`_show_error`'s names).
    _origin_fields = ("document", "directed-by", "parent")

    def _read_until(self) -> date | DeadlineError | None:
        """The last day typed for a periodic duty, None for none, echoed under the box."""
        until = self._read_day(
            "#until", "#until-line", self.today, blank=_("No last day: it repeats until stopped")
        )
        self._mark_invalid("#until-field", isinstance(until, DeadlineError))
        return until

    def _parent_problem(self, typed: str) -> str:
        """Why the typed parent is no task id the form can send ("" for a good one or none)."""
        text = typed.strip().lstrip("#")
        if not text:
            return ""
        # isascii: str.isdigit() also takes "²" and "١٢", which int() refuses or misreads.
        if not (text.isascii() and text.isdigit()) or len(text) > 12 or int(text) == 0:
            return _("Type a task id, the number shown as #12")
        if self.editing is not None and int(text) == self.editing.id:
            return _("A task cannot be part of itself")
        return ""

    def _fields(self) -> _Fields:
        meeting = self.query_one("#meeting", Select).value
        area = self.query_one("#area", Select).value
        every = self.query_one("#every", Select).value if self.editing is None else None
        until_text = self.query_one("#until", Input).value if self.editing is None else ""
        return _Fields(
            title=self.query_one("#title", Input).value,
            lead=self.query_one("#lead", AgencyPicker).value,
            partners=self.query_one("#partners", AgencyPicker).values,
            due_text=self.query_one("#due", Input).value,
            meeting=meeting if isinstance(meeting, str) else None,
            area=area if isinstance(area, str) else None,
            description=self.query_one("#description", TextArea).text,
            document=self.query_one("#document", Input).value,
            directed_by=self.query_one("#directed-by", Input).value,
            parent_text=self.query_one("#parent", Input).value,
            every=every if isinstance(every, str) else None,
            until_text=until_text,
        )

    @property
    def changed(self) -> bool:
        """Whether the form differs from the task (or the empty form) it started from."""
        return self._fields().normalised() != self._baseline.normalised()

    def _show_error(self, field: str, message: str) -> None:
        """Say under `field` what is wrong with it ("" when nothing is)."""
        self._show(f"#{field}-error", message)
        self._mark_invalid(f"#{field}-field", bool(message))

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
    def _due_changed(self) -> None:
        self._read_due()

    @on(Input.Changed, "#until")
    def _until_changed(self) -> None:
        self._read_until()

    @on(Input.Changed, "#document, #directed-by, #parent")
    def _origin_changed(self, event: Input.Changed) -> None:
        assert event.input.id is not None
        self._show_error(event.input.id, "")

    @on(Input.Submitted, "#title, #due, #until, #document, #directed-by, #parent")
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

        # The line under the box already says why, as it did while typing.
        due = self._read_due()
        if isinstance(due, DeadlineError):
            bad.append(self.query_one("#due", Input))

        every, until = self._check_repeats(fields, bad)

        bad += self._check_origin(fields)

        description_error = lines_problem(fields.description, _("the description")) or ""
        self._show_error("description", description_error)
        if description_error:
            bad.append(self.query_one("#description", TextArea))

        if (
            bad
            or lead is None
            or isinstance(due, DeadlineError)
            or isinstance(until, DeadlineError)
        ):
            if bad:
                bad[0].focus()
            return
        parent = fields.parent_text.strip().lstrip("#")
        self.dismiss(
            TaskDraft(
                title=" ".join(fields.title.split()),
                description=fields.description.strip(),
                lead=lead,
                partners=fields.partners,
                meeting=fields.meeting,
                area=fields.area,
                due=due,
                due_text=fields.due_text.strip(),
                document=" ".join(fields.document.split()),
                directed_by=" ".join(fields.directed_by.split()),
                parent=int(parent) if parent else None,
                every=every,
                until=until,
                until_text=fields.until_text.strip(),
            )
        )

    def _check_repeats(
        self, fields: _Fields, bad: list[Widget]
    ) -> tuple[Cadence | None, date | DeadlineError | None]:
        """The cadence and last day of a new task, each refused beside its field (added to
        `bad`): an unreadable day, or a last day for a task that does not repeat."""
        if self.editing is not None:
            return None, None
        until = self._read_until()
        if isinstance(until, DeadlineError):
            bad.append(self.query_one("#until", Input))
        elif until is not None and fields.every is None:
            self._show("#until-line", _("Choose how often it repeats, or leave this empty"))
            self._mark_invalid("#until-field", True)
            bad.append(self.query_one("#until", Input))
        return (Cadence(fields.every) if fields.every else None), until

    def _check_origin(self, fields: _Fields) -> list[Widget]:
        """The document, directed-by and parent inputs that cannot be saved, each with
        its reason shown beneath it."""
        problems = {
            "document": line_problem(fields.document, _("the assigning document")) or "",
            "directed-by": line_problem(fields.directed_by, _("the leader who directed it")) or "",
            "parent": self._parent_problem(fields.parent_text),
        }
        bad: list[Widget] = []
        for field, problem in problems.items():
            self._show_error(field, problem)
            if problem:
                bad.append(self.query_one(f"#{field}", Input))
        return bad

    def action_cancel(self) -> None:
        """Close the form; after a change, only once the user agrees to lose it."""
        if self.changed:
            self._ask_before_discarding(_("Discard your changes to this task?"))
        else:
            self.dismiss(None)
