"""Ask on the first run who the user is: the name and agency recorded with their changes."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Static

from tracker import settings
from tracker.domain.errors import InvalidInput
from tracker.domain.model import Agency, Author
from tracker.i18n import N_, _
from tracker.ui.dialogs.base import FormDialog, field_check, form_field


class AuthorDialog(FormDialog[Author | None]):
    """The user's name and agency code, offered from the database's agencies or typed;
    dismisses with the Author on Enter, or None on Escape (asked again next time)."""

    CSS_PATH = ["dialog.tcss", "author.tcss"]
    AUTO_FOCUS = "#author-name"
    BINDINGS = [
        Binding("escape", "later", N_("Later"), id="author.later"),
    ]

    def __init__(self, agencies: Sequence[Agency], stand_in: str, agency: str = "") -> None:
        super().__init__()
        self.agencies = agencies
        # The login name the changes go under until a name is given.
        self.stand_in = stand_in
        # The user.agency setting, when it was given without a name.
        self.agency = agency

    def compose(self) -> ComposeResult:
        """Why it asks, the name, the agency and the buttons."""
        codes = [agency.code for agency in self.agencies]
        with Vertical(classes="dialog-box"):
            yield Static(_("Who are you?"), classes="dialog-title", markup=False)
            with VerticalScroll(classes="dialog-fields"):
                yield Static(
                    _(
                        "Each change you make is recorded with your name and agency, so "
                        "that both departments can see who did what. Saved in your settings "
                        "(tracker config set user.name)."
                    ),
                    classes="dialog-context",
                    markup=False,
                )
                with form_field(_("Your name")):
                    yield Input(placeholder="Nguyễn Văn A", id="author-name")
                    yield field_check("author-name-check")
                with form_field(_("Agency")):
                    yield Input(
                        placeholder=_("its code, e.g. {code}").format(
                            code=codes[0] if codes else "HN-KHDT"
                        ),
                        value=self.agency,
                        suggester=SuggestFromList(codes, case_sensitive=False),
                        id="author-agency",
                    )
                    yield field_check("author-agency-check")
            with Horizontal(classes="dialog-buttons"):
                yield Static(
                    _("Enter save · Esc later (as “{name}” for now)").format(name=self.stand_in),
                    classes="dialog-keys",
                    markup=False,
                )
                yield Button(_("Save"), variant="primary", id="author-save")

    def on_mount(self) -> None:
        """Hide the complaint lines until there is something to say."""
        self._show("#author-name-check", "")
        self._show("#author-agency-check", "")

    @on(Input.Submitted)
    @on(Button.Pressed, "#author-save")
    def action_save(self) -> None:
        """Dismiss with the author typed, or say what is wrong with it."""
        name_box = self.query_one("#author-name", Input)
        agency_box = self.query_one("#author-agency", Input)
        try:
            name = settings.checked("user.name", name_box.value)
        except InvalidInput:
            self._show("#author-name-check", _("write your name, on one line"))
            name_box.focus()
            return
        self._show("#author-name-check", "")
        agency = ""
        if agency_box.value.strip():
            try:
                agency = settings.checked("user.agency", agency_box.value)
            except InvalidInput:
                self._show("#author-agency-check", _("write an agency code, like HN-KHDT"))
                agency_box.focus()
                return
        self.dismiss(Author(name, agency))

    def action_later(self) -> None:
        """Go on under the login name for this session; ask again next time."""
        self.dismiss(None)
