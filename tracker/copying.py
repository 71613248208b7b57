"""`tracker copy`: every record of one database (a file, a server) written into another,
empty one and read back to check it; or, with a merge, brought in by the import's rules."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.domain.errors import InvalidInput, RequestRefused, StoreError
from tracker.domain.model import Author, canonical_uuid
from tracker.i18n import _
from tracker.service import ImportResult, Tracker, is_server_url, open_store, shown_location
from tracker.store.contract import Store, StoredTables
from tracker.store.schema import JOURNAL_TABLE, TABLES

if TYPE_CHECKING:
    from tracker.interchange.dataset import Dataset

HOLDER = "tracker copy"


@dataclass(frozen=True)
class CopyResult:
    """What a copy did: from where to where, how many documents of each table (a plain
    copy), or what the import did (a merge)."""

    source: str
    target: str
    counts: Mapping[str, int]
    merged: ImportResult | None = None
    dry_run: bool = False


def copy_database(
    source: Path | str,
    target: Path | str,
    *,
    merge: bool = False,
    dry_run: bool = False,
    lock_timeout: float,
    today: date | None = None,
    author: Author | None = None,
) -> CopyResult:
    """Copy everything `source` holds into `target`, which must hold no records, then
    read the target back and compare; with `merge`, import `source` into `target` as
    `tracker import` does a file. With `dry_run`, only say what would happen."""
    _refuse_same(source, target)
    _refuse_missing_file(source)
    source_store = open_store(source, lock_timeout, HOLDER)
    target_store = open_store(target, lock_timeout, HOLDER)
    if merge:
        return _merge(source_store, target_store, dry_run, today, author)
    tables = source_store.stored_tables()
    counts = {name: len(tables[name]) for name in TABLES}
    if dry_run:
        if not _holds_no_records(target_store.stored_tables()):
            raise _not_empty(target_store)
        return CopyResult(source_store.location, target_store.location, counts, dry_run=True)
    if not target_store.load_tables(tables):
        raise _not_empty(target_store)
    difference = first_difference(tables, target_store.stored_tables())
    if difference is not None:
        raise StoreError(
            _("the copy in {target} differs from {source}: {difference}").format(
                target=target_store.location, source=source_store.location, difference=difference
            )
        )
    return CopyResult(source_store.location, target_store.location, counts)


def _merge(
    source: Store, target: Store, dry_run: bool, today: date | None, author: Author | None
) -> CopyResult:
    """The source's records brought into the target by the import's merge (new tasks
    added, tasks present taking in the source's events), then checked there."""
    from tracker.interchange.dataset import write_dataset

    theirs = Tracker(source, today, author).everything()
    ours = Tracker(target, today, author)
    # The interchange form, as an exported file would carry it: links between tasks go
    # by uuid there, since the source's task ids mean nothing in the target.
    result = ours.import_data(write_dataset(theirs), dry_run=dry_run)
    if not dry_run:
        missing = first_missing(theirs, ours.everything())
        if missing is not None:
            raise StoreError(
                _("the merge into {target} is incomplete: {missing}").format(
                    target=target.location, missing=missing
                )
            )
    return CopyResult(source.location, target.location, {}, merged=result, dry_run=dry_run)


def first_difference(source: StoredTables, copy: StoredTables) -> str | None:
    """The first way `copy` differs from `source`, table by table, in words; None if
    every table holds the same documents under the same ids."""
    for name in TABLES:
        ours, theirs = source.get(name, {}), copy.get(name, {})
        for doc_id in sorted(ours.keys() | theirs.keys()):
            if doc_id not in theirs:
                return _("{table} record {id} is missing").format(table=name, id=doc_id)
            if doc_id not in ours:
                return _("{table} record {id} is not in the source").format(table=name, id=doc_id)
            if ours[doc_id] != theirs[doc_id]:
                return _("{table} record {id} differs ({fields})").format(
                    table=name,
                    id=doc_id,
                    fields=", ".join(_fields_differing(ours[doc_id], theirs[doc_id])),
                )
    return None


def _fields_differing(ours: Any, theirs: Any) -> list[str]:
    """The keys of two documents whose values differ (the whole document, if either is
    not a JSON object)."""
    if not isinstance(ours, dict) or not isinstance(theirs, dict):
        return ["*"]
    return sorted(key for key in ours.keys() | theirs.keys() if ours.get(key) != theirs.get(key))


def first_missing(source: Dataset, target: Dataset) -> str | None:
    """The first record or task event of `source` that `target` lacks, in words; None when
    the target holds every one (what a merge must leave)."""
    for kind, theirs, ours in (
        ("agencies", {a.code for a in source.agencies}, {a.code for a in target.agencies}),
        ("agreements", {a.code for a in source.agreements}, {a.code for a in target.agreements}),
        ("meetings", {m.id for m in source.meetings}, {m.id for m in target.meetings}),
    ):
        for key in sorted(theirs - ours):
            return _("{table} record {id} is missing").format(table=kind, id=key)
    tasks = {canonical_uuid(task.uuid): task for task in target.tasks}
    for task in source.tasks:
        present = tasks.get(canonical_uuid(task.uuid))
        if present is None:
            return _("task {uuid} is missing").format(uuid=task.uuid)
        events = {event.id for event in present.history}
        for event in task.history:
            if event.id not in events:
                return _("task #{id} lacks event {event}").format(id=present.id, event=event.id)
    return None


def _holds_no_records(tables: StoredTables) -> bool:
    return not any(tables[name] for name in TABLES if name != JOURNAL_TABLE)


def _not_empty(target: Store) -> RequestRefused:
    return RequestRefused(
        _(
            "{target} already holds records; nothing was copied: copy into an empty "
            "database, or add --merge to merge into it"
        ).format(target=target.location)
    )


def _refuse_same(source: Path | str, target: Path | str) -> None:
    """InvalidInput when `source` and `target` name one database."""
    if is_server_url(source) or is_server_url(target):
        same = (
            is_server_url(source)
            and is_server_url(target)
            and shown_location(str(source)) == shown_location(str(target))
        )
    else:
        first, second = Path(source).expanduser(), Path(target).expanduser()
        same = os.path.realpath(first) == os.path.realpath(second)
        if not same and first.exists() and second.exists():
            same = first.samefile(second)  # a hard link: two names, one file
    if same:
        raise InvalidInput(
            _("{source} and {target} are the same database: give two different ones").format(
                source=_shown(source), target=_shown(target)
            )
        )


def _refuse_missing_file(source: Path | str) -> None:
    """RequestRefused for a source file that does not exist: there is nothing to copy, and
    a mistyped name should not read as an empty database."""
    if not is_server_url(source) and not os.path.lexists(Path(source).expanduser()):
        raise RequestRefused(_("{path} does not exist: nothing to copy").format(path=source))


def _shown(location: Path | str) -> str:
    """A database as a message names it: a server's URL without its password."""
    return shown_location(str(location)) if is_server_url(location) else str(location)
