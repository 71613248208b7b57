"""A clock a test sets to a day and moves on, as midnight would, without patching anything."""

from __future__ import annotations

from datetime import date, timedelta


class MovableClock:
    """Tells a `Tracker` the day (`Tracker(database, clock)`) until the test moves it."""

    def __init__(self, day: date) -> None:
        self.day = day

    def __call__(self) -> date:
        return self.day

    def next_day(self) -> date:
        """Midnight passes; the new day is returned."""
        self.day += timedelta(days=1)
        return self.day
