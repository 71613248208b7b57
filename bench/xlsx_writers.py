"""openpyxl or XlsxWriter for the task workbook? Time and peak memory of each at N tasks.

Each library writes the same sheet as `tracker export --format xlsx`'s "Tasks" sheet: 18
columns (numbers, text, two date columns shown dd/mm/yyyy), a bold frozen header row, an
auto filter and column widths, every text cell a string (never a formula). Each way of
writing runs in a fresh process, so that its peak RSS is its own; the rows are built before
the clock starts, and the figures are for writing them into an .xlsx held in memory (the
bytes the tracker then saves atomically).

    .venv/bin/python -m bench.xlsx_writers                 # 10,000 and 100,000 tasks
    .venv/bin/python -m bench.xlsx_writers --sizes 100000 --runs 5

XlsxWriter is a dependency of the tracker (pyproject.toml says why); openpyxl too, as
the reader of `tracker import tasks.xlsx`.
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import statistics
import subprocess
import sys
import time
from datetime import date
from typing import Any

from bench.generate import generate

WAYS = {
    "openpyxl": "openpyxl, a normal workbook",
    "openpyxl-write-only": "openpyxl, write_only=True (streamed rows)",
    "xlsxwriter": "XlsxWriter, default (cells kept per row in memory)",
    "xlsxwriter-constant-memory": "XlsxWriter, constant_memory=True (rows streamed to a temp file)",
}
HEADER = (
    "STT",
    "Nội dung nhiệm vụ",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời hạn",
    "Trạng thái",
    "Tình hình thực hiện",
    "Số ngày quá hạn",
    "Ngày hoàn thành",
    "Kết quả",
    "Cuộc họp",
    "Lĩnh vực",
    "Văn bản giao",
    "Lãnh đạo chỉ đạo",
    "Nhiệm vụ cha",
    "Mô tả",
    "Ghi chú",
    "UUID",
)
DATE_COLUMNS = (4, 8)
DATE_FORMAT = "dd/mm/yyyy"
WIDEST = 60
TODAY = date(2026, 11, 27)


def task_rows(count: int) -> list[list[Any]]:
    """The generated tasks as the rows of a task sheet: ints, strings, dates and None."""
    rows = []
    for number, task in enumerate(generate(count)["tasks"], start=1):
        due = date.fromisoformat(task["due"]) if task["due"] else None
        closed = date.fromisoformat(task["closed_on"]) if task["closed_on"] else None
        late = (TODAY - due).days if due and not closed and due < TODAY else None
        rows.append(
            [
                number,
                task["title"],
                task["lead"],
                "; ".join(task["partners"]),
                due,
                task["status"],
                "quá hạn" if late else "đang thực hiện trong hạn",
                late,
                closed,
                task["outcome"],
                task["meeting"],
                task["area"],
                None,
                None,
                None,
                task["description"] or None,
                task["history"][-1]["text"] if task["history"] else None,
                task["uuid"],
            ]
        )
    return rows


def widths(rows: list[list[Any]]) -> list[float]:
    """Each column as wide as its longest text, capped (the same pass the tracker makes)."""
    found = [len(text) for text in HEADER]
    for row in rows:
        for index, value in enumerate(row):
            if isinstance(value, str) and len(value) > found[index]:
                found[index] = len(value)
    return [min(width, WIDEST) + 2 for width in found]


def with_openpyxl(rows: list[list[Any]], write_only: bool) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=write_only)
    sheet = book.create_sheet("Nhiệm vụ") if write_only else book.active
    assert sheet is not None
    sheet.title = "Nhiệm vụ"
    for index, width in enumerate(widths(rows), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    last = f"{get_column_letter(len(HEADER))}{len(rows) + 1}"
    sheet.auto_filter.ref = f"A1:{last}"
    bold = Font(bold=True)
    if write_only:
        header = []
        for text in HEADER:
            cell = WriteOnlyCell(sheet, value=text)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in rows:
            cells: list[Any] = list(row)
            for index in DATE_COLUMNS:
                if row[index] is not None:
                    cell = WriteOnlyCell(sheet, value=row[index])
                    cell.number_format = DATE_FORMAT
                    cells[index] = cell
            for index, value in enumerate(row):
                # openpyxl reads "=..." as a formula: a text cell is told it is a string.
                if isinstance(value, str) and value.startswith("="):
                    cell = WriteOnlyCell(sheet, value=value)
                    cell.data_type = "s"
                    cells[index] = cell
            sheet.append(cells)
    else:
        sheet.append(HEADER)
        for cell in sheet[1]:
            cell.font = bold
        for number, row in enumerate(rows, start=2):
            sheet.append(row)
            for index in DATE_COLUMNS:
                if row[index] is not None:
                    sheet.cell(number, index + 1).number_format = DATE_FORMAT
            for index, value in enumerate(row):
                if isinstance(value, str) and value.startswith("="):
                    sheet.cell(number, index + 1).data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_xlsxwriter(rows: list[list[Any]], constant_memory: bool) -> bytes:
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(
        out,
        {
            "constant_memory": constant_memory,
            # Text stays text: no formulas, numbers or links made of strings.
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    sheet = book.add_worksheet("Nhiệm vụ")
    bold = book.add_format({"bold": True})
    day = book.add_format({"num_format": DATE_FORMAT})
    for index, width in enumerate(widths(rows)):
        sheet.set_column(index, index, width, day if index in DATE_COLUMNS else None)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(rows), len(HEADER) - 1)
    sheet.write_row(0, 0, HEADER, bold)
    for number, row in enumerate(rows, start=1):
        sheet.write_row(number, 0, row)
    book.close()
    return out.getvalue()


def one(way: str, count: int) -> dict[str, Any]:
    """Write `count` tasks one way, in this process: seconds, peak RSS before and after."""
    rows = task_rows(count)
    if way.startswith("openpyxl"):
        import openpyxl  # noqa: F401  (imports are not part of the writing time)
    else:
        import xlsxwriter  # noqa: F401
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    if way == "openpyxl":
        content = with_openpyxl(rows, write_only=False)
    elif way == "openpyxl-write-only":
        content = with_openpyxl(rows, write_only=True)
    elif way == "xlsxwriter":
        content = with_xlsxwriter(rows, constant_memory=False)
    else:
        content = with_xlsxwriter(rows, constant_memory=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "seconds": elapsed,
        "rss_before_kb": before,
        "rss_peak_kb": after,
        "bytes": len(content),
    }


def versions() -> str:
    import openpyxl
    import xlsxwriter

    try:
        import lxml.etree

        lxml_version = ".".join(map(str, lxml.etree.LXML_VERSION[:3]))
    except ImportError:
        lxml_version = "not installed"
    return (
        f"openpyxl {openpyxl.__version__} (lxml {lxml_version}), "
        f"XlsxWriter {xlsxwriter.__version__}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=3, help="fresh processes per way and size")
    parser.add_argument("--ways", nargs="+", choices=list(WAYS), default=list(WAYS))
    parser.add_argument("--one", nargs=2, metavar=("WAY", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one[0], int(args.one[1]))))
        return
    print(f"{versions()}; Python {sys.version.split()[0]}; median of {args.runs} processes")
    print()
    print("| tasks | way | time (median) | peak RSS added by writing | file |")
    print("|---:|---|---:|---:|---:|")
    for count in args.sizes:
        for way in args.ways:
            runs = []
            for _ in range(args.runs):
                done = subprocess.run(
                    [sys.executable, "-m", "bench.xlsx_writers", "--one", way, str(count)],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                runs.append(json.loads(done.stdout))
            seconds = statistics.median(run["seconds"] for run in runs)
            added = statistics.median(run["rss_peak_kb"] - run["rss_before_kb"] for run in runs)
            size = runs[0]["bytes"]
            print(
                f"| {count:,} | {WAYS[way]} | {seconds:.2f} s | {added / 1024:.0f} MB "
                f"| {size / 1e6:.1f} MB |",
                flush=True,
            )


if __name__ == "__main__":
    main()
