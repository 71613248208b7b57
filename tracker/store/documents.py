"""Conversions between stored JSON documents (decoded or still bytes) and domain records."""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping
from datetime import date
from typing import Any, TypeVar

import msgspec

from tracker.domain.changes import ChangeRecord, TaskChange
from tracker.domain.errors import StoreError
from tracker.domain.fields import plain_fields
from tracker.domain.model import Agency, Agreement, Meeting, Task, TaskSummary
from tracker.i18n import _

Document = dict[str, Any]
T = TypeVar("T", bound=TaskSummary)
S = TypeVar("S", bound=msgspec.Struct)
R = TypeVar("R")

# A stored document is either msgspec.Raw (its bytes in the file, not decoded yet) or a
# dict (decoded, or written during this session).
_ANY = msgspec.json.Decoder()


# What decoding a stored document's bytes raises when they are not a good document:
# DecodeError (ValidationError is one) for the wrong shape; UnicodeDecodeError for text
# that is not UTF-8, which msgspec only checks in the documents it decodes, not when it
# reads the file; RecursionError for nesting deeper than the decoder's stack.
UNREADABLE = (msgspec.DecodeError, UnicodeDecodeError, RecursionError)

# A small table's record builders also index, convert and parse dates on their way.
_MALFORMED = (*UNREADABLE, KeyError, TypeError, ValueError, AttributeError)


def document(value: Any) -> Any:
    """A stored document as plain JSON values."""
    return _ANY.decode(value) if isinstance(value, msgspec.Raw) else value


def decoded_table(name: str, table: Mapping[str, Any]) -> dict[str, Any]:
    """Every document of a table as plain JSON values; DamagedDocument names a bad one."""
    decoded = {}
    for key, value in table.items():
        try:
            decoded[key] = document(value)
        except UNREADABLE as error:
            raise DamagedDocument(name, key, error) from None
    return decoded


def records_from_table(name: str, table: Mapping[str, Any], read: Callable[[Any], R]) -> list[R]:
    """Each document of a small table (agencies, agreements, meetings) made a record by
    `read`; DamagedDocument names the first one that is not a record."""
    records = []
    for key, stored in table.items():
        try:
            records.append(read(stored))
        except _MALFORMED as error:
            raise DamagedDocument(name, key, error) from None
    return records


def record_to_document(record: msgspec.Struct) -> Document:
    """The stored form of an agency, agreement or meeting: its fields as msgspec writes them
    (dates ISO, lists as lists), so a field added to the record is stored with no code here."""
    return plain_fields(record)


agency_to_document = agreement_to_document = meeting_to_document = record_to_document


def agency_from_document(stored: Any) -> Agency:
    """The agency of a stored document."""
    doc = document(stored)
    return Agency(
        code=doc["code"],
        name=doc["name"],
        short=doc.get("short") or "",
        locality=doc.get("locality") or "",
    )


def agreement_from_document(stored: Any) -> Agreement:
    """The agreement of a stored document."""
    doc = document(stored)
    return Agreement(code=doc["code"], title=doc["title"], parties=tuple(doc.get("parties", ())))


def meeting_from_document(stored: Any) -> Meeting:
    """The meeting of a stored document."""
    doc = document(stored)
    return Meeting(
        id=doc["id"],
        title=doc["title"],
        date=date.fromisoformat(doc["date"]),
        place=doc.get("place") or "",
        agreement=doc.get("agreement"),
        chairs=tuple(doc.get("chairs", ())),
        notes=doc.get("notes") or "",
        document=doc.get("document") or "",
    )


def change_to_document(record: ChangeRecord) -> Document:
    """The stored form of a record of the changes journal: the tasks the change added as
    ranges of ids ("added": [[first, last], ...]), the others with their fields before
    and after. An import of 100,000 tasks is one change: its ids one by one would add
    1.3 MB to the file, which every later write would carry."""
    stored: Document = msgspec.to_builtins(record)
    added = [change.id for change in record.tasks if change.before is None]
    if added:
        stored["tasks"] = [
            doc
            for doc, change in zip(stored["tasks"], record.tasks, strict=True)
            if change.before is not None
        ]
        stored["added"] = _id_ranges(added)
    return stored


def _id_ranges(ids: list[int]) -> list[list[int]]:
    """Sorted ids as runs of consecutive ones, [first, last] each."""
    ranges: list[list[int]] = []
    for task_id in sorted(ids):
        if ranges and task_id == ranges[-1][1] + 1:
            ranges[-1][1] = task_id
        else:
            ranges.append([task_id, task_id])
    return ranges


def change_from_document(key: str, stored: Any) -> ChangeRecord:
    """A record of the changes journal; DamagedDocument if it is not one."""
    try:
        doc = dict(document(stored))
        added = [
            TaskChange(id=task_id)
            for first, last in doc.pop("added", [])
            for task_id in range(int(first), int(last) + 1)
        ]
        record = msgspec.convert(doc, ChangeRecord)
    except _MALFORMED as error:
        raise DamagedDocument("changes", key, error) from None
    if not added:
        return record
    tasks = sorted((*record.tasks, *added), key=lambda change: change.id)
    return msgspec.structs.replace(record, tasks=tuple(tasks))


