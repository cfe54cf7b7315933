"""Reader for PDF files: exports from Word or LibreOffice, and scans.

A PDF holds positioned lines, not paragraphs.  The reader:
- takes MuPDF's lines ("dict"); lines that overlap on one baseline or come out
  of order (the letters LibreOffice draws from a fallback font over the gaps
  left for them, "K t qu" + "ếả"; a number typed over a blank) are rebuilt
  from the characters of MuPDF's drawing trace, in x order.  Once most lines of
  a page needed that, the next pages' lines are built from the trace alone;
- groups lines into paragraphs (vertical gaps, first-line indent, numbering,
  a change from bold to plain, a short last line), never across a page end:
  the first body block of each later page has `page_break_before`, and
  `repair` rejoins what a page end cut; where paragraphs open with a first-line
  indent, a page whose first line starts at the margin after a full line is
  known to go on with the paragraph cut: that block has `continues`;
- writes superscript footnote markers as Unicode superscript digits glued to
  their word, and reads the footnote texts at the foot of each page;
- drops running page numbers and running headers/footers;
- keeps the two-column parts of a Party or state document (the header; "Nơi
  nhận" beside the signature) as one block per column, lines joined by "\\n".

A page with no text layer (a scan, a photo) is recognised by OCR (`ocr.py`) into the
same lines, so everything after the lines is the same for both; a mixed PDF uses its
text layer where a page has one.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

import pymupdf

from tonghop.model import Block, RawDocument, ReadError, from_superscript
from tonghop.readers.layout import is_layout_table
from tonghop.text import document_kind

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
_NO_TEXT = (
    "Tệp PDF không có chữ nào để đọc: không có lớp chữ, cũng không có trang quét (ảnh) "
    "nào để nhận dạng."
)
_UNREADABLE_SCAN = (
    "Tệp PDF là bản quét nhưng không nhận ra được chữ nào: ảnh có thể quá mờ, quá nhỏ "
    "hoặc không có chữ. Hãy quét lại rõ hơn (khoảng 300 dpi) hoặc tải lên tệp Word (.docx)."
)
# A page of a scan may carry a few words of text: a digital-signature stamp.
_SCAN_MAX_INK = 200

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
_ADDRESS = re.compile(r"^Kính\s+gửi\b", re.I)
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
    grids: list[_Grid] = field(default_factory=list)  # the ruled tables drawn on it


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
    last_line: _Line | None = None  # the body's last line, when it ends a paragraph block


def read_pdf(data: bytes, progress=None) -> RawDocument:
    """Read a PDF into blocks, its scanned pages by OCR; every failure is a ReadError.

    progress: called as progress(done, total) as scanned pages are recognised."""
    try:
        return _read(data, progress)
    except ReadError:
        raise
    except Exception:  # MuPDF raises many kinds of errors; the user needs one message
        raise ReadError(_CORRUPT) from None


def _read(data: bytes, progress=None) -> RawDocument:
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
        pages, traced, scans = [], False, []
        for i, page in enumerate(doc):
            if traced:
                lines = _trace_lines(page)
            else:
                lines, rebuilt = _page_lines(page)
                # Letters drawn from a fallback font split nearly every line (LibreOffice
                # writing Vietnamese in a font that lacks its letters): build the next
                # pages' lines straight from the characters drawn.
                traced = rebuilt > 5 and 3 * rebuilt > len(lines)
            rect = page.rect
            if _scan_page(page, lines):
                scans.append(i)
                lines = []  # the words of a signature stamp over the scan are not its text
            pages.append(_Page(i + 1, rect.width, rect.height, lines, _grids(page)))
        count = doc.page_count
        ocr_pages = _recognise(doc, pages, scans, progress) if scans else []
        ink = sum(len(ln.text.replace(" ", "")) for p in pages for ln in p.lines)
        if ink < 20:
            raise ReadError(_UNREADABLE_SCAN if scans else _NO_TEXT)
    finally:
        doc.close()
    layout = _measure(pages)
    _drop_running(pages)
    blocks: list[Block] = []
    state = _State()
    for page in pages:
        blocks.extend(_page_blocks(page, layout, state))
    return RawDocument(blocks=_join_tables(blocks), format="pdf", pages=count, ocr_pages=ocr_pages)


def _scan_page(page: pymupdf.Page, lines: list[_Line] | None = None) -> bool:
    """A page to recognise by OCR: an image covers most of it and it has next to no
    text of its own.  `lines`: its text-layer lines, if already read."""
    if lines is None:
        ink = len("".join(page.get_text("text", flags=_FLAGS).split()))
    else:
        ink = sum(len(ln.text.replace(" ", "")) for ln in lines)
    if ink >= _SCAN_MAX_INK:
        return False
    area = page.rect.width * page.rect.height
    return any(
        (pymupdf.Rect(info["bbox"]) & page.rect).get_area() > 0.5 * area
        for info in page.get_image_info()
    )


def needs_ocr(data: bytes) -> bool:
    """Does this PDF have a page that must be recognised by OCR (a scan)?  Cheap: no
    page is read.  False for what is not a readable PDF (reading it says why)."""
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception:
        return False
    try:
        return not doc.needs_pass and any(_scan_page(page) for page in doc)
    except Exception:
        return False
    finally:
        doc.close()


def _recognise(doc, pages: list[_Page], scans: list[int], progress) -> list[tuple[int, float]]:
    """Recognise the scanned pages into lines, sized like those of the text pages."""
    from tonghop.readers import ocr

    found = ocr.recognise(doc, scans, progress=progress)
    weight: Counter[float] = Counter()
    for page in pages:
        for ln in page.lines:
            weight[ln.size] += len(ln.text)
    body = weight.most_common(1)[0][0] if weight else None
    for number, lines in ocr.to_lines(found.values(), body).items():
        pages[number - 1].lines = lines
    return [(i + 1, found[i].confidence) for i in scans]


# --- lines ----------------------------------------------------------------------------


def _clean(text: str) -> str:
    text = text.translate(_CLEAN)
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


@functools.lru_cache(maxsize=256)
def _style(flags: int, font: str) -> tuple[bool, bool]:
    """(bold, italic) from MuPDF's font flags and the font's name."""
    f = font.lower()
    bold = bool(flags & 16) or "bold" in f or "black" in f or "heavy" in f
    italic = bool(flags & 2) or "italic" in f or "oblique" in f
    return bold, italic


def _span(s: dict) -> _Span:
    flags = s["flags"]
    bold, italic = _style(flags, s["font"])
    bbox = s["bbox"]
    text = _clean(s["text"])
    return _Span(text, s["size"], bold, italic, bbox[0], bbox[2], s["origin"][1], bool(flags & 1))


def _page_lines(page: pymupdf.Page) -> tuple[list[_Line], int]:
    """The page's lines, those that overlap on one baseline rebuilt as one; and how
    many were rebuilt."""
    lines = _lines_of(page.get_text("dict", flags=_FLAGS))
    clusters = _clusters(lines)
    if clusters:
        # The characters, with their positions, only where a line must be rebuilt:
        # the drawing trace is far cheaper to get than MuPDF's "rawdict".
        glyphs = _Glyphs(page)
        done = {i for c in clusters for i in c}
        out = [ln for i, ln in enumerate(lines) if i not in done]
        for members in clusters:
            parts = [lines[i] for i in members]
            line = _rebuild(parts, glyphs)
            if line is not None:
                out.append(line)
            else:
                out.extend(parts)
    else:
        out = lines
    out = [ln for ln in out if ln.text or _complete(ln)]
    out.sort(key=lambda ln: (ln.base, ln.x0))
    return out, len(clusters)


def _lines_of(raw: dict) -> list[_Line]:
    """MuPDF's lines, measured but their text not yet put together (see `_complete`)."""
    lines = []
    for block in raw["blocks"]:
        if block["type"] != 0:
            continue
        for ln in block["lines"]:
            if ln["dir"][0] < 0.99:  # rotated text: stamps, watermarks, margin notes
                continue
            line = _Line(spans=[_span(s) for s in ln["spans"] if s["text"]])
            if _gauge(line) and not _rule_only(line):
                bbox = ln["bbox"]
                line.y0, line.y1 = bbox[1], bbox[3]
                lines.append(line)
    lines.sort(key=lambda ln: (ln.base, ln.x0))
    return lines


