"""The footer of the main screen: every key when there is room, the day's essentials when not."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.widgets import Footer

# FooterKey is the widget Footer makes for each key; Textual does not export its name.
from textual.widgets._footer import FooterKey


class KeyFooter(Footer):
    """A Footer whose keys for actions outside `essential` carry the class "-secondary".

    The screen's stylesheet hides those on a narrow terminal, so that at 80 columns the
    keys of a day's work show whole instead of the row being cut in the middle of a word;
    the hidden ones stay under ? and in the command palette.
    """

    def __init__(self, essential: Iterable[str]) -> None:
        super().__init__()
        self.essential = frozenset(essential)

    def compose(self) -> ComposeResult:
        """The keys Footer shows, each marked essential or secondary."""
        for widget in super().compose():
            if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
                widget.set_class(widget.action not in self.essential, "-secondary")
            yield widget
