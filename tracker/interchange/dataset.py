"""The coop-tracker interchange format: validate a file all-or-nothing, and build one."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from itertools import repeat
from operator import attrgetter
from typing import Any

import msgspec

from tracker.domain.deadlines import deadlines_from_history
from tracker.domain.errors import InvalidInput
from tracker.domain.fields import field_types, is_tuple, plain_fields
from tracker.domain.history import event_record
from tracker.domain.model import (
    Agency,
    Agreement,
    Author,
    Cadence,
    DeadlineSet,
    EventKind,
    EventValue,
    HistoryEvent,
    Meeting,
    Status,
    Task,
    canonical_uuid,
)
from tracker.domain.prose_history import events_from_entries, extension
from tracker.domain.rules import (
    check_agency,
    check_closed_state,
    check_optional_meeting,
    check_partners,
    clean_agency,
    clean_area,
    clean_meeting,
    clean_title,
    recorded_day,
)
from tracker.domain.safe_text import (
    escape_json_controls,
    line_problem,
    lines_problem,
    shows_nothing,
)
from tracker.domain.text import nfc
from tracker.i18n import _

FORMAT = "coop-tracker"
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Version 2 carries history as events; version 1 files (history as dated lines of words)
# still read, their lines made events as a schema 1 database's are. Version 3 adds the
# assigning document and directing leader of tasks, meetings' conclusion documents, and
# links between tasks by uuid (parent, previous occurrence); a version 2 file has none.
VERSION = 3
READABLE_VERSIONS = (1, 2, 3)


@dataclass
class Dataset:
    """Everything one interchange file holds, as domain objects (task ids not yet assigned)."""

    agencies: list[Agency] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    # The links between tasks as the file names them: task uuid -> {link field: uuid of the
    # task it names}. Ids are given when the tasks are stored (Tracker.import_data).
    links: dict[str, dict[str, str]] = field(default_factory=dict)


# A link field, which a file names by the other task's uuid, and the field that holds the
# link the other way round: a parent's sub-tasks, an occurrence's next one. Only the
# forward link travels; the reverse one is rebuilt from it where the file is read.
LINKS: dict[str, str] = {"parent": "subtasks", "previous": "next"}


class _Reader:
    """Reads one record of the file; every complaint names where it is."""

    def __init__(self, where: str, record: object) -> None:
        self.where = where
        if not isinstance(record, Mapping):
            self.fail(_("must be an object"))
        self.record: Mapping[str, Any] = record  # type: ignore[assignment]

    def fail(self, problem: str) -> None:
        raise InvalidInput(_("{where}: {problem}").format(where=self.where, problem=problem))

    @contextlib.contextmanager
    def rules(self) -> Iterator[None]:
        """Apply the rules every entry point applies (tracker/domain/rules.py), naming
        this record in a refusal."""
        try:
            yield
        except InvalidInput as error:
            self.fail(str(error))

    def text(self, key: str, required: bool = True, one_line: bool = True) -> str:
        """A string; `one_line` refuses line breaks and tabs, which a multi-line field keeps."""
        value = self.record.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (required and shows_nothing(value)):
            self.fail(_("{key!r} must be a non-empty string").format(key=key))
        assert isinstance(value, str)
        self.check(key, value, one_line)
        return nfc(value)  # stored in one form, as typed text is (domain/safe_text.py)

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
            return nfc(value)
        return None

    def texts(self, key: str) -> tuple[str, ...]:
        """A list of one-line strings (parties, chairs, partners)."""
        value = self.record.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.fail(_("{key!r} must be a list of strings").format(key=key))
        for item in value:
            self.check(key, item)
        return tuple(nfc(item) for item in value)

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
    raw: object,
    known_agencies: Iterable[str] = (),
    known_meetings: Iterable[str] = (),
    today: date | None = None,
    known_uuids: Iterable[str] = (),
) -> Dataset:
    """Validate a decoded interchange file; raise InvalidInput naming the first bad record.

    A task closed after `today` is refused (with no `today`, any closing day is taken).
    A link between tasks may name a task of the file or one of `known_uuids` (the
    database's).
    """
    # Compared with their types: in Python true == 1 and 1.0 == 1, which JSON tells apart.
    if not isinstance(raw, Mapping) or not _is_exactly(raw.get("format"), FORMAT):
        raise InvalidInput(
            _('not a coop-tracker interchange file ("format" must be "coop-tracker")')
        )
    version = raw.get("version")
    if not any(_is_exactly(version, readable) for readable in READABLE_VERSIONS):
        raise InvalidInput(
            _(
                "interchange version {version} is not supported; this tracker reads "
                "versions {versions}"
            ).format(
                version=_as_json(version),
                versions=", ".join(str(readable) for readable in READABLE_VERSIONS),
            )
        )
    dataset = Dataset()
    for position, record in enumerate(_records(raw, "agencies"), start=1):
        reader = _Reader(_("agency {n}").format(n=position), record)
        agency = Agency(
            code=reader.text("code"),
            name=reader.text("name"),
            short=reader.text("short", required=False),
            locality=reader.text("locality", required=False),
        )
        with reader.rules():
            dataset.agencies.append(clean_agency(agency))
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
        meeting = Meeting(
            id=reader.text("id"),
            title=reader.text("title"),
            date=meeting_date,
            place=reader.text("place", required=False),
            agreement=reader.optional_text("agreement"),
            chairs=reader.texts("chairs"),
            notes=reader.text("notes", required=False, one_line=False),
            document=reader.text("document", required=False),
        )
        with reader.rules():
            dataset.meetings.append(clean_meeting(meeting))
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
        reader = _Reader(label, record)
        task = _read_task(reader, agencies, meetings, seen_uuids, today, version == 1)
        dataset.tasks.append(task)
        links = _links(reader)
        if links:
            dataset.links[task.uuid] = links
    _check_links(dataset, known_uuids)
    return dataset


def _links(reader: _Reader) -> dict[str, str]:
    """The links a task record names, each by the other task's canonical uuid."""
    links = {}
    for key in LINKS:
        value = reader.optional_text(key)
        if value:
            links[key] = canonical_uuid(value)
    return links


def _check_links(dataset: Dataset, known_uuids: Iterable[str]) -> None:
    """InvalidInput unless every link names a task of the file or of the database, not
    the task itself, and no chain of links leads back to where it started."""
    in_file = {task.uuid for task in dataset.tasks}
    known = set(known_uuids)
    for position, task in enumerate(dataset.tasks, start=1):
        for key, target in dataset.links.get(task.uuid, {}).items():
            where = _("task {n} ({uuid})").format(n=position, uuid=task.uuid)
            if target == task.uuid:
                raise InvalidInput(
                    _("{where}: {field!r} names the task itself").format(where=where, field=key)
                )
            if target not in in_file and target not in known:
                raise InvalidInput(
                    _(
                        "{where}: {field!r} names task {uuid}, which is neither in the file "
                        "nor in the database"
                    ).format(where=where, field=key, uuid=target)
                )
            # A chain of links within the file that comes back here: the database's own
            # tasks never name the file's new ones, so a loop can only be the file's.
            seen = {task.uuid}
            step = target
            while step in dataset.links and key in dataset.links[step]:
                if step in seen:
                    raise InvalidInput(
                        _("{where}: its {field!r} links go round in a circle").format(
                            where=where, field=key
                        )
                    )
                seen.add(step)
                step = dataset.links[step][key]


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
    reader: _Reader,
    agencies: set[str],
    meetings: set[str],
    seen_uuids: set[str],
    today: date | None,
    history_as_lines: bool = False,
) -> Task:
    uuid = canonical_uuid(reader.text("uuid"))
    if uuid in seen_uuids:
        reader.fail(_("uuid appears twice in the file"))
    seen_uuids.add(uuid)
    # The rules `add` applies: known agencies, the lead not among the partners (refused),
    # each partner once (repeats dropped), a known meeting or none, title and area cleaned.
    title, lead = reader.text("title"), reader.text("lead")
    partners, meeting = reader.texts("partners"), reader.optional_text("meeting")
    area = reader.optional_text("area")
    with reader.rules():
        title = clean_title(title)
        lead = check_agency(lead, agencies)
        partners = check_partners(partners, agencies, lead)
        meeting = check_optional_meeting(meeting, meetings)
        area = clean_area(area)
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
    task = Task(
        id=0,
        uuid=uuid,
        title=title,
        lead=lead,
        description=reader.text("description", required=False, one_line=False),
        partners=partners,
        meeting=meeting,
        area=area,
        due=reader.day("due"),
        status=status,
        closed_on=reader.day("closed_on"),
        outcome=reader.optional_text("outcome", one_line=False),
        created=reader.moment("created"),
        # A deleted task travels marked, and stays deleted where it is imported.
        deleted_on=reader.day("deleted_on"),
        document=_one_line(reader, "document"),
        directed_by=_one_line(reader, "directed_by"),
    )
    with reader.rules():
        check_closed_state(task.status, task.closed_on, task.created, today)
    history_readers = [
        _Reader(_("{task}, history {n}").format(task=reader.where, n=number), entry)
        for number, entry in enumerate(history_records, start=1)
    ]
    if history_as_lines:
        task.history = _history_from_lines(task, history_readers)
    else:
        task.history = [_read_event(entry_reader) for entry_reader in history_readers]
        ids = [event.id for event in task.history]
        if len(set(ids)) != len(ids):
            reader.fail(_("a history event id appears twice"))
    task.deadlines = _deadlines(reader, task)
    task.every, task.until = _repetition(reader)
    return task


