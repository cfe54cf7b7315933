"""Word .docx reader working on the package XML directly (zipfile + lxml).

python-docx is not used here: it resolves neither automatic numbering nor
footnotes, and building its object tree costs more than the whole read.
What comes out is what a reader of the document sees: numbering labels
written into the text, footnote references as superscript digits, the
footnote texts as `footnote` blocks after the body.
"""

from __future__ import annotations

import io
import posixpath
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, replace

from lxml import etree

from tonghop.model import Block, RawDocument, ReadError, superscript
from tonghop.numbers import to_roman
from tonghop.readers.layout import is_layout_table
from tonghop.readers.limits import check_word_xml

MAX_MEMBER_BYTES = 200 * 1024 * 1024  # zip-bomb guard, per package part

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
# ISO "Strict" documents use other namespace URIs for the same vocabulary.
_STRICT_W = b"http://purl.oclc.org/ooxml/wordprocessingml/main"
_TRANSITIONAL_W = _W.encode()


def _q(name: str) -> str:
    return f"{{{_W}}}{name}"


_BODY, _P, _R, _T, _TBL, _TR, _TC = map(_q, ("body", "p", "r", "t", "tbl", "tr", "tc"))
_PPR, _RPR, _PSTYLE, _RSTYLE = map(_q, ("pPr", "rPr", "pStyle", "rStyle"))
_NUMPR, _NUMID, _ILVL, _JC, _OUTLINE = map(_q, ("numPr", "numId", "ilvl", "jc", "outlineLvl"))
_B, _I, _CAPS, _VANISH = map(_q, ("b", "i", "caps", "vanish"))
_VERTALIGN = _q("vertAlign")
_TAB, _PTAB, _BR, _CR, _NBH, _SYM = map(_q, ("tab", "ptab", "br", "cr", "noBreakHyphen", "sym"))
_FNREF, _ENREF = _q("footnoteReference"), _q("endnoteReference")
_DRAWING, _PICT, _TXBX = _q("drawing"), _q("pict"), _q("txbxContent")
_SDT, _SDTCONTENT = _q("sdt"), _q("sdtContent")
_STYLE, _DOCDEFAULTS, _BASEDON, _NAME = map(_q, ("style", "docDefaults", "basedOn", "name"))
_RPRDEFAULT = _q("rPrDefault")
_ABSTRACT, _NUM, _ABSTRACTID, _LVL = map(_q, ("abstractNum", "num", "abstractNumId", "lvl"))
_LVLOVERRIDE, _STARTOVERRIDE = _q("lvlOverride"), _q("startOverride")
_NUMSTYLELINK, _START, _NUMFMT, _LVLTEXT = map(_q, ("numStyleLink", "start", "numFmt", "lvlText"))
_LVLRESTART, _ISLGL = _q("lvlRestart"), _q("isLgl")
_FOOTNOTE, _ENDNOTE = _q("footnote"), _q("endnote")
_VAL, _ID, _TYPE, _STYLEID = map(_q, ("val", "id", "type", "styleId"))
_DEFAULT, _ILVL_ATTR = _q("default"), _q("ilvl")
_CUSTOMMARK, _CHAR, _FONT = _q("customMarkFollows"), _q("char"), _q("font")
_TBLPR, _TBLBORDERS, _TBLSTYLE = map(_q, ("tblPr", "tblBorders", "tblStyle"))
_TCPR, _TCBORDERS = _q("tcPr"), _q("tcBorders")
_ALT, _CHOICE, _FALLBACK = (f"{{{_MC}}}{n}" for n in ("AlternateContent", "Choice", "Fallback"))

# Inline containers whose runs are shown; w:del, w:moveFrom and the rest are not.
_INLINE_WRAPPERS = frozenset(
    map(_q, ("hyperlink", "smartTag", "ins", "moveTo", "customXml", "fldSimple", "dir", "bdo"))
)
# Block-level containers holding paragraphs and tables.
_BLOCK_WRAPPERS = frozenset(map(_q, ("customXml", "ins", "moveTo")))
_OFF = frozenset(("0", "false", "off"))
_HEADING_NAME = re.compile(r"heading\s*([1-9])")
_ALNUM = re.compile(r"[^\W_]")
_ENDNOTE_MARK = re.compile("\x00([^\x00]*)\x00")

