"""The report for reading in a terminal: Rich tables on a TTY, plain aligned text otherwise.

Rich is imported only inside `print_rich`, so that `tracker report` piped to a file or
another program (and every other command) starts without loading it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache
from operator import itemgetter
from typing import IO, TYPE_CHECKING

from tracker.domain.standing import STANDING_SYMBOLS, Standing
from tracker.reports.labels import Labels
from tracker.reports.model import StatusReport
from tracker.reports.sections import (
    Table,
    header_fields,
    overview_rows,
    rate_lines,
    report_title,
    tables,
)

if TYPE_CHECKING:
    from rich.console import RenderableType

STANDING_STYLES = {
    Standing.DONE_ON_TIME: "green",
    Standing.DONE_LATE: "yellow",
    Standing.OPEN_IN_TIME: "cyan",
    Standing.OPEN_OVERDUE: "bold red",
    Standing.CANCELLED: "dim",
}

_GAP = "  "
# A terminal shows this many rows of a table; the rest is said in one line. (Rich takes
# seconds over tens of thousands of rows, and nobody reads them on a screen.)
TERMINAL_ROWS = 50
# Words longer than this may be folded in a terminal table column.
_LONGEST_WORD = 16
# Narrower terminals get the standing symbols as column headings instead of words.
_WIDE = 120


# Latin script with every Vietnamese letter precomposed, and the usual punctuation
# (– — “ ” …): one column per character. Text with no other character is measured by
# its length, which is what nearly every report holds.
_NOT_LATIN = re.compile("[^\x00-\u024f\u1e00-\u1eff\u2010-\u2027]")


@cache
def _odd_width() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Marks that combine with the letter before them take no column (Vietnamese typed
    decomposed uses U+0300-U+036F); East Asian wide characters and emoji take two.

    Ranges, not unicodedata per character: a report over 100,000 tasks has millions of
    characters. Compiled on first need, as the wide ranges take milliseconds to compile.
    """
    zero_width = re.compile(
        "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u200b-\u200f\u20d0-\u20ff\ufe20-\ufe2f]"
    )
    double_width = re.compile(
        "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
        "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6"
        "\U0001f300-\U0001f64f\U0001f900-\U0001f9ff\U00020000-\U0003fffd]"
    )
    return zero_width, double_width


def text_width(text: str) -> int:
    """Columns `text` takes in a terminal: combining marks take none, wide characters two."""
    if text.isascii() or not _NOT_LATIN.search(text):
        return len(text)
    zero_width, double_width = _odd_width()
    return len(text) - len(zero_width.findall(text)) + len(double_width.findall(text))


def _one_column_each(cells: Iterable[str]) -> bool:
    """True when every character of `cells` takes one column, so widths are lengths."""
    text = "".join(cells)
    return text.isascii() or not _NOT_LATIN.search(text)


def _pad(text: str, columns: int, right: bool) -> str:
    # ljust/rjust count characters; what they add is the columns the text does not fill.
    size = columns + len(text) - text_width(text)
    return text.rjust(size) if right else text.ljust(size)


def _symbol(standing: Standing | None) -> str:
    # Two columns wide, so that labels line up after ✔ and ✔!.
    return f"{STANDING_SYMBOLS[standing]:<2}" if standing else "  "


def plain_table(
    header: tuple[str, ...], rows: Sequence[tuple[str, ...]], numeric: Sequence[bool], indent: str
) -> list[str]:
    """Columns padded to their widest cell, numbers aligned right, no trailing spaces."""
    # The overdue table of 100,000 tasks has 40,000 rows. When each character of a column
    # takes one terminal column, the column is as wide as its longest cell and a printf
    # format pads it, a whole row in one C call; other columns are padded cell by cell.
    columns = []
    formats = []
    for number, right in enumerate(numeric):
        column = [header[number], *map(itemgetter(number), rows)]
        if _one_column_each(column):
            formats.append(f"%{'' if right else '-'}{max(map(len, column))}s")
        else:
            used = list(map(text_width, column))
            widest = max(used)
            pad = str.rjust if right else str.ljust
            column = [pad(c, widest + len(c) - u) for c, u in zip(column, used, strict=True)]
            formats.append("%s")
        columns.append(column)
    line = indent.replace("%", "%%") + _GAP.join(formats)
    lines = zip(*columns, strict=True) if "%s" in formats else (header, *rows)
    return [(line % cells).rstrip() for cells in lines]