def _repetition(reader: _Reader) -> tuple[Cadence | None, date | None]:
    """A periodic duty's cadence and last day."""
    every_text = reader.optional_text("every")
    until = reader.day("until")
    every = None
    if every_text is not None:
        try:
            every = Cadence(every_text)
        except ValueError:
            reader.fail(
                _("'every' {value!r} must be one of {choices}").format(
                    value=every_text, choices=", ".join(c.value for c in Cadence)
                )
            )
    # Not checked against the deadline as `add --every` is: a later occurrence's deadline
    # may since have been changed, and a file this tracker wrote is never refused.
    return every, until


def _deadlines(reader: _Reader, task: Task) -> tuple[DeadlineSet, ...]:
    """The task's deadlines over time, rebuilt from its history events; a file's own
    `deadlines` must say the same (they are the events' summary, not a second story)."""
    rebuilt = deadlines_from_history(recorded_day(task.created), task.due, task.history)
    given = reader.record.get("deadlines")
    if given is None:
        return rebuilt
    try:
        written = msgspec.convert(given, tuple[DeadlineSet, ...], strict=False)
    except msgspec.ValidationError as problem:
        reader.fail(_("'deadlines' is not a list of deadlines: {problem}").format(problem=problem))
    if written != rebuilt:
        reader.fail(_("'deadlines' does not match the deadline changes in the task's history"))
    return rebuilt


