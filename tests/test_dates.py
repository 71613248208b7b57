"""Deadline phrases: every accepted form, every refusal, and round trips over 1900-2999."""

from collections.abc import Callable
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.domain.dates import (
    DeadlineError,
    describe_due,
    end_of_month,
    end_of_quarter,
    end_of_week,
    format_date,
    format_iso,
    parse_deadline,
    weekday_name,
)
from tracker.domain.errors import InvalidInput

TODAY = date(2026, 11, 27)  # a Friday
SEP_30 = date(2019, 9, 30)
DEC_31 = date(2019, 12, 31)

EXAMPLES: list[tuple[str, date]] = [
    # ISO and day-first numbers.
    ("2019-09-30", SEP_30),
    ("2019-9-30", SEP_30),
    ("30/9/2019", SEP_30),
    ("30-9-2019", SEP_30),
    ("30.9.2019", SEP_30),
    ("30/09/2019", SEP_30),
    ("  30/9/2019\t", SEP_30),
    ("30/9", date(2026, 9, 30)),
    ("1/1", date(2026, 1, 1)),
    ("29/2/2024", date(2024, 2, 29)),
    ("1/1/1900", date(1900, 1, 1)),
    ("31/12/2999", date(2999, 12, 31)),
    # English words and offsets.
    ("today", TODAY),
    ("TODAY", TODAY),
    ("tomorrow", date(2026, 11, 28)),
    ("yesterday", date(2026, 11, 26)),
    ("+3d", date(2026, 11, 30)),
    ("+2w", date(2026, 12, 11)),
    ("+1m", date(2026, 12, 27)),
    ("+1y", date(2027, 11, 27)),
    ("+0d", TODAY),
    ("-3d", date(2026, 11, 24)),
    ("-1m", date(2026, 10, 27)),
    ("-1y", date(2025, 11, 27)),
    ("eow", date(2026, 11, 29)),
    ("eom", date(2026, 11, 30)),
    ("eoq", date(2026, 12, 31)),
    ("eoy", date(2026, 12, 31)),
    ("EOM", date(2026, 11, 30)),
    # English weekdays: strictly after today, so "friday" on a Friday is a week away.
    ("friday", date(2026, 12, 4)),
    ("fri", date(2026, 12, 4)),
    ("Saturday", date(2026, 11, 28)),
    ("sun", date(2026, 11, 29)),
    ("monday", date(2026, 11, 30)),
    ("tue", date(2026, 12, 1)),
    ("wednesday", date(2026, 12, 2)),
    ("thu", date(2026, 12, 3)),
    # English month names.
    ("31 dec 2019", DEC_31),
    ("31 December 2019", DEC_31),
    ("Dec 31 2019", DEC_31),
    ("December 31, 2019", DEC_31),
    ("31st December 2019", DEC_31),
    ("31-Dec-2019", DEC_31),
    ("dec 2019", DEC_31),
    ("December 2019", DEC_31),
    ("feb 2020", date(2020, 2, 29)),
    ("Sept 30 2019", SEP_30),
    ("31 dec", date(2026, 12, 31)),
    ("dec 25", date(2026, 12, 25)),
    ("may", date(2026, 5, 31)),
    # Vietnamese words, with and without diacritics.
    ("hôm nay", TODAY),
    ("hom nay", TODAY),
    ("HÔM NAY", TODAY),
    ("ngày mai", date(2026, 11, 28)),
    ("ngay mai", date(2026, 11, 28)),
    ("hôm qua", date(2026, 11, 26)),
    ("cuối tuần", date(2026, 11, 29)),
    ("cuối tháng", date(2026, 11, 30)),
    ("cuoi thang", date(2026, 11, 30)),
    ("cuối quý", date(2026, 12, 31)),
    ("cuối năm", date(2026, 12, 31)),
    # Vietnamese months: the last day of that month.
    ("tháng 9/2019", SEP_30),
    ("tháng 9 năm 2019", SEP_30),
    ("tháng 09/2019", SEP_30),
    ("Tháng 9/2019", SEP_30),
    ("thang 9/2019", SEP_30),
    ("tháng 2/2024", date(2024, 2, 29)),
    ("tháng 9", date(2026, 9, 30)),
    # Vietnamese quarters: the last day of that quarter.
    ("Quý III/2019", SEP_30),
    ("quý 3/2019", SEP_30),
    ("quý III năm 2019", SEP_30),
    ("Q3/2019", SEP_30),
    ("Q3 2019", SEP_30),
    ("quy iii/2019", SEP_30),
    ("QUÝ III/2019", SEP_30),
    ("Quý I/2020", date(2020, 3, 31)),
    ("Quý II/2020", date(2020, 6, 30)),
    ("Quý IV/2026", date(2026, 12, 31)),
    ("quý 2", date(2026, 6, 30)),
    # Vietnamese full dates.
    ("ngày 30 tháng 9 năm 2019", SEP_30),
    ("ngay 30 thang 9 nam 2019", SEP_30),
    ("Ngày 30 Tháng 9 Năm 2019", SEP_30),
    ("ngày 30/9/2019", SEP_30),
    ("ngày 30 tháng 9", date(2026, 9, 30)),
    # Vietnamese weekdays: strictly after today.
    ("thứ hai", date(2026, 11, 30)),
    ("thứ 2", date(2026, 11, 30)),
    ("thứ ba", date(2026, 12, 1)),
    ("thứ tư", date(2026, 12, 2)),
    ("thứ 4", date(2026, 12, 2)),
    ("thứ năm", date(2026, 12, 3)),
    ("thứ sáu", date(2026, 12, 4)),
    ("thứ 6", date(2026, 12, 4)),
    ("thứ bảy", date(2026, 11, 28)),
    ("thứ 7", date(2026, 11, 28)),
    ("chủ nhật", date(2026, 11, 29)),
    ("Chủ Nhật", date(2026, 11, 29)),
    ("chu nhat", date(2026, 11, 29)),
    # Prefixes change nothing.
    ("trước 30/9/2019", SEP_30),
    ("truoc 30/9/2019", SEP_30),
    ("hạn 30/9/2019", SEP_30),
    ("trước ngày 30/9/2019", SEP_30),
    ("hạn chót 30/9/2019", SEP_30),
    ("Hạn chót: 30/9/2019", SEP_30),
    ("trước Quý III/2019", SEP_30),
    ("hạn chót cuối quý", date(2026, 12, 31)),
    ("trước ngày mai", date(2026, 11, 28)),
    ("hạn +3d", date(2026, 11, 30)),
    ("trước 31 dec 2019", DEC_31),
    ("trước ngày 30 tháng 9 năm 2019", SEP_30),
]


