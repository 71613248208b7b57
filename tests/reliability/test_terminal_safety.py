"""Case 7b: stored text never acts on a terminal, and no CSV cell runs as a formula.

Text with terminal escapes is written straight into the database file, as an old database
or a hand edit would have it (the store does not check text; the service now refuses it).
Every command and format must then show it with its control characters made visible, and
every input path must refuse such text in one line, with the file byte for byte unchanged.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import msgspec
import pytest

from tests.conftest import SAMPLE, TODAY
from tests.reliability.budget import tally
from tests.reliability.harness import read_database, refusal, succeeded, tracker
from tests.ui.conftest import plain_text, settle
from tracker.domain import history
from tracker.domain.model import Agency, ChangeStamp, Meeting, Status, Task
from tracker.service import Tracker
from tracker.store.database import Database
from tracker.ui.app import make_app
from tracker.ui.widgets.detail_pane import DetailPane
from tracker.ui.widgets.group_list import GroupList
from tracker.ui.widgets.task_table import TaskTable

OSC_TITLE = "\x1b]0;pwned\x07"  # sets the terminal's title
CLEAR = "\x1b[2J"  # blanks the screen
TITLE = f"Kết nối {OSC_TITLE} chè {CLEAR} Thái Nguyên \x9b31m \u202etxt.exe"
SHOWN_TITLE = "Kết nối ␛]0;pwned␇ chè ␛[2J Thái Nguyên \\x9b31m \\u202etxt.exe"
NOTE = "Đã gửi\x1b[31m dự thảo\nlần 2\tok"
FORMULAS = ['=HYPERLINK("http://x.example","bấm")', "+1+2", "-3+4", "@SUM(A1)", "\t=1", "\r=1"]
# What must never reach a terminal raw: C0 but line breaks and tabs, DEL, C1, bidi controls.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def plant(db: Path) -> int:
    """An agency, a meeting and a task holding terminal escapes, written past the service."""
    stamp = datetime(2026, 11, 1, tzinfo=UTC)
    with Database(db).writing() as session:
        session.add_agency(
            Agency("HN-ESC", f"Sở {OSC_TITLE} Hà Nội", f"Sở {CLEAR}", f"Hà Nội{CLEAR}")
        )
        session.add_meeting(
            Meeting(id="2026-11-01-esc", title=f"Họp {OSC_TITLE}", date=TODAY, place=CLEAR)
        )
        (task_id,) = session.add_tasks(
            [
                Task(
                    uuid="00000000-0000-4000-8000-00000000e5c0",
                    title=TITLE,
                    lead="HN-ESC",
                    meeting="2026-11-01-esc",
                    area=f"trade{CLEAR}",
                    due=TODAY,
                    description=NOTE,
                    outcome=f"xong{OSC_TITLE}",
                    history=[history.note(NOTE, ChangeStamp(at=stamp))],
                    created=stamp,
                    updated=stamp,
                )
            ]
        )
    return task_id


def plant_formulas(db: Path) -> list[int]:
    """Closed tasks whose title and outcome a spreadsheet would read as formulas."""
    stamp = datetime(2026, 11, 1, tzinfo=UTC)
    with Database(db).writing() as session:
        return session.add_tasks(
            [
                Task(
                    uuid=f"00000000-0000-4000-8000-{number:012d}",
                    title=formula,
                    lead="HN-KHDT",
                    status=Status.DONE,
                    closed_on=TODAY,
                    outcome=formula,
                    created=stamp,
                    updated=stamp,
                )
                for number, formula in enumerate(FORMULAS, start=1)
            ]
        )


def assert_no_raw_control(what: str, text: str, allowed: str = "") -> None:
    found = RAW_CONTROL.search(text.replace(allowed, "") if allowed else text)
    assert found is None, f"{what}: raw {found.group()!r} at {found.start()}: {text[:400]!r}"
    tally("case 7b: outputs checked, 0 raw control characters")


# --- output: every command and format -----------------------------------------------------

OUTPUTS = [
    ("list",),
    ("list", "--format", "csv"),
    ("list", "--format", "json"),
    ("show", "{id}"),
    ("show", "{id}", "--format", "json"),
    ("agencies",),
    ("meetings",),
    ("export",),
    *[("report", "--format", fmt) for fmt in ("text", "markdown", "csv", "json", "html")],
    ("report", "--agency", "HN-ESC", "--format", "text"),
    ("report", "--meeting", "2026-11-01-esc", "--format", "markdown"),
]


@pytest.mark.parametrize("args", OUTPUTS, ids=" ".join)
def test_stored_escapes_come_out_visible(db: Path, args: tuple[str, ...]) -> None:
    task_id = plant(db)
    run = tracker(db, *(arg.format(id=task_id) for arg in args))
    out = succeeded(run)
    # The report CSV ends its rows with CRLF, as RFC 4180 says; nothing else may hold a CR.
    assert_no_raw_control(" ".join(args), out, allowed="\r\n" if "csv" in args else "")
    assert_no_raw_control(" ".join(args) + " (stderr)", run.stderr)
    if args[0] in ("list", "show") and "json" not in args:
        assert SHOWN_TITLE in out, out
    if "json" in args or args == ("export",):
        # JSON keeps the text exactly, as escapes: a program reading it gets what is stored.
        assert TITLE in strings_in(json.loads(out))
    if args == ("agencies",):
        assert "Sở ␛]0;pwned␇ Hà Nội" in out and "Hà Nội␛[2J" in out
    if args == ("meetings",):
        assert "Họp ␛]0;pwned␇" in out


def strings_in(value: object) -> list[str]:
    """Every string a decoded JSON document holds."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in strings_in(item)]
    if isinstance(value, list):
        return [text for item in value for text in strings_in(item)]
    return []


