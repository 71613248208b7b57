"""Deadline phrases: every accepted form, every refusal, and round trips over 1900-2999."""

import calendar
from collections.abc import Callable
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker import i18n
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
from tracker.domain.text import fold

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
    # Without a year: the next such date on or after today (27/11/2026).
    ("30/9", date(2027, 9, 30)),
    ("1/1", date(2027, 1, 1)),
    ("27/11", TODAY),
    ("28/11", date(2026, 11, 28)),
    ("26/11", date(2027, 11, 26)),
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
    ("may", date(2027, 5, 31)),
    ("nov", date(2026, 11, 30)),
    ("Sept 30", date(2027, 9, 30)),
    ("1 jan", date(2027, 1, 1)),
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
    ("tháng 9", date(2027, 9, 30)),
    ("tháng 11", date(2026, 11, 30)),
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
    ("quý 2", date(2027, 6, 30)),
    ("Quý IV", date(2026, 12, 31)),
    ("Q1", date(2027, 3, 31)),
    # Vietnamese full dates.
    ("ngày 30 tháng 9 năm 2019", SEP_30),
    ("ngay 30 thang 9 nam 2019", SEP_30),
    ("Ngày 30 Tháng 9 Năm 2019", SEP_30),
    ("ngày 30/9/2019", SEP_30),
    ("ngày 30 tháng 9", date(2027, 9, 30)),
    ("ngày 30 tháng 11", date(2026, 11, 30)),
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
    # What officials write in plans and directives (DOMAIN.md), any case, any diacritics.
    ("chậm nhất 30/6/2027", date(2027, 6, 30)),
    ("chậm nhất ngày 30/6/2027", date(2027, 6, 30)),
    ("chậm nhất là ngày 30/6/2027", date(2027, 6, 30)),
    ("CHẬM NHẤT 30/6/2027", date(2027, 6, 30)),
    ("cham nhat 30/6/2027", date(2027, 6, 30)),
    ("đến ngày 30/6/2027", date(2027, 6, 30)),
    ("den ngay 30/6/2027", date(2027, 6, 30)),
    ("đến hết ngày 30/6/2027", date(2027, 6, 30)),
    ("hạn 30/6/2027", date(2027, 6, 30)),
    ("thời hạn: chậm nhất ngày 30/6/2027", date(2027, 6, 30)),
    ("trước ngày 30/6", date(2027, 6, 30)),
    ("cuối tháng 6/2027", date(2027, 6, 30)),
    ("Cuối Tháng 6/2027", date(2027, 6, 30)),
    ("hết tháng 2/2028", date(2028, 2, 29)),
    ("trong tháng 6/2027", date(2027, 6, 30)),
    ("trong thang 6 nam 2027", date(2027, 6, 30)),
    ("trong quý II/2027", date(2027, 6, 30)),
    ("TRONG QUÝ II/2027", date(2027, 6, 30)),
    ("cuối quý 4/2027", date(2027, 12, 31)),
    ("năm 2027", date(2027, 12, 31)),
    ("trong năm 2027", date(2027, 12, 31)),
    ("hết năm 2027", date(2027, 12, 31)),
    ("het nam 2027", date(2027, 12, 31)),
    ("cuối năm 2027", date(2027, 12, 31)),
    ("6 tháng đầu năm 2027", date(2027, 6, 30)),
    ("6 thang dau nam 2027", date(2027, 6, 30)),
    ("9 tháng đầu năm 2027", date(2027, 9, 30)),
    ("6 tháng cuối năm 2027", date(2027, 12, 31)),
    ("giữa tháng 7/2027", date(2027, 7, 15)),
    ("GIUA THANG 7/2027", date(2027, 7, 15)),
    ("chậm nhất giữa tháng 7/2027", date(2027, 7, 15)),
    # ... and without the year: the next such date on or after today.
    ("cuối tháng 6", date(2027, 6, 30)),
    ("cuối tháng 11", date(2026, 11, 30)),
    ("giữa tháng 7", date(2027, 7, 15)),
    ("giữa tháng 12", date(2026, 12, 15)),
    ("trong quý II", date(2027, 6, 30)),
    ("trong quý IV", date(2026, 12, 31)),
    ("6 tháng đầu năm", date(2027, 6, 30)),
    ("hết tháng", date(2026, 11, 30)),
    ("trong tháng", date(2026, 11, 30)),
    ("hết quý", date(2026, 12, 31)),
    ("trong năm", date(2026, 12, 31)),
    ("cuối tháng này", date(2026, 11, 30)),
    ("cuối năm nay", date(2026, 12, 31)),
    ("cuối tuần sau", date(2026, 12, 6)),
    ("cuối tháng sau", date(2026, 12, 31)),
    ("hết tháng tới", date(2026, 12, 31)),
    ("cuối quý sau", date(2027, 3, 31)),
    ("cuối năm sau", date(2027, 12, 31)),
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
    ("29/2", ["February 2027 has 28 days"]),
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
    ("13 tháng đầu năm 2027", ["12 months"]),
    ("năm 27", ["year in full"]),
    ("năm", ["cannot read"]),
    ("chậm nhất", ["cannot read"]),
    ("đến", ["cannot read"]),
    ("３０/９/２０１９", ["cannot read"]),  # full-width digits
    ("٣٠/٩/٢٠١٩", ["cannot read"]),  # Arabic-Indic digits
]


