"""A fork server: one process that has imported the tracker forks a real child per command.

    python -m tests.reliability.zygote

Killing a write at a random moment 200 times would spend most of its time starting
Python; a forked child starts in a few milliseconds, so the kills land in the command's
own work. Each child runs exactly what `python -m tracker` runs, with its argv, stdout
and stderr, and is killed by the parent with a real signal.

Protocol, one JSON object per line: the parent writes {"argv": [...], "out": PATH,
"err": PATH, "trace": PATH, "step": STEP, "action": ACTION} (a fault to inject, as in
faulty_cli.py; none by default); the server answers {"pid": N, "started": T} as soon as the
child exists, then {"pid": N, "code": C} when it has ended (C is -SIGNAL when killed).
"""

from __future__ import annotations

import json
import os
import runpy
import signal
import sys
import time
import traceback

import tracker.cli  # noqa: F401  (imported once here, inherited by every child)
from tests.reliability import faulty_cli

STOPPING = {signal.SIGINT, signal.SIGTERM}
INTERRUPTED_AT_START = 87


def child(request: dict[str, object]) -> None:
    """In the forked process: become `tracker ARGV` and never return."""
    code = 0
    try:
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        for fd, key in ((1, "out"), (2, "err")):
            target = os.open(str(request[key]), os.O_WRONLY | os.O_TRUNC)
            os.dup2(target, fd)
            os.close(target)
        os.environ["RELIABILITY_TRACE"] = str(request["trace"])
        extra = request.get("env", {})
        assert isinstance(extra, dict)
        os.environ.update({str(k): str(v) for k, v in extra.items()})
        fault = faulty_cli.Fault(str(request.get("step", "")), str(request.get("action", "none")))
        faulty_cli.install(fault)
        argv = request["argv"]
        assert isinstance(argv, list)
        sys.argv = ["tracker", *map(str, argv)]
        # From here on this is `tracker`: a signal sent meanwhile arrives now. Ctrl-C
        # landing on this very line is one during start-up, before any tracker code:
        # in a real process that is Python's business (and it prints a traceback).
        try:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPPING)
        except KeyboardInterrupt:
            os._exit(INTERRUPTED_AT_START)
        runpy.run_module("tracker", run_name="__main__", alter_sys=True)
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    except KeyboardInterrupt:
        # Python's own KeyboardInterrupt: the tracker's handler, which raises its own
        # Interrupted (not a KeyboardInterrupt) from the first lines of `run()` on, was not
        # installed yet. That is start-up again (see above), whether runpy or the first
        # statements of tracker/__main__.py were running: seen once in ~2,000 kills, in
        # `signal.getsignal` just before the handler went in.
        os._exit(INTERRUPTED_AT_START)
    except BaseException:
        # What the interpreter would do with an uncaught exception: the parent looks for it.
        traceback.print_exc()
        code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)


def serve() -> None:
    # Ctrl-C as at a terminal: a suite started in the background by a shell (`make test &`)
    # inherits SIGINT ignored, and the interrupted writers would then never be interrupted.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    for line in sys.stdin:
        request = json.loads(line)
        sys.stdout.flush()
        sys.stderr.flush()
        started = time.monotonic()
        # Signals wait until the child has become `tracker` (see child()).
        signal.pthread_sigmask(signal.SIG_BLOCK, STOPPING)
        pid = os.fork()
        if pid == 0:
            child(request)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPPING)
        print(json.dumps({"pid": pid, "started": started}), flush=True)
        _, status = os.waitpid(pid, 0)
        print(json.dumps({"pid": pid, "code": os.waitstatus_to_exitcode(status)}), flush=True)


if __name__ == "__main__":
    serve()
