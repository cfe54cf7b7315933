"""The readers declare one interface (formats accepted, read(bytes) -> RawDocument) and
the format the content shows chooses one from a table."""

import pytest

from tests.conftest import REAL, require
from tonghop import readers
from tonghop.model import Block, RawDocument, ReadError
from tonghop.writers.docx import write_docx

FORMATS = ("pdf", "docx", "odt", "doc", "rtf", "txt", "md")  # what `sniff` can answer


def test_every_format_sniff_names_has_one_reader():
    assert sorted(readers.BY_FORMAT) == sorted(FORMATS)
    seen = [f for r in readers.READERS for f in r.formats]
    assert len(seen) == len(set(seen))  # no format claimed twice
    for reader in readers.READERS:
        assert isinstance(reader, readers.Reader)
        assert all(readers.BY_FORMAT[f] is reader for f in reader.formats)


def test_text_and_markdown():
    raw = readers.BY_FORMAT["txt"].read("BÁO CÁO\n\nI. MỞ ĐẦU".encode())
    assert isinstance(raw, RawDocument) and raw.format == "txt"
    assert [b.text for b in raw.blocks] == ["BÁO CÁO", "I. MỞ ĐẦU"]
    md = readers.read_bytes("# I. MỞ ĐẦU\n\nNội dung.".encode(), "a.md")
    assert md.format == "md" and md.blocks[0].heading_level == 1


def test_word_through_the_table(tmp_path):
    path = tmp_path / "a.docx"
    write_docx([Block("BÁO CÁO", bold=True), Block("I. MỞ ĐẦU")], path)
    data = path.read_bytes()
    assert readers.sniff(data, "a.txt") == "docx"  # the content decides, not the name
    raw = readers.read_bytes(data, "a.txt")
    assert raw.format == "docx" and [b.text for b in raw.blocks][:2] == ["BÁO CÁO", "I. MỞ ĐẦU"]


def test_pdf_through_the_table():
    path = REAL / "huongdan06.pdf"
    require(path.exists(), f"missing {path}")
    raw = readers.BY_FORMAT["pdf"].read(path.read_bytes())
    assert raw.format == "pdf" and raw.pages and raw.blocks


def test_an_unknown_content_is_refused_before_any_reader():
    with pytest.raises(ReadError, match="Không nhận ra định dạng"):
        readers.read_bytes(b"\x00\x01binary", "a.docx")
