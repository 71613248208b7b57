"""Excel workbooks written one way: typed cells, a bold frozen header, filters, fitting widths.

The task sheet (`export`, `list --format xlsx`) and the report's sheets are written here,
with XlsxWriter (pyproject.toml says why it and not openpyxl). What every sheet holds to:

- a cell's type is its value's: text is always a string, never a formula (a title
  "=1+1" is stored as the text "=1+1", with Excel's quote prefix so that editing the cell
  keeps it text); numbers are numbers; dates are dates shown dd/mm/yyyy; a `Percent` is
  a fraction (0.7916) shown as a percentage (79.16%);
- control characters in stored text are made visible as everywhere else
  (tracker/domain/safe_text.py); line breaks and tabs are kept;
- a table sheet has one bold header row, frozen, with an auto filter over its rows, and
  each column as wide as its longest cell, within `WIDEST`.

XlsxWriter is imported only by the commands that write a workbook.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from tracker.domain.safe_text import FORMULA_STARTS, spreadsheet_safe, visible_lines

if TYPE_CHECKING:
    from xlsxwriter.format import Format
    from xlsxwriter.workbook import Workbook as XlsxBook
    from xlsxwriter.worksheet import Worksheet

DATE_FORMAT = "dd/mm/yyyy"
MOMENT_FORMAT = "dd/mm/yyyy hh:mm"
PERCENT_FORMAT = "0.00%"
# Column widths in characters: wide enough for a title, never so wide that a long
# description pushes every other column off the screen (its cell is cut, not lost).
WIDEST = 60
NARROWEST = 6
# A line of text in the default font, in points, and the tallest row Excel allows.
LINE_HEIGHT = 15
TALLEST_ROW = 409
# The header's filter button covers about two characters of its heading.
FILTER_BUTTON = 2

# A cell's value: text, a whole or decimal number, a day, a moment, a Percent, or empty.
Cell = str | int | float | date | datetime | None


class Percent(float):
    """A rate as a fraction (0.7916), written as a number shown as a percentage."""

    __slots__ = ()


class _Quoted(str):
    """Text that starts like a formula, written with Excel's quote prefix."""

    __slots__ = ()


class SheetColumn(NamedTuple):
    """A column of a table sheet: its heading, and the kind of value its cells hold."""

    heading: str
    # "text", "lines" (text that may hold line breaks: wrapped), "number", "date", "percent"
    kind: str = "text"


class Sheet:
    """A free-form sheet written top to bottom: a title, label and value rows, small tables.

    Used for a report's summary; each cell's type is its value's, and columns are made
    as wide as their widest cell when the workbook is closed.
    """

    def __init__(self, book: Workbook, worksheet: Worksheet) -> None:
        self._book = book
        self._sheet = worksheet
        self._next_row = 0
        self._widths: dict[int, int] = {}

    def title(self, text: str) -> None:
        """A title line in large bold type."""
        self._sheet.write_string(self._next_row, 0, _text(text), self._book.formats["title"])
        self._sheet.set_row(self._next_row, 22)
        self._next_row += 1

    def row(self, cells: Sequence[Cell], *, bold: bool = False, spill: bool = False) -> None:
        """One row of cells from the first column; `bold` for a table's heading row;
        `spill`: the last cell is text that may run on over the empty cells to its right,
        and does not widen its column."""
        self._write(cells, bold=bold, spill=spill)

    def _write(self, cells: Sequence[Cell], *, bold: bool, spill: bool) -> None:
        row = [_safe_cell(cell) for cell in cells]
        if bold:
            formats = self._book.formats
            for column, cell in enumerate(row):
                if isinstance(cell, _Quoted):  # its own handler would drop the bold
                    self._sheet.write_string(
                        self._next_row, column, str(cell), formats["bold_quoted"]
                    )
                else:
                    self._sheet.write(self._next_row, column, cell, formats["bold"])
        else:
            self._sheet.write_row(self._next_row, 0, row)
        for column, cell in enumerate(row[:-1] if spill else row):
            width = _width(cell)
            if width > self._widths.get(column, 0):
                self._widths[column] = width
        self._next_row += 1

    def field(self, label: str, value: Cell) -> None:
        """A label and its value; a long value runs on over the empty cells to its right
        rather than widening its column (the counts and rates below share it)."""
        self._write([label or None, value], bold=False, spill=isinstance(value, str))

    def skip(self) -> None:
        """An empty row between two blocks."""
        self._next_row += 1

    def fit_columns(self) -> None:
        """Make each column as wide as its widest cell, within WIDEST."""
        for column, width in self._widths.items():
            self._sheet.set_column(column, column, _column_width(width))


