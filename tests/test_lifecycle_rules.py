"""The lifecycle's rules and events, as pure functions (tracker/domain/rules.py, history.py),
and the store's handling of deleted tasks (tracker/store/, the file's and a server's)."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.stores import stored_documents
from tracker.domain import history
from tracker.domain.errors import InvalidInput, RequestRefused
from tracker.domain.history import describe
from tracker.domain.model import Agency, ChangeStamp, EventKind, HistoryEvent, Status, Task
from tracker.domain.rules import (
    FROZEN_WHEN_CLOSED,
    check_changeable,
    check_closed_state,
    check_closing_day,
)
from tracker.service import NewTask, TaskChanges, Tracker
from tracker.store import schema
from tracker.store.database import Database

ICT = timezone(timedelta(hours=7))
AT = datetime(2026, 11, 27, 9, 30, tzinfo=ICT)
TODAY = date(2026, 11, 27)
RECORDED = datetime(2026, 10, 15, 8, 0, tzinfo=ICT)


def task(status: Status = Status.OPEN, **fields: object) -> Task:
    return Task(id=4, uuid="u", title="t", lead="HN-KHDT", status=status, **fields)  # type: ignore[arg-type]


# --- rules ---------------------------------------------------------------------------


@pytest.mark.parametrize("status", [Status.DONE, Status.CANCELLED])
@pytest.mark.parametrize("field", FROZEN_WHEN_CLOSED)
def test_a_closed_task_refuses_its_frozen_fields(status: Status, field: str) -> None:
    with pytest.raises(RequestRefused, match=r"^task #4 is .*; reopen it first$"):
        check_changeable(task(status), field)


@pytest.mark.parametrize("field", ["title", "description", "area", "meeting"])
def test_a_closed_task_takes_corrections(field: str) -> None:
    check_changeable(task(Status.DONE), field)


@pytest.mark.parametrize("field", [*FROZEN_WHEN_CLOSED, "title"])
def test_an_open_task_changes_freely(field: str) -> None:
    for status in (Status.OPEN, Status.IN_PROGRESS, Status.BLOCKED):
        check_changeable(task(status), field)


def test_a_deleted_task_changes_not_at_all() -> None:
    with pytest.raises(RequestRefused, match=r"^task #4 was deleted on 20/11/2026; restore"):
        check_changeable(task(deleted_on=date(2026, 11, 20)), "title")


def test_closing_days() -> None:
    assert check_closing_day(TODAY, RECORDED, TODAY) == TODAY
    assert check_closing_day(RECORDED.date(), RECORDED, TODAY) == RECORDED.date()
    assert check_closing_day(date(2000, 1, 1), None, TODAY) == date(2000, 1, 1)
    with pytest.raises(InvalidInput, match="in the future"):
        check_closing_day(TODAY + timedelta(days=1), None, TODAY)
    with pytest.raises(InvalidInput, match=r"on 14/10/2026, before it was recorded \(15/10"):
        check_closing_day(date(2026, 10, 14), RECORDED, TODAY)


@pytest.mark.parametrize(
    ("status", "closed_on", "problem"),
    [
        (Status.DONE, None, "needs its 'closed_on'"),
        (Status.CANCELLED, None, "needs its 'closed_on'"),
        (Status.OPEN, TODAY, "cannot have a 'closed_on'"),
        (Status.BLOCKED, TODAY, "cannot have a 'closed_on'"),
        (Status.DONE, TODAY + timedelta(days=1), "'closed_on' 2026-11-28 is in the future"),
        (Status.DONE, date(2026, 10, 1), "before it was recorded"),
    ],
)
def test_an_imported_closing_must_fit_its_status(
    status: Status, closed_on: date | None, problem: str
) -> None:
    with pytest.raises(InvalidInput, match=problem):
        check_closed_state(status, closed_on, RECORDED, TODAY)


def test_consistent_imported_closings() -> None:
    check_closed_state(Status.DONE, TODAY, RECORDED, TODAY)
    check_closed_state(Status.IN_PROGRESS, None, RECORDED, TODAY)
    check_closed_state(Status.DONE, date(2999, 1, 1), None, None)  # no today: any day


# --- events --------------------------------------------------------------------------


def test_the_status_before_closing_is_read_from_the_history() -> None:
    assert history.status_before_closing([]) is Status.OPEN
    events = [
        history.status_changed(Status.OPEN, Status.BLOCKED, ChangeStamp(at=AT)),
        history.closed(Status.BLOCKED, TODAY, "", ChangeStamp(at=AT)),
    ]
    assert history.status_before_closing(events) is Status.BLOCKED
    cancelled = [history.status_changed(Status.IN_PROGRESS, Status.CANCELLED, ChangeStamp(at=AT))]
    assert history.status_before_closing(cancelled) is Status.IN_PROGRESS
    # The last closing counts; one whose previous status is unknown (migrated from words
    # that did not say it) reopens as open.
    unknown = HistoryEvent(id="x", at=AT, kind=EventKind.CLOSED, field="status", new="done")
    again = [
        *events,
        history.reopened(Status.DONE, "", ChangeStamp(at=AT), Status.BLOCKED),
        unknown,
    ]
    assert history.status_before_closing(again) is Status.OPEN


@pytest.mark.parametrize(
    ("event", "words"),
    [
        (history.reopened(Status.DONE, "", ChangeStamp(at=AT)), "reopened (was done)"),
        (history.reopened(Status.DONE, "Thiếu", ChangeStamp(at=AT)), "reopened (was done): Thiếu"),
        (
            history.reopened(Status.CANCELLED, "", ChangeStamp(at=AT), Status.IN_PROGRESS),
            "reopened as in progress (was cancelled)",
        ),
        (
            history.reopened(Status.DONE, "Thiếu", ChangeStamp(at=AT), Status.BLOCKED),
            "reopened as blocked (was done): Thiếu",
        ),
        (history.deleted(TODAY, "Nhập trùng", ChangeStamp(at=AT)), "deleted: Nhập trùng"),
        (history.restored(TODAY, "", ChangeStamp(at=AT)), "restored"),
        (history.restored(TODAY, "Nhầm", ChangeStamp(at=AT)), "restored: Nhầm"),
        (history.changed("outcome", "Đã ký", None, ChangeStamp(at=AT)), "previous outcome: Đã ký"),
    ],
)
def test_lifecycle_events_in_words(event: HistoryEvent, words: str) -> None:
    assert describe(event) == words


def test_a_deletion_event_is_data() -> None:
    event = history.deleted(TODAY, "Nhập trùng", ChangeStamp(at=AT))
    assert (event.field, event.old, event.new, event.text) == (
        "deleted_on",
        None,
        "2026-11-27",
        "Nhập trùng",
    )
    back = history.restored(TODAY, "", ChangeStamp(at=AT))
    assert (back.field, back.old, back.new) == ("deleted_on", "2026-11-27", None)


# --- the store -----------------------------------------------------------------------


def test_a_schema_2_file_is_not_decoded_document_by_document() -> None:
    # The 2 -> 3, 3 -> 4 and 4 -> 5 steps read the stored bytes and decode only what they change,
    # while a schema 1 file still has its documents decoded for its migration.
    assert schema.SCHEMA_VERSION == 6  # 4 -> 5 (deadlines) and 5 -> 6 read the bytes too
    assert not schema.reads_documents(2)
    assert schema.reads_documents(1)


def test_deleted_tasks_leave_the_snapshot_but_not_the_store(db: Path | str) -> None:
    tracker = Tracker.open(db, today=TODAY)
    tracker.add_agency(Agency("HN-KHDT", "Sở KH&ĐT"))
    first = tracker.add_task(NewTask(title="Một", lead="HN-KHDT"))
    second = tracker.add_task(NewTask(title="Hai", lead="HN-KHDT"))
    tracker.delete_task(first.id, "Nhầm")
    with tracker.database.reading() as snapshot:
        assert [t.id for t in snapshot.tasks()] == [second.id]
        assert [t.id for t in snapshot.task_summaries()] == [second.id]
        assert [t.id for t in snapshot.tasks(include_deleted=True)] == [first.id, second.id]
        deleted = snapshot.task(first.id)
        assert deleted is not None and deleted.deleted_on == TODAY
    assert [t.id for t in tracker.board_data().tasks] == [second.id]
    # Deleted tasks stay deleted through an unrelated change, and a restore drops the key.
    with pytest.raises(RequestRefused):
        tracker.update_task(first.id, TaskChanges(note="x"))
    tracker.restore_task(first.id)
    stored = stored_documents(db, "tasks")
    assert all("deleted_on" not in doc for doc in stored.values())
    assert len(tracker.board_data().tasks) == 2


def test_an_import_without_created_is_recorded_by_its_closing_day(
    tmp_path: Path, db: Path | str
) -> None:
    tracker = Tracker.open(db, today=TODAY)
    record = {"uuid": "a", "title": "Cũ", "lead": "HN-KHDT", "status": "done"}
    tracker.import_data(
        {
            "format": "coop-tracker",
            "version": 2,
            "agencies": [{"code": "HN-KHDT", "name": "Sở KH&ĐT"}],
            "tasks": [
                dict(record, closed_on="2000-01-01"),
                dict(record, uuid="b", closed_on=TODAY.isoformat()),
            ],
        }
    )
    with tracker.database.reading() as snapshot:
        old, new = snapshot.tasks()
    assert old.created is not None and old.created.date() == date(2000, 1, 1)
    assert new.created is not None and new.created.date() == TODAY  # closed today: now
    # So that its export imports again, with the rule that refuses a closing before it.
    again = Tracker(Database(tmp_path / "again.json"), TODAY)
    assert len(again.import_data(tracker.export_data()).added_tasks) == 2


def test_schema_3_gives_a_task_closed_before_it_was_recorded_its_closing_day(
    tmp_path: Path,
) -> None:
    path = tmp_path / "tracker.json"
    tracker = Tracker(Database(path), TODAY)
    path.write_text(
        json.dumps(
            {
                "meta": {"1": schema.meta_record(2)},
                "agencies": {"1": {"code": "HN-KHDT", "name": "Sở KH&ĐT"}},
                "tasks": {
                    # Closed on the 19th by an older tracker, recorded on the 27th.
                    "1": {
                        "uuid": "a",
                        "title": "Cũ",
                        "lead": "HN-KHDT",
                        "status": "done",
                        "closed_on": "2026-11-19",
                        "created": "2026-11-27T09:30:00+07:00",
                    },
                    "2": {
                        "uuid": "b",
                        "title": "Mới",
                        "lead": "HN-KHDT",
                        "created": "2026-11-27T09:30:00+07:00",
                    },
                },
            }
        ),
        encoding="utf-8",
    )
    with tracker.database.reading() as snapshot:
        fixed, untouched = snapshot.tasks()
    assert fixed.created == datetime(2026, 11, 19, tzinfo=ICT)
    assert untouched.created == datetime(2026, 11, 27, 9, 30, tzinfo=ICT)
    again = Tracker(Database(tmp_path / "again.json"), TODAY)
    assert len(again.import_data(tracker.export_data()).added_tasks) == 2
