"""How large a document may be and still be a report.

Reports are 5 to 50 pages: a few hundred paragraphs, a few hundred thousand characters.
The limits stand far above any real report (a 50-page report has about 1.000 paragraphs
and 150.000 characters) and far below what stalls the reading of one upload, so a file
that is no report (a data dump, a generated list, a hostile file) is refused at once
with a message that says why.
"""

from __future__ import annotations

import re

from tonghop.model import RawDocument, ReadError
from tonghop.numbers import vn_number

MAX_BLOCKS = 100_000  # paragraphs, footnotes and tables
MAX_CHARS = 3_000_000  # about 1.000 pages of text
MAX_PAGES = 1_000

# A paragraph of a Word document's XML, whatever prefix its namespace has: <w:p>, <w:p ...>.
_XML_PARAGRAPH = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?p[\s>/]")


def _refuse(what: str) -> ReadError:
    return ReadError(
        f"Tệp quá lớn để là một báo cáo: {what}. Một báo cáo (5–50 trang) không dài đến vậy; "
        "hãy kiểm tra xem có chọn nhầm tệp không."
    )


def check_pages(pages: int) -> None:
    if pages > MAX_PAGES:
        raise _refuse(
            f"có {vn_number(pages)} trang, nhiều hơn giới hạn {vn_number(MAX_PAGES)} trang"
        )


def check_paragraphs(count: int) -> None:
    if count > MAX_BLOCKS:
        raise _refuse(
            f"có {vn_number(count)} đoạn văn, nhiều hơn giới hạn {vn_number(MAX_BLOCKS)} đoạn"
        )


def check_chars(count: int) -> None:
    if count > MAX_CHARS:
        raise _refuse(
            f"có {vn_number(count)} ký tự, nhiều hơn giới hạn {vn_number(MAX_CHARS)} ký tự"
        )


def check_word_xml(xml: bytes) -> None:
    """Before a Word document's XML is parsed (its tree takes many times its size)."""
    check_paragraphs(sum(1 for _ in _XML_PARAGRAPH.finditer(xml)))


def check_document(raw: RawDocument) -> None:
    """After reading, whatever the format: paragraphs and characters."""
    check_paragraphs(len(raw.blocks))
    chars = 0
    for b in raw.blocks:
        chars += len(b.text)
        for row in b.rows or ():
            chars += sum(len(c) for c in row)
    check_chars(chars)
