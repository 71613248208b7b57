"""The command-line contract, exercised through real `tracker` processes on real files."""

from __future__ import annotations

import array
import csv
import fcntl
import io
import json
import os
import re
import signal
import subprocess
import sys
import termios
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import (
    ROOT,
    SAMPLE,
    TEST_USER,
    CliRunner,
    cli_env,
    modules_loaded,
    run_tracker,
    wait_until,
)
from tests.server import is_server, state_of
from tests.stores import recorded_by

CONTRACT_KEYS = {
    "id",
    "uuid",
    "title",
    "lead",
    "partners",
    "meeting",
    "area",
    "due",
    "status",
    "standing",
    "closed_on",
    "outcome",
}


def listed(tracker: CliRunner, *args: str) -> list[dict[str, object]]:
    result = tracker("list", "--format", "json", *args)
    assert result.code == 0, result.stderr
    tasks: list[dict[str, object]] = json.loads(result.stdout)
    return tasks


def sample_tasks() -> list[dict[str, object]]:
    tasks: list[dict[str, object]] = json.loads(SAMPLE.read_text(encoding="utf-8"))["tasks"]
    return tasks


def test_import_lists_every_sample_task_with_contract_keys(
    sample_store: Path | str, store_tracker: CliRunner
) -> None:
    tasks = listed(store_tracker)
    assert {t["uuid"] for t in tasks} == {t["uuid"] for t in sample_tasks()}
    for task in tasks:
        assert task.keys() >= CONTRACT_KEYS
    assert [t["id"] for t in tasks] == list(range(1, len(tasks) + 1))


def test_importing_twice_adds_nothing(sample_store: Path | str, store_tracker: CliRunner) -> None:
    before = listed(store_tracker)
    again = store_tracker("import", str(SAMPLE))
    assert again.code == 0
    assert "0 tasks" in again.stdout
    assert f"{len(before)} tasks were already present" in again.stdout
    assert listed(store_tracker) == before


def test_export_then_import_into_empty_database_gives_same_tasks(
    sample_store: Path | str, store_tracker: CliRunner, tmp_path: Path
) -> None:
    store_tracker("update", "3", "--note", "Ghi chú tiến độ mới")
    exported = tmp_path / "export.json"
    assert store_tracker("export", "--output", str(exported)).code == 0
    copy = tmp_path / "copy.json"
    assert run_tracker(copy, "import", str(exported)).code == 0

    def full(db: Path | str) -> list[dict[str, object]]:
        return json.loads(run_tracker(db, "export").stdout)["tasks"]  # type: ignore[no-any-return]

    original, restored = full(sample_store), full(copy)
    assert len(original) == len(sample_tasks())
    for a, b in zip(original, restored, strict=True):
        for key in ("uuid", "title", "due", "closed_on", "status", "history", "partners", "lead"):
            assert a[key] == b[key], key


def test_export_to_stdout_is_the_interchange_format(
    sample_store: Path | str, store_tracker: CliRunner
) -> None:
    data = json.loads(store_tracker("export").stdout)
    assert data["format"] == "coop-tracker"
    assert data["version"] == 3  # issue 11: history as events; issue 15: documents, links
    assert {"agencies", "agreements", "meetings", "tasks"} <= data.keys()
    assert "Sở Kế hoạch và Đầu tư Hà Nội" in {a["name"] for a in data["agencies"]}


def test_add_prints_new_id_and_search_ignores_diacritics(
    sample_store: Path | str, store_tracker: CliRunner
) -> None:
    count = len(sample_tasks())
    result = store_tracker(
        "add",
        "Kết nối tiêu thụ chè Thái Nguyên",
        "--lead",
        "HN-KHDT",
        "--partner",
        "TN-KHDT",
        "--due",
        "30/9/2026",
    )
    assert result.code == 0, result.stderr
    assert result.stdout.strip() == str(count + 1)
    found = listed(store_tracker, "--search", "che thai nguyen")
    new = [t for t in found if t["id"] == count + 1]
    assert new and new[0]["due"] == "2026-09-30"
    assert new[0]["partners"] == ["TN-KHDT"]
    assert all("ket noi" not in str(t["title"]).lower() or t is new[0] for t in found)


