"""Checks on sample_data/hanoi-thainguyen-2019.json using only json and the standard library.

The domain package is deliberately not imported: the sample must stand on its own as an
example of the interchange format (see DESIGN.md, "CONTRACT: interchange format").
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
import unicodedata
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data" / "hanoi-thainguyen-2019.json"
TODAY = dt.date(2026, 11, 27)
EARLY = dt.date(2019, 10, 1)
SOURCE_MEETING = "2019-06-21-hn-tn"
FOLLOW_UP_MEETING = "2026-10-15-hn-tn"

REQUIRED_AGENCIES = {
    "HN-TU",
    "HN-HDND",
    "HN-UBND",
    "HN-KHDT",
    "HN-BTG",
    "HN-DBQH",
    "TN-TU",
    "TN-HDND",
    "TN-UBND",
    "TN-KHDT",
    "TN-BTC",
    "TN-BNC",
    "TN-BTG",
    "TN-BDV",
    "TN-MTTQ",
    "TN-CA",
}
AREAS = {
    "agriculture",
    "food_safety",
    "infrastructure",
    "transport",
    "investment",
    "tourism",
    "trade",
    "legislature",
    "party_building",
    "welfare",
    "urban",
    "coordination",
}
STATUSES = {"open", "in_progress", "blocked", "done", "cancelled"}
CLOSED_STATUSES = {"done", "cancelled"}
LOCALITIES = {"Hà Nội", "Thái Nguyên"}
CODE_RE = re.compile(r"[A-Z0-9]+(?:-[A-Z0-9]+)*")
DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
TASK_KEYS = {
    "uuid",
    "title",
    "description",
    "lead",
    "partners",
    "meeting",
    "area",
    "due",
    "status",
    "closed_on",
    "outcome",
    "history",
    "created",
}
# Keys a task has only when they say something (issue 15): where it came from, what it is
# part of, and a periodic duty's cadence and previous occurrence.
OPTIONAL_TASK_KEYS = {"document", "directed_by", "parent", "every", "until", "previous"}


def _load() -> dict[str, Any]:
    raw = SAMPLE.read_bytes()
    data: dict[str, Any] = json.loads(raw.decode("utf-8"))
    return data


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    return _load()


@pytest.fixture(scope="module")
def tasks(data: dict[str, Any]) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = data["tasks"]
    return result


def _date(value: str) -> dt.date:
    assert DATE_RE.fullmatch(value), value
    return dt.date.fromisoformat(value)


def _opt_date(value: str | None) -> dt.date | None:
    return None if value is None else _date(value)


def standing(task: dict[str, Any], as_of: dt.date) -> str:
    """The reporting convention of DOMAIN.md, restated locally for the sample."""
    due = _opt_date(task["due"])
    closed_on = _opt_date(task["closed_on"])
    if task["status"] in CLOSED_STATUSES and closed_on is not None and closed_on <= as_of:
        if task["status"] == "cancelled":
            return "cancelled"
        return "done_on_time" if due is None or closed_on <= due else "done_late"
    return "open_in_time" if due is None or due >= as_of else "open_overdue"


def _strings(value: Any, path: str = "$") -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            assert isinstance(key, str)
            yield f"{path}.{key}", key
            yield from _strings(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}[{index}]")


def test_file_is_pretty_printed_utf8_without_escapes() -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    assert "\\u" not in text, "write with ensure_ascii=False"
    assert text == json.dumps(_load(), ensure_ascii=False, indent=2) + "\n"


def test_format_and_version(data: dict[str, Any]) -> None:
    assert data["format"] == "coop-tracker"
    assert data["version"] == 1
    assert isinstance(data["note"], str)
    assert "minh họa" in data["note"]
    for key in ("agencies", "agreements", "meetings", "tasks"):
        assert isinstance(data[key], list)


def test_agencies(data: dict[str, Any]) -> None:
    agencies: list[dict[str, Any]] = data["agencies"]
    codes = [agency["code"] for agency in agencies]
    assert len(codes) == len(set(codes)), "agency codes must be unique"
    assert set(codes) >= REQUIRED_AGENCIES
    for agency in agencies:
        assert CODE_RE.fullmatch(agency["code"]), agency["code"]
        assert agency["name"] and agency["short"]
        assert agency["locality"] in LOCALITIES
        assert agency["code"].startswith("HN-" if agency["locality"] == "Hà Nội" else "TN-")
        assert agency.get("illustrative", False) in (True, False)
    by_code = {agency["code"]: agency for agency in agencies}
    assert by_code["HN-KHDT"]["name"] == "Sở Kế hoạch và Đầu tư Hà Nội"
    assert by_code["HN-KHDT"]["short"] == "Sở KH&ĐT Hà Nội"
    assert by_code["TN-KHDT"]["name"] == "Sở Kế hoạch và Đầu tư Thái Nguyên"
    assert by_code["TN-KHDT"]["short"] == "Sở KH&ĐT Thái Nguyên"
    for code in REQUIRED_AGENCIES:
        assert not by_code[code].get("illustrative", False), code


def test_agreements_and_meetings(data: dict[str, Any]) -> None:
    agreements = {agreement["code"]: agreement for agreement in data["agreements"]}
    assert set(agreements) == {"HN-TN"}
    assert agreements["HN-TN"]["parties"] == ["Hà Nội", "Thái Nguyên"]
    meetings = {meeting["id"]: meeting for meeting in data["meetings"]}
    assert len(meetings) == len(data["meetings"])
    assert set(meetings) >= {SOURCE_MEETING, FOLLOW_UP_MEETING}
    for meeting in meetings.values():
        assert meeting["agreement"] in agreements
        assert meeting["id"].startswith(meeting["date"])
        _date(meeting["date"])
        assert isinstance(meeting["chairs"], list) and meeting["chairs"]
    source = meetings[SOURCE_MEETING]
    assert source["date"] == "2019-06-21"
    assert source["chairs"] == ["Nguyễn Thị Bích Ngọc", "Bùi Xuân Hòa"]
    assert "Thái Nguyên" in source["place"]
    follow_up = meetings[FOLLOW_UP_MEETING]
    assert follow_up["date"] == "2026-10-15"
    assert "minh họa" in follow_up["title"].casefold()


def test_task_references(data: dict[str, Any], tasks: list[dict[str, Any]]) -> None:
    agencies = {agency["code"] for agency in data["agencies"]}
    meetings = {meeting["id"]: meeting for meeting in data["meetings"]}
    for task in tasks:
        assert TASK_KEYS <= set(task) <= TASK_KEYS | OPTIONAL_TASK_KEYS, task["uuid"]
        assert task["lead"] in agencies, task["uuid"]
        assert isinstance(task["partners"], list)
        assert all(partner in agencies for partner in task["partners"]), task["uuid"]
        assert task["lead"] not in task["partners"], task["uuid"]
        assert len(set(task["partners"])) == len(task["partners"]), task["uuid"]
        assert task["meeting"] in meetings, task["uuid"]
        if "every" not in task:  # a periodic duty's occurrences come one after another
            assert task["created"] == meetings[task["meeting"]]["date"], task["uuid"]
    mixed = [
        task
        for task in tasks
        if {code[:2] for code in [task["lead"], *task["partners"]]} == {"HN", "TN"}
    ]
    assert len(mixed) >= len(tasks) // 2, "most tasks should involve both sides"


def test_uuids_unique_and_valid(tasks: list[dict[str, Any]]) -> None:
    uuids = [task["uuid"] for task in tasks]
    assert len(uuids) == len(set(uuids))
    for value in uuids:
        parsed = uuid.UUID(value)
        assert str(parsed) == value, "lower-case canonical form"
        assert parsed.version == 4


def test_enough_tasks_and_every_area(tasks: list[dict[str, Any]]) -> None:
    assert len(tasks) >= 15
    areas = {task["area"] for task in tasks}
    assert areas <= AREAS
    assert areas == AREAS, f"missing areas: {sorted(AREAS - areas)}"


def test_statuses_and_closing_fields(tasks: list[dict[str, Any]]) -> None:
    assert {task["status"] for task in tasks} == STATUSES
    for task in tasks:
        closed_on = _opt_date(task["closed_on"])
        _opt_date(task["due"])
        if task["status"] in CLOSED_STATUSES:
            assert closed_on is not None, task["uuid"]
            assert _date(task["created"]) <= closed_on <= TODAY, task["uuid"]
        else:
            assert closed_on is None, task["uuid"]
            assert task["outcome"] is None, task["uuid"]
        if task["status"] == "done":
            assert isinstance(task["outcome"], str) and task["outcome"], task["uuid"]
    assert any(task["due"] is None for task in tasks)


def test_source_topics_have_tasks(tasks: list[dict[str, Any]]) -> None:
    titles = [task["title"] for task in tasks]
    assert any("chè" in title and "Thái Nguyên" in title for title in titles)
    assert any("Đồng Xuân" in title for title in titles)
    text = " ".join(f"{task['title']} {task['description']}" for task in tasks)
    for phrase in (
        "Aeon",
        "Fivimart",
        "bột trà xanh",
        "miến dong",
        "Úc Kỳ",
        "Phú Gia",
        "Phú Bình",
        "Bờ Đậu",
        "30–40%",
        "3 tỷ đồng",
        "đô thị vệ tinh",
    ):
        assert phrase in text, phrase
    concrete = [
        task
        for task in tasks
        if task["area"] == "coordination"
        and task["lead"] == "HN-KHDT"
        and "TN-KHDT" in task["partners"]
    ]
    assert any("cụ thể" in task["title"] for task in concrete)
    assert any("báo cáo" in task["title"].casefold() for task in concrete)


def test_standings_as_of_2019_10_01(tasks: list[dict[str, Any]]) -> None:
    counts = Counter(standing(task, EARLY) for task in tasks)
    for name in ("done_on_time", "done_late", "open_in_time", "open_overdue", "cancelled"):
        assert counts[name] >= 1, (name, counts)


def test_standings_today_still_mixed(tasks: list[dict[str, Any]]) -> None:
    counts = Counter(standing(task, TODAY) for task in tasks)
    assert counts["open_in_time"] >= 1 and counts["open_overdue"] >= 1, counts
    assert counts["done_on_time"] >= 1 and counts["done_late"] >= 1, counts
    due_2027 = [
        task
        for task in tasks
        if task["status"] not in CLOSED_STATUSES
        and task["due"] is not None
        and task["due"].startswith("2027-")
    ]
    assert due_2027
    assert all(task["meeting"] == FOLLOW_UP_MEETING for task in due_2027)


def test_standing_helper_examples() -> None:
    base: dict[str, Any] = {"due": "2019-08-31", "status": "done", "closed_on": "2019-09-20"}
    assert standing(base, EARLY) == "done_late"
    assert standing(base, dt.date(2019, 9, 1)) == "open_overdue"
    assert standing({**base, "due": None}, EARLY) == "done_on_time"
    assert standing({**base, "status": "cancelled"}, EARLY) == "cancelled"
    assert standing({**base, "status": "open", "closed_on": None}, EARLY) == "open_overdue"
    assert standing({"due": None, "status": "blocked", "closed_on": None}, EARLY) == "open_in_time"


def test_history_chronological_and_not_in_future(tasks: list[dict[str, Any]]) -> None:
    for task in tasks:
        history: list[dict[str, Any]] = task["history"]
        assert history, task["uuid"]
        dates = [_date(entry["on"]) for entry in history]
        assert dates == sorted(dates), task["uuid"]
        assert dates[0] >= _date(task["created"]), task["uuid"]
        assert dates[-1] <= TODAY, task["uuid"]
        for entry in history:
            # A note, or an extension (gia hạn) with its deadlines and the granting document.
            keys = {"on", "text"}
            if entry.get("kind") == "extension":
                keys |= {"kind", "from", "to", "document"}
            assert set(entry) == keys and entry["text"], task["uuid"]
        if task["closed_on"] is not None:
            assert dates[-1] == _date(task["closed_on"]), task["uuid"]


def test_text_is_clean_and_nfc(data: dict[str, Any], tasks: list[dict[str, Any]]) -> None:
    for path, text in _strings(data):
        assert text == text.strip(), path
        assert unicodedata.normalize("NFC", text) == text, path
        assert "\r" not in text and "\t" not in text, path
    for task in tasks:
        assert task["title"] and "\n" not in task["title"], task["uuid"]
    for meeting in data["meetings"]:
        assert "\n" not in meeting["title"], meeting["id"]


def test_the_conference_conclusion_assigned_its_tasks(
    data: dict[str, Any], tasks: list[dict[str, Any]]
) -> None:
    source = next(m for m in data["meetings"] if m["id"] == SOURCE_MEETING)
    assert source["document"] == "215/TB-VP"
    assert all(
        task["document"] == source["document"]
        for task in tasks
        if task["meeting"] == SOURCE_MEETING
    )
    assert "215/TB-VP" in data["note"], "the number is illustrative and says so"


def test_make_concrete_has_three_subtasks_closed_by_its_close(tasks: list[dict[str, Any]]) -> None:
    by_uuid = {task["uuid"]: task for task in tasks}
    parent = next(task for task in tasks if task["title"].startswith("Cụ thể hóa hợp tác"))
    children = [task for task in tasks if task.get("parent") == parent["uuid"]]
    assert len(children) == 3
    for child in children:
        assert child["status"] == "done" and child["closed_on"] <= parent["closed_on"]
    assert all(task["parent"] in by_uuid for task in tasks if "parent" in task)


def test_quarterly_reporting_duty(tasks: list[dict[str, Any]]) -> None:
    series = [task for task in tasks if task.get("every") == "quarter"]
    by_uuid = {task["uuid"]: task for task in series}
    (first,) = [task for task in series if "previous" not in task]
    chain = [first]
    while following := [task for task in series if task.get("previous") == chain[-1]["uuid"]]:
        (step,) = following
        chain.append(step)
    assert len(chain) == len(series) == len(by_uuid) >= 3
    standings = [standing(task, TODAY) for task in chain]
    assert standings[:2] == ["done_on_time", "done_late"]
    assert standings[-1] == "open_in_time", "the current occurrence is open"
    for before, after in itertools.pairwise(chain):
        assert after["created"] == before["closed_on"], "a close records the next one"
        due, next_due = _date(before["due"]), _date(after["due"])
        months = (next_due.year - due.year) * 12 + next_due.month - due.month
        assert months == 3 and next_due.day == due.day
