"""What background reading costs: the request's own checks (format, scan or not, large
or not), the child process every worker read runs in (time and memory limits) against
reading in-process, and the reads that go to the worker: a .doc converted by
LibreOffice and the real two-page scan.  Prints the figures; asserts nothing.

    .venv/bin/python bench/background.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tonghop.web.settings")

import django  # noqa: E402

django.setup()

from tests.web.factories_submissions import docx_bytes, pdf_bytes  # noqa: E402
from tonghop.pipeline import read_document_bytes  # noqa: E402
from tonghop.web.submissions import isolated, services  # noqa: E402

SCAN = ROOT.parent / "shared" / "real" / "scan_bc23_ubnd_quangngai.pdf"


def timed(fn, repeat: int = 1) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - start)
    return best, out


def vn(x: float, places: int = 2) -> str:
    return f"{x:.{places}f}".replace(".", ",")


def main() -> None:
    docx, pdf, scan = docx_bytes(), pdf_bytes(), SCAN.read_bytes()
    print("Kiểm tra trong yêu cầu (check_upload), mili giây:")
    for name, data in (("bao-cao.docx", docx), ("bao-cao.pdf", pdf), ("quet.pdf", scan)):
        took, (fmt, why) = timed(lambda d=data, n=name: services.check_upload(d, n), 20)
        print(f"  {name:14} {vn(took * 1000)} ms  -> {fmt}, {why or 'đọc ngay trong yêu cầu'}")

    direct, _ = timed(lambda: read_document_bytes(docx, "bao-cao.docx"), 5)
    child, _ = timed(lambda: isolated.read(docx, "bao-cao.docx"), 3)
    print(
        f"Đọc .docx ngắn: trong tiến trình {vn(direct)} s, tiến trình con có giới hạn {vn(child)} s"
    )
    print(f"  -> chi phí của tiến trình con: {vn(child - direct)} s mỗi lần đọc nền")

    soffice = shutil.which("soffice")
    if soffice:
        with tempfile.TemporaryDirectory() as tmp:
            (Path(tmp) / "b.docx").write_bytes(docx)
            subprocess.run(
                [soffice, f"-env:UserInstallation=file://{tmp}/lo", "--headless",
                 "--convert-to", "doc:MS Word 97", "--outdir", tmp, f"{tmp}/b.docx"],
                check=True, capture_output=True,
            )  # fmt: skip
            doc = (Path(tmp) / "b.doc").read_bytes()
        took, _ = timed(lambda: isolated.read(doc, "b.doc"))
        print(f"Đọc .doc (LibreOffice chuyển đổi) trong tiến trình con: {vn(took)} s")
    if shutil.which("tesseract") and SCAN.exists():
        took, got = timed(lambda: isolated.read(scan, SCAN.name))
        pages = len(got.ocr_pages)
        print(
            f"Bản quét thật {SCAN.name}: {pages} trang, {vn(took)} s, "
            f"{vn(pages / took)} trang/giây ({os.cpu_count()} lõi), giới hạn "
            f"{isolated.MEMORY_MB} MB / {vn(isolated.TIMEOUT_S, 0)} s"
        )
        for mb in (256, 512, 1024):
            try:
                isolated.read(scan, SCAN.name, memory_mb=mb)
                print(f"  giới hạn bộ nhớ {mb} MB: đọc được")
            except Exception as exc:  # noqa: BLE001
                print(f"  giới hạn bộ nhớ {mb} MB: dừng ({str(exc)[:60]}...)")


if __name__ == "__main__":
    main()
