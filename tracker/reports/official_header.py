"""The lines of an official report's header and closing (Nghị định 30/2020/NĐ-CP), in words.

What the issuing agency, the number, the place and date, the signer and the recipients
read as, from a `Letterhead` and the report's `Labels`; each renderer only lays them out.
A detail nobody gave is a dotted blank to fill in by hand, never an invented one.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from tracker.reports.labels import Labels
from tracker.reports.letterhead import Letterhead

BLANK = "……………"  # a detail to fill in by hand
SHORT_BLANK = "……"
REPORT_SYMBOL = "BC"  # the abbreviation of "Báo cáo" in a document's symbol


class OfficialHeader(NamedTuple):
    """The two columns of the header: the issuer's (left) and the nation's (right)."""

    parent_body: str  # capitals, not bold
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


def document_number(letterhead: Letterhead) -> str:
    """ "12/BC-SKHĐT": the number and the symbol, each a blank when not given; a number
    given with its symbol ("12/BC-SKHĐT") as it is."""
    number = (letterhead.number or "").strip()
    if "/" in number:
        return number
    symbol = (letterhead.symbol or "").strip() or f"{REPORT_SYMBOL}-{SHORT_BLANK}"
    return f"{number or SHORT_BLANK}/{symbol}"


def official_header(letterhead: Letterhead, day: date, labels: Labels) -> OfficialHeader:
    """The header's lines for a report issued on `day`."""
    place = (letterhead.place or "").strip() or BLANK
    return OfficialHeader(
        parent_body=_given(letterhead.parent_body).upper(),
        agency=_given(letterhead.agency).upper(),
        number=labels.number_line.format(number=document_number(letterhead)),
        nation=labels.nation,
        motto=labels.motto,
        # Day and month below 10 take a leading 0 (DOMAIN.md, "Official documents").
        dated_place=labels.dated_place.format(
            place=place, day=f"{day.day:02d}", month=f"{day.month:02d}", year=day.year
        ),
    )


def closing(letterhead: Letterhead, labels: Labels) -> Closing:
    """The recipients, each on a line, then the archive line; the signer's block."""
    recipients = [
        f"- {name.strip().rstrip(';.').strip()};" for name in letterhead.recipients if name.strip()
    ] or [f"- {BLANK};"]
    unit = (letterhead.archive or "").strip().rstrip(".") or SHORT_BLANK
    recipients.append(f"- {labels.archive_line.format(unit=unit)}")
    position = tuple(line.strip().upper() for line in letterhead.position if line.strip())
    return Closing(
        recipients_heading=labels.recipients_heading,
        recipients=tuple(recipients),
        position=position or (BLANK,),
        signer=_given(letterhead.signer),
    )


def _given(detail: str | None) -> str:
    return (detail or "").strip() or BLANK
