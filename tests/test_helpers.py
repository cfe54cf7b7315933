"""The helpers every stage shares, each in one place: numbers, Roman numerals, markers,
a document's pieces of text."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tonghop.figures import extract_figures
from tonghop.model import Document, Section
from tonghop.numbers import roman_value, to_roman, vn_number
from tonghop.text import document_kind, strip_markers, word_count


@pytest.mark.parametrize(
    ("value", "pad", "text"),
    [(3, True, "03"), (0, True, "00"), (10, True, "10"), (3.0, True, "03"), (4320, True, "4.320"),
     (3, False, "3"), (2.5, True, "2,5")],
)  # fmt: skip
def test_vn_number_pads_small_counts_only_when_asked(value, pad, text):
    assert vn_number(value, pad=pad) == text


@pytest.mark.parametrize(
    ("n", "roman"),
    [(1, "I"), (4, "IV"), (9, "IX"), (14, "XIV"), (40, "XL"), (89, "LXXXIX"), (90, "XC"),
     (399, "CCCXCIX"), (1999, "MCMXCIX"), (3999, "MMMCMXCIX"), (5000, "MMMMM"), (0, "")],
)  # fmt: skip
def test_to_roman(n, roman):
    assert to_roman(n) == roman


def test_roman_value_takes_canonical_numerals_below_the_limit():
    assert roman_value("XIV") == 14
    assert roman_value("MCMXCIX") == 1999
    for bad in ("IIII", "VX", "IC", "XM", "", "ABC", "iv"):
        assert roman_value(bad) is None, bad
    assert roman_value("XC", below=90) is None  # a section number stops below 90
    assert roman_value("LXXXIX", below=90) == 89
    assert roman_value("CD", below=400) is None


@given(st.integers(min_value=1, max_value=3999))
def test_roman_round_trip(n):
    assert roman_value(to_roman(n)) == n


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("thực hiện¹².", "thực hiện."),
        ("sân 120 m² và bể 2.500 m³", "sân 120 m² và bể 2.500 m³"),  # exponents stay
        ("công suất 90 km³/s⁴", "công suất 90 km³/s"),
        ("sân 120 m²³", "sân 120 m²"),  # an exponent, then footnote 3
        ("diện tích m²", "diện tích m"),  # no number before: a marker
        ("Một mẫu số 3²", "Một mẫu số 3"),
        ("không có", "không có"),
    ],
)
def test_strip_markers_keeps_exponents_as_written(text, plain):
    assert strip_markers(text) == plain


def test_figures_spell_an_exponent_one_way():
    # the figure's unit is the same whichever way the exponent was typed
    units = [f.unit for f in extract_figures("bể 2.500 m³ và 1.000 m3, sân 120 m² ¹")]
    assert units == ["m3", "m3", "m2"]


def test_document_kind_and_word_count():
    assert document_kind("BÁO CÁO") == "BÁO CÁO"
    assert document_kind("BÁO CÁO¹") == "BÁO CÁO"
    assert document_kind("QUYẾT ĐỊNH:") is None  # the enacting formula, not a title
    assert document_kind("PHỤ LỤC 2") == "PHỤ LỤC 2"
    assert document_kind("Báo cáo") is None
    assert word_count("Chỉ thị 05-CT/TW của Bộ Chính trị") == 7  # 05-CT/TW is one word


def test_document_texts_in_reading_order():
    child = Section("1", "1.", "arabic", ["I", "1"], "Con", paragraphs=["c"])
    top = Section("I", "I.", "roman", ["I"], "Mục", paragraphs=["a"], children=[child])
    doc = Document(preamble=["mở"], sections=[top])
    assert list(doc.texts()) == [
        ([], "mở", False),
        (["I"], "Mục", True),
        (["I"], "a", False),
        (["I", "1"], "Con", True),
        (["I", "1"], "c", False),
    ]
