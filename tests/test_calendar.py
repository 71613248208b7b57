"""`tracker export --format ics`: the open tasks' deadlines as a calendar, read back with
icalendar as a calendar app reads the file."""

from __future__ import annotations

import json
import unicodedata
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from icalendar import Calendar

from tests.conftest import CliRunner, modules_loaded

OPEN = ("open", "in_progress", "blocked")


def export_ics(tracker: CliRunner, out: Path, *options: str) -> Calendar:
    """Export the calendar to `out` and read it back."""
    result = tracker("export", "--format", "ics", *options, "--output", str(out))
    assert result.code == 0, result.stderr
    return Calendar.from_ical(out.read_bytes())


def events_by_uid(calendar: Calendar) -> dict[str, Any]:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def listed(tracker: CliRunner) -> list[dict[str, Any]]:
    result = tracker("list", "--format", "json")
    assert result.code == 0, result.stderr
    tasks: list[dict[str, Any]] = json.loads(result.stdout)
    return tasks


def test_each_open_task_with_a_deadline_is_an_all_day_event(
    sample_db: Path, tmp_path: Path, tracker: CliRunner
) -> None:
    calendar = export_ics(tracker, tmp_path / "han.ics")
    expected = {
        f"{task['uuid']}@coop-tracker": task
        for task in listed(tracker)
        if task["due"] and task["status"] in OPEN
    }
    events = events_by_uid(calendar)
    assert len(expected) == 9 and events.keys() == expected.keys()
    for uid, event in events.items():
        task = expected[uid]
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        # A date, not a date-time: DTSTART;VALUE=DATE, an all-day event.
        assert type(start) is date and start == date.fromisoformat(task["due"])
        assert end == start + timedelta(days=1)
        assert str(event["SUMMARY"]) == f"#{task['id']} {task['title']}"
        # The default reminder: three days before.
        (alarm,) = event.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY"
        assert alarm.decoded("TRIGGER") == timedelta(days=-3)
    for key in ("PRODID", "VERSION", "CALSCALE", "X-WR-CALNAME"):
        assert key in calendar
    assert str(calendar["VERSION"]) == "2.0"


def test_uids_are_stable_and_a_new_deadline_moves_the_event(
    sample_db: Path, tmp_path: Path, tracker: CliRunner
) -> None:
    first = events_by_uid(export_ics(tracker, tmp_path / "1.ics"))
    second = events_by_uid(export_ics(tracker, tmp_path / "2.ics"))
    assert first.keys() == second.keys()
    assert {uid: e.decoded("DTSTART") for uid, e in first.items()} == {
        uid: e.decoded("DTSTART") for uid, e in second.items()
    }
    # Extended, closed, deleted: the calendar imported again moves one event, drops two.
    tasks = {task["id"]: task for task in listed(tracker)}
    uid = {number: f"{task['uuid']}@coop-tracker" for number, task in tasks.items()}
    assert tracker("extend", "20", "--to", "30/9/2027", "--reason", "Chờ vốn").code == 0
    assert tracker("close", "21").code == 0
    assert tracker("delete", "22", "--reason", "Nhập trùng").code == 0
    third = events_by_uid(export_ics(tracker, tmp_path / "3.ics"))
    assert third.keys() == first.keys() - {uid[21], uid[22]}
    moved = third[uid[20]]
    assert moved.decoded("DTSTART") == date(2027, 9, 30)
    assert int(moved["SEQUENCE"]) > int(first[uid[20]]["SEQUENCE"])


def test_the_description_names_the_agencies_meeting_and_document_in_vietnamese(
    sample_db: Path, tmp_path: Path, tracker: CliRunner
) -> None:
    calendar = export_ics(tracker, tmp_path / "vi.ics", "--lang", "vi")
    task = next(task for task in listed(tracker) if task["id"] == 9)
    event = events_by_uid(calendar)[f"{task['uuid']}@coop-tracker"]
    summary = str(event["SUMMARY"])
    assert summary == f"#9 {task['title']}" and "Hà Nội – Thái Nguyên" in summary
    assert unicodedata.is_normalized("NFC", summary)
    description = str(event["DESCRIPTION"])
    assert "Thời hạn: 31/03/2020" in description
    assert "Cơ quan chủ trì: Sở Giao thông vận tải Thái Nguyên (TN-GTVT)" in description
    for code in task["partners"]:
        assert f"({code})" in description.split("Cơ quan phối hợp:")[1].splitlines()[0]
    assert "Hội nghị, cuộc họp: Hội nghị hợp tác phát triển" in description
    assert "(21/06/2019)" in description and "Văn bản giao: 215/TB-VP" in description
    assert str(calendar["X-WR-CALNAME"]) == "Thời hạn nhiệm vụ hợp tác"
    (alarm,) = event.walk("VALARM")
    assert str(alarm["DESCRIPTION"]) == f"Còn 3 ngày đến hạn: {summary}"


def test_english_words_and_the_reminder_days(
    sample_db: Path, tmp_path: Path, tracker: CliRunner
) -> None:
    calendar = export_ics(tracker, tmp_path / "en.ics", "--lang", "en", "--remind-days", "5")
    event = next(iter(calendar.walk("VEVENT")))
    assert "Lead agency: " in str(event["DESCRIPTION"])
    assert "Meeting: " in str(event["DESCRIPTION"])
    (alarm,) = event.walk("VALARM")
    assert alarm.decoded("TRIGGER") == timedelta(days=-5)
    assert str(alarm["DESCRIPTION"]).startswith("Due in 5 days: #")
    # 0 days: the reminder rings as the deadline's day begins.
    on_the_day = export_ics(tracker, tmp_path / "0.ics", "--remind-days", "0")
    for event in on_the_day.walk("VEVENT"):
        (alarm,) = event.walk("VALARM")
        assert alarm.decoded("TRIGGER") == timedelta(0)
        assert str(alarm["DESCRIPTION"]).startswith("Due today: #")


def test_stdout_and_refusals(sample_db: Path, tmp_path: Path, tracker: CliRunner) -> None:
    shown = tracker("export", "--format", "ics")
    assert shown.code == 0 and shown.stdout.startswith("BEGIN:VCALENDAR")
    assert len(Calendar.from_ical(shown.stdout).walk("VEVENT")) == 9
    before = sample_db.read_bytes()
    for args, code in (
        (["export", "--remind-days", "3"], 2),
        (["export", "--format", "ics", "--remind-days", "-1"], 2),
    ):
        refused = tracker(*args)
        assert refused.code == code and refused.stdout == ""
        assert len(refused.stderr.strip().splitlines()) == 1, refused.stderr
    assert sample_db.read_bytes() == before


def test_only_the_calendar_export_loads_icalendar(sample_db: Path) -> None:
    commands = [["export"], ["list"], ["report"]]
    assert modules_loaded(sample_db, commands, ["icalendar"]) == []
