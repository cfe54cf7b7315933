"""Scans made from real PDFs, as an office's scanner would make them: each page an
image at a given resolution, slightly turned, with speckles and grain, put back into
a PDF that has no text layer.  Shared by tests/test_ocr.py and bench/ocr.py."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import numpy as np
import pymupdf

from tests.conftest import REPORT_001


def scan(pdf: bytes, dpi: int, angle: float, noise: float = 0.02, seed: int = 1) -> bytes:
    """`pdf` as an image-only PDF: pages rendered at `dpi`, turned by `angle` degrees
    (alternately one way and the other), with gray grain and dark specks on a
    `noise` share of the pixels."""
    rng = np.random.default_rng(seed)
    src = pymupdf.open(stream=pdf, filetype="pdf")
    out = pymupdf.open()
    zoom = dpi / 72
    for k, page in enumerate(src):
        r = page.rect
        turn = angle if k % 2 == 0 else -angle * 0.6
        cx, cy = r.width / 2, r.height / 2
        m = pymupdf.Matrix(1, 0, 0, 1, -cx, -cy) * pymupdf.Matrix(turn)
        m = m * pymupdf.Matrix(1, 0, 0, 1, cx, cy) * pymupdf.Matrix(zoom, zoom)
        pix = page.get_pixmap(matrix=m, colorspace=pymupdf.csGRAY, alpha=False)
        a = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width)
        # Keep the page's own size: cut the turned image around its centre.
        w, h = round(r.width * zoom), round(r.height * zoom)
        top, left = max((pix.height - h) // 2, 0), max((pix.width - w) // 2, 0)
        a = a[top : top + h, left : left + w].astype(np.int16)
        a += rng.normal(0, 8, a.shape).astype(np.int16)  # grain
        specks = rng.random(a.shape) < noise / 10
        a[specks] = rng.integers(0, 90, int(specks.sum()))
        a = np.clip(a, 0, 255).astype(np.uint8)
        img = pymupdf.Pixmap(pymupdf.csGRAY, a.shape[1], a.shape[0], a.tobytes(), False)
        img.set_dpi(dpi, dpi)
        new = out.new_page(width=r.width, height=r.height)
        # JPEG, as scanners save: its blur around the letters is part of the test.
        new.insert_image(new.rect, stream=img.tobytes("jpg", jpg_quality=75))
    return out.tobytes(deflate=True)


def seed_pdf(folder: Path, soffice: str) -> Path:
    """Seed 001 as its author would have typed it in Word (headings bold, real
    footnotes), saved as PDF by LibreOffice: the text PDF the scans are made of."""
    from tests.test_formats import heading_lines, seed_blocks
    from tonghop.pipeline import read_document
    from tonghop.writers.docx import write_docx

    docx = folder / "001.docx"
    blocks = seed_blocks(REPORT_001, heading_lines(read_document(REPORT_001)), "bold")
    write_docx(blocks, docx)
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{folder}/lo", "--headless",
         "--convert-to", "pdf", "--outdir", str(folder), str(docx)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return docx.with_suffix(".pdf")


def body_text(raw) -> str:
    """The text of a reading's blocks, as the transcriptions give it: one paragraph a
    line, footnote markers left out, spaces squeezed."""
    out = []
    for b in raw.blocks:
        if b.kind == "table":
            out.extend(" ".join(cell for cell in row) for row in b.rows or [])
        else:
            out.append(b.text)
    return squeeze("\n".join(out))


def squeeze(text: str) -> str:
    text = re.sub(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+", "", text)
    return re.sub(r"\s+", " ", text).strip()
