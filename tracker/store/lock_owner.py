"""Who holds a database's lock: a note beside it, so that a command left waiting can say.

The lock itself is on `<db>.lock` (tracker/store/file_lock.py); the note is
`<db>.lock.owner`, written by the holder once it has the lock and removed before it lets
go. A holder that was killed leaves its note behind; the next holder overwrites it, and
a waiter ignores a note whose process is gone.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

import msgspec

from tracker.i18n import _
from tracker.store import safe_files


def owner_path(db: Path) -> Path:
    """The note beside `db` that names the process holding its lock."""
    return safe_files.companion(db, ".lock.owner")


def claim(db: Path, command: str) -> None:
    """Note that this process holds the lock; best effort, since it only serves a message.

    Written to a new file under a random name, then renamed over the note: a link planted
    at `<db>.lock.owner` is replaced, never written through.
    """
    record = {"pid": os.getpid(), "host": _host(), "command": command, "since": time.time()}
    with contextlib.suppress(OSError):
        fd, temp = safe_files.create_exclusive(db, ".owner.tmp", 0o644)
        try:
            try:
                if hasattr(os, "fchmod"):
                    os.fchmod(fd, 0o644)  # whoever waits may read it, whatever the umask
                safe_files.write_all(fd, msgspec.json.encode(record))
            finally:
                os.close(fd)
            os.replace(temp, owner_path(db))
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise


def release(db: Path) -> None:
    """Remove this process's note; a note another holder wrote meanwhile stays."""
    with contextlib.suppress(OSError, msgspec.DecodeError):
        record = msgspec.json.decode(safe_files.read_regular_file(owner_path(db)))
        if isinstance(record, dict) and record.get("pid") == os.getpid():
            owner_path(db).unlink()


def describe(db: Path) -> str | None:
    """ "process 4242 (tracker add, since 14:03:07)", or None if nobody known holds the lock."""
    try:
        record = msgspec.json.decode(safe_files.read_regular_file(owner_path(db)))
    except (OSError, msgspec.DecodeError):
        return None
    if not isinstance(record, dict):
        return None
    pid, host, command, since = (record.get(k) for k in ("pid", "host", "command", "since"))
    if not (
        isinstance(pid, int)
        and isinstance(host, str)
        and isinstance(command, str)
        and isinstance(since, int | float)
    ):
        return None
    here = host == _host()
    if here and not _alive(pid):
        return None  # the note of a holder that was killed
    try:
        started = time.strftime("%H:%M:%S", time.localtime(since))
    except (OverflowError, OSError, ValueError):
        return None
    if here:
        return _("process {pid} ({command}, since {time})").format(
            pid=pid, command=command, time=started
        )
    return _("process {pid} on {host} ({command}, since {time})").format(
        pid=pid, host=host, command=command, time=started
    )


def _host() -> str:
    if hasattr(os, "uname"):
        return os.uname().nodename
    return os.environ.get("COMPUTERNAME", "")


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False  # os.kill would reach a whole process group
    if os.name == "nt":
        return True  # os.kill would end the process there, not probe it
    try:
        os.kill(pid, 0)
    except PermissionError:
        return True  # alive, under another user
    except (OSError, OverflowError):
        return False
    return True
