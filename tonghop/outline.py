"""The outline a campaign asks for, and the campaign facts a guideline states:
period, deadline, receiving office, e-mail, nomination quota, programmes."""

from __future__ import annotations

import re

from tonghop import numbering
from tonghop.dates import read_deadline
from tonghop.model import CampaignFacts, Document, Outline, OutlineItem, Programme, Section
from tonghop.text import fold, squeeze, strip_markers

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PERIOD = re.compile(
    r"từ\s+(?:tháng\s+|ngày\s+)?(\d{1,2}(?:/\d{1,2})?/\d{4})\s*(?:đến|-|–)\s*"
    r"(?:hết\s+)?(?:tháng\s+|ngày\s+)?(\d{1,2}(?:/\d{1,2})?/\d{4})",
    re.I,
)
_RECEIVER = re.compile(
    r"gửi\s+(?:về|đến|tới|cho)\s+(.+?)(?=\s+(?:trước ngày|chậm nhất|hạn chót)|\.\s|$)"
)
_QUOTA = re.compile(r"(\d{1,2})\s+tập thể\s+và\s+(\d{1,2})\s+cá nhân")
_AWARD = re.compile(
    r"(Bằng khen (?:của )?[^,;()]+?)\s+cho\s+(\d{1,2})\s+tập thể\s+và\s+(\d{1,2})\s+cá nhân"
)
_RANGE = re.compile(r"(\d{1,2})\s*[-–]\s*(\d{1,2})\s+(?:điển hình|tấm gương|gương)")
_MODEL = re.compile(r"(\d{1,2})\s+mô hình")
_EXEMPLAR = re.compile(r"(\d{1,2})\s+(?:điển hình|tấm gương|gương)")
_QUOTED = r"[“\"]([^”\"]+)[”\"]"


# --- outline items ------------------------------------------------------------------


def _item_id(path: list[str]) -> str:
    return ".".join(p.split("#")[0] for p in path)


def _items_from(sections: list[Section], with_paragraphs: bool) -> list[OutlineItem]:
    items: list[OutlineItem] = []

    def visit(section: Section, parent: str | None) -> None:
        sid = _item_id(section.path)
        items.append(OutlineItem(sid, section.title.rstrip(" ."), len(section.path), parent))
        if with_paragraphs and not section.children:
            # The ĐỀ CƯƠNG's sub-points are often long numbered sentences.
            for p in section.paragraphs:
                num = numbering.parse(p)
                if num and num.style in ("arabic", "letter") or (num and "decimal" in num.style):
                    cid = f"{sid}.{num.number.split('.')[-1]}"
                    items.append(
                        OutlineItem(
                            cid, squeeze(num.title).rstrip(" ."), len(section.path) + 1, sid
                        )
                    )
        for child in section.children:
            visit(child, sid)

    for s in sections:
        visit(s, None)
    return items


def build_outline(doc: Document) -> Outline:
    """The ĐỀ CƯƠNG annex as an outline; without one, the document's own tree."""
    for annex in doc.annexes:
        if annex.kind == "ĐỀ CƯƠNG" or "de cuong" in fold(annex.title + annex.kind):
            items = _items_from(annex.sections, with_paragraphs=True)
            if items:
                return Outline(annex.title, "ĐỀ CƯƠNG", items, campaign_facts(doc))
    return Outline(doc.title, "sections", _items_from(doc.sections, False), campaign_facts(doc))


# --- campaign facts -----------------------------------------------------------------


def _iso_month_or_day(s: str) -> str:
    parts = [int(x) for x in s.split("/")]
    if len(parts) == 2:
        return f"{parts[1]:04d}-{parts[0]:02d}"
    return f"{parts[2]:04d}-{parts[1]:02d}-{parts[0]:02d}"


def _clean(text: str) -> str:
    return squeeze(strip_markers(text).replace("**", "").replace("*", ""))


