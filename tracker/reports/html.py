"""The report as one self-contained, printable HTML page with an inline SVG chart.

No external files: the CSS and the chart are inline, so the page can be mailed or printed
as is. The print CSS fits A4 portrait, repeats table headings on each page and keeps the
chart's colours. Every piece of user text goes through `html.escape`.
"""

from __future__ import annotations

from html import escape
from operator import itemgetter

from tracker.domain.dates import format_date
from tracker.domain.standing import STANDING_SYMBOLS, Standing
from tracker.reports.labels import Labels
from tracker.reports.model import STANDINGS, StatusReport
from tracker.reports.sections import (
    Table,
    header_fields,
    one_line,
    overview_rows,
    rate_lines,
    report_title,
    tables,
)

# Print-safe colours, told apart by lightness too; the legend, the numbers in the bars and
# the tables say the same, so colour is never the only cue.
COLOURS = {
    Standing.DONE_ON_TIME: "#2e7d32",
    Standing.DONE_LATE: "#b28704",
    Standing.OPEN_IN_TIME: "#1565c0",
    Standing.OPEN_OVERDUE: "#c62828",
    Standing.CANCELLED: "#8d8d8d",
}

STYLE = """
@page { size: A4 portrait; margin: 14mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "Times New Roman", "Noto Serif", Georgia, serif; font-size: 11pt;
  line-height: 1.35; color: #111; background: #fff; max-width: 186mm; margin: 1.5em auto;
  padding: 0 1em; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
h1 { font-size: 16pt; text-align: center; text-transform: uppercase; margin: 0 0 .6em; }
h2 { font-size: 12.5pt; margin: 1.3em 0 .4em; break-after: avoid; page-break-after: avoid; }
dl.fields { display: grid; grid-template-columns: max-content 1fr; gap: .15em 1em;
  margin: 0 0 1em; }
dl.fields dt { font-weight: bold; }
dl.fields dd { margin: 0; }
table { border-collapse: collapse; width: 100%; font-size: 10pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 1px solid #9a9a9a; padding: 2px 5px; vertical-align: top; text-align: left; }
th { background: #eee; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.overview { width: auto; min-width: 50%; }
.swatch { display: inline-block; width: .8em; height: .8em; margin-right: .35em;
  border: 1px solid #555; vertical-align: baseline; }
ul.rates { padding-left: 1.2em; }
.formula { color: #444; }
p.none { color: #555; font-style: italic; }
figure { margin: 0; break-inside: avoid; page-break-inside: avoid; }
figure svg { width: 100%; height: auto; }
figcaption { font-size: 9pt; color: #444; }
@media print {
  body { margin: 0; padding: 0; max-width: none; }
  section { break-inside: auto; }
}
"""

