"""The task workbook of `export --format xlsx` (tasks and what they refer to) and `list`'s.

Columns and sheet titles are sheet_columns.py's, headed in the workbook's language, so
that `tracker import` reads back what is written here into an empty database: STT is the
task's #id, the lead and partners are agency codes (partners joined by "; "), the meeting
is its id, the area its stored value, "part of" the parent's #id, and the uuid keeps
each task itself across the trip. Status and standing are words of the language; the
standing and the days overdue are as of the day given. Deleted tasks are left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from tracker.domain import vocabulary
from tracker.domain.deadlines import deadline_in_force
from tracker.domain.model import Agency, EventKind, Meeting, Task
from tracker.domain.standing import Standing, standing_as_of
from tracker.interchange.dataset import Dataset
from tracker.interchange.sheet_columns import (
    AGENCY_COLUMNS,
    AGREEMENT_COLUMNS,
    MEETING_COLUMNS,
    SHEET_TITLES,
    TASK_COLUMNS,
    Column,
)
from tracker.interchange.workbook import Cell, SheetColumn, Workbook

# The kind of each task column's cells (workbook.py); any other is one line of text.
_KINDS = {
    "number": "number",
    "due": "date",
    "days_overdue": "number",
    "closed_on": "date",
    "parent": "number",
    "description": "lines",
    "notes": "lines",
}
_MEETING_KINDS = {"date": "date"}
_OVERDUE = Standing.OPEN_OVERDUE


def encode_workbook(dataset: Dataset, lang: str, *, as_of: date) -> bytes:
    """Every task not deleted, every agency, meeting and agreement, as an .xlsx file's bytes.

    `lang` ("vi" or "en") heads the columns and words the statuses and standings, which
    are as of `as_of`.
    """
    book = Workbook()
    tasks = [task for task in dataset.tasks if not task.is_deleted]
    _task_sheet(book, tasks, lang, as_of)
    book.table(
        sheet_title("agencies", lang),
        _headings(AGENCY_COLUMNS, lang),
        _agency_rows(dataset.agencies),
    )
    book.table(
        sheet_title("meetings", lang),
        _headings(MEETING_COLUMNS, lang, _MEETING_KINDS),
        _meeting_rows(dataset.meetings),
    )
    book.table(
        sheet_title("agreements", lang),
        _headings(AGREEMENT_COLUMNS, lang),
        [
            [agreement.code, agreement.title, "; ".join(agreement.parties) or None]
            for agreement in dataset.agreements
        ],
    )
    return book.content()


def encode_task_list(tasks: Sequence[Task], lang: str, *, as_of: date) -> bytes:
    """The tasks given (a `tracker list`), in the task sheet's columns, as an .xlsx file."""
    book = Workbook()
    _task_sheet(book, tasks, lang, as_of)
    return book.content()


def sheet_title(what: str, lang: str) -> str:
    """The title of the sheet holding `what` ("tasks", "agencies", ...) in `lang`."""
    english, vietnamese = SHEET_TITLES[what]
    return vietnamese if lang == "vi" else english


def _headings(
    columns: Sequence[Column], lang: str, kinds: dict[str, str] | None = None
) -> list[SheetColumn]:
    kinds = kinds or {}
    return [
        SheetColumn(column.vi if lang == "vi" else column.en, kinds.get(column.key, "text"))
        for column in columns
    ]


def _task_sheet(book: Workbook, tasks: Sequence[Task], lang: str, as_of: date) -> None:
    book.table(
        sheet_title("tasks", lang),
        _headings(TASK_COLUMNS, lang, _KINDS),
        _task_rows(tasks, lang, as_of),
    )


def _task_rows(tasks: Sequence[Task], lang: str, as_of: date) -> list[list[Cell]]:
    """One row per task, in TASK_COLUMNS' order."""
    vietnamese = lang == "vi"
    statuses = {
        key: term.vi if vietnamese else term.en for key, term in vocabulary.STATUSES.items()
    }
    standings = {
        key: term.vi if vietnamese else term.en for key, term in vocabulary.STANDINGS.items()
    }
    keys = [column.key for column in TASK_COLUMNS]
    rows: list[list[Cell]] = []
    for task in tasks:
        standing = standing_as_of(task, as_of)
        days_overdue = None
        if standing is _OVERDUE:
            due = deadline_in_force(task, as_of)
            days_overdue = (as_of - due).days if due is not None else None
        # By key, so that a column added to TASK_COLUMNS is written empty until it is
        # given here, never under another column's heading.
        record: dict[str, Cell] = {
            "number": task.id,
            "title": task.title,
            "lead": task.lead,
            "partners": "; ".join(task.partners) or None,
            "due": task.due,
            "status": statuses[task.status],
            "standing": standings[standing],
            "days_overdue": days_overdue,
            "closed_on": task.closed_on,
            "outcome": task.outcome or None,
            "meeting": task.meeting,
            "area": task.area,
            "document": task.document or None,
            "directed_by": task.directed_by or None,
            "parent": task.parent,
            "description": task.description or None,
            "notes": _notes(task),
            "uuid": task.uuid,
        }
        rows.append([record.get(key) for key in keys])
    return rows


def _notes(task: Task) -> str | None:
    """The task's progress notes, one a line, oldest first: "dd/mm/yyyy: text"."""
    notes = [
        f"{event.on:%d/%m/%Y}: {event.text}"
        for event in task.history
        if event.kind is EventKind.NOTE and event.text
    ]
    return "\n".join(notes) or None


def _agency_rows(agencies: Iterable[Agency]) -> list[list[Cell]]:
    return [
        [agency.code, agency.name, agency.short or None, agency.locality or None]
        for agency in agencies
    ]


def _meeting_rows(meetings: Iterable[Meeting]) -> list[list[Cell]]:
    return [
        [
            meeting.id,
            meeting.title,
            meeting.date,
            meeting.place or None,
            meeting.agreement,
            "; ".join(meeting.chairs) or None,
            meeting.document or None,
        ]
        for meeting in meetings
    ]
