"""Deadlines: read every phrase users type for a due date, and word due dates for display."""

import calendar
import re
from collections.abc import Callable
from datetime import date, timedelta
from functools import cache
from typing import Any

from dateutil.relativedelta import relativedelta

from tracker.domain.errors import InvalidInput
from tracker.domain.text import fold
from tracker.i18n import _, ngettext

__all__ = [
    "DeadlineError",
    "describe_due",
    "end_of_month",
    "end_of_quarter",
    "end_of_week",
    "end_of_year",
    "format_date",
    "format_iso",
    "parse_deadline",
    "weekday_name",
]

MIN_YEAR = 1900
MAX_YEAR = 2999

# Only dateutil's table of English month names is used, never its parser: the parser
# fills missing fields from a default and accepts two-digit years, which would be a guess.


@cache
def _month_names() -> Any:
    """dateutil's English month table, loaded on first use: its parser costs 12 ms to import."""
    from dateutil.parser import parserinfo

    return parserinfo()


# Quoted inputs are cut so that a pasted paragraph still gives a one-line message.
_SHOWN_MAX = 40


class DeadlineError(InvalidInput):
    """A deadline that cannot be read exactly, or names a day that does not exist."""


class _Impossible(Exception):
    """Raised by a reader that recognised the form but found an impossible value."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _NoSingleDay(Exception):
    """Raised for a phrase that names a stretch of time ("đầu quý", "tuần sau"), not a day."""


# --- Public helpers ---------------------------------------------------------------------


def end_of_week(d: date) -> date:
    """The Sunday ending the Monday-to-Sunday week of `d` (`d` itself on a Sunday)."""
    return d + timedelta(days=6 - d.weekday())


def end_of_month(d: date) -> date:
    """The last day of the month of `d`."""
    return d + relativedelta(day=31)  # relativedelta clamps day=31 to the month's length


def end_of_quarter(d: date) -> date:
    """The last day of the calendar quarter (Jan-Mar, Apr-Jun, Jul-Sep, Oct-Dec) of `d`."""
    last_month = (d.month - 1) // 3 * 3 + 3
    return end_of_month(date(d.year, last_month, 1))


def end_of_year(d: date) -> date:
    """The 31st of December of the year of `d`."""
    return date(d.year, 12, 31)


def format_date(d: date) -> str:
    """Day-first with zero padding, as Vietnamese documents write it: 30/09/2019."""
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def format_iso(d: date | None) -> str | None:
    """ISO 8601 for JSON output; None stays None."""
    return None if d is None else d.isoformat()


def describe_due(due: date, today: date) -> str:
    """Relative wording in the interface language: "today", "tomorrow", "in 3 days",
    "1 day overdue", "5 days overdue" (hôm nay, ngày mai, còn 3 ngày, quá hạn 5 ngày)."""
    days = (due - today).days
    if days == 0:
        return _("today")
    if days == 1:
        return _("tomorrow")
    if days > 1:
        return ngettext("in {n} day", "in {n} days", days).format(n=days)
    late = -days
    return ngettext("{n} day overdue", "{n} days overdue", late).format(n=late)


def weekday_name(d: date) -> str:
    """The weekday of `d` in the interface language: Monday ... Sunday, Thứ Hai ... Chủ Nhật."""
    names = (
        _("Monday"),
        _("Tuesday"),
        _("Wednesday"),
        _("Thursday"),
        _("Friday"),
        _("Saturday"),
        _("Sunday"),
    )
    return names[d.weekday()]


# --- Parsing ----------------------------------------------------------------------------


def parse_deadline(text: str, today: date) -> date:
    """Read a deadline typed by a user; raise DeadlineError unless it names one exact day.

    Case, surrounding whitespace and Vietnamese diacritics do not matter. Accepted forms:

    - ISO `2019-09-30` (also with / or .); day-first `30/9/2019`, `30-9-2019`, `30.9.2019`,
      `30/09/2019`, `30/9`.
    - `today`, `tomorrow`, `yesterday`; `+3d`, `+2w`, `+1m`, `+1y` and `-3d` etc.;
      `eow` (the Sunday ending this Monday-Sunday week), `eom`, `eoq`, `eoy`.
    - English weekdays `friday` / `fri`: the next such day strictly after today.
    - English month names: `31 dec 2019`, `December 31, 2019`; `dec 2019` is the last day
      of that month.
    - Vietnamese: `hôm nay`, `ngày mai`, `hôm qua`; `cuối tuần/tháng/quý/năm` (also with
      `hết` or `trong`: the end of this week, month, quarter, year; `... này` the same,
      `... sau` or `... tới` the end of the next one); `tháng 9/2019`,
      `cuối tháng 9/2019`, `hết tháng 9/2019`, `trong tháng 9/2019` (last day of that
      month); `giữa tháng 7/2019` (the 15th); `Quý III/2019`, `quý 3 năm 2019`, `Q3 2019`,
      `trong quý III/2019` (last day of that quarter); `năm 2019`, `trong năm 2019`,
      `hết năm 2019` (31 December); `6 tháng đầu năm 2019` (30 June; any number of months
      from 1 to 12), `6 tháng cuối năm 2019` (31 December); `ngày 30 tháng 9 năm 2019`;
      `thứ hai`..`thứ bảy`, `thứ 2`..`thứ 7`, `chủ nhật`.
    - A day, month or quarter written without a year is the next such date on or after
      today: on 01/12/2026, `30/6` is 30/06/2027 and `1/12` is today.
    - Any form may follow `hạn`, `hạn chót`, `thời hạn`, `chậm nhất (là)`, `đến`,
      `đến hết`, `trước` or `trước ngày` (see _PREFIX for why "trước" is that day).

    Two-digit years are refused, and so is any year outside 1900-2999. A phrase that names
    a stretch of time rather than a day (`đầu quý`, `tuần sau`) is refused with the forms
    that would name one.
    """
    shown = _shown(text)
    words = " ".join(fold(text).split())
    if not words:
        raise DeadlineError(
            _("a date is required; try {examples}").format(examples=_examples(today))
        )
    try:
        found = _read(words, today)
    except _Impossible as impossible:
        raise DeadlineError(
            _('"{text}" is not a date: {reason}').format(text=shown, reason=impossible.reason)
        ) from None
    except _NoSingleDay:
        raise DeadlineError(
            _('"{text}" names no single day; write one, such as {examples}').format(
                text=shown, examples=_day_examples(today)
            )
        ) from None
    if found is None:
        raise DeadlineError(
            _('cannot read "{text}" as a date; try {examples}').format(
                text=shown, examples=_examples(today)
            )
        )
    if not MIN_YEAR <= found.year <= MAX_YEAR:
        raise DeadlineError(
            _('"{text}" is not a date: {reason}').format(text=shown, reason=_year_range())
        )
    return found


def _shown(text: str) -> str:
    """The input as quoted in messages: on one line, and cut if very long."""
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= _SHOWN_MAX else one_line[: _SHOWN_MAX - 1] + "…"


def _examples(today: date) -> str:
    y = today.year
    return _('30/9/{y}, {y}-09-30, +2w, eom, "Quý IV/{y}" or "tháng 9/{y}"').format(y=y)


def _day_examples(today: date) -> str:
    # The year of the next 30 June, so that every example names a day still to come.
    y = today.year + (today > date(today.year, 6, 30))
    return _(
        '30/6/{y}, "cuối tháng 6/{y}", "giữa tháng 7/{y}", "Quý II/{y}" or "6 tháng đầu năm {y}"'
    ).format(y=y)


def _year_range() -> str:
    return _("the year must be between {low} and {high}").format(low=MIN_YEAR, high=MAX_YEAR)


def _month_name(month: int) -> str:
    names = (
        _("January"),
        _("February"),
        _("March"),
        _("April"),
        _("May"),
        _("June"),
        _("July"),
        _("August"),
        _("September"),
        _("October"),
        _("November"),
        _("December"),
    )
    return names[month - 1]


def _year(digits: str) -> int:
    """A year written in full; the length is checked first so int() never sees a huge string."""
    if len(digits) < 4:
        raise _Impossible(_("write the year in full, with four digits"))
    if len(digits) > 4 or not MIN_YEAR <= int(digits) <= MAX_YEAR:
        raise _Impossible(_year_range())
    return int(digits)


def _upcoming(digits: str | None, today: date, on: Callable[[int], date]) -> date:
    """`on(year)` in the year written; without one, the next such date on or after today.

    A deadline is set for what is still to come: "tháng 9" typed on 01/12/2026 is
    30/09/2027, not a day already three months past.
    """
    if digits is not None:
        return on(_year(digits))
    found = on(today.year)
    return found if found >= today else on(today.year + 1)


def _upcoming_day(digits: str | None, today: date, month: int, day: int) -> date:
    """That day in the year written; without one, the next such day on or after today."""
    if digits is not None:
        return _day(_year(digits), month, day)
    # The year is chosen from the month and day alone, so "29/2" typed in November 2026
    # is refused as "February 2027 has 28 days": the next 29 February is not a guess
    # worth making for someone who may have mistyped.
    later = (month, day) < (today.month, today.day)
    return _day(today.year + later, month, day)


def _day(year: int, month: int, day: int) -> date:
    """The date, or _Impossible naming what does not exist (month 13, 31 February)."""
    if not 1 <= month <= 12:
        raise _Impossible(_("there is no month {month}").format(month=month))
    length = calendar.monthrange(year, month)[1]
    if day < 1:
        raise _Impossible(_("there is no day {day}").format(day=day))
    if day > length:
        raise _Impossible(
            _("{month} {year} has {days} days").format(
                month=_month_name(month), year=year, days=length
            )
        )
    return date(year, month, day)


def _last_day(year: int, month: int) -> date:
    return end_of_month(_day(year, month, 1))


# Readers: each gets a full match of its pattern on the folded text and returns the date,
# None when the text only looks like its form (a word that is not a month name), or raises
# _Impossible when the form is right but the value cannot exist.
_Reader = Callable[[re.Match[str], date], date | None]


def _read_year_first(m: re.Match[str], today: date) -> date:
    # ISO 2019-09-30; 2019/9/30 and 2019.9.30 too, as a 4-digit first part cannot be a day.
    return _day(_year(m["y"]), int(m["m"]), int(m["d"]))


def _read_day_first(m: re.Match[str], today: date) -> date:
    return _upcoming_day(m["y"], today, int(m["m"]), int(m["d"]))


def _read_month_slash_year(m: re.Match[str], today: date) -> date:
    # "9/2019" reads as day 9 of month 2019; say what was probably meant instead.
    raise _Impossible(
        _('write the day too, or "tháng {m}/{y}" for the last day of that month').format(
            m=int(m["m"]), y=m["y"]
        )
    )


def _read_offset(m: re.Match[str], today: date) -> date:
    if len(m["n"]) > 6:
        # A million days is already past year 4000; don't hand int() a huge string.
        raise _Impossible(_year_range())
    count = int(m["n"]) * (-1 if m["sign"] == "-" else 1)
    unit = m["unit"]
    step = {
        "d": relativedelta(days=count),
        "w": relativedelta(weeks=count),
        "m": relativedelta(months=count),
        "y": relativedelta(years=count),
    }[unit]
    try:
        return today + step
    except (OverflowError, ValueError):
        # Past year 9999: far outside the accepted years anyway.
        raise _Impossible(_year_range()) from None


def _read_vi_month(m: re.Match[str], today: date) -> date:
    month = int(m["m"])
    return _upcoming(m["y"], today, lambda year: _last_day(year, month))


def _read_mid_month(m: re.Match[str], today: date) -> date:
    # "giữa tháng 7" is the 15th, the middle day official plans give that phrase.
    return _upcoming_day(m["y"], today, int(m["m"]), 15)


def _read_months_of_year(m: re.Match[str], today: date) -> date:
    # "6 tháng đầu năm 2027" ends on 30/06/2027; "6 tháng cuối năm 2027" on 31/12/2027.
    months = int(m["n"])
    if not 1 <= months <= 12:
        raise _Impossible(_("a year has 12 months, not {n}").format(n=months))
    last_month = months if m["half"] == "dau" else 12
    return _upcoming(m["y"], today, lambda year: _last_day(year, last_month))


def _read_year(m: re.Match[str], today: date) -> date:
    return date(_year(m["y"]), 12, 31)


_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def _read_quarter(m: re.Match[str], today: date) -> date:
    quarter = _QUARTERS.get(m["q"])
    if quarter is None:
        raise _Impossible(
            _("there is no quarter {q}; quarters are I, II, III, IV (or 1-4)").format(
                q=m["q"].upper()
            )
        )
    return _upcoming(m["y"], today, lambda year: _last_day(year, quarter * 3))


def _english_month(word: str) -> int | None:
    month: int | None = _month_names().month(word)
    return month


def _read_english_date(m: re.Match[str], today: date) -> date | None:
    month = _english_month(m["mon"])
    if month is None:
        return None
    return _upcoming_day(m["y"], today, month, int(m["d"]))


def _read_english_month(m: re.Match[str], today: date) -> date | None:
    month = _english_month(m["mon"])
    if month is None:
        return None
    return _upcoming(m["y"], today, lambda year: _last_day(year, month))


# Compiled on the first deadline read, not at import: most commands read none.
@cache
def _forms() -> list[tuple[re.Pattern[str], _Reader]]:
    # ASCII digits only: \d would also match Arabic-Indic or full-width digits.
    year_sep = r"(?: nam | ?[/-] ?| )"  # "/2019", "-2019", " năm 2019", " 2019"
    month_word = r"(?P<mon>[a-z]+)\.?"  # "dec", "dec.", "december"; checked by the reader
    ordinal = r"(?:st|nd|rd|th)?"
    # "cuối tháng 6", "hết quý II", "trong năm 2027": the end of the period named.
    period_end = r"(?:(?:cuoi|het|trong) )?"
    table: list[tuple[str, _Reader]] = [
        (r"(?P<y>\d{3,})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})", _read_year_first),
        (r"(?P<d>\d{1,2})(?P<sep>[-/.])(?P<m>\d{1,2})(?:(?P=sep)(?P<y>\d+))?", _read_day_first),
        (r"(?P<m>\d{1,2})[-/.](?P<y>\d{3,})", _read_month_slash_year),
        (r"(?P<sign>[+-]) ?(?P<n>\d+) ?(?P<unit>[dwmy])", _read_offset),
        (rf"(?P<d>\d{{1,2}}) thang (?P<m>\d{{1,2}})(?:{year_sep}(?P<y>\d+))?", _read_day_first),
        (rf"{period_end}thang (?P<m>\d{{1,2}})(?:{year_sep}(?P<y>\d+))?", _read_vi_month),
        (rf"giua thang (?P<m>\d{{1,2}})(?:{year_sep}(?P<y>\d+))?", _read_mid_month),
        (rf"{period_end}(?:quy ?|q ?)(?P<q>[ivx]+|\d+)(?:{year_sep}(?P<y>\d+))?",
         _read_quarter),
        (rf"{period_end}nam (?P<y>\d+)", _read_year),
        (r"(?P<n>\d{1,2}) thang (?P<half>dau|cuoi) nam(?: (?P<y>\d+))?", _read_months_of_year),
        (rf"(?P<d>\d{{1,2}}){ordinal}[ -](?:of )?{month_word}(?:,?[ -](?P<y>\d+))?",
         _read_english_date),
        (rf"{month_word}[ -](?P<d>\d{{1,2}}){ordinal}(?:,?[ -](?P<y>\d+))?", _read_english_date),
        (rf"{month_word}(?:,?[ -](?P<y>\d{{3,}}))?", _read_english_month),
    ]  # fmt: skip
    return [(re.compile(pattern, re.ASCII), reader) for pattern, reader in table]


_PERIOD_ENDS: dict[str, Callable[[date], date]] = {
    "tuan": end_of_week,
    "thang": end_of_month,
    "quy": end_of_quarter,
    "nam": end_of_year,
}
# The same end, one period later: "cuối tháng sau" is the last day of next month.
_NEXT_PERIOD_ENDS: dict[str, Callable[[date], date]] = {
    "tuan": lambda d: end_of_week(d + timedelta(weeks=1)),
    "thang": lambda d: end_of_month(d + relativedelta(months=1)),
    "quy": lambda d: end_of_quarter(d + relativedelta(months=3)),
    "nam": lambda d: end_of_year(d + relativedelta(years=1)),
}
_PERIOD_END_WORDS = ("cuoi", "het", "trong")

_KEYWORDS: dict[str, Callable[[date], date]] = {
    # "cuối tháng", "hết tháng (này)" and "trong tháng" all mean by the end of this month;
    # "cuối tháng sau" or "cuối tháng tới", by the end of the next.
    **{
        f"{word} {period}{this}": end
        for word in _PERIOD_END_WORDS
        for period, end in _PERIOD_ENDS.items()
        for this in ("", " nay")
    },
    **{
        f"{word} {period} {following}": end
        for word in _PERIOD_END_WORDS
        for period, end in _NEXT_PERIOD_ENDS.items()
        for following in ("sau", "toi")
    },
    "today": lambda d: d,
    "hom nay": lambda d: d,
    "tomorrow": lambda d: d + timedelta(days=1),
    "ngay mai": lambda d: d + timedelta(days=1),
    "yesterday": lambda d: d - timedelta(days=1),
    "hom qua": lambda d: d - timedelta(days=1),
    "eow": end_of_week,
    "eom": end_of_month,
    "eoq": end_of_quarter,
    "eoy": end_of_year,
}

# Monday is 0, as in date.weekday(). Written out because calendar.day_name follows the locale.
_WEEKDAYS = {
    "monday": 0, "mon": 0, "thu hai": 0, "thu 2": 0,
    "tuesday": 1, "tue": 1, "thu ba": 1, "thu 3": 1,
    "wednesday": 2, "wed": 2, "thu tu": 2, "thu 4": 2,
    "thursday": 3, "thu": 3, "thu nam": 3, "thu 5": 3,
    "friday": 4, "fri": 4, "thu sau": 4, "thu 6": 4,
    "saturday": 5, "sat": 5, "thu bay": 5, "thu 7": 5,
    "sunday": 6, "sun": 6, "chu nhat": 6,
}  # fmt: skip

# Words officials put before a deadline add nothing to the date: "hạn", "hạn chót", "thời
# hạn", "chậm nhất (là)", "đến", "đến hết", "trước" (each optionally with a colon, several in
# a row); a bare "ngày" before a number is dropped too, so "chậm nhất ngày 30/6/2027" reads
# as "30/6/2027".
#
# "trước ngày 30/6" is read as 30/6, not 29/6. Literally it is "before 30/6", but in the
# documents this tracker follows (DOMAIN.md: "trước 30/9/2019" is that day) it sets the day
# by which the work must be in, and the task is late only once that day has passed. Reading
# it as the day before would be the guess DOMAIN.md forbids; the deadline the user sees
# echoed on the terminal is the day they typed.
_PREFIX = re.compile(
    r"(?:(?:truoc|han chot|thoi han|han|cham nhat(?: la)?|den het|den)(?: ?: ?| ))+"
)
_DAY_WORD = re.compile(r"ngay (?=[0-9])")

# Phrases that name a stretch of time, not a day: "đầu quý", "đầu tháng 7", "giữa năm",
# "tuần sau", "tháng tới". Which day they mean is a guess, so they are refused with the
# forms that do name one.
_VAGUE = re.compile(
    r"(?:(?:dau|giua|nua dau|nua cuoi)(?: (?:tuan|thang|quy|nam)(?: .*)?)?"
    r"|(?:tuan|thang|quy|nam) (?:sau|toi|nay|truoc|ke tiep)"
    r"|sap toi|som|cang som cang tot)"
)


def _read(words: str, today: date) -> date | None:
    """The date named by folded, whitespace-normalised `words`, or None if no form fits."""
    prefix = _PREFIX.match(words)
    if prefix and prefix.end() < len(words):
        words = words[prefix.end() :]
    day_word = _DAY_WORD.match(words)
    if day_word:
        words = words[day_word.end() :]
    keyword = _KEYWORDS.get(words)
    if keyword is not None:
        return keyword(today)
    weekday = _WEEKDAYS.get(words)
    if weekday is not None:
        # Strictly after today: "friday" typed on a Friday means the next one.
        return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)
    for pattern, reader in _forms():
        match = pattern.fullmatch(words)
        if match:
            found = reader(match, today)
            if found is not None:
                return found
    if _VAGUE.fullmatch(words):
        raise _NoSingleDay
    return None
