"""1,000 generated .docx reports read on 2 cores: two `tonghop read --json` processes with
half the files each.  Prints the wall time (target < 60 s) and the peak memory, the largest
resident set of the two workers, from wait4 (target < 300 MB).

    .venv/bin/python bench/bulk.py [--count N] [--workers W]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import make_reports, tonghop_command  # noqa: E402

TARGET_S = 60
TARGET_MB = 300


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="tonghop-bench-") as tmp:
        t = time.perf_counter()
        files = make_reports(Path(tmp) / "docx", args.count)
        made = time.perf_counter() - t
        size = sum(f.stat().st_size for f in files)
        shares = [files[k :: args.workers] for k in range(args.workers)]
        outs = [open(Path(tmp) / f"out{k}.jsonl", "wb") for k in range(args.workers)]  # noqa: SIM115
        t = time.perf_counter()
        procs = [
            subprocess.Popen(
                [*tonghop_command(), "read", "--json", *map(str, share)],
                stdout=out,
                stderr=subprocess.PIPE,
            )
            for share, out in zip(shares, outs, strict=True)
        ]
        codes, peaks = [], []
        for p in procs:  # wait4: the resource usage of each reader alone
            _, status, usage = os.wait4(p.pid, 0)
            p.returncode = os.waitstatus_to_exitcode(status)
            codes.append(p.returncode)
            peaks.append(usage.ru_maxrss / 1024)  # Linux: KiB
        wall = time.perf_counter() - t
        for out in outs:
            out.close()
        errors = [p.stderr.read().decode(errors="replace").strip() for p in procs]
        read = sum(
            (Path(tmp) / f"out{k}.jsonl").read_bytes().count(b"\n") for k in range(args.workers)
        )
    peak_mb = max(peaks)
    print(
        f"{len(files)} báo cáo .docx sinh tự động ({size / 2**20:.0f} MB, sinh trong {made:.0f} s)"
    )
    print(
        f"  đọc bằng {args.workers} tiến trình `tonghop read --json`: {read} kết quả, "
        f"mã thoát {codes}"
    )
    verdict = "đạt" if wall < TARGET_S else "CHƯA ĐẠT"
    print(
        f"  thời gian: {wall:6.1f} s  ({wall / len(files) * 1000:.1f} ms/tệp)   "
        f"mục tiêu < {TARGET_S} s   {verdict}"
    )
    verdict = "đạt" if peak_mb < TARGET_MB else "CHƯA ĐẠT"
    each = ", ".join(f"{m:.0f}" for m in peaks)
    print(f"  bộ nhớ đỉnh (RSS lớn nhất của một tiến trình đọc): {peak_mb:6.0f} MB  ({each})   "
          f"mục tiêu < {TARGET_MB} MB   {verdict}")  # fmt: skip
    for e in errors:
        if e:
            print("  stderr:", e[:300])
    return 0


if __name__ == "__main__":
    sys.exit(main())
