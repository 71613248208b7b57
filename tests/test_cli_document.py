"""The assigning document and directing leader on the command line (issue 15, item 1), the
meeting's conclusion document, `meetings update` and `agencies update`: real files, real
processes, and every refusal leaving the file byte for byte as it was."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from tests.conftest import CliRunner, run_tracker
from tests.server import state_of
from tests.stores import stored_documents

MEETING = "2019-06-21-hn-tn"


def add_with_document(tracker: CliRunner, *extra: str) -> int:
    result = tracker(
        "add",
        "Cụ thể hóa kết luận hội nghị",
        "--lead",
        "HN-KHDT",
        "--document",
        "88/TB-UBND",
        "--directed-by",
        "Nguyễn Thị Bích Ngọc",
        *extra,
    )
    assert result.code == 0, result.stderr
    return int(result.stdout)


def shown(tracker: CliRunner, task_id: int) -> dict[str, object]:
    result = tracker("show", str(task_id), "--format", "json")
    assert result.code == 0, result.stderr
    record: dict[str, object] = json.loads(result.stdout)
    return record


def refused(tracker: CliRunner, db: Path | str, code: int, *args: str) -> str:
    """Run a command that must be refused: its one stderr line; the store is untouched."""
    before = state_of(db)
    result = tracker(*args)
    assert result.code == code, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert state_of(db) == before
    return result.stderr


# --- add, update, show ---------------------------------------------------------------------


def test_add_records_the_document_and_who_directed_it_as_typed_lines(
    sample_store: Path | str, store_tracker: CliRunner
) -> None:
    # Decomposed letters and runs of spaces are stored as `add` stores every line.
    decomposed = "Nguye\u0302\u0303n Thi\u0323  Bi\u0301ch Ngo\u0323c"
    result = store_tracker("add", "Việc mới", "--lead", "HN-KHDT", "--directed-by", decomposed)
    assert result.code == 0, result.stderr
    record = shown(store_tracker, int(result.stdout))
    assert record["directed_by"] == "Nguyễn Thị Bích Ngọc"
    assert record["document"] == ""


def test_show_names_the_document_and_the_leader(
    sample_store: Path | str, store_tracker: CliRunner
) -> None:
    task_id = add_with_document(store_tracker)
    text = store_tracker("show", str(task_id)).stdout
    assert re.search(r"^Document +88/TB-UBND$", text, re.M)
    assert re.search(r"^Directed by +Nguyễn Thị Bích Ngọc$", text, re.M)
    record = shown(store_tracker, task_id)
    assert (record["document"], record["directed_by"]) == ("88/TB-UBND", "Nguyễn Thị Bích Ngọc")


def test_each_change_is_a_history_event_worded_in_the_readers_language(
    sample_store: Path | str, store_tracker: CliRunner
) -> None:
    task_id = add_with_document(store_tracker)
    assert store_tracker("update", str(task_id), "--document", "89/TB-UBND").code == 0
    assert store_tracker("update", str(task_id), "--no-directed-by").code == 0
    assert store_tracker("update", str(task_id), "--directed-by", "Trần Văn B").code == 0
    history = shown(store_tracker, task_id)["history"]
    assert isinstance(history, list)
    assert [(e["field"], e["old"], e["new"]) for e in history[1:]] == [
        ("document", "88/TB-UBND", "89/TB-UBND"),
        ("directed_by", "Nguyễn Thị Bích Ngọc", None),
        ("directed_by", None, "Trần Văn B"),
    ]
    english = store_tracker("show", str(task_id)).stdout
    assert "assigning document changed from 88/TB-UBND to 89/TB-UBND" in english
    assert "directed by removed (was Nguyễn Thị Bích Ngọc)" in english
    assert "directed by set to Trần Văn B" in english
    vietnamese = store_tracker("--lang", "vi", "show", str(task_id)).stdout
    assert "đổi văn bản giao nhiệm vụ từ 88/TB-UBND sang 89/TB-UBND" in vietnamese
    assert "bỏ người chỉ đạo (trước đó: Nguyễn Thị Bích Ngọc)" in vietnamese
    assert re.search(r"^Văn bản +89/TB-UBND$", vietnamese, re.M)


def test_no_document_removes_it(sample_store: Path | str, store_tracker: CliRunner) -> None:
    task_id = add_with_document(store_tracker)
    assert store_tracker("update", str(task_id), "--no-document").code == 0
    record = shown(store_tracker, task_id)
    assert record["document"] == ""
    assert "Document" not in store_tracker("show", str(task_id)).stdout
    stored = stored_documents(sample_store, "tasks")[str(task_id)]
    assert "document" not in stored  # stored only when set


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (("--document", "x", "--no-document"), 2, "--no-document"),
        (("--directed-by", "x", "--no-directed-by"), 2, "--no-directed-by"),
        (("--document", "88/TB-UBND"), 2, "nothing to change"),
        (("--document", "88/TB-UBND\x1b[2J"), 2, "assigning document"),
        (("--directed-by", "hai\ndòng"), 2, "directed"),
    ],
    ids=["both-document", "both-directed", "same-value", "control", "two-lines"],
)
def test_bad_updates_are_refused_and_change_nothing(
    sample_store: Path | str, store_tracker: CliRunner, args: tuple[str, ...], code: int, words: str
) -> None:
    task_id = add_with_document(store_tracker)
    assert words in refused(store_tracker, sample_store, code, "update", str(task_id), *args)


def test_add_refuses_a_document_of_two_lines(
    sample_store: Path | str, store_tracker: CliRunner
) -> None:
    args = ("add", "Việc mới", "--lead", "HN-KHDT", "--document", "215\n216")
    assert "assigning document" in refused(store_tracker, sample_store, 2, *args)


# --- list: the column, the filter, csv and json -----------------------------------------------


def test_list_filters_by_document_ignoring_case_and_diacritics(
    sample_store: Path | str, store_tracker: CliRunner
) -> None:
    first = add_with_document(store_tracker)
    result = store_tracker(
        "add", "Việc khác", "--lead", "HN-CT", "--document", "Thông báo kết luận 89/TB-UBND"
    )
    second = int(result.stdout)

    def ids(*args: str) -> list[int]:
        return [task["id"] for task in json.loads(store_tracker("list", *args).stdout)]

    assert ids("--document", "tb-ubnd", "--format", "json") == [first, second]
    assert ids("--document", "THONG BAO KET LUAN", "--format", "json") == [second]
    assert ids("--document", "88/", "--format", "json") == [first]
    # Combined with the other filters: every condition holds.
    assert ids("--document", "tb-ubnd", "--agency", "HN-CT", "--format", "json") == [second]
    assert ids("--document", "999", "--format", "json") == []


def test_the_table_shows_a_document_column_only_when_a_listed_task_has_one(
    sample_store: Path | str, store_tracker: CliRunner
) -> None:
    # The follow-up meeting's tasks come from no document (the sample's 2019 ones do).
    plain = store_tracker("list", "--meeting", "2026-10-15-hn-tn").stdout
    assert "document" not in plain.splitlines()[0]
    task_id = add_with_document(store_tracker)
    table = store_tracker("list", "--document", "88/").stdout.splitlines()
    assert table[0].split() == ["id", "due", "standing", "lead", "document", "title"]
    assert table[1].startswith(f"#{task_id}")
    assert "88/TB-UBND  Cụ thể hóa kết luận hội nghị" in table[1]
    vietnamese = store_tracker("--lang", "vi", "list", "--document", "88/").stdout.splitlines()
    assert "văn bản" in vietnamese[0]


def test_csv_and_json_end_with_the_document_and_the_leader(
    sample_store: Path | str, store_tracker: CliRunner
) -> None:
    task_id = add_with_document(store_tracker)
    rows = list(csv.reader(io.StringIO(store_tracker("list", "--format", "csv").stdout)))
    # Added at the end: scripts that read the older columns by position still find them.
    assert rows[0][-4:] == ["outcome", "document", "directed_by", "parent"]
    assert rows[0][:12] == [
        "id",
        "uuid",
        "title",
        "lead",
        "partners",
        "meeting",
        "area",
        "due",
        "status",
        "standing",
        "closed_on",
        "outcome",
    ]
    mine = next(row for row in rows[1:] if row[0] == str(task_id))
    assert mine[-3:-1] == ["88/TB-UBND", "Nguyễn Thị Bích Ngọc"]
    (record,) = json.loads(store_tracker("list", "--document", "88/", "--format", "json").stdout)
    assert (record["document"], record["directed_by"]) == ("88/TB-UBND", "Nguyễn Thị Bích Ngọc")


def test_a_document_that_would_start_a_formula_is_made_safe_in_csv(
    sample_store: Path | str, store_tracker: CliRunner
) -> None:
    add = ("add", "Việc mới", "--lead", "HN-KHDT", "--document", "=HYPERLINK(1)")
    assert store_tracker(*add).code == 0
    rows = list(csv.reader(io.StringIO(store_tracker("list", "--format", "csv").stdout)))
    assert rows[-1][-3] == "'=HYPERLINK(1)"


# --- meetings: the conclusion document, update ------------------------------------------------


def test_meetings_add_records_the_conclusion_document_and_list_shows_it(
    sample_store: Path | str, store_tracker: CliRunner
) -> None:
    result = store_tracker(
        "meetings",
        "add",
        "2026-12-10-hn-tn",
        "Họp sơ kết",
        "--date",
        "10/12/2026",
        "--document",
        " 88/TB-UBND ",
    )
    assert result.code == 0, result.stderr
    listed = store_tracker("meetings", "list").stdout.splitlines()
    assert listed[0].split() == ["id", "date", "agreement", "document", "title"]
    assert "88/TB-UBND" in next(line for line in listed if line.startswith("2026-12-10-hn-tn"))
    exported = json.loads(store_tracker("export").stdout)
    (meeting,) = [m for m in exported["meetings"] if m["id"] == "2026-12-10-hn-tn"]
    assert meeting["document"] == "88/TB-UBND"


def test_meetings_update_changes_only_what_is_given(
    sample_store: Path | str, store_tracker: CliRunner
) -> None:
    before = {m["id"]: m for m in json.loads(store_tracker("export").stdout)["meetings"]}[MEETING]
    result = store_tracker(
        "meetings",
        "update",
        MEETING,
        "--document",
        "88/TB-UBND",
        "--chair",
        "Nguyễn Văn A",
        "--chair",
        "Trần Thị B",
        "--date",
        "22/06/2019",
    )
    assert result.code == 0, result.stderr
    assert result.stdout.strip() == f"meeting {MEETING} updated"
    after = {m["id"]: m for m in json.loads(store_tracker("export").stdout)["meetings"]}[MEETING]
    assert after == {
        **before,
        "document": "88/TB-UBND",
        "chairs": ["Nguyễn Văn A", "Trần Thị B"],
        "date": "2019-06-22",
    }
    assert store_tracker("meetings", "update", MEETING, "--no-agreement").code == 0
    assert store_tracker("meetings", "update", MEETING, "--document", "").code == 0
    again = {m["id"]: m for m in json.loads(store_tracker("export").stdout)["meetings"]}[MEETING]
    assert (again["agreement"], again["document"]) == (None, "")


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (("nope", "--document", "1"), 1, "no meeting 'nope'"),
        ((MEETING,), 2, "nothing to change"),
        ((MEETING, "--date", "31/02/2019"), 2, "--date"),
        ((MEETING, "--agreement", "XX"), 2, "unknown agreement"),
        ((MEETING, "--agreement", "HN-TN", "--no-agreement"), 2, "--no-agreement"),
        ((MEETING, "--title", " "), 2, "title is empty"),
        ((MEETING, "--document", "hai\ndòng"), 2, "conclusion document"),
        ((MEETING, "--id", "other"), 2, "--id"),
    ],
    ids=[
        "unknown",
        "nothing",
        "bad-date",
        "unknown-agreement",
        "both",
        "empty-title",
        "two-lines",
        "no-id-option",
    ],
)
def test_meetings_update_refusals_change_nothing(
    sample_store: Path | str, store_tracker: CliRunner, args: tuple[str, ...], code: int, words: str
) -> None:
    assert words in refused(store_tracker, sample_store, code, "meetings", "update", *args)


# --- agencies update -----------------------------------------------------------------------


def test_agencies_update_changes_names_and_keeps_the_code(
    sample_store: Path | str, store_tracker: CliRunner
) -> None:
    result = store_tracker(
        "agencies", "update", "hn-ct", "--name", "Sở Công Thương thành phố Hà Nội", "--short", "SCT"
    )
    assert result.code == 0, result.stderr
    assert result.stdout.strip() == "agency HN-CT updated"
    (agency,) = [
        a for a in json.loads(store_tracker("export").stdout)["agencies"] if a["code"] == "HN-CT"
    ]
    assert agency == {
        "code": "HN-CT",
        "name": "Sở Công Thương thành phố Hà Nội",
        "short": "SCT",
        "locality": "Hà Nội",
    }
    # Its tasks still name it, and show its new name.
    assert "SCT" in store_tracker("list", "--agency", "HN-CT").stdout


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (("HN-XX", "--short", "x"), 1, "no agency HN-XX"),
        (("HN-CT",), 2, "nothing to change"),
        (("HN-CT", "--name", " "), 2, "agency name is empty"),
        (("HN-CT", "--locality", "a\x07b"), 2, "locality"),
        (("HN-CT", "--code", "HN-YY"), 2, "--code"),
    ],
    ids=["unknown", "nothing", "empty-name", "control", "no-code-option"],
)
def test_agencies_update_refusals_change_nothing(
    sample_store: Path | str, store_tracker: CliRunner, args: tuple[str, ...], code: int, words: str
) -> None:
    assert words in refused(store_tracker, sample_store, code, "agencies", "update", *args)


def test_update_help_is_vietnamese(sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKER_LANG", "vi")
    result = run_tracker(sample_db, "meetings", "update", "--help")
    assert result.code == 0
    assert "Số văn bản kết luận" in result.stdout
