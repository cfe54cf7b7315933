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
    assert [i.title for i in result.items] == ["Ưu điểm và nguyên nhân", "Kiến nghị"]
    got = [(f.code, f.severity, f.path, f.message) for f in result.findings]
    assert got == [
        ("outline-item-incomplete", "minor", ["I"],
         "Mục “Ưu điểm” trả lời mục I “Ưu điểm và nguyên nhân” của đề cương nhưng chưa nêu: "
         "nguyên nhân."),
        ("outline-item-missing", "warning", [],
         "Báo cáo chưa có nội dung cho mục II của đề cương: “Kiến nghị”."),
    ]  # fmt: skip


def test_long_titles_are_cut_in_the_messages():
    # titles of 001 and 003
    long_section = (
        "Công tác kiểm tra, giám sát, biểu dương, khen thưởng việc thực hiện Chỉ thị số 05-CT/TW"
    )
    long_item = (
        "Thực hiện trách nhiệm nêu gương của cán bộ, đảng viên, công chức, viên chức, "
        "đoàn viên, hội viên trong học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"
    )
    doc = Document(sections=[section(["II"], long_section, paragraphs=["Đã kiểm tra 12 chi bộ."])])
    result = a.align(
        doc, outline(("II", "Kiểm tra, giám sát, khen thưởng, kỷ luật", 1), ("III", long_item, 1))
    )
    assert [f.message for f in result.findings] == [
        "Mục “Công tác kiểm tra, giám sát, biểu dương, khen thưởng việc th” trả lời mục II "
        "“Kiểm tra, giám sát, khen thưởng, kỷ luật” của đề cương nhưng chưa nêu: kỷ luật.",
        "Báo cáo chưa có nội dung cho mục III của đề cương: “Thực hiện trách nhiệm nêu gương "
        "của cán bộ, đảng viên, công chức, viên chức, đoà”.",
    ]


def test_missing_parts_only_for_short_items_of_several_parts():
    s = section(["I"], "Ưu điểm", paragraphs=["Ưu điểm là nhiều."])
    assert a._missing_parts(OutlineItem("I", "Ưu điểm, hạn chế", 1), s) == ["hạn chế"]
    assert a._missing_parts(OutlineItem("I", "Ưu điểm", 1), s) == []
    long_item = "Ưu điểm, hạn chế, khó khăn, vướng mắc và nguyên nhân của từng mặt"
    assert a._missing_parts(OutlineItem("I", long_item, 1), s) == []
    child = section(["I", "1"], "Hạn chế")
    parent = section(["I"], "Ưu điểm", child)
    assert a._missing_parts(OutlineItem("I", "Ưu điểm, hạn chế", 1), parent) == []
    # parts in capitals, joined by "VÀ"; eight words are still a short item
    assert a._missing_parts(OutlineItem("I", "ƯU ĐIỂM VÀ NGUYÊN NHÂN", 1), s) == ["NGUYÊN NHÂN"]
    eight_words = OutlineItem("I", "Ưu điểm, khó khăn, vướng mắc, nguyên nhân", 1)
    assert a._missing_parts(eight_words, s) == ["khó khăn", "vướng mắc", "nguyên nhân"]


def test_every_missing_part_is_named():
    doc = Document(sections=[section(["I"], "Ưu điểm", paragraphs=["Có nhiều ưu điểm."])])
    result = a.align(doc, outline(("I", "Ưu điểm, hạn chế và nguyên nhân", 1)))
    assert result.findings[0].message.endswith("chưa nêu: hạn chế, nguyên nhân.")


def test_similarity_does_not_depend_on_which_title_is_the_item():
    # the shortened title may be the item's or the section's
    assert a.similarity("Tuyên truyền", "Công tác tuyên truyền") == pytest.approx(0.81)
    # a doubled letter in a 4-letter word, in either title: "dang" counts 0.8, Dice 2·2.8/6
    assert a.similarity("Xây dựng Đảngg", "Xây dựng Đảng") == pytest.approx(2 * 2.8 / 6)
    assert a.similarity("Xây dựng Đảng", "Xây dựng Đảngg") == pytest.approx(2 * 2.8 / 6)


def test_words_that_only_share_letters_are_different_words():
    # "nghị" is no mistyped "nghiệp", though one is the start of the other
    assert a.similarity("Tổ chức hội nghị", "Phát triển công nghiệp") == 0.0


def test_a_mistyped_word_keeps_its_weight():
    def weight(w):
        return 3.0 if w.startswith("dang") else 1.0

    # "Đảngg" counts 0.8 of its weight 3: Dice 2·0.8·3 / (3 + 1 + 1 + 3); one word alone
    # gets Dice only
    got = a.similarity("Đảng", "Xây dựng Đảngg", weight)
    assert got == pytest.approx(2 * 0.8 * 3 / 8)


