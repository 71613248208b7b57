"""A task's revision and the edit conflicts it catches, through the service on a real file
and on a server database (the UI's revision check works across machines)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from msgspec.structs import replace

from tests.conftest import SAMPLE, TODAY
from tests.server import state_of
from tracker.domain.errors import EditConflict, RequestRefused
from tracker.domain.history import changed
from tracker.domain.model import ChangeStamp, Status, Task
from tracker.domain.revision import (
    conflicts,
    events_since,
    fields_touched_since,
    revision_of,
    same_value,
)
from tracker.service import TaskChanges, Tracker, load_interchange_file


@pytest.fixture
def tracker(db: Path | str) -> Tracker:
    tracker = Tracker.open(db, today=TODAY)
    tracker.import_data(load_interchange_file(SAMPLE))
    return tracker


def other_user(tracker: Tracker) -> Tracker:
    """Another process's tracker over the same database (the tests' URLs hold no password)."""
    return Tracker.open(tracker.location, today=TODAY)


def read(tracker: Tracker, task_id: int) -> Task:
    return tracker.task_details(task_id).task


def file_bytes(tracker: Tracker) -> object:
    return state_of(tracker.location)


# --- the revision itself ------------------------------------------------------------------


def test_every_write_moves_the_revision_and_a_read_does_not(tracker: Tracker) -> None:
    seen = revision_of(read(tracker, 2))
    assert revision_of(read(tracker, 2)) == seen
    tracker.update_task(2, TaskChanges(note="Đã gửi báo cáo"))
    assert revision_of(read(tracker, 2)) != seen


def test_what_changed_since_a_revision(tracker: Tracker) -> None:
    seen = revision_of(read(tracker, 2))
    other_user(tracker).update_task(2, TaskChanges(due=date(2026, 12, 31), note="Gia hạn"))
    task = read(tracker, 2)
    assert [event.field for event in events_since(task, seen)] == ["due", None]
    assert fields_touched_since(task, seen) == {"due"}  # a note touches no field


def test_status_events_touch_the_closing_date_and_outcome(tracker: Tracker) -> None:
    seen = revision_of(read(tracker, 6))
    tracker.close_tasks([6], "Xong")
    assert fields_touched_since(read(tracker, 6), seen) == {"status", "closed_on", "outcome"}


def test_an_event_merged_in_the_middle_of_the_history_is_seen_as_new(tracker: Tracker) -> None:
    """A merge (a later issue) inserts events by `at`: the revision is a set of ids."""
    task = read(tracker, 2)
    seen = revision_of(task)
    old = task.history[0]
    merged = changed("area", task.area, "trade", ChangeStamp(at=old.at))
    task = replace(task, area="trade", history=[old, merged, *task.history[1:]])
    assert events_since(task, seen) == [merged]
    assert conflicts(task, seen, {"area": "tourism", "title": "x"})[0].field == "area"


def test_values_compare_as_they_are_stored() -> None:
    assert same_value(date(2026, 12, 31), date(2026, 12, 31))
    assert same_value("  Kế  hoạch ", "Kế hoạch")
    assert same_value("", None)
    assert same_value(Status.BLOCKED, Status.BLOCKED)
    assert not same_value(("HN-KHDT",), ())
    assert not same_value(date(2026, 12, 31), None)


def test_no_revision_no_check(tracker: Tracker) -> None:
    """The command line's user states values outright: no revision, no conflict."""
    other_user(tracker).update_task(2, TaskChanges(title="Của người khác"))
    tracker.update_task(2, TaskChanges(title="Của tôi"))
    assert read(tracker, 2).title == "Của tôi"


# --- update_task ----------------------------------------------------------------------------


def test_fields_only_the_other_side_changed_merge_silently(tracker: Tracker) -> None:
    task = read(tracker, 2)
    seen = revision_of(task)
    other_user(tracker).update_task(
        2, TaskChanges(due=date(2026, 12, 31), description="Mô tả của người khác")
    )
    tracker.update_task(2, TaskChanges(title=task.title + " (bổ sung)"), seen_revision=seen)
    now = read(tracker, 2)
    assert (now.title, now.due, now.description) == (
        task.title + " (bổ sung)",
        date(2026, 12, 31),
        "Mô tả của người khác",
    )
    # One event for this user's one change: the history claims nothing else of them.
    assert [event.field for event in events_since(now, seen)] == ["due", "description", "title"]


