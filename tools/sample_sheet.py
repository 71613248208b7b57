"""Make sample_data/nhiem-vu-hn-tn.xlsx: a task sheet as a department circulates it.

`python -m tools.sample_sheet` writes it again, byte for byte the same. It is the kind of
sheet `tracker import` reads: a title row and a blank row above the table, headings in
Vietnamese, agencies named as people write them (full names, short names, one code),
partners separated by commas, semicolons or line breaks, deadlines as Excel dates and as
phrases ("trong quý II/2027"). Its tasks are illustrative, for the sample meeting of
15/10/2026 (sample_data/hanoi-thainguyen-2019.json) whose agencies they name.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime
from pathlib import Path

SHEET = Path(__file__).resolve().parent.parent / "sample_data" / "nhiem-vu-hn-tn.xlsx"
TITLE = "DANH MỤC NHIỆM VỤ HỢP TÁC HÀ NỘI – THÁI NGUYÊN NĂM 2027 (MINH HỌA)"
HEADINGS = (
    "STT",
    "Nội dung nhiệm vụ",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời hạn",
    "Ghi chú",
)
# (task, lead, partners, deadline, notes): a deadline is an Excel date or a phrase.
TASKS: tuple[tuple[str, str, str, date | str, str], ...] = (
    (
        "Xây dựng kế hoạch đưa chè Thái Nguyên vào các siêu thị, chợ đầu mối Hà Nội",
        "Sở Công Thương Hà Nội",
        "Sở CT Thái Nguyên, Sở NN&PTNT Thái Nguyên",
        date(2027, 3, 31),
        "Ưu tiên sản phẩm mang chỉ dẫn địa lý chè Tân Cương.",
    ),
    (
        "Tổ chức Tuần văn hóa – du lịch Thái Nguyên tại Hà Nội",
        "Sở VHTT&DL Thái Nguyên",
        "Sở Du lịch Hà Nội; UBND Hà Nội",
        "trong quý II/2027",
        "",
    ),
    (
        "Khảo sát tuyến xe buýt liên tỉnh Hà Nội – Thái Nguyên",
        "Sở GTVT Hà Nội",
        "Sở GTVT Thái Nguyên\nCông an tỉnh Thái Nguyên",
        date(2027, 6, 30),
        "Đề xuất điểm đầu, điểm cuối và tần suất chạy xe.",
    ),
    (
        "Hội nghị xúc tiến đầu tư vào Thái Nguyên tổ chức tại Hà Nội",
        "Sở Kế hoạch và Đầu tư Thái Nguyên",
        "Sở KH&ĐT Hà Nội",
        "năm 2027",
        "",
    ),
    (
        "Trao đổi kinh nghiệm đào tạo nghề cho lao động nông thôn",
        "Sở LĐ-TB&XH Thái Nguyên",
        "Sở Lao động – Thương binh và Xã hội Hà Nội",
        "30/9/2027",
        "",
    ),
    (
        "Truy xuất nguồn gốc nông sản Thái Nguyên bán tại Hà Nội",
        "Sở NN&PTNT Hà Nội",
        "Sở Nông nghiệp và Phát triển nông thôn Thái Nguyên, Sở CT Hà Nội",
        "6 tháng đầu năm 2027",
        "Dùng mã QR trên bao bì.",
    ),
    (
        "Báo cáo kết quả thực hiện các nhiệm vụ hợp tác năm 2026",
        "HN-KHDT",
        "TN-KHDT",
        date(2027, 1, 15),
        "Gửi lãnh đạo hai bên trước hội nghị sơ kết.",
    ),
)
# Fixed, so that making the sheet again gives the same bytes.
MADE = datetime(2026, 11, 20, 8, 0, 0)


def workbook_bytes() -> bytes:
    """The sample sheet's bytes."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    book = Workbook()
    sheet = book.active
    sheet.title = "Nhiệm vụ 2027"
    sheet.append([TITLE])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADINGS))
    sheet["A1"].font = Font(name="Times New Roman", size=13, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append([])
    sheet.append(list(HEADINGS))
    for number, (task, lead, partners, due, notes) in enumerate(TASKS, start=1):
        sheet.append([number, task, lead, partners, due, notes])
        if isinstance(due, date):
            sheet.cell(row=sheet.max_row, column=5).number_format = "dd/mm/yyyy"
    thin = Side(style="thin")
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            cell.font = Font(name="Times New Roman", size=12, bold=cell.row == 3)
            cell.alignment = Alignment(
                wrap_text=True, vertical="center" if cell.row == 3 else "top"
            )
    for column, width in zip("ABCDEF", (6, 48, 26, 34, 18, 34), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A4"
    book.properties.creator = "tracker sample"
    book.properties.created = MADE
    book.properties.modified = MADE
    buffer = io.BytesIO()
    book.save(buffer)
    return _fixed_times(buffer.getvalue())


def _fixed_times(content: bytes) -> bytes:
    """The workbook with every file in its zip, and its "modified" property, dated MADE
    (openpyxl dates them when it saves)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = source.read(entry.filename)
            if entry.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*",
                    rb"\g<1>" + MADE.strftime("%Y-%m-%dT%H:%M:%SZ").encode(),
                    data,
                )
            fixed = zipfile.ZipInfo(entry.filename, date_time=MADE.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, data)
    return buffer.getvalue()


def main() -> None:
    """Write the sample sheet."""
    SHEET.write_bytes(workbook_bytes())
    print(SHEET)


if __name__ == "__main__":
    main()
