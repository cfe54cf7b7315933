"""The wider family of documents: parts, lettered groups, run-in items, letter items as
headings, wrapped titles, headings under a page number, notices and other kinds, header
and signature laid out in tables (.docx, the legacy .doc, and PDFs made from them)."""

import io

import pytest
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from tests.conftest import REAL
from tonghop.pipeline import read_document, read_document_bytes
from tonghop.synth.generator import convert_to_pdf


def read(text: str):
    return read_document_bytes(text.encode("utf-8"), "x.txt")


def paths(doc):
    return [s.path for s in doc.walk()]


def section(doc, *path):
    return next(s for s in doc.walk() if s.path == list(path))


def codes(doc):
    return {(f.code, tuple(f.path)) for f in doc.findings}


# --------------------------------------------------------------------------- parts


def test_part_titles_on_the_same_line_or_the_next_lines():
    doc = read(
        "BÁO CÁO\n\ntổng kết nhiệm kỳ\n\nPHẦN MỞ ĐẦU\n\nBối cảnh chung của nhiệm kỳ.\n\n"
        "PHẦN THỨ NHẤT\n\nKẾT QUẢ THỰC HIỆN NGHỊ QUYẾT\n\nĐẠI HỘI NHIỆM KỲ 2020 - 2025\n\n"
        "I. VỀ KINH TẾ\n\nTăng trưởng khá.\n\n"
        "PHẦN II: PHƯƠNG HƯỚNG, NHIỆM VỤ\n\nI. MỤC TIÊU\n\nPhát triển nhanh.\n\n"
        "Phần 3\n\nTổ chức thực hiện\n\nI. Phân công\n\nCác ban triển khai.\n"
    )
    assert paths(doc) == [
        ["Phần mở đầu"], ["Phần 1"], ["Phần 1", "I"], ["Phần 2"], ["Phần 2", "I"],
        ["Phần 3"], ["Phần 3", "I"],
    ]  # fmt: skip
    titles = [s.title for s in doc.sections]
    assert titles == [
        "",
        "KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT ĐẠI HỘI NHIỆM KỲ 2020 - 2025",
        "PHƯƠNG HƯỚNG, NHIỆM VỤ",
        "Tổ chức thực hiện",
    ]
    assert doc.sections[0].paragraphs == ["Bối cảnh chung của nhiệm kỳ."]
    assert section(doc, "Phần 1", "I").paragraphs == ["Tăng trưởng khá."]
    assert not [f for f in doc.findings if f.code in ("skipped-number", "duplicate-number")]


def test_a_sentence_opening_with_phan_is_no_part():
    doc = read("BÁO CÁO\n\nx\n\nI. KẾT QUẢ\n\nPhần lớn các đơn vị đã hoàn thành kế hoạch.\n")
    assert paths(doc) == [["I"]]
    assert doc.sections[0].paragraphs == ["Phần lớn các đơn vị đã hoàn thành kế hoạch."]


# --------------------------------------------------------------------------- lettered groups


GROUPS = (
    "BÁO CÁO\n\ntổng kết\n\nPHẦN THỨ NHẤT\n\nĐÁNH GIÁ\n\n"
    "A. KẾT QUẢ ĐẠT ĐƯỢC\n\nI. CÔNG TÁC CHÍNH TRỊ\n\nTốt.\n\nII. CÔNG TÁC TỔ CHỨC\n\nTốt.\n\n"
    "B. HẠN CHẾ, KHUYẾT ĐIỂM\n\nI. VỀ LÃNH ĐẠO\n\nCòn chậm.\n\nII. VỀ KIỂM TRA\n\nÍt.\n\n"
    "{third}\n\nCòn thiếu.\n\n"
    "C. NGUYÊN NHÂN\n\nI. KHÁCH QUAN\n\nDịch bệnh.\n"
)


