"""The HTML report's header and official letterhead: labels beside their values with any
number of meetings and agreements, and the Nghị định 30/2020 header and closing.

The layout is checked where it is made, in a browser: when Chromium is installed (CI
installs it, `.ci/run`), the page is opened headless with a small script that writes where
each label and its value are, and the test reads the positions back from the dumped DOM.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import UTC, datetime
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SAMPLE, TODAY
from tracker.reports.letterhead import Letterhead
from tracker.reports.render import ReportSpec
from tracker.service import Tracker, load_interchange_file
from tracker.store.database import Database

GENERATED = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)

LETTERHEAD = Letterhead(
    parent_body="UBND thành phố Hà Nội",
    agency="Sở Kế hoạch và Đầu tư",
    place="Hà Nội",
    number="12",
    symbol="BC-SKHĐT",
    position=("KT. Giám đốc", "Phó Giám đốc"),
    signer="Nguyễn Văn An",
    recipients=("UBND Thành phố (để báo cáo);", "Sở KH&ĐT tỉnh Thái Nguyên"),
    archive="KTĐN",
)


@pytest.fixture(scope="module")
def two_agreements(tmp_path_factory: pytest.TempPathFactory) -> Tracker:
    """The sample with a second agreement and a third meeting under it, holding one task:
    a header with two agreements and three meetings."""
    folder = tmp_path_factory.mktemp("two-agreements")
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["agreements"].append(
        {
            "code": "HN-TN-DL",
            "title": "Chương trình liên kết phát triển du lịch Hà Nội – Thái Nguyên giai "
            "đoạn 2026–2030 với tên rất dài để xuống dòng",
            "parties": ["Hà Nội", "Thái Nguyên"],
        }
    )
    data["meetings"].append(
        {
            "id": "2026-11-02-du-lich",
            "title": "Hội nghị xúc tiến du lịch hai địa phương",
            "date": "2026-11-02",
            "agreement": "HN-TN-DL",
        }
    )
    task = dict(data["tasks"][-1])
    task.update(uuid="7d3c0a52-0000-4000-8000-00000000d111", meeting="2026-11-02-du-lich")
    task.pop("history", None)
    data["tasks"].append(task)
    path = folder / "two-agreements.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    tracker = Tracker(Database(folder / "tracker.json"), TODAY)
    tracker.import_data(load_interchange_file(path))
    return tracker


def html_of(tracker: Tracker, lang: str = "vi", letterhead: Letterhead | None = None) -> str:
    spec = ReportSpec("html", lang, TODAY, None, None, letterhead=letterhead)
    return tracker.render_report(spec, GENERATED).decode()


class _Rows(HTMLParser):
    """The text of each row of one table (by class), a list of cells of lists of lines."""

    def __init__(self, table_class: str) -> None:
        super().__init__()
        self.table_class = table_class
        self.depth = 0
        self.rows: list[list[list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table" and ("class", self.table_class) in attrs:
            self.depth = 1
        elif self.depth and tag == "tr":
            self.rows.append([])
        elif self.depth and tag in ("th", "td"):
            self.rows[-1].append([])

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.depth = 0

    def handle_data(self, data: str) -> None:
        if self.depth and self.rows and self.rows[-1] and data.strip():
            self.rows[-1][-1].append(data.strip())


def table_rows(content: str, table_class: str) -> list[list[list[str]]]:
    parser = _Rows(table_class)
    parser.feed(content)
    return parser.rows


def test_each_header_field_is_one_row_with_its_values(two_agreements: Tracker) -> None:
    rows = table_rows(html_of(two_agreements), "fields")
    by_label = {row[0][0]: row[1] for row in rows}
    assert all(len(row) == 2 for row in rows)
    assert list(by_label) == [
        "Chương trình hợp tác",
        "Hội nghị, cuộc họp",
        "Phạm vi",
        "Tính đến ngày",
        "Lập lúc",
    ]
    assert len(by_label["Chương trình hợp tác"]) == 2
    assert len(by_label["Hội nghị, cuộc họp"]) == 3
    assert by_label["Tính đến ngày"] == ["27/11/2026"]


def test_without_a_letterhead_there_is_no_official_header(two_agreements: Tracker) -> None:
    plain = html_of(two_agreements)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in plain and "Nơi nhận" not in plain
    # A letterhead with nothing in it is no letterhead: the page is the same.
    assert html_of(two_agreements, letterhead=Letterhead()) == plain


def test_the_official_header_and_closing(two_agreements: Tracker) -> None:
    content = html_of(two_agreements, letterhead=LETTERHEAD)
    (issuer, nation), (number, dated) = table_rows(content, "letterhead")
    assert issuer == ["UBND THÀNH PHỐ HÀ NỘI", "SỞ KẾ HOẠCH VÀ ĐẦU TƯ"]
    assert nation == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert number == ["Số: 12/BC-SKHĐT"]
    assert dated == ["Hà Nội, ngày 27 tháng 11 năm 2026"]
    assert '<h1 class="document-type">BÁO CÁO</h1>' in content
    ((recipients, signer),) = table_rows(content, "closing")
    assert recipients == [
        "Nơi nhận:",
        "- UBND Thành phố (để báo cáo);",
        "- Sở KH&ĐT tỉnh Thái Nguyên;",
        "- Lưu: VT, KTĐN.",
    ]
    assert signer == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn An"]


def test_missing_details_are_dotted_blanks_never_invented(two_agreements: Tracker) -> None:
    content = html_of(two_agreements, letterhead=Letterhead(place="Hà Nội"))
    (issuer, _nation), (number, dated) = table_rows(content, "letterhead")
    assert issuer == ["……", "……"]
    assert number == ["Số: ……/BC-……"]
    assert dated == ["Hà Nội, ngày 27 tháng 11 năm 2026"]
    ((recipients, signer),) = table_rows(content, "closing")
    assert recipients == ["Nơi nhận:", "- ……;", "- Lưu: VT, ……."]
    assert signer == ["……", "……"]


def test_an_agency_with_no_body_above_it_has_no_parent_line(two_agreements: Tracker) -> None:
    content = html_of(two_agreements, letterhead=Letterhead(agency="Bộ Ngoại giao"))
    (issuer, _nation), (_number, dated) = table_rows(content, "letterhead")
    assert issuer == ["BỘ NGOẠI GIAO"]
    assert dated == ["……, ngày 27 tháng 11 năm 2026"]


def test_the_letterhead_in_english_and_escaped(two_agreements: Tracker) -> None:
    hostile = Letterhead(agency='<script>alert("x")</script>', number="7/BC-X", place="Hanoi")
    content = html_of(two_agreements, "en", hostile)
    assert "<script>" not in content
    (issuer, nation), (number, dated) = table_rows(content, "letterhead")
    assert issuer[-1] == '<SCRIPT>ALERT("X")</SCRIPT>'
    assert nation == ["SOCIALIST REPUBLIC OF VIET NAM", "Independence - Freedom - Happiness"]
    assert number == ["No.: 7/BC-X"] and dated == ["Hanoi, 27 November 2026"]


# --- In a browser -------------------------------------------------------------------------

# Writes, into the page, where each header label and its first value are, and where the
# agency table's names are: the dumped DOM carries the positions out of the browser.
GEOMETRY_SCRIPT = """
<script>
const box = (el) => { const r = el.getBoundingClientRect();
  return {top: r.top, left: r.left, height: r.height, width: r.width}; };
