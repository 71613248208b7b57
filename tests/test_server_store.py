"""The PostgreSQL store's own rules: init-db, schema versions, psycopg loaded only for a URL."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLE, CliRunner, cli_env, modules_loaded, run_tracker
from tests.server import admin_connection, new_server_database, server_url, state_of
from tracker.store.server.schema import SERVER_SCHEMA_VERSION


def test_init_db_creates_the_tables_once_then_says_they_are_there(server_template: str) -> None:
    with admin_connection() as conn:  # type: ignore[attr-defined]
        conn.execute('CREATE DATABASE "fresh_init"')
    url = server_url("fresh_init")
    try:
        first = run_tracker(Path("unused"), "init-db", url)
        assert first.code == 0, first.stderr
        assert (
            f"created the tracker tables on {url} (schema {SERVER_SCHEMA_VERSION})" in first.stdout
        )
        again = run_tracker(Path("unused"), "init-db", url)
        assert again.code == 0
        assert "already has the tracker tables" in again.stdout
    finally:
        with admin_connection() as conn:  # type: ignore[attr-defined]
            conn.execute('DROP DATABASE "fresh_init" WITH (FORCE)')


def test_a_server_without_the_tables_is_refused_with_the_way_to_make_them(
    server_template: str,
) -> None:
    with admin_connection() as conn:  # type: ignore[attr-defined]
        conn.execute('CREATE DATABASE "no_tables"')
    url = server_url("no_tables")
    try:
        result = run_tracker(url, "list")
        assert result.code == 1
        assert result.stderr.strip() == (
            f"tracker: error: {url} has no tracker tables yet: "
            f"create them with `tracker init-db {url}`"
        )
    finally:
        with admin_connection() as conn:  # type: ignore[attr-defined]
            conn.execute('DROP DATABASE "no_tables" WITH (FORCE)')


def test_a_server_set_up_by_a_newer_tracker_is_refused_and_left_alone(server_db: str) -> None:
    assert run_tracker(server_db, "import", str(SAMPLE)).code == 0
    import psycopg

    with psycopg.connect(server_db, autocommit=True) as conn:
        conn.execute("UPDATE tracker.meta SET schema = schema + 1")
    before = state_of(server_db)
    for command in (["list"], ["add", "Việc mới", "--lead", "HN-KHDT"]):
        result = run_tracker(server_db, *command)
        assert result.code == 1
        assert "was set up by a newer tracker (schema 2)" in result.stderr
        assert "upgrade the tracker" in result.stderr
    assert state_of(server_db) == before
    refused = run_tracker(Path("unused"), "init-db", server_db)
    assert refused.code == 1 and "newer tracker" in refused.stderr


def test_init_db_refuses_a_file_path() -> None:
    result = run_tracker(Path("unused"), "init-db", "tracker.json")
    assert result.code == 2
    assert "is not a server: give a postgresql://user@host/dbname URL" in result.stderr


def test_an_unreachable_server_is_one_line_and_exit_1(tmp_path: Path) -> None:
    url = "postgresql://nobody@127.0.0.1:1/none"
    result = run_tracker(url, "list")
    assert result.code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"tracker: error: cannot connect to {url}:")


def test_the_password_is_never_shown(server_template: str) -> None:
    url = "postgresql://someone:s3cret-pw@127.0.0.1:1/none"
    result = run_tracker(url, "list")
    assert result.code == 1
    assert "s3cret-pw" not in result.stderr
    assert "postgresql://someone@127.0.0.1:1/none" in result.stderr


def test_file_commands_never_load_psycopg(sample_db: Path) -> None:
    commands = [["list"], ["add", "Việc", "--lead", "HN-KHDT"], ["report"], ["show", "1"]]
    assert modules_loaded(sample_db, commands, ["psycopg"], succeed=True) == []


def test_server_commands_load_psycopg_but_not_textual(server_template: str) -> None:
    url = new_server_database(server_template)
    loaded = modules_loaded(url, [["list"]], ["psycopg", "textual"], succeed=True)
    assert loaded == ["psycopg"]


def test_each_event_made_on_a_server_records_the_role(server_db: str, tracker: CliRunner) -> None:
    assert run_tracker(server_db, "import", str(SAMPLE)).code == 0
    assert run_tracker(server_db, "close", "9", "--outcome", "Xong").code == 0
    shown = run_tracker(server_db, "show", "9", "--format", "json")
    import json

    last = json.loads(shown.stdout)["history"][-1]
    assert last["by"]["name"] == "Người kiểm thử"
    assert last["by"]["role"]  # the server's role, e.g. postgres
    import psycopg

    with psycopg.connect(server_db) as conn:
        role = conn.execute("SELECT current_user").fetchone()
    assert role is not None and last["by"]["role"] == role[0]


@pytest.mark.parametrize("scheme", ["postgresql", "postgres"])
def test_both_spellings_of_the_url_reach_the_server(server_db: str, scheme: str) -> None:
    url = scheme + server_db.removeprefix("postgresql")
    assert run_tracker(url, "import", str(SAMPLE)).code == 0
    result = run_tracker(url, "show", "1")
    assert result.code == 0, result.stderr
    assert result.stdout.startswith("#1  Cụ thể hóa hợp tác Hà Nội – Thái Nguyên")


def test_without_psycopg_a_url_gets_one_line_saying_what_to_install(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "sys.modules['psycopg'] = None  # as if it were not installed\n"
        "from tracker.cli import main\n"
        "main(['--db', 'postgresql://someone@127.0.0.1:1/none', 'list'])\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", script],
        env=cli_env(tmp_path / "unused.json"),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert completed.returncode == 1
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1, completed.stderr
    assert "needs psycopg, which is not installed" in lines[0]
    assert "pip install 'coop-tracker[postgresql]'" in lines[0]


def test_undo_on_a_server_finds_your_change_whatever_the_role(server_db: str) -> None:
    assert run_tracker(server_db, "import", str(SAMPLE)).code == 0
    assert run_tracker(server_db, "close", "9", "--outcome", "Xong").code == 0
    undone = run_tracker(server_db, "undo")
    assert undone.code == 0, undone.stderr
    shown = run_tracker(server_db, "show", "9", "--format", "json")
    import json

    assert json.loads(shown.stdout)["status"] != "done"
    redone = run_tracker(server_db, "undo")
    assert redone.code == 0, redone.stderr
    assert (
        json.loads(run_tracker(server_db, "show", "9", "--format", "json").stdout)["status"]
        == "done"
    )


def test_the_session_is_named_in_ascii_for_the_servers_list(server_db: str) -> None:
    from tracker.store.server.connection import connect

    with connect(server_db, server_db, "tracker (giao diện terminal)") as conn:
        row = conn.execute(
            "SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()"
        ).fetchone()
    assert row == ("tracker (giao dien terminal)",)