def test_list_csv_shows_escapes_and_keeps_line_breaks(db: Path) -> None:
    task_id = plant(db)
    rows = list(csv.DictReader(io.StringIO(succeeded(tracker(db, "list", "--format", "csv")))))
    row = next(row for row in rows if row["id"] == str(task_id))
    assert row["title"] == SHOWN_TITLE
    assert row["outcome"] == "xong␛]0;pwned␇"


def test_html_report_stays_escaped_and_shows_escapes(db: Path) -> None:
    plant(db)
    with Database(db).writing() as session:
        uuid = "00000000-0000-4000-8000-0000000000ff"
        session.add_tasks([Task(uuid=uuid, title="<b>x</b>\x1b", lead="HN-ESC", due=TODAY)])
    out = succeeded(tracker(db, "report", "--format", "html"))
    assert "&lt;b&gt;x&lt;/b&gt;␛" in out and "<b>x</b>" not in out
    assert "Sở ␛[2J" in out  # the chart's agency label


def test_an_error_quoting_a_path_shows_its_escapes(tmp_path: Path) -> None:
    db = tmp_path / f"bad{OSC_TITLE}.json"
    db.write_bytes(b"")  # not a database: refused, naming the file
    line = refusal(tracker(db, "list"), codes=(1,))
    assert "bad␛]0;pwned␇.json" in line, line
    assert_no_raw_control("error line", line)


# --- output: the terminal UI ---------------------------------------------------------------


async def test_stored_escapes_are_visible_in_the_terminal_ui(db: Path) -> None:
    task_id = plant(db)
    app = make_app(Tracker(Database(db), TODAY), watch_interval=0)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        groups = app.screen.query_one(GroupList)
        group_labels = [
            plain_text_of(groups.get_option_at_index(i).prompt) for i in range(groups.option_count)
        ]
        assert any("Sở ␛[2J" in label or "Sở ␛]0;pwned␇" in label for label in group_labels)
        for label in group_labels:
            assert_no_raw_control("group list", label)
        index = next(i for i, label in enumerate(group_labels) if label.startswith("Sở ␛[2J"))
        groups.highlighted = index
        await settle(pilot)
        table = app.screen.query_one(TaskTable)
        assert table.current_task_id == task_id
        lines = [
            "".join(segment.text for segment in table.render_line(y))
            for y in range(table.size.height)
        ]
        assert any("␛]0;pwned␇" in line for line in lines), lines
        for line in lines:
            assert_no_raw_control("task table", line)
        detail = plain_text(app.screen.query_one(DetailPane).query_one("#detail-body"))  # type: ignore[arg-type]
        assert "␛]0;pwned␇" in detail and "Đã gửi␛[31m dự thảo" in detail, detail
        assert_no_raw_control("detail pane", detail)
        screenshot = app.export_screenshot()
        assert_no_raw_control("whole screen", screenshot)


def plain_text_of(prompt: object) -> str:
    """What an OptionList prompt (a Rich renderable) shows, as plain text."""
    from rich.console import Console

    buffer = io.StringIO()
    Console(width=200, file=buffer, color_system=None).print(prompt)
    return buffer.getvalue()


# --- input: refused in one line, the file unchanged ----------------------------------------

REFUSED = [
    ("add", "--lead", "HN-KHDT", "--", f"Tiêu đề {CLEAR}"),
    ("add", "--lead", "HN-KHDT", "--", "\u200b\u200d\ufeff\u2060\u00ad"),
    ("add", "--lead", "HN-KHDT", "--", "a\u202eb"),
    ("add", "--lead", "HN-KHDT", "--description", f"x{OSC_TITLE}", "--", "Tiêu đề"),
    ("add", "--lead", "HN-KHDT", "--area", "trade\x9b", "--", "Tiêu đề"),
    ("update", "1", "--note", "tiến độ\x07"),
    ("update", "1", "--title", "mới\u2066"),
    ("update", "1", "--description", "mô tả\x1b[2J"),
    ("close", "1", "--outcome", "xong\x1b]0;x\x07"),
    ("agencies", "add", "HN-MOI", f"Sở {CLEAR}"),
    ("agencies", "add", "HN-MOI", "Sở Mới", "--short", "\x1b[31m"),
    ("agencies", "add", "HN-MOI", "Sở Mới", "--locality", "Hà\u202eNội"),
    ("meetings", "add", "2026-12-01-x", f"Họp {CLEAR}", "--date", "1/12/2026"),
    ("meetings", "add", "2026-12-01-x\x1b", "Họp", "--date", "1/12/2026"),
    ("meetings", "add", "2026-12-01-x", "Họp", "--date", "1/12/2026", "--place", "\x9b"),
    ("meetings", "add", "2026-12-01-x", "Họp", "--date", "1/12/2026", "--chair", "A\x07"),
    ("meetings", "add", "2026-12-01-x", "Họp", "--date", "1/12/2026", "--notes", "a\x1b"),
]


