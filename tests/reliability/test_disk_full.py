"""Case 4: on a full disk a write fails with one clear line, exit 1, and changes nothing.

Where the suite may mount filesystems (root with CAP_SYS_ADMIN), the database lives on a
small tmpfs that is filled to different levels, then out of inodes; everywhere, ENOSPC
is also injected at each system call of the write that can report it (see
faulty_cli.py). The terminal UI, on the same full disk, says so and keeps what was typed.
"""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Input

from tests.conftest import TODAY
from tests.reliability.budget import BUDGET, tally
from tests.reliability.harness import (
    ForkServer,
    folder_contents,
    read_database,
    refusal,
    succeeded,
    temp_files,
    tracker,
)
from tests.ui.conftest import settle
from tracker.service import Tracker
from tracker.store.database import Database
from tracker.store.storage import backup_path
from tracker.ui.app import make_app
from tracker.ui.dialogs.task_form import TaskFormDialog
from tracker.ui.widgets.agency_picker import AgencyPicker

DISK_SIZE = 256 * 1024
PAGE = 4096
ADD = ("add", "Kết nối tiêu thụ chè Tân Cương", "--lead", "HN-KHDT")


@contextlib.contextmanager
def mounted_tmpfs(folder: Path, options: str) -> Iterator[Path]:
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root; ENOSPC is injected instead (below)")
    with mounted_tmpfs(tmp_path / "small", f"size={DISK_SIZE}") as folder:
        yield folder


def free_bytes(folder: Path) -> int:
    stats = os.statvfs(folder)
    return stats.f_bavail * stats.f_frsize


def fill(folder: Path, leave: int) -> None:
    """Take all the free space of the filesystem but `leave` bytes (rounded to pages)."""
    with open(folder / "filler", "wb") as stream:
        chunk = b"\0" * PAGE
        while free_bytes(folder) > leave:
            try:
                stream.write(chunk)
                stream.flush()
            except OSError as error:
                assert error.errno == errno.ENOSPC
                break


def levels(database_size: int) -> list[tuple[str, int, bool]]:
    """(name, bytes left free, whether the write then fits)."""
    every = [
        ("no space at all", 0, False),
        ("one page", PAGE, False),
        ("half the database", database_size // 2, False),
        ("a page short of the database", database_size - PAGE, False),
        ("four pages", 4 * PAGE, False),
        ("room for the new file", database_size + 3 * PAGE, True),
    ]
    return [*every[: BUDGET.fill_levels - 1], every[-1]]


def test_a_write_to_a_full_disk_fails_cleanly_and_changes_nothing(
    small_disk: Path, sample_bytes: bytes
) -> None:
    db = small_disk / "tracker.json"
    for name, leave, fits in levels(len(sample_bytes)):
        for path in small_disk.iterdir():
            path.unlink()
        db.write_bytes(sample_bytes)
        backup_path(db).write_bytes(sample_bytes)
        fill(small_disk, leave)
        before = folder_contents(small_disk)
        before.pop(db.name + ".lock", None)
        run = tracker(db, *ADD)
        if fits:
            tally("case 4: writes to a nearly full disk that fit")
            assert run.code == 0, f"{name}: {run.stderr}"
            assert (
                len(read_database(db)["tasks"]) == len(read_database(backup_path(db))["tasks"]) + 1
            )
            continue
        tally("case 4: writes to a full disk (tmpfs)")
        line = refusal(run, codes=(1,), naming=db)
        assert "disk is full" in line, f"{name}: {line}"
        assert "nothing was changed" in line
        after = folder_contents(small_disk)
        after.pop(db.name + ".lock", None)  # the lock file may be created; it holds nothing
        assert after == before, f"{name}: the folder changed"
        # Once there is room again, the same command works.
        (small_disk / "filler").unlink()
        succeeded(tracker(db, *ADD))
        assert temp_files(db) == []


def test_a_disk_out_of_inodes_fails_cleanly(tmp_path: Path, sample_bytes: bytes) -> None:
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    with mounted_tmpfs(tmp_path / "inodes", "size=1m,nr_inodes=8") as folder:
        db = folder / "tracker.json"
        db.write_bytes(sample_bytes)
        succeeded(tracker(db, "agencies", "add", "HN-X", "Sở X"))  # creates .bak and .lock
        with contextlib.suppress(OSError):
            for number in range(100):
                (folder / f"f{number}").touch()
        before = db.read_bytes()
        line = refusal(tracker(db, *ADD), codes=(1,), naming=db)
        assert "disk is full" in line
        assert db.read_bytes() == before
        assert temp_files(db) == []
        tally("case 4: writes to a disk out of inodes (tmpfs)")


@pytest.mark.parametrize("step", ["temp_opened", "temp_written", "before_fsync", "before_replace"])
def test_an_injected_enospc_fails_cleanly_and_changes_nothing(
    step: str, db: Path, tmp_path: Path
) -> None:
    """The same wherever mounting is not allowed: ENOSPC from each call that can return it."""
    server = ForkServer(db, tmp_path)
    try:
        for command in (ADD, ("update", "5", "--note", "Đã họp"), ("export", "--output", "out")):
            if command[0] == "export":
                target = db.parent / "out.json"
                command = ("export", "--output", str(target))
            else:
                target = db
            backup_path(db).write_bytes(db.read_bytes())
            before = folder_contents(db.parent)
            before.pop(db.name + ".lock", None)
            done, _ = server.run("--db", str(db), *command, step=step, action="enospc")
            line = refusal(done, codes=(1,), naming=target)
            assert "disk is full" in line and "nothing was changed" in line
            after = folder_contents(db.parent)
            after.pop(db.name + ".lock", None)
            assert after == before, f"{command[0]}: the folder changed"
            tally("case 4: writes to a full disk (ENOSPC injected)")
    finally:
        server.close()


async def test_the_ui_on_a_full_disk_says_so_and_keeps_what_was_typed(
    small_disk: Path, sample_bytes: bytes
) -> None:
    db = small_disk / "tracker.json"
    db.write_bytes(sample_bytes)
    fill(small_disk, PAGE)
    before = db.read_bytes()
    app = make_app(Tracker(Database(db), TODAY), sample=None, watch_interval=0)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, TaskFormDialog)
        form.query_one("#title", Input).value = "Việc không được mất"
        form.query_one("#lead", AgencyPicker).value = "HN-KHDT"
        await pilot.pause()
        await pilot.click("#save")
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any("disk is full" in m and str(db) in m for m in messages), messages
        reopened = app.screen
        assert isinstance(reopened, TaskFormDialog)
        assert reopened.query_one("#title", Input).value == "Việc không được mất"
    assert db.read_bytes() == before
    assert temp_files(db) == []
    tally("case 4: writes to a full disk (terminal UI)")
