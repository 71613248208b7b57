"""The words of an official report (Nghị định 30/2020/NĐ-CP) in Vietnamese and English.

Fixed strings like the rest of a report's labels (tracker/reports/labels.py carries them as
`Labels.official`), so that `--lang en` gives the same document in English whatever the
interface speaks. The Vietnamese ones are the decree's own; the English ones follow how
Vietnamese agencies translate their documents.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from tracker.domain.periods import ENGLISH_MONTHS

# What a detail nobody gave becomes: a dotted blank, to fill in by hand before signing.
BLANK = "……"

# The type of document and its abbreviation in the number ("Số: 12/BC-SKHĐT").
REPORT_TYPE_CODE = "BC"


class OfficialWords(NamedTuple):
    """The words around the department's details in an official report, in one language."""

    national_name: str  # Quốc hiệu
    national_motto: str  # Tiêu ngữ
    number: str  # {number}
    signed_on: str  # {place} {day} {month} {year}
    months: tuple[str, ...]  # month names, when the language writes them out
    document_type: str
    summary: str  # {date}
    summary_period: str  # {period} {start} {end}
    introduction: str  # {date}
    results: str
    counts: str
    total_line: str  # {count}
    rates: str
    attention: str
    closing: str  # {date}
    recipients: str
    archive: str  # {archive}
    appendix: str
    appendix_title: str
    attached_to: str  # {number} {date}
    task_number: str  # {id}
    closed_on: str  # {date}
    extended_from: str  # {date}


VIETNAMESE = OfficialWords(
    national_name="CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    national_motto="Độc lập - Tự do - Hạnh phúc",
    number="Số: {number}",
    signed_on="{place}, ngày {day} tháng {month} năm {year}",
    months=(),
    document_type="BÁO CÁO",
    summary="Tình hình thực hiện nhiệm vụ hợp tác tính đến ngày {date}",
    summary_period="Tình hình thực hiện nhiệm vụ hợp tác {period} (từ ngày {start} đến ngày {end})",
    introduction="Tình hình thực hiện các nhiệm vụ tính đến ngày {date} như sau:",
    results="KẾT QUẢ THỰC HIỆN NHIỆM VỤ",
    counts="Số lượng nhiệm vụ",
    total_line="Tổng số nhiệm vụ: {count}, trong đó:",
    rates="Tỷ lệ hoàn thành và tỷ lệ đúng hạn",
    attention="NHIỆM VỤ QUÁ HẠN, ĐƯỢC GIA HẠN VÀ SẮP ĐẾN HẠN",
    closing="Trên đây là báo cáo tình hình thực hiện nhiệm vụ hợp tác tính đến ngày {date}./.",
    recipients="Nơi nhận:",
    archive="Lưu: VT, {archive}.",
    appendix="Phụ lục",
    appendix_title="DANH SÁCH NHIỆM VỤ VÀ TÌNH HÌNH THỰC HIỆN",
    attached_to="(Kèm theo Báo cáo số {number} ngày {date})",
    task_number="#{id}",
    closed_on="kết thúc {date}",
    extended_from="gia hạn, hạn đầu {date}",
)

ENGLISH = OfficialWords(
    national_name="SOCIALIST REPUBLIC OF VIET NAM",
    national_motto="Independence - Freedom - Happiness",
    number="No.: {number}",
    signed_on="{place}, {day} {month} {year}",
    months=ENGLISH_MONTHS,
    document_type="REPORT",
    summary="On the implementation of cooperation tasks as of {date}",
    summary_period="On the implementation of cooperation tasks in {period} ({start} to {end})",
    introduction="The tasks stood as follows on {date}:",
    results="RESULTS",
    counts="Number of tasks",
    total_line="Tasks in total: {count}, of which:",
    rates="Completion rate and on-time rate",
    attention="OVERDUE, EXTENDED AND DUE-SOON TASKS",
    closing="This concludes the report on cooperation tasks as of {date}.",
    recipients="Recipients:",
    archive="Archived: VT, {archive}.",
    appendix="Appendix",
    appendix_title="LIST OF TASKS AND THEIR STANDING",
    attached_to="(Attached to Report No. {number} of {date})",
    task_number="#{id}",
    closed_on="closed {date}",
    extended_from="extended, first due {date}",
)


def signing_line(words: OfficialWords, place: str | None, day: date) -> str:
    """ "Hà Nội, ngày 05 tháng 10 năm 2026" (or "Hà Nội, 5 October 2026"); a dotted blank
    for a place nobody gave.

    In Vietnamese a day or month below 10 takes a leading 0 (DOMAIN.md, "Official
    documents"), so that nobody can turn "ngày 5" into "ngày 15" by hand. The decree asks
    it of the months 1 and 2 only; a leading 0 on the others is never wrong.
    """
    if words.months:
        day_text, month_text = str(day.day), words.months[day.month - 1]
    else:
        day_text, month_text = f"{day.day:02d}", f"{day.month:02d}"
    return words.signed_on.format(
        place=place or BLANK, day=day_text, month=month_text, year=day.year
    )


def document_number(number: str | None, symbol: str | None) -> str:
    """The number and symbol of the report: "12/BC-SKHĐT"; a number given with its symbol
    ("12/BC-SKHĐT") as it is; dotted blanks for the parts nobody gave ("……/BC-……").

    The symbol may be the agency's abbreviation alone ("SKHĐT"): a report's starts with BC.
    """
    if number is not None and "/" in number:
        return number
    prefix = REPORT_TYPE_CODE + "-"
    if symbol is None:
        symbol = prefix + BLANK
    elif not symbol.upper().startswith(prefix):
        symbol = prefix + symbol
    return f"{number or BLANK}/{symbol}"
