"""A record's fields as the forms we write derive them, and a task's columns, declared once.

A record is written as its msgspec Struct: `plain_fields` gives the stored document and
the interchange record with no list of keys, so a field added to a record is stored and
exported with no other code.

`list --format csv`, the report's CSV task rows and its JSON `tasks` all write these
columns, in this order; each writer adds its own derived columns in the standing's place
(the report's label and days overdue). Every column but the standing is a field of
`TaskSummary`, read as it is: msgspec writes dates as ISO and enums as their values in
JSON, csv writes them the same way, and a list field becomes one cell joined by ";".
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
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
)

LIST_SEPARATOR = ";"  # between the items of a list field in one CSV cell

# Task's, which are TaskSummary's and more: the store resolves them for its writes anyway.
_FIELD_TYPES = field_types(Task)
_AT = TASK_COLUMNS.index(STANDING)
# A row is two C-level reads of several attributes each, with the standing between them:
# a Python call per cell would cost a third of writing 100,000 rows.
_BEFORE = attrgetter(*TASK_COLUMNS[:_AT])
_AFTER = attrgetter(*TASK_COLUMNS[_AT + 1 :])


def _is_list(kind: Any) -> bool:
    """True for a tuple or list field, which CSV writes as one joined cell."""
    return is_tuple(kind) or getattr(kind, "__origin__", None) is list


def _holds_text(kind: Any) -> bool:
    """True for str, str | None and tuple[str, ...] fields."""
    return kind is str or str in getattr(kind, "__args__", ())


# The list columns' positions before the standing, and after it, which CSV joins.
_JOINED_BEFORE = tuple(i for i, key in enumerate(TASK_COLUMNS[:_AT]) if _is_list(_FIELD_TYPES[key]))
_JOINED_AFTER = tuple(
    i for i, key in enumerate(TASK_COLUMNS[_AT + 1 :]) if _is_list(_FIELD_TYPES[key])
)

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


def header(*derived: str) -> tuple[str, ...]:
    """The column names, with `derived` (the standing and any of the writer's) in its place."""
    return (*TASK_COLUMNS[:_AT], *derived, *TASK_COLUMNS[_AT + 1 :])


def row(task: TaskSummary, derived: tuple[Any, ...]) -> tuple[Any, ...]:
    """A task's column values as they are (lists as tuples, None for nothing), `derived`
    in the standing's place: what JSON writes."""
    return (*_BEFORE(task), *derived, *_AFTER(task))


def csv_rows(
    tasks: Iterable[TaskSummary], derived: Iterable[tuple[Any, ...]]
) -> Iterator[list[Any]]:
    """Each task's CSV cells (a list field joined by ";"), with its `derived` values in the
    standing's place; None is left for csv to write as an empty cell."""
    join = LIST_SEPARATOR.join
    before, after = _BEFORE, _AFTER
    joined_before, joined_after = _JOINED_BEFORE, _JOINED_AFTER
    for task, extra in zip(tasks, derived, strict=True):
        cells = [*before(task), *extra, *after(task)]
        for i in joined_before:
            cells[i] = join(cells[i])
        if joined_after:
            start = _AT + len(extra)
            for i in joined_after:
                cells[start + i] = join(cells[start + i])
        yield cells
