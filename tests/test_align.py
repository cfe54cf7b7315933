"""Alignment of a report to an outline, by hand-worked examples: the similarity of two
titles, the word weights, how an item finds its section and what it lacks."""

import math

import pytest

from tonghop import align as a
from tonghop.model import Document, Outline, OutlineItem, Section


def test_similarity_same_words_and_a_shortened_title():
    assert a.similarity("Công tác tuyên truyền", "Công tác tuyên truyền") == 1.0
    # 2 of 4 words: Dice 2·2/6; the short title inside the long one: 0.9 · (0.4 + 2/4) · 2/2
    assert a.similarity("Công tác tuyên truyền", "Tuyên truyền") == pytest.approx(0.81)
    assert a.similarity("Công tác tuyên truyền", "") == 0.0
    assert a.similarity("và của các", "Tuyên truyền") == 0.0  # only words that say nothing


def test_similarity_tolerates_a_mistyped_letter():
    # "truyeen" for "truyen" counts 0.8: Dice 2·1.8/4
    assert a.similarity("tuyên truyền", "tuyên truyeền") == pytest.approx(0.9)
    # short words must match exactly
    assert a.similarity("tuyên tác", "tuyên tạp") == pytest.approx(0.5)


def test_a_one_word_title_gets_dice_only():
    # Dice 2·1/4; the shortened-title credit would give 0.9 · (0.4 + 1/3) · 1
    assert a.similarity("Tình hình chung", "Chung") == pytest.approx(0.5)


def test_weights_are_inverse_document_frequency():
    w = a._Weights(["tuyên truyền", "tuyên giáo"])
    assert w("tuyen") == pytest.approx(math.log(2))
    assert w("truyen") == pytest.approx(math.log(3))
    assert w("chua co") == pytest.approx(math.log(3))  # an unseen word weighs as a rare one
    assert a._Weights([])("x") == pytest.approx(math.log(2))


def section(path, title, *children, paragraphs=()):
    return Section(path[-1], path[-1] + ".", "roman" if len(path) == 1 else "arabic",
                   list(path), title, list(paragraphs), children=list(children))  # fmt: skip


def outline(*items):
    return Outline("Đề cương", "ĐỀ CƯƠNG", [OutlineItem(*i) for i in items])


def test_align_level_by_level_under_the_parent():
    doc = Document(
        sections=[
            section(["I"], "Kết quả lãnh đạo",
                    section(["I", "1"], "Công tác tuyên truyền", paragraphs=["Đã làm."])),
            section(["II"], "Nhiệm vụ thời gian tới",
                    section(["II", "1"], "Công tác tuyên truyền")),
        ]
    )  # fmt: skip
    result = a.align(doc, outline(("I", "Kết quả lãnh đạo", 1), ("I.1", "Tuyên truyền", 2, "I"),
                                  ("II", "Nhiệm vụ thời gian tới", 1),
                                  ("II.1", "Tuyên truyền", 2, "II")))  # fmt: skip
    got = {i.id: i.matched.path for i in result.items}
    assert got == {"I": ["I"], "I.1": ["I", "1"], "II": ["II"], "II.1": ["II", "1"]}
    assert result.findings == []
    assert all(0 < i.matched.score <= 1 for i in result.items)


def test_an_incomplete_item_and_a_missing_one():
    doc = Document(
        sections=[
            section(["I"], "Ưu điểm", paragraphs=["Có nhiều ưu điểm."]),
            section(["II"], "Hạn chế", paragraphs=["Còn hạn chế."]),
        ]
    )
    result = a.align(doc, outline(("I", "Ưu điểm và nguyên nhân", 1), ("II", "Kiến nghị", 1)))
    assert result.items[0].matched.path == ["I"]
    # words weighed over the 4 titles: "uu", "diem" in 2 (ln 3), "nguyen", "nhan" in 1 (ln 5);
    # the short title inside the long one: 0.9 · (0.4 + its weight / the long one's) · 1,
    # and 0.05 for the same number at the same level
    short, long_ = 2 * math.log(3), 2 * math.log(3) + 2 * math.log(5)
    assert result.items[0].matched.score == round(0.9 * (0.4 + short / long_) + 0.05, 3)
    assert result.items[0].missing_parts == ["nguyên nhân"]
    assert result.items[1].matched is None
    codes = [(f.code, f.path) for f in result.findings]
    assert codes == [("outline-item-incomplete", ["I"]), ("outline-item-missing", [])]
    assert "chưa nêu: nguyên nhân" in result.findings[0].message
    assert "mục II" in result.findings[1].message


def test_missing_parts_only_for_short_items_of_several_parts():
    s = section(["I"], "Ưu điểm", paragraphs=["Ưu điểm là nhiều."])
    assert a._missing_parts(OutlineItem("I", "Ưu điểm, hạn chế", 1), s) == ["hạn chế"]
    assert a._missing_parts(OutlineItem("I", "Ưu điểm", 1), s) == []
    long_item = "Ưu điểm, hạn chế, khó khăn, vướng mắc và nguyên nhân của từng mặt"
    assert a._missing_parts(OutlineItem("I", long_item, 1), s) == []
    child = section(["I", "1"], "Hạn chế")
    parent = section(["I"], "Ưu điểm", child)
    assert a._missing_parts(OutlineItem("I", "Ưu điểm, hạn chế", 1), parent) == []
