"""Cases 9 to 13: every file the tracker touches is the one the user meant, and nothing else.

Real processes on real files: outputs aimed at the database, links planted where the
tracker writes, a symlinked or hard-linked database, FIFOs, devices and folders in its
place, a lock deleted during a write, and ownership, mode bits, ACLs and xattrs as root.
Wherever a command is refused, the folder is compared byte for byte before and after.
"""

from __future__ import annotations

import json
import os
import stat
import struct
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLE_TASKS
from tests.reliability.budget import tally
from tests.reliability.harness import (
    Run,
    env_for,
    faulty_writer,
    folder_contents,
    generated_tasks,
    interchange_file,
    read_database,
    refusal,
    succeeded,
    temp_files,
    tracker,
)
from tracker.store.database import lock_path
from tracker.store.lock_owner import owner_path
from tracker.store.safe_files import LONGEST_DATABASE_NAME, NAME_MAX, create_exclusive
from tracker.store.storage import backup_path

ADD = ("add", "Kết nối tiêu thụ chè Tân Cương", "--lead", "HN-KHDT")
AS_ROOT = pytest.mark.skipif(os.geteuid() != 0, reason="owners can only be given by root")


def titles(db: Path) -> list[str]:
    return [task["title"] for task in read_database(db)["tasks"].values()]


def written(db: Path) -> Path:
    """`db` after one more write, so that its .bak and .lock exist beside it."""
    succeeded(tracker(db, "update", "1", "--note", "Đã trao đổi với Sở KH&ĐT Thái Nguyên"))
    assert backup_path(db).exists() and lock_path(db).exists()
    return db


# --- 1. an output file never overwrites the database -------------------------------------


def _spellings(db: Path) -> dict[str, Callable[[], str]]:
    """Ways of naming the database or a companion as an output file."""

    def symlink_to_db() -> str:
        link = db.parent / "report-link.html"
        link.symlink_to(db)
        return str(link)

    def hard_link_to_db() -> str:
        # A second name of the database's file; the database then has two links, which
        # only a write to it refuses: here it must be refused as an output.
        link = db.parent / "hard.html"
        os.link(db, link)
        return str(link)

    return {
        "the database": lambda: str(db),
        "relative": lambda: os.path.relpath(db, ROOT),
        "through ..": lambda: str(db.parent / ".." / db.parent.name / db.name),
        "a symlink to it": symlink_to_db,
        "a hard link to it": hard_link_to_db,
        "its .bak": lambda: str(backup_path(db)),
        "its .lock": lambda: str(lock_path(db)),
        "its .lock.owner": lambda: str(owner_path(db)),
    }


OUTPUT_COMMANDS = {
    "export": ("export", "--output"),
    "report": ("report", "--output"),
    "report html": ("report", "--format", "html", "--output"),
}


@pytest.mark.parametrize("command", OUTPUT_COMMANDS)
@pytest.mark.parametrize(
    "spelling",
    [
        "the database",
        "relative",
        "through ..",
        "a symlink to it",
        "a hard link to it",
        "its .bak",
        "its .lock",
        "its .lock.owner",
    ],
)
def test_an_output_file_never_overwrites_the_database(
    db: Path, command: str, spelling: str
) -> None:
    written(db)
    target = _spellings(db)[spelling]()
    before = folder_contents(db.parent)
    done = tracker(db, *OUTPUT_COMMANDS[command], target)
    line = refusal(done, codes=(1,))
    assert "nothing was written" in line, line
    assert folder_contents(db.parent) == before
    tally("case 9: outputs aimed at the database or its companions, refused", 1)


async def test_the_report_dialog_refuses_the_database_as_its_file(db: Path) -> None:
    from textual.widgets import Input

    from tests.conftest import TODAY
    from tests.ui.conftest import settle
    from tests.ui.test_dialogs import replace_text, shown
    from tracker.service import Tracker
    from tracker.store.database import Database
    from tracker.ui.app import make_app
    from tracker.ui.dialogs.report import ReportDialog

    written(db)
    before = folder_contents(db.parent)
    app = make_app(Tracker(Database(db), TODAY), watch_interval=0)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ReportDialog)
        await replace_text(pilot, dialog.query_one("#report-path", Input), str(db))
        assert "tracker database" in shown(dialog, "#report-path-check")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog  # still open, the reason beside the field
    assert folder_contents(db.parent) == before


# --- 2. no planted link is ever followed --------------------------------------------------