def _history_from_lines(task: Task, readers: list[_Reader]) -> list[HistoryEvent]:
    """A version 1 history ({"on", "text", "kind"} each) as events
    (tracker/domain/prose_history.py)."""
    entries = []
    for entry_reader in readers:
        on = entry_reader.day("on", required=True)
        assert on is not None
        entry: dict[str, Any] = {
            "on": on.isoformat(),
            "text": entry_reader.text("text", one_line=False),
            "kind": entry_reader.optional_text("kind") or "note",
        }
        if extension(entry):
            for key in ("from", "to"):
                day = entry_reader.day(key, required=True)
                assert day is not None
                entry[key] = day.isoformat()
            entry["document"] = entry_reader.text("document", required=False)
        entries.append(entry)
    # The task's fields settle what the old lines left out (the new title of a retitling).
    return events_from_entries(msgspec.to_builtins(task), entries)


def _one_line(reader: _Reader, key: str) -> str:
    """An optional one-line text field of a task, stored as `add` stores it (spaces folded)."""
    return " ".join(reader.text(key, required=False).split())


def _read_event(reader: _Reader) -> HistoryEvent:
    """One version 2 history event."""
    event_id = reader.text("id")
    at = reader.moment("at")
    if at is None or at.tzinfo is None:
        reader.fail(
            _("'at' must be an ISO date-time with its time zone: {value!r}").format(
                value=reader.record.get("at")
            )
        )
    assert at is not None
    kind_text = reader.text("kind")
    try:
        kind = EventKind(kind_text)
    except ValueError:
        reader.fail(
            _("kind {kind!r} must be one of {choices}").format(
                kind=kind_text, choices=", ".join(k.value for k in EventKind)
            )
        )
    return HistoryEvent(
        id=event_id,
        at=at,
        kind=kind,
        field=reader.optional_text("field"),
        old=_event_value(reader, "old"),
        new=_event_value(reader, "new"),
        text=reader.text("text", required=False, one_line=False),
        effective=reader.day("effective"),
        document=reader.text("document", required=False),
        by=_author(reader),
        change=reader.text("change", required=False),
        undoes=reader.text("undoes", required=False),
    )


