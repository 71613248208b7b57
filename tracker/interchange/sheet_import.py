"""Read a task sheet (.xlsx) as departments circulate it into the tasks `import` stores.

Two steps, so that the slow one runs before the database's lock is taken: `read_workbook`
reads the file's cells (openpyxl, loaded only here), and `read_tasks` makes them tasks
against the database's agencies and meetings, checked by the rules `add` applies
(tracker/domain/rules.py), into a Dataset that `Tracker` stores as it stores a JSON file.

The table's heading row is found among the first rows (a title and a blank row often sit
above it), its columns by their headings in either language (sheet_columns.py). All or
nothing: the first bad cell refuses the file, naming its row and its column's heading as
the sheet shows them.
"""

from __future__ import annotations

import io
import re
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from msgspec.structs import replace

from tracker.domain import history
from tracker.domain.agency_names import AgencyNames
from tracker.domain.dates import format_date, parse_deadline
from tracker.domain.errors import InvalidInput
from tracker.domain.model import (
    Agency,
    Agreement,
    ChangeStamp,
    Meeting,
    Status,
    Task,
    canonical_uuid,
)
from tracker.domain.rules import (
    check_closed_state,
    check_partners,
    clean_agency,
    clean_area,
    clean_line,
    clean_lines,
    clean_meeting,
    clean_title,
    recorded_by_closing,
)
from tracker.domain.safe_text import shows_nothing
from tracker.domain.text import loose_key
from tracker.domain.vocabulary import AREAS, STATUSES, Term
from tracker.i18n import _
from tracker.interchange.dataset import Dataset
from tracker.interchange.sheet_columns import (
    AGENCY_COLUMNS,
    AGREEMENT_COLUMNS,
    MEETING_COLUMNS,
    SHEET_TITLES,
    TASK_COLUMNS,
    Column,
)

# How far down the heading row is looked for: a sheet's title, the issuing office, a
# date line and blank rows come before it, never a dozen of them.
HEADING_ROWS = 15
# A row is the heading row when at least this many of its cells are known headings: one
# could be a title that happens to say "Nhiệm vụ".
HEADINGS_NEEDED = 2

_ZIP = b"PK\x03\x04"
_OLD_EXCEL = b"\xd0\xcf\x11\xe0"  # Excel 97-2003 (.xls), an OLE2 compound file
# A row numbering the columns under the headings, as official tables have: (1), (2), ...
_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")
# Separators of the agencies in a partners cell; a comma is one too, but may also be part
# of a name ("Sở Văn hóa, Thể thao và Du lịch"): see `_agency_list`.
_LIST_BREAK = re.compile(r"[;\n\r]+")
# A reference to another row: its STT, as `export` writes a parent ("#12") or a person
# would ("12", "12.").
_ROW_REF = re.compile(r"^#?\s*(\d+)\.?$")
_NUMBER_FIRST = re.compile(r"^#(\d+)\b")
_YEAR = re.compile(r"^(19|2\d)\d\d$")
# Words departments write in a status column besides the tracker's own (vocabulary.py).
_STATUS_WORDS = {
    "in progress": "in_progress",
    "canceled": "cancelled",
    "dung huy": "cancelled",
    "huy": "cancelled",
    "da dung": "cancelled",
    "da hoan thanh": "done",
    "chua hoan thanh": "open",
    "dang trien khai": "in_progress",
}
# The namespace of the uuids given to rows that carry none (see `_row_uuid`).
_SHEET_NAMESPACE = "6f1c2a54-3b7e-4d0a-9a51-2f8e0c6b9d13"


@dataclass(frozen=True)
class Table:
    """One sheet's table: where its headings are, and the rows under them."""

    sheet: str  # the sheet's title
    heading_row: int  # its number on the sheet, from 1
    # Field key -> (the column's index from 0, its heading as the sheet shows it).
    columns: dict[str, tuple[int, str]]
    rows: list[tuple[int, tuple[object, ...]]]  # (row number on the sheet, its values)

    def value(self, cells: tuple[object, ...], key: str) -> object:
        """The cell of `key`'s column in a row, None if the sheet has no such column."""
        found = self.columns.get(key)
        if found is None or found[0] >= len(cells):
            return None
        return cells[found[0]]


