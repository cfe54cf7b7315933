"""Party-format documents (Hướng dẫn 36-HD/VPTW) on python-docx: a named profile and a builder.

No Django here: plain dataclasses in, a .docx out.  The figures live in a `FormatProfile`
so that a later guideline (or a State-format profile) can be swapped in without touching the
builder.  Usage::

    doc = PartyDocument()
    doc.header(PartyHeader("ĐẢNG BỘ KHỐI ...", "ĐẢNG ỦY ...", "60-BC/ĐUK", "Hà Nội", date(...)))
    doc.title("DANH SÁCH ĐỀ NGHỊ", "...")
    doc.paragraph("...")
    par = doc.body_paragraph(); doc.run(par, "6.325 đảng viên"); doc.footnote(par, "Trong đó: ...")
    doc.signature(Signature("T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Nguyễn Văn A"), ["..."])
    doc.page_numbers()
    doc.save("out.docx")
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from os import PathLike
from typing import BinaryIO
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.image.exceptions import UnrecognizedImageError
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor

from tonghop.writers.footnotes import (
    FIRST_ID,
    add_footnote_styles,
    reference_run,
    write_footnotes,
)

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
NO_PHOTO = "(chưa có ảnh)"
BAD_PHOTO = "(ảnh không đọc được)"
PARTY_LINE = "ĐẢNG CỘNG SẢN VIỆT NAM"
COMMENT_ID_BASE = 100_000  # comment ids, kept apart from footnote ids (see `comment`)
_SIGNATURE_SHARE = 0.56  # of the text width: the signer's title wider than Nơi nhận
_CELL_PADDING_MM = 4  # a table cell's left and right margins together, with room to spare


@dataclass(frozen=True)
class FormatProfile:
    """The figures of a document format: font, sizes (pt), page and margins (mm), spacing."""

    name: str = "36-HD/VPTW"
    font: str = "Times New Roman"
    page_width_mm: float = 210  # A4
    page_height_mm: float = 297
    margin_top_mm: float = 20
    margin_bottom_mm: float = 20
    margin_left_mm: float = 30
    margin_right_mm: float = 15
    party_line_pt: float = 15  # ĐẢNG CỘNG SẢN VIỆT NAM, bold caps, a rule under it
    superior_pt: float = 14  # superior body, caps, upright
    issuer_pt: float = 14  # issuing body, caps, bold, "*" under it
    number_pt: float = 14  # "Số 60-BC/ĐUK"
    date_pt: float = 14  # place and date, italic
    kind_pt: float = 16  # document type (BÁO CÁO ...), caps, bold, centred (15-16)
    summary_pt: float = 14  # summary line, bold, a short rule under it
    body_pt: float = 14
    table_pt: float = 13
    signature_pt: float = 14  # authority bold caps, position caps, name bold
    recipients_title_pt: float = 14  # "Nơi nhận:" underlined
    recipients_pt: float = 12
    footnote_pt: float = 12
    annex_table_pt: float = 11  # a wide annex table on a landscape page
    page_number_pt: float = 14
    first_line_indent_mm: float = 10
    space_after_pt: float = 6
    header_left_mm: float = 75  # width of the header's left column (issuing body)
    rule_mm: float = 30  # length of the short rules under the Party line and the summary


# Hướng dẫn 36-HD/VPTW (2018).  Hướng dẫn 05-HD/VPTW (2026), which replaces it, keeps the
# same numbers; a profile for it would be `replace(PROFILE_36, name="05-HD/VPTW")`.
PROFILE_36 = FormatProfile()


@dataclass
class PartyHeader:
    superior: str  # e.g. "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TRUNG ƯƠNG" (may be empty)
    issuer: str  # e.g. "ĐẢNG ỦY ..."
    number: str  # e.g. "60-BC/ĐUK", written "Số 60-BC/ĐUK"
    place: str  # e.g. "Hà Nội"
    date: dt.date

    def number_line(self) -> str:
        """'Số 60-BC/ĐUK'; '-DS/BTGTU' (no number yet) leaves a place for it; '' none."""
        number = re.sub(r"^\s*Số\s*:?\s*", "", self.number.strip())
        if not number:
            return ""
        if number.endswith("/"):  # no symbol set ("-BC/"): dots to fill, like the number
            number += "…………"
        if number.startswith("-"):  # no number yet: a blank place for the office to fill
            return f"Số {' ' * 8}{number}"
        return f"Số {number}"

    def date_line(self) -> str:
        return f"{self.place}, {vietnamese_date(self.date)}"


@dataclass
class Signature:
    capacity: str  # "T/M BAN THƯỜNG VỤ" (may be empty)
    position: str  # "PHÓ BÍ THƯ"
    name: str  # "Nguyễn Văn A"


# The Party body a committee leads, as a superior body is named in a header: a district's
# documents are headed "ĐẢNG BỘ THÀNH PHỐ HÀ NỘI", not "THÀNH ỦY HÀ NỘI".
_BODIES = (
    (r"thành ủy", "Đảng bộ Thành phố"),
    (r"tỉnh ủy", "Đảng bộ tỉnh"),
    (r"quận ủy", "Đảng bộ quận"),
    (r"huyện ủy", "Đảng bộ huyện"),
    (r"thị ủy", "Đảng bộ thị xã"),
    (r"đảng ủy", "Đảng bộ"),
)


def party_body(name: str) -> str:
    """'Thành ủy Hà Nội' -> 'Đảng bộ Thành phố Hà Nội'; 'Đảng ủy Khối ...' -> 'Đảng bộ Khối
    ...'; any other name unchanged."""
    name = " ".join(name.split())
    for committee, body in _BODIES:
        m = re.match(rf"{committee}\s+(.+)$", name, re.I)
        if m:
            return f"{body} {m.group(1)}"
    return name