// Where an element's text is drawn (its box less padding): a label's words, a value's.
const text = (el) => { const range = document.createRange(); range.selectNodeContents(el);
  return box(range); };
const line = parseFloat(getComputedStyle(document.querySelector("#agencies td")).lineHeight);
const geometry = {
  fields: [...document.querySelectorAll("table.fields tr")].map((row) => ({
    label: row.querySelector("th").textContent,
    label_box: text(row.querySelector("th")),
    value_box: text(row.querySelector("td div")),
  })),
  agencies: [...document.querySelectorAll("#agencies tbody td:first-child")].map(
    (cell) => ({name: cell.textContent, lines: Math.round(box(cell).height / line)})),
  letterhead: [...document.querySelectorAll("table.letterhead td, table.closing td")].map(
    (cell) => ({cls: cell.className, box: box(cell)})),
};
const out = document.createElement("pre");
out.id = "geometry";
out.textContent = JSON.stringify(geometry);
document.body.appendChild(out);
</script>
"""


def chromium() -> str | None:
    """Chromium's command, when installed."""
    for name in ("chromium", "chromium-browser", "/usr/bin/chromium"):
        found = shutil.which(name)
        if found:
            return found
    return None


def measured(page: str, folder: Path, width: int) -> dict[str, Any]:
    """Open `page` in headless Chromium `width` pixels wide and read the geometry back."""
    browser = chromium()
    if browser is None:
        pytest.skip(
            "chromium is not installed: the HTML report's layout is not checked in a "
            "browser here (apt-get install chromium; .ci/run installs it)"
        )
    html = folder / f"report-{width}.html"
    html.write_text(page.replace("</body>", GEOMETRY_SCRIPT + "</body>"), encoding="utf-8")
    dumped = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--window-size={width},2000",
            "--dump-dom",
            html.as_uri(),
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=True,
    ).stdout
    start = dumped.index('<pre id="geometry">') + len('<pre id="geometry">')
    geometry: dict[str, Any] = json.loads(unescape(dumped[start : dumped.index("</pre>", start)]))
    return geometry


@pytest.mark.parametrize("width", [1000, 560])
def test_in_a_browser_each_label_shares_a_row_with_its_value(
    two_agreements: Tracker, tmp_path: Path, width: int
) -> None:
    geometry = measured(html_of(two_agreements, letterhead=LETTERHEAD), tmp_path, width)
    fields = geometry["fields"]
    assert len(fields) == 5
    for field in fields:
        label, value = field["label_box"], field["value_box"]
        # The value's first line starts level with its label, to its right.
        assert abs(label["top"] - value["top"]) < 1, field
        assert value["left"] >= label["left"] + label["width"] - 1, field
    tops = [field["label_box"]["top"] for field in fields]
    assert tops == sorted(tops) and len(set(tops)) == len(tops)
    # The official header: issuer beside nation, number beside place and date; recipients
    # beside the signer.
    cells = {cell["cls"]: cell["box"] for cell in geometry["letterhead"]}
    for left, right in (("issuer", "nation"), ("number", "dated-place"), ("recipients", "signer")):
        assert abs(cells[left]["top"] - cells[right]["top"]) < 2, (left, right)
        assert cells[left]["left"] < cells[right]["left"], (left, right)


def test_in_a_browser_agency_names_are_not_squeezed(
    two_agreements: Tracker, tmp_path: Path
) -> None:
    # An A4 page's width at 96 dpi less its margins: what a printout has.
    geometry = measured(html_of(two_agreements), tmp_path, 720)
    names = geometry["agencies"]
    assert names
    # "Sở NN&PTNT Thái Nguyên (TN-NNPTNT)" wraps once at most, never a word per line.
    assert max(name["lines"] for name in names) <= 2, names
