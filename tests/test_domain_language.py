"""What the domain, service, store and interchange say, in the reader's language.

The words of statuses, standings, areas, history events, relative dates and refusals are
made when they are shown (tracker/i18n.py), so the same data reads in English or in
Vietnamese whichever language wrote it; and the catalog's Vietnamese of the vocabulary is
the vocabulary's own (tracker/domain/vocabulary.py).
"""

from __future__ import annotations

import ast
import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import msgspec
import pytest

from tests.conftest import ROOT, CliRunner, run_tracker
from tracker import i18n
from tracker.domain import history, vocabulary
from tracker.domain.dates import DeadlineError, describe_due, parse_deadline, weekday_name
from tracker.domain.errors import os_reason
from tracker.domain.history import describe
from tracker.domain.model import AREAS, STATUS_LABELS, ChangeStamp, HistoryEvent, Status
from tracker.domain.standing import BUCKET_LABELS, STANDING_LABELS, DeadlineBucket, Standing

ICT = timezone(timedelta(hours=7))
AT = datetime(2026, 11, 27, 9, 30, tzinfo=ICT)
TODAY = date(2026, 11, 27)  # a Friday

# --- nothing is translated at import ---------------------------------------------------

# The modules of this layer: below the UI and the command line.
LAYER = [
    *sorted((ROOT / "tracker" / "domain").glob("*.py")),
    *sorted((ROOT / "tracker" / "store").glob("*.py")),
    ROOT / "tracker" / "service.py",
    *sorted((ROOT / "tracker" / "interchange").glob("*.py")),
    ROOT / "tracker" / "clock.py",
    ROOT / "tracker" / "reports" / "render.py",
]
TRANSLATING = {"_", "ngettext"}


def translated_at_import(tree: ast.Module) -> list[int]:
    """Lines where `_()` or `ngettext()` runs when the module (or a class body) is executed:
    outside every function, so in the language of import time, never the reader's."""
    found: list[int] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            # A default argument is evaluated at import, the body when called.
            for default in [*node.args.defaults, *node.args.kw_defaults]:
                if default is not None:
                    visit(default)
            if not isinstance(node, ast.Lambda):
                for decorator in node.decorator_list:
                    visit(decorator)
            return
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in TRANSLATING
        ):
            found.append(node.lineno)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


