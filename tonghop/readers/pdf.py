"""Reader for PDF files that carry a text layer (exports from Word or LibreOffice).

A PDF holds positioned lines, not paragraphs.  The reader:
- groups lines into paragraphs (vertical gaps, first-line indent, numbering,
  a change from bold to plain, a short last line), never across a page end:
  the first body block of each later page has `page_break_before`, and
  `repair` rejoins what a page end cut;
- writes superscript footnote markers as Unicode superscript digits glued to
  their word, and reads the footnote texts at the foot of each page;
- drops running page numbers and running headers/footers;
- keeps the two-column parts of a Party or state document (the header; "Nơi
  nhận" beside the signature) as one block per column, lines joined by "\\n".
"""

from __future__ import annotations

import functools
import operator
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

import pymupdf

from tonghop.model import Block, RawDocument, ReadError, from_superscript

# No TEXT_PRESERVE_IMAGES: image bytes are never needed and cost time.
_FLAGS = pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP

_CORRUPT = "Tệp PDF bị hỏng, không mở được."
_TRUNCATED = (
    "Tệp PDF bị hỏng, không mở được: tệp bị cắt cụt (thiếu phần cuối), "
    "có thể do tải lên chưa hết. Hãy tải lên lại tệp đầy đủ."
)
_ENCRYPTED = (
    "Tệp PDF được đặt mật khẩu nên không đọc được: hãy gỡ mật khẩu (hoặc xuất lại "
    "tệp PDF không đặt mật khẩu) rồi tải lên lại."
)
_NO_PAGES = "Tệp PDF không có trang nào."
_SCANNED = (
    "Tệp PDF không có lớp chữ (có thể là bản quét hoặc ảnh chụp): hệ thống chưa đọc "
    "được PDF quét. Hãy tải lên tệp Word (.docx) hoặc tệp PDF xuất trực tiếp từ Word, "
    "có chữ chọn và sao chép được."
)

_SUP_CHARS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_TO_SUP = str.maketrans("0123456789", _SUP_CHARS)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u3000]+")
_CLEAN = str.maketrans(
    {"\t": " ", "\u00a0": " ", "\u00ad": None, "\u200b": None, "\u200c": None}
    | {"\u200d": None, "\ufeff": None}
)
_MARKER_DIGITS = re.compile(r"\d{1,3}(?:[,.]\d{1,3})*")
# An exponent, not a footnote: "m" (or km, cm, ...) right before a raised 2 or 3.
_UNIT_BEFORE = re.compile(r"(?<![^\W\d_])[kcdmµ]?m$")
_UNIT_SUP = re.compile(r"(?<![^\W\d_])([kcdmµ]?m)([²³])(?![⁰¹²³⁴⁵⁶⁷⁸⁹])")
_FROM_SUP = str.maketrans("²³", "23")
_PAGE_NUMBER = re.compile(r"^(?:trang\s*)?[-–—]?\s*\d{1,4}\s*(?:/\s*\d{1,4})?\s*[-–—]?$", re.I)
_RULE = re.compile(r"^[-_=~.…·─━*]{3,}$")
_LIST_START = re.compile(
    r"^(?:[-+•–—]\s*\S"
    r"|[IVXLC]{1,6}\s*[.\-–]\s"
    r"|\d{1,2}(?:\.\d{1,2}){0,3}\.\s"
    r"|\d{1,2}(?:\.\d{1,2}){1,3}\s"
    r"|\d{1,2}\s*[-–)]\s"
    r"|[a-zđ]\)\s"
    r"|\((?:\d{1,2}|[ivx]{1,4}|[a-zđ])\)\s"
    r"|(?:Điều|ĐIỀU)\s+\d+\s*[.:]"
    r"|(?:Chương|CHƯƠNG|Phần|PHẦN)\s+[IVXLC\d]+\b)"
)
_ITEM = re.compile(r"^[-+•–—]")
_RECIPIENTS = re.compile(r"^N[ơo]i\s+nh[ậa]n\b", re.I)
_CAPACITY = re.compile(r"^(?:T/M|K/T|T/L|TM\.|KT\.|TL\.|TUQ\.|Q\.)\s*\S")
_FOOTNOTE_SUP = re.compile(f"^([{_SUP_CHARS}]+)\\s*(.*)$", re.S)
_FOOTNOTE_PLAIN = re.compile(r"^(\d{1,3})[.)]?\s+(\S.*)$", re.S)
_TERMINAL = ".;:!?…"
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(slots=True)
class _Span:
    text: str
    size: float
    bold: bool
    italic: bool
    x0: float
    x1: float
    base: float  # baseline (origin y)
    sup: bool = False


