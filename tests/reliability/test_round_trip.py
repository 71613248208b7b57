"""Case 8: any database the tracker can hold, exported and imported into an empty file, is the same.

Random databases are made the way users make them: agreements arrive by import,
agencies and meetings are added one by one, tasks come from imports (with any status,
history and creation time) and from `add`, then get notes, new deadlines, statuses,
closes and reopens, all with hostile text (less what every entry point refuses,
tracker/domain/safe_text.py). The export of the copy must equal the export
of the original, and every task must be equal but for its `updated` stamp.
"""

from __future__ import annotations

import json
import string
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from msgspec.structs import replace

from tests.conftest import TODAY
from tests.reliability import hostile
from tests.reliability.budget import BUDGET, tally
from tests.reliability.harness import succeeded, tracker
from tracker.domain.errors import TrackerError
from tracker.domain.model import Agency, Meeting, Status
from tracker.domain.safe_text import shows_nothing
from tracker.service import NewTask, TaskChanges, Tracker
from tracker.store.database import Database

SUPPRESSED = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large]

hostile_text = hostile.hostile_text(max_size=12).filter(
    lambda s: not any("\ud800" <= c <= "\udfff" for c in s)
)
# What the tracker may hold (tracker/domain/safe_text.py): no control characters or bidi
# overrides, which every entry point refuses; multi-line fields keep line breaks and tabs.
REFUSED = {chr(c) for c in (*range(0x20), *range(0x7F, 0xA0))} | set(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
text = hostile_text.map(lambda s: "".join(c for c in s if c not in REFUSED))
lines_text = hostile_text.map(lambda s: "".join(c for c in s if c not in REFUSED - {"\n", "\t"}))
one_line = text.map(lambda s: " ".join(s.split())).filter(lambda s: not shows_nothing(s))
days = st.dates(min_value=date(1990, 1, 1), max_value=date(2035, 12, 31))
codes = st.from_regex(r"[A-Z0-9]{1,4}(-[A-Z0-9]{1,3}){0,2}", fullmatch=True)
moments = st.one_of(
    st.none(),
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2026, 11, 27)),
    st.datetimes(
        min_value=datetime(1990, 1, 1),
        max_value=datetime(2026, 11, 26),
        timezones=st.sampled_from([UTC, timezone(timedelta(hours=7))]),
    ),
)


@st.composite
def databases(draw: st.DrawFn) -> dict[str, Any]:
    """The ingredients of a database and the changes to make to it, in order."""
    agency_codes = draw(st.lists(codes, min_size=1, max_size=4, unique=True))
    agreements = draw(st.lists(codes, max_size=2, unique=True))
    meetings = draw(
        st.lists(
            st.text(string.ascii_lowercase + string.digits + "-ếđ", min_size=1, max_size=12),
            max_size=3,
            unique=True,
        )
    )
    statuses = st.sampled_from([s.value for s in Status])
    imported = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "title": one_line,
                    "description": lines_text,
                    "lead": st.sampled_from(agency_codes),
                    "partners": st.lists(st.sampled_from(agency_codes), max_size=2, unique=True),
                    "meeting": st.sampled_from([None, *meetings]),
                    "area": st.one_of(st.none(), one_line),
                    "due": st.one_of(st.none(), days.map(date.isoformat)),
                    "status": statuses,
                    "closed_on": st.one_of(st.none(), days.map(date.isoformat)),
                    "outcome": st.one_of(st.none(), lines_text),
                    "history": st.lists(
                        st.fixed_dictionaries(
                            {"on": days.map(date.isoformat), "text": one_line, "kind": one_line}
                        ),
                        max_size=3,
                    ),
                    "created": moments.map(lambda m: m.isoformat() if m else None),
                }
            ),
            max_size=4,
        )
    )
    return {
        "agencies": [Agency(code, draw(one_line), draw(text), draw(text)) for code in agency_codes],
        "agreements": [
            {"code": code, "title": draw(one_line), "parties": draw(st.lists(one_line, max_size=2))}
            for code in agreements
        ],
        "meetings": [
            Meeting(
                id=meeting_id,
                title=draw(one_line),
                date=draw(days),
                place=draw(text),
                agreement=draw(st.sampled_from([None, *agreements])),
                chairs=tuple(draw(st.lists(one_line, max_size=2))),
                notes=draw(lines_text),
            )
            for meeting_id in meetings
        ],
        "imported": imported,
        "added": [
            NewTask(
                title=draw(one_line),
                lead=draw(st.sampled_from(agency_codes)),
                due=draw(st.one_of(st.none(), days)),
                meeting=draw(st.sampled_from([None, *meetings])),
                area=draw(st.one_of(st.none(), one_line)),
                description=draw(lines_text),
            )
            for _ in range(draw(st.integers(0, 3)))
        ],
        "changes": draw(
            st.lists(
                st.tuples(
                    st.sampled_from(["note", "due", "status", "close", "reopen"]),
                    st.integers(1, 8),
                    text,
                    days,
                    st.sampled_from(["open", "in_progress", "blocked", "cancelled"]),
                ),
                max_size=6,
            )
        ),
    }


