"""Schema 1 -> 2: the history lines main wrote become events, in memory, then on disk."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_tracker
from tracker.domain.errors import StoreError
from tracker.domain.model import EventKind, Status
from tracker.domain.prose_history import UNKNOWN, events_from_entries, read_line
from tracker.service import TaskChanges, Tracker
from tracker.store import schema
from tracker.store.database import Database
from tracker.store.migrations import migrate_task_history

# Written by the tracker of commit 3da7d1b through its CLI (tests/fixtures/make_schema1.sh).
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "schema1.json"

# Each line the old tracker wrote, and what it says as data: (kind, field, old, new, text);
# UNKNOWN where the line does not say it (the entries around it may).
LINES = [
    pytest.param(
        "title changed from “Khảo sát chợ”",
        (EventKind.CHANGED, "title", "Khảo sát chợ", UNKNOWN, ""),
        id="title",
    ),
    pytest.param(
        "title changed from “Chợ “đầu mối” phía Bắc”",
        (EventKind.CHANGED, "title", "Chợ “đầu mối” phía Bắc", UNKNOWN, ""),
        id="title-with-quotes",
    ),
    pytest.param(
        "lead changed from HN-CT to HN-NNPTNT",
        (EventKind.CHANGED, "lead", "HN-CT", "HN-NNPTNT", ""),
        id="lead",
    ),
    pytest.param(
        "partners set to TN-NNPTNT, TN-CT",
        (EventKind.CHANGED, "partners", UNKNOWN, ("TN-NNPTNT", "TN-CT"), ""),
        id="partners",
    ),
    pytest.param(
        "partners set to —", (EventKind.CHANGED, "partners", UNKNOWN, (), ""), id="no-partners"
    ),
    pytest.param(
        "due date changed from 2026-12-15 to 2026-12-31",
        (EventKind.CHANGED, "due", "2026-12-15", "2026-12-31", ""),
        id="due",
    ),
    pytest.param(
        "due date changed from — to 2026-11-09",
        (EventKind.CHANGED, "due", None, "2026-11-09", ""),
        id="due-set",
    ),
    pytest.param(
        "due date changed from 2026-12-31 to —",
        (EventKind.CHANGED, "due", "2026-12-31", None, ""),
        id="due-removed",
    ),
    pytest.param(
        "meeting set to 2026-10-15-hn-tn",
        (EventKind.CHANGED, "meeting", UNKNOWN, "2026-10-15-hn-tn", ""),
        id="meeting",
    ),
    pytest.param(
        "meeting set to —", (EventKind.CHANGED, "meeting", UNKNOWN, None, ""), id="no-meeting"
    ),
    pytest.param(
        "area set to agriculture",
        (EventKind.CHANGED, "area", UNKNOWN, "agriculture", ""),
        id="area",
    ),
    pytest.param("area set to —", (EventKind.CHANGED, "area", UNKNOWN, None, ""), id="no-area"),
    pytest.param(
        "description changed",
        (EventKind.CHANGED, "description", UNKNOWN, UNKNOWN, ""),
        id="description",
    ),
    pytest.param(
        "status changed from in progress to blocked",
        (EventKind.STATUS, "status", "in_progress", "blocked", ""),
        id="status",
    ),
    pytest.param(
        "closed on time", (EventKind.CLOSED, "status", UNKNOWN, "done", ""), id="closed-on-time"
    ),
    pytest.param(
        "closed late: Đã khảo sát: 3 chợ\ndòng hai",
        (EventKind.CLOSED, "status", UNKNOWN, "done", "Đã khảo sát: 3 chợ\ndòng hai"),
        id="closed-late-with-outcome",
    ),
    pytest.param(
        "reopened (was cancelled)",
        (EventKind.REOPENED, "status", "cancelled", "open", ""),
        id="reopened",
    ),
    pytest.param(
        "reopened (was done): Cần bổ sung báo cáo",
        (EventKind.REOPENED, "status", "done", "open", "Cần bổ sung báo cáo"),
        id="reopened-with-reason",
    ),
    pytest.param(
        "status set to in progress",
        (EventKind.RECORDED, None, None, None, "status set to in progress"),
        id="words-no-tracker-wrote",
    ),
    pytest.param(
        "due date changed from soon to later",
        (EventKind.RECORDED, None, None, None, "due date changed from soon to later"),
        id="due-not-dates",
    ),
    pytest.param(
        "status changed from open to finished",
        (EventKind.RECORDED, None, None, None, "status changed from open to finished"),
        id="status-unknown",
    ),
]


@pytest.mark.parametrize(("text", "expected"), LINES)
def test_each_line_the_old_tracker_wrote_is_read_as_data(
    text: str, expected: tuple[Any, ...]
) -> None:
    change = read_line(text, "change")
    assert (change.kind, change.field, change.old, change.new, change.text) == expected


@pytest.mark.parametrize("kind", ["note", None])
def test_a_note_stays_a_note_whatever_its_words(kind: str | None) -> None:
    change = read_line("closed late", kind or "note")
    assert (change.kind, change.text) == (EventKind.NOTE, "closed late")


def test_any_other_kind_is_read_as_a_change_and_kept_in_its_words() -> None:
    assert read_line("Đã gửi tài liệu", "weird").kind is EventKind.RECORDED
    assert read_line("lead changed from A to B", "weird").field == "lead"


def test_values_the_lines_leave_out_come_from_the_entries_around_them() -> None:
    task = {
        "uuid": "5e0c3a4e-9d7b-4f0e-8a51-0c2b7d6e9f10",
        "title": "C",
        "area": "trade",
        "status": "done",
        "updated": "2026-11-11T09:00:00+07:00",
        "history": [
            {"on": "2026-11-01", "text": "title changed from “A”", "kind": "change"},
            {"on": "2026-11-02", "text": "area set to tourism", "kind": "change"},
            {"on": "2026-11-03", "text": "title changed from “B”", "kind": "change"},
            {"on": "2026-11-04", "text": "area set to trade", "kind": "change"},
            {"on": "2026-11-05", "text": "status changed from open to blocked", "kind": "change"},
            {"on": "2026-11-06", "text": "closed on time", "kind": "change"},
        ],
    }
    events = events_from_entries(task, task["history"])
    assert [(e.field, e.old, e.new) for e in events] == [
        ("title", "A", "B"),
        ("area", None, "tourism"),
        ("title", "B", "C"),
        ("area", "tourism", "trade"),
        ("status", "open", "blocked"),
        ("status", "blocked", "done"),
    ]
    ict = timezone(timedelta(hours=7))
    # The task's own offset, midnight of the entry's day, a second per position.
    assert events[0].at == datetime(2026, 11, 1, 0, 0, 0, tzinfo=ict)
    assert events[5].at == datetime(2026, 11, 6, 0, 0, 5, tzinfo=ict)
    assert events[5].at.utcoffset() == timedelta(hours=7)
    assert events[5].effective == date(2026, 11, 6)


def fixture_copy(folder: Path) -> Path:
    db = folder / "tracker.json"
    shutil.copyfile(FIXTURE, db)
    return db


def test_the_fixture_is_a_schema_1_database_of_prose() -> None:
    raw = json.loads(FIXTURE.read_bytes())
    assert raw["meta"]["1"]["schema"] == 1
    assert raw["tasks"]["5"]["history"][0] == {
        "on": "2026-11-03",
        "text": "title changed from “Khảo sát chợ đầu mối phía Bắc”",
        "kind": "change",
    }


def test_a_database_written_by_main_opens_with_every_entry_an_event(tmp_path: Path) -> None:
    db = fixture_copy(tmp_path)
    before = db.read_bytes()
    old = json.loads(before)["tasks"]
    with Database(db).reading() as snapshot:
        tasks = {task.id: task for task in snapshot.tasks()}
    assert db.read_bytes() == before  # reading migrates in memory only
    for key, stored in old.items():
        task = tasks[int(key)]
        assert [event.on for event in task.history] == [
            date.fromisoformat(entry["on"]) for entry in stored["history"]
        ]
        for entry, event in zip(stored["history"], task.history, strict=True):
            if entry["kind"] == "note":
                assert (event.kind, event.text) == (EventKind.NOTE, entry["text"])
        assert len({event.id for event in task.history}) == len(task.history)
    surveyed = [(e.kind, e.field, e.old, e.new, e.text, e.effective) for e in tasks[5].history]
    changed, status = EventKind.CHANGED, EventKind.STATUS
    assert surveyed == [
        (
            changed,
            "title",
            "Khảo sát chợ đầu mối phía Bắc",
            "Khảo sát các chợ đầu mối phía Bắc",
            "",
            None,
        ),
        (changed, "lead", "HN-CT", "HN-NNPTNT", "", None),
        (changed, "partners", None, ("TN-NNPTNT", "TN-CT"), "", None),
        (changed, "due", "2026-12-15", "2026-12-31", "", None),
        (changed, "meeting", None, "2026-10-15-hn-tn", "", None),
        (changed, "area", None, "agriculture", "", None),
        (changed, "description", None, "Hai Sở cùng khảo sát", "", None),
        (status, "status", "open", "in_progress", "", None),
        (EventKind.NOTE, None, None, None, "Đã thống nhất lịch khảo sát", None),
        (changed, "title", "Khảo sát các chợ đầu mối phía Bắc", "Chợ “đầu mối” phía Bắc", "", None),
        (changed, "partners", ("TN-NNPTNT", "TN-CT"), (), "", None),
        (changed, "due", "2026-12-31", None, "", None),
        (changed, "area", "agriculture", None, "", None),
        (status, "status", "in_progress", "blocked", "", None),
        (EventKind.CLOSED, "status", "blocked", "done", "Đã khảo sát: 3 chợ", date(2026, 11, 5)),
        (EventKind.REOPENED, "status", "done", "open", "Cần bổ sung báo cáo", None),
        (status, "status", "open", "cancelled", "", None),
        (EventKind.REOPENED, "status", "cancelled", "open", "", None),
        (changed, "due", None, "2026-11-09", "", None),
        (changed, "meeting", "2026-10-15-hn-tn", None, "", None),
        (EventKind.CLOSED, "status", "open", "done", "Đã khảo sát: 3 chợ", date(2026, 11, 11)),
    ]
    assert tasks[5].status is Status.DONE
    # Words no tracker wrote, and a kind of its own, are kept as they were.
    assert [(e.kind, e.text) for e in tasks[4].history] == [
        (EventKind.RECORDED, "status set to in progress"),
        (EventKind.RECORDED, "Đã gửi tài liệu"),
    ]


def test_two_databases_migrated_from_one_file_agree(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    histories = []
    for folder in ("a", "b"):
        with Database(fixture_copy(tmp_path / folder)).reading() as snapshot:
            histories.append([task.history for task in snapshot.tasks()])
    assert histories[0] == histories[1]
    assert [e.id for h in histories[0] for e in h] == [e.id for h in histories[1] for e in h]


def test_the_file_is_written_as_schema_2_on_its_next_write(tmp_path: Path) -> None:
    db = fixture_copy(tmp_path)
    with Database(db).reading() as snapshot:
        migrated = {task.id: task.history for task in snapshot.tasks()}
    Tracker(Database(db), today=date(2026, 11, 27)).update_task(2, TaskChanges(note="Ghi chú mới"))
    raw = json.loads(db.read_bytes())
    assert raw["meta"]["1"] == {"format": "coop-tracker-db", "schema": schema.SCHEMA_VERSION}
    with Database(db).reading() as snapshot:
        reread = {task.id: task.history for task in snapshot.tasks()}
    assert reread[2][:-1] == migrated[2]
    assert reread[2][-1].text == "Ghi chú mới"
    assert {key: value for key, value in reread.items() if key != 2} == {
        key: value for key, value in migrated.items() if key != 2
    }
    stored_event = raw["tasks"]["5"]["history"][0]
    # Stored without its empty keys (HistoryEvent is omit_defaults).
    assert (
        {"id", "at", "kind"}
        <= set(stored_event)
        <= {
            "id",
            "at",
            "kind",
            "field",
            "old",
            "new",
            "text",
            "effective",
        }
    )
    assert "on" not in stored_event


def test_the_cli_shows_a_migrated_history_in_words(tmp_path: Path) -> None:
    db = fixture_copy(tmp_path)
    shown = run_tracker(db, "show", "5").stdout
    # Migrated lines had a day only: midnight, and no author.
    assert "  03/11/2026        lead changed from HN-CT to HN-NNPTNT" in shown
    assert "  05/11/2026        closed: Đã khảo sát: 3 chợ" in shown
    assert "  09/11/2026        reopened (was cancelled)" in shown
    assert db.read_bytes() == FIXTURE.read_bytes()


def test_a_damaged_history_in_an_old_file_is_refused_naming_the_task(tmp_path: Path) -> None:
    raw = json.loads(FIXTURE.read_bytes())
    raw["tasks"]["3"]["history"][0]["on"] = "hôm qua"
    db = tmp_path / "tracker.json"
    db.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    before = db.read_bytes()
    with (
        pytest.raises(StoreError, match=r"is damaged: task #3 cannot be read"),
        Database(db).reading() as snapshot,
    ):
        snapshot.tasks()
    assert db.read_bytes() == before


def test_migrate_task_history_takes_one_raw_task_document() -> None:
    doc = json.loads(FIXTURE.read_bytes())["tasks"]["2"]
    migrated = migrate_task_history(doc)
    assert [event["kind"] for event in migrated["history"]] == ["note"] * 4
    assert migrated["history"][-1]["text"] == "Gửi báo cáo tháng 11"
    assert migrated["title"] == doc["title"]
