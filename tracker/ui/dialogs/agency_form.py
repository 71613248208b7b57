"""Edit an agency: its name, short name and locality; its code stays (tasks name it by it)."""

from __future__ import annotations

from msgspec.structs import replace
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Static

from tracker.domain.model import Agency
from tracker.domain.safe_text import line_problem, shows_nothing
from tracker.i18n import N_, _
from tracker.ui.dialogs.base import FormDialog, field_check, form_field

# The fields whose values, compared with those on opening, tell whether anything was typed.
_FIELD_IDS = ("#agency-name", "#agency-short", "#agency-locality")


class AgencyFormDialog(FormDialog[Agency | None]):
    """Edit `agency`; dismiss with the Agency as typed, or None when the user gives up.
    `draft` fills the fields with what a refused save held."""

    CSS_PATH = ["dialog.tcss", "agency_form.tcss"]
    AUTO_FOCUS = "#agency-name"
    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel"), id="agency_form.cancel"),
        Binding("ctrl+s", "save", N_("Save the agency"), id="agency_form.save"),
    ]

    def __init__(self, agency: Agency, draft: Agency | None = None) -> None:
        super().__init__()
        self.agency = agency
        self.filled = draft or agency
        self._on_opening: tuple[str, ...] = ()

    def compose(self) -> ComposeResult:
        """Code (fixed), name, short name and locality."""
        filled = self.filled
        with Vertical(classes="dialog-box"):
            yield Static(_("Edit agency"), classes="dialog-title")
            with VerticalScroll(classes="dialog-fields"):
                with form_field(_("Code")):
                    yield Input(self.agency.code, id="agency-code", disabled=True)
                    yield field_check("agency-code-check")
                with form_field(_("Name")):
                    yield Input(
                        filled.name, placeholder=_("e.g. Sở Kế hoạch và Đầu tư"), id="agency-name"
                    )
                    yield field_check("agency-name-check")
                with form_field(_("Short name")):
                    yield Input(filled.short, placeholder=_("e.g. Sở KH&ĐT"), id="agency-short")
                    yield field_check("agency-short-check")
                with form_field(_("Locality")):
                    yield Input(filled.locality, placeholder=_("e.g. Hà Nội"), id="agency-locality")
                    yield field_check("agency-locality-check")
            with Horizontal(classes="dialog-buttons"):
                yield Static(_("Ctrl+S save · Esc cancel"), classes="dialog-keys")
                yield Button(_("Save agency"), variant="primary", id="agency-save")
                yield Button(_("Cancel"), id="agency-cancel")

    def on_mount(self) -> None:
        """Note the values on opening; say why the code cannot change."""
        self._on_opening = self._entered()
        self._show("#agency-code-check", _("fixed: tasks name the agency by it"), "-hint")
        for field in _FIELD_IDS:
            self._show(f"{field}-check", "")

    def _entered(self) -> tuple[str, ...]:
        return tuple(self.query_one(field, Input).value for field in _FIELD_IDS)

    def _check(self, field: str, noun: str, required: bool = False) -> str | None:
        """The one-line text of `field`, tidied, or None with the reason shown beside it."""
        typed = self.query_one(field, Input).value
        problem = line_problem(typed, noun)
        text = " ".join(typed.split())
        if problem is None and required and shows_nothing(text):
            problem = _("the agency name is empty")
        self._show(f"{field}-check", problem or "")
        return None if problem else text

    @on(Input.Submitted, "#agency-name, #agency-short")
    def _next_field(self) -> None:
        self.focus_next()

    @on(Input.Submitted, "#agency-locality")
    @on(Button.Pressed, "#agency-save")
    def action_save(self) -> None:
        """Dismiss with the agency, or point at the first field that is wrong."""
        name = self._check("#agency-name", _("the agency name"), required=True)
        short = self._check("#agency-short", _("the short name"))
        locality = self._check("#agency-locality", _("the locality"))
        if name is None or short is None or locality is None:
            for field, value in (
                ("#agency-name", name),
                ("#agency-short", short),
                ("#agency-locality", locality),
            ):
                if value is None:
                    self.query_one(field).focus()
                    break
            return
        self.dismiss(replace(self.agency, name=name, short=short, locality=locality))

    @on(Button.Pressed, "#agency-cancel")
    def action_cancel(self) -> None:
        """Close the form; after typing, only once the user agrees to lose it."""
        if self._entered() == self._on_opening and self.filled == self.agency:
            self.dismiss(None)
        else:
            self._ask_before_discarding(_("Discard your changes to this agency?"))
