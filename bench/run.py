"""The benchmark: tracker vs Taskwarrior 2.6 vs stock TinyDB, the TUI headless, peak memory.

`make bench` (1,000, 10,000 and 100,000 tasks; writes bench/RESULTS.md) or `make bench-quick`
(1,000 and 10,000; writes bench/out/RESULTS-quick.md). See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from bench import results, server, taskwarrior
from bench.environment import machine, versions
from bench.generate import generate
from bench.timing import Command, MemoryMeter, Stats, Timer, child_environment, gnu_time

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
OUT = BENCH / "out"
TODAY = "2026-11-27"
ENV = {"TRACKER_TODAY": TODAY}
PERIOD = "2026-Q3"  # 15/06/2026 - 14/09/2026, the last quarter ended by TODAY
FULL_SIZES = (1_000, 10_000, 100_000)
QUICK_SIZES = (1_000, 10_000)

OPERATIONS = results.OPERATIONS  # (key, tracker, Taskwarrior, stock TinyDB)
NEW_TITLE = "Tổ chức hội nghị xúc tiến đầu tư bổ sung"
NEW_DUE = "2027-03-31"
OPEN_STATUSES = ("open", "in_progress", "blocked")
# Each tool's export of its own database, imported back into it (a full merge).
EXPORT = "tracker-export.json"
TASK_EXPORT = "taskwarrior-export.json"

_started = time.perf_counter()


def log(message: str) -> None:
    print(f"[{time.perf_counter() - _started:6.1f}s] {message}", flush=True)


def tracker_executable() -> list[str]:
    script = Path(sys.executable).parent / "tracker"
    return [str(script)] if script.exists() else [sys.executable, "-m", "tracker"]


def seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def summary(stats: Stats) -> str:
    if not stats.ok:
        return f"FAILED ({stats.error})"
    return f"{seconds(stats.median)} [IQR {seconds(stats.q1)}-{seconds(stats.q3)}]"


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.tracker = tracker_executable()
        self.python = sys.executable
        use_hyperfine = not args.no_hyperfine and self._ensure_tool("hyperfine", "hyperfine")
        if gnu_time() is None:
            self._ensure_tool("time", "time")
        self.memory = MemoryMeter(gnu_time())
        if self.memory.time_path is None:
            log("  GNU time unavailable: peak memory is not measured")
        self.timer = Timer(args.runs, args.warmup, use_hyperfine)
        self.task = None if args.no_taskwarrior else taskwarrior.install(log)
        self.task_version = taskwarrior.version(self.task) if self.task else None
        self.task_note = None
        if args.no_taskwarrior:
            self.task_note = "skipped (--no-taskwarrior)"
        elif self.task is None:
            self.task_note = "skipped: Taskwarrior is not installed and apt could not install it"
        elif self.task_version and not taskwarrior.is_2_6(self.task_version):
            self.task_note = f"version {self.task_version} is not the 2.6 DESIGN.md compares with"
        if self.task_note:
            log(f"Taskwarrior: {self.task_note}")
        # Issue 18: the server store beside the file, on the server tools/with_postgres.sh
        # started for the run (make bench); without one the bench says so and goes on.
        self.server_note = "skipped (--no-server)" if args.no_server else server.unavailable()
        self.server_version = None if self.server_note else server.server_version()
        if self.server_note:
            log(f"PostgreSQL server: not measured: {self.server_note}")
        else:
            log(f"PostgreSQL server {self.server_version}: {server.url('DBNAME')}")

    @staticmethod
    def _ensure_tool(executable: str, package: str) -> bool:
        if shutil.which(executable):
            return True
        log(f"{executable} is missing: installing the Debian package {package} with apt ...")
        if taskwarrior.apt_install(package, log) and shutil.which(executable):
            return True
        log(f"  {executable} is unavailable")
        return False

    # One size ----------------------------------------------------------------

    def run_size(self, count: int, runs: int) -> dict[str, Any]:
        folder = OUT / str(count)
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        log(f"== {count:,} tasks: generating the interchange file")
        setup: dict[str, Any] = {}
        start = time.perf_counter()
        data = generate(count)
        interchange = folder / "interchange.json"
        interchange.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        setup["generate_s"] = time.perf_counter() - start

        database = folder / "tracker.json"
        start = time.perf_counter()
        rss, code, _out, stderr = self.memory.run(
            [*self.tracker, "--db", str(database), "import", str(interchange)], self._env()
        )
        elapsed = time.perf_counter() - start
        if code != 0:
            raise SystemExit(f"tracker import failed: {stderr.strip()}")
        setup["import_s"] = elapsed
        setup["import_rss_kb"] = rss
        setup["database_bytes"] = database.stat().st_size
        log(f"   tracker import: {seconds(elapsed)}, {setup['database_bytes'] / 1e6:.1f} MB")

        target = next(task for task in data["tasks"] if task["status"] in OPEN_STATUSES)
        close_id = self._tracker_id(database, target["uuid"])
        setup["close_id"] = close_id
        stock = folder / "tinydb.json"
        shutil.copyfile(database, stock)

        tw = self._populate_taskwarrior(folder, data, setup)
        del data  # keep the harness small while it runs the commands
        tw_close = tw.working_id(target["uuid"]) if tw else None
        setup["taskwarrior_close_id"] = tw_close
        self._own_exports(folder, database, tw, setup)
        server_close = self._populate_server(count, interchange, target["uuid"], setup)

        commands = self._commands(folder, database, stock, close_id, tw, tw_close)
        if server_close is not None:
            self._server_commands(commands, count, server_close)
        cli: dict[str, dict[str, Any]] = {}
        for key, tracker_name, task_name, stock_name in OPERATIONS:
            row: dict[str, Any] = {}
            for tool, name in (
                ("tracker", tracker_name),
                ("server", f"{tracker_name} [server]"),
                ("taskwarrior", task_name),
                ("tinydb", f"stock TinyDB {stock_name}"),
            ):
                command = commands[key].get(tool)
                if command is None:
                    continue
                stats = self.timer.time(command, runs)
                row[tool] = stats.to_json()
                log(f"   {name:<24} {summary(stats)}")
            cli[key] = row

        log("   peak memory and output size (one run each, under GNU time)")
        memory: dict[str, dict[str, Any]] = {}
        for key, *_names in OPERATIONS:
            memory[key] = {}
            for tool, command in commands[key].items():
                memory[key][tool] = self.memory.peak(command)
        log(
            "   tracker peak RSS: "
            + ", ".join(f"{key} {_mb(memory[key]['tracker'])}" for key, *_n in OPERATIONS)
        )

        calls = self.run_service_calls(folder, database, count, close_id, server_close, runs)
        if server_close is not None:
            server.drop(*server.names(count))
        documents = {} if self.args.no_documents else self.run_documents(folder, database, count)
        tui = self.run_tui(database, count)
        return {
            "count": count,
            "setup": setup,
            "cli": cli,
            "memory": memory,
            "calls": calls,
            "documents": documents,
            "tui": tui,
        }

    # The server store (issue 18) ---------------------------------------------

    def _populate_server(
        self, count: int, interchange: Path, uuid: str, setup: dict[str, Any]
    ) -> int | None:
        """The size's databases on the server (bench/server.py), filled with `tracker
        import` of the same interchange file; the id of the task `close` closes there."""
        if self.server_note:
            return None
        template, read, _work = server.names(count)
        server.create(template)
        address = server.url(template)
        rss, code, _out, stderr = self.memory.run([*self.tracker, "init-db", address], self._env())
        if code == 0:
            start = time.perf_counter()
            rss, code, _out, stderr = self.memory.run(
                [*self.tracker, "--db", address, "import", str(interchange)], self._env()
            )
            elapsed = time.perf_counter() - start
        if code != 0:
            raise SystemExit(f"tracker init-db or import on the server failed: {stderr.strip()}")
        setup["server_import_s"] = elapsed
        setup["server_import_rss_kb"] = rss
        server.settle(template)
        server.create(read, template=template)
        setup["server_bytes"] = server.size_bytes(template)
        log(
            f"   tracker import [server]: {seconds(elapsed)}, "
            f"database {setup['server_bytes'] / 1e6:.1f} MB"
        )
        close_id = server.task_id(template, uuid)
        setup["server_close_id"] = close_id
        return close_id

    def _server_commands(
        self, commands: dict[str, dict[str, Command]], count: int, close_id: int
    ) -> None:
        """The server's column: the same commands with --db URL. A write runs on the work
        database made anew from the template before each run (not timed); reads run on
        the read copy, which they leave as it was."""
        template, read, work = server.names(count)
        restore = [self.python, str(BENCH / "server.py"), "reset", template, work]

        def on(dbname: str, *args: str) -> Command:
            prepare = restore if dbname == work else None
            return Command([*self.tracker, "--db", server.url(dbname), *args], prepare, ENV)

        add = commands["add"]["tracker"].argv[len(self.tracker) + 2 :]  # after --db FILE
        commands["add"]["server"] = on(work, *add)
        commands["close"]["server"] = on(work, "close", str(close_id))
        commands["show"]["server"] = on(read, "show", str(close_id))
        commands["overdue"]["server"] = on(read, "list", "--overdue")
        commands["report"]["server"] = on(read, "report")
        commands["search"]["server"] = on(read, "list", "--search", results.SEARCH_QUERY)

    def run_service_calls(
        self,
        folder: Path,
        database: Path,
        count: int,
        close_id: int,
        server_close: int | None,
        runs: int,
    ) -> dict[str, Any]:
        """The commands' own time, in a process that has imported everything
        (bench/service_calls.py): the file store's and, with a server, the server's."""
        argv = [
            self.python,
            str(BENCH / "service_calls.py"),
            "--file",
            str(database),
            "--file-work",
            str(folder / "service-work.json"),
            "--close-id",
            str(close_id),
            "--runs",
            str(runs),
            "--warmup",
            str(self.args.warmup),
        ]
        if server_close is not None:
            argv += ["--size", str(count), "--server-close-id", str(server_close)]
        log(f"   service calls in one process: {runs} timed runs each")
        done = subprocess.run(argv, env=self._env(), capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise SystemExit(f"bench/service_calls.py failed:\n{done.stderr}")
        calls: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
        for store in ("file", "server"):
            for key, times in calls.get(store, {}).items():
                median = statistics.median(times)
                log(f"   {store:<6} {key:<8} {median * 1000:6.1f} ms (call only)")
        if "connect" in calls:
            log(f"   server connect alone: {statistics.median(calls['connect']) * 1000:.1f} ms")
        return calls

    def run_documents(self, folder: Path, database: Path, count: int) -> dict[str, Any]:
        """Issue 16: the report as a Word document and a workbook, the task list and the
        export as workbooks, each written to a file; time and peak memory."""
        runs = self.args.document_runs or (3 if count >= 100_000 else 5)
        log(f"   documents and workbooks: {runs} timed runs each, no warm-up")
        # Seconds each at 100,000 tasks: one warm-up would add a minute to the bench.
        timer = Timer(runs, 0, self.timer.hyperfine is not None)
        work = folder / "tracker-work.json"
        restore = ["cp", str(database), str(work)]
        measured: dict[str, Any] = {}
        for key, name, extension in results.DOCUMENTS:
            target = folder / f"{key}.{extension}"
            target.unlink(missing_ok=True)
            argv = name.split()[1:-1]  # "tracker ... --output F": the arguments, less F
            command = Command([*self.tracker, "--db", str(work), *argv, str(target)], restore, ENV)
            stats = timer.time(command, runs)
            row: dict[str, Any] = {"time": stats.to_json(), "memory": self.memory.peak(command)}
            if target.exists():
                row["file_bytes"] = target.stat().st_size
            measured[key] = row
            peak = row["memory"].get("rss_kb")
            log(
                f"   {name:<42} {summary(stats)}" + (f", peak {peak / 1024:.0f} MB" if peak else "")
            )
        return measured

    def _env(self) -> dict[str, str]:
        return child_environment(ENV)

    @staticmethod
    def _tracker_id(database: Path, uuid: str) -> int:
        import msgspec  # the venv has it: the tracker depends on it

        tasks = msgspec.json.decode(database.read_bytes())["tasks"]
        return next(int(doc_id) for doc_id, doc in tasks.items() if doc["uuid"] == uuid)

    def _populate_taskwarrior(
        self, folder: Path, data: dict[str, Any], setup: dict[str, Any]
    ) -> taskwarrior.TaskData | None:
        if self.task is None:
            return None
        # Taskwarrior judges deadlines by the real clock: move its dates so that the same
        # tasks are overdue for it today as for the tracker on TRACKER_TODAY.
        shift = date.today() - date.fromisoformat(TODAY)
        setup["taskwarrior_shift_days"] = shift.days
        start = time.perf_counter()
        try:
            tw = taskwarrior.populate(
                self.task, folder, taskwarrior.to_taskwarrior(data, timedelta(days=shift.days))
            )
        except (RuntimeError, OSError) as error:
            log(f"   Taskwarrior could not be filled: {error}")
            setup["taskwarrior_error"] = str(error)
            return None
        setup["taskwarrior_import_s"] = time.perf_counter() - start
        log(f"   task import: {seconds(setup['taskwarrior_import_s'])}")
        return tw

    def _own_exports(
        self,
        folder: Path,
        database: Path,
        tw: taskwarrior.TaskData | None,
        setup: dict[str, Any],
    ) -> None:
        """Each tool's export of its own tasks, for the import of a file whose every task
        the database already has (issue 17: a full merge)."""
        start = time.perf_counter()
        done = subprocess.run(
            [*self.tracker, "--db", str(database), "export", "--output", str(folder / EXPORT)],
            env=self._env(),
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise SystemExit(f"tracker export failed: {done.stderr.strip()}")
        setup["export_s"] = time.perf_counter() - start
        log(f"   tracker export: {seconds(setup['export_s'])}")
        if tw is not None:
            (folder / TASK_EXPORT).write_text(tw.run("rc.json.array=on", "export"))

    def _commands(
        self,
        folder: Path,
        database: Path,
        stock: Path,
        close_id: int,
        tw: taskwarrior.TaskData | None,
        tw_close: int | None,
    ) -> dict[str, dict[str, Command]]:
        work = folder / "tracker-work.json"
        restore = ["cp", str(database), str(work)]
        stock_work = folder / "tinydb-work.json"
        stock_restore = ["cp", str(stock), str(stock_work)]
        tracker = [*self.tracker, "--db", str(work)]
        script = str(BENCH / "stock_tinydb.py")

        def ours(*args: str) -> Command:
            return Command([*tracker, *args], restore, ENV)

        def stock_op(operation: str, *rest: str) -> Command:
            return Command(
                [self.python, script, operation, str(stock_work), *rest], stock_restore, ENV
            )

        add = (
            "--lead",
            "HN-KHDT",
            "--partner",
            "TN-KHDT",
            "--due",
            NEW_DUE,
            "--area",
            "investment",
        )
        commands: dict[str, dict[str, Command]] = {
            "add": {"tracker": ours("add", NEW_TITLE, *add), "tinydb": stock_op("insert")},
            "close": {
                "tracker": ours("close", str(close_id)),
                "tinydb": stock_op("update", str(close_id)),
            },
            "show": {
                "tracker": ours("show", str(close_id)),
                "tinydb": stock_op("get", str(close_id)),
            },
            "overdue": {"tracker": ours("list", "--overdue"), "tinydb": stock_op("query")},
            "report": {"tracker": ours("report"), "tinydb": stock_op("report")},
            "remind": {"tracker": ours("remind"), "tinydb": stock_op("report")},
            # The last quarter ended before TODAY: a period report on the same tasks.
            "report_period": {
                "tracker": ours("report", "--period", PERIOD),
                "tinydb": stock_op("report"),
            },
            "search": {
                "tracker": ours("list", "--search", results.SEARCH_QUERY),
                "tinydb": stock_op("search", results.SEARCH_QUERY),
            },
        }
        commands["import_merge"] = {"tracker": ours("import", str(folder / EXPORT))}
        if tw is not None and tw_close is not None:
            commands["import_merge"]["taskwarrior"] = tw.command(
                "import", str(folder / TASK_EXPORT)
            )
            commands["add"]["taskwarrior"] = tw.command(
                "add", NEW_TITLE, "project:HN-KHDT", f"due:{NEW_DUE}", "+investment"
            )
            commands["close"]["taskwarrior"] = tw.command(str(tw_close), "done")
            commands["show"]["taskwarrior"] = tw.command(str(tw_close), "info")
            commands["overdue"]["taskwarrior"] = tw.command("overdue")
            commands["report"]["taskwarrior"] = tw.command("summary")
            commands["remind"]["taskwarrior"] = tw.command("summary")
            commands["report_period"]["taskwarrior"] = tw.command("summary")
            commands["search"]["taskwarrior"] = tw.command(f"/{results.SEARCH_WORDS}/", "list")
        # Keep the order tracker, server, Taskwarrior, TinyDB for the log and the tables.
        order = ("tracker", "server", "taskwarrior", "tinydb")
        return {
            key: {tool: row[tool] for tool in order if tool in row} for key, row in commands.items()
        }

    # The terminal UI ---------------------------------------------------------

    def run_tui(self, database: Path, count: int) -> dict[str, Any]:
        runs = self.args.tui_runs
        log(f"   TUI headless: 1 warm-up + {runs} fresh processes (the last also times keys)")
        measured: dict[str, Any] = {
            "first_screen_process": [],
            "first_screen_app": [],
            "search_ready": [],
            "startup_imports": [],
            "peak_rss_kb": [],
        }
        for number in range(runs + 1):
            keys = number == runs
            probe, rss = self._probe(database, keys)
            if number == 0:
                continue
            spawned = probe["spawned"]
            measured["first_screen_process"].append(probe["first_data"] - spawned)
            measured["first_screen_app"].append(probe["first_data"] - probe["app_start"])
            measured["search_ready"].append(probe["search_ready"] - spawned)
            measured["startup_imports"].append(probe["imported"] - spawned)
            measured["peak_rss_kb"].append(rss)
            measured["rows"] = probe["rows"]
            if keys:
                measured["keys"] = {
                    kind: probe[kind] for kind in ("move", "view", "open_search", "filter")
                }
                measured["filter_rows"] = probe["filter_rows"]
        first = statistics.median(measured["first_screen_process"])
        log(
            f"   TUI first screen with data: median {seconds(first)} "
            f"from process start ({measured['rows']:,} rows)"
        )
        for kind in ("move", "view", "filter"):
            shown = statistics.median(measured["keys"][kind]["table"])
            log(f"   TUI {kind:<6} keystroke: median {shown:.1f} ms until the table shows it")
        return measured

    def _probe(self, database: Path, keys: bool) -> tuple[dict[str, Any], int | None]:
        argv = [self.python, str(BENCH / "tui_probe.py"), str(database)]
        if keys:
            argv.append("--keys")
        spawned = time.time()
        rss, code, stdout, stderr = self.memory.run(argv, self._env(), capture=True)
        if code != 0:
            raise SystemExit(f"TUI probe failed:\n{stderr}")
        probe = json.loads(stdout.strip().splitlines()[-1])
        probe["spawned"] = spawned
        # Not the probe's own RUSAGE_SELF figure: it would include this harness's memory.
        return probe, rss


def _mb(value: dict[str, Any]) -> str:
    return f"{value['rss_kb'] / 1024:.0f} MB" if "rss_kb" in value else "not measured"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 and 10,000 tasks only")
    parser.add_argument("--sizes", type=int, nargs="+", help="task counts (overrides --quick)")
    parser.add_argument("--runs", type=int, default=None, help="timed runs per command")
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs before those")
    parser.add_argument("--tui-runs", type=int, default=5, help="TUI processes per size")
    parser.add_argument("--output", type=Path, help="where to write the results (Markdown)")
    parser.add_argument("--no-hyperfine", action="store_true", help="use the Python timer")
    parser.add_argument("--no-taskwarrior", action="store_true", help="skip Taskwarrior")
    parser.add_argument(
        "--no-server", action="store_true", help="skip the PostgreSQL server store's rows"
    )
    parser.add_argument(
        "--no-documents", action="store_true", help="skip the docx and xlsx commands"
    )
    parser.add_argument(
        "--document-runs", type=int, help="timed runs of each document command (3 at 100k, else 5)"
    )
    args = parser.parse_args(argv)
    sizes = tuple(args.sizes) if args.sizes else QUICK_SIZES if args.quick else FULL_SIZES
    quick = set(sizes) != set(FULL_SIZES)
    output = (
        args.output or (OUT / "RESULTS-quick.md" if quick else BENCH / "RESULTS.md")
    ).resolve()
    OUT.mkdir(parents=True, exist_ok=True)

    started = datetime.now().astimezone()
    bench = Bench(args)
    log(f"timer: {bench.timer.name}; sizes: {', '.join(f'{n:,}' for n in sizes)}")
    report: dict[str, Any] = {
        "started": started.isoformat(timespec="seconds"),
        "command": "python -m bench " + " ".join(argv if argv is not None else sys.argv[1:]),
        "quick": quick,
        "today": TODAY,
        "timer": bench.timer.name,
        "warmup": args.warmup,
        "machine": machine(),
        "versions": {
            **versions(ROOT),
            "taskwarrior": bench.task_version or "not available",
            "hyperfine": _hyperfine_version() if bench.timer.hyperfine else "not used",
        },
        "taskwarrior_note": bench.task_note,
        "server": {
            "note": bench.server_note,
            "version": bench.server_version,
            "transport": server.transport(),
            "imports": _import_times(bench.python),
        },
        "taskrc": list(taskwarrior.TASKRC_SETTINGS),
        "load_start": os.getloadavg()[0],
        "sizes": {},
    }
    for count in sizes:
        runs = args.runs or (5 if count >= 100_000 else 10)
        result = bench.run_size(count, runs)
        result["runs"] = runs
        report["sizes"][str(count)] = result
    report["duration_s"] = time.perf_counter() - _started
    report["load_end"] = os.getloadavg()[0]
    (OUT / ("results-quick.json" if quick else "results.json")).write_text(
        json.dumps(report, indent=1, ensure_ascii=False)
    )
    results.write(output, report)
    log(f"done in {report['duration_s']:.0f} s: wrote {output}")
    for line in results.target_lines(report):
        print(line)


def _import_times(python: str, runs: int = 5) -> dict[str, float]:
    """Median seconds of `import psycopg` in a fresh process (-X importtime): alone, and
    after the modules every tracker command imports, i.e. what a command on a server
    pays on top of one on a file."""
    measured: dict[str, float] = {}
    for key, code in (
        ("psycopg_alone", "import psycopg"),
        ("psycopg_after_tracker", "import tracker.cli.commands, tracker.service; import psycopg"),
    ):
        times = []
        for _number in range(runs):
            done = subprocess.run(
                [python, "-X", "importtime", "-c", code],
                env=child_environment(),
                capture_output=True,
                text=True,
                check=False,
            )
            for line in done.stderr.splitlines():
                parts = line.split("|")
                if len(parts) == 3 and parts[2].strip() == "psycopg":
                    times.append(int(parts[1]) / 1e6)
        if times:
            measured[key] = statistics.median(times)
    return measured


def _hyperfine_version() -> str:
    done = subprocess.run(["hyperfine", "--version"], capture_output=True, text=True, check=False)
    return done.stdout.strip().removeprefix("hyperfine ")


if __name__ == "__main__":
    main()