def test_search_finds_dong_xuan_without_diacritics(
    sample_store: Path | str, store_tracker: CliRunner
) -> None:
    titles = [str(t["title"]) for t in listed(store_tracker, "--search", "dong xuan")]
    assert titles and all("Đồng Xuân" in t or "đồng xuân" in t.lower() for t in titles[:1])


def test_add_with_vietnamese_quarter_deadline(
    sample_store: Path | str, store_tracker: CliRunner
) -> None:
    result = store_tracker(
        "add", "Tổng kết hợp tác năm 2026", "--lead", "HN-KHDT", "--due", "Quý IV/2026"
    )
    new_id = int(result.stdout)
    shown = json.loads(store_tracker("show", str(new_id), "--format", "json").stdout)
    assert shown["due"] == "2026-12-31"
    assert shown["standing"] == "open_in_time"


def test_close_on_time_and_late_and_reopen(
    sample_store: Path | str, store_tracker: CliRunner
) -> None:
    # Recorded before the 19th, the day it is closed on at the end (never before it was recorded).
    added = store_tracker(
        "add", "Báo cáo", "--lead", "HN-KHDT", "--due", "2026-11-20", today=date(2026, 11, 10)
    )
    new_id = added.stdout.strip()
    closed = store_tracker("close", new_id, "--outcome", "Đã gửi báo cáo")
    assert closed.code == 0
    assert "late" in closed.stdout
    task = json.loads(store_tracker("show", new_id, "--format", "json").stdout)
    assert (task["status"], task["standing"], task["closed_on"]) == (
        "done",
        "done_late",
        "2026-11-27",
    )
    assert task["outcome"] == "Đã gửi báo cáo"
    assert store_tracker("reopen", new_id).code == 0
    task = json.loads(store_tracker("show", new_id, "--format", "json").stdout)
    assert (task["status"], task["closed_on"], task["standing"]) == ("open", None, "open_overdue")
    on_time = store_tracker("close", new_id, "--on", "19/11/2026")
    assert "on time" in on_time.stdout


def test_update_records_note_and_changes_in_history(
    sample_store: Path | str, store_tracker: CliRunner
) -> None:
    # Task 2 is in progress: a done task (1) keeps its deadline and status (issue 12).
    assert store_tracker("update", "2", "--note", "Đã họp với Sở KH&ĐT Thái Nguyên").code == 0
    assert store_tracker("update", "2", "--due", "cuối năm", "--status", "blocked").code == 0
    task = json.loads(store_tracker("show", "2", "--format", "json").stdout)
    texts = [entry["text"] for entry in task["history"]]
    assert "Đã họp với Sở KH&ĐT Thái Nguyên" in texts
    # Since issue 11 a change is data, not words: the new deadline and status are values.
    assert any(e["field"] == "due" and e["new"] == "2026-12-31" for e in task["history"])
    assert any(e["kind"] == "status" and e["new"] == "blocked" for e in task["history"])
    assert task["history"][-1]["at"].startswith("2026-11-27T")
    assert task["due"] == "2026-12-31"


