"""Search folding and Vietnamese name order: what users type finds what they meant."""

from __future__ import annotations

import itertools
import random
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.domain.errors import InvalidInput
from tracker.domain.safe_text import (
    check_line,
    check_lines,
    escape_json_controls,
    line_problem,
    lines_problem,
    shows_nothing,
    spreadsheet_cell,
    spreadsheet_row,
    spreadsheet_safe,
    visible,
    visible_all,
    visible_lines,
)
from tracker.domain.text import _quick_fold, fold, fold_all, matches, sort_key

# Letters users actually type in names: the Vietnamese alphabet with every tone, both cases.
VIETNAMESE_LETTERS = (
    "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ"
)
vietnamese_text = st.text(
    alphabet=st.sampled_from(VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper() + " 0123456789"),
    max_size=30,
)


# --- fold ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đồng Xuân", "dong xuan"),
        ("Kế hoạch", "ke hoach"),
        ("ĐÀ NẴNG", "da nang"),
        ("Sở Kế hoạch và Đầu tư", "so ke hoach va dau tu"),
        ("Thái Nguyên", "thai nguyen"),
        ("Ương", "uong"),
        ("", ""),
    ],
)
def test_fold_drops_case_and_every_diacritic(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_fold_treats_decomposed_input_like_composed_input() -> None:
    # Text pasted from macOS or some PDFs arrives decomposed (NFD).
    assert fold(unicodedata.normalize("NFD", "Đồng Xuân")) == "dong xuan"


@given(st.text(max_size=40))
def test_fold_is_idempotent(text: str) -> None:
    once = fold(text)
    assert fold(once) == once


@given(st.text(max_size=40))
def test_fold_leaves_no_combining_mark_and_no_d_with_stroke(text: str) -> None:
    folded = fold(text)
    assert not any(unicodedata.combining(ch) for ch in folded)
    assert "đ" not in folded
    assert "Đ" not in folded


@given(vietnamese_text)
def test_fold_of_vietnamese_text_is_plain_lower_case_ascii(text: str) -> None:
    folded = fold(text)
    assert folded.isascii()
    assert folded == folded.lower()
    assert len(folded) == len(text)  # one letter in, one letter out: positions line up


# --- matches ---------------------------------------------------------------------------

AGENCY_NAME = "Sở Kế hoạch và Đầu tư Hà Nội"


@pytest.mark.parametrize(
    "query",
    [
        "ke hoach ha noi",
        "KE HOACH",
        "Kế hoạch",
        "ha noi ke hoach",  # word order is free
        "dau tu",
        "noi",  # part of a word is enough
        "  ke   hoach  ",
        "",  # an empty search box shows everything
    ],
)
def test_matches_finds_the_name_without_diacritics_or_case(query: str) -> None:
    assert matches(query, AGENCY_NAME)


@pytest.mark.parametrize("query", ["ke hoach da nang", "thai nguyen", "ke-hoach", "hoach ke x"])
def test_matches_needs_every_word(query: str) -> None:
    assert not matches(query, AGENCY_NAME)


def test_matches_looks_in_every_field_given() -> None:
    assert matches("dong xuan ha noi", "Chợ Đồng Xuân", "Hà Nội")
    assert not matches("dong xuan thai nguyen", "Chợ Đồng Xuân", "Hà Nội")


def test_matches_does_not_join_words_across_fields() -> None:
    # "xuanha" exists only if the two fields were glued together without a separator.
    assert not matches("xuanha", "Chợ Đồng Xuân", "Hà Nội")


@given(vietnamese_text, vietnamese_text)
def test_any_word_of_a_field_finds_it(field: str, other: str) -> None:
    for word in field.split():
        assert matches(word, other, field)
        assert matches(fold(word).upper(), field)


# --- sort_key --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("earlier", "later"),
    [
        ("An", "Ân"),
        ("Ân", "Ấp"),
        ("Ấp", "Bắc"),
        ("An", "Ăn"),
        ("Ăn", "Ân"),
        ("D", "Đ"),
        ("Duy Tiên", "Đà Nẵng"),
        ("Đà Nẵng", "Điện Biên"),
        ("Hà Giang", "Hà Nội"),
        ("Thái Nguyên", "Thanh Hóa"),
        ("Hà Nội", "Hàng Bạc"),  # a shorter word comes first
        ("O", "Ô"),
        ("Ô", "Ơ"),
        ("U", "Ư"),
        ("E", "Ê"),
        ("Ma", "Mà"),
        ("Mà", "Mả"),
        ("Mả", "Mã"),
        ("Mã", "Má"),
        ("Má", "Mạ"),
        ("ma", "MB"),  # case does not decide before letters do
        ("Sở 1", "Sở A"),
    ],
)
def test_sort_key_follows_the_vietnamese_alphabet(earlier: str, later: str) -> None:
    assert sort_key(earlier) < sort_key(later)


