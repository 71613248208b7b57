"""Reporting periods: their cut-off days (Nghị định 09/2019, Điều 12), the forms users write."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.domain.errors import InvalidInput
from tracker.domain.periods import (
    Period,
    PeriodKind,
    current_period,
    parse_period,
    recent_periods,
)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2026-11", date(2026, 10, 15), date(2026, 11, 14)),
        ("2026-01", date(2025, 12, 15), date(2026, 1, 14)),
        ("2026-12", date(2026, 11, 15), date(2026, 12, 14)),
        ("2028-02", date(2028, 1, 15), date(2028, 2, 14)),
        ("2028-03", date(2028, 2, 15), date(2028, 3, 14)),
        ("2026-Q1", date(2025, 12, 15), date(2026, 3, 14)),
        ("2026-Q3", date(2026, 6, 15), date(2026, 9, 14)),
        ("2026-Q4", date(2026, 9, 15), date(2026, 12, 14)),
        ("2028-Q1", date(2027, 12, 15), date(2028, 3, 14)),
        ("2026-H1", date(2025, 12, 15), date(2026, 6, 14)),
        ("2026-9M", date(2025, 12, 15), date(2026, 9, 14)),
        ("2026", date(2025, 12, 15), date(2026, 12, 14)),
    ],
)
def test_boundaries_of_every_kind(text: str, start: date, end: date) -> None:
    period = parse_period(text)
    assert (period.start, period.end) == (start, end)
    assert parse_period(period.code) == period


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("tháng 11/2026", Period(PeriodKind.MONTH, 2026, 11)),
        ("Tháng 1 năm 2026", Period(PeriodKind.MONTH, 2026, 1)),
        ("thang 11/2026", Period(PeriodKind.MONTH, 2026, 11)),
        ("quý III/2026", Period(PeriodKind.QUARTER, 2026, 3)),
        ("QUÝ III/2026", Period(PeriodKind.QUARTER, 2026, 3)),
        ("quý 3/2026", Period(PeriodKind.QUARTER, 2026, 3)),
        ("quy iv nam 2026", Period(PeriodKind.QUARTER, 2026, 4)),
        ("2026-q2", Period(PeriodKind.QUARTER, 2026, 2)),
        ("6 tháng đầu năm 2026", Period(PeriodKind.SIX_MONTHS, 2026)),
        ("6 thang dau nam 2026", Period(PeriodKind.SIX_MONTHS, 2026)),
        ("2026-h1", Period(PeriodKind.SIX_MONTHS, 2026)),
        ("9 tháng 2026", Period(PeriodKind.NINE_MONTHS, 2026)),
        ("9 tháng đầu năm 2026", Period(PeriodKind.NINE_MONTHS, 2026)),
        ("2026-9m", Period(PeriodKind.NINE_MONTHS, 2026)),
        ("năm 2026", Period(PeriodKind.YEAR, 2026)),
        ("  Năm   2026 ", Period(PeriodKind.YEAR, 2026)),
    ],
)
def test_vietnamese_forms(text: str, period: Period) -> None:
    assert parse_period(text) == period


@pytest.mark.parametrize(
    "text", ["", "2026-13", "2026-00", "2026-Q5", "quý V/2026", "2026-H2", "26", "tháng 13/2026"]
)
def test_anything_else_is_refused_naming_the_forms(text: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_period(text)
    message = str(refused.value)
    assert "2026-Q3" in message and "quý III/2026" in message and "\n" not in message


def test_words_in_both_languages() -> None:
    q3 = Period(PeriodKind.QUARTER, 2026, 3)
    assert q3.words("vi") == "quý III năm 2026"
    assert q3.words("en") == "Q3 2026"
    assert Period(PeriodKind.SIX_MONTHS, 2026).words("vi") == "6 tháng đầu năm 2026"
    assert Period(PeriodKind.MONTH, 2026, 11).words("en") == "November 2026"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_period_offered_has_words(lang: str) -> None:
    for number in range(1, 13):
        assert str(number) in Period(PeriodKind.MONTH, 2026, number).words("vi")
    for period in recent_periods(date(2026, 12, 3)):
        assert "2026" in period.words(lang) or "2025" in period.words(lang)


@pytest.mark.parametrize(
    ("day", "kind", "code"),
    [
        (date(2026, 11, 14), PeriodKind.MONTH, "2026-11"),
        (date(2026, 11, 15), PeriodKind.MONTH, "2026-12"),
        (date(2026, 12, 20), PeriodKind.MONTH, "2027-01"),
        (date(2026, 12, 20), PeriodKind.QUARTER, "2027-Q1"),
        (date(2026, 6, 14), PeriodKind.QUARTER, "2026-Q2"),
        (date(2026, 6, 15), PeriodKind.QUARTER, "2026-Q3"),
        (date(2026, 3, 1), PeriodKind.SIX_MONTHS, "2026-H1"),
        (date(2026, 12, 20), PeriodKind.YEAR, "2027"),
        (date(2026, 12, 14), PeriodKind.YEAR, "2026"),
    ],
)
def test_current_period_holds_the_day(day: date, kind: PeriodKind, code: str) -> None:
    period = current_period(kind, day)
    assert period.code == code
    assert period.contains(day)


def test_current_six_and_nine_months_after_they_ended_are_the_last_ones() -> None:
    assert current_period(PeriodKind.SIX_MONTHS, date(2026, 10, 1)).code == "2026-H1"
    assert current_period(PeriodKind.NINE_MONTHS, date(2026, 10, 1)).code == "2026-9M"


def test_recent_periods_put_the_current_ones_first() -> None:
    offered = [period.code for period in recent_periods(date(2026, 12, 3))]
    assert offered[:5] == ["2026-12", "2026-Q4", "2026-H1", "2026-9M", "2026"]
    assert "2026-11" in offered and "2026-Q3" in offered and "2025" in offered
    assert len(offered) == len(set(offered))