@dataclass(slots=True)
class _Line:
    spans: list[_Span]
    x0: float = 0.0  # ink extent, leading/trailing spaces left out
    x1: float = 0.0
    y0: float = 0.0
    y1: float = 0.0
    base: float = 0.0
    size: float = 0.0
    bold: bool = False
    italic: bool = False
    text: str = ""
    source: dict | None = None  # MuPDF's line with its characters, to rebuild it if need be

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class _Page:
    number: int  # 1-based
    width: float
    height: float
    lines: list[_Line] = field(default_factory=list)


@dataclass
class _Col:
    """The text column of a page: margins, and where paragraphs usually start."""

    left: float
    right: float
    starts: frozenset[int] = frozenset()  # x of the margin and of first-line indents

    @property
    def cx(self) -> float:
        return (self.left + self.right) / 2

    @property
    def width(self) -> float:
        return self.right - self.left


@dataclass
class _Layout:
    """Document-wide measures: body font size, line pitch, text column per page width."""

    size: float
    pitch: float  # usual baseline distance / font size inside a paragraph
    columns: dict[int, _Col]

    def column(self, page: _Page) -> _Col:
        return self.columns.get(round(page.width)) or _Col(page.width * 0.12, page.width * 0.9)


@dataclass
class _State:
    """What one page leaves to the next."""

    next_footnote: int = 1
    last_footnote: Block | None = None
    footnotes_on_prev: bool = False
    signature_open: bool = False


def read_pdf(data: bytes) -> RawDocument:
    """Read a PDF with a text layer into blocks; every failure is a ReadError."""
    try:
        return _read(data)
    except ReadError:
        raise
    except Exception:  # MuPDF raises many kinds of errors; the user needs one message
        raise ReadError(_CORRUPT) from None


def _read(data: bytes) -> RawDocument:
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception:
        raise ReadError(_CORRUPT) from None
    try:
        if doc.needs_pass:
            raise ReadError(_ENCRYPTED)
        # MuPDF quietly repairs a cut file and returns what it could find; the
        # rest of the report would be missing without a word.
        if doc.is_repaired and b"%%EOF" not in data[-1024:]:
            raise ReadError(_TRUNCATED)
        if doc.page_count == 0:
            raise ReadError(_CORRUPT if doc.is_repaired else _NO_PAGES)
        pages, rich = [], False
        for i, page in enumerate(doc):
            lines, clusters = _page_lines(page, rich)
            pages.append(_Page(i + 1, page.rect.width, page.rect.height, lines))
            # Letters drawn from a fallback font split every line: read the next
            # pages with their characters straight away.
            rich = clusters > 5
        count = doc.page_count
        ink = sum(len(ln.text.replace(" ", "")) for p in pages for ln in p.lines)
        # A scan may still carry a few words of text: a digital-signature stamp.
        if ink < 20 or ink < 150 * count and _scanned(doc):
            raise ReadError(_SCANNED)
    finally:
        doc.close()
    layout = _measure(pages)
    _drop_running(pages)
    blocks: list[Block] = []
    state = _State()
    for page in pages:
        blocks.extend(_page_blocks(page, layout, state))
    return RawDocument(blocks=blocks, format="pdf", pages=count)


def _scanned(doc: pymupdf.Document) -> bool:
    """Most pages are covered by an image."""
    covered = 0
    for page in doc:
        area = page.rect.width * page.rect.height
        for info in page.get_image_info():
            if (pymupdf.Rect(info["bbox"]) & page.rect).get_area() > 0.5 * area:
                covered += 1
                break
    return covered >= max(1, doc.page_count / 2)


# --- lines ----------------------------------------------------------------------------


def _clean(text: str) -> str:
    text = text.translate(_CLEAN)
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


@functools.lru_cache(maxsize=4096)
def _char(c: str) -> str:
    return _clean(c)


def _is_bold(flags: int, font: str) -> bool:
    f = font.lower()
    return bool(flags & 16) or "bold" in f or "black" in f or "heavy" in f


def _is_italic(flags: int, font: str) -> bool:
    f = font.lower()
    return bool(flags & 2) or "italic" in f or "oblique" in f


def _span(s: dict, text: str | None = None) -> _Span:
    flags, font = s["flags"], s["font"]
    return _Span(
        text=_clean(s["text"]) if text is None else text,
        size=s["size"],
        bold=_is_bold(flags, font),
        italic=_is_italic(flags, font),
        x0=s["bbox"][0],
        x1=s["bbox"][2],
        base=s["origin"][1],
        sup=bool(flags & 1),
    )


