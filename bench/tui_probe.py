"""Measure the terminal UI headless, in a process of its own; prints one JSON object.

Run by bench/run.py as `python bench/tui_probe.py DB [--keys]` with TRACKER_TODAY set.

- First screen with data: the first frame the app renders once the main screen holds a
  board and the task table has rows. The frame is caught by wrapping `App._display`, which
  Textual calls with every rendered update (headless, it skips only the terminal escape
  codes). Reported as absolute times so the parent can count from the moment it spawned
  this process.
- Keystroke latency: one key event is sent the way a terminal driver sends it, then the
  probe waits until the app is quiet. Three times are kept per key, from sending it to the
  end of: the first frame rendered after it ("first"), the last frame in which the task
  table repainted rows ("table": the table shows the result), and the last frame of all
  ("settled": detail pane, summary and scroll bars caught up). `Pilot.press` is not used
  for the timing because it sleeps at least 2 x 20 ms per key by design. Timers that would
  paint on their own (the Input's blinking cursor, the disk watch) are off, so every frame
  after a key is that key's.
"""

from __future__ import annotations

import time

T_PROCESS = time.time()  # as early as this script can stamp (after the interpreter started)

import argparse  # noqa: E402
import asyncio  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from textual import events  # noqa: E402
from textual._wait import wait_for_idle  # noqa: E402
from textual.app import App  # noqa: E402
from textual.pilot import Pilot  # noqa: E402
from textual.widgets import Input  # noqa: E402

from tracker.service import Tracker  # noqa: E402
from tracker.ui.app import make_app  # noqa: E402
from tracker.ui.screens.main import MainScreen  # noqa: E402
from tracker.ui.widgets.task_table import TaskTable  # noqa: E402

T_IMPORTED = time.time()

SIZE = (120, 36)
FIRST_SCREEN_TIMEOUT = 120.0

# (key name, character) as a terminal driver reports them.
Key = tuple[str, str | None]
MOVE_KEYS: list[Key] = [("down", None)] * 50
VIEW_KEYS: list[Key] = [("2", "2"), ("3", "3"), ("1", "1")] * 10


def typed(text: str) -> list[Key]:
    return [("space", " ") if char == " " else (char, char) for char in text]


# Typed char by char, erased char by char, then a second query: 50 keystrokes that filter.
FILTER_FIRST = "ke hoach tieu thu"
FILTER_SECOND = "phien cho nong s"
FILTER_KEYS: list[Key] = [
    *typed(FILTER_FIRST),
    *[("backspace", None)] * len(FILTER_FIRST),
    *typed(FILTER_SECOND),
]


class FrameClock:
    """Wraps App._display to timestamp every rendered frame, noting if the table repainted."""

    def __init__(self, app: App[Any], first_data: Callable[[], bool]) -> None:
        self.frames: list[tuple[float, bool]] = []
        self.first_data_wall: float | None = None
        self.table_painted = False
        self._first_data = first_data
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            if renderable is None:
                return
            now = time.perf_counter()
            self.frames.append((now, self.table_painted))
            self.table_painted = False
            if self.first_data_wall is None and self._first_data():
                self.first_data_wall = time.time()

        app._display = display  # type: ignore[method-assign]

    def watch_table(self, table: TaskTable) -> None:
        """Note each frame in which the table renders a line (its Line API is called)."""
        original = table.render_line

        def render_line(y: int) -> Any:
            self.table_painted = True
            return original(y)

        table.render_line = render_line  # type: ignore[method-assign]


async def quiet(pilot: Pilot[None]) -> None:
    """Until every message is handled and the screen update timer has had its turn."""
    await pilot._wait_for_screen()
    await wait_for_idle(0)
    await pilot._wait_for_screen()


async def measure_keys(
    pilot: Pilot[None], clock: FrameClock, keys: list[Key]
) -> dict[str, list[float]]:
    """Milliseconds from sending each key to its first frame, table frame and last frame."""
    app = pilot.app
    driver = app._driver
    assert driver is not None
    times: dict[str, list[float]] = {"first": [], "table": [], "settled": []}
    for name, char in keys:
        await quiet(pilot)
        before = len(clock.frames)
        event = events.Key(name, char)
        event.set_sender(app)
        start = time.perf_counter()
        driver.send_message(event)
        await pilot._wait_for_screen()
        handled = time.perf_counter()
        await quiet(pilot)
        frames = clock.frames[before:]
        stamps = [stamp for stamp, _table in frames] or [handled]
        table = [stamp for stamp, painted in frames if painted] or stamps[:1]
        times["first"].append((stamps[0] - start) * 1000)
        times["table"].append((table[-1] - start) * 1000)
        times["settled"].append((stamps[-1] - start) * 1000)
    return times


async def probe(database: Path, keys: bool) -> dict[str, Any]:
    app_start = time.time()
    app = make_app(Tracker.open(database), watch_interval=0)
    screen_box: list[MainScreen] = []

    def main_screen() -> MainScreen | None:
        if not screen_box:
            for screen in app.screen_stack:
                if isinstance(screen, MainScreen):
                    screen_box.append(screen)
        return screen_box[0] if screen_box else None

    def first_data() -> bool:
        screen = main_screen()
        if screen is None or screen.board is None:
            return False
        return bool(screen.query_one(TaskTable).rows)

    clock = FrameClock(app, first_data)
    result: dict[str, Any] = {"process_start": T_PROCESS, "imported": T_IMPORTED}
    result["app_start"] = app_start
    async with app.run_test(size=SIZE) as pilot:
        deadline = time.perf_counter() + FIRST_SCREEN_TIMEOUT
        while clock.first_data_wall is None:
            if time.perf_counter() > deadline:
                raise SystemExit("the task table never showed rows")
            await asyncio.sleep(0.002)
        result["first_data"] = clock.first_data_wall
        screen = main_screen()
        assert screen is not None and screen.board is not None
        result["rows"] = len(screen.query_one(TaskTable).rows)
        # Folding every title for search runs in a worker after the first screen.
        while not screen.board._folded:
            await asyncio.sleep(0.002)
        result["search_ready"] = time.time()
        if keys:
            await app.workers.wait_for_complete()
            for widget in screen.query(Input):
                widget.cursor_blink = False
            table = screen.query_one(TaskTable)
            clock.watch_table(table)
            table.focus()
            await quiet(pilot)
            result["move"] = await measure_keys(pilot, clock, MOVE_KEYS)
            result["view"] = await measure_keys(pilot, clock, VIEW_KEYS)
            # "/" opens the search box (not counted as a filter keystroke).
            result["open_search"] = await measure_keys(pilot, clock, [("slash", "/")])
            result["filter"] = await measure_keys(pilot, clock, FILTER_KEYS)
            result["filter_rows"] = len(table.rows)
        await quiet(pilot)
    result["peak_rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", type=Path)
    parser.add_argument("--keys", action="store_true", help="also measure keystroke latency")
    args = parser.parse_args()
    result = asyncio.run(probe(args.database, args.keys))
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
