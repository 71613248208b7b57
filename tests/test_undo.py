"""Undo in the service: a user's latest change put back as events of a change of its own,
one command's worth at a time, refused when someone else changed a field since; undoing
again redoes. Real TinyDB files in temporary folders, and databases on a test server."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from msgspec.structs import replace

from tests.server import connecting_role, is_server, state_of
from tracker.domain.errors import RequestRefused, TrackerError
from tracker.domain.model import Agency, Author, Cadence, EventKind, Status, Task
from tracker.domain.undoing import preview_lines, refusal, undone_lines
from tracker.service import NewTask, TaskChanges, Tracker
from tracker.store.documents import task_to_document

TODAY = date(2026, 12, 3)
ANH = Author("Nguyễn Văn A", "HN-KHDT")
BINH = Author("Trần Thị B", "TN-KHDT")

# What a user sees of a task: the fields an undo must give back as they were.
SEEN = (
    "title",
    "lead",
    "partners",
    "meeting",
    "area",
    "due",
    "status",
    "closed_on",
    "outcome",
    "description",
    "document",
    "directed_by",
    "every",
    "until",
    "deleted_on",
    "parent",
)


def open_tracker(location: Path | str, author: Author | None = ANH, today: date = TODAY) -> Tracker:
    """A tracker over the database at `location`, recording its changes by `author`."""
    return Tracker.open(location, today=today, author=author)


def new_database(folder: Path, author: Author | None = ANH) -> Tracker:
    """A fresh database file in `folder` (database_at)."""
    return database_at(folder / "tracker.json", author)


def database_at(location: Path | str, author: Author | None = ANH) -> Tracker:
    """An empty database at `location` given the two departments, and five tasks led by
    Hà Nội."""
    tracker = open_tracker(location, author)
    tracker.add_agency(Agency(code="HN-KHDT", name="Sở Kế hoạch và Đầu tư Hà Nội"))
    tracker.add_agency(Agency(code="TN-KHDT", name="Sở Kế hoạch và Đầu tư Thái Nguyên"))
    for number in range(1, 6):
        tracker.add_task(
            NewTask(
                title=f"Nhiệm vụ {number}",
                lead="HN-KHDT",
                partners=("TN-KHDT",),
                due=date(2026, 12, 31),
            )
        )
    return tracker


def documents(tracker: Tracker) -> dict[int, dict[str, Any]]:
    """Every task as stored, without its history and last-change stamp."""
    with tracker.database.reading() as snapshot:
        tasks = snapshot.tasks(include_deleted=True)
    stored = {task.id: task_to_document(task) for task in tasks}
    for document in stored.values():
        del document["history"], document["updated"]
    return stored


def seen(tracker: Tracker) -> dict[int, dict[str, Any]]:
    """Every task's fields a user sees."""
    return {
        task_id: {key: document.get(key) for key in SEEN}
        for task_id, document in documents(tracker).items()
    }


def as_recorded(tracker: Tracker, author: Author) -> Author:
    """`author` as a change `tracker` makes records them: with the role, on a server."""
    if is_server(tracker.location):
        return replace(author, role=connecting_role())
    return author


def task(tracker: Tracker, task_id: int) -> Task:
    return tracker.task_details(task_id).task


@pytest.fixture
def anh(db: Path | str) -> Tracker:
    return database_at(db)


def test_a_close_of_five_tasks_is_one_undo(anh: Tracker) -> None:
    before = seen(anh)
    anh.close_tasks([1, 2, 3, 4, 5], outcome="Đã ký")
    plan = anh.undo_preview()
    assert [changed.id for changed in plan.tasks] == [1, 2, 3, 4, 5]
    assert refusal(plan) is None
    assert preview_lines(plan)[1:] == [f"  #{n} closed: Đã ký" for n in range(1, 6)]
    assert preview_lines(plan)[0].startswith("Would undo the change of 03/12/2026 ")
    assert preview_lines(plan)[0].endswith(" by Nguyễn Văn A (HN-KHDT):")
    done = anh.undo()
    assert undone_lines(done)[1:] == preview_lines(plan)[1:]
    assert seen(anh) == before
    for number in range(1, 6):
        assert task(anh, number).status is Status.OPEN