# Symbol-font code points (w:sym w:char="F0xx") worth keeping as text.
_SYMBOL_CHARS = {
    0xB7: "•", 0x2D: "−", 0xB1: "±", 0xB4: "×", 0xB8: "÷", 0xB0: "°",
    0xA3: "≤", 0xB3: "≥", 0xB9: "≠", 0xBB: "≈", 0xA5: "∞", 0xD6: "√",
    0xAC: "←", 0xAE: "→", 0xAD: "↑", 0xAF: "↓", 0xDE: "⇒", 0xDB: "⇔",
}  # fmt: skip
_WINGDINGS_CHARS = {0x9F: "•", 0xA7: "▪", 0x6C: "●", 0x6E: "■", 0xD8: "➢", 0xFC: "✓", 0xFB: "✗"}

# Run properties travel as (bold, italic, caps, vanish), each True/False/None (not set).
_UNSET: tuple = (None, None, None, None)

_CORRUPT = "Tệp .docx bị hỏng hoặc không phải tệp Word: "


def _on(v: str | None) -> bool:
    return v is None or v.lower() not in _OFF


def _int(v: str | None) -> int | None:
    try:
        return int(v) if v is not None else None
    except ValueError:
        return None


def _merge(own: tuple, base: tuple) -> tuple:
    return tuple(a if a is not None else b for a, b in zip(own, base, strict=True))


def _rprops(rpr) -> tuple[tuple, str | None]:
    """Bold/italic/caps/vanish set in one w:rPr, and its character style."""
    b = i = caps = vanish = rstyle = None
    for c in rpr:
        tag = c.tag
        if tag == _B:
            b = _on(c.get(_VAL))
        elif tag == _I:
            i = _on(c.get(_VAL))
        elif tag == _CAPS:
            caps = _on(c.get(_VAL))
        elif tag == _VANISH:
            vanish = _on(c.get(_VAL))
        elif tag == _RSTYLE:
            rstyle = c.get(_VAL)
    return (b, i, caps, vanish), rstyle


# --------------------------------------------------------------------------- styles


@dataclass(slots=True)
class _PStyle:
    sid: str | None
    r: tuple  # run properties from the style chain (docDefaults not included)
    jc: str | None
    heading: int | None
    num_id: str | None
    ilvl: int | None


class _Styles:
    def __init__(self, root) -> None:
        self.el: dict[str, object] = {}
        self.default_para: str | None = None
        self.defaults: tuple = (None, None, None, None)
        self._para: dict[str | None, _PStyle] = {}
        self._char: dict[str, tuple] = {}
        if root is None:
            return
        for st in root:
            if st.tag == _STYLE:
                sid = st.get(_STYLEID)
                if sid is None:
                    continue
                self.el.setdefault(sid, st)
                if (
                    self.default_para is None
                    and st.get(_TYPE, "paragraph") == "paragraph"
                    and st.get(_DEFAULT) is not None
                    and _on(st.get(_DEFAULT))
                ):
                    self.default_para = sid
            elif st.tag == _DOCDEFAULTS:
                rpr = st.find(f"{_RPRDEFAULT}/{_RPR}")
                if rpr is not None:
                    self.defaults = _rprops(rpr)[0]

    def para(self, sid: str | None) -> _PStyle:
        if sid is None or sid not in self.el:
            sid = self.default_para
        ps = self._para.get(sid)
        if ps is None:
            ps = self._para[sid] = self._build_para(sid, set())
        return ps

    def _build_para(self, sid: str | None, seen: set) -> _PStyle:
        el = self.el.get(sid) if sid is not None else None
        if el is None or sid in seen:
            return _PStyle(sid, _UNSET, None, None, None, None)
        seen.add(sid)
        based = el.find(_BASEDON)
        base_id = based.get(_VAL) if based is not None else None
        if base_id is not None and base_id in self.el and base_id not in seen:
            base = self._para.get(base_id) or self._build_para(base_id, seen)
        else:
            base = _PStyle(None, _UNSET, None, None, None, None)
        name_el = el.find(_NAME)
        name = (name_el.get(_VAL) or "").strip().lower() if name_el is not None else ""
        jc = outline = num_id = ilvl = None
        ppr = el.find(_PPR)
        if ppr is not None:
            for c in ppr:
                if c.tag == _JC:
                    jc = c.get(_VAL)
                elif c.tag == _OUTLINE:
                    outline = _int(c.get(_VAL))
                elif c.tag == _NUMPR:
                    for cc in c:
                        if cc.tag == _NUMID:
                            num_id = cc.get(_VAL)
                        elif cc.tag == _ILVL:
                            ilvl = _int(cc.get(_VAL))
        rpr = el.find(_RPR)
        r = _merge(_rprops(rpr)[0], base.r) if rpr is not None else base.r
        m = _HEADING_NAME.fullmatch(name)
        if m:
            heading = int(m.group(1))
        elif name == "title":
            heading = 1
        elif outline is not None:
            heading = outline + 1 if 0 <= outline < 9 else None
        else:
            heading = base.heading
        return _PStyle(
            sid,
            r,
            jc if jc is not None else base.jc,
            heading,
            num_id if num_id is not None else base.num_id,
            ilvl if ilvl is not None else base.ilvl,
        )

    def char(self, sid: str) -> tuple:
        props = self._char.get(sid)
        if props is None:
            props = self._char[sid] = self._build_char(sid, set())
        return props

    def _build_char(self, sid: str, seen: set) -> tuple:
        el = self.el.get(sid)
        if el is None or sid in seen:
            return _UNSET
        seen.add(sid)
        rpr = el.find(_RPR)
        own = _rprops(rpr)[0] if rpr is not None else _UNSET
        based = el.find(_BASEDON)
        if based is not None and based.get(_VAL) is not None:
            own = _merge(own, self._build_char(based.get(_VAL), seen))
        return own