_CHART_WIDTH = 720
_LABEL_WIDTH = 210
_BAR_WIDTH = 440
_ROW_HEIGHT = 22
_LEGEND_HEIGHT = 30
_LABEL_CHARS = 30


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def chart(report: StatusReport, labels: Labels) -> str:
    """An inline SVG of horizontal bars, one per lead agency, split by standing."""
    rows = report.by_agency
    height = _LEGEND_HEIGHT + max(1, len(rows)) * _ROW_HEIGHT + 6
    longest = max((row.counts.total for row in rows), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_CHART_WIDTH} {height}" '
        f'role="img" aria-label="{escape(labels.chart_title)}" font-family="sans-serif" '
        f'font-size="11">',
        f"<title>{escape(labels.chart_title)}</title>",
    ]
    x = 0
    for standing in STANDINGS:
        name = labels.standing(standing)
        parts.append(
            f'<rect x="{x}" y="6" width="12" height="12" fill="{COLOURS[standing]}"/>'
            f'<text x="{x + 16}" y="16">{escape(name)}</text>'
        )
        x += 16 + 7 * len(name) + 18
    if not rows:
        parts.append(f'<text x="0" y="{_LEGEND_HEIGHT + 14}">{escape(labels.none)}</text>')
    for number, row in enumerate(rows):
        y = _LEGEND_HEIGHT + number * _ROW_HEIGHT
        name = one_line(row.agency.short_name if row.agency else row.code)
        parts.append(
            f'<text x="{_LABEL_WIDTH - 6}" y="{y + 15}" text-anchor="end">'
            f"<title>{escape(name)} ({escape(row.code)})</title>"
            f"{escape(_cut(name, _LABEL_CHARS))}</text>"
        )
        left = float(_LABEL_WIDTH)
        for standing in STANDINGS:
            count = row.counts[standing]
            if not count:
                continue
            span = _BAR_WIDTH * count / longest
            parts.append(
                f'<rect x="{left:.1f}" y="{y + 3}" width="{span:.1f}" height="{_ROW_HEIGHT - 6}" '
                f'fill="{COLOURS[standing]}"><title>{escape(labels.standing(standing))}: '
                f"{escape(labels.number(count))}</title></rect>"
            )
            if span >= 8 * len(str(count)) + 4:
                parts.append(
                    f'<text x="{left + span / 2:.1f}" y="{y + 15}" text-anchor="middle" '
                    f'fill="#fff">{escape(labels.number(count))}</text>'
                )
            left += span
        total = escape(labels.number(row.counts.total))
        parts.append(f'<text x="{left + 5:.1f}" y="{y + 15}">{total}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def _table(table: Table) -> str:
    if not table.rows:
        return f'<p class="none">{escape(table.empty)}</p>'

    def cell(tag: str, text: str, numeric: bool) -> str:
        css = ' class="num"' if numeric else ""
        return f"<{tag}{css}>{escape(text)}</{tag}>"

    head = "".join(cell("th", h, n) for h, n in zip(table.header, table.numeric, strict=True))
    # The overdue table of 100,000 tasks has 40,000 rows: cells are escaped a column at a
    # time (only in a column with something to escape), and a row is one %-format.
    columns = [
        _escaped(list(map(itemgetter(number), table.rows))) for number in range(len(table.numeric))
    ]
    row = "<tr>" + "".join(cell("td", "%s", numeric) for numeric in table.numeric) + "</tr>"
    body = "\n".join([row % cells for cells in zip(*columns, strict=True)])
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


def _escaped(cells: list[str]) -> list[str]:
    """`cells` through `escape`, unless none of them has a character it would change."""
    text = "".join(cells)
    if any(special in text for special in "&<>\"'"):
        return list(map(escape, cells))
    return cells


def render(report: StatusReport, labels: Labels) -> str:
    """The report as one self-contained HTML page."""
    title = f"{report_title(report, labels)} — {format_date(report.as_of)}"
    fields = "\n".join(
        f"<dt>{escape(label)}</dt>" + "".join(f"<dd>{escape(v)}</dd>" for v in values)
        for label, values in header_fields(report, labels)
    )
    overview = "\n".join(
        "<tr><td>"
        + (
            f'<span class="swatch" style="background:{COLOURS[standing]}"></span>'
            f"{escape(STANDING_SYMBOLS[standing])} "
            if standing
            else ""
        )
        + f'{escape(label)}</td><td class="num">{escape(count)}</td></tr>'
        for standing, label, count in overview_rows(report, labels)
    )
    rates = "\n".join(
        f"<li><strong>{escape(rate.label)}: {escape(rate.value)}</strong> "
        f'<span class="formula">= {escape(rate.formula)} = {escape(rate.numbers)}</span></li>'
        for rate in rate_lines(report.totals, labels)
    )
    sections = []
    for table in tables(report, labels):
        section = f'<section id="{table.key}">\n<h2>{escape(table.title)}</h2>\n'
        if table.key == "agencies":
            section += (
                f"<figure>\n{chart(report, labels)}\n"
                f"<figcaption>{escape(labels.chart_caption)}</figcaption>\n</figure>\n"
            )
        sections.append(section + _table(table) + "\n</section>")
    body = "\n".join(sections)
    return f"""<!DOCTYPE html>
<html lang="{labels.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<style>{STYLE}</style>
</head>
<body>
<header>
<h1>{escape(report_title(report, labels))}</h1>
<dl class="fields">
{fields}
</dl>
</header>
<section id="overview">
<h2>{escape(labels.totals)}</h2>
<table class="overview">
<tbody>
{overview}
</tbody>
</table>
<ul class="rates">
{rates}
</ul>
</section>
{body}
</body>
</html>
"""
