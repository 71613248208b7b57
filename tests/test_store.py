"""The database file: atomic writes, refusals that change nothing, schema upgrades, the lock;
what a store does whichever it is (sessions, ids, snapshots) runs against a server too."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from msgspec.structs import replace

from tests.conftest import wait_until
from tests.server import is_server, state_of
from tests.stores import store_at
from tracker.domain.errors import StoreError
from tracker.domain.model import (
    Agency,
    Agreement,
    EventKind,
    HistoryEvent,
    Meeting,
    Status,
    Task,
    TaskSummary,
)
from tracker.store import schema
from tracker.store.database import Database, lock_path
from tracker.store.safe_files import (
    LONGEST_DATABASE_NAME,
    NAME_MAX,
    create_exclusive,
    stale_temp_files,
)
from tracker.store.storage import backup_path

HANOI_PLANNING = Agency("HN-KHDT", "Sở Kế hoạch và Đầu tư Hà Nội", "Sở KH&ĐT Hà Nội", "Hà Nội")
THAI_NGUYEN_PLANNING = Agency("TN-KHDT", "Sở Kế hoạch và Đầu tư Thái Nguyên", "", "Thái Nguyên")
AGREEMENT = Agreement(
    "HN-TN", "Chương trình hợp tác Hà Nội - Thái Nguyên", ("Hà Nội", "Thái Nguyên")
)
MEETING = Meeting(
    id="2019-06-21-hn-tn",
    title="Hội nghị tổng kết hợp tác",
    date=date(2019, 6, 21),
    place="Thái Nguyên",
    agreement="HN-TN",
    chairs=("Hoàng Trung Hải", "Trần Quốc Tỏ"),
    notes="Ghi chú",
)


def make_task(title: str = "Kết nối tiêu thụ chè Thái Nguyên", number: int = 1) -> Task:
    return Task(
        id=0,
        uuid=f"6f1c2a52-0000-4000-8000-{number:012d}",
        title=title,
        lead="HN-KHDT",
        description="Đưa chè Tân Cương vào chợ Đồng Xuân",
        partners=("TN-KHDT",),
        meeting="2019-06-21-hn-tn",
        area="trade",
        due=date(2019, 9, 30),
        status=Status.DONE,
        closed_on=date(2019, 10, 2),
        outcome="Đã ký biên bản",
        history=[
            HistoryEvent(
                id="3e4b9d2c-0000-4000-8000-000000000001",
                at=datetime(2019, 7, 15, 10, 0, tzinfo=timezone(timedelta(hours=7))),
                kind=EventKind.NOTE,
                text="Đã làm việc với hợp tác xã",
            )
        ],
        created=datetime(2019, 6, 21, 9, 30, tzinfo=timezone(timedelta(hours=7))),
        updated=datetime(2019, 10, 2, 16, 0, tzinfo=timezone(timedelta(hours=7))),
    )


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    return tmp_path / "tracker.json"


def write_sample(path: Path | str) -> None:
    with store_at(path).writing() as session:
        session.add_agency(HANOI_PLANNING)
        session.add_agency(THAI_NGUYEN_PLANNING)
        session.add_agreement(AGREEMENT)
        session.add_meeting(MEETING)
        session.add_tasks([make_task()])


def leftovers(folder: Path, db: Path) -> set[str]:
    """Names in `folder` other than the database and its lock file."""
    return {p.name for p in folder.iterdir()} - {db.name, lock_path(db).name}


# --- round trips and sessions ----------------------------------------------------------


def test_what_a_session_writes_reads_back_the_same(db: Path | str) -> None:
    write_sample(db)
    with store_at(db).reading() as snapshot:
        assert snapshot.agencies() == {
            "HN-KHDT": HANOI_PLANNING,
            "TN-KHDT": THAI_NGUYEN_PLANNING,
        }
        assert snapshot.agreements() == {"HN-TN": AGREEMENT}
        assert snapshot.meetings() == {MEETING.id: MEETING}
        assert snapshot.tasks() == [replace(make_task(), id=1)]
        assert snapshot.task(1) == replace(make_task(), id=1)
        assert snapshot.task(2) is None
        assert set(snapshot.task_ids_by_uuid()) == {make_task().uuid}


def test_the_file_on_disk_is_json_with_a_meta_record(db_file: Path) -> None:
    write_sample(db_file)
    raw = json.loads(db_file.read_bytes())
    assert raw["meta"] == {"1": {"format": "coop-tracker-db", "schema": schema.SCHEMA_VERSION}}
    assert raw["tasks"]["1"]["title"] == "Kết nối tiêu thụ chè Thái Nguyên"


def test_save_task_replaces_the_stored_task(db: Path | str) -> None:
    write_sample(db)
    with store_at(db).writing() as session:
        task = session.task(1)
        assert task is not None
        task.status = Status.OPEN
        task.closed_on = None
        task.history.append(
            HistoryEvent(
                id="3e4b9d2c-0000-4000-8000-000000000002",
                at=datetime(2019, 10, 3, 8, 0, tzinfo=timezone(timedelta(hours=7))),
                kind=EventKind.REOPENED,
                field="status",
                old="done",
                new="open",
                text="mở lại",
            )
        )
        session.save_task(task)
    with store_at(db).reading() as snapshot:
        reread = snapshot.task(1)
    assert reread is not None
    assert reread.status is Status.OPEN
    assert reread.closed_on is None
    assert [entry.text for entry in reread.history] == ["Đã làm việc với hợp tác xã", "mở lại"]


def test_sessions_in_sequence_give_ids_one_two_three_without_reuse(db: Path | str) -> None:
    database = store_at(db)
    with database.writing() as session:
        assert session.add_tasks([make_task(number=1)]) == [1]
    with database.writing() as session:
        assert session.add_tasks([make_task(number=2), make_task(number=3)]) == [2, 3]
    with database.writing() as session:
        assert session.add_tasks([make_task(number=4)]) == [4]
    with database.reading() as snapshot:
        assert sorted(task.id for task in snapshot.tasks()) == [1, 2, 3, 4]
        task_3 = snapshot.task(3)
        assert task_3 is not None and task_3.uuid.endswith("000000000003")


def test_a_session_that_raises_writes_nothing(db: Path | str) -> None:
    write_sample(db)
    before = state_of(db)
    with pytest.raises(RuntimeError, match="changed my mind"), store_at(db).writing() as s:
        s.add_tasks([make_task(number=2)])
        s.add_agency(Agency("TN-BTC", "Ban Tổ chức Tỉnh ủy Thái Nguyên"))
        raise RuntimeError("changed my mind")
    assert state_of(db) == before
    if not is_server(db):
        db_file = Path(db)
        assert leftovers(db_file.parent, db_file) == set()  # no .bak, no temp file
    # The lock was released: the next session does not wait.
    with store_at(db, lock_timeout=0.2).writing() as session:
        assert session.add_tasks([make_task(number=2)]) == [2]


def test_a_new_path_is_created_only_by_the_first_committed_write(db_file: Path) -> None:
    database = Database(db_file)
    with database.reading() as snapshot:
        assert snapshot.tasks() == []
        assert snapshot.agencies() == {}
    assert not db_file.exists()
    with database.writing() as session:
        assert session.tasks() == []  # a session that changes nothing writes nothing
    assert not db_file.exists()
    with pytest.raises(RuntimeError), database.writing() as session:
        session.add_agency(HANOI_PLANNING)
        raise RuntimeError
    assert not db_file.exists()
    with database.writing() as session:
        session.add_agency(HANOI_PLANNING)
    assert db_file.exists()
    assert not backup_path(db_file).exists()  # there was no previous file to keep
    assert leftovers(db_file.parent, db_file) == set()


def test_the_previous_file_is_kept_as_bak(db_file: Path) -> None:
    database = Database(db_file)
    with database.writing() as session:
        session.add_agency(HANOI_PLANNING)
    first = db_file.read_bytes()
    with database.writing() as session:
        session.add_agency(THAI_NGUYEN_PLANNING)
    second = db_file.read_bytes()
    assert second != first
    assert backup_path(db_file).read_bytes() == first
    with database.writing() as session:
        session.add_tasks([make_task()])
    assert backup_path(db_file).read_bytes() == second
    # The backup is itself a database the tracker can open.
    with Database(backup_path(db_file)).reading() as snapshot:
        assert set(snapshot.agencies()) == {"HN-KHDT", "TN-KHDT"}


def test_a_snapshot_is_one_consistent_read(db: Path | str) -> None:
    write_sample(db)
    with store_at(db).reading() as snapshot:
        with store_at(db).writing() as session:
            session.add_tasks([make_task(number=2)])
        assert [task.id for task in snapshot.tasks()] == [1]
    with store_at(db).reading() as snapshot:
        assert [task.id for task in snapshot.tasks()] == [1, 2]


def test_stale_temp_files_are_ignored_by_reads_and_removed_by_the_next_write(
    db_file: Path,
) -> None:
    write_sample(db_file)
    stale = [
        db_file.parent / f".{db_file.name}.99999.tmp",
        db_file.parent / f".{db_file.name}.99998.bak.tmp",
    ]
    for path in stale:
        path.write_bytes(b'{"torn": ')
    unrelated = db_file.parent / ".other.json.99999.tmp"
    unrelated.write_bytes(b"another database's business")
    with Database(db_file).reading() as snapshot:
        assert [task.title for task in snapshot.tasks()] == [make_task().title]
    assert all(path.exists() for path in stale)  # a reader holds no lock: it must not delete
    with Database(db_file).writing() as session:
        session.add_agency(Agency("TN-BTC", "Ban Tổ chức Tỉnh ủy Thái Nguyên"))
    assert not any(path.exists() for path in stale)
    assert unrelated.exists()
    with Database(db_file).reading() as snapshot:
        assert "TN-BTC" in snapshot.agencies()


def test_stale_temp_files_are_found_for_a_name_with_glob_characters(tmp_path: Path) -> None:
    db_file = tmp_path / "db[1].json"
    own_stale = tmp_path / ".db[1].json.99999.tmp"
    other_database_temp = tmp_path / ".db1.json.99999.tmp"
    own_stale.write_bytes(b"{")
    other_database_temp.write_bytes(b"{")
    with Database(db_file).writing() as session:
        session.add_agency(HANOI_PLANNING)
    assert other_database_temp.exists()
    assert not own_stale.exists()


# --- refusals --------------------------------------------------------------------------


def tracker_file(**overrides: Any) -> bytes:
    raw: dict[str, Any] = schema.new_database()
    raw.update(overrides)
    return json.dumps(raw).encode()


VALID = tracker_file()

NOT_A_DATABASE = [
    pytest.param(b"", id="zero-bytes"),
    pytest.param(b"  \n\t\n", id="whitespace-only"),
    pytest.param(b"{not json", id="invalid-json"),
    pytest.param(VALID[: len(VALID) // 2], id="truncated-json"),
    pytest.param(VALID + b"\n}garbage", id="trailing-garbage"),
    pytest.param(VALID + VALID, id="two-documents"),
    pytest.param(b"[]", id="a-list"),
    pytest.param(b'"tracker"', id="a-string"),
    pytest.param(b"{}", id="empty-object"),
    pytest.param(b'{"_default": {}}', id="stock-tinydb-file"),
    pytest.param(
        json.dumps({"meta": {"1": {"format": "something-else", "schema": 1}}}).encode(),
        id="foreign-meta",
    ),
    pytest.param(tracker_file(meta={"1": {"format": "coop-tracker-db"}}), id="no-schema"),
    pytest.param(
        tracker_file(meta={"1": {"format": "coop-tracker-db", "schema": "1"}}),
        id="schema-as-text",
    ),
    pytest.param(tracker_file(meta={"1": {"format": "coop-tracker-db", "schema": 0}}), id="0"),
    pytest.param(
        tracker_file(
            meta={"1": {"format": "coop-tracker-db", "schema": schema.SCHEMA_VERSION + 1}}
        ),
        id="newer-schema",
    ),
    pytest.param(tracker_file(tasks=[]), id="tasks-not-a-mapping"),
]


@pytest.mark.parametrize("content", NOT_A_DATABASE)
def test_a_file_that_is_not_a_tracker_database_is_refused_and_left_alone(
    db_file: Path, content: bytes
) -> None:
    db_file.write_bytes(content)
    with pytest.raises(StoreError) as reading_error, Database(db_file).reading():
        pass
    assert str(db_file) in str(reading_error.value)
    with pytest.raises(StoreError) as writing_error, Database(db_file).writing() as session:
        session.add_agency(HANOI_PLANNING)
    assert str(db_file) in str(writing_error.value)
    assert "\n" not in str(writing_error.value)  # one clear line on stderr
    assert db_file.read_bytes() == content
    assert leftovers(db_file.parent, db_file) == set()


def test_a_newer_schema_is_refused_with_advice_to_upgrade(db_file: Path) -> None:
    newer = schema.SCHEMA_VERSION + 1
    db_file.write_bytes(tracker_file(meta={"1": schema.meta_record(newer)}))
    refusal = f"newer tracker \\(schema {newer}\\)"
    with pytest.raises(StoreError, match=refusal), Database(db_file).reading():
        pass


def test_a_damaged_file_message_points_to_the_backup(db_file: Path) -> None:
    write_sample(db_file)
    with Database(db_file).writing() as session:
        session.add_agency(Agency("TN-BTC", "Ban Tổ chức Tỉnh ủy Thái Nguyên"))
    good = backup_path(db_file).read_bytes()
    db_file.write_bytes(b"")
    with pytest.raises(StoreError, match=r"tracker\.json\.bak"), Database(db_file).reading():
        pass
    assert backup_path(db_file).read_bytes() == good  # a refusal never touches the backup


def test_a_folder_in_place_of_the_database_is_refused(db_file: Path) -> None:
    db_file.mkdir()
    with pytest.raises(StoreError) as reading_error, Database(db_file).reading():
        pass
    assert str(db_file) in str(reading_error.value)
    with pytest.raises(StoreError) as writing_error, Database(db_file).writing() as session:
        session.add_agency(HANOI_PLANNING)
    assert str(db_file) in str(writing_error.value)
    assert db_file.is_dir()
    assert list(db_file.iterdir()) == []
    assert leftovers(db_file.parent, db_file) == set()


def test_a_database_in_a_missing_folder_is_refused(tmp_path: Path) -> None:
    db_file = tmp_path / "missing" / "tracker.json"
    with pytest.raises(StoreError, match="missing"), Database(db_file).writing() as session:
        session.add_agency(HANOI_PLANNING)
    assert not db_file.parent.exists()


# --- documents decoded when they are read ----------------------------------------------


def test_a_damaged_task_document_is_refused_naming_the_file_and_the_task(db_file: Path) -> None:
    write_sample(db_file)
    raw = json.loads(db_file.read_bytes())
    raw["tasks"]["1"]["due"] = "2026-02-30"
    content = json.dumps(raw).encode()
    db_file.write_bytes(content)
    with pytest.raises(StoreError) as error, Database(db_file).reading() as snapshot:
        snapshot.tasks()
    message = str(error.value)
    assert str(db_file) in message
    assert "task #1" in message
    assert "$.due" in message  # which field, as msgspec locates it
    assert "tracker.json.bak" in message
    assert "\n" not in message
    with pytest.raises(StoreError, match="task #1"), Database(db_file).writing() as session:
        session.task(1)
    assert db_file.read_bytes() == content


def test_task_summaries_are_the_tasks_without_description_and_history(db: Path | str) -> None:
    write_sample(db)
    with store_at(db).writing() as session:  # one stored task, one added in-session
        session.add_tasks([make_task("Xúc tiến đầu tư", number=2)])
        in_session = session.task_summaries()
    with store_at(db).reading() as snapshot:
        tasks, summaries = snapshot.tasks(), snapshot.task_summaries()
    assert in_session == summaries
    assert [type(summary) for summary in summaries] == [TaskSummary, TaskSummary]
    shared = list(TaskSummary.__struct_fields__)
    assert [[getattr(s, f) for f in shared] for s in summaries] == [
        [getattr(t, f) for f in shared] for t in tasks
    ]
    assert summaries[0].id == 1 and summaries[0].due == date(2019, 9, 30)
    assert not hasattr(summaries[0], "history")


def test_a_write_copies_the_documents_it_did_not_touch_as_they_were(db_file: Path) -> None:
    """Untouched documents are never decoded and re-encoded, so not even spacing changes."""
    write_sample(db_file)
    raw = json.loads(db_file.read_bytes())
    untouched = json.dumps(raw["tasks"]["1"], indent=1, ensure_ascii=False)
    db_file.write_bytes(json.dumps(raw, indent=1, ensure_ascii=False).encode())
    with Database(db_file).writing() as session:
        session.add_tasks([make_task("Xúc tiến đầu tư", number=2)])
    written = db_file.read_bytes().decode()
    assert untouched.replace("\n", "\n  ") in written  # as indented in the file
    with Database(db_file).reading() as snapshot:
        assert [task.title for task in snapshot.tasks()] == [make_task().title, "Xúc tiến đầu tư"]


# --- schema upgrades -------------------------------------------------------------------


def add_priority(raw: dict[str, Any]) -> dict[str, Any]:
    """A schema 1 -> 2 migration for the test: every task gains a priority."""
    for task in raw["tasks"].values():
        task["priority"] = "normal"
    return raw


def schema_1(raw: dict[str, Any]) -> dict[str, Any]:
    """`raw` labelled schema 1, for the upgrade tests' own migrations (1 -> 2 -> ...)."""
    raw[schema.META_TABLE] = {schema.META_DOC_ID: schema.meta_record(1)}
    return raw