def test_lettered_groups_restart_roman_numbering():
    doc = read(GROUPS.format(third="III. VỀ CÁN BỘ"))
    assert paths(doc) == [
        ["Phần 1"],
        ["Phần 1", "A"], ["Phần 1", "A", "I"], ["Phần 1", "A", "II"],
        ["Phần 1", "B"], ["Phần 1", "B", "I"], ["Phần 1", "B", "II"], ["Phần 1", "B", "III"],
        ["Phần 1", "C"], ["Phần 1", "C", "I"],
    ]  # fmt: skip
    assert section(doc, "Phần 1", "B").title == "HẠN CHẾ, KHUYẾT ĐIỂM"
    assert section(doc, "Phần 1", "C").style == "group"  # "C." is no Roman hundred
    assert not doc.findings


def test_a_number_skipped_inside_a_group_is_found():
    doc = read(GROUPS.format(third="IV. VỀ CÁN BỘ"))
    assert ("skipped-number", ("Phần 1", "B", "IV")) in codes(doc)
    skipped = [f for f in doc.findings if f.code == "skipped-number"]
    assert len(skipped) == 1 and "III" in skipped[0].message
    assert not [f for f in doc.findings if f.code == "duplicate-number"]


def test_a_skipped_group_letter_is_named_as_a_letter():
    doc = read("BÁO CÁO\n\nx\n\nA. MỘT\n\nI. X\n\nNội dung.\n\nC. BA\n\nI. Y\n\nNội dung.\n")
    [skipped] = [f for f in doc.findings if f.code == "skipped-number"]
    assert skipped.path == ["C"] and "thiếu mục B" in skipped.message


# --------------------------------------------------------------------------- run-in items


def test_run_in_items_are_items_with_their_label_as_title():
    doc = read(
        "KẾ HOẠCH\n\ntổ chức lễ hội\n\nI. MỤC ĐÍCH\n\nQuảng bá hình ảnh.\n\n"
        "II. CƠ QUAN CHỈ ĐẠO VÀ TỔ CHỨC THỰC HIỆN\n\n"
        "1. Danh nghĩa tổ chức: Thành ủy, Hội đồng nhân dân, Ủy ban nhân dân, Ủy ban Mặt trận "
        "Tổ quốc Việt Nam thành phố, cùng các sở, ngành, quận, huyện và các tổ chức đoàn thể.\n\n"
        "2. Cơ quan chỉ đạo: Ủy ban nhân dân thành phố.\n\n"
        "3. Đơn vị chủ trì thực hiện: Sở Văn hóa và Thể thao.\n\n"
        "III. TỔ CHỨC THỰC HIỆN\n\n1. Sở Văn hóa và Thể thao\n\n- Chủ trì tổ chức.\n\n"
        "2. Sở Du lịch\n\n- Quảng bá sự kiện.\n"
    )
    ii = section(doc, "II")
    assert [(c.label, c.title) for c in ii.children] == [
        ("1.", "Danh nghĩa tổ chức"),
        ("2.", "Cơ quan chỉ đạo"),
        ("3.", "Đơn vị chủ trì thực hiện"),
    ]
    assert ii.children[0].paragraphs[0].startswith("Thành ủy, Hội đồng nhân dân")
    assert ii.children[1].paragraphs == ["Ủy ban nhân dân thành phố."]
    assert [c.title for c in section(doc, "III").children] == [
        "Sở Văn hóa và Thể thao",
        "Sở Du lịch",
    ]


def test_real_festival_plan_run_in_items(shared):
    # hanoi_kh_173_festival.pdf, § II (p. 2): four numbered items "label: text".
    d = read_document(REAL / "hanoi_kh_173_festival.pdf")
    ii = section(d, "II")
    assert [c.title for c in ii.children] == [
        "Danh nghĩa tổ chức",
        "Cơ quan chỉ đạo",
        "Đơn vị chủ trì thực hiện",
        "Đơn vị phối hợp thực hiện",
    ]
    assert ii.children[1].paragraphs == ["Ủy ban nhân dân thành phố Hà Nội."]
    assert ii.children[2].paragraphs == ["Sở Văn hoá và Thể thao."]
    assert not ii.paragraphs
    assert len(section(d, "V").children) == 20  # their siblings in § V stay items


