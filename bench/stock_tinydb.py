"""The tracker's six timed operations done with stock TinyDB, as a baseline.

Stock means `TinyDB(path)`: the default JSONStorage and the standard json module, no
caching middleware, no lock, no atomic replace. The file is a copy of the tracker's own
database (its tables are TinyDB tables), so both read the same documents. Each call is one
whole process, like a `tracker` command:

    python bench/stock_tinydb.py insert DB       like `tracker add`
    python bench/stock_tinydb.py update DB ID    like `tracker close ID`
    python bench/stock_tinydb.py get DB ID       like `tracker show ID`
    python bench/stock_tinydb.py query DB        like `tracker list --overdue`
    python bench/stock_tinydb.py report DB       like `tracker report`
    python bench/stock_tinydb.py search DB WORDS like `tracker list --search WORDS`

Today is TRACKER_TODAY (YYYY-MM-DD), as for the tracker. Only tinydb and the standard
library are imported.
"""

from __future__ import annotations

import os
import sys
import unicodedata
from collections import Counter
from datetime import date, datetime
from typing import Any

from tinydb import Query, TinyDB

OPEN = ("open", "in_progress", "blocked")


def today() -> str:
    return os.environ.get("TRACKER_TODAY") or date.today().isoformat()


def standing(task: dict[str, Any], day: str) -> str:
    """The tracker's rule on ISO date strings (which sort as dates)."""
    due, closed = task.get("due"), task.get("closed_on")
    if task["status"] in ("done", "cancelled") and (closed is None or closed <= day):
        if task["status"] == "cancelled":
            return "cancelled"
        return "done_late" if due and closed and closed > due else "done_on_time"
    return "open_overdue" if due and due < day else "open_in_time"


def insert(db: TinyDB) -> None:
    now = datetime.now().astimezone().replace(microsecond=0).isoformat()
    doc_id = db.table("tasks").insert(
        {
            "uuid": "00000000-0000-4000-8000-000000000000",
            "title": "Tổ chức hội nghị xúc tiến đầu tư bổ sung",
            "description": "",
            "lead": "HN-KHDT",
            "partners": ["TN-KHDT"],
            "meeting": None,
            "area": "investment",
            "due": "2027-03-31",
            "status": "open",
            "closed_on": None,
            "outcome": None,
            "history": [],
            "created": now,
            "updated": now,
        }
    )
    print(doc_id)


def update(db: TinyDB, doc_id: int) -> None:
    tasks = db.table("tasks")
    task = tasks.get(doc_id=doc_id)
    if task is None or task["status"] not in OPEN:
        raise SystemExit(f"task {doc_id} is not open")
    day = today()
    history = [*task["history"], {"on": day, "text": "closed", "kind": "change"}]
    tasks.update({"status": "done", "closed_on": day, "history": history}, doc_ids=[doc_id])
    print(f"#{doc_id} closed")


def get(db: TinyDB, doc_id: int) -> None:
    task = db.table("tasks").get(doc_id=doc_id)
    if task is None:
        raise SystemExit(f"no task {doc_id}")
    for key, value in task.items():
        print(f"{key}: {value}")


def query(db: TinyDB) -> None:
    day = today()
    task = Query()
    found = db.table("tasks").search(
        task.status.one_of(OPEN) & task.due.test(lambda due: due is not None and due < day)
    )
    for doc in sorted(found, key=lambda doc: doc.doc_id):
        print(f"#{doc.doc_id}\t{doc['title']}\t{doc['lead']}\t{doc['due']}")
    print(f"{len(found)} tasks")


def report(db: TinyDB) -> None:
    day = today()
    counts = Counter(standing(doc, day) for doc in db.table("tasks").all())
    for name in ("done_on_time", "done_late", "open_in_time", "open_overdue", "cancelled"):
        print(f"{name:<16}{counts[name]:>8}")


def fold(text: str) -> str:
    """Lower case without diacritics, as the tracker's search compares text."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("đ", "d")


def search(db: TinyDB, query: str) -> None:
    words = fold(query).split()
    task = Query()
    found = db.table("tasks").search(
        task.title.test(lambda title: all(word in fold(title) for word in words))
    )
    for doc in sorted(found, key=lambda doc: doc.doc_id):
        print(f"#{doc.doc_id}\t{doc['title']}\t{doc['lead']}\t{doc['due']}")
    print(f"{len(found)} tasks")


def main(argv: list[str]) -> None:
    if len(argv) < 2 or argv[0] not in ("insert", "update", "get", "query", "report", "search"):
        raise SystemExit(__doc__)
    db = TinyDB(argv[1])
    if argv[0] == "insert":
        insert(db)
    elif argv[0] == "update":
        update(db, int(argv[2]))
    elif argv[0] == "get":
        get(db, int(argv[2]))
    elif argv[0] == "query":
        query(db)
    elif argv[0] == "search":
        search(db, " ".join(argv[2:]))
    else:
        report(db)
    db.close()


if __name__ == "__main__":
    main(sys.argv[1:])
