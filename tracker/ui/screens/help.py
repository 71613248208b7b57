"""The help screen: every key of the main screen, with what it does."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tracker.i18n import N_, _
from tracker.ui.language_switch import follow_language, stop_following_language


def key_table(bindings: list[BindingType], show_key: Callable[[Binding], str]) -> Table:
    """A table of each described binding's key and what it does, in the interface language."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold cyan", no_wrap=True)
    table.add_column()
    for binding in bindings:
        if isinstance(binding, Binding) and binding.description:
            # "up,k" is two keys: each shown as the footer shows it ("↑ k").
            keys = " ".join(show_key(replace(binding, key=key)) for key in binding.key.split(","))
            table.add_row(keys, _(binding.tooltip or binding.description))
    return table


class HelpScreen(ModalScreen[None]):
    """Lists the keys; any of Escape, q or ? closes it."""

    CSS_PATH = "help.tcss"
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", N_("Back"), id="help.close")]

    def __init__(self, bindings: list[BindingType]) -> None:
        super().__init__()
        self.bindings = bindings

    def on_mount(self) -> None:
        """Follow the language switch (the palette can switch it over this screen)."""
        follow_language(self, self.retranslate)

    def on_unmount(self) -> None:
        """Stop following the switch: the subscription would keep a closed screen alive."""
        stop_following_language(self)

    def retranslate(self, lang: str) -> None:
        """List the keys again in the language just chosen."""
        self.call_later(self.recompose)

    def compose(self) -> ComposeResult:
        """The keys, then a hint on moving, sorting and typing dates."""
        with VerticalScroll(id="help-box"):
            yield Static(Text(_("Keys"), style="bold"), id="help-title")
            yield Static(key_table(self.bindings, self.app.get_key_display), id="help-keys")
            yield Static(
                Text(
                    _(
                        "Move with the arrow keys, Page Up/Down, Home/End; Tab moves between "
                        "the panels; click a column title to sort by it. Ctrl+P opens the "
                        "command palette. Deadlines accept 30/9/2026, +2w, eom, "
                        '"Quý IV/2026", "tháng 9/2026", "cuối năm".'
                    ),
                    style="dim",
                ),
                id="help-hint",
            )