def _finish(line: _Line, bbox: tuple | None = None) -> _Line | None:
    """Compute a line's measures and text from its spans; None for a line with no ink
    (or a rule of dashes).  `bbox`: the line's box (its height is kept)."""
    if not _gauge(line) or not _complete(line):
        return None
    if bbox is not None:
        line.y0, line.y1 = bbox[1], bbox[3]
    else:
        ink = [s.base for s in line.spans if s.text.strip()]
        line.y0 = min(ink) - line.size
        line.y1 = max(ink) + 0.25 * line.size
    return line


def _gauge(line: _Line) -> bool:
    """Set the line's size, baseline and ink extent; False for a line with no ink."""
    ink = [s for s in line.spans if s.text.strip()]
    if not ink:
        return False
    if len(ink) == 1:
        main = ink[0]
        size = round(main.size * 2) / 2
    else:
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
        # Raised digits in a clearly smaller font are superscripts even when the PDF
        # does not flag them (Word's footnote numbers at the page foot, for one).
        for s in ink:
            if not s.sup and s.size < 0.8 * size and s.base < main.base - 0.12 * size:
                s.sup = True
    line.size, line.base = size, main.base
    first, last = ink[0], ink[-1]
    text = first.text
    lead = len(text) - len(text.lstrip())
    text = last.text
    trail = len(text) - len(text.rstrip())
    line.x0 = min(first.x0 + lead * 0.25 * first.size, first.x1)
    line.x1 = max(last.x1 - trail * 0.25 * last.size, line.x0)
    return True


