"""Indicators from many read reports: how long `propose` and `match` take.

Generated reports are read (as text, with page ends) and aligned first, untimed; then
the indicators are proposed from all their figures, and matched (the KL01 catalogue and
the adopted candidates).  Prints each figure.  Usage: bench/indicators.py [N] (500).
"""

from __future__ import annotations

import sys
import time

import _common  # noqa: F401  (puts the project on sys.path)

from tonghop.align import align
from tonghop.consolidate import catalogue_kl01
from tonghop.consolidate.indicators import match, propose
from tonghop.consolidate.readings import unit_figures
from tonghop.outline import build_outline
from tonghop.pipeline import analyse
from tonghop.readers import read_bytes
from tonghop.synth.generator import _grassroots_unit, generate_guideline, generate_report, to_text


def main(count: int = 500) -> None:
    guide = analyse(read_bytes(to_text(generate_guideline(0), 0).encode(), "hd.txt"))
    outline = build_outline(guide)
    figures = []
    for i in range(1, count + 1):
        unit = _grassroots_unit(i)
        rep = generate_report(100_003 + i, unit=unit, guideline_seed=0)
        doc = analyse(read_bytes(to_text(rep.blocks, i).encode(), "bc.txt"))
        figures += unit_figures(doc, align(doc, outline), f"u{i}", unit, 1)
    print(f"indicators: {count} reports, {len(figures)} figures (wall / CPU seconds)")

    def timed(label, fn):
        wall, cpu = time.perf_counter(), time.process_time()
        out = fn()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(f"  {label}: {wall:.2f} s / {cpu:.2f} s, {len(out)}")
        return out

    candidates = timed("propose (candidates)", lambda: propose(figures))
    timed("match KL01 catalogue (values)", lambda: match(catalogue_kl01.INDICATORS, figures))
    timed(
        "match adopted candidates (values)",
        lambda: match([c.indicator for c in candidates], figures),
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
