"""Checks over a read document.  Each rule is a named function returning
`Finding`s with a stable code; `run_checks` applies them in order.
"""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Iterable
from itertools import islice

from tonghop import numbering
from tonghop.model import (
    Document,
    Figure,
    Finding,
    Footnote,
    Section,
    SumCheck,
    from_superscript,
)
from tonghop.numbers import to_roman, vn_number
from tonghop.text import EXPONENT_RE, MARKER_RE, fold, strip_markers

# Findings listed per code; beyond, one more finding counts the rest.
MAX_LISTED = 100
_WORD = re.compile(r"\S+")

# --- footnote markers --------------------------------------------------------------


def find_markers(text: str) -> list[int]:
    """Footnote numbers marked in `text` ("thực hiện¹²." -> [12]); "100 m²" is not a marker,
    "trong năm²" is (the exponent rule of `strip_markers`: a unit right after a number)."""
    exponents = {m.start(1) for m in EXPONENT_RE.finditer(text)}
    return [
        from_superscript(m.group()) for m in MARKER_RE.finditer(text) if m.start() not in exponents
    ]


def link_footnotes(doc: Document, footnotes: list[Footnote]) -> None:
    first_place: dict[int, list[str]] = {}
    for path, text, _ in doc.texts():
        for n in find_markers(text):
            first_place.setdefault(n, path)
    for fn in footnotes:
        fn.marker_path = first_place.get(fn.n)
    doc.footnotes = footnotes


# --- sums --------------------------------------------------------------------------

_BREAKS = (". ", "; ", ": ")
_MAX_CLAUSE = 300  # characters: longer is no clause but a paragraph without punctuation
_PARTS_OPENERS = ("gom", "bao gom", "trong do", "cu the", "cu the la", "chia ra")


def sum_checks(doc: Document) -> list[SumCheck]:
    """A figure right before a footnote marker, whose footnote lists its parts.

    001: "ban hành 22 văn bản ... thực hiện³" with ³ "Gồm 5 kế hoạch, 2 chương
    trình, ..." and "68 tổ chức cơ sở đảng¹⁰" with ¹⁰ listing 24, 21 and 23.
    """
    from tonghop.figures import extract_figures

    by_note: dict[int, list[Figure]] = {}
    for f in doc.figures:
        if f.footnote is not None:
            by_note.setdefault(f.footnote, []).append(f)
    notes = {fn.n: fn for fn in doc.footnotes}
    checks = []
    for path, text, _ in doc.texts():
        start, looked = -1, 0  # the last clause break before `looked`
        after = 0  # where the previous marker ended
        for m in MARKER_RE.finditer(text):
            # figures of a footnote are read only from the footnotes of this document
            n = from_superscript(m.group())
            parts = [f for f in by_note.get(n, []) if f.unit != "%"]
            if len(parts) < 2:
                continue
            # The clause ending at the marker: from the last sentence or clause break,
            # looked for only since the previous marker (a paragraph of thousands of
            # markers is read once), and no longer than a clause can be.
            start = max(start, *(text.rfind(sep, looked, m.start()) for sep in _BREAKS))
            looked = max(looked, m.start() - 1)
            lo = start + 1
            if m.start() - lo > _MAX_CLAUSE:  # cut at a space, not inside a number
                lo = text.find(" ", m.start() - _MAX_CLAUSE, m.start()) + 1 or m.start()
            clause = text[lo : m.start()]
            # The figure right before the marker is mostly found since the previous
            # marker: that short stretch first, the whole clause only when it has none.
            before = extract_figures(text[after : m.start()]) if after > lo else []
            before = before or extract_figures(clause)
            after = m.end()
            if not before:
                continue
            total = before[-1]
            if total.unit == "%":
                continue
            note_text = fold(strip_markers(notes[n].text)).lstrip()
            if not note_text.startswith(_PARTS_OPENERS):
                parts = [f for f in parts if f.unit == total.unit]
            if len(parts) < 2:
                continue
            values = [f.value for f in parts]
            holds = abs(sum(values) - total.value) < 1e-6
            checks.append(
                SumCheck(
                    total=total.value,
                    parts=values,
                    holds=holds,
                    unit=total.unit,
                    path=path,
                    footnote=n,
                    text=strip_markers(clause).strip(),
                )
            )
    return checks


