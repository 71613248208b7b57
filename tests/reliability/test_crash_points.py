"""Case 3: a failure injected at each step of a write leaves the old file or the new one.

As SQLite tests its atomic commit: a child process runs a real command and, at one named
step of the write (see faulty_cli.py), dies on the spot, gets EIO from the system call,
or is interrupted by Ctrl-C. Afterwards the database must open and be exactly the state
before (for every step up to the replace) or the state after (from the replace on); a
torn temp file is ignored by readers and removed by the next write; the lock is free; a
failed call is explained in one line, changes nothing and leaves nothing behind.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.reliability.budget import BUDGET, tally
from tests.reliability.faulty_cli import (
    CRASHED,
    FAILING_CALLS,
    STEPS,
    STEPS_BEFORE_REPLACE,
)
from tests.reliability.harness import (
    ForkServer,
    Run,
    env_for,
    generated_tasks,
    interchange_file,
    logical,
    read_database,
    refusal,
    succeeded,
    temp_files,
    tracker,
)
from tracker.store.storage import backup_path

BACKUP_STEPS = ("backup_linked", "backup_replaced")


@dataclass(frozen=True)
class Command:
    """A command whose write gets crashed; `fresh` ones write a database that did not exist."""

    name: str
    arguments: Callable[[Path], list[str]]
    fresh: bool = False


def import_file(folder: Path) -> list[str]:
    path = folder / "tasks.json"
    path.write_text(json.dumps(interchange_file(generated_tasks(30, 7))), encoding="utf-8")
    return ["import", str(path)]


COMMANDS = (
    Command("add", lambda _: ["add", "Kết nối tiêu thụ chè Tân Cương", "--lead", "HN-KHDT"]),
    Command("note", lambda _: ["update", "5", "--note", "Đã làm việc với hợp tác xã"]),
    Command("first write of a new database", lambda _: ["agencies", "add", "HN-X", "Sở X"], True),
    Command("import", import_file),
    Command("close", lambda _: ["close", "6", "--outcome", "Đã ký"]),
)


def prepare(folder: Path, sample: bytes, command: Command) -> Path:
    """A database with a previous version kept, as after any earlier write."""
    folder.mkdir(parents=True)
    db = folder / "tracker.json"
    if not command.fresh:
        db.write_bytes(sample)
        backup_path(db).write_bytes(sample)
    return db


def state_of(db: Path) -> dict[str, object] | None:
    return read_database(db) if db.exists() else None


@pytest.mark.parametrize("command", COMMANDS[: BUDGET.crash_ops], ids=lambda c: c.name)
def test_a_write_crashed_at_any_step_leaves_the_old_or_the_new_file(
    command: Command, tmp_path: Path, sample_bytes: bytes
) -> None:
    server = ForkServer(tmp_path / "unused.json", tmp_path)
    counts: Counter[str] = Counter()
    try:
        # What "after" is: the command run to its end on its own copy.
        reference = prepare(tmp_path / "reference", sample_bytes, command)
        done, steps = server.run("--db", str(reference), *command.arguments(tmp_path))
        succeeded(done)
        expected_steps = [s for s in STEPS if not (command.fresh and s in BACKUP_STEPS)]
        reached = [name for name, _ in steps]
        # If the store changes how it writes, this test must be told, not pass vacuously.
        assert [s for s in STEPS if s in reached] == expected_steps, reached
        old_ids = set(json.loads(sample_bytes)["tasks"]) if not command.fresh else set()
        after = logical(read_database(reference), old_ids)

        for step in expected_steps:
            actions = ["exit", "interrupt"] + (["eio"] if step in FAILING_CALLS else [])
            for action in actions:
                folder = tmp_path / f"{step}-{action}"
                db = prepare(folder, sample_bytes, command)
                before = db.read_bytes() if db.exists() else None
                backup_before = backup_path(db).read_bytes() if not command.fresh else None
                # One crash in each group by a fresh `python -m tracker` process, the rest forked.
                if action == "exit" and step == "temp_written":
                    run = tracker(
                        db,
                        step,
                        action,
                        "--db",
                        str(db),
                        *command.arguments(tmp_path),
                        module="tests.reliability.faulty_cli",
                        env=env_for(db, RELIABILITY_TRACE=str(folder / "trace")),
                    )
                else:
                    run, _ = server.run(
                        "--db", str(db), *command.arguments(tmp_path), step=step, action=action
                    )
                check_outcome(command, step, action, run, db, before, backup_before, after)
                check_recovery(db, server)
                counts[action] += 1
    finally:
        server.close()
    for action, count in counts.items():
        tally(f"case 3: crash points run ({action})", count)
    tally("case 3: ... leaving anything but the old or the new file", 0)


def check_outcome(
    command: Command,
    step: str,
    action: str,
    run: Run,
    db: Path,
    before: bytes | None,
    backup_before: bytes | None,
    after: dict[str, object],
) -> None:
    where = f"{command.name}, {action} at {step}"
    assert "Traceback" not in run.stderr, f"{where}: {run.stderr}"
    replaced = step not in STEPS_BEFORE_REPLACE
    if action == "exit":
        assert run.code == CRASHED, f"{where}: exit {run.code} {run.stderr}"
    elif action == "eio" and step == "backup_linked":
        # Where hard links fail the store copies the file to make the .bak instead.
        succeeded(run)
        replaced = True
    elif action == "eio":
        line = refusal(run, codes=(1,), naming=db)
        assert "nothing was changed" in line, f"{where}: {line}"
        assert temp_files(db) == [], f"{where}: a failed write left its temp file"
    elif action == "interrupt":
        # Ctrl-C once the write has begun waits for it to finish: the change is saved,
        # and the user is told so; before that, nothing is written.
        replaced = step != "lock_acquired"
        assert run.code == 130, f"{where}: exit {run.code} {run.stderr}"
        message = run.stderr.strip()
        assert len(message.splitlines()) == 1, f"{where}: {run.stderr!r}"
        told = "saved" if "after the change was saved" in message else "nothing"
        assert told == ("saved" if replaced else "nothing"), f"{where}: told {message!r}"

    # The database opens and is the old file, byte for byte, or the new one.
    state = state_of(db)
    if replaced:
        old_ids = set(json.loads(before)["tasks"]) if before is not None else set()
        assert state is not None and logical(state, old_ids) == after, where
    elif before is None:
        assert state is None, f"{where}: a new database appeared before the replace"
    else:
        assert db.read_bytes() == before, where
    # The previous version is still a good database: the old one, or the one before it;
    # and the .bak is only replaced by a write whose database replace happened.
    if backup_path(db).exists():
        read_database(backup_path(db))
        if replaced:
            assert backup_path(db).read_bytes() in (before, backup_before), where
        else:
            assert backup_path(db).read_bytes() == backup_before, f"{where}: .bak replaced"
        tally("case 3: ... a .bak replaced by a write that did not commit", 0)


def check_recovery(db: Path, server: ForkServer) -> None:
    """Readers ignore what the crash left; the next write is not blocked and cleans up."""
    leftovers = temp_files(db)
    tally("case 3: torn temp files left, then ignored and removed", len(leftovers))
    if db.exists():
        read_database(db)
    done, _ = server.run("--db", str(db), "--lock-timeout", "2", "agencies", "add", "HN-Y", "Sở Y")
    succeeded(done)
    assert temp_files(db) == []
    assert "HN-Y" in {a["code"] for a in read_database(db)["agencies"].values()}
