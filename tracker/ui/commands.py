"""The command palette's provider: every action of the main screen, by name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

from tracker.i18n import _
from tracker.ui.screens.main import MAIN_BINDINGS, MainScreen
from tracker.ui.widgets.task_table import TaskTable

# Views are named in full; the bindings' short descriptions suit the footer.
_EXTRA_NAMES = {
    "main.view_agency": _("Group the tasks by agency"),
    "main.view_status": _("Group the tasks by status and standing"),
    "main.view_deadline": _("Group the tasks by deadline"),
    "main.toggle_role": _("Show tasks the agency leads / partners on"),
}
# Textual's own commands already offer Quit; a second one would only be a duplicate.
_LEFT_OUT = {"main.quit"}


@dataclass(frozen=True)
class PaletteCommand:
    """One line of the palette: its name, what it does, and the key that does it too."""

    name: str
    help: str
    run: Callable[[], object]


class TrackerCommands(Provider):
    """Offers each key's action (add, close, switch view, sort, ...) in the palette."""

    def _commands(self, screen: MainScreen) -> list[PaletteCommand]:
        commands = [
            self._command(binding, partial(screen.run_action, binding.action))
            for binding in MAIN_BINDINGS
            if binding.description
            and binding.id not in _LEFT_OUT
            and self._offered(screen, binding)
        ]
        table = screen.query_one(TaskTable)
        commands.extend(
            self._command(binding, partial(table.run_action, binding.action))
            for binding in TaskTable.BINDINGS
            if isinstance(binding, Binding) and binding.id == "table.sort"
        )
        return commands

    @staticmethod
    def _offered(screen: MainScreen, binding: Binding) -> bool:
        """Whether the action can do anything now: the sample loads into an empty database only."""
        if binding.id == "main.load_sample":
            return screen.sample is not None and screen.board is not None and screen.board.is_empty
        return True

    def _command(self, binding: Binding, run: Callable[[], object]) -> PaletteCommand:
        name = _EXTRA_NAMES.get(binding.id or "", binding.description)
        key = self.app.get_key_display(binding)
        if binding.tooltip:
            about = _("{about} (key {key})").format(about=binding.tooltip, key=key)
        else:
            about = _("Key {key}").format(key=key)
        return PaletteCommand(name, about, run)

    def _screen(self) -> MainScreen | None:
        for screen in reversed(self.app.screen_stack):
            if isinstance(screen, MainScreen):
                return screen
        return None

    async def discover(self) -> Hits:
        """Every action, listed when the palette opens empty."""
        screen = self._screen()
        if screen is None:
            return
        for command in self._commands(screen):
            yield DiscoveryHit(command.name, command.run, help=command.help)

    async def search(self, query: str) -> Hits:
        """The actions whose names match what is typed, best first."""
        screen = self._screen()
        if screen is None:
            return
        matcher = self.matcher(query)
        for command in self._commands(screen):
            score = matcher.match(command.name)
            if score > 0:
                yield Hit(score, matcher.highlight(command.name), command.run, help=command.help)
