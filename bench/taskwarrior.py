"""Taskwarrior 2.6 side by side: install it, fill a TASKDATA with the same tasks, run it."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench.timing import Command

# Taskwarrior's defaults, except what keeps it from asking or nagging: no confirmation
# prompt, and no "run task news" footnote after the 2.6 upgrade. gc, hooks, locking and
# verbosity keep their defaults.
TASKRC = """\
# Written by bench/run.py: Taskwarrior's defaults except for these two lines.
confirmation=off
news.version=2.6.0
"""
TASKRC_SETTINGS = ("confirmation=off", "news.version=2.6.0")

STATUS = {
    "open": "pending",
    "in_progress": "pending",
    "blocked": "pending",
    "done": "completed",
    "cancelled": "deleted",
}


def install(log: Any) -> str | None:
    """The `task` executable, installed with apt when missing; None (and why) if it cannot be."""
    found = shutil.which("task")
    if found:
        return found
    log("Taskwarrior is missing: installing the Debian package taskwarrior with apt ...")
    if not apt_install("taskwarrior", log):
        return None
    return shutil.which("task")


def apt_install(package: str, log: Any) -> bool:
    apt = shutil.which("apt-get")
    if apt is None:
        log(f"  no apt-get on this machine: cannot install {package}")
        return False
    prefix: list[str] = []
    if os.geteuid() != 0:
        if shutil.which("sudo") is None:
            log(f"  not root and no sudo: cannot install {package}")
            return False
        prefix = ["sudo", "-n"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for argv in ([*prefix, apt, "update", "-qq"], [*prefix, apt, "install", "-y", "-qq", package]):
        done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            lines = (done.stderr or done.stdout).strip().splitlines()
            log(f"  {' '.join(argv)} failed: {lines[-1] if lines else done.returncode}")
            return False
    return True


def version(task: str) -> str:
    done = subprocess.run([task, "--version"], capture_output=True, text=True, check=False)
    return done.stdout.strip()


def is_2_6(text: str) -> bool:
    return re.fullmatch(r"2\.6\.\d+.*", text) is not None


def _stamp(day: str, shift: timedelta) -> str:
    return (date.fromisoformat(day) + shift).strftime("%Y%m%dT000000Z")


def to_taskwarrior(data: dict[str, Any], shift: timedelta) -> list[dict[str, Any]]:
    """The generated tasks in `task import` JSON: lead agency as project, area as tag.

    Dates move by `shift` so that Taskwarrior, which judges "overdue" by the real clock,
    sees the same tasks overdue as the tracker does on TRACKER_TODAY.
    """
    tasks = []
    for task in data["tasks"]:
        item: dict[str, Any] = {
            "uuid": task["uuid"],
            "description": task["title"],
            "status": STATUS[task["status"]],
            "entry": _stamp(task["created"], shift),
            "project": task["lead"],
            "tags": [task["area"]],
            "annotations": [
                {"entry": _stamp(note["on"], shift), "description": note["text"]}
                for note in task["history"]
            ],
        }
        if task["due"]:
            item["due"] = _stamp(task["due"], shift)
        if task["closed_on"]:
            item["end"] = _stamp(task["closed_on"], shift)
        if task["status"] == "in_progress":
            item["start"] = _stamp(task["created"], shift)
        if task["status"] == "blocked":
            item["tags"].append("blocked")
        tasks.append(item)
    return tasks


@dataclass(frozen=True)
class TaskData:
    """A populated Taskwarrior database (base) and the copy each timed run works on."""

    task: str
    taskrc: Path
    base: Path
    work: Path

    def env(self, data: Path | None = None) -> dict[str, str]:
        return {"TASKRC": str(self.taskrc), "TASKDATA": str(data or self.work)}

    def command(self, *args: str) -> Command:
        """`task ARGS` on a fresh copy of the base data (the copy is not timed)."""
        return Command(
            argv=[self.task, *args],
            prepare=["cp", "-a", "-T", str(self.base), str(self.work)],
            env=self.env(),
        )

    def run(self, *args: str, data: Path | None = None) -> str:
        done = subprocess.run(
            [self.task, *args],
            env={**os.environ, **self.env(data or self.base)},
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"task {' '.join(args)}: {done.stderr.strip() or done.stdout}")
        return done.stdout

    def working_id(self, uuid: str) -> int:
        """The short id Taskwarrior shows for a pending task (its line in pending.data)."""
        exported = json.loads(self.run("rc.json.array=on", uuid, "export"))
        return int(exported[0]["id"])


def populate(task: str, folder: Path, tasks: list[dict[str, Any]]) -> TaskData:
    """A fresh TASKDATA under `folder` holding `tasks`, imported with `task import`."""
    taskrc = folder / "taskrc"
    taskrc.write_text(TASKRC)
    base = folder / "taskdata"
    work = folder / "taskdata-work"
    for path in (base, work):
        if path.exists():
            shutil.rmtree(path)
    base.mkdir(parents=True)
    source = folder / "taskwarrior-import.json"
    source.write_text(json.dumps(tasks, ensure_ascii=False))
    data = TaskData(task, taskrc, base, work)
    data.run("rc.verbose=nothing", "import", str(source))
    # One ordinary command so that garbage collection and the working set are settled.
    data.run("count")
    shutil.copytree(base, work)
    return data
