"""Interchange version 3 carries the assigning document and directing leader of tasks and
the conclusion document of meetings: exported, imported, and round-tripped exactly."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import CliRunner, run_tracker
from tracker.interchange.dataset import READABLE_VERSIONS, VERSION, read_dataset

MEETING = "2019-06-21-hn-tn"


def test_version_3_is_written_and_versions_1_to_3_read() -> None:
    assert VERSION == 3
    assert READABLE_VERSIONS == (1, 2, 3)


def test_export_then_import_into_an_empty_database_keeps_documents_exactly(
    sample_db: Path, tracker: CliRunner, tmp_path: Path
) -> None:
    added = tracker(
        "add",
        "Cụ thể hóa kết luận hội nghị",
        "--lead",
        "HN-KHDT",
        "--document",
        "Thông báo kết luận 215/TB-VP",
        "--directed-by",
        "Nguyễn Thị Bích Ngọc",
    )
    assert added.code == 0, added.stderr
    assert tracker("update", "3", "--directed-by", "Trần Văn B").code == 0
    assert tracker("meetings", "update", MEETING, "--document", "215/TB-VP").code == 0
    exported = tracker("export").stdout
    first = json.loads(exported)
    assert first["version"] == 3
    export_file = tmp_path / "export.json"
    export_file.write_text(exported, encoding="utf-8")

    empty = tmp_path / "empty.json"
    result = run_tracker(empty, "import", str(export_file))
    assert result.code == 0, result.stderr
    again = json.loads(run_tracker(empty, "export").stdout)
    assert again["meetings"] == first["meetings"]
    # Ids are the new database's own; everything else is the same, task by task.
    by_uuid = {task["uuid"]: task for task in again["tasks"]}
    for task in first["tasks"]:
        assert {**by_uuid[task["uuid"]], "id": task["id"]} == task
    documents = {(t["title"], t["document"], t["directed_by"]) for t in again["tasks"]}
    assert (
        "Cụ thể hóa kết luận hội nghị",
        "Thông báo kết luận 215/TB-VP",
        "Nguyễn Thị Bích Ngọc",
    ) in (documents)
    (meeting,) = [m for m in again["meetings"] if m["id"] == MEETING]
    assert meeting["document"] == "215/TB-VP"
    shown = json.loads(
        run_tracker(empty, "list", "--document", "ket luan", "--format", "json").stdout
    )
    assert [t["title"] for t in shown] == ["Cụ thể hóa kết luận hội nghị"]


def minimal_file(
    version: int, task: dict[str, object], meeting_document: object = None
) -> dict[str, object]:
    meeting: dict[str, object] = {"id": "m1", "title": "Hội nghị", "date": "2019-06-21"}
    if meeting_document is not None:
        meeting["document"] = meeting_document
    return {
        "format": "coop-tracker",
        "version": version,
        "agencies": [{"code": "HN-KHDT", "name": "Sở Kế hoạch và Đầu tư Hà Nội"}],
        "meetings": [meeting],
        "tasks": [
            {
                "uuid": "5b8e0a8e-1f5e-4a59-9d43-3c1a6f1d2e01",
                "title": "Việc",
                "lead": "HN-KHDT",
                "meeting": "m1",
                **task,
            }
        ],
    }


def test_a_version_2_file_still_imports_with_no_documents() -> None:
    dataset = read_dataset(minimal_file(2, {}))
    (task,) = dataset.tasks
    assert (task.document, task.directed_by) == ("", "")
    assert dataset.meetings[0].document == ""


def test_documents_are_read_as_lines_are_stored() -> None:
    raw = minimal_file(
        3,
        {"document": "  215/TB-VP ", "directed_by": "Nguye\u0302\u0303n  Va\u0306n A"},
        meeting_document=" 215/TB-VP",
    )
    dataset = read_dataset(raw)
    (task,) = dataset.tasks
    assert (task.document, task.directed_by) == ("215/TB-VP", "Nguyễn Văn A")
    assert dataset.meetings[0].document == "215/TB-VP"


def test_a_document_of_two_lines_is_refused_and_nothing_is_imported(
    sample_db: Path, tracker: CliRunner, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(minimal_file(3, {"document": "215\n216"})), encoding="utf-8")
    before = sample_db.read_bytes()
    result = tracker("import", str(bad))
    assert result.code == 2
    assert "'document'" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert sample_db.read_bytes() == before