# --------------------------------------------------------------------------- letter items


def test_letter_items_alone_on_their_line_head_what_follows():
    doc = read(
        "CÔNG VĂN\n\nx\n\nI. NHIỆM VỤ\n\n1. Nhiệm vụ cụ thể\n\n"
        "a) Các sở, ban, ngành và Ủy ban nhân dân các xã căn cứ kế hoạch cải cách hành chính "
        "hằng năm của cơ quan, đơn vị mình, định kỳ báo cáo kết quả thực hiện về Sở Nội vụ.\n\n"
        "b) Giao Sở Nội vụ:\n\n- Tự đánh giá chỉ số hằng tháng.\n\n- Khảo sát sự hài lòng.\n\n"
        "c) Giao Sở Tư pháp chủ trì, phối hợp với các cơ quan, đơn vị thường xuyên rà soát "
        "các văn bản quy phạm pháp luật thuộc phạm vi quản lý của địa phương.\n\n"
        "d) Giao Sở Tài chính:\n\n- Theo dõi tiến độ giải ngân.\n\n"
        "đ) Giao Thanh tra tỉnh:\n\n- Thanh tra công tác phòng, chống tham nhũng.\n\n"
        "e) Giao Sở Khoa học và Công nghệ:\n\n- Kiểm tra chữ ký số.\n\n"
        "g) Giao Trung tâm Xúc tiến đầu tư:\n\n- Tiếp nhận phản ánh của doanh nghiệp.\n"
    )
    one = section(doc, "I", "1")
    assert [c.number for c in one.children] == ["b", "d", "đ", "e", "g"]
    assert section(doc, "I", "1", "b").paragraphs == [
        "- Tự đánh giá chỉ số hằng tháng.",
        "- Khảo sát sự hài lòng.",
    ]
    # The items running on stay paragraphs of 1., in their place.
    assert [p[:3] for p in one.paragraphs] == ["a) ", "c) "]
    assert not section(doc, "I", "1", "b").paragraphs[-1].startswith("c)")
    # a, c as paragraphs, b, d, đ, e, g as headings: nothing skipped (no "f" in Vietnamese).
    assert not doc.findings


def test_real_cong_van_letter_items(shared):
    d = read_document(REAL / "lamdong_cv_chiso_cchc_2025.docx")
    two = section(d, "II", "2")
    assert [c.number for c in two.children] == ["b", "c", "d", "e", "h"]
    assert [p[:2] for p in two.paragraphs] == ["a)", "đ)", "g)"]
    assert [c.title for c in section(d, "II", "1").children] == []  # a)-e) all run on
    assert not d.findings


# --------------------------------------------------------------------------- page tops


def test_headings_under_a_page_number_or_running_head_and_wrapped_titles():
    doc = read(
        "BÁO CÁO\n\nkết quả năm 2024\n\nI. KẾT QUẢ THỰC HIỆN NHIỆM VỤ CHÍNH TRỊ, CÔNG TÁC\n\n"
        "XÂY DỰNG ĐẢNG VÀ HỆ THỐNG CHÍNH TRỊ\n\nĐã làm được nhiều việc và đạt kết quả tốt về thực"
        "\n\n2\n\nhiện Chỉ thị.\n\nBáo cáo tổng kết năm 2024                    2\n\n"
        "II. HẠN CHẾ\n\nCòn một số hạn chế.\n\n"
        "Báo cáo tổng kết năm 2024                    3\n\n**1. Hạn chế trong công tác lãnh đạo,**"
        "\n\n**chỉ đạo ở cơ sở**\n\nCòn chậm.\n"
    )
    assert paths(doc) == [["I"], ["II"], ["II", "1"]]
    assert doc.sections[0].title == (
        "KẾT QUẢ THỰC HIỆN NHIỆM VỤ CHÍNH TRỊ, CÔNG TÁC XÂY DỰNG ĐẢNG VÀ HỆ THỐNG CHÍNH TRỊ"
    )
    assert doc.sections[0].paragraphs == [
        "Đã làm được nhiều việc và đạt kết quả tốt về thực hiện Chỉ thị."
    ]
    assert doc.sections[1].paragraphs == ["Còn một số hạn chế."]
    assert section(doc, "II", "1").title == "Hạn chế trong công tác lãnh đạo, chỉ đạo ở cơ sở"


