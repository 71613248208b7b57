"""One vocabulary: every status, standing and area has its words, and every reader uses them."""

from __future__ import annotations

from tracker.domain import vocabulary
from tracker.domain.model import AREAS, STATUS_LABELS, Status
from tracker.domain.standing import STANDING_LABELS, Standing
from tracker.reports.labels import labels_for


def test_every_status_and_standing_has_its_words() -> None:
    assert set(vocabulary.STATUSES) == {status.value for status in Status}
    assert set(vocabulary.STANDINGS) == {standing.value for standing in Standing}
    assert set(vocabulary.STANDING_COLUMNS) == {standing.value for standing in Standing}
    for terms in (vocabulary.STATUSES, vocabulary.STANDINGS, vocabulary.AREAS):
        assert all(term.en and term.vi for term in terms.values())


def test_the_screens_and_commands_show_the_vocabularys_words() -> None:
    # No catalog is installed in the tests: the English words are shown as they are.
    assert {status: vocabulary.STATUSES[status].en for status in Status} == STATUS_LABELS
    assert {s: vocabulary.STANDINGS[s].en for s in Standing} == STANDING_LABELS
    assert {key: term.en for key, term in vocabulary.AREAS.items()} == AREAS
    assert Status.IN_PROGRESS.label == "in progress"
    assert Standing.OPEN_IN_TIME.label == "in time"


def test_reports_use_the_vocabulary_in_their_own_language() -> None:
    for lang in ("en", "vi"):
        labels = labels_for(lang)
        for standing in Standing:
            assert labels.standing(standing) == getattr(vocabulary.STANDINGS[standing], lang)
        assert set(labels.areas) == set(vocabulary.AREAS)
    # The government's own words, as the Vietnamese reports have always printed them.
    vietnamese = labels_for("vi")
    assert vietnamese.standing(Standing.OPEN_IN_TIME) == "đang thực hiện trong hạn"
    assert vietnamese.standing_columns[Standing.DONE_ON_TIME] == "HT đúng hạn"
    assert vietnamese.area_name("coordination") == "Điều phối và báo cáo"
    assert vietnamese.area_name("giao thông") == "giao thông"  # a user's own word
    assert labels_for("en").area_name("trade") == "Trade"
