"""Reader for plain text and Markdown exports (like the seeds).

Paragraphs are separated by blank lines.  A paragraph that opens with
superscript digits is a footnote's text where the page ended; `**bold**` and
`*italic*` marks are read as formatting and removed.  Markdown footnotes
(`[^3]` and `[^3]: text`) and `#` headings are understood too.
"""

from __future__ import annotations

import re
import unicodedata

from tonghop import numbering
from tonghop.model import Block, RawDocument, ReadError, from_superscript, superscript
from tonghop.text import MARKER_RE

_FOOTNOTE_START = re.compile(r"^([⁰¹²³⁴⁵⁶⁷⁸⁹]+)\s*(.*)$", re.S)
_MD_FOOTNOTE_DEF = re.compile(r"^\[\^(\d+)\]:\s*(.*)$", re.S)
_MD_FOOTNOTE_REF = re.compile(r"\[\^(\d+)\]")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
# A span stops at the next mark ("**" for bold, "*" for italic, bold marks gone by then):
# a paragraph of thousands of lone stars is read in linear time, not in minutes.
_BOLD = re.compile(r"\*\*((?:[^*]|\*(?!\*))+?)\*\*")
_ITALIC = re.compile(r"(?<![\w*])\*(?!\s)([^*]+?)(?<!\s)\*(?![\w*])")
# A new line that opens a list item or a numbered heading starts a new block.
_LINE_STARTS_ITEM = re.compile(r"^\s*([-+•–]\s|[IVXLC]+[.-]\s|\d+(\.\d+)*[.)-]?\s|[a-zđ]\)\s)")


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    text = data.decode("utf-8-sig")
    return unicodedata.normalize("NFC", text)


def _formatting(text: str) -> tuple[str, bool, bool]:
    """Remove **bold** / *italic* marks; report whether they covered everything."""
    bare = text.strip()
    bold = bool(_BOLD.fullmatch(bare))
    text = _BOLD.sub(r"\1", text)
    italic = bool(_ITALIC.fullmatch(text.strip()))
    text = _ITALIC.sub(r"\1", text)
    return text, bold, italic


def _paragraphs(text: str) -> list[str]:
    paras, current = [], []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.strip():
            current.append(line.rstrip())
        elif current:
            paras.append(current)
            current = []
    if current:
        paras.append(current)
    out = []
    for lines in paras:
        # Items of a list written one per line stay separate lines ("\n") inside
        # one block; a hard-wrapped sentence is rejoined with a space.
        merged = lines[0].strip()
        for line in lines[1:]:
            sep = "\n" if _LINE_STARTS_ITEM.match(line) or _is_line_block(lines) else " "
            merged += sep + line.strip()
        out.append(merged)
    return out


_PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*)?(?:Trang\s+)?\d{1,3}(?:\s*/\s*\d{1,3})?(?:\s*[-–—])?$", re.I
)
# A running head or foot with its page number: "Báo cáo tổng kết năm 2024      3".
_RUNNING = re.compile(r"^(?:(\d{1,3})\s+\S.*|.*\S\s+(\d{1,3}))$")


def _page_furniture(paras: list[str]) -> set[int]:
    """Indexes of the page numbers, and of running heads or feet (a short line repeated
    with a different page number each time), left in the text where pages ended."""
    drop = {i for i, p in enumerate(paras) if _PAGE_NUMBER.match(p.strip())}
    seen: dict[str, list[tuple[int, str]]] = {}
    for i, p in enumerate(paras):
        m = _RUNNING.match(p.strip()) if "\n" not in p and len(p) < 120 else None
        if m and not numbering.parse(p):
            seen.setdefault(re.sub(r"\d+", "#", " ".join(p.split())), []).append(
                (i, m.group(1) or m.group(2))
            )
    for found in seen.values():
        if len(found) >= 2 and len({n for _, n in found}) == len(found):
            drop.update(i for i, _ in found)
    return drop


def _is_line_block(lines: list[str]) -> bool:
    """Short lines (signature, distribution list, header) keep their line breaks."""
    return max(len(line.strip()) for line in lines) < 60


def read_text(data: bytes, markdown: bool = False) -> RawDocument:
    try:
        text = _decode(data)
    except UnicodeDecodeError:
        raise ReadError("Tệp văn bản không đúng mã UTF-8: hãy lưu lại với mã UTF-8.") from None
    blocks: list[Block] = []
    paras = _paragraphs(text)
    furniture = _page_furniture(paras)
    for k, para in enumerate(paras):
        if k in furniture:
            continue
        heading_level = None
        if markdown or para.startswith("#"):
            m = _MD_HEADING.match(para)
            if m:
                heading_level, para = len(m.group(1)), m.group(2)
            d = _MD_FOOTNOTE_DEF.match(para)
            if d:
                body, _, _ = _formatting(d.group(2))
                blocks.append(Block(text=body.strip(), kind="footnote", footnote=int(d.group(1))))
                continue
            para = _MD_FOOTNOTE_REF.sub(lambda m: superscript(int(m.group(1))), para)
        para, bold, italic = _formatting(para)
        f = _FOOTNOTE_START.match(para)
        if f and f.group(2).strip():
            blocks.append(
                Block(
                    text=f.group(2).strip(), kind="footnote", footnote=from_superscript(f.group(1))
                )
            )
            continue
        if MARKER_RE.fullmatch(para.strip()):
            continue
        blocks.append(Block(text=para, bold=bold, italic=italic, heading_level=heading_level))
    if not any(b.text.strip() for b in blocks):
        raise ReadError("Tệp không có nội dung chữ.")
    return RawDocument(blocks=blocks, format="md" if markdown else "txt")
