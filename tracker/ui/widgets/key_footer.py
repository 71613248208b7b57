"""The footer of the main screen: every key that fits, the day's essentials always."""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer

# FooterKey is the widget Footer makes for each key; Textual does not export its name.
from textual.widgets._footer import FooterKey

from tracker.i18n import N_, _

# Textual's own words on the footer, in the catalog so they are shown translated.
TEXTUAL_WORDS = {
    "palette": N_("palette"),
    "Open the command palette": N_("Open the command palette"),
}


def key_width(key: FooterKey, compact: bool = False) -> int:
    """The cells `key` takes: " k description " in full, "k description " compact."""
    return cell_len(key.key_display) + cell_len(key.description) + (2 if compact else 3)


class KeyFooter(Footer):
    """A Footer that shows its keys in the interface language, and only those that fit.

    Keys for actions outside `essential` carry the class "-secondary" and are the ones
    hidden, from the right, when the row is too narrow for every key: at 80 columns the
    keys of a day's work show whole instead of the row being cut in the middle of a word;
    the hidden ones stay under ? and in the command palette. When even the essential keys
    need more room (Vietnamese words are longer), the row is drawn compact. Descriptions are the
    bindings' English (marked with N_) translated here, each time the footer is built.
    """

    def __init__(self, essential: Iterable[str], kept_longer: Iterable[str] = ()) -> None:
        super().__init__()
        self.essential = frozenset(essential)
        self.kept_longer = frozenset(kept_longer)
        """Secondary actions hidden only once the other secondary ones are."""

    def compose(self) -> ComposeResult:
        """The keys Footer shows, translated, each marked essential or secondary."""
        keys = []
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                widget.description = _(TEXTUAL_WORDS.get(widget.description, widget.description))
                if isinstance(widget.tooltip, str):
                    widget.tooltip = _(TEXTUAL_WORDS.get(widget.tooltip, widget.tooltip))
                if not widget.has_class("-command-palette"):
                    widget.set_class(widget.action not in self.essential, "-secondary")
                keys.append(widget)
            yield widget
        self._fit(keys)

    def on_resize(self, event: events.Resize) -> None:
        """Show again the keys that fit the new width."""
        self._fit(list(self.query(FooterKey)), event.size.width)

    def _fit(self, keys: list[FooterKey], width: int | None = None) -> None:
        """Hide secondary keys, the rightmost first, until the rest fit in one row; if the
        essential ones alone do not, draw the row compact (Vietnamese at 80 columns)."""
        available = width or self.size.width or self.app.size.width
        essential = [key for key in keys if not key.has_class("-secondary")]
        self.compact = sum(key_width(key) for key in essential) > available
        needed = sum(key_width(key, self.compact) for key in keys)
        for key in keys:
            key.display = True
        secondary = [key for key in reversed(keys) if key.has_class("-secondary")]
        secondary.sort(key=lambda key: key.action in self.kept_longer)  # stable: right first
        for key in secondary:
            if needed <= available:
                break
            key.display = False
            needed -= key_width(key, self.compact)
