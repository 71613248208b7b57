"""`tracker config`: get, set, list, unset and path, through the real command, and the
`database` setting used by every command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLE, SAMPLE_TASKS, CliRunner, Result, cli_env


@pytest.fixture
def settings_file(own_settings: Path) -> Path:
    """The test's own settings file (tests/conftest.py points $TRACKER_CONFIG at it)."""
    return own_settings


def test_path_prints_where_the_file_is(tracker: CliRunner, settings_file: Path) -> None:
    result = tracker("config", "path")
    assert result.code == 0, result.stderr
    assert result.stdout.strip() == str(settings_file)


def test_set_get_list_unset_round_trip(tracker: CliRunner, settings_file: Path) -> None:
    assert not settings_file.exists()
    result = tracker("config", "set", "language", "vi")
    assert result.code == 0, result.stderr
    assert settings_file.exists()
    got = tracker("config", "get", "language")
    assert (got.code, got.stdout) == (0, "vi\n")
    # The saved language is now this user's: the same command answers in Vietnamese.
    listing = tracker("config", "list")
    assert listing.code == 0, listing.stderr
    lines = listing.stdout.splitlines()
    assert lines[0].split() == ["cài", "đặt", "giá", "trị", "ý", "nghĩa"]
    assert lines[1].split()[:2] == ["language", "vi"]
    assert lines[2].split()[:3] == ["database", "(chưa", "đặt)"]
    result = tracker("config", "unset", "language")
    assert result.code == 0, result.stderr
    assert tracker("config", "get", "language").code == 1
    listing = tracker("config")  # no subcommand: the list
    assert any(
        line.split()[:3] == ["language", "(not", "set)"] for line in listing.stdout.splitlines()
    )


def test_list_shows_keys_this_version_does_not_know(
    tracker: CliRunner, settings_file: Path
) -> None:
    settings_file.write_text('future = "x"\n', encoding="utf-8")
    listing = tracker("config", "list")
    assert listing.code == 0, listing.stderr
    assert "future" in listing.stdout and "kept" in listing.stdout


def refused(result: Result, code: int, *mentions: str) -> None:
    assert result.code == code, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("tracker: error:"), lines[0]
    for mention in mentions:
        assert mention in lines[0], lines[0]
    assert result.stdout == ""


REFUSALS = [
    (["config", "set", "colour", "blue"], 2, ["colour", "language, database"]),
    (["config", "set", "language", "fr"], 2, ["fr", "vi or en"]),
    (["config", "set", "database", " "], 2, ["database"]),
    (["config", "set", "language"], 2, ["VALUE"]),
    (["config", "get", "database"], 1, ["database", "not set"]),
    (["config", "get", "colour"], 2, ["colour", "language, database"]),
    (["config", "unset", "database"], 1, ["database", "not set"]),
    (["config", "unset", "colour"], 2, ["colour", "language, database"]),
    (["config", "frob"], 2, ["frob"]),
]


@pytest.mark.parametrize(("args", "code", "mentions"), REFUSALS, ids=lambda v: str(v))
@pytest.mark.parametrize("existing", [None, b'# mine\nlanguage = "en"\n'])
def test_refusals_say_one_line_and_leave_the_file_alone(
    tracker: CliRunner,
    settings_file: Path,
    args: list[str],
    code: int,
    mentions: list[str],
    existing: bytes | None,
) -> None:
    if existing is not None:
        settings_file.write_bytes(existing)
    refused(tracker(*args), code, *mentions)
    if existing is None:
        assert not settings_file.exists()
    else:
        assert settings_file.read_bytes() == existing


BROKEN = b'language = "vi\n'


@pytest.mark.parametrize(
    "args",
    [
        ["config", "list"],
        ["config", "get", "language"],
        ["config", "set", "language", "en"],
        ["config", "unset", "language"],
        ["--lang", "en", "config", "set", "database", "x.json"],
    ],
    ids=" ".join,
)
def test_a_broken_settings_file_stops_config_naming_the_file(
    tracker: CliRunner, settings_file: Path, args: list[str]
) -> None:
    settings_file.write_bytes(BROKEN)
    refused(tracker(*args), 1, str(settings_file))
    assert settings_file.read_bytes() == BROKEN


def test_a_broken_settings_file_is_one_warning_for_other_commands(
    sample_db: Path, tracker: CliRunner, settings_file: Path
) -> None:
    settings_file.write_bytes(BROKEN)
    result = tracker("list", "--format", "json")
    assert result.code == 0, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("warning:"), result.stderr
    assert str(settings_file) in lines[0]
    assert result.stdout.startswith("[")
    assert settings_file.read_bytes() == BROKEN


def run_without_db(*args: str, cwd: Path) -> Result:
    """`tracker ARGS` with neither --db nor $TRACKER_DB: the settings decide."""
    env = cli_env(Path("unused"))
    del env["TRACKER_DB"]
    completed = subprocess.run(
        [sys.executable, "-m", "tracker", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    return Result(completed.returncode, completed.stdout, completed.stderr)


def test_the_database_setting_is_used_without_db_or_tracker_db(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    result = run_without_db("config", "set", "database", "hop-tac.json", cwd=work)
    assert result.code == 0, result.stderr
    saved = work / "hop-tac.json"
    assert run_without_db("config", "get", "database", cwd=work).stdout.strip() == str(saved)
    # Another folder: the setting was saved absolute, so it names the same file.
    result = run_without_db("import", str(SAMPLE), cwd=tmp_path)
    assert result.code == 0, result.stderr
    assert saved.exists()
    listed = run_without_db("list", "--format", "json", cwd=tmp_path)
    assert listed.code == 0 and listed.stdout.count('"uuid"') == SAMPLE_TASKS
    # --db still comes first.
    other = tmp_path / "other.json"
    assert run_without_db("--db", str(other), "list", cwd=tmp_path).code == 0
    assert not other.exists()
