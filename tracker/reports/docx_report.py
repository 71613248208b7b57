"""The status report as an official Word document, laid out by Nghị định 30/2020/NĐ-CP.

A4 portrait, margins within the decree's ranges, Times New Roman: the issuing agency and
the Quốc hiệu side by side at the top, "BÁO CÁO" and its summary, the body in sections
I., 1., a) (the same counts, rates and tables the other renderers draw, from
tracker/reports/sections.py), the signature and "Nơi nhận:", then the task list as a
Phụ lục in a landscape section. Page numbers are centred in the top margin from page 2.

The department's details come in a `Letterhead`; each one nobody gave is a dotted blank
to fill by hand, never a guess. The tables are written as WordprocessingML text and parsed
once: python-docx's cell objects cost a millisecond a cell, and the phụ lục of 100,000
tasks has 800,000 cells.
"""

from __future__ import annotations

import io
import secrets
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date
from functools import cache
from typing import TypedDict, Unpack
from xml.sax.saxutils import escape

from docx import Document as new_document
from docx.document import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.text.font import CT_Fonts
from docx.section import Section
from docx.shared import Cm, Length, Mm, Pt, Twips
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from tracker.domain.dates import format_date
from tracker.domain.standing import Standing
from tracker.domain.vocabulary import capitalised
from tracker.interchange.sheet_columns import TASK_COLUMNS
from tracker.reports.labels import Labels
from tracker.reports.letterhead import Letterhead
from tracker.reports.model import StatusReport
from tracker.reports.official_header import closing, official_header
from tracker.reports.official_words import document_number
from tracker.reports.sections import (
    Table,
    header_fields,
    one_line,
    overview_rows,
    rate_lines,
    tables,
)

FONT = "Times New Roman"
# The decree's ranges: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
MARGIN_TOP = MARGIN_BOTTOM = 20
MARGIN_LEFT = 30
MARGIN_RIGHT = 15
A4_SHORT, A4_LONG = 210, 297
# The page number sits in the top margin, this far from the edge.
HEADER_DISTANCE = 10
BODY_PT = 14  # the decree: 13–14 pt
FIRST_LINE_INDENT = Cm(1.27)
TABLE_PT = 11  # the body's tables: nine columns must fit across a portrait page
APPENDIX_PT = 12
# The styles the document defines, by id (their names are the same).
BODY_STYLE = "ReportBody"
TABLE_STYLE = "ReportTable"
APPENDIX_STYLE = "ReportAppendix"

# Where each of sections.tables()'s tables goes: under I (the results) or II (the tasks to
# watch). A table added there later lands under I until it is placed here.
WATCH_TABLES = ("overdue", "extensions", "due_soon", "closed_recently")

# The phụ lục's columns (DOMAIN.md), with the task sheet's headings, and their widths in mm
# across a landscape page (297 − 30 − 15 = 252).
APPENDIX_COLUMNS = (
    ("number", 12),
    ("title", 74),
    ("lead", 28),
    ("partners", 36),
    ("due", 22),
    ("standing", 28),
    ("days_overdue", 18),
    ("notes", 34),
)
_HEADINGS = {column.key: column for column in TASK_COLUMNS}

_ROMAN = ("I", "II", "III", "IV", "V")
# A column whose cells are all this short (a number, a date, a code) is as wide as they are.
SHORT_CELL = 12
# A number column is as wide as this many characters at most ("100,00%", "2.432").
NUMBER_CHARS = 8


def render_bytes(report: StatusReport, labels: Labels, letterhead: Letterhead) -> bytes:
    """The report as a .docx file's bytes, in `labels`' language, issued by `letterhead`."""
    document = new_document()
    _set_up_styles(document)
    _set_properties(document, report, labels)
    first = document.sections[0]
    _portrait(first)
    _number_pages(first)
    signed = report.generated_at.date()
    number = document_number(letterhead.number, letterhead.symbol)
    _letterhead_block(document, letterhead, labels, signed)
    _title(document, report, labels)
    splicer = _Splicer()
    _body(document, report, labels, splicer)
    _signature_block(document, letterhead, labels)
    _appendix(document, report, labels, number, format_date(signed), splicer)
    return splicer.saved(document)


