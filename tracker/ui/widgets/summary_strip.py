"""The summary strip: tasks per standing and the completion rate, as numbers and a bar."""

from __future__ import annotations

from collections import Counter

from rich.text import Text
from textual.widgets import Static

from tracker import i18n
from tracker.domain.rates import format_percent
from tracker.domain.standing import STANDING_SYMBOLS, Standing, completion_ratio
from tracker.i18n import _, number

STYLES = {
    Standing.DONE_ON_TIME: "green",
    Standing.DONE_LATE: "yellow",
    Standing.OPEN_IN_TIME: "cyan",
    Standing.OPEN_OVERDUE: "bold red",
    Standing.CANCELLED: "dim",
}
BAR_WIDTH = 20


def summary_text(counts: Counter[Standing], compact: bool = False) -> Text:
    """One line: each standing's symbol and count, then the completion rate and its bar."""
    text = Text(no_wrap=True, overflow="ellipsis")
    for standing in Standing:
        label = "" if compact else f" {standing.label}"
        text.append(
            f"{STANDING_SYMBOLS[standing]} {number(counts[standing])}{label}",
            style=STYLES[standing],
        )
        text.append("  ")
    rate = completion_ratio(counts)
    text.append(_("Completion") + " ", style="bold")
    if rate is None:
        text.append(_("n/a"), style="dim")
        return text
    # Cut, like the printed rate: the bar is full only when every task due is done.
    filled = rate.cells(BAR_WIDTH)
    text.append("█" * filled, style="green")
    text.append("░" * (BAR_WIDTH - filled), style="red")
    text.append(" " + format_percent(rate, i18n.decimal_mark()), style="bold")
    return text


class SummaryStrip(Static):
    """Counts of the tasks in the current view."""

    DEFAULT_CSS = """
    SummaryStrip { height: 1; padding: 0 1; background: $boost; }
    """

    counts: Counter[Standing] | None = None

    def show_counts(self, counts: Counter[Standing]) -> None:
        """Show these counts: with the standings' names when they fit, else compact."""
        self.counts = counts
        self.update(self._fitting(counts))

    def on_resize(self) -> None:
        """Show the counts again, compact or in full for the new width."""
        if self.counts is not None:
            self.update(self._fitting(self.counts))

    def _fitting(self, counts: Counter[Standing]) -> Text:
        # Below 110 columns always compact; above, the names in the interface language
        # decide (Vietnamese ones are longer), so the rate at the end is never cut.
        full = summary_text(counts)
        if self.size.width >= 110 and full.cell_len <= self.content_region.width:
            return full
        return summary_text(counts, compact=True)
