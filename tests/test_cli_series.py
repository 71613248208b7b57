"""Periodic duties on the command line, as a user runs them: real processes, real files and
a server."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import CliRunner
from tests.server import state_of

TODAY = date(2027, 1, 20)


@pytest.fixture
def agency_db(db: Path | str, store_tracker: CliRunner) -> Path | str:
    result = store_tracker("agencies", "add", "HN-KHDT", "Sở KH&ĐT Hà Nội")
    assert result.code == 0, result.stderr
    return db


def run(tracker: CliRunner, *args: str, code: int = 0, lang: str | None = None) -> str:
    extra = ("--lang", lang) if lang else ()
    result = tracker(*extra, *args, today=TODAY)
    assert result.code == code, result.stderr
    return result.stdout if code == 0 else result.stderr


def shown(tracker: CliRunner, task_id: int) -> dict[str, object]:
    return json.loads(run(tracker, "show", str(task_id), "--format", "json"))  # type: ignore[no-any-return]


def add_monthly(tracker: CliRunner, *extra: str) -> None:
    out = run(
        tracker,
        "add",
        "Báo cáo tháng",
        "--lead",
        "HN-KHDT",
        "--due",
        "31/1/2027",
        "--every",
        "month",
        *extra,
    )
    assert out.strip() == "1"


def test_a_month_end_series_stays_on_month_ends(
    agency_db: Path | str, store_tracker: CliRunner
) -> None:
    add_monthly(store_tracker)
    out = run(store_tracker, "close", "1")
    assert out.splitlines() == ["#1 closed on time", "Next occurrence of #1: #2, due 28/02/2027."]
    assert "Next occurrence of #2: #3, due 31/03/2027." in run(store_tracker, "close", "2")
    assert "Next occurrence of #3: #4, due 30/04/2027." in run(store_tracker, "close", "3")
    four = shown(store_tracker, 4)
    assert four["due"] == "2027-04-30"
    assert (four["every"], four["previous"], four["next"]) == ("month", 3, None)
    series = four["series"]
    assert isinstance(series, list)
    assert [member["id"] for member in series] == [1, 2, 3, 4]
    text = run(store_tracker, "show", "4")
    assert "Repeats    every month" in text
    assert "task created: the next occurrence of #3" in text
    assert "previous occurrence: #3" in text
    # The copy keeps what the duty is, and starts its own history.
    three = shown(store_tracker, 3)
    assert (four["title"], four["lead"]) == (three["title"], three["lead"])
    assert len(four["history"]) == 1  # type: ignore[arg-type]


def test_until_ends_the_series(agency_db: Path | str, store_tracker: CliRunner) -> None:
    add_monthly(store_tracker, "--until", "28/2/2027")
    assert "#2, due 28/02/2027" in run(store_tracker, "close", "1")
    out = run(store_tracker, "close", "2")
    assert out.splitlines() == ["#2 closed on time"]
    assert "Repeats    every month, until 28/02/2027" in run(store_tracker, "show", "2")
    assert len(json.loads(run(store_tracker, "list", "--format", "json"))) == 2


def test_closing_several_occurrences_of_several_series(
    agency_db: Path | str, store_tracker: CliRunner
) -> None:
    add_monthly(store_tracker)
    run(
        store_tracker,
        "add",
        "Báo cáo quý",
        "--lead",
        "HN-KHDT",
        "--due",
        "30/11/2026",
        "--every",
        "quý",
    )
    run(store_tracker, "add", "Một lần", "--lead", "HN-KHDT", "--due", "30/11/2026")
    out = run(store_tracker, "close", "1", "2", "3")
    assert "Next occurrence of #1: #4, due 28/02/2027." in out
    assert "Next occurrence of #2: #5, due 28/02/2027." in out
    assert "Next occurrence of #3" not in out
    assert shown(store_tracker, 5)["previous"] == 2


def test_cancelling_an_occurrence_records_the_next(
    agency_db: Path | str, store_tracker: CliRunner
) -> None:
    add_monthly(store_tracker)
    out = run(store_tracker, "update", "1", "--status", "cancelled")
    assert "Next occurrence of #1: #2, due 28/02/2027." in out
    assert shown(store_tracker, 1)["standing"] == "cancelled"


def test_a_stopped_series_records_no_next(agency_db: Path | str, store_tracker: CliRunner) -> None:
    add_monthly(store_tracker)
    run(store_tracker, "close", "1")
    # Any occurrence names the series; the open one is stopped.
    assert run(store_tracker, "stop-repeating", "1", "--reason", "Hết hiệu lực").strip() == (
        "#2 repeats no more"
    )
    text = run(store_tracker, "show", "2")
    assert "stopped repeating (was every month)" in text
    assert "Hết hiệu lực" in text
    assert run(store_tracker, "close", "2").splitlines() == ["#2 closed on time"]
    assert shown(store_tracker, 2)["next"] is None


def test_reopening_withdraws_an_untouched_next_occurrence(
    agency_db: Path | str, store_tracker: CliRunner
) -> None:
    add_monthly(store_tracker)
    run(store_tracker, "close", "1")
    out = run(store_tracker, "reopen", "1")
    assert "#2, not yet worked on, was withdrawn" in out
    listed = json.loads(run(store_tracker, "list", "--format", "json"))
    assert [(task["id"], task["status"]) for task in listed] == [(1, "open")]
    assert "withdrawn: #1, the occurrence before it, was reopened" in run(
        store_tracker, "show", "2"
    )
    # Restoring it would make two open occurrences: refused, nothing written.
    before = state_of(agency_db)
    message = run(store_tracker, "restore", "2", code=1)
    assert "#1" in message and len(message.strip().splitlines()) == 1
    assert state_of(agency_db) == before
    # Closing again records the next occurrence anew, on the same day.
    assert "#3, due 28/02/2027" in run(store_tracker, "close", "1")


def test_reopening_is_refused_when_the_next_occurrence_was_worked_on(
    agency_db: Path | str, store_tracker: CliRunner
) -> None:
    add_monthly(store_tracker)
    run(store_tracker, "close", "1")
    run(store_tracker, "update", "2", "--note", "Đã gửi dự thảo")
    before = state_of(agency_db)
    message = run(store_tracker, "reopen", "1", code=1)
    assert "#2" in message and len(message.strip().splitlines()) == 1
    assert state_of(agency_db) == before


@pytest.mark.parametrize(
    ("args", "code", "mentions"),
    [
        (["add", "X", "--lead", "HN-KHDT", "--every", "month"], 2, "deadline"),
        (
            [
                "add",
                "X",
                "--lead",
                "HN-KHDT",
                "--due",
                "31/1/2027",
                "--every",
                "month",
                "--until",
                "1/1/2027",
            ],
            2,
            "01/01/2027",
        ),
        (
            ["add", "X", "--lead", "HN-KHDT", "--due", "31/1/2027", "--until", "1/1/2028"],
            2,
            "until",
        ),
        (
            ["add", "X", "--lead", "HN-KHDT", "--due", "31/1/2027", "--every", "fortnight"],
            2,
            "fortnight",
        ),
        (
            [
                "add",
                "X",
                "--lead",
                "HN-KHDT",
                "--due",
                "31/1/2027",
                "--every",
                "month",
                "--until",
                "mai mốt",
            ],
            2,
            "--until",
        ),
        (["stop-repeating", "1"], 1, "#1"),
        (["stop-repeating", "99"], 1, "#99"),
    ],
    ids=lambda v: str(v),
)
def test_refusals_are_one_line_and_change_nothing(
    agency_db: Path | str, store_tracker: CliRunner, args: list[str], code: int, mentions: str
) -> None:
    run(store_tracker, "add", "Một lần", "--lead", "HN-KHDT")
    before = state_of(agency_db)
    message = run(store_tracker, *args, code=code)
    lines = message.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tracker: error:"), message
    assert mentions in lines[0]
    assert state_of(agency_db) == before


def test_stopping_twice_is_refused(agency_db: Path | str, store_tracker: CliRunner) -> None:
    add_monthly(store_tracker)
    run(store_tracker, "stop-repeating", "1")
    before = state_of(agency_db)
    assert "already stopped" in run(store_tracker, "stop-repeating", "1", code=1)
    assert state_of(agency_db) == before


def test_a_repeating_occurrence_keeps_its_deadline_until_its_series_is_stopped(
    agency_db: Path | str, store_tracker: CliRunner
) -> None:
    add_monthly(store_tracker)
    before = state_of(agency_db)
    message = run(store_tracker, "update", "1", "--no-due", code=1)
    assert message.strip().splitlines() == [
        "tracker: error: task #1 repeats every month and needs a deadline: end its series "
        "first (tracker stop-repeating 1)"
    ]
    assert state_of(agency_db) == before
    # Moving it is fine; once the series is stopped, it may have none.
    run(store_tracker, "update", "1", "--due", "28/2/2027")
    run(store_tracker, "stop-repeating", "1")
    run(store_tracker, "update", "1", "--no-due")
    assert shown(store_tracker, 1)["due"] is None


def test_periodic_duties_speak_vietnamese(agency_db: Path | str, store_tracker: CliRunner) -> None:
    run(
        store_tracker,
        "add",
        "Báo cáo quý",
        "--lead",
        "HN-KHDT",
        "--due",
        "31/3/2027",
        "--every",
        "quarter",
        "--until",
        "31/12/2027",
    )
    out = run(store_tracker, "close", "1", lang="vi")
    assert "#2" in out and "30/06/2027" in out and "Next" not in out
    text = run(store_tracker, "show", "2", lang="vi")
    assert "hằng quý, đến hết ngày 31/12/2027" in text
    assert "Lặp lại" in text


def test_a_report_counts_each_occurrence_as_a_task(
    agency_db: Path | str, store_tracker: CliRunner
) -> None:
    def on(day: date, *args: str) -> None:
        result = store_tracker(*args, today=day)
        assert result.code == 0, result.stderr

    on(
        date(2026, 11, 1),
        "add",
        "Báo cáo tháng",
        "--lead",
        "HN-KHDT",
        "--due",
        "15/11/2026",
        "--every",
        "month",
    )
    on(date(2026, 11, 10), "close", "1")  # on time
    on(date(2026, 12, 20), "close", "2")  # late: due 15/12
    # #3, due 15/01/2027, is open and overdue on 20/01; #4 is not recorded yet.
    report = json.loads(run(store_tracker, "report", "--format", "json"))
    totals = report["totals"]
    assert (totals["done_on_time"], totals["done_late"], totals["open_overdue"]) == (1, 1, 1)
