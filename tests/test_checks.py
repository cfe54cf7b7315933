"""The checks as a reader of the report sees them: for short reports written the way
Party committees write them, which findings come out, with their code, severity, place
and Vietnamese message, and which must not."""

import io

from docx import Document as WordDocument

from tonghop.checks import check_ocr_confidence, find_markers
from tonghop.model import Document
from tonghop.pipeline import read_document_bytes

HEAD = "BÁO CÁO\n\nkết quả công tác xây dựng Đảng năm 2024\n\n"


def read(body: str):
    return read_document_bytes((HEAD + body).encode("utf-8"), "bc.txt")


def found(doc, *codes):
    return [(f.code, f.severity, f.path, f.message) for f in doc.findings if f.code in codes]


def word_file(*blocks) -> bytes:
    """A .docx of paragraphs (str) and tables (list of rows)."""
    doc = WordDocument()
    for block in blocks:
        if isinstance(block, str):
            doc.add_paragraph(block)
            continue
        table = doc.add_table(rows=len(block), cols=len(block[0]))
        table.style = doc.styles["Table Grid"]
        for i, row in enumerate(block):
            for j, text in enumerate(row):
                table.cell(i, j).text = text
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


# --- numbering -----------------------------------------------------------------------


def test_skipped_and_repeated_numbers_name_the_number_that_belongs():
    doc = read(
        "I. KẾT QUẢ\n\n"
        "1. Học tập nghị quyết\n\nĐã tổ chức 3 hội nghị.\n\n"
        "2. Tuyên truyền\n\nĐã đăng 20 tin bài.\n\n"
        "2. Dư luận xã hội\n\nNắm bắt 5 vụ việc.\n\n"
        "4. Kiểm tra, giám sát\n\nKiểm tra 6 tổ chức đảng.\n\n"
        "III. PHƯƠNG HƯỚNG\n\n"
        "1. Nhiệm vụ chung\n\nTiếp tục thực hiện.\n\n"
        "4. Nhiệm vụ cụ thể\n\nTăng cường kiểm tra.\n\n"
        "a) Về tư tưởng\n\nNắm chắc tình hình.\n\n"
        "c) Về tổ chức\n\nKiện toàn cấp ủy.\n\n"
        "5. Giải pháp\n\nPhát huy vai trò.\n"
    )
    assert found(doc, "skipped-number", "duplicate-number") == [
        (
            "skipped-number",
            "warning",
            ["III"],
            "Đánh số bị nhảy cóc: thiếu mục II trước mục “III. PHƯƠNG HƯỚNG”.",
        ),
        (
            # "2." written twice where "3." belonged: "4." after it is in its place
            "duplicate-number",
            "warning",
            ["I", "2#2"],
            "Số mục bị trùng: mục “2. Dư luận xã hội” lặp lại số 2 đã dùng trước đó; "
            "đúng ra phải là 3.",
        ),
        (
            "skipped-number",
            "warning",
            ["III", "4"],
            "Đánh số bị nhảy cóc: thiếu mục 2, 3 trước mục “4. Nhiệm vụ cụ thể”.",
        ),
        (
            "skipped-number",
            "warning",
            ["III", "4", "c"],
            "Đánh số bị nhảy cóc: thiếu mục b trước mục “c) Về tổ chức”.",
        ),
    ]


