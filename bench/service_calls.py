"""A command's own time: the service call alone, in a process that has imported everything.

Run by bench/run.py as `python bench/service_calls.py ARGS` with TRACKER_TODAY set; prints
one JSON object. A whole `tracker` process pays Python's start, click and our modules
(~0.1 s) and, on a server, `import psycopg` (~0.1 s more) before it does anything, so the
issue's "under 50 ms" for add, close and show on a server can only be judged on the work a
command does once started. That is what this times, per call:

    Tracker.open(location).<call>, then the store closed

which on a server is connect (and authenticate), check the tables' version, the
transaction, the commit. The calls are the ones the commands make: `add` add_task,
`close` close_tasks, `show` task_details, `report` render_report (the text report's
bytes), `overdue` and `search` listing. Each write starts from the same state, not timed:
a fresh copy of the file, or the server's work database made anew from its template. The
cyclic collector is off during the calls, as in a command (tracker/process.py).
"""

from __future__ import annotations

import argparse
import gc
import json
import shutil
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))  # `bench.server` when run as a script

from bench import server  # noqa: E402
from tracker.reports.render import ReportSpec  # noqa: E402
from tracker.service import NewTask, TaskFilter, Tracker  # noqa: E402

NEW_TITLE = "Tổ chức hội nghị xúc tiến đầu tư bổ sung"
SEARCH_QUERY = "phien cho"
WRITES = ("add", "close")
OPERATIONS = ("add", "close", "show", "report", "overdue", "search")


def call(operation: str, close_id: int) -> Callable[[Tracker], object]:
    """What the command `operation` asks of the service."""
    if operation == "add":
        new = NewTask(
            title=NEW_TITLE,
            lead="HN-KHDT",
            partners=("TN-KHDT",),
            due=date(2027, 3, 31),
            area="investment",
        )
        return lambda tracker: tracker.add_task(new)
    if operation == "close":
        return lambda tracker: tracker.close_tasks([close_id])
    if operation == "show":
        return lambda tracker: tracker.task_details(close_id)
    if operation == "report":
        return lambda tracker: tracker.render_report(
            ReportSpec(fmt="text", lang="en", as_of=tracker.today, agency=None, meeting=None)
        )
    if operation == "overdue":
        return lambda tracker: tracker.listing(TaskFilter(overdue=True))
    if operation == "search":
        return lambda tracker: tracker.listing(TaskFilter(search=SEARCH_QUERY))
    raise ValueError(operation)


def timed(location: Path | str, work: Callable[[Tracker], object]) -> float:
    """Seconds from opening the tracker to its store closed after `work`."""
    gc.collect()
    gc.disable()
    start = time.perf_counter()
    tracker = Tracker.open(location)
    try:
        work(tracker)
    finally:
        close = getattr(tracker.database, "close", None)
        if close is not None:
            close()
    elapsed = time.perf_counter() - start
    gc.enable()
    return elapsed


def measure(
    restore: Callable[[], None],
    write_location: Path | str,
    read_location: Path | str,
    close_id: int,
    operations: list[str],
    runs: int,
    warmup: int,
) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {}
    for operation in operations:
        work = call(operation, close_id)
        location = write_location if operation in WRITES else read_location
        times[operation] = []
        for number in range(warmup + runs):
            if operation in WRITES:
                restore()
            elapsed = timed(location, work)
            if number >= warmup:
                times[operation].append(elapsed)
    return times


def connect_times(dbname: str, runs: int) -> list[float]:
    """Seconds per `psycopg.connect` + close alone: the part of each call that is the
    connection and its authentication."""
    import psycopg

    address = server.url(dbname)
    times = []
    for _number in range(runs + 1):
        start = time.perf_counter()
        psycopg.connect(address).close()
        times.append(time.perf_counter() - start)
    return times[1:]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, required=True, help="the file store's database")
    parser.add_argument("--file-work", type=Path, required=True, help="its copy to write to")
    parser.add_argument("--size", type=int, help="the server databases of this size")
    parser.add_argument("--close-id", type=int, required=True, help="an open task's id")
    parser.add_argument("--server-close-id", type=int, help="its id on the server, if other")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--operations", nargs="+", default=list(OPERATIONS))
    args = parser.parse_args(argv)

    def restore_file() -> None:
        shutil.copyfile(args.file, args.file_work)

    result: dict[str, Any] = {
        "file": measure(
            restore_file,
            args.file_work,
            args.file,
            args.close_id,
            args.operations,
            args.runs,
            args.warmup,
        )
    }
    restore_file()
    if args.size is not None:
        template, read, write = server.names(args.size)

        def restore_server() -> None:
            server.create(write, template=template)

        result["server"] = measure(
            restore_server,
            server.url(write),
            server.url(read),
            args.server_close_id or args.close_id,
            args.operations,
            args.runs,
            args.warmup,
        )
        result["connect"] = connect_times(read, args.runs)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