def test_upgrade_applies_a_migration_and_rewrites_the_meta_record(db_file: Path) -> None:
    write_sample(db_file)
    raw = schema_1(json.loads(db_file.read_bytes()))
    upgraded = schema.upgrade(raw, db_file, migrations={1: add_priority}, target=2)
    assert upgraded["meta"] == {"1": {"format": "coop-tracker-db", "schema": 2}}
    assert upgraded["tasks"]["1"]["priority"] == "normal"
    assert upgraded["tasks"]["1"]["title"] == make_task().title
    assert schema.schema_version(upgraded, db_file, newest=2) == 2


def test_upgrade_runs_migrations_in_order(db_file: Path) -> None:
    steps: list[int] = []

    def step(number: int) -> schema.Migration:
        def migrate(raw: dict[str, Any]) -> dict[str, Any]:
            assert raw["meta"]["1"]["schema"] == number  # each step sees the previous one done
            steps.append(number)
            return raw

        return migrate

    upgraded = schema.upgrade(
        schema_1(schema.new_database()),
        db_file,
        migrations={1: step(1), 2: step(2), 3: step(3)},
        target=4,
    )
    assert steps == [1, 2, 3]
    assert upgraded["meta"]["1"]["schema"] == 4


def test_upgrade_of_a_current_file_changes_nothing(db_file: Path) -> None:
    raw = schema.new_database()
    assert schema.upgrade(raw, db_file, migrations={1: add_priority}) == schema.new_database()


