"""The consolidated report (báo cáo tổng hợp) as a `Draft`, item by item of the outline.

An opening paragraph cites the guideline and says how many units reported and which
did not; under each outline item's heading stand the totals of its indicators, written
as Vietnamese sentences (`6.325 đảng viên`, `98,9%`, `hơn 20,5 tỷ đồng`), each total a
`Span` carrying its sources and the footnote that breaks it down by unit; then good
practices quoted word for word from the units' answers, each naming its unit.  The
annex holds every indicator by unit, then the totals.

Every number written is a total given by `rollup.roll_up`: nothing is added up here
except what a footnote lists, which is the roll-up of each top node of the tree.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from tonghop.consolidate import quotes as quoting
from tonghop.consolidate.model import (
    RATIO,
    Answer,
    Draft,
    DraftParagraph,
    DraftSpec,
    Indicator,
    Source,
    Span,
    Total,
    TreeNode,
    UnitValue,
)
from tonghop.consolidate.rollup import APPROXIMATE, CAMPAIGN, LOWER_BOUND
from tonghop.model import Document, OutlineItem
from tonghop.numbers import vn_number
from tonghop.text import fold, is_upper_text

__all__ = [
    "MISSING",
    "body_name",
    "build",
    "count_text",
    "money_text",
    "proper_name",
    "spec_from_guideline",
    "value_text",
]

MISSING = "-"  # an annex cell with no value: missing, never zero
MIXED_YEARS = "nhiều năm"  # an annex total adding up values of different years
NAMES_IN_TEXT = 10  # units named in a sentence before "và N đơn vị khác"
HUNDRED = Decimal(100)
BILLION, MILLION, THOUSAND = Decimal(10**9), Decimal(10**6), Decimal(1000)

# ------------------------------------------------------------------ names and numbers

_TERRITORIAL = ("thành ủy", "tỉnh ủy", "quận ủy", "huyện ủy", "thị ủy")
_PAIRS = _TERRITORIAL + ("đảng ủy", "đảng bộ", "chi bộ", "trung ương", "mặt trận")
_ADMIN = ("thị trấn", "thị xã", "phường", "xã", "tỉnh", "huyện", "quận")
_NAMED = ("công ty", "bệnh viện", "trường", "viện", "tổng công ty", "ngân hàng")


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:]


def proper_name(text: str) -> str:
    """A body's name written in capitals, as a sentence names it.

    "QUẬN ỦY BA ĐÌNH" -> "Quận ủy Ba Đình", "BAN TUYÊN GIÁO" -> "Ban Tuyên giáo",
    "ĐẢNG ỦY PHƯỜNG AN BÌNH" -> "Đảng ủy phường An Bình",
    "ĐẢNG ỦY KHỐI CÁC CƠ QUAN THÀNH PHỐ" -> "Đảng ủy Khối các cơ quan Thành phố".
    A name not in capitals is returned as it is.
    """
    text = " ".join(text.split())
    if not is_upper_text(text):
        return text
    words = text.lower().split()
    out: list[str] = []
    i, place = 0, False  # place: the words from here on are a proper name
    while i < len(words):
        w = words[i]
        pair = " ".join(words[i : i + 2])
        if place:
            out.append(_cap(w))
        elif pair in _PAIRS:
            out += [_cap(words[i]), words[i + 1] if pair != "trung ương" else "ương"]
            place = pair in _TERRITORIAL
            i += 2
            continue
        elif pair in _ADMIN or w in _ADMIN:
            n = 2 if pair in _ADMIN else 1
            out += words[i : i + n]
            place = True
            i += n
            continue
        elif pair in _NAMED or w in _NAMED:
            out.append(_cap(w))
            place = True
        elif w == "ban" and i + 1 < len(words):  # "Ban Tuyên giáo", "Ban Thường vụ"
            out += ["Ban", _cap(words[i + 1])]
            i += 2
            continue
        elif pair == "thành phố":  # the city: "Đảng bộ Thành phố Hà Nội"
            out += ["Thành", "phố"]
            place = True
            i += 2
            continue
        elif w in ("khối", "đảng") or pair == "tổ quốc":
            out.append(_cap(w))
        else:
            out.append(w)
        i += 1
    if out:
        out[0] = _cap(out[0])
    return " ".join(out)


def body_name(issuer: str, superior: str) -> str:
    """ "Ban Tuyên giáo Thành ủy" from "BAN TUYÊN GIÁO" under "THÀNH ỦY HÀ NỘI"."""
    name = proper_name(issuer)
    if fold(name).startswith("ban ") and superior:
        sup = proper_name(superior).split()
        if len(sup) >= 2 and fold(" ".join(sup[:2]).lower()) in {fold(t) for t in _TERRITORIAL}:
            name += " " + " ".join(sup[:2])
    return name


def _full_body(issuer: str, superior: str) -> str:
    """ "Ban Tuyên giáo Thành ủy Hà Nội": the guideline's issuer as a citation names it."""
    name = proper_name(issuer)
    if fold(name).startswith("ban ") and superior:
        name += " " + proper_name(superior)
    return name


