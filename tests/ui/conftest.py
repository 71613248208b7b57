"""UI fixtures: the real app over a temporary copy of the sample, with today frozen."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from rich.console import Console
from textual.widgets import Input, Static, TextArea

from tests.conftest import SAMPLE, TODAY
from tracker.service import Tracker, load_interchange_file
from tracker.store.database import Database
from tracker.ui.app import TrackerApp, make_app

AppFactory = Callable[..., TrackerApp]


def sample_tracker(path: Path) -> Tracker:
    tracker = Tracker(Database(path), TODAY)
    tracker.import_data(load_interchange_file(SAMPLE))
    return tracker


@pytest.fixture
def sample_app(tmp_path: Path) -> AppFactory:
    """Build the app over a fresh copy of the sample conference."""

    def build(watch_interval: float = 0.0, empty: bool = False) -> TrackerApp:
        path = tmp_path / "tracker.json"
        tracker = Tracker(Database(path), TODAY) if empty else sample_tracker(path)
        return make_app(tracker, sample=SAMPLE, watch_interval=watch_interval)

    return build


async def settle(pilot: Pilot[None]) -> None:
    """Wait until workers have finished and the screen has caught up."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
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
    console = Console(width=200, file=io.StringIO(), color_system=None)
    console.print(static.content)
    output = console.file.getvalue()
    assert isinstance(output, str)
    return output
