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
        ("Nội dung", "Nhiệm vụ", "Tên nhiệm vụ", "Nội dung công việc", "Title", "Action item"),
    ),
    Column(
        "lead",
        "Lead agency",
        "Cơ quan chủ trì",
        ("Chủ trì", "Đơn vị chủ trì", "Cơ quan, đơn vị chủ trì", "Lead", "Owner"),
    ),
    Column(
        "partners",
        "Partner agencies",
        "Cơ quan phối hợp",
        ("Phối hợp", "Đơn vị phối hợp", "Cơ quan, đơn vị phối hợp", "Partners", "With"),
    ),
    Column(
        "due",
        "Deadline",
        "Thời hạn",
        ("Thời hạn hoàn thành", "Hạn xử lý", "Hạn", "Due", "Due date", "Deadline date"),
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