def test_a_missing_migration_is_a_store_error(db_file: Path) -> None:
    with pytest.raises(StoreError, match="no migration from schema 1") as error:
        schema.upgrade(schema_1(schema.new_database()), db_file, migrations={}, target=2)
    assert str(db_file) in str(error.value)


def test_an_old_file_missing_a_table_opens_with_it_empty(db_file: Path) -> None:
    raw = schema.new_database()
    del raw["agreements"]
    db_file.write_bytes(json.dumps(raw).encode())
    with Database(db_file).reading() as snapshot:
        assert snapshot.agreements() == {}


# --- the inter-process lock ------------------------------------------------------------

HOLD_LOCK = """
import pathlib, signal, sys
import filelock
lock = filelock.FileLock(sys.argv[1])
lock.acquire()
pathlib.Path(sys.argv[2]).touch()
signal.pause()  # holds the lock until the test kills it
"""


@contextmanager
def lock_held_by_another_process(db: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A real process that takes the database's lock, signals, and holds it until killed."""
    ready = db.parent / "holder-ready"
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(lock_path(db)), str(ready)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until(ready.exists, process, "the lock holder's signal", timeout=15)
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)


def test_a_lock_held_by_another_process_times_out_then_frees_when_it_dies(
    db_file: Path,
) -> None:
    write_sample(db_file)
    before = db_file.read_bytes()
    with lock_held_by_another_process(db_file) as holder:
        started = time.monotonic()
        with pytest.raises(StoreError) as error, Database(db_file, lock_timeout=0.3).writing():
            raise AssertionError("the session must not start while another process holds the lock")
        waited = time.monotonic() - started
        assert 0.25 <= waited < 3
        assert str(db_file) in str(error.value)
        assert "busy" in str(error.value)
        assert db_file.read_bytes() == before
        # Readers never wait for the lock.
        with Database(db_file, lock_timeout=0.3).reading() as snapshot:
            assert len(snapshot.tasks()) == 1

        os.kill(holder.pid, signal.SIGKILL)
        assert holder.wait(timeout=10) == -signal.SIGKILL

    # The operating system dropped the dead holder's lock: no stale lock blocks us.
    started = time.monotonic()
    with Database(db_file, lock_timeout=2).writing() as session:
        assert session.add_tasks([make_task(number=2)]) == [2]
    assert time.monotonic() - started < 1.5


