"""The database lock between threads of one process; between processes see test_store."""

from __future__ import annotations

import fcntl
import os
import threading
import time
from pathlib import Path

import pytest

from tracker.store.file_lock import DatabaseLock, LockTimeout


def test_a_second_thread_waits_for_the_first_to_let_go(tmp_path: Path) -> None:
    lock = DatabaseLock(tmp_path / "db.json.lock")
    events: list[str] = []
    lock.acquire(timeout=1)

    def second() -> None:
        lock.acquire(timeout=5)
        events.append("second in")
        lock.release()

    waiter = threading.Thread(target=second)
    waiter.start()
    # Lets the thread reach its wait; the order asserted holds however long it takes.
    time.sleep(0.1)  # wait-ok: a head start for the thread; nothing asserted depends on it
    events.append("first out")
    lock.release()
    waiter.join(timeout=5)
    assert events == ["first out", "second in"]


def test_two_lock_objects_on_one_file_exclude_each_other(tmp_path: Path) -> None:
    """As two processes would: each opens the file itself."""
    first = DatabaseLock(tmp_path / "db.json.lock")
    second = DatabaseLock(tmp_path / "db.json.lock")
    first.acquire(timeout=1)
    started = time.monotonic()
    with pytest.raises(LockTimeout):
        second.acquire(timeout=0.2)
    assert time.monotonic() - started >= 0.2
    first.release()
    second.acquire(timeout=1)
    second.release()


def test_the_holding_thread_may_take_it_again(tmp_path: Path) -> None:
    lock = DatabaseLock(tmp_path / "db.json.lock")
    other = DatabaseLock(tmp_path / "db.json.lock")
    lock.acquire(timeout=1)
    lock.acquire(timeout=1)
    lock.release()
    with pytest.raises(LockTimeout):  # still held once
        other.acquire(timeout=0.05)
    lock.release()
    other.acquire(timeout=1)
    other.release()


def test_a_lock_file_replaced_while_waiting_is_not_taken_for_the_lock(tmp_path: Path) -> None:
    """A holder that deletes the file on release must not hand us a lock nobody sees."""
    path = tmp_path / "db.json.lock"
    old = os.open(path, os.O_RDWR | os.O_CREAT)
    fcntl.flock(old, fcntl.LOCK_EX)
    outcome: list[str] = []

    def wait() -> None:
        try:
            DatabaseLock(path).acquire(timeout=0.6)
            outcome.append("acquired")
        except LockTimeout:
            outcome.append("timed out")

    waiter = threading.Thread(target=wait)
    waiter.start()
    # Lets the thread reach its wait; the order asserted holds however long it takes.
    time.sleep(0.1)  # wait-ok: a head start for the thread; nothing asserted depends on it
    os.unlink(path)
    new = os.open(path, os.O_RDWR | os.O_CREAT)
    fcntl.flock(new, fcntl.LOCK_EX)  # someone else now holds the lock under that name
    os.close(old)
    waiter.join(timeout=5)
    os.close(new)
    assert outcome == ["timed out"]
