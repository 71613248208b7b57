"""A clock a test sets to a day and moves on, as midnight would, without patching anything;
and a tracker whose clock stands still, for screens that show when changes were made."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from tracker.service import Tracker


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


# When every change in a snapshot test is recorded: the history lines show its time.
STOPPED_AT = time(9, 30)
HANOI = timezone(timedelta(hours=7))


class StoppedClockTracker(Tracker):
    """A tracker whose changes are all recorded at 09:30 (UTC+7) on its day, so that a
    screen showing when they were made looks the same on every run."""

    def now(self) -> datetime:
        """09:30 in Hà Nội on the tracker's day."""
        return datetime.combine(self.today, STOPPED_AT, tzinfo=HANOI)
