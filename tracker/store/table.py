"""A TinyDB table whose writes cost what they change, not the size of the table."""

from __future__ import annotations

from collections.abc import Callable, Iterator, MutableMapping
from typing import Any

from tinydb import TinyDB
from tinydb.table import Table

from tracker.store.documents import document


class _IntKeyView(MutableMapping[int, Any]):
    """The stored table (string keys, as JSON has them) seen with TinyDB's integer ids."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.raw = raw

    def __getitem__(self, doc_id: int) -> Any:
        # TinyDB's update() changes the document it gets here in place: a document still
        # in its stored bytes is decoded, and kept decoded, for that change to stay.
        key = str(doc_id)
        value = self.raw[key] = document(self.raw[key])
        return value

    def __setitem__(self, doc_id: int, document: Any) -> None:
        self.raw[str(doc_id)] = document

    def __delitem__(self, doc_id: int) -> None:
        del self.raw[str(doc_id)]

    def __contains__(self, doc_id: object) -> bool:
        return str(doc_id) in self.raw

    def __iter__(self) -> Iterator[int]:
        return (int(key) for key in self.raw)

    def __len__(self) -> int:
        return len(self.raw)


class TrackerTable(Table):
    """TinyDB's Table, minus two copies of the whole table on every write.

    Stock `_update_table` rebuilds the table dict with integer keys, lets the operation
    change it, then rebuilds it again with string keys: at 100,000 tasks that is 0.1 s
    spent on each `tracker add` or `close`. Here the operation works on a view with
    integer keys over the stored dict itself, so only the documents it touches change.

    `_update_table` is private to TinyDB. The public way to extend it, the `Storage` API
    (our AtomicJSONStorage and StagedWrites), cannot help: the copies are made by the
    table, between the storage's `read` and `write`. So the override stays, pinned:
    tests/test_store_table.py fails when TinyDB changes the method or the ones that call
    it, and checks that this table writes what the stock one writes.
    """

    def _update_table(self, updater: Callable[[dict[int, Any]], None]) -> None:
        tables = self._storage.read() or {}
        raw = tables.setdefault(self.name, {})
        # TinyDB's updaters only index, assign, delete, test and iterate: a view will do.
        updater(_IntKeyView(raw))  # type: ignore[arg-type]
        self._storage.write(tables)
        self.clear_cache()


class TrackerDB(TinyDB):
    """TinyDB with our tables."""

    table_class = TrackerTable