# --------------------------------------------------------------------------- kinds


@pytest.mark.parametrize(
    ("kind", "number_line", "number"),
    [
        ("THÔNG BÁO", "Số 125-TB/TU", "125-TB/TU"),
        ("TỜ TRÌNH", "Số: 3367/TTr-SNV", "3367/TTr-SNV"),
        ("NGHỊ QUYẾT", "Số 05-NQ/ĐU", "05-NQ/ĐU"),
        ("CHỈ THỊ", "Số 12-CT/TU", "12-CT/TU"),
        ("KẾT LUẬN", "Số 01-KL/TW", "01-KL/TW"),
        ("BÁO CÁO", "Số:   -BC/ĐU", "-BC/ĐU"),
        ("BÁO CÁO", "Số: 181    /BC-SNV", "181/BC-SNV"),
    ],
)
def test_kinds_with_summary_issuer_number_and_date(kind, number_line, number):
    doc = read(
        f"ĐẢNG BỘ TỈNH LÂM ĐỒNG\nĐẢNG ỦY CƠ QUAN\n*\n{number_line}\n\n"
        f"ĐẢNG CỘNG SẢN VIỆT NAM\n\nĐà Lạt, ngày 05 tháng 11 năm 2025\n\n{kind}\n\n"
        "về công tác cải cách hành chính năm 2025\n\n"
        "Thực hiện chương trình công tác năm, như sau:\n\n1. Kết quả\n\nĐã làm tốt.\n"
    )
    assert doc.kind == kind
    assert doc.title == "về công tác cải cách hành chính năm 2025"
    h = doc.header
    assert (h.superior, h.issuer) == ("ĐẢNG BỘ TỈNH LÂM ĐỒNG", "ĐẢNG ỦY CƠ QUAN")
    assert (h.number, h.place, h.date) == (number, "Đà Lạt", "2025-11-05")
    assert paths(doc) == [["1"]]


def test_cong_van_known_by_its_summary_line():
    doc = read(
        "ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\n\nSố: 1520/UBND-NC\n\nLâm Đồng, ngày 02 tháng 12 năm 2025\n\n"
        "V/v triển khai nhân rộng các mô hình\ncải cách hành chính\n\n"
        "Kính gửi: Các sở, ban, ngành tỉnh.\n\nChủ tịch UBND tỉnh yêu cầu:\n\n"
        "1. Các sở\n\nTriển khai ngay.\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n\n"
        "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nNguyễn Ngọc Phúc\n"
    )
    assert doc.kind == "CÔNG VĂN"
    assert doc.title == "triển khai nhân rộng các mô hình cải cách hành chính"
    h = doc.header
    assert (h.superior, h.issuer, h.number) == ("ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG", "1520/UBND-NC")
    assert (h.place, h.date) == ("Lâm Đồng", "2025-12-02")
    assert doc.preamble[0] == "Kính gửi: Các sở, ban, ngành tỉnh."
    assert paths(doc) == [["1"]]
    assert doc.signer.name == "Nguyễn Ngọc Phúc" and doc.recipients == ["Như trên", "Lưu: VT"]