# Phrases naming a stretch of time, not a day: refused with the forms that name one.
NO_SINGLE_DAY = [
    "đầu quý",
    "dau quy",
    "đầu tháng",
    "đầu năm",
    "đầu tháng 7/2027",
    "đầu quý II/2027",
    "giữa tháng",
    "giữa năm",
    "tuần sau",
    "TUẦN SAU",
    "tuần tới",
    "tháng sau",
    "tháng tới",
    "quý sau",
    "năm sau",
    "chậm nhất đầu quý",
    "trước tuần sau",
]


@pytest.mark.parametrize("text", NO_SINGLE_DAY)
def test_a_phrase_naming_no_single_day_is_refused_with_the_forms_that_do(text: str) -> None:
    with pytest.raises(DeadlineError) as caught:
        parse_deadline(text, date(2026, 12, 1))
    message = str(caught.value)
    assert "\n" not in message
    assert f'"{text}" names no single day' in message
    # Examples in the year of the next 30 June, so none of them is already past.
    for form in ("30/6/2027", "cuối tháng 6/2027", "giữa tháng 7/2027", "Quý II/2027"):
        assert form in message


def test_29_february_without_a_year_is_refused_for_the_year_it_would_fall_in() -> None:
    with pytest.raises(DeadlineError, match="February 2026 has 28 days"):
        parse_deadline("29/2", date(2026, 1, 10))
    assert parse_deadline("29/2", date(2027, 12, 1)) == date(2028, 2, 29)


# The examples of issue 12, typed on 01/12/2026.
ISSUE_TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30/6", date(2027, 6, 30)),
        ("Quý I", date(2027, 3, 31)),
        ("tháng 9", date(2027, 9, 30)),
        ("cuối tháng 11", date(2027, 11, 30)),
        ("cuối tháng 12", date(2026, 12, 31)),
        ("3/12", date(2026, 12, 3)),
        ("1/12", ISSUE_TODAY),
        ("30/11", date(2027, 11, 30)),
        ("tháng 12", date(2026, 12, 31)),
        ("tháng 11", date(2027, 11, 30)),
        ("Quý IV", date(2026, 12, 31)),
        ("giữa tháng 12", date(2026, 12, 15)),
        ("giữa tháng 11", date(2027, 11, 15)),
        ("6 tháng đầu năm", date(2027, 6, 30)),
        ("1 dec", ISSUE_TODAY),
        ("nov 30", date(2027, 11, 30)),
        ("december", date(2026, 12, 31)),
        ("ngày 1 tháng 12", ISSUE_TODAY),
    ],
)
def test_a_phrase_without_a_year_is_the_next_such_date(text: str, expected: date) -> None:
    assert parse_deadline(text, ISSUE_TODAY) == expected


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
    i18n.use("vi")  # the English names: tests/test_domain_language.py
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
    lambda d: f"{d.year}/{d.month}/{d.day}",
    lambda d: f"{d.day}-{ABBREVIATIONS[d.month - 1]}-{d.year}",
    lambda d: f"{d.day} tháng {d.month} năm {d.year}",
    lambda d: f"chậm nhất {d.day}/{d.month}/{d.year}",
    lambda d: f"chậm nhất là ngày {d.day}/{d.month}/{d.year}",
    lambda d: f"đến ngày {d.day}/{d.month}/{d.year}",
    lambda d: f"đến hết ngày {d.day} tháng {d.month} năm {d.year}",
    lambda d: f"hạn {d.day}/{d.month}/{d.year}",
    lambda d: f"Hạn chót: {format_date(d)}",
    lambda d: f"thời hạn: chậm nhất ngày {d.isoformat()}",
    lambda d: f"trước ngày {d.day}/{d.month}/{d.year}",
]

# Each form may be typed in capitals, or without diacritics (fold keeps the ASCII letters).
SPELLINGS: list[Callable[[str], str]] = [
    lambda text: text,
    str.upper,
    fold,
    lambda t: fold(t).upper(),
]

SUPPORTED_DATES = st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31))


@settings(max_examples=200)
@given(SUPPORTED_DATES)
def test_every_exact_form_reads_back(d: date) -> None:
    for form in EXACT_FORMS:
        for spelling in SPELLINGS:
            text = spelling(form(d))
            assert parse_deadline(text, TODAY) == d, text