@pytest.mark.parametrize("path", LAYER, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_message_is_translated_at_import(path: Path) -> None:
    lines = translated_at_import(ast.parse(path.read_text(encoding="utf-8")))
    assert not lines, f"{path.name}: _() at import on lines {lines}; mark it N_() instead"


def test_the_import_check_sees_module_and_class_level_calls() -> None:
    source = (
        "X = _('a')\n"
        "class C:\n    y = ngettext('a', 'b', 2)\n"
        "def f(z=_('c')):\n    return _('inside')\n"
    )
    assert translated_at_import(ast.parse(source)) == [1, 3, 4]


# --- the vocabulary --------------------------------------------------------------------


def test_each_vocabulary_word_is_translated_by_its_own_vietnamese() -> None:
    catalog = i18n.catalog("vi")
    drifted = [
        (term.en, catalog.gettext(term.en), term.vi)
        for table in (
            vocabulary.STATUSES,
            vocabulary.STANDINGS,
            vocabulary.STANDING_COLUMNS,
            vocabulary.AREAS,
        )
        for term in table.values()
        if catalog.gettext(term.en) != term.vi
    ]
    assert not drifted, f"the catalog and tracker/domain/vocabulary.py disagree: {drifted}"


def test_labels_follow_the_language_chosen_after_import() -> None:
    assert (Status.DONE.label, AREAS["trade"]) == ("done", "trade")
    assert Standing.OPEN_OVERDUE.label == "overdue"
    i18n.use("vi")
    assert Status.DONE.label == "hoàn thành"
    assert STATUS_LABELS[Status.IN_PROGRESS] == "đang thực hiện"
    assert Standing.OPEN_IN_TIME.label == "đang thực hiện trong hạn"
    assert STANDING_LABELS[Standing.DONE_LATE] == "hoàn thành quá hạn"
    assert (
        DeadlineBucket.NO_DEADLINE.label
        == BUCKET_LABELS[DeadlineBucket.NO_DEADLINE]
        == "không có thời hạn"
    )
    assert AREAS["tourism"] == "du lịch"
    assert AREAS.get("giao thông", "giao thông") == "giao thông"  # an area of the user's own
    assert dict(AREAS.items())["trade"] == "thương mại"
    assert "thương mại" in AREAS.values()
    i18n.use("en")
    assert Status.DONE.label == "done"
    assert AREAS["tourism"] == "tourism"


# --- history ---------------------------------------------------------------------------

EVENTS = [
    (
        history.changed("due", date(2027, 6, 30), date(2027, 9, 30), ChangeStamp(at=AT)),
        "deadline changed from 30/06/2027 to 30/09/2027",
        "đổi thời hạn từ 30/06/2027 sang 30/09/2027",
    ),
    (history.created(ChangeStamp(at=AT)), "task created", "tạo nhiệm vụ"),
    (
        history.closed(Status.OPEN, date(2026, 11, 20), "Đã ký 3 văn bản", ChangeStamp(at=AT)),
        "closed: Đã ký 3 văn bản",
        "hoàn thành, kết quả: Đã ký 3 văn bản",
    ),
    (
        history.reopened(Status.DONE, "Cần bổ sung", ChangeStamp(at=AT)),
        "reopened (was done): Cần bổ sung",
        "mở lại (trước đó: hoàn thành), lý do: Cần bổ sung",
    ),
    (
        history.status_changed(Status.OPEN, Status.BLOCKED, ChangeStamp(at=AT)),
        "status changed from open to blocked",
        "đổi trạng thái từ chưa thực hiện sang vướng mắc",
    ),
    (
        history.changed("area", None, "trade", ChangeStamp(at=AT)),
        "area set to trade",
        "đặt lĩnh vực: thương mại",
    ),
    (
        history.changed("partners", ("TN-CT",), (), ChangeStamp(at=AT)),
        "partners removed (were TN-CT)",
        "bỏ cơ quan phối hợp (trước đó: TN-CT)",
    ),
    (
        history.changed("closed_on", date(2026, 11, 2), date(2026, 11, 3), ChangeStamp(at=AT)),
        "closing date changed from 02/11/2026 to 03/11/2026",
        "đổi ngày kết thúc từ 02/11/2026 sang 03/11/2026",
    ),
    (
        history.deleted(TODAY, "Nhập trùng", ChangeStamp(at=AT)),
        "deleted: Nhập trùng",
        "xóa nhiệm vụ, lý do: Nhập trùng",
    ),
    # What a user typed is shown as typed, in any language.
    (history.note("Đã họp hai bên", ChangeStamp(at=AT)), "Đã họp hai bên", "Đã họp hai bên"),
    (history.note("Met both sides", ChangeStamp(at=AT)), "Met both sides", "Met both sides"),
]


@pytest.mark.parametrize(("event", "english", "vietnamese"), EVENTS)
@pytest.mark.parametrize("written_in", ["en", "vi"])
def test_history_reads_in_the_readers_language_whatever_wrote_it(
    event: HistoryEvent, english: str, vietnamese: str, written_in: str
) -> None:
    # An event is stored as data, without words: made under either language, it reads
    # back as the same record.
    i18n.use(written_in)
    again = msgspec.json.decode(msgspec.json.encode(event), type=HistoryEvent)
    i18n.use("vi")
    assert describe(again) == vietnamese
    i18n.use("en")
    assert describe(again) == english


# --- dates -----------------------------------------------------------------------------

RELATIVE = [
    (TODAY, "today", "hôm nay"),
    (date(2026, 11, 28), "tomorrow", "ngày mai"),
    (date(2026, 11, 30), "in 3 days", "còn 3 ngày"),
    (date(2026, 11, 26), "1 day overdue", "quá hạn 1 ngày"),
    (date(2026, 11, 22), "5 days overdue", "quá hạn 5 ngày"),
]


@pytest.mark.parametrize(("due", "english", "vietnamese"), RELATIVE)
def test_relative_dates_in_both_languages(due: date, english: str, vietnamese: str) -> None:
    assert describe_due(due, TODAY) == english
    i18n.use("vi")
    assert describe_due(due, TODAY) == vietnamese


def test_weekdays_in_both_languages() -> None:
    week = [date(2026, 11, 23) + timedelta(days=offset) for offset in range(7)]
    assert [weekday_name(day) for day in week] == [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ]
    i18n.use("vi")
    assert [weekday_name(day) for day in week] == [
        "Thứ Hai",
        "Thứ Ba",
        "Thứ Tư",
        "Thứ Năm",
        "Thứ Sáu",
        "Thứ Bảy",
        "Chủ Nhật",
    ]


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("tomorrow", date(2026, 11, 28)),
        ("ngày mai", date(2026, 11, 28)),
        ("friday", date(2026, 12, 4)),
        ("thứ sáu", date(2026, 12, 4)),
        ("cuối tháng", date(2026, 11, 30)),
        ("30/6", date(2027, 6, 30)),
    ],
)
def test_deadlines_read_in_both_languages_whatever_the_interface(
    lang: str, typed: str, day: date
) -> None:
    i18n.use(lang)
    assert parse_deadline(typed, TODAY) == day