def test_undo_of_an_update_puts_the_fields_back_with_events_that_name_the_change(
    anh: Tracker,
) -> None:
    before = seen(anh)
    updated = anh.update_task(
        2,
        TaskChanges(title="Nhiệm vụ hai", due=date(2027, 3, 31), status=Status.BLOCKED),
    )
    change = updated.history[-1].change
    anh.undo()
    after = task(anh, 2)
    assert seen(anh) == before
    assert after.deadlines == ()
    undo_events = [event for event in after.history if event.undoes]
    assert {event.undoes for event in undo_events} == {change}
    assert {event.by for event in undo_events} == {as_recorded(anh, ANH)}
    assert len({event.change for event in undo_events}) == 1
    assert {(event.field, event.old, event.new) for event in undo_events} == {
        ("title", "Nhiệm vụ hai", "Nhiệm vụ 2"),
        ("due", "2027-03-31", "2026-12-31"),
        ("status", "blocked", "open"),
    }
    assert all(event.kind is EventKind.CHANGED for event in undo_events)
    from tracker.domain.history import describe

    assert "undone: title changed from “Nhiệm vụ hai” to “Nhiệm vụ 2”" in {
        describe(event) for event in undo_events
    }


def test_undo_of_a_delete_brings_the_task_back(anh: Tracker) -> None:
    anh.delete_task(3, "nhập nhầm")
    assert task(anh, 3).deleted_on == TODAY
    anh.undo()
    assert task(anh, 3).deleted_on is None
    assert 3 in {row.id for row in anh.board_data().tasks}


def test_undo_of_an_add_deletes_the_task_and_redo_restores_it(anh: Tracker) -> None:
    added = anh.add_task(NewTask(title="Nhiệm vụ thêm nhầm", lead="HN-KHDT"))
    plan = anh.undo()
    assert undone_lines(plan)[1:] == [f"  #{added.id} task created"]
    assert task(anh, added.id).deleted_on == TODAY
    assert added.id not in {row.id for row in anh.board_data().tasks}
    anh.undo()
    assert task(anh, added.id).deleted_on is None


def test_undo_of_closing_a_periodic_occurrence_deletes_the_next_one(anh: Tracker) -> None:
    duty = anh.add_task(
        NewTask(title="Báo cáo quý", lead="HN-KHDT", due=date(2026, 12, 31), every=Cadence.QUARTER)
    )
    before = seen(anh)
    anh.close_tasks([duty.id])
    following = task(anh, duty.id).next
    assert following is not None
    lines = preview_lines(anh.undo_preview())
    assert f"  #{following} task created: the next occurrence of #{duty.id}" in lines
    anh.undo()
    assert task(anh, following).deleted_on == TODAY
    assert task(anh, duty.id).next is None
    assert task(anh, duty.id).status is Status.OPEN
    assert {key: value for key, value in seen(anh).items() if key != following} == before
    # Closing it again makes a next occurrence again, as the first closing did.
    anh.close_tasks([duty.id])
    assert task(anh, task(anh, duty.id).next or 0).deleted_on is None


def test_refused_when_another_author_changed_the_field_since(db: Path | str, anh: Tracker) -> None:
    anh.extend_task(4, date(2027, 2, 28), "chờ ý kiến")
    binh = open_tracker(db, BINH)
    binh.update_task(4, TaskChanges(due=date(2027, 1, 31)))
    stored = state_of(db)
    plan = anh.undo_preview()
    words = refusal(plan)
    assert words is not None
    assert words.startswith("cannot undo the change of 03/12/2026 ")
    assert "the deadline of #4 was changed since by Trần Thị B (TN-KHDT) on 03/12/2026 " in words
    with pytest.raises(RequestRefused) as refused:
        anh.undo()
    assert str(refused.value) == words
    assert state_of(db) == stored


