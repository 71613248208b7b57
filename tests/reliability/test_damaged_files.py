"""Case 5: a file that is not a good tracker database is refused, by name, and left alone.

Every kind of damage or mistake is put where the database should be; then commands that
read and commands that write are run as real processes. Each must be refused with one
line naming the file (exit 1), and the folder must be exactly as it was: no write, no
temp file, no export. A read-only database can still be read. The terminal UI says the
same in a notification and writes nothing. Finally, the `.bak` recovery the README
describes is followed step by step.
"""

from __future__ import annotations

import json
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import SAMPLE, TODAY
from tests.reliability.budget import tally
from tests.reliability.harness import (
    ForkServer,
    drop_privileges_prefix,
    folder_contents,
    generated_tasks,
    interchange_file,
    read_database,
    refusal,
    succeeded,
    tracker,
)
from tests.ui.conftest import settle
from tracker.service import Tracker
from tracker.store import schema
from tracker.store.database import Database
from tracker.store.storage import backup_path
from tracker.ui.app import make_app


@dataclass(frozen=True)
class Damage:
    name: str
    make: Callable[[Path, bytes], None]
    readable: bool = False  # reading works; only writing is refused
    needs_permissions: bool = False  # only meaningful when permission bits are obeyed


def content(make: Callable[[bytes], bytes]) -> Callable[[Path, bytes], None]:
    def write(db: Path, good: bytes) -> None:
        db.write_bytes(make(good))

    return write


def newer_schema(good: bytes) -> bytes:
    raw = json.loads(good)
    raw["meta"]["1"]["schema"] = schema.SCHEMA_VERSION + 1
    return json.dumps(raw).encode()


def cut_inside_a_letter(good: bytes) -> bytes:
    middle = good.index("Đ".encode())  # a two-byte letter: cut between its bytes
    return good[: middle + 1]


def make_folder(db: Path, good: bytes) -> None:
    db.mkdir()


def chmod(mode: int, folder: bool = False) -> Callable[[Path, bytes], None]:
    def make(db: Path, good: bytes) -> None:
        db.write_bytes(good)
        (db.parent if folder else db).chmod(mode)

    return make


