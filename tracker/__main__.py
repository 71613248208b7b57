"""The `tracker` command and `python -m tracker`: a command line command, or the UI."""

import gc

# A command is a short process: what it allocates is freed by reference counting, or at
# exit. The cyclic collector's passes over everything imported and decoded cost ~6 ms of
# a 90 ms `tracker report` at 10,000 tasks, so it is off from the first import on. The
# terminal UI, which runs for hours, turns it back on (tracker/cli/commands.py).
gc.disable()

from tracker.cli import run  # noqa: E402  (after the collector is off)

if __name__ == "__main__":
    run()
