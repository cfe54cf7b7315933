"""The section tree built from blocks as the readers give them: tables, Word heading
styles, bold headings, letter items, titles wrapped over lines, annexes and the end
matter.  Blocks written by hand, fast enough to run for every mutant of structure.py."""

from tonghop import structure as s
from tonghop.model import Block


def tree(sections):
    return [(x.path, x.title, x.style) for top in sections for x in top.walk()]


def test_tables_stay_where_they_stand():
    table = Block("", kind="table", rows=[["Đơn vị", "Số lượng"], ["Xã A", "12"]], header_rows=1)
    later = Block("", kind="table", rows=[["Xã B", "7"]])
    blocks = [table, Block("I. KẾT QUẢ"), Block("1. Tuyên truyền"), later, Block("Đã làm.")]
    preamble, tables, sections = s.build_sections(blocks)
    assert [(t.rows, t.header_rows) for t in tables] == [(table.rows, 1)]
    first, point = sections[0], sections[0].children[0]
    assert first.tables == [] and [(t.rows, t.header_rows) for t in point.tables] == [
        ([["Xã B", "7"]], 0)
    ]
    assert point.paragraphs == ["Đã làm."]  # the table closes nothing


def test_word_heading_styles_without_numbers():
    blocks = [
        Block("Tình hình chung", heading_level=1),
        Block("Đã làm."),
        Block("Công tác tuyên truyền trên báo chí", heading_level=2),
        Block("Có 12 tin bài."),
        Block("Nhiệm vụ năm 2025", heading_level=1),
        Block("Nhiệm vụ năm 2025", heading_level=1),
    ]
    _, _, sections = s.build_sections(blocks)
    assert tree(sections) == [
        (["Tình hình chung"], "Tình hình chung", "styled"),
        (["Tình hình chung", "Công tác tuyên truyền trên báo chí"],
         "Công tác tuyên truyền trên báo chí", "styled"),
        (["Nhiệm vụ năm 2025"], "Nhiệm vụ năm 2025", "styled"),
        (["Nhiệm vụ năm 2025#2"], "Nhiệm vụ năm 2025", "styled"),
    ]  # fmt: skip
    assert sections[0].label == "" and sections[0].children[0].paragraphs == ["Có 12 tin bài."]


def test_a_long_styled_title_is_named_by_its_first_40_characters():
    title = "Kết quả thực hiện nhiệm vụ chính trị trọng tâm của Đảng bộ năm 2024"
    _, _, sections = s.build_sections([Block(title, heading_level=1)])
    assert sections[0].title == title
    assert sections[0].path == ["Kết quả thực hiện nhiệm vụ chính trị trọ"]


def test_a_styled_paragraph_too_long_for_a_heading_is_a_paragraph():
    title, long_text = " ".join(["Việc"] * 25), " ".join(["Việc"] * 26)
    _, _, sections = s.build_sections(
        [Block("I. KẾT QUẢ"), Block(title, heading_level=2), Block(long_text, heading_level=2)]
    )
    assert [x.title for x in sections[0].children] == [title]
    assert sections[0].children[0].paragraphs == [long_text]


def test_a_numbered_line_in_a_heading_style_ranks_by_its_number():
    blocks = [Block("I. KẾT QUẢ", heading_level=1), Block("1. Tuyên truyền", heading_level=1)]
    _, _, sections = s.build_sections(blocks)
    assert [x.path for x in sections[0].walk()] == [["I"], ["I", "1"]]


def test_a_letter_item_running_on_closes_the_open_letter_heading():
    run_on = "b) Rà soát, thống kê " + " ".join(["các"] * 22) + " cơ sở."
    blocks = [
        Block("1. Nhiệm vụ"),
        Block("a) Giao Sở Nội vụ:"),
        Block("Chủ trì thực hiện."),
        Block(run_on),
        Block("c) Giao Sở Tài chính:"),
    ]
    _, _, sections = s.build_sections(blocks)
    assert [x.path for x in sections[0].walk()] == [["1"], ["1", "a"], ["1", "c"]]
    assert sections[0].paragraphs == [run_on]
    assert sections[0].children[0].paragraphs == ["Chủ trì thực hiện."]


def test_decimal_headings_are_of_style_decimal():
    blocks = [Block("2. Kết quả"), Block("2.3. Tuyên truyền"), Block("2.3.4. Trên báo chí"),
              Block("3.1. Kiểm tra")]  # fmt: skip
    _, _, sections = s.build_sections(blocks)
    # under its parent a decimal point is named by its last number; elsewhere in full
    assert tree(sections) == [
        (["2"], "Kết quả", "arabic"),
        (["2", "3"], "Tuyên truyền", "decimal"),
        (["2", "3", "4"], "Trên báo chí", "decimal"),
        (["2", "3.1"], "Kiểm tra", "decimal"),
    ]
    _, _, sections = s.build_sections([Block("1.2. Tuyên truyền"), Block("Đã làm.")])
    assert tree(sections) == [(["1.2"], "Tuyên truyền", "decimal")]