@dataclass(frozen=True)
class TaskWorkbook:
    """What `import` read from a workbook, before the database is looked at."""

    name: str  # the file as its user named it, for refusals
    tasks: Table
    agencies: Table | None = None
    meetings: Table | None = None
    agreements: Table | None = None


def is_workbook(content: bytes) -> bool:
    """True when `content` starts as an Excel file does: a zip archive (.xlsx), or an old
    Excel 97-2003 file, which `read_workbook` refuses saying so."""
    return content.startswith((_ZIP, _OLD_EXCEL))


def read_workbook(content: bytes, name: str, sheet: str | None = None) -> TaskWorkbook:
    """The tables of a workbook's task sheet (`sheet`, else the tasks sheet or the first
    one) and of its agencies and meetings sheets if it has them; InvalidInput if it is
    no workbook, has no such sheet or no heading row, or lacks the task and lead columns."""
    if content.startswith(_OLD_EXCEL):
        raise InvalidInput(
            _(
                "{file} is an Excel 97-2003 workbook (.xls): save it as .xlsx and import it again"
            ).format(file=name)
        )
    if not content.startswith(_ZIP):
        raise InvalidInput(_("{file} is not an Excel workbook (.xlsx)").format(file=name))
    import openpyxl  # loaded only by a workbook import

    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            return _read_book(book, name, sheet)
        finally:
            book.close()
    except InvalidInput:
        raise
    # A damaged file fails in the zip, XML or openpyxl layers, each with its own errors.
    except Exception as error:
        raise InvalidInput(
            _("{file} cannot be read as an Excel workbook: {reason}").format(
                file=name, reason=_reason(error)
            )
        ) from None


def _read_book(book: Any, name: str, sheet: str | None) -> TaskWorkbook:
    """The tables of an open workbook (see `read_workbook`)."""
    sheets = {title: book[title] for title in book.sheetnames}
    titles = list(sheets)
    chosen = _task_sheet_title(titles, sheet, name)
    tasks = _table(name, chosen, _cells(sheets[chosen]), TASK_COLUMNS, ("title", "lead"))
    extra: dict[str, Table | None] = {}
    for kind, columns, required in (
        ("agencies", AGENCY_COLUMNS, ("code", "name")),
        ("meetings", MEETING_COLUMNS, ("id", "title", "date")),
        ("agreements", AGREEMENT_COLUMNS, ("code", "title")),
    ):
        title = _titled(titles, kind)
        extra[kind] = (
            _table(name, title, _cells(sheets[title]), columns, required)
            if title is not None and title != chosen
            else None
        )
    return TaskWorkbook(name, tasks, extra["agencies"], extra["meetings"], extra["agreements"])


def _reason(error: Exception) -> str:
    """An exception as one short line."""
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 120 else text[:119] + "…"


def _task_sheet_title(titles: Sequence[str], wanted: str | None, name: str) -> str:
    """The sheet to read tasks from: `wanted` (exactly, else without case and diacritics),
    or the one titled as the tasks sheet, or the first that holds no agencies, meetings or
    agreements."""
    if wanted is not None:
        if wanted in titles:
            return wanted
        loose = [title for title in titles if loose_key(title) == loose_key(wanted)]
        if len(loose) == 1:
            return loose[0]
        raise InvalidInput(
            _('{file} has no sheet "{sheet}"; its sheets are {titles}').format(
                file=name, sheet=wanted, titles=", ".join(f'"{title}"' for title in titles)
            )
        )
    found = _titled(titles, "tasks")
    if found is not None:
        return found
    others = {_titled(titles, kind) for kind in ("agencies", "meetings", "agreements")}
    return next((title for title in titles if title not in others), titles[0])


def _titled(titles: Sequence[str], kind: str) -> str | None:
    """The sheet titled as SHEET_TITLES[kind] says, in either language, if there is one."""
    keys = {loose_key(title) for title in SHEET_TITLES[kind]}
    return next((title for title in titles if loose_key(title) in keys), None)


