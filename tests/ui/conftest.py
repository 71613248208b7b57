"""UI fixtures: the real app over a temporary copy of the sample, with today frozen."""

from __future__ import annotations

import contextlib
import io
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Input, Static, TextArea
from textual.worker import WorkerCancelled

from tests.conftest import SAMPLE, TODAY
from tests.movable_clock import StoppedClockTracker
from tracker import i18n, settings
from tracker.service import Tracker, load_interchange_file
from tracker.ui.app import TrackerApp, make_app

AppFactory = Callable[..., TrackerApp]


def sample_tracker(path: Path) -> Tracker:
    tracker = StoppedClockTracker.open(path, today=TODAY)
    tracker.import_data(load_interchange_file(SAMPLE))
    return tracker


@pytest.fixture
def sample_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppFactory:
    """Build the app over a fresh copy of the sample conference."""
    # A relative path shows the same on every run, which the snapshots need.
    monkeypatch.chdir(tmp_path)

    def build(
        watch_interval: float = 0.0, empty: bool = False, lang: str | None = None
    ) -> TrackerApp:
        # The language (`lang`, else the test's) is chosen and saved, as after any first
        # run: only tests/ui/test_welcome.py sees the welcome that asks for one.
        lang = lang or i18n.language()
        i18n.use(lang)
        settings.set_value(settings.settings_path(), "language", lang)
        path = Path("tracker.json")
        tracker = StoppedClockTracker.open(path, today=TODAY) if empty else sample_tracker(path)
        return make_app(tracker, sample=SAMPLE, watch_interval=watch_interval)

    return build


async def settle(pilot: Pilot[None]) -> None:
    """Wait until workers have finished and the screen has caught up."""
    for _round in range(2):
        await _workers_done(pilot)
        await pilot.pause()


async def _workers_done(pilot: Pilot[None]) -> None:
    """Wait for every worker to end; one cancelled meanwhile has ended too.

    A file watch on a short interval is exclusive: the next check cancels the one still
    running, and Textual's wait_for_complete raises for it.
    """
    for worker in list(pilot.app.workers):
        with contextlib.suppress(WorkerCancelled):
            await worker.wait()


async def wait_for(
    pilot: Pilot[None], condition: Callable[[], bool], what: str, timeout: float = 60
) -> None:
    """Let the app run until `condition` holds: a wait on state, never on a length of time.

    `timeout` only stops a test that would otherwise hang; nothing is asserted about speed.
    """
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"never saw {what}"
        await pilot.pause()


async def steady_cursor(pilot: Pilot[None]) -> None:
    """Snapshots must not depend on where a blinking cursor was at the instant of capture."""
    await settle(pilot)
    for widget in pilot.app.screen.query("Input, TextArea"):
        assert isinstance(widget, Input | TextArea)
        widget.cursor_blink = False
    await pilot.pause()


def plain_text(static: Static) -> str:
    """What a Static shows, as plain text."""
    buffer = io.StringIO()
    Console(width=200, file=buffer, color_system=None).print(static.content)
    return buffer.getvalue()