def _page_lines(page: pymupdf.Page, rich: bool) -> tuple[list[_Line], int]:
    """The page's lines, and how many had to be rebuilt from their characters."""
    textpage = page.get_textpage(flags=_FLAGS)
    lines = _lines_of(page.get_text("rawdict" if rich else "dict", textpage=textpage))
    clusters = _clusters(lines)
    if not clusters:
        return lines, 0
    if not rich:  # the characters are needed after all
        lines = _lines_of(page.get_text("rawdict", textpage=textpage))
        clusters = _clusters(lines)
    done = {i for c in clusters for i in c}
    out = [ln for i, ln in enumerate(lines) if i not in done]
    for members in clusters:
        parts = [lines[i] for i in members]
        line = _rebuild(parts)
        out.extend([line] if line is not None else parts)
    out.sort(key=lambda ln: (ln.base, ln.x0))
    return out, len(clusters)


def _lines_of(raw: dict) -> list[_Line]:
    lines = []
    for block in raw["blocks"]:
        if block.get("type") != 0:
            continue
        for ln in block["lines"]:
            if ln["dir"][0] < 0.99:  # rotated text: stamps, watermarks, margin notes
                continue
            spans = []
            for s in ln["spans"]:
                chars = s.get("chars")
                text = s["text"] if chars is None else "".join(c["c"] for c in chars)
                if text:
                    spans.append(_span(s, _clean(text)))
            line = _finish(_Line(spans=spans))
            if line is not None:
                line.y0, line.y1 = ln["bbox"][1], ln["bbox"][3]
                line.source = ln
                lines.append(line)
    lines.sort(key=lambda ln: (ln.base, ln.x0))
    return lines


def _finish(line: _Line) -> _Line | None:
    """Compute a line's measures from its spans; None for a line with no ink."""
    ink = [s for s in line.spans if s.text.strip()]
    if not ink:
        return None
    # The line's size is that of most of its letters: not of a marker "²" in "2." alone.
    weight: dict[float, int] = {}
    for s in ink:
        if not s.sup and _LETTER.search(s.text):
            key = round(s.size * 2) / 2
            weight[key] = weight.get(key, 0) + len(s.text)
    if not weight:
        for s in ink:
            key = round(s.size * 2) / 2
            weight[key] = weight.get(key, 0) + len(s.text)
    size = max(weight, key=lambda k: (weight[k], k))
    main = next(s for s in ink if abs(s.size - size) <= 0.3)
    line.size, line.base = size, main.base
    # Raised digits in a clearly smaller font are superscripts even when the PDF
    # does not flag them (Word's footnote numbers at the page foot, for one).
    for s in ink:
        if not s.sup and s.size < 0.8 * size and s.base < line.base - 0.12 * size:
            s.sup = True
    first, last = ink[0], ink[-1]
    lead = len(first.text) - len(first.text.lstrip())
    trail = len(last.text) - len(last.text.rstrip())
    line.x0 = min(first.x0 + lead * 0.25 * first.size, first.x1)
    line.x1 = max(last.x1 - trail * 0.25 * last.size, line.x0)
    body = [s for s in ink if not s.sup] or ink
    line.bold = all(s.bold for s in body)
    line.italic = all(s.italic for s in body)
    line.text = _render(line.spans)
    if not line.text or _RULE.match(line.text):
        return None
    if not line.y1:
        line.y0 = min(s.base for s in ink) - size
        line.y1 = max(s.base for s in ink) + 0.25 * size
    return line


def _render(spans: list[_Span]) -> str:
    out = ""
    prev: _Span | None = None
    for s in spans:
        text = s.text
        digits = text.strip()
        if s.sup and _MARKER_DIGITS.fullmatch(digits):
            if digits in ("2", "3") and _UNIT_BEFORE.search(out):
                out += digits  # m2, m3: an exponent, kept as written
            else:
                out = out.rstrip() + digits.translate(_TO_SUP)
            prev = s
            continue
        if (
            prev is not None
            and out
            and not out[-1].isspace()
            and not text[:1].isspace()
            and s.x0 - prev.x1 > 0.2 * max(s.size, prev.size)
        ):
            out += " "
        out += text
        prev = s
    return _SPACES.sub(" ", out).strip()


