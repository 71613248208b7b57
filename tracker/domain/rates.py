"""Rates as the government prints them: a percentage cut to two decimals, never rounded."""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["Rate", "format_percent"]

# Report 1270/BC-TCTTTg (2017) prints 16,051 done of 16,274 as 98,62% where rounding
# would give 98,63%: the digits shown are cut, so a rate never reads higher than it is
# and 99.999% never reads 100%. A rate keeps its two counts and is cut with integer
# arithmetic, because a float such as 0.57 sits a hair below 57/100 and would be cut to
# 56.99% (fractions.Fraction would do too, but costs a millisecond to import).


class Rate(NamedTuple):
    """A share of two counts, kept exact: `part` of `whole`, with `whole` above 0."""

    part: int
    whole: int

    def hundredths(self) -> int:
        """The rate in hundredths of a percent, cut: 16051 of 16274 is 9862 (98.62%)."""
        return self.part * 10_000 // self.whole

    def cells(self, width: int) -> int:
        """How many of `width` cells a bar fills, cut: a bar is full only at 100%."""
        return self.part * width // self.whole

    def __float__(self) -> float:
        """The rate as the nearest float: part / whole."""
        return self.part / self.whole


def format_percent(rate: Rate, decimal_mark: str = ".") -> str:
    """The rate as a percentage with two decimals, cut: 98.62% (98,62% with a decimal comma)."""
    whole, hundredths = divmod(rate.hundredths(), 100)
    return f"{whole}{decimal_mark}{hundredths:02d}%"
