"""Precision and recall of figures on real documents labelled by hand.

The labelled set is tests/figures_labelled/*.json: every figure of each document
(page, a quote of the sentence, value, counted noun), checked against the page.
A figure the engine proposes with confidence >= CONFIDENT counts as proposed; it is
right when a labelled figure has the same value, a compatible counted noun (one
names the other's first words: "điểm" for "điểm úng ngập") and a quote found in the
figure's sentence.  Figures in tables are labelled too (`table`), and their recall
is printed apart: a table is read by the table reader, not by the prose rules.

Also prints how many of the gold figures of seed 001 are still found, and how long one
pass of extract_figures over the paragraphs of 001 takes (target 10 ms).

    .venv/bin/python bench/figure_precision.py [--verbose]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tonghop.figures import CONFIDENT, extract_figures  # noqa: E402
from tonghop.model import Figure  # noqa: E402
from tonghop.pipeline import read_document  # noqa: E402

SHARED = Path(os.environ.get("TONGHOP_SHARED", ROOT.parent / "shared"))
REAL = SHARED / "real"
LABELLED = ROOT / "tests" / "figures_labelled"
TARGET_PRECISION = 0.97
TARGET_RECALL = 0.95

_SUP = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹]")


def norm(text: str) -> str:
    """Comparable text: NFC, m³ as m3, no footnote markers, one space, lower case."""
    text = unicodedata.normalize("NFC", text).replace("m³", "m3").replace("m²", "m2")
    return re.sub(r"\s+", " ", _SUP.sub("", text)).strip().lower()


def unit_matches(unit: str, gold: str | list[str]) -> bool:
    """Same counted noun, or one names the first words of the other."""
    words = norm(unit).split()
    for g in [gold] if isinstance(gold, str) else gold:
        want = norm(g).split()
        if words and (words == want[: len(words)] or want == words[: len(want)]):
            return True
    return False


def matches(f: Figure, g: dict) -> bool:
    return (
        abs(f.value - g["value"]) <= 1e-9 * max(1.0, abs(g["value"]))
        and unit_matches(f.unit, g["unit"])
        and norm(g["quote"]) in norm(f.text)
    )


@dataclass
class Score:
    name: str
    gold: list[dict]
    proposed: list[Figure]
    doubtful: list[Figure]  # proposed with a low confidence: not counted
    missed: list[dict] = field(default_factory=list)
    wrong: list[Figure] = field(default_factory=list)
    found: int = 0

    @property
    def precision(self) -> float:
        return self.found / len(self.proposed) if self.proposed else 1.0

    @property
    def recall(self) -> float:
        return self.found / len(self.gold) if self.gold else 1.0

    def recall_of(self, table: bool) -> tuple[int, int]:
        want = [g for g in self.gold if bool(g.get("table")) == table]
        missed = [g for g in self.missed if bool(g.get("table")) == table]
        return len(want) - len(missed), len(want)


def score_document(labelled: dict, figures: list[Figure]) -> Score:
    proposed = [f for f in figures if f.confidence >= CONFIDENT]
    doubtful = [f for f in figures if f.confidence < CONFIDENT]
    s = Score(labelled["file"], labelled["figures"], proposed, doubtful)
    free = list(proposed)
    for g in labelled["figures"]:
        hit = next((f for f in free if matches(f, g)), None)
        if hit is None:
            s.missed.append(g)
        else:
            free.remove(hit)
            s.found += 1
    s.wrong = free
    return s


def labelled_sets() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(LABELLED.glob("*.json"))]


def score_all() -> list[Score]:
    return [
        score_document(lab, read_document(REAL / lab["file"]).figures) for lab in labelled_sets()
    ]


def seed_001_found() -> tuple[int, int]:
    """Gold figures of seed 001 found among the confident figures (as tests/test_seeds.py)."""
    gold = json.loads((SHARED / "gold" / "001_3a82535dc271e2e5.json").read_text("utf-8"))
    doc = read_document(SHARED / "seeds" / "001_3a82535dc271e2e5.txt")
    figures = [f for f in doc.figures if f.confidence >= CONFIDENT]

    def found(g: dict) -> bool:
        for f in figures:
            if f.value != g["value"] or ("footnote" in g and f.footnote != g["footnote"]):
                continue
            if "where" in g and (f.footnote is not None or f.path != g["where"]):
                continue
            if "unit" in g and f.unit != g["unit"]:
                continue
            if "qualifier" in g and f.qualifier != g["qualifier"]:
                continue
            if "unit" not in g and not norm(g["about"]).startswith(norm(f.unit)):
                continue
            return True
        return False

    return sum(found(g) for g in gold["figures"]), len(gold["figures"])


def _pct(x: float) -> str:
    return f"{100 * x:5.1f}%"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--verbose", action="store_true", help="list wrong and missed figures")
    args = ap.parse_args()
    scores = score_all()
    print(f"{'document':<34} {'gold':>5} {'prop':>5} {'ok':>5} {'P':>7} {'R':>7}  prose R  table R")
    tot_found = tot_prop = tot_gold = 0
    prose = [0, 0]
    for s in scores:
        pf, pn = s.recall_of(table=False)
        tf, tn = s.recall_of(table=True)
        prose[0] += pf
        prose[1] += pn
        table = f"{tf}/{tn}" if tn else "-"
        print(
            f"{s.name:<34} {len(s.gold):>5} {len(s.proposed):>5} {s.found:>5} "
            f"{_pct(s.precision)} {_pct(s.recall)}  {pf}/{pn:<5} {table}"
            + (f"  ({len(s.doubtful)} doubtful not counted)" if s.doubtful else "")
        )
        tot_found += s.found
        tot_prop += len(s.proposed)
        tot_gold += len(s.gold)
        if args.verbose:
            for f in s.wrong:
                print(f"    wrong   {f.raw!r:>10} {f.unit!r:<20} {f.text[:90]!r}")
            for g in s.missed:
                where = f"p.{g['page']} {g['quote']!r}"
                print(f"    missed  {g['value']!r:>10} {g['unit']!r:<20} {where}")
    p = tot_found / tot_prop if tot_prop else 1.0
    r = tot_found / tot_gold if tot_gold else 1.0
    print(
        f"{'overall':<34} {tot_gold:>5} {tot_prop:>5} {tot_found:>5} {_pct(p)} {_pct(r)}"
        f"  {prose[0]}/{prose[1]}"
    )
    pr = prose[0] / prose[1] if prose[1] else 1.0
    print(
        f"targets: precision >= {_pct(TARGET_PRECISION).strip()} (now {_pct(p).strip()}), "
        f"recall in prose >= {_pct(TARGET_RECALL).strip()} (now {_pct(pr).strip()}), "
        f"recall with tables {_pct(r).strip()}"
    )
    found, total = seed_001_found()
    print(f"seed 001: {found}/{total} gold figures found")
    print(f"extract_figures over the paragraphs of 001: {extract_speed_ms():.1f} ms (target 10 ms)")


def extract_speed_ms(runs: int = 21) -> float:
    """Median time of one pass of extract_figures over every paragraph of seed 001."""
    text = (SHARED / "seeds" / "001_3a82535dc271e2e5.txt").read_text(encoding="utf-8")
    paras = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        for p in paras:
            extract_figures(p)
        times.append(time.perf_counter() - t0)
    return 1000 * statistics.median(times)


if __name__ == "__main__":
    main()
