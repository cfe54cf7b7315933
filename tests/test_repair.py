"""Page-flow repair: a paragraph a page end cut is one paragraph again; what ends by
nature (a sentence, a heading, a list item) is never joined to what follows."""

import pytest

from tonghop import repair as r
from tonghop.model import Block, RawDocument
from tonghop.repair import MAX_JOINED, repair

LONG = "Ban Thường vụ Huyện ủy đã lãnh đạo, chỉ đạo các cấp ủy cơ sở triển khai"  # 15 words


def body(*blocks) -> list[str]:
    raw = RawDocument([b if isinstance(b, Block) else Block(b) for b in blocks], "txt")
    return [b.text for b in repair(raw)[0]]


def test_a_cut_mid_sentence_is_joined():
    assert body(f"{LONG} về thực", "hiện các nhiệm vụ.") == [f"{LONG} về thực hiện các nhiệm vụ."]


@pytest.mark.parametrize("end", [".", "!", "?", ":", "./.", "…"])
def test_a_paragraph_that_ends_a_sentence_is_not_continued(end):
    # a colon ends too: "như sau:" announces what follows, in paragraphs of its own
    assert body(f"{LONG} như sau{end}", "các đơn vị đã tổ chức học tập.") == [
        f"{LONG} như sau{end}",
        "các đơn vị đã tổ chức học tập.",
    ]


@pytest.mark.parametrize("item", ["- Tổ chức học tập chuyên đề.", "- tổ chức học tập", "+ rà soát"])
def test_a_list_item_is_never_joined_to_the_line_before(item):
    assert body(f"{LONG} những việc sau đây", item) == [f"{LONG} những việc sau đây", item]


def test_a_numbered_line_is_never_joined_to_the_line_before():
    assert body(f"{LONG} những việc", "2. Kết quả thực hiện") == [
        f"{LONG} những việc",
        "2. Kết quả thực hiện",
    ]


def test_a_range_of_years_is_glued_without_a_space():
    assert body(f"{LONG} trong giai đoạn (2021-", "2023) các nhiệm vụ.") == [
        f"{LONG} trong giai đoạn (2021-2023) các nhiệm vụ."
    ]


def test_an_opening_bracket_or_quote_is_glued_without_a_space():
    assert body(f"{LONG} (", "kèm theo).") == [f"{LONG} (kèm theo)."]
    assert body(f"{LONG} “", "học tập và làm theo”.") == [f"{LONG} “học tập và làm theo”."]


def test_a_capital_continues_only_a_long_line_cut_mid_sentence():
    # "Cấp nước" | "Hà Tĩnh": a proper name the page end cut
    assert body(f"{LONG} Công ty Cấp nước", "Hà Tĩnh thực hiện.") == [
        f"{LONG} Công ty Cấp nước Hà Tĩnh thực hiện."
    ]
    assert body(f"{LONG} và (", "Hà Tĩnh).") == [f"{LONG} và (Hà Tĩnh)."]
    # a short line (under 8 words) is a title, its capitalised successor a new paragraph
    assert body("Kết quả thực hiện nhiệm vụ", "Ban Thường vụ đã chỉ đạo.") == [
        "Kết quả thực hiện nhiệm vụ",
        "Ban Thường vụ đã chỉ đạo.",
    ]
    # after a comma a capital starts nothing new, but only a digit or a quote continues it
    assert body(f"{LONG} các đơn vị,", "Ban Tuyên giáo.") == [
        f"{LONG} các đơn vị,",
        "Ban Tuyên giáo.",
    ]


@pytest.mark.parametrize("first", ["2023 các đơn vị.", "“Học tập” các đơn vị.", "(kèm theo)."])
def test_a_digit_quote_or_bracket_continues_a_line_cut_after_a_word_or_comma(first):
    for end in (" các đơn vị", " các đơn vị,", " các đơn vị -"):
        assert len(body(LONG + end, first)) == 1, (end, first)
    assert len(body(LONG + " các đơn vị;", first)) == 2


def test_lines_that_end_by_nature_are_never_continued():
    nxt = "hiện các nhiệm vụ."
    for prev in (
        Block(f"{LONG} về thực", bold=True),
        Block(f"{LONG} về thực", centered=True),
        Block(f"{LONG} về thực", heading_level=2),
        Block(f"{LONG}\nvề thực"),
        Block("BÁO CÁO KẾT QUẢ THỰC HIỆN KẾT LUẬN SỐ 01 VỀ THỰC"),
        Block("Hà Nội, ngày 12 tháng 3 năm 2024"),
    ):
        assert len(body(prev, nxt)) == 2, prev


