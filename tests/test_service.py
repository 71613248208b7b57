"""Service helpers that the command line and the UI share."""

from __future__ import annotations

import uuid

from tracker.domain.ids import new_uuid
from tracker.domain.rules import close_matches


def test_new_uuid_is_a_valid_random_uuid4() -> None:
    made = {new_uuid() for _ in range(2000)}
    assert len(made) == 2000
    for text in list(made)[:200]:
        parsed = uuid.UUID(text)
        assert parsed.version == 4
        assert parsed.variant == uuid.RFC_4122
        assert str(parsed) == text


def test_close_matches_suggests_near_codes() -> None:
    assert close_matches("HN-KHD", ["HN-KHDT", "TN-KHDT", "HN-CT"])[:2] == ["HN-KHDT", "TN-KHDT"]
    assert close_matches("ZZZ", ["HN-KHDT"]) == []
