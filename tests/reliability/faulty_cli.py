"""Run one real `tracker` command with a fault injected at a named step of its database write.

    python -m tests.reliability.faulty_cli STEP ACTION TRACKER-ARGS...

The steps are reached by wrapping what tracker/store/ calls (the lock, `os.open`,
`os.write`, `os.fsync`, `os.link`, `os.replace`) in this process only; the product has
no test hooks. Every step
the command reaches is appended to the file named by $RELIABILITY_TRACE, so the parent
can tell a fault that fired from a step the write never reached (and notice if the store
changes how it writes).

ACTION is what happens at STEP:
    exit       the process ends on the spot (os._exit), as in a crash or power cut
    kill       SIGKILL to itself
    eio        the step fails with EIO, as a failing disk would
    enospc     the step fails with ENOSPC, as a full disk would
    interrupt  Ctrl-C arrives (SIGINT to itself) exactly there
    hang       touch $RELIABILITY_READY and sleep: a stuck writer holding the lock
    pause      touch $RELIABILITY_READY, then go on once $RELIABILITY_GO exists
    none       nothing: only the trace, with the time each step was reached
"""

from __future__ import annotations

import errno
import os
import runpy
import signal
import stat
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

from tracker.store import database, file_lock, safe_files, storage

CRASHED = 86
_NOT_THE_TEMP = (".bak.tmp", ".owner.tmp")

# In the order a write passes them. Those before "before_replace" leave the old file in
# place; from "after_replace" on the new file is the database.
STEPS_BEFORE_REPLACE = (
    "lock_acquired",
    "temp_opened",
    "temp_written",
    "before_fsync",
    "after_fsync",
    "backup_linked",
    "before_replace",
)
# The .bak is only replaced once the database is: a killed write never leaves a new .bak
# beside the old database.
STEPS_AFTER_REPLACE = ("after_replace", "backup_replaced", "after_folder_fsync", "before_unlock")
STEPS = STEPS_BEFORE_REPLACE + STEPS_AFTER_REPLACE
# Steps where a real system call can fail (the others are between calls).
FAILING_CALLS = ("temp_opened", "temp_written", "before_fsync", "backup_linked", "before_replace")
ACTIONS = ("exit", "kill", "eio", "enospc", "interrupt", "hang", "pause", "none")


class Fault:
    def __init__(self, step: str, action: str) -> None:
        self.step = step
        self.action = action
        self.trace = os.environ.get("RELIABILITY_TRACE")

    def reached(self, step: str) -> None:
        if self.trace:
            with open(self.trace, "a", encoding="utf-8") as stream:
                stream.write(f"{step} {time.monotonic()}\n")
        if step != self.step:
            return
        if self.action == "exit":
            os._exit(CRASHED)
        if self.action == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        if self.action == "eio":
            raise OSError(errno.EIO, "Input/output error (injected)")
        if self.action == "enospc":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        if self.action == "interrupt":
            # A real SIGINT, as Ctrl-C sends: Python runs its handler at the next chance.
            os.kill(os.getpid(), signal.SIGINT)
            # The injected Ctrl-C is handled at the next bytecode; this gives it one.
            time.sleep(0.05)  # wait-ok: room for the signal handler to run, not a wait on state
        if self.action == "pause":
            Path(os.environ["RELIABILITY_READY"]).write_text(str(os.getpid()))
            go = Path(os.environ["RELIABILITY_GO"])
            deadline = time.monotonic() + 600
            while not go.exists() and time.monotonic() < deadline:
                time.sleep(0.01)  # wait-ok: poll interval of a wait for the go file
        if self.action == "hang":
            Path(os.environ["RELIABILITY_READY"]).write_text(str(os.getpid()))
            # The injected fault: hang, holding the lock, until the test kills us.
            time.sleep(600)  # wait-ok: the hang is the fault under test


class _FaultyOS(ModuleType):
    """The `os` module as tracker/store/safe_files.py sees it, with its file steps reported."""

    def __init__(self, fault: Fault) -> None:
        super().__init__("os")
        self._fault = fault
        self._temp_fd: int | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(os, name)

    def open(self, path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        fd = os.open(path, flags, *args, **kwargs)
        # The database's temp file; not the .bak copy nor the lock holder's note.
        name = str(path)
        if flags & os.O_EXCL and name.endswith(".tmp") and not name.endswith(_NOT_THE_TEMP):
            self._temp_fd = fd
            self._fault.reached("temp_opened")
        return fd

    def write(self, fd: int, content: Any) -> int:
        written = os.write(fd, content)
        if fd == self._temp_fd:
            self._fault.reached("temp_written")
        return written

    def fsync(self, fd: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            os.fsync(fd)
            self._fault.reached("after_folder_fsync")
            return
        self._fault.reached("before_fsync")
        os.fsync(fd)
        self._fault.reached("after_fsync")

    def link(self, src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        if self._fault.action in ("eio", "enospc"):
            # A link that fails is one that was not made (a filesystem without hard links).
            self._fault.reached("backup_linked")
        os.link(src, dst, *args, **kwargs)
        self._fault.reached("backup_linked")

    def replace(self, src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        if str(dst).endswith(".lock.owner"):
            os.replace(src, dst, *args, **kwargs)
            return
        if str(dst).endswith(".bak"):
            os.replace(src, dst, *args, **kwargs)
            self._fault.reached("backup_replaced")
            return
        self._fault.reached("before_replace")
        os.replace(src, dst, *args, **kwargs)
        self._fault.reached("after_replace")


def install(fault: Fault) -> None:
    """Wrap the calls tracker/store/ makes so that each step of a write reports itself."""

    class FaultyLock(file_lock.DatabaseLock):
        def acquire(self, *args: Any, **kwargs: Any) -> Any:
            proxy = super().acquire(*args, **kwargs)
            fault.reached("lock_acquired")
            return proxy

        def release(self, *args: Any, **kwargs: Any) -> None:
            fault.reached("before_unlock")
            super().release(*args, **kwargs)

    faulty_os = _FaultyOS(fault)
    safe_files.os = faulty_os  # type: ignore[attr-defined]
    storage.os = faulty_os  # type: ignore[attr-defined]
    database.DatabaseLock = FaultyLock  # type: ignore[attr-defined]


def main() -> None:
    step, action, *args = sys.argv[1:]
    if step not in STEPS or action not in ACTIONS:
        raise SystemExit(f"unknown step or action: {step} {action}")
    install(Fault(step, action))
    sys.argv = ["tracker", *args]
    # Exactly what `python -m tracker` runs, whatever tracker/__main__.py does today.
    runpy.run_module("tracker", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