DAMAGES = [
    Damage("zero bytes", content(lambda good: b"")),
    Damage("only whitespace", content(lambda good: b"\n \n")),
    Damage("truncated JSON", content(lambda good: good[: len(good) // 3])),
    Damage("cut inside a letter", content(cut_inside_a_letter)),
    Damage("trailing garbage", content(lambda good: good + b"\n}garbage")),
    Damage("two documents", content(lambda good: good + good)),
    Damage("zeroed by a crash", content(lambda good: b"\0" * len(good))),
    Damage("a JSON list", content(lambda good: b"[]")),
    Damage("a stock TinyDB file", content(lambda good: b'{"_default": {"1": {"a": 1}}}')),
    Damage("another program's JSON", content(lambda good: b'{"name": "x", "version": "1"}')),
    Damage("an interchange file", content(lambda good: SAMPLE.read_bytes())),
    Damage("a newer schema", content(newer_schema)),
    Damage("a folder", make_folder),
    Damage("no read permission", chmod(0o000), needs_permissions=True),
    Damage("no write permission", chmod(0o444), readable=True, needs_permissions=True),
    Damage("a read-only folder", chmod(0o555, folder=True), readable=True, needs_permissions=True),
]

READS = [("list",), ("show", "1"), ("export", "--output", "{out}")]
WRITES = [
    ("add", "Việc mới", "--lead", "HN-KHDT"),
    ("close", "2"),  # an open task of the sample
    ("import", "{tasks}"),
    ("agencies", "add", "HN-X", "Sở X"),
]


@pytest.mark.parametrize("damage", DAMAGES, ids=lambda d: d.name)
def test_a_damaged_or_foreign_file_is_refused_by_name_and_left_alone(
    damage: Damage, tmp_path: Path, sample_bytes: bytes
) -> None:
    prefix: list[str] | None = []
    if damage.needs_permissions:
        prefix = drop_privileges_prefix()
        if prefix is None:
            pytest.skip("running as root without setpriv: permission bits are not obeyed")
    folder = tmp_path / "data"
    folder.mkdir()
    db = folder / "tracker.json"
    out = tmp_path / "out.json"
    tasks = tmp_path / "tasks.json"
    tasks.write_text(json.dumps(interchange_file(generated_tasks(2, 99))), encoding="utf-8")
    damage.make(db, sample_bytes)
    (tmp_path / "children").mkdir()
    server = ForkServer(db, tmp_path / "children", prefix=prefix or ())
    try:
        before = folder_contents(folder)
        for command in READS + WRITES:
            args = [
                arg.replace("{out}", str(out)).replace("{tasks}", str(tasks)) for arg in command
            ]
            done, _ = server.run("--db", str(db), *args)
            tally("case 5: commands on damaged or foreign files")
            if damage.readable and command in READS:
                succeeded(done)
                out.unlink(missing_ok=True)
                continue
            refusal(done, codes=(1,), naming=db)
            assert not out.exists(), f"{command}: an export was written"
            # Not even a lock file: a refused command leaves the folder as it was.
            assert folder_contents(folder) == before, f"{command}: the folder changed"
    finally:
        server.close()
        for path in (folder, db):
            if path.exists():
                path.chmod(stat.S_IRWXU)
    if damage.name == "no write permission":
        assert stat.S_IMODE(db.stat().st_mode) == stat.S_IRWXU  # we set it back above
    tally("case 5: damaged or foreign files refused")


async def test_the_ui_on_a_damaged_file_says_so_and_writes_nothing(
    tmp_path: Path, sample_bytes: bytes
) -> None:
    shown = ("zero bytes", "truncated JSON", "a stock TinyDB file", "an interchange file")
    for damage in [d for d in DAMAGES if d.name in (*shown, "a newer schema", "a folder")]:
        folder = tmp_path / damage.name.replace(" ", "-")
        folder.mkdir()
        db = folder / "tracker.json"
        damage.make(db, sample_bytes)
        before = folder_contents(folder)
        app = make_app(Tracker(Database(db), TODAY), sample=SAMPLE, watch_interval=0)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            messages = [n.message for n in app._notifications]
            assert any(str(db) in m for m in messages), f"{damage.name}: {messages}"
            for key in ("l", "a", "m"):  # load the sample, add a task, record a meeting
                await pilot.press(key)
                await settle(pilot)
                await pilot.press("escape")
        assert folder_contents(folder) == before, damage.name
        tally("case 5: damaged files opened in the terminal UI")


def test_the_previous_version_is_kept_and_restoring_it_as_the_readme_says_works(
    db: Path,
) -> None:
    first = db.read_bytes()
    succeeded(tracker(db, "add", "Việc cuối cùng trước sự cố", "--lead", "HN-KHDT"))
    bak = backup_path(db)
    assert bak.read_bytes() == first
    read_database(bak)
    # The file is damaged (a disk error, a bad copy)...
    db.write_bytes(db.read_bytes()[:1000])
    line = refusal(tracker(db, "list"), codes=(1,), naming=db)
    assert "tracker.json.bak" in line  # the message points to the way back
    assert bak.read_bytes() == first  # and a refusal never touches the backup
    # ... the backup can be looked at before restoring it ...
    listed = json.loads(succeeded(tracker(bak, "list", "--format", "json")))
    # ... and restoring is a copy, as README "Data safety" says.
    db.write_bytes(bak.read_bytes())
    assert json.loads(succeeded(tracker(db, "list", "--format", "json"))) == listed
    assert "Việc cuối cùng trước sự cố" not in {task["title"] for task in listed}
    succeeded(tracker(db, "add", "Sau khi khôi phục", "--lead", "HN-KHDT"))
    tally("case 5: restores from .bak")


def test_a_private_database_stays_private_after_a_write(db: Path) -> None:
    db.chmod(0o600)
    succeeded(tracker(db, "add", "Việc riêng", "--lead", "HN-KHDT"))
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    assert stat.S_IMODE(backup_path(db).stat().st_mode) == 0o600
    tally("case 5: private files still private after a write")


# --- a record with bytes that are not UTF-8, or nested too deeply --------------------------

# A record is damaged in place, in the file's own bytes: no JSON library would write these.
NOT_UTF8 = b'"S\xe1\xbb\x9f \xff\xfe"'  # a good letter, then two bytes UTF-8 never has
TOO_DEEP = b"[" * 100_000 + b"]" * 100_000


@dataclass(frozen=True)
class BadRecord:
    name: str
    table: str
    key: str
    field: str  # "" for the whole record
    bad: bytes
    named: str  # what the refusal says about the record
    refused_by: tuple[str, ...]  # commands that must refuse it (the others may not read it)


WHOLE_FILE = "is damaged: it "  # damage the file check sees before any record is read
EVERY = ("list", "report", "show 3", "show 1", "close 2", "add", "import", "agencies",
         "meetings", "export")  # fmt: skip
BAD_RECORDS = [
    BadRecord("task text not UTF-8", "tasks", "3", "title", NOT_UTF8, "task #3 cannot be read",
              ("list", "report", "show 3", "export")),
    BadRecord("task outcome not UTF-8", "tasks", "5", "outcome", NOT_UTF8,
              "task #5 cannot be read", ("list", "report", "export")),
    BadRecord("task nested too deeply", "tasks", "3", "outcome", TOO_DEEP, WHOLE_FILE, EVERY),
    BadRecord("agency text not UTF-8", "agencies", "2", "name", NOT_UTF8,
              "agency record 2 cannot be read",
              ("list", "report", "show 1", "add", "import", "agencies", "export")),
    BadRecord("agency nested too deeply", "agencies", "2", "short", TOO_DEEP, WHOLE_FILE, EVERY),
    BadRecord("agency not an object", "agencies", "4", "", b'"HN-KHDT"',
              "agency record 4 cannot be read", ("list", "agencies", "export")),
    BadRecord("meeting without a date", "meetings", "2", "date", b"[]",
              "meeting record 2 cannot be read", ("report", "meetings", "export")),
    BadRecord("agreement text not UTF-8", "agreements", "1", "title", NOT_UTF8,
              "agreement record 1 cannot be read", ("import", "export")),
    BadRecord("meeting text not UTF-8", "meetings", "1", "place", NOT_UTF8,
              "meeting record 1 cannot be read", ("report", "show 1", "meetings", "export")),
    BadRecord("meeting nested too deeply", "meetings", "1", "notes", TOO_DEEP, WHOLE_FILE,
              EVERY),
    BadRecord("meta record not UTF-8", "meta", "1", "format", NOT_UTF8,
              "its meta record cannot be read", EVERY),
]  # fmt: skip


def with_bad_record(good: bytes, record: BadRecord) -> tuple[bytes, bytes]:
    """The database with one field of one record replaced by `record.bad`, and that
    record's bytes as they must stay in the file."""
    raw = json.loads(good)
    marker = "\0damaged here\0"
    if record.field:
        raw[record.table][record.key][record.field] = marker
    else:
        raw[record.table][record.key] = marker

    def compact(value: object) -> bytes:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
        return text.replace(json.dumps(marker).encode(), record.bad)

    return compact(raw), compact(raw[record.table][record.key])


@pytest.mark.parametrize("record", BAD_RECORDS, ids=lambda r: r.name)
def test_a_record_with_bad_bytes_or_deep_nesting_is_named_like_any_damaged_record(
    record: BadRecord, tmp_path: Path, sample_bytes: bytes
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    db = folder / "tracker.json"
    tasks = tmp_path / "tasks.json"
    tasks.write_text(json.dumps(interchange_file(generated_tasks(2, 7))), encoding="utf-8")
    out = tmp_path / "export.json"
    damaged, stored_record = with_bad_record(sample_bytes, record)
    commands = {
        "list": ["list"],
        "report": ["report"],
        "show 3": ["show", "3"],
        "show 1": ["show", "1"],
        "close 2": ["close", "2"],  # an open task of the sample
        "add": ["add", "Việc mới", "--lead", "HN-KHDT"],
        "import": ["import", str(tasks)],
        "agencies": ["agencies"],
        "meetings": ["meetings"],
        "export": ["export", "--output", str(out)],
    }
    (tmp_path / "children").mkdir()
    server = ForkServer(db, tmp_path / "children")
    try:
        for name, args in commands.items():
            db.write_bytes(damaged)
            for leftover in folder.iterdir():
                if leftover != db:
                    leftover.unlink()
            done, _ = server.run("--db", str(db), *args)
            tally("case 5: commands on a record with bad bytes or deep nesting")
            if done.code == 0:
                assert name not in record.refused_by, f"{name}: read the damage without a word"
                # A command that does not read the record copies its bytes unchanged.
                assert stored_record in db.read_bytes(), f"{name}: the record was changed"
                continue
            line = refusal(done, codes=(1,), naming=db)
            assert record.named in line and "restore tracker.json.bak" in line, line
            assert db.read_bytes() == damaged, f"{name}: the file changed"
            assert {p.name for p in folder.iterdir()} <= {db.name, db.name + ".lock"}, name
            assert not out.exists(), f"{name}: an export was written"
    finally:
        server.close()
    tally("case 5: records with bad bytes or deep nesting, 0 internal errors")
