"""Fixtures of the suites that run against both stores from the same test code: a
`tracker` process runner and the sample database, over the `db` fixture (a file's path or
a server database's URL), as tests/conftest.py's `tracker` and `sample_db` are over a file."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests import server

if TYPE_CHECKING:
    from tests.conftest import CliRunner, Result
    from tracker.store.contract import Store


def run_on(location: Path | str) -> CliRunner:
    """A runner of `tracker ARGS` processes against `location`, in either store."""
    from tests.conftest import TODAY, run_tracker

    def run(*args: str, today: date = TODAY, stdin: str | None = None) -> Result:
        return run_tracker(location, *args, today=today, stdin=stdin)

    return run


@pytest.fixture
def store_tracker(db: Path | str) -> CliRunner:
    """`tracker ARGS` as a real process against this test's database, in either store."""
    return run_on(db)


@pytest.fixture(scope="session")
def server_sample_template(server_template: str) -> Iterator[str]:
    """A server database holding the sample, imported once by `tracker import`: each test
    that wants the sample gets a copy of it (quicker than importing it every time)."""
    from tests.conftest import SAMPLE, run_tracker

    url = server.new_server_database(server_template, tag="sample")
    imported = run_tracker(url, "import", str(SAMPLE))
    assert imported.code == 0, imported.stderr
    yield server.database_name(url)
    server.drop_database(url)


@pytest.fixture
def sample_store(request: pytest.FixtureRequest, db: Path | str) -> Path | str:
    """This test's database (`db`) with the sample in it: the file by `tracker import`, as
    sample_db; a server database as a copy of one that `tracker import` filled."""
    if server.is_server(db):
        server.replace_with_copy(str(db), request.getfixturevalue("server_sample_template"))
        return db
    from tests.conftest import SAMPLE, run_tracker

    imported = run_tracker(db, "import", str(SAMPLE))
    assert imported.code == 0, imported.stderr
    return db


def recorded_by(location: Path | str, name: str, **known: str) -> dict[str, str]:
    """An event's `by` as `show --format json` gives it for a change made by `name` in the
    database at `location`: on a server, with the role the tests connect as (issue 18)."""
    by = {"name": name, **known}
    if server.is_server(location):
        by["role"] = server.connecting_role()
    return by


def stored_documents(location: Path | str, table: str) -> dict[str, Any]:
    """The documents of one table as the store keeps them, by id as text: the file's JSON,
    or the server table's `doc` column."""
    if not server.is_server(location):
        documents: dict[str, Any] = json.loads(Path(location).read_bytes()).get(table, {})
        return documents
    import psycopg

    key = "id" if table in ("tasks", "changes") else "doc_id"
    with psycopg.connect(str(location)) as conn:
        rows = conn.execute(f"SELECT {key}, doc::text FROM tracker.{table} ORDER BY 1")
        return {str(doc_id): json.loads(doc) for doc_id, doc in rows.fetchall()}


def store_at(location: Path | str, lock_timeout: float = 10.0) -> Store:
    """The store at `location`, as the service opens it: the file's or the server's."""
    from tracker.service import open_store

    return open_store(location, lock_timeout, "tracker tests")
