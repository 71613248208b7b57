"""Text that never acts on a terminal or a spreadsheet: what may be stored, and how it is shown.

Input: a one-line field (a title, a name, an id) holds no control character (C0, DEL, C1)
and no bidirectional override or isolate, which would reorder what the reader sees; a
multi-line field (a description, a note, an outcome) may also hold line breaks and tabs.
Output: text stored before these rules (an old database, a hand edit) is shown with those
characters made visible: C0 as Unicode Control Pictures (ESC as ␛), DEL as ␡, C1 and the
bidi controls as `\\x9b` / `\\u202e` escapes. A CSV cell that a spreadsheet would read as
a formula is prefixed with `'` (OWASP's rule for CSV injection).

Every output runs `visible` for every row, so each function first asks a C-speed question
(`str.isprintable`, one precompiled regex search) and only rewrites text that needs it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain, repeat
from operator import attrgetter
from typing import Any

from tracker.domain.errors import InvalidInput
from tracker.domain.fields import CODE_COLUMNS, LIST_COLUMNS, TEXT_COLUMNS
from tracker.domain.model import TaskSummary
from tracker.domain.text import nfc
from tracker.i18n import _

_BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# Every character neither kind of field may hold; a multi-line field also takes \t and \n.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f" + _BIDI_CONTROLS + "]")
_UNSAFE_IN_LINES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + _BIDI_CONTROLS + "]")

# Characters that show nothing: zero-width space and joiners, word joiner and the invisible
# operators, byte order mark, soft hyphen, combining grapheme joiner, Mongolian vowel
# separator, the Hangul fillers, the blank Braille pattern and the directional marks.
_INVISIBLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e\u200f"
    "\u2060\u2061\u2062\u2063\u2064\u206a\u206b\u206c\u206d\u206e\u206f\u2800\u3164"
    "\ufeff\uffa0"
)
_NOTHING_SHOWN = str.maketrans("", "", _INVISIBLE)

_PICTURES = {code: 0x2400 + code for code in range(0x20)} | {0x7F: 0x2421}
_ESCAPES = {code: f"\\x{code:02x}" for code in range(0x80, 0xA0)} | {
    ord(char): f"\\u{ord(char):04x}" for char in _BIDI_CONTROLS
}
_SHOWN = str.maketrans(_PICTURES | _ESCAPES)
_SHOWN_IN_LINES = str.maketrans(
    {code: shown for code, shown in (_PICTURES | _ESCAPES).items() if code not in (9, 10)}
)

# What a spreadsheet starts a formula with (OWASP): = + - @, and TAB or CR before them.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def unsafe_character(text: str, lines: bool = False) -> str | None:
    """The first character a field may not hold, as U+XXXX; `lines` allows \\n and \\t."""
    if text.isprintable():
        return None
    found = (_UNSAFE_IN_LINES if lines else _UNSAFE).search(text)
    return f"U+{ord(found.group()):04X}" if found else None


def line_problem(text: str, field: str) -> str | None:
    """Why `text` cannot be the one-line field `field` (a translated noun), or None."""
    char = unsafe_character(text)
    if char is None:
        return None
    return _("{field} holds the control character {char}, which is not allowed").format(
        field=field, char=char
    )


def lines_problem(text: str, field: str) -> str | None:
    """Why `text` cannot be the multi-line field `field`, or None; line breaks and tabs are fine."""
    char = unsafe_character(text, lines=True)
    if char is None:
        return None
    return _(
        "{field} holds the control character {char}, which is not allowed "
        "(line breaks and tabs are)"
    ).format(field=field, char=char)


def shows_nothing(text: str) -> bool:
    """True when `text` has nothing to see once spaces and invisible characters are removed."""
    return not "".join(text.translate(_NOTHING_SHOWN).split())


def check_line(text: str, field: str) -> str:
    """`text` in NFC if it may be the one-line field `field`, else InvalidInput saying why.

    Every text a user types (command line, UI form) passes here on its way to the store,
    so this is where it takes its one stored form (tracker/domain/text.py `nfc`).
    """
    problem = line_problem(text, field)
    if problem:
        raise InvalidInput(problem)
    return nfc(text)


def check_lines(text: str, field: str) -> str:
    """`text` in NFC if it may be the multi-line field `field`, else InvalidInput saying why."""
    problem = lines_problem(text, field)
    if problem:
        raise InvalidInput(problem)
    return nfc(text)


def visible(text: str) -> str:
    """One line of stored text as it may reach a terminal: every control character shown."""
    if text.isprintable():
        return text
    return text.translate(_SHOWN) if _UNSAFE.search(text) else text


def visible_lines(text: str) -> str:
    """Stored text of several lines as it may reach a terminal: line breaks and tabs kept."""
    if text.isprintable():
        return text
    return text.translate(_SHOWN_IN_LINES) if _UNSAFE_IN_LINES.search(text) else text


def visible_all(texts: list[str]) -> list[str]:
    """`visible` over a column of cells, found out in one pass when none needs it."""
    if all(map(str.isprintable, texts)):
        return texts
    return list(map(visible, texts))


def spreadsheet_cell(text: str) -> str:
    """A CSV cell: control characters shown (line breaks and tabs kept), a formula defused."""
    shown = visible_lines(text)
    return "'" + shown if text.startswith(FORMULA_STARTS) else shown


def spreadsheet_row(row: Iterable[object]) -> list[object]:
    """A CSV row with every text cell through `spreadsheet_cell`; numbers stay numbers."""
    return [spreadsheet_cell(cell) if isinstance(cell, str) else cell for cell in row]


def spreadsheet_safe(texts: Iterable[str]) -> bool:
    """True when no text would change in a CSV cell: the usual case, found out fast.

    Two maps of a str method, with no Python call per text: about 50 ms for the stored
    text of 100,000 tasks here, where a Python call per cell costs several times that.
    """
    texts = list(texts)
    return all(map(str.isprintable, texts)) and not any(
        map(str.startswith, texts, repeat(FORMULA_STARTS))
    )


def task_texts(tasks: Sequence[TaskSummary]) -> Iterator[str]:
    """Every stored text a CSV row of these tasks writes: its text columns
    (tracker/domain/fields.py), each distinct agency, meeting or area once."""
    columns = []
    for key in TEXT_COLUMNS:
        column: Iterable[Any] = map(attrgetter(key), tasks)
        if key in CODE_COLUMNS:
            # Checking each distinct value once halves the texts to check (100 of 200 ms
            # at 100,000 tasks).
            column = set(column)
        if key in LIST_COLUMNS:
            column = chain.from_iterable(column)
        columns.append(filter(None, column))
    # Chained, not yielded: a generator's frame would cost a step for each of 500,000 texts.
    return chain.from_iterable(columns)


# In UTF-8: DEL, C1 (C2 80-9F) and the bidi controls (E2 80 AA-AE, E2 81 A6-A9).
_RAW_IN_JSON = re.compile(b"\x7f|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]")


def _json_escape(found: re.Match[bytes]) -> bytes:
    return b"\\u%04x" % ord(found.group().decode())


def escape_json_controls(encoded: bytes) -> bytes:
    """JSON as msgspec encodes it, with DEL, C1 and bidi controls written as \\u escapes.

    JSON requires C0 to be escaped, and msgspec does; the others it writes raw, and a
    terminal would act on them. Those bytes can only occur inside strings, where an
    escape stands for the same character, so the data is unchanged.
    """
    return _RAW_IN_JSON.sub(_json_escape, encoded) if _RAW_IN_JSON.search(encoded) else encoded