# Page set-up and styles ---------------------------------------------------------------


def _portrait(section: Section) -> None:
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Mm(A4_SHORT)
    section.page_height = Mm(A4_LONG)
    _margins(section)


def _landscape(section: Section) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width = Mm(A4_LONG)
    section.page_height = Mm(A4_SHORT)
    _margins(section)


def _margins(section: Section) -> None:
    section.top_margin = Mm(MARGIN_TOP)
    section.bottom_margin = Mm(MARGIN_BOTTOM)
    section.left_margin = Mm(MARGIN_LEFT)
    section.right_margin = Mm(MARGIN_RIGHT)
    section.header_distance = Mm(HEADER_DISTANCE)
    section.footer_distance = Mm(HEADER_DISTANCE)


def _text_width_mm(section: Section) -> float:
    width = section.page_width or Mm(A4_SHORT)
    left = section.left_margin or 0
    right = section.right_margin or 0
    return float(Length(width - left - right).mm)


def _set_up_styles(document: Document) -> None:
    """Times New Roman everywhere (Vietnamese letters are not all "ASCII" to Word: the
    east-Asian and complex-script slots name it too); a plain Normal, and the body's
    justified paragraphs with their first-line indent."""
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        for fonts in defaults.iter(qn("w:rFonts")):
            for name in list(fonts.attrib):
                del fonts.attrib[name]
            _name_font(fonts)
        for spacing in defaults.iter(qn("w:spacing")):
            spacing.set(qn("w:after"), "0")
            spacing.set(qn("w:line"), "240")
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    _name_font(normal.element.get_or_add_rPr().get_or_add_rFonts())
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    body = styles.add_style(BODY_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    body.base_style = normal
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body.paragraph_format.first_line_indent = FIRST_LINE_INDENT
    body.paragraph_format.space_before = Pt(6)  # the decree: at least 6 pt between paragraphs
    body.paragraph_format.line_spacing = 1.1
    for style_id, size in ((TABLE_STYLE, TABLE_PT), (APPENDIX_STYLE, APPENDIX_PT)):
        cell = styles.add_style(style_id, WD_STYLE_TYPE.PARAGRAPH)
        cell.base_style = normal
        cell.font.size = Pt(size)
        cell.paragraph_format.space_before = Pt(1)
        cell.paragraph_format.space_after = Pt(1)


def _name_font(fonts: CT_Fonts) -> None:
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)


def _set_properties(document: Document, report: StatusReport, labels: Labels) -> None:
    """Title, language and dates of the file itself; nobody's name (python-docx's default
    author would be a lie)."""
    properties = document.core_properties
    properties.title = _summary(report, labels)
    properties.author = ""
    properties.last_modified_by = ""
    properties.language = "vi-VN" if labels.lang == "vi" else "en-GB"
    stamp = report.generated_at
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=UTC)
    properties.created = properties.modified = stamp.astimezone(UTC).replace(tzinfo=None)
    properties.revision = 1


def _number_pages(section: Section) -> None:
    """The page number centred in the top margin, from page 2 on: the first page has a
    header of its own, left empty."""
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = ""
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = (
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r {nsdecls('w')}><w:t>2</w:t></w:r>"
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>'
    )
    for run in parse_xml(f"<w:p {nsdecls('w')}>{field}</w:p>"):
        paragraph._p.append(run)
    for run in paragraph.runs:
        run.font.size = Pt(13)


# Paragraphs ---------------------------------------------------------------------------


class Look(TypedDict, total=False):
    """How a run of text looks and where its paragraph sits: what `_write` can be told."""

    size: float
    bold: bool
    italic: bool
    underline: bool
    align: WD_ALIGN_PARAGRAPH
    before: float  # points of space above the paragraph
    after: float  # and below it


def _write(paragraph: Paragraph, text: str, **look: Unpack[Look]) -> Paragraph:
    """Add `text` to `paragraph` as one run looking as `look` says."""
    size, align = look.get("size"), look.get("align")
    before, after = look.get("before"), look.get("after")
    run = paragraph.add_run(text)
    if size is not None:
        run.font.size = Pt(size)
    run.bold = look.get("bold") or None
    run.italic = look.get("italic") or None
    run.underline = look.get("underline") or None
    if align is not None:
        paragraph.alignment = align
    if before is not None:
        paragraph.paragraph_format.space_before = Pt(before)
    if after is not None:
        paragraph.paragraph_format.space_after = Pt(after)
    return paragraph


