"""Timing whole processes (hyperfine, or a careful Python timer) and their peak memory."""

from __future__ import annotations

import json
import math
import os
import shlex
import shutil
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Stats:
    """Wall times of one command, in seconds, after the warm-up runs."""

    times: list[float] = field(default_factory=list)
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and bool(self.times)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def q1(self) -> float:
        return quartiles(self.times)[0]

    @property
    def q3(self) -> float:
        return quartiles(self.times)[2]

    def to_json(self) -> dict[str, object]:
        if not self.ok:
            return {"error": self.error or "no runs"}
        return {
            "median": self.median,
            "q1": self.q1,
            "q3": self.q3,
            "min": min(self.times),
            "max": max(self.times),
            "times": self.times,
        }


def quartiles(values: list[float]) -> tuple[float, float, float]:
    if len(values) == 1:
        return values[0], values[0], values[0]
    q1, q2, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, q2, q3


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: the smallest value with at least `share` of them at or below."""
    ordered = sorted(values)
    rank = max(1, math.ceil(round(share * len(ordered), 9)))
    return ordered[min(rank, len(ordered)) - 1]


@dataclass(frozen=True)
class Command:
    """A process to time: argv, an optional command that restores its input, environment."""

    argv: list[str]
    prepare: list[str] | None = None
    env: dict[str, str] | None = None

    def environment(self) -> dict[str, str]:
        return child_environment(self.env)


def child_environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    """This environment plus `extra`, with Python's bytecode cache allowed.

    A user's installed tracker has its .pyc files (pip compiles them); a sandbox that sets
    PYTHONDONTWRITEBYTECODE would make every timed process compile from source instead.
    """
    env = {**os.environ, **(extra or {})}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


class Timer:
    """Times whole processes: hyperfine when present, else a Python timer.

    Either way each timed run starts after `prepare` (not timed) and after `warmup`
    untimed runs; stdout and stderr of the timed command go to /dev/null.
    """

    def __init__(self, runs: int, warmup: int, use_hyperfine: bool) -> None:
        self.runs = runs
        self.warmup = warmup
        self.hyperfine = shutil.which("hyperfine") if use_hyperfine else None

    @property
    def name(self) -> str:
        return "hyperfine" if self.hyperfine else "python timer (subprocess + os.wait4)"

    def time(self, command: Command, runs: int | None = None) -> Stats:
        runs = runs or self.runs
        if self.hyperfine:
            return self._hyperfine(command, runs)
        return self._python(command, runs)

    def _hyperfine(self, command: Command, runs: int) -> Stats:
        assert self.hyperfine is not None
        with tempfile.TemporaryDirectory() as folder:
            export = Path(folder) / "result.json"
            argv = [
                self.hyperfine,
                "-N",
                "--style=none",
                f"--warmup={self.warmup}",
                f"--runs={runs}",
                f"--export-json={export}",
            ]
            if command.prepare:
                argv.append(f"--prepare={shlex.join(command.prepare)}")
            argv.append(shlex.join(command.argv))
            done = subprocess.run(
                argv, env=command.environment(), capture_output=True, text=True, check=False
            )
            if done.returncode != 0:
                return Stats(error=_last_line(done.stderr or done.stdout) or "hyperfine failed")
            result = json.loads(export.read_text())["results"][0]
            return Stats(times=list(result["times"]))

    def _python(self, command: Command, runs: int) -> Stats:
        env = command.environment()
        times = []
        for number in range(self.warmup + runs):
            if command.prepare:
                subprocess.run(command.prepare, env=env, check=True)
            elapsed, code, stderr = run_once(command.argv, env)
            if code != 0:
                return Stats(error=f"exit {code}: {_last_line(stderr)}")
            if number >= self.warmup:
                times.append(elapsed)
        return Stats(times=times)


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    """(wall seconds, exit code, stderr) of one run of `argv`, stdout to /dev/null."""
    with tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
        code = process.wait()
        elapsed = time.perf_counter() - start
        stderr.seek(0)
        message = stderr.read().decode(errors="replace")
    return elapsed, code, message


GNU_TIME = "/usr/bin/time"


def gnu_time() -> str | None:
    """GNU time, which reports a child's peak RSS without the harness's own memory.

    A child spawned straight from this (large) Python process inherits its high-water mark:
    Linux keeps the peak RSS of the memory a process had before exec, so os.wait4 or
    RUSAGE_SELF would report at least the harness's size. GNU time forks from a small
    process, so the figure is the command's own.
    """
    if os.access(GNU_TIME, os.X_OK):
        done = subprocess.run([GNU_TIME, "--version"], capture_output=True, text=True)
        if "GNU" in done.stdout + done.stderr:
            return GNU_TIME
    return None


class MemoryMeter:
    """Runs a command under GNU time and reads back its peak RSS in KiB."""

    def __init__(self, time_path: str | None) -> None:
        self.time_path = time_path

    def run(
        self, argv: list[str], env: dict[str, str], capture: bool = False
    ) -> tuple[int | None, int, str, str]:
        """(peak RSS KiB or None, exit code, stdout if `capture`, stderr)."""
        with tempfile.TemporaryDirectory() as folder:
            report = Path(folder) / "rss"
            wrapped = argv
            if self.time_path:
                wrapped = [self.time_path, "-f", "%M", "-o", str(report), *argv]
            done = subprocess.run(
                wrapped,
                env=env,
                stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                check=False,
            )
            rss = None
            if self.time_path and report.exists():
                lines = report.read_text().split()
                rss = int(lines[-1]) if lines and lines[-1].isdigit() else None
        stdout = done.stdout.decode(errors="replace") if capture else ""
        return rss, done.returncode, stdout, done.stderr.decode(errors="replace")

    def peak(self, command: Command) -> dict[str, Any]:
        """One run after `prepare`: its peak RSS (KiB) and how much it printed, or an error."""
        env = command.environment()
        if command.prepare:
            subprocess.run(command.prepare, env=env, check=True)
        rss, code, out, stderr = self.run(command.argv, env, capture=True)
        if code != 0:
            return {"error": f"exit {code}: {_last_line(stderr)}"}
        result: dict[str, Any] = {
            "output_bytes": len(out.encode()),
            "output_lines": out.count("\n"),
        }
        if rss is None:
            result["error"] = "GNU time (/usr/bin/time) is not installed"
        else:
            result["rss_kb"] = rss
        return result


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""
