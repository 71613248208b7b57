"""The changes journal as stored: what each command changed, for undo, kept small."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import SAMPLE, run_tracker
from tests.stores import stored_documents


def test_a_change_that_added_tasks_stores_their_ids_as_ranges(
    tmp_path: Path, db: Path | str
) -> None:
    assert run_tracker(db, "import", str(SAMPLE)).code == 0
    assert run_tracker(db, "close", "2", "--outcome", "Đã gửi").code == 0
    journal = stored_documents(db, "changes")
    imported, closed = (journal[key] for key in sorted(journal, key=int))
    assert imported["added"] == [[1, 31]]  # not 31 entries, nor 100,000 for a big import
    assert imported["tasks"] == []
    assert closed["change"] != imported["change"]
    (task,) = closed["tasks"]
    assert task["id"] == 2
    assert task["before"]["status"] != "done" and task["after"]["status"] == "done"
    # The import is still one change of 31 tasks to the undo that reads it back.
    fresh = tmp_path / "fresh.json"
    assert run_tracker(fresh, "import", str(SAMPLE)).code == 0
    listed = run_tracker(fresh, "undo", "--list")
    assert listed.code == 0
    assert sum(" added: " in line for line in listed.stdout.splitlines()) == 31


def test_the_journal_keeps_the_last_hundred_changes(db: Path | str) -> None:
    from datetime import date

    from tracker.domain.changes import JOURNAL_LENGTH
    from tracker.service import TaskChanges, Tracker

    tracker = Tracker.open(db, today=date(2026, 11, 27))
    tracker.import_data(json.loads(SAMPLE.read_text(encoding="utf-8")))
    for number in range(JOURNAL_LENGTH + 5):
        tracker.update_task(2, TaskChanges(note=f"Ghi chú {number}"))
    journal = stored_documents(db, "changes")
    assert len(journal) == JOURNAL_LENGTH  # each note is a change, for undo
    assert all("added" not in record for record in journal.values())  # the import is gone


def test_undo_withdraws_a_note_and_redo_brings_it_back(db: Path | str) -> None:
    assert run_tracker(db, "import", str(SAMPLE)).code == 0
    assert run_tracker(db, "update", "2", "--note", "Ghi nhầm nhiệm vụ").code == 0
    listed = run_tracker(db, "undo", "--list")
    assert listed.code == 0 and "#2 Ghi nhầm nhiệm vụ" in listed.stdout
    undone = run_tracker(db, "undo")
    assert undone.code == 0, undone.stderr
    shown = run_tracker(db, "show", "2").stdout
    assert "undone: Ghi nhầm nhiệm vụ" in shown  # the history keeps both lines
    # Undo again: the note is back, and the import is still the change before it.
    assert run_tracker(db, "undo").code == 0
    assert "added: " not in run_tracker(db, "undo", "--list").stdout