def test_a_group_letter_and_a_decimal_number_are_named_as_written():
    doc = read(
        "B. KẾT QUẢ THỰC HIỆN\n\nI. CÔNG TÁC CHÍNH TRỊ\n\n"
        "2.1. Học tập\n\nĐã tổ chức 3 hội nghị.\n\n"
        "2.3. Tuyên truyền\n\nĐã đăng 20 tin bài.\n\n"
        "2.3. Dư luận\n\nNắm bắt 5 vụ việc.\n\n"
        "2.3.1. Trên mạng xã hội\n\nNắm bắt 3 vụ việc.\n\n"
        "2.3.3. Ở cơ sở\n\nNắm bắt 2 vụ việc.\n\n"
        "C. PHƯƠNG HƯỚNG\n\nTiếp tục.\n"
    )
    assert [(f[2], f[3]) for f in found(doc, "skipped-number", "duplicate-number")] == [
        (["B"], "Đánh số bị nhảy cóc: thiếu mục A trước mục “B. KẾT QUẢ THỰC HIỆN”."),
        (["B", "I", "2.3"], "Đánh số bị nhảy cóc: thiếu mục 2.2 trước mục “2.3. Tuyên truyền”."),
        (
            ["B", "I", "2.3#2"],
            "Số mục bị trùng: mục “2.3. Dư luận” lặp lại số 2.3 đã dùng trước đó; "
            "đúng ra phải là 2.4.",
        ),
        (
            ["B", "I", "2.3#2", "3"],
            "Đánh số bị nhảy cóc: thiếu mục 2.3.2 trước mục “2.3.3. Ở cơ sở”.",
        ),
    ]


def test_parts_of_a_report_skip_after_the_opening_part():
    doc = read(
        "PHẦN MỞ ĐẦU\n\nNội dung mở đầu.\n\nPHẦN THỨ NHẤT\n\nKết quả.\n\n"
        "PHẦN THỨ BA\n\nPhương hướng.\n"
    )
    assert found(doc, "skipped-number") == [
        (
            "skipped-number",
            "warning",
            ["Phần 3"],
            "Đánh số bị nhảy cóc: thiếu mục 2 trước mục “PHẦN THỨ BA”.",
        )
    ]


def test_a_list_item_kept_as_a_paragraph_is_no_skipped_number():
    # "a)" is a sentence of the section's text, "b)" and "c)" are headings
    doc = read(
        "I. KẾT QUẢ\n\n1. Công tác tuyên truyền\n\n"
        "Trong năm, Ban Tuyên giáo tập trung vào các nội dung sau:\n\n"
        "a) Tuyên truyền kỷ niệm các ngày lễ lớn của đất nước và của tỉnh bằng nhiều hình "
        "thức phong phú, đa dạng và thiết thực.\n\n"
        "b) Học tập nghị quyết\n\nTổ chức 12 hội nghị.\n\n"
        "c) Sơ kết chỉ thị\n\nTổ chức 3 hội nghị.\n"
    )
    assert [s.label for s in doc.walk()] == ["I.", "1.", "b)", "c)"]
    assert not found(doc, "skipped-number", "duplicate-number")


def test_mixed_forms_of_numbers_among_siblings():
    doc = read(
        "I. KẾT QUẢ\n\n1. Một\n\nNội dung.\n\n2) Hai\n\nNội dung.\n\n3) Ba\n\nNội dung.\n\n"
        "4. Bốn\n\nNội dung.\n\nII. TỒN TẠI\n\n2.1 Hạn chế\n\nNội dung.\n\n"
        "2.2. Nguyên nhân\n\nNội dung.\n\n2.3. Bài học\n\nNội dung.\n\n"
        "III. PHƯƠNG HƯỚNG\n\n1) Tư tưởng\n\nNội dung.\n\n2. Tổ chức\n\nNội dung.\n\n"
        "3. Kiểm tra\n\nNội dung.\n"
    )
    assert found(doc, "numbering-style") == [
        # "1." is the usual form of the level
        (
            "numbering-style",
            "minor",
            ["I", "2"],
            "Cách đánh số không thống nhất: “2)” ở mục “2) Hai” khác với “1.” dùng ở các "
            "mục cùng cấp.",
        ),
        (
            "numbering-style",
            "minor",
            ["I", "3"],
            "Cách đánh số không thống nhất: “3)” ở mục “3) Ba” khác với “1.” dùng ở các "
            "mục cùng cấp.",
        ),
        (
            # the level's usual form is counted over the whole document: four "1." to three "1)"
            "numbering-style",
            "minor",
            ["III", "1"],
            "Cách đánh số không thống nhất: “1)” ở mục “1) Tư tưởng” khác với “1.” dùng ở "
            "các mục cùng cấp.",
        ),
        (
            "numbering-style",
            "minor",
            ["II", "1"],
            "Cách đánh số không thống nhất: “2.1” ở mục “2.1 Hạn chế” khác với “2.2.” dùng "
            "ở các mục cùng cấp.",
        ),
    ]