def _clusters(lines: list[_Line]) -> list[list[int]]:
    """Groups of lines (sorted by baseline) that overlap or touch on one baseline.

    A number typed over the blank of "Số:   /QĐ-UBND", or the accented letters a
    fallback font drew into "K t qu" ("Kết quả"), come as separate lines.
    """
    group = list(range(len(lines)))

    def root(i: int) -> int:
        while group[i] != i:
            group[i] = group[group[i]]
            i = group[i]
        return i

    for i, a in enumerate(lines):
        for j in range(i + 1, len(lines)):
            b = lines[j]
            if b.base - a.base >= 0.4 * max(a.size, b.size):
                break
            overlap = b.x0 < a.x1 - 0.5 and b.x1 > a.x0 + 0.5
            touch = abs(b.base - a.base) < 0.1 * a.size and (
                abs(b.x0 - a.x1) < 0.15 * a.size or abs(a.x0 - b.x1) < 0.15 * a.size
            )
            if overlap or touch:
                group[root(j)] = root(i)
    clusters: dict[int, list[int]] = {}
    for i in range(len(lines)):
        clusters.setdefault(root(i), []).append(i)
    return [c for c in clusters.values() if len(c) > 1]


def _rebuild(parts: list[_Line]) -> _Line | None:
    """One line from the characters of overlapping ones, sorted left to right."""
    pool = []
    for k, part in enumerate(parts):
        key = 0.0
        for x0, x1, ch, proto in _chars(part):
            # A combining accent stays right after its letter whatever its box says.
            key = key + 1e-4 if unicodedata.combining(ch) else x0
            if ch.strip():
                pool.append((key, x0, x1, ch, proto, k))
    if not pool:
        return None
    pool.sort(key=lambda c: c[0])
    # Spaces come from the gaps: the parts' own spaces sit under each other's letters.
    spans: list[_Span] = []
    prev_x1, prev_part = pool[0][1], pool[0][5]
    for _, x0, x1, ch, proto, k in pool:
        last = spans[-1] if spans else None
        if last is not None and not unicodedata.combining(ch):
            # A number typed over a blank is a word of its own even where it touches.
            retyped = k != prev_part and (
                abs(proto.size - last.size) > 0.5 or x0 < prev_x1 - 0.1 * proto.size
            )
            if retyped or x0 - prev_x1 > 0.12 * proto.size:
                ch = " " + ch
        prev_x1, prev_part = max(x1, prev_x1) if ch == " " else x1, k
        if last is not None and (last.size, last.bold, last.italic, last.base, last.sup) == (
            proto.size,
            proto.bold,
            proto.italic,
            proto.base,
            proto.sup,
        ):
            last.text += ch
            last.x1 = max(last.x1, x1)
        else:
            spans.append(
                _Span(ch, proto.size, proto.bold, proto.italic, x0, x1, proto.base, proto.sup)
            )
    line = _finish(_Line(spans=spans))
    if line is None:
        return None
    line.y0 = min(p.y0 for p in parts)
    line.y1 = max(p.y1 for p in parts)
    # "Số: 2280 /QĐ-UBND": the blank filled in leaves a space before the symbol.
    line.text = re.sub(r"(\d) +/", r"\1/", line.text)
    return line


def _chars(line: _Line) -> list[tuple]:
    out = []
    for s in line.source["spans"] if line.source else []:
        proto = _span(s, "")
        for c in s["chars"]:
            out.append((c["bbox"][0], c["bbox"][2], _char(c["c"]), proto))
    return out


# --- document measures and running text --------------------------------------------


def _measure(pages: list[_Page]) -> _Layout:
    weight: Counter[float] = Counter()
    for page in pages:
        for ln in page.lines:
            weight[ln.size] += len(ln.text)
    size = weight.most_common(1)[0][0] if weight else 12.0
    pitches: Counter[float] = Counter()
    by_width: dict[int, list[_Line]] = {}
    for page in pages:
        body = [ln for ln in page.lines if abs(ln.size - size) < 1]
        by_width.setdefault(round(page.width), []).extend(body)
        for a, b in zip(body, body[1:], strict=False):
            d = b.base - a.base
            if abs(a.size - b.size) < 0.3 and 0.9 * a.size < d < 2.5 * a.size:
                pitches[round(d / a.size, 2)] += 1
    pitch = _mode_near(pitches) if pitches else 1.2
    columns = {}
    for width, body in by_width.items():
        if len(body) < 5:  # too few lines to count: take their extent
            if body:
                columns[width] = _Col(min(ln.x0 for ln in body), max(ln.x1 for ln in body))
            continue
        starts = Counter(round(ln.x0) for ln in body)
        top = starts.most_common(1)[0][1]
        left = min(x for x, n in starts.items() if n >= max(3, 0.1 * top))
        ends = sorted(ln.x1 for ln in body)
        right = ends[int(0.9 * (len(ends) - 1))]
        usual = frozenset(x for x, n in starts.items() if n >= max(3, 0.05 * top))
        if right - left > 0.3 * width:
            columns[width] = _Col(float(left), right, usual)
    return _Layout(size=size, pitch=pitch, columns=columns)