# --- rules ---------------------------------------------------------------------------


def _value(section: Section) -> int | None:
    num = numbering.parse(f"{section.label} A")
    return num.value if num else None


def _shown(section: Section) -> str:
    return f"“{f'{section.label} {section.title[:60]}'.strip()}”"


_ALPHABETS = {"group": string.ascii_uppercase, "letter": numbering.VIETNAMESE_LETTERS}


def _format_number(style: str, value: int, like: Section) -> str:
    if style == "roman":
        return to_roman(value)
    if style in _ALPHABETS:  # values start at 1
        letters = _ALPHABETS[style]
        return letters[value - 1] if value <= len(letters) else str(value)
    if style == "decimal":
        parts = like.label.rstrip(".").split(".")
        return ".".join([*parts[:-1], str(value)])
    return str(value)


def _numbered_paragraphs(sections: list[Section], parent: Section | None) -> set[tuple[str, int]]:
    """(style, value) of list items written as numbered paragraphs beside these sections:
    "a)" kept as a paragraph and "b)" found as a heading is not a skipped "a"."""
    found = set()
    for s in [*([parent] if parent else []), *sections]:
        for p in s.paragraphs:
            num = numbering.parse(p)
            if num:
                style = "decimal" if num.style.startswith("decimal") else num.style
                found.add((style, num.value))
    return found


def _parents(doc: Document) -> Iterable[tuple[Section | None, list[Section]]]:
    yield None, doc.sections
    for s in doc.walk():
        if s.children:
            yield s, s.children
    for annex in doc.annexes:
        yield None, annex.sections
        for top in annex.sections:
            for s in top.walk():
                if s.children:
                    yield s, s.children


def check_numbering(doc: Document) -> list[Finding]:
    findings = []
    for parent, siblings in _parents(doc):
        as_paragraphs = _numbered_paragraphs(siblings, parent)
        by_style: dict[str, list[Section]] = {}
        for s in siblings:
            by_style.setdefault(s.style, []).append(s)
        for style, group in by_style.items():
            expected = 1
            for s in group:
                v = _value(s)
                if not v:  # no number (a heading style), or a named part ("PHẦN MỞ ĐẦU")
                    continue
                if v < expected:
                    should = _format_number(style, expected, s)
                    findings.append(
                        Finding(
                            "duplicate-number",
                            "warning",
                            s.path,
                            f"Số mục bị trùng: mục {_shown(s)} lặp lại số {s.label.rstrip('.-')} "
                            f"đã dùng trước đó; đúng ra phải là {should}.",
                        )
                    )
                    expected += 1
                    continue
                gap = [x for x in range(expected, v) if (style, x) not in as_paragraphs]
                if gap:
                    missing = ", ".join(_format_number(style, x, s) for x in gap)
                    findings.append(
                        Finding(
                            "skipped-number",
                            "warning",
                            s.path,
                            f"Đánh số bị nhảy cóc: thiếu mục {missing} trước mục {_shown(s)}.",
                        )
                    )
                expected = v + 1
    return findings


def check_numbering_style(doc: Document) -> list[Finding]:
    """Siblings' labels should share one form: "2.1." and "2.2" do not."""
    by_style: dict[str, list[Section]] = {}
    for _, siblings in _parents(doc):
        for s in siblings:
            if s.style in ("roman", "arabic", "decimal", "letter"):
                key = s.style + str(len(s.label.rstrip(".").split(".")))
                by_style.setdefault(key, []).append(s)
    findings = []
    for group in by_style.values():
        forms = Counter(numbering.parse(f"{s.label} A").form for s in group)
        if len(forms) < 2:
            continue
        order = {}
        for s in group:
            order.setdefault(numbering.parse(f"{s.label} A").form, len(order))
        usual = max(forms, key=lambda f: (forms[f], -order[f]))
        model = next(s for s in group if numbering.parse(f"{s.label} A").form == usual)
        for s in group:
            if numbering.parse(f"{s.label} A").form != usual:
                findings.append(
                    Finding(
                        "numbering-style",
                        "minor",
                        s.path,
                        f"Cách đánh số không thống nhất: “{s.label}” ở mục {_shown(s)} "
                        f"khác với “{model.label}” dùng ở các mục cùng cấp.",
                    )
                )
    return findings