def _cells(sheet: Any) -> Iterator[tuple[object, ...]]:
    """A sheet's rows of values, from row 1 (an empty row is an empty tuple)."""
    if not hasattr(sheet, "iter_rows"):  # a chart sheet has no cells
        return iter(())
    # Some programs write a wrong size into the sheet; read the rows that are there.
    sheet.reset_dimensions()
    rows: Iterator[tuple[object, ...]] = sheet.iter_rows(values_only=True)
    return rows


def _heading_keys(columns: Sequence[Column]) -> dict[str, str]:
    """Each heading a column may have (both languages, aliases), loosely -> its field."""
    keys: dict[str, str] = {}
    for column in columns:
        for heading in (column.en, column.vi, *column.aliases):
            keys.setdefault(loose_key(heading) or heading.strip(), column.key)
    return keys


def _heading_key(value: object) -> str:
    if not isinstance(value, str):
        return ""
    return loose_key(value) or value.strip()  # "#" is a heading of its own


def _table(
    name: str,
    sheet: str,
    rows: Iterator[tuple[object, ...]],
    columns: Sequence[Column],
    required: Sequence[str],
) -> Table:
    """The table of one sheet, its heading row found among the first HEADING_ROWS rows;
    InvalidInput if none is, or a `required` column is missing."""
    keys = _heading_keys(columns)
    for number, cells in enumerate(rows, start=1):
        if number > HEADING_ROWS:
            break
        found: dict[str, tuple[int, str]] = {}
        for index, value in enumerate(cells):
            key = keys.get(_heading_key(value))
            if key is not None and key not in found:  # the first of two alike counts
                found[key] = (index, " ".join(str(value).split()))
        if len(found) >= HEADINGS_NEEDED:
            missing = [
                column for column in columns if column.key in required and column.key not in found
            ]
            if missing:
                raise InvalidInput(
                    _('{file}, sheet "{sheet}", row {row}: missing columns: {columns}').format(
                        file=name,
                        sheet=sheet,
                        row=number,
                        columns=", ".join(f'"{c.vi}" ("{c.en}")' for c in missing),
                    )
                )
            return Table(sheet, number, found, _body(rows, number, found))
    expected = [column for column in columns if column.key in required]
    raise InvalidInput(
        _(
            '{file}, sheet "{sheet}": no row of headings in its first {rows} rows; '
            "expected headings such as {headings}"
        ).format(
            file=name,
            sheet=sheet,
            rows=HEADING_ROWS,
            headings=", ".join(f'"{c.vi}" ("{c.en}")' for c in expected),
        )
    )


def _body(
    rows: Iterator[tuple[object, ...]], heading_row: int, columns: Mapping[str, tuple[int, str]]
) -> list[tuple[int, tuple[object, ...]]]:
    """The rows under the headings that hold something besides a row number."""
    read = [index for key, (index, _heading) in columns.items() if key != "number"]
    body = []
    for number, cells in enumerate(rows, start=heading_row + 1):
        values = [cells[index] if index < len(cells) else None for index in read]
        if all(_blank(value) for value in values):
            continue  # an empty row, or one with only its STT
        if number == heading_row + 1 and _numbers_the_columns(cells):
            continue
        body.append((number, tuple(cells)))
    return body


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and shows_nothing(value))


def _numbers_the_columns(cells: tuple[object, ...]) -> bool:
    """True for a row such as "(1) (2) (3)" or "1 2 3", which numbers the columns."""
    filled = [_as_text(value) for value in cells if not _blank(value)]
    return len(filled) >= HEADINGS_NEEDED and all(
        _COLUMN_NUMBER.match(text) and text.strip("()") == str(place)
        for place, text in enumerate(filled, start=1)
    )


# From cells to tasks ---------------------------------------------------------------------