def _author(reader: _Reader) -> Author | None:
    """Who recorded an event: {"name", "agency"} (and "role", the server role, for a
    change made on a server), or null when not known."""
    value = reader.record.get("by")
    if value is None:
        return None
    if not isinstance(value, Mapping):
        reader.fail(_("'by' must be an object with a name and an agency, or null"))
    by = _Reader(_("{where}, 'by'").format(where=reader.where), value)
    return Author(
        name=by.text("name"),
        agency=by.text("agency", required=False),
        role=by.text("role", required=False),
    )


def _event_value(reader: _Reader, key: str) -> EventValue:
    """A field's value in an event: a string, a list of strings, or null."""
    value = reader.record.get(key)
    if isinstance(value, list):
        return reader.texts(key)
    if value is not None and not isinstance(value, str):
        reader.fail(_("{key!r} must be a string, a list of strings or null").format(key=key))
    return reader.optional_text(key, one_line=False)


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


def task_record(task: Task, uuids: Mapping[int, str] | None = None) -> dict[str, Any]:
    """One task in the interchange form (also the shape `list --format json` builds on);
    `uuids` gives the uuid of each task it links to by id."""
    (record,) = task_records([task], uuids)
    return record


def task_records(
    tasks: Sequence[Task], uuids: Mapping[int, str] | None = None
) -> list[dict[str, Any]]:
    """`task_record` of each task (all of one type), made in bulk: at 10,000 and 100,000
    tasks a tenth quicker than the hand-written records were.

    A link to another task is written as that task's uuid, found among `tasks` or in
    `uuids` (by id); a link to a task in neither is left out.
    """
    if not tasks:
        return []
    layout = _record_layout(type(tasks[0]))
    records: list[dict[str, Any]] = []
    # A few hundred at a time: each batch's temporary rows are freed before the next, where
    # 100,000 of them alive at once made the cyclic collector's passes cost 40 % more.
    for start in range(0, len(tasks), 256):
        records += _records_of(tasks[start : start + 256], *layout)
    # A deleted task is marked, last, so that its deletion travels with it; the others
    # (every one `list` shows) have no such key, as files have always had them.
    # Deadlines likewise: only a task whose deadline changed has them.
    if any(map(_DEADLINES, tasks)):
        for record, task in zip(records, tasks, strict=True):
            if task.deadlines:
                record["deadlines"] = msgspec.to_builtins(task.deadlines)
    if any(map(_DELETED_ON, tasks)):
        for record, task in zip(records, tasks, strict=True):
            if task.deleted_on is not None:
                record["deleted_on"] = task.deleted_on.isoformat()
    # Links likewise, only on the few tasks that have one, and by uuid.
    linked = [
        (record, task)
        for record, task in zip(records, tasks, strict=True)
        if task.parent is not None or task.previous is not None
    ]
    if linked:
        uuid_of = {**(uuids or {}), **{task.id: task.uuid for task in tasks}}
        for record, task in linked:
            for key in LINKS:
                target = getattr(task, key)
                if target is not None and target in uuid_of:
                    record[key] = uuid_of[target]
    return records


_DELETED_ON = attrgetter("deleted_on")
_DEADLINES = attrgetter("deadlines")


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
    for record in records:  # stored without their empty keys, written out with all of them
        record["history"] = list(map(event_record, record["history"]))
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
    # deleted_on and deadlines: task_records, only when set. The links between tasks hold
    # local ids, which mean nothing in another database: task_records names them by uuid.
    links = ("parent", "subtasks", "previous", "next")
    left_out = (*last, "description", "updated", "deleted_on", "deadlines", *links)
    first = [key for key in kind.__struct_fields__ if key not in left_out]
    first.insert(first.index("title") + 1, "description")
    keys = (*first, *last)
    types = field_types(kind)
    return (
        keys,
        attrgetter(*keys),
        tuple(key for key in keys if is_tuple(types[key])),
        tuple(key for key in keys if types[key] in (datetime, datetime | None)),
    )


def encode_interchange(data: dict[str, Any]) -> bytes:
    """An interchange file's bytes: indented JSON, with the C1 and bidi controls that msgspec
    writes raw escaped too, so that `cat export.json` cannot act on the terminal."""
    return escape_json_controls(msgspec.json.format(msgspec.json.encode(data), indent=2)) + b"\n"