def test_a_field_nobody_else_touched_does_not_block(db: Path | str, anh: Tracker) -> None:
    anh.close_tasks([1], outcome="Xong")
    binh = open_tracker(db, BINH)
    binh.update_task(1, TaskChanges(note="Thái Nguyên đã nhận kết quả"))
    binh.update_task(2, TaskChanges(title="Việc khác"))
    anh.undo()
    assert task(anh, 1).status is Status.OPEN
    assert task(anh, 2).title == "Việc khác"


def test_only_this_users_changes_are_undone(db: Path | str, anh: Tracker) -> None:
    anh.update_task(1, TaskChanges(title="Của A"))
    binh = open_tracker(db, BINH)
    binh.update_task(2, TaskChanges(title="Của B"))
    anh.undo()
    assert task(anh, 1).title == "Nhiệm vụ 1"
    assert task(anh, 2).title == "Của B"
    binh.undo()
    assert task(anh, 2).title == "Nhiệm vụ 2"


def test_undo_twice_is_a_redo(anh: Tracker) -> None:
    anh.update_task(5, TaskChanges(title="Tên mới", due=date(2027, 6, 30)))
    right_after = documents(anh)
    anh.undo()
    plan = anh.undo_preview()
    assert plan.change.undoes
    assert preview_lines(plan)[0].startswith("Would undo the undo of 03/12/2026 ")
    anh.undo()
    assert documents(anh) == right_after


def test_nothing_to_undo_says_so(db: Path | str) -> None:
    tracker = open_tracker(db)
    tracker.add_agency(Agency(code="HN-KHDT", name="Sở Kế hoạch và Đầu tư Hà Nội"))
    with pytest.raises(RequestRefused, match="nothing to undo"):
        tracker.undo_preview()
    with pytest.raises(RequestRefused, match="nothing to undo"):
        tracker.undo()


def test_without_an_author_the_changes_made_by_nobody_named_are_undone(db: Path | str) -> None:
    nobody = database_at(db, author=None)
    nobody.close_tasks([1])
    plan = nobody.undo_preview()
    if is_server(db):  # made by nobody named: by the server role alone
        assert preview_lines(plan)[0].endswith(f" by {connecting_role()}:")
    else:
        assert " by " not in preview_lines(plan)[0]
    nobody.undo()
    assert task(nobody, 1).status is Status.OPEN
    with pytest.raises(RequestRefused, match="nothing to undo"):
        open_tracker(db, ANH).undo()


def test_an_undo_merges_like_any_change(tmp_path: Path) -> None:
    from tracker.domain.merge import merge_task

    (tmp_path / "hn").mkdir()
    anh = new_database(tmp_path / "hn")
    copy = task(anh, 1)
    anh.close_tasks([1], outcome="Đã ký")
    anh.undo()
    merged = merge_task(copy, task(anh, 1).history).task
    assert (merged.status, merged.closed_on, merged.outcome) == (Status.OPEN, None, None)


# --- undo then redo of any change returns the same state (Hypothesis) ----------------------

OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(
            (
                *("add", "add_periodic", "title", "due", "status", "partners", "close"),
                *("reopen", "extend", "delete", "restore", "note", "cancel", "parent", "stop"),
            )
        ),
        st.integers(min_value=0, max_value=50),
    ),
    min_size=1,
    max_size=12,
)