_RULE_CHARS = frozenset("-_=~.…·─━*")


def _rule_only(line: _Line) -> bool:
    """A line of dashes or dots (a rule under a heading, a blank to fill in)."""
    ink = [s for s in line.spans if s.text.strip()]
    if ink[0].text.strip()[0] not in _RULE_CHARS:
        return False
    text = _render(line.spans)
    return not text or bool(_RULE.match(text))


def _complete(line: _Line) -> bool:
    """Bold, italic and the text of a gauged line; False for a line with no text left."""
    body = [s for s in line.spans if s.text.strip() and not s.sup]
    if not body:
        body = [s for s in line.spans if s.text.strip()]
    line.bold = all(s.bold for s in body)
    line.italic = all(s.italic for s in body)
    line.text = _render(line.spans)
    return bool(line.text) and not _RULE.match(line.text)


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
    """Groups of lines (sorted by baseline) that overlap or touch on one baseline,
    and lines whose pieces MuPDF put out of order.

    A number typed over the blank of "Số:   /QĐ-UBND", or the accented letters a
    fallback font drew into "K t qu" ("Kết quả"), come as separate lines; a last
    short line "trị." comes as one line "tr", ".", "ị".
    """
    group = list(range(len(lines)))

    def root(i: int) -> int:
        while group[i] != i:
            group[i] = group[group[i]]
            i = group[i]
        return i

    for i, a in enumerate(lines):
        near = 0.1 * a.size
        for j in range(i + 1, len(lines)):
            b = lines[j]
            if b.base - a.base >= 0.4 * max(a.size, b.size):
                break
            overlap = b.x0 < a.x1 - 0.5 and b.x1 > a.x0 + 0.5
            touch = abs(b.base - a.base) < near and (
                abs(b.x0 - a.x1) < 1.5 * near or abs(a.x0 - b.x1) < 1.5 * near
            )
            if overlap or touch:
                group[root(j)] = root(i)
    clusters: dict[int, list[int]] = {}
    for i in range(len(lines)):
        clusters.setdefault(root(i), []).append(i)
    return [c for c in clusters.values() if len(c) > 1 or _disordered(lines[c[0]])]


def _disordered(line: _Line) -> bool:
    """A span with ink that starts well left of where the one before it ended (spans
    touch or overlap a little at their ends)."""
    ink = [s for s in line.spans if not s.text.isspace()]
    return any(b.x0 < a.x1 - 0.2 * a.size for a, b in zip(ink, ink[1:], strict=False))


_GLYPH_CHARS: dict[int, tuple[str, bool]] = {}