def read_tasks(
    book: TaskWorkbook,
    agencies: Mapping[str, Agency],
    meetings: Mapping[str, Meeting],
    agreements: Collection[str],
    *,
    today: date,
    stamp: ChangeStamp,
    known_uuids: Collection[str] = (),
    meeting: str | None = None,
) -> Dataset:
    """The workbook's agencies, meetings and tasks as the database would record them.

    `agencies`, `meetings` and `agreements` are the database's; the workbook's own
    agencies, meetings and agreements sheets add to them. Every task is put under `meeting`
    when it is given. InvalidInput names the first bad cell's row and column.
    """
    dataset = Dataset()
    if book.agencies is not None:
        dataset.agencies = _read_agencies(book.name, book.agencies)
    if book.agreements is not None:
        dataset.agreements = _read_agreements(book.name, book.agreements)
        agreements = {*agreements, *(agreement.code for agreement in dataset.agreements)}
    if book.meetings is not None:
        dataset.meetings = _read_meetings(book.name, book.meetings, agreements, today)
    names = AgencyNames(
        [*agencies.values(), *(a for a in dataset.agencies if a.code not in agencies)]
    )
    known_meetings = {**{m.id: m for m in dataset.meetings}, **meetings}
    if meeting is not None:
        from tracker.domain.rules import check_meeting

        try:
            meeting = check_meeting(meeting, known_meetings)
        except InvalidInput as error:
            raise InvalidInput(
                _("{option}: {problem}").format(option="--meeting", problem=error)
            ) from None
    rows = _TaskRows(book, names, known_meetings, today, stamp, meeting)
    for number, cells in book.tasks.rows:
        rows.read(number, cells)
    rows.link_parents(dataset, set(known_uuids))
    dataset.tasks = rows.tasks
    return dataset


@dataclass
class _Cell:
    """Where a value is read from, for refusals: the file, the row, the column's heading,
    and the sheet when it is not the task sheet (the agencies or meetings one)."""

    file: str
    row: int
    heading: str
    sheet: str | None = None

    def refuse(self, problem: str) -> InvalidInput:
        if self.sheet is not None:
            return InvalidInput(
                _('{file}, sheet "{sheet}", row {row}, column "{column}": {problem}').format(
                    file=self.file,
                    sheet=self.sheet,
                    row=self.row,
                    column=self.heading,
                    problem=problem,
                )
            )
        return InvalidInput(
            _('{file}, row {row}, column "{column}": {problem}').format(
                file=self.file, row=self.row, column=self.heading, problem=problem
            )
        )


@dataclass
class _RowReader:
    """Reads the cells of one row of a table; a refusal names the cell."""

    file: str
    table: Table
    row: int
    cells: tuple[object, ...]
    name_sheet: bool = False  # say which sheet in refusals (not the task sheet)

    def where(self, key: str) -> _Cell:
        heading = self.table.columns[key][1] if key in self.table.columns else key
        return _Cell(self.file, self.row, heading, self.table.sheet if self.name_sheet else None)

    @contextmanager
    def rules(self, key: str) -> Iterator[None]:
        """Apply a rule to the cell of `key`, naming it in a refusal."""
        try:
            yield
        except InvalidInput as error:
            raise self.where(key).refuse(str(error)) from None

    def raw(self, key: str) -> object:
        return self.table.value(self.cells, key)

    def text(self, key: str) -> str:
        """The cell as text, trimmed; "" when blank or absent."""
        return _as_text(self.raw(key))

    def line(self, key: str, what: str) -> str:
        """A one-line field: a line break in the cell (Alt+Enter) reads as a space."""
        with self.rules(key):
            return clean_line(" ".join(self.text(key).splitlines()), what)

    def lines(self, key: str, what: str) -> str:
        with self.rules(key):
            return clean_lines(self.text(key), what)

    def day(self, key: str, today: date) -> date | None:
        """A date cell, or any deadline phrase `add --due` reads; None when blank."""
        value = self.raw(key)
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, time):
            raise self.where(key).refuse(_("a time of day is not a date"))
        text = _as_text(value)
        if not text:
            return None
        if _YEAR.match(text):
            # A year alone (a number cell, often) is that year's end, as "năm 2027" is.
            text = f"năm {text}"
        with self.rules(key):
            return parse_deadline(text, today)


