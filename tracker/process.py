"""How a tracker process treats Python's garbage collector and its own exit, in one place.

Every trick here buys speed and is measured (bench/RESULTS.md; figures at 10,000 and
100,000 tasks on the bench machine). The rest of the code calls these functions and
reads as if the tricks were not there.

A process is one of two kinds. A command (`tracker add`, `report`, ...) lives a fraction
of a second: whatever it allocates is freed by reference counting or at exit, so it runs
with the cyclic collector off and leaves without tearing down its heap. The terminal UI
runs for hours, opening and closing screens (Textual's widgets hold reference cycles): it
keeps the collector on, and nothing is ever frozen out of its reach. `tracker/__main__.py`
starts a command, the app starts the UI when it mounts (tests and the bench included);
a process that starts neither keeps Python's defaults.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager

# Middle-generation passes between two full collections in the UI (Python's default: 10).
FULL_COLLECTION_EVERY = 100


def start_command() -> None:
    """This process runs one command: turn the cyclic collector off from here on.

    Its passes over everything imported and decoded cost ~8 ms of a 98 ms `tracker
    report` at 10,000 tasks (98 -> 90 ms, same script A/B). Reference counting still frees
    everything that is not in a cycle, and a command's cycles die with the process.
    """
    gc.disable()


def start_long_running() -> None:
    """This process runs the terminal UI: the collector is on and nothing gets frozen.

    A closed screen or dialog is a web of reference cycles that only the collector frees;
    with objects frozen after every read, each reload kept whatever screens existed then
    alive forever (57k -> 114k frozen objects after one help screen and a reload).

    Full collections are made ten times rarer than Python's default instead. Each walks
    every tracked object, which at 100,000 tasks means a board's rows and task histories:
    80-90 ms holding the GIL, one or two per (re)load of the board with the default
    thresholds, where the frozen heap took 20-40 ms. With one full collection per 100
    middle-generation passes (not 10) three loads in a row ran none. Cycles are still
    freed, a few reloads later. (Python 3.11-3.13; 3.14's incremental collector differs.)
    """
    gc.enable()
    young, middle, _old = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_COLLECTION_EVERY)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Keep the collector out of a burst of allocations that holds no reference cycle.

    Decoding a whole database or encoding a whole report allocates hundreds of thousands
    of containers; with the collector on, each burst triggers passes over everything
    already made. Measured: decoding the 45 MB file at 100,000 tasks 1.0 -> 0.27 s (when
    each task was a dict), encoding the JSON report at 100,000 tasks 250 -> 130 ms. Safe,
    because documents and reports hold no cycles: reference counting frees them as before.

    Nothing is frozen on the way out. Freezing once spared the first collection after a
    read a walk over every decoded dict (0.1 s at 100,000 tasks); tasks are now msgspec
    Structs the collector does not track, and that walk costs ~12 ms (114k containers).
    In the UI freezing leaked every screen alive at the time, and a command has the
    collector off anyway, so the freeze bought nothing any more.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def leave(code: int) -> None:
    """End a command at once, with `code`, once its output has been flushed by the caller.

    A command over 100,000 tasks ends holding a million small objects; freeing them one by
    one at exit costs ~0.1 s and serves nobody, since the work is already written and
    fsynced. `os._exit` skips that teardown (and atexit handlers, which we have none of).
    """
    os._exit(code)