def _glyph_char(code: int) -> tuple[str, bool]:
    """The cleaned text of a character code ("" for a space: lines rebuilt from their
    characters take their spaces from the gaps), and whether it is a combining mark."""
    found = _GLYPH_CHARS.get(code)
    if found is None:
        ch = _clean(chr(code)).strip() if code >= 0 else ""
        found = _GLYPH_CHARS[code] = (ch, bool(ch) and unicodedata.combining(ch[0]) > 0)
    return found


def _pieces(page: pymupdf.Page) -> list[tuple[float, float, list[tuple]]]:
    """The characters MuPDF's drawing trace gives, in stretches of one run on one
    baseline: (baseline, size, glyphs), a glyph as `_assemble` takes it plus its top
    and bottom: (key, x0, x1, text, combining, run, proto, y0, y1).  key: x0, but a
    combining accent stays right after its letter whatever its box says; proto: a
    span with the stretch's size, weight, slant and baseline."""
    known = _GLYPH_CHARS
    pieces = []
    for k, run in enumerate(page.get_texttrace()):
        chars = run["chars"]
        # 0 fill, 1 stroke, 3 invisible (a text layer over a scan); 2 a clip only
        if not chars or run["type"] == 2 or run["dir"][0] < 0.99:
            continue
        bold, italic = _style(run["flags"], run["font"])
        size = run["size"]
        base = None
        glyphs: list[tuple] = []
        key = 0.0
        for code, _gid, origin, box in chars:
            if origin[1] != base:
                if glyphs:
                    pieces.append((base, size, glyphs))
                base, glyphs = origin[1], []
                proto = _Span("", size, bold, italic, 0.0, 0.0, base)
            found = known.get(code)
            ch, combining = found if found is not None else _glyph_char(code)
            key = key + 1e-4 if combining else box[0]
            glyphs.append((key, box[0], box[2], ch, combining, k, proto, box[1], box[3]))
        if glyphs:
            pieces.append((base, size, glyphs))
    return pieces


class _Glyphs:
    """The characters a page draws, with their boxes, from MuPDF's drawing trace.

    Only wanted for the lines to rebuild; far cheaper than MuPDF's "rawdict".
    """

    def __init__(self, page: pymupdf.Page):
        self.page = page
        self.pieces: list[tuple[float, float, list[tuple]]] | None = None

    def within(self, x0: float, x1: float, y0: float, y1: float) -> list[tuple]:
        """The characters whose baseline lies in [y0, y1] and whose middle lies in
        [x0, x1], in drawing order."""
        if self.pieces is None:
            self.pieces = _pieces(self.page)
        out = []
        for base, _, glyphs in self.pieces:
            if y0 <= base <= y1:
                out.extend(g for g in glyphs if x0 <= (g[1] + g[2]) * 0.5 <= x1)
        return out


def _rebuild(parts: list[_Line], glyphs: _Glyphs) -> _Line | None:
    """One line from the characters of overlapping ones, sorted left to right."""
    x0 = min(s.x0 for p in parts for s in p.spans)
    x1 = max(s.x1 for p in parts for s in p.spans)
    y0 = min(p.y0 for p in parts)
    y1 = max(p.y1 for p in parts)
    pool = glyphs.within(x0 - 0.5, x1 + 0.5, y0, y1)
    pool.sort(key=operator.itemgetter(0))
    raised = [s for p in parts for s in p.spans if s.sup]
    return _assemble(pool, (x0, y0, x1, y1), raised)


def _trace_lines(page: pymupdf.Page) -> list[_Line]:
    """The page's lines built from the characters drawn, as `_page_lines` would give
    them: characters on one baseline (a raised marker with them) make one line unless
    a gap MuPDF would not bridge either (0.8 of the font size) parts them."""
    pieces = _pieces(page)
    pieces.sort(key=operator.itemgetter(0))
    rows: list[list[tuple]] = []
    ref_base = ref_size = 0.0
    for base, size, glyphs in pieces:
        if rows and base - ref_base < 0.6 * max(size, ref_size):
            rows[-1].extend(glyphs)
            if size > ref_size:
                ref_base, ref_size = base, size
        else:
            rows.append(glyphs)
            ref_base, ref_size = base, size
    lines = []
    for row in rows:
        row.sort(key=operator.itemgetter(0))
        segment = [row[0]]
        reach = row[0][2]
        for g in itertools.islice(row, 1, None):
            if g[1] - reach < 0.8 * g[6].size:
                segment.append(g)
                if g[2] > reach:
                    reach = g[2]
                continue
            line = _segment_line(segment)
            if line is not None:
                lines.append(line)
            segment, reach = [g], g[2]
        line = _segment_line(segment)
        if line is not None:
            lines.append(line)
    lines.sort(key=lambda ln: (ln.base, ln.x0))
    return lines


