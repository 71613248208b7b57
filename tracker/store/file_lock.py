"""The inter-process lock on `<db>.lock`: flock(2) where the system has it, filelock elsewhere."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]


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

    def __init__(self, path: Path) -> None:
        self.path = path
        self._threads = threading.RLock()
        self._depth = 0
        self._fd: int | None = None
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

    def release(self) -> None:
        self._depth -= 1
        try:
            if self._depth == 0:
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
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                if self._try_flock(fd) and self._still_the_lock_file(fd):
                    self._fd = fd
                    return
            except BaseException:
                os.close(fd)
                raise
            os.close(fd)
            if time.monotonic() >= deadline:
                raise LockTimeout(self.path)
            time.sleep(min(poll, max(0.0, deadline - time.monotonic())))
            poll = min(poll * 2, self.LONGEST_POLL)

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
        if fd is not None:
            # Closing the descriptor releases the flock as well; unlock first all the same,
            # so that a descriptor inherited by a child process cannot keep it held.
            assert fcntl is not None
            try:
                fcntl.flock(fd, fcntl.LOCK_UN)
            finally:
                os.close(fd)
