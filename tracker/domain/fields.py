"""A record's fields as the forms we write derive them, and a task's columns, declared once.

A record is written as its msgspec Struct: `plain_fields` gives the stored document and
the interchange record with no list of keys, so a field added to a record is stored and
exported with no other code.

`list --format csv`, the report's CSV task rows and its JSON `tasks` all write these
columns, in this order; each writer adds its own derived columns in the standing's place
(the report's label and days overdue; its JSON puts days overdue last). Every column but
the standing is a field of `TaskSummary`: JSON gets its values as they are (msgspec writes
dates ISO and enums as their values), CSV the same with a list field joined by ";".
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from functools import cache
from operator import attrgetter
from typing import Any

import msgspec

from tracker.domain.model import Task, TaskSummary


def plain_fields(record: msgspec.Struct) -> dict[str, Any]:
    """A record's fields, in declared order, as plain JSON values: dates ISO, enums their
    values, nested records dicts, and its tuple fields lists (msgspec's to_builtins keeps
    tuples; a nested record's would stay tuples, which JSON writes the same)."""
    values: dict[str, Any] = msgspec.to_builtins(record)
    for key in _tuple_fields(type(record)):
        values[key] = list(values[key])
    return values


@cache
def field_types(kind: type[msgspec.Struct]) -> dict[str, Any]:
    """Each field of a record type, in declared order, with its type (worked out once per
    type: resolving the annotations costs 0.2 ms, which `tracker add` would feel)."""
    return {field.name: field.type for field in msgspec.structs.fields(kind)}


def is_tuple(kind: Any) -> bool:
    """True for a tuple[...] field type."""
    return getattr(kind, "__origin__", None) is tuple


@cache
def _tuple_fields(kind: type[msgspec.Struct]) -> tuple[str, ...]:
    return tuple(key for key, field_type in field_types(kind).items() if is_tuple(field_type))


STANDING = "standing"  # as of the writer's date (tracker/domain/standing.py), not stored

TASK_COLUMNS: tuple[str, ...] = (
    "id",
    "uuid",
    "title",
    "lead",
    "partners",
    "meeting",
    "area",
    "due",
    "status",
    STANDING,
    "closed_on",
    "outcome",
    # Added in issue 15, at the end where scripts reading columns by position find them.
    "document",
    "directed_by",
    # The task this one is part of, by its id (issue 15): a sheet finds its row by `id`.
    "parent",
)

LIST_SEPARATOR = ";"  # between the items of a list field in one CSV cell

# Task's, which are TaskSummary's and more: the store resolves them for its writes anyway.
_FIELD_TYPES = field_types(Task)
_AT = TASK_COLUMNS.index(STANDING)


def _is_list(kind: Any) -> bool:
    """True for a tuple or list field, which CSV writes as one joined cell."""
    return is_tuple(kind) or getattr(kind, "__origin__", None) is list


def _holds_text(kind: Any) -> bool:
    """True for str, str | None and tuple[str, ...] fields."""
    return kind is str or str in getattr(kind, "__args__", ())


def _is_day(kind: Any) -> bool:
    """True for a date or date | None field (a datetime is not one)."""
    return kind is date or kind == date | None


# The columns that hold text a user or a file gave, which a CSV cell must make safe.
TEXT_COLUMNS: tuple[str, ...] = tuple(
    key for key in TASK_COLUMNS if key != STANDING and _holds_text(_FIELD_TYPES[key])
)
# The list columns, each written as one cell in CSV.
LIST_COLUMNS: frozenset[str] = frozenset(
    key for key in TASK_COLUMNS if key != STANDING and _is_list(_FIELD_TYPES[key])
)
# Columns that name another record (an agency, a meeting, an area): 40 agencies lead
# 100,000 tasks, so a check over a column's text looks at each distinct value once.
CODE_COLUMNS: frozenset[str] = frozenset({"lead", "partners", "meeting", "area"})
_DAY_COLUMNS = frozenset(
    key for key in TASK_COLUMNS if key != STANDING and _is_day(_FIELD_TYPES[key])
)


def header(*derived: str) -> tuple[str, ...]:
    """The column names, with `derived` (the standing and any of the writer's) in its place."""
    return (*TASK_COLUMNS[:_AT], *derived, *TASK_COLUMNS[_AT + 1 :])


# Tables are made a column at a time, each a map in C over the tasks, and zipped into rows
# (or records) in C: 100,000 rows with no Python call per row or per cell.


def value_columns(
    tasks: Sequence[TaskSummary], derived: Sequence[Iterable[Any]]
) -> list[Iterable[Any]]:
    """Each column's values as they are (lists as tuples, None for nothing), with the
    writer's `derived` columns in the standing's place: what JSON writes."""
    return [
        *(map(attrgetter(key), tasks) for key in TASK_COLUMNS[:_AT]),
        *derived,
        *(map(attrgetter(key), tasks) for key in TASK_COLUMNS[_AT + 1 :]),
    ]


def csv_rows(
    tasks: Sequence[TaskSummary], derived: Sequence[Iterable[Any]]
) -> Iterator[tuple[Any, ...]]:
    """Each task's CSV cells, with the writer's `derived` columns in the standing's place: a
    list field joined by ";", dates ISO, None left for csv to write as an empty cell."""
    # A few hundred distinct dates among 100,000 tasks: each is spelled once.
    day = cache(_iso_or_none)
    join = LIST_SEPARATOR.join

    def column(key: str) -> Iterable[Any]:
        values = map(attrgetter(key), tasks)
        if key in LIST_COLUMNS:
            return map(join, values)
        if key in _DAY_COLUMNS:
            return map(day, values)
        return values

    return zip(
        *(column(key) for key in TASK_COLUMNS[:_AT]),
        *derived,
        *(column(key) for key in TASK_COLUMNS[_AT + 1 :]),
        strict=True,
    )


def _iso_or_none(day: date | None) -> str | None:
    return None if day is None else day.isoformat()
