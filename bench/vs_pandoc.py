"""100 .docx copies of seed 001 (or, with --generated, 100 generated reports): read by
ONE `tonghop read --json` call (all files as arguments; it reads them on every core) against
pandoc converting the same files one by one (`pandoc -t json FILE`, a process each), in the
same run.  Prints both totals, the cores used and the ratio (target ≥ 5× on 2 cores).

    .venv/bin/python bench/vs_pandoc.py [--count N] [--generated]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import make_reports, tonghop_command  # noqa: E402
from read_speed import SEED_001, seed_blocks  # noqa: E402

from tonghop.writers.docx import write_docx  # noqa: E402

TARGET_RATIO = 5.0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--generated", action="store_true", help="báo cáo sinh tự động")
    args = ap.parse_args()
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        print("Bỏ qua: không có pandoc (gói Debian pandoc).")
        return 0
    with tempfile.TemporaryDirectory(prefix="tonghop-bench-") as tmp:
        folder = Path(tmp) / "docx"
        if args.generated:
            files = make_reports(folder, args.count)
            what = "báo cáo .docx sinh tự động"
        else:
            if not SEED_001.exists():
                print(f"Không thấy seed 001 ở {SEED_001} (đặt TONGHOP_SHARED).")
                return 1
            folder.mkdir(parents=True)
            first = folder / "0001.docx"
            write_docx(seed_blocks(SEED_001.read_text(encoding="utf-8")), first)
            data = first.read_bytes()
            files = [first]
            for i in range(2, args.count + 1):
                files.append(folder / f"{i:04d}.docx")
                files[-1].write_bytes(data)
            what = "bản .docx của seed 001"
        t = time.perf_counter()
        run = subprocess.run(
            [*tonghop_command(), "read", "--json", *map(str, files)],
            capture_output=True,
        )
        ours = time.perf_counter() - t
        lines = run.stdout.count(b"\n")
        t = time.perf_counter()
        failed = 0
        for f in files:
            r = subprocess.run([pandoc, "-t", "json", str(f)], stdout=subprocess.PIPE)
            failed += r.returncode != 0
        theirs = time.perf_counter() - t
    version = subprocess.run([pandoc, "--version"], capture_output=True, text=True).stdout
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"{len(files)} {what}, máy có {cores} nhân")
    print(
        f"  tonghop read --json (1 lệnh, mọi nhân): {ours:7.2f} s  "
        f"({ours / len(files) * 1000:.1f} ms/tệp, {lines} dòng JSON, mã thoát {run.returncode})"
    )
    print(
        f"  {version.splitlines()[0]} -t json (1 tiến trình/tệp): {theirs:7.2f} s  "
        f"({theirs / len(files) * 1000:.1f} ms/tệp, {failed} lỗi)"
    )
    ratio = theirs / ours if ours else float("inf")
    verdict = "đạt" if ratio >= TARGET_RATIO else "CHƯA ĐẠT"
    print(f"  tỉ lệ pandoc / tonghop: {ratio:.1f}×   mục tiêu ≥ {TARGET_RATIO:g}×   {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
