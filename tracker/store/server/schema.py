"""The server's tables, their version, and the migrations that bring them up to date.

Each record is kept as the JSON document the file store keeps (store/documents.py), in a
`json` column (stored as written, so a copy back to a file is the same text), beside the
columns the server searches by. `meta` holds the version and the revision: the row every
writer locks first (store/server/database.py), and whose number tells readers a write
happened.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tracker.domain.errors import StoreError
from tracker.i18n import _
from tracker.store.schema import FORMAT_NAME
from tracker.store.schema import SCHEMA_VERSION as DOCUMENT_SCHEMA

if TYPE_CHECKING:
    import psycopg

SCHEMA = "tracker"
SERVER_SCHEMA_VERSION = 1
# Every write's transaction ends by notifying this channel with the new revision.
CHANNEL = "tracker_changes"

Migration = Callable[["psycopg.Connection[tuple[Any, ...]]"], None]


def _create(conn: psycopg.Connection[tuple[Any, ...]]) -> None:
    """Schema 1: the tables of a file at document schema 6, and the meta row."""
    statements = [
        f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}",
        f"""CREATE TABLE {SCHEMA}.meta (
            one boolean PRIMARY KEY DEFAULT true CHECK (one),
            format text NOT NULL,
            schema integer NOT NULL,
            documents integer NOT NULL,
            revision bigint NOT NULL DEFAULT 0,
            changed_at timestamptz,
            changed_by text)""",
        # doc_id is the file's document id, kept so that a copy back gives the same file.
        f"""CREATE TABLE {SCHEMA}.agencies (
            doc_id integer PRIMARY KEY, doc json NOT NULL,
            code text GENERATED ALWAYS AS (doc->>'code') STORED)""",
        f"""CREATE TABLE {SCHEMA}.agreements (
            doc_id integer PRIMARY KEY, doc json NOT NULL,
            code text GENERATED ALWAYS AS (doc->>'code') STORED)""",
        f"""CREATE TABLE {SCHEMA}.meetings (
            doc_id integer PRIMARY KEY, doc json NOT NULL,
            id text GENERATED ALWAYS AS (doc->>'id') STORED)""",
        f"""CREATE TABLE {SCHEMA}.tasks (
            id integer PRIMARY KEY CHECK (id > 0), doc json NOT NULL,
            uuid text GENERATED ALWAYS AS (doc->>'uuid') STORED,
            area text GENERATED ALWAYS AS (doc->>'area') STORED,
            deleted boolean GENERATED ALWAYS AS (doc->>'deleted_on' IS NOT NULL) STORED)""",
        f"CREATE INDEX tasks_uuid ON {SCHEMA}.tasks (uuid)",
        f"CREATE INDEX tasks_area ON {SCHEMA}.tasks (area)",
        f"CREATE TABLE {SCHEMA}.changes (id integer PRIMARY KEY, doc json NOT NULL)",
    ]
    for statement in statements:
        conn.execute(statement.encode())
    conn.execute(
        f"INSERT INTO {SCHEMA}.meta (format, schema, documents) VALUES (%s, 0, %s)".encode(),
        (FORMAT_NAME, DOCUMENT_SCHEMA),
    )


# Each entry brings the tables from schema N to N + 1 (0: no tables yet), as the file's
# MIGRATIONS do its documents; a change of the tables adds one and bumps the version.
MIGRATIONS: dict[int, Migration] = {0: _create}


def stored_version(conn: psycopg.Connection[tuple[Any, ...]]) -> int:
    """The schema version of the tracker tables on the server; 0 when there are none."""
    found = conn.execute(b"SELECT to_regclass(%s) IS NOT NULL", (f"{SCHEMA}.meta",)).fetchone()
    if not found or not found[0]:
        return 0
    row = conn.execute(f"SELECT format, schema FROM {SCHEMA}.meta".encode()).fetchone()
    if row is None or row[0] != FORMAT_NAME:
        raise StoreError(
            _("the server's {schema}.meta table is not a tracker's").format(schema=SCHEMA)
        )
    version: int = row[1]
    return version


def check_version(version: int, location: str) -> None:
    """StoreError unless tables at `version` can be read and written by this tracker."""
    if version == 0:
        raise StoreError(
            _(
                "{server} has no tracker tables yet: create them with `tracker init-db {server}`"
            ).format(server=location)
        )
    if version > SERVER_SCHEMA_VERSION:
        raise StoreError(
            _(
                "{server} was set up by a newer tracker (schema {version}); "
                "this one reads schema {known} or older: upgrade the tracker"
            ).format(server=location, version=version, known=SERVER_SCHEMA_VERSION)
        )
    if version < SERVER_SCHEMA_VERSION:
        raise StoreError(
            _(
                "{server} has the tracker tables of schema {version}; this tracker needs "
                "{known}: upgrade them with `tracker init-db {server}`"
            ).format(server=location, version=version, known=SERVER_SCHEMA_VERSION)
        )


def upgrade(
    conn: psycopg.Connection[tuple[Any, ...]],
    location: str,
    migrations: dict[int, Migration] = MIGRATIONS,
    target: int = SERVER_SCHEMA_VERSION,
) -> tuple[int, int]:
    """Bring the tables to schema `target` step by step, in the caller's transaction;
    (the version found, the version now). StoreError for tables newer than `target`."""
    # Two init-db at once: the second waits, then finds the work done.
    conn.execute(b"SELECT pg_advisory_xact_lock(hashtext('coop-tracker init-db'))")
    found = version = stored_version(conn)
    if version > target:
        check_version(version, location)
    while version < target:
        step = migrations.get(version)
        if step is None:
            raise StoreError(
                _("{server}: no migration from schema {version}").format(
                    server=location, version=version
                )
            )
        step(conn)
        version += 1
        conn.execute(f"UPDATE {SCHEMA}.meta SET schema = %s".encode(), (version,))
    return found, version
