"""Hearing other people's writes as they happen: LISTEN on a connection of its own.

Every write's transaction ends with NOTIFY of the new revision (store/server/database.py).
A listener thread keeps one connection, in autocommit, that does nothing but LISTEN; it
hands each revision it hears to a callback. When the connection drops (the server
restarts, an administrator ends the session, the network fails) it says so through the
same callback, tries again after a pause that doubles up to a bound, and on its return
reads the revision afresh: the writes made while it was away show too.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import psycopg

from tracker.domain.errors import StoreError
from tracker.i18n import _
from tracker.store.server import schema
from tracker.store.server.connection import CONNECT_TIMEOUT, reason
from tracker.store.watching import WatchState

# The listener's name in the server's list of sessions (pg_stat_activity), the same in
# every language: administrators and tests look for it there.
APPLICATION = "tracker watch"
# The pause before the first attempt to reconnect, doubled after each failure up to the
# longest: a server back after a restart is heard within about that much.
FIRST_RETRY = 0.2
LONGEST_RETRY = 2.0
# How long one wait for notifications lasts: the thread looks at its stop flag between
# two, so the app's exit waits at most this long for it.
WAIT = 0.5
# How often a quiet connection reads the revision: a connection that died without a word
# (a network cut rather than a server that closed it) is found out then.
HEARTBEAT = 5.0
# Ask the kernel to find a dead peer within seconds rather than the default two hours.
_TCP_OPTIONS: dict[str, Any] = {
    "keepalives": 1,
    "keepalives_idle": 5,
    "keepalives_interval": 2,
    "keepalives_count": 3,
    "tcp_user_timeout": 10_000,
}


class ChangeListener:
    """A daemon thread listening for the server's change notifications."""

    def __init__(
        self,
        url: str,
        location: str,
        on_change: Callable[[WatchState], None],
        application: str = APPLICATION,
    ) -> None:
        self._url = url
        self._location = location
        self._on_change = on_change
        self._application = application[:63]
        self._stopping = threading.Event()
        self._state = WatchState()
        self._listening = False  # connected and listening, as far as the thread knows
        self._thread = threading.Thread(target=self._run, name="tracker-watch", daemon=True)

    @property
    def state(self) -> WatchState:
        """The latest revision heard of, and why the server cannot be heard now, if so."""
        return self._state

    def start(self) -> ChangeListener:
        """Begin listening, in the background; the listener itself, for chaining."""
        self._thread.start()
        return self

    def stop(self, wait: float = 0.0) -> None:
        """Stop listening: the thread closes its connection and ends within `WAIT` seconds;
        wait up to `wait` seconds for that here (0: not at all)."""
        self._stopping.set()
        if wait > 0 and self._thread.is_alive():
            self._thread.join(wait)

    @property
    def running(self) -> bool:
        """Whether the thread is still alive (it ends soon after `stop`)."""
        return self._thread.is_alive()

    # The thread ------------------------------------------------------------------

    def _run(self) -> None:
        pause = FIRST_RETRY
        while not self._stopping.is_set():
            try:
                self._listen()
            except (psycopg.Error, StoreError, OSError) as error:
                if self._listening:
                    # Lost while listening: try again at once, and say nothing yet; an
                    # ended session is usually back before anyone could read the header.
                    self._listening = False
                    pause = FIRST_RETRY
                    continue
                self._tell(WatchState(self._state.revision, self._problem(error)))
                if self._stopping.wait(pause):
                    return
                pause = min(pause * 2, LONGEST_RETRY)
            else:
                return  # stopped while listening

    def _listen(self) -> None:
        """Connect, LISTEN, then pass on what is heard until stopped or disconnected."""
        with psycopg.connect(
            self._url,
            autocommit=True,
            connect_timeout=CONNECT_TIMEOUT,
            application_name=self._application,
            **_TCP_OPTIONS,
        ) as conn:
            conn.execute(f"LISTEN {schema.CHANNEL}".encode())
            # Read after LISTEN: a write committed between the two is both read here and
            # heard below, never neither.
            self._tell(WatchState(_revision(conn)))
            self._listening = True
            quiet = 0.0
            while not self._stopping.is_set():
                # stop_after=1: back as soon as something is heard. The generator holds the
                # connection's lock, so the revision is read only after it has ended.
                notices = list(conn.notifies(timeout=WAIT, stop_after=1))
                numbers = [_number(notice.payload) for notice in notices]
                quiet = 0.0 if notices else quiet + WAIT
                if None in numbers or quiet >= HEARTBEAT:
                    # Told even when nothing changed: a reader whose last read failed
                    # tries again.
                    self._tell(WatchState(_revision(conn)), always=quiet >= HEARTBEAT)
                    quiet = 0.0
                elif numbers:
                    self._tell(WatchState(max(n for n in numbers if n is not None)))

    def _tell(self, state: WatchState, always: bool = False) -> None:
        """Keep `state` and pass it on when it says something new (or `always`)."""
        if state == self._state and not always:
            return
        self._state = state
        if not self._stopping.is_set():
            self._on_change(state)

    def _problem(self, error: BaseException) -> str:
        """Why the server cannot be heard, on one line."""
        if isinstance(error, StoreError):
            return str(error)
        return _("cannot hear {server}'s changes: {reason}").format(
            server=self._location, reason=reason(error)
        )


def _revision(conn: psycopg.Connection[tuple[Any, ...]]) -> object:
    """The revision now, as the store's stamp() gives it: None while nobody has written."""
    row = conn.execute(f"SELECT revision FROM {schema.SCHEMA}.meta".encode()).fetchone()
    return None if row is None or not row[0] else row[0]


def _number(payload: str) -> int | None:
    """The revision a notification carries; None for a payload that is not one (then the
    revision is read instead)."""
    try:
        return int(payload)
    except ValueError:
        return None
