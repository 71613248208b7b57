"""The words for statuses, standings and cooperation areas, in English and Vietnamese.

The one list of each: the UI and the command line show the English word through the
message catalog when they read it (`Labels`, never at import), whose Vietnamese is the
Term's own (tests/test_domain_language.py); a report uses the words of the language it
is written in, and search matches an area by its key and both its names. Keys are the stored values
(a Status or a Standing is its value), so this module imports nothing of the domain.
Words are in running-text form; a heading capitalises the first letter (`capitalised`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import NamedTuple, TypeVar

from tracker.i18n import N_, _, language

Key = TypeVar("Key", bound=str)


class Term(NamedTuple):
    """A value's words: English (translated by the catalog when shown) and Vietnamese."""

    en: str
    vi: str


STATUSES: dict[str, Term] = {
    "open": Term(N_("open"), "chưa thực hiện"),
    "in_progress": Term(N_("in progress"), "đang thực hiện"),
    "blocked": Term(N_("blocked"), "vướng mắc"),
    "done": Term(N_("done"), "hoàn thành"),
    "cancelled": Term(N_("cancelled"), "đã hủy"),
}

# Vietnamese: the government's own terms (DOMAIN.md, "How Vietnamese government task
# tracking counts").
STANDINGS: dict[str, Term] = {
    "done_on_time": Term(N_("done on time"), "hoàn thành đúng hạn"),
    "done_late": Term(N_("done late"), "hoàn thành quá hạn"),
    "open_in_time": Term(N_("in time"), "đang thực hiện trong hạn"),
    "open_overdue": Term(N_("overdue"), "quá hạn"),
    "cancelled": Term(N_("cancelled"), "đã hủy"),
}

# Short forms for table headings and cells, where the full words would not fit ("HT" is
# how Vietnamese report tables shorten "hoàn thành").
STANDING_COLUMNS: dict[str, Term] = {
    "done_on_time": Term(N_("Done on time"), "HT đúng hạn"),
    "done_late": Term(N_("Done late"), "HT quá hạn"),
    "open_in_time": Term(N_("In time"), "Trong hạn"),
    "open_overdue": Term(N_("Overdue"), "Quá hạn"),
    "cancelled": Term(N_("Cancelled"), "Đã hủy"),
}

# Cooperation areas named at the meetings; `--area` also accepts any other word.
AREAS: dict[str, Term] = {
    "agriculture": Term(N_("farm products and fresh food"), "nông sản và thực phẩm tươi sống"),
    "food_safety": Term(
        N_("product quality and food safety"), "chất lượng sản phẩm, an toàn thực phẩm"
    ),
    "infrastructure": Term(N_("road links"), "kết nối hạ tầng giao thông"),
    "transport": Term(N_("transport management"), "quản lý vận tải"),
    "investment": Term(
        N_("investment promotion and business support"), "xúc tiến đầu tư, hỗ trợ doanh nghiệp"
    ),
    "tourism": Term(N_("tourism"), "du lịch"),
    "trade": Term(N_("trade"), "thương mại"),
    "legislature": Term(N_("People's Council exchange"), "trao đổi kinh nghiệm HĐND"),
    "party_building": Term(
        N_("Party and political-system building"), "xây dựng Đảng và hệ thống chính trị"
    ),
    "welfare": Term(N_("social welfare and poverty reduction"), "an sinh xã hội, giảm nghèo"),
    "urban": Term(N_("urban development"), "phát triển đô thị"),
    "coordination": Term(N_("coordination and reporting"), "điều phối và báo cáo"),
}


class Labels(Mapping[Key, str]):
    """A table of words made at import in English and read in the interface language.

    The words are read from the catalog (`_()`) on the first lookup in each interface
    language, never when the table is built, so that after `i18n.use("vi")` every reader
    (`[key]`, `get`, `items`, `values`) sees the Vietnamese words.
    """

    def __init__(self, english: Mapping[Key, str]) -> None:
        self._english = dict(english)
        self._translated: dict[Key, str] = {}
        self._made_in = ""

    def __getitem__(self, key: Key) -> str:
        # Kept per language rather than looked up each time: a list of 100,000 tasks reads
        # two labels per row, and a catalog lookup costs twice this check.
        lang = language()
        if lang != self._made_in:
            # The words before the language they are in: a reader on another thread sees
            # old words at worst, never a table marked with a language it is not in.
            self._translated = {key: _(word) for key, word in self._english.items()}
            self._made_in = lang
        return self._translated[key]

    def __iter__(self) -> Iterator[Key]:
        return iter(self._english)

    def __len__(self) -> int:
        return len(self._english)

    def __contains__(self, key: object) -> bool:
        # Mapping's own __contains__ would translate the word only to throw it away.
        return key in self._english

    def __repr__(self) -> str:
        return f"Labels({self._english!r})"


def capitalised(words: str) -> str:
    """Words as a heading or a table cell begins them: "trade" -> "Trade"."""
    return words[:1].upper() + words[1:]
