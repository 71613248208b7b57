"""Merging two offices' copies of the same tasks: events united by id, each field the value
of its latest event (by `at`, ties by id), whatever order the files are exchanged in."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from msgspec.structs import replace

from tests.conftest import SAMPLE, TODAY, run_tracker
from tracker.domain import history
from tracker.domain.merge import effects, merge_task
from tracker.domain.model import Author, ChangeStamp, EventKind, HistoryEvent, Status, Task
from tracker.service import NewTask, TaskChanges, Tracker
from tracker.store.database import Database

HN = Author("Nguyễn Văn A", "HN-KHDT")
TN = Author("Trần Thị B", "TN-KHDT")

# --- the domain: random events split between two copies --------------------------------

BASE = Task(
    uuid="0c1d2e3f-0000-4000-8000-000000000001",
    title="Xây dựng chương trình hợp tác",
    lead="HN-KHDT",
    due=date(2026, 12, 31),
    created=datetime(2026, 1, 5, 8, tzinfo=UTC),
    history=[
        HistoryEvent(
            id="00000000-0000-7000-8000-000000000000",
            at=datetime(2026, 1, 5, 8, tzinfo=UTC),
            kind=EventKind.CREATED,
        )
    ],
)

# Few distinct moments, so that many events share their `at` and ties are broken by id.
moments = st.integers(min_value=0, max_value=5).map(
    lambda hours: datetime(2026, 2, 1, tzinfo=UTC) + timedelta(hours=hours)
)
days = st.dates(min_value=date(2026, 1, 10), max_value=date(2027, 6, 30))


@st.composite
def events(draw: st.DrawFn) -> HistoryEvent:
    """One event of any kind a task's history holds, at one of a few moments."""
    stamp = ChangeStamp(at=draw(moments), by=draw(st.sampled_from([HN, TN])))
    kind = draw(st.sampled_from(["title", "due", "area", "status", "close", "reopen", "extend",
                                 "note", "delete", "restore", "partners"]))  # fmt: skip
    if kind == "title":
        return history.changed("title", "x", draw(st.sampled_from(["Một", "Hai", "Ba"])), stamp)
    if kind == "due":
        return history.changed("due", None, draw(st.none() | days), stamp)
    if kind == "area":
        return history.changed(
            "area", None, draw(st.sampled_from([None, "trade", "tourism"])), stamp
        )
    if kind == "partners":
        partners = draw(st.sampled_from([(), ("TN-KHDT",), ("TN-KHDT", "TN-CT")]))
        return history.changed("partners", (), partners, stamp)
    if kind == "status":
        status = draw(st.sampled_from([Status.IN_PROGRESS, Status.BLOCKED, Status.CANCELLED]))
        return history.status_changed(Status.OPEN, status, stamp)
    if kind == "close":
        return history.closed(Status.OPEN, draw(days), draw(st.sampled_from(["", "Đã ký"])), stamp)
    if kind == "reopen":
        return history.reopened(Status.DONE, "", stamp, draw(st.sampled_from(list(Status)[:3])))
    if kind == "extend":
        return history.extended(date(2026, 12, 31), draw(days), "Chờ vốn", "", draw(days), stamp)
    if kind == "delete":
        return history.deleted(draw(days), "Nhập trùng", stamp)
    if kind == "restore":
        return history.restored(None, "", stamp)
    return history.note(draw(st.sampled_from(["Đã họp", "Chờ ý kiến"])), stamp)


def _items(task: Task) -> list[tuple[str, Any]]:
    """Everything of a task but its stamp of last change."""
    return [(name, getattr(task, name)) for name in task.__struct_fields__ if name != "updated"]


def local_copy(own: list[HistoryEvent]) -> Task:
    """The task in an office that recorded `own` itself (its fields what they set)."""
    return merge_task(BASE, own).task


