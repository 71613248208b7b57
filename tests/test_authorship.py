"""Who the changes are recorded as: `tracker config set user.name/user.agency`, the login
name when no name was given (with one line saying how to give it), and `show` naming them.

Real `tracker` processes; these run without the $TRACKER_USER that tests/conftest.py gives
every other command, to see what a user who never gave a name sees.
"""

from __future__ import annotations

import getpass
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import TODAY, Result, cli_env
from tests.server import state_of
from tests.stores import recorded_by
from tracker.authorship import identity, login_name
from tracker.domain.model import Author


def run_unnamed(db: Path | str, *args: str, today: date = TODAY, **extra: str) -> Result:
    """`python -m tracker ARGS` without $TRACKER_USER (and with `extra` variables)."""
    env = cli_env(db, today)
    del env["TRACKER_USER"]
    env.update(extra)
    done = subprocess.run(
        [sys.executable, "-m", "tracker", *args],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    return Result(done.returncode, done.stdout, done.stderr)


@pytest.fixture
def sample(sample_store: Path | str) -> Path | str:
    """The sample, in a file or on a server (imported by a named user: no test reads who)."""
    return sample_store


def hint_lines(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if "user.name" in line]


def test_the_login_name_stands_in_and_one_line_says_how_to_give_a_name(sample: Path | str) -> None:
    closed = run_unnamed(sample, "close", "9", "18", "--outcome", "Đã ký")
    assert closed.code == 0, closed.stderr
    me = login_name()
    assert closed.stderr == (
        f"tracker: changes are recorded as “{me}”; set your name once: "
        'tracker config set user.name "Nguyễn Văn A" (and user.agency HN-KHDT)\n'
    )
    history = json.loads(run_unnamed(sample, "show", "9", "--format", "json").stdout)["history"]
    assert history[-1]["by"] == recorded_by(sample, me)
    # Once per writing command, whatever it changed.
    noted = run_unnamed(sample, "update", "3", "--note", "Đã họp")
    assert noted.code == 0 and len(hint_lines(noted)) == 1


@pytest.mark.parametrize(
    "command",
    [
        ["list"],
        ["show", "2"],
        ["log"],
        ["report"],
        ["export"],
        ["agencies"],
        ["config", "list"],
    ],
)
def test_reading_commands_say_nothing_about_names(sample: Path | str, command: list[str]) -> None:
    result = run_unnamed(sample, *command)
    assert result.code == 0, result.stderr
    assert hint_lines(result) == []


def test_a_refused_change_says_only_its_error(sample: Path | str) -> None:
    before = state_of(sample)
    refused = run_unnamed(sample, "close", "999")
    assert refused.code == 1 and len(refused.stderr.splitlines()) == 1
    assert hint_lines(refused) == []
    assert state_of(sample) == before


def test_a_name_given_once_records_every_change_and_silences_the_line(
    sample: Path | str, own_settings: Path
) -> None:
    saved = run_unnamed(sample, "config", "set", "user.name", "  Nguyễn Văn A ")
    assert saved.code == 0, saved.stderr
    agency = run_unnamed(sample, "config", "set", "user.agency", "hn-khdt")
    assert agency.code == 0 and "HN-KHDT" in agency.stdout
    assert run_unnamed(sample, "config", "get", "user.name").stdout == "Nguyễn Văn A\n"
    assert run_unnamed(sample, "config", "get", "user.agency").stdout == "HN-KHDT\n"
    listing = run_unnamed(sample, "config", "list").stdout.splitlines()
    assert any(line.split()[:4] == ["user.name", "Nguyễn", "Văn", "A"] for line in listing)
    assert any(line.split()[:2] == ["user.agency", "HN-KHDT"] for line in listing)
    assert "[user]" in own_settings.read_text(encoding="utf-8")

    closed = run_unnamed(sample, "close", "2", "--outcome", "Đã ký")
    assert (closed.code, closed.stderr) == (0, "")
    history = json.loads(run_unnamed(sample, "show", "2", "--format", "json").stdout)["history"]
    assert history[-1]["by"] == recorded_by(sample, "Nguyễn Văn A", agency="HN-KHDT")
    shown = run_unnamed(sample, "show", "2").stdout.splitlines()
    assert shown[-1].endswith("  Nguyễn Văn A (HN-KHDT)  closed: Đã ký")
    assert shown[-1].startswith("  27/11/2026 ")
    # The sample's own events have no author: their lines name nobody.
    assert shown[-2].startswith("  01/10/2026        Gửi báo cáo")


def test_tracker_user_names_a_script_over_the_setting(sample: Path | str) -> None:
    assert run_unnamed(sample, "config", "set", "user.name", "Nguyễn Văn A").code == 0
    noted = run_unnamed(sample, "update", "3", "--note", "Nhập tự động", TRACKER_USER="Máy chủ")
    assert (noted.code, noted.stderr) == (0, "")
    history = json.loads(run_unnamed(sample, "show", "3", "--format", "json").stdout)["history"]
    assert history[-1]["by"] == recorded_by(sample, "Máy chủ")


@pytest.mark.parametrize(
    ("key", "value", "mention"),
    [
        ("user.agency", "Sở KH&ĐT", "agency code"),
        ("user.agency", "HN KHDT", "agency code"),
        ("user.name", "   ", "give a value"),
        ("user.name", "Nguyễn\nVăn A", "one line"),
    ],
)
def test_a_bad_user_setting_is_refused_and_the_file_left_alone(
    db_path: Path, own_settings: Path, key: str, value: str, mention: str
) -> None:
    own_settings.write_text('language = "en"\n', encoding="utf-8")
    before = own_settings.read_bytes()
    result = run_unnamed(db_path, "config", "set", key, value)
    assert result.code == 2
    assert len(result.stderr.splitlines()) == 1 and mention in result.stderr
    assert own_settings.read_bytes() == before


def test_identity_reads_the_settings_then_the_environment() -> None:
    assert identity({"user.name": "A", "user.agency": "hn-khdt"}, {}).author == Author(
        "A", "HN-KHDT"
    )
    assert identity({"user.name": "A"}, {"TRACKER_USER": " B "}).author == Author("B")
    unnamed = identity({"user.agency": "TN-KHDT"}, {})
    assert not unnamed.chosen and unnamed.author == Author(getpass.getuser(), "TN-KHDT")
    assert identity({"user.name": "  "}, {"TRACKER_USER": ""}).chosen is False
