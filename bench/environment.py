"""What the figures were measured on: the machine, the versions, the state of the code."""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path


def _first(path: str, key: str) -> str | None:
    try:
        for line in Path(path).read_text().splitlines():
            name, _sep, value = line.partition(":" if ":" in line else "=")
            if name.strip() == key:
                return value.strip().strip('"')
    except OSError:
        return None
    return None


def machine() -> dict[str, str]:
    memory = _first("/proc/meminfo", "MemTotal")
    gib = f"{int(memory.split()[0]) / 1024 / 1024:.1f} GiB" if memory else "unknown"
    system = _first("/etc/os-release", "PRETTY_NAME") or platform.platform()
    return {
        "cpu": _first("/proc/cpuinfo", "model name") or platform.processor() or "unknown",
        "cores": str(os.cpu_count()),
        "memory": gib,
        "os": f"{system}, kernel {platform.release()}",
    }


def _package(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def _git(root: Path, *args: str) -> str:
    """Read-only git queries (never anything that changes the index)."""
    if shutil.which("git") is None:
        return ""
    done = subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, check=False
    )
    return done.stdout.strip() if done.returncode == 0 else ""


def code_state(root: Path) -> str:
    commit = _git(root, "rev-parse", "--short", "HEAD")
    if not commit:
        return "not a git checkout"
    changed = [line for line in _git(root, "status", "--porcelain", "--", "tracker").splitlines()]
    if not changed:
        return f"commit {commit}, tracker/ as committed"
    return f"commit {commit} + {len(changed)} uncommitted change(s) under tracker/"


def versions(root: Path) -> dict[str, str]:
    return {
        "python": sys.version.split()[0],
        "tracker (coop-tracker)": f"{_package('coop-tracker')} ({code_state(root)})",
        "textual": _package("textual"),
        "rich": _package("rich"),
        "tinydb": _package("tinydb"),
        "msgspec": _package("msgspec"),
        "click": _package("click"),
        "psycopg": _package("psycopg"),
    }