@given(
    st.lists(st.tuples(events(), st.sampled_from(["a", "b", "both"])), max_size=12),
    st.lists(st.sampled_from(["a<b", "b<a"]), max_size=4),
)
@settings(max_examples=300, deadline=None)
def test_exchanging_in_any_order_and_any_number_of_times_converges(
    split: list[tuple[HistoryEvent, str]], exchanges: list[str]
) -> None:
    a = local_copy([event for event, side in split if side in ("a", "both")])
    b = local_copy([event for event, side in split if side in ("b", "both")])
    for direction in exchanges:  # some one-way exchanges first, in any order
        if direction == "a<b":
            a = merge_task(a, b.history).task
        else:
            b = merge_task(b, a.history).task
    a = merge_task(a, b.history).task
    b = merge_task(b, a.history).task
    assert dict(_items(a)) == dict(_items(b))
    # Each field is the one its latest event set, as if one office had seen them all.
    everything = local_copy([event for event, _side in split])
    assert dict(_items(a)) == dict(_items(everything))


@given(st.lists(events(), max_size=10), st.lists(events(), max_size=10))
@settings(max_examples=200, deadline=None)
def test_taking_in_the_same_events_twice_changes_nothing(
    ours: list[HistoryEvent], theirs: list[HistoryEvent]
) -> None:
    once = merge_task(local_copy(ours), theirs)
    twice = merge_task(once.task, theirs)
    assert twice.new_events == []
    assert dict(_items(twice.task)) == dict(_items(once.task))


def test_the_latest_change_wins_and_both_sides_are_named() -> None:
    early = ChangeStamp(at=datetime(2026, 2, 1, 9, tzinfo=UTC), by=HN)
    late = ChangeStamp(at=datetime(2026, 2, 1, 10, tzinfo=UTC), by=TN)
    ours = local_copy([history.changed("title", BASE.title, "Tên của Hà Nội", early)])
    theirs = [history.changed("title", BASE.title, "Tên của Thái Nguyên", late)]
    merged = merge_task(ours, theirs)
    assert merged.task.title == "Tên của Thái Nguyên"
    assert [(side.field, side.ours, side.theirs, side.kept) for side in merged.both_sides] == [
        ("title", "Tên của Hà Nội", "Tên của Thái Nguyên", "Tên của Thái Nguyên")
    ]
    # Both values stay in the history.
    assert [event.new for event in merged.task.history if event.field == "title"] == [
        "Tên của Hà Nội",
        "Tên của Thái Nguyên",
    ]


def test_a_tie_in_time_is_broken_by_the_event_id() -> None:
    at = datetime(2026, 2, 1, 9, tzinfo=UTC)
    low = replace(history.changed("area", None, "trade", ChangeStamp(at=at)), id="0000-a")
    high = replace(history.changed("area", None, "tourism", ChangeStamp(at=at)), id="0000-b")
    assert merge_task(local_copy([low]), [high]).task.area == "tourism"
    assert merge_task(local_copy([high]), [low]).task.area == "tourism"


def test_a_closing_sets_status_day_and_outcome_together() -> None:
    stamp = ChangeStamp(at=datetime(2026, 3, 1, 9, tzinfo=UTC), by=TN)
    closing = history.closed(Status.OPEN, date(2026, 2, 27), "Đã ký biên bản", stamp)
    assert effects(closing) == {
        "status": "done",
        "closed_on": "2026-02-27",
        "outcome": "Đã ký biên bản",
    }
    merged = merge_task(BASE, [closing]).task
    assert (merged.status, merged.closed_on, merged.outcome) == (
        Status.DONE,
        date(2026, 2, 27),
        "Đã ký biên bản",
    )


# --- real files: two offices' databases, changed through the service --------------------

OPERATIONS = ["title", "note", "close", "reopen", "extend", "status", "delete", "restore", "add"]


def office(path: Path, author: Author) -> Tracker:
    return Tracker(Database(path), TODAY, author)


def _apply(tracker: Tracker, operation: str, task_id: int) -> None:
    """One user action; one that the task's state refuses is simply not done."""
    from tracker.domain.errors import TrackerError

    try:
        if operation == "title":
            tracker.update_task(task_id, TaskChanges(title=f"Tên {task_id} của {tracker.author}"))
        elif operation == "note":
            tracker.update_task(task_id, TaskChanges(note=f"Tiến độ từ {tracker.author}"))
        elif operation == "close":
            tracker.close_tasks([task_id], outcome="Đã xong")
        elif operation == "reopen":
            tracker.reopen(task_id, "Chưa xong")
        elif operation == "extend":
            tracker.extend_task(task_id, date(2027, 3, 31), "Chờ vốn")
        elif operation == "status":
            tracker.update_task(task_id, TaskChanges(status=Status.BLOCKED))
        elif operation == "delete":
            tracker.delete_task(task_id, "Nhập trùng")
        elif operation == "restore":
            tracker.restore_task(task_id)
        else:
            tracker.add_task(NewTask(title=f"Việc mới của {tracker.author}", lead="HN-KHDT"))
    except TrackerError:
        pass


