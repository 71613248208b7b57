"""Vietnamese text is stored in one Unicode form (NFC), however it was typed or imported."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import SAMPLE, CliRunner
from tracker.domain.text import nfc
from tracker.store import schema

# What Windows' built-in Vietnamese keyboard sends for "Kế hoạch Đầu tư": base letters
# followed by combining marks (e + circumflex + acute), not the composed letters.
TYPED_DECOMPOSED = unicodedata.normalize("NFD", "Kế hoạch Đầu tư năm 2027")
COMPOSED = "Kế hoạch Đầu tư năm 2027"


def stored_texts(db: Path) -> str:
    """Every byte of the database file, as text."""
    return db.read_text(encoding="utf-8")


def decomposed_marks(text: str) -> list[str]:
    """The combining marks in `text` that NFC would have joined to their letter."""
    return [ch for ch in text if unicodedata.combining(ch)]


def test_the_example_is_really_decomposed() -> None:
    assert TYPED_DECOMPOSED != COMPOSED
    assert decomposed_marks(TYPED_DECOMPOSED)
    assert nfc(TYPED_DECOMPOSED) == COMPOSED


def test_add_and_update_store_typed_text_composed(sample_db: Path, tracker: CliRunner) -> None:
    added = tracker("add", TYPED_DECOMPOSED, "--lead", "HN-KHDT", "--area", TYPED_DECOMPOSED)
    assert added.code == 0, added.stderr
    task_id = added.stdout.strip()
    note = tracker("update", task_id, "--note", TYPED_DECOMPOSED + "\nđã gửi")
    assert note.code == 0, note.stderr
    closed = tracker("close", task_id, "--outcome", TYPED_DECOMPOSED)
    assert closed.code == 0, closed.stderr
    assert decomposed_marks(stored_texts(sample_db)) == []
    shown = json.loads(tracker("show", task_id, "--format", "json").stdout)
    assert shown["title"] == COMPOSED
    assert shown["outcome"] == COMPOSED


def test_a_title_typed_either_way_is_found_and_counted_as_one(
    sample_db: Path, tracker: CliRunner
) -> None:
    for title in (COMPOSED, TYPED_DECOMPOSED):
        assert tracker("add", title, "--lead", "HN-KHDT").code == 0
    for query in (COMPOSED, TYPED_DECOMPOSED, "ke hoach dau tu nam 2027"):
        listed = json.loads(tracker("list", "--search", query, "--format", "json").stdout)
        assert [task["title"] for task in listed] == [COMPOSED, COMPOSED], query


def test_import_stores_decomposed_text_composed(db_path: Path, tracker: CliRunner) -> None:
    raw = json.loads(SAMPLE.read_text(encoding="utf-8"))
    raw["tasks"][0]["title"] = TYPED_DECOMPOSED
    raw["tasks"][0]["description"] = TYPED_DECOMPOSED + "\n" + TYPED_DECOMPOSED
    raw["agencies"][0]["name"] = unicodedata.normalize("NFD", raw["agencies"][0]["name"])
    source = db_path.with_name("decomposed.json")
    source.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    assert decomposed_marks(source.read_text(encoding="utf-8"))
    result = tracker("import", str(source))
    assert result.code == 0, result.stderr
    assert decomposed_marks(stored_texts(db_path)) == []


def test_an_older_file_with_decomposed_text_reads_composed_and_is_written_so(
    sample_db: Path, tracker: CliRunner
) -> None:
    # A schema 3 file written by a tracker that stored text as typed.
    raw = json.loads(sample_db.read_bytes())
    raw["meta"]["1"]["schema"] = 3
    first = next(iter(raw["tasks"]))
    raw["tasks"][first]["title"] = TYPED_DECOMPOSED
    agency = next(doc for doc in raw["agencies"].values() if doc["code"] == "HN-KHDT")
    agency["name"] = unicodedata.normalize("NFD", "Sở Kế hoạch và Đầu tư")
    sample_db.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    before = sample_db.read_bytes()

    shown = json.loads(tracker("show", first, "--format", "json").stdout)
    assert shown["title"] == COMPOSED
    assert sample_db.read_bytes() == before  # a read migrates in memory only

    assert tracker("update", first, "--note", "rà soát").code == 0
    written = json.loads(sample_db.read_bytes())
    assert written["meta"]["1"]["schema"] == schema.SCHEMA_VERSION
    assert decomposed_marks(stored_texts(sample_db)) == []
    names = {doc["code"]: doc["name"] for doc in written["agencies"].values()}
    assert names["HN-KHDT"] == "Sở Kế hoạch và Đầu tư"


@given(st.text(alphabet=st.characters(codec="utf-8")))
def test_nfc_is_the_normal_form_and_changes_no_composed_text(text: str) -> None:
    assert nfc(text) == unicodedata.normalize("NFC", text)
    assert nfc(nfc(text)) == nfc(text)
