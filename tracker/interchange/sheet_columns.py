"""The columns of a task sheet: the headings we write in each language, and those we read.

One list serves both ways, so that a workbook `tracker export --format xlsx` writes is read
back by `tracker import` whatever the language it was written in. Headings are matched
without case, diacritics or punctuation (`tracker.domain.text.fold`), against the heading
in either language and the other names departments give the same column in the sheets
they circulate ("Nội dung", "Tên nhiệm vụ", "Đơn vị chủ trì", ...).
"""

from __future__ import annotations

from typing import NamedTuple


class Column(NamedTuple):
    """One column of the task sheet: its field, its headings and other names for it."""

    key: str  # the field, as in the interchange file ("title", "lead", ...)
    en: str
    vi: str
    aliases: tuple[str, ...] = ()  # other headings that mean this column, in any language


# In the order a sheet we write shows them: the phụ lục's columns first (DOMAIN.md), then
# what a round trip needs to keep every task as it was.
TASK_COLUMNS: tuple[Column, ...] = (
    Column("number", "No.", "STT", ("Số thứ tự", "TT", "#", "Number", "Id", "Mã")),
    Column(
        "title",
        "Task",
        "Nội dung nhiệm vụ",
        (
            "Nội dung",
            "Nhiệm vụ",
            "Tên nhiệm vụ",
            "Nội dung công việc",
            "Title",
            "Action item",
        ),
    ),
    Column(
        "lead",
        "Lead agency",
        "Cơ quan chủ trì",
        (
            "Chủ trì",
            "Đơn vị chủ trì",
            "Cơ quan, đơn vị chủ trì",
            "Cơ quan chủ trì thực hiện",
            "Đơn vị chủ trì thực hiện",
            "Lead",
            "Owner",
            "Responsible agency",
        ),
    ),
    Column(
        "partners",
        "Partner agencies",
        "Cơ quan phối hợp",
        (
            "Phối hợp",
            "Đơn vị phối hợp",
            "Cơ quan, đơn vị phối hợp",
            "Cơ quan phối hợp thực hiện",
            "Đơn vị phối hợp thực hiện",
            "Partners",
            "With",
            "Supporting agencies",
        ),
    ),
    Column(
        "due",
        "Deadline",
        "Thời hạn",
        (
            "Thời hạn hoàn thành",
            "Hạn xử lý",
            "Hạn",
            "Thời gian hoàn thành",
            "Due",
            "Due date",
            "Deadline date",
        ),
    ),
    Column("status", "Status", "Trạng thái", ("Tình trạng",)),
    Column("standing", "Standing", "Tình hình thực hiện", ("Kết quả thực hiện",)),
    Column("days_overdue", "Days overdue", "Số ngày quá hạn", ("Quá hạn",)),
    Column("closed_on", "Closed on", "Ngày hoàn thành", ("Ngày kết thúc", "Completed on")),
    Column("outcome", "Outcome", "Kết quả", ("Kết quả xử lý", "Result")),
    Column("meeting", "Meeting", "Cuộc họp", ("Hội nghị", "Buổi làm việc")),
    Column("area", "Area", "Lĩnh vực", ("Field", "Sector")),
    Column(
        "document",
        "Assigning document",
        "Văn bản giao",
        ("Văn bản", "Số văn bản", "Số phiếu giao việc", "Document"),
    ),
    Column("directed_by", "Directed by", "Lãnh đạo chỉ đạo", ("Người chỉ đạo", "Chỉ đạo")),
    Column("parent", "Part of", "Nhiệm vụ cha", ("Tên nhiệm vụ cha", "Parent", "Parent task")),
    Column("description", "Description", "Mô tả", ("Chi tiết", "Details")),
    Column("notes", "Notes", "Ghi chú", ("Note", "Remarks", "Comments")),
    Column("uuid", "UUID", "UUID", ("Mã định danh",)),
)


# The sheets of a workbook `export --format xlsx` writes, by what they hold: (en, vi) titles.
# `import` reads the tasks from the first sheet (or --sheet NAME), and the agencies,
# meetings and agreements sheets, when the workbook has them, so that it imports into an
# empty database.
SHEET_TITLES: dict[str, tuple[str, str]] = {
    "tasks": ("Tasks", "Nhiệm vụ"),
    "agencies": ("Agencies", "Cơ quan"),
    "meetings": ("Meetings", "Cuộc họp"),
    "agreements": ("Agreements", "Thỏa thuận"),
}

AGENCY_COLUMNS: tuple[Column, ...] = (
    Column("code", "Code", "Mã", ("Mã cơ quan", "Ký hiệu")),
    Column("name", "Name", "Tên cơ quan", ("Tên", "Cơ quan", "Agency")),
    Column("short", "Short name", "Tên viết tắt", ("Tên ngắn", "Short")),
    Column("locality", "Locality", "Địa phương", ("Tỉnh, thành phố", "Province")),
)

MEETING_COLUMNS: tuple[Column, ...] = (
    Column("id", "Id", "Mã cuộc họp", ("Mã",)),
    Column("title", "Title", "Tên cuộc họp", ("Cuộc họp", "Hội nghị", "Meeting")),
    Column("date", "Date", "Ngày họp", ("Ngày",)),
    Column("place", "Place", "Địa điểm", ("Nơi họp",)),
    Column("agreement", "Agreement", "Thỏa thuận hợp tác", ("Thỏa thuận",)),
    Column("chairs", "Chaired by", "Chủ trì cuộc họp", ("Chủ trì", "Chairs")),
    Column("document", "Conclusion document", "Văn bản kết luận", ("Văn bản",)),
)

AGREEMENT_COLUMNS: tuple[Column, ...] = (
    Column("code", "Code", "Mã thỏa thuận", ("Mã",)),
    Column("title", "Title", "Tên thỏa thuận", ("Thỏa thuận hợp tác", "Chương trình hợp tác")),
    Column("parties", "Parties", "Các bên", ("Địa phương", "Localities")),
)
