"""Re-make the pictures of the sample's HTML report in docs/: `python -m tools.render_html_docs`.

The sample (sample_data/hanoi-thainguyen-2019.json) reported in Vietnamese as of
27/11/2026, without and with an official letterhead, printed to PDF by headless Chromium
and each page made a PNG by pdftoppm (poppler-utils), as a person would see the printout:
docs/report-html-vi-<page>.png and docs/report-html-vi-letterhead-<page>.png.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

from tracker.reports.letterhead import Letterhead

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "hanoi-thainguyen-2019.json"
DOCS = ROOT / "docs"
AS_OF = date(2026, 11, 27)
DPI = 75

# A department's details as `tracker config` would give them; the number is left for the
# clerk to fill in by hand, as the page shows it (a dotted blank).
SAMPLE_LETTERHEAD = Letterhead(
    parent_body="UBND thành phố Hà Nội",
    agency="Sở Kế hoạch và Đầu tư",
    place="Hà Nội",
    symbol="BC-SKHĐT",
    position=("KT. Giám đốc", "Phó Giám đốc"),
    signer="Nguyễn Văn An",
    recipients=("UBND Thành phố (để báo cáo)", "Sở KH&ĐT tỉnh Thái Nguyên", "Các phòng thuộc Sở"),
    archive="KTĐN",
)


def chromium() -> str | None:
    """The Chromium command on this machine, or None."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def print_to_pdf(html: Path, pdf: Path) -> None:
    """Print `html` to `pdf` with headless Chromium, without its date and URL margins."""
    browser = chromium()
    if browser is None:
        raise SystemExit("chromium is not installed (apt-get install chromium)")
    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            html.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )


def pages_to_png(pdf: Path, prefix: Path) -> list[Path]:
    """Each page of `pdf` as prefix-<n>.png at DPI dots per inch."""
    for old in _pages(prefix):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", str(DPI), str(pdf), str(prefix)], check=True)
    return _pages(prefix)


def _pages(prefix: Path) -> list[Path]:
    """prefix-1.png, prefix-2.png...: pdftoppm's pages (not another prefix's that starts
    with this one, report-html-vi-letterhead-1.png for report-html-vi)."""
    pages = prefix.parent.glob(f"{prefix.name}-*.png")
    return sorted(
        page
        for page in pages
        if page.stem.rpartition("-")[2].isdigit() and page.stem.rpartition("-")[0] == prefix.name
    )


def html_report(letterhead: Letterhead | None) -> bytes:
    """The sample's Vietnamese HTML report as of AS_OF."""
    from tracker.reports.render import ReportSpec
    from tracker.service import Tracker, load_interchange_file
    from tracker.store.database import Database

    with tempfile.TemporaryDirectory() as folder:
        tracker = Tracker(Database(Path(folder) / "tracker.json"), AS_OF)
        tracker.import_data(load_interchange_file(SAMPLE))
        spec = ReportSpec("html", "vi", AS_OF, None, None, letterhead=letterhead)
        return tracker.render_report(spec, datetime(2026, 11, 27, 9, 0, tzinfo=UTC))


def render_html_report(name: str, letterhead: Letterhead | None) -> list[Path]:
    """docs/<name>-<page>.png, the pages of the sample's HTML report."""
    with tempfile.TemporaryDirectory() as folder:
        html = Path(folder) / f"{name}.html"
        html.write_bytes(html_report(letterhead))
        pdf = Path(folder) / f"{name}.pdf"
        print_to_pdf(html, pdf)
        return pages_to_png(pdf, DOCS / name)


def main() -> None:
    """Make every picture of the HTML report."""
    for name, letterhead in (
        ("report-html-vi", None),
        ("report-html-vi-letterhead", SAMPLE_LETTERHEAD),
    ):
        for page in render_html_report(name, letterhead):
            print(page.relative_to(ROOT), file=sys.stderr)


if __name__ == "__main__":
    main()