MONTH_END_FORMS: list[Callable[[date], str]] = [
    lambda d: f"tháng {d.month}/{d.year}",
    lambda d: f"tháng {d.month} năm {d.year}",
    lambda d: f"cuối tháng {d.month}/{d.year}",
    lambda d: f"hết tháng {d.month}/{d.year}",
    lambda d: f"trong tháng {d.month}/{d.year}",
    lambda d: f"chậm nhất cuối tháng {d.month:02d}/{d.year}",
    lambda d: f"{d.month} tháng đầu năm {d.year}",
    lambda d: f"{MONTH_NAMES[d.month - 1]} {d.year}",
]
QUARTER_END_FORMS: list[Callable[[date], str]] = [
    lambda d: f"Quý {ROMAN[d.month // 3 - 1]}/{d.year}",
    lambda d: f"trong quý {ROMAN[d.month // 3 - 1]}/{d.year}",
    lambda d: f"cuối quý {d.month // 3}/{d.year}",
    lambda d: f"hết quý {ROMAN[d.month // 3 - 1]} năm {d.year}",
    lambda d: f"Q{d.month // 3} {d.year}",
]
YEAR_END_FORMS: list[Callable[[date], str]] = [
    lambda d: f"năm {d.year}",
    lambda d: f"trong năm {d.year}",
    lambda d: f"hết năm {d.year}",
    lambda d: f"cuối năm {d.year}",
    lambda d: f"6 tháng cuối năm {d.year}",
    lambda d: f"12 tháng đầu năm {d.year}",
]


def _reads_back(d: date, forms: list[Callable[[date], str]]) -> None:
    for form in forms:
        for spelling in SPELLINGS:
            text = spelling(form(d))
            assert parse_deadline(text, TODAY) == d, text


@given(SUPPORTED_DATES)
def test_every_period_end_reads_back_from_each_of_its_forms(d: date) -> None:
    _reads_back(end_of_month(d), MONTH_END_FORMS)
    _reads_back(end_of_quarter(d), QUARTER_END_FORMS)
    _reads_back(date(d.year, 12, 31), YEAR_END_FORMS)
    _reads_back(date(d.year, d.month, 15), [lambda m: f"giữa tháng {m.month}/{m.year}"])


# Year-less phrases, from a month and a day: (text, the date it names in a given year).
YEARLESS_DAY_FORMS: list[Callable[[int, int], str]] = [
    lambda m, d: f"{d}/{m}",
    lambda m, d: f"{d:02d}-{m:02d}",
    lambda m, d: f"ngày {d} tháng {m}",
    lambda m, d: f"chậm nhất ngày {d}/{m}",
    lambda m, d: f"trước ngày {d}/{m}",
    lambda m, d: f"{d} {ABBREVIATIONS[m - 1]}",
    lambda m, d: f"{MONTH_NAMES[m - 1]} {d}",
]
YEARLESS_PERIOD_FORMS: list[tuple[Callable[[int], str], Callable[[int, int], date]]] = [
    (lambda m: f"tháng {m}", lambda y, m: end_of_month(date(y, m, 1))),
    (lambda m: f"cuối tháng {m}", lambda y, m: end_of_month(date(y, m, 1))),
    (lambda m: f"trong tháng {m}", lambda y, m: end_of_month(date(y, m, 1))),
    (lambda m: f"giữa tháng {m}", lambda y, m: date(y, m, 15)),
    (lambda m: MONTH_NAMES[m - 1], lambda y, m: end_of_month(date(y, m, 1))),
    (lambda m: f"{m} tháng đầu năm", lambda y, m: end_of_month(date(y, m, 1))),
    (lambda m: f"Quý {ROMAN[(m - 1) // 3]}", lambda y, m: end_of_quarter(date(y, m, 1))),
    (lambda m: f"trong quý {(m - 1) // 3 + 1}", lambda y, m: end_of_quarter(date(y, m, 1))),
]
ANY_TODAY = st.dates(min_value=date(1900, 1, 1), max_value=date(2998, 12, 31))


@settings(max_examples=200)
@given(ANY_TODAY, st.integers(min_value=1, max_value=12), st.integers(min_value=1, max_value=31))
def test_a_day_without_a_year_is_the_next_such_day(today: date, month: int, day: int) -> None:
    for form in YEARLESS_DAY_FORMS:
        text = form(month, day)
        try:
            found = parse_deadline(text, today)
        except DeadlineError:
            # Only a day the chosen year lacks (31/4, 29/2 in a common year) is refused.
            year = today.year + ((month, day) < (today.month, today.day))
            assert day > calendar.monthrange(year, month)[1], text
            continue
        assert (found.month, found.day) == (month, day), text
        assert found >= today, text
        # The next one: a year earlier it would be before today.
        assert found.year == today.year or date(today.year, month, day) < today, text


@settings(max_examples=200)
@given(ANY_TODAY, st.integers(min_value=1, max_value=12))
def test_a_period_without_a_year_ends_on_the_next_such_day(today: date, month: int) -> None:
    for form, in_year in YEARLESS_PERIOD_FORMS:
        text = form(month)
        found = parse_deadline(text, today)
        assert found >= today, text
        assert found in (in_year(today.year, month), in_year(today.year + 1, month)), text
        assert found == in_year(today.year, month) or in_year(today.year, month) < today, text


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
     "hạn chót", ":", "st", "of ", "chậm nhất", "đến", "giữa", "đầu", "trong", "hết",
     "cuối", "sau"]
)  # fmt: skip


@settings(max_examples=300)
@given(st.lists(PIECES, max_size=8).map("".join))
def test_near_miss_text_parses_or_raises_deadline_error(text: str) -> None:
    _parses_or_refuses(text)
