"""The README's roles for offices on one server, run exactly as written: the owner sets up,
an office writes under its own role, a leader reads everything and changes nothing."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import LANGUAGE_VARIABLES, ROOT, SAMPLE, Result, cli_env
from tests.reliability.harness import generated_tasks, interchange_file
from tests.server import admin_connection, skip_reason, state_of

README = ROOT / "README.md"
SECTION = "## Offices on one server: roles"
DATABASE = "tracker"  # the README's database name


def readme_sql() -> str:
    """The one ```sql block of the README's roles section, as an administrator copies it."""
    text = README.read_text(encoding="utf-8")
    section = text.split(SECTION, 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sql\n(.*?)```", section, re.S)
    assert len(blocks) == 1, "the roles section has exactly one sql block"
    return str(blocks[0])


def passwords(sql: str) -> dict[str, str]:
    """Each login role the SQL creates, with its password."""
    return dict(re.findall(r"CREATE ROLE (\w+) LOGIN PASSWORD '([^']*)'", sql))


def groups(sql: str) -> dict[str, str]:
    """Each login role's group (IN ROLE), for the office and reader roles."""
    return dict(re.findall(r"CREATE ROLE (\w+) LOGIN PASSWORD '[^']*' IN ROLE (\w+)", sql))


def url_as(role: str, database: str = DATABASE) -> str:
    """The test server's URL for `role` (the README's `db.so-khdt.local` is this server)."""
    host = os.environ.get("PGHOST", "localhost")
    port = os.environ.get("PGPORT", "5432")
    if host.startswith("/"):
        return f"postgresql://{role}@/{database}?host={host}&port={port}"
    return f"postgresql://{role}@{host}:{port}/{database}"


@dataclass
class Offices:
    """The server as the README's SQL left it, and who logs in with what."""

    settings: Path
    passwords: dict[str, str]
    office: str
    other_office: str
    leader: str
    owner: str = "tracker_owner"

    def run(self, role: str, *args: str, lang: str | None = None) -> Result:
        """`python -m tracker --db URL-of-role ARGS` with that role's password."""
        url = url_as(role)
        env = cli_env(url)
        # Set up once for the module, before any test's own settings: none of the user's.
        env["TRACKER_CONFIG"] = str(self.settings)
        for variable in LANGUAGE_VARIABLES:
            env.pop(variable, None)
        env["PGPASSWORD"] = self.passwords[role]
        if lang is not None:
            env["TRACKER_LANG"] = lang
        done = subprocess.run(
            [sys.executable, "-m", "tracker", "--db", url, *args],
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=60,
            check=False,
        )
        return Result(done.returncode, done.stdout, done.stderr)


def _drop(roles: list[str], databases: list[str]) -> None:
    with admin_connection() as conn:  # type: ignore[attr-defined]
        for database in databases:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        for role in roles:
            conn.execute(f'DROP ROLE IF EXISTS "{role}"')