def _cell_line(cell: _Cell, text: str, first: bool = False, **look: Unpack[Look]) -> Paragraph:
    """A centred line in a header cell; the cell's own empty paragraph takes the first."""
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return _write(paragraph, text, **look)


def _rule(cell: _Cell, cell_mm: float, rule_mm: float) -> None:
    """A short solid line centred under the line above (under the agency's name)."""
    paragraph = cell.add_paragraph()
    margin = Mm(max((cell_mm - rule_mm) / 2, 0))
    paragraph.paragraph_format.left_indent = margin
    paragraph.paragraph_format.right_indent = margin
    paragraph.paragraph_format.line_spacing = Pt(2)
    borders = parse_xml(
        f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="6" w:space="1" '
        'w:color="000000"/></w:pBdr>'
    )
    paragraph._p.get_or_add_pPr().insert_element_before(
        borders, "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc"
    )


def _body_paragraph(document: Document, text: str = "", **look: Unpack[Look]) -> Paragraph:
    paragraph = document.add_paragraph(style=BODY_STYLE)
    if text:
        _write(paragraph, text, **look)
    return paragraph


# The header, the title ----------------------------------------------------------------


def _letterhead_block(
    document: Document,
    letterhead: Letterhead,
    labels: Labels,
    signed: date,
) -> None:
    """The agency (left) and the Quốc hiệu (right), side by side in a borderless table."""
    width = _text_width_mm(document.sections[0])
    left_mm, right_mm = width * 0.4, width * 0.6
    left, right = _layout_table(document, (left_mm, right_mm))
    head = official_header(letterhead, signed, labels)
    if head.parent_body is not None:
        _cell_line(left, head.parent_body, first=True, size=13)
    _cell_line(left, head.agency, first=head.parent_body is None, size=13, bold=True)
    _rule(left, left_mm, min(30.0, left_mm / 2))
    _cell_line(left, head.number, size=13, before=4)
    _cell_line(right, head.nation, first=True, size=12, bold=True)
    _cell_line(right, head.motto, size=13, bold=True, underline=True)
    _cell_line(right, head.dated_place, size=14, italic=True, before=10)


def _summary(report: StatusReport, labels: Labels) -> str:
    words = labels.official
    if report.period is not None:
        period = report.period.period
        return words.summary_period.format(
            period=period.words(labels.lang),
            start=format_date(period.start),
            end=format_date(period.end),
        )
    return words.summary.format(date=format_date(report.as_of))


def _title(document: Document, report: StatusReport, labels: Labels) -> None:
    """ "BÁO CÁO" and its summary (trích yếu), centred and bold."""
    title = document.add_paragraph()
    _write(
        title,
        labels.official.document_type,
        size=BODY_PT,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        before=24,
    )
    summary = document.add_paragraph()
    _write(
        summary,
        _summary(report, labels),
        size=BODY_PT,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        after=12,
    )


# The body -----------------------------------------------------------------------------