def test_sorting_provinces_gives_the_order_a_reader_expects() -> None:
    expected = [
        "An Giang",
        "Bà Rịa - Vũng Tàu",
        "Bắc Giang",
        "Bắc Ninh",
        "Cà Mau",
        "Cần Thơ",
        "Đà Nẵng",
        "Điện Biên",
        "Hà Giang",
        "Hà Nội",
        "Hải Phòng",
        "Thái Nguyên",
        "Thanh Hóa",
        "Yên Bái",
    ]
    shuffled = expected[:]
    random.Random(7).shuffle(shuffled)
    assert sorted(shuffled, key=sort_key) == expected


def test_foreign_letters_do_not_sort_before_the_alphabet() -> None:
    assert sort_key("An Giang") < sort_key("Fansipan")
    assert sort_key("Yên Bái") < sort_key("Zalo")


def test_equal_folding_names_still_have_distinct_keys() -> None:
    # Names differing only by case or tone must not compare equal, or sorting would drop order.
    names = ["ha noi", "Hà Nội", "HÀ NỘI", "Ha Noi", unicodedata.normalize("NFD", "Hà Nội")]
    keys = {sort_key(name) for name in names}
    assert len(keys) == len(names)


@given(st.lists(st.text(max_size=12), max_size=30), st.randoms(use_true_random=False))
def test_sorting_any_strings_is_total_and_independent_of_input_order(
    names: list[str], rng: random.Random
) -> None:
    ordered = sorted(names, key=sort_key)
    shuffled = names[:]
    rng.shuffle(shuffled)
    assert sorted(shuffled, key=sort_key) == ordered
    assert sorted(ordered, key=sort_key) == ordered
    for first, second in itertools.pairwise(ordered):
        assert sort_key(first) <= sort_key(second)


@given(st.text(max_size=12), st.text(max_size=12))
def test_sort_key_orders_any_two_strings_exactly_one_way(first: str, second: str) -> None:
    a, b = sort_key(first), sort_key(second)
    if first == second:
        assert a == b
    else:
        assert (a < b) != (b < a)


def _without_tones(text: str) -> str:
    letter_marks = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn make letters
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch) or ch in letter_marks)
    return unicodedata.normalize("NFC", kept)


@given(vietnamese_text, vietnamese_text)
def test_tones_only_break_ties_between_letters(first: str, second: str) -> None:
    toneless_first, toneless_second = _without_tones(first), _without_tones(second)
    if sort_key(toneless_first)[0] < sort_key(toneless_second)[0]:
        assert sort_key(first) < sort_key(second)


# --- safe text: what may be stored, how stored text is shown ---------------------------

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
C0_AND_C1 = [chr(c) for c in (*range(0x20), *range(0x7F, 0xA0))]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x1b]0;pwned\x07", "␛]0;pwned␇"),
        ("\x1b[2J", "␛[2J"),
        ("a\x00b\x7f", "a␀b␡"),
        ("\x9b31m", "\\x9b31m"),
        ("\u202etxt.exe\u2069", "\\u202etxt.exe\\u2069"),
        ("dòng 1\ndòng 2\t", "dòng 1␊dòng 2␉"),
        ("Kế hoạch [bold] 👩‍👩‍👧 עברית\u200f", "Kế hoạch [bold] 👩‍👩‍👧 עברית\u200f"),
    ],
)
def test_visible_shows_every_control_character(text: str, shown: str) -> None:
    assert visible(text) == shown


def test_visible_lines_keeps_line_breaks_and_tabs_only() -> None:
    assert visible_lines("a\n\tb\r\x1b[2J") == "a\n\tb␍␛[2J"


@given(st.text())
def test_visible_text_holds_no_control_character(text: str) -> None:
    shown = visible(text)
    assert not any(c in shown for c in [*C0_AND_C1, *BIDI_CONTROLS])
    assert not any(
        c in visible_lines(text) for c in [*C0_AND_C1, *BIDI_CONTROLS] if c not in "\n\t"
    )
    assert visible_all([text, "x"]) == [shown, "x"]


@given(st.text(st.characters(exclude_categories=["Cc"], exclude_characters=BIDI_CONTROLS)))
def test_text_that_may_be_stored_is_shown_as_it_is(text: str) -> None:
    assert visible(text) == text
    # Stored text is NFC: a letter typed decomposed, or a compatibility ideograph such as
    # U+F900, is kept as its composed form, never refused.
    assert check_line(text, "the title") == unicodedata.normalize("NFC", text)