WORDS_15 = "Công tác dân vận ở cơ sở với các hội, đoàn thể và nhân dân"


def test_empty_sections_are_short_headings_with_nothing_under_them():
    long_title = (
        "Công tác lãnh đạo, chỉ đạo việc học tập, quán triệt và triển khai thực hiện "
        "các nghị quyết của Đảng"
    )
    doc = read(
        "I. KẾT QUẢ\n\n1. Học tập nghị quyết\n\n2. Tuyên truyền miệng\n\nĐã tổ chức 3 buổi.\n\n"
        f"3. {long_title}\n\n"
        "4. Kiểm tra 12 tổ chức đảng theo chương trình năm 2024.\n\n"
        f"5. {WORDS_15}\n\n6. {WORDS_15} huyện\n"
    )
    assert len(long_title.split()) == 21 and len(WORDS_15.split()) == 15
    assert found(doc, "empty-section") == [
        ("empty-section", "minor", ["I", "1"], "Mục “1. Học tập nghị quyết” không có nội dung."),
        (
            # 15 words: still a heading
            "empty-section",
            "minor",
            ["I", "5"],
            f"Mục “5. {WORDS_15}” không có nội dung.",
        ),
    ]


def test_an_empty_heading_is_shown_with_its_first_60_characters():
    title = "Tuyên truyền kỷ niệm 95 năm Ngày thành lập Đảng Cộng sản Việt Nam (03/02)"
    assert len(title) > 60 and len(title.split()) == 15
    doc = read(f"I. KẾT QUẢ\n\n1. {title}\n\n2. Học tập\n\nĐã tổ chức 3 buổi.\n")
    [f] = found(doc, "empty-section")
    assert f[3] == f"Mục “1. {title[:60]}” không có nội dung."


def test_a_section_holding_only_a_table_is_not_empty():
    data = word_file(
        "BÁO CÁO",
        "kết quả công tác năm 2024",
        "I. KẾT QUẢ",
        "1. Số liệu đảng viên",
        [["Đơn vị", "Số đảng viên"], ["Xã Đông Thạnh", "245"]],
        "2. Học tập nghị quyết",
    )
    doc = read_document_bytes(data, "bc.docx")
    assert [(f[2], f[3]) for f in found(doc, "empty-section")] == [
        (["I", "2"], "Mục “2. Học tập nghị quyết” không có nội dung.")
    ]


def test_a_long_run_of_one_error_is_listed_up_to_100_then_counted():
    body = "I. KẾT QUẢ\n\n" + "".join("1. Nội dung công tác\n\nĐã làm.\n\n" for _ in range(103))
    doc = read(body)
    repeated = found(doc, "duplicate-number")
    assert len(repeated) == 101
    assert repeated[99][2] == ["I", "1#101"]
    assert repeated[100] == (
        "duplicate-number",
        "warning",
        [],
        "Còn 2 chỗ khác cùng loại lỗi này không được liệt kê (chỉ nêu 100 chỗ đầu tiên).",
    )


# --- footnotes -----------------------------------------------------------------------


NOTE_4 = (
    "Danh sách các chi bộ được khen thưởng trong năm 2024 theo Quyết định của Ban Thường vụ "
    "Huyện ủy."
)


