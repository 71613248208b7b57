"""Search folding and Vietnamese name order: what users type finds what they meant."""

from __future__ import annotations

import itertools
import random
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.domain.text import fold, matches, sort_key

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