def test_lettered_groups_hold_roman_sections():
    blocks = [Block("A. PHẦN KẾT QUẢ"), Block("I. TUYÊN TRUYỀN"), Block("B. PHẦN NHIỆM VỤ")]
    _, _, sections = s.build_sections(blocks)
    assert [x.path for top in sections for x in top.walk()] == [["A"], ["A", "I"], ["B"]]


def test_two_bold_numbered_lines_make_bold_the_mark_of_headings():
    sixteen = " ".join(["Việc"] * 16)
    blocks = [
        Block("1. Kết quả", bold=True),
        Block("2. Hạn chế", bold=True),
        Block(f"5. {sixteen}"),
    ]
    _, _, sections = s.build_sections(blocks)
    # 16 plain words where headings are bold: a paragraph of "2."
    assert [x.path for x in sections] == [["1"], ["2"]]
    assert sections[1].paragraphs == [f"5. {sixteen}"]
    # one bold line says nothing: 16 words are a title
    blocks[1] = Block("2. Hạn chế")
    _, _, sections = s.build_sections(blocks)
    assert [x.path for x in sections] == [["1"], ["2"], ["5"]]


def test_a_numbered_title_on_two_lines_of_a_block_is_one_title():
    _, _, sections = s.build_sections([Block("I. KẾT QUẢ THỰC HIỆN\nNGHỊ QUYẾT")])
    assert sections[0].title == "KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT"


def test_a_numbered_list_inside_a_section():
    # 24 words each, no semicolon: alone each would be a title
    items = [f"{n}. " + " ".join(["Tổ chức"] * 12) for n in (1, 2, 3)]
    blocks = [Block("II. NHIỆM VỤ"), Block("Các nhiệm vụ:"), *[Block(t) for t in items],
              Block("Nội dung."), Block("4. Kiểm tra")]  # fmt: skip
    _, _, sections = s.build_sections(blocks)
    assert sections[0].paragraphs == ["Các nhiệm vụ:", *items, "Nội dung."]
    assert [x.path for x in sections[0].children] == [["II", "4"]]


def test_a_paragraph_with_its_list_on_lines_of_its_own():
    _, _, sections = s.build_sections(
        [Block("I. KẾT QUẢ"), Block("Các nhiệm vụ:\n- Tuyên truyền;\n- Kiểm tra."),
         Block("Đã làm\nxong.")]
    )  # fmt: skip
    assert sections[0].paragraphs == ["Các nhiệm vụ:", "- Tuyên truyền;", "- Kiểm tra.",
                                      "Đã làm xong."]  # fmt: skip


def titles(blocks):
    _, _, sections = s.build_sections(blocks)
    return [(x.path, x.title, x.paragraphs) for top in sections for x in top.walk()]


def test_a_part_or_chapter_is_titled_by_the_lines_after_it():
    blocks = [
        Block("PHẦN THỨ NHẤT"),
        Block("TÌNH HÌNH VÀ KẾT QUẢ"),
        Block("I. KẾT QUẢ"),
        Block("Chương II"),
        Block("Tổ chức thực hiện", centered=True),
        Block("Điều 5. Trách nhiệm"),
        Block("Chương III"),
        Block("nhiệm vụ của các cơ quan"),  # typed without capitals or bold
        Block("Chương IV"),
        Block("Các cơ quan chủ trì thực hiện."),  # a sentence: the chapter's text
    ]
    assert titles(blocks[:3]) == [
        (["Phần 1"], "TÌNH HÌNH VÀ KẾT QUẢ", []),
        (["Phần 1", "I"], "KẾT QUẢ", []),
    ]
    assert titles(blocks[3:]) == [
        (["Chương 2"], "Tổ chức thực hiện", []),
        (["Chương 2", "Điều 5"], "Trách nhiệm", []),
        (["Chương 3"], "nhiệm vụ của các cơ quan", []),
        (["Chương 4"], "", ["Các cơ quan chủ trì thực hiện."]),
    ]


def test_a_part_title_stops_at_a_table_a_list_or_a_new_document():
    table = Block("", kind="table", rows=[["Xã A", "12"]])
    assert [t[1] for t in titles([Block("PHẦN THỨ NHẤT"), table])] == [""]
    blocks = [Block("PHẦN THỨ HAI"), Block("- Tuyên truyền"), Block("PHẦN THỨ BA"),
              Block("ĐỀ CƯƠNG"), Block("PHẦN THỨ TƯ"), Block("Dòng một\nDòng hai")]  # fmt: skip
    assert [t[1] for t in titles(blocks)] == ["", "", ""]


