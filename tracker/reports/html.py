"""The report as one self-contained, printable HTML page with an inline SVG chart.

No external files: the CSS and the chart are inline, so the page can be mailed or printed
as is. The print CSS fits A4 portrait, repeats table headings on each page and keeps the
chart's colours. Every piece of user text goes through `html.escape`.

The fields under the title (agreements, meetings, scope, dates) are a table of one row
per field, its values stacked in its one cell: a field with several values (two meetings)
stays beside its label. Given a `Letterhead`, the page opens with the official header of
Nghị định 30/2020 (issuer and number left, Quốc hiệu, Tiêu ngữ and place and date right)
and ends with the recipients and the signer, as the Word report does.
"""

from __future__ import annotations

import re
from html import escape
from operator import itemgetter
from typing import TYPE_CHECKING

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

if TYPE_CHECKING:
    from tracker.reports.letterhead import Letterhead

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
table.fields { width: auto; font-size: 11pt; margin: 0 0 1em; }
table.fields th, table.fields td { border: 0; background: none; padding: .1em 1em .1em 0; }
table.fields th { white-space: nowrap; }
table.fields td div + div { margin-top: .15em; }
table { border-collapse: collapse; width: 100%; font-size: 10pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 1px solid #9a9a9a; padding: 2px 5px; vertical-align: top; text-align: left; }
th { background: #eee; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
/* A heading over numbers may wrap, so the name columns keep room: an agency's or an
   area's name gets whole words on a line, never one word per line. */
th.num { white-space: normal; hyphens: manual; }
td { min-width: 4.5em; }
#agencies td:first-child, #areas td:first-child { min-width: 16em; }
td:nth-child(2):not(.num) { min-width: 12em; }
td:nth-child(3):not(.num) { min-width: 7.5em; }
span.code { white-space: nowrap; }
table.overview { width: auto; min-width: 50%; }
.swatch { display: inline-block; width: .8em; height: .8em; margin-right: .35em;
  border: 1px solid #555; vertical-align: baseline; }
ul.rates { padding-left: 1.2em; }
.formula { color: #444; }
p.none { color: #555; font-style: italic; }
figure { margin: 0 0 .6em; break-inside: avoid; page-break-inside: avoid; }
figure svg { width: 100%; height: auto; }
figcaption { font-size: 9pt; color: #444; }
table.letterhead, table.closing { width: 100%; font-size: 12.5pt; margin: 0 0 1.2em; }
table.letterhead td, table.closing td { border: 0; padding: 0 .3em; vertical-align: top; }
table.letterhead td { text-align: center; width: 42%; }
table.letterhead td.nation { width: 58%; }
.letterhead .parent-body { white-space: pre-line; }
.letterhead .agency, .letterhead .nation-name { font-weight: bold; }
.letterhead .motto { font-weight: bold; font-size: 13pt; display: inline-block;
  border-bottom: 1px solid #111; padding-bottom: 1px; }
.letterhead .rule { width: 35%; margin: 2px auto 0; border-top: 1px solid #111; }
.letterhead .number { padding-top: .6em; }
.letterhead .dated-place { font-style: italic; padding-top: .6em; }
h1.document-type { margin: .2em 0 0; }
p.abstract { text-align: center; font-weight: bold; margin: 0 0 .2em; font-size: 13pt; }
.abstract-rule { width: 25%; margin: 0 auto 1em; border-top: 1px solid #111; }
table.closing { margin-top: 2em; break-inside: avoid; page-break-inside: avoid; }
table.closing td.recipients { width: 50%; font-size: 11pt; }
table.closing .heading { font-weight: bold; font-style: italic; font-size: 12pt; }
table.closing td.signer { text-align: center; font-weight: bold; }
table.closing .signature { height: 5.5em; }
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
    if table.key == "agencies":
        # "Sở NN&PTNT Hà Nội (HN-NNPTNT)": the code is never broken at its hyphen.
        columns[0] = [
            _CODE_AT_END.sub(r'<span class="code">\1</span>', name) for name in columns[0]
        ]
    row = "<tr>" + "".join(cell("td", "%s", numeric) for numeric in table.numeric) + "</tr>"
    body = "\n".join([row % cells for cells in zip(*columns, strict=True)])
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


_CODE_AT_END = re.compile(r"(\([^()\s]+\))$")


def _escaped(cells: list[str]) -> list[str]:
    """`cells` through `escape`, unless none of them has a character it would change."""
    text = "".join(cells)
    if any(special in text for special in "&<>\"'"):
        return list(map(escape, cells))
    return cells


def _fields(report: StatusReport, labels: Labels) -> str:
    """The fields under the title: a row per field, its values stacked in one cell."""
    return "\n".join(
        f'<tr><th scope="row">{escape(label)}</th><td>'
        + "".join(f"<div>{escape(value)}</div>" for value in values)
        + "</td></tr>"
        for label, values in header_fields(report, labels)
    )


def _letterhead(report: StatusReport, labels: Labels, letterhead: Letterhead) -> str:
    """The official header (Nghị định 30/2020): issuer left, nation right; then the
    document type and the report's title as its summary (trích yếu)."""
    from tracker.reports.official_header import official_header

    head = official_header(letterhead, report.generated_at.date(), labels)
    parent = (
        ""
        if head.parent_body is None
        else f'<div class="parent-body">{escape(head.parent_body)}</div>'
    )
    return f"""<table class="letterhead">
<tr><td class="issuer">{parent}
<div class="agency">{escape(head.agency)}</div><div class="rule"></div></td>
<td class="nation"><div class="nation-name">{escape(head.nation)}</div>
<div class="motto">{escape(head.motto)}</div></td></tr>
<tr><td class="number">{escape(head.number)}</td>
<td class="dated-place">{escape(head.dated_place)}</td></tr>
</table>
<h1 class="document-type">{escape(labels.official.document_type)}</h1>
<p class="abstract">{escape(report_title(report, labels))}</p>
<div class="abstract-rule"></div>"""


def _closing(labels: Labels, letterhead: Letterhead) -> str:
    """Recipients (Nơi nhận) left; the signer's position, room to sign, and name right."""
    from tracker.reports.official_header import closing

    end = closing(letterhead, labels)
    recipients = "".join(f"<div>{escape(line)}</div>" for line in end.recipients)
    position = "".join(f"<div>{escape(line)}</div>" for line in end.position)
    return f"""<table class="closing">
<tr><td class="recipients"><div class="heading">{escape(end.recipients_heading)}</div>
{recipients}</td>
<td class="signer">{position}<div class="signature"></div>
<div class="signer-name">{escape(end.signer)}</div></td></tr>
</table>"""


def render(report: StatusReport, labels: Labels, letterhead: Letterhead | None = None) -> str:
    """The report as one self-contained HTML page; with a `letterhead` that gives any
    detail, headed and closed as an official report."""
    official = letterhead is not None and not letterhead.is_blank()
    title = f"{report_title(report, labels)} — {format_date(report.as_of)}"
    if official:
        assert letterhead is not None
        heading = _letterhead(report, labels, letterhead)
        end = _closing(labels, letterhead) + "\n"
    else:
        heading = f"<h1>{escape(report_title(report, labels))}</h1>"
        end = ""
    fields = _fields(report, labels)
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
{heading}
<table class="fields">
<tbody>
{fields}
</tbody>
</table>
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
{end}</body>
</html>
"""
