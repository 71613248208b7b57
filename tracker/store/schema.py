"""What makes a file a tracker database: the meta record, its schema version, and migrations."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from tracker.domain.errors import StoreError
from tracker.i18n import _
from tracker.store import migrations

FORMAT_NAME = "coop-tracker-db"
SCHEMA_VERSION = 6
META_TABLE = "meta"
META_DOC_ID = "1"
# What each command changed, for undo (tracker/domain/changes.py): this database's own.
JOURNAL_TABLE = "changes"
TABLES = ("agencies", "agreements", "meetings", "tasks", JOURNAL_TABLE)
# The tables of the records themselves: a database holding none of these is empty, and
# `tracker copy` may fill it (its journal, with nothing to undo, is replaced too).
RECORD_TABLES = ("agencies", "agreements", "meetings", "tasks")

RawDatabase = dict[str, Any]
Migration = Callable[[RawDatabase], RawDatabase]

# Each entry upgrades a database from schema N to N + 1: a change of the document shape
# adds a function here and bumps SCHEMA_VERSION. Old files upgrade in memory each time
# they are read, and are written in the new shape on their next write.
MIGRATIONS: dict[int, Migration] = {
    1: migrations.schema_1_to_2,  # history as events
    2: migrations.schema_2_to_3,  # deleted tasks; none closed before it was recorded
    3: migrations.schema_3_to_4,  # every text in NFC
    4: migrations.schema_4_to_5,  # deadlines over time, from the history's changes of due
    5: migrations.schema_5_to_6,  # events with authors and changes; the changes journal
}
# The migrations that need every document decoded first (a quarter of a second at 100,000
# tasks); the others read the stored bytes themselves, and decode only what they change.
READS_DOCUMENTS = frozenset({1})


def reads_documents(version: int, target: int = SCHEMA_VERSION) -> bool:
    """True when bringing schema `version` to `target` needs the documents decoded."""
    return any(step in READS_DOCUMENTS for step in range(version, target))


def new_database() -> RawDatabase:
    """The contents of a database that has never been written."""
    return {META_TABLE: {META_DOC_ID: meta_record()}, **{table: {} for table in TABLES}}


def meta_record(version: int = SCHEMA_VERSION) -> dict[str, Any]:
    """The meta record of a database at schema `version`."""
    return {"format": FORMAT_NAME, "schema": version}


def schema_version(raw: object, path: Path, newest: int = SCHEMA_VERSION) -> int:
    """The schema version of a decoded file, or StoreError if it is not a tracker database."""
    if not isinstance(raw, dict):
        raise StoreError(_("{path} is not a tracker database (no meta record)").format(path=path))
    meta_table = raw.get(META_TABLE)
    meta = meta_table.get(META_DOC_ID) if isinstance(meta_table, Mapping) else None
    if not isinstance(meta, Mapping) or meta.get("format") != FORMAT_NAME:
        raise StoreError(_("{path} is not a tracker database (no meta record)").format(path=path))
    version = meta.get("schema")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise StoreError(
            _("{path} has an unreadable schema version: {version!r}").format(
                path=path, version=version
            )
        )
    if version > newest:
        raise StoreError(
            _(
                "{path} was written by a newer tracker (schema {version}); "
                "this one reads schema {known} or older: upgrade the tracker"
            ).format(path=path, version=version, known=newest)
        )
    for table in TABLES:
        if not isinstance(raw.get(table, {}), dict):
            raise StoreError(
                _("{path} is damaged: table {table!r} is not a mapping").format(
                    path=path, table=table
                )
            )
    return version


def upgrade(
    raw: RawDatabase,
    path: Path,
    migrations: Mapping[int, Migration] = MIGRATIONS,
    target: int = SCHEMA_VERSION,
) -> RawDatabase:
    """Check `raw` is a tracker database and bring it to schema `target`, step by step."""
    version = schema_version(raw, path, newest=target)
    while version < target:
        step = migrations.get(version)
        if step is None:
            raise StoreError(
                _("{path}: no migration from schema {version}").format(path=path, version=version)
            )
        raw = step(raw)
        version += 1
        raw[META_TABLE] = {META_DOC_ID: meta_record(version)}
    for table in TABLES:
        raw.setdefault(table, {})
    return raw