# --------------------------------------------------------------------------- numbering


@dataclass(slots=True)
class _Lvl:
    start: int = 0  # ECMA-376: an absent w:start means 0
    fmt: str = "decimal"
    text: str | None = None
    restart: int | None = None  # w:lvlRestart; None = after any shallower level
    legal: bool = False
    pstyle: str | None = None


def _parse_lvl(el) -> _Lvl:
    lvl = _Lvl()
    for c in el:
        tag, v = c.tag, c.get(_VAL)
        if tag == _START:
            lvl.start = _int(v) or 0
        elif tag == _NUMFMT:
            lvl.fmt = v or "decimal"
        elif tag == _LVLTEXT:
            lvl.text = v
        elif tag == _LVLRESTART:
            lvl.restart = _int(v)
        elif tag == _ISLGL:
            lvl.legal = _on(v)
        elif tag == _PSTYLE:
            lvl.pstyle = v
    return lvl


def _roman(n: int) -> str:
    # Word writes a number outside 1..3999 in digits.
    return to_roman(n) if 0 < n < 4000 else str(n)


def _letter(n: int) -> str:
    # Word repeats the letter past Z: 27 -> AA, 28 -> BB.
    if n <= 0:
        return str(n)
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _format_number(n: int, fmt: str) -> str:
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperLetter":
        return _letter(n)
    if fmt == "lowerLetter":
        return _letter(n).lower()
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)  # decimal and every format without a Vietnamese reading