@pytest.mark.parametrize(
    ("typed", "english", "vietnamese"),
    [
        (
            "31/2/2027",
            '"31/2/2027" is not a date: February 2027 has 28 days',
            '"31/2/2027" không phải là ngày hợp lệ: tháng 2 năm 2027 chỉ có 28 ngày',
        ),
        (
            "đầu quý",
            '"đầu quý" names no single day; write one, such as 30/6/2027',
            '"đầu quý" không chỉ một ngày cụ thể; hãy ghi một ngày, ví dụ 30/6/2027',
        ),
        ("someday", 'cannot read "someday" as a date', 'không hiểu "someday" là ngày nào'),
        ("30/9/19", "write the year in full", "hãy ghi năm đủ bốn chữ số"),
    ],
)
def test_deadline_refusals_in_both_languages(typed: str, english: str, vietnamese: str) -> None:
    with pytest.raises(DeadlineError) as refused:
        parse_deadline(typed, TODAY)
    assert english in str(refused.value)
    i18n.use("vi")
    with pytest.raises(DeadlineError) as refused:
        parse_deadline(typed, TODAY)
    assert vietnamese in str(refused.value)


def test_the_systems_reasons_for_file_errors_are_translated() -> None:
    missing = FileNotFoundError(2, "No such file or directory")
    assert os_reason(missing) == "No such file or directory"
    i18n.use("vi")
    assert os_reason(missing) == "không có tệp hoặc thư mục này"
    # A reason the catalog does not know is the system's own.
    assert os_reason(OSError(999, "Strange failure")) == "Strange failure"


# --- through the command line, as a Vietnamese user reads it ---------------------------


@pytest.fixture
def vietnamese(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every `tracker` process the test runs speaks Vietnamese."""
    monkeypatch.setenv("TRACKER_LANG", "vi")


def test_history_written_in_english_reads_in_vietnamese(
    sample_db: Path, tracker: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert tracker("update", "2", "--due", "30/06/2027").code == 0
    monkeypatch.setenv("TRACKER_LANG", "vi")
    assert tracker("update", "2", "--due", "30/09/2027").code == 0
    shown = tracker("show", "2")
    assert shown.code == 0, shown.stderr
    assert "đặt thời hạn 30/06/2027" in shown.stdout
    assert "đổi thời hạn từ 30/06/2027 sang 30/09/2027" in shown.stdout
    monkeypatch.setenv("TRACKER_LANG", "en")
    shown = tracker("show", "2")
    assert "deadline set to 30/06/2027" in shown.stdout
    assert "deadline changed from 30/06/2027 to 30/09/2027" in shown.stdout


@pytest.mark.usefixtures("vietnamese")
def test_a_service_refusal_in_vietnamese(sample_db: Path, tracker: CliRunner) -> None:
    before = sample_db.read_bytes()
    closed = tracker("close", "1")  # task 1 of the sample is done
    assert closed.code == 1
    assert "nhiệm vụ #1 đã ở trạng thái hoàn thành; hãy mở lại trước" in closed.stderr
    assert len(closed.stderr.splitlines()) == 1
    missing = tracker("reopen", "999")
    assert missing.code == 1
    assert "không có nhiệm vụ #999: xem `tracker list`" in missing.stderr
    frozen = tracker("update", "1", "--due", "30/09/2027")
    assert frozen.code == 1
    assert "không thể đổi thời hạn; hãy mở lại trước" in frozen.stderr
    assert sample_db.read_bytes() == before


@pytest.mark.usefixtures("vietnamese")
def test_a_store_error_in_vietnamese(db_path: Path, tracker: CliRunner) -> None:
    db_path.write_bytes(b"")
    result = tracker("list")
    assert result.code == 1
    assert f"{db_path} rỗng, không phải cơ sở dữ liệu tracker; hãy khôi phục từ" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert db_path.read_bytes() == b""
    nowhere = db_path.parent / "absent" / "tracker.json"
    result = run_tracker(nowhere, "agencies", "add", "HN-A", "Sở A")
    assert result.code == 1
    assert f"thư mục {nowhere.parent} không tồn tại" in result.stderr
    assert not nowhere.parent.exists()


@pytest.mark.usefixtures("vietnamese")
def test_import_refusals_in_vietnamese(sample_db: Path, tracker: CliRunner, tmp_path: Path) -> None:
    before = sample_db.read_bytes()
    newer = tmp_path / "newer.json"
    # Version 3 is read since issue 15: 4 is the newer one.
    newer.write_text(json.dumps({"format": "coop-tracker", "version": 4}), encoding="utf-8")
    result = tracker("import", str(newer))
    assert result.code == 2
    assert "không hỗ trợ tệp trao đổi phiên bản 4" in result.stderr
    bad_lead = tmp_path / "bad-lead.json"
    task = {"uuid": "u-1", "title": "Khảo sát", "lead": "XX-KHONG"}
    bad_lead.write_text(
        json.dumps({"format": "coop-tracker", "version": 2, "tasks": [task]}), encoding="utf-8"
    )
    result = tracker("import", str(bad_lead))
    assert result.code == 2
    assert "nhiệm vụ thứ 1 (u-1): không có cơ quan 'XX-KHONG'" in result.stderr
    assert sample_db.read_bytes() == before
