"""Write blocks as a real Word document (python-docx), with real footnotes.

Used by the synthetic-report generator and by tests: superscript digits in the
text that name a footnote block become Word footnote references, the footnote
blocks become word/footnotes.xml, and with `auto_numbering` the labels "I.",
"1.", "1.1.", "a)" become Word automatic numbering.  Markdown marks are not
interpreted.
"""

from __future__ import annotations

import re
from os import PathLike
from typing import BinaryIO

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt

from tonghop.model import SUPERSCRIPT_DIGITS, Block, from_superscript
from tonghop.numbers import roman_value
from tonghop.writers.footnotes import (
    FIRST_ID,
    add_footnote_styles,
    reference_run,
    write_footnotes,
)

_MARK = re.compile(f"([{SUPERSCRIPT_DIGITS}]+)")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_FONT = "Times New Roman"
_FIRST_LINE = 567  # twips: the ~10 mm first-line indent of Party documents


def write_docx(
    blocks: list[Block], dest: str | PathLike | BinaryIO, *, auto_numbering: bool = False
) -> None:
    """Write `blocks` as a .docx file to `dest` (a path or a binary file object)."""
    doc = Document()
    _setup(doc)
    notes = {b.footnote: b.text for b in blocks if b.kind == "footnote" and b.footnote is not None}
    note_ids = {n: k + FIRST_ID for k, n in enumerate(sorted(notes))}
    numbering = _AutoNumbering(doc) if auto_numbering else None
    for b in blocks:
        if b.kind == "footnote":
            continue
        if b.kind == "table":
            _add_table(doc, b, note_ids)
            continue
        text = b.text
        num = numbering.take_label(text) if numbering is not None else None
        if num is not None:
            text = num[0]
        p = doc.add_paragraph()
        if b.heading_level:
            p.style = doc.styles[f"Heading {min(max(b.heading_level, 1), 9)}"]
        if b.centered:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.first_line_indent = 0
        _fill(p, text, note_ids, b.bold, b.italic)
        if num is not None:
            _number_paragraph(p, num[1], num[2], b.bold, b.italic)
    if notes:
        _add_footnotes(doc, notes, note_ids)
    doc.save(str(dest) if isinstance(dest, str | PathLike) else dest)


def _setup(doc) -> None:
    """A4 page, Times New Roman 14, and the footnote styles."""
    for section in doc.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin = section.bottom_margin = Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(14)
    _set_font(normal.element.get_or_add_rPr())
    fmt = normal.paragraph_format
    fmt.space_after = Pt(6)
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = Mm(10)
    for name in [f"Heading {i}" for i in range(1, 10)] + ["Title"]:
        rpr = doc.styles[name].element.rPr
        if rpr is not None:  # drop the template's theme font and blue colour
            for tag in ("w:rFonts", "w:color"):
                el = rpr.find(qn(tag))
                if el is not None:
                    rpr.remove(el)
        doc.styles[name].paragraph_format.first_line_indent = 0
    add_footnote_styles(doc)


def _set_font(rpr) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = parse_xml(f"<w:rFonts {nsdecls('w')}/>")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), _FONT)


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _fill(p, text: str, note_ids: dict[int, int], bold: bool, italic: bool) -> None:
    """Runs for `text`: footnote markers become references, "\\n" a line break."""
    for k, piece in enumerate(_MARK.split(_clean(text))):
        if not piece:
            continue
        if k % 2 == 1 and from_superscript(piece) in note_ids:
            p._p.append(reference_run(note_ids[from_superscript(piece)]))
            continue
        run = p.add_run(piece)  # python-docx turns "\n" into w:br and "\t" into w:tab
        if bold:
            run.bold = True
        if italic:
            run.italic = True


def _add_table(doc, block: Block, note_ids: dict[int, int]) -> None:
    rows = block.rows or []
    ncols = max((len(r) for r in rows), default=0)
    if not ncols:
        return
    table = doc.add_table(rows=len(rows), cols=ncols)
    table.style = doc.styles["Table Grid"]
    for i, row in enumerate(rows):
        for j, cell_text in enumerate(row):
            cell = table.cell(i, j)
            for k, line in enumerate(cell_text.split("\n")):
                p = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
                p.paragraph_format.first_line_indent = 0
                p.alignment = WD_ALIGN_PARAGRAPH.LEFT
                _fill(p, line, note_ids, block.bold, block.italic)


def _add_footnotes(doc, notes: dict[int, str], note_ids: dict[int, int]) -> None:
    write_footnotes(doc, {note_ids[n]: text for n, text in notes.items()})


