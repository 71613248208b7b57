"""What users paste: Hypothesis strategies for hostile text, ids, deadlines and files."""

from __future__ import annotations

import unicodedata
from typing import Any

from hypothesis import strategies as st

# Every general category Unicode has, so that each is tried as often as the others.
CATEGORIES = (
    "Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No",
    "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So",
    "Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Co", "Cn",
)  # fmt: skip

NASTY = (
    "\u200f",  # right-to-left mark
    "\u202e",  # right-to-left override: "txt.exe" shown reversed
    "\u2066\u2069",  # isolates
    "\ufeff",  # byte order mark
    "\u200b\u200c\u200d",  # zero-width space, non-joiner, joiner
    "\x1b[31m\x1b[2J",  # terminal escapes: colour, clear screen
    "\x07\x08\x7f",  # bell, backspace, delete
    "\r",
    "\t",
    "\x0b\x0c\x1c\x1d\x1e\x1f\x85\u2028\u2029",  # what str.splitlines() also splits on
    "[bold]",
    "[/]",
    "[link=https://example.com]bấm vào[/link]",  # Rich / Textual markup
    "$(rm -rf ~); `id` | & && || > < ' \" \\",  # shell
    '{"tasks": [], "x": null}',
    '"},{"uuid":"',  # JSON injection
    "\\u0000\\n",
    "%s %d {0} {title}",  # format strings
    "Robert'); DROP TABLE tasks;--",
    "ế̂̂̂̂̂̂̂",  # a letter with a pile of combining marks
    "👩‍👩‍👧‍👦🏳️‍🌈🍵",  # emoji with joiners
    "עברית עם English",
    "Đồng Xuân ĐỒNG XUÂN đồng xuân",
    "\ud800",  # a lone surrogate: text no UTF-8 file can hold
    "\udcff",  # how a byte of another encoding arrives in Python's argv
)

# Characters that cannot travel in a command's arguments at all.
NOT_IN_ARGV = "\x00"


def any_character(in_argv: bool = False) -> st.SearchStrategy[str]:
    """A character of a random Unicode category, or one of the nasty ones."""
    by_category = st.sampled_from(CATEGORIES).flatmap(
        lambda category: st.characters(categories=[category])  # type: ignore[list-item]
    )
    chars = st.one_of(by_category, st.sampled_from("".join(NASTY)))
    if in_argv:
        # Only the surrogates that stand for undecodable bytes can be passed to a process.
        chars = chars.filter(lambda c: c not in NOT_IN_ARGV and not ("\ud800" <= c < "\udc80"))
        chars = chars.filter(lambda c: not ("\udd00" <= c <= "\udfff"))
    return chars


def hostile_text(in_argv: bool = False, max_size: int = 40) -> st.SearchStrategy[str]:
    """Text a user might paste: mixed categories, nasty pieces, or 100,000 characters."""
    pieces = st.one_of(
        any_character(in_argv),
        st.sampled_from(NASTY).filter(lambda s: not in_argv or argv_safe(s)),
    )
    short = st.lists(pieces, max_size=max_size).map("".join)
    # 100,000 characters; in argv one-byte ones, since Linux caps an argument at 128 KiB.
    letters = "a ." if in_argv else "aế🍵\u200f \n"
    huge = st.builds(lambda c, tail: c * 100_000 + tail, st.sampled_from(letters), short)
    text = st.one_of(short, short, short, huge)
    return text.filter(fits_in_argv) if in_argv else text


def fits_in_argv(text: str) -> bool:
    """Linux refuses to start a process with one argument over 128 KiB (MAX_ARG_STRLEN)."""
    return len(text.encode("utf-8", "surrogateescape")) < 120_000


def argv_safe(text: str) -> bool:
    return all(c not in NOT_IN_ARGV and not ("\ud800" <= c < "\udc80") for c in text) and not any(
        "\udd00" <= c <= "\udfff" for c in text
    )


def categories_in(text: str) -> set[str]:
    return {unicodedata.category(c) for c in text[:1000]}


def task_id_text() -> st.SearchStrategy[str]:
    """What might be typed where a task id goes."""
    return st.one_of(
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
        st.sampled_from(
            [
                "0",
                "-1",
                "#12",
                " 12 ",
                "12abc",
                "1e3",
                "0x1f",
                "²",
                "١٢",
                "۱۲",
                "１２",
                "12.0",
                "99999999999",
                "999999999999",
                "9999999999999",
                "#",
                "",
                "٣",
                "⁵",
                "1_000",
            ]
        ),
        hostile_text(in_argv=True, max_size=8),
    )


def deadline_text(in_argv: bool = False) -> st.SearchStrategy[str]:
    """Random text where a deadline goes, with pieces of real deadline phrases mixed in."""
    words = st.sampled_from(
        ["30/9/2026", "2026-09-30", "+2w", "+999999999d", "eom", "friday", "31 dec 2026",
         "hôm nay", "ngày mai", "cuối quý", "Quý IV/2026", "quý 4/2026", "tháng 9/2026",
         "trước 30/9/2026", "ngày 30 tháng 9 năm 2026", "31/02/2026", "0/0/0", "9999-12-31",
         "-1", "+", "/", "Q5/2026", "quý 0/2026", "tháng 13", "ngày 32", "1/1/1", "1/1/99999"]
    )  # fmt: skip
    text = st.one_of(
        st.lists(st.one_of(words, hostile_text(in_argv, max_size=4)), max_size=4).map(" ".join),
        hostile_text(in_argv, max_size=20),
    )
    return text.filter(fits_in_argv) if in_argv else text


# --- interchange files ---------------------------------------------------------------------

JSON_VALUES: st.SearchStrategy[Any] = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | hostile_text(max_size=10).filter(lambda s: not any("\ud800" <= c <= "\udfff" for c in s)),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=6,
)


def paths_in(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place inside a JSON document, as a path of keys and indexes."""
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths_in(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths_in(item, (*prefix, index))
    return found


def at(document: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        document = document[step]
    return document
