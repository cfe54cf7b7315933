"""The heading decisions of structure.py, rule by rule: True a heading, False a numbered
paragraph, None no opinion (the next rule decides)."""

from tonghop import numbering
from tonghop import structure as s
from tonghop.model import Block

WORDS = "Công tác lãnh đạo chỉ đạo tuyên truyền học tập và làm theo tư tưởng đạo đức"  # 15


def cand(text, *, bold=False, level=None, bold_mode=False, in_list=False, stack=()):
    num = numbering.parse(text)
    assert num is not None, text
    return s.Candidate(Block(text, bold=bold, heading_level=level), num, bold_mode, in_list,
                       list(stack))  # fmt: skip


def words(n: int) -> str:
    return " ".join(["Việc", *["làm"] * (n - 1)])


def test_the_rules_run_in_order():
    assert s.HEADING_RULES[0] is s.continues_open_heading
    assert s.HEADING_RULES[-1] is s.long_plain_line
    # a long letter item is a paragraph even in a document whose numbered lines are bold
    assert not s.is_heading(cand(f"a) {words(21)}", bold=True, bold_mode=True))
    # a numbered list yields to the next number of an open heading
    open_11 = (None, numbering.parse("11. Mục"), 4)
    assert s.is_heading(cand(f"12. {words(30)}", in_list=True, stack=[open_11]))


def test_rule_continues_open_heading():
    open_11 = (None, numbering.parse("11. Mục"), 4)
    assert s.continues_open_heading(cand("12. Nội dung", stack=[open_11])) is True
    assert s.continues_open_heading(cand("13. Nội dung", stack=[open_11])) is None
    assert s.continues_open_heading(cand("12. Nội dung")) is None
    open_b = (None, numbering.parse("b) Mục"), 8)
    assert s.continues_open_heading(cand("c) Nội dung", stack=[open_b])) is True
    assert s.continues_open_heading(cand(f"c) {words(21)}", stack=[open_b])) is None
    open_ii = (None, numbering.parse("II. Mục"), 3)
    assert s.continues_open_heading(cand("III. Nội dung", stack=[open_ii])) is None


def test_rule_word_heading_style():
    assert s.word_heading_style(cand(f"1. {words(80)}", level=2)) is True
    assert s.word_heading_style(cand("1. Mục")) is None


def test_rule_structural_numbers():
    for text in ("PHẦN THỨ NHẤT", "Chương II", "Điều 3. Phạm vi"):
        assert s.structural_numbers(cand(text)) is True, text
    assert s.structural_numbers(cand("I. Mục")) is None


def test_rule_roman_numbers():
    assert s.roman_numbers(cand(f"II. {words(60)}")) is True
    assert s.roman_numbers(cand(f"II. {words(61)}")) is False
    assert s.roman_numbers(cand("2. Mục")) is None


def test_rule_letter_items():
    assert s.letter_items(cand(f"b) {words(20)}")) is True
    assert s.letter_items(cand(f"b) {words(21)}")) is False
    assert s.letter_items(cand("2. Mục")) is None


def test_rule_run_in_label():
    assert s.run_in_label(cand(f"1. Danh nghĩa tổ chức: {words(40)}")) is True
    assert s.run_in_label(cand(f"1. {words(13)}: {words(40)}")) is None
    assert s.run_in_label(cand(f"1.1. Danh nghĩa tổ chức: {words(40)}")) is None
    assert s.run_in_label(cand(f"1. {words(40)}")) is None


def test_rule_bold_in_bold_document():
    assert s.bold_in_bold_document(cand("1. Mục", bold=True, bold_mode=True)) is True
    assert s.bold_in_bold_document(cand("1. Mục", bold=True)) is None
    assert s.bold_in_bold_document(cand("1. Mục", bold_mode=True)) is None


def test_rule_decimal_numbers():
    assert s.decimal_numbers(cand(f"2.1. {words(80)}")) is True
    assert s.decimal_numbers(cand("2. Mục")) is None


def test_rule_long_item_with_semicolons():
    assert s.long_item_with_semicolons(cand(f"1. {words(10)}; {words(11)}")) is False
    assert s.long_item_with_semicolons(cand(f"1. {words(10)}; {words(10)}")) is None
    assert s.long_item_with_semicolons(cand(f"1. {words(25)}")) is None


def test_rule_numbered_list():
    assert s.numbered_list(cand("1. Mục", in_list=True)) is False
    assert s.numbered_list(cand("1. Mục")) is None


def test_rule_short_title():
    assert s.short_title(cand(f"1. {words(20)}")) is True
    assert s.short_title(cand(f"1. {words(21)}")) is None
    assert s.short_title(cand(f"1. {words(15)}", bold_mode=True)) is True
    assert s.short_title(cand(f"1. {words(16)}", bold_mode=True)) is None
    # footnote markers are no words
    assert s.short_title(cand(f"1. {words(20)}¹²")) is True


