"""A CSV that Excel reads: a byte-order mark in files, ";" and a decimal comma in Vietnamese.

Run as a user would: the real `tracker` process, its output in a file (`--output`, or a
standard output redirected to one) or in a pipe, read back with Python's csv module the
way Excel reads it (utf-8-sig, the language's separator).
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import SAMPLE_TASKS, CliRunner, cli_env, modules_loaded
from tracker.cli.output import CSV_COLUMNS
from tracker.reports import csv_report
from tracker.reports.csv_dialect import BOM, BOM_BYTES, csv_dialect
from tracker.reports.labels import ENGLISH, VIETNAMESE


def redirected(db: Path, out: Path, *args: str, lang: str = "en") -> bytes:
    """Run `tracker ARGS > out` (standard output a regular file, as the shell makes it)."""
    env = cli_env(db) | {"TRACKER_LANG": lang}
    with out.open("wb") as stdout:
        completed = subprocess.run(
            [sys.executable, "-m", "tracker", *args],
            env=env,
            stdout=stdout,
            stderr=subprocess.PIPE,
            timeout=60,
            check=False,
        )
    assert completed.returncode == 0, completed.stderr
    return out.read_bytes()


def excel_rows(data: bytes, delimiter: str) -> list[list[str]]:
    """The rows as Excel reads them: UTF-8 because of the mark, split at `delimiter`."""
    assert data.startswith(BOM_BYTES), data[:20]
    text = data.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def test_the_dialect_follows_the_language() -> None:
    english, vietnamese = csv_dialect(ENGLISH), csv_dialect(VIETNAMESE)
    assert (english.delimiter, english.decimal("0.7916")) == (",", "0.7916")
    assert (vietnamese.delimiter, vietnamese.decimal("0.7916")) == (";", "0,7916")
    # English keeps the headings scripts read by name; Vietnamese words every one.
    assert english.header(csv_report.TASK_COLUMNS) == list(csv_report.TASK_COLUMNS)
    for keys in (
        csv_report.TASK_COLUMNS,
        csv_report.SUMMARY_COLUMNS,
        csv_report.EXTENSION_COLUMNS,
        CSV_COLUMNS,
    ):
        headings = vietnamese.header(keys)
        assert not set(headings) & set(keys) - {"UUID"}, headings


def test_list_csv_in_a_file_starts_with_the_mark(
    sample_db: Path, tmp_path: Path, tracker: CliRunner
) -> None:
    data = redirected(sample_db, tmp_path / "list.csv", "list", "--format", "csv")
    rows = excel_rows(data, ",")
    assert rows[0] == list(CSV_COLUMNS)
    assert len(rows) == SAMPLE_TASKS + 1
    # Into a pipe (a script, `| cut`): no mark glued to the first heading, as before.
    piped = tracker("list", "--format", "csv").stdout
    assert piped.startswith("id,uuid,") and not piped.startswith(BOM)
    assert list(csv.reader(io.StringIO(piped))) == rows


def test_list_csv_in_vietnamese(sample_db: Path, tmp_path: Path) -> None:
    data = redirected(sample_db, tmp_path / "ds.csv", "list", "--format", "csv", lang="vi")
    rows = excel_rows(data, ";")
    assert rows[0][:5] == ["Mã", "UUID", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp"]
    assert len(rows) == SAMPLE_TASKS + 1 and all(len(row) == len(rows[0]) for row in rows)
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["Mã"] == "1" and first["Thời hạn"] == "2019-12-31"
    # A list field keeps its ";" inside one quoted cell.
    assert first["Cơ quan phối hợp"] == "TN-KHDT;HN-UBND;TN-UBND"


@pytest.mark.parametrize(
    ("lang", "delimiter", "total_rates"),
    [("en", ",", ["0.7916", "0.5000"]), ("vi", ";", ["0,7916", "0,5000"])],
)
def test_report_csv_file_in_each_language(
    sample_db: Path,
    tmp_path: Path,
    tracker: CliRunner,
    lang: str,
    delimiter: str,
    total_rates: list[str],
) -> None:
    out = tmp_path / f"bao-cao.{lang}.csv"
    result = tracker("--lang", lang, "report", "--format", "csv", "--output", str(out))
    assert result.code == 0, result.stderr
    rows = excel_rows(out.read_bytes(), delimiter)
    assert len(rows[0]) == len(csv_report.TASK_COLUMNS)
    summary_at = rows.index([]) + 1
    total = rows[summary_at + 1]
    assert total[3] == str(SAMPLE_TASKS) and total[-2:] == total_rates
    if lang == "en":
        assert rows[0] == list(csv_report.TASK_COLUMNS) and total[0] == "total"
    else:
        assert rows[0][2] == "Nội dung nhiệm vụ" and rows[0][11] == "Số ngày quá hạn"
        assert rows[summary_at][-2:] == ["Tỷ lệ hoàn thành", "Tỷ lệ đúng hạn"]
        assert total[0] == "Tổng cộng"
        about = {row[1]: row[2] for row in rows if row and row[0] == "Thông tin"}
        assert about["Tính đến ngày"] == date(2026, 11, 27).isoformat()
    # The same report into a pipe is the file without its mark; redirected, the file.
    piped = subprocess.run(
        [sys.executable, "-m", "tracker", "--lang", lang, "report", "--format", "csv"],
        env=cli_env(sample_db),
        capture_output=True,
        timeout=60,
        check=True,
    ).stdout
    assert BOM_BYTES + piped == out.read_bytes()
    shown = redirected(sample_db, tmp_path / "shown.csv", "report", "--format", "csv", lang=lang)
    assert shown == out.read_bytes()


def test_csv_commands_load_no_office_library(sample_db: Path) -> None:
    commands = [
        ["list", "--format", "csv"],
        ["report", "--format", "csv"],
        ["--lang", "vi", "report", "--format", "csv"],
        ["add", "Việc", "--lead", "HN-KHDT"],
        ["report"],
        ["list"],
    ]
    assert modules_loaded(sample_db, commands, ["docx", "openpyxl", "icalendar"]) == []