def _as_text(value: object) -> str:
    """A cell's value as text: numbers as written (12, not 12.0), dates day first."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime) and value.time() == time():
        return format_date(value.date())
    if isinstance(value, date) and not isinstance(value, datetime):
        return format_date(value)
    return str(value).strip()


def _read_agencies(name: str, table: Table) -> list[Agency]:
    """The agencies sheet's agencies, as `agencies add` would record them."""
    found = []
    for number, cells in table.rows:
        reader = _RowReader(name, table, number, cells, name_sheet=True)
        agency = Agency(
            code=reader.text("code"),
            name=" ".join(reader.text("name").splitlines()),
            short=" ".join(reader.text("short").splitlines()),
            locality=" ".join(reader.text("locality").splitlines()),
        )
        with reader.rules("code" if not agency.code or agency.name else "name"):
            found.append(clean_agency(agency))
    return found


def _read_agreements(name: str, table: Table) -> list[Agreement]:
    """The agreements sheet's agreements: a code, a title and the localities party to it."""
    found = []
    for number, cells in table.rows:
        reader = _RowReader(name, table, number, cells, name_sheet=True)
        code = reader.line("code", _("the agreement code"))
        title = reader.line("title", _("the agreement title"))
        if not code:
            raise reader.where("code").refuse(_("the agreement code is missing"))
        if not title:
            raise reader.where("title").refuse(_("the agreement title is missing"))
        parties = tuple(
            part.strip() for part in _LIST_BREAK.split(reader.text("parties")) if part.strip()
        )
        found.append(Agreement(code=code, title=title, parties=parties))
    return found


def _read_meetings(
    name: str, table: Table, agreements: Collection[str], today: date
) -> list[Meeting]:
    """The meetings sheet's meetings, as `meetings add` would record them.

    Each meeting names its agreement by code: one neither the database nor the workbook's
    agreements sheet knows is left out rather than recorded pointing at nothing.
    """
    found = []
    for number, cells in table.rows:
        reader = _RowReader(name, table, number, cells, name_sheet=True)
        day = reader.day("date", today)
        if day is None:
            raise reader.where("date").refuse(_("the meeting's date is missing"))
        agreement = reader.text("agreement")
        meeting = Meeting(
            id=reader.text("id"),
            title=" ".join(reader.text("title").splitlines()),
            date=day,
            place=reader.line("place", _("the place")),
            agreement=agreement if agreement in agreements else None,
            # Chairs are people and titles, which may hold a comma; a line or ";" parts them.
            chairs=tuple(
                part.strip() for part in _LIST_BREAK.split(reader.text("chairs")) if part.strip()
            ),
            document=reader.line("document", _("the conclusion document")),
        )
        with reader.rules("id" if not meeting.id or meeting.title else "title"):
            found.append(clean_meeting(meeting))
    return found


