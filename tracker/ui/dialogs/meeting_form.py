"""Record or edit a cooperation meeting: title, date, place, agreement, chairs, conclusion
document, notes and its id (fixed once recorded: tasks name the meeting by it)."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Select, Static, TextArea
from textual.widgets.select import NoSelection

from tracker.domain.dates import format_date
from tracker.domain.model import Agreement, Meeting
from tracker.domain.safe_text import line_problem, lines_problem, shows_nothing, visible
from tracker.i18n import N_, _
from tracker.ui.dialogs.base import FormDialog, field_check, form_field

# Names are written "Nguyễn Văn A; Trần Thị B" or with commas; Vietnamese names contain neither.
_CHAIR_SEPARATORS = re.compile(r"[;,]")

# The fields whose values, compared with those on opening, tell whether anything was typed.
_FIELD_IDS = (
    "#meeting-title",
    "#meeting-date",
    "#meeting-place",
    "#meeting-chairs",
    "#meeting-document",
    "#meeting-id",
)


def split_chairs(text: str) -> tuple[str, ...]:
    """The chairs' names from "A; B, C", tidied, without empty entries."""
    names = (" ".join(part.split()) for part in _CHAIR_SEPARATORS.split(text))
    return tuple(name for name in names if name)


def suggested_id(day: date, agreement: str | None, taken: Collection[str]) -> str:
    """An id like 2026-11-27-hn-tn, with -2, -3 ... added if that one is taken."""
    base = day.isoformat() + (f"-{agreement.lower()}" if agreement else "")
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