def check_footnotes(doc: Document) -> list[Finding]:
    findings = []
    numbers = Counter(fn.n for fn in doc.footnotes)
    marked: dict[int, list[str]] = {}
    for path, text, _ in doc.texts():
        for n in find_markers(text):
            marked.setdefault(n, path)
    for n, path in marked.items():
        if n not in numbers:
            findings.append(
                Finding(
                    "marker-without-footnote",
                    "error",
                    path,
                    f"Có dấu chú thích số {n} trong văn bản nhưng không có nội dung chú thích {n}.",
                )
            )
    for fn in doc.footnotes:
        if fn.n not in marked:
            findings.append(
                Finding(
                    "footnote-without-marker",
                    "warning",
                    [],
                    f"Chú thích {fn.n} (“{fn.text[:60]}”) không được dẫn ở đâu trong văn bản.",
                )
            )
    for n, count in numbers.items():
        if count > 1:
            findings.append(
                Finding(
                    "duplicate-footnote",
                    "warning",
                    [],
                    f"Có {count} chú thích cùng mang số {n}.",
                )
            )
    order = list(marked)
    if order != sorted(order):
        findings.append(
            Finding(
                "footnote-order",
                "minor",
                [],
                "Các chú thích không được đánh số theo thứ tự xuất hiện trong văn bản.",
            )
        )
    return findings


def check_sums(doc: Document) -> list[Finding]:
    findings = []
    for c in doc.sum_checks:
        if not c.holds:
            parts = " + ".join(vn_number(v) for v in c.parts)
            findings.append(
                Finding(
                    "total-mismatch",
                    "error",
                    c.path,
                    f"Tổng số không khớp: nêu {vn_number(c.total)} {c.unit} nhưng các số "
                    f"thành phần ở chú thích {c.footnote} cộng lại là {parts} = "
                    f"{vn_number(sum(c.parts))}.",
                )
            )
    return findings


def _context(doc: Document, path: list[str], fragment: str, nth: int, words_after: int = 4) -> str:
    """The `nth` (from 0) occurrence of the fragment in its section, with the words that
    follow it, to show the user where it stands."""
    for p, text, _ in doc.texts():
        if p != path:
            continue
        at = text.find(fragment)
        while at >= 0 and nth:
            nth -= 1
            at = text.find(fragment, at + len(fragment))
        if at >= 0:
            # Only the next few words: splitting the whole rest of a long paragraph
            # for each reference in it would cost the square of its length.
            after = _WORD.finditer(text, at + len(fragment))
            tail = [m.group() for m in islice(after, words_after)]
            return strip_markers(" ".join([fragment, *tail])).rstrip(",;")
    return fragment


def check_references(doc: Document) -> list[Finding]:
    # The context is looked up for the findings that will be listed; the rest are
    # counted only (see `_capped`), so thousands of references cost no more.
    findings = []
    seen: Counter[tuple[str, ...]] = Counter()  # the same words cited again in a section
    for r in doc.references:
        if r.number:
            continue
        key = (*r.path, r.text)
        shown = r.text
        if len(findings) < MAX_LISTED:
            shown = _context(doc, r.path, r.text, seen[key])
        seen[key] += 1
        findings.append(
            Finding(
                "reference-without-number",
                "warning",
                r.path,
                f"Trích dẫn văn bản thiếu số hiệu: “{shown}...”.",
            )
        )
    return findings


def check_empty_sections(doc: Document) -> list[Finding]:
    return [
        Finding(
            "empty-section",
            "minor",
            s.path,
            f"Mục {_shown(s)} không có nội dung.",
        )
        for s in doc.walk()
        if not s.paragraphs and not s.children and not s.tables and _is_short_heading(s.title)
    ]


def _is_short_heading(title: str) -> bool:
    """A heading that names a topic; a numbered sentence is content in itself."""
    return len(title.split()) <= 15 and not title.rstrip().endswith(".")


# --- more checks officials make by hand ---------------------------------------------

_NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
_IN_WHICH = re.compile(r"\btrong\s+(?:đó|số\s+đó)\b", re.I)
# "đạt 87,02% (1.234/1.418 hồ sơ)" and "862/1.266 (68,1%)": a share with its two terms.
_PCT_RATIO = re.compile(
    rf"(?<![\d.,])({_NUM})\s*%\s*\(\s*({_NUM})(?:\s+[^\W\d][^/()]{{0,30}}?)?\s*/\s*({_NUM})(?![\d/])"
)
_RATIO_PCT = re.compile(
    rf"(?<![\d.,/])({_NUM})(?:\s+[^\W\d][^/()]{{0,30}}?)?\s*/\s*({_NUM})(?!\s*/\s*\d)"
    rf"[^()\d%]{{0,40}}\(\s*({_NUM})\s*%\s*\)"
)
_TOTAL_ROWS = {"tong", "tong cong", "cong", "tong so", "toan tinh", "toan thanh pho"}


def _where(path: list[str]) -> str:
    return f"mục {'.'.join(path)}" if path else "phần mở đầu"


def _body_texts(doc: Document) -> Iterable[tuple[list[str], str, str]]:
    """(path, where it stands, text) for every paragraph, footnote and table cell."""
    for path, text, is_title in doc.texts():
        if not is_title:
            yield path, _where(path), text
    for fn in doc.footnotes:
        yield fn.marker_path or [], f"chú thích {fn.n}", fn.text
    from tonghop.tables import tables_of  # noqa: PLC0415

    for path, table in tables_of(doc):
        for row in table.rows:
            for cell in row:
                yield path, f"bảng ở {_where(path)}", cell


def _decimals(raw: str) -> int:
    if "," in raw:
        return len(raw.rsplit(",", 1)[1])
    if re.fullmatch(r"\d+\.\d{1,2}", raw):  # "98.9%": a decimal point, not thousands
        return len(raw.rsplit(".", 1)[1])
    return 0


def check_percentages(doc: Document) -> list[Finding]:
    """A percentage beside its numerator and denominator must be their quotient, to the
    rounding of the digits it is written with."""
    from tonghop.figures import parse_number  # noqa: PLC0415

    findings = []
    for path, where, text in _body_texts(doc):
        if "%" not in text or "/" not in text:
            continue
        found = [(m.group(1), m.group(2), m.group(3)) for m in _PCT_RATIO.finditer(text)]
        found += [(m.group(3), m.group(1), m.group(2)) for m in _RATIO_PCT.finditer(text)]
        for p_raw, a_raw, b_raw in found:
            p, a, b = parse_number(p_raw), parse_number(a_raw), parse_number(b_raw)
            if p is None or a is None or not b:
                continue
            d = _decimals(p_raw)
            share = a / b * 100
            if abs(share - p) <= 0.5 * 10**-d + 1e-9:
                continue
            findings.append(
                Finding(
                    "percent-mismatch",
                    "error",
                    path,
                    f"Tỷ lệ không khớp ({where}): ghi {p_raw}% nhưng {a_raw}/{b_raw} = "
                    f"{vn_number(share, decimals=max(d, 1) + 1)}%.",
                )
            )
    return findings


def _same_noun(a: str, b: str) -> bool:
    a, b = fold(a), fold(b)
    return bool(a) and (a == b or a.startswith(b + " ") or b.startswith(a + " "))


def check_parts(doc: Document) -> list[Finding]:
    """ "X ..., trong đó Y ...": the part Y cannot be more than the whole X."""
    from tonghop.figures import extract_figures, split_sentences  # noqa: PLC0415

    findings = []
    for path, where, text in _body_texts(doc):
        if not _IN_WHICH.search(text):
            continue
        for sentence in split_sentences(text):
            m = _IN_WHICH.search(sentence)
            if not m:
                continue
            before = [f for f in extract_figures(sentence[: m.start()]) if f.unit != "%"]
            if not before:
                continue
            whole = before[-1]
            for part in extract_figures(sentence[m.end() :]):
                if _same_noun(part.unit, whole.unit) and part.value > whole.value:
                    findings.append(
                        Finding(
                            "part-exceeds-whole",
                            "error",
                            path,
                            f"Số thành phần lớn hơn tổng ({where}): “trong đó {part.raw} "
                            f"{part.unit}” lớn hơn tổng {whole.raw} {whole.unit}.",
                        )
                    )
    return findings