class _TaskRows:
    """The task sheet's rows read one by one into tasks, and their links at the end."""

    def __init__(
        self,
        book: TaskWorkbook,
        names: AgencyNames,
        meetings: Mapping[str, Meeting],
        today: date,
        stamp: ChangeStamp,
        meeting: str | None,
    ) -> None:
        self.book = book
        self.names = names
        self.meetings = meetings
        self.meeting_titles: dict[str, set[str]] = {}
        for known in meetings.values():
            self.meeting_titles.setdefault(loose_key(known.title), set()).add(known.id)
        self.today = today
        self.stamp = stamp
        self.meeting = meeting
        self.tasks: list[Task] = []
        self.row_of: dict[str, int] = {}  # task uuid -> its row, for refusals
        self.by_number: dict[int, str] = {}  # STT -> the uuid of that row's task
        self.by_title: dict[str, list[str]] = {}  # loose title -> uuids of those rows
        self.parents: list[tuple[_RowReader, str, str]] = []  # (row, its uuid, parent cell)
        self.seen: dict[tuple[str, str], int] = {}  # (lead, loose title) -> rows so far

    def read(self, number: int, cells: tuple[object, ...]) -> None:
        """Read one row into a task, or refuse the file naming its first bad cell."""
        reader = _RowReader(self.book.name, self.book.tasks, number, cells)
        with reader.rules("title"):
            title = clean_title(" ".join(reader.text("title").splitlines()))
        lead = self._lead(reader)
        named = self._agencies(reader, "partners")
        with reader.rules("partners"):
            partners = check_partners(named, self.names.codes, lead)
        due = reader.day("due", self.today)
        status, closed_on = self._status(reader)
        uuid = self._uuid(reader, lead, title)
        created = recorded_by_closing(self.stamp.at, closed_on)
        events = [history.created(replace(self.stamp, at=created))]
        note = reader.lines("notes", _("the notes"))
        if note:
            events.append(history.note(note, self.stamp))
        task = Task(
            id=0,
            uuid=uuid,
            title=title,
            lead=lead,
            description=reader.lines("description", _("the description")),
            partners=partners,
            meeting=self._meeting(reader),
            area=self._area(reader),
            due=due,
            status=status,
            closed_on=closed_on,
            outcome=reader.lines("outcome", _("the outcome")) or None,
            created=created,
            document=reader.line("document", _("the assigning document")),
            directed_by=reader.line("directed_by", _("the leader who directed it")),
            history=events,
        )
        self.tasks.append(task)
        self.row_of[uuid] = number
        row_number = _row_number(reader.raw("number"))
        if row_number is not None:
            self.by_number.setdefault(row_number, uuid)
        self.by_title.setdefault(loose_key(title), []).append(uuid)
        parent = reader.text("parent")
        if parent:
            self.parents.append((reader, uuid, parent))

    def _lead(self, reader: _RowReader) -> str:
        text = reader.text("lead")
        if not text:
            raise reader.where("lead").refuse(
                _("no lead agency: name one, by its code, name or short name")
            )
        with reader.rules("lead"):
            code = self.names.find(text)
            if code is not None:
                return code
            try:
                several = self._codes(text)
            except InvalidInput:
                several = []  # not a list of agencies either: say the whole cell is unknown
            if len(several) > 1:
                raise InvalidInput(
                    _(
                        "a task has one lead agency, not {count}: put the others under the "
                        "partner agencies"
                    ).format(count=len(several))
                )
            return self.names.code_of(text)

    def _agencies(self, reader: _RowReader, key: str) -> list[str]:
        """The codes of the agencies the cell of `key` names (see `_codes`)."""
        with reader.rules(key):
            return self._codes(reader.text(key))

    def _codes(self, text: str) -> list[str]:
        """The codes of the agencies `text` names, one a line or separated by ";" or ",".

        A comma may be part of a name ("Sở Văn hóa, Thể thao và Du lịch"): the longest run
        of comma-separated pieces that names an agency is taken first.
        """
        found = []
        for part in _LIST_BREAK.split(text):
            pieces = part.split(",")
            start = 0
            while start < len(pieces):
                if shows_nothing(pieces[start]):
                    start += 1
                    continue
                for end in range(len(pieces), start, -1):
                    code = self.names.find(",".join(pieces[start:end]))
                    if code is not None:
                        found.append(code)
                        start = end
                        break
                else:
                    self.names.code_of(pieces[start])  # refuses, naming the piece
        return found

    def _status(self, reader: _RowReader) -> tuple[Status, date | None]:
        """The status and closing day; a closing day and no status means done."""
        closed_on = reader.day("closed_on", self.today)
        words = reader.text("status")
        if not words:
            status = Status.DONE if closed_on is not None else Status.OPEN
        else:
            key = _status_key(words)
            if key is None:
                raise reader.where("status").refuse(
                    _("{words!r} is not a status; write one of {choices}").format(
                        words=words,
                        choices=", ".join(
                            f"{term.vi} ({status})" for status, term in STATUSES.items()
                        ),
                    )
                )
            status = Status(key)
        blamed = (
            "closed_on"
            if closed_on is not None and "closed_on" in reader.table.columns
            else "status"
        )
        with reader.rules(blamed):
            check_closed_state(status, closed_on, None, self.today)
        return status, closed_on

    def _uuid(self, reader: _RowReader, lead: str, title: str) -> str:
        """The row's uuid: its UUID cell, else one made from its lead and title, so that
        importing the same sheet again finds its tasks already there."""
        given = canonical_uuid(" ".join(reader.text("uuid").split()))
        if given:
            if given in self.row_of:
                raise reader.where("uuid").refuse(
                    _("the same uuid as row {row}").format(row=self.row_of[given])
                )
            with reader.rules("uuid"):
                clean_line(given, "uuid")
            return given
        key = (lead, loose_key(title))
        self.seen[key] = self.seen.get(key, 0) + 1
        return _row_uuid(lead, loose_key(title), self.seen[key])

    def _meeting(self, reader: _RowReader) -> str | None:
        if self.meeting is not None:
            return self.meeting  # --meeting: every task is under it
        text = " ".join(reader.text("meeting").split())
        if not text:
            return None
        if text in self.meetings:
            return text
        by_title = self.meeting_titles.get(loose_key(text), set())
        if len(by_title) == 1:
            return next(iter(by_title))
        from tracker.domain.rules import check_meeting

        with reader.rules("meeting"):
            return check_meeting(text, self.meetings)

    def _area(self, reader: _RowReader) -> str | None:
        area = reader.line("area", _("the area"))
        # The words of an area in either language are that area ("du lịch" is tourism).
        return _term_key(area, AREAS) or clean_area(area)

    def link_parents(self, dataset: Dataset, known_uuids: set[str]) -> None:
        """Give each row with a "part of" cell its parent: the row of that STT, else the
        row of that title, else a task of the database by uuid."""
        parent_of: dict[str, tuple[str, _RowReader]] = {}
        for reader, uuid, text in self.parents:
            target = self._parent(reader, text, known_uuids)
            if target == uuid:
                raise reader.where("parent").refuse(_("a task cannot be part of itself"))
            parent_of[uuid] = (target, reader)
        for uuid, (target, reader) in parent_of.items():
            step, seen = target, {uuid}
            while step in parent_of:
                if step in seen:
                    raise reader.where("parent").refuse(
                        _("its rows are part of one another in a circle")
                    )
                seen.add(step)
                step = parent_of[step][0]
            dataset.links[uuid] = {"parent": target}

    def _parent(self, reader: _RowReader, text: str, known_uuids: set[str]) -> str:
        number = _row_number(text)
        if number is not None:
            if number in self.by_number:
                return self.by_number[number]
            raise reader.where("parent").refuse(
                _("no row of this sheet has the number {number}").format(number=number)
            )
        titled = self.by_title.get(loose_key(text), [])
        if len(titled) == 1:
            return titled[0]
        numbered = _NUMBER_FIRST.match(text)  # "#12 Khảo sát ...": the number and a title
        if numbered and int(numbered.group(1)) in self.by_number:
            return self.by_number[int(numbered.group(1))]
        uuid = canonical_uuid(text)
        if uuid in known_uuids or uuid in self.row_of:
            return uuid
        raise reader.where("parent").refuse(
            _('"{text}" is neither the number nor the title of a row of this sheet').format(
                text=text
            )
        )


def _row_number(value: object) -> int | None:
    """A row's number (STT) as written: 12, "12", "12." or "#12"; None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    found = _ROW_REF.match(_as_text(value))
    return int(found.group(1)) if found else None


def _status_key(words: str) -> str | None:
    """The stored status `words` name: its value, or its words in either language."""
    key = loose_key(words)
    if key.replace(" ", "_") in STATUSES:
        return key.replace(" ", "_")
    return _term_key(words, STATUSES) or _STATUS_WORDS.get(key)


def _term_key(words: str, terms: Mapping[str, Term]) -> str | None:
    """The key of the term whose key or words (either language) `words` are, loosely."""
    if not words:
        return None
    key = loose_key(words)
    for term_key, term in terms.items():
        if key in (loose_key(term_key), loose_key(term.en), loose_key(term.vi)):
            return term_key
    return None


def _row_uuid(lead: str, title: str, occurrence: int) -> str:
    """A uuid made from a row's lead agency, loose title and how many rows before it had
    both (RFC 9562 version 5): the same row of the same sheet gets the same uuid again."""
    import uuid

    name = f"{lead}\n{title}\n{occurrence}"
    return str(uuid.uuid5(uuid.UUID(_SHEET_NAMESPACE), name))
