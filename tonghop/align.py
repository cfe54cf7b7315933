"""Align a report to an outline: each outline item to the report section that
answers it, with a score, or to none.  Accent- and case-insensitive, tolerant
of other wording and numbering (001 answers 003's outline in its own words)."""

from __future__ import annotations

import math
import re
from functools import lru_cache

from rapidfuzz import fuzz, process

from tonghop.model import (
    Alignment,
    Document,
    Finding,
    ItemAlignment,
    Match,
    Outline,
    OutlineItem,
    Section,
)
from tonghop.text import fold, strip_markers

THRESHOLD = 0.5
# Words every heading of these documents is made of; they say nothing about which.
_STOP = {
    *"va cua cac viec ve trong voi cho nhung mot la de theo tai tu den nham nay do".split(),
    *"duoc so".split(),
}
# How far a section stands from where the outline expects it.
_SAME_LEVEL, _DEEPER, _PARENT_ITSELF, _ELSEWHERE = 1.0, 0.85, 0.8, 0.75


@lru_cache(maxsize=50_000)
def _tokens(text: str) -> frozenset[str]:
    # Cached: every outline item is compared with every section of every report.
    return frozenset(w for w in re.findall(r"\w+", fold(strip_markers(text))) if w not in _STOP)


class _Weights:
    """Inverse document frequency over every title in play: the words all headings
    share ("tư tưởng, đạo đức, phong cách Hồ Chí Minh") weigh little, the words that
    tell one point from another ("nêu gương", "tuyên truyền") weigh much."""

    def __init__(self, titles: list[str]) -> None:
        self.n = len(titles) or 1
        self.df: dict[str, int] = {}
        for t in titles:
            for w in _tokens(t):
                self.df[w] = self.df.get(w, 0) + 1

    def __call__(self, word: str) -> float:
        return math.log(1 + self.n / self.df.get(word, 1))


def similarity(item: str, section: str, weight=None) -> float:
    """How well a section title answers an outline item title: the weighted overlap of
    their words (Dice), or, when one title is a shortened form of the other ("Công
    tác kiểm tra, giám sát" for the long item that starts with those words), how much
    of the shorter the longer contains.  Tolerant of a mistyped letter."""
    ta, tb = _tokens(item), _tokens(section)
    if not ta or not tb:
        return 0.0
    weight = weight or (lambda w: 1.0)

    def share(words: set[str], other: set[str]) -> float:
        found = 0.0
        for w in words:
            if w in other:
                found += weight(w)
            elif len(w) >= 4 and process.extractOne(
                w, [x for x in other if len(x) >= 4], scorer=fuzz.ratio, score_cutoff=85
            ):
                found += 0.8 * weight(w)  # "Khôi" typed for "Khối"
        return found

    wa, wb = sum(weight(w) for w in ta), sum(weight(w) for w in tb)
    common = share(tb, ta)
    dice = 2 * common / (wa + wb)
    short, long_ = (ta, tb) if wa <= wb else (tb, ta)
    if len(short) < 2:
        return dice
    # A short title that names only a corner of the long one ("Nguyên nhân" inside
    # "Hạn chế, khó khăn, vướng mắc và nguyên nhân") gets less of that credit.
    breadth = min(1.0, 0.4 + min(wa, wb) / max(wa, wb))
    return max(dice, 0.9 * breadth * share(short, long_) / min(wa, wb))


def _missing_parts(item: OutlineItem, section: Section) -> list[str]:
    """For a short item "Ưu điểm và nguyên nhân": the parts the section never mentions."""
    if len(item.title.split()) > 8:
        return []
    parts = [p.strip() for p in re.split(r",|\bvà\b", item.title, flags=re.I) if p.strip()]
    if len(parts) < 2:
        return []
    # Each part is looked for in the titles and paragraphs of the section and its points.
    texts = [fold(t) for s in section.walk() for t in (s.title, *s.paragraphs)]
    return [p for p in parts if not any(fold(p) in t for t in texts)]


def align(doc: Document, outline: Outline) -> Alignment:
    sections = list(doc.walk())
    weight = _Weights([i.title for i in outline.items] + [s.title for s in sections])
    depth = {id(s): len(s.path) for s in sections}
    parent_of: dict[int, Section] = {id(c): s for s in sections for c in s.children}

    def under(s: Section, ancestor: Section) -> bool:
        p = parent_of.get(id(s))
        while p is not None:
            if p is ancestor:
                return True
            p = parent_of.get(id(p))
        return False

    matched: dict[str, tuple[Section, float]] = {}
    used: set[int] = set()
    # Level by level, so a point is looked for under the section answering its parent;
    # within a level the best pairs are taken first and a section answers one point
    # (a missing point must not take its neighbour's section).
    for level in sorted({i.level for i in outline.items}):
        candidates = []
        for item in (i for i in outline.items if i.level == level):
            anchor = matched[item.parent][0] if item.parent in matched else None
            for s in sections:
                base = similarity(item.title, s.title, weight)
                if base == 0:
                    continue
                if anchor is not None:
                    if s is anchor:
                        factor = _PARENT_ITSELF
                    elif under(s, anchor):
                        factor = _SAME_LEVEL if depth[id(s)] == depth[id(anchor)] + 1 else _DEEPER
                    else:
                        factor = _ELSEWHERE
                else:
                    factor = _SAME_LEVEL if depth[id(s)] == item.level else _DEEPER
                score = base * factor
                if s.number.split("#")[0] == item.id.split(".")[-1] and depth[id(s)] == item.level:
                    score += 0.05
                if score >= THRESHOLD:
                    candidates.append((score, item, s, s is anchor))
        taken: set[int] = set()
        for score, item, s, is_anchor in sorted(candidates, key=lambda c: -c[0]):
            if item.id in matched or (not is_anchor and (id(s) in taken or id(s) in used)):
                continue
            matched[item.id] = (s, score)
            if not is_anchor:
                taken.add(id(s))
        used |= taken

    results = []
    for item in outline.items:
        if item.id not in matched:
            results.append(ItemAlignment(item.id, item.title, None))
            continue
        section, score = matched[item.id]
        results.append(
            ItemAlignment(
                item.id,
                item.title,
                Match(list(section.path), section.title, round(min(score, 1.0), 3)),
                _missing_parts(item, section),
            )
        )
    by_id = {i.id: i for i in outline.items}
    findings = []
    for r in results:
        item = by_id[r.id]
        if r.matched is None:
            findings.append(
                Finding(
                    "outline-item-missing",
                    "warning",
                    [],
                    f"Báo cáo chưa có nội dung cho mục {r.id} của đề cương: “{item.title[:80]}”.",
                )
            )
        elif r.missing_parts:
            findings.append(
                Finding(
                    "outline-item-incomplete",
                    "minor",
                    r.matched.path,
                    # the item is short (at most 8 words, see _missing_parts): never cut
                    f"Mục “{r.matched.title[:60]}” trả lời mục {r.id} “{item.title}” "
                    f"của đề cương nhưng chưa nêu: {', '.join(r.missing_parts)}.",
                )
            )
    return Alignment(results, findings)
