"""Files that must be read in the background, made by the tests: the test campaign's
report saved by LibreOffice as Word 97, and printed to PDF then scanned."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pymupdf

from tests.scans import scan
from tests.web.factories_submissions import docx_bytes


def convert(soffice: str, folder: Path, docx: bytes, target: str) -> bytes:
    """The report saved by LibreOffice as another format (`target`: a filter)."""
    source = folder / "bao-cao.docx"
    source.write_bytes(docx)
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{folder}/lo", "--headless",
         "--convert-to", target, "--outdir", str(folder), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    ext = target.split(":")[0]
    return (folder / f"bao-cao.{ext}").read_bytes()


def legacy_doc(soffice: str, folder: Path) -> bytes:
    return convert(soffice, folder, docx_bytes(), "doc:MS Word 97")


def scanned_report(soffice: str, folder: Path, seed: int = 5) -> bytes:
    """The report printed to PDF by LibreOffice (one page), then scanned: rendered at
    300 dpi, slightly turned, with grain, back into a PDF without a text layer."""
    pdf = convert(soffice, folder, docx_bytes(), "pdf")
    assert pymupdf.open(stream=pdf, filetype="pdf").page_count == 1
    return scan(pdf, 300, 0.8, seed=seed)