def test_real_report_number_typed_with_blanks(shared):
    d = read_document(REAL / "lamdong_bc_mohinh_cchc_787.pdf")
    assert (d.kind, d.header.number, d.header.date) == ("BÁO CÁO", "181/BC-SNV", "2025-11-05")
    assert (d.header.superior, d.header.issuer) == ("UBND TỈNH LÂM ĐỒNG", "SỞ NỘI VỤ")
    # Its tables of figures stand in their sections.
    assert [len(s.tables) for s in section(d, "II").children] == [0, 1, 1, 1, 1]
    assert section(d, "II", "5").tables[0].rows[1] == [
        "1",
        "Phường Bình Thuận",
        "Việc làm",
        "12/73/82",
    ]
    assert section(d, "II", "5").tables[0].header_rows == 1


# --------------------------------------------------------------------------- header in tables


def _borderless(table) -> None:
    borders = "".join(
        f'<w:{side} w:val="nil"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    table._tbl.tblPr.append(parse_xml(f"<w:tblBorders {nsdecls('w')}>{borders}</w:tblBorders>"))


def _cell(table, row, col, *lines, bold=False):
    cell = table.cell(row, col)
    for k, text in enumerate(lines):
        par = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
        par.add_run(text).bold = bold


def party_notice_docx() -> bytes:
    """A Party notice as Word users type it: header and signature in borderless tables."""
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    head = doc.add_table(rows=2, cols=2)
    _borderless(head)
    _cell(head, 0, 0, "ĐẢNG BỘ TỈNH LÂM ĐỒNG", "BAN TUYÊN GIÁO VÀ DÂN VẬN", "*", bold=True)
    _cell(head, 0, 1, "ĐẢNG CỘNG SẢN VIỆT NAM", bold=True)
    _cell(head, 1, 0, "Số 214-TB/BTGDVTU")
    _cell(head, 1, 1, "Lâm Đồng, ngày 18 tháng 11 năm 2025")
    doc.add_paragraph().add_run("THÔNG BÁO").bold = True
    doc.add_paragraph().add_run("kết luận của Thường trực về công tác tuyên truyền").bold = True
    doc.add_paragraph("Ngày 15/11/2025, Thường trực đã họp và kết luận như sau:")
    doc.add_paragraph().add_run("1. Kết quả đạt được").bold = True
    doc.add_paragraph("Các đơn vị đã tổ chức 124 hội nghị quán triệt với 8.560 đảng viên.")
    doc.add_paragraph().add_run("2. Nhiệm vụ thời gian tới").bold = True
    doc.add_paragraph("Tiếp tục đổi mới nội dung, hình thức tuyên truyền.")
    sign = doc.add_table(rows=1, cols=2)
    _borderless(sign)
    _cell(
        sign, 0, 0, "Nơi nhận:", "- Thường trực Tỉnh ủy;", "- Các đảng ủy trực thuộc;", "- Lưu VT."
    )
    _cell(sign, 0, 1, "T/L BAN THƯỜNG VỤ", "TRƯỞNG BAN", bold=True)
    sign.cell(0, 1).add_paragraph().add_run("Nguyễn Thị Hoa").bold = True
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def assert_party_notice(d):
    assert d.kind == "THÔNG BÁO"
    assert d.title == "kết luận của Thường trực về công tác tuyên truyền"
    h = d.header
    assert (h.superior, h.issuer) == ("ĐẢNG BỘ TỈNH LÂM ĐỒNG", "BAN TUYÊN GIÁO VÀ DÂN VẬN")
    assert (h.number, h.place, h.date) == ("214-TB/BTGDVTU", "Lâm Đồng", "2025-11-18")
    assert paths(d) == [["1"], ["2"]]
    assert d.preamble == ["Ngày 15/11/2025, Thường trực đã họp và kết luận như sau:"]
    assert section(d, "2").paragraphs == ["Tiếp tục đổi mới nội dung, hình thức tuyên truyền."]
    assert d.recipients == ["Thường trực Tỉnh ủy", "Các đảng ủy trực thuộc", "Lưu VT"]
    s = d.signer
    assert (s.capacity, s.position, s.name) == ("T/L BAN THƯỜNG VỤ", "TRƯỞNG BAN", "Nguyễn Thị Hoa")


def test_header_and_signature_in_tables_docx():
    assert_party_notice(read_document_bytes(party_notice_docx(), "tb.docx"))


def test_header_and_signature_in_tables_pdf(soffice, tmp_path):
    (tmp_path / "tb.docx").write_bytes(party_notice_docx())
    pdf = convert_to_pdf([tmp_path / "tb.docx"], tmp_path)[0]
    assert_party_notice(read_document(pdf))


def assert_cong_van(d):
    assert d.kind == "CÔNG VĂN"
    assert d.title.startswith("triển khai nhân rộng thực hiện các mô hình, sáng kiến")
    assert d.title.endswith("trên địa bàn tỉnh")
    h = d.header
    assert (h.superior, h.issuer) == ("ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG")
    assert (h.number, h.place) == ("/UBND-NC", "Lâm Đồng")  # number and day stamped later
    assert d.preamble[0].startswith("Kính gửi")
    assert [c.title[:20] for c in d.sections] == ["Thủ trưởng các cơ qu", "Văn phòng UBND tỉnh "]
    assert d.recipients == [
        "Như trên", "Chủ tịch, các PCT UBND tỉnh", "Chánh, các PCVP UBND tỉnh", "Lưu: VT, NC.Châu",
    ]  # fmt: skip
    s = d.signer
    assert (s.capacity, s.position, s.name) == ("", "CHỦ TỊCH", "Hồ Văn Mười")


def test_real_cong_van_docx_and_its_pdf(shared, soffice, tmp_path):
    source = REAL / "lamdong_cv_mohinh_cchc.docx"
    assert_cong_van(read_document(source))
    (tmp_path / "cv.docx").write_bytes(source.read_bytes())
    assert_cong_van(read_document(convert_to_pdf([tmp_path / "cv.docx"], tmp_path)[0]))


def test_real_cong_van_with_agencies(shared):
    d = read_document(REAL / "lamdong_cv_chiso_cchc_2025.docx")
    assert d.kind == "CÔNG VĂN" and d.title.startswith("tập trung thực hiện các giải pháp")
    assert (d.header.issuer, d.header.number) == ("TỈNH LÂM ĐỒNG", "/UBND-NC")
    assert [s.number for s in d.sections] == ["I", "II"]
    assert [c.title for c in d.sections[0].children] == [
        "Văn phòng Ủy ban nhân dân tỉnh",
        "Trung tâm Xúc tiến đầu tư, Thương mại và Du lịch tỉnh",
        "Sở Tư pháp",
        "Sở Tài chính",
    ]
    s = d.signer
    assert (s.capacity, s.position, s.name) == ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Ngọc Phúc")
    assert len(d.recipients) == 8 and d.footnotes[0].marker_path == ["I", "4"]


def test_real_legacy_phieu_trinh(shared, soffice):
    # Word 97: the whole body typed in one cell of a form table.
    d = read_document(REAL / "lamdong_phieutrinh_228.doc")
    assert d.kind == "PHIẾU TRÌNH"
    assert (d.header.superior, d.header.issuer, d.header.number) == (
        "UBND TỈNH LÂM ĐỒNG",
        "VĂN PHÒNG",
        "/PT-NC",
    )
    assert [s.number for s in d.sections] == ["I", "II"]
    i = section(d, "I")
    assert [(c.title, c.paragraphs[0][:24]) for c in i.children] == [
        ("Văn bản/cơ quan, đơn vị", "Báo cáo số 228/BC-SNV ng"),
        ("Trích yếu", "V/v tình hình thực hiện "),
    ]
    assert [c.number for c in section(d, "II").children] == ["1", "2", "3", "4", "5"]
    assert section(d, "II", "3").title == "Thẩm quyền (Chọn ghi thẩm quyền tương ứng)"
