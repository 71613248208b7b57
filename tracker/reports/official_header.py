"""The lines of an official report's header and closing (Nghị định 30/2020/NĐ-CP), in words.

What the issuing agency, the number, the place and date, the signer and the recipients
read as, from a `Letterhead` and the report's official words (`Labels.official`); the Word
and HTML renderers only lay them out. A detail nobody gave is a dotted blank to fill in by
hand, never an invented one.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from tracker.reports.labels import Labels
from tracker.reports.letterhead import Letterhead
from tracker.reports.official_words import BLANK, document_number, signing_line


class OfficialHeader(NamedTuple):
    """The two columns of the header: the issuer's (left) and the nation's (right)."""

    parent_body: str | None  # capitals, not bold; None: an agency with no body above it
    agency: str  # capitals, bold
    number: str  # "Số: 12/BC-SKHĐT"
    nation: str  # the Quốc hiệu, capitals, bold
    motto: str  # the Tiêu ngữ, bold, underlined
    dated_place: str  # "Hà Nội, ngày 05 tháng 10 năm 2026", italic


class Closing(NamedTuple):
    """The end of the report: recipients (left), the signer's position and name (right)."""

    recipients_heading: str
    recipients: tuple[str, ...]  # each "- ...;", the last "- Lưu: VT, ...."
    position: tuple[str, ...]
    signer: str


def official_header(letterhead: Letterhead, day: date, labels: Labels) -> OfficialHeader:
    """The header's lines for a report signed on `day`."""
    words = labels.official
    # An agency with no body above it (a ministry) has no parent line; with nothing
    # configured at all the line is a blank to fill, like every other.
    parent = letterhead.parent_body
    if parent is None and letterhead.agency is None:
        parent = BLANK
    return OfficialHeader(
        parent_body=None if parent is None else _capitals(parent),
        agency=_capitals(letterhead.agency or BLANK),
        number=words.number.format(number=document_number(letterhead.number, letterhead.symbol)),
        nation=words.national_name,
        motto=words.national_motto,
        dated_place=signing_line(words, letterhead.place, day),
    )


def closing(letterhead: Letterhead, labels: Labels) -> Closing:
    """The recipients, each on a line, then the archive line; the signer's block."""
    words = labels.official
    recipients = [
        f"- {name.strip().rstrip(';.').strip()};" for name in letterhead.recipients if name.strip()
    ] or [f"- {BLANK};"]
    unit = (letterhead.archive or "").strip().rstrip(".") or BLANK
    recipients.append(f"- {words.archive.format(archive=unit)}")
    # The signer's position is written in capitals (Nghị định 30/2020).
    position = tuple(_capitals(line.strip()) for line in letterhead.position if line.strip())
    return Closing(
        recipients_heading=words.recipients,
        recipients=tuple(recipients),
        position=position or (BLANK,),
        signer=(letterhead.signer or "").strip() or BLANK,
    )


def _capitals(text: str) -> str:
    # Written in capitals by the decree; a dotted blank stays one.
    return text if text == BLANK else text.upper()
