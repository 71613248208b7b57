"""What the server's reliability cases share: a sample database on the test server, the
writer's backend as the server shows it, a writer caught mid-transaction, the server
stopped and started again."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, SAMPLE, wait_until
from tests.reliability.harness import (
    Run,
    env_for,
    generated_tasks,
    interchange_file,
    succeeded,
    tracker,
)
from tests.server import admin_connection, new_server_database

# Tasks in the import a writer is caught in: enough that streaming them takes a while.
BIG_IMPORT = 3000
# The writer under test never gives up waiting for a lock: what stops it is the case's fault.
PATIENT = "120"


def database_name(url: str) -> str:
    return url.rsplit("/", 1)[-1].split("?")[0]


def sample_server_database(template: str) -> str:
    """A new database on the test server holding the sample conference; its URL."""
    url = new_server_database(template, "rel")
    succeeded(tracker(url, "import", str(SAMPLE)))
    return url


@pytest.fixture
def server_sample(server_template: str) -> Iterator[str]:
    """The URL of a database of this test's own holding the sample, dropped after."""
    url = sample_server_database(server_template)
    yield url
    with admin_connection() as conn:  # type: ignore[attr-defined]
        conn.execute(f'DROP DATABASE IF EXISTS "{database_name(url)}" WITH (FORCE)')


def stored(url: str) -> dict[str, dict[str, Any]]:
    """Every task document by id (as text, like the file's), and the meta row."""
    import psycopg

    with psycopg.connect(url) as conn:
        tasks = conn.execute("SELECT id, doc FROM tracker.tasks ORDER BY id").fetchall()
        meta = conn.execute("SELECT revision, changed_by FROM tracker.meta").fetchone()
    assert meta is not None
    return {
        "tasks": {str(task_id): doc for task_id, doc in tasks},
        "meta": {"revision": meta[0], "changed_by": meta[1]},
    }


@dataclass
class Backend:
    """A tracker's session on the server, as pg_stat_activity shows it."""

    pid: int
    state: str | None
    query: str
    xid: str | None
    waits: str | None  # the kind of thing it waits for: "Lock", "Client", ...


def tracker_backends(url: str) -> list[Backend]:
    """The sessions trackers hold on this database (each command names itself)."""
    with admin_connection() as conn:  # type: ignore[attr-defined]
        rows = conn.execute(
            "SELECT pid, state, query, backend_xid::text, wait_event_type FROM pg_stat_activity "
            "WHERE datname = %s AND application_name LIKE 'tracker%%' "
            "AND pid <> pg_backend_pid()",
            (database_name(url),),
        ).fetchall()
    return [Backend(*row) for row in rows]


def streaming_tasks(url: str) -> Backend | None:
    """The writer's session while it streams new tasks (COPY) inside its transaction."""
    for backend in tracker_backends(url):
        if backend.state == "active" and backend.query.startswith("COPY tracker.tasks"):
            return backend
    return None


def waiting_on_the_journal(url: str) -> Backend | None:
    """The writer's session once it has written its tasks and waits for the journal's lock."""
    for backend in tracker_backends(url):
        if backend.waits == "Lock" and backend.query.startswith("INSERT INTO tracker.changes"):
            return backend
    return None


def wait_for(condition: Callable[[], bool], what: str) -> None:
    """Wait for a state of the server (never for a length of time), at most a minute."""
    deadline = time.monotonic() + 60
    while not condition():
        assert time.monotonic() < deadline, f"never saw {what}"
        time.sleep(0.005)  # wait-ok: the poll interval of a wait on state, bounded above


def big_import(folder: Path, seed: int) -> Path:
    """An interchange file of BIG_IMPORT new tasks."""
    path = folder / f"big-{seed}.json"
    path.write_text(json.dumps(interchange_file(generated_tasks(BIG_IMPORT, seed))))
    return path