@pytest.mark.parametrize(("text", "expected"), EXAMPLES)
def test_parse_deadline_reads_every_form(text: str, expected: date) -> None:
    assert parse_deadline(text, TODAY) == expected


# Each refusal with words its message must contain.
REFUSALS: list[tuple[str, list[str]]] = [
    ("13/13/2019", ['"13/13/2019"', "month 13"]),
    ("31/02/2019", ['"31/02/2019"', "February 2019 has 28 days"]),
    ("next blue moon", ['"next blue moon"', "30/9/2026", "2026-09-30", "Quý IV/2026"]),
    ("", ["a date is required", "30/9/2026"]),
    ("   ", ["a date is required"]),
    ("30/9/19", ["year in full"]),
    ("31 dec 19", ["year in full"]),
    ("tháng 9/19", ["year in full"]),
    ("30/9/1899", ["1900", "2999"]),
    ("30/9/3000", ["1900", "2999"]),
    ("2019-13-01", ["month 13"]),
    ("2019-02-29", ["February 2019 has 28 days"]),
    ("29/2", ["February 2026 has 28 days"]),
    ("32/1/2019", ["January 2019 has 31 days"]),
    ("0/1/2019", ["day 0"]),
    ("31 feb 2019", ["February 2019 has 28 days"]),
    ("sep 31 2019", ["September 2019 has 30 days"]),
    ("ngày 31 tháng 4 năm 2019", ["April 2019 has 30 days"]),
    ("tháng 13/2019", ["month 13"]),
    ("tháng 0", ["month 0"]),
    ("quý V/2019", ["quarter V", "I, II, III, IV"]),
    ("quý 5/2019", ["quarter 5"]),
    ("Q0 2019", ["quarter 0"]),
    ("quý IIII/2019", ["quarter IIII"]),
    ("9/2019", ["tháng 9/2019"]),
    ("+1000y", ["1900", "2999"]),
    ("-200y", ["1900", "2999"]),
    ("+99999999d", ["1900", "2999"]),
    ("+999999y", ["1900", "2999"]),
    ("next friday", ["cannot read"]),
    ("thứ 8", ["cannot read"]),
    ("30/9-2019", ["cannot read"]),
    ("2019-09", ["cannot read"]),
    ("30/9/2019 10:00", ["cannot read"]),
    ("dec 2019 31", ["cannot read"]),
    ("trước", ["cannot read"]),
    ("quý", ["cannot read"]),
    ("ngày 30", ["cannot read"]),
    ("３０/９/２０１９", ["cannot read"]),  # full-width digits
    ("٣٠/٩/٢٠١٩", ["cannot read"]),  # Arabic-Indic digits
]