@pytest.mark.parametrize("args", REFUSED, ids=lambda args: " ".join(args)[:40])
def test_text_that_would_act_on_a_terminal_is_refused(db: Path, args: tuple[str, ...]) -> None:
    before = db.read_bytes()
    line = refusal(tracker(db, *args), codes=(2,))
    assert "control character U+" in line or "empty" in line, line
    assert_no_raw_control("refusal", line)
    assert db.read_bytes() == before
    tally("case 7b: terminal text refused, 0 files changed")


def test_reopen_refuses_a_reason_with_escapes(db: Path) -> None:
    open_tasks = json.loads(succeeded(tracker(db, "list", "--status", "open", "--format", "json")))
    task_id = str(open_tasks[0]["id"])
    succeeded(tracker(db, "close", task_id))
    before = db.read_bytes()
    refusal(tracker(db, "reopen", task_id, "--note", "lý do\x1b[2J"), codes=(2,))
    assert db.read_bytes() == before


def test_multi_line_fields_keep_line_breaks_and_tabs(db: Path) -> None:
    succeeded(tracker(db, "update", "1", "--note", "dòng 1\n\tdòng 2"))
    assert read_database(db)["tasks"]["1"]["history"][-1]["text"] == "dòng 1\n\tdòng 2"


@pytest.mark.parametrize(
    ("where", "value"),
    [
        (("tasks", 1, "title"), f"Tiêu đề {CLEAR}"),
        (("tasks", 1, "title"), "\u200b\u200b"),
        (("tasks", 1, "description"), "a\x07"),
        (("tasks", 1, "outcome"), "a\u202e"),
        (("tasks", 1, "area"), "trade\x1b"),
        (("tasks", 1, "history", 0, "text"), "a\x9b"),
        (("agencies", 0, "name"), "Sở\x1b"),
        (("meetings", 0, "place"), "\x1b[2J"),
        (("meetings", 0, "chairs", 0), "A\x07"),
        (("agreements", 0, "title"), "\u2066x"),
    ],
)
def test_an_import_with_escapes_is_refused_naming_the_task(
    db: Path, tmp_path: Path, where: tuple[str | int, ...], value: str
) -> None:
    document = json.loads(SAMPLE.read_text(encoding="utf-8"))
    for task in document["tasks"]:
        task["uuid"] = task["uuid"][:-4] + "beef"  # new tasks, so that nothing is skipped
    document["tasks"][1]["history"] = [{"on": "2026-11-01", "text": "x"}]
    document["meetings"][0]["chairs"] = ["A"]
    parent: Any = document
    for key in where[:-1]:
        parent = parent[key]
    parent[where[-1]] = value
    file = tmp_path / "import.json"
    file.write_bytes(msgspec.json.encode(document))
    before = db.read_bytes()
    line = refusal(tracker(db, "import", str(file)), codes=(2,))
    if where[0] == "tasks":
        uuid = document["tasks"][1]["uuid"]
        assert f"task 2 ({uuid})" in line, line
    assert_no_raw_control("refusal", line)
    assert db.read_bytes() == before


# --- no formula injection ------------------------------------------------------------------


@pytest.mark.parametrize(
    "args", [("list", "--format", "csv"), ("report", "--format", "csv")], ids=" ".join
)
def test_no_csv_cell_starts_a_formula(db: Path, args: tuple[str, ...]) -> None:
    ids = plant_formulas(db)
    rows = list(csv.reader(io.StringIO(succeeded(tracker(db, *args)), newline="")))
    header = rows[0]
    task_rows = rows[1 : rows.index([])] if [] in rows else rows[1:]
    by_id = {row[0]: dict(zip(header, row, strict=True)) for row in task_rows}
    for task_id, formula in zip(ids, FORMULAS, strict=True):
        cells = by_id[str(task_id)]
        assert cells["title"] == "'" + formula.replace("\r", "␍"), cells
        assert cells["outcome"] == "'" + formula.replace("\r", "␍"), cells
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (cell, row)
    # Numbers written as numbers are not text: the ids are plain digits, unprefixed.
    assert all(row[0].isdigit() for row in task_rows)
    tally("case 8: CSV formats checked, 0 formula cells")
