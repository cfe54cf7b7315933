"""Good practices quoted word for word from the units' answers to one outline item.

Extractive only: no model, nothing leaves the machine.  The answers are cut into
sentences; a sentence is a candidate when it reads as a statement (not a heading, not
the opening or closing formula, not a run of numbers).  Each candidate is weighed by
how central it is to what the units said about the item (TF-IDF over syllables and
syllable pairs, against a centroid where every unit counts once however long it wrote),
a little more when it tells of a practice, a model or a result.  Maximal marginal
relevance then picks `k`: each next quote from a unit not quoted yet, and not saying
again what a chosen quote says.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

from tonghop.consolidate.model import Answer, Quote
from tonghop.figures import split_sentences
from tonghop.model import Alignment, Document, Section
from tonghop.text import fold, is_upper_text, strip_markers

__all__ = ["answers_from", "candidates", "choose"]

LAMBDA = 0.7  # relevance against novelty in MMR
REPEAT = 0.5  # cosine above which a sentence says again what a chosen quote says
MIN_WORDS, MAX_WORDS = 8, 70
POOL = 250  # candidates kept for MMR, the most relevant first

# Syllables that carry no point of their own in these reports.
_STOP = frozenset(
    """và của các là được có trong với cho những một để theo tại từ đến nhằm này đó đã
    về thì khi như cũng còn đều vào ra lại rất nhiều hơn""".split()
)
# A leading list mark or label: "- ", "+ ", "• ", "1. ", "a) ".
_LEAD = re.compile(r"^(?:[-+•–—*]\s*|(?:\d{1,2}|[a-zđ])[.)]\s+)+")
# Formulas every report carries, folded: they quote nothing a unit did.
_BOILERPLATE = re.compile(
    r"bao cao (?:ket qua|nhu sau)|nhu sau\s*:?$|tran trong|noi nhan|thuc hien (?:huong dan|ke "
    r"hoach|cong van) so|de nghi .{0,40}(?:quan tam|xem xet)"
)
# What a good practice is told with (folded).
_CUES = tuple(
    fold(c)
    for c in (
        "mô hình", "cách làm", "sáng tạo", "hiệu quả", "điển hình", "tiêu biểu", "nhân rộng",
        "đã tổ chức", "đã xây dựng", "đã triển khai", "thu hút", "kết quả", "chuyển biến",
        "đổi mới", "gương", "thiết thực", "tích cực", "chủ động", "biểu dương", "việc làm cụ thể",
    )
)  # fmt: skip
_WORD = re.compile(r"\w+")
_LEANS = re.compile(
    r"(?:ngoai ra|trong do|ben canh do|dong thoi|mat khac|voi ket qua (?:do|tren)|qua do|do do"
    r"|vi vay|tu do|sau (?:cac|do)|nguyen nhan cua)\b"
)


# ------------------------------------------------------------------ answers from a report


def _section_text(section: Section) -> str:
    """The section's paragraphs and its sub-sections' (titles of these included)."""
    lines = [strip_markers(p) for p in section.paragraphs]
    for child in section.children:
        lines.append(strip_markers(child.title))
        lines.append(_section_text(child))
    return "\n".join(line for line in lines if line.strip())


def answers_from(
    doc: Document,
    alignment: Alignment,
    unit_id: str,
    unit_name: str,
    version: int | None = None,
    file_name: str = "",
) -> list[Answer]:
    """One `Answer` per outline item that the report answers (markers removed)."""
    by_path = {tuple(s.path): s for s in doc.walk()}
    out = []
    for item in alignment.items:
        if item.matched is None:
            continue
        section = by_path.get(tuple(item.matched.path))
        if section is None:
            continue
        text = _section_text(section)
        if text:
            out.append(
                Answer(unit_id, unit_name, version, item.id, list(section.path), text, file_name)
            )
    return out


# ------------------------------------------------------------------ candidates


def _trim(sentence: str) -> str:
    return _LEAD.sub("", sentence.strip()).strip()


_NUMERIC = re.compile(r"\S*\d\S*")
_CUE_RE = re.compile("|".join(re.escape(c) for c in _CUES))


@lru_cache(maxsize=200_000)
def _folded(s: str) -> str:
    return fold(s)


def _heading_like(s: str, words: list[str]) -> bool:
    # Prose has a small letter in its first words; only then is the full count needed.
    if any(c.islower() for c in "".join(words[:3])):
        return False
    return is_upper_text(s)


def _acceptable(s: str) -> bool:
    split = s.split()
    words = len(split)
    if not MIN_WORDS <= words <= MAX_WORDS:
        return False
    if s[-1] not in ".!…;”)" or _heading_like(s, split):
        return False
    if len(_NUMERIC.findall(s)) / words > 0.2:
        return False
    return not _BOILERPLATE.search(_folded(s))


@lru_cache(maxsize=200_000)
def _line_sentences(line: str) -> tuple[str, ...]:
    """The acceptable sentences of one line (cached: units copy whole lines from templates)."""
    out = []
    for sentence in split_sentences(line):
        s = _trim(sentence)
        if s and s not in out and _acceptable(s):
            out.append(s)
    return tuple(out)


def candidates(answers: list[Answer]) -> list[tuple[Answer, str]]:
    """Every acceptable sentence of the answers, each a substring of its answer's text.

    A sentence several units wrote word for word stays once per unit: which of them is
    quoted is for MMR to decide (it never takes the same point twice).
    """
    out = []
    for a in answers:
        seen: set[str] = set()
        for line in a.text.split("\n"):
            for s in _line_sentences(line):
                if s not in seen:
                    seen.add(s)
                    out.append((a, s))
    return out


# ------------------------------------------------------------------ vectors


@lru_cache(maxsize=200_000)
def _features(sentence: str) -> tuple[tuple[str, int], ...]:
    syl = [w for w in _WORD.findall(sentence.lower()) if not w.isdigit()]
    feats = Counter(w for w in syl if w not in _STOP)
    feats.update(f"{a}_{b}" for a, b in zip(syl, syl[1:], strict=False))
    return tuple(feats.items())


@lru_cache(maxsize=200_000)
def _prior(sentence: str) -> float:
    """What a sentence is worth before it is compared with the others: cue words of a
    practice or a result, a length that reads well, no leaning on the sentence before."""
    folded = _folded(sentence)
    cues = min(len(set(_CUE_RE.findall(folded))), 3)
    n = len(sentence.split())
    length = 1.0 if 14 <= n <= 45 else 0.85
    context = 0.75 if _LEANS.match(folded) else 1.0  # "Ngoài ra", "Trong đó" ...
    return (1.0 + 0.12 * cues) * length * context


def _unit(vec: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {k: v / norm for k, v in vec.items()}


def _cos(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(k, 0.0) for k, v in a.items())


# ------------------------------------------------------------------ choosing


def choose(answers: list[Answer], k: int = 3) -> list[Quote]:
    """Up to `k` quotes from `answers` (one outline item), from different units first."""
    cands = candidates(answers)
    if not cands or k <= 0:
        return []
    # Vectors per distinct sentence: a sentence many units share is weighed once.
    texts = list(dict.fromkeys(s for _, s in cands))
    slot = {t: j for j, t in enumerate(texts)}
    of = [slot[s] for _, s in cands]
    feats = [_features(t) for t in texts]
    times = Counter(of)
    df: Counter = Counter()
    for j, f in enumerate(feats):
        for t, _ in f:
            df[t] += times[j]
    n = len(cands)
    idf = {t: math.log((n + 1) / (d + 1)) + 1.0 for t, d in df.items()}
    vecs = [_unit({t: (1.0 + math.log(c)) * idf[t] for t, c in f}) for f in feats]
    # Every unit counts once in the centroid, however many sentences it wrote.
    per_unit = Counter(a.unit_id for a, _ in cands)
    weight = [0.0] * len(texts)
    for i, (a, _) in enumerate(cands):
        weight[of[i]] += 1.0 / per_unit[a.unit_id]
    centroid: dict[str, float] = {}
    for j, vec in enumerate(vecs):
        w = weight[j]
        for t, v in vec.items():
            centroid[t] = centroid.get(t, 0.0) + w * v
    centroid = _unit(centroid)
    rel_text = [_cos(vecs[j], centroid) * _prior(t) for j, t in enumerate(texts)]
    # The pool holds distinct sentences: a template line two hundred units copied is one
    # point, and must not crowd every other point out of the pool.
    pool = sorted(range(len(texts)), key=lambda j: (-rel_text[j], j))[:POOL]
    said_by: dict[int, list[int]] = {}  # distinct sentence -> its candidates, in order
    for i, j in enumerate(of):
        said_by.setdefault(j, []).append(i)
    top = rel_text[pool[0]] or 1.0
    chosen: list[int] = []
    units: set[str] = set()
    near: dict[int, float] = {}  # distinct sentence -> its likeness to the nearest chosen
    while len(chosen) < k:
        best, best_score, best_new = None, -math.inf, False
        for j in pool:
            sim = near.get(j, 0.0)
            if sim >= REPEAT:
                continue
            # Of the units that wrote it, one not quoted yet (the first such).
            fresh = next((i for i in said_by[j] if cands[i][0].unit_id not in units), None)
            i = fresh if fresh is not None else said_by[j][0]
            if i in chosen:
                continue
            score = LAMBDA * rel_text[j] / top - (1 - LAMBDA) * sim
            # A unit not quoted yet always goes before one already quoted.
            if (fresh is not None, score) > (best_new, best_score):
                best, best_score, best_new = i, score, fresh is not None
        if best is None:
            break
        chosen.append(best)
        units.add(cands[best][0].unit_id)
        if len(chosen) == k:
            break
        picked = vecs[of[best]]
        for j in pool:
            if near.get(j, 0.0) < REPEAT:
                near[j] = max(near.get(j, 0.0), _cos(vecs[j], picked))
    return [Quote(cands[i][0], cands[i][1], round(rel_text[of[i]] / top, 4)) for i in chosen]
