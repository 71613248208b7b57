"""Someone else changed what you changed: theirs and yours per field, and the user's choice.

The dialog dismisses with the fields where the user's own value is to be applied (an
empty set keeps every one of theirs), or None on Escape, which takes the user back to
what they were typing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Label, RadioButton, RadioSet, Static

from tracker.domain.dates import format_date
from tracker.domain.history import field_label
from tracker.domain.model import AREAS, Agency, Meeting, Status
from tracker.domain.revision import FieldConflict
from tracker.domain.safe_text import visible, visible_lines
from tracker.i18n import N_, _
from tracker.ui.dialogs.base import FormDialog, widen_to_fit
from tracker.ui.widgets.agency_picker import agency_label


@dataclass(frozen=True)
class ConflictRow:
    """One field both sides changed, its two values worded for a person."""

    field: str
    label: str
    theirs: str
    yours: str


def conflict_rows(
    conflicts: Sequence[FieldConflict],
    agencies: Mapping[str, Agency],
    meetings: Mapping[str, Meeting],
) -> list[ConflictRow]:
    """The rows that show `conflicts`: dates dd/mm/yyyy, agencies by short name and code,
    meetings by date and title, statuses and areas in the reader's words."""
    rows = []
    for conflict in conflicts:
        label = field_label(conflict.field)
        rows.append(
            ConflictRow(
                field=conflict.field,
                label=label[:1].upper() + label[1:],
                theirs=shown_value(conflict.field, conflict.theirs, agencies, meetings),
                yours=shown_value(conflict.field, conflict.yours, agencies, meetings),
            )
        )
    return rows


def shown_value(
    field: str, value: object, agencies: Mapping[str, Agency], meetings: Mapping[str, Meeting]
) -> str:
    """A task field's value as a person reads it, safe for the terminal."""
    if value is None or value == "" or value == ():
        return _("no deadline") if field == "due" else "—"
    if isinstance(value, Status):
        return value.label
    if isinstance(value, date):
        return format_date(value)
    if field in ("lead", "partners"):
        codes = value if isinstance(value, tuple) else (str(value),)
        return visible(", ".join(agency_label(agencies.get(code), code) for code in codes))
    if field == "meeting":
        meeting = meetings.get(str(value))
        if meeting is not None:
            return visible(f"{format_date(meeting.date)} — {meeting.title}")
    if field == "area":
        return visible(AREAS.get(str(value), str(value)))
    return visible_lines(str(value))


class ConflictDialog(FormDialog[frozenset[str] | None]):
    """Theirs and yours for each field changed on both sides.

    Per field (`per_field`, the edit form): a choice on each row, then Save. As a whole
    (close, status): Keep theirs, or Apply yours when `can_apply` (a closed task cannot be
    closed or given a status again: `hint` says what to do instead).
    """

    CSS_PATH = ["dialog.tcss", "conflict.tcss"]
    AUTO_FOCUS = "#conflict-fields RadioSet, #conflict-theirs"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Save"), id="conflict.save"),
        Binding("escape", "back", N_("Back"), id="conflict.back"),
    ]

    def __init__(
        self,
        heading: str,
        rows: Sequence[ConflictRow],
        *,
        per_field: bool = True,
        can_apply: bool = True,
        hint: str = "",
    ) -> None:
        super().__init__()
        self.heading = heading
        self.rows = tuple(rows)
        self.per_field = per_field
        self.can_apply = can_apply
        self.hint = hint

    def compose(self) -> ComposeResult:
        """The heading, each field's two values (and choice), then the buttons."""
        with Vertical(classes="dialog-box"):
            yield Static(self.heading, classes="dialog-title", markup=False)
            with VerticalScroll(classes="dialog-fields", id="conflict-fields"):
                if self.per_field:
                    yield Static(
                        _(
                            "You both changed the fields below: choose the value each keeps. "
                            "Everything else either of you changed is kept."
                        ),
                        classes="dialog-context",
                        markup=False,
                    )
                for row in self.rows:
                    with Vertical(classes="conflict-row", id=f"conflict-{row.field}"):
                        yield Label(row.label, classes="conflict-label", markup=False)
                        with Horizontal(classes="conflict-values"):
                            yield Label(_("Theirs"), classes="conflict-side")
                            yield Static(row.theirs, classes="conflict-theirs", markup=False)
                        with Horizontal(classes="conflict-values"):
                            yield Label(_("Yours"), classes="conflict-side")
                            yield Static(row.yours, classes="conflict-yours", markup=False)
                        if self.per_field:
                            with RadioSet(id=f"choice-{row.field}", classes="conflict-choice"):
                                yield RadioButton(_("Keep theirs"), value=True, id="theirs")
                                yield RadioButton(_("Keep yours"), id="yours")
                if self.hint:
                    yield Static(self.hint, classes="conflict-hint", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Static(self._keys(), classes="dialog-keys")
                if self.per_field:
                    yield Button(_("Save"), variant="primary", id="conflict-save")
                else:
                    yield Button(_("Keep theirs"), variant="primary", id="conflict-theirs")
                    if self.can_apply:
                        yield Button(_("Apply yours"), variant="warning", id="conflict-yours")

    def on_mount(self) -> None:
        """Fit the Theirs/Yours column to its words, and line the choices up with the values."""
        width = widen_to_fit(list(self.query(".conflict-side").results(Label)))
        for choice in self.query(".conflict-choice"):
            choice.styles.margin = (0, 0, 0, width)

    def _keys(self) -> str:
        if self.per_field:
            # A RadioSet moves its highlight with the arrows but chooses only on Space or
            # Enter: say so, or a keyboard user saves the highlighted-but-unchosen default.
            return _("←→ Space choose · Ctrl+S save · Esc back to the form")
        return _("Esc back")

    def chosen(self) -> frozenset[str]:
        """The fields where the user chose to keep their own value (per field)."""
        return frozenset(
            row.field
            for row in self.rows
            if self.query_one(f"#choice-{row.field}", RadioSet).pressed_index == 1
        )

    def action_save(self) -> None:
        """Per field: dismiss with the fields set to yours; as a whole, Ctrl+S keeps theirs."""
        self.dismiss(self.chosen() if self.per_field else frozenset())

    @on(Button.Pressed, "#conflict-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#conflict-theirs")
    def _theirs_pressed(self) -> None:
        self.dismiss(frozenset())

    @on(Button.Pressed, "#conflict-yours")
    def _yours_pressed(self) -> None:
        self.dismiss(frozenset(row.field for row in self.rows))

    def action_back(self) -> None:
        """Go back to what the user was typing, with nothing lost."""
        self.dismiss(None)