def _body(document: Document, report: StatusReport, labels: Labels, splicer: _Splicer) -> None:
    """What the report covers, then I. the results and II. the tasks to watch."""
    words = labels.official
    as_of = format_date(report.as_of)
    for label, values in header_fields(report, labels)[:3]:  # agreements, meetings, scope
        paragraph = _body_paragraph(document)
        _write(paragraph, f"{label}: ", italic=True)
        _write(paragraph, "; ".join(values) + ".")
    _body_paragraph(document, words.introduction.format(date=as_of))

    results: list[Table] = []
    watch: list[Table] = []
    for table in tables(report, labels):
        (watch if table.key in WATCH_TABLES else results).append(table)

    _heading(document, f"{_ROMAN[0]}. {words.results}")
    _heading(document, f"1. {words.counts}")
    rows = overview_rows(report, labels)
    total, standings, due_soon = rows[0], rows[1:-1], rows[-1]
    _body_paragraph(document, words.total_line.format(count=total[2]))
    for place, (_, label, count) in enumerate(standings):
        end = "." if place == len(standings) - 1 else ";"
        _body_paragraph(document, f"- {label}: {count}{end}")
    _body_paragraph(document, f"{due_soon[1]}: {due_soon[2]}.")

    _heading(document, f"2. {words.rates}")
    for letter, rate in zip("abcdefgh", rate_lines(report.totals, labels), strict=False):
        paragraph = _body_paragraph(document)
        _write(paragraph, f"{letter}) {rate.label}: ")
        _write(paragraph, rate.value, bold=True)
        _write(paragraph, f" = {rate.formula} = {rate.numbers}.")
    for number, table in enumerate(results, start=3):
        _table_section(document, f"{number}. {table.title}", table, splicer)

    _heading(document, f"{_ROMAN[1]}. {words.attention}")
    for number, table in enumerate(watch, start=1):
        _table_section(document, f"{number}. {table.title}", table, splicer)

    closing = _body_paragraph(document, words.closing.format(date=as_of), before=12)
    # The last paragraph goes over the page with the signature, never without it.
    closing.paragraph_format.keep_with_next = True


def _heading(document: Document, text: str) -> None:
    paragraph = _body_paragraph(document, text, bold=True)
    paragraph.paragraph_format.keep_with_next = True


def _table_section(document: Document, heading: str, table: Table, splicer: _Splicer) -> None:
    _heading(document, heading)
    if not table.rows:
        _body_paragraph(document, table.empty)
        return
    width = _text_width_mm(document.sections[-1])
    widths = _column_widths(table, width)
    aligns = ["right" if numeric else "" for numeric in table.numeric]
    splicer.add(document, table.header, table.rows, widths, aligns, TABLE_STYLE)


def _column_widths(table: Table, width_mm: float) -> list[float]:
    """Widths in mm that fit `width_mm`: short columns (numbers, dates, codes) as wide as
    their longest cell, the text columns sharing the rest by how long they run."""
    sample = table.rows[:200]
    # At the tables' size a Times New Roman character is about 2 mm wide on average, a bold
    # one in the heading a little more; the cell's margins add 2 mm.
    char_mm, bold_mm, padding = 2.0, 2.1, 3.0
    widths: list[float] = []
    flexible: dict[int, float] = {}
    for column, heading in enumerate(table.header):
        word = max((len(word) for word in heading.split()), default=1) * bold_mm + padding
        cells = [len(row[column]) for row in sample]
        longest = max(cells, default=0)
        if table.numeric[column]:
            # A rate's "không áp dụng" may wrap rather than widen its column.
            widths.append(max(word, min(longest, NUMBER_CHARS) * char_mm + padding))
        elif longest <= SHORT_CELL:
            widths.append(max(word, longest * char_mm + padding))
        else:
            widths.append(word)
            flexible[column] = sum(cells) / len(cells)
    # The column of the longest text (the task's title) may run to twice the others.
    wordiest = max(flexible, key=flexible.__getitem__, default=None)
    for column, average in flexible.items():
        cap = 60 if column == wordiest else 30
        flexible[column] = max(widths[column], min(max(average, 8), cap) * char_mm)
    room = width_mm - sum(widths[column] for column in range(len(widths)) if column not in flexible)
    floor = sum(widths[column] for column in flexible)  # each heading's longest word
    if flexible and room >= floor:
        # The text columns share what the short ones leave, each by how long it runs but
        # never narrower than its heading's longest word.
        wanted = sum(flexible.values())
        for column, mm in flexible.items():
            widths[column] += (room - floor) * mm / wanted
        return widths
    total = sum(widths)
    return [mm * width_mm / total for mm in widths]


# Tables as WordprocessingML -----------------------------------------------------------

_TWIPS_PER_MM = 1440 / 25.4
_BORDER = '<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
_NO_BORDER = '<w:{side} w:val="nil"/>'
_SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")