def test_a_long_bold_paragraph_is_prose():
    prose = " ".join([LONG] * 5)  # 75 words
    assert len(body(Block(prose, bold=True), Block("hiện các nhiệm vụ.", bold=True))) == 1


def test_the_line_after_a_document_kind_is_a_title():
    assert body("BÁO CÁO", "Kết quả thực hiện Kết luận số 01 về", "học tập và làm theo.") == [
        "BÁO CÁO",
        "Kết quả thực hiện Kết luận số 01 về",
        "học tập và làm theo.",
    ]


def test_what_opens_a_heading_is_not_a_continuation():
    for nxt in (
        Block("hiện các nhiệm vụ.", heading_level=1),
        Block("hiện các nhiệm vụ.", centered=True),
        Block("hiện các nhiệm vụ.", bold=True),
        Block("NHIỆM VỤ TRỌNG TÂM"),
        Block("BÁO CÁO"),
    ):
        assert len(body(f"{LONG} về thực", nxt)) == 2, nxt


def test_a_cut_the_reader_saw_is_joined():
    assert len(body(f"{LONG} các đơn vị.", Block("Ban Tuyên giáo.", continues=True))) == 1


def test_a_numbered_heading_is_not_continued_by_a_lower_case_line():
    assert len(body("1. Công tác lãnh đạo, chỉ đạo", "các cấp ủy đã triển khai.")) == 2
    # a long numbered paragraph is
    assert len(body(f"1. {LONG} về thực", "hiện các nhiệm vụ.")) == 1


def test_a_long_numbered_paragraph_is_joined_to_its_end_before_the_next_number():
    one = f"1. {LONG} học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí"
    assert body(one, "Minh trong giai đoạn mới.", "2. Kết quả thực hiện.") == [
        f"{one} Minh trong giai đoạn mới.",
        "2. Kết quả thực hiện.",
    ]
    # not when the next number does not follow, nor when the number is short
    assert len(body(one, "Minh trong giai đoạn mới.", "3. Kết quả thực hiện.")) == 3
    assert len(body(one, "Minh trong giai đoạn mới.")) == 2
    assert len(body("1. Công tác lãnh đạo Hồ Chí", "Minh trong giai đoạn mới.", "2. Kết")) == 3


def test_footnotes_leave_the_body_and_a_cut_across_them_is_joined():
    blocks, notes = repair(
        RawDocument(
            [
                Block(f"{LONG} về thực"),
                Block("¹ Kế hoạch số 12-KH/HU.", kind="footnote", footnote=1),
                Block("  "),
                Block("hiện các nhiệm vụ."),
            ],
            "pdf",
        )
    )
    assert [b.text for b in blocks] == [f"{LONG} về thực hiện các nhiệm vụ."]
    assert [(n.n, n.text) for n in notes] == [(1, "¹ Kế hoạch số 12-KH/HU.")]


def test_a_paragraph_stops_growing_past_the_limit():
    line = "một dòng không có dấu câu nào ở cuối dòng này cả"
    n = MAX_JOINED // len(line) + 10
    out = body(*([line] * n))
    assert len(out) == 2 and len(out[0]) >= MAX_JOINED > len(out[0]) - len(line) - 1


def test_block_fields_are_kept():
    blocks, _ = repair(RawDocument([Block("I. MỞ ĐẦU", bold=True, page=3, heading_level=1)], "pdf"))
    b = blocks[0]
    assert (b.text, b.bold, b.page, b.heading_level) == ("I. MỞ ĐẦU", True, 3, 1)
    table = Block("", kind="table", rows=[["a", "b"]], header_rows=1)
    blocks, _ = repair(RawDocument([table, Block("")], "docx"))
    assert [(b.kind, b.rows, b.header_rows) for b in blocks] == [("table", [["a", "b"]], 1)]


# --- the join rules, one by one (each: True join, False keep apart, None no opinion) ---


def cut(prev, nxt, after=None, after_kind=False) -> r.Cut:
    def block(b):
        return b if isinstance(b, Block) else Block(b)

    return r.Cut(block(prev), block(nxt), after_kind, block(after) if after else None)


