"""The coop-tracker interchange format: validate a file all-or-nothing, and build one."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from itertools import repeat
from operator import attrgetter
from typing import Any

import msgspec

from tracker.domain.errors import InvalidInput
from tracker.domain.fields import field_types, is_tuple, plain_fields
from tracker.domain.model import (
    AGENCY_CODE,
    Agency,
    Agreement,
    HistoryEntry,
    Meeting,
    Status,
    Task,
    canonical_uuid,
)
from tracker.domain.safe_text import line_problem, lines_problem, shows_nothing
from tracker.i18n import _

FORMAT = "coop-tracker"
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
VERSION = 1


@dataclass
class Dataset:
    """Everything one interchange file holds, as domain objects (task ids not yet assigned)."""

    agencies: list[Agency] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)


class _Reader:
    """Reads one record of the file; every complaint names where it is."""

    def __init__(self, where: str, record: object) -> None:
        self.where = where
        if not isinstance(record, Mapping):
            self.fail(_("must be an object"))
        self.record: Mapping[str, Any] = record  # type: ignore[assignment]

    def fail(self, problem: str) -> None:
        raise InvalidInput(f"{self.where}: {problem}")

    def text(self, key: str, required: bool = True, one_line: bool = True) -> str:
        """A string; `one_line` refuses line breaks and tabs, which a multi-line field keeps."""
        value = self.record.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (required and shows_nothing(value)):
            self.fail(_("{key!r} must be a non-empty string").format(key=key))
        assert isinstance(value, str)
        self.check(key, value, one_line)
        return value

    def check(self, key: str, value: str, one_line: bool = True) -> None:
        """Refuse text that would act on a terminal (tracker/domain/safe_text.py)."""
        if one_line and "".join(value.splitlines()) != value:
            self.fail(_("{key!r} must be one line").format(key=key))
        problem = (line_problem if one_line else lines_problem)(value, repr(key))
        if problem:
            self.fail(problem)

    def optional_text(self, key: str, one_line: bool = True) -> str | None:
        value = self.record.get(key)
        if value is not None and not isinstance(value, str):
            self.fail(_("{key!r} must be a string or null").format(key=key))
        if value is not None:
            self.check(key, value, one_line)
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        """A list of one-line strings (parties, chairs, partners)."""
        value = self.record.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.fail(_("{key!r} must be a list of strings").format(key=key))
        for item in value:
            self.check(key, item)
        return tuple(value)

    def day(self, key: str, required: bool = False) -> date | None:
        value = self.record.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str):
            self.fail(_("{key!r} must be a date YYYY-MM-DD").format(key=key))
        # fromisoformat also takes 20190930 and 2019-W40-1; the format says YYYY-MM-DD.
        if ISO_DATE.match(str(value)):
            with contextlib.suppress(ValueError):
                return date.fromisoformat(str(value))
        self.fail(_("{key!r} is not a date YYYY-MM-DD: {value!r}").format(key=key, value=value))
        raise AssertionError("unreachable")

    def moment(self, key: str) -> datetime | None:
        """A timestamp given as YYYY-MM-DD or a full ISO 8601 date and time."""
        value = self.record.get(key)
        if value is None:
            return None
        try:
            if isinstance(value, str):
                return datetime.fromisoformat(value)
        except ValueError:
            pass
        self.fail(
            _("{key!r} is not a date or ISO date-time: {value!r}").format(key=key, value=value)
        )
        raise AssertionError("unreachable")


def _records(raw: Mapping[str, Any], key: str) -> list[Any]:
    value = raw.get(key, [])
    if not isinstance(value, list):
        raise InvalidInput(_("{key!r} must be a list").format(key=key))
    return value


def read_dataset(
    raw: object, known_agencies: Iterable[str] = (), known_meetings: Iterable[str] = ()
) -> Dataset:
    """Validate a decoded interchange file; raise InvalidInput naming the first bad record."""
    # Compared with their types: in Python true == 1 and 1.0 == 1, which JSON tells apart.
    if not isinstance(raw, Mapping) or not _is_exactly(raw.get("format"), FORMAT):
        raise InvalidInput(
            _('not a coop-tracker interchange file ("format" must be "coop-tracker")')
        )
    if not _is_exactly(raw.get("version"), VERSION):
        raise InvalidInput(
            _("interchange version {version} is not supported (expected {expected})").format(
                version=_as_json(raw.get("version")), expected=VERSION
            )
        )
    dataset = Dataset()
    for position, record in enumerate(_records(raw, "agencies"), start=1):
        reader = _Reader(_("agency {n}").format(n=position), record)
        code = reader.text("code")
        if not AGENCY_CODE.fullmatch(code):  # match() would let "HN-KHDT\n" through
            reader.fail(
                _("code {code!r} must be letters, digits and hyphens, like HN-KHDT").format(
                    code=code
                )
            )
        dataset.agencies.append(
            Agency(
                code=code,
                name=reader.text("name"),
                short=reader.text("short", required=False),
                locality=reader.text("locality", required=False),
            )
        )
    for position, record in enumerate(_records(raw, "agreements"), start=1):
        reader = _Reader(_("agreement {n}").format(n=position), record)
        dataset.agreements.append(
            Agreement(
                code=reader.text("code"),
                title=reader.text("title"),
                parties=reader.texts("parties"),
            )
        )
    for position, record in enumerate(_records(raw, "meetings"), start=1):
        reader = _Reader(_("meeting {n}").format(n=position), record)
        meeting_date = reader.day("date", required=True)
        assert meeting_date is not None
        dataset.meetings.append(
            Meeting(
                id=reader.text("id"),
                title=reader.text("title"),
                date=meeting_date,
                place=reader.text("place", required=False),
                agreement=reader.optional_text("agreement"),
                chairs=reader.texts("chairs"),
                notes=reader.text("notes", required=False, one_line=False),
            )
        )
    agencies = set(known_agencies) | {agency.code for agency in dataset.agencies}
    meetings = set(known_meetings) | {meeting.id for meeting in dataset.meetings}
    seen_uuids: set[str] = set()
    for position, record in enumerate(_records(raw, "tasks"), start=1):
        uuid = record.get("uuid") if isinstance(record, Mapping) else None
        label = _("task {n}").format(n=position)
        if isinstance(uuid, str) and uuid:
            # repr() for a uuid with control characters: the message must stay one line.
            shown = uuid if uuid.isprintable() else repr(uuid)
            label = _("task {n} ({uuid})").format(n=position, uuid=shown)
        dataset.tasks.append(_read_task(_Reader(label, record), agencies, meetings, seen_uuids))
    return dataset


def _is_exactly(value: object, expected: object) -> bool:
    return type(value) is type(expected) and value == expected


def _as_json(value: object) -> str:
    """A value as the file spells it (true, 1.0, "1"), cut short to keep the line short."""
    try:
        shown = msgspec.json.encode(value).decode()
    except (TypeError, ValueError):  # e.g. a lone surrogate in a string
        shown = repr(value)
    return shown if len(shown) <= 40 else shown[:39] + "…"


def _read_task(
    reader: _Reader, agencies: set[str], meetings: set[str], seen_uuids: set[str]
) -> Task:
    uuid = canonical_uuid(reader.text("uuid"))
    if uuid in seen_uuids:
        reader.fail(_("uuid appears twice in the file"))
    seen_uuids.add(uuid)
    lead = reader.text("lead")
    if lead not in agencies:
        reader.fail(_("lead {code!r} is not an agency").format(code=lead))
    partners = reader.texts("partners")
    for partner in partners:
        if partner not in agencies:
            reader.fail(_("partner {code!r} is not an agency").format(code=partner))
    meeting = reader.optional_text("meeting")
    if meeting is not None and meeting not in meetings:
        reader.fail(_("meeting {id!r} is not in the file or the database").format(id=meeting))
    status_text = reader.text("status", required=False) or Status.OPEN.value
    try:
        status = Status(status_text)
    except ValueError:
        reader.fail(
            _("status {status!r} must be one of {choices}").format(
                status=status_text, choices=", ".join(s.value for s in Status)
            )
        )
    history_records = reader.record.get("history", [])
    if not isinstance(history_records, list):
        reader.fail(_("'history' must be a list"))
    history = []
    for number, entry in enumerate(history_records, start=1):
        entry_reader = _Reader(f"{reader.where}, " + _("history {n}").format(n=number), entry)
        on = entry_reader.day("on", required=True)
        assert on is not None
        kind = entry_reader.optional_text("kind") or "note"
        history.append(
            HistoryEntry(on=on, text=entry_reader.text("text", one_line=False), kind=kind)
        )
    return Task(
        id=0,
        uuid=uuid,
        title=reader.text("title").strip(),
        lead=lead,
        description=reader.text("description", required=False, one_line=False),
        partners=partners,
        meeting=meeting,
        area=reader.optional_text("area"),
        due=reader.day("due"),
        status=status,
        closed_on=reader.day("closed_on"),
        outcome=reader.optional_text("outcome", one_line=False),
        history=history,
        created=reader.moment("created"),
    )


def write_dataset(dataset: Dataset) -> dict[str, Any]:
    """The interchange form of a dataset, ready for JSON; task ids ride along as "id"."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "agencies": [plain_fields(agency) for agency in dataset.agencies],
        "agreements": [plain_fields(agreement) for agreement in dataset.agreements],
        "meetings": [plain_fields(meeting) for meeting in dataset.meetings],
        "tasks": task_records(dataset.tasks),
    }


