"""Make the README's pictures of the Word report again: the sample's report, as a person sees it.

`python -m tools.render_docx_docs` imports the sample into a temporary database, configures
an example department in a temporary settings file (never yours), writes the report as of
27/11/2026 with `tracker report --format docx`, converts it to PDF with LibreOffice and
to PNG with pdftoppm, and copies the first page and the appendix's first page to docs/.
Needs soffice (libreoffice-writer) and pdftoppm (poppler-utils) on the PATH.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "hanoi-thainguyen-2019.json"
DOCS = ROOT / "docs"
TODAY = "2026-11-27"
RESOLUTION = 75  # dpi: readable headings, small files

# An example department, as the README's "Official Word report" configures it.
DEPARTMENT = {
    "department.parent": "UBND THÀNH PHỐ HÀ NỘI",
    "department.name": "SỞ KẾ HOẠCH VÀ ĐẦU TƯ",
    "department.place": "Hà Nội",
    "department.symbol": "BC-SKHĐT",
    "department.position": "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC",
    "department.signer": "Nguyễn Văn A",
    "department.recipients": "UBND Thành phố (để báo cáo); Sở KH&ĐT tỉnh Thái Nguyên; Lãnh đạo Sở",
    "department.archive": "KTĐN",
}


def tracker(env: dict[str, str], *args: str) -> None:
    """Run `tracker ARGS`; stop with its error if it fails."""
    subprocess.run([sys.executable, "-m", "tracker", *args], env=env, cwd=ROOT, check=True)


def page_texts(pdf: Path) -> list[str]:
    """The text of each page of `pdf`."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")


def main() -> None:
    """Write docs/report-docx-vi-1.png (the first page) and docs/report-docx-vi-appendix.png."""
    for tool in ("soffice", "pdftoppm", "pdftotext"):
        if shutil.which(tool) is None:
            sys.exit(f"render_docx_docs: {tool} is not installed")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        env = dict(os.environ)
        env.update(
            TRACKER_DB=str(work / "tracker.json"),
            TRACKER_CONFIG=str(work / "settings.toml"),
            TRACKER_TODAY=TODAY,
            TRACKER_LANG="vi",
        )
        tracker(env, "import", str(SAMPLE))
        for key, value in DEPARTMENT.items():
            tracker(env, "config", "set", key, value)
        report = work / "bao-cao.docx"
        tracker(env, "report", "--format", "docx", "--number", "12", "--output", str(report))
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "pdf", "--outdir", folder, str(report)],
            check=True,
            capture_output=True,
        )
        pdf = report.with_suffix(".pdf")
        pages = page_texts(pdf)
        appendix = next(
            number for number, text in enumerate(pages, start=1) if "DANH SÁCH NHIỆM VỤ" in text
        )
        for page, name in ((1, "report-docx-vi-1"), (appendix, "report-docx-vi-appendix")):
            prefix = work / name
            pages_wanted = ["-f", str(page), "-l", str(page), "-singlefile"]
            subprocess.run(
                ["pdftoppm", "-png", "-r", str(RESOLUTION), *pages_wanted, str(pdf), str(prefix)],
                check=True,
            )
            shutil.copyfile(prefix.with_suffix(".png"), DOCS / f"{name}.png")
            print(DOCS / f"{name}.png")


if __name__ == "__main__":
    main()
