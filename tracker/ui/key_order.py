"""The app's keys taken one at a time: each goes to the widget focused once the last is done."""

from __future__ import annotations

from collections import deque
from collections.abc import Awaitable, Callable

from textual import events
from textual.app import App, ScreenStackError
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.widget import Widget

# A pass that keeps moving focus or screens is cut off here, so keys can never stall.
MOST_PASSES = 8


class KeysInOrderApp(App[None]):
    """An app that hands a key to its widgets only once the key before it has been dealt with.

    Textual takes a key off the app's queue, runs the priority bindings, and posts the key
    to the focused widget's own queue, then takes the next key at once. The key climbs from
    the focused widget to the app one queue at a time; the other bindings (the field's
    Ctrl+U, the main screen's "a", every screen's Tab) run only when it reaches the app,
    and a screen pushed by one is built later still. Keys typed in a burst (a fast typist,
    tmux send-keys) were meanwhile posted to whatever was focused when each was taken:
    after Ctrl+U a date was typed into the field and then erased by it; after "a" the title
    went to the main screen instead of the new form, where an "e" could even open another.

    Here a key, or a paste, waits until the one before it has climbed all the way and what
    it caused has settled: a focus moved, a screen pushed, built and focused. That costs a
    few milliseconds a key, which only a long burst (200 keys from tmux: about a second)
    can notice; a terminal's paste is one event.
    """

    def __init__(self) -> None:
        super().__init__()
        # The key being dealt with first, then those typed behind it.
        self._typed: deque[events.Key | events.Paste] = deque()

    async def on_event(self, event: events.Event) -> None:
        """Queue keys and pastes as they arrive; let everything else through."""
        if isinstance(event, events.Key | events.Paste) and not event.is_forwarded:
            self._typed.append(event)
            if len(self._typed) == 1:
                await self._handle_first()
            return
        await super().on_event(event)

    async def _handle_first(self) -> None:
        """Hand the first waiting key to the focused widget, then wait for it to settle."""
        before = self._where_typing_goes()
        await super().on_event(self._typed[0])
        self._settle(before, passes=1)

    def _settle(self, before: tuple[Screen[object] | None, Widget | None], passes: int) -> None:
        """Go up from where typing went once more; go on while focus or the screen moves.

        The first pass follows the key itself; the second what it set off (Enter's
        Submitted moving focus, a screen pushed from a message); after that, one more for
        as long as the last pass moved focus or changed the screen.
        """
        screen, focused = before

        async def after_pass() -> None:
            now = self._where_typing_goes()
            if passes < MOST_PASSES and (passes == 1 or now != before):
                self._settle(now, passes + 1)
                return
            self._typed.popleft()
            if self._typed:
                await self._handle_first()

        self._after_queues(focused or screen or self, after_pass)

    def _after_queues(self, node: MessagePump, then: Callable[[], Awaitable[None]]) -> None:
        """Run `then` on the app once each queue from `node` up has handled what it holds.

        One queue at a time: a message climbing the same way is posted to the next queue
        before the wait for that queue is.
        """
        if node is self:
            # False only when the app is closing: no key will be handled any more.
            self.call_later(then)
            return
        parent = node.parent if isinstance(node, Widget) else None
        following = parent or self
        if not node.call_later(self._after_queues, following, then):
            self._after_queues(following, then)  # the widget is gone

    def _where_typing_goes(self) -> tuple[Screen[object] | None, Widget | None]:
        """The screen on top and its focused widget, (None, None) while there is no screen."""
        try:
            return self.screen, self.focused
        except ScreenStackError:
            return None, None
