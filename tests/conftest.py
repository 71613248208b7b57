"""Shared fixtures: a temporary database, a frozen today, and the real `tracker` process."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from tests.server import server_db as server_db
from tests.server import server_template as server_template
from tests.server import skip_reason
from tests.stores import sample_store as sample_store
from tests.stores import server_sample_template as server_sample_template
from tests.stores import store_tracker as store_tracker

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "hanoi-thainguyen-2019.json"
# How many tasks the sample has (DOMAIN.md's meeting, issue 15's sub-tasks and periodic
# duty), and so the id the first task added after importing it gets.
SAMPLE_TASKS = 31
TODAY = date(2026, 11, 27)
TEST_USER = "Người kiểm thử"


def wait_until(
    condition: Callable[[], bool],
    process: subprocess.Popen[str] | subprocess.Popen[bytes],
    what: str,
    timeout: float = 60,
) -> None:
    """Wait for a state of the world (never for a length of time) while `process` runs."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert process.poll() is None, f"the process ended before {what}"
        assert time.monotonic() < deadline, f"never saw {what}"
        time.sleep(0.005)  # wait-ok: the poll interval of a wait on state, bounded above


# What decides the interface language (tracker/i18n.py): each test starts from none of
# them, so the suite is English on every machine; a test that wants Vietnamese says so.
LANGUAGE_VARIABLES = ("TRACKER_LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE")


@pytest.fixture(autouse=True)
def own_settings(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A settings file of the test's own (never the developer's), and no language chosen."""
    path = tmp_path_factory.mktemp("config") / "settings.toml"
    monkeypatch.setenv("TRACKER_CONFIG", str(path))
    monkeypatch.setenv("LANG", "C.UTF-8")
    for variable in LANGUAGE_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    from tracker import i18n

    i18n.use("en")
    return path


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str


CliRunner = Callable[..., Result]


def cli_env(db: Path | str, today: date = TODAY) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        TRACKER_DB=str(db),
        TRACKER_TODAY=today.isoformat(),
        PYTHONIOENCODING="utf-8",
        LANG="C.UTF-8",
        COLUMNS="200",
        # Who the changes are recorded as, so that no writing command adds the line that
        # asks for a name (tests/test_authorship.py runs without it).
        TRACKER_USER=TEST_USER,
    )
    return env


def run_tracker(
    db: Path | str, *args: str, today: date = TODAY, stdin: str | None = None
) -> Result:
    """Run `python -m tracker ARGS` as a real process against `db`."""
    completed = subprocess.run(
        [sys.executable, "-m", "tracker", *args],
        env=cli_env(db, today),
        capture_output=True,
        text=True,
        encoding="utf-8",
        input=stdin,
        timeout=60,
        check=False,
    )
    return Result(completed.returncode, completed.stdout, completed.stderr)


def modules_loaded(
    db: Path | str,
    commands: Sequence[Sequence[str]],
    modules: Iterable[str],
    *,
    succeed: bool = False,
) -> list[str]:
    """Which of `modules` one process has imported after running `commands` against `db`
    through the command line's entry point: a command must load only what it needs.

    With `succeed`, a command that exits with an error fails the check too.
    """
    script = (
        "import sys\n"
        "from tracker.cli import main\n"
        f"for args in {[list(command) for command in commands]!r}:\n"
        "    try:\n"
        "        main(args)\n"
        "    except SystemExit as end:\n"
        f"        assert not ({succeed!r} and end.code), (args, end.code)\n"
        f"print([name for name in {list(modules)!r} if name in sys.modules], file=sys.stderr)\n"
    )
    # Bytes: a command may print a workbook or a document.
    completed = subprocess.run(
        [sys.executable, "-c", script], env=cli_env(db), capture_output=True, cwd=ROOT, check=False
    )
    said = completed.stderr.decode("utf-8", "replace")
    assert completed.returncode == 0, said
    loaded: list[str] = ast.literal_eval(said.strip().splitlines()[-1])
    return loaded


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "tracker.json"


# The stores a suite parametrised by store runs against: the file, and a PostgreSQL server
# (tests/server.py; skipped, and said so at the end, when there is none).
STORES = ("file", "server")


@pytest.fixture(params=STORES)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    """Where this test's database is: a file's path, or a server database's URL."""
    if request.param == "file":
        return tmp_path / "tracker.json"
    url: str = request.getfixturevalue("server_db")
    return url


def pytest_report_header() -> str | None:
    reason = skip_reason()
    return None if reason is None else f"SERVER TESTS WILL BE SKIPPED: {reason}"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    reason = skip_reason()
    if reason is not None:
        terminalreporter.write_sep("!", f"PostgreSQL server tests were SKIPPED: {reason}", red=True)


@pytest.fixture
def tracker(db_path: Path) -> CliRunner:
    def run(*args: str, today: date = TODAY, stdin: str | None = None) -> Result:
        return run_tracker(db_path, *args, today=today, stdin=stdin)

    return run


@pytest.fixture
def sample_db(db_path: Path, tracker: CliRunner) -> Path:
    result = tracker("import", str(SAMPLE))
    assert result.code == 0, result.stderr
    return db_path