def _segment_line(segment: list[tuple]) -> _Line | None:
    top = min(map(operator.itemgetter(7), segment))
    bottom = max(map(operator.itemgetter(8), segment))
    right = max(map(operator.itemgetter(2), segment))
    return _assemble(segment, (segment[0][1], top, right, bottom), [])


def _assemble(pool: list[tuple], box: tuple, raised: list[_Span]) -> _Line | None:
    """A line from characters sorted left to right: (key, x0, x1, text, combining,
    run, proto, ...).  Spaces come from the gaps, never from the characters: the
    letters of a fallback font sit over the spaces left for them."""
    spans: list[_Span] = []
    texts: list[list[str]] = []
    last: _Span | None = None
    last_proto: _Span | None = None
    prev_x1, prev_part, prev_ch = 0.0, -1, ""
    for g in pool:
        ch = g[3]
        if not ch:
            continue  # a space
        cx0, cx1, proto = g[1], g[2], g[6]
        size = proto.size
        if ch == prev_ch and abs(cx1 - prev_x1) < 0.1 * size:
            continue  # drawn twice: filled then stroked, or a bold faked by an offset
        prev_ch = ch
        sup = proto.sup
        if raised and not sup:
            sup = any(s.x0 - 0.5 <= cx0 and cx1 <= s.x1 + 0.5 for s in raised)
        k = g[5]
        if last is not None and not g[4]:
            # A number typed over a blank is a word of its own even where it touches:
            # drawn apart, over the line or in another size on the same baseline (a
            # footnote marker is raised).
            gap = cx0 - prev_x1
            if gap > 0.12 * size or (
                k != prev_part
                and (
                    gap < -0.1 * size
                    or abs(size - last.size) > 0.5
                    and abs(proto.base - last.base) < 0.1 * size
                )
            ):
                ch = " " + ch
        prev_x1, prev_part = cx1, k
        if (
            last is not None
            and sup == last.sup
            and (
                proto is last_proto
                or last.size == size
                and last.base == proto.base
                and last.bold == proto.bold
                and last.italic == proto.italic
            )
        ):
            texts[-1].append(ch)
            if cx1 > last.x1:
                last.x1 = cx1
        else:
            last = _Span("", size, proto.bold, proto.italic, cx0, cx1, proto.base, sup)
            spans.append(last)
            texts.append([ch])
        last_proto = proto
    if not spans:
        return None
    for span, text in zip(spans, texts, strict=True):
        span.text = "".join(text)
    line = _finish(_Line(spans=spans), box)
    if line is None:
        return None
    # "Số: 2280 /QĐ-UBND": the blank filled in leaves a space before the symbol.
    line.text = re.sub(r"(\d) +/", r"\1/", line.text)
    return line


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
        # min(top, ...): a page of scattered starts (a poor scan) still has a margin.
        left = min(x for x, n in starts.items() if n >= min(top, max(3, 0.1 * top)))
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
    tables, loose = _tables(page)
    lines = _unspread(loose, col)
    if state.signature_open and lines and not _breaks_zone(lines[0], col):
        trigger = 0  # the signature block or its "Nơi nhận" list goes on from the last page
    else:
        trigger = next((i for i, ln in enumerate(lines) if _signature_start(ln, col)), None)
    foot = _footnote_start(page, lines, trigger, layout, state)
    body_end = trigger if trigger is not None else foot

    head_end, blocks = _header_zone(lines[:body_end], page, col)
    paras = _paragraphs(lines[head_end:body_end], page, layout, col)
    if paras and not blocks and paras[0][1] and state.last_line is not None:
        # The page goes on with the paragraph the last one ended in, even after a
        # full stop, when its first line has no first-line indent.
        paras[0][0].continues = _runs_on(state.last_line, paras[0][1][0], col)
    if tables:
        paras = _place_tables(paras, tables, lines[body_end].y0 if body_end < len(lines) else None)
    blocks.extend(b for b, _ in paras)
    state.signature_open = False
    state.last_line = paras[-1][1][-1] if paras and paras[-1][1] else None
    if trigger is not None:
        (lcol, rcol), rest = _zone(lines[trigger:foot], col)
        if lcol and not rcol and _RECIPIENTS.match(lcol[0].text):
            # Everything at the margin (a text file printed): the list ends with its
            # items; the signature and what follows it (the ĐỀ CƯƠNG) are body lines.
            taken = 1 + _list_length(lcol[1:], col)
            lcol, rest = lcol[:taken], lcol[taken:] + rest
        if lcol and _RECIPIENTS.match(lcol[0].text) and rest:
            # The list typed full width under "Nơi nhận:" (not beside the signature).
            rest = [_merge_row(row) for row in _rows(rest)]
            taken = _list_length(rest, col)
            lcol, rest = lcol + rest[:taken], rest[taken:]
        blocks.extend(_zone_blocks((lcol, rcol), page, signature=True))
        state.last_line = None
        if rest:  # a signature typed full width, or body text again (an annex)
            paras = _paragraphs(rest, page, layout, col)
            blocks.extend(b for b, _ in paras)
            state.last_line = paras[-1][1][-1] if paras and paras[-1][1] else None
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