def paths(result):
    return {i.id: (i.matched.path if i.matched else None) for i in result.items}


def test_one_section_answers_one_point_of_a_level():
    # the report answers "Ưu điểm" and "Hạn chế" in one section: it goes to the first;
    # the second is reported missing rather than take its neighbour's section
    doc = Document(
        sections=[
            section(["I"], "Kết quả"),
            section(["II"], "Ưu điểm và hạn chế", paragraphs=["Còn hạn chế."]),
        ]
    )
    result = a.align(doc, outline(("I", "Kết quả", 1), ("II", "Ưu điểm", 1), ("III", "Hạn chế", 1)))
    assert paths(result) == {"I": ["I"], "II": ["II"], "III": None}
    assert [f.code for f in result.findings] == ["outline-item-missing"]


def test_points_answered_by_their_parents_section_itself():
    # the report does not split "Hạn chế và nguyên nhân" into points: its one section
    # answers both points of the outline, a little less well than a point of their own
    doc = Document(
        sections=[
            section(
                ["III"],
                "Hạn chế và nguyên nhân",
                paragraphs=["Còn hạn chế. Nguyên nhân là thiếu kinh phí."],
            )
        ]
    )
    result = a.align(
        doc,
        outline(
            ("III", "Hạn chế và nguyên nhân", 1),
            ("III.1", "Hạn chế", 2, "III"),
            ("III.2", "Nguyên nhân", 2, "III"),
        ),
    )
    assert paths(result) == {"III": ["III"], "III.1": ["III"], "III.2": ["III"]}
    assert result.findings == []
    assert result.items[1].matched.score < result.items[0].matched.score


def test_a_section_that_answers_a_part_answers_no_deeper_point():
    # "Hạn chế" answers part II; it is not also the point I.1.1 "Hạn chế" of another part
    doc = Document(
        sections=[
            section(["I"], "Kết quả", section(["I", "1"], "Tuyên truyền")),
            section(["II"], "Hạn chế"),
        ]
    )
    result = a.align(
        doc,
        outline(
            ("I", "Kết quả", 1),
            ("I.1", "Tuyên truyền", 2, "I"),
            ("I.1.1", "Hạn chế", 3, "I.1"),
            ("II", "Hạn chế", 1),
        ),
    )
    assert paths(result) == {"I": ["I"], "I.1": ["I", "1"], "I.1.1": None, "II": ["II"]}


def test_a_point_is_looked_for_at_its_level_under_its_parent():
    # I.1 "Tuyên truyền": the point 2 of part I, not the deeper I.1.a of the same title
    doc = Document(
        sections=[
            section(
                ["I"],
                "Kết quả",
                section(["I", "1"], "Kết quả cụ thể", section(["I", "1", "a"], "Tuyên truyền")),
                section(["I", "2"], "Tuyên truyền"),
            )
        ]
    )
    result = a.align(doc, outline(("I", "Kết quả", 1), ("I.1", "Tuyên truyền", 2, "I")))
    assert paths(result) == {"I": ["I"], "I.1": ["I", "2"]}
    # a part of the outline: the part of the report, not a point of the same title
    doc = Document(
        sections=[
            section(["I"], "Kết quả", section(["I", "1"], "Tuyên truyền")),
            section(["II"], "Tuyên truyền"),
        ]
    )
    assert paths(a.align(doc, outline(("I", "Tuyên truyền", 1)))) == {"I": ["II"]}


def test_a_point_deeper_under_its_parent_scores_more_than_one_elsewhere():
    doc = Document(
        sections=[
            section(
                ["I"],
                "Kết quả",
                section(["I", "1"], "Các mặt công tác", section(["I", "1", "a"], "Tuyên truyền")),
            ),
            section(["II"], "Nhiệm vụ"),
            section(["III"], "Kiểm tra"),
        ]
    )
    result = a.align(
        doc,
        outline(
            ("I", "Kết quả", 1),
            ("I.1", "Tuyên truyền", 2, "I"),
            ("II", "Nhiệm vụ", 1),
            ("II.1", "Kiểm tra", 2, "II"),
        ),
    )
    assert paths(result) == {"I": ["I"], "I.1": ["I", "1", "a"], "II": ["II"], "II.1": ["III"]}
    under_parent, elsewhere = result.items[1].matched.score, result.items[3].matched.score
    assert 0.5 <= elsewhere < under_parent < 1.0


def test_the_same_number_decides_between_equal_titles():
    doc = Document(sections=[section(["I"], "Tuyên truyền"), section(["II"], "Tuyên truyền")])
    assert paths(a.align(doc, outline(("II", "Tuyên truyền", 1)))) == {"II": ["II"]}