def test_a_title_in_capitals_wrapped_over_lines():
    blocks = [Block("I. KẾT QUẢ THỰC HIỆN"), Block("NGHỊ QUYẾT SỐ 01"), Block("CỦA BAN"),
              Block("THƯỜNG VỤ"), Block("TỈNH ỦY"), Block("Nội dung.")]  # fmt: skip
    # three lines at most go on with a title
    assert titles(blocks) == [
        (["I"], "KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT SỐ 01 CỦA BAN THƯỜNG VỤ", ["TỈNH ỦY", "Nội dung."]),
    ]
    many = " ".join(["VIỆC"] * 26)
    assert titles([Block("I. KẾT QUẢ"), Block(many)]) == [(["I"], "KẾT QUẢ", [many])]
    assert titles([Block("I. KẾT QUẢ"), Block(" ".join(["VIỆC"] * 25))])[0][1] == (
        "KẾT QUẢ " + " ".join(["VIỆC"] * 25)
    )


def test_a_bold_title_wrapped_onto_a_line_in_lower_case():
    blocks = [Block("1. Công tác tuyên truyền, giáo dục", bold=True),
              Block("chính trị tư tưởng", bold=True), Block("Đã làm.")]  # fmt: skip
    assert titles(blocks) == [(["1"], "Công tác tuyên truyền, giáo dục chính trị tư tưởng",
                               ["Đã làm."])]  # fmt: skip
    # a title ending its sentence does not go on; nor a line that starts a new one
    ended = [Block("1. Công tác tuyên truyền:", bold=True), Block("các cấp ủy", bold=True)]
    assert titles(ended) == [(["1"], "Công tác tuyên truyền:", ["các cấp ủy"])]
    plain = [Block("1. Công tác tuyên truyền", bold=True), Block("chính trị tư tưởng")]
    assert titles(plain) == [(["1"], "Công tác tuyên truyền", ["chính trị tư tưởng"])]
    upper = [Block("1. Công tác tuyên truyền", bold=True), Block("Chính trị tư tưởng", bold=True)]
    assert titles(upper)[0][1] == "Công tác tuyên truyền"


FRONT = [
    Block("ĐẢNG BỘ TỈNH HÀ TĨNH"),
    Block("BÁO CÁO"),
    Block("kết quả thực hiện chuyên đề năm 2024"),
    Block("I. KẾT QUẢ"),
    Block("Đã làm tốt."),
]


def test_end_matter_closing_recipients_and_signer():
    doc = s.build(
        [
            *FRONT,
            Block("XIN TRÂN TRỌNG CẢM ƠN!"),
            Block(
                "Nơi nhận:\n- Ban Tuyên giáo Tỉnh ủy;\n- Các chi bộ,\ntrực thuộc;\n"
                "(để báo cáo)\n• Lưu VP."
            ),  # fmt: skip
            Block(
                "T/M BAN THƯỜNG VỤ\nKT. BÍ THƯ\nPHÓ BÍ THƯ\n(Đã ký)\n(ký, đóng dấu)\nNguyễn Văn An"
            ),
        ]
    )
    assert [x.path for x in doc.sections] == [["I"]]
    assert doc.sections[0].paragraphs == ["Đã làm tốt."]
    assert doc.closing == ["XIN TRÂN TRỌNG CẢM ƠN!"]
    assert doc.recipients == ["Ban Tuyên giáo Tỉnh ủy", "Các chi bộ, trực thuộc", "Lưu VP"]
    signer = doc.signer
    assert (signer.capacity, signer.position, signer.name) == (
        "T/M BAN THƯỜNG VỤ KT. BÍ THƯ", "PHÓ BÍ THƯ", "Nguyễn Văn An"
    )  # fmt: skip


def test_recipients_split_by_the_signature_across_a_page_end():
    doc = s.build(
        [
            *FRONT,
            Block("Nơi nhận:"),
            Block("TM. BAN THƯỜNG VỤ\nBÍ THƯ\nTRƯỞNG BAN\nTrần Thị Bình"),
            Block("- Thường trực Tỉnh ủy;\n- ;\n- Lưu."),
        ]
    )
    assert doc.recipients == ["Thường trực Tỉnh ủy", "Lưu"]
    signer = doc.signer
    assert (signer.capacity, signer.position, signer.name) == (
        "TM. BAN THƯỜNG VỤ", "BÍ THƯ TRƯỞNG BAN", "Trần Thị Bình"
    )  # fmt: skip