def test_footnotes_without_marker_markers_without_footnote_repeats_and_order():
    doc = read(
        "I. KẾT QUẢ\n\nBan Tuyên giáo đã ban hành 3 văn bản³ và tổ chức 5 hội nghị¹.\n\n"
        "II. PHƯƠNG HƯỚNG\n\nTiếp tục thực hiện kế hoạch trong năm².\n\n"
        "¹ Gồm 2 hội nghị trực tiếp, 3 hội nghị trực tuyến.\n\n"
        "² Kế hoạch số 25-KH/HU ngày 10/01/2025 của Ban Thường vụ Huyện ủy.\n\n"
        "² Chú thích trùng số.\n\n"
        f"⁴ {NOTE_4}\n"
    )
    assert [(fn.n, fn.marker_path) for fn in doc.footnotes] == [
        (1, ["I"]),
        (2, ["II"]),
        (2, ["II"]),
        (4, None),
    ]
    assert found(
        doc,
        "marker-without-footnote",
        "footnote-without-marker",
        "duplicate-footnote",
        "footnote-order",
    ) == [
        (
            "marker-without-footnote",
            "error",
            ["I"],
            "Có dấu chú thích số 3 trong văn bản nhưng không có nội dung chú thích 3.",
        ),
        (
            "footnote-without-marker",
            "warning",
            [],
            f"Chú thích 4 (“{NOTE_4[:60]}”) không được dẫn ở đâu trong văn bản.",
        ),
        ("duplicate-footnote", "warning", [], "Có 2 chú thích cùng mang số 2."),
        (
            "footnote-order",
            "minor",
            [],
            "Các chú thích không được đánh số theo thứ tự xuất hiện trong văn bản.",
        ),
    ]


def test_footnotes_in_order_raise_nothing():
    doc = read(
        "I. KẾT QUẢ\n\nĐã ban hành 3 văn bản¹ và tổ chức 5 hội nghị².\n\n"
        "¹ Gồm 1 kế hoạch, 2 hướng dẫn.\n\n² Gồm 2 hội nghị trực tiếp, 3 hội nghị trực tuyến.\n"
    )
    assert not [f for f in doc.findings if f.code != "empty-section"]


def test_the_exponent_of_an_area_is_no_marker_but_a_marker_after_a_word_ending_in_m_is():
    assert find_markers("Xây dựng 120 m² nhà văn hóa, nạo vét 35m³ kênh mương") == []
    assert find_markers("Diện tích 4,5 km² rừng được giao¹²") == [12]
    assert find_markers("Kế hoạch công tác năm² và chương trình làm³ việc") == [2, 3]


# --- scans ---------------------------------------------------------------------------


def test_a_scanned_page_read_with_low_confidence_is_to_be_checked_by_a_person():
    doc = Document(ocr_pages=[(1, 93.4), (2, 71.26), (3, 85.0)])
    assert [(f.code, f.severity, f.path, f.message) for f in check_ocr_confidence(doc)] == [
        (
            "ocr-low-confidence",
            "warning",
            [],
            "Trang 2 là bản quét, nhận dạng chữ với độ tin cậy thấp (71,3%): cần người đối "
            "chiếu với bản gốc, nhất là các số liệu, tên riêng và số hiệu văn bản.",
        )
    ]


# --- sums ----------------------------------------------------------------------------


def test_a_total_whose_footnote_parts_do_not_add_up():
    doc = read(
        "I. KẾT QUẢ\n\nNăm 2024, Ban Thường vụ đã lãnh đạo toàn diện. Đảng ủy đã ban hành "
        "22 văn bản¹ để chỉ đạo; tổ chức 8 hội nghị² quán triệt nghị quyết.\n\n"
        "¹ Gồm 5 kế hoạch, 2 chương trình, 14 công văn.\n\n"
        "² Gồm 3 hội nghị trực tiếp, 5 hội nghị trực tuyến.\n"
    )
    checks = [
        (c.total, c.parts, c.holds, c.unit, c.path, c.footnote, c.text) for c in doc.sum_checks
    ]
    assert checks == [
        (22, [5, 2, 14], False, "văn bản", ["I"], 1, "Đảng ủy đã ban hành 22 văn bản"),
        (8, [3, 5], True, "hội nghị", ["I"], 2, "tổ chức 8 hội nghị"),
    ]
    assert found(doc, "total-mismatch") == [
        (
            "total-mismatch",
            "error",
            ["I"],
            "Tổng số không khớp: nêu 22 văn bản nhưng các số thành phần ở chú thích 1 cộng "
            "lại là 5 + 2 + 14 = 21.",
        )
    ]