@pytest.mark.parametrize(("text", "fragments"), REFUSALS)
def test_parse_deadline_refuses_with_a_clear_message(text: str, fragments: list[str]) -> None:
    with pytest.raises(DeadlineError) as caught:
        parse_deadline(text, TODAY)
    message = str(caught.value)
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message


def test_deadline_error_is_invalid_input_with_exit_code_2() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_deadline("next blue moon", TODAY)
    assert caught.value.exit_code == 2


def test_messages_stay_on_one_line_and_short() -> None:
    with pytest.raises(DeadlineError) as caught:
        parse_deadline("next\nblue moon\r\n" + "x" * 500, TODAY)
    message = str(caught.value)
    assert "\n" not in message and "\r" not in message
    assert '"next blue moon' in message
    assert len(message) < 200


def test_offsets_use_calendar_arithmetic() -> None:
    assert parse_deadline("+1m", date(2019, 1, 31)) == date(2019, 2, 28)
    assert parse_deadline("+1y", date(2020, 2, 29)) == date(2021, 2, 28)
    assert parse_deadline("-1m", date(2019, 3, 31)) == date(2019, 2, 28)


def test_weekday_and_week_end_on_sunday() -> None:
    sunday = date(2026, 11, 29)
    assert parse_deadline("eow", sunday) == sunday
    assert parse_deadline("cuối tuần", sunday) == sunday
    assert parse_deadline("sunday", sunday) == date(2026, 12, 6)
    assert parse_deadline("chủ nhật", sunday) == date(2026, 12, 6)


def test_public_helpers() -> None:
    assert end_of_week(date(2026, 11, 23)) == date(2026, 11, 29)
    assert end_of_week(date(2026, 11, 29)) == date(2026, 11, 29)
    assert end_of_month(date(2024, 2, 10)) == date(2024, 2, 29)
    assert end_of_month(date(2023, 2, 10)) == date(2023, 2, 28)
    assert end_of_quarter(date(2026, 1, 1)) == date(2026, 3, 31)
    assert end_of_quarter(date(2026, 5, 15)) == date(2026, 6, 30)
    assert end_of_quarter(date(2026, 9, 30)) == date(2026, 9, 30)
    assert end_of_quarter(date(2026, 10, 1)) == date(2026, 12, 31)