def test_annexes_with_their_titles_tables_and_sections():
    doc = s.build(
        [
            *FRONT,
            Block("Nơi nhận:\n- Lưu VP."),
            Block("PHỤ LỤC"),
            Block("Số liệu tuyên truyền\nnăm 2024", bold=True),
            Block("Kèm theo báo cáo."),
            Block("", kind="table", rows=[["Xã A", "12"]], header_rows=0),
            Block("1. Tin bài"),
            Block("Có 12 tin."),
            Block("ĐỀ CƯƠNG"),
            Block("Thực hiện Kế hoạch số 12, các chi bộ báo cáo như sau:"),
            Block("I. Kết quả"),
            Block("- Tuyên truyền;"),
            Block("PHỤ LỤC"),
            Block("Thực hiện Kế hoạch số 12, số liệu tổng hợp."),
            Block("PHỤ LỤC"),
            Block("Thực hiện Kế hoạch số 12 về tuyên truyền"),
        ]
    )
    assert doc.recipients == ["Lưu VP"]
    first, second, third, fourth = doc.annexes
    # an opening sentence is no title; a title may start with the same words
    assert (third.title, third.paragraphs) == ("", ["Thực hiện Kế hoạch số 12, số liệu tổng hợp."])
    assert (fourth.title, fourth.paragraphs) == ("Thực hiện Kế hoạch số 12 về tuyên truyền", [])
    assert (first.kind, first.title, first.paragraphs) == (
        "PHỤ LỤC", "Số liệu tuyên truyền năm 2024", ["Kèm theo báo cáo."]
    )  # fmt: skip
    assert [t.rows for t in first.tables] == [[["Xã A", "12"]]]
    assert [(x.path, x.title, x.paragraphs) for x in first.sections] == [
        (["1"], "Tin bài", ["Có 12 tin."])
    ]
    assert (second.kind, second.title) == ("ĐỀ CƯƠNG", "")
    assert second.paragraphs == ["Thực hiện Kế hoạch số 12, các chi bộ báo cáo như sau:"]
    assert [x.path for x in second.sections] == [["I"]]


def test_an_annex_right_after_the_body():
    doc = s.build([*FRONT, Block("PHỤ LỤC"), Block("1. Tin bài"), Block("Có 12 tin.")])
    assert [x.path for x in doc.sections] == [["I"]] and doc.recipients == []
    assert [(a.kind, a.title, [x.path for x in a.sections]) for a in doc.annexes] == [
        ("PHỤ LỤC", "", [["1"]])
    ]


def test_a_number_used_again_among_siblings():
    blocks = [Block("1. Kết quả"), Block("1. Hạn chế"), Block("1. Nhiệm vụ")]
    _, _, sections = s.build_sections(blocks)
    assert [x.path for x in sections] == [["1"], ["1#2"], ["1#3"]]


def test_a_run_in_item_is_titled_by_its_label():
    text = "Danh nghĩa tổ chức: Thành ủy Hà Nội, Ban Tuyên giáo Thành ủy và các đảng bộ trực thuộc."
    _, _, sections = s.build_sections([Block("I. TỔ CHỨC"), Block(f"1. {text}")])
    point = sections[0].children[0]
    assert (point.title, point.paragraphs) == (
        "Danh nghĩa tổ chức",
        ["Thành ủy Hà Nội, Ban Tuyên giáo Thành ủy và các đảng bộ trực thuộc."],
    )


def test_a_long_heading_running_into_its_text():
    rest = "Các cấp ủy đã " + " ".join(["tổ chức"] * 12) + " học tập."
    _, _, sections = s.build_sections([Block(f"I. KẾT QUẢ TUYÊN TRUYỀN. {rest}")])
    assert (sections[0].title, sections[0].paragraphs) == ("KẾT QUẢ TUYÊN TRUYỀN.", [rest])


def test_a_heading_style_after_a_numbered_point_is_its_sibling():
    blocks = [Block("I. KẾT QUẢ"), Block("1. Tuyên truyền"), Block("Kiểm tra", heading_level=1)]
    _, _, sections = s.build_sections(blocks)
    assert [x.path for x in sections[0].walk()] == [["I"], ["I", "1"], ["I", "Kiểm tra"]]


def test_a_signature_right_after_the_body_ends_it():
    doc = s.build([*FRONT, Block("TM. BAN THƯỜNG VỤ\nBÍ THƯ\nNguyễn Văn An")])
    assert doc.sections[0].paragraphs == ["Đã làm tốt."]
    assert doc.signer.name == "Nguyễn Văn An"


def test_closing_and_recipients_in_one_block():
    doc = s.build([*FRONT, Block("Trân trọng!\nNơi nhận:\n- Lưu VP.")])
    assert doc.recipients == ["Lưu VP"]