def test_the_clause_of_a_total_starts_after_the_last_break_before_it():
    doc = read(
        "I. KẾT QUẢ\n\n68 tổ chức cơ sở đảng¹ được công nhận trong sạch, vững mạnh, "
        "tăng 4 tổ chức cơ sở đảng so với năm trước. Công tác kiểm tra được chú trọng. "
        "Đã kiểm tra 12 tổ chức đảng, giám sát 1.250 đảng viên² và kết nạp 60 đảng viên³.\n\n"
        "¹ Năm 2022: 24 tổ chức cơ sở đảng; năm 2023: 21 tổ chức cơ sở đảng; năm 2024: 23 tổ "
        "chức cơ sở đảng.\n\n"
        "² Trong đó 1.100 đảng viên ở xã, 150 đảng viên ở thị trấn.\n\n"
        "³ Xã Đông Thạnh 24 đảng viên, 2 chi bộ mới; xã Sóc Sơn 36 đảng viên, 3 chi bộ mới.\n"
    )
    assert [(c.total, c.parts, c.holds, c.text) for c in doc.sum_checks] == [
        (68, [24, 21, 23], True, "68 tổ chức cơ sở đảng"),
        (1250, [1100, 150], True, "Đã kiểm tra 12 tổ chức đảng, giám sát 1.250 đảng viên"),
        # a footnote that does not open with "gồm", "trong đó"...: its figures of the same
        # noun only (the new chi bộ are not part of the 60 đảng viên)
        (
            60,
            [24, 36],
            True,
            "Đã kiểm tra 12 tổ chức đảng, giám sát 1.250 đảng viên và kết nạp 60 đảng viên",
        ),
    ]
    assert not found(doc, "total-mismatch")


def test_a_percentage_or_a_plain_note_before_a_marker_is_no_total():
    doc = read(
        "I. KẾT QUẢ\n\nTỷ lệ đảng viên tham gia học tập đạt 98,5%¹; các chi bộ đã tổ chức "
        "sinh hoạt chuyên đề². Đã ban hành 20 văn bản³.\n\n"
        "¹ Gồm 1.234 đảng viên ở xã, 567 đảng viên ở phường.\n\n"
        "² Theo Hướng dẫn số 12-HD/BTGTW ngày 05/01/2024 của Ban Tuyên giáo Trung ương.\n\n"
        "³ Gồm 5 kế hoạch, 2 chương trình, 4 công văn, 3 chi bộ đạt 100%.\n"
    )
    assert [(c.total, c.parts, c.holds) for c in doc.sum_checks] == [(20, [5, 2, 4, 3], False)]
    assert [f[3] for f in found(doc, "total-mismatch")] == [
        "Tổng số không khớp: nêu 20 văn bản nhưng các số thành phần ở chú thích 3 cộng lại "
        "là 5 + 2 + 4 + 3 = 14."
    ]


def test_a_long_clause_is_cut_at_a_word_300_characters_before_the_marker():
    words = " ".join(["công tác tuyên truyền được đẩy mạnh"] * 12)
    doc = read(
        f"I. KẾT QUẢ\n\n{words} với 5 hội nghị¹.\n\n¹ Gồm 2 hội nghị trực tiếp, 3 hội nghị.\n"
    )
    [c] = doc.sum_checks
    assert (c.total, c.parts, c.holds) == (5, [2, 3], True)
    assert len(c.text) <= 300 and f"{c.text} " in f"{words} với 5 hội nghị "
    assert c.text.endswith("với 5 hội nghị") and c.text.split()[0] in words.split()
    assert len(c.text) > 290


# --- percentages, parts, tables ---------------------------------------------------------