def task_to_document(task: Task) -> Document:
    """The stored form of a task: every field of Task as msgspec writes it, which is what
    the decoders below read back; the id is TinyDB's document key, not a field."""
    stored = plain_fields(task)
    del stored["id"]
    # Left out while unset, as the decoders' default: 100,000 live tasks carry no
    # "deleted_on": null nor "deadlines": [], and files written before those fields
    # existed read the same.
    for key in _ONLY_WHEN_SET:
        if not stored[key]:
            del stored[key]
    return stored


# Keys a task document holds only while they are set (see task_to_document): each one's
# unset value is falsy (None, "", an empty list), and no set value is.
_ONLY_WHEN_SET = (
    "deleted_on",
    "deadlines",
    "document",
    "directed_by",
    "parent",
    "subtasks",
    "every",
    "until",
    "previous",
    "next",
)


def task_update(task: Task) -> Callable[[MutableMapping[str, Any]], None]:
    """The change that makes a stored task document hold `task`, for TinyDB's update: its
    fields written over the document's (keys we do not know are kept), and the keys held
    only while set removed when they are not (a restored task's "deleted_on")."""
    stored = task_to_document(task)

    def apply(doc: MutableMapping[str, Any]) -> None:
        doc.update(stored)
        for key in _ONLY_WHEN_SET:
            if key not in stored:
                doc.pop(key, None)

    return apply


class _UuidOnly(msgspec.Struct):
    uuid: str


class _AreaOnly(msgspec.Struct):
    area: str | None = None


# A task document has exactly Task's fields less the id, so msgspec decodes it straight
# into a Task, checking every type on the way: the hot path of every load of 100,000 tasks.
# A TaskSummary decoder skips the description and history, which reports never read.
_DECODERS: dict[type[msgspec.Struct], msgspec.json.Decoder[Any]] = {
    kind: msgspec.json.Decoder(kind) for kind in (Task, TaskSummary, _UuidOnly, _AreaOnly)
}


def _decoded(task_id: int, stored: Any, kind: type[S]) -> S:
    """A stored task document as a `kind`; DamagedDocument if it is not one."""
    try:
        if type(stored) is msgspec.Raw:
            decoded: S = _DECODERS[kind].decode(stored)
            return decoded
        return msgspec.convert(stored, kind)
    except UNREADABLE as error:
        raise DamagedDocument("tasks", task_id, error) from None


def task_from_document(task_id: int, stored: Any) -> Task:
    """The task stored under `task_id`; DamagedDocument if its document is damaged."""
    task = _decoded(task_id, stored, Task)
    task.id = task_id
    return task


def tasks_from_table(
    table: Mapping[str, Any], kind: type[T], include_deleted: bool = False
) -> list[T]:
    """Every task of the stored table as a `kind` (Task or TaskSummary), in table order;
    deleted tasks only when `include_deleted`.

    The loop of `task_from_document` with `_decoded` written out, since it runs 100,000
    times.
    """
    decode = _DECODERS[kind].decode
    raw_type = msgspec.Raw
    tasks: list[T] = []
    append = tasks.append
    # Forty agencies lead 100,000 tasks: each task gets the one shared copy of its lead's
    # code, partner list and area instead of its own. Grouping and counting by them then
    # reads the same few objects, which made building and printing a report 20 % faster
    # at 100,000 tasks (and 2.5 ms of 50 at 10,000) for the 1.7 ms this loop costs.
    shared: dict[Any, Any] = {}
    share = shared.setdefault
    key = ""
    try:
        for key, stored in table.items():
            task = decode(stored) if type(stored) is raw_type else msgspec.convert(stored, kind)
            if task.deleted_on is not None and not include_deleted:
                continue
            task.id = int(key)
            task.lead = share(task.lead, task.lead)
            task.partners = share(task.partners, task.partners)
            task.area = share(task.area, task.area)
            append(task)
    except UNREADABLE as error:  # caught here, so that a good table pays nothing for it
        raise DamagedDocument("tasks", key, error) from None
    return tasks


def task_uuid(task_id: int, stored: Any) -> str:
    """The uuid of a stored task, without decoding the rest of it."""
    return _decoded(task_id, stored, _UuidOnly).uuid


def task_area(task_id: int, stored: Any) -> str | None:
    """The area of a stored task, without decoding the rest of it."""
    return _decoded(task_id, stored, _AreaOnly).area


class DamagedDocument(StoreError):
    """A stored record whose document is not one (edited by hand, or by another program)."""

    def __init__(self, table: str, key: object, error: BaseException) -> None:
        if table == "tasks":
            message = _("task #{id} cannot be read ({reason})")
        elif table == "agencies":
            message = _("agency record {id} cannot be read ({reason})")
        elif table == "agreements":
            message = _("agreement record {id} cannot be read ({reason})")
        elif table == "meetings":
            message = _("meeting record {id} cannot be read ({reason})")
        elif table == "meta":
            message = _("its meta record cannot be read ({reason})")
        else:
            message = _("record {id} of table {table!r} cannot be read ({reason})")
        super().__init__(message.format(id=key, table=table, reason=_reason(error)))


def _reason(error: BaseException) -> str:
    """What is wrong with a document, in words: an exception's own text says it poorly."""
    if isinstance(error, UnicodeDecodeError):
        return _("text that is not UTF-8")
    if isinstance(error, RecursionError):
        return _("nested too deeply")
    if isinstance(error, KeyError):
        return _("no {field!r} field").format(field=error.args[0] if error.args else "")
    if isinstance(error, (TypeError, AttributeError)):
        return _("not a record of the expected shape")
    return str(error)
