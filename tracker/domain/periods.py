"""Reporting periods and their data cut-off days (Nghị định 09/2019/NĐ-CP, Điều 12).

A month's figures run from the 15th of the month before to the 14th of the month; a quarter,
six months, nine months and a year run from the 15th of the month before their first month
to the 14th of their last (DOMAIN.md, "Reporting periods"). Periods are named as users
write them, `2026-Q3` or "quý III/2026", and in words in either language.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from functools import cache
from typing import NamedTuple

from tracker.domain.errors import InvalidInput
from tracker.domain.text import fold
from tracker.i18n import _

# The day of the month on which a period's figures stop (the next period starts a day later).
CUT_OFF_DAY = 14

_ROMAN = ("I", "II", "III", "IV")
# The months as English writes them, for periods and dates written out ("5 October 2026").
ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


class PeriodKind(StrEnum):
    """How long a reporting period is."""

    MONTH = "month"
    QUARTER = "quarter"
    SIX_MONTHS = "six_months"
    NINE_MONTHS = "nine_months"
    YEAR = "year"


# Each kind's first and last calendar month, for its `number` (1 for the kinds that have one).
_MONTHS: dict[PeriodKind, tuple[int, int]] = {
    PeriodKind.SIX_MONTHS: (1, 6),
    PeriodKind.NINE_MONTHS: (1, 9),
    PeriodKind.YEAR: (1, 12),
}


def _cut_off_start(year: int, month: int) -> date:
    """The first day of the figures of calendar month `month`: the 15th of the month before."""
    if month == 1:
        return date(year - 1, 12, CUT_OFF_DAY + 1)
    return date(year, month - 1, CUT_OFF_DAY + 1)


class Period(NamedTuple):
    """One reporting period: its kind, year and number (month 1-12, quarter 1-4, else 1)."""

    kind: PeriodKind
    year: int
    number: int = 1

    @property
    def months(self) -> tuple[int, int]:
        """The first and last calendar month the period reports on."""
        if self.kind is PeriodKind.MONTH:
            return self.number, self.number
        if self.kind is PeriodKind.QUARTER:
            return self.number * 3 - 2, self.number * 3
        return _MONTHS[self.kind]

    @property
    def start(self) -> date:
        """The first day of the period's figures."""
        return _cut_off_start(self.year, self.months[0])

    @property
    def end(self) -> date:
        """The last day of the period's figures: the report is as of this day."""
        return date(self.year, self.months[1], CUT_OFF_DAY)

    @property
    def code(self) -> str:
        """The period as `--period` takes it: 2026-11, 2026-Q3, 2026-H1, 2026-9M, 2026."""
        if self.kind is PeriodKind.MONTH:
            return f"{self.year}-{self.number:02d}"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.year}-Q{self.number}"
        if self.kind is PeriodKind.SIX_MONTHS:
            return f"{self.year}-H1"
        if self.kind is PeriodKind.NINE_MONTHS:
            return f"{self.year}-9M"
        return str(self.year)

    def contains(self, day: date) -> bool:
        """Whether `day` is one of the period's days."""
        return self.start <= day <= self.end

    def words(self, lang: str) -> str:
        """The period in words, as a report title names it: "quý III năm 2026", "Q3 2026"."""
        kind, year, number = self.kind, self.year, self.number
        if lang == "vi":
            if kind is PeriodKind.MONTH:
                return f"tháng {number} năm {year}"
            if kind is PeriodKind.QUARTER:
                return f"quý {_ROMAN[number - 1]} năm {year}"
            if kind is PeriodKind.SIX_MONTHS:
                return f"6 tháng đầu năm {year}"
            if kind is PeriodKind.NINE_MONTHS:
                return f"9 tháng đầu năm {year}"
            return f"năm {year}"
        if kind is PeriodKind.MONTH:
            return f"{ENGLISH_MONTHS[number - 1]} {year}"
        if kind is PeriodKind.QUARTER:
            return f"Q{number} {year}"
        if kind is PeriodKind.SIX_MONTHS:
            return f"the first six months of {year}"
        if kind is PeriodKind.NINE_MONTHS:
            return f"the first nine months of {year}"
        return str(year)


