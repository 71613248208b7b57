"""The report as Markdown: headings, a field list and pipe tables (GitHub-flavoured).

Every table row has as many cells as its header. User text is escaped so that a `|` in a
title cannot split a cell and `*`, `_`, `[` or `<` cannot turn into formatting or links.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from operator import itemgetter

from tracker.domain.standing import STANDING_SYMBOLS
from tracker.reports.labels import Labels
from tracker.reports.model import StatusReport
from tracker.reports.sections import header_fields, overview_rows, rate_lines, report_title, tables

# Only what can start formatting, a link, HTML or a cell boundary in the middle of a line.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def escape(text: str) -> str:
    """Text safe inside a paragraph or a table cell: on one line, specials backslashed."""
    if not text.isprintable():
        text = " ".join(text.split())
    # Most cells have nothing to escape; searching first is cheaper than substituting.
    return _SPECIAL.sub(r"\\\1", text) if _SPECIAL.search(text) else text


def table(header: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[bool]) -> str:
    """A pipe table; cells are escaped here, and numbers aligned right."""
    # The overdue table of 100,000 tasks has 40,000 rows: cells are escaped a column at a
    # time, and rows joined by str.join, without a Python call per cell.
    columns = [_cells(list(map(itemgetter(number), rows))) for number in range(len(header))]
    lines = [
        " | ".join(_cells(list(header))),
        " | ".join("---:" if right else "---" for right in numeric),
        *map(" | ".join, zip(*columns, strict=True)),
    ]
    return "| " + " |\n| ".join(lines) + " |"


def _cells(cells: list[str]) -> list[str]:
    """Cells escaped for a table, an empty one as a space.

    A column with nothing to escape, the usual case, is found out in one pass over its text.
    """
    text = "".join(cells)
    if not text.isprintable() or _SPECIAL.search(text):
        cells = list(map(escape, cells))
    return [cell or " " for cell in cells] if "" in cells else cells


def render(report: StatusReport, labels: Labels) -> str:
    """The report as Markdown, tables included."""
    parts = [f"# {escape(report_title(report, labels))}"]
    fields = []
    for label, values in header_fields(report, labels):
        fields.append(f"- **{escape(label)}:** " + "; ".join(escape(v) for v in values))
    parts.append("\n".join(fields))

    parts.append(f"## {escape(labels.totals)}")
    parts.append(
        table(
            (labels.standing_heading, labels.tasks_column),
            [
                (f"{STANDING_SYMBOLS[standing]} {label}" if standing else label, count)
                for standing, label, count in overview_rows(report, labels)
            ],
            (False, True),
        )
    )
    parts.append(
        "\n".join(
            f"- **{escape(rate.label)}:** {escape(rate.value)} = "
            f"{escape(rate.formula)} = {escape(rate.numbers)}"
            for rate in rate_lines(report.totals, labels)
        )
    )
    for section in tables(report, labels):
        parts.append(f"## {escape(section.title)}")
        if section.rows:
            parts.append(table(section.header, section.rows, section.numeric))
        else:
            parts.append(escape(section.empty))
    return "\n\n".join(parts) + "\n"
