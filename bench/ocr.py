"""Scanned PDFs read by OCR: for each scan, character accuracy, headings, footnotes and
figures found, and pages per second with the pages spread over 2 cores (one Tesseract
process per core).  Prints figures beside their targets; asserts nothing.

Scans: the two real ones of ../shared/real (against their proof-read transcriptions),
and seed 001 saved as PDF by LibreOffice then scanned here at 200 and 300 dpi (turned
by 1.5°, grain and specks) against ../shared/gold and the text PDF's own reading.

    .venv/bin/python bench/ocr.py [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz  # noqa: E402
from rapidfuzz.distance import Levenshtein  # noqa: E402

from tests.scans import body_text, scan, seed_pdf, squeeze  # noqa: E402
from tests.test_seeds import _find_figure, sections_by_path  # noqa: E402
from tonghop.pipeline import analyse  # noqa: E402
from tonghop.readers.pdf import read_pdf  # noqa: E402

SHARED = Path(os.environ.get("TONGHOP_SHARED", ROOT.parent / "shared"))
REAL = SHARED / "real"
GOLD = SHARED / "gold" / "001_3a82535dc271e2e5.json"
TARGETS = (
    "ký tự ≥ 98% ở 300 dpi; mẫu 001 quét 300 dpi: đủ mọi đề mục và chú thích, "
    "≥ 95% số liệu đúng; ≥ 1 trang/giây mỗi lõi"
)

# What a reader checks on the real scans: headings and figures named in ../shared/real.
REAL_CHECKS = {
    "scan_bc23_ubnd_quangngai": {
        "headings": [("I",), ("II",)],
        "figures": [162_056_800, 17.45],
    },
    "scan_bc280_ubnd_quangngai": {
        "headings": [],
        "figures": [8_699_280_000, 650_880_000, 736_800_000, 7_269_100_000, 42_500_000],
    },
}


def accuracy(got: str, want: str) -> float:
    return 1 - Levenshtein.normalized_distance(squeeze(got), squeeze(want))


def cpu_seconds() -> float:
    """CPU time of this process and of the Tesseract processes it has waited for."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def timed_read(data: bytes):
    """The reading, its analysis and (wall seconds, CPU seconds, load while reading).

    The machine may be shared: wall-clock pages per second say as much about the
    neighbours as about the code, CPU seconds per page do not."""
    start, cpu = time.perf_counter(), cpu_seconds()
    raw = read_pdf(data)
    seconds = time.perf_counter() - start
    used = cpu_seconds() - cpu
    return raw, analyse(raw), (seconds, used, os.getloadavg()[0])


def heading_found(found: dict, g: dict) -> bool:
    section = found.get(tuple(g["path"]))
    if section is None:
        return False
    title = squeeze(section.title)
    if "title" in g:
        return fuzz.ratio(title, g["title"]) >= 90
    start = g["title_starts"]
    return fuzz.ratio(title[: len(start)], start) >= 90


def row(name, pages, timing, workers, acc, headings, footnotes, figures, conf):
    seconds, cpu, load = timing
    rate = pages / seconds
    print(
        f"{name:<28} {pages:>3} tr  {acc * 100:6.2f}%  {headings:>7}  {footnotes:>7}  "
        f"{figures:>7}  {rate:5.2f} tr/s  {rate / workers:5.2f} tr/s/lõi  "
        f"{cpu / pages:4.2f} s CPU/tr  tải {load:.1f}  tin cậy {conf}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    os.environ["TONGHOP_OCR_WORKERS"] = str(args.workers)
    if shutil.which("tesseract") is None:
        print("Thiếu Tesseract (gói tesseract-ocr, tesseract-ocr-vie): bỏ qua.")
        return
    print(f"OCR bản quét, {args.workers} lõi. Mục tiêu: {TARGETS}")
    print(
        f"{'bản quét':<28} {'trang':>6}  {'ký tự':>7}  {'đề mục':>7}  {'chú thích':>7}  "
        f"{'số liệu':>7}  tốc độ"
    )
    for name, checks in REAL_CHECKS.items():
        raw, doc, timing = timed_read((REAL / f"{name}.pdf").read_bytes())
        want = (REAL / f"{name}.transcript.txt").read_text(encoding="utf-8")
        found = sections_by_path(doc)
        heads = sum(1 for h in checks["headings"] if h in found)
        values = {f.value for f in doc.figures}
        figs = sum(1 for v in checks["figures"] if v in values)
        row(
            name,
            raw.pages,
            timing,
            args.workers,
            accuracy(body_text(raw), want),
            f"{heads}/{len(checks['headings'])}",
            "-",
            f"{figs}/{len(checks['figures'])}",
            [c for _, c in raw.ocr_pages],
        )
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("Thiếu LibreOffice: không tạo được bản quét từ văn bản mẫu 001.")
        return
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        text_pdf = seed_pdf(Path(tmp), soffice).read_bytes()
    text = read_pdf(text_pdf)
    for dpi in (300, 200):
        raw, doc, timing = timed_read(scan(text_pdf, dpi, 1.5, seed=dpi))
        found = sections_by_path(doc)
        heads = sum(1 for g in gold["sections"] if heading_found(found, g))
        notes = {fn.n: fn for fn in doc.footnotes}
        ok_notes = sum(
            1
            for n, g in gold["footnotes"].items()
            if int(n) in notes
            and notes[int(n)].marker_path == g["marker_in"]
            and fuzz.ratio(notes[int(n)].text[: len(g["starts"])], g["starts"]) >= 90
        )
        figs = sum(1 for g in gold["figures"] if _find_figure(doc, g) is not None)
        row(
            f"mẫu 001, {dpi} dpi",
            raw.pages,
            timing,
            args.workers,
            accuracy(body_text(raw), body_text(text)),
            f"{heads}/{len(gold['sections'])}",
            f"{ok_notes}/{len(gold['footnotes'])}",
            f"{figs}/{len(gold['figures'])}",
            [c for _, c in raw.ocr_pages],
        )


if __name__ == "__main__":
    main()
