"""The first-run welcome: choose the interface language, Tiếng Việt or English."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tracker import i18n
from tracker.i18n import N_

# No language is chosen yet, so each sentence is shown in both, each from its own catalog.
GREETING = N_("Welcome to tracker")
QUESTION = N_("Choose the language of tracker.")
HINT = N_("↑↓ choose, Enter or a click confirms; g switches it later.")


def in_both(message: str) -> list[str]:
    """`message` in Vietnamese, then in English (one line each)."""
    return [i18n.catalog(lang).gettext(message) for lang in i18n.LANGUAGES]


class WelcomeScreen(Screen[str]):
    """Asks once for the interface language; dismisses with its code ("vi" or "en")."""

    CSS_PATH = "welcome.tcss"
    BINDINGS = [
        Binding("v", "choose('vi')", show=False, id="welcome.vi"),
        Binding("e", "choose('en')", show=False, id="welcome.en"),
    ]
    AUTO_FOCUS = "#languages"

    def __init__(self, guess: str) -> None:
        super().__init__()
        self.guess = guess

    def compose(self) -> ComposeResult:
        """A greeting and the question in both languages, then the two languages."""
        with Vertical(id="welcome-box"):
            yield Static(Text("\n".join(in_both(GREETING)), style="bold"), id="welcome-greeting")
            yield Static("\n".join(in_both(QUESTION)), id="welcome-question")
            yield OptionList(
                *(Option(i18n.NAMES[lang], id=lang) for lang in i18n.LANGUAGES),
                id="languages",
            )
            yield Static(Text("\n".join(in_both(HINT)), style="dim"), id="welcome-hint")

    def on_mount(self) -> None:
        """Preselect the language the locale suggests."""
        languages = self.query_one(OptionList)
        languages.highlighted = languages.get_option_index(self.guess)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter or a click on a language chooses it."""
        event.stop()
        if event.option.id:
            self.dismiss(event.option.id)

    def action_choose(self, lang: str) -> None:
        """Choose `lang` straight away (v: Tiếng Việt, e: English)."""
        self.dismiss(lang)
