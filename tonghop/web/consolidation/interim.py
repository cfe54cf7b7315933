"""Stand-ins for engine functions that have not landed yet (tonghop.consolidate.indicators,
catalogue_kl01, draft and tonghop.writers.consolidated), written against their agreed
signatures.  `engine.py` uses the engine's own module as soon as it exists; this file is
then removed.  Deliberately simple: group by outline item and counted noun, match by
noun, outline item, year and keywords; a plain Party-format draft without footnotes."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from tonghop.consolidate.model import (
    RATIO,
    Candidate,
    Draft,
    DraftParagraph,
    Indicator,
    Rule,
    Source,
    Span,
    UnitValue,
)
from tonghop.model import Figure
from tonghop.numbers import vn_number
from tonghop.text import fold


@dataclass
class UnitFigure:
    unit_id: str
    unit_name: str
    version: int | None
    figure: Figure
    outline_item: str = ""
    figure_id: str | None = None


def _noun(unit: str) -> str:
    return " ".join(fold(unit).split())


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:70] or "chi-tieu"


def _source(f: UnitFigure) -> Source:
    return Source(
        unit_id=f.unit_id,
        unit_name=f.unit_name,
        version=f.version,
        path=list(f.figure.path),
        sentence=f.figure.text,
        footnote=f.figure.footnote,
        figure_id=f.figure_id,
    )


def propose(figures: list[UnitFigure], existing: list[Indicator] = ()) -> list[Candidate]:
    groups: dict[tuple[str, str], list[UnitFigure]] = defaultdict(list)
    for f in figures:
        noun = _noun(f.figure.unit)
        if not noun or noun == "%":  # a percentage adds up only as numerator/denominator
            continue
        groups[(f.outline_item, noun)].append(f)
    taken = {(i.outline_item, _noun(i.unit)) for i in existing}
    keys = {i.key for i in existing}
    out = []
    for (item, noun), group in groups.items():
        if (item, noun) in taken:
            continue
        units: dict[str, UnitFigure] = {}
        for f in group:
            units.setdefault(f.unit_id, f)
        if len(units) < 2:
            continue
        unit_text = group[0].figure.unit
        key = _slug(f"{item} {noun}")
        while key in keys:
            key += "-2"
        keys.add(key)
        name = f"Số {unit_text}" + (f" (mục {item})" if item else "")
        out.append(
            Candidate(
                indicator=Indicator(key=key, name=name, unit=unit_text, outline_item=item),
                units=len(units),
                figures=len(group),
                samples=[_source(f) for f in list(units.values())[:3]],
                values={u: Decimal(str(f.figure.value)) for u, f in units.items()},
            )
        )
    out.sort(key=lambda c: (-c.units, -c.figures, c.indicator.key))
    return out


def _fits(ind: Indicator, f: UnitFigure) -> int | None:
    if _noun(f.figure.unit) != _noun(ind.unit):
        return None
    item = ind.outline_item
    if item and not (f.outline_item == item or f.outline_item.startswith(item + ".")):
        return None
    if ind.year is not None and f.figure.year not in (None, ind.year):
        return None
    text = fold(f.figure.text)
    hits = sum(fold(k) in text for k in ind.keywords)
    if ind.keywords and not hits:
        return None
    return hits


def match(indicators: list[Indicator], figures: list[UnitFigure]) -> list[UnitValue]:
    by_unit: dict[str, list[UnitFigure]] = defaultdict(list)
    for f in figures:
        by_unit[f.unit_id].append(f)
    out = []
    for ind in indicators:
        if ind.aggregation == RATIO:
            continue
        for unit_id, fs in by_unit.items():
            best, score = None, -1
            for f in fs:
                s = _fits(ind, f)
                if s is not None and s > score:
                    best, score = f, s
            if best is not None:
                out.append(
                    UnitValue(
                        indicator=ind.key,
                        unit_id=unit_id,
                        value=Decimal(str(best.figure.value)),
                        qualifier=best.figure.qualifier,
                        source=_source(best),
                    )
                )
    return out


def _i(key, name, unit, item, keywords=()):
    return Indicator(key=key, name=name, unit=unit, outline_item=item, keywords=list(keywords))


# The KL01 catalogue from ../shared/DOMAIN.md ("Figures a report carries").
INDICATORS: list[Indicator] = [
    _i("ke-hoach", "Số kế hoạch ban hành", "kế hoạch", "I"),
    _i("huong-dan", "Số hướng dẫn ban hành", "hướng dẫn", "I"),
    _i("cong-van", "Số công văn ban hành", "công văn", "I"),
    _i("hoi-nghi", "Số hội nghị học tập, quán triệt", "hội nghị", "II.1"),
    _i("diem-cau", "Số điểm cầu trực tuyến", "điểm cầu", "II.1"),
    _i("dang-vien-hoc-tap", "Số đảng viên tham dự học tập", "đảng viên", "II.1", ["tham"]),
    _i("mo-hinh", "Số mô hình được xây dựng", "mô hình", "II.2"),
    _i("dang-vien-vi-pham", "Số đảng viên vi phạm", "đảng viên", "II.3", ["vi phạm"]),
    _i("bai-viet", "Số bài viết tuyên truyền", "bài viết", "II.4"),
    _i("cuoc-thi", "Số cuộc thi", "cuộc thi", "II.4"),
    _i("tap-the-khen", "Số tập thể được khen thưởng", "tập thể", "", ["khen"]),
    _i("ca-nhan-khen", "Số cá nhân được khen thưởng", "cá nhân", "", ["khen"]),
    _i("tien-ung-ho", "Số tiền ủng hộ, an sinh xã hội", "đồng", ""),
]
RULES: list[Rule] = []


# ---------------------------------------------------------------- the draft


def build(spec, outline, nodes, indicators, values, totals, answers) -> Draft:
    """A plain draft: per outline item its indicators' totals, with their sources."""
    opts = spec if isinstance(spec, dict) else vars(spec)
    by_unit = defaultdict(dict)
    for v in values:
        by_unit[v.indicator][v.unit_id] = v
    names = {n.id: n.name for n in nodes}
    paragraphs = [
        DraftParagraph(
            "para", [Span(opts.get("opening") or "Thực hiện hướng dẫn của cấp trên, báo cáo:")]
        )
    ]
    for item in outline:
        paragraphs.append(
            DraftParagraph(
                "heading", [Span(f"{item.id}. {item.title}")], level=item.level,
                outline_item=item.id,
            )
        )  # fmt: skip
        for ind in indicators:
            if ind.outline_item != item.id:
                continue
            t = totals.get(("", ind.key))
            if t is None or t.value is None:
                continue
            sources = [v.source for v in by_unit[ind.key].values() if v.source]
            number = vn_number(t.value, 1 if ind.aggregation == RATIO else None)
            unit = "%" if ind.aggregation == RATIO else f" {ind.unit}"
            prefix = "trên " if t.lower_bound else ""
            paragraphs.append(
                DraftParagraph(
                    "para",
                    [
                        Span(f"{ind.name}: "),
                        Span(f"{prefix}{number}{unit}", sources=sources),
                        Span(f" ({t.coverage_text})."),
                    ],
                    outline_item=item.id,
                )
            )
    header = ["Đơn vị", *[i.name for i in indicators]]
    rows = []
    for n in nodes:
        if not n.expected:
            continue
        rows.append(
            [
                names[n.id],
                *[vn_number(by_unit[i.key][n.id].value) if n.id in by_unit[i.key] else ""
                  for i in indicators],
            ]
        )  # fmt: skip
    rows.append(["Tổng cộng", *[vn_number(totals[("", i.key)].value) for i in indicators]])
    return Draft(
        issuer=opts.get("issuer", ""),
        superior=opts.get("superior", ""),
        number=opts.get("number", ""),
        place=opts.get("place", ""),
        date=opts.get("date", dt.date.today().isoformat()),
        kind="BÁO CÁO",
        summary=opts.get("summary", ""),
        paragraphs=paragraphs,
        signer_capacity=opts.get("signer_capacity", ""),
        signer_position=opts.get("signer_position", ""),
        signer_name=opts.get("signer_name", ""),
        recipients=list(opts.get("recipients", [])),
        annex_header=header,
        annex_rows=rows,
    )


def write_docx(draft: Draft, comments: bool = False) -> bytes:
    from tonghop.writers.party import PartyDocument, PartyHeader, Signature

    doc = PartyDocument()
    doc.header(
        PartyHeader(
            draft.superior, draft.issuer, draft.number, draft.place,
            dt.date.fromisoformat(draft.date),
        )
    )  # fmt: skip
    doc.title(draft.kind, draft.summary)
    for p in draft.paragraphs:
        if p.kind == "heading":
            doc.heading(p.text, p.level or 1)
        else:
            doc.paragraph(p.text)
    doc.signature(
        Signature(draft.signer_capacity, draft.signer_position, draft.signer_name),
        draft.recipients,
    )
    doc.page_break()
    doc.centered(draft.annex_title.split("\n")[0], bold=True)
    doc.table([draft.annex_header, *draft.annex_rows])
    return doc.to_bytes()


def write_xlsx(draft: Draft) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Phụ lục"
    ws.append(draft.annex_header)
    for row in draft.annex_rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