def render(report: StatusReport, labels: Labels) -> str:
    """The whole report as plain text, for a file or a pipe."""
    lines = [report_title(report, labels).upper(), ""]
    label_width = max(text_width(label) for label, _ in header_fields(report, labels))
    for label, values in header_fields(report, labels):
        for number, value in enumerate(values):
            shown = label if number == 0 else ""
            lines.append(f"{_pad(shown, label_width, False)}{_GAP}{value}")
    lines += ["", labels.totals]
    overview = overview_rows(report, labels)
    label_width = max(text_width(label) for _, label, _ in overview)
    count_width = max(text_width(count) for _, _, count in overview)
    for standing, label, count in overview:
        lines.append(
            f"  {_symbol(standing)} {_pad(label, label_width, False)}"
            f"{_GAP}{_pad(count, count_width, True)}"
        )
    rates = rate_lines(report.totals, labels)
    rate_width = max(text_width(rate.label) for rate in rates)
    value_width = max(text_width(rate.value) for rate in rates)
    for rate in rates:
        lines.append(
            f"  {_pad(rate.label, rate_width, False)}{_GAP}{_pad(rate.value, value_width, True)}"
            f"{_GAP}= {rate.formula} = {rate.numbers}"
        )
    for table in tables(report, labels):
        lines += ["", table.title]
        if table.rows:
            lines += plain_table(table.header, table.rows, table.numeric, "  ")
        else:
            lines.append(f"  {table.empty}")
    lines.append("")  # the final newline, without copying megabytes of text to add it
    return "\n".join(lines)


def print_rich(
    report: StatusReport, labels: Labels, file: IO[str] | None = None, width: int | None = None
) -> None:
    """Print the report with Rich tables and colours (to stdout unless `file` is given)."""
    from rich import box
    from rich.console import Console, Group
    from rich.table import Table as RichTable
    from rich.text import Text

    console = Console(file=file, width=width, highlight=False)
    # Nine columns of counts do not fit 80 columns with their names spelled out.
    compact = console.width < _WIDE
    fields = RichTable.grid(padding=(0, 2))
    fields.add_column(style="bold")
    fields.add_column()
    for label, values in header_fields(report, labels):
        fields.add_row(Text(label), Text("\n".join(values)))

    overview = RichTable.grid(padding=(0, 2))
    overview.add_column()
    overview.add_column(justify="right")
    overview.add_column()
    for standing, label, count in overview_rows(report, labels):
        style = STANDING_STYLES[standing] if standing else "bold"
        overview.add_row(Text(f"{_symbol(standing)} {label}", style=style), Text(count, style))
    for rate in rate_lines(report.totals, labels):
        overview.add_row(
            Text(rate.label, style="bold"),
            Text(rate.value, style="bold"),
            Text(f"= {rate.formula} = {rate.numbers}", style="dim"),
        )

    def rich_table(table: Table) -> RenderableType:
        if not table.rows:
            return Group(Text(table.title, style="bold"), Text(f"  {table.empty}", style="dim"))
        shown = RichTable(
            title=Text(table.title, style="bold"),
            title_justify="left",
            box=box.SIMPLE_HEAD,
            show_edge=False,
        )
        # On a narrow screen "not applicable" (words in Vietnamese) would crowd the names.
        short_na = "—" if compact else labels.not_applicable_short
        rows = [
            [short_na if cell == labels.not_applicable_short else cell for cell in row]
            for row in table.rows[:TERMINAL_ROWS]
        ]
        standings = table.standings or (None,) * len(table.header)
        for number, (heading, numeric, standing) in enumerate(
            zip(table.header, table.numeric, standings, strict=True)
        ):
            if standing and compact:
                # The overview above is the legend of the symbols.
                heading = STANDING_SYMBOLS[standing]
            # A column never gets narrower than its longest word, so numbers and dates are
            # never cut; only a very long word (capped) may be folded. Headings may wrap.
            longest = max(text_width(word) for row in rows for word in row[number].split() or [""])
            shown.add_column(
                Text(heading, style=STANDING_STYLES[standing] if standing else ""),
                justify="right" if numeric else "left",
                min_width=longest if numeric else min(longest, _LONGEST_WORD),
                overflow="fold",
            )
        for row in rows:
            shown.add_row(*(Text(cell) for cell in row))
        hidden = len(table.rows) - TERMINAL_ROWS
        if hidden > 0:
            more = labels.more_rows.format(count=labels.number(hidden))
            shown.caption = Text(more, style="dim")
            shown.caption_justify = "left"
        return shown

    console.print(Text(report_title(report, labels), style="bold underline"))
    console.print(fields)
    console.print()
    console.print(Text(labels.totals, style="bold"))
    console.print(overview)
    for table in tables(report, labels):
        console.print()
        console.print(rich_table(table))