class Workbook:
    """An .xlsx being written sheet by sheet; `content()` closes it and gives its bytes."""

    def __init__(self) -> None:
        import xlsxwriter

        self._out = io.BytesIO()
        self._book: XlsxBook = xlsxwriter.Workbook(
            self._out,
            {
                # Text stays text: XlsxWriter would otherwise make "=..." a formula, "123" a
                # number and "http://..." a link.
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
                # Rows go to a temporary file as they are written, not kept in memory: a
                # sheet of 100,000 tasks costs a few MB (bench/RESULTS.md, issue 16).
                "constant_memory": True,
            },
        )
        self.formats: dict[str, Format] = {
            "bold": self._book.add_format({"bold": True}),
            "title": self._book.add_format({"bold": True, "font_size": 14}),
            "date": self._book.add_format({"num_format": DATE_FORMAT}),
            "moment": self._book.add_format({"num_format": MOMENT_FORMAT}),
            "percent": self._book.add_format({"num_format": PERCENT_FORMAT}),
            "quoted": self._book.add_format({"quote_prefix": True}),
            "bold_quoted": self._book.add_format({"quote_prefix": True, "bold": True}),
            # A table's columns: every cell at the top of its row, since a row grows with
            # its wrapped text.
            "column_text": self._book.add_format({"valign": "top"}),
            "column_number": self._book.add_format({"valign": "top"}),
            "column_lines": self._book.add_format({"text_wrap": True, "valign": "top"}),
            "column_date": self._book.add_format({"num_format": DATE_FORMAT, "valign": "top"}),
            "column_percent": self._book.add_format(
                {"num_format": PERCENT_FORMAT, "valign": "top"}
            ),
        }
        self._free_sheets: list[Sheet] = []

    def _worksheet(self, title: str) -> Worksheet:
        worksheet = self._book.add_worksheet(title)
        formats = self.formats
        # Values of our own types are written with their format, whatever the column's.
        worksheet.add_write_handler(Percent, _write_with(formats["percent"]))
        worksheet.add_write_handler(_Quoted, _write_quoted(formats["quoted"]))
        worksheet.add_write_handler(datetime, _write_with(formats["moment"]))
        return worksheet

    def sheet(self, title: str) -> Sheet:
        """A new free-form sheet named `title` (at most 31 characters, Excel's limit)."""
        worksheet = self._worksheet(title)
        # A table's dates take their column's format; here each date carries its own.
        worksheet.add_write_handler(date, _write_with(self.formats["date"]))
        _for_printing(worksheet, landscape=False)
        sheet = Sheet(self, worksheet)
        self._free_sheets.append(sheet)
        return sheet

    def table(
        self, title: str, columns: Sequence[SheetColumn], rows: Iterable[Sequence[Cell]]
    ) -> None:
        """A sheet named `title`: a bold frozen header of `columns`, then `rows` under an
        auto filter, each column as wide as its longest cell."""
        worksheet = self._worksheet(title)
        # One column at a time: checking a column of 100,000 texts at C speed (is any
        # unprintable? does any start like a formula?) costs far less than a look at
        # each cell, and nearly always finds nothing to change.
        by_column = [list(column) for column in zip(*rows, strict=True)] or [[] for _ in columns]
        widths = []
        for index, column in enumerate(by_column):
            kind = columns[index].kind
            if kind in ("text", "lines"):
                by_column[index] = column = _safe_texts(column)
            widths.append(max(_column_widths(column, kind), default=0))
        formats = self.formats
        bold = formats["bold"]
        count = len(by_column[0]) if by_column else 0
        line_counts = [1] * count  # how many lines each row's wrapped text takes
        for index, column_spec in enumerate(columns):
            heading_width = len(column_spec.heading) + FILTER_BUTTON
            widest = max(widths[index], heading_width)
            kind = column_spec.kind
            if kind == "text" and widest > WIDEST:
                kind = "lines"  # wrapped in its capped width rather than cut
            width = _column_width(widest)
            worksheet.set_column(index, index, width, formats["column_" + kind])
            if kind == "lines":
                for number, lines in enumerate(_line_counts(by_column[index], width)):
                    if lines > line_counts[number]:
                        line_counts[number] = lines
        worksheet.freeze_panes(1, 0)
        _for_printing(worksheet, landscape=True)
        worksheet.repeat_rows(0)  # the header on every printed page
        worksheet.autofilter(0, 0, count, len(columns) - 1)
        worksheet.write_row(0, 0, [_text(column.heading) for column in columns], bold)
        write_row = worksheet.write_row
        set_row = worksheet.set_row
        for number, (row, lines) in enumerate(
            zip(zip(*by_column, strict=True), line_counts, strict=True), start=1
        ):
            if lines > 1:
                # Set here, not left to the program that opens the file: LibreOffice
                # keeps a row one line high and the wrapped lines run over the next rows.
                set_row(number, min(lines * LINE_HEIGHT, TALLEST_ROW))
            write_row(number, 0, row)

    def content(self) -> bytes:
        """Close the workbook: its bytes, as an .xlsx file holds them."""
        for sheet in self._free_sheets:
            sheet.fit_columns()
        self._book.close()
        return self._out.getvalue()