def test_show_prints_history_events_as_data_and_as_words(
    sample_store: Path | str, store_tracker: CliRunner
) -> None:
    # Recorded on the 10th: a close dated back to the 20th must not precede it (issue 12).
    added = store_tracker(
        "add", "Khảo sát chợ", "--lead", "HN-CT", "--due", "2026-12-15", today=date(2026, 11, 10)
    )
    new_id = added.stdout.strip()
    assert store_tracker("update", new_id, "--due", "2026-12-31", "--note", "Đã hẹn lịch").code == 0
    assert (
        store_tracker("close", new_id, "--outcome", "Đã khảo sát", "--on", "2026-11-20").code == 0
    )
    assert store_tracker("reopen", new_id, "--note", "Thiếu báo cáo").code == 0
    events = json.loads(store_tracker("show", new_id, "--format", "json").stdout)["history"]
    keys = {"id", "at", "kind", "field", "old", "new", "text", "effective", "by", "change"}
    assert all(set(event) == keys for event in events)
    assert all(event["by"] == recorded_by(sample_store, TEST_USER) for event in events)
    assert len({event["change"] for event in events}) == 4  # one change per command
    assert len({event["id"] for event in events}) == len(events)
    assert all(datetime.fromisoformat(event["at"]).tzinfo is not None for event in events)
    assert [(e["kind"], e["field"], e["old"], e["new"], e["text"]) for e in events] == [
        ("created", None, None, None, ""),
        ("changed", "due", "2026-12-15", "2026-12-31", ""),
        ("note", None, None, None, "Đã hẹn lịch"),
        ("closed", "status", "open", "done", "Đã khảo sát"),
        ("reopened", "status", "done", "open", "Thiếu báo cáo"),
    ]
    assert events[3]["effective"] == "2026-11-20"  # the close was dated back
    shown = store_tracker("show", new_id).stdout
    history = shown[shown.index("History") :].splitlines()[1:]
    # Each line: the day, the time it was recorded (the clock's: HH:MM here; none for the
    # close dated back), who, and what.
    assert [re.sub(r"(/\d{4}) \d\d:\d\d ", r"\1 HH:MM ", line) for line in history] == [
        f"  10/11/2026 HH:MM  {TEST_USER}  task created",
        f"  27/11/2026 HH:MM  {TEST_USER}  deadline changed from 15/12/2026 to 31/12/2026",
        f"  27/11/2026 HH:MM  {TEST_USER}  Đã hẹn lịch",
        f"  20/11/2026        {TEST_USER}  closed: Đã khảo sát",
        f"  27/11/2026 HH:MM  {TEST_USER}  reopened (was done): Thiếu báo cáo",
    ]


def test_list_filters(sample_store: Path | str, store_tracker: CliRunner) -> None:
    overdue = listed(store_tracker, "--overdue")
    assert overdue and all(t["standing"] == "open_overdue" for t in overdue)
    mine = listed(store_tracker, "--agency", "hn-khdt")
    assert mine and all(t["lead"] == "HN-KHDT" or "HN-KHDT" in t["partners"] for t in mine)  # type: ignore[operator]
    soon = listed(store_tracker, "--due-within", "365")
    assert soon and all(t["due"] and str(t["due"]) <= "2027-11-27" for t in soon)
    as_of_2019 = listed(store_tracker, "--as-of", "1/10/2019")
    assert {t["standing"] for t in as_of_2019} >= {
        "done_on_time",
        "done_late",
        "open_in_time",
        "open_overdue",
    }


def test_list_csv_parses(sample_store: Path | str, store_tracker: CliRunner) -> None:
    rows = list(csv.DictReader(io.StringIO(store_tracker("list", "--format", "csv").stdout)))
    assert len(rows) == len(sample_tasks())
    assert rows[0]["id"] == "1"
    assert {"title", "lead", "due", "standing"} <= rows[0].keys()


def test_table_output_shows_day_first_dates(
    sample_store: Path | str, store_tracker: CliRunner
) -> None:
    out = store_tracker("list", "--overdue").stdout
    assert "days overdue" in out
    assert "/20" in out and "-20" not in out.split("\n")[1]


def test_report_counts_every_standing_as_of_2019(
    sample_store: Path | str, store_tracker: CliRunner
) -> None:
    out = store_tracker("report", "--as-of", "2019-10-01").stdout
    for label in ("done on time", "done late", "in time", "overdue"):
        line = next(line for line in out.splitlines() if label in line)
        assert int(line.split()[-1]) >= 1, line


def test_agencies_and_meetings_can_be_recorded(db: Path | str, store_tracker: CliRunner) -> None:
    assert (
        store_tracker(
            "agencies",
            "add",
            "HN-KHDT",
            "Sở Kế hoạch và Đầu tư Hà Nội",
            "--short",
            "Sở KH&ĐT Hà Nội",
            "--locality",
            "Hà Nội",
        ).code
        == 0
    )
    listing = store_tracker("agencies").stdout
    assert "Sở Kế hoạch và Đầu tư Hà Nội" in listing
    assert (
        store_tracker(
            "meetings",
            "add",
            "2026-12-10-hn-tn",
            "Họp sơ kết hợp tác",
            "--date",
            "10/12/2026",
            "--chair",
            "Nguyễn Văn A",
        ).code
        == 0
    )
    assert "10/12/2026" in store_tracker("meetings", "list").stdout
    new = store_tracker("add", "Việc sau họp", "--lead", "HN-KHDT", "--meeting", "2026-12-10-hn-tn")
    assert new.stdout.strip() == "1"