# --------------------------------------------------------------------------- numbering

_LABEL = re.compile(
    r"(?:(?P<parent>\d+)\.(?P<sub>\d+)\.|(?P<dec>\d+)\.|(?P<roman>[IVXLC]+)\.|(?P<letter>[a-z])\))"
    r"[ \t]+"
)
_LEVELS = [("upperRoman", "%1."), ("decimal", "%2."), ("decimal", "%2.%3."), ("lowerLetter", "%4)")]
_LEVELS += [("decimal", f"%{k + 1}.") for k in range(4, 9)]


class _AutoNumbering:
    """One abstract numbering whose counters Word shares across all its w:num instances.

    The writer follows those counters; where the next number Word would show
    differs from the label, a new w:num restarts the level with a startOverride
    (Word and LibreOffice apply it where the instance first appears at that level).
    """

    def __init__(self, doc) -> None:
        self.root = doc.part.numbering_part.element
        abstract_ids = [
            int(a.get(qn("w:abstractNumId"))) for a in self.root.iterchildren(qn("w:abstractNum"))
        ]
        self.abstract_id = max(abstract_ids, default=-1) + 1
        nums = [int(n.get(qn("w:numId"))) for n in self.root.iterchildren(qn("w:num"))]
        self.next_num = max(nums, default=0) + 1
        levels = "".join(
            f'<w:lvl w:ilvl="{k}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:suff w:val="space"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="0" w:firstLine="{_FIRST_LINE}"/></w:pPr></w:lvl>'
            for k, (fmt, text) in enumerate(_LEVELS)
        )
        abstract = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{self.abstract_id}">'
            f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>'
        )
        first_num = self.root.find(qn("w:num"))
        if first_num is not None:  # every abstractNum must precede every num
            first_num.addprevious(abstract)
        else:
            self.root.append(abstract)
        self.counters: list[int | None] = [None] * 9  # as Word will count them
        self.plain: int | None = None  # the instance without overrides
        self.run_num: dict[int, int] = {}  # level -> instance that restarted it last

    def take_label(self, text: str) -> tuple[str, int, int] | None:
        """(text without its label, numId, level), or None when the label stays text."""
        m = _LABEL.match(text)
        if m is None or not text[m.end() :].strip():
            return None
        parent = None
        if m["roman"]:
            level, value = 0, roman_value(m["roman"], below=400)
        elif m["dec"]:
            level, value = 1, int(m["dec"])
            value = value if str(value) == m["dec"] else None
        elif m["sub"]:
            level, value, parent = 2, int(m["sub"]), int(m["parent"])
            if str(value) != m["sub"] or str(parent) != m["parent"]:
                value = None
        else:
            level, value = 3, ord(m["letter"]) - ord("a") + 1
        if not value:
            return None  # "01." and the like: Word would not show it so
        if parent is not None and (self.counters[1] or 1) != parent:
            return None  # "%2.%3." would show another parent number
        cur = self.counters[level]
        if (1 if cur is None else cur + 1) == value:
            num_id = self.run_num.get(level) or self._plain()
        else:
            num_id = self.run_num[level] = self._new_num({level: value})
        self.counters[level] = value
        for d in range(level + 1, 9):
            self.counters[d] = None
            self.run_num.pop(d, None)
        return text[m.end() :], num_id, level

    def _plain(self) -> int:
        if self.plain is None:
            self.plain = self._new_num({})
        return self.plain

    def _new_num(self, starts: dict[int, int]) -> int:
        num_id, self.next_num = self.next_num, self.next_num + 1
        overrides = "".join(
            f'<w:lvlOverride w:ilvl="{k}"><w:startOverride w:val="{v}"/></w:lvlOverride>'
            for k, v in sorted(starts.items())
        )
        self.root.append(
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{num_id}">'
                f'<w:abstractNumId w:val="{self.abstract_id}"/>{overrides}</w:num>'
            )
        )
        return num_id


def _number_paragraph(p, num_id: int, level: int, bold: bool, italic: bool) -> None:
    ppr = p._p.get_or_add_pPr()
    num_pr = ppr.get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = num_id
    if bold or italic:  # the label takes the paragraph mark's formatting
        rpr = parse_xml(
            f"<w:rPr {nsdecls('w')}>{'<w:b/>' if bold else ''}{'<w:i/>' if italic else ''}</w:rPr>"
        )
        ppr.insert_element_before(rpr, "w:sectPr", "w:pPrChange")