@pytest.mark.parametrize("char", [*C0_AND_C1, *BIDI_CONTROLS])
def test_a_one_line_field_refuses_each_control_character(char: str) -> None:
    with pytest.raises(InvalidInput, match=f"U\\+{ord(char):04X}"):
        check_line(f"Kế hoạch{char}", "the title")
    if char not in "\n\t":
        with pytest.raises(InvalidInput, match="control character"):
            check_lines(f"Ghi chú{char}", "the note")


def test_a_multi_line_field_keeps_line_breaks_and_tabs() -> None:
    assert check_lines("dòng 1\n\tdòng 2", "the note") == "dòng 1\n\tdòng 2"
    assert line_problem("a\nb", "the title") is not None
    assert lines_problem("a\nb", "the note") is None


@pytest.mark.parametrize(
    "text", ["", "   ", "\u200b", "\u200c\u200d\ufeff", "\u2060\u00ad", "\u3164", "\u200e \u200f"]
)
def test_a_title_of_invisible_characters_shows_nothing(text: str) -> None:
    assert shows_nothing(text)


@pytest.mark.parametrize("text", ["a", "\u200bKế", "👍", "-", "ế̂"])
def test_a_title_with_something_to_see_shows_something(text: str) -> None:
    assert not shows_nothing(text)


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'␍=1"),
        ("Kế hoạch = 1", "Kế hoạch = 1"),
        ("", ""),
        ("2019-09-30", "2019-09-30"),
        ("a\nb\x1b", "a\nb␛"),
    ],
)
def test_a_spreadsheet_cell_never_starts_a_formula(cell: str, written: str) -> None:
    assert spreadsheet_cell(cell) == written
    assert spreadsheet_row([12, cell, -3]) == [12, written, -3]
    assert spreadsheet_safe(["ok", cell]) is (cell == written)


def test_numbers_are_not_text_and_keep_their_sign() -> None:
    assert spreadsheet_row([-1, 0.5, "-1"]) == [-1, 0.5, "'-1"]


def test_a_column_with_nothing_to_change_is_returned_as_it_is() -> None:
    column = ["Kế hoạch", "a-b", "x=1"]
    assert spreadsheet_safe(column)
    assert visible_all(column) is column


@given(st.text())
def test_json_escapes_keep_the_data_and_leave_no_raw_control(text: str) -> None:
    import msgspec

    encoded = escape_json_controls(msgspec.json.encode({"title": text}))
    assert msgspec.json.decode(encoded) == {"title": text}
    decoded_text = encoded.decode("utf-8", "surrogatepass")
    assert not any(c in decoded_text for c in [*C0_AND_C1, *BIDI_CONTROLS])


# --- fast folding ----------------------------------------------------------------------


def letter_by_letter_fold(text: str) -> str:
    """The definition of folding, one letter at a time: what the fast ways must give."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("đ", "d")


def test_the_ascii_shortcut_agrees_with_the_definition_on_every_character() -> None:
    # Folding maps each character on its own (case folding is context-free, and the marks
    # that decomposition reorders are all removed), so agreeing on every character is
    # agreeing on every text.
    taken = 0
    for code in range(0x110000):  # lone surrogates included: a bad file may hold them
        char = chr(code)
        quick = _quick_fold(char)
        if quick is not None:
            taken += 1
            assert quick == letter_by_letter_fold(char), hex(code)
    assert taken > 600  # every Latin letter with diacritics takes the shortcut


mixed_text = st.text(
    alphabet=st.one_of(
        st.sampled_from(VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper() + " Đđ–&\n\0"),
        st.characters(),
    ),
    max_size=40,
)


@given(mixed_text)
def test_fold_agrees_with_the_definition(text: str) -> None:
    assert fold(text) == letter_by_letter_fold(text)
    decomposed = unicodedata.normalize("NFD", text)  # pasted from macOS or a PDF
    assert fold(decomposed) == letter_by_letter_fold(decomposed)


@given(st.lists(st.one_of(vietnamese_text, mixed_text), max_size=30))
def test_fold_all_folds_each_text_as_fold_does(texts: list[str]) -> None:
    assert fold_all(texts) == [letter_by_letter_fold(text) for text in texts]


def test_fold_all_folds_blocks_of_many_texts() -> None:
    texts = [f"Kế hoạch số {n} – Đồng Xuân" if n % 997 else "ß\0x" for n in range(5000)]
    assert fold_all(texts) == [letter_by_letter_fold(text) for text in texts]