def test_python_dash_m_and_help_on_every_command_with_an_example(tracker: CliRunner) -> None:
    commands = [
        [],
        ["add"],
        ["close"],
        ["reopen"],
        ["update"],
        ["list"],
        ["show"],
        ["report"],
        ["import"],
        ["export"],
        ["agencies"],
        ["agencies", "add"],
        ["meetings"],
        ["meetings", "add"],
    ]
    for command in commands:
        result = tracker(*command, "--help")
        assert result.code == 0, command
        assert "Example" in result.stdout, command


# --- bad input: one clear line, the contract's exit code, nothing changed on disk ---------

BAD_INPUT = [
    (["add", "", "--lead", "HN-KHDT"], 2, "title"),
    (["add", "   ", "--lead", "HN-KHDT"], 2, "title"),
    (["add", "Việc mới", "--lead", "HN-KHD"], 2, "HN-KHDT"),
    (["add", "Việc mới", "--lead", "HN-KHDT", "--partner", "XX-YY"], 2, "XX-YY"),
    (["add", "Việc mới", "--lead", "HN-KHDT", "--due", "31/02/2026"], 2, "February"),
    (["add", "Việc mới", "--lead", "HN-KHDT", "--due", "13/13/2019"], 2, "13"),
    (["add", "Việc mới", "--lead", "HN-KHDT", "--due", "next blue moon"], 2, "next blue moon"),
    (["add", "Việc mới", "--lead", "HN-KHDT", "--meeting", "no-such"], 2, "no-such"),
    (["add", "Việc mới"], 2, "--lead"),
    (["close", "3"], 1, "already"),
    (["close", "9999"], 1, "#9999"),
    (["close", "1", "9999"], 1, "#9999"),
    (["close", "abc"], 2, "abc"),
    (["close", "-5"], 2, "-5"),
    (["reopen", "6"], 1, "not closed"),
    (["update", "1"], 2, "nothing to change"),
    (["update", "1", "--status", "done"], 2, "done"),
    (["list", "--agency", "NOPE"], 2, "NOPE"),
    (["list", "--as-of", "hôm kia"], 2, "hôm kia"),
    (["show", "9999"], 1, "9999"),
    (["agencies", "add", "HN-KHDT", "Trùng mã"], 1, "HN-KHDT"),
    (["agencies", "add", "bad code!", "Tên"], 2, "bad code!"),
    (["meetings", "add", "2019-06-21-hn-tn", "Trùng", "--date", "1/1/2020"], 1, "already"),
    (["--frobnicate"], 2, "--frobnicate"),
]


@pytest.mark.parametrize(("args", "code", "mentions"), BAD_INPUT, ids=lambda v: str(v))
def test_bad_input_exits_with_one_line_and_changes_nothing(
    sample_store: Path | str, store_tracker: CliRunner, args: list[str], code: int, mentions: str
) -> None:
    if args[:2] == ["close", "3"]:
        # Task 3 of the sample is done; make sure before relying on it.
        assert listed(store_tracker)[2]["status"] == "done"
    before = state_of(sample_store)
    result = store_tracker(*args)
    assert result.code == code, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("tracker: error:")
    assert mentions in lines[0]
    assert "Traceback" not in result.stderr
    assert state_of(sample_store) == before


def test_close_is_all_or_nothing(sample_store: Path | str, store_tracker: CliRunner) -> None:
    before = state_of(sample_store)
    result = store_tracker("close", "6", "3")  # 6 is open, 3 is already done
    assert result.code == 1
    assert state_of(sample_store) == before


CORRUPT = {
    "empty": b"",
    "invalid": b"{not json",
    "truncated": b'{"meta": {"1": {"format": "coop-tracker-db", "schema": 1}}, "tasks": {"1": {',
    "trailing garbage": b'{"meta": {"1": {"format": "coop-tracker-db", "schema": 1}}} garbage',
    "foreign": b'{"_default": {}}',
    "newer": b'{"meta": {"1": {"format": "coop-tracker-db", "schema": 99}}}',
}


