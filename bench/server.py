"""The PostgreSQL server the bench times the server store on (issue 18), and its databases.

`make bench` runs the harness under tools/with_postgres.sh, which starts a throw-away
server and sets PGHOST, PGPORT, PGUSER, PGPASSWORD. Per size the harness makes three
databases on it: a template filled once (`tracker init-db`, `tracker import`, VACUUM
ANALYZE), a copy the read commands run on, and a copy the write commands run on, made
anew from the template before every run (CREATE DATABASE ... TEMPLATE, not timed) so that
each `add` and `close` starts from the same state, as the file's writes start from a
fresh copy of the file. Without a server the bench says why and goes on without it.

Also a script, for hyperfine's --prepare (stdlib and psycopg only):

    python bench/server.py reset TEMPLATE DATABASE    DATABASE anew as a copy of TEMPLATE
"""

from __future__ import annotations

import os
import sys
from typing import Any

PREFIX = "tracker_bench"


def unavailable() -> str | None:
    """Why the server rows cannot be measured, or None when a server answers."""
    reason = os.environ.get("TRACKER_TEST_SERVER_SKIP")
    if reason:
        return reason
    if not os.environ.get("PGHOST"):
        return "PGHOST is not set: `make bench` starts a throw-away server (tools/with_postgres.sh)"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed: pip install -e '.[dev]'"
    try:
        with admin() as conn:
            conn.execute("SELECT 1")
    except Exception as error:  # whatever libpq says, the bench goes on without the server
        return f"cannot connect to the server: {str(error).strip().splitlines()[0]}"
    return None


def url(dbname: str) -> str:
    """The URL of database `dbname` on the server of PGHOST and PGPORT as PGUSER; libpq
    takes the password from PGPASSWORD, which the timed processes inherit."""
    host = os.environ.get("PGHOST", "localhost")
    port = os.environ.get("PGPORT", "5432")
    user = os.environ.get("PGUSER", "postgres")
    if host.startswith("/"):  # a socket folder: libpq's host parameter
        return f"postgresql://{user}@/{dbname}?host={host}&port={port}"
    return f"postgresql://{user}@{host}:{port}/{dbname}"


def transport() -> str:
    """How the timed processes reach the server, in words."""
    host = os.environ.get("PGHOST", "localhost")
    way = f"a unix socket in {host}" if host.startswith("/") else f"TCP to {host}"
    return way + (", with a password" if os.environ.get("PGPASSWORD") else "")


def admin(dbname: str | None = None) -> Any:
    """A connection in autocommit mode, to the maintenance database by default."""
    import psycopg

    return psycopg.connect(url(dbname or os.environ.get("PGDATABASE", "postgres")), autocommit=True)


def names(count: int) -> tuple[str, str, str]:
    """(template, read copy, write copy) database names for a size."""
    base = f"{PREFIX}_{count}"
    return base, f"{base}_read", f"{base}_work"


def create(dbname: str, template: str | None = None) -> None:
    """Database `dbname`, new (dropped first if there), empty or a copy of `template`."""
    with admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
        if template is None:
            conn.execute(f'CREATE DATABASE "{dbname}"')
        else:
            conn.execute(f'CREATE DATABASE "{dbname}" TEMPLATE "{template}"')


def drop(*dbnames: str) -> None:
    with admin() as conn:
        for dbname in dbnames:
            conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


def settle(dbname: str) -> None:
    """VACUUM ANALYZE after the import, once: every copy then starts with the statistics
    and the hint bits a database in use has, and no first reader pays for them."""
    with admin(dbname) as conn:
        conn.execute("VACUUM ANALYZE")


def task_id(dbname: str, uuid: str) -> int:
    with admin(dbname) as conn:
        row = conn.execute("SELECT id FROM tracker.tasks WHERE uuid = %s", (uuid,)).fetchone()
    if row is None:
        raise SystemExit(f"task {uuid} is not on the server after the import")
    return int(row[0])


def size_bytes(dbname: str) -> int:
    with admin() as conn:
        row = conn.execute("SELECT pg_database_size(%s)", (dbname,)).fetchone()
    return int(row[0]) if row else 0


def server_version() -> str:
    with admin() as conn:
        row = conn.execute("SHOW server_version").fetchone()
    return str(row[0]).split()[0] if row else "unknown"


def main(argv: list[str]) -> None:
    if len(argv) != 3 or argv[0] != "reset":
        raise SystemExit(__doc__)
    create(argv[2], template=argv[1])


if __name__ == "__main__":
    main(sys.argv[1:])