def task_record(task: Task) -> dict[str, Any]:
    """One task in the interchange form (also the shape `list --format json` builds on)."""
    (record,) = task_records([task])
    return record


def task_records(tasks: Sequence[Task]) -> list[dict[str, Any]]:
    """`task_record` of each task (all of one type), made in bulk: at 10,000 and 100,000
    tasks a tenth quicker than the hand-written records were."""
    if not tasks:
        return []
    layout = _record_layout(type(tasks[0]))
    records: list[dict[str, Any]] = []
    # A few hundred at a time: each batch's temporary rows are freed before the next, where
    # 100,000 of them alive at once made the cyclic collector's passes cost 40 % more.
    for start in range(0, len(tasks), 256):
        records += _records_of(tasks[start : start + 256], *layout)
    return records


def _records_of(
    tasks: Sequence[Task],
    keys: tuple[str, ...],
    values_of: Callable[[Task], tuple[Any, ...]],
    lists: tuple[str, ...],
    moments: tuple[str, ...],
) -> list[dict[str, Any]]:
    # One msgspec call converts every task's values, in the record's order, in C: dates
    # ISO, enums their values, history entries dicts.
    rows = msgspec.to_builtins(list(map(values_of, tasks)))
    records: list[dict[str, Any]] = list(map(dict, map(zip, repeat(keys), rows)))
    for key in lists:  # to_builtins keeps tuples
        for record in records:
            record[key] = list(record[key])
    # Timestamps keep Python's ISO spelling, which files have always had: msgspec spells
    # a zero offset "Z" where isoformat writes "+00:00", and otherwise spells them alike.
    for key in moments:
        for record in records:
            moment = record[key]
            if moment is not None and moment[-1] == "Z":
                record[key] = moment[:-1] + "+00:00"
    return records


@cache
def _record_layout(
    kind: type[Task],
) -> tuple[tuple[str, ...], Callable[[Task], tuple[Any, ...]], tuple[str, ...], tuple[str, ...]]:
    """A task record's keys in the order files have always had them, a reader of their
    values, and which of them are lists and timestamps.

    The keys are Task's fields with the description beside the title and the history and
    creation time last; a field added to Task lands before the history with no code here.
    "updated" says when this database last changed the task, so it stays behind.
    """
    last = ("history", "created")
    first = [key for key in kind.__struct_fields__ if key not in (*last, "description", "updated")]
    first.insert(first.index("title") + 1, "description")
    keys = (*first, *last)
    types = field_types(kind)
    return (
        keys,
        attrgetter(*keys),
        tuple(key for key in keys if is_tuple(types[key])),
        tuple(key for key in keys if types[key] in (datetime, datetime | None)),
    )
