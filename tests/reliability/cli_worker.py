"""One command-line writer of the concurrent-writers case: N mixed `tracker` commands.

    python -m tests.reliability.cli_worker NAME OPS SEED DB LOG GO EXEC_EVERY PAUSE

Waits for the file GO to exist (so that every writer starts together), then runs OPS
operations. Most run the real command line (`tracker.cli.main`) inside this process,
one after another as a shell script would; every EXEC_EVERY-th is a fresh
`python -m tracker` process. Between two operations it pauses up to PAUSE seconds, so
that its work spreads over the time the UI takes. Each operation and its outcome is
appended to LOG.
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from tests.reliability.workload import Writer, cli_arguments, write_log
from tracker.cli import main as tracker_main


def run_in_process(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            tracker_main(args)
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else 1
    return code, out.getvalue(), err.getvalue()


def run_process(args: list[str]) -> tuple[int, str, str]:
    done = subprocess.run(
        [sys.executable, "-m", "tracker", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    return done.returncode, done.stdout, done.stderr


def main() -> None:
    name, ops, seed, db, log, go, exec_every, pause = sys.argv[1:]
    writer = Writer(name, random.Random(int(seed)))
    pace = random.Random(int(seed) + 1)
    os.environ["TRACKER_DB"] = db
    deadline = time.monotonic() + 120
    while not Path(go).exists():
        if time.monotonic() > deadline:
            raise SystemExit("never told to start")
        time.sleep(0.01)  # wait-ok: poll interval of a wait for the go file
    for number in range(int(ops)):
        record: dict[str, Any] = writer.next_operation(number)
        args = ["--db", db, *cli_arguments(record)]
        fresh_process = (number + 1) % int(exec_every) == 0
        code, out, err = (run_process if fresh_process else run_in_process)(args)
        record.update(
            fresh_process=fresh_process,
            code=code,
            stdout=out,
            stderr=err,
            acknowledged=code == 0,
        )
        if code == 0 and record["op"] == "add":
            record["task"] = int(out.strip())
        if code == 0:
            writer.acknowledged(record)
        write_log(Path(log), record)
        # Random pacing between operations, so writers interleave differently.
        time.sleep(pace.uniform(0, float(pause)))  # wait-ok: pacing, not a wait on state


if __name__ == "__main__":
    main()