def test_a_writer_sweeps_only_its_own_temp_files(tmp_path: Path) -> None:
    """A database whose name extends another's keeps its temp files from the other's writer."""
    db_file = tmp_path / "a.json"
    neighbour = tmp_path / "a.json.x"
    neighbours_temp = tmp_path / ".a.json.x.k2j4h1ab.tmp"
    own_stale = [tmp_path / ".a.json.k2j4h1ab.tmp", tmp_path / ".a.json.k2j4h1ab.bak.tmp"]
    for path in [neighbours_temp, *own_stale]:
        path.write_bytes(b"{")
    with Database(db_file).writing() as session:
        session.add_agency(HANOI_PLANNING)
    assert neighbours_temp.exists()
    assert not any(path.exists() for path in own_stale)
    assert stale_temp_files(neighbour) == [neighbours_temp]


def test_a_long_name_has_short_temp_names_that_its_writer_still_finds(tmp_path: Path) -> None:
    db_file = tmp_path / ("Sở Kế hoạch và Đầu tư " * 7 + "HN.json")
    assert len(db_file.name.encode()) <= LONGEST_DATABASE_NAME
    fd, temp = create_exclusive(db_file)
    os.close(fd)
    assert len(temp.name.encode()) <= NAME_MAX
    assert stale_temp_files(db_file) == [temp]
    with Database(db_file).writing() as session:
        session.add_agency(HANOI_PLANNING)
    with Database(db_file).writing() as session:
        session.add_agency(Agency("TN-BTC", "Ban Tổ chức Tỉnh ủy Thái Nguyên"))
    assert not temp.exists()
    assert [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


@contextmanager
def write_turn_held_elsewhere(location: Path | str) -> Iterator[None]:
    """Another writer holding the write turn: a process with the file's lock, or a server
    transaction holding the `meta` row, as a writer waiting on its commit does."""
    if not is_server(location):
        with lock_held_by_another_process(Path(location)):
            yield
        return
    import psycopg

    with psycopg.connect(str(location)) as conn, conn.transaction():
        conn.execute("SELECT revision FROM tracker.meta FOR UPDATE")
        yield


def test_a_writer_kept_waiting_is_refused_as_busy_naming_the_store(db: Path | str) -> None:
    write_sample(db)
    store = store_at(db, lock_timeout=0.3)
    before = state_of(db)
    with write_turn_held_elsewhere(db):
        with pytest.raises(StoreError) as error, store.writing() as session:
            session.add_tasks([make_task(number=2)])
        message = str(error.value)
        assert message.startswith(f"{store.location} is busy: ")
        assert "\n" not in message
        with store.reading() as snapshot:  # readers never wait
            assert len(snapshot.tasks()) == 1
    assert state_of(db) == before
    with store.writing() as session:
        assert session.add_tasks([make_task(number=2)]) == [2]


def damage_task_1(location: Path | str) -> None:
    """Give stored task #1 a day no calendar has, as a hand edit or a bad tool might."""
    if not is_server(location):
        path = Path(location)
        raw = json.loads(path.read_bytes())
        raw["tasks"]["1"]["due"] = "2026-02-30"
        path.write_bytes(json.dumps(raw).encode())
        return
    import psycopg

    with psycopg.connect(str(location)) as conn:
        conn.execute(
            "UPDATE tracker.tasks SET doc = "
            "jsonb_set(doc::jsonb, '{due}', '\"2026-02-30\"')::json WHERE id = 1"
        )


def test_a_damaged_task_is_refused_naming_the_store_and_the_task(db: Path | str) -> None:
    write_sample(db)
    damage_task_1(db)
    store = store_at(db)
    before = state_of(db)
    with pytest.raises(StoreError) as error, store.reading() as snapshot:
        snapshot.tasks()
    message = str(error.value)
    assert message.startswith(f"{store.location} is damaged: task #1 ")
    assert "$.due" in message and "\n" not in message
    with pytest.raises(StoreError, match="task #1"), store.writing() as session:
        session.task(1)
    assert state_of(db) == before