class _Numbering:
    def __init__(self, root, styles: _Styles) -> None:
        self.styles = styles
        self.abstract: dict[str, dict[int, _Lvl]] = {}
        self.style_link: dict[str, str] = {}
        self.nums: dict[str, tuple[str, dict[int, tuple[int | None, _Lvl | None]]]] = {}
        self.counters: dict[str, list[int | None]] = {}  # abstractNum id -> level counters
        self._seen: set[tuple[str, int]] = set()  # (numId, level) already shown
        self._resolved: dict[str, tuple[str, dict[int, _Lvl], dict[int, int]] | None] = {}
        if root is None:
            return
        for el in root:
            if el.tag == _ABSTRACT:
                aid = el.get(_q("abstractNumId"))
                levels: dict[int, _Lvl] = {}
                for c in el:
                    if c.tag == _LVL:
                        k = _int(c.get(_ILVL_ATTR))
                        if k is not None and 0 <= k < 9:
                            levels[k] = _parse_lvl(c)
                    elif c.tag == _NUMSTYLELINK and c.get(_VAL):
                        self.style_link[aid] = c.get(_VAL)
                self.abstract[aid] = levels
            elif el.tag == _NUM:
                nid = el.get(_q("numId"))
                aid_el = el.find(_ABSTRACTID)
                if nid is None or aid_el is None:
                    continue
                overrides: dict[int, tuple[int | None, _Lvl | None]] = {}
                for ov in el.iterchildren(_LVLOVERRIDE):
                    k = _int(ov.get(_ILVL_ATTR))
                    if k is None or not 0 <= k < 9:
                        continue
                    start_el = ov.find(_STARTOVERRIDE)
                    lvl_el = ov.find(_LVL)
                    overrides[k] = (
                        _int(start_el.get(_VAL)) if start_el is not None else None,
                        _parse_lvl(lvl_el) if lvl_el is not None else None,
                    )
                self.nums[nid] = (aid_el.get(_VAL), overrides)

    def _abstract_levels(self, aid: str) -> tuple[str, dict[int, _Lvl]]:
        # numStyleLink: the levels live in the abstractNum behind a numbering style.
        for _ in range(5):
            link = self.style_link.get(aid)
            if link is None or link not in self.styles.el:
                break
            nid = self.styles.para(link).num_id
            target = self.nums.get(nid) if nid else None
            if target is None or target[0] == aid:
                break
            aid = target[0]
        return aid, self.abstract.get(aid, {})

    def _resolve(self, nid: str):
        if nid in self._resolved:
            return self._resolved[nid]
        info = self.nums.get(nid)
        res = None
        if info is not None:
            aid, overrides = info
            aid, levels = self._abstract_levels(aid)
            starts: dict[int, int] = {}
            if overrides:
                levels = dict(levels)
                for k, (start, lvl) in overrides.items():
                    if lvl is not None:
                        levels[k] = lvl
                    if start is not None:
                        levels[k] = replace(levels.get(k) or _Lvl(), start=start)
                        starts[k] = start
            res = (aid, levels, starts)
        self._resolved[nid] = res
        return res

    def label(self, nid: str, ilvl: int | None, pstyle: str | None) -> str:
        res = self._resolve(nid)
        if res is None:
            return ""
        aid, levels, starts = res
        if ilvl is None:
            ilvl = next((k for k, lv in levels.items() if lv.pstyle and lv.pstyle == pstyle), 0)
        lvl = levels.get(ilvl)
        if lvl is None:
            return ""
        # Word keeps one counter set per abstract numbering, shared by all its w:num
        # instances; an instance with a startOverride restarts that level where it
        # first appears at it (LibreOffice writes its restarts this way too).
        counters = self.counters.setdefault(aid, [None] * 9)
        first_use = (nid, ilvl) not in self._seen
        self._seen.add((nid, ilvl))
        cur = counters[ilvl]
        if first_use and ilvl in starts:
            counters[ilvl] = starts[ilvl]
        else:
            counters[ilvl] = lvl.start if cur is None else cur + 1
        for d in range(ilvl + 1, 9):
            deeper = levels.get(d)
            restart = deeper.restart if deeper is not None else None
            if restart is None or (restart != 0 and ilvl < restart):
                counters[d] = None
        if lvl.fmt == "bullet":
            return "-" if ilvl == 0 else "+"
        if not lvl.text:
            return ""

        def number(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            lk = levels.get(k)
            if lk is None or lk.fmt in ("bullet", "none"):
                return ""
            value = counters[k] if counters[k] is not None else lk.start
            return _format_number(value, "decimal" if lvl.legal else lk.fmt)

        return re.sub(r"%([1-9])", number, lvl.text).strip()


# --------------------------------------------------------------------------- body


class _Reader:
    def __init__(self, styles: _Styles, numbering: _Numbering) -> None:
        self.styles = styles
        self.numbering = numbering
        self.fn_auto: dict[str, int] = {}  # footnote id -> number, by first reference
        self.fn_custom: dict[str, None] = {}  # footnotes shown with a custom mark
        self.en_auto: dict[str, int] = {}  # endnote id -> order of first reference
        self.en_custom: dict[str, None] = {}
        self._pending: list[Block] = []  # text-box paragraphs, emitted after their anchor

    def blocks(self, container, out: list[Block]) -> None:
        for el in container:
            tag = el.tag
            if tag == _P:
                text, bold, italic, heading, centered = self.para(el)
                if text:
                    out.append(
                        Block(
                            text, bold=bold, italic=italic, heading_level=heading, centered=centered
                        )
                    )
                if self._pending:
                    out.extend(self._pending)
                    self._pending = []
            elif tag == _TBL:
                cells = self.table(el)
                rows = [[_flatten(c) for c in row] for row in cells]
                if not any(any(cell for cell in row) for row in rows):
                    continue
                if is_layout_table(rows, self.bordered(el)):
                    # Header, address or signature laid out in a table: its paragraphs,
                    # row by row, left cell first (nested data tables stay tables).
                    for row in cells:
                        for cell in row:
                            out.extend(cell)
                else:
                    out.append(Block("", kind="table", rows=rows))
            elif tag == _SDT:
                content = el.find(_SDTCONTENT)
                if content is not None:
                    self.blocks(content, out)
            elif tag in _BLOCK_WRAPPERS:
                self.blocks(el, out)

    def table(self, tbl) -> list[list[list[Block]]]:
        """The blocks of each cell, row by row."""
        rows = []
        for tr in _children(tbl, _TR):
            row = []
            for tc in _children(tr, _TC):
                inner: list[Block] = []
                self.blocks(tc, inner)
                row.append(inner)
            if row:
                rows.append(row)
        return rows

    def bordered(self, tbl) -> bool:
        """Does the table draw any line: its own borders, its style's, or a cell's?"""
        tbl_pr = tbl.find(_TBLPR)
        own = tbl_pr.find(_TBLBORDERS) if tbl_pr is not None else None
        if own is not None:
            if _visible(own):
                return True
        else:
            style = tbl_pr.find(_TBLSTYLE) if tbl_pr is not None else None
            sid, seen = (style.get(_VAL) if style is not None else None), set()
            while sid and sid not in seen:  # the table style and those it is based on
                seen.add(sid)
                el = self.styles.el.get(sid)
                if el is None:
                    break
                borders = el.find(f"{_TBLPR}/{_TBLBORDERS}")
                if borders is not None:
                    if _visible(borders):
                        return True
                    break
                based = el.find(_BASEDON)
                sid = based.get(_VAL) if based is not None else None
        for tr in _children(tbl, _TR):
            for tc in _children(tr, _TC):
                borders = tc.find(f"{_TCPR}/{_TCBORDERS}")
                if borders is not None and _visible(borders):
                    return True
        return False

    def para(self, p) -> tuple[str, bool, bool, int | None, bool]:
        sid = num_id = ilvl = jc = outline = None
        ppr = p.find(_PPR)
        if ppr is not None:
            for c in ppr:
                tag = c.tag
                if tag == _PSTYLE:
                    sid = c.get(_VAL)
                elif tag == _NUMPR:
                    for cc in c:
                        if cc.tag == _NUMID:
                            num_id = cc.get(_VAL)
                        elif cc.tag == _ILVL:
                            ilvl = _int(cc.get(_VAL))
                elif tag == _JC:
                    jc = c.get(_VAL)
                elif tag == _OUTLINE:
                    outline = _int(c.get(_VAL))
        ps = self.styles.para(sid)
        base = _merge(ps.r, self.styles.defaults)
        pieces: list[str] = []
        all_bold = all_italic = True
        letters = False
        runs: list = []
        _collect_runs(p, runs)
        for r in runs:
            if r.tag != _R:  # mc:AlternateContent straight in the paragraph
                self._textboxes(r)
                continue
            props = base
            rpr = r.find(_RPR)
            raised = False
            if rpr is not None:
                # Digits set in superscript by hand (a footnote copied from a PDF): a marker.
                align = rpr.find(_VERTALIGN)
                raised = align is not None and align.get(_VAL) == "superscript"
                direct, rstyle = _rprops(rpr)
                if rstyle is not None:
                    props = _merge(self.styles.char(rstyle), props)
                props = _merge(direct, props)
            if props[3]:  # hidden text
                continue
            buf: list[str] = []
            for c in r:
                tag = c.tag
                if tag == _T:
                    if c.text:
                        buf.append(c.text)
                elif tag in (_TAB, _PTAB):
                    buf.append(" ")
                elif tag in (_BR, _CR):
                    buf.append("\n")  # page breaks too; stripped at paragraph ends
                elif tag == _NBH:
                    buf.append("-")
                elif tag == _SYM:
                    buf.append(_sym(c))
                elif tag in (_FNREF, _ENREF):
                    if buf:
                        letters, all_bold, all_italic = _add_run_text(
                            buf, props, pieces, letters, all_bold, all_italic
                        )
                        buf = []
                    pieces.append(self._note_marker(c, tag == _FNREF))
                elif tag in (_DRAWING, _PICT, _ALT):
                    self._textboxes(c)
            if buf and raised and "".join(buf).strip().isdigit():
                pieces.append(superscript(int("".join(buf).strip())))
            elif buf:
                letters, all_bold, all_italic = _add_run_text(
                    buf, props, pieces, letters, all_bold, all_italic
                )
        # Composed letters, as the other readers give them: some Word files hold "Ủ" as
        # "U" and a combining hook, which no search or comparison would match.
        text = unicodedata.normalize("NFC", "".join(pieces).strip())
        nid = num_id if num_id is not None else ps.num_id
        if nid and nid != "0":
            label = self.numbering.label(nid, ilvl if ilvl is not None else ps.ilvl, ps.sid)
            if label:
                text = f"{label} {text}" if text else label
        heading = ps.heading
        if outline is not None:  # direct outline level wins; 9 means body text
            heading = outline + 1 if 0 <= outline < 9 else None
        centered = (jc if jc is not None else ps.jc) == "center"
        return text, letters and all_bold, letters and all_italic, heading, centered

    def _note_marker(self, ref, footnote: bool) -> str:
        nid = ref.get(_ID) or ""
        auto, custom = (
            (self.fn_auto, self.fn_custom) if footnote else (self.en_auto, self.en_custom)
        )
        if ref.get(_CUSTOMMARK) is not None and _on(ref.get(_CUSTOMMARK)):
            custom.setdefault(nid, None)  # the mark itself follows as ordinary text
            return ""
        if nid not in auto:
            auto[nid] = len(auto) + 1
        if footnote:
            return superscript(auto[nid])
        return f"\x00{nid}\x00"  # endnote numbers follow the footnotes: known at the end

    def _textboxes(self, el) -> None:
        if el.tag == _ALT:
            # Choice (DrawingML) and Fallback (VML) hold the same text box twice.
            boxed = (
                c for c in el.iterchildren(_CHOICE, _FALLBACK) if c.find(".//" + _TXBX) is not None
            )
            src = next(boxed, None)
            if src is None:
                return
        else:
            src = el
        saved, self._pending = self._pending, []
        found: list[Block] = []
        for box in src.iter(_TXBX):
            self.blocks(box, found)
        self._pending = saved + found


def _visible(borders) -> bool:
    return any((b.get(_VAL) or "none") not in ("nil", "none") for b in borders)


def _add_run_text(buf, props, pieces, letters, all_bold, all_italic):
    s = "".join(buf)
    if props[2]:
        s = s.upper()
    if _ALNUM.search(s):
        letters = True
        all_bold = all_bold and bool(props[0])
        all_italic = all_italic and bool(props[1])
    pieces.append(s)
    return letters, all_bold, all_italic


def _flatten(blocks: list[Block]) -> str:
    """Text of a table cell or a note: paragraphs on their own lines, nested rows joined."""
    lines = []
    for b in blocks:
        if b.kind == "table":
            lines.extend(" | ".join(c for c in row if c) for row in b.rows or [])
        else:
            lines.append(b.text)
    return "\n".join(line for line in lines if line)


def _collect_runs(el, out: list) -> None:
    for c in el:
        tag = c.tag
        if tag in (_R, _ALT):
            out.append(c)
        elif tag in _INLINE_WRAPPERS:
            _collect_runs(c, out)
        elif tag == _SDT:
            content = c.find(_SDTCONTENT)
            if content is not None:
                _collect_runs(content, out)


def _children(el, tag: str):
    """Children with `tag`, looking through content controls and custom XML."""
    for c in el:
        if c.tag == tag:
            yield c
        elif c.tag == _SDT:
            content = c.find(_SDTCONTENT)
            if content is not None:
                yield from _children(content, tag)
        elif c.tag in _BLOCK_WRAPPERS:
            yield from _children(c, tag)


def _sym(el) -> str:
    code = _int_hex(el.get(_CHAR))
    if code is None:
        return ""
    font = (el.get(_FONT) or "").lower()
    if 0xF000 <= code <= 0xF0FF:
        code -= 0xF000
        if "wingdings" in font:
            return _WINGDINGS_CHARS.get(code, "")
        if "symbol" in font:
            return _SYMBOL_CHARS.get(code, "")
        return ""
    ch = chr(code) if code < 0x110000 else ""
    return ch if ch.isprintable() else ""


def _int_hex(v: str | None) -> int | None:
    try:
        return int(v, 16) if v else None
    except ValueError:
        return None


# --------------------------------------------------------------------------- package


class _Package:
    def __init__(self, data: bytes) -> None:
        try:
            self.zf = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, ValueError, NotImplementedError, OSError, EOFError):
            # A mangled central directory fails in many ways (bad names, versions...).
            raise ReadError(
                _CORRUPT + "không mở được tệp nén (tệp có thể bị cắt cụt, tải về chưa hết, "
                "hoặc là một loại tệp khác đổi đuôi thành .docx)."
            ) from None
        self.names = {n.lower(): n for n in self.zf.namelist()}
        self.parser = etree.XMLParser(
            resolve_entities=False, no_network=True, remove_comments=True, remove_pis=True
        )

    def read(self, name: str) -> bytes | None:
        real = self.names.get(name.lower())
        if real is None:
            return None
        info = self.zf.getinfo(real)
        if info.file_size > MAX_MEMBER_BYTES:
            raise _too_big(real, info.file_size)
        try:
            with self.zf.open(info) as f:
                data = f.read(MAX_MEMBER_BYTES + 1)
        except (NotImplementedError, RuntimeError):  # unknown compression, encryption
            raise ReadError(
                _CORRUPT + f"phần {real} dùng cách nén hoặc mã hóa không được hỗ trợ."
            ) from None
        except (zipfile.BadZipFile, zlib.error, ValueError, EOFError, OSError):
            raise ReadError(_CORRUPT + f"dữ liệu nén của phần {real} bị lỗi.") from None
        if len(data) > MAX_MEMBER_BYTES:
            raise _too_big(real, len(data))
        return data

    def xml(self, name: str | None):
        if name is None:
            return None
        data = self.read(name)
        if data is None:
            return None
        if _STRICT_W in data:
            data = data.replace(_STRICT_W, _TRANSITIONAL_W)
        try:
            return etree.fromstring(data, self.parser)
        except etree.XMLSyntaxError as exc:
            line = f" (dòng {exc.lineno})" if getattr(exc, "lineno", None) else ""
            raise ReadError(
                f"Tệp .docx bị hỏng: phần {name} không phải XML hợp lệ{line}. "
                "Hãy mở tệp bằng Word và lưu lại."
            ) from None

    def rels(self, part: str) -> dict[str, str]:
        """Relationship type (last path segment) -> target part name."""
        folder, base = posixpath.split(part)
        try:
            root = self.xml(posixpath.join(folder, "_rels", base + ".rels"))
        except ReadError:
            return {}  # broken rels: fall back to the usual part names
        out: dict[str, str] = {}
        if root is None:
            return out
        for rel in root.iterchildren(f"{{{_PKG_RELS}}}Relationship"):
            target, rtype = rel.get("Target"), rel.get("Type") or ""
            if not target or rel.get("TargetMode") == "External":
                continue
            if target.startswith("/"):
                name = target.lstrip("/")
            else:
                name = posixpath.normpath(posixpath.join(folder, target))
            out.setdefault(rtype.rsplit("/", 1)[-1], name)
        return out

    def what_is_it(self) -> str:
        names = self.names
        if "xl/workbook.xml" in names:
            return "bảng tính Excel (.xlsx)"
        if "ppt/presentation.xml" in names:
            return "bản trình chiếu PowerPoint (.pptx)"
        if "mimetype" in names:
            try:
                mime = (self.read("mimetype") or b"")[:100].decode("ascii", "replace")
            except (zipfile.BadZipFile, OSError, zlib.error):
                mime = ""
            if "opendocument.text" in mime:
                return "văn bản OpenDocument (.odt)"
            if "opendocument.spreadsheet" in mime:
                return "bảng tính OpenDocument (.ods)"
            if "opendocument.presentation" in mime:
                return "bản trình chiếu OpenDocument (.odp)"
            if "epub" in mime:
                return "sách điện tử EPUB"
        if "[content_types].xml" in names:
            return "một tệp Office khác, không phải văn bản Word"
        return "một tệp nén ZIP thông thường"