def _mode_near(counts: Counter[float]) -> float:
    """The most common value, counting its neighbours within 0.03 too."""
    return max(counts, key=lambda v: sum(n for w, n in counts.items() if abs(w - v) <= 0.03))


def _margin_lines(page: _Page) -> list[_Line]:
    """Lines in the top or bottom tenth of the page, set apart from the text by a gap."""
    lines = sorted(page.lines, key=lambda ln: ln.y0)
    out = []
    for k, ln in enumerate(lines):
        if ln.y1 < 0.1 * page.height:
            nxt = next((x for x in lines[k + 1 :] if x.y0 > ln.y1 - 1), None)
            if nxt is None or nxt.y0 - ln.y1 >= 0.8 * ln.size:
                out.append(ln)
        elif ln.y0 > 0.9 * page.height:
            prv = next((x for x in reversed(lines[:k]) if x.y1 < ln.y0 + 1), None)
            if prv is None or ln.y0 - prv.y1 >= 0.8 * ln.size:
                out.append(ln)
    return out


def _drop_running(pages: list[_Page]) -> None:
    """Remove page numbers and headers/footers repeated on several pages."""
    margins = [_margin_lines(page) for page in pages]
    seen: Counter[str] = Counter()
    for lines in margins:
        seen.update({_running_key(ln) for ln in lines})
    limit = max(3, 0.3 * len(pages))
    for page, lines in zip(pages, margins, strict=True):
        drop = {
            id(ln) for ln in lines if _PAGE_NUMBER.match(ln.text) or seen[_running_key(ln)] >= limit
        }
        page.lines = [ln for ln in page.lines if id(ln) not in drop]


def _running_key(line: _Line) -> str:
    return re.sub(r"\d+", "#", line.text.lower())


# --- one page ---------------------------------------------------------------------------


def _page_blocks(page: _Page, layout: _Layout, state: _State) -> list[Block]:
    col = layout.column(page)
    lines = _unspread(page.lines, col)
    if state.signature_open and lines and not _breaks_zone(lines[0], col):
        trigger = 0  # the signature block or its "Nơi nhận" list goes on from the last page
    else:
        trigger = next((i for i, ln in enumerate(lines) if _signature_start(ln, col)), None)
    foot = _footnote_start(page, lines, trigger, layout, state)
    body_end = trigger if trigger is not None else foot

    head_end, blocks = _header_zone(lines[:body_end], page, col)
    blocks.extend(_paragraphs(lines[head_end:body_end], page, layout, col))
    state.signature_open = False
    if trigger is not None:
        (lcol, rcol), rest = _zone(lines[trigger:foot], col)
        if lcol and _RECIPIENTS.match(lcol[0].text) and rest:
            # The list typed full width under "Nơi nhận:" (not beside the signature).
            rest = [_merge_row(row) for row in _rows(rest)]
            taken = _list_length(rest, col)
            lcol, rest = lcol + rest[:taken], rest[taken:]
        blocks.extend(_zone_blocks((lcol, rcol), page, signature=True))
        if rest:  # a signature typed full width, or body text again (an annex)
            blocks.extend(_paragraphs(rest, page, layout, col))
        else:
            state.signature_open = _unfinished(lcol, rcol)
    if blocks and page.number > 1:
        blocks[0].page_break_before = True
    blocks.extend(_footnotes(lines[foot:], page, state))
    return blocks


def _unspread(lines: list[_Line], col: _Col) -> list[_Line]:
    """Put back together a justified line that MuPDF split into words at its wide gaps.

    Word and LibreOffice stretch the lines of a justified paragraph that end in a
    manual line break ("- Ban Tuyên giáo TW;" across the whole page).
    """
    out = []
    for row in _rows(lines):
        row = sorted(row, key=lambda ln: ln.x0)
        if len(row) >= 3 and row[-1].x1 - row[0].x0 > 0.6 * col.width:
            gaps = [b.x0 - a.x1 for a, b in zip(row, row[1:], strict=False)]
            if min(gaps) > 0.5 * row[0].size and max(gaps) <= 1.3 * min(gaps) + 2:
                out.append(_merge_row(row))
                continue
        out.extend(row)
    return sorted(out, key=lambda ln: (ln.base, ln.x0))