def check_text_against_tables(doc: Document) -> list[Finding]:
    """A figure in the text that a table of the document (a summary table, an annex)
    gives otherwise: same counted noun, same row (a unit named in the sentence, or the
    total row for a sentence about the whole)."""
    by_noun: dict[str, list[Figure]] = {}
    for f in doc.figures:
        if f.subject and f.unit != "%":
            by_noun.setdefault(fold(f.unit), []).append(f)
    if not by_noun:
        return []
    annexes = {a.kind for a in doc.annexes}
    # The figures of one sentence with one noun, together: "254 đảng viên, đã kết nạp
    # thêm 6 đảng viên" agrees with a table giving 254.
    together: dict[tuple, list[Figure]] = {}
    for f in doc.figures:
        if not f.subject and fold(f.unit) in by_noun:  # no "%": by_noun has none
            together.setdefault((tuple(f.path), f.footnote, f.text, fold(f.unit)), []).append(f)
    findings = []
    for (_, _, text, noun), group in together.items():
        candidates = by_noun[noun]
        sentence = fold(text)
        named = [t for t in candidates if len(t.subject) >= 5 and fold(t.subject) in sentence]
        if not named:
            total = re.search(r"\b(tong|toan)\b", sentence)
            named = [t for t in candidates if total and fold(t.subject) in _TOTAL_ROWS]
        if not named or any(t.value == f.value for t in named for f in group):
            continue
        f, t = group[0], named[0]
        table_at = t.path[0] if t.path and t.path[0] in annexes else _where(t.path)
        where = _where(f.path) if f.footnote is None else f"chú thích {f.footnote}"
        findings.append(
            Finding(
                "text-annex-mismatch",
                "warning",
                f.path,
                f"Số liệu trong văn bản khác với bảng: {where} ghi {f.raw} {f.unit} "
                f"({t.subject}), bảng ở {table_at} ghi {t.raw}.",
            )
        )
    return findings


# Below this mean confidence of its words (0-100), a page read by OCR is to be checked
# by a person: clean scans read at 93-96, a blurred or handwritten page far lower.
OCR_MIN_CONFIDENCE = 85.0


def check_ocr_confidence(doc: Document) -> list[Finding]:
    return [
        Finding(
            "ocr-low-confidence",
            "warning",
            [],
            f"Trang {page} là bản quét, nhận dạng chữ với độ tin cậy thấp "
            f"({vn_number(round(conf, 1))}%): cần người đối chiếu với bản gốc, nhất là các số "
            "liệu, tên riêng và số hiệu văn bản.",
        )
        for page, conf in doc.ocr_pages
        if conf < OCR_MIN_CONFIDENCE
    ]


RULES = (
    check_ocr_confidence,
    check_numbering,
    check_numbering_style,
    check_footnotes,
    check_sums,
    check_references,
    check_empty_sections,
    check_percentages,
    check_parts,
    check_text_against_tables,
)


def _capped(findings: list[Finding]) -> list[Finding]:
    """At most MAX_LISTED findings of each code, then one that counts the rest: a
    document of 50.000 paragraphs all numbered "1." is told so in a readable list."""
    kept: list[Finding] = []
    extra: Counter[str] = Counter()
    severity: dict[str, str] = {}
    listed: Counter[str] = Counter()
    for f in findings:
        if listed[f.code] < MAX_LISTED:
            listed[f.code] += 1
            kept.append(f)
        else:
            extra[f.code] += 1
            severity[f.code] = f.severity
    for code, n in extra.items():
        kept.append(
            Finding(
                code,
                severity[code],
                [],
                f"Còn {vn_number(n)} chỗ khác cùng loại lỗi này không được liệt kê "
                f"(chỉ nêu {MAX_LISTED} chỗ đầu tiên).",
            )
        )
    return kept


def run_checks(doc: Document) -> list[Finding]:
    findings: list[Finding] = []
    for rule in RULES:
        findings.extend(_capped(rule(doc)))
    return findings
