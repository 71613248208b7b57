"""The summary strip's rate and bar: cut like every printed rate, in the running app too."""

from __future__ import annotations

from collections import Counter

from tests.ui.conftest import AppFactory, plain_text, settle
from tracker.domain.standing import Standing
from tracker.ui.widgets.summary_strip import BAR_WIDTH, SummaryStrip, summary_text


def _counts(done: int, overdue: int) -> Counter[Standing]:
    return Counter({Standing.DONE_ON_TIME: done, Standing.OPEN_OVERDUE: overdue})


def test_the_2017_national_rate_reads_98_62() -> None:
    # 1270/BC-TCTTTg: 16,051 done of 16,274 is 98.6297...%, printed 98,62%.
    text = summary_text(_counts(16_051, 223)).plain
    assert text.endswith(" 98.62%")


def test_almost_everything_done_never_reads_100_nor_fills_the_bar() -> None:
    text = summary_text(_counts(99_999, 1)).plain
    assert text.endswith(" 99.99%")
    assert text.count("█") == BAR_WIDTH - 1 and text.count("░") == 1
    full = summary_text(_counts(5, 0)).plain
    assert full.endswith(" 100.00%") and full.count("█") == BAR_WIDTH


def test_a_rate_that_floats_cannot_hold_is_printed_exactly() -> None:
    # 57 / 100 as a float is 0.56999...; the strip still says 57.00%.
    assert summary_text(_counts(57, 43)).plain.endswith(" 57.00%")


async def test_the_running_strip_shows_the_cut_rate(sample_app: AppFactory) -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        strip = app.screen.query_one(SummaryStrip)
        assert strip.counts is not None
        done = strip.counts[Standing.DONE_ON_TIME] + strip.counts[Standing.DONE_LATE]
        base = done + strip.counts[Standing.OPEN_OVERDUE]
        hundredths = done * 10_000 // base
        expected = f"{hundredths // 100}.{hundredths % 100:02d}%"
        assert plain_text(strip).rstrip().endswith(expected)