def test_a_field_both_changed_is_a_conflict_with_theirs_and_yours(tracker: Tracker) -> None:
    seen = revision_of(read(tracker, 2))
    other_user(tracker).update_task(2, TaskChanges(due=date(2026, 12, 31), area="trade"))
    before = file_bytes(tracker)
    with pytest.raises(EditConflict) as raised:
        tracker.update_task(
            2, TaskChanges(due=date(2027, 6, 30), title="Tiêu đề mới"), seen_revision=seen
        )
    conflict = raised.value
    assert [(c.field, c.theirs, c.yours) for c in conflict.conflicts] == [
        ("due", date(2026, 12, 31), date(2027, 6, 30))
    ]
    assert conflict.task_id == 2
    assert conflict.revision == revision_of(read(tracker, 2))
    assert conflict.exit_code == 1 and "deadline" in str(conflict)
    assert file_bytes(tracker) == before  # nothing written, not even the title


def test_retrying_with_the_current_revision_applies_yours(tracker: Tracker) -> None:
    seen = revision_of(read(tracker, 2))
    other_user(tracker).update_task(2, TaskChanges(due=date(2026, 12, 31)))
    with pytest.raises(EditConflict) as raised:
        tracker.update_task(2, TaskChanges(due=date(2027, 6, 30)), seen_revision=seen)
    tracker.update_task(2, TaskChanges(due=date(2027, 6, 30)), seen_revision=raised.value.revision)
    assert read(tracker, 2).due == date(2027, 6, 30)


def test_the_same_change_on_both_sides_is_no_conflict_and_no_second_event(
    tracker: Tracker,
) -> None:
    seen = revision_of(read(tracker, 2))
    other_user(tracker).update_task(2, TaskChanges(due=date(2026, 12, 31)))
    before = file_bytes(tracker)
    task = tracker.update_task(2, TaskChanges(due=date(2026, 12, 31)), seen_revision=seen)
    assert task.due == date(2026, 12, 31)
    assert file_bytes(tracker) == before


def test_a_note_never_conflicts(tracker: Tracker) -> None:
    seen = revision_of(read(tracker, 2))
    other_user(tracker).update_task(2, TaskChanges(due=date(2026, 12, 31), note="Của họ"))
    tracker.update_task(2, TaskChanges(note="Của tôi"), seen_revision=seen)
    task = read(tracker, 2)
    assert [e.text for e in events_since(task, seen)] == ["", "Của họ", "Của tôi"]
    assert task.due == date(2026, 12, 31)


def test_a_status_set_meanwhile_to_another_is_a_conflict(tracker: Tracker) -> None:
    seen = revision_of(read(tracker, 6))
    other_user(tracker).update_task(6, TaskChanges(status=Status.IN_PROGRESS))
    with pytest.raises(EditConflict) as raised:
        tracker.update_task(6, TaskChanges(status=Status.OPEN), seen_revision=seen)
    (found,) = raised.value.conflicts
    assert (found.field, found.theirs, found.yours) == (
        "status",
        Status.IN_PROGRESS,
        Status.OPEN,
    )


# --- close_tasks ------------------------------------------------------------------------------


def test_closing_after_someone_else_closed_it_is_a_conflict(tracker: Tracker) -> None:
    seen = revision_of(read(tracker, 6))
    other_user(tracker).close_tasks([6], "Họ đã xong", on=date(2026, 11, 20))
    before = file_bytes(tracker)
    with pytest.raises(EditConflict) as raised:
        tracker.close_tasks([6], "Tôi đã xong", seen_revisions={6: seen})
    assert [(c.field, c.theirs, c.yours) for c in raised.value.conflicts] == [
        ("closed_on", date(2026, 11, 20), TODAY),
        ("outcome", "Họ đã xong", "Tôi đã xong"),
    ]
    assert file_bytes(tracker) == before
    # Closed the same way by both: still a conflict, on the status alone.
    with pytest.raises(EditConflict) as raised:
        tracker.close_tasks([6], "Họ đã xong", on=date(2026, 11, 20), seen_revisions={6: seen})
    assert [(c.field, c.theirs) for c in raised.value.conflicts] == [("status", Status.DONE)]
    # Without a revision the command line's refusal stays as it was.
    with pytest.raises(RequestRefused, match="reopen it first"):
        tracker.close_tasks([6], "Tôi đã xong")


def test_closing_after_a_status_change_is_a_conflict_then_applies(tracker: Tracker) -> None:
    seen = revision_of(read(tracker, 6))
    other_user(tracker).update_task(6, TaskChanges(status=Status.IN_PROGRESS))
    with pytest.raises(EditConflict) as raised:
        tracker.close_tasks([6], "Xong", seen_revisions={6: seen})
    assert [c.field for c in raised.value.conflicts] == ["status"]
    tracker.close_tasks([6], "Xong", seen_revisions={6: raised.value.revision})
    assert read(tracker, 6).status is Status.DONE


def test_closing_after_other_changes_is_no_conflict(tracker: Tracker) -> None:
    seen = revision_of(read(tracker, 6))
    other_user(tracker).update_task(6, TaskChanges(due=date(2026, 12, 31), note="Sắp xong"))
    tracker.close_tasks([6], "Xong", seen_revisions={6: seen})
    assert read(tracker, 6).status is Status.DONE