def _list_length(lines: list[_Line], col: _Col) -> int:
    """How many of `lines` are list items ("- ...") and their wrapped ends."""
    n = 0
    for k, ln in enumerate(lines):
        wrapped = k > 0 and lines[k - 1].x1 > col.right - 2 * ln.size
        if not (_ITEM.match(ln.text) or wrapped and not _signature_start(ln, col)):
            break
        n = k + 1
    return n


def _unfinished(lcol: list[_Line], rcol: list[_Line]) -> bool:
    """A signature with no name yet, or a list with no "Lưu" item: it goes on overleaf."""
    if rcol and _upper(rcol[-1].text):
        return True
    return bool(lcol) and not re.match(r"^[-+•–]?\s*Lưu\b", lcol[-1].text)


def _is_centered(line: _Line, col: _Col) -> bool:
    if line.x0 - col.left <= line.size or any(abs(line.x0 - x) < 1.5 for x in col.starts):
        return False
    return abs(line.center - col.cx) < max(0.25 * line.size, 3.0)


def _signature_start(line: _Line, col: _Col) -> bool:
    if _RECIPIENTS.match(line.text):
        return line.center < col.cx
    return bool(_CAPACITY.match(line.text)) and line.center > col.cx and _upper(line.text)


def _upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


# --- two-column zones -------------------------------------------------------------------


def _rows(lines: list[_Line]) -> list[list[_Line]]:
    rows: list[list[_Line]] = []
    for ln in sorted(lines, key=lambda ln: (ln.base, ln.x0)):
        if rows and abs(ln.base - rows[-1][0].base) <= 0.3 * min(ln.size, rows[-1][0].size):
            rows[-1].append(ln)
        else:
            rows.append([ln])
    return rows


def _breaks_zone(line: _Line, col: _Col) -> bool:
    """A line no column of a two-column zone can hold: wide or centred on the page."""
    return line.width > 0.65 * col.width or _is_centered(line, col)


def _zone(lines: list[_Line], col: _Col) -> tuple[tuple[list[_Line], list[_Line]], list[_Line]]:
    """Split a zone's lines into (left column, right column); return the lines after it."""
    lcol: list[_Line] = []
    rcol: list[_Line] = []
    for i, ln in enumerate(lines):
        a = max((x.x1 for x in lcol), default=col.left)  # right end of the left column
        b = min((x.x0 for x in rcol), default=col.right)  # left end of the right column
        crosses = lcol and rcol and ln.x0 < a - 2 and ln.x1 > b + 2
        if crosses or (i and _breaks_zone(ln, col)):
            return (lcol, rcol), lines[i:]
        mid = (a + b) / 2 if lcol and rcol else col.cx
        (lcol if ln.center < mid else rcol).append(ln)
    return (lcol, rcol), []


def _header_zone(lines: list[_Line], page: _Page, col: _Col) -> tuple[int, list[Block]]:
    """The issuing body beside the national heading at the top of a page, if there."""
    if not lines or lines[0].y0 > 0.35 * page.height:
        return 0, []
    if not any(_split_row(row, col) for row in _rows(lines[:12])[:3]):
        return 0, []
    (lcol, rcol), _ = _zone(lines, col)
    # A header is compact: a wide vertical gap ends it too.
    zone = sorted(lcol + rcol, key=lambda ln: ln.base)
    for k in range(1, len(zone)):
        if zone[k].y0 - zone[k - 1].y1 > 2.5 * zone[k].size:
            zone = zone[:k]
            break
    kept = {id(ln) for ln in zone}
    lcol = [ln for ln in lcol if id(ln) in kept]
    rcol = [ln for ln in rcol if id(ln) in kept]
    if not lcol or not rcol:
        return 0, []
    return len(zone), _zone_blocks((lcol, rcol), page, signature=False)


def _split_row(row: list[_Line], col: _Col) -> bool:
    """Two groups of lines side by side, left of the centre and right of it."""
    row = sorted(row, key=lambda ln: ln.x0)
    for k in range(1, len(row)):
        lhs, rhs = row[:k], row[k:]
        if (
            rhs[0].x0 - max(ln.x1 for ln in lhs) >= 1.5 * row[0].size
            and max(ln.center for ln in lhs) < col.cx
            and min(ln.center for ln in rhs) > col.cx
        ):
            return True
    return False


