"""The command palette's provider: every action of the main screen, by name."""

from __future__ import annotations

from functools import partial

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

from tracker.ui.screens.main import MAIN_BINDINGS, MainScreen

# Views are named in full; the bindings' short descriptions suit the footer.
_EXTRA_NAMES = {"main.toggle_role": "Show tasks the agency leads / partners on"}


class TrackerCommands(Provider):
    """Offers each key's action (add, close, switch view, ...) in the palette."""

    def _actions(self) -> list[tuple[str, str, Binding]]:
        return [
            (_EXTRA_NAMES.get(binding.id or "", binding.description), binding.action, binding)
            for binding in MAIN_BINDINGS
            if binding.description
        ]

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
        for name, action, binding in self._actions():
            yield DiscoveryHit(name, partial(screen.run_action, action), help=f"key: {binding.key}")

    async def search(self, query: str) -> Hits:
        """The actions whose names match what is typed, best first."""
        screen = self._screen()
        if screen is None:
            return
        matcher = self.matcher(query)
        for name, action, binding in self._actions():
            score = matcher.match(name)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(name),
                    partial(screen.run_action, action),
                    help=f"key: {binding.key}",
                )