def operate(tracker: Tracker, operation: str, pick: int) -> None:
    """One service operation on the task `pick` chooses; a refusal changes nothing."""
    with tracker.database.reading() as snapshot:
        ids = sorted(task.id for task in snapshot.tasks(include_deleted=True))
    task_id = ids[pick % len(ids)]
    day = date(2027, 1, 1 + pick % 28)
    try:
        if operation == "add":
            tracker.add_task(NewTask(title=f"Thêm {pick}", lead="TN-KHDT", due=day))
        elif operation == "add_periodic":
            tracker.add_task(
                NewTask(title=f"Định kỳ {pick}", lead="HN-KHDT", due=day, every=Cadence.MONTH)
            )
        elif operation == "title":
            tracker.update_task(task_id, TaskChanges(title=f"Tên {pick}"))
        elif operation == "due":
            tracker.update_task(task_id, TaskChanges(due=day if pick % 3 else None))
        elif operation == "status":
            tracker.update_task(task_id, TaskChanges(status=Status.IN_PROGRESS))
        elif operation == "cancel":
            tracker.update_task(task_id, TaskChanges(status=Status.CANCELLED))
        elif operation == "partners":
            tracker.update_task(task_id, TaskChanges(partners=() if pick % 2 else ("TN-KHDT",)))
        elif operation == "close":
            tracker.close_tasks([task_id, ids[(pick + 1) % len(ids)]], outcome=f"Kết quả {pick}")
        elif operation == "reopen":
            tracker.reopen(task_id, "mở lại")
        elif operation == "extend":
            tracker.extend_task(task_id, date(2027, 3, 1 + pick % 28), "chờ")
        elif operation == "delete":
            tracker.delete_task(task_id, "nhầm")
        elif operation == "parent":
            other = ids[(pick // 3) % len(ids)]
            tracker.update_task(task_id, TaskChanges(parent=None if other == task_id else other))
        elif operation == "stop":
            tracker.stop_repeating(task_id)
        elif operation == "restore":
            tracker.restore_task(task_id)
        else:
            tracker.update_task(task_id, TaskChanges(note=f"Ghi chú {pick}"))
    except TrackerError:
        pass


def journal_length(tracker: Tracker) -> int:
    with tracker.database.reading() as snapshot:
        return len(snapshot.changes())


def assert_as_before(before: dict[int, dict[str, Any]], now: dict[int, dict[str, Any]]) -> None:
    """Every task reads as it did before the change; one the change added is deleted."""
    for task_id, fields in now.items():
        if task_id in before:
            assert fields == before[task_id], task_id
        else:
            assert fields["deleted_on"] == TODAY.isoformat(), task_id


@settings(max_examples=30, deadline=None)
@given(operations=OPERATIONS)
def test_undo_then_redo_of_any_change_returns_the_same_state(
    operations: list[tuple[str, int]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        tracker = new_database(Path(folder))
        last: tuple[dict[int, dict[str, Any]], dict[int, dict[str, Any]]] | None = None
        for operation, pick in operations:
            before = seen(tracker)
            journaled = journal_length(tracker)
            operate(tracker, operation, pick)
            if journal_length(tracker) != journaled:
                last = before, documents(tracker)
        if last is None:  # every operation was refused, or a note: one the journal keeps
            before = seen(tracker)
            operate(tracker, "add", 0)
            last = before, documents(tracker)
        before_last, right_after_last = last
        # The latest journaled change is undone (a note since changes no field), then redone.
        tracker.undo()
        assert_as_before(before_last, seen(tracker))
        tracker.undo()
        assert documents(tracker) == right_after_last


def test_undo_of_an_extension_takes_it_out_of_the_deadlines_and_redo_puts_it_back(
    anh: Tracker,
) -> None:
    anh.extend_task(2, date(2027, 2, 28), "chờ ý kiến", document="Công văn 12/UBND")
    extended = task(anh, 2)
    assert [deadline.due for deadline in extended.deadlines] == [
        date(2026, 12, 31),
        date(2027, 2, 28),
    ]
    anh.undo()
    undone = task(anh, 2)
    assert (undone.due, undone.deadlines) == (date(2026, 12, 31), ())
    anh.undo()
    redone = task(anh, 2)
    assert (redone.due, redone.deadlines) == (extended.due, extended.deadlines)


def test_a_next_occurrence_deleted_by_undo_and_restored_by_redo_is_still_untouched(
    anh: Tracker,
) -> None:
    duty = anh.add_task(
        NewTask(title="Báo cáo tháng", lead="HN-KHDT", due=date(2026, 12, 31), every=Cadence.MONTH)
    )
    anh.close_tasks([duty.id])
    following = task(anh, duty.id).next
    anh.undo()
    anh.undo()
    assert task(anh, duty.id).next == following
    # Reopening withdraws it, as it would have before the undo and the redo.
    anh.reopen(duty.id, "chưa gửi")
    assert following is not None and task(anh, following).deleted_on == TODAY
