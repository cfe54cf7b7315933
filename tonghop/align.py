"""Align a report to an outline: each outline item to the report section that
answers it, with a score, or to none.  Accent- and case-insensitive, tolerant
of other wording and numbering (001 answers 003's outline in its own words)."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

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


def _tokens(text: str) -> list[str]:
    return [w for w in re.findall(r"\w+", fold(strip_markers(text))) if w not in _STOP]


def similarity(a: str, b: str) -> float:
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return 0.0
    set_score = fuzz.token_set_ratio(" ".join(ta), " ".join(tb)) / 100
    common = len(set(ta) & set(tb))
    f1 = 2 * common / (len(set(ta)) + len(set(tb)))
    return 0.6 * set_score + 0.4 * f1


def _section_text(section: Section) -> str:
    return fold(" ".join([section.title, *section.paragraphs]))


def _missing_parts(item: OutlineItem, section: Section) -> list[str]:
    """For a short item "Ưu điểm và nguyên nhân": the parts the section never mentions."""
    if len(item.title.split()) > 8:
        return []
    parts = [p.strip() for p in re.split(r",|\bvà\b", item.title) if p.strip()]
    if len(parts) < 2:
        return []
    text = " ".join(section_text for section_text in [_section_text(s) for s in section.walk()])
    return [p for p in parts if fold(p) not in text]


def align(doc: Document, outline: Outline) -> Alignment:
    sections = list(doc.walk())
    depth = {id(s): len(s.path) for s in sections}
    parent_of: dict[int, Section | None] = {}
    for s in sections:
        for c in s.children:
            parent_of[id(c)] = s
    matched: dict[str, Section | None] = {}
    used: set[int] = set()
    results: list[ItemAlignment] = []
    by_id = {i.id: i for i in outline.items}

    def under(s: Section, ancestor: Section) -> bool:
        p = parent_of.get(id(s))
        while p is not None:
            if p is ancestor:
                return True
            p = parent_of.get(id(p))
        return False

    for item in outline.items:
        anchor = matched.get(item.parent) if item.parent else None
        best: tuple[float, Section | None] = (0.0, None)
        for s in sections:
            base = similarity(item.title, s.title)
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
            if id(s) in used and s is not anchor:
                factor *= 0.7  # a section answers one outline item, unless nothing else does
            score = base * factor
            if s.number.split("#")[0] == item.id.split(".")[-1] and depth[id(s)] == item.level:
                score += 0.05
            if score > best[0]:
                best = (score, s)
        score, section = best
        if section is None or score < THRESHOLD:
            matched[item.id] = None
            results.append(ItemAlignment(item.id, item.title, None))
            continue
        matched[item.id] = section
        used.add(id(section))
        results.append(
            ItemAlignment(
                item.id,
                item.title,
                Match(list(section.path), section.title, round(min(score, 1.0), 3)),
                _missing_parts(item, section),
            )
        )
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
                    f"Mục “{r.matched.title[:60]}” trả lời mục {r.id} “{item.title[:60]}” "
                    f"của đề cương nhưng chưa nêu: {', '.join(r.missing_parts)}.",
                )
            )
    return Alignment(results, findings)
