"""The numbering patterns of numbering.py, one by one: each reads its own form of
number or says None; `parse` tries them outermost first."""

import pytest

from tonghop import numbering as n


def read(pattern, text):
    found = pattern(text)
    return None if found is None else (found.style, found.label, found.value, found.title)


def test_patterns_are_tried_outermost_first():
    assert (n.named_part, n.part, n.group, n.chapter, n.article, n.roman,
                          n.decimal, n.arabic, n.letter) == n.PATTERNS  # fmt: skip
    # "PHẦN MỞ ĐẦU" is named before "PHẦN ..." could read it; "I. " is Roman, not a group
    assert n.parse("PHẦN MỞ ĐẦU").value == 0
    assert n.parse("I. MỞ ĐẦU").style == "roman"
    assert n.parse("  2.1. Kết quả").label == "2.1."
    assert n.parse("Kết quả") is None


def test_named_part():
    assert read(n.named_part, "PHẦN MỞ ĐẦU") == ("part", "PHẦN MỞ ĐẦU", 0, "")
    assert read(n.named_part, "Phần kết luận: Nhận xét") == (
        "part",
        "Phần kết luận:",
        0,
        "Nhận xét",
    )
    assert read(n.named_part, "PHẦN THỨ NHẤT") is None


@pytest.mark.parametrize(
    ("text", "value", "title"),
    [("PHẦN THỨ NHẤT", 1, ""), ("PHẦN THỨ HAI: KẾT QUẢ", 2, "KẾT QUẢ"), ("Phần II", 2, ""),
     ("PHẦN 3. Nhiệm vụ", 3, "Nhiệm vụ"), ("Phần thứ tư", 4, "")],
)  # fmt: skip
def test_part(text, value, title):
    assert read(n.part, text)[2:] == (value, title)


def test_part_refuses_a_sentence():
    assert read(n.part, "Phần lớn các đơn vị đã thực hiện") is None
    assert read(n.part, "Phần XC") is None  # not a section number


def test_group():
    assert read(n.group, "A. KẾT QUẢ ĐẠT ĐƯỢC") == ("group", "A.", 1, "KẾT QUẢ ĐẠT ĐƯỢC")
    assert read(n.group, "B. Kết quả đạt được") is None  # a group is in capitals
    assert read(n.group, "I. KẾT QUẢ") is None  # I, V, X are Roman


def test_chapter():
    assert read(n.chapter, "Chương II. QUY ĐỊNH CHUNG") == ("chapter", "Chương II.", 2,
                                                             "QUY ĐỊNH CHUNG")  # fmt: skip
    assert read(n.chapter, "CHƯƠNG 3")[2] == 3
    assert read(n.chapter, "Chương trình hành động") is None


def test_article():
    assert read(n.article, "Điều 3. Phạm vi") == ("article", "Điều 3.", 3, "Phạm vi")
    assert read(n.article, "Điều 12: Hiệu lực")[2] == 12
    assert read(n.article, "Điều kiện cần") is None


@pytest.mark.parametrize(
    ("text", "label", "value"),
    [("II. KẾT QUẢ", "II.", 2), ("III- Nhiệm vụ", "III-", 3), ("IV – Kiến nghị", "IV–", 4),
     ("V. 2023 là năm", "V.", 5)],
)  # fmt: skip
def test_roman(text, label, value):
    assert read(n.roman, text)[1:3] == (label, value)


@pytest.mark.parametrize("text", ["C. Mác", "V/v báo cáo", "IIII. Mục", "I) Mục", "I. ", "XC. A"])
def test_roman_refuses(text):
    assert read(n.roman, text) is None


def test_decimal():
    assert read(n.decimal, "2.1. Kết quả") == ("decimal2", "2.1.", 1, "Kết quả")
    assert read(n.decimal, "2.2 Kết quả")[:3] == ("decimal2", "2.2", 2)
    assert read(n.decimal, "1.2.3. “Tên”")[:3] == ("decimal3", "1.2.3.", 3)
    assert read(n.decimal, "1.2.3.4 (a)")[0] == "decimal4"
    assert read(n.decimal, "2.5 triệu đồng") is None  # a number in a sentence


def test_arabic():
    assert read(n.arabic, "1. Kết quả") == ("arabic", "1.", 1, "Kết quả")
    for text, label in (("2- Mục", "2-"), ("3/ Mục", "3/"), ("4) Mục", "4)"), ("5 . (a)", "5.")):
        assert read(n.arabic, text)[1] == label, text
    assert read(n.arabic, "2 người tham dự") is None
    assert read(n.arabic, "123. Mục") is None


def test_letter():
    assert read(n.letter, "a) Rà soát") == ("letter", "a)", 1, "Rà soát")
    assert read(n.letter, "đ) Mục")[2] == 5  # a, b, c, d, đ
    assert read(n.letter, "g)Mục")[2] == 7  # no f in the Vietnamese alphabet
    assert read(n.letter, "f) Mục") is None
    assert read(n.letter, "a)") is None