class MeetingFormDialog(FormDialog[Meeting | None]):
    """Ask for a new meeting, or edit `meeting`; dismiss with the Meeting as typed, or None
    when the user gives up. `draft` fills the fields with what a refused save held."""

    CSS_PATH = ["dialog.tcss", "meeting_form.tcss"]
    AUTO_FOCUS = "#meeting-title"
    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel"), id="meeting_form.cancel"),
        Binding("ctrl+s", "save", N_("Save the meeting"), id="meeting_form.save"),
    ]

    def __init__(
        self,
        agreements: Sequence[Agreement],
        existing_ids: Collection[str],
        today: date,
        meeting: Meeting | None = None,
        draft: Meeting | None = None,
    ) -> None:
        super().__init__()
        self.agreements = list(agreements)
        self.existing_ids = frozenset(existing_ids)
        self.today = today
        self.meeting = meeting
        self.filled = draft or meeting
        first = self.agreements[0].code if self.agreements else None
        if self.filled is not None:
            first = self.filled.agreement
        self._auto_id = meeting.id if meeting else suggested_id(today, first, self.existing_ids)
        # An edited meeting's id is fixed; a new one's follows the date until typed over.
        self._id_edited = meeting is not None or (draft is not None and draft.id != self._auto_id)
        self._on_opening: tuple[object, ...] = ()

    def _agreement_value(self) -> str | NoSelection:
        """The agreement the Select opens on: the meeting's, else the first one."""
        codes = {agreement.code for agreement in self.agreements}
        if self.filled is not None:
            return self.filled.agreement if self.filled.agreement in codes else Select.NULL
        return self.agreements[0].code if self.agreements else Select.NULL

    def compose(self) -> ComposeResult:
        """Title, date, place, agreement, chairs, notes and the meeting's id."""
        filled = self.filled
        heading = _("Edit meeting") if self.meeting else _("New meeting")
        with Vertical(classes="dialog-box"):
            yield Static(heading, classes="dialog-title")
            with VerticalScroll(classes="dialog-fields"):
                # Not "Title": that word's translation names a task's title elsewhere.
                with form_field(_("Meeting title")):
                    yield Input(
                        filled.title if filled else "",
                        placeholder=_("e.g. Họp sơ kết hợp tác năm 2026"),
                        id="meeting-title",
                    )
                    yield field_check("meeting-title-check")
                with form_field(_("Date")):
                    day = filled.date if filled else self.today
                    yield Input(format_date(day), id="meeting-date")
                    yield field_check("meeting-date-check")
                with form_field(_("Place")):
                    yield Input(
                        filled.place if filled else "",
                        placeholder=_("e.g. UBND tỉnh Thái Nguyên"),
                        id="meeting-place",
                    )
                    yield field_check("meeting-place-check")
                with form_field(_("Agreement")):
                    yield Select[str](
                        # Text, not str: a str would be read as markup, and titles are data.
                        [(Text(visible(f"{a.code} — {a.title}")), a.code) for a in self.agreements],
                        prompt=_("(no agreement)"),
                        allow_blank=True,
                        value=self._agreement_value(),
                        id="meeting-agreement",
                    )
                with form_field(_("Chairs")):
                    yield Input(
                        "; ".join(filled.chairs) if filled else "",
                        placeholder=_("names separated by ; or ,"),
                        id="meeting-chairs",
                    )
                    yield field_check("meeting-chairs-check")
                with form_field(_("Conclusion document")):
                    yield Input(
                        filled.document if filled else "",
                        placeholder=_("e.g. 215/TB-VP"),
                        id="meeting-document",
                    )
                    yield field_check("meeting-document-check")
                with form_field(_("Notes")):
                    yield TextArea(filled.notes if filled else "", id="meeting-notes")
                    yield field_check("meeting-notes-check")
                with form_field(_("Id")):
                    yield Input(
                        filled.id if filled else self._auto_id,
                        id="meeting-id",
                        disabled=self.meeting is not None,
                    )
                    yield field_check("meeting-id-check")
            with Horizontal(classes="dialog-buttons"):
                yield Static(_("Ctrl+S save · Esc cancel"), classes="dialog-keys")
                yield Button(_("Save meeting"), variant="primary", id="meeting-save")
                yield Button(_("Cancel"), id="meeting-cancel")

    def on_mount(self) -> None:
        """Note the values on opening and check the prefilled ones."""
        self._on_opening = self._entered()
        self._show("#meeting-title-check", "")
        for check in (
            "#meeting-place-check",
            "#meeting-chairs-check",
            "#meeting-document-check",
            "#meeting-notes-check",
        ):
            self._show(check, "")
        self._check_date()
        self._check_id()

    # Reading and checking the fields ------------------------------------------------------

    def _entered(self) -> tuple[object, ...]:
        values: list[object] = [self.query_one(field, Input).value for field in _FIELD_IDS]
        values.append(self.query_one("#meeting-agreement", Select).value)
        values.append(self.query_one("#meeting-notes", TextArea).text)
        return tuple(values)

    def _agreement(self) -> str | None:
        value = self.query_one("#meeting-agreement", Select).value
        return value if isinstance(value, str) else None

    def _check_title(self) -> str | None:
        typed = self.query_one("#meeting-title", Input).value
        problem = line_problem(typed, _("the meeting title"))
        title = " ".join(typed.split())
        if problem is None and shows_nothing(title):
            problem = _("the meeting title is empty")
        self._show("#meeting-title-check", problem or "")
        return None if problem else title

    def _check_text(self, field: str, noun: str, lines: bool = False) -> str | None:
        """The text of `field`, or None with the reason shown beneath it (safe_text's rule)."""
        if lines:
            text = self.query_one(field, TextArea).text
            problem = lines_problem(text, noun)
        else:
            text = self.query_one(field, Input).value
            problem = line_problem(text, noun)
        self._show(f"{field}-check", problem or "")
        return None if problem else text

    def _check_date(self) -> date | None:
        day = self._read_day("#meeting-date", "#meeting-date-check", self.today)
        return day if isinstance(day, date) else None

    def _check_id(self) -> str | None:
        if self.meeting is not None:
            self._show("#meeting-id-check", _("fixed: tasks name the meeting by it"), "-hint")
            return self.meeting.id
        meeting_id = self.query_one("#meeting-id", Input).value.strip()
        problem = line_problem(meeting_id, _("the meeting id"))
        if problem:
            self._show("#meeting-id-check", problem)
            return None
        if not meeting_id or any(ch.isspace() for ch in meeting_id):
            self._show("#meeting-id-check", _("a meeting id is one word, like 2026-10-15-hn-tn"))
            return None
        if meeting_id in self.existing_ids:
            self._show("#meeting-id-check", _("meeting {id} already exists").format(id=meeting_id))
            return None
        if self._id_edited:
            self._show("#meeting-id-check", "")
        else:
            self._show("#meeting-id-check", _("made from the date and agreement"), "-hint")
        return meeting_id

    def _refresh_auto_id(self, day: date | None) -> None:
        """Follow the date and agreement in the id, until the user writes an id of their own."""
        if self._id_edited or day is None or self.meeting is not None:
            return
        self._auto_id = suggested_id(day, self._agreement(), self.existing_ids)
        self.query_one("#meeting-id", Input).value = self._auto_id
        self._check_id()

    # Events ----------------------------------------------------------------------------

    @on(Input.Changed, "#meeting-date")
    def _date_changed(self) -> None:
        self._refresh_auto_id(self._check_date())

    @on(Select.Changed, "#meeting-agreement")
    def _agreement_changed(self) -> None:
        self._refresh_auto_id(self._check_date())

    @on(Input.Changed, "#meeting-id")
    def _id_changed(self, event: Input.Changed) -> None:
        # Our own updates arrive late: one that no longer matches the field is stale, and
        # only a value differing from the suggestion is the user's. Emptying the field hands
        # the id back to the suggestion.
        if event.value != event.input.value or self.meeting is not None:
            return
        self._id_edited = event.value not in (self._auto_id, "")
        self._check_id()

    @on(Input.Changed, "#meeting-title")
    def _title_changed(self, event: Input.Changed) -> None:
        if event.value.strip():
            self._show("#meeting-title-check", "")

    @on(
        Input.Submitted,
        "#meeting-title, #meeting-date, #meeting-place, #meeting-chairs, #meeting-document",
    )
    def _next_field(self) -> None:
        self.focus_next()

    @on(Input.Submitted, "#meeting-id")
    @on(Button.Pressed, "#meeting-save")
    def action_save(self) -> None:
        """Dismiss with the meeting, or point at the first field that is wrong."""
        title = self._check_title()
        day = self._check_date()
        place = self._check_text("#meeting-place", _("the place"))
        chairs = self._check_text("#meeting-chairs", _("a chair"))
        document = self._check_text("#meeting-document", _("the conclusion document"))
        notes = self._check_text("#meeting-notes", _("the meeting notes"), lines=True)
        meeting_id = self._check_id()
        if (
            title is None
            or day is None
            or place is None
            or chairs is None
            or document is None
            or notes is None
            or meeting_id is None
        ):
            for field, value in (
                ("#meeting-title", title),
                ("#meeting-date", day),
                ("#meeting-place", place),
                ("#meeting-chairs", chairs),
                ("#meeting-document", document),
                ("#meeting-notes", notes),
                ("#meeting-id", meeting_id),
            ):
                if value is None:
                    self.query_one(field).focus()
                    break
            return
        self.dismiss(
            Meeting(
                id=meeting_id,
                title=title,
                date=day,
                place=" ".join(place.split()),
                agreement=self._agreement(),
                chairs=split_chairs(chairs),
                notes=notes.strip(),
                document=" ".join(document.split()),
            )
        )

    @on(Button.Pressed, "#meeting-cancel")
    def action_cancel(self) -> None:
        """Close the form; after typing, only once the user agrees to lose it."""
        if self._entered() == self._on_opening and self.filled == self.meeting:
            self.dismiss(None)
        elif self.meeting is not None:
            self._ask_before_discarding(_("Discard your changes to this meeting?"))
        else:
            self._ask_before_discarding(_("Discard this meeting?"))