def _layout_table(document: Document, widths_mm: Sequence[float]) -> tuple[_Cell, ...]:
    """A one-row borderless table of fixed column widths (the header, the signature), and
    its cells: Word and LibreOffice read the widths from the grid, not from the cells."""
    table = document.add_table(rows=1, cols=len(widths_mm))
    table.autofit = False
    twips = [round(mm * _TWIPS_PER_MM) for mm in widths_mm]
    tbl = table._tbl
    for column, width in zip(tbl.tblGrid.gridCol_lst, twips, strict=True):
        column.w = Twips(width)
    borders = parse_xml(
        f"<w:tblBorders {nsdecls('w')}>"
        + "".join(_NO_BORDER.format(side=side) for side in _SIDES)
        + "</w:tblBorders>"
    )
    tbl.tblPr.append(borders)
    tbl.tblPr.append(parse_xml(f'<w:tblW {nsdecls("w")} w:w="{sum(twips)}" w:type="dxa"/>'))
    cells = tuple(table.rows[0].cells)
    for cell, mm in zip(cells, widths_mm, strict=True):
        cell.width = Mm(mm)
    return cells


class _Splicer:
    """The big tables, kept as WordprocessingML text and put into the saved file in place
    of a marker paragraph each.

    Made into lxml elements and moved into the document, the phụ lục of 10,000 tasks took
    7 s and 300 MB (lxml re-homes every node it moves between trees); as UTF-8 text
    written straight into the saved file's document.xml, it takes a sixth of that. The
    text is kept a row at a time and never joined, so memory stays near its own size.
    """

    def __init__(self) -> None:
        # Unguessable, so that no task title can be mistaken for a marker.
        self._prefix = f"tracker-table-{secrets.token_hex(8)}-"
        self.tables: dict[str, list[bytes]] = {}

    def add(
        self,
        document: Document,
        header: Sequence[str],
        rows: Iterable[Sequence[str]],
        widths_mm: Sequence[float],
        aligns: Sequence[str],
        style: str,
    ) -> None:
        """A bordered table whose heading row repeats on every page, appended to the body."""
        twips = [round(mm * _TWIPS_PER_MM) for mm in widths_mm]
        marker = f"{self._prefix}{len(self.tables)}"
        xml = _table_xml(header, rows, twips, aligns, style)
        self.tables[marker] = [part.encode("utf-8") for part in xml]
        document.add_paragraph().add_run(marker)
        # A table must not be the last thing before a section break or the document's end.
        document.add_paragraph()

    def saved(self, document: Document) -> bytes:
        """The document saved as a .docx file's bytes, with the tables in their places."""
        plain = io.BytesIO()
        document.save(plain)
        out = io.BytesIO()
        with (
            zipfile.ZipFile(plain) as source,
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
        ):
            for member in source.infolist():
                content = source.read(member)
                member.compress_type = zipfile.ZIP_DEFLATED
                if member.filename != "word/document.xml":
                    target.writestr(member, content)
                    continue
                with target.open(member, "w") as stream:
                    for piece in self._spliced(content.decode("utf-8")):
                        stream.write(piece)
        return out.getvalue()

    def _spliced(self, xml: str) -> Iterator[bytes]:
        """document.xml in pieces, each marker's paragraph replaced by its table."""
        done = 0
        for marker, table in self.tables.items():
            at = xml.index(marker, done)
            start = xml.rindex("<w:p>", done, at)
            yield xml[done:start].encode("utf-8")
            yield from table
            done = xml.index("</w:p>", at) + len("</w:p>")
        yield xml[done:].encode("utf-8")


def _table_xml(
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    twips: Sequence[int],
    aligns: Sequence[str],
    style: str,
) -> Iterator[str]:
    """The table's XML in pieces; `aligns` gives each column's "right", "center" or ""
    (left)."""
    yield (
        "<w:tbl><w:tblPr>"
        f'<w:tblW w:w="{sum(twips)}" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders>'
        + "".join(_BORDER.format(side=side) for side in _SIDES)
        + '</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar>'
        '<w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
        "</w:tblPr><w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in twips) + "</w:tblGrid>"
    )
    # Each column's cell is one %-format: the rows differ only in their text.
    heading_cells = "".join(
        f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
        f'<w:p><w:pPr><w:pStyle w:val="{style}"/><w:jc w:val="center"/></w:pPr>'
        f'<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'
        "</w:tc>"
        for w, text in zip(twips, header, strict=True)
    )
    yield ("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" + heading_cells + "</w:tr>")
    row = (
        "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
        + "".join(
            f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>'
            f'<w:p><w:pPr><w:pStyle w:val="{style}"/>'
            + (f'<w:jc w:val="{align}"/>' if align else "")
            + '</w:pPr><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p></w:tc>'
            for w, align in zip(twips, aligns, strict=True)
        )
        + "</w:tr>"
    )
    for cells in rows:
        yield row % tuple(map(escape, cells))
    yield "</w:tbl>"