def _for_printing(worksheet: Worksheet, *, landscape: bool) -> None:
    """Print on A4, as offices do, every column on one page's width (as many pages down
    as it takes): a printed list split across pages by columns cannot be read."""
    worksheet.set_paper(9)  # A4
    if landscape:
        worksheet.set_landscape()
    worksheet.fit_to_pages(1, 0)


def _write_with(cell_format: Format) -> Any:
    """A write handler that writes a number or moment with `cell_format`."""

    def write(worksheet: Worksheet, row: int, column: int, value: Any, *_args: Any) -> int | None:
        if isinstance(value, date):
            return worksheet.write_datetime(row, column, value, cell_format)  # type: ignore[no-any-return]
        return worksheet.write_number(row, column, value, cell_format)  # type: ignore[no-any-return]

    return write


def _write_quoted(cell_format: Format) -> Any:
    """A write handler that writes formula-like text as a string with the quote prefix."""

    def write(worksheet: Worksheet, row: int, column: int, value: str, *_args: Any) -> int | None:
        return worksheet.write_string(row, column, str(value), cell_format)  # type: ignore[no-any-return]

    return write


def _text(text: str) -> str:
    """Stored text as a cell shows it: control characters visible, line breaks kept."""
    return visible_lines(text)


def _safe_cell(cell: Cell) -> Cell:
    """A cell of a free-form sheet: text made visible and quoted if it looks like a formula."""
    if isinstance(cell, str):
        shown = visible_lines(cell)
        # Text that starts like a formula gets Excel's quote prefix (safe_text's rule).
        return _Quoted(shown) if shown.startswith(FORMULA_STARTS) else shown
    return cell


def _safe_texts(column: list[Any]) -> list[Any]:
    """A text column with control characters shown and formula-like text quoted; the same
    list when nothing needs it (the usual case, found out at C speed)."""
    if spreadsheet_safe(text for text in column if text):
        return column
    return [None if text is None else _safe_cell(text) for text in column]


def _width(cell: Cell) -> int:
    """How many characters `cell` shows: its longest line for text."""
    if cell is None:
        return 0
    if isinstance(cell, str):
        return max(map(len, cell.split("\n"))) if "\n" in cell else len(cell)
    if isinstance(cell, datetime):
        return len(MOMENT_FORMAT)
    if isinstance(cell, date):
        return len(DATE_FORMAT)
    if isinstance(cell, Percent):
        return len("100.00%")
    return len(str(cell))


def _column_widths(column: list[Any], kind: str) -> Iterable[int]:
    """The width of each cell of a column of `kind`, computed in bulk where it can be."""
    if kind == "date":
        return [len(DATE_FORMAT)] if any(column) else []
    if kind == "text":
        return map(len, filter(None, column))
    return map(_width, column)


def _line_counts(column: list[Any], width: int) -> Iterator[int]:
    """How many lines each text of a wrapped column `width` characters wide takes."""
    per_line = max(1, width - 1)
    for text in column:
        if not text or (len(text) <= per_line and "\n" not in text):
            yield 1
        else:
            yield sum(max(1, -(-len(line) // per_line)) for line in text.split("\n"))


def _column_width(characters: int) -> int:
    """A column's width for cells of `characters` characters, within the bounds."""
    return max(NARROWEST, min(characters, WIDEST) + 1)
