"""Case 16: several command-line writers change one server database at once; nothing is lost.

The same writers as case 1 (workload.py: add, update, note, close and reopen their own
tasks, and note on three shared tasks of the sample), each a process of its own, some of
whose commands are fresh `tracker` processes, all against one PostgreSQL database. After
them every acknowledged operation is there exactly once, every refused one is absent,
the ids are 1..N without a gap or a duplicate, and nothing else changed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

from tests.conftest import ROOT, TODAY
from tests.reliability.budget import BUDGET, tally
from tests.reliability.harness import env_for, succeeded, tracker
from tests.reliability.server_harness import (
    server_sample,
    stored,
    tracker_backends,
    wait_for,
)
from tests.reliability.workload import SHARED_TASKS, expected_tasks, read_log, stored_view

__all__ = ["server_sample"]  # the fixture, used by name

WRITERS = 5


def test_writers_on_one_server_lose_nothing_and_leave_no_gaps(
    server_sample: str, tmp_path: Path
) -> None:
    url = server_sample
    before = stored(url)
    go = tmp_path / "go"
    logs = [tmp_path / f"cli{n}.jsonl" for n in range(WRITERS)]
    writers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.reliability.cli_worker",
                f"cli{n}",
                str(BUDGET.server_writer_ops),
                str(100 + n),
                url,
                str(logs[n]),
                str(go),
                str(BUDGET.exec_every),
                "0.02",
            ],
            env=env_for(url),
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(WRITERS)
    ]
    go.write_text("go")
    for process in writers:
        _, err = process.communicate(timeout=900)
        assert process.returncode == 0, f"a writer failed: {err[-3000:]}"

    records = [record for log in logs for record in read_log(log)]
    assert len(records) == WRITERS * BUDGET.server_writer_ops
    acknowledged = [r for r in records if r["acknowledged"]]
    refused = [r for r in records if not r["acknowledged"]]
    for record in refused:
        # A refusal is our one-line error (the lock's timeout, say), never a crash.
        assert record["code"] in (1, 2) and record["stderr"].count("\n") == 1, record
        assert "internal error" not in record["stderr"], record
    tally(f"case 16: server: operations by {WRITERS} command-line writers at once", len(records))
    tally("case 16: ... acknowledged", len(acknowledged))
    tally(
        "case 16: ... of which by a fresh `tracker` process",
        sum(r["fresh_process"] for r in records),
    )
    tally("case 16: ... refused (each checked absent)", len(refused))

    after = stored(url)
    listed = json.loads(succeeded(tracker(url, "list", "--format", "json")))
    # Ids: 1..N, each once; the new ones exactly those the writers were given.
    ids = sorted(int(task_id) for task_id in after["tasks"])
    assert ids == list(range(1, len(ids) + 1))
    assert sorted(task["id"] for task in listed) == ids
    assert len({task["uuid"] for task in listed}) == len(listed)
    added = [r["task"] for r in acknowledged if r["op"] == "add"]
    assert len(added) == len(set(added))
    assert set(after["tasks"]) == set(before["tasks"]) | {str(i) for i in added}
    # One revision per change that was made (a refused one made none).
    assert after["meta"]["revision"] == before["meta"]["revision"] + len(acknowledged)

    # Every acknowledged operation on the writers' own tasks is there, events and all.
    lost = 0
    for task_id, expected in expected_tasks(records, TODAY).items():
        task = after["tasks"][str(task_id)]
        actual, wanted = stored_view(task), expected.seen()
        lost += actual != wanted
        assert actual == wanted, f"task #{task_id}"
        assert all(e["by"]["role"] for e in task["history"]), f"task #{task_id}: no role"

    # Every acknowledged note on a shared task is there once, in each writer's order.
    for task_id in SHARED_TASKS:
        old = before["tasks"][str(task_id)]
        new = after["tasks"][str(task_id)]
        assert new["history"][: len(old["history"])] == old["history"]
        appended = new["history"][len(old["history"]) :]
        notes = [r for r in acknowledged if r["op"] == "shared_note" and r["task"] == task_id]
        assert Counter(e["text"] for e in appended) == Counter(r["text"] for r in notes)
        for writer in {r["writer"] for r in notes}:
            theirs = [r["text"] for r in notes if r["writer"] == writer]
            assert [e["text"] for e in appended if e["text"] in theirs] == theirs
        unchanged = {k: v for k, v in new.items() if k not in ("history", "updated")}
        assert unchanged == {k: v for k, v in old.items() if k not in ("history", "updated")}

    # Refused operations left no trace; the other tasks are as they were.
    every_text = json.dumps(after, ensure_ascii=False)
    for record in refused:
        assert f"{record['writer']}-{record['n']} " not in every_text, record
    for key, task in before["tasks"].items():
        if int(key) not in SHARED_TASKS:
            assert after["tasks"][key] == task
    wait_for(lambda: tracker_backends(url) == [], "every writer's session ended with it")
    tally("case 16: ... acknowledged operations lost or corrupted", lost)
    tally("case 16: ... ids missing or given twice", 0)
