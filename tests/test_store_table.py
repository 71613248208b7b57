"""TrackerTable replaces a private TinyDB method: these tests fail the day TinyDB changes it."""

from __future__ import annotations

import hashlib
import inspect
from typing import Any

from tinydb import TinyDB
from tinydb.storages import MemoryStorage
from tinydb.table import Table

from tracker.store.table import TrackerDB, TrackerTable

# The stock methods TrackerTable's `_update_table` stands in for, and those whose updaters
# it must serve (they only index, assign, delete, test and iterate the table they get).
# Fingerprints of TinyDB 4.9.0's source. When one changes: read the new TinyDB code,
# bring TrackerTable._update_table in line with it (or drop it, if TinyDB stopped copying
# the table), then put the new fingerprint here.
STOCK_FINGERPRINTS = {
    "_update_table": "38caea1438f9f4c8",
    "insert": "8a466898b4012cfb",
    "insert_multiple": "49b1b081aa4f3bb9",
    "update": "92c5a0b785cfbb16",
}


def fingerprint(method_name: str) -> str:
    source = inspect.getsource(getattr(Table, method_name))
    return hashlib.sha256(source.encode()).hexdigest()[:16]


def test_the_tinydb_methods_we_rely_on_are_the_ones_we_read() -> None:
    assert {name: fingerprint(name) for name in STOCK_FINGERPRINTS} == STOCK_FINGERPRINTS


def test_our_update_table_overrides_the_stock_one_with_its_signature() -> None:
    assert TrackerDB.table_class is TrackerTable
    assert TrackerTable._update_table is not Table._update_table
    ours = inspect.signature(TrackerTable._update_table)
    stock = inspect.signature(Table._update_table)
    assert list(ours.parameters) == list(stock.parameters) == ["self", "updater"]


def apply_changes(db: TinyDB) -> Any:
    """The same writes the store makes (insert, insert many, update), plus a removal."""
    tasks = db.table("tasks")
    tasks.insert({"title": "một", "status": "open"})
    tasks.insert_multiple([{"title": "hai", "status": "open"}, {"title": "ba"}])
    tasks.update({"status": "done"}, doc_ids=[2])
    tasks.update({"status": "blocked"}, lambda doc: doc.get("title") == "ba")
    tasks.remove(doc_ids=[1])
    tasks.insert({"title": "bốn"})
    db.table("agencies").insert({"code": "HN-KHDT"})
    return db.storage.read()


def test_our_table_writes_what_the_stock_table_writes() -> None:
    ours = apply_changes(TrackerDB(storage=MemoryStorage))
    stock = apply_changes(TinyDB(storage=MemoryStorage))
    assert ours == stock
    assert list(ours["tasks"]) == ["2", "3", "4"]