def test_a_percentage_must_be_its_quotient_to_the_digits_written():
    doc = read(
        "I. KẾT QUẢ\n\nCông tác cải cách hành chính có chuyển biến.\n\n"
        "Hồ sơ trực tuyến đạt 87,02% (1.234/1.418 hồ sơ), tỷ lệ hồ sơ đúng hạn đạt 87,1% "
        "(1.234/1.418 hồ sơ); 2/32 xã (6,2%) chưa đạt; 1/8 xã (13%) có vi phạm.\n\n"
        "Có 0/0 (0%) kiến nghị chưa giải quyết; 15% (3/20 chi bộ) xếp loại trung bình.\n"
    )
    assert found(doc, "percent-mismatch") == [
        (
            "percent-mismatch",
            "error",
            ["I"],
            "Tỷ lệ không khớp (mục I): ghi 87,1% nhưng 1.234/1.418 = 87,02%.",
        )
    ]


def test_a_percentage_is_placed_in_the_opening_part_or_its_subsection():
    doc = read(
        "Trong năm, tỷ lệ đảng viên học tập đạt 98.5% (4.320/4.368 đảng viên).\n\n"
        "I. KẾT QUẢ\n\n1. Học tập nghị quyết\n\nCó 45% (9/25 chi bộ) làm tốt; 30% (8/25 chi bộ) "
        "làm chưa tốt.\n"
    )
    assert [(f[2], f[3]) for f in found(doc, "percent-mismatch")] == [
        ([], "Tỷ lệ không khớp (phần mở đầu): ghi 98.5% nhưng 4.320/4.368 = 98,9%."),
        (["I", "1"], "Tỷ lệ không khớp (mục I.1): ghi 45% nhưng 9/25 = 36%."),
        (["I", "1"], "Tỷ lệ không khớp (mục I.1): ghi 30% nhưng 8/25 = 32%."),
    ]


def test_a_percentage_in_a_footnote_or_a_table_is_checked_where_it_stands():
    data = word_file(
        "BÁO CÁO",
        "kết quả công tác năm 2024",
        "I. KẾT QUẢ",
        "Tổ chức học tập nghị quyết cho đảng viên.",
        "II. SỐ LIỆU",
        "Số liệu theo đơn vị như sau:",
        [["Đơn vị", "Tỷ lệ"], ["Xã Đông Thạnh", "Đạt 90% (40/48 đảng viên)"]],
    )
    doc = read_document_bytes(data, "bc.docx")
    assert [(f[2], f[3]) for f in found(doc, "percent-mismatch")] == [
        (["II"], "Tỷ lệ không khớp (bảng ở mục II): ghi 90% nhưng 40/48 = 83,33%."),
    ]
    doc = read(
        "I. KẾT QUẢ\n\nTổ chức học tập nghị quyết¹.\n\n"
        "¹ Tỷ lệ đảng viên tham gia đạt 80% (40/48 đảng viên).\n"
    )
    assert [(f[2], f[3]) for f in found(doc, "percent-mismatch")] == [
        (["I"], "Tỷ lệ không khớp (chú thích 1): ghi 80% nhưng 40/48 = 83,33%."),
    ]


def test_a_part_cannot_be_more_than_its_whole():
    doc = read(
        "I. KẾT QUẢ\n\nCông tác phát triển đảng viên được quan tâm, trong đó chú trọng đoàn "
        "viên ưu tú. Công tác phát triển đảng viên được quan tâm. "
        "Kết nạp 120 đảng viên, đạt 100% kế hoạch, trong đó 135 đảng viên là đoàn viên. "
        "Kết nạp 35 đảng viên nữ, trong đó 35 đảng viên là người dân tộc.\n\n"
        "Trồng 1.500 cây xanh, trong đó 1.600 cây do đoàn viên trồng. "
        "Trồng 900 cây, trong đó 950 cây xanh ở trường học.\n"
    )
    assert [f[3] for f in found(doc, "part-exceeds-whole")] == [
        "Số thành phần lớn hơn tổng (mục I): “trong đó 135 đảng viên” lớn hơn tổng 120 đảng viên.",
        "Số thành phần lớn hơn tổng (mục I): “trong đó 1.600 cây” lớn hơn tổng 1.500 cây xanh.",
        "Số thành phần lớn hơn tổng (mục I): “trong đó 950 cây xanh” lớn hơn tổng 900 cây.",
    ]