def test_rule_long_plain_line():
    assert s.long_plain_line(cand(f"1. {words(45)}")) is True
    assert s.long_plain_line(cand(f"1. {words(46)}")) is False
    assert s.long_plain_line(cand(f"1. {words(35)}.")) is True
    assert s.long_plain_line(cand(f"1. {words(36)}.")) is False
    assert s.long_plain_line(cand(f"1. {words(21)}", bold_mode=True)) is False


def test_numbered_lines_in_a_document():
    blocks = [
        Block("I. TÌNH HÌNH CHUNG"),
        Block(f"1. {WORDS}"),
        Block("Nội dung của mục."),
        Block(f"2. {WORDS} {WORDS}; {WORDS}."),  # long, but the next number of "1."
        Block(f"5. {WORDS} {WORDS}; {WORDS}."),  # long with a semicolon: a list item
    ]
    _, _, roots = s.build_sections(blocks)
    assert [c.path for c in roots[0].children] == [["I", "1"], ["I", "2"]]
    assert roots[0].children[1].paragraphs[-1].startswith("5. ")


# --- the helpers around the rules, at their edges -------------------------------------


def test_split_title_at_its_limits():
    assert s._split_title(words(25)) == (words(25), "")
    long = f"{words(10)}. {words(20)}"
    assert s._split_title(long) == (words(10) + ".", words(20))
    # the first sentence must have two words at least
    assert s._split_title(f"Việc. {words(30)}") == (f"Việc. {words(30)}", "")
    # no sentence break: all of it is the title
    assert s._split_title(words(30)) == (words(30), "")
    # a run-in label titles an arabic or decimal item, never a Roman one
    assert s._split_title("Danh nghĩa tổ chức: Thành ủy Hà Nội", "arabic") == (
        "Danh nghĩa tổ chức",
        "Thành ủy Hà Nội",
    )
    assert s._split_title("Danh nghĩa: Thành ủy", "decimal2") == ("Danh nghĩa", "Thành ủy")
    assert s._split_title("Danh nghĩa: Thành ủy", "roman") == ("Danh nghĩa: Thành ủy", "")
    label13 = words(13)
    assert s._split_title(f"{label13}: Thành ủy", "arabic") == (f"{label13}: Thành ủy", "")


def test_list_runs():
    def nums(*texts):
        return [numbering.parse(t) if t else None for t in texts]

    long = f"1. {words(21)}"
    assert s._list_runs(nums(long, "2. Ngắn")) == [True, True]
    assert s._list_runs(nums(f"1. {words(20)}", "2. Ngắn")) == [False, False]
    assert s._list_runs(nums(long, None, "2. Ngắn")) == [False, False, False]
    assert s._list_runs(nums(long, "a) Ngắn")) == [False, False]
    assert s._list_runs(nums("1. Ngắn", long, "3. Ngắn", None)) == [True, True, True, False]
    assert s._list_runs(nums(long)) == [False]


def test_plain_title_and_paragraph_texts():
    assert s._plain_title(words(15)) and not s._plain_title(words(16))
    for end in (".", ":", ";", ","):
        assert not s._plain_title("Kết quả" + end)
    assert s._paragraph_texts(Block("Gồm:\n- một\n- hai")) == ["Gồm:", "- một", "- hai"]
    assert s._paragraph_texts(Block("Dòng một\ndòng hai")) == ["Dòng một dòng hai"]
    assert s._paragraph_texts(Block("Gồm:\n- một\nhai")) == ["Gồm: - một hai"]


def test_is_title():
    assert s._is_title(Block("Kết quả thực hiện Kết luận"))
    assert s._is_title(Block("Thực hiện Kế hoạch số 12, như sau:", bold=True))
    assert not s._is_title(Block("Thực hiện Kế hoạch số 12, báo cáo như sau:"))
    assert s._is_title(Block("Thực hiện Kết luận số 01-KL/TW"))
    assert not s._is_title(Block(f"Thực hiện {words(30)}"))
    assert not s._is_title(Block("I. MỞ ĐẦU", bold=True))
    assert not s._is_title(Block("- một", bold=True))
    assert not s._is_title(Block("", kind="table"))


def test_recipients_and_signer():
    end = [
        Block("Nơi nhận:\n- Ban Tuyên giáo Thành ủy;\n- Lưu VP."),
        Block("T/M BAN THƯỜNG VỤ\nBÍ THƯ\n(đã ký)\nNguyễn Văn A"),
    ]
    assert s._parse_recipients(end) == ["Ban Tuyên giáo Thành ủy", "Lưu VP"]
    signer = s._parse_signer(end)
    assert (signer.capacity, signer.position, signer.name) == ("T/M BAN THƯỜNG VỤ", "BÍ THƯ",
                                                               "Nguyễn Văn A")  # fmt: skip
    wrapped = [Block("Nơi nhận: - Thường trực Thành ủy,\nđể báo cáo;\n+ Lưu.")]
    assert s._parse_recipients(wrapped) == ["Thường trực Thành ủy, để báo cáo", "Lưu"]
    assert s._parse_recipients([Block("- không có Nơi nhận")]) == []
    assert s._parse_signer([Block("Trân trọng./.")]) is None
