"""The consolidated report (a `Draft`) as a Party-format .docx, and its annex as .xlsx.

Through the Party profile (`party.py`): header, title, signature and Nơi nhận, page
numbers; each total's per-unit breakdown as a real Word footnote; the annex as Word
tables on landscape pages; with `comments=True`, every number and quotation carries its
sources as a Word comment, for the drafter to check and delete before signing.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

from tonghop.consolidate.draft import body_name
from tonghop.consolidate.model import Draft, Source, Span
from tonghop.writers.party import PartyDocument, PartyHeader, Signature, vietnamese_date

__all__ = ["ANNEX_COLUMNS", "comment_text", "write_docx", "write_xlsx"]

ANNEX_COLUMNS = 8  # indicator columns per annex table on a landscape A4 page
SOURCES_IN_COMMENT = 20
BLANK = "…………"  # a part of the header the guideline did not give
_NO_WIDTH_MM, _UNIT_WIDTH_MM = 12, 62


def _date(iso: str) -> dt.date:
    try:
        return dt.date.fromisoformat(iso)
    except ValueError:
        return dt.date.today()


def _where(s: Source) -> str:
    parts = [s.unit_name or s.unit_id]
    if s.version is not None:
        parts.append(f"bản {s.version}")
    if s.path:
        parts.append(f"mục {'.'.join(p.split('#')[0] for p in s.path)}")
    if s.footnote:
        parts.append(f"chú thích {s.footnote}")
    if s.file_name:
        parts.append(s.file_name)
    return ", ".join(parts)


def comment_text(span: Span) -> str:
    """The sources of a number or a quotation, one per line, as a Word comment says them."""
    sources = span.sources
    head = "Nguồn trích dẫn:" if span.quote else f"Nguồn số liệu ({len(sources)}):"
    lines = [head]
    for s in sources[:SOURCES_IN_COMMENT]:
        line = _where(s)
        if s.sentence and not span.quote:
            line += f": “{s.sentence}”"
        lines.append(line)
    if len(sources) > SOURCES_IN_COMMENT:
        lines.append(f"… và {len(sources) - SOURCES_IN_COMMENT} nguồn khác (xem phụ lục).")
    return "\n".join(lines)


def _annex(doc: PartyDocument, draft: Draft) -> None:
    doc.landscape_section()
    title = draft.annex_title.split("\n")
    doc.centered(title[0], doc.profile.kind_pt - 2, bold=True)
    for line in title[1:]:
        doc.centered(line, doc.profile.body_pt, bold=True)
    number = PartyHeader("", "", draft.number, "", _date(draft.date)).number_line()
    issuer = f" của {body_name(draft.issuer, draft.superior)}" if draft.issuer.strip() else ""
    doc.centered(
        f"(Kèm theo {draft.kind.capitalize()} {number[:1].lower()}{number[1:]}, "
        f"{vietnamese_date(_date(draft.date))}{issuer})",
        doc.profile.body_pt,
        italic=True,
    )
    doc.blank_line()
    header, rows, kinds = draft.annex_header, draft.annex_rows, draft.annex_row_kinds
    columns = list(range(2, len(header)))
    groups = [columns[k : k + ANNEX_COLUMNS] for k in range(0, len(columns), ANNEX_COLUMNS)]
    width = doc.section_width_mm
    for g, group in enumerate(groups or [[]]):
        if len(groups) > 1:
            doc.centered(f"Bảng {g + 1}/{len(groups)}", doc.profile.body_pt, italic=True)
        each = (width - _NO_WIDTH_MM - _UNIT_WIDTH_MM) / max(len(group), 1)
        widths = [_NO_WIDTH_MM, _UNIT_WIDTH_MM] + [each] * len(group)
        table = [[header[0], header[1], *(header[j] for j in group)]]
        bold = set()
        for i, row in enumerate(rows):
            table.append([row[0], row[1], *(row[j] for j in group)])
            if i < len(kinds) and kinds[i] != "unit":
                bold.add(i + 1)
        doc.grid_table(table, widths, bold_rows=bold, right_from=2, size=doc.profile.annex_table_pt)


def write_docx(draft: Draft, comments: bool = False) -> bytes:
    """The draft as a .docx; with `comments`, each number and quotation's sources as comments."""
    doc = PartyDocument()
    # What the guideline did not say is left as dots for the drafter to fill in.
    issuer, place = draft.issuer.strip() or BLANK, draft.place.strip() or BLANK
    doc.header(PartyHeader(draft.superior, issuer, draft.number, place, _date(draft.date)))
    doc.title(draft.kind, draft.summary)
    for p in draft.paragraphs:
        if p.kind == "heading":
            doc.heading(p.text, p.level or 1)
            continue
        par = doc.body_paragraph()
        for span in p.spans:
            if not span.text:
                continue
            run = doc.run(par, span.text, italic=span.quote)
            if span.footnote:
                doc.footnote(par, span.footnote)
            if comments and span.sources:
                doc.comment(run, comment_text(span))
    doc.signature(
        Signature(draft.signer_capacity, draft.signer_position, draft.signer_name),
        draft.recipients,
    )
    if draft.annex_header and draft.annex_rows:
        _annex(doc, draft)
    doc.page_numbers()
    return doc.to_bytes()


