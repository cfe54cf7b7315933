"""Reading speed in process: median time per document for `read_document` of seed 001
as .txt, as .docx (headings in bold Normal text, real footnotes) and as .pdf (LibreOffice
from that .docx).  Prints figures beside their targets; asserts nothing.

    .venv/bin/python bench/read_speed.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tonghop.model import Block, from_superscript  # noqa: E402
from tonghop.pipeline import read_document  # noqa: E402
from tonghop.synth.generator import convert_to_pdf  # noqa: E402
from tonghop.writers.docx import write_docx  # noqa: E402

SHARED = Path(os.environ.get("TONGHOP_SHARED", ROOT.parent / "shared"))
SEED_001 = SHARED / "seeds" / "001_3a82535dc271e2e5.txt"
TARGETS_MS = {"txt": 10, "docx": 25, "pdf": 150}

_FOOTNOTE = re.compile(r"^([⁰¹²³⁴⁵⁶⁷⁸⁹]+)\s*(.*)$", re.S)
_BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)
_ITALIC = re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", re.S)
_NUMBERED = re.compile(r"^(?:(?P<roman>[IVX]+\.)|(?P<arabic>\d+\.)|(?P<decimal>\d+\.\d+\.?))\s")


def _depth(text: str) -> int:
    """1 for "I.", 2 for "1.", 3 for "2.1." / "2.2 ", 0 for an unnumbered line."""
    m = _NUMBERED.match(text)
    if not m:
        return 0
    return 1 if m["roman"] else 2 if m["arabic"] else 3


def seed_blocks(text: str) -> list[Block]:
    """The seed's paragraphs as Word blocks: footnote texts as footnotes, headings in bold.

    A heading is a numbered line ("I.", "1.", "2.1.", "2.2 ") of at most 45 words followed
    by ordinary text (not the Nơi nhận or signature) or by a deeper numbered line; a run of
    numbered lines of one level (001's tasks under IV) are paragraphs.
    """
    paras = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    body = [p for p in paras if not _FOOTNOTE.match(p)]
    blocks = []
    for p in paras:
        m = _FOOTNOTE.match(p)
        if m and m.group(2).strip():
            blocks.append(
                Block(m.group(2).strip(), kind="footnote", footnote=from_superscript(m.group(1)))
            )
            continue
        bold = bool(_BOLD.fullmatch(p))
        clean = _ITALIC.sub(r"\1", _BOLD.sub(r"\1", p))
        depth = _depth(clean)
        if depth and len(clean.split()) <= 45:
            k = body.index(p)
            nxt = body[k + 1] if k + 1 < len(body) else ""
            ordinary = not _depth(nxt) and not nxt.startswith(("Nơi nhận", "**", "T/M"))
            bold = bold or ordinary or _depth(nxt) > depth
        blocks.append(Block(clean, bold=bold))
    return blocks


def median_ms(path: Path, runs: int) -> float:
    read_document(path)  # warm up: imports, regex caches
    read_document(path)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        read_document(path)
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=50)
    args = ap.parse_args()
    if not SEED_001.exists():
        print(f"Không thấy seed 001 ở {SEED_001} (đặt TONGHOP_SHARED).")
        return 1
    with tempfile.TemporaryDirectory(prefix="tonghop-bench-") as tmp:
        folder = Path(tmp)
        docx = folder / "001.docx"
        blocks = seed_blocks(SEED_001.read_text(encoding="utf-8"))
        write_docx(blocks, docx)
        files = {"txt": SEED_001, "docx": docx}
        if shutil.which("soffice") or shutil.which("libreoffice"):
            files["pdf"] = convert_to_pdf([docx], folder)[0]
        print("Tốc độ đọc seed 001 (read_document, trong tiến trình, trung vị mỗi văn bản)")
        for fmt, path in files.items():
            runs = args.runs if fmt != "pdf" else max(10, args.runs // 2)
            ms = median_ms(path, runs)
            target = TARGETS_MS[fmt]
            verdict = "đạt" if ms <= target else "CHƯA ĐẠT"
            print(f"  .{fmt:<5} {ms:8.2f} ms   mục tiêu ≤ {target} ms   {verdict}  ({runs} lần)")
        if "pdf" not in files:
            print("  .pdf   bỏ qua: không có LibreOffice (soffice)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
