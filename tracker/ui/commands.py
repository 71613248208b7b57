"""The command palette's provider: every action of the main screen and the app, by name.

Each command is found by its name in the interface language and by its English name, both
without diacritics: "them", "thêm" and "add" all find "Thêm nhiệm vụ".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from rich.align import Align
from rich.text import Text
from textual.binding import Binding
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.widgets.option_list import Option

from tracker.domain.text import fold
from tracker.i18n import N_, _
from tracker.ui.screens.main import MAIN_BINDINGS, MainScreen
from tracker.ui.widgets.task_table import TaskTable

# Views are named in full; the bindings' short descriptions suit the footer.
_EXTRA_NAMES = {
    "main.add": N_("Add a task"),
    "main.view_agency": N_("Group the tasks by agency"),
    "main.view_status": N_("Group the tasks by status and standing"),
    "main.view_deadline": N_("Group the tasks by deadline"),
    "main.view_meeting": N_("Group the tasks by meeting, newest first"),
    "main.toggle_role": N_("Show tasks the agency leads / partners on"),
}
# Textual's own commands already offer Quit; the language command is named by the app.
_LEFT_OUT = {"main.quit", "main.language"}


class TranslatedPalette(CommandPalette):
    """Textual's command palette with its own words in the interface language."""

    def __init__(
        self,
        providers: list[type[Provider]] | None = None,
        *,
        placeholder: str | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(providers, placeholder=placeholder or _("Search for commands…"), id=id)

    def _start_no_matches_countdown(self, search_value: str) -> None:
        """Say "No matches found" in the interface language, as Textual 8.2 says it in English.

        Textual builds that line inside this method; this is its code (textual/command.py,
        pinned in pyproject.toml) with the sentence translated.
        """
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(_("No matches found"), style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)


@dataclass(frozen=True)
class PaletteCommand:
    """One line of the palette: its name, its English name, what it does, and the action."""

    name: str
    english: str
    help: str
    run: Callable[[], object]

    def score(self, matcher: Matcher) -> float:
        """How well the (folded) query matches the name or the English name; 0 for not."""
        return max(matcher.match(fold(self.name)), matcher.match(self.english))

    def highlighted(self, matcher: Matcher) -> Content:
        """The name with the letters the query matched in bold, where they can be shown."""
        folded = fold(self.name)
        score, offsets = matcher.fuzzy_search.match(matcher.query, folded)
        content = Content(self.name)
        if not score or len(folded) != len(self.name):
            return content  # matched in English, or folding changed the length
        for offset in offsets:
            if not self.name[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
        return content


class TrackerCommands(Provider):
    """Offers each key's action (add, close, switch view, sort, ...) and the app's own
    commands (language, theme, quit, ...) in the palette, in the interface language."""

    def _commands(self) -> list[PaletteCommand]:
        """The main screen's actions (if it is open), then the app's own commands."""
        commands = []
        screen = self._screen()
        if screen is not None:
            commands += [
                self._command(binding, partial(screen.run_action, binding.action))
                for binding in MAIN_BINDINGS
                if binding.description
                and binding.id not in _LEFT_OUT
                and self._offered(screen, binding)
            ]
            table = screen.query_one(TaskTable)
            commands += [
                self._command(binding, partial(table.run_action, binding.action))
                for binding in TaskTable.BINDINGS
                if isinstance(binding, Binding) and binding.id == "table.sort"
            ]
        commands += [PaletteCommand(*command) for command in self._app_commands()]
        return commands

    def _app_commands(self) -> list[tuple[str, str, str, Callable[[], object]]]:
        """The app's own commands: (name, English name, help, callback)."""
        from tracker.ui.app import TrackerApp  # the app imports this module

        app = self.app
        if not isinstance(app, TrackerApp):
            return []
        return app.palette_commands(self.screen)

    @staticmethod
    def _offered(screen: MainScreen, binding: Binding) -> bool:
        """Whether the action can do anything now: the sample loads into an empty database only."""
        if binding.id == "main.load_sample":
            return screen.sample is not None and screen.board is not None and screen.board.is_empty
        return True

    def _command(self, binding: Binding, run: Callable[[], object]) -> PaletteCommand:
        english = _EXTRA_NAMES.get(binding.id or "", binding.description)
        key = self.app.get_key_display(binding)
        if binding.tooltip:
            about = _("{about} (key {key})").format(about=_(binding.tooltip), key=key)
        else:
            about = _("Key {key}").format(key=key)
        return PaletteCommand(_(english), english, about, run)

    def _screen(self) -> MainScreen | None:
        for screen in reversed(self.app.screen_stack):
            if isinstance(screen, MainScreen):
                return screen
        return None

    async def discover(self) -> Hits:
        """Every action, listed when the palette opens empty."""
        for command in self._commands():
            yield DiscoveryHit(command.name, command.run, help=command.help)

    async def search(self, query: str) -> Hits:
        """The actions whose names match what is typed, in either language, best first."""
        matcher = self.matcher(fold(query))
        for command in self._commands():
            score = command.score(matcher)
            if score > 0:
                yield Hit(
                    score,
                    command.highlighted(matcher),
                    command.run,
                    text=command.name,
                    help=command.help,
                )