def _too_big(name: str, size: int) -> ReadError:
    return ReadError(
        f"Tệp .docx có phần {name} quá lớn khi giải nén ({size // (1024 * 1024)} MB, "
        f"giới hạn {MAX_MEMBER_BYTES // (1024 * 1024)} MB): tệp hỏng hoặc không an toàn."
    )


def _notes(reader: _Reader, root, tag: str) -> dict[str, Block]:
    """Note id -> footnote Block (number set later), in document order."""
    out: dict[str, Block] = {}
    if root is None:
        return out
    for note in root.iterchildren(tag):
        if note.get(_TYPE, "normal") != "normal":  # separators, continuation notices
            continue
        inner: list[Block] = []
        reader.blocks(note, inner)
        paras = [b for b in inner if b.kind == "para"]
        out[note.get(_ID) or ""] = Block(
            _flatten(inner),
            kind="footnote",
            bold=bool(paras) and all(b.bold for b in paras),
            italic=bool(paras) and all(b.italic for b in paras),
        )
    return out


def _number_notes(defs: dict[str, Block], auto: dict[str, int], custom, first: int):
    """Number the notes: referenced ones in reference order, custom-marked, then unreferenced."""
    order = list(auto)
    order += [i for i in custom if i not in auto]
    seen = set(order)
    order += [i for i, b in defs.items() if i not in seen and b.text]
    numbers = {nid: first + k for k, nid in enumerate(order)}
    blocks = [replace(defs[nid], footnote=numbers[nid]) for nid in order if nid in defs]
    return numbers, blocks