def _lower_first(text: str) -> str:
    if len(text) > 1 and text[1].isupper():
        return text  # an acronym or a capital name: leave it
    return text[:1].lower() + text[1:]


def _pad(n: int) -> str:
    """Counts of units as Party documents write them: 01 ... 09, then 10, 11 ..."""
    return vn_number(n, pad=True)


def _vn_date(iso: str) -> str:
    try:
        d = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def money_text(value: Decimal) -> str:
    """Đồng as a report writes them, exactly: 20_500_000_000 -> "20,5 tỷ đồng"."""
    value = Decimal(value)
    if abs(value) >= BILLION and value % MILLION == 0:
        return f"{vn_number(value / BILLION)} tỷ đồng"
    if abs(value) >= MILLION and value % THOUSAND == 0:
        return f"{vn_number(value / MILLION)} triệu đồng"
    return f"{vn_number(value)} đồng"


def count_text(value: Decimal, unit: str) -> str:
    if unit == "đồng":
        return money_text(value)
    if unit == "%":
        return f"{vn_number(value, 1)}%"
    return f"{vn_number(value)} {unit}".rstrip()


def _qualifier(lower: bool, approx: bool, unit: str) -> str:
    if approx:
        return "khoảng "
    if lower:
        return "hơn " if unit == "đồng" else "trên "
    return ""


def value_text(total: Total, indicator: Indicator) -> str:
    """A total as the draft writes it: "trên 6.325 đảng viên", "98,9%", "hơn 20 tỷ đồng"."""
    if total.value is None:
        return ""
    if indicator.aggregation == RATIO:
        text = f"{vn_number(total.value, 1)}%"
    else:
        text = count_text(total.value, indicator.unit)
    return _qualifier(total.lower_bound, total.approximate, indicator.unit) + text


def _annex_unit(indicator: Indicator) -> str:
    if indicator.aggregation == RATIO:
        return "%"
    return "triệu đồng" if indicator.unit == "đồng" else indicator.unit


def _annex_number(value: Decimal, indicator: Indicator) -> Decimal:
    """The number an annex cell holds, in the column's unit (money in triệu đồng)."""
    if indicator.unit == "đồng" and indicator.aggregation != RATIO:
        return Decimal(value) / MILLION
    return Decimal(value)


def _annex_text(value: Decimal, lower: bool, approx: bool, indicator: Indicator) -> str:
    """An annex cell: the number in the column's unit (money in triệu đồng), no noun."""
    if indicator.aggregation == RATIO:
        text = vn_number(value, 1)
    else:
        text = vn_number(_annex_number(value, indicator))
    return _qualifier(lower, approx, indicator.unit) + text


def _years_text(years: list[int | None]) -> str:
    """ "năm 2023", "năm 2022, 2023", "cả nhiệm kỳ và năm 2023" (None: the whole period)."""
    dated = [str(y) for y in years if y is not None]
    text = f"năm {', '.join(dated)}" if dated else ""
    if None in years:
        text = "cả kỳ báo cáo" + (f" và {text}" if text else "")
    return text


def _one_year(years: list[int | None]) -> str:
    return f" năm {years[0]}" if len(years) == 1 and years[0] is not None else ""


def _names(names: list[str]) -> str:
    shown = names[:NAMES_IN_TEXT]
    text = ", ".join(shown)
    if len(names) > len(shown):
        text += f" và {_pad(len(names) - len(shown))} đơn vị khác"
    return text


# ------------------------------------------------------------------ the guideline


