"""Vietnamese-aware text helpers: one stored form (NFC), folding for search, sort keys."""

import codecs
import unicodedata
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import Any

# Marks that make a different letter of the Vietnamese alphabet (ă, â, ê, ô, ơ, ư);
# the remaining combining marks are tones, which only break ties when sorting.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn
# f, j, w and z are not Vietnamese but appear in names; they sit where Latin puts them.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}
_TONE_RANK = {"": 0, "\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def nfc(text: str) -> str:
    """`text` in the one form the tracker stores: NFC, each accented letter one code point.

    Windows' built-in Vietnamese keyboard, and text pasted from some PDFs, give "ế" as
    "e" + circumflex + acute; stored as typed, it would compare, sort and count as
    another word than the "ế" of the same title typed elsewhere.
    """
    # The check is a fast scan; almost all text arrives composed already.
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower-case `text` and strip every diacritic, đ/Đ included: "Đồng Xuân" -> "dong xuan"."""
    quick = _quick_fold(text)
    if quick is not None:
        return quick
    return _letter_by_letter(text)


def _letter_by_letter(text: str) -> str:
    """The definition of `fold`, which its shortcuts follow exactly."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("đ", "d")


def fold_all(texts: Sequence[str]) -> list[str]:
    """`fold` of each text, in order, folding many short texts a block at a time.

    Search folds the text of every task on every `list --search`: one call per block of
    2,048 texts instead of one per text spares 100,000 calls' overhead at 100,000 tasks.
    Folding goes letter by letter and the separator is a letter no other letter changes,
    so the folded block splits back into the folded texts.
    """
    folded: list[str] = []
    for start in range(0, len(texts), _BLOCK):
        block = texts[start : start + _BLOCK]
        joined = _SEPARATOR.join(block)
        quick = _quick_fold(joined) if joined.count(_SEPARATOR) == len(block) - 1 else None
        if quick is None:
            folded += map(fold, block)
        else:
            folded += quick.split(_SEPARATOR)
    return folded


def _quick_fold(text: str) -> str | None:
    """`fold(text)` by a shortcut, for text whose only letters beyond ASCII are đ, Đ and
    letters with diacritics (all Vietnamese and English text); None for any other text.

    Exact, since folding maps each letter on its own (tests/test_text.py checks every
    letter of Unicode): ASCII is only lower-cased; a text of printable ASCII and the
    Vietnamese alphabet goes through a table (`_alphabet_fold`); any other is decomposed,
    and when the letters the ASCII encoder drops are as many as its combining marks
    U+0300-U+033F (UTF-8 bytes starting 0xCC), they were those marks.
    """
    if text.isascii():
        return text.lower()
    try:
        return _alphabet_fold(text)
    except UnicodeEncodeError:  # a letter outside the table's alphabet
        pass
    decomposed = unicodedata.normalize("NFD", text).replace("đ", "d").replace("Đ", "D")
    letters = decomposed.encode("ascii", "ignore")
    # surrogatepass: a lone surrogate (bad text from a file) is counted, not an error.
    marks = decomposed.encode("utf-8", "surrogatepass").count(0xCC)
    if len(decomposed) - len(letters) != marks:
        return None
    return letters.lower().decode("ascii")


def _alphabet_fold(text: str) -> str:
    """Fold text of printable ASCII, tab, line break, NUL and the Vietnamese alphabet in
    both cases; UnicodeEncodeError for any other letter.

    Five times faster than decomposing: the charmap codec turns each of these 232 letters
    into a byte of its own in one C loop, and one bytes.translate turns each byte into the
    letter's fold.
    """
    encoding, folding = _alphabet_tables()
    return codecs.charmap_encode(text, "strict", encoding)[0].translate(folding).decode("ascii")


@cache
def _alphabet_tables() -> tuple[Any, bytes]:
    """The charmap codec's table of the alphabet, and the fold of each of its bytes."""
    vietnamese = "aàảãáạăằẳẵắặâầẩẫấậdđeèẻẽéẹêềểễếệiìỉĩíịoòỏõóọôồổỗốộơờởỡớợuùủũúụưừửữứựyỳỷỹýỵ"
    letters = "\0\t\n" + "".join(map(chr, range(0x20, 0x7F)))
    letters += "".join(letter for letter in vietnamese + vietnamese.upper() if letter > "~")
    folds = [_letter_by_letter(letter) for letter in letters]
    assert all(len(folded) == 1 and folded.isascii() for folded in folds)
    # The alphabet's letters are bytes 0 to 231; the folding table's other bytes are unused.
    return codecs.charmap_build(letters), "".join(folds).ljust(256, "?").encode("ascii")


# Joins texts folded together: a control character, kept as it is by folding.
_SEPARATOR = "\0"
_BLOCK = 2048


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


def loose_key(text: str) -> str:
    """`fold(text)` with punctuation and runs of spaces as one space, trimmed: the key two
    spellings of one name or heading share ("Sở KH&ĐT Hà Nội", "so kh-dt  ha noi")."""
    return " ".join("".join(ch if ch.isalnum() else " " for ch in fold(text)).split())