@pytest.mark.parametrize("kind", list(CORRUPT))
@pytest.mark.parametrize(
    "args", [["list"], ["add", "Việc", "--lead", "HN-KHDT"], ["import", str(SAMPLE)]]
)
def test_corrupt_database_is_refused_and_left_alone(
    db_path: Path, tracker: CliRunner, kind: str, args: list[str]
) -> None:
    db_path.write_bytes(CORRUPT[kind])
    result = tracker(*args)
    assert result.code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(db_path) in lines[0], result.stderr
    assert db_path.read_bytes() == CORRUPT[kind]
    assert not db_path.with_name(db_path.name + ".bak").exists()


def test_a_damaged_task_is_named_by_readers_and_copied_by_other_writers(
    sample_db: Path, tracker: CliRunner
) -> None:
    raw = json.loads(sample_db.read_bytes())
    raw["tasks"]["12"]["due"] = "2019-02-30"
    damaged_record = json.dumps(raw["tasks"]["12"], ensure_ascii=False, separators=(",", ":"))
    sample_db.write_text(json.dumps(raw, ensure_ascii=False, separators=(",", ":")))
    before = sample_db.read_bytes()
    for args in (["list"], ["report"], ["show", "12"], ["close", "12"], ["export"]):
        result = tracker(*args)
        assert result.code == 1, args
        assert result.stderr.strip().splitlines() == [
            f"tracker: error: {sample_db} is damaged: task #12 cannot be read "
            "(Invalid RFC3339 encoded date - at `$.due`); restore tracker.json.bak"
        ]
        assert sample_db.read_bytes() == before
    added = tracker("add", "Việc mới", "--lead", "HN-KHDT")
    assert added.code == 0, added.stderr
    assert damaged_record in sample_db.read_text(encoding="utf-8")


def test_new_database_is_created_on_first_write_only(db_path: Path, tracker: CliRunner) -> None:
    assert tracker("list").code == 0
    assert not db_path.exists()
    assert tracker("import", str(SAMPLE)).code == 0
    assert db_path.exists()
    assert tracker("update", "1", "--note", "x").code == 0
    assert db_path.with_name(db_path.name + ".bak").exists()


def test_bad_interchange_file_imports_nothing(
    sample_store: Path | str, store_tracker: CliRunner, tmp_path: Path
) -> None:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    for task in data["tasks"]:
        task["uuid"] = task["uuid"][:-4] + "beef"
    data["tasks"][4]["lead"] = "NO-SUCH"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    before = state_of(sample_store)
    result = store_tracker("import", str(bad))
    assert result.code == 2
    assert "task 5" in result.stderr and data["tasks"][4]["uuid"] in result.stderr
    assert state_of(sample_store) == before


def test_cli_never_imports_textual(sample_store: Path | str) -> None:
    commands = [
        ["list", "--overdue"],
        ["add", "Việc", "--lead", "HN-KHDT"],
        ["close", "1"],
        ["report"],
        ["show", "2"],
        ["export"],
    ]
    assert modules_loaded(sample_store, commands, ["textual", "rich"]) == []


ADDER = """
import sys
from tracker.cli import main
for n in range(int(sys.argv[1])):
    try:
        main(["add", f"Việc của tiến trình {sys.argv[2]} số {n}", "--lead", "HN-KHDT"])
    except SystemExit as exit:
        if exit.code:
            raise
"""


def test_four_processes_adding_100_tasks_each_lose_nothing(
    sample_store: Path | str, store_tracker: CliRunner
) -> None:
    before = len(listed(store_tracker))
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", ADDER, "100", str(worker)],
            env=cli_env(sample_store),
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for worker in range(4)
    ]
    outputs = [worker.communicate(timeout=240) for worker in workers]
    assert all(worker.returncode == 0 for worker in workers), outputs
    printed_ids = [int(line) for out, _ in outputs for line in out.split()]
    assert len(printed_ids) == len(set(printed_ids)) == 400
    tasks = listed(store_tracker)
    assert len(tasks) == before + 400
    assert len({t["id"] for t in tasks}) == len(tasks)
    titles = {t["title"] for t in tasks}
    assert all(f"Việc của tiến trình {w} số {n}" in titles for w in range(4) for n in range(100))
    if not is_server(sample_store):
        json.loads(Path(sample_store).read_text(encoding="utf-8"))