def consistent_closing(record: dict[str, Any]) -> dict[str, Any]:
    """`record` with a closing the import accepts (issue 12): a closing day exactly when it
    is done or cancelled, from the day it was recorded up to today."""
    if record["status"] not in ("done", "cancelled"):
        return dict(record, closed_on=None)
    created = record["created"]
    recorded = datetime.fromisoformat(created).date() if created else date.min
    day = date.fromisoformat(record["closed_on"]) if record["closed_on"] else TODAY
    return dict(record, closed_on=min(max(day, recorded), TODAY).isoformat())


def build(path: Path, ingredients: dict[str, Any]) -> Tracker:
    """Make the database the way a user would; changes the tracker refuses are skipped."""
    tracker = Tracker(Database(path), TODAY)
    tracker.import_data(
        {"format": "coop-tracker", "version": 1, "agreements": ingredients["agreements"]}
    )
    for agency in ingredients["agencies"]:
        tracker.add_agency(agency)
    for meeting in ingredients["meetings"]:
        tracker.add_meeting(meeting)
    records = [
        # A lead is never one of its task's partners, on import as on `add`.
        dict(
            consistent_closing(r),
            uuid=f"00000000-0000-4000-8000-{n:012d}",
            partners=[code for code in r["partners"] if code != r["lead"]],
        )
        for n, r in enumerate(ingredients["imported"])
    ]
    tracker.import_data({"format": "coop-tracker", "version": 1, "tasks": records})
    for new in ingredients["added"]:
        tracker.add_task(new)
    for kind, number, words, day, status in ingredients["changes"]:
        try:
            if kind == "note":
                tracker.update_task(number, TaskChanges(note=words or "ghi chú"))
            elif kind == "due":
                tracker.update_task(number, TaskChanges(due=day))
            elif kind == "status":
                tracker.update_task(number, TaskChanges(status=Status(status)))
            elif kind == "close":
                tracker.close_tasks([number], words, min(day, TODAY))
            else:
                tracker.reopen(number, words)
        except TrackerError:
            pass  # no such task, already closed, nothing to change: users meet these too
    return tracker


def without_updated(tracker: Tracker) -> list[Any]:
    with tracker.database.reading() as snapshot:
        return [
            replace(task, updated=None) for task in sorted(snapshot.tasks(), key=lambda t: t.id)
        ]


def test_export_then_import_into_an_empty_file_gives_identical_tasks(tmp_path: Path) -> None:
    counter = iter(range(10**9))

    @settings(max_examples=BUDGET.round_trips, deadline=None, suppress_health_check=SUPPRESSED)
    @given(ingredients=databases())
    def check(ingredients: dict[str, Any]) -> None:
        folder = tmp_path / str(next(counter))
        folder.mkdir()
        original = build(folder / "original.json", ingredients)
        exported = original.export_json()
        copy = Tracker(Database(folder / "copy.json"), TODAY)
        copy.import_data(json.loads(exported))
        assert copy.export_json() == exported
        assert without_updated(copy) == without_updated(original)
        tally("case 8: random databases exported and imported")
        tally("case 8: ... tasks compared", len(without_updated(original)))

    check()


def test_export_then_import_through_tracker_gives_identical_tasks(tmp_path: Path) -> None:
    counter = iter(range(10**9))

    @settings(max_examples=BUDGET.cli_round_trips, deadline=None, suppress_health_check=SUPPRESSED)
    @given(ingredients=databases())
    def check(ingredients: dict[str, Any]) -> None:
        folder = tmp_path / str(next(counter))
        folder.mkdir()
        original = folder / "original.json"
        build(original, ingredients)
        file = folder / "export.json"
        succeeded(tracker(original, "export", "--output", str(file)))
        copy = folder / "copy.json"
        succeeded(tracker(copy, "import", str(file)))
        assert succeeded(tracker(copy, "export")).encode() == file.read_bytes()
        listed = [
            tracker(db, "list", "--format", "json", "--as-of", "2035-12-31")
            for db in (original, copy)
        ]
        assert succeeded(listed[0]) == succeeded(listed[1])
        tally("case 8: random databases exported and imported by `tracker` processes")

    check()
    tally("case 8: ... differing after the round trip", 0)
