"""`add` and `update --due` say on a terminal which deadline they understood, and only there.

The CLI runs as a real process whose stderr is the slave side of a real pseudo-terminal
(os.openpty), so `sys.stderr.isatty()` is true for it as it is for a person at a shell.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from tests.conftest import CliRunner, cli_env
from tests.server import state_of

ISSUE_TODAY = date(2026, 12, 1)  # a Tuesday: the issue's examples are typed on it
# Task #2 of the sample is in progress, so its deadline may be changed.


def run_on_terminal(db: Path | str, *args: str, today: date = ISSUE_TODAY) -> tuple[int, str, str]:
    """Run `python -m tracker ARGS` with stdout a pipe and stderr a terminal.

    Returns the exit status, stdout, and what the terminal showed (line ends as "\\n").
    """
    terminal, child_side = os.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "tracker", *args],
            env=cli_env(db, today),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=child_side,
        )
        os.close(child_side)
        child_side = -1
        assert process.stdout is not None
        stdout = process.stdout.read().decode("utf-8")
        status = process.wait(timeout=60)
        shown = bytearray()
        while True:
            try:
                chunk = os.read(terminal, 4096)
            except OSError:  # EIO: the child has closed its side and everything was read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(terminal)
        if child_side != -1:
            os.close(child_side)
    return status, stdout, shown.decode("utf-8").replace("\r\n", "\n")


def _add(db: Path | str, due: str, today: date = ISSUE_TODAY) -> tuple[int, str, str]:
    return run_on_terminal(
        db, "add", "Trao đổi kinh nghiệm", "--lead", "HN-KHDT", "--due", due, today=today
    )


def test_add_on_a_terminal_says_the_deadline_it_understood(sample_store: Path | str) -> None:
    status, stdout, shown = _add(sample_store, "30/6")
    assert status == 0
    task_id = stdout.strip()
    assert stdout == f"{task_id}\n" and task_id.isdigit()
    assert shown == "due Wednesday 30/06/2027 (in 211 days)\n"


def test_update_due_on_a_terminal_says_the_deadline_it_understood(sample_store: Path | str) -> None:
    status, stdout, shown = run_on_terminal(sample_store, "update", "2", "--due", "cuối tháng 11")
    assert status == 0
    assert stdout == "#2 updated\n"
    assert shown == "due Tuesday 30/11/2027 (in 364 days)\n"


def test_a_deadline_today_or_tomorrow_reads_so(sample_store: Path | str) -> None:
    assert _add(sample_store, "1/12")[2] == "due Tuesday 01/12/2026 (today)\n"
    assert _add(sample_store, "ngày mai")[2] == "due Wednesday 02/12/2026 (tomorrow)\n"
    assert _add(sample_store, "+1d", today=date(2026, 11, 29))[2] == (
        "due Monday 30/11/2026 (tomorrow)\n"
    )


def test_a_past_deadline_adds_a_warning_and_still_succeeds(sample_store: Path | str) -> None:
    status, stdout, shown = _add(sample_store, "30/11/2026")
    assert status == 0 and stdout.strip().isdigit()
    assert shown.splitlines() == [
        "due Monday 30/11/2026 (1 day overdue)",
        "warning: this deadline is already past, so the task counts as overdue",
    ]
    status, _stdout, shown = run_on_terminal(sample_store, "update", "2", "--due", "hôm qua")
    assert status == 0
    assert shown.splitlines() == [
        "due Monday 30/11/2026 (1 day overdue)",
        "warning: this deadline is already past, so the task counts as overdue",
    ]


def test_nothing_is_said_without_a_deadline(
    sample_store: Path | str, store_tracker: CliRunner
) -> None:
    status, stdout, shown = run_on_terminal(sample_store, "add", "Không hạn", "--lead", "HN-KHDT")
    assert status == 0 and stdout.strip().isdigit() and shown == ""
    status, stdout, shown = run_on_terminal(sample_store, "update", "2", "--note", "Đã họp")
    assert (status, stdout, shown) == (0, "#2 updated\n", "")
    assert store_tracker("update", "2", "--due", "30/6/2027").code == 0
    status, stdout, shown = run_on_terminal(sample_store, "update", "2", "--no-due")
    assert (status, stdout, shown) == (0, "#2 updated\n", "")


def test_nothing_extra_when_stderr_is_not_a_terminal(
    sample_store: Path | str, store_tracker: CliRunner
) -> None:
    added = store_tracker(
        "add", "Trao đổi", "--lead", "HN-KHDT", "--due", "30/6", today=ISSUE_TODAY
    )
    assert added.code == 0 and added.stdout.strip().isdigit() and added.stderr == ""
    past = store_tracker("add", "Trao đổi", "--lead", "HN-KHDT", "--due", "1/1/2020")
    assert past.code == 0 and past.stderr == ""
    updated = store_tracker("update", "2", "--due", "30/6", today=ISSUE_TODAY)
    assert (updated.code, updated.stdout, updated.stderr) == (0, "#2 updated\n", "")


def test_a_refused_deadline_on_a_terminal_is_one_line_and_changes_nothing(
    sample_store: Path | str,
) -> None:
    before = state_of(sample_store)
    status, stdout, shown = _add(sample_store, "đầu quý")
    assert status == 2 and stdout == ""
    assert len(shown.splitlines()) == 1 and "names no single day" in shown
    status, stdout, shown = run_on_terminal(sample_store, "update", "2", "--due", "tuần sau")
    assert status == 2 and stdout == "" and len(shown.splitlines()) == 1
    assert state_of(sample_store) == before