def campaign_facts(doc: Document) -> CampaignFacts:
    facts = CampaignFacts()
    body = [(path, _clean(t)) for path, t, _ in doc.texts() if path[:1] != ["ĐỀ CƯƠNG"]]
    for _, text in body:
        if not facts.period_text:
            m = _PERIOD.search(text)
            if m:
                facts.period_text = m.group(0)
                facts.period_from = _iso_month_or_day(m.group(1))
                facts.period_to = _iso_month_or_day(m.group(2))
        if not facts.deadline_text:
            found = read_deadline(text)
            if found:
                facts.deadline_text = found.text
                facts.deadline_before = found.before.isoformat()
                facts.deadline_last_day = found.last_day.isoformat()
                m2 = _RECEIVER.search(text)
                if m2:
                    facts.receiver = _receiver(m2.group(1))
        if not facts.email:
            m = _EMAIL.search(text)
            if m:
                facts.email = m.group(0).rstrip(".")
        if facts.nomination_collective is None:
            m = _QUOTA.search(text)
            if m and not _AWARD.search(text):
                facts.nomination_collective = int(m.group(1))
                facts.nomination_individual = int(m.group(2))
    facts.programmes = _programmes(doc)
    return facts


def _receiver(raw: str) -> str:
    """'Ban Tuyên giáo Thành ủy (qua Phòng ...; Bản mềm qua email: x@y)' without the e-mail."""
    text = raw.strip()
    if "(" in text:
        head, _, inner = text.partition("(")
        inner = inner.split(")")[0]
        kept = [p.strip() for p in inner.split(";") if not _EMAIL.search(p) and p.strip()]
        text = head.strip() + (f" ({'; '.join(kept)})" if kept else "")
    return text.strip(" ,;")


def _programme_from(text: str) -> list[Programme]:
    awards = _AWARD.findall(text)
    if awards:
        return [
            Programme(name=name.strip(), collective=int(c), individual=int(i), text=text)
            for name, c, i in awards
        ]
    prog = Programme(name="", text=text)
    m = re.search(r"sách\s+" + _QUOTED + r"(\s+tập\s+\d+)?", text)
    if m:
        prog.name = f"Sách “{m.group(1).strip()}”{m.group(2) or ''}"
        prog.note = "biên tập, tổng hợp; không định số lượng"
    m = re.search(r"Triển lãm\s+" + _QUOTED + r"(\s*\([^)]*\))?", text)
    if m and not prog.name:
        prog.name = f"Triển lãm “{m.group(1).strip()}”{m.group(2) or ''}"
    m = re.search(
        r"(phim ngắn[^.;]*?|phim tài liệu[^.;]*?)(?=\s+biểu dương|\s+về|\s+để|[.;]|$)", text
    )
    if m and not prog.name:
        who = re.search(r"để\s+(Ban [^,;]+?)\s+(?:xây dựng|sản xuất|thực hiện)", text)
        prog.name = m.group(1)[:1].upper() + m.group(1)[1:]
        if who:
            prog.name += f" ({who.group(1)})"
    m = re.search(r"(Chương trình\s+.+?)(?=\s*\(dự kiến[^)]*\)\s*\.?$|\.$|$)", text)
    if m and not prog.name:
        prog.name = re.sub(r"\s*\(dự kiến[^)]*\)", "", m.group(1)).strip()
    if not prog.name:
        return []
    r = _RANGE.search(text)
    if r:
        prog.exemplar_min, prog.exemplar_max = int(r.group(1)), int(r.group(2))
    else:
        m = _MODEL.search(text)
        if m:
            prog.model = int(m.group(1))
        m = _EXEMPLAR.search(text)
        if m:
            prog.exemplar = int(m.group(1))
    return [prog]


def _programmes(doc: Document) -> list[Programme]:
    out: list[Programme] = []
    for section in doc.walk():
        key = fold(section.title)
        if not any(k in key for k in ("khen thuong", "dien hinh", "tuyen duong", "bieu duong")):
            continue
        for p in section.paragraphs:
            if numbering.parse(p) or numbering.is_list_item(p):
                out += _programme_from(
                    _clean(numbering.parse(p).title if numbering.parse(p) else p)
                )
    return out