def test_the_rules_run_in_order_and_the_first_opinion_wins():
    assert r.JOIN_RULES[0] is r.only_paragraphs
    assert r.JOIN_RULES[-1] is r.capital_continues_mid_sentence
    # a list item the reader marked as continuing is still a list item
    assert not r.joins(cut(f"{LONG} về", Block("- tổ chức", continues=True)))


def test_rule_only_paragraphs():
    assert r.only_paragraphs(cut(Block("", kind="table"), "hiện")) is False
    assert r.only_paragraphs(cut(f"{LONG} về", Block("", kind="table"))) is False
    assert r.only_paragraphs(cut("Kết quả thực hiện", "hiện", after_kind=True)) is False
    assert r.only_paragraphs(cut(f"{LONG} về", "hiện")) is None


def test_rule_numbers_start_anew():
    for head in ("2. Kết quả", "- tổ chức", "+ rà soát", "a) Về", "   "):
        assert r.numbers_start_anew(cut(f"{LONG} về", head)) is False, head
    assert r.numbers_start_anew(cut(f"{LONG} về", "hiện")) is None


def test_rule_reader_saw_the_cut():
    assert r.reader_saw_the_cut(cut(LONG, Block("Hà Tĩnh", continues=True))) is True
    assert r.reader_saw_the_cut(cut(LONG, "Hà Tĩnh")) is None


def test_rule_headings_start_anew():
    assert r.headings_start_anew(cut(LONG, Block("hiện", heading_level=1))) is False
    assert r.headings_start_anew(cut(LONG, Block("hiện", centered=True))) is False
    assert r.headings_start_anew(cut(LONG, Block("hiện", bold=True))) is False
    assert r.headings_start_anew(cut(Block(LONG, bold=True), Block("hiện", bold=True))) is None
    assert r.headings_start_anew(cut(LONG, "NHIỆM VỤ TRỌNG TÂM")) is False
    assert r.headings_start_anew(cut(LONG, "Báo cáo")) is None
    assert r.headings_start_anew(cut(LONG, "KẾT QUẢ " * 70)) is None  # too long to be one


def test_rule_sentence_ended():
    for end in (".", "!", "?", ":", "./.", "…", ".¹"):
        assert r.sentence_ended(cut(LONG + end, "hiện")) is False, end
    assert r.sentence_ended(cut(LONG + ",", "hiện")) is None
    assert r.sentence_ended(cut(LONG + " ¹²", "hiện")) is None


def test_the_tail_looks_at_the_end_only_and_without_markers():
    assert cut("x" * 1000 + " về thực¹", "hiện").tail.endswith("về thực")
    assert cut("ab", "hiện").tail == "ab"


def test_rule_lower_case_continues():
    assert r.lower_case_continues(cut(LONG, "hiện")) is True
    assert r.lower_case_continues(cut("1. Công tác lãnh đạo", "các cấp ủy")) is False
    assert r.lower_case_continues(cut(f"1. {LONG}", "các cấp ủy")) is True
    assert r.lower_case_continues(cut(LONG, "Hà Tĩnh")) is None


def test_rule_numbered_paragraph_ends():
    one = f"1. {LONG} học tập và làm theo tư tưởng Hồ Chí"
    assert r.numbered_paragraph_ends(cut(one, "Minh mới.", "2. Kết quả")) is True
    assert r.numbered_paragraph_ends(cut(one, "Minh mới.", "3. Kết quả")) is False
    assert r.numbered_paragraph_ends(cut(one, "Minh mới.", "a) Kết quả")) is False
    assert r.numbered_paragraph_ends(cut(one, "Minh mới.")) is False
    assert r.numbered_paragraph_ends(cut(one + " -", "Minh mới.", "2. Kết quả")) is False
    assert r.numbered_paragraph_ends(cut(one, "Minh " * 41, "2. Kết quả")) is False
    assert r.numbered_paragraph_ends(cut("1. Công tác Hồ Chí", "Minh mới.", "2. Kết")) is False
    assert r.numbered_paragraph_ends(cut(LONG, "Minh mới.", "2. Kết quả")) is None