def _read(data: bytes) -> RawDocument:
    pkg = _Package(data)
    main = pkg.rels("").get("officeDocument")
    if main is None or main.lower() not in pkg.names:
        main = "word/document.xml"
    if main.lower() not in pkg.names:
        raise ReadError(
            f"Tệp không phải văn bản Word (.docx): có vẻ là {pkg.what_is_it()}. "
            "Hãy mở bằng Word (hoặc LibreOffice) và lưu lại dưới dạng .docx."
        )
    rels = pkg.rels(main)
    folder = posixpath.dirname(main)

    def part(kind: str) -> str:
        return rels.get(kind) or posixpath.join(folder, kind + ".xml")

    main_xml = pkg.read(main)
    if main_xml is not None:
        check_word_xml(main_xml)  # refused before the tree is built, not after
    doc = pkg.xml(main)
    body = doc.find(_BODY) if doc is not None else None
    styles = _Styles(pkg.xml(part("styles")))
    reader = _Reader(styles, _Numbering(pkg.xml(part("numbering")), styles))
    blocks: list[Block] = []
    if body is not None:
        reader.blocks(body, blocks)
    if not blocks:
        pictures = body is not None and next(body.iter(_DRAWING, _PICT), None) is not None
        raise ReadError(
            "Tệp .docx không có nội dung chữ."
            + (" Tệp chỉ có hình ảnh (có thể là bản chụp/quét văn bản)." if pictures else "")
        )
    fn_defs = _notes(reader, pkg.xml(part("footnotes")), _FOOTNOTE)
    fn_numbers, fn_blocks = _number_notes(fn_defs, reader.fn_auto, reader.fn_custom, 1)
    en_defs = _notes(reader, pkg.xml(part("endnotes")), _ENDNOTE)
    first = max(fn_numbers.values(), default=0) + 1
    en_numbers, en_blocks = _number_notes(en_defs, reader.en_auto, reader.en_custom, first)
    blocks += fn_blocks + en_blocks
    if reader.en_auto:

        def mark(m: re.Match) -> str:
            n = en_numbers.get(m.group(1))
            return superscript(n) if n is not None else ""

        for b in blocks:
            if "\x00" in b.text:
                b.text = _ENDNOTE_MARK.sub(mark, b.text)
            if b.rows:
                b.rows = [[_ENDNOTE_MARK.sub(mark, c) for c in row] for row in b.rows]
    return RawDocument(blocks=blocks, format="docx")


def read_docx(data: bytes) -> RawDocument:
    """Read a .docx file held in memory; every failure is a ReadError in Vietnamese."""
    try:
        return _read(data)
    except ReadError:
        raise
    except MemoryError:
        raise ReadError("Tệp .docx quá lớn để đọc.") from None
    except Exception as exc:  # never let a parser bug show the user a traceback
        raise ReadError(
            f"Không đọc được tệp .docx: lỗi không mong đợi ({type(exc).__name__})."
        ) from None
