"""Any text, any bytes: a result or a clear error, never an exception."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tonghop.model import Document, ReadError
from tonghop.pipeline import read_document_bytes

# Text made of the pieces Party documents are made of, so the rules get exercised.
_PIECES = st.sampled_from(
    [
        "I. ", "II- ", "IV. ", "1. ", "2.1. ", "2.2 ", "a) ", "- ", "+ ", "PHẦN THỨ NHẤT\n",
        "Điều 1. ", "BÁO CÁO\n", "ĐỀ CƯƠNG\n", "Nơi nhận:\n", "T/M BAN THƯỜNG VỤ\n",
        "¹", "²³", " 4.320 ", "98,9%", " trên ", "hơn 20 tỷ đồng", "Kết luận số ",
        "01-KL/TW", ", ngày 18/5/2021", "(2021-", "2023)", "\n\n", "\n", " ", "**", "*",
        "[^1]", "[^1]: chú thích", "Gồm 5 kế hoạch, 2 chương trình.", "Hà Tĩnh", "tổ chức",
    ]
)  # fmt: skip
_DOCLIKE = st.lists(st.one_of(_PIECES, st.text(max_size=12)), max_size=60).map("".join)


def _read(data: bytes, name: str) -> None:
    try:
        doc = read_document_bytes(data, name)
    except ReadError as exc:
        assert str(exc)
        return
    assert isinstance(doc, Document)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_DOCLIKE)
def test_any_document_like_text(text):
    _read(text.encode("utf-8"), "x.txt")
    _read(text.encode("utf-8"), "x.md")


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text(text):
    _read(text.encode("utf-8", "surrogatepass"), "x.txt")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from(["x.txt", "x.docx", "x.pdf", "x", "x.doc"]))
def test_any_bytes(data, name):
    _read(data, name)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=600))
def test_any_bytes_behind_format_signatures(data):
    for head in (b"%PDF-1.4\n", b"PK\x03\x04", b"\xd0\xcf\x11\xe0"):
        _read(head + data, "x")
