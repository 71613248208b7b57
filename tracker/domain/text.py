"""Vietnamese-aware text helpers: folding for search and a sort key for names."""

import unicodedata
from functools import lru_cache

# Marks that make a different letter of the Vietnamese alphabet (ă, â, ê, ô, ơ, ư);
# the remaining combining marks are tones, which only break ties when sorting.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn
# f, j, w and z are not Vietnamese but appear in names; they sit where Latin puts them.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}
_TONE_RANK = {"": 0, "\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def fold(text: str) -> str:
    """Lower-case `text` and strip every diacritic, đ/Đ included: "Đồng Xuân" -> "dong xuan"."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("đ", "d")


def matches(query: str, *fields: str) -> bool:
    """True when every word of `query` occurs, folded, in one of `fields`."""
    haystack = " ".join(fold(field) for field in fields)
    return all(word in haystack for word in fold(query).split())


@lru_cache(maxsize=4096)
def sort_key(name: str) -> tuple[tuple[int, ...], tuple[int, ...], str]:
    """Order names as a Vietnamese reader expects: a < ă < â < b ... d < đ, tones break ties."""
    letters: list[int] = []
    tones: list[int] = []
    for char in unicodedata.normalize("NFC", name.casefold()):
        parts = unicodedata.normalize("NFD", char)
        base, marks = parts[0], parts[1:]
        letter = base + "".join(m for m in marks if m in _LETTER_MARKS)
        letter = unicodedata.normalize("NFC", letter)
        tone = next((m for m in marks if m not in _LETTER_MARKS), "")
        # Anything that is not a letter (space, digits, punctuation) keeps its code point,
        # which is below every letter's band: "Sở 1" < "Sở A" and "Hà Nội" < "HàNội".
        rank = _LETTER_RANK.get(letter)
        letters.append(rank + 0x110000 if rank is not None else ord(letter))
        tones.append(_TONE_RANK.get(tone, 6))
    return tuple(letters), tuple(tones), name
