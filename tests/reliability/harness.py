"""What the reliability tests share: the real `tracker` process, reading the file, states."""

from __future__ import annotations

import contextlib
import copy
import json
import os
import random
import shutil
import stat
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.conftest import ROOT, TODAY, cli_env, wait_until
from tracker.store.safe_files import stale_temp_files
from tracker.store.storage import AtomicJSONStorage, decoded_documents

TIMEOUT = 300


@dataclass
class Run:
    """A finished `tracker` process."""

    args: Sequence[str]
    code: int
    stdout: str
    stderr: str
    seconds: float


def env_for(db: Path | str, **extra: str) -> dict[str, str]:
    env = cli_env(db, TODAY)
    env.update(extra)
    return env


def tracker(
    db: Path | str,
    *args: str,
    env: Mapping[str, str] | None = None,
    prefix: Sequence[str] = (),
    module: str = "tracker",
    timeout: float = TIMEOUT,
) -> Run:
    """Run `python -m tracker ARGS` (or another module) as a real process against `db` (a
    file or a server's URL)."""
    started = time.monotonic()
    done = subprocess.run(
        [*prefix, sys.executable, "-m", module, *args],
        env=dict(env) if env is not None else env_for(db),
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="surrogateescape",
        timeout=timeout,
        check=False,
    )
    return Run(args, done.returncode, done.stdout, done.stderr, time.monotonic() - started)


def refusal(run: Run, codes: Sequence[int] = (1, 2), naming: object = None) -> str:
    """The one line a refused command printed; fails unless it is exactly our error."""
    context = f"tracker {' '.join(map(repr, run.args))[:300]}: {run.stderr[-2000:]!r}"
    assert run.code in codes, f"exit {run.code}, expected one of {codes}; {context}"
    assert "Traceback" not in run.stderr, context
    lines = run.stderr.splitlines()
    assert len(lines) == 1, f"not one line; {context}"
    line = lines[0]
    assert line.startswith("tracker: error: "), context
    assert "internal error" not in line, context
    if naming is not None:
        assert str(naming) in line, f"does not name {naming}; {context}"
    return line


@contextlib.contextmanager
def faulty_writer(
    db: Path, step: str, action: str, *args: str, **env: str
) -> Iterator[subprocess.Popen[str]]:
    """A real tracker command run by faulty_cli, yielded once it reached `step`.

    `action` is "hang" (it stays there) or "pause" (it goes on once $RELIABILITY_GO
    exists); the test's environment names both files. Killed at the end if still running.
    """
    ready = Path(env.setdefault("RELIABILITY_READY", str(db.parent / "writer-ready")))
    ready.unlink(missing_ok=True)
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.faulty_cli", step, action, *args],
        env=env_for(db, **env),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_until(ready.exists, process, f"the writer at {step}")
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=30)


def succeeded(run: Run) -> str:
    context = f"tracker {' '.join(map(repr, run.args))[:300]}: {run.stderr[-2000:]!r}"
    assert run.code == 0, f"exit {run.code}; {context}"
    # stderr may carry a count ("25 tasks") but never an error or a traceback.
    assert "error" not in run.stderr and "Traceback" not in run.stderr, context
    return run.stdout


def read_database(db: Path) -> dict[str, Any]:
    """The file as the store reads it (schema checked), every document decoded; StoreError
    if it is not a database."""
    raw = AtomicJSONStorage(db).read()
    assert raw is not None, f"{db} does not exist"
    decoded: dict[str, Any] = decoded_documents(raw)
    return decoded


def temp_files(db: Path) -> list[Path]:
    """Temp files of this database's writers, finished or torn."""
    return sorted(stale_temp_files(db))


def folder_contents(folder: Path) -> dict[str, bytes | None]:
    """Every name in a folder with its bytes: to prove nothing changed.

    A folder is None; a symlink, a FIFO or a device is described rather than read (reading
    a FIFO would wait forever); a regular file also carries its mode, owner and link count.
    """
    contents: dict[str, bytes | None] = {}
    for path in sorted(folder.iterdir()):
        status = path.lstat()
        if stat.S_ISLNK(status.st_mode):
            contents[path.name] = b"symlink to " + os.fsencode(os.readlink(path))
        elif stat.S_ISDIR(status.st_mode):
            contents[path.name] = None
        elif not stat.S_ISREG(status.st_mode):
            contents[path.name] = f"special file {stat.filemode(status.st_mode)}".encode()
        else:
            described = f"{stat.filemode(status.st_mode)} {status.st_uid}:{status.st_gid} "
            described += f"{status.st_nlink} links\n"
            contents[path.name] = described.encode() + path.read_bytes()
    return contents


def logical(raw: Mapping[str, Any], old_task_ids: set[str] | None = None) -> dict[str, Any]:
    """The database without what differs between two runs of the same command.

    `updated` stamps and the random id, time and change id of each history event, and
    the change id and time of each record of the changes journal, always; for tasks a
    command added (ids not in `old_task_ids`) also the random uuid and the creation stamp.
    """
    state = copy.deepcopy(dict(raw))
    for record in state.get("changes", {}).values():
        record.pop("change", None)
        record.pop("at", None)
    for task_id, task in state.get("tasks", {}).items():
        task.pop("updated", None)
        for event in task.get("history", []):
            event.pop("id", None)
            event.pop("at", None)
            event.pop("change", None)
        if old_task_ids is not None and task_id not in old_task_ids:
            task.pop("uuid", None)
            task.pop("created", None)
    return state


