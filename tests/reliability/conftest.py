"""Reliability fixtures: a database per test, and the counts reported at the end of the run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import SAMPLE, TODAY
from tests.reliability.budget import BUDGET, TALLY
from tracker.service import Tracker, load_interchange_file
from tracker.store.database import Database


@pytest.fixture(scope="session")
def sample_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The sample conference as a database file, built once."""
    path = tmp_path_factory.mktemp("sample") / "tracker.json"
    Tracker(Database(path), TODAY).import_data(load_interchange_file(SAMPLE))
    return path.read_bytes()


@pytest.fixture
def db(tmp_path: Path, sample_bytes: bytes) -> Path:
    """A fresh copy of the sample database in a folder of its own."""
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "tracker.json"
    path.write_bytes(sample_bytes)
    return path


def _case_number(what: str) -> int:
    """7 for "case 7: ...", so that case 10 comes after case 9."""
    digits = "".join(ch for ch in what.split(":")[0] if ch.isdigit())
    return int(digits) if digits else 0


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, exitstatus: int, config: pytest.Config
) -> None:
    """Print what the reliability suite did, so a reader can see the counts behind a pass."""
    if not TALLY:
        return
    terminalreporter.section(f"reliability counts ({BUDGET.mode} budget)")
    # By case number; within a case, in the order the tests reported.
    ordered = sorted(TALLY.items(), key=lambda item: _case_number(item[0]))
    for what, count in ordered:
        terminalreporter.write_line(f"{count:>9,}  {what}")
    counts = {"budget": BUDGET.mode, "counts": dict(ordered)}
    try:
        base = config._tmp_path_factory.getbasetemp()  # type: ignore[attr-defined]
    except AttributeError:
        return
    path = Path(base) / "reliability-counts.json"
    path.write_text(json.dumps(counts, indent=2, ensure_ascii=False), encoding="utf-8")
    terminalreporter.write_line(f"(also written to {path})")