def start_writer(url: str, *args: str) -> subprocess.Popen[str]:
    """`python -m tracker --lock-timeout PATIENT ARGS` against the server, not waited for."""
    return subprocess.Popen(
        [sys.executable, "-m", "tracker", "--lock-timeout", PATIENT, *args],
        env=env_for(url),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finished(process: subprocess.Popen[str], args: tuple[str, ...]) -> Run:
    out, err = process.communicate(timeout=120)
    return Run(args, process.returncode, out, err, 0.0)


@contextlib.contextmanager
def journal_held(url: str) -> Iterator[Callable[[], None]]:
    """The changes journal locked by the test (SHARE: writers wait to add to it); yields
    the function that lets go (also called at the end)."""
    import psycopg

    conn = psycopg.connect(url)
    conn.execute("LOCK TABLE tracker.changes IN SHARE MODE")

    def release() -> None:
        if not conn.closed:
            with contextlib.suppress(psycopg.Error):
                conn.rollback()
            conn.close()

    try:
        yield release
    finally:
        release()


@dataclass
class Caught:
    """A writer stopped in the middle of its transaction, at a known point."""

    process: subprocess.Popen[str]
    args: tuple[str, ...]
    point: str
    backend: Backend


def catch_streaming(url: str, args: tuple[str, ...]) -> Caught | None:
    """Start the writer, and freeze it (SIGSTOP) while its session streams tasks: frozen
    there, it has not sent its COMMIT. None if it got past that point before the freeze
    (it is then let finish)."""
    process = start_writer(url, *args)
    wait_until(lambda: streaming_tasks(url) is not None, process, "the writer streaming tasks")
    process.send_signal(signal.SIGSTOP)
    backend = streaming_tasks(url)
    if backend is None:
        process.send_signal(signal.SIGCONT)
        succeeded(finished(process, args))
        return None
    return Caught(process, args, "streaming its new tasks (COPY)", backend)


def catch_before_commit(url: str, args: tuple[str, ...]) -> Caught:
    """Start the writer while the test holds the journal: it writes every task, then
    waits for the journal's lock, the last step before its commit. The caller holds
    `journal_held` around this."""
    process = start_writer(url, *args)
    wait_until(
        lambda: waiting_on_the_journal(url) is not None,
        process,
        "the writer waiting for the journal, its tasks written",
    )
    backend = waiting_on_the_journal(url)
    assert backend is not None
    return Caught(process, args, "every task written, waiting to add to the journal", backend)


def backends_gone(url: str, caught: Caught) -> bool:
    return all(backend.pid != caught.backend.pid for backend in tracker_backends(url))


# --- stopping the server ----------------------------------------------------------------


@dataclass
class ServerControl:
    """How to stop the test server and start it again."""

    stop_command: list[str]  # MODE stands for the shutdown mode (fast, immediate)
    start_command: list[str]

    def stop(self, mode: str) -> None:
        command = [mode if word == "MODE" else word for word in self.stop_command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        subprocess.run(self.start_command, check=True, capture_output=True, timeout=120)


def server_control() -> ServerControl:
    """The test server's controls: pg_ctlcluster inside pg_virtualenv (root), pg_ctl on a
    cluster of our own (tools/with_postgres.sh as another user); skip otherwise."""
    port = os.environ.get("PGPORT", "")
    if os.environ.get("PG_CLUSTER_CONF_ROOT") and shutil.which("pg_ctlcluster"):
        listed = subprocess.run(
            ["pg_lsclusters", "-h"], capture_output=True, text=True, check=False
        ).stdout
        for line in listed.splitlines():
            version, name, cluster_port, *_ = line.split()
            if cluster_port == port:
                return ServerControl(
                    ["pg_ctlcluster", version, name, "stop", "-m", "MODE"],
                    ["pg_ctlcluster", version, name, "start"],
                )
    with admin_connection() as conn:  # type: ignore[attr-defined]
        row = conn.execute("SHOW data_directory").fetchone()
    data = Path(row[0]) if row else None
    if data is not None and data.exists() and data.stat().st_uid == os.geteuid() != 0:
        version = (data / "PG_VERSION").read_text().strip()
        pg_ctl = shutil.which("pg_ctl") or f"/usr/lib/postgresql/{version}/bin/pg_ctl"
        log = data.parent / "restarted.log"
        return ServerControl(
            [pg_ctl, "-D", str(data), "-m", "MODE", "-w", "stop"],
            # restart: starts a stopped server with the options it last ran with.
            [pg_ctl, "-D", str(data), "-w", "-l", str(log), "restart"],
        )
    pytest.skip("cannot stop and start this test server (not one tools/with_postgres.sh made)")
