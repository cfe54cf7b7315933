"""100 generated .docx reports: read by ONE `tonghop read --json` process (all files as
arguments) against pandoc converting the same files one by one (`pandoc -t json FILE`, a
process each), in the same run.  Prints both totals and the ratio (target ≥ 5×).

    .venv/bin/python bench/vs_pandoc.py [--count N]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import make_reports, tonghop_command  # noqa: E402

TARGET_RATIO = 5.0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=100)
    args = ap.parse_args()
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        print("Bỏ qua: không có pandoc (gói Debian pandoc).")
        return 0
    with tempfile.TemporaryDirectory(prefix="tonghop-bench-") as tmp:
        files = make_reports(Path(tmp) / "docx", args.count)
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
    print(f"{len(files)} báo cáo .docx sinh tự động")
    print(
        f"  tonghop read --json (1 tiến trình): {ours:7.2f} s  "
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
