"""The Textual application, built by a factory that is handed the tracker it works on."""

from __future__ import annotations

from pathlib import Path

from tracker import process
from tracker.service import Tracker
from tracker.ui.commands import TrackerCommands
from tracker.ui.key_order import KeysInOrderApp
from tracker.ui.screens.main import MainScreen

SAMPLE_NAME = "hanoi-thainguyen-2019.json"


def find_sample() -> Path | None:
    """The sample conference: beside the source in a checkout, or inside an installed wheel."""
    package = Path(__file__).resolve().parent.parent
    for folder in (package.parent, package):
        candidate = folder / "sample_data" / SAMPLE_NAME
        if candidate.is_file():
            return candidate
    return None


class TrackerApp(KeysInOrderApp):
    """Follow up cooperation tasks: by agency, by status, by deadline."""

    TITLE = "tracker"
    CSS_PATH = "app.tcss"
    COMMANDS = KeysInOrderApp.COMMANDS | {TrackerCommands}
    # ctrl+q stays Textual's quit; q on the main screen quits too.
    ENABLE_COMMAND_PALETTE = True

    def __init__(
        self,
        tracker: Tracker,
        sample: Path | None = None,
        watch_interval: float = 1.0,
    ) -> None:
        super().__init__()
        self.tracker = tracker
        self.sample = sample
        self.watch_interval = watch_interval

    def on_mount(self) -> None:
        """Open the main screen, with the collector set for a process that runs for hours."""
        process.start_long_running()  # see tracker/process.py
        self.push_screen(MainScreen(self.tracker, self.sample, self.watch_interval))


def make_app(
    tracker: Tracker, sample: Path | None = None, watch_interval: float = 1.0
) -> TrackerApp:
    """The app over `tracker`, whose day follows its clock (a movable one in tests)."""
    return TrackerApp(tracker, sample=sample, watch_interval=watch_interval)


def run_app(tracker: Tracker) -> None:
    """Run the UI in this process, for as long as the user keeps it open.

    Give it a tracker that reads the day from the clock (`Tracker(database)`), not one
    fixed to a day, so that left open past midnight it moves on to the new day.
    """
    make_app(tracker, sample=find_sample()).run()


__all__ = ["TrackerApp", "make_app", "run_app"]
