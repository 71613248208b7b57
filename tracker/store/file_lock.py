"""The inter-process lock on `<db>.lock`: flock(2) where the system has it, filelock elsewhere."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import threading
import time
from pathlib import Path

from tracker.domain.errors import StoreError
from tracker.i18n import _

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class LockTimeout(Exception):
    """Another process (or thread) held the lock for longer than we were willing to wait."""


class DatabaseLock:
    """An exclusive lock shared by every process and thread that writes one database.

    On POSIX systems this is `flock` on `<db>.lock`, the very lock the `filelock` package
    takes there, so a tracker built on either one excludes the other. It is written here
    because importing filelock cost 12 to 18 ms of every command, a sixth of a `tracker
    add` at 10,000 tasks. Re-entrant within a thread, like filelock's, and exclusive
    between threads, since `flock` locks belong to an open file and each holder opens its
    own. Where there is no `fcntl` (Windows), filelock does the work.
    """

    # Waiters poll: flock has no wait with a timeout. Start fast (the usual holder is a
    # command that finishes in milliseconds), back off to spare the CPU during long waits.
    FIRST_POLL = 0.001
    LONGEST_POLL = 0.05

    def __init__(self, path: Path, database: Path | None = None) -> None:
        self.path = path
        # The file the lock guards: a new lock file takes its owner, group and mode.
        self.database = database
        self._threads = threading.RLock()
        self._depth = 0
        self._fd: int | None = None
        self._created = False
        self._fallback = None
        if fcntl is None:
            from filelock import FileLock

            self._fallback = FileLock(path)

    def acquire(self, timeout: float) -> None:
        """Wait at most `timeout` seconds for the lock; LockTimeout if it stays taken."""
        deadline = time.monotonic() + timeout
        if not self._threads.acquire(timeout=timeout):
            raise LockTimeout(self.path)
        try:
            if self._depth == 0:
                self._lock_file(deadline)
            self._depth += 1
        except BaseException:
            self._threads.release()
            raise

    def release(self, remove_if_created: bool = False) -> None:
        """Let go; with `remove_if_created`, a lock file this holder made is removed first.

        A refused command then leaves no file behind. Removing it is safe because every
        taker checks, after flock, that the file it locked is still the one at the path.
        """
        self._depth -= 1
        try:
            if self._depth == 0:
                if remove_if_created and self._created and self.still_held():
                    with contextlib.suppress(OSError):
                        os.unlink(self.path)
                self._unlock_file()
        finally:
            self._threads.release()

    def _lock_file(self, deadline: float) -> None:
        if self._fallback is not None:
            from filelock import Timeout

            try:
                self._fallback.acquire(timeout=max(0.0, deadline - time.monotonic()))
            except Timeout:
                raise LockTimeout(self.path) from None
            return
        poll = self.FIRST_POLL
        while True:
            fd, created = self._open_lock_file()
            try:
                if self._try_flock(fd) and self._still_the_lock_file(fd):
                    if created:
                        self._take_database_access(fd)
                    self._fd, self._created = fd, created
                    return
            except BaseException:
                os.close(fd)
                raise
            os.close(fd)
            if time.monotonic() >= deadline:
                raise LockTimeout(self.path)
            time.sleep(min(poll, max(0.0, deadline - time.monotonic())))
            poll = min(poll * 2, self.LONGEST_POLL)

    def _open_lock_file(self) -> tuple[int, bool]:
        """The lock file, opened without following a link; True if this call created it.

        Read-only is enough for flock, so a member of a shared database's group whose
        lock file another member made can take it. O_NONBLOCK: a FIFO planted as the
        lock must not hang the command.
        """
        flags = os.O_RDONLY | os.O_NONBLOCK | _NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
        while True:
            try:
                return os.open(self.path, flags | os.O_CREAT | os.O_EXCL, 0o644), True
            except FileExistsError:
                pass
            try:
                fd = os.open(self.path, flags)
            except FileNotFoundError:
                continue  # released and removed by its creator in between: make it anew
            except OSError as error:
                if error.errno == errno.ELOOP:
                    raise StoreError(
                        _(
                            "{lock} is a symbolic link; the tracker never follows one to "
                            "lock: remove it and try again"
                        ).format(lock=self.path)
                    ) from None
                raise
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                os.close(fd)
                raise StoreError(
                    _("{lock} is not a regular file: remove it and try again").format(
                        lock=self.path
                    )
                )
            return fd, False

    def _take_database_access(self, fd: int) -> None:
        """A new lock file gets the database's owner (as root), group and read-write bits.

        So a database shared by a group (a setgid folder, mode 0660) stays writable by
        every member, and a root command never leaves its owner a lock they cannot open.
        """
        if self.database is None:
            return
        try:
            database = os.stat(self.database)
        except OSError:
            return  # a new database: the lock is as the folder and umask make it
        with contextlib.suppress(OSError):
            if hasattr(os, "geteuid") and os.geteuid() == 0:
                os.fchown(fd, database.st_uid, database.st_gid)
            elif os.fstat(fd).st_gid != database.st_gid:
                os.fchown(fd, -1, database.st_gid)
            os.fchmod(fd, 0o600 | (stat.S_IMODE(database.st_mode) & 0o066))

    def still_held(self) -> bool:
        """True while the lock file at the path is the one this lock holds.

        Someone who deletes or replaces `<db>.lock` during a write lets a second writer
        take a new one; the first writer checks this before its commit and gives up.
        """
        if self._fallback is not None:
            return True
        return self._fd is not None and self._still_the_lock_file(self._fd)

    @staticmethod
    def _try_flock(fd: int) -> bool:
        assert fcntl is not None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _still_the_lock_file(self, fd: int) -> bool:
        # A holder that deletes the lock file on release (some lock libraries do) would
        # leave us holding a lock on a name nobody else can open: check it is still there.
        try:
            named = os.stat(self.path)
        except FileNotFoundError:
            return False
        locked = os.fstat(fd)
        return (named.st_dev, named.st_ino) == (locked.st_dev, locked.st_ino)

    def _unlock_file(self) -> None:
        if self._fallback is not None:
            self._fallback.release()
            return
        fd, self._fd = self._fd, None
        self._created = False
        if fd is not None:
            # Closing the descriptor releases the flock as well; unlock first all the same,
            # so that a descriptor inherited by a child process cannot keep it held.
            assert fcntl is not None
            try:
                fcntl.flock(fd, fcntl.LOCK_UN)
            finally:
                os.close(fd)
