"""The Textual application, built by a factory that is handed the tracker it works on."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from textual.app import SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import Screen
from textual.signal import Signal

from tracker import i18n, process, settings
from tracker.authorship import identity, login_name
from tracker.domain.errors import TrackerError
from tracker.domain.model import Author
from tracker.i18n import N_, _
from tracker.service import Tracker
from tracker.ui.commands import TrackerCommands, TranslatedPalette
from tracker.ui.key_order import KeysInOrderApp
from tracker.ui.screens.main import MainScreen
from tracker.ui.screens.welcome import WelcomeScreen

SAMPLE_NAME = "hanoi-thainguyen-2019.json"

# Key names Textual shows as English words; the keys printed with their name (Enter, Esc,
# Tab, Home, End, PgUp, PgDn, Del) keep it.
KEY_NAMES = {"space": N_("space")}

PaletteEntry = tuple[str, str, str, Callable[[], object]]


def find_sample() -> Path | None:
    """The sample conference: beside the source in a checkout, or inside an installed wheel."""
    package = Path(__file__).resolve().parent.parent
    for folder in (package.parent, package):
        candidate = folder / "sample_data" / SAMPLE_NAME
        if candidate.is_file():
            return candidate
    return None


def needs_language_choice(
    settings_file: Path, lang_given: bool, environ: Mapping[str, str] = os.environ
) -> bool:
    """Whether to open on the welcome that asks for a language: the first run, when
    neither `--lang`, $TRACKER_LANG nor the settings file chose one."""
    if lang_given or i18n.known(environ.get("TRACKER_LANG")) is not None:
        return False
    return settings.saved_language(settings_file) is None


class TrackerApp(KeysInOrderApp):
    """Follow up cooperation tasks: by agency, by status, by deadline."""

    TITLE = "tracker"
    CSS_PATH = "app.tcss"
    # One provider offers the screen's actions and the app's own commands (quit, theme,
    # ...) in the interface language, instead of Textual's English ones.
    COMMANDS = {TrackerCommands}
    # ctrl+q stays Textual's quit; q on the main screen quits too.
    ENABLE_COMMAND_PALETTE = True

    def __init__(
        self,
        tracker: Tracker,
        sample: Path | None = None,
        watch_interval: float = 1.0,
        settings_file: Path | None = None,
        ask_language: bool = False,
        ask_author: bool = False,
    ) -> None:
        super().__init__()
        self.tracker = tracker
        self.sample = sample
        self.watch_interval = watch_interval
        self.settings_file = settings_file or settings.settings_path()
        self.ask_language = ask_language
        self.ask_author = ask_author
        self.language_changed: Signal[str] = Signal(self, "language-changed")
        """Published with the new language code once `_()` speaks it: screens redraw."""

    def on_mount(self) -> None:
        """Open the main screen, after the welcome on a first run."""
        process.start_long_running()  # see tracker/process.py
        if self.ask_language:
            guess = i18n.from_locale(os.environ) or i18n.language()
            self.push_screen(WelcomeScreen(guess), self._language_chosen)
        else:
            self._open_main()

    def _open_main(self) -> None:
        self.push_screen(MainScreen(self.tracker, self.sample, self.watch_interval))
        if self.ask_author:
            self._ask_author()

    # Who the changes are recorded as ------------------------------------------------

    def _ask_author(self) -> None:
        """Ask for the user's name and agency, over the main screen (first run only)."""
        from tracker.ui.dialogs.author import AuthorDialog

        try:
            agencies = self.tracker.agencies()
        except TrackerError:
            agencies = []  # the main screen says what is wrong with the database
        author = self.tracker.author or Author(login_name())
        self.push_screen(AuthorDialog(agencies, author.name, author.agency), self._author_chosen)

    def _author_chosen(self, author: Author | None) -> None:
        """Record changes as `author` from now on and save it; None: the login name stays
        for this session, and the next one asks again."""
        if author is None:
            return
        self.tracker.author = author
        try:
            settings.set_value(self.settings_file, "user.name", author.name)
            if author.agency:
                settings.set_value(self.settings_file, "user.agency", author.agency)
        except TrackerError as error:
            # Not saved is not fatal: the name holds until the app closes.
            self.notify(str(error), title=_("Settings"), severity="warning", timeout=10)
            return
        self.notify(_("Your changes are recorded as {name}").format(name=author.label))

    def _language_chosen(self, lang: str | None) -> None:
        """Speak and save the language chosen on the welcome, then go on to the tasks."""
        self.set_language(lang or i18n.language())
        self._open_main()

    # The interface language ---------------------------------------------------

    def set_language(self, lang: str) -> None:
        """Speak `lang` from now on, save it in the settings, and redraw every screen."""
        i18n.use(lang)
        try:
            settings.set_value(self.settings_file, "language", lang)
        except TrackerError as error:
            # Not saved is not fatal: the language holds until the app closes.
            self.notify(str(error), title=_("Settings"), severity="warning", timeout=10)
        self.language_changed.publish(lang)

    def action_switch_language(self) -> None:
        """Switch between Tiếng Việt and English, and say so in the new language."""
        self.set_language(_other_language())
        self.notify(_("Language: {name}").format(name=i18n.NAMES[i18n.language()]))

    # Textual's own English -------------------------------------------------------

    def get_key_display(self, binding: Binding) -> str:
        """The key as the footer and help show it, its name in the interface language."""
        shown = super().get_key_display(binding)
        return _(KEY_NAMES[shown]) if shown in KEY_NAMES else shown

    def action_command_palette(self) -> None:
        """Open the command palette, its own words in the interface language."""
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(TranslatedPalette(id="--command-palette"))

    def search_themes(self) -> None:
        """The theme picker, its prompt in the interface language."""
        from textual.theme import ThemeProvider

        self.push_screen(
            TranslatedPalette(providers=[ThemeProvider], placeholder=_("Search for themes…"))
        )

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's commands (quit, theme, maximize, screenshot) in the interface language."""
        for name, _english, about, run in self.palette_commands(screen):
            yield SystemCommand(name, about, run)

    def palette_commands(self, screen: Screen[object]) -> list[PaletteEntry]:
        """The app's own palette commands: (name, English name, help, callback).

        Textual's "Keys" panel is left out: it would list the keys in English; ? opens our
        list of keys instead.
        """
        other = i18n.NAMES[_other_language()]
        entries: list[tuple[str, str, str, Callable[[], object]]] = [
            (
                _("Language: {name}").format(name=other),
                f"Language: {other}",
                _("Show tracker in {name} (key g)").format(name=other),
                self.action_switch_language,
            ),
            _entry(N_("Theme"), N_("Change the colours of the screen"), self.action_change_theme),
            _entry(N_("Quit"), N_("Quit tracker (keys q, Ctrl+Q)"), self.action_quit),
        ]
        if screen.maximized is not None:
            entries.append(
                _entry(
                    N_("Minimize"),
                    N_("Give the panel back its place on the screen"),
                    screen.action_minimize,
                )
            )
        elif screen.focused is not None and screen.focused.allow_maximize:
            entries.append(
                _entry(N_("Maximize"), N_("Show the focused panel alone"), screen.action_maximize)
            )
        entries.append(
            _entry(
                N_("Screenshot"),
                N_("Save a picture of the screen (SVG) in the current folder"),
                lambda: self.set_timer(0.1, self.deliver_screenshot),
            )
        )
        return entries


