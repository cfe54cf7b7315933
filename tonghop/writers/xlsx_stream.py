"""A plain .xlsx written as a stream of rows: numbers as numbers, text inline, a few
styles (bold heading on a grey band, a title, dates, percentages), column widths, frozen
panes and a filter on a header row.

openpyxl, even in write-only mode, spends tens of microseconds per cell: a campaign of
5,000 units and 50 indicators is about a million cells, half a minute.  Here a cell is a
string format, so the same workbook takes a second or two.  The file is ordinary Office
Open XML (inline strings, one stylesheet) that Excel, LibreOffice and openpyxl read.

    book = StreamBook()
    sheet = book.sheet("Số liệu", widths=[6, 40], freeze="C4")
    sheet.row([Cell("Tiêu đề", TITLE)])
    sheet.row([1, "Phường Phúc Xá", None, 4.5])
    data = book.save()
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from xml.sax.saxutils import escape

# Style ids, as in _STYLES' cellXfs.
PLAIN, HEADING, TITLE, BOLD, DATE, DATETIME, PERCENT = range(7)
_EPOCH = dt.datetime(1899, 12, 30)  # day 0 of Excel's 1900 date system
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class Cell:
    value: object
    style: int = PLAIN


def column_letter(n: int) -> str:
    """1 -> A, 27 -> AA."""
    out = ""
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(65 + rest) + out
    return out


def _text(value: str) -> str:
    return escape(_BAD_XML.sub("", value))


def _number(value) -> str | None:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else None
    if isinstance(value, Decimal):
        return str(value) if value.is_finite() else None
    if isinstance(value, dt.date):  # a datetime is a date too; naive, local time
        if not isinstance(value, dt.datetime):
            value = dt.datetime(value.year, value.month, value.day)
        delta = value.replace(tzinfo=None) - _EPOCH
        return repr(delta.days + delta.seconds / 86400)
    return None


@dataclass
class StreamSheet:
    name: str
    widths: list[float] = field(default_factory=list)
    freeze: str = ""  # the first cell not frozen, "F4"
    filter_row: int = 0  # the header row a filter sits on (to the last row and column)
    _rows: list[str] = field(default_factory=list)
    _letters: list[str] = field(default_factory=list)
    _texts: dict[str, str] = field(default_factory=dict)

    def row(self, cells) -> None:
        """One row; None and "" leave a cell empty.  Repeated texts ("1/1") are escaped
        once: a million cells is the common case here."""
        n = len(self._rows) + 1
        while len(self._letters) < len(cells):
            self._letters.append(column_letter(len(self._letters) + 1))
        letters, texts = self._letters, self._texts
        parts = [f'<row r="{n}">']
        for k, cell in enumerate(cells):
            kind = type(cell)
            if kind is int or kind is float or kind is Decimal:
                number = _number(cell)
                if number is not None:
                    parts.append(f'<c r="{letters[k]}{n}"><v>{number}</v></c>')
                continue
            if kind is str:
                if cell:
                    t = texts.get(cell)
                    if t is None:
                        t = _text(cell)
                        if len(texts) < 100_000:  # names are many, but "1/1" is most
                            texts[cell] = t
                    parts.append(
                        f'<c r="{letters[k]}{n}" t="inlineStr"><is>'
                        f'<t xml:space="preserve">{t}</t></is></c>'
                    )
                continue
            style = PLAIN
            if kind is Cell:
                cell, style = cell.value, cell.style
            s = f' s="{style}"' if style else ""
            if cell is None or cell == "":
                if style:
                    parts.append(f'<c r="{letters[k]}{n}"{s}/>')
                continue
            if style == PLAIN and isinstance(cell, dt.date):  # else a bare day number
                style = DATETIME if isinstance(cell, dt.datetime) else DATE
                s = f' s="{style}"'
            number = _number(cell)
            if number is not None:
                parts.append(f'<c r="{letters[k]}{n}"{s}><v>{number}</v></c>')
            else:
                parts.append(
                    f'<c r="{letters[k]}{n}"{s} t="inlineStr"><is>'
                    f'<t xml:space="preserve">{_text(str(cell))}</t></is></c>'
                )
        parts.append("</row>")
        self._rows.append("".join(parts))

    def xml(self) -> str:
        view = '<sheetView workbookViewId="0"/>'
        if self.freeze:
            m = re.fullmatch(r"([A-Z]+)(\d+)", self.freeze)
            col = 0
            for ch in m.group(1):
                col = col * 26 + ord(ch) - 64
            x, y = col - 1, int(m.group(2)) - 1
            pane = '<pane state="frozen" activePane="bottomRight"'
            pane += f' xSplit="{x}"' if x else ""
            pane += f' ySplit="{y}"' if y else ""
            pane += f' topLeftCell="{self.freeze}"/>'
            view = f'<sheetView workbookViewId="0">{pane}</sheetView>'
        cols = "".join(
            f'<col min="{k}" max="{k}" width="{w}" customWidth="1"/>'
            for k, w in enumerate(self.widths, start=1)
        )
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"<sheetViews>{view}</sheetViews>"
            '<sheetFormatPr defaultRowHeight="15"/>'
            + (f"<cols>{cols}</cols>" if cols else "")
            + "<sheetData>"
            + "".join(self._rows)
            + "</sheetData>"
            + (f'<autoFilter ref="{self.filter_ref()}"/>' if self.filter_row else "")
            + "</worksheet>"
        )

    def filter_ref(self) -> str:
        last = column_letter(max(len(self._letters), 1))
        return f"A{self.filter_row}:{last}{max(len(self._rows), self.filter_row)}"


_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="3"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>'
    '<numFmt numFmtId="165" formatCode="dd/mm/yyyy hh:mm"/>'
    '<numFmt numFmtId="166" formatCode="0.0%"/></numFmts>'
    '<fonts count="3">'
    '<font><sz val="11"/><name val="Times New Roman"/></font>'
    '<font><b/><sz val="11"/><name val="Times New Roman"/></font>'
    '<font><b/><sz val="13"/><name val="Times New Roman"/></font>'
    "</fonts>"
    '<fills count="3"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFEEF1F5"/><bgColor indexed="64"/>'
    "</patternFill></fill></fills>"
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="7">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"'
    ' applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>'
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


class StreamBook:
    def __init__(self) -> None:
        self.sheets: list[StreamSheet] = []

    def sheet(
        self,
        name: str,
        widths: list[float] | None = None,
        freeze: str = "",
        filter_row: int = 0,
    ):
        # Excel's limits on a sheet's name: 31 characters, none of []:*?/\
        clean = re.sub(r"[\[\]:*?/\\]", " ", name)[:31] or f"Sheet{len(self.sheets) + 1}"
        s = StreamSheet(clean, list(widths or []), freeze, filter_row)
        self.sheets.append(s)
        return s

    def _filters(self) -> str:
        """Excel keeps a filter's range as a hidden defined name beside the sheet's own
        autoFilter; without it Excel shows the filter but cannot re-apply it."""
        names = []
        for k, s in enumerate(self.sheets):
            if s.filter_row:
                a, b = s.filter_ref().split(":")
                ref = "$" + re.sub(r"(\d+)", r"$\1", a) + ":$" + re.sub(r"(\d+)", r"$\1", b)
                quoted = escape(s.name, {'"': "&quot;"}).replace("'", "''")
                names.append(
                    f'<definedName name="_xlnm._FilterDatabase" localSheetId="{k}" '
                    f"hidden=\"1\">'{quoted}'!{ref}</definedName>"
                )
        return f"<definedNames>{''.join(names)}</definedNames>" if names else ""

    def save(self) -> bytes:
        n = len(self.sheets)
        types = "".join(
            f'<Override PartName="/xl/worksheets/sheet{k}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for k in range(1, n + 1)
        )
        content_types = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            f"{types}</Types>"
        )
        rels = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        )
        sheets = "".join(
            f'<sheet name="{escape(s.name, {chr(34): "&quot;"})}" sheetId="{k}" r:id="rId{k}"/>'
            for k, s in enumerate(self.sheets, start=1)
        )
        workbook = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f"<sheets>{sheets}</sheets>{self._filters()}</workbook>"
        )
        book_rels = "".join(
            f'<Relationship Id="rId{k}" Type="http://schemas.openxmlformats.org/officeDocument/'
            f'2006/relationships/worksheet" Target="worksheets/sheet{k}.xml"/>'
            for k in range(1, n + 1)
        )
        book_rels += (
            f'<Relationship Id="rId{n + 1}" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/styles" Target="styles.xml"/>'
        )
        buf = io.BytesIO()
        # Level 1: the XML is repetitive; the fastest level keeps it small enough.
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
            z.writestr("[Content_Types].xml", content_types)
            z.writestr("_rels/.rels", rels)
            z.writestr("xl/workbook.xml", workbook)
            z.writestr(
                "xl/_rels/workbook.xml.rels",
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
                'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                f"{book_rels}</Relationships>",
            )
            z.writestr("xl/styles.xml", _STYLES)
            for k, s in enumerate(self.sheets, start=1):
                z.writestr(f"xl/worksheets/sheet{k}.xml", s.xml())
        return buf.getvalue()
