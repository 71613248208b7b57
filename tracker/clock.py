"""Today's date, which TRACKER_TODAY can freeze for demos, tests and snapshots."""

import os
from collections.abc import Callable
from datetime import UTC, date, datetime, time

from tracker.domain.dates import MAX_YEAR, MIN_YEAR
from tracker.domain.errors import InvalidInput
from tracker.i18n import _

# What tells the service the day, asked on each use: `today` below in a running tracker,
# a clock the test moves in tests of what happens at midnight.
Clock = Callable[[], date]


def today() -> date:
    """The date every "as of" defaults to: TRACKER_TODAY (YYYY-MM-DD) if set, else the clock."""
    frozen = os.environ.get("TRACKER_TODAY")
    if not frozen:
        return date.today()
    try:
        day = date.fromisoformat(frozen)
    except ValueError:
        raise InvalidInput(
            _("TRACKER_TODAY must be a date like 2026-11-27, not {value!r}").format(value=frozen)
        ) from None
    # The years a deadline may have: "+2w" or a report's next 30 days from 9999-12-31
    # would leave the calendar, and any date outside them is a typo.
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise InvalidInput(
            _("TRACKER_TODAY must be a date in the years {low} to {high}, not {value!r}").format(
                low=MIN_YEAR, high=MAX_YEAR, value=frozen
            )
        )
    return day


def now() -> datetime:
    """A timestamp for created/updated fields, to the second, on `today()`'s date."""
    stamp = datetime.now().astimezone().replace(microsecond=0)
    # With TRACKER_TODAY frozen, a task made "now" must not look created after "today".
    return stamp.replace(year=(day := today()).year, month=day.month, day=day.day)


def report_moment() -> datetime:
    """When a report is made: now, or midnight UTC of TRACKER_TODAY when that is set.

    With "today" frozen for demos and tests, the stamp is frozen too, so that the same
    data gives byte-for-byte the same report.
    """
    if os.environ.get("TRACKER_TODAY"):
        return datetime.combine(today(), time(), tzinfo=UTC)
    return datetime.now().astimezone().replace(microsecond=0)
