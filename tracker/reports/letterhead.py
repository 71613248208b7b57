"""The department's own details that head an official report (Nghị định 30/2020/NĐ-CP)."""

from __future__ import annotations

import msgspec


class Letterhead(msgspec.Struct, frozen=True, kw_only=True):
    """Who issues an official report, from `tracker config` (department.*) and the options.

    None is a detail nobody gave: the document leaves a dotted blank to fill by hand there,
    and never invents one.
    """

    # The body above the issuing agency, e.g. "UBND THÀNH PHỐ HÀ NỘI".
    parent_body: str | None = None
    # The issuing agency, e.g. "SỞ KẾ HOẠCH VÀ ĐẦU TƯ".
    agency: str | None = None
    # Where it is signed, before the date: "Hà Nội, ngày 05 tháng 10 năm 2026".
    place: str | None = None
    # The document's number (`--number 12`), and the symbol after it ("BC-SKHĐT"):
    # "Số: 12/BC-SKHĐT". A number given with its symbol ("12/BC-SKHĐT") is used as it is.
    number: str | None = None
    symbol: str | None = None
    # The signer's position, one line each ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"), and name.
    position: tuple[str, ...] = ()
    signer: str | None = None
    # "Nơi nhận:", one recipient each; the archive line ("Lưu: VT, KTĐN.") names `archive`.
    recipients: tuple[str, ...] = ()
    archive: str | None = None

    def is_blank(self) -> bool:
        """True when nobody gave any detail (no settings, no options)."""
        return self == Letterhead()