def test_rule_digit_or_quote_continues():
    for end in ("", ",", " -", " –", " ("):
        assert r.digit_or_quote_continues(cut(LONG + end, "2023)")) is True, end
    assert r.digit_or_quote_continues(cut(LONG + ";", "“Học tập”")) is False
    assert r.digit_or_quote_continues(cut(LONG, '"Học tập"')) is True
    assert r.digit_or_quote_continues(cut(LONG, "Hà Tĩnh")) is None


def test_rule_capital_continues_mid_sentence():
    assert r.capital_continues_mid_sentence(cut(LONG, "Hà Tĩnh")) is True
    assert r.capital_continues_mid_sentence(cut(LONG + " –", "Hà Tĩnh")) is True
    assert r.capital_continues_mid_sentence(cut(LONG + ",", "Hà Tĩnh")) is False
    # eight words at least, footnote markers not counted as words
    assert r.capital_continues_mid_sentence(cut("một hai ba bốn năm sáu bảy tám", "Hà")) is True
    assert r.capital_continues_mid_sentence(cut("một hai ba bốn năm sáu bảy ¹", "Hà")) is False


# --- the limits, at their edges ---------------------------------------------------------


def words(n: int, word: str = "làm") -> str:
    return " ".join(["Việc", *[word] * (n - 1)])


def test_glue_trims_both_halves_and_glues_a_range_only():
    assert body(f"{LONG} về thực  ", "   hiện.") == [f"{LONG} về thực hiện."]
    assert body(f"{LONG} từ 3-", "5 đơn vị.") == [f"{LONG} từ 3-5 đơn vị."]
    assert body(f"{LONG} năm", "2023 các đơn vị.") == [f"{LONG} năm 2023 các đơn vị."]


def test_a_bold_line_under_60_words_ends_by_nature():
    nxt = Block("hiện các nhiệm vụ.", bold=True)
    assert len(body(Block(words(59), bold=True), nxt)) == 2
    assert len(body(Block(words(60), bold=True), nxt)) == 1


def test_a_line_in_capitals_ends_by_nature_when_short():
    nxt = "hiện các nhiệm vụ."
    # under 500 characters and 60 words
    assert len(body(" ".join(["ABCDEFGHI"] * 49 + ["ABCDEFGHIJ"]), nxt)) == 1  # 500 characters
    assert len(body(" ".join(["ABCDEFGHI"] * 50), nxt)) == 2  # 499
    assert len(body(" ".join(["AB"] * 60), nxt)) == 1
    assert len(body(" ".join(["AB"] * 59), nxt)) == 2


def test_a_paragraph_of_exactly_the_limit_is_not_joined():
    at_limit = ("ab " * 4000)[:-1] + "c"
    assert len(at_limit) == MAX_JOINED
    assert len(body(at_limit, "hiện các nhiệm vụ.")) == 2
    assert len(body(at_limit[1:], "hiện các nhiệm vụ.")) == 1


def test_italic_and_every_field_survive():
    blocks, _ = repair(RawDocument([Block("Ghi chú", italic=True, centered=True)], "docx"))
    assert blocks[0].italic and blocks[0].centered


def test_rule_edges():
    # a numbered line continued in lower case: over 12 words ("1." is one)
    assert r.lower_case_continues(cut(f"1. {words(11)}", "các cấp ủy")) is False
    assert r.lower_case_continues(cut(f"1. {words(12)}", "các cấp ủy")) is True
    # a long numbered paragraph: over 20 words, its end 40 words at most, ending on a word
    nxt_num = "2. Kết quả"
    assert r.numbered_paragraph_ends(cut(f"1. {words(19)}", "Minh mới.", nxt_num)) is False
    assert r.numbered_paragraph_ends(cut(f"1. {words(20)}", "Minh mới.", nxt_num)) is True
    assert r.numbered_paragraph_ends(cut(f"1. {words(25)}", words(40), nxt_num)) is True
    assert r.numbered_paragraph_ends(cut(f"1. {words(25)} 5", "Minh mới.", nxt_num)) is True
    # a capital after a comma is no continuation, whatever letter it is
    assert r.joins(cut(LONG + ",", "Xã Hòa Bình")) is False
    assert r.digit_or_quote_continues(cut(LONG + ",", "5 đơn vị")) is True
    # a line in capitals opens something new up to 500 characters
    assert r.headings_start_anew(cut(LONG, "A" * 499)) is False
    assert r.headings_start_anew(cut(LONG, "A" * 500)) is None