def test_four_tracker_add_commands_at_once(
    sample_store: Path | str, store_tracker: CliRunner
) -> None:
    before = len(listed(store_tracker))
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "tracker", "add", f"Song song {n}", "--lead", "TN-KHDT"],
            env=cli_env(sample_store),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for n in range(4)
    ]
    for proc in procs:
        proc.communicate(timeout=60)
        assert proc.returncode == 0
    assert len(listed(store_tracker)) == before + 4


# --- options and settings a wait or a calendar cannot take: one line, exit 2 ---------------


@pytest.mark.parametrize("seconds", ["inf", "1e20", "1e400", "604801"])
def test_a_lock_timeout_no_clock_can_measure_is_refused(
    sample_store: Path | str, store_tracker: CliRunner, seconds: str
) -> None:
    before = state_of(sample_store)
    for args in (["add", "Việc mới", "--lead", "HN-KHDT"], ["list"]):
        result = store_tracker("--lock-timeout", seconds, *args)
        assert result.code == 2, result.stderr
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and "--lock-timeout" in lines[0], result.stderr
        assert "internal error" not in lines[0]
    assert state_of(sample_store) == before
    assert store_tracker("--lock-timeout", "604800", "list").code == 0  # a week is the most


@pytest.mark.parametrize("today", ["9999-12-31", "0001-01-01", "1899-12-31", "3000-01-01"])
def test_a_tracker_today_outside_the_calendar_of_deadlines_is_refused(
    sample_store: Path | str, today: str
) -> None:
    before = state_of(sample_store)
    for args in (["add", "Việc mới", "--lead", "HN-KHDT", "--due", "+2w"], ["report"], ["list"]):
        env = cli_env(sample_store)
        env["TRACKER_TODAY"] = today
        done = subprocess.run(
            [sys.executable, "-m", "tracker", *args],
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=60,
            check=False,
        )
        assert done.returncode == 2, done.stderr
        assert done.stderr.splitlines() == [
            f"tracker: error: TRACKER_TODAY must be a date in the years 1900 to 2999, not {today!r}"
        ]
    assert state_of(sample_store) == before


# --- Ctrl-C: exactly one line, whatever the command was doing ------------------------------


