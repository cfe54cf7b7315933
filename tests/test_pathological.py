"""Documents an attacker (or a broken export) would send: tens of thousands of
paragraphs numbered alike, paragraphs that never end, markers and references by the
thousand.  Each must read in time linear in its size (bench/pathological.py prints the
times) and keep its result; a file too large to be a report is refused in Vietnamese."""

from __future__ import annotations

import io
import re
import zipfile

import pymupdf
import pytest

from tonghop.model import Block, ReadError
from tonghop.pipeline import read_document_bytes
from tonghop.readers import limits
from tonghop.repair import MAX_JOINED
from tonghop.writers.docx import write_docx

HEAD = "ĐẢNG BỘ TỈNH HÀ TĨNH\n\nBÁO CÁO\n\nKết quả thực hiện Kết luận 01-KL/TW\n\n"


def _text(paragraphs) -> bytes:
    return (HEAD + "\n\n".join(paragraphs) + "\n").encode()


def _by_code(doc, code):
    return [f for f in doc.findings if f.code == code]


def test_fifty_thousand_paragraphs_numbered_one():
    n = 50_000
    doc = read_document_bytes(_text("1. Nội dung" for _ in range(n)), "bao-cao.txt")
    assert doc.kind == "BÁO CÁO"
    assert len(doc.sections) == n
    assert [s.number for s in doc.sections[:3]] == ["1", "1#2", "1#3"]
    assert doc.sections[-1].number == f"1#{n}" and doc.sections[-1].title == "Nội dung"
    # Every "1." after the first is a duplicate: 100 of them listed, the rest counted.
    dup = _by_code(doc, "duplicate-number")
    assert len(dup) == limits_listed() + 1
    assert "lặp lại số 1" in dup[0].message and "đúng ra phải là 2" in dup[0].message
    assert dup[-1].message.startswith(f"Còn {n - 1 - limits_listed():,}".replace(",", "."))
    assert len(_by_code(doc, "empty-section")) == limits_listed() + 1


def limits_listed() -> int:
    from tonghop.checks import MAX_LISTED

    return MAX_LISTED


def test_eight_thousand_paragraphs_numbered_one_in_word():
    blocks = [Block("ĐẢNG BỘ TỈNH HÀ TĨNH"), Block("BÁO CÁO"), Block("Kết quả thực hiện")]
    blocks += [Block(f"{1 + k % 2}. Nội dung thứ {k}") for k in range(8_000)]
    out = io.BytesIO()
    write_docx(blocks, out)
    doc = read_document_bytes(out.getvalue(), "bao-cao.docx")
    assert len(doc.sections) == 8_000
    assert doc.sections[2].number == "1#2" and doc.sections[2].title == "Nội dung thứ 2"
    assert doc.sections[-1].number == "2#4000"


@pytest.mark.parametrize("label", ["I.", "a)"])
def test_long_runs_of_other_numberings(label):
    doc = read_document_bytes(_text(f"{label} Nội dung" for _ in range(20_000)), "x.txt")
    assert len(doc.sections) == 20_000
    assert len(_by_code(doc, "duplicate-number")) == limits_listed() + 1


def test_a_long_list_keeps_its_items_as_paragraphs():
    # Same-numbered long items with nothing between them are a list, not headings.
    item = "1. " + " ".join(["Tổ chức quán triệt nội dung Kết luận"] * 5)
    doc = read_document_bytes(_text([item] * 10_000), "x.txt")
    assert doc.sections == [] and len(doc.preamble) == 10_000


def test_paragraphs_that_never_end_are_joined_only_so_far():
    line = "tiếp tục thực hiện công việc của đơn vị"
    doc = read_document_bytes(_text([line] * 30_000), "x.txt")
    text = " ".join(doc.preamble)
    assert text.count("tiếp tục") == 30_000  # nothing lost
    assert all(len(p) < MAX_JOINED + len(line) + 2 for p in doc.preamble)
    assert len(doc.preamble) > 1


def test_thousands_of_markers_in_one_paragraph():
    n = 20_000
    body = " ".join("có 5 chi bộ¹" for _ in range(n))
    doc = read_document_bytes((HEAD + body + "\n\n¹ Gồm 2 chi bộ, 3 chi bộ.\n").encode(), "x.txt")
    assert len(doc.sum_checks) == n
    assert all(c.holds and c.total == 5 and c.parts == [2, 3] for c in doc.sum_checks)


def test_thousands_of_references_without_number_in_one_paragraph():
    n = 20_000
    body = " ".join("Thực hiện Kết luận số cần bám sát thực tế." for _ in range(n))
    doc = read_document_bytes((HEAD + body + "\n").encode(), "x.txt")
    found = _by_code(doc, "reference-without-number")
    assert len(found) == limits_listed() + 1
    assert "“Kết luận số cần bám sát thực...”" in found[0].message


# --- too large to be a report -------------------------------------------------------


def test_too_many_paragraphs_are_refused():
    data = _text("Nội dung." for _ in range(limits.MAX_BLOCKS + 1))
    with pytest.raises(ReadError, match=r"Tệp quá lớn để là một báo cáo: có 100\.00\d đoạn"):
        read_document_bytes(data, "x.txt")


def test_too_many_characters_are_refused():
    para = "Nội dung " * 2_000  # 18.000 characters a paragraph
    data = _text(para for _ in range(limits.MAX_CHARS // len(para) + 1))
    with pytest.raises(ReadError, match=r"có 3\.0\d\d\.\d{3} ký tự, nhiều hơn giới hạn"):
        read_document_bytes(data, "x.txt")


def test_a_small_word_file_with_a_million_paragraphs_is_refused_before_parsing():
    out = io.BytesIO()
    write_docx([Block("BÁO CÁO"), Block("1. Nội dung")], out)
    src = zipfile.ZipFile(out)
    xml = src.read("word/document.xml")
    para = re.findall(rb"<w:p[ >].*?</w:p>", xml, re.S)[-1]
    at = xml.index(b"</w:body>")
    big = xml[:at] + para * 1_000_000 + xml[at:]
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info, big if info.filename == "word/document.xml" else src.read(info))
    assert len(packed.getvalue()) < 1_000_000  # a small upload
    with pytest.raises(ReadError, match=r"có 1\.000\.00\d đoạn văn"):
        read_document_bytes(packed.getvalue(), "bao-cao.docx")


def test_a_pdf_of_too_many_pages_is_refused():
    pdf = pymupdf.open()
    for _ in range(limits.MAX_PAGES + 1):
        pdf.new_page().insert_text((72, 72), "Nội dung", fontname="helv")
    with pytest.raises(ReadError, match=r"có 1\.001 trang, nhiều hơn giới hạn 1\.000 trang"):
        read_document_bytes(pdf.tobytes(), "bao-cao.pdf")