@pytest.fixture(scope="module")
def offices(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Offices]:
    """The README's SQL run through psql by the server's superuser, then the owner's
    `init-db`, then the sample imported by an office; all dropped afterwards."""
    reason = skip_reason()
    if reason is not None:
        pytest.skip(f"no PostgreSQL server: {reason}")
    psql = shutil.which("psql")
    if psql is None:
        pytest.skip("psql is not installed")
    sql = readme_sql()
    logins = passwords(sql)
    membership = groups(sql)
    roles = [*logins, "tracker_office", "tracker_reader"]
    with admin_connection() as conn:  # type: ignore[attr-defined]
        taken = conn.execute(
            "SELECT rolname FROM pg_roles WHERE rolname = ANY(%s) UNION ALL "
            "SELECT datname FROM pg_database WHERE datname = %s",
            (roles, DATABASE),
        ).fetchall()
    if taken:
        pytest.skip(f"the server already has {taken}: the README's names are taken")
    try:
        done = subprocess.run(
            [psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", "postgres", "-f", "-"],
            input=sql,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        writers = [role for role, group in membership.items() if group == "tracker_office"]
        readers = [role for role, group in membership.items() if group == "tracker_reader"]
        assert len(writers) >= 2 and readers and "tracker_owner" in logins
        settings = tmp_path_factory.mktemp("offices") / "settings.toml"
        setup = Offices(settings, logins, writers[0], writers[1], readers[0])
        made = setup.run(setup.owner, "init-db", url_as(setup.owner))
        assert made.code == 0, made.stderr
        assert "created the tracker tables" in made.stdout
        loaded = setup.run(setup.office, "import", str(SAMPLE))
        assert loaded.code == 0, loaded.stderr
        yield setup
    finally:
        _drop(list(reversed(roles)), [DATABASE, "tracker_bare"])


def admin_url() -> str:
    """The README database, reached as the test server's superuser (to compare states)."""
    return url_as(os.environ.get("PGUSER", "postgres"))


def one_line(result: Result) -> str:
    assert result.code == 1, result
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(("tracker: error: ", "tracker: lỗi: ")), lines[0]
    return lines[0]


def test_an_office_writes_and_each_event_names_its_role(offices: Offices) -> None:
    added = offices.run(offices.office, "add", "Việc của văn phòng", "--lead", "HN-KHDT")
    assert added.code == 0, added.stderr
    task = added.stdout.strip()
    closed = offices.run(offices.other_office, "close", task, "--outcome", "Xong")
    assert closed.code == 0, closed.stderr
    shown = offices.run(offices.leader, "show", task, "--format", "json")
    assert shown.code == 0, shown.stderr
    history = json.loads(shown.stdout)["history"]
    assert [(event["kind"], event["by"]["role"]) for event in history] == [
        ("created", offices.office),
        ("closed", offices.other_office),
    ]
    assert all(event["by"]["name"] == "Người kiểm thử" for event in history)
    logged = json.loads(offices.run(offices.leader, "log", task, "--format", "json").stdout)
    assert {entry["by"]["role"] for entry in logged} == {
        offices.office,
        offices.other_office,
    }


@pytest.mark.parametrize(
    "command",
    [
        ["list"],
        ["list", "--overdue", "--format", "json"],
        ["show", "1"],
        ["report"],
        ["report", "--format", "json"],
        ["export"],
        ["log"],
    ],
)
def test_a_leader_reads_everything(offices: Offices, command: list[str]) -> None:
    before = state_of(admin_url())
    result = offices.run(offices.leader, *command)
    assert result.code == 0, result.stderr
    assert result.stdout.strip()
    assert "error" not in result.stderr
    assert state_of(admin_url()) == before


WRITES = [
    ["add", "Việc của lãnh đạo", "--lead", "HN-KHDT"],
    ["close", "2", "--outcome", "Xong"],
    ["update", "3", "--note", "Ghi chú"],
    ["extend", "4", "--to", "2027-12-31", "--reason", "Chờ ý kiến"],
    ["delete", "5", "--reason", "Nhập trùng"],
    ["agencies", "add", "HN-MOI", "Sở mới"],
]


@pytest.mark.parametrize("command", WRITES, ids=lambda command: command[0])
def test_every_change_by_a_leader_is_refused_in_one_line(
    offices: Offices, command: list[str]
) -> None:
    before = state_of(admin_url())
    line = one_line(offices.run(offices.leader, *command))
    assert line.startswith(f"tracker: error: {url_as(offices.leader)}: the role ")
    assert f"the role {offices.leader} may not change the tracker's records (" in line
    assert line.endswith(
        "nothing was changed: ask the server's administrator for a role that may write"
    )
    assert state_of(admin_url()) == before


def test_an_import_by_a_leader_is_refused_whole(offices: Offices, tmp_path: Path) -> None:
    path = tmp_path / "new.json"
    path.write_text(json.dumps(interchange_file(generated_tasks(50, 7))), encoding="utf-8")
    before = state_of(admin_url())
    line = one_line(offices.run(offices.leader, "import", str(path)))
    assert "may not change the tracker's records" in line
    assert state_of(admin_url()) == before


def test_the_refusal_reads_in_vietnamese(offices: Offices) -> None:
    before = state_of(admin_url())
    line = one_line(offices.run(offices.leader, "close", "2", lang="vi"))
    assert f"vai trò {offices.leader} không được phép thay đổi" in line
    assert "chưa có gì thay đổi" in line
    assert state_of(admin_url()) == before


def test_init_db_by_a_role_without_create_rights_is_one_line(offices: Offices) -> None:
    with admin_connection() as conn:  # type: ignore[attr-defined]
        conn.execute("CREATE DATABASE tracker_bare")
    url = url_as(offices.office, "tracker_bare")
    line = one_line(offices.run(offices.office, "init-db", url))
    assert line.startswith(
        f"tracker: error: {url}: this role may not create the tracker's tables ("
    )
    vi = one_line(offices.run(offices.office, "init-db", url, lang="vi"))
    assert "không được phép tạo các bảng" in vi
    import psycopg

    with psycopg.connect(admin_url().replace(f"/{DATABASE}", "/tracker_bare")) as conn:
        assert conn.execute("SELECT to_regnamespace('tracker')").fetchone() == (None,)
    # On the set-up database, the same role's init-db finds the tables and changes nothing.
    before = state_of(admin_url())
    again = offices.run(offices.office, "init-db", url_as(offices.office))
    assert again.code == 0 and "already has the tracker tables" in again.stdout
    assert state_of(admin_url()) == before