def spec_from_guideline(guide: Document, *, date: str = "", number: str = "") -> DraftSpec:
    """The draft's header, citation and signer as the guideline gives them.

    The consolidated report goes out from the body that issued the guideline, to the
    body above it; its number is left blank ("     -BC/BTGTU") for the office to fill.
    """
    h = guide.header
    symbol = h.number.split("/", 1)[1] if "/" in h.number else ""
    kind = guide.kind.capitalize() if guide.kind else "Hướng dẫn"
    title = " ".join(guide.title.split())
    cut = re.search(r"\s+và (?:triển khai|tổ chức|thực hiện) ", title)
    subject = title[: cut.start()] if cut else title
    committee = " ".join(proper_name(h.superior).split()[:2]) if h.superior else ""
    recipients = []
    if committee:
        recipients.append(f"Thường trực {committee} (để báo cáo)")
    recipients += ["Các đơn vị báo cáo", "Lưu Văn phòng"]
    signer = guide.signer
    return DraftSpec(
        superior=h.superior.upper(),
        issuer=h.issuer.upper(),
        number=number or f"     -BC/{symbol}",
        place=h.place,
        date=date or dt.date.today().isoformat(),
        summary=f"Tổng hợp kết quả {_lower_first(subject)}" if subject else "Báo cáo tổng hợp",
        guideline_kind=kind,
        guideline_number=h.number,
        guideline_date=h.date,
        guideline_issuer=_full_body(h.issuer, h.superior) if h.issuer else "",
        guideline_summary=subject,
        signer_capacity=signer.capacity if signer else "",
        signer_position=signer.position if signer else "",
        signer_name=signer.name if signer else "",
        recipients=recipients,
    )


# ------------------------------------------------------------------ the tree


def _tree_order(nodes: list[TreeNode]) -> list[tuple[TreeNode, int]]:
    """Nodes depth first, each with its depth (0 = top), siblings in the order given."""
    ids = {n.id for n in nodes}
    children: dict[str | None, list[TreeNode]] = {}
    for n in nodes:
        parent = n.parent if n.parent in ids else None
        children.setdefault(parent, []).append(n)
    out: list[tuple[TreeNode, int]] = []
    stack = [(n, 0) for n in reversed(children.get(None, []))]
    seen: set[str] = set()
    while stack:
        node, depth = stack.pop()
        if node.id in seen:
            continue
        seen.add(node.id)
        out.append((node, depth))
        stack += [(c, depth + 1) for c in reversed(children.get(node.id, []))]
    return out


def _breakdown_nodes(nodes: list[TreeNode]) -> list[TreeNode]:
    """The nodes a footnote lists: the top of the tree, below a lone top that reports nothing."""
    ids = {n.id for n in nodes}
    tops = [n for n in nodes if n.parent not in ids]
    while len(tops) == 1 and not tops[0].expected:
        below = [n for n in nodes if n.parent == tops[0].id]
        if not below:
            break
        tops = below
    return tops


# ------------------------------------------------------------------ building


