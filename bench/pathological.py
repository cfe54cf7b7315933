"""Reading time of pathological documents: runs of paragraphs all numbered "1.", as .txt
and as .docx, at 1.000, 8.000 and 50.000 paragraphs.  Linear reading means the 50.000
take about 6 times the 8.000 (before the fix: 1.000 -> 1,2 s, 8.000 -> ~80 s from a .txt).
Prints the figures; asserts nothing.

    .venv/bin/python bench/pathological.py [--sizes 1000,8000,50000]
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tonghop.model import Block  # noqa: E402
from tonghop.pipeline import read_document_bytes  # noqa: E402
from tonghop.writers.docx import write_docx  # noqa: E402

HEAD = ["ĐẢNG BỘ TỈNH HÀ TĨNH", "BÁO CÁO", "Kết quả thực hiện Kết luận 01-KL/TW"]


def _txt(n: int) -> bytes:
    return "\n\n".join(HEAD + ["1. Nội dung"] * n).encode()


def _docx(n: int) -> bytes:
    out = io.BytesIO()
    write_docx([Block(t) for t in HEAD + ["1. Nội dung"] * n], out)
    return out.getvalue()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,8000,50000")
    sizes = [int(x) for x in ap.parse_args().sizes.split(",")]
    print(f"{'format':6} {'đoạn':>7} {'KB':>6} {'giây':>7} {'mục':>7} {'lỗi':>5}")
    for fmt, make in (("txt", _txt), ("docx", _docx)):
        for n in sizes:
            data = make(n)
            start = time.perf_counter()
            doc = read_document_bytes(data, f"bao-cao.{fmt}")
            took = time.perf_counter() - start
            print(
                f"{fmt:6} {n:7} {len(data) // 1024:6} {took:7.2f} "
                f"{len(doc.sections):7} {len(doc.findings):5}",
                flush=True,
            )


if __name__ == "__main__":
    main()