def test_format_date_is_day_first_and_zero_padded() -> None:
    assert format_date(SEP_30) == "30/09/2019"
    assert format_date(date(1900, 1, 1)) == "01/01/1900"
    assert format_date(date(2026, 11, 5)) == "05/11/2026"


def test_format_iso() -> None:
    assert format_iso(SEP_30) == "2019-09-30"
    assert format_iso(None) is None


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        (TODAY, "today"),
        (date(2026, 11, 28), "tomorrow"),
        (date(2026, 11, 29), "in 2 days"),
        (date(2026, 11, 30), "in 3 days"),
        (date(2026, 11, 26), "1 day overdue"),
        (date(2026, 11, 22), "5 days overdue"),
        (date(2027, 11, 27), "in 365 days"),
    ],
)
def test_describe_due(due: date, expected: str) -> None:
    assert describe_due(due, TODAY) == expected


def test_weekday_name() -> None:
    names = [weekday_name(date(2026, 11, 23 + offset)) for offset in range(7)]
    assert names == ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]


# --- Properties -------------------------------------------------------------------------

ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = (
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
ROMAN = ("I", "II", "III", "IV")

EXACT_FORMS: list[Callable[[date], str]] = [
    lambda d: d.isoformat(),
    lambda d: f"{d.day}/{d.month}/{d.year}",
    lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}",
    lambda d: f"{d.day}-{d.month}-{d.year}",
    lambda d: f"{d.day}.{d.month}.{d.year}",
    lambda d: f"ngày {d.day} tháng {d.month} năm {d.year}",
    lambda d: f"trước {d.day}/{d.month}/{d.year}",
    lambda d: f"{d.day} {ABBREVIATIONS[d.month - 1]} {d.year}",
    lambda d: f"{MONTH_NAMES[d.month - 1]} {d.day}, {d.year}",
    format_date,
]

SUPPORTED_DATES = st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31))


@settings(max_examples=200)
@given(SUPPORTED_DATES)
def test_every_exact_form_reads_back(d: date) -> None:
    for form in EXACT_FORMS:
        assert parse_deadline(form(d), TODAY) == d, form(d)


@given(SUPPORTED_DATES)
def test_month_end_reads_back_from_thang(d: date) -> None:
    last = end_of_month(d)
    assert parse_deadline(f"tháng {last.month}/{last.year}", TODAY) == last
    assert parse_deadline(f"{MONTH_NAMES[last.month - 1]} {last.year}", TODAY) == last


@given(SUPPORTED_DATES)
def test_quarter_end_reads_back_from_quy(d: date) -> None:
    last = end_of_quarter(d)
    quarter = last.month // 3
    assert parse_deadline(f"Quý {ROMAN[quarter - 1]}/{last.year}", TODAY) == last
    assert parse_deadline(f"Q{quarter} {last.year}", TODAY) == last


def _parses_or_refuses(text: str) -> None:
    try:
        parse_deadline(text, TODAY)
    except DeadlineError as refused:
        assert "\n" not in str(refused)


@settings(max_examples=300)
@given(st.text())
def test_any_text_parses_or_raises_deadline_error(text: str) -> None:
    _parses_or_refuses(text)


# Text made of the pieces the readers look for, to reach deep into every pattern.
PIECES = st.sampled_from(
    ["0", "1", "2", "9", "13", "31", "19", "2019", "99999999", "/", "-", ".", "+", ",", " ",
     "d", "w", "m", "y", "q", "iv", "quý", "tháng", "ngày", "năm", "dec", "thứ", "trước",
     "hạn chót", ":", "st", "of "]
)  # fmt: skip


@settings(max_examples=300)
@given(st.lists(PIECES, max_size=8).map("".join))
def test_near_miss_text_parses_or_raises_deadline_error(text: str) -> None:
    _parses_or_refuses(text)