class _Builder:
    def __init__(self, spec, outline, nodes, indicators, values, totals, answers) -> None:
        self.spec = spec
        self.outline = outline
        self.nodes = nodes
        self.indicators = indicators
        self.by_key = {i.key: i for i in indicators}
        self.totals = totals
        self.answers = answers
        self.names = {n.id: n.name for n in nodes}
        self.values: dict[tuple[str, str], UnitValue] = {}
        for v in values:  # the last value given for a pair wins, as in the roll-up
            self.values[(v.unit_id, v.indicator)] = v
        self.tops = _breakdown_nodes(nodes)
        self.order = _tree_order(nodes)
        # each unit's top node (the footnote's entry it is counted in), in one pass
        self.top_of: dict[str, str] = {}
        tops = {n.id for n in self.tops}
        for node, _ in self.order:  # parents before their children
            self.top_of[node.id] = (
                node.id if node.id in tops else self.top_of.get(node.parent or "", "")
            )
        self._cell_years: set[str] = set()  # indicators whose annex cells name their year

    # -- opening --------------------------------------------------------------------
    def opening(self) -> list[DraftParagraph]:
        s = self.spec
        cite = s.guideline_kind or "Hướng dẫn"
        if s.guideline_number:
            cite += f" số {s.guideline_number}"
        if s.guideline_date:
            cite += f", ngày {_vn_date(s.guideline_date)}"
        if s.guideline_issuer:
            cite += f" của {s.guideline_issuer}"
        if s.guideline_summary:
            cite += f" về {_lower_first(s.guideline_summary)}"
        expected = [n for n in self.nodes if n.expected]
        reporting = {a.unit_id for a in self.answers} | {u for u, _ in self.values}
        missing = [n for n in expected if n.id not in reporting]
        done = len(expected) - len(missing)
        text = f"Thực hiện {cite}, đến nay có {done}/{len(expected)} đơn vị báo cáo"
        if missing:
            text += (
                f"; {_pad(len(missing))} đơn vị chưa báo cáo: {_names([n.name for n in missing])}"
            )
        if s.issuer:
            text += f". {body_name(s.issuer, s.superior)} tổng hợp kết quả như sau:"
        else:
            text += ". Kết quả tổng hợp như sau:"
        return [DraftParagraph("para", [Span(text)])]

    # -- totals ---------------------------------------------------------------------
    def _sources(self, ind: Indicator) -> list[Source]:
        out = []
        for node, _ in self.order:
            for key in self._keys(ind):
                v = self.values.get((node.id, key))
                if v is not None:
                    out.append(v.source or Source(node.id, node.name))
        return out

    def _keys(self, ind: Indicator) -> list[str]:
        return [ind.numerator, ind.denominator] if ind.aggregation == RATIO else [ind.key]

    def _years(self, ind: Indicator) -> dict[str | None, list[int | None]]:
        """The years of the values added up (None: the whole period), each year once:
        of every unit (key None) and of each top node's subtree (key: the top's id)."""
        out: dict[str | None, list[int | None]] = {None: []}
        for node, _ in self.order:
            for key in self._keys(ind):
                v = self.values.get((node.id, key))
                if v is None:
                    continue
                for where in (None, self.top_of.get(node.id)):
                    years = out.setdefault(where, [])
                    if v.year not in years:
                        years.append(v.year)
        return {k: sorted(ys, key=lambda y: (y is not None, y or 0)) for k, ys in out.items()}

    def _footnote(self, ind: Indicator, total: Total) -> str:
        entries = []
        years = self._years(ind)
        dated = years[None] != [None]
        for node in self.tops:
            t = self.totals.get((node.id, ind.key))
            if t is None or t.value is None:
                continue
            name = node.name
            if dated:  # each unit's value with its year: the years differ or are not the term's
                name += f" ({_years_text(years.get(node.id, []))})"
            if ind.aggregation == RATIO:
                entries.append(
                    f"{name}: {vn_number(t.numerator)}/{vn_number(t.denominator)} "
                    f"({vn_number(t.value, 1)}%)"
                )
            else:
                entries.append(f"{name}: {value_text(t, ind)}")
        text = "Trong đó: " + "; ".join(entries) + "."
        if ind.aggregation == RATIO:
            num, den = self.by_key.get(ind.numerator), self.by_key.get(ind.denominator)
            text = (
                f"Tính bằng tổng {_lower_first(num.name) if num else 'tử số'} "
                f"({vn_number(total.numerator)}) chia cho tổng "
                f"{_lower_first(den.name) if den else 'mẫu số'} ({vn_number(total.denominator)})"
                f", không lấy trung bình các tỷ lệ. " + text
            )
        text += f" Số liệu của {total.reported}/{total.expected} đơn vị"
        if total.missing:
            names = [self.names.get(u, u) for u in total.missing]
            text += f"; chưa có số liệu: {_names(names)}"
        return text + "."

    def totals_paragraphs(self, inds: list[Indicator], item_id: str) -> list[DraftParagraph]:
        """A lead line, then one line per indicator: "- Số ... là 6.325 đảng viên¹."."""
        out: list[DraftParagraph] = []
        for ind in inds:
            total = self.totals.get((CAMPAIGN, ind.key))
            if total is None or total.value is None:
                continue
            # A yearly figure is not the period's total: the sentence names its year, or
            # says that the units' years differ (each unit's year in the footnote).
            years = self._years(ind)[None]
            name = _cap(ind.name.strip()) + _one_year(years)
            spans = [
                Span(f"- {name} là "),
                Span(
                    value_text(total, ind),
                    sources=self._sources(ind),
                    footnote=self._footnote(ind, total),
                    indicator=ind.key,
                ),
            ]
            notes = []
            if len(years) > 1:
                notes.append(
                    "cộng số liệu các đơn vị báo cáo cho các năm khác nhau: "
                    f"{_years_text(years)}; năm của từng đơn vị ghi ở chú thích"
                )
            if total.reported < total.expected:
                notes.append(f"{total.reported}/{total.expected} đơn vị có số liệu")
            spans.append(Span(f" ({'; '.join(notes)})." if notes else "."))
            out.append(DraftParagraph("para", spans, outline_item=item_id))
        if not out:
            return []
        lead = Span("Kết quả tổng hợp từ báo cáo của các đơn vị:")
        return [DraftParagraph("para", [lead], outline_item=item_id), *out]

    # -- quotations -----------------------------------------------------------------
    @staticmethod
    def _intro(item: OutlineItem) -> str:
        t = fold(item.title)
        if "han che" in t or "khuyet diem" in t or "kho khan" in t:
            return "Một số hạn chế, khó khăn các đơn vị nêu:"
        if "kien nghi" in t or "de xuat" in t:
            return "Các đơn vị kiến nghị, đề xuất:"
        if "bai hoc" in t:
            return "Bài học kinh nghiệm các đơn vị rút ra:"
        if "nhiem vu" in t or "giai phap" in t or "phuong huong" in t:
            return "Nhiệm vụ, giải pháp các đơn vị đề ra:"
        if "uu diem" in t:
            return "Các đơn vị đánh giá:"
        return "Một số cách làm hay, mô hình tiêu biểu các đơn vị nêu:"

    def quote_paragraphs(self, item: OutlineItem, answers: list[Answer]) -> list[DraftParagraph]:
        chosen = quoting.choose(answers, self.spec.quotes_per_item)
        if not chosen:
            return []
        out = [DraftParagraph("para", [Span(self._intro(item))], outline_item=item.id)]
        for q in chosen:
            name = self.names.get(q.answer.unit_id, q.answer.unit_name)
            out.append(
                DraftParagraph(
                    "para",
                    [
                        Span(f"- {name}: “"),
                        Span(q.text, sources=[q.source], quote=True),
                        Span("”"),
                    ],
                    outline_item=item.id,
                )
            )
        return out

    # -- body -----------------------------------------------------------------------
    @staticmethod
    def _label(item: OutlineItem) -> str:
        parts = item.id.split(".")
        last = parts[-1]
        if item.level <= 1:
            return f"{last}."
        if last.isalpha() and last.islower():
            return f"{last})"
        if item.level == 2:
            return f"{last}."
        return ".".join(parts[1:]) + "."

    def body(self) -> list[DraftParagraph]:
        ids = {i.id for i in self.outline}
        # Indicators of no outline item stand after the opening.
        loose = [i for i in self.indicators if i.outline_item not in ids]
        out = self.totals_paragraphs(loose, "")
        has_children = {i.parent for i in self.outline if i.parent}
        by_item: dict[str, list[Answer]] = {}
        for a in self.answers:
            by_item.setdefault(a.outline_item, []).append(a)
        for item in self.outline:
            title = " ".join(item.title.split()).rstrip(" .:")
            title = title.upper() if item.level <= 1 else title
            out.append(
                DraftParagraph(
                    "heading",
                    [Span(f"{self._label(item)} {title}")],
                    level=item.level,
                    outline_item=item.id,
                )
            )
            inds = [i for i in self.indicators if i.outline_item == item.id]
            content = self.totals_paragraphs(inds, item.id)
            if item.id not in has_children:
                content += self.quote_paragraphs(item, by_item.get(item.id, []))
                if not content:
                    content = [
                        DraftParagraph(
                            "para",
                            [Span("Chưa có đơn vị nào báo cáo nội dung này.")],
                            outline_item=item.id,
                        )
                    ]
            out += content
        return out

    # -- annex ----------------------------------------------------------------------
    def annex(self, draft: Draft) -> None:
        inds = self.indicators
        # The year of the values: in the column's name when all share one, in each cell
        # when they differ (a yearly figure is never shown as the period's).
        years = {i.key: self._years(i)[None] for i in inds}
        self._cell_years = {k for k, ys in years.items() if len(ys) > 1}
        draft.annex_header = ["STT", "Đơn vị"] + [
            f"{i.name}{_one_year(years[i.key])} ({_annex_unit(i)})" for i in inds
        ]
        rows: list[list[str]] = []
        values: list[list[object]] = []
        kinds: list[str] = []
        for k, (node, depth) in enumerate(self.order, start=1):
            row: list[str] = [str(k), "    " * depth + node.name]
            vals: list[object] = [k, node.name]
            for ind in inds:
                text, number = self._own(node.id, ind)
                row.append(text)
                vals.append(number)
            rows.append(row)
            values.append(vals)
            kinds.append("unit")
        subtotal = [n for n in self.tops if any(p.parent == n.id for p in self.nodes)]
        for node in subtotal:
            self._total_row(rows, values, kinds, node.id, f"Cộng {node.name}", "subtotal")
        self._total_row(rows, values, kinds, CAMPAIGN, "Tổng cộng", "total")
        cover_row = ["", "Số đơn vị có số liệu"]
        cover_vals: list[object] = ["", "Số đơn vị có số liệu"]
        for ind in inds:
            t = self.totals.get((CAMPAIGN, ind.key))
            text = f"{t.reported}/{t.expected}" if t else ""
            cover_row.append(text)
            cover_vals.append(text)
        rows.append(cover_row)
        values.append(cover_vals)
        kinds.append("total")
        draft.annex_rows, draft.annex_values, draft.annex_row_kinds = rows, values, kinds

    def _own(self, unit_id: str, ind: Indicator) -> tuple[str, Decimal | None]:
        """A unit's own value (its report, not its subtree's)."""
        if ind.aggregation == RATIO and ind.numerator and ind.denominator:
            num = self.values.get((unit_id, ind.numerator))
            den = self.values.get((unit_id, ind.denominator))
            if num is None or den is None or not den.value:
                return MISSING, None
            value = num.value * HUNDRED / den.value
            return vn_number(value, 1), value
        v = self.values.get((unit_id, ind.key))
        if v is None:
            return MISSING, None
        lower, approx = v.qualifier in LOWER_BOUND, v.qualifier in APPROXIMATE
        text = _annex_text(v.value, lower, approx, ind)
        if v.year is not None and ind.key in self._cell_years:
            text += f" (năm {v.year})"
        return text, _annex_number(v.value, ind)

    def _total_row(self, rows, values, kinds, node_id: str, label: str, kind: str) -> None:
        row, vals = ["", label], ["", label]
        for ind in self.indicators:
            t = self.totals.get((node_id, ind.key))
            if t is None or t.value is None:
                row.append(MISSING)
                vals.append(None)
            else:
                text = _annex_text(t.value, t.lower_bound, t.approximate, ind)
                if ind.key in self._cell_years:
                    text += f" ({MIXED_YEARS})"  # a sum over different years
                row.append(text)
                vals.append(_annex_number(t.value, ind))
        rows.append(row)
        values.append(vals)
        kinds.append(kind)