# --- ruled tables ------------------------------------------------------------------------


@dataclass(slots=True)
class _Grid:
    """A table drawn with rules: the y of its horizontal rules and, per row band, the x
    of the vertical rules crossing it (merged cells have fewer)."""

    x0: float
    y0: float
    x1: float
    y1: float
    ys: list[float]
    cols: list[list[float]]

    def holds(self, x: float, y: float) -> bool:
        return self.x0 - 1 <= x <= self.x1 + 1 and self.y0 - 1 <= y <= self.y1 + 1


_THIN = 3.0  # points: a rule drawn as a filled rectangle is at most this thick
_NEAR = 2.5  # points: rules meeting within this distance touch


def _segments(page: pymupdf.Page) -> tuple[list[list[float]], list[list[float]]]:
    """Horizontal [y, x0, x1] and vertical [x, y0, y1] rules drawn in a dark colour."""
    hs: list[list[float]] = []
    vs: list[list[float]] = []
    # The raw drawing list (tuples): half the cost of get_drawings() on pages of vectors.
    for path in page.get_cdrawings():
        kind = path.get("type") or ""
        colour = path.get("fill") if kind == "f" else path.get("color")
        if colour is None or min(colour) > 0.75:  # no ink, or a light shading
            continue
        for item in path["items"]:
            if item[0] == "l":
                (ax, ay), (bx, by) = item[1], item[2]
                if abs(ay - by) < 1:
                    hs.append([(ay + by) / 2, min(ax, bx), max(ax, bx)])
                elif abs(ax - bx) < 1:
                    vs.append([(ax + bx) / 2, min(ay, by), max(ay, by)])
            elif item[0] == "re":
                x0, y0, x1, y1 = item[1]
                w, h = x1 - x0, y1 - y0
                if h <= _THIN and w > _THIN:
                    hs.append([(y0 + y1) / 2, x0, x1])
                elif w <= _THIN and h > _THIN:
                    vs.append([(x0 + x1) / 2, y0, y1])
                elif "s" in kind and w > _THIN and h > _THIN:  # a framed box
                    hs += [[y0, x0, x1], [y1, x0, x1]]
                    vs += [[x0, y0, y1], [x1, y0, y1]]
    return _merge_segments(hs), _merge_segments(vs)


def _merge_segments(segs: list[list[float]]) -> list[list[float]]:
    """Pieces of one rule (Word draws each cell's border apart) joined end to end."""
    lines: list[list[list[float]]] = []  # pieces at one position (within a point)
    for seg in sorted(segs):
        if lines and seg[0] - lines[-1][0][0] <= 1:
            lines[-1].append(seg)
        else:
            lines.append([seg])
    out: list[list[float]] = []
    for pieces in lines:
        pos = pieces[0][0]
        merged: list[list[float]] = []
        for _, a, b in sorted(pieces, key=operator.itemgetter(1)):
            if merged and a <= merged[-1][2] + _NEAR:
                merged[-1][2] = max(merged[-1][2], b)
            else:
                merged.append([pos, a, b])
        out += merged
    return out


