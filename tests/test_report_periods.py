"""Period reports (`report --period`), the extensions section and the due-soon count."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tests.conftest import SAMPLE, run_tracker
from tracker.domain.model import Agency, DeadlineSet, Status, Task, TaskSummary
from tracker.domain.periods import parse_period
from tracker.reports.formats import TEXT_FORMATS
from tracker.reports.labels import labels_for
from tracker.reports.model import StatusReport, build_report
from tracker.reports.render import encode_report
from tracker.store.database import Database

GENERATED = datetime(2026, 9, 15, 8, 0, tzinfo=UTC)
Q3 = parse_period("2026-Q3")  # 15/06/2026 - 14/09/2026
AGENCIES = {
    "HN-KHDT": Agency("HN-KHDT", "Sở Kế hoạch và Đầu tư Hà Nội", "Sở KH&ĐT Hà Nội"),
    "TN-KHDT": Agency("TN-KHDT", "Sở Kế hoạch và Đầu tư Thái Nguyên", "Sở KH&ĐT Thái Nguyên"),
}


def task(number: int, **fields: object) -> Task:
    values: dict[str, object] = {
        "id": number,
        "uuid": f"0b7d0c1e-0000-4000-8000-{number:012d}",
        "title": f"Nhiệm vụ {number}",
        "lead": "HN-KHDT",
        "created": datetime(2026, 1, 10, 9, 0, tzinfo=UTC),
    }
    values.update(fields)
    return Task(**values)  # type: ignore[arg-type]


def extended(number: int, original: date, granted: date, to: date, **fields: object) -> Task:
    """A task due `original`, extended on `granted` to `to` (Công văn số `number`)."""
    deadlines = (
        DeadlineSet(set_on=date(2026, 1, 10), due=original),
        DeadlineSet(
            set_on=granted,
            due=to,
            extension=True,
            reason="Chờ ý kiến của UBND tỉnh",
            document=f"Công văn {number}/UBND-KT",
        ),
    )
    return task(number, due=to, deadlines=deadlines, **fields)


TASKS = [
    # Assigned in Q3, due in Q3 (its deadline in force on 14/09), closed on time in it.
    task(
        1,
        created=datetime(2026, 7, 1, 9, 0, tzinfo=UTC),
        due=date(2026, 8, 30),
        status=Status.DONE,
        closed_on=date(2026, 8, 20),
    ),
    # Assigned before, due in Q3, closed late in it.
    task(2, due=date(2026, 7, 1), status=Status.DONE, closed_on=date(2026, 7, 10)),
    # Due 30/06 and extended on 20/06 to 30/09: in time on 14/09, not due in Q3.
    extended(3, date(2026, 6, 30), date(2026, 6, 20), date(2026, 9, 30)),
    # Due 30/06, extended only on 10/07 to 31/08: still due in Q3, now overdue.
    extended(4, date(2026, 6, 30), date(2026, 7, 10), date(2026, 8, 31), lead="TN-KHDT"),
    # Extended after the period: nothing to do with Q3's extensions, not in the section.
    extended(5, date(2026, 10, 30), date(2026, 10, 1), date(2026, 12, 31)),
    # Cancelled in the period.
    task(6, due=date(2026, 12, 1), status=Status.CANCELLED, closed_on=date(2026, 9, 1)),
    # Due within a week of 14/09: due soon.
    task(7, due=date(2026, 9, 18)),
    # Recorded after the period: not in the report at all.
    task(8, created=datetime(2026, 9, 20, 9, 0, tzinfo=UTC), due=date(2026, 9, 25)),
]


def q3_report(tasks: list[Task] = TASKS, soon_days: int = 7) -> StatusReport:
    return build_report(
        tasks,
        Q3.end,
        GENERATED,
        agencies=AGENCIES,
        meetings={},
        agreements={},
        soon_days=soon_days,
        period=Q3,
    )


def test_what_happened_within_the_period() -> None:
    summary = q3_report().period
    assert summary is not None
    assert summary.period == Q3
    assert summary.assigned == 1
    assert summary.fell_due == 3  # #1, #2 and #4 (extended to 31/08); not #3 (30/09)
    assert (summary.done_on_time, summary.done_late, summary.cancelled) == (1, 1, 1)
    assert [(item.task.id, item.previous, item.granted.due) for item in summary.extensions] == [
        (3, date(2026, 6, 30), date(2026, 9, 30)),
        (4, date(2026, 6, 30), date(2026, 8, 31)),
    ]


def test_the_extensions_section_lists_tasks_extended_by_the_reporting_date() -> None:
    report = q3_report()
    rows = [(row.task.id, row.original, row.current) for row in report.extended]
    assert rows == [
        (3, date(2026, 6, 30), date(2026, 9, 30)),
        (4, date(2026, 6, 30), date(2026, 8, 31)),
    ]
    assert report.extended[1].latest.document == "Công văn 4/UBND-KT"


def test_a_task_never_extended_has_no_deadlines_and_is_not_listed() -> None:
    plain: TaskSummary = task(1, due=date(2026, 8, 1))
    assert plain.deadlines == ()
    assert q3_report([task(1, due=date(2026, 8, 1))]).extended == ()


def test_due_soon_is_counted_within_the_window_asked_for() -> None:
    assert [item.task.id for item in q3_report().due_soon] == [7]
    assert q3_report(soon_days=3).due_soon == ()
    assert [item.task.id for item in q3_report(soon_days=30).due_soon] == [7, 3]


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_every_format_names_the_period_and_the_extensions_in_both_languages(fmt: str) -> None:
    report = q3_report()
    vi = encode_report(report, fmt, "vi").decode()
    en = encode_report(report, fmt, "en").decode()
    if fmt == "json":
        assert json.loads(vi)["title"] == (
            "Báo cáo quý III năm 2026 (số liệu từ 15/06/2026 đến 14/09/2026)"
        )
        assert (
            json.loads(en)["title"] == "Report for Q3 2026 (figures from 15/06/2026 to 14/09/2026)"
        )
    else:
        title_vi = "Báo cáo quý III năm 2026 (số liệu từ 15/06/2026 đến 14/09/2026)"
        title_en = "Report for Q3 2026 (figures from 15/06/2026 to 14/09/2026)"
        if fmt == "text":
            title_vi, title_en = title_vi.upper(), title_en.upper()
        assert title_vi in vi and title_en in en
    for content in (vi, en):
        assert "Công văn 4/UBND-KT" in content and "Chờ ý kiến của UBND tỉnh" in content
    if fmt not in ("json", "csv"):
        assert labels_for("vi").original_deadline in vi
        assert labels_for("en").current_deadline in en
        assert "Sắp đến hạn trong 7 ngày" in vi and "Due within 7 days" in en


# --- The command line, on real files ----------------------------------------------------


@pytest.fixture
def extended_db(tmp_path: Path) -> Path:
    db = tmp_path / "tracker.json"
    with Database(db).writing() as session:
        for agency in AGENCIES.values():
            session.add_agency(agency)
        session.add_tasks(TASKS)
    return db


def test_cli_period_report_in_json(extended_db: Path) -> None:
    result = run_tracker(extended_db, "report", "--period", "quý III/2026", "--format", "json")
    assert result.code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["as_of"] == "2026-09-14"
    period = data["period"]
    assert {key: period[key] for key in ("kind", "code", "start", "end")} == {
        "kind": "quarter",
        "code": "2026-Q3",
        "start": "2026-06-15",
        "end": "2026-09-14",
    }
    assert period["label"] in ("Q3 2026", "quý III năm 2026")
    assert [item["id"] for item in period["extensions"]] == [3, 4]
    assert data["extensions"]["count"] == 2
    assert data["due_soon"]["count"] == 1


def test_cli_soon_widens_the_due_soon_window(extended_db: Path) -> None:
    result = run_tracker(
        extended_db, "report", "--as-of", "14/09/2026", "--soon", "30", "--format", "json"
    )
    assert result.code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["period"] is None
    assert (data["due_soon"]["days"], data["due_soon"]["count"]) == (30, 2)


@pytest.mark.parametrize(
    "args",
    [
        ("--period", "2026-Q5"),
        ("--period", "quý V/2026"),
        ("--period", "next quarter"),
        ("--period", "2026-Q3", "--as-of", "14/09/2026"),
        ("--soon", "-1"),
        ("--soon", "a week"),
    ],
)
def test_cli_refusals_are_one_line_exit_2_and_change_nothing(
    extended_db: Path, args: tuple[str, ...]
) -> None:
    before = extended_db.read_bytes()
    result = run_tracker(extended_db, "report", *args)
    assert result.code == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert extended_db.read_bytes() == before


def test_cli_period_refusal_names_the_forms(extended_db: Path) -> None:
    result = run_tracker(extended_db, "report", "--period", "2026-Q5")
    assert "2026-Q3" in result.stderr and "2026-H1" in result.stderr


def test_cli_period_report_on_the_sample_has_every_section(tmp_path: Path) -> None:
    db = tmp_path / "sample.json"
    assert run_tracker(db, "import", str(SAMPLE)).code == 0
    result = run_tracker(db, "--lang", "vi", "report", "--period", "2019-Q3")
    assert result.code == 0, result.stderr
    assert result.stdout.startswith(
        "BÁO CÁO QUÝ III NĂM 2019 (SỐ LIỆU TỪ 15/06/2019 ĐẾN 14/09/2019)"
    )
    for heading in ("Trong kỳ báo cáo", "Gia hạn trong kỳ báo cáo", "Nhiệm vụ được gia hạn"):
        assert heading in result.stdout