def report_with_table(*paragraphs: str, in_annex: bool = True) -> bytes:
    rows = [
        ["STT", "Đơn vị", "Số đảng viên", "Tỷ lệ"],
        ["1", "Xã An", "102", "95%"],
        ["2", "Xã Đông Thạnh", "245", "98%"],
        ["3", "Phường Tây Hồ", "412", "97%"],
        ["", "Tổng cộng", "759", "97%"],
    ]
    body = ["BÁO CÁO", "kết quả công tác xây dựng Đảng năm 2024", "I. KẾT QUẢ", *paragraphs]
    if in_annex:
        signature = ["T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Nguyễn Văn An"]
        return word_file(*body, *signature, "PHỤ LỤC", "Số đảng viên theo đơn vị", rows)
    return word_file(*body, "II. SỐ LIỆU", "Số đảng viên theo đơn vị như sau:", rows)


def test_a_figure_of_the_text_that_its_table_gives_otherwise():
    data = report_with_table(
        "Xã An có 120 đảng viên, sinh hoạt ở 5 chi bộ.",
        "Đảng bộ xã Đông Thạnh có 245 đảng viên, tỷ lệ đạt 99%.",
        "Toàn Đảng bộ có 795 đảng viên.",
        "Có 300 đảng viên được tặng giấy khen.",
    )
    doc = read_document_bytes(data, "bc.docx")
    assert found(doc, "text-annex-mismatch") == [
        (
            "text-annex-mismatch",
            "warning",
            ["I"],
            "Số liệu trong văn bản khác với bảng: mục I ghi 120 đảng viên (Xã An), bảng ở "
            "PHỤ LỤC ghi 102.",
        ),
        (
            "text-annex-mismatch",
            "warning",
            ["I"],
            "Số liệu trong văn bản khác với bảng: mục I ghi 795 đảng viên (Tổng cộng), bảng "
            "ở PHỤ LỤC ghi 759.",
        ),
    ]


def test_a_table_in_the_body_and_a_figure_in_a_footnote():
    data = report_with_table("Công tác phát triển đảng viên được quan tâm¹.", in_annex=False)
    doc = read_document_bytes(data, "bc.docx")
    assert not found(doc, "text-annex-mismatch")
    plain = (
        "I. KẾT QUẢ\n\nCông tác phát triển đảng viên được quan tâm¹.\n\n"
        "II. SỐ LIỆU\n\nĐảng bộ phường Tây Hồ có 412 đảng viên.\n\n"
        "¹ Đảng bộ phường Tây Hồ có 421 đảng viên.\n"
    )
    assert not found(read(plain), "text-annex-mismatch")  # no table: nothing to compare


# --- references ----------------------------------------------------------------------


def test_a_reference_without_its_number_is_shown_with_the_words_after_it():
    doc = read(
        "I. KẾT QUẢ\n\nKết luận số cần bám sát thực tế, được các chi bộ quán triệt.\n\n"
        "Các chi bộ triển khai Kế hoạch số 12-KH/ĐU và Kết luận số cần bám sát. "
        "Thực hiện Kết luận số đã được ban hành, trong năm đã sơ kết.\n\n"
        "II. PHƯƠNG HƯỚNG\n\nTiếp tục thực hiện Kết luận số cần nêu rõ, bám sát tình hình.\n"
    )
    assert found(doc, "reference-without-number") == [
        (
            "reference-without-number",
            "warning",
            ["I"],
            "Trích dẫn văn bản thiếu số hiệu: “Kết luận số cần bám sát thực...”.",
        ),
        (
            "reference-without-number",
            "warning",
            ["I"],
            # each with its own words, not those of the first "Kết luận số" of the section
            "Trích dẫn văn bản thiếu số hiệu: “Kết luận số cần bám sát. Thực...”.",
        ),
        (
            "reference-without-number",
            "warning",
            ["I"],
            "Trích dẫn văn bản thiếu số hiệu: “Kết luận số đã được ban hành...”.",
        ),
        (
            "reference-without-number",
            "warning",
            ["II"],
            "Trích dẫn văn bản thiếu số hiệu: “Kết luận số cần nêu rõ, bám...”.",
        ),
    ]