def _entry(name: str, about: str, run: Callable[[], object]) -> PaletteEntry:
    """A palette entry of text marked with N_: translated, with its English name kept."""
    return (_(name), name, _(about), run)


def _other_language() -> str:
    """The interface language the switch goes to: the one not spoken now."""
    return "en" if i18n.language() == "vi" else "vi"


def make_app(
    tracker: Tracker,
    sample: Path | None = None,
    watch_interval: float = 1.0,
    ask_language: bool = False,
    ask_author: bool = False,
) -> TrackerApp:
    """The app over `tracker`, whose day follows its clock (a movable one in tests).

    With `ask_language` it opens on the welcome that asks for the interface language; with
    `ask_author` it asks who the user is, whose name the changes are recorded with.
    """
    return TrackerApp(
        tracker,
        sample=sample,
        watch_interval=watch_interval,
        ask_language=ask_language,
        ask_author=ask_author,
    )


def needs_author(settings_file: Path, environ: Mapping[str, str] = os.environ) -> bool:
    """Whether to ask who the user is: the first run, when neither $TRACKER_USER nor the
    user.name setting names them."""
    return not identity(settings.saved_values(settings_file), environ).chosen


def run_app(tracker: Tracker, lang_given: bool = False) -> None:
    """Run the UI in this process, for as long as the user keeps it open.

    Give it a tracker that reads the day from the clock (`Tracker(database)`), not one
    fixed to a day, so that left open past midnight it moves on to the new day. The
    language is the one the command line chose; on a first run (`lang_given` False: no
    `--lang`, no $TRACKER_LANG, none saved) the UI asks for it first.
    """
    ask = needs_language_choice(settings.settings_path(), lang_given)
    ask_author = needs_author(settings.settings_path())
    make_app(tracker, sample=find_sample(), ask_language=ask, ask_author=ask_author).run()


__all__ = ["TrackerApp", "make_app", "needs_author", "needs_language_choice", "run_app"]
