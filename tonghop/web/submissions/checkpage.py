"""The reporter's check page, made to fit: each sentence once with all its figures
marked where they stand, sentences grouped under the outline item they answer, and
what is still open before submitting.

The engine's Figure carries the sentence and the number as written, not where the
number stands in it; a plain `find` marks the "01" inside "(2019-2023)" or the "20"
inside "2021".  Here a number is found only as a whole number (no digit, decimal
separator or date part touching it), preferring the place followed by the figure's
own unit, and each place is given to one figure only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from tonghop.numbers import vn_number
from tonghop.text import fold
from tonghop.web.submissions.models import ReportedFigure, Version

# Around a whole number: not a digit, not "4.320" / "98,9" continuing, not a date's
# "10/4" nor a range's "2019-2023" nor a symbol's "01-KL".
_BEFORE = r"(?<![\d])(?<![\d][.,/\-–])"
_AFTER = r"(?![\d])(?![.,/\-–][\d])(?!-[A-ZĐ])"


def _places(sentence: str, raw: str) -> list[int]:
    if not raw:
        return []
    return [m.start() for m in re.finditer(_BEFORE + re.escape(raw) + _AFTER, sentence)]


def _followed_by(sentence: str, end: int, unit: str) -> bool:
    if not unit:
        return False
    after = fold(sentence[end : end + len(unit) + 24]).lstrip()
    if unit == "%":
        return after.startswith("%") or sentence[end - 1 : end] == "%"
    words = fold(unit).split()
    # "20 tỷ đồng": a scale word may stand between the number and the unit.
    after = re.sub(r"^(ty|trieu|nghin|ngan|van)\s+", "", after)
    return bool(words) and after.startswith(words[0])


def figure_offsets(sentence: str, figures: list[ReportedFigure]) -> dict[int, int]:
    """figure pk -> where its number starts in `sentence`; figures not found are left out.
    Figures come in reading order; a place taken by one is not given to the next."""
    taken: set[int] = set()
    out: dict[int, int] = {}
    for f in figures:
        places = [p for p in _places(sentence, f.raw) if p not in taken]
        if not places:
            continue
        best = next(
            (p for p in places if _followed_by(sentence, p + len(f.raw), f.unit)), places[0]
        )
        taken.add(best)
        out[f.pk] = best
    return out


_SCALES = ((Decimal(10) ** 9, "tỷ"), (Decimal(10) ** 6, "triệu"))


def figure_label(f: ReportedFigure, value: Decimal | None = None) -> str:
    """ "trên 98%", "hơn 20 tỷ đồng", "4.320 đảng viên": how the figure reads."""
    value = f.value if value is None else value
    unit = f.unit
    number = vn_number(value)
    if unit == "%":
        text = f"{number}%"
    else:
        if unit.endswith("đồng") and unit == "đồng":
            for scale, word in _SCALES:
                if abs(value) >= scale:
                    number, unit = vn_number(value / scale, decimals=3), f"{word} đồng"
                    break
        text = f"{number} {unit}".strip()
    return f"{f.qualifier} {text}".strip()


@dataclass
class Piece:
    text: str
    figure: ReportedFigure | None = None
    mark: int | None = None  # the figure's number on the page


@dataclass
class Sentence:
    pieces: list[Piece]
    figures: list[ReportedFigure]
    footnote: int | None = None


@dataclass
class Group:
    code: str  # the outline item's code, "" for figures outside the outline
    title: str
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def figures(self) -> list[ReportedFigure]:
        return [f for s in self.sentences for f in s.figures]

    @property
    def unconfirmed(self) -> int:
        return sum(f.status == ReportedFigure.Status.PROPOSED for f in self.figures)


def _sentence(text: str, figures: list[ReportedFigure]) -> Sentence:
    offsets = figure_offsets(text, figures)
    pieces, pos = [], 0
    for f in sorted((f for f in figures if f.pk in offsets), key=lambda f: offsets[f.pk]):
        at = offsets[f.pk]
        pieces.append(Piece(text[pos:at]))
        pieces.append(Piece(f.raw, f, f.order))
        pos = at + len(f.raw)
    pieces.append(Piece(text[pos:]))
    return Sentence(pieces, figures, figures[0].footnote if figures else None)


def groups(version: Version, figures: list[ReportedFigure]) -> list[Group]:
    """The figures under the outline item whose answer holds them (the deepest one),
    each sentence once; items in outline order, figures outside any answer last."""
    answers = [
        (tuple(a.path), a.item)
        for a in version.answers.select_related("item").order_by("item__order")
        if a.path
    ]
    by_item: dict[str, Group] = {}
    order: list[str] = []
    for _path, item in answers:
        if item.code not in by_item:
            by_item[item.code] = Group(item.code, item.title)
            order.append(item.code)
    other = Group("", "Các phần khác của báo cáo")

    def owner(path: tuple[str, ...]) -> Group:
        best, depth = other, -1
        for apath, item in answers:
            if path[: len(apath)] == apath and len(apath) > depth:
                best, depth = by_item[item.code], len(apath)
        return best

    runs: dict[tuple, list[ReportedFigure]] = {}
    where: dict[tuple, Group] = {}
    for f in figures:
        key = (tuple(f.path), f.footnote, f.sentence)
        runs.setdefault(key, []).append(f)
        where.setdefault(key, owner(tuple(f.path)))
    for key, fs in runs.items():
        where[key].sentences.append(_sentence(key[2], fs))
    out = [by_item[c] for c in order if by_item[c].sentences]
    return out + ([other] if other.sentences else [])


@dataclass
class OpenItems:
    """What is still open before submitting, said in the confirmation."""

    errors: int
    warnings: int
    unconfirmed: int
    missing: list[str]

    def lines(self) -> list[str]:
        out = []
        if self.errors:
            out.append(f"{self.errors} lỗi do hệ thống phát hiện chưa được sửa.")
        if self.warnings:
            out.append(f"{self.warnings} cảnh báo.")
        if self.unconfirmed:
            out.append(f"{self.unconfirmed} số liệu chưa xác nhận.")
        if self.missing:
            out.append("Chưa có nội dung cho mục " + ", ".join(self.missing) + " của đề cương.")
        return out

    @property
    def clear(self) -> bool:
        return not self.lines()


def open_items(version: Version, figures: list[ReportedFigure]) -> OpenItems:
    severities = [f.get("severity") for f in version.findings]
    missing = [i["id"] for i in version.alignment.get("items", []) if not i.get("matched")]
    return OpenItems(
        errors=severities.count("error"),
        warnings=severities.count("warning"),
        unconfirmed=sum(f.status == ReportedFigure.Status.PROPOSED for f in figures),
        missing=missing,
    )