def _zone_blocks(cols, page: _Page, signature: bool) -> list[Block]:
    blocks = []
    for side, lines in enumerate(cols):
        if not lines:
            continue
        rows = [_merge_row(row) for row in _rows(lines)]
        text = _list_text(rows) if signature and side == 0 else "\n".join(r.text for r in rows)
        blocks.append(
            Block(
                text=_normal(text),
                bold=all(r.bold for r in rows),
                italic=all(r.italic for r in rows),
                page=page.number,
            )
        )
    return blocks


def _list_text(rows: list[_Line]) -> str:
    """'Nơi nhận:' and its items, one per line; a wrapped item stays on its line."""
    out: list[str] = []
    for r in rows:
        heading_only = len(out) == 1 and _RECIPIENTS.match(out[0]) and out[0].endswith(":")
        if not out or heading_only or _ITEM.match(r.text):
            out.append(r.text)
        else:
            out[-1] = _join(out[-1], r.text)
    return "\n".join(out)


def _merge_row(row: list[_Line]) -> _Line:
    if len(row) == 1:
        return row[0]
    row = sorted(row, key=lambda ln: ln.x0)
    spans: list[_Span] = []
    for ln in row:
        if spans:
            spans.append(_Span(" ", ln.size, ln.bold, ln.italic, spans[-1].x1, ln.x0, ln.base))
        spans.extend(ln.spans)
    merged = _finish(_Line(spans=spans))
    if merged is None:  # cannot happen: the parts have ink
        return row[0]
    merged.y0 = min(ln.y0 for ln in row)
    merged.y1 = max(ln.y1 for ln in row)
    return merged


# --- paragraphs ------------------------------------------------------------------------


def _paragraphs(lines: list[_Line], page: _Page, layout: _Layout, col: _Col) -> list[Block]:
    rows = [_merge_row(row) for row in _rows(lines)]
    paras: list[list[_Line]] = []
    signatures: set[int] = set()  # paragraphs that are a signature block: lines kept apart
    named = True
    for ln in rows:
        sig = paras[-1] if paras and id(paras[-1]) in signatures else None
        near = sig is not None and not named and ln.base - sig[-1].base < 10 * ln.size
        if near and (_upper(ln.text) or len(ln.text) <= 40):
            # Its position in capitals, then the signer's name, which closes it.
            sig.append(ln)
            named = not _upper(ln.text)
            continue
        if _CAPACITY.match(ln.text) and _upper(ln.text):
            # A signature typed as plain paragraphs: "K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", name.
            paras.append([ln])
            signatures.add(id(paras[-1]))
            named = False
        elif paras and sig is None and not _breaks(paras[-1][-1], ln, layout, col):
            paras[-1].append(ln)
        else:
            paras.append([ln])
    blocks = []
    for para in paras:
        if id(para) in signatures:
            text = "\n".join(ln.text for ln in para)
        else:
            text = para[0].text
            for ln in para[1:]:
                text = _join(text, ln.text)
        blocks.append(
            Block(
                text=_normal(text),
                bold=all(ln.bold for ln in para),
                italic=all(ln.italic for ln in para),
                centered=_centered_block(para, col),
                page=page.number,
            )
        )
    return blocks


def _centered_block(para: list[_Line], col: _Col) -> bool:
    """Centred lines, or a centred title whose first lines fill the width."""
    flags = [_is_centered(ln, col) for ln in para]
    wide = [abs(ln.center - col.cx) < ln.size for ln in para]
    return any(flags) and all(map(operator.or_, flags, wide))


def _breaks(p: _Line, c: _Line, layout: _Layout, col: _Col) -> bool:
    """Does line `c` start a new paragraph after line `p`?"""
    if abs(p.size - c.size) > 1:
        return True
    if c.base - p.base > layout.pitch * max(p.size, c.size) * 1.25 + 0.5:
        return True
    pc, cc = _is_centered(p, col), _is_centered(c, col)
    if pc or cc:
        # A long centred title wraps onto a second centred line; its first line
        # may fill the whole width ("sơ kết việc ... về tiếp tục" | "thực hiện ...").
        full = p.bold and p.width > 0.85 * col.width and abs(p.center - col.cx) < p.size
        same = (pc or full) and cc and p.bold == c.bold and p.italic == c.italic
        return not (same and p.width > 0.5 * col.width)
    if p.bold and not c.bold:
        return True
    if c.x0 > p.x0 + 0.8 * c.size:  # first-line indent
        return True
    if _short(p, c, col.right):
        return True
    if not _LIST_START.match(c.text):
        return False
    if _ITEM.match(c.text) and p.text.rstrip()[-1:] in ";:":
        return True  # "...;" then "- next item", at the margin or not
    # Where paragraphs open with an indent, an item at the margin is "(iii)" or
    # "- nông thôn" run on from the line before.
    if c.x0 > col.left + 0.8 * c.size:
        return True
    indents = any(x > col.left + 0.8 * c.size for x in col.starts)
    return not indents and p.text.rstrip()[-1:] in _TERMINAL


