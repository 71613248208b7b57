"""Case 1: four command-line writers and the terminal UI write one file at once; nothing is lost.

Each writer does its own mix of add, update, note, close and reopen (see workload.py)
on tasks it added, and notes on three shared tasks of the sample. Afterwards the file
must be a valid database in which every acknowledged operation is present exactly once,
every refused one is absent, ids are unique, and nothing else changed.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from tests.conftest import ROOT, TODAY
from tests.reliability.budget import BUDGET, tally
from tests.reliability.harness import env_for, read_database, succeeded, temp_files, tracker
from tests.reliability.workload import SHARED_TASKS, expected_tasks, read_log, stored_view

CLI_WRITERS = 4


def start(module: str, *args: object, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", f"tests.reliability.{module}", *map(str, args)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_four_command_lines_and_the_terminal_ui_lose_nothing(db: Path, tmp_path: Path) -> None:
    before = read_database(db)
    go = tmp_path / "go"
    env = env_for(db, TEXTUAL_ANIMATIONS="none")
    logs = [tmp_path / f"cli{n}.jsonl" for n in range(CLI_WRITERS)] + [tmp_path / "tui.jsonl"]
    # Spread the command lines' work over the time the UI takes (about 0.25 s an
    # operation on two busy cores), so that all five writers really overlap.
    pause = 2 * 0.25 * BUDGET.tui_ops / BUDGET.cli_worker_ops
    ui = start("tui_worker", "tui", BUDGET.tui_ops, 1000, db, logs[-1], go, env=env)
    writers = [
        start(
            "cli_worker",
            f"cli{n}",
            BUDGET.cli_worker_ops,
            n,
            db,
            logs[n],
            go,
            BUDGET.exec_every,
            pause,
            env=env,
        )
        for n in range(CLI_WRITERS)
    ]
    # Start everyone together once the UI shows its first screen.
    deadline = time.monotonic() + 120
    while not Path(f"{go}.ready").exists() and ui.poll() is None:
        assert time.monotonic() < deadline, "the UI never showed its first screen"
        time.sleep(0.02)  # wait-ok: poll interval of a wait for the UI's ready file, bounded above
    go.write_text("go")
    started = time.monotonic()
    for process in [*writers, ui]:
        _, err = process.communicate(timeout=900)
        assert process.returncode == 0, f"a writer failed: {err[-3000:]}"
    elapsed = time.monotonic() - started

    records = [record for log in logs for record in read_log(log)]
    assert len(records) == CLI_WRITERS * BUDGET.cli_worker_ops + BUDGET.tui_ops
    acknowledged = [r for r in records if r["acknowledged"]]
    refused = [r for r in records if not r["acknowledged"]]
    for record in refused:
        # A refusal is our one-line error (a lock timeout, say), never a crash.
        if "stderr" in record:
            assert record["code"] in (1, 2) and record["stderr"].count("\n") == 1, record
            assert "internal error" not in record["stderr"], record
    tally("case 1: operations run (4 command lines + terminal UI)", len(records))
    tally("case 1: operations acknowledged", len(acknowledged))
    tally(
        "case 1: of which by a fresh `tracker` process",
        sum(r.get("fresh_process", 0) for r in records),
    )
    tally("case 1: operations refused (each checked absent)", len(refused))

    # The file is valid, for the store and for a fresh `tracker` process.
    after = read_database(db)
    json.loads(db.read_bytes())
    listed = json.loads(succeeded(tracker(db, "list", "--format", "json")))
    assert temp_files(db) == []

    # Ids and uuids are unique; the new ids are exactly those the writers were given.
    ids = [task["id"] for task in listed]
    assert len(ids) == len(set(ids)) == len(after["tasks"])
    assert len({task["uuid"] for task in listed}) == len(listed)
    added = {r["task"] for r in acknowledged if r["op"] == "add"}
    assert len(added) == sum(1 for r in acknowledged if r["op"] == "add")
    assert set(after["tasks"]) == set(before["tasks"]) | {str(i) for i in added}

    # Every acknowledged operation on the writers' own tasks is there, in order.
    lost = 0
    for task_id, expected in expected_tasks(records, TODAY).items():
        stored = after["tasks"][str(task_id)]
        actual, wanted = stored_view(stored), expected.seen()
        lost += actual != wanted
        assert actual == wanted, f"task #{task_id}"
        if expected.meeting is not None or expected.area is not None:
            assert (stored["meeting"], stored["area"]) == (expected.meeting, expected.area)

    # Every acknowledged note on a shared task is there once, after the old history,
    # and each writer's notes keep their order; refused ones are not there.
    for task_id in SHARED_TASKS:
        old: dict[str, Any] = before["tasks"][str(task_id)]
        new: dict[str, Any] = after["tasks"][str(task_id)]
        assert new["history"][: len(old["history"])] == old["history"]
        appended = new["history"][len(old["history"]) :]
        notes = [r for r in acknowledged if r["op"] == "shared_note" and r["task"] == task_id]
        assert Counter(e["text"] for e in appended) == Counter(r["text"] for r in notes)
        assert all(e["kind"] == "note" and e["at"].startswith(TODAY.isoformat()) for e in appended)
        for writer in {r["writer"] for r in notes}:
            theirs = [r["text"] for r in notes if r["writer"] == writer]
            assert [e["text"] for e in appended if e["text"] in theirs] == theirs
        unchanged = {k: v for k, v in new.items() if k not in ("history", "updated")}
        assert unchanged == {k: v for k, v in old.items() if k not in ("history", "updated")}

    # Refused operations left no trace.
    every_text = json.dumps(after, ensure_ascii=False)
    for record in refused:
        marker = f"{record['writer']}-{record['n']} "
        assert marker not in every_text, f"refused but present: {record}"

    # Nothing else changed.
    for task_id, task in before["tasks"].items():
        if int(task_id) not in SHARED_TASKS:
            assert after["tasks"][task_id] == task
    for table in ("meta", "agencies", "agreements", "meetings"):
        assert after[table] == before[table]
    tally("case 1: acknowledged operations lost or corrupted", lost)
    ui_seconds = [r["seconds"] for r in records if r["writer"] == "tui"]
    print(
        f"case 1: {len(records)} operations in {elapsed:.1f} s; "
        f"UI save median {sorted(ui_seconds)[len(ui_seconds) // 2]:.3f} s"
    )