def exchange(source: Tracker, target: Tracker) -> None:
    target.import_data(json.loads(json.dumps(source.export_data())))


def by_uuid(tracker: Tracker) -> dict[str, dict[str, Any]]:
    """Each task as the export writes it, by uuid, less what is local to one database."""
    local = ("id", "updated", "parent", "subtasks", "previous", "next")
    return {
        task["uuid"]: {key: value for key, value in task.items() if key not in local}
        for task in tracker.export_data()["tasks"]
    }


@pytest.fixture(scope="module")
def sample_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample imported once into a database that each example copies."""
    path = tmp_path_factory.mktemp("sample") / "sample.json"
    Tracker(Database(path), TODAY).import_data(json.loads(SAMPLE.read_text(encoding="utf-8")))
    return path


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["hn", "tn"]),
            st.sampled_from(OPERATIONS),
            st.sampled_from([3, 6, 9, 12]),
        ),
        max_size=8,
    ),
    st.lists(st.sampled_from(["hn>tn", "tn>hn"]), max_size=3),
)
@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_two_offices_databases_converge(
    tmp_path: Path,
    sample_file: Path,
    actions: list[tuple[str, str, int]],
    exchanges: list[str],
) -> None:
    folder = tmp_path / f"x{abs(hash((tuple(actions), tuple(exchanges))))}"
    folder.mkdir()
    offices = {}
    for name, author in (("hn", HN), ("tn", TN)):
        path = folder / f"{name}.json"
        path.write_bytes(sample_file.read_bytes())
        offices[name] = office(path, author)
    steps = iter(exchanges)
    for side, operation, task_id in actions:
        _apply(offices[side], operation, task_id)
        direction = next(steps, None)
        if direction == "hn>tn":
            exchange(offices["hn"], offices["tn"])
        elif direction == "tn>hn":
            exchange(offices["tn"], offices["hn"])
    exchange(offices["hn"], offices["tn"])
    exchange(offices["tn"], offices["hn"])
    assert by_uuid(offices["hn"]) == by_uuid(offices["tn"])
    # And importing the same file again changes nothing, byte for byte.
    before = (folder / "hn.json").read_bytes()
    result = offices["hn"].import_data(json.loads(json.dumps(offices["tn"].export_data())))
    assert result.updated == [] and result.added_tasks == []
    assert (folder / "hn.json").read_bytes() == before


# --- the Hà Nội / Thái Nguyên story, as two offices run it ------------------------------


def test_ha_noi_and_thai_nguyen_exchange_their_week(tmp_path: Path) -> None:
    hn, tn = tmp_path / "hn.json", tmp_path / "tn.json"
    for db in (hn, tn):
        assert run_tracker(db, "import", str(SAMPLE)).code == 0
    # Thái Nguyên closes #9 with an outcome and notes #6.
    assert run_tracker(tn, "close", "9", "--outcome", "Đã thống nhất danh mục dự án").code == 0
    assert run_tracker(tn, "update", "6", "--note", "Hai bên đã làm việc trực tuyến").code == 0
    # Hà Nội extends #6 and edits #12's title.
    extended = run_tracker(hn, "extend", "6", "--to", "2027-03-31", "--reason", "Chờ bố trí vốn")
    assert extended.code == 0, extended.stderr
    assert (
        run_tracker(hn, "update", "12", "--title", "Kết nối doanh nghiệp hai địa phương").code == 0
    )

    tn_file, hn_file = tmp_path / "tn-week.json", tmp_path / "hn-week.json"
    assert run_tracker(tn, "export", "--output", str(tn_file)).code == 0
    assert run_tracker(hn, "export", "--output", str(hn_file)).code == 0

    before = hn.read_bytes()
    dry = run_tracker(hn, "import", "--dry-run", str(tn_file))
    assert dry.code == 0, dry.stderr
    assert hn.read_bytes() == before  # a dry run writes nothing
    assert "#9" in dry.stdout and "closed: Đã thống nhất danh mục dự án" in dry.stdout
    assert "2 tasks would be updated from the file" in dry.stdout

    into_hn = run_tracker(hn, "import", str(tn_file))
    assert into_hn.code == 0, into_hn.stderr
    assert "closed: Đã thống nhất danh mục dự án" in into_hn.stdout
    assert "Hai bên đã làm việc trực tuyến" in into_hn.stdout
    assert "2 tasks updated from the file" in into_hn.stdout
    assert "29 tasks were already present" in into_hn.stdout
    assert "both sides" not in into_hn.stdout  # no field was changed by both

    into_tn = run_tracker(tn, "import", str(hn_file))
    assert into_tn.code == 0, into_tn.stderr
    assert "deadline extended from 30/06/2020 to 31/03/2027" in into_tn.stdout
    assert "Kết nối doanh nghiệp hai địa phương" in into_tn.stdout
    assert "2 tasks updated from the file" in into_tn.stdout

    exports = []
    for db in (hn, tn):
        done = run_tracker(db, "export")
        assert done.code == 0
        exports.append(
            [
                {k: v for k, v in t.items() if k != "updated"}
                for t in json.loads(done.stdout)["tasks"]
            ]
        )
    assert exports[0] == exports[1]
    nine = next(task for task in exports[0] if task["id"] == 9)
    six = next(task for task in exports[0] if task["id"] == 6)
    twelve = next(task for task in exports[0] if task["id"] == 12)
    assert (nine["status"], nine["outcome"]) == ("done", "Đã thống nhất danh mục dự án")
    assert six["due"] == "2027-03-31"
    assert any(event["text"] == "Hai bên đã làm việc trực tuyến" for event in six["history"])
    assert twelve["title"] == "Kết nối doanh nghiệp hai địa phương"

    # The same file again: nothing new, nothing written.
    before = hn.read_bytes()
    again = run_tracker(hn, "import", str(tn_file))
    assert again.code == 0 and "31 tasks were already present" in again.stdout
    assert hn.read_bytes() == before


def test_a_field_changed_on_both_sides_keeps_the_later_and_says_so(tmp_path: Path) -> None:
    hn, tn = tmp_path / "hn.json", tmp_path / "tn.json"
    for db in (hn, tn):
        assert run_tracker(db, "import", str(SAMPLE)).code == 0
    assert run_tracker(hn, "update", "12", "--title", "Tên do Hà Nội sửa").code == 0
    assert run_tracker(tn, "update", "12", "--title", "Tên do Thái Nguyên sửa").code == 0  # later
    tn_file = tmp_path / "tn.out.json"
    assert run_tracker(tn, "export", "--output", str(tn_file)).code == 0
    merged = run_tracker(hn, "import", str(tn_file))
    assert merged.code == 0, merged.stderr
    assert "Changed on both sides" in merged.stdout
    line = "#12  title: ours Tên do Hà Nội sửa, theirs Tên do Thái Nguyên sửa → kept {kept}"
    assert line.format(kept="Tên do Thái Nguyên sửa") in merged.stdout
    shown = json.loads(run_tracker(hn, "show", "12", "--format", "json").stdout)
    assert shown["title"] == "Tên do Thái Nguyên sửa"
    titles = [event["new"] for event in shown["history"] if event.get("field") == "title"]
    assert titles == ["Tên do Hà Nội sửa", "Tên do Thái Nguyên sửa"]  # both stay in history


def test_the_exchange_commands_load_no_office_library_nor_the_ui(tmp_path: Path) -> None:
    from tests.conftest import modules_loaded

    db = tmp_path / "hn.json"
    assert run_tracker(db, "import", str(SAMPLE)).code == 0
    exported = tmp_path / "week.json"
    commands = [
        ["export", "--since", "2026-11-01", "--output", str(exported)],
        ["import", "--dry-run", str(exported)],
        ["import", str(exported)],
        ["update", "6", "--note", "Đã họp"],
        ["log", "6"],
        ["log", "--by", "kiem thu"],
        ["show", "0235df8f"],
        ["undo", "--list"],
        ["undo"],
    ]
    loaded = modules_loaded(
        db, commands, ["docx", "openpyxl", "xlsxwriter", "icalendar", "textual"], succeed=True
    )
    assert loaded == []