def planted_then_run(db: Path, plants: list[str], *args: str) -> Run:
    """Run the tracker from a shell that first plants symlinks under names made with its pid.

    `exec` keeps the shell's pid, so "$$" in a plant is the pid the tracker runs with:
    exactly the names a pid-based temp file would take.
    """
    script = " && ".join([*plants, 'exec "$@"'])
    started = time.monotonic()
    done = subprocess.run(
        ["sh", "-c", script, "sh", sys.executable, "-m", "tracker", *args],
        env=env_for(db),
        cwd=db.parent,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return Run(list(args), done.returncode, done.stdout, done.stderr, time.monotonic() - started)


def test_links_planted_at_temp_and_note_names_are_never_written_through(
    db: Path, tmp_path: Path
) -> None:
    written(db)
    victim = tmp_path / "victim"
    victim.mkdir()
    name = db.name
    plants = [
        f"ln -s {victim}/report .bao-cao.html.$$.tmp",
        f"ln -s {victim}/temp .{name}.$$.tmp",
        f"ln -s {victim}/bak .{name}.$$.bak.tmp",
        f"rm -f {name}.lock.owner && ln -s {victim}/owner {name}.lock.owner",
    ]
    succeeded(planted_then_run(db, plants, "--db", name, *ADD))
    assert os.listdir(victim) == []
    assert titles(db)[-1] == ADD[1]
    assert not owner_path(db).is_symlink()
    for leftover in db.parent.glob(".*.tmp"):
        leftover.unlink()
    (db.parent / f"{name}.lock.owner").unlink(missing_ok=True)
    succeeded(planted_then_run(db, plants, "--db", name, "report", "--output", "bao-cao.html"))
    assert os.listdir(victim) == []
    assert (db.parent / "bao-cao.html").stat().st_size > 0
    tally("case 10: planted links at temp, report and note names, written through", 0)


@pytest.mark.parametrize("dangling", [True, False], ids=["dangling", "to a file"])
def test_a_lock_that_is_a_symlink_is_refused_and_not_followed(
    db: Path, tmp_path: Path, dangling: bool
) -> None:
    target = tmp_path / "elsewhere"
    if not dangling:
        target.write_bytes(b"")
    lock_path(db).symlink_to(target)
    before = folder_contents(db.parent)
    line = refusal(tracker(db, *ADD), codes=(1,), naming=lock_path(db))
    assert "symbolic link" in line
    assert folder_contents(db.parent) == before
    assert target.exists() is not dangling or target.read_bytes() == b""
    tally("case 10: planted lock links refused", 1)


def test_temp_names_stay_within_name_max_for_every_accepted_name(tmp_path: Path) -> None:
    for stem in ("a", "ố", "ốa", "aố"):
        for length in range(LONGEST_DATABASE_NAME - 12, LONGEST_DATABASE_NAME + 1):
            name = (stem * length).encode()[: length - 5].decode("utf-8", "ignore") + ".json"
            if len(name.encode()) > LONGEST_DATABASE_NAME:
                continue
            for suffix in (".tmp", ".bak.tmp", ".owner.tmp"):
                fd, temp = create_exclusive(tmp_path / name, suffix)
                os.close(fd)
                assert len(temp.name.encode()) <= NAME_MAX
                temp.unlink()


def test_the_longest_accepted_name_can_be_written_again_and_a_longer_one_is_refused(
    tmp_path: Path,
) -> None:
    longest = tmp_path / ("đ" * ((LONGEST_DATABASE_NAME - 5) // 2) + "x" * 1 + ".json")
    assert len(longest.name.encode()) == LONGEST_DATABASE_NAME
    for code in ("HN-A", "HN-B", "HN-C"):
        succeeded(tracker(longest, "--db", str(longest), "agencies", "add", code, "Sở A"))
    assert len(read_database(longest)["agencies"]) == 3
    too_long = tmp_path / ("a" * (LONGEST_DATABASE_NAME - 4) + ".json")
    before = folder_contents(tmp_path)
    refusal(tracker(too_long, "--db", str(too_long), *ADD), codes=(2,))
    assert folder_contents(tmp_path) == before


# --- 3. the database path is what the user means ------------------------------------------


def test_a_symlinked_database_is_written_at_its_target(db: Path, tmp_path: Path) -> None:
    link = tmp_path / "link.json"
    link.symlink_to(db)
    done = tracker(db, "--db", str(link), *ADD)
    succeeded(done)
    assert link.is_symlink() and link.resolve() == db
    assert titles(db)[-1] == ADD[1]
    assert backup_path(db).exists() and lock_path(db).exists()
    assert not backup_path(link).exists() and not lock_path(link).exists()
    tally("case 11: writes through a symlinked database, kept a link", 1)


def test_a_database_with_two_hard_links_is_refused(db: Path, tmp_path: Path) -> None:
    other = db.parent / "other-name.json"
    os.link(db, other)
    before = folder_contents(db.parent)
    line = refusal(tracker(db, *ADD), codes=(1,), naming=db)
    assert "hard links" in line
    assert folder_contents(db.parent) == before  # no .lock, no temp, nothing
    succeeded(tracker(db, "list"))  # reading is harmless
    tally("case 11: hard-linked databases refused for writing", 1)


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _folder(path: Path) -> None:
    path.mkdir()


@pytest.mark.parametrize("make", [_fifo, _folder], ids=["a FIFO", "a folder"])
@pytest.mark.parametrize("command", [ADD, ("list",), ("report",), ("show", "1")])
def test_a_fifo_or_folder_as_database_is_refused_at_once(
    tmp_path: Path, make: Callable[[Path], None], command: tuple[str, ...]
) -> None:
    db = tmp_path / "tracker.json"
    make(db)
    before = folder_contents(tmp_path)
    # A FIFO that blocked would hit this timeout and fail the test.
    done = tracker(db, *command, timeout=60)
    refusal(done, codes=(1,), naming=db)
    assert folder_contents(tmp_path) == before
    tally("case 11: FIFOs and folders given as the database, refused", 1)


@pytest.mark.parametrize("command", [ADD, ("list",)])
def test_a_device_as_database_is_refused(tmp_path: Path, command: tuple[str, ...]) -> None:
    device = Path("/dev/null")
    done = tracker(tmp_path / "unused.json", "--db", str(device), *command, timeout=60)
    refusal(done, codes=(1,), naming=device)
    assert not Path("/dev/null.lock").exists()


def test_a_dash_as_database_is_bad_usage(db: Path) -> None:
    before = folder_contents(db.parent)
    refusal(tracker(db, "--db", "-", "list"), codes=(2,))
    refusal(tracker(db, "--db", "-", *ADD), codes=(2,))
    assert folder_contents(db.parent) == before
    assert not (ROOT / "-").exists()


def test_a_refused_first_write_leaves_no_lock_or_any_file(tmp_path: Path) -> None:
    db = tmp_path / "new.json"
    refusal(tracker(db, *ADD), codes=(2,))  # no such agency in an empty database
    assert os.listdir(tmp_path) == []


def test_list_in_a_folder_that_does_not_exist_says_so(tmp_path: Path) -> None:
    db = tmp_path / "missing" / "tracker.json"
    line = refusal(tracker(db, "list"), codes=(1,))
    assert "does not exist" in line and "missing" in line
    assert not (tmp_path / "missing").exists()


def test_a_bak_that_is_a_folder_is_named_as_the_bak(db: Path) -> None:
    backup_path(db).mkdir()
    before = folder_contents(db.parent)
    line = refusal(tracker(db, *ADD), codes=(1,), naming=backup_path(db))
    assert folder_contents(db.parent) == before, line


# --- 4. the lock cannot be stolen ---------------------------------------------------------


@pytest.mark.parametrize("how", ["deleted", "replaced"])
def test_a_writer_whose_lock_was_taken_aborts_and_the_other_write_stands(
    db: Path, tmp_path: Path, how: str
) -> None:
    written(db)
    go = tmp_path / "go"
    tasks = tmp_path / "tasks.json"
    tasks.write_text(json.dumps(interchange_file(generated_tasks(200, 5))), encoding="utf-8")
    import_args = ("--db", str(db), "import", str(tasks))
    with faulty_writer(
        db, "lock_acquired", "pause", *import_args, RELIABILITY_GO=str(go)
    ) as importer:
        lock_path(db).unlink()
        if how == "replaced":
            lock_path(db).write_bytes(b"")
        # The lock at the path is a new file now: a second writer gets in...
        succeeded(tracker(db, "--lock-timeout", "5", *ADD))
        go.write_text("go")
        out, err = importer.communicate(timeout=120)
    # ...and the first one, whose lock was taken, gives up without writing.
    line = refusal(Run(["import"], importer.returncode, out, err, 0), codes=(1,))
    assert "nothing was changed" in line and str(lock_path(db)) in line
    assert titles(db)[-1] == ADD[1]
    assert len(titles(db)) == SAMPLE_TASKS + 1
    tally("case 12: writers whose lock was deleted or replaced, aborted unwritten", 1)
    tally("case 12: ... acknowledged writes lost meanwhile", 0)


# --- 5. ownership, mode, ACLs and xattrs survive a write ----------------------------------

OWNER, GROUP = 4242, 4343


def _acl(user: int) -> bytes:
    """A POSIX access ACL granting `user` read and write, in the kernel's xattr format."""
    undefined = 0xFFFFFFFF
    entries = [(0x01, 6, undefined), (0x02, 6, user), (0x04, 4, undefined)]
    entries += [(0x10, 6, undefined), (0x20, 0, undefined)]
    return struct.pack("<I", 2) + b"".join(struct.pack("<HHI", *entry) for entry in entries)


@AS_ROOT
def test_a_root_write_keeps_the_owner_group_and_mode(db: Path) -> None:
    os.chown(db, OWNER, GROUP)
    db.chmod(0o600)
    succeeded(tracker(db, *ADD))
    for path in (db, backup_path(db)):
        status = path.stat()
        assert (status.st_uid, status.st_gid) == (OWNER, GROUP), path
        assert stat.S_IMODE(status.st_mode) == 0o600, path
    lock = lock_path(db).stat()
    assert (lock.st_uid, lock.st_gid) == (OWNER, GROUP)  # the owner can still lock
    succeeded(tracker(db, *ADD))
    assert db.stat().st_uid == OWNER
    tally("case 13: root writes that kept owner, group and mode", 2)


def test_an_acl_and_user_xattrs_survive_writes(db: Path) -> None:
    try:
        os.setxattr(db, "system.posix_acl_access", _acl(OWNER))
        os.setxattr(db, "user.phong-ban", "Sở KH&ĐT".encode())
    except OSError as error:  # a filesystem without ACLs or user xattrs
        pytest.skip(f"no ACLs or user xattrs here: {error}")
    acl = os.getxattr(db, "system.posix_acl_access")
    succeeded(tracker(db, *ADD))
    succeeded(tracker(db, "update", "1", "--note", "Lần ghi thứ hai"))
    for path in (db, backup_path(db)):
        assert os.getxattr(path, "system.posix_acl_access") == acl, path
        assert os.getxattr(path, "user.phong-ban") == "Sở KH&ĐT".encode(), path
    tally("case 13: writes that kept an ACL and a user xattr", 2)


def test_a_file_without_a_write_bit_is_never_written_even_by_root(db: Path) -> None:
    db.chmod(0o444)
    before = folder_contents(db.parent)
    line = refusal(tracker(db, *ADD), codes=(1,), naming=db)
    assert "read-only" in line
    assert folder_contents(db.parent) == before
    tally("case 13: read-only databases (as root too) left unwritten", 1)


@AS_ROOT
def test_a_new_lock_takes_the_group_and_group_bits_of_a_shared_database(db: Path) -> None:
    folder = db.parent
    os.chown(folder, 0, GROUP)
    folder.chmod(0o2770)  # setgid: new files belong to the group
    os.chown(db, OWNER, GROUP)
    db.chmod(0o660)
    succeeded(tracker(db, *ADD))
    lock = lock_path(db).stat()
    assert lock.st_gid == GROUP
    assert stat.S_IMODE(lock.st_mode) & 0o060 == 0o060  # every member may take it
    assert stat.S_IMODE(db.stat().st_mode) == 0o660 and db.stat().st_gid == GROUP


def test_no_temp_file_outlives_a_write(db: Path) -> None:
    written(db)
    succeeded(tracker(db, "export", "--output", str(db.parent / "hn-tn.json")))
    assert temp_files(db) == []
    assert [p.name for p in db.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_an_import_read_from_a_pipe_works_and_takes_the_lock_only_after(
    db: Path, tmp_path: Path
) -> None:
    """`tracker import <(unzip -p ...)`: a pipe is read like a file, before the lock."""
    fifo = tmp_path / "tasks.json"
    os.mkfifo(fifo)
    importer = subprocess.Popen(
        [sys.executable, "-m", "tracker", "import", str(fifo)],
        env=env_for(db),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # While it waits for the pipe's writer, other writers are not held up.
        succeeded(tracker(db, "--lock-timeout", "5", *ADD))
        with open(fifo, "w", encoding="utf-8") as stream:
            stream.write(json.dumps(interchange_file(generated_tasks(3, 8))))
        _out, err = importer.communicate(timeout=60)
    finally:
        if importer.poll() is None:
            importer.kill()
            importer.communicate()
    assert importer.returncode == 0, err
    assert len(titles(db)) == SAMPLE_TASKS + 1 + 3