def build(
    spec: DraftSpec,
    outline: list[OutlineItem],
    nodes: list[TreeNode],
    indicators: list[Indicator],
    values: list[UnitValue],
    totals: dict[tuple[str, str], Total],
    answers: list[Answer],
) -> Draft:
    """The consolidated report: opening, the outline item by item, signature, annex.

    `totals` are `rollup.roll_up(nodes, indicators, values)`; `answers` the units'
    answers to the outline items (see `quotes.answers_from`).
    """
    b = _Builder(spec, outline, nodes, indicators, values, totals, answers)
    draft = Draft(
        issuer=spec.issuer,
        superior=spec.superior,
        number=spec.number,
        place=spec.place,
        date=spec.date or dt.date.today().isoformat(),
        kind=spec.kind,
        summary=spec.summary,
        signer_capacity=spec.signer_capacity,
        signer_position=spec.signer_position,
        signer_name=spec.signer_name,
        recipients=_punctuated(spec.recipients),
    )
    draft.paragraphs = b.opening() + b.body()
    if indicators:
        b.annex(draft)
    return draft


def _punctuated(items: list[str]) -> list[str]:
    """Nơi nhận: each line ends with ";", the last with "."."""
    items = [i.strip().rstrip(";.,") for i in items if i.strip()]
    return [f"{t}{'.' if k == len(items) - 1 else ';'}" for k, t in enumerate(items)]
