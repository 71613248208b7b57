"""The throw-away PostgreSQL server of the test run (tools/with_postgres.sh starts it):
a database of its own, with the tracker tables, for each test that asks."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Why the server tests cannot run, said once at the start and once at the end of the run.
_SKIP_REASON: list[str] = []
_TEMPLATE = "tracker_template"
_numbers = itertools.count(1)


def skip_reason() -> str | None:
    """Why there is no server to test against, or None when there is one."""
    if _SKIP_REASON:
        return _SKIP_REASON[0]
    reason = os.environ.get("TRACKER_TEST_SERVER_SKIP")
    if reason is None and not os.environ.get("PGHOST"):
        reason = "PGHOST is not set: run the tests with `make test` (tools/with_postgres.sh)"
    if reason is None:
        try:
            import psycopg  # noqa: F401
        except ImportError:
            reason = "psycopg is not installed: pip install -e '.[dev]'"
    if reason is not None:
        _SKIP_REASON.append(reason)
    return reason


def server_url(dbname: str) -> str:
    """The URL of database `dbname` on the test server; libpq takes the password from
    PGPASSWORD, which the test processes inherit."""
    host = os.environ.get("PGHOST", "localhost")
    port = os.environ.get("PGPORT", "5432")
    user = os.environ.get("PGUSER", "postgres")
    if host.startswith("/"):  # a socket folder: libpq's host parameter
        return f"postgresql://{user}@/{dbname}?host={host}&port={port}"
    return f"postgresql://{user}@{host}:{port}/{dbname}"


def admin_connection() -> object:
    """A connection to the server's maintenance database, in autocommit mode."""
    import psycopg

    return psycopg.connect(server_url(os.environ.get("PGDATABASE", "postgres")), autocommit=True)


@pytest.fixture(scope="session")
def server_template() -> str:
    """A database with the tracker tables, copied for each test (CREATE DATABASE ...
    TEMPLATE is quicker than init-db each time); skipped, loudly, without a server."""
    reason = skip_reason()
    if reason is not None:
        pytest.skip(f"no PostgreSQL server: {reason}")
    from tracker.service import init_server

    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    template = f"{_TEMPLATE}_{worker}_{os.getpid()}"
    with admin_connection() as conn:  # type: ignore[attr-defined]
        conn.execute(f'DROP DATABASE IF EXISTS "{template}"')
        conn.execute(f'CREATE DATABASE "{template}"')
    init_server(server_url(template))
    return template


def new_server_database(template: str, tag: str = "t") -> str:
    """A new database copied from `template`; its URL."""
    name = f"{template}_{tag}{next(_numbers)}"
    with admin_connection() as conn:  # type: ignore[attr-defined]
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return server_url(name)


@pytest.fixture
def server_db(server_template: str) -> Iterator[str]:
    """The URL of an empty tracker database of this test's own on the test server."""
    url = new_server_database(server_template)
    yield url
    name = url.rsplit("/", 1)[-1].split("?")[0]
    with admin_connection() as conn:  # type: ignore[attr-defined]
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def is_server(location: Path | str) -> bool:
    """True for a server URL, False for a file's path."""
    return isinstance(location, str) and location.startswith("postgresql://")


def state_of(location: Path | str) -> object:
    """Everything stored, to compare before and after a refused command: a file's bytes
    (None while there is none), or every row of a server's tracker tables, in order."""
    if not is_server(location):
        path = Path(location)
        return path.read_bytes() if path.exists() else None
    import psycopg

    tables = ("meta", "agencies", "agreements", "meetings", "tasks", "changes")
    with psycopg.connect(str(location)) as conn:
        return {
            table: conn.execute(f"SELECT * FROM tracker.{table} ORDER BY 1").fetchall()
            for table in tables
        }


def database_name(url: str) -> str:
    """The name of the database a test server URL names."""
    return url.rsplit("/", 1)[-1].split("?")[0]


def replace_with_copy(url: str, template: str) -> None:
    """Make the database at `url` a fresh copy of `template` (its URL stays the same)."""
    name = database_name(url)
    with admin_connection() as conn:  # type: ignore[attr-defined]
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')


def drop_database(url: str) -> None:
    """Drop the database at `url`, whoever is still connected to it."""
    with admin_connection() as conn:  # type: ignore[attr-defined]
        conn.execute(f'DROP DATABASE IF EXISTS "{database_name(url)}" WITH (FORCE)')


def connecting_role() -> str:
    """The role the tests connect to the server as: what a change made there records."""
    return os.environ.get("PGUSER", "postgres")
