"""Layout tables: tables Word users draw only to place text, not to hold data.

Officials lay the header (issuing body | national motto, number | place and date), the
`Kính gửi` block and the signature (`Nơi nhận` | signer) out in borderless two-column
tables; a form such as a phiếu trình even puts its whole body in one cell.  Such a table
is read as the paragraphs it holds; a table of figures stays a table.
"""

from __future__ import annotations

import re

from tonghop import numbering
from tonghop.text import fold, is_upper_text

_NATIONAL = ("dang cong san viet nam", "cong hoa xa hoi chu nghia viet nam", "doc lap - tu do")
# "Số 60-BC/ĐUK", "Số: 181    /BC-SNV", "Số:   -BC/ĐU", "Số:         /PT-NC"
_NUMBER = re.compile(r"^Số\s*:?\s*\d*\s*[-/]\s*[A-ZĐ]")
_PLACE_DATE = re.compile(r"^[^,\d]{2,40},\s*ngày\b.*\btháng\b.*\bnăm\s*\d{4}")
_FRONT = re.compile(r"^(V/v\b|Về việc\b|Kính gửi\s*:|Nơi nhận\s*:?)", re.I)
_CAPACITY = re.compile(r"^(T/M|K/T|T/L|TM\.|KT\.|TL\.|TUQ\.)\s*\S")
_WORD = re.compile(r"\S*\w\S*")
_STRUCTURE = ("part", "chapter", "article", "roman")


def _lines(text: str) -> list[str]:
    return [ln.strip() for ln in text.split("\n") if ln.strip()]


def marks_layout(line: str) -> bool:
    """A line that only stands in a document's header, address or signature block."""
    key = fold(line)
    if any(key.startswith(n) for n in _NATIONAL):
        return True
    if _NUMBER.match(line) or _PLACE_DATE.match(line) or _FRONT.match(line):
        return True
    return bool(_CAPACITY.match(line)) and is_upper_text(line)


def _prose(cell: str) -> bool:
    """A cell holding the body of a document: its numbered headings and paragraphs."""
    lines = _lines(cell)
    if len(lines) < 3 or len(_WORD.findall(cell)) < 40:
        return False
    return any((n := numbering.parse(ln)) is not None and n.style in _STRUCTURE for ln in lines)


def is_layout_table(rows: list[list[str]], bordered: bool) -> bool:
    """Is this table (cell texts, paragraphs joined by "\\n") a layout and not data?"""
    cells = [c for row in rows for c in row if c.strip()]
    if not cells:
        return False
    if any(marks_layout(ln) for c in cells for ln in _lines(c)[:12]):
        return True
    ncols = max(len(row) for row in rows)
    # The whole body in a cell spanning the width (a form), or in a two-column table.
    if any(_prose(c) for row in rows if len(row) == 1 or ncols <= 2 for c in row):
        return True
    # A few borderless columns with a body or a position in capitals (a signature with
    # no "Nơi nhận" beside it): placed words, not data, which has a grid.
    return (
        not bordered
        and ncols <= 2
        and len(rows) <= 4
        and any(
            is_upper_text(ln) and len(_WORD.findall(ln)) >= 2 for c in cells for ln in _lines(c)
        )
    )