def copy_database(source: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target


def drop_privileges_prefix() -> list[str] | None:
    """How to run a command that obeys file permissions, or None if that cannot be done.

    Root ignores permission bits. When the suite runs as root, the child keeps uid 0
    but loses the capabilities that bypass them (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH),
    so a file with mode 000 is as unreadable to it as to any user.
    """
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    prefix = [setpriv, "--bounding-set", "-dac_override,-dac_read_search"]
    probe = subprocess.run([*prefix, "true"], capture_output=True, check=False)
    return prefix if probe.returncode == 0 else None


# --- generated data ---------------------------------------------------------------------

PHRASES = ("kết nối tiêu thụ chè Tân Cương", "chợ Đồng Xuân", "du lịch", "hội chợ nông sản")
SAMPLE_LEADS = ("HN-KHDT", "TN-KHDT", "HN-CT", "TN-CT", "HN-DL", "TN-VHTTDL", "HN-NNPTNT")


def generated_tasks(count: int, seed: int, text_size: int = 80) -> list[dict[str, Any]]:
    """`count` valid interchange task records over the sample's agencies and meeting."""
    rng = random.Random(seed)
    words = " ".join(PHRASES).split()
    records = []
    for number in range(count):
        lead = rng.choice(SAMPLE_LEADS)
        status = rng.choice(("open", "open", "in_progress", "blocked", "done", "cancelled"))
        closed = status in ("done", "cancelled")
        description = " ".join(rng.choice(words) for _ in range(text_size // 6))[:text_size]
        records.append(
            {
                "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "title": f"Việc {seed}-{number}: {' '.join(rng.sample(words, 5))}",
                "description": description,
                "lead": lead,
                "partners": [p for p in rng.sample(SAMPLE_LEADS, 2) if p != lead],
                "meeting": "2019-06-21-hn-tn",
                "area": rng.choice(("trade", "tourism", "agriculture", None)),
                "due": f"20{rng.randint(19, 28)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "status": status,
                "closed_on": "2026-10-01" if closed else None,
                "outcome": "Đã xong" if status == "done" else None,
                "history": [{"on": "2026-07-15", "text": description[:40], "kind": "note"}],
            }
        )
    return records


def interchange_file(tasks: list[dict[str, Any]]) -> dict[str, Any]:
    """An interchange document holding `tasks` (agencies and meetings come from the sample)."""
    return {"format": "coop-tracker", "version": 1, "tasks": tasks}


# --- a fork server for quick, real child processes --------------------------------------


@dataclass
class Child:
    pid: int
    started: float
    out: Path
    err: Path
    trace: Path


class ForkServer:
    """Client of tests/reliability/zygote.py: real `tracker` processes that start in ms."""

    def __init__(self, db: Path, folder: Path, prefix: Sequence[str] = ()) -> None:
        self.folder = folder
        self.count = 0
        self.last_args: list[str] = []
        self.process = subprocess.Popen(
            [*prefix, sys.executable, "-m", "tests.reliability.zygote"],
            env=env_for(db),
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def _reply(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert line, "the fork server died"
        reply: dict[str, Any] = json.loads(line)
        return reply

    def start(
        self, *args: str, step: str = "", action: str = "none", env: Mapping[str, str] = {}
    ) -> Child:
        self.count += 1
        base = self.folder / f"child-{self.count}"
        out, err, trace = (base.with_suffix(s) for s in (".out", ".err", ".trace"))
        trace.unlink(missing_ok=True)
        # Created here, so that they exist even for a child killed before it opens them.
        out.write_bytes(b"")
        err.write_bytes(b"")
        request = {
            "argv": list(args),
            "out": str(out),
            "err": str(err),
            "trace": str(trace),
            "step": step,
            "action": action,
            "env": dict(env),
        }
        self.last_args = list(args)
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        reply = self._reply()
        return Child(reply["pid"], reply["started"], out, err, trace)

    def finish(self, child: Child) -> Run:
        reply = self._reply()
        assert reply["pid"] == child.pid
        return Run(
            self.last_args,
            reply["code"],
            child.out.read_text(encoding="utf-8", errors="surrogateescape"),
            child.err.read_text(encoding="utf-8", errors="surrogateescape"),
            0.0,
        )

    def run(
        self, *args: str, step: str = "", action: str = "none"
    ) -> tuple[Run, list[tuple[str, float]]]:
        """Run a command to its end; also return the steps of its write with their times."""
        child = self.start(*args, step=step, action=action)
        done = self.finish(child)
        return done, steps_reached(child)

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)


def steps_reached(child: Child) -> list[tuple[str, float]]:
    """The write steps a child reached, with their times relative to its start."""
    if not child.trace.exists():
        return []
    steps = []
    for line in child.trace.read_text(encoding="utf-8").splitlines():
        name, _, moment = line.partition(" ")
        steps.append((name, float(moment) - child.started))
    return steps