def _start(db: Path, *args: str, module: Sequence[str] = ("tracker",), **extra: str) -> Any:
    env = cli_env(db)
    env.update(extra)
    return subprocess.Popen(
        [sys.executable, "-m", *module, "--db", str(db), *args],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        # Ctrl-C as a terminal delivers it, even when the suite itself runs in the
        # background, where the shell made the children ignore it.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def _one_interrupted_line(process: subprocess.Popen[bytes], times: int = 1) -> str:
    for _ in range(times):
        process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    lines = err.decode("utf-8").splitlines()
    assert len(lines) == 1, err  # no blank line first, no traceback after
    return lines[0]


@pytest.mark.parametrize("times", [1, 3])
def test_ctrl_c_during_a_write_prints_one_line_and_changes_nothing(
    sample_db: Path, times: int
) -> None:
    before = sample_db.read_bytes()
    ready = sample_db.parent / "writing"
    writer = _start(
        sample_db,
        *("add", "Việc bị ngắt", "--lead", "HN-KHDT"),
        # Inside the write, before its commit (a commit, once begun, is never cut short).
        module=("tests.reliability.faulty_cli", "lock_acquired", "hang"),
        RELIABILITY_READY=str(ready),
    )
    wait_until(ready.exists, writer, "the write under way")
    assert _one_interrupted_line(writer, times) == "tracker: interrupted; nothing was changed"
    assert sample_db.read_bytes() == before


def test_ctrl_c_while_waiting_for_the_lock_prints_one_line(sample_db: Path) -> None:
    before = sample_db.read_bytes()
    ready = sample_db.parent / "holding"
    holder = _start(
        sample_db,
        *("add", "Việc giữ khóa", "--lead", "HN-KHDT"),
        module=("tests.reliability.faulty_cli", "before_replace", "hang"),
        RELIABILITY_READY=str(ready),
    )
    try:
        wait_until(ready.exists, holder, "the lock taken")
        # The waiter reads its file from a FIFO: once it has read it and closed it, the
        # next thing it does is wait for the lock (no length of time is guessed).
        fifo = sample_db.parent / "tasks.json"
        os.mkfifo(fifo)
        waiter = _start(sample_db, "--lock-timeout", "600", "import", str(fifo))
        with open(fifo, "wb") as stream:  # returns once the waiter has opened it
            stream.write(SAMPLE.read_bytes())
        fifo_fd = f"/proc/{waiter.pid}/fd"

        def fifo_closed() -> bool:
            return all(
                os.readlink(os.path.join(fifo_fd, fd)) != str(fifo) for fd in os.listdir(fifo_fd)
            )

        if os.path.isdir(fifo_fd):
            wait_until(fifo_closed, waiter, "the file read")
        line = _one_interrupted_line(waiter)
        assert line == "tracker: interrupted; nothing was changed"
        assert holder.poll() is None  # the holder still has it
    finally:
        holder.kill()
        holder.communicate(timeout=60)
    assert sample_db.read_bytes() == before


def test_ctrl_c_while_the_output_waits_on_a_full_pipe_prints_one_line(
    sample_db: Path, tmp_path: Path
) -> None:
    many = tmp_path / "many.json"
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    template = data["tasks"][0]
    data["tasks"] = [
        dict(template, uuid=f"00000000-0000-4000-8000-{n:012d}", history=[]) for n in range(2000)
    ]
    many.write_text(json.dumps(data), encoding="utf-8")
    assert run_tracker(sample_db, "import", str(many)).code == 0
    before = sample_db.read_bytes()
    lister = _start(sample_db, "export")  # far more than a pipe holds; nobody reads it yet
    assert lister.stdout is not None
    pipe = lister.stdout.fileno()
    capacity = fcntl.fcntl(pipe, 1032)  # F_GETPIPE_SZ

    def pipe_full() -> bool:
        waiting = array.array("i", [0])
        fcntl.ioctl(pipe, termios.FIONREAD, waiting)
        return waiting[0] >= capacity

    wait_until(pipe_full, lister, "the pipe full")
    assert _one_interrupted_line(lister) == "tracker: interrupted; nothing was changed"
    assert sample_db.read_bytes() == before


# Issue 12: first-week bugs of the command line -----------------------------------------


@pytest.mark.parametrize("terminal", ["none", "stdin", "stdout"])
def test_no_command_without_a_terminal_says_so_instead_of_starting_the_ui(
    sample_store: Path | str, terminal: str
) -> None:
    before = state_of(sample_store)
    master, slave = os.openpty()
    try:
        completed = subprocess.run(
            [sys.executable, "-m", "tracker"],
            env=cli_env(sample_store),
            stdin=slave if terminal == "stdin" else subprocess.PIPE,
            stdout=slave if terminal == "stdout" else subprocess.PIPE,
            stderr=subprocess.PIPE,
            input=None,
            timeout=60,
            check=False,
        )
    finally:
        os.close(slave)
        os.close(master)
    assert completed.returncode == 2
    lines = completed.stderr.decode().splitlines()
    assert len(lines) == 1
    assert "needs a terminal" in lines[0] and "tracker --help" in lines[0]
    assert state_of(sample_store) == before


def test_a_title_that_starts_with_a_dash_goes_after_double_dash(
    sample_store: Path | str, store_tracker: CliRunner
) -> None:
    added = store_tracker("add", "--lead", "HN-KHDT", "--", "-5% phí vận chuyển")
    assert added.code == 0, added.stderr
    shown = store_tracker("show", added.stdout.strip(), "--format", "json")
    assert json.loads(shown.stdout)["title"] == "-5% phí vận chuyển"
    helped = store_tracker("add", "--help")
    assert 'tracker add --lead HN-KHDT -- "-' in helped.stdout


def test_counts_in_messages_agree_with_their_number(tmp_path: Path, db: Path | str) -> None:
    one = {
        "format": "coop-tracker",
        "version": 2,
        "agencies": [{"code": "HN-KHDT", "name": "Sở KH&ĐT Hà Nội", "short": "", "locality": ""}],
        "agreements": [{"code": "HN-TN", "title": "Hợp tác", "parties": ["Hà Nội"]}],
        "meetings": [{"id": "m1", "title": "Họp", "date": "2019-06-21", "agreement": "HN-TN"}],
        "tasks": [
            {
                "uuid": "8c6f1f5e-1c1e-4a55-9a53-1f1d2b3c4d5e",
                "title": "Một việc",
                "lead": "HN-KHDT",
                "status": "open",
            }
        ],
    }
    source = tmp_path / "one.json"
    source.write_text(json.dumps(one), encoding="utf-8")
    first = run_tracker(db, "import", str(source))
    assert first.code == 0, first.stderr
    assert first.stdout.strip() == (
        "imported 1 task, 1 agency, 1 meeting, 1 agreement; 0 tasks were already present"
    )
    again = run_tracker(db, "import", str(source))
    assert "imported 0 tasks, 0 agencies, 0 meetings, 0 agreements;" in again.stdout
    assert "1 task was already present" in again.stdout
    listed_one = run_tracker(db, "list")
    assert listed_one.stderr.strip() == "1 task"
    run_tracker(db, "add", "Việc hai", "--lead", "HN-KHDT", "--due", "26/11/2026")
    assert run_tracker(db, "list").stderr.strip() == "2 tasks"
    closed = run_tracker(db, "close", "2")
    assert "(1 day after 26/11/2026)" in closed.stdout


def test_the_readme_interchange_example_imports_into_an_empty_database(
    tmp_path: Path, db: Path | str
) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## The interchange format") :]
    example = section[section.index("```json\n") + len("```json\n") :]
    example = example[: example.index("```")]
    source = tmp_path / "example.json"
    source.write_text(example, encoding="utf-8")
    result = run_tracker(db, "import", str(source))
    assert result.code == 0, result.stderr
    assert result.stdout.startswith("imported 1 task, 2 agencies, 1 meeting, 1 agreement;")


def test_areas_are_one_whatever_their_case_and_diacritics(tmp_path: Path, db: Path | str) -> None:
    assert run_tracker(db, "agencies", "add", "HN-KHDT", "Sở KH&ĐT Hà Nội").code == 0
    for title, area in [
        ("Việc một", "Nông nghiệp"),
        ("Việc hai", "nông nghiệp"),
        ("Việc ba", "NONG  NGHIEP"),
        ("Việc bốn", "Trade"),
    ]:
        added = run_tracker(db, "add", title, "--lead", "HN-KHDT", "--area", area)
        assert added.code == 0, added.stderr
    assert run_tracker(db, "update", "4", "--area", "nong nghiep").code == 0
    tasks = json.loads(run_tracker(db, "list", "--format", "json").stdout)
    assert [task["area"] for task in tasks] == ["Nông nghiệp"] * 4
    assert run_tracker(db, "update", "4", "--area", "TRADE").code == 0
    assert json.loads(run_tracker(db, "show", "4", "--format", "json").stdout)["area"] == "trade"
    # An import spells them the same way, and a report counts one area once.
    exported = json.loads(run_tracker(db, "export").stdout)
    exported["tasks"][0].update(uuid="0b6f1f5e-1c1e-4a55-9a53-1f1d2b3c4d5e", area="NÔNG NGHIỆP")
    exported["tasks"] = exported["tasks"][:1]
    source = tmp_path / "more.json"
    source.write_text(json.dumps(exported), encoding="utf-8")
    imported = run_tracker(db, "import", str(source))
    assert imported.code == 0, imported.stderr
    assert json.loads(run_tracker(db, "show", "5", "--format", "json").stdout)["area"] == (
        "Nông nghiệp"
    )
    report = json.loads(run_tracker(db, "report", "--format", "json").stdout)
    areas = {row["area"]: row["tasks"] for row in report["areas"]}
    assert areas == {"Nông nghiệp": 4, "trade": 1}