def _grids(page: pymupdf.Page) -> list[_Grid]:
    """The ruled tables of a page: rules that cross one another, two or more cells."""
    hs, vs = _segments(page)
    if len(hs) < 2 or len(vs) < 2:
        return []
    parent = list(range(len(hs) + len(vs)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (y, hx0, hx1) in enumerate(hs):
        for j, (x, vy0, vy1) in enumerate(vs):
            if hx0 - _NEAR <= x <= hx1 + _NEAR and vy0 - _NEAR <= y <= vy1 + _NEAR:
                parent[root(i)] = root(len(hs) + j)
    groups: dict[int, tuple[list, list]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(root(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(root(len(hs) + j), ([], []))[1].append(v)
    grids = []
    for h, v in groups.values():
        if len(h) < 2 or len(v) < 2:
            continue
        ys = _distinct(y for y, _, _ in h)
        cols = []
        for top, bottom in itertools.pairwise(ys):
            mid = (top + bottom) / 2
            cols.append(_distinct(x for x, a, b in v if a - _NEAR <= mid <= b + _NEAR))
        cells = sum(max(len(c) - 1, 0) for c in cols)
        if cells < 2:  # a framed paragraph, not a table
            continue
        x0 = min(min(a for _, a, _ in h), min(x for x, _, _ in v))
        x1 = max(max(b for _, _, b in h), max(x for x, _, _ in v))
        grids.append(_Grid(x0, ys[0], x1, ys[-1], ys, cols))
    return sorted(grids, key=lambda g: g.y0)


def _distinct(values) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > 1.5:
            out.append(v)
    return out


def _tables(page: _Page) -> tuple[list[tuple[float, Block]], list[_Line]]:
    """The page's ruled tables as table blocks (with their top y), and the lines that
    stand outside them."""
    if not page.grids:
        return [], page.lines
    inside: list[list[_Line]] = [[] for _ in page.grids]
    loose = []
    for ln in page.lines:
        y = (ln.y0 + ln.y1) / 2
        k = next((k for k, g in enumerate(page.grids) if g.holds(ln.center, y)), None)
        if k is None:
            loose.append(ln)
        else:
            inside[k].append(ln)
    out = []
    for grid, lines in zip(page.grids, inside, strict=True):
        found = _cells(grid, lines)
        if found is None:
            continue
        rows, header, cell_lines = found
        if is_layout_table(cell_lines, bordered=True):
            loose.extend(lines)  # a form framing the body: its lines are read as text
            continue
        block = Block("", kind="table", rows=rows, page=page.number, header_rows=header)
        out.append((grid.y0, block))
    if len(loose) < len(page.lines):
        loose.sort(key=lambda ln: (ln.base, ln.x0))
    return out, loose


def _cells(grid: _Grid, lines: list[_Line]) -> tuple[list[list[str]], int, list[list[str]]] | None:
    """(rows of cell texts, number of header rows, rows of cells with their lines joined
    by "\\n") of a grid holding `lines`."""
    bands: list[list[list[tuple[float, str, bool]]]] = [
        [[] for _ in range(max(len(c) - 1, 1))] for c in grid.cols
    ]
    for ln in lines:
        y = (ln.y0 + ln.y1) / 2
        r = max(0, min(bisect.bisect(grid.ys, y) - 1, len(bands) - 1))
        xs = grid.cols[r]
        # A line's pieces go to the cells they stand in (one MuPDF line may cross a rule).
        pieces: dict[int, list[_Span]] = {}
        for span in ln.spans:
            c = max(0, min(bisect.bisect(xs, (span.x0 + span.x1) / 2) - 1, len(bands[r]) - 1))
            pieces.setdefault(c, []).append(span)
        for c, spans in pieces.items():
            text = _render(spans)
            if text:
                bands[r][c].append((ln.base, text, ln.bold))
    rows, bold, by_line = [], [], []
    for band in bands:
        cells, separate = [], []
        for cell in band:
            text = ""
            ordered = [piece for _, piece, _ in sorted(cell, key=operator.itemgetter(0))]
            for piece in ordered:
                text = _join(text, piece) if text else piece
            cells.append(_normal(text))
            separate.append("\n".join(ordered))
        if any(cells):
            rows.append(cells)
            by_line.append(separate)
            pieces = [p for cell in band for p in cell]
            bold.append(all(b for _, _, b in pieces))
    if not rows or not lines:
        return None
    header = 0
    while header < len(rows) - 1 and bold[header]:
        header += 1
    return rows, header, by_line


def _place_tables(
    paras: list[tuple[Block, list[_Line] | None]],
    tables: list[tuple[float, Block]],
    end: float | None,
) -> list[tuple[Block, list[_Line] | None]]:
    """Put each table among the page's paragraphs where it stands on the page."""
    out: list[tuple[Block, list[_Line] | None]] = []
    pending = list(tables)
    for block, lines in paras:
        top = lines[0].y0 if lines else None
        while pending and top is not None and pending[0][0] < top:
            out.append((pending.pop(0)[1], None))
        out.append((block, lines))
    # Tables under the last paragraph, above the signature or the footnotes.
    out += [(b, None) for y, b in pending if end is None or y < end]
    return out


def _join_tables(blocks: list[Block]) -> list[Block]:
    """A table cut by a page end, its header row repeated overleaf, is one table again."""
    out: list[Block] = []
    last = None  # the last body block kept
    for b in blocks:
        if (
            b.kind == "table"
            and b.page_break_before
            and last is not None
            and last.kind == "table"
            and b.rows
            and last.rows
            and len(b.rows[-1]) == len(last.rows[-1])
        ):
            rows = b.rows
            head = last.rows[: last.header_rows]
            if head and rows[: len(head)] == head:
                rows = rows[len(head) :]
            if rows and not rows[0][0] and last.rows[-1][0] and len(rows[0]) == len(last.rows[-1]):
                # The last row's cells go on overleaf: its number cell is empty there.
                last.rows[-1] = [
                    _join(a, c) if a and c else a or c
                    for a, c in zip(last.rows[-1], rows[0], strict=True)
                ]
                rows = rows[1:]
            last.rows.extend(rows)
            continue
        out.append(b)
        if b.kind != "footnote":
            last = b
    return out


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
        # A document type ("ĐỀ CƯƠNG", "PHỤ LỤC") opens an annex, wherever it stands.
        if crosses or (i and (_breaks_zone(ln, col) or document_kind(ln.text))):
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
    # The kind ("PHIẾU TRÌNH") and "Kính gửi" stand under the header, wherever a layout
    # table placed them: they end it even when they are not centred on the page.
    end = next((k for k, ln in enumerate(lines) if _ends_header(ln.text)), len(lines))
    (lcol, rcol), _ = _zone(lines[:end], col)
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


def _ends_header(text: str) -> bool:
    return bool(_ADDRESS.match(text)) or document_kind(text) is not None


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


def _paragraphs(
    lines: list[_Line], page: _Page, layout: _Layout, col: _Col
) -> list[tuple[Block, list[_Line] | None]]:
    """The paragraphs of a stretch of body lines: each block with its lines (None for
    a signature block typed as paragraphs)."""
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
        block = Block(
            text=_normal(text),
            bold=all(ln.bold for ln in para),
            italic=all(ln.italic for ln in para),
            centered=_centered_block(para, col),
            page=page.number,
        )
        blocks.append((block, None if id(para) in signatures else para))
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


def _runs_on(p: _Line, c: _Line, col: _Col) -> bool:
    """Does line `c`, the first of a page, go on with the paragraph whose line `p`
    closed the page before?  Where paragraphs open with a first-line indent, a plain
    line at the margin right after a full line does, whatever `p` ends with."""
    size = c.size
    indents = any(col.left + 0.8 * size < x < col.left + 5 * size for x in col.starts)
    if not indents or abs(c.x0 - col.left) > 0.5 * size or abs(p.size - size) > 1:
        return False
    if _LIST_START.match(c.text) or _is_centered(p, col) or _is_centered(c, col):
        return False
    if p.bold != c.bold or c.bold and _upper(c.text):
        return False
    # A line that stops short ends its paragraph: only a full one runs on.
    return p.x1 > col.right - 2 * size and not _short(p, c, col.right)


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
