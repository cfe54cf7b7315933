"""Figures in tables: a cell's number counts what its column header names, about what
its row label names.

"Xã Đông Thạnh | 1.418 | 1.234" under "Đơn vị | Hồ sơ tiếp nhận | Hồ sơ đúng hạn" gives
1.418 hồ sơ tiếp nhận and 1.234 hồ sơ đúng hạn, subject Xã Đông Thạnh.  A cell of several
numbers split by "/" takes as many nouns from a header split the same way
("Số lượng hồ sơ hỗ trợ/Tổng số hồ sơ" over "862/1.266 (68,1%)").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tonghop.figures import parse_number
from tonghop.model import Document, Figure, Table

_NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
_CELL = re.compile(rf"^\s*({_NUM})(\s*%)?\s*$")
_SLASHED = re.compile(rf"^\s*((?:{_NUM})(?:\s*/\s*(?:{_NUM}))+)\s*(?:\(\s*({_NUM})\s*%\s*\))?\s*$")
# Words that open a header without being the thing counted.
_LEAD = re.compile(r"^(?:số\s+lượng|tổng\s+số|tổng|số)\s+", re.I)
_ORDINAL_HEADERS = {"tt", "stt", "số tt", "số thứ tự"}


def _noun(header: str) -> str:
    noun = " ".join(header.split())
    noun = re.sub(r"\s*\([^)]*\)\s*$", "", noun)  # "(người)", "(triệu đồng)" kept as unit below
    noun = _LEAD.sub("", noun).strip(" :")
    return noun if noun[:2].isupper() else noun[:1].lower() + noun[1:]  # "TTHC" kept


def _unit_in_brackets(header: str) -> str:
    m = re.search(r"\(([^)]{1,30})\)\s*$", header)
    return m.group(1).strip() if m else ""


def _headers(table: Table) -> list[str]:
    """One header text per column: the header rows joined top to bottom."""
    rows = table.rows[: table.header_rows or 1]
    width = max(len(r) for r in table.rows)
    out = []
    for j in range(width):
        parts = [r[j] for r in rows if j < len(r) and r[j].strip()]
        out.append(" ".join(dict.fromkeys(parts)))
    return out


def _label(row: list[str]) -> str:
    """The row's subject: its first cell of words (not the running number; "Tổng cộng"
    typed in the number column counts)."""
    for cell in row:
        text = cell.strip()
        if text and re.search(r"[^\W\d_]", text) and not _CELL.match(text):
            return " ".join(text.split())
    return ""


def _figure(value, unit, raw, subject, header, cell, path) -> Figure:
    text = f"{subject}: {header} {cell}".strip(": ") if subject else f"{header} {cell}"
    return Figure(
        value=value, unit=unit, qualifier="", text=text, raw=raw, path=path, subject=subject
    )


def figures_of(table: Table, path: list[str]) -> list[Figure]:
    if not table.rows or len(table.rows) < 2:
        return []
    headers = _headers(table)
    out = []
    for row in table.rows[max(table.header_rows, 1) :]:
        subject = _label(row)
        for j, cell in enumerate(row):
            header = headers[j] if j < len(headers) else ""
            if not header or header.strip().lower() in _ORDINAL_HEADERS:
                continue
            m = _CELL.match(cell)
            if m:
                value = parse_number(m.group(1))
                if value is None:
                    continue
                unit = "%" if m.group(2) else (_unit_in_brackets(header) or _noun(header))
                out.append(_figure(value, unit, cell.strip(), subject, header, cell, path))
                continue
            m = _SLASHED.match(cell)
            if not m:
                continue
            raws = [x.strip() for x in m.group(1).split("/")]
            nouns = [_noun(h) for h in header.split("/")]
            if len(nouns) != len(raws):
                nouns = [_noun(header)] * len(raws)
            for raw, noun in zip(raws, nouns, strict=True):
                value = parse_number(raw)
                if value is not None:
                    out.append(_figure(value, noun, raw, subject, header, cell, path))
            if m.group(2):
                pct = parse_number(m.group(2))
                if pct is not None:
                    out.append(_figure(pct, "%", m.group(2) + "%", subject, header, cell, path))
    return out


def tables_of(doc: Document) -> Iterable[tuple[list[str], Table]]:
    """(path, table) for every table of the document, its annexes' included."""
    for t in doc.tables:
        yield [], t
    for s in doc.walk():
        for t in s.tables:
            yield s.path, t
    for annex in doc.annexes:
        for t in annex.tables:
            yield [annex.kind], t
        for top in annex.sections:
            for s in top.walk():
                for t in s.tables:
                    yield [annex.kind, *s.path], t


def table_figures(doc: Document) -> list[Figure]:
    out = []
    for path, table in tables_of(doc):
        out += figures_of(table, path)
    return out