def estimated_width_mm(text: str, size_pt: float, *, bold: bool = False) -> float:
    """A generous estimate of `text`'s printed width in Times New Roman: capitals ~0.7 em,
    small letters ~0.48 em (LibreOffice draws some Vietnamese capitals from a wider
    fallback font, so the estimate errs wide)."""
    em = 0.0
    for ch in text:
        if ch.isspace():
            em += 0.25
        elif ch.isupper():
            em += 0.74 if bold else 0.70
        elif ch.isdigit():
            em += 0.5
        else:
            em += 0.5 if bold else 0.48
    return em * size_pt * 25.4 / 72


def fitted_size(
    text: str, width_mm: float, size_pt: float, *, bold: bool = False, smallest: float = 12
) -> float:
    """`size_pt`, or down to `smallest` by half points, so that `text` fits on one line;
    `size_pt` if even `smallest` would not (two full-size lines read better)."""
    size = size_pt
    while estimated_width_mm(text, size, bold=bold) > width_mm:
        if size <= smallest:
            return size_pt
        size -= 0.5
    return size


def vietnamese_date(day: dt.date) -> str:
    """'ngày 03 tháng 4 năm 2024': day on two digits, months 1 and 2 as 01 and 02."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


class PartyDocument:
    """Builds one Party-format document; every method appends to the end of the body."""

    def __init__(self, profile: FormatProfile = PROFILE_36) -> None:
        self.profile = profile
        self.doc = Document()
        self._notes: dict[int, str] = {}  # footnote id -> text, written on saving
        self._notes_written = False
        self._comments = 0
        self._setup()

    # -- page and styles -------------------------------------------------------------------
    def _setup(self) -> None:
        p = self.profile
        for section in self.doc.sections:
            section.page_width, section.page_height = Mm(p.page_width_mm), Mm(p.page_height_mm)
            section.top_margin, section.bottom_margin = Mm(p.margin_top_mm), Mm(p.margin_bottom_mm)
            section.left_margin = Mm(p.margin_left_mm)
            section.right_margin = Mm(p.margin_right_mm)
        normal = self.doc.styles["Normal"]
        normal.font.size = Pt(p.body_pt)
        normal.font.name = p.font
        normal.font.color.rgb = RGBColor(0, 0, 0)
        self._set_font(normal.element.get_or_add_rPr())
        fmt = normal.paragraph_format
        fmt.space_before, fmt.space_after = Pt(0), Pt(p.space_after_pt)
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt.first_line_indent = Mm(p.first_line_indent_mm)
        for name in [f"Heading {i}" for i in range(1, 4)] + ["Title"]:
            style = self.doc.styles[name]
            rpr = style.element.rPr
            if rpr is not None:  # drop the template's theme font and blue colour
                for tag in ("w:rFonts", "w:color"):
                    el = rpr.find(qn(tag))
                    if el is not None:
                        rpr.remove(el)
            self._set_font(style.element.get_or_add_rPr())
            style.font.size = Pt(p.body_pt)
            style.font.bold = True
            style.font.italic = False
            style.font.color.rgb = RGBColor(0, 0, 0)
            style.paragraph_format.first_line_indent = Mm(p.first_line_indent_mm)
            style.paragraph_format.space_before = Pt(p.space_after_pt)
            style.paragraph_format.space_after = Pt(p.space_after_pt)

    def _set_font(self, rpr) -> None:
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = parse_xml(f"<w:rFonts {nsdecls('w')}/>")
            rpr.insert(0, fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), self.profile.font)
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            fonts.attrib.pop(qn(attr), None)

    @property
    def text_width_mm(self) -> float:
        p = self.profile
        return p.page_width_mm - p.margin_left_mm - p.margin_right_mm

    # -- low-level helpers ----------------------------------------------------------------
    def _para(
        self,
        container,
        text: str = "",
        size: float | None = None,
        *,
        bold: bool = False,
        italic: bool = False,
        underline: bool = False,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent: bool = False,
        space_after: float = 0,
        first: bool = False,
    ):
        """A paragraph in `container` (document or cell); `first` reuses a cell's empty one."""
        if first and len(container.paragraphs) == 1 and not container.paragraphs[0].text:
            par = container.paragraphs[0]
        else:
            par = container.add_paragraph()
        par.alignment = align
        fmt = par.paragraph_format
        fmt.first_line_indent = Mm(self.profile.first_line_indent_mm) if indent else Mm(0)
        fmt.space_after = Pt(space_after)
        if text:
            run = par.add_run(_clean(text))
            run.font.size = Pt(size or self.profile.body_pt)
            run.bold, run.italic = bold or None, italic or None
            run.underline = underline or None
        return par

    def _rule(self, container, width_mm: float, available_mm: float):
        """A short centred rule: an empty paragraph with a bottom border, narrowed by indents."""
        par = self._para(container, space_after=self.profile.space_after_pt)
        side = max((available_mm - width_mm) / 2, 0)
        par.paragraph_format.left_indent = Mm(side)
        par.paragraph_format.right_indent = Mm(side)
        par.paragraph_format.line_spacing = Pt(2)
        ppr = par._p.get_or_add_pPr()
        ppr.append(
            parse_xml(
                f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="6" w:space="1" '
                'w:color="000000"/></w:pBdr>'
            )
        )
        return par

    def _borderless(self, cols: int, widths_mm: list[float]):
        table = self.doc.add_table(rows=1, cols=cols)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        tbl_pr = table._tbl.tblPr
        tbl_pr.append(
            parse_xml(
                f"<w:tblBorders {nsdecls('w')}>"
                + "".join(
                    f'<w:{side} w:val="nil"/>'
                    for side in ("top", "left", "bottom", "right", "insideH", "insideV")
                )
                + "</w:tblBorders>"
            )
        )
        for j, (cell, width) in enumerate(zip(table.rows[0].cells, widths_mm, strict=True)):
            cell.width = Mm(width)
            table.columns[j].width = Mm(width)  # the grid: what LibreOffice lays out by
        return table

    def _add_picture(self, par, image: bytes | None, width_mm: float) -> bool:
        """Put `image` in `par`, `width_mm` wide (aspect kept); else a placeholder text."""
        if image:
            try:
                par.add_run().add_picture(io.BytesIO(image), width=Mm(width_mm))
                return True
            except (UnrecognizedImageError, ValueError, KeyError, IndexError, OSError):
                placeholder = BAD_PHOTO
        else:
            placeholder = NO_PHOTO
        run = par.add_run(placeholder)
        run.italic = True
        run.font.size = Pt(self.profile.table_pt)
        return False

    # -- the parts of a document ----------------------------------------------------------
    def header(self, h: PartyHeader) -> None:
        """Issuing body on the left, ĐẢNG CỘNG SẢN VIỆT NAM and the date on the right."""
        p = self.profile
        left_w = p.header_left_mm
        right_w = self.text_width_mm - left_w
        table = self._borderless(2, [left_w, right_w])
        left, right = table.rows[0].cells
        room = left_w - _CELL_PADDING_MM
        first = True
        if h.superior:
            superior = h.superior.upper()
            size = fitted_size(superior, room, p.superior_pt)
            self._para(left, superior, size, first=True)
            first = False
        issuer = h.issuer.upper()
        size = fitted_size(issuer, room, p.issuer_pt, bold=True)
        self._para(left, issuer, size, bold=True, first=first)
        self._para(left, "*", p.issuer_pt)
        if h.number_line():
            self._para(left, h.number_line(), p.number_pt)
        self._para(right, PARTY_LINE, p.party_line_pt, bold=True, first=True)
        self._rule(right, p.rule_mm + 40, right_w)
        self._para(right, h.date_line(), p.date_pt, italic=True)
        self._para(self.doc)  # a blank line before the title

    def title(self, kind: str, summary: str = "") -> None:
        """The document type (caps, bold, centred) and the summary line with a short rule."""
        p = self.profile
        self._para(self.doc, kind.upper(), p.kind_pt, bold=True)
        if summary:
            par = self._para(self.doc, size=p.summary_pt)
            for k, line in enumerate(_clean(summary).split("\n")):
                run = par.add_run()
                if k:
                    run.add_break()
                run.add_text(line)
                run.bold = True
                run.font.size = Pt(p.summary_pt)
        self._rule(self.doc, p.rule_mm, self.text_width_mm)

    def heading(self, text: str, level: int = 1) -> None:
        """A bold heading (a Word heading style, so it shows in the navigation pane)."""
        par = self.doc.add_paragraph(style=self.doc.styles[f"Heading {min(max(level, 1), 3)}"])
        par.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        run = par.add_run(_clean(text))
        run.font.size = Pt(self.profile.body_pt)
        run.bold = True

    def paragraph(self, text: str, *, bold: bool = False, italic: bool = False) -> None:
        """A body paragraph: justified, first-line indent; "\\n" starts a new paragraph."""
        for line in _clean(text).split("\n"):
            if line.strip():
                self._para(
                    self.doc,
                    line.strip(),
                    self.profile.body_pt,
                    bold=bold,
                    italic=italic,
                    align=WD_ALIGN_PARAGRAPH.JUSTIFY,
                    indent=True,
                    space_after=self.profile.space_after_pt,
                )

    def centered(self, text: str, size: float | None = None, *, bold=False, italic=False) -> None:
        self._para(self.doc, text, size, bold=bold, italic=italic)

    def table(
        self,
        rows: list[list[object]],
        header: bool = True,
        widths_mm: list[float] | None = None,
    ):
        """A grid table.  A cell is text, or `Photo` for a picture; the header row repeats."""
        ncols = max((len(r) for r in rows), default=0)
        if not ncols:
            return None
        table = self.doc.add_table(rows=len(rows), cols=ncols)
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        if widths_mm:
            table.autofit = False
            for j, width in enumerate(widths_mm[:ncols]):
                table.columns[j].width = Mm(width)  # the grid: what LibreOffice lays out by
        size = self.profile.table_pt
        for i, row in enumerate(rows):
            is_header = header and i == 0
            if is_header:
                tr_pr = table.rows[0]._tr.get_or_add_trPr()
                tr_pr.append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
            for j in range(ncols):
                cell = table.cell(i, j)
                if widths_mm and j < len(widths_mm):
                    cell.width = Mm(widths_mm[j])
                value = row[j] if j < len(row) else ""
                if isinstance(value, Photo):
                    par = self._para(cell, first=True)
                    self._add_picture(par, value.data, value.width_mm)
                    continue
                for k, line in enumerate(str(value or "").split("\n")):
                    self._para(
                        cell,
                        line,
                        size,
                        bold=is_header,
                        align=WD_ALIGN_PARAGRAPH.CENTER if is_header else WD_ALIGN_PARAGRAPH.LEFT,
                        first=k == 0,
                    )
        return table

    def picture(self, image_bytes: bytes | None, width_mm: float) -> bool:
        """A centred picture `width_mm` wide (height from its aspect); False if none was put."""
        par = self._para(self.doc, space_after=self.profile.space_after_pt)
        return self._add_picture(par, image_bytes, width_mm)

    def _signature_cell(self, cell, sig: Signature, width_mm: float) -> None:
        p = self.profile
        room = width_mm - _CELL_PADDING_MM
        first = True
        # Each line on one line: a long title is set a little smaller rather than broken.
        if sig.capacity:
            capacity = sig.capacity.upper()
            size = fitted_size(capacity, room, p.signature_pt, bold=True)
            self._para(cell, capacity, size, bold=True, first=True)
            first = False
        position = sig.position.upper()
        self._para(cell, position, fitted_size(position, room, p.signature_pt), first=first)
        for _ in range(4):  # room to sign and seal
            self._para(cell)
        name = sig.name or "…………………"
        self._para(cell, name, fitted_size(name, room, p.signature_pt, bold=True), bold=True)

    def _recipients_cell(self, cell, recipients: list[str]) -> None:
        p = self.profile
        left = WD_ALIGN_PARAGRAPH.LEFT
        self._para(cell, "Nơi nhận:", p.recipients_title_pt, underline=True, align=left, first=True)
        for item in recipients:
            text = item.strip()
            if not text.startswith(("-", "–")):
                text = f"- {text}"
            self._para(cell, text, p.recipients_pt, align=left)

    def signature(self, sig: Signature, recipients: list[str] | None = None) -> None:
        """The signature block on the right; with `recipients`, Nơi nhận on the left beside it.

        The block stays whole on one page (the row does not split, the blank line before it
        keeps with it): a name never lands on the page after its title."""
        blank = self._para(self.doc)
        blank.paragraph_format.keep_with_next = True
        sign_w = self.text_width_mm * _SIGNATURE_SHARE
        table = self._borderless(2, [self.text_width_mm - sign_w, sign_w])
        table.rows[0]._tr.get_or_add_trPr().append(parse_xml(f"<w:cantSplit {nsdecls('w')}/>"))
        left, right = table.rows[0].cells
        if recipients:
            self._recipients_cell(left, recipients)
        self._signature_cell(right, sig, sign_w)

    def recipients(self, recipients: list[str]) -> None:
        """Nơi nhận as its own block (after the signature)."""
        self._para(self.doc)
        table = self._borderless(1, [self.text_width_mm])
        self._recipients_cell(table.rows[0].cells[0], recipients)

    def blank_line(self) -> None:
        self._para(self.doc)

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def page_numbers(self) -> None:
        """A PAGE field at the top centre of every page but the first (different first page)."""
        for k, section in enumerate(self.doc.sections):
            # Not on page 1; a later section (a landscape annex) numbers all its pages.
            section.different_first_page_header_footer = k == 0
            header = section.header
            header.is_linked_to_previous = False
            par = header.paragraphs[0]
            par.alignment = WD_ALIGN_PARAGRAPH.CENTER
            par.paragraph_format.first_line_indent = Mm(0)
            size = int(self.profile.page_number_pt * 2)
            rpr = f'<w:rPr><w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>'
            for xml in (
                f'<w:r {nsdecls("w")}>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>',
                f'<w:r {nsdecls("w")}>{rpr}<w:instrText xml:space="preserve"> PAGE </w:instrText>'
                "</w:r>",
                f'<w:r {nsdecls("w")}>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>',
                f"<w:r {nsdecls('w')}>{rpr}<w:t>2</w:t></w:r>",
                f'<w:r {nsdecls("w")}>{rpr}<w:fldChar w:fldCharType="end"/></w:r>',
            ):
                par._p.append(parse_xml(xml))

    # -- runs, footnotes, comments -----------------------------------------------------
    def body_paragraph(self):
        """An empty body paragraph (justified, first-line indent) to fill with `run`."""
        return self._para(
            self.doc,
            align=WD_ALIGN_PARAGRAPH.JUSTIFY,
            indent=True,
            space_after=self.profile.space_after_pt,
        )

    def run(self, par, text: str, *, bold: bool = False, italic: bool = False):
        run = par.add_run(_clean(text))
        run.font.size = Pt(self.profile.body_pt)
        run.bold, run.italic = bold or None, italic or None
        return run

    def footnote(self, par, text: str) -> int:
        """A real Word footnote, its reference at the end of `par` so far; returns its id."""
        if not self._notes:
            add_footnote_styles(self.doc, self.profile.footnote_pt)
        note_id = FIRST_ID + len(self._notes)
        self._notes[note_id] = text
        par._p.append(reference_run(note_id))
        return note_id

    def comment(self, runs, text: str, author: str = "tonghop", initials: str = "TH"):
        """A Word comment on `runs` (one run or a list); "\n" starts a new paragraph."""
        lines = _clean(text).split("\n")
        comment = self.doc.add_comment(runs, lines[0], author=author, initials=initials)
        for line in lines[1:]:
            comment.add_paragraph(line)
        # LibreOffice (7.4) drops the footnotes' texts when a comment has the id of a
        # footnote: comments get ids of their own, far above any footnote's.
        old = comment._comment_elm.get(qn("w:id"))
        new = str(COMMENT_ID_BASE + self._comments)
        self._comments += 1
        if old != new:
            comment._comment_elm.set(qn("w:id"), new)
            first = runs[0] if isinstance(runs, list | tuple) else runs
            last = runs[-1] if isinstance(runs, list | tuple) else runs
            paragraphs = {id(r._r.getparent()): r._r.getparent() for r in (first, last)}
            tags = ("w:commentRangeStart", "w:commentRangeEnd", "w:commentReference")
            for par in paragraphs.values():
                for el in par.iter(*(qn(t) for t in tags)):
                    if el.get(qn("w:id")) == old:
                        el.set(qn("w:id"), new)
        return comment

    # -- sections and fast tables -------------------------------------------------------
    def landscape_section(self) -> None:
        """A new page in landscape (A4 turned), same margins: for a wide annex table."""
        p = self.profile
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(p.page_height_mm), Mm(p.page_width_mm)
        section.top_margin, section.bottom_margin = Mm(p.margin_top_mm), Mm(p.margin_bottom_mm)
        section.left_margin, section.right_margin = Mm(p.margin_left_mm), Mm(p.margin_right_mm)

    @property
    def section_width_mm(self) -> float:
        """Text width of the last section (the page being written)."""
        s = self.doc.sections[-1]
        return (s.page_width - s.left_margin - s.right_margin) / Mm(1)

    def grid_table(
        self,
        rows: list[list[str]],
        widths_mm: list[float],
        *,
        header_rows: int = 1,
        bold_rows: frozenset[int] | set[int] = frozenset(),
        right_from: int | None = None,
        size: float | None = None,
    ):
        """A grid table of text built as XML in one go: thousands of cells in well under a
        second, where python-docx's cell access slows down with the table's size.

        The header rows repeat on every page; `bold_rows` (indices) are bold; columns
        from `right_from` on are right-aligned (numbers).
        """
        size2 = round((size or self.profile.table_pt) * 2)
        twips = [round(mm * 1440 / 25.4) for mm in widths_mm]
        # Text, not element by element: an annex of 500 units × 45 indicators is written in
        # a fraction of a second.
        rpr = f'<w:sz w:val="{size2}"/><w:szCs w:val="{size2}"/>'
        cell_pr = [
            f'<w:tcPr><w:tcW w:w="{t}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
            for t in twips
        ]
        spacing = '<w:spacing w:before="20" w:after="20"/><w:ind w:firstLine="0"/>'
        parts = [
            f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="TableGrid"/>'
            f'<w:tblW w:w="{sum(twips)}" w:type="dxa"/><w:jc w:val="center"/>'
            '<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>',
            *(f'<w:gridCol w:w="{t}"/>' for t in twips),
            "</w:tblGrid>",
        ]
        for i, row in enumerate(rows):
            head = i < header_rows
            parts.append("<w:tr><w:trPr><w:tblHeader/></w:trPr>" if head else "<w:tr>")
            bold = "<w:b/>" if head or i in bold_rows else ""
            for j, pr in enumerate(cell_pr):
                text = str(row[j]) if j < len(row) and row[j] is not None else ""
                if head:
                    align = "center"
                elif right_from is not None and j >= right_from:
                    align = "right"
                else:
                    align = "left"
                run = (
                    f'<w:r><w:rPr>{bold}{rpr}</w:rPr><w:t xml:space="preserve">'
                    f"{escape(_clean(text))}</w:t></w:r>"
                    if text
                    else ""
                )
                parts.append(
                    f'<w:tc>{pr}<w:p><w:pPr>{spacing}<w:jc w:val="{align}"/></w:pPr>'
                    f"{run}</w:p></w:tc>"
                )
            parts.append("</w:tr>")
        parts.append("</w:tbl>")
        tbl = parse_xml("".join(parts))
        self.doc.element.body.find(qn("w:sectPr")).addprevious(tbl)
        self._para(self.doc, size=2)  # Word wants a paragraph between a table and the end
        return tbl

    # -- output -------------------------------------------------------------------------
    def _finish(self) -> None:
        if self._notes and not self._notes_written:
            write_footnotes(self.doc, self._notes)
            self._notes_written = True

    def to_bytes(self) -> bytes:
        self._finish()
        buf = io.BytesIO()
        self.doc.save(buf)
        return buf.getvalue()

    def save(self, dest: str | PathLike | BinaryIO) -> None:
        self._finish()
        self.doc.save(str(dest) if isinstance(dest, str | PathLike) else dest)


@dataclass
class Photo:
    """A picture for a table cell: PNG/JPEG bytes (or None) at a width in mm."""

    data: bytes | None
    width_mm: float = 30
