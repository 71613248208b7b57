"""The service's use cases around the database: opening it, watching it, exporting to a
file; those that are no file's own run against the file and a server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import SAMPLE, TODAY
from tracker.domain.errors import InvalidInput, RequestRefused
from tracker.domain.model import Agency
from tracker.service import NewTask, Tracker, load_interchange_file


@pytest.fixture
def tracker(tmp_path: Path) -> Tracker:
    return Tracker.open(tmp_path / "tracker.json", today=TODAY)


@pytest.fixture
def service(db: Path | str) -> Tracker:
    """The service over this test's database, a file or a server's."""
    return Tracker.open(db, today=TODAY)


def test_open_names_the_file_and_fixes_today(tmp_path: Path, tracker: Tracker) -> None:
    assert tracker.path == tmp_path / "tracker.json"
    assert tracker.today == TODAY
    assert not tracker.path.exists()  # created on the first write, not on opening


def test_saved_changes_counts_this_trackers_writes_only(db: Path | str, service: Tracker) -> None:
    tracker = service
    other = Tracker.open(db, today=TODAY)
    assert tracker.saved_changes() == 0
    tracker.add_agency(Agency("HN-KHDT", "Sở Kế hoạch và Đầu tư Hà Nội"))
    tracker.add_task(NewTask("Kết nối tiêu thụ chè", lead="HN-KHDT"))
    assert tracker.saved_changes() == 2
    with pytest.raises(InvalidInput):
        tracker.add_task(NewTask("", lead="HN-KHDT"))
    assert tracker.saved_changes() == 2
    assert other.saved_changes() == 0


def test_file_stamp_changes_with_every_write(db: Path | str, service: Tracker) -> None:
    tracker = service
    assert tracker.file_stamp() is None
    tracker.add_agency(Agency("HN-KHDT", "Sở Kế hoạch và Đầu tư Hà Nội"))
    first = tracker.file_stamp()
    assert first is not None
    # Another tracker on the same file, as another process would be.
    Tracker.open(db, today=TODAY).add_task(NewTask("Việc mới", lead="HN-KHDT"))
    assert tracker.file_stamp() not in (None, first)


def test_board_data_is_every_record_with_the_stamp(service: Tracker) -> None:
    tracker = service
    tracker.import_data(load_interchange_file(SAMPLE))
    data = tracker.board_data()
    sample = json.loads(SAMPLE.read_text("utf-8"))
    assert len(data.tasks) == len(sample["tasks"])
    assert set(data.agencies) == {agency["code"] for agency in sample["agencies"]}
    assert set(data.meetings) == {meeting["id"] for meeting in sample["meetings"]}
    assert set(data.agreements) == {agreement["code"] for agreement in sample["agreements"]}
    assert data.stamp == tracker.file_stamp()


def test_save_export_writes_what_export_json_gives(tmp_path: Path, service: Tracker) -> None:
    tracker = service
    tracker.import_data(load_interchange_file(SAMPLE))
    target = tmp_path / "export.json"
    tracker.save_export(target)
    assert target.read_bytes() == tracker.export_json()
    assert json.loads(target.read_bytes())["format"] == "coop-tracker"


def test_save_export_never_replaces_the_database(tracker: Tracker) -> None:
    tracker.import_data(load_interchange_file(SAMPLE))
    before = tracker.path.read_bytes()
    with pytest.raises(RequestRefused):
        tracker.save_export(tracker.path)
    assert tracker.path.read_bytes() == before