_QUARTER_NUMBERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_YEAR = r"(?P<y>\d{4})"
# Forms after folding (no diacritics, lower case, single spaces), each with its kind.
_FORMS = (
    (rf"{_YEAR}-(?P<n>\d{{1,2}})", PeriodKind.MONTH),
    (rf"thang (?P<n>\d{{1,2}})(?: ?/ ?| nam ){_YEAR}", PeriodKind.MONTH),
    (rf"{_YEAR}-q(?P<n>\d)", PeriodKind.QUARTER),
    (rf"quy (?P<n>[iv]+|\d)(?: ?/ ?| nam ){_YEAR}", PeriodKind.QUARTER),
    (rf"{_YEAR}-h1", PeriodKind.SIX_MONTHS),
    (rf"6 thang(?: dau nam| nam)? {_YEAR}", PeriodKind.SIX_MONTHS),
    (rf"{_YEAR}-9m", PeriodKind.NINE_MONTHS),
    (rf"9 thang(?: dau nam| nam)? {_YEAR}", PeriodKind.NINE_MONTHS),
    (_YEAR, PeriodKind.YEAR),
    (rf"nam {_YEAR}", PeriodKind.YEAR),
)


@cache
def _compiled_forms() -> tuple[tuple[re.Pattern[str], PeriodKind], ...]:
    # Compiled on first use, not at import: most commands that load this never parse a period.
    return tuple((re.compile(pattern), kind) for pattern, kind in _FORMS)


def _refusal(text: str) -> InvalidInput:
    return InvalidInput(
        _(
            "cannot read the reporting period {text!r}: write 2026-11 (a month), 2026-Q3, "
            '2026-H1 (six months), 2026-9M (nine months), 2026 (a year), or "tháng 11/2026", '
            '"quý III/2026", "6 tháng đầu năm 2026", "9 tháng 2026", "năm 2026"'
        ).format(text=text)
    )


def parse_period(text: str) -> Period:
    """The period `text` names, in any of the accepted forms; InvalidInput for anything else."""
    folded = " ".join(fold(text).split())
    for pattern, kind in _compiled_forms():
        found = pattern.fullmatch(folded)
        if found is None:
            continue
        year = int(found["y"])
        number = 1
        if kind is PeriodKind.MONTH:
            number = int(found["n"])
            valid = 1 <= number <= 12
        elif kind is PeriodKind.QUARTER:
            number = _QUARTER_NUMBERS.get(found["n"], 0)
            valid = number > 0
        else:
            valid = True
        if not valid or year < 1000:
            break
        return Period(kind, year, number)
    raise _refusal(text)


def _month_of(day: date) -> tuple[int, int]:
    """(year, month) of the monthly period `day` falls in: after the 14th, the next month's."""
    if day.day <= CUT_OFF_DAY:
        return day.year, day.month
    if day.month == 12:
        return day.year + 1, 1
    return day.year, day.month + 1


def current_period(kind: PeriodKind, day: date) -> Period:
    """The period of `kind` a report made on `day` is about.

    The one that holds `day`; for six and nine months, which do not cover the whole year,
    the last one that ended before it when none holds it.
    """
    year, month = _month_of(day)
    if kind is PeriodKind.MONTH:
        return Period(kind, year, month)
    if kind is PeriodKind.QUARTER:
        return Period(kind, year, (month - 1) // 3 + 1)
    return Period(kind, year)


def _previous(period: Period) -> Period:
    """The period of the same kind just before `period`."""
    if period.kind is PeriodKind.MONTH:
        if period.number == 1:
            return Period(period.kind, period.year - 1, 12)
        return Period(period.kind, period.year, period.number - 1)
    if period.kind is PeriodKind.QUARTER:
        if period.number == 1:
            return Period(period.kind, period.year - 1, 4)
        return Period(period.kind, period.year, period.number - 1)
    return Period(period.kind, period.year - 1)


# How many past periods of each kind `recent_periods` offers after the current ones.
_RECENT = {
    PeriodKind.MONTH: 3,
    PeriodKind.QUARTER: 3,
    PeriodKind.SIX_MONTHS: 1,
    PeriodKind.NINE_MONTHS: 1,
    PeriodKind.YEAR: 1,
}


def recent_periods(day: date) -> list[Period]:
    """The periods to offer on `day`: the current one of each kind first, then recent ones."""
    current = [current_period(kind, day) for kind in PeriodKind]
    offered = list(current)
    for period in current:
        for _count in range(_RECENT[period.kind]):
            period = _previous(period)
            if period not in offered:
                offered.append(period)
    return offered