def _short(p: _Line, c: _Line, right: float) -> bool:
    """Would the first word of `c` have fitted at the end of `p`? Then `p` ended a paragraph."""
    first = next((s for s in c.spans if s.text.strip()), None)
    if first is None or p.text.endswith(("-", "–", "/")):
        return False  # wrapped inside a token: "(2021-" | "2023)", "kinh tế -" | "xã hội"
    spaces = first.text.count(" ")
    letters = max(len(first.text) - spaces, 1)
    per_char = max(first.x1 - first.x0 - spaces * 0.25 * first.size, 0) / letters
    word = c.text.split(" ", 1)[0]
    # Widths are estimated: ask for clear room, a missed break costs less than a false one.
    return p.x1 + 0.25 * c.size + 1.15 * len(word) * per_char + 0.5 * c.size < right


def _join(text: str, more: str) -> str:
    text, more = text.rstrip(), more.lstrip()
    # A line ending in a hyphen glued to a word broke inside one token: a range
    # "(2021-" + "2023)" or a symbol "01-" + "KL/TW"; "kinh tế -" + "xã hội" keeps its space.
    if re.search(r"\w[-–]$", text) and more[:1].isalnum():
        return text + more
    return f"{text} {more}"


def _normal(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    # "90 m³/s" typed with a superscript character: an exponent, not footnote 3.
    text = _UNIT_SUP.sub(lambda m: m.group(1) + m.group(2).translate(_FROM_SUP), text)
    return "\n".join(_SPACES.sub(" ", ln).strip() for ln in text.split("\n")).strip()


# --- footnotes ---------------------------------------------------------------------------


def _footnote_start(
    page: _Page, lines: list[_Line], trigger: int | None, layout: _Layout, state: _State
) -> int:
    """Index of the first footnote line at the foot of the page (len(lines) if none)."""
    small = 0.86 * layout.size
    floor = trigger + 1 if trigger is not None else 0
    i = len(lines)
    while i > floor and lines[i - 1].size <= small and lines[i - 1].y0 > 0.4 * page.height:
        i -= 1
    run = lines[i:]
    if not run:
        return len(lines)
    expected = state.next_footnote
    for k, ln in enumerate(run):
        if _footnote_number(ln, expected) is not None:
            if k and not _continues(lines, i, state):
                return i + k
            return i
    # No number of its own: the end of a footnote begun on the previous page.
    return i if trigger is None and _continues(lines, i, state) else len(lines)


def _continues(lines: list[_Line], i: int, state: _State) -> bool:
    if not state.footnotes_on_prev or state.last_footnote is None:
        return False
    if i == 0:
        return True
    above, first = lines[i - 1], lines[i]
    return first.y0 - above.y1 > 0.5 * first.size


def _footnote_number(line: _Line, expected: int) -> tuple[int, str] | None:
    m = _FOOTNOTE_SUP.match(line.text)
    if m:
        return from_superscript(m.group(1)), m.group(2)
    first = next(s for s in line.spans if s.text.strip())
    if first.text.strip().isdigit() and first.size < 0.85 * line.size:
        rest = line.text[len(first.text.strip()) :]
        return int(first.text.strip()), rest.strip()
    m = _FOOTNOTE_PLAIN.match(line.text)
    if m and int(m.group(1)) == expected:
        return expected, m.group(2)
    return None


def _footnotes(lines: list[_Line], page: _Page, state: _State) -> list[Block]:
    blocks: list[Block] = []
    current = None
    for ln in lines:
        found = _footnote_number(ln, state.next_footnote)
        if found is not None:
            n, text = found
            current = Block(text=text, kind="footnote", footnote=n, page=page.number)
            blocks.append(current)
            state.next_footnote = n + 1
        elif current is not None:
            current.text = _join(current.text, ln.text)
        elif state.last_footnote is not None:
            state.last_footnote.text = _normal(_join(state.last_footnote.text, ln.text))
    for b in blocks:
        b.text = _normal(b.text)
    if blocks:
        state.last_footnote = blocks[-1]
    state.footnotes_on_prev = bool(lines)
    return blocks