# ------------------------------------------------------------------ spreadsheet


def _number_format(text: str, value: Decimal) -> str:
    """Excel shows the qualifier the text has ("trên 24") while the cell holds 24."""
    fmt = "#,##0" if value == value.to_integral_value() else "#,##0.0##"
    year = re.search(r" \((?:năm \d{4}|nhiều năm)\)$", text)
    if year:  # a yearly figure among others' whole-period ones: the cell says its year
        fmt += f'"{year.group(0)}"'
    for word in ("trên", "hơn", "khoảng"):
        if text.startswith(word + " "):
            return f'"{word} "{fmt}'
    return fmt


def write_xlsx(draft: Draft) -> bytes:
    """The annex: every indicator by unit, then the totals, numbers as numbers."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    # Write-only: rows are streamed, so 500 units × 45 indicators take well under a second.
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Phụ lục")
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 40
    for j in range(3, len(draft.annex_header) + 1):
        ws.column_dimensions[get_column_letter(j)].width = 18
    header_row = 4
    ws.freeze_panes = f"C{header_row + 1}"
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    bold = Font(bold=True)

    def cell(value, *, font=None, fmt=None, align=None):
        c = WriteOnlyCell(ws, value=value)
        c.border = border
        if font is not None:
            c.font = font
        if fmt is not None:
            c.number_format = fmt
        if align is not None:
            c.alignment = align
        return c

    title = WriteOnlyCell(ws, value=draft.annex_title.replace("\n", " - "))
    title.font = Font(bold=True, size=13)
    ws.append([title])
    ws.append([f"{draft.kind} {draft.summary}".strip()])
    ws.append([])
    wrap = Alignment(wrap_text=True, horizontal="center", vertical="center")
    ws.append([cell(h, font=bold, align=wrap) for h in draft.annex_header])
    values = draft.annex_values or draft.annex_rows
    for i, row in enumerate(draft.annex_rows):
        raw = values[i] if i < len(values) else row
        strong = (
            bold if i < len(draft.annex_row_kinds) and draft.annex_row_kinds[i] != "unit" else None
        )
        out = []
        for j, text in enumerate(row):
            v = raw[j] if j < len(raw) else text
            if j >= 2 and isinstance(v, Decimal):
                out.append(cell(v, font=strong, fmt=_number_format(text, v)))
            elif j >= 2 and v is None:
                out.append(cell(None, font=strong))
            elif j == 0 and str(text).isdigit():
                out.append(cell(int(text), font=strong))
            else:
                out.append(cell(text, font=strong))
        ws.append(out)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
