"""Shared by the benchmarks: the `tonghop` command and generated .docx reports."""

from __future__ import annotations

import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def tonghop_command() -> list[str]:
    """The installed `tonghop` script beside this Python, else `python -m tonghop.cli`."""
    script = Path(sys.executable).parent / "tonghop"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "tonghop.cli"]


def _one(args: tuple[Path, int, int]) -> Path:
    from tonghop.synth.generator import FAULTS, generate_report, write_report

    folder, seed, i = args
    faults = {FAULTS[i % len(FAULTS)]} if i % 3 == 0 else set()
    rep = generate_report(seed * 100_003 + i, faults=faults, guideline_seed=seed)
    return write_report(rep.blocks, folder / f"bao_cao_{i:04d}.docx", "docx")


def make_reports(folder: Path, count: int, seed: int = 0) -> list[Path]:
    """`count` generated reports as .docx (headings in bold), written on every core."""
    folder.mkdir(parents=True, exist_ok=True)
    jobs = [(folder, seed, i) for i in range(1, count + 1)]
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        return list(pool.map(_one, jobs, chunksize=16))