# The signature, the recipients --------------------------------------------------------


def _signature_block(document: Document, letterhead: Letterhead, labels: Labels) -> None:
    """ "Nơi nhận:" with its lines (left) beside the signer's position and name (right)."""
    width = _text_width_mm(document.sections[0])
    left_mm, right_mm = width * 0.45, width * 0.55
    left, right = _layout_table(document, (left_mm, right_mm))

    end = closing(letterhead, labels)
    _write(left.paragraphs[0], end.recipients_heading, size=12, bold=True, italic=True, before=12)
    for line in end.recipients:
        _write(left.add_paragraph(), line, size=11)
    for place, line in enumerate(end.position):
        _cell_line(right, line, first=place == 0, size=BODY_PT, bold=True, before=12 * (not place))
    # Room for the signature and the seal.
    _cell_line(right, end.signer, size=BODY_PT, bold=True, before=72)


# The appendix -------------------------------------------------------------------------


def _appendix(
    document: Document,
    report: StatusReport,
    labels: Labels,
    number: str,
    signed: str,
    splicer: _Splicer,
) -> None:
    """The task list as a Phụ lục with its own title, on landscape pages."""
    words = labels.official
    section = document.add_section(WD_SECTION.NEW_PAGE)
    _landscape(section)
    # The copy of the first section's settings would hide the number on this first page.
    section.different_first_page_header_footer = False
    centred = WD_ALIGN_PARAGRAPH.CENTER
    _write(document.add_paragraph(), words.appendix, bold=True, align=centred)
    _write(document.add_paragraph(), words.appendix_title, bold=True, align=centred)
    _write(
        document.add_paragraph(),
        words.attached_to.format(number=number, date=signed),
        italic=True,
        align=centred,
        after=12,
    )
    header = tuple(_heading_of(key, labels.lang) for key, _ in APPENDIX_COLUMNS)
    widths = [mm for _, mm in APPENDIX_COLUMNS]
    aligns = ("center", "", "", "", "center", "", "right", "")
    splicer.add(document, header, appendix_rows(report, labels), widths, aligns, APPENDIX_STYLE)


def _heading_of(key: str, lang: str) -> str:
    column = _HEADINGS[key]
    return column.vi if lang == "vi" else column.en


def appendix_rows(report: StatusReport, labels: Labels) -> Iterator[tuple[str, ...]]:
    """One row per task of the report, in id order: the phụ lục's eight cells."""
    words = labels.official
    first_deadlines = {item.task.id: item.original for item in report.extended}
    as_of = report.as_of

    @cache
    def lead(code: str) -> str:
        return one_line(report.short_name(code))

    @cache
    def partners(codes: tuple[str, ...]) -> str:
        return one_line(", ".join(report.short_name(code) for code in codes))

    @cache
    def day(when: date | None) -> str:
        return format_date(when) if when else "—"

    for number, (task, standing) in enumerate(report.tasks, start=1):
        late = ""
        if standing is Standing.OPEN_OVERDUE and task.due is not None:
            late = labels.number((as_of - task.due).days)
        elif standing is Standing.DONE_LATE and task.due and task.closed_on:
            late = labels.number((task.closed_on - task.due).days)
        notes = [words.task_number.format(id=task.id)]
        if task.closed_on is not None and task.is_closed and task.closed_on <= as_of:
            notes.append(words.closed_on.format(date=day(task.closed_on)))
        if task.id in first_deadlines:
            notes.append(words.extended_from.format(date=day(first_deadlines[task.id])))
        yield (
            labels.number(number),
            one_line(task.title),
            lead(task.lead),
            partners(task.partners),
            day(task.due),
            capitalised(labels.standing(standing)),
            late,
            "; ".join(notes),
        )
