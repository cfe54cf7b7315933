"""Structure rules on small documents written for each case."""

from tonghop.align import align
from tonghop.outline import build_outline
from tonghop.pipeline import read_document_bytes


def read(text: str, name="x.txt"):
    return read_document_bytes(text.encode("utf-8"), name)


def paths(doc):
    return [s.path for s in doc.walk()]


HEADER = """ĐẢNG BỘ TỈNH HÀ TĨNH
ĐẢNG ỦY KHỐI CÁC CƠ QUAN
*
Số 60-BC/ĐUK

ĐẢNG CỘNG SẢN VIỆT NAM

Hà Tĩnh, ngày 03 tháng 4 năm 2024

BÁO CÁO

kết quả thực hiện chuyên đề năm 2024

"""


def test_header_kind_title():
    doc = read(HEADER + "I. KẾT QUẢ\n\nĐã làm tốt.\n")
    h = doc.header
    assert (h.superior, h.issuer) == ("ĐẢNG BỘ TỈNH HÀ TĨNH", "ĐẢNG ỦY KHỐI CÁC CƠ QUAN")
    assert (h.number, h.place, h.date) == ("60-BC/ĐUK", "Hà Tĩnh", "2024-04-03")
    assert doc.kind == "BÁO CÁO"
    assert doc.title == "kết quả thực hiện chuyên đề năm 2024"
    assert paths(doc) == [["I"]]


def test_parts_restart_numbering_and_dash_numbering():
    doc = read(
        "BÁO CÁO\n\ntổng kết\n\nPHẦN THỨ NHẤT\n\nI- TÌNH HÌNH\n\n1- Thuận lợi\n\nCó nhiều.\n\n"
        "PHẦN THỨ HAI\n\nI- NHIỆM VỤ\n\nLàm tiếp.\n"
    )
    assert paths(doc) == [
        ["Phần 1"], ["Phần 1", "I"], ["Phần 1", "I", "1"], ["Phần 2"], ["Phần 2", "I"],
    ]  # fmt: skip
    assert not [f for f in doc.findings if f.code == "duplicate-number"]


def test_articles_and_letters():
    doc = read(
        "QUY ĐỊNH\n\nvề một việc\n\nĐiều 1. Phạm vi\n\nQuy định này áp dụng cho:\n\n"
        "a) Tổ chức đảng;\n\nb) Đảng viên.\n\nĐiều 2. Hiệu lực\n\nCó hiệu lực từ ngày ký.\n"
    )
    assert paths(doc)[:2] == [["Điều 1"], ["Điều 1", "a"]]
    assert ["Điều 2"] in paths(doc)


def test_skipped_and_duplicate_numbers_are_found():
    doc = read(
        "BÁO CÁO\n\nx\n\nI. MỘT\n\nNội dung.\n\nIII. BA\n\nNội dung.\n\n"
        "1. Ý một\n\nNội dung.\n\n1. Ý một lần nữa\n\nNội dung.\n"
    )
    codes = {(f.code, tuple(f.path)) for f in doc.findings}
    assert ("skipped-number", ("III",)) in codes
    assert ("duplicate-number", ("III", "1#2")) in codes
    skipped = next(f for f in doc.findings if f.code == "skipped-number")
    assert "II" in skipped.message


def test_numbering_style_dash_vs_dot():
    doc = read("BÁO CÁO\n\nx\n\nI. MỘT\n\nA.\n\nII- HAI\n\nB.\n\nIII. BA\n\nC.\n")
    style = [f for f in doc.findings if f.code == "numbering-style"]
    assert [f.path for f in style] == [["II"]]


def test_footnote_right_after_heading_and_inside_a_date_range():
    doc = read(
        "BÁO CÁO\n\nx\n\nI. KẾT QUẢ\n\n² Chú thích hai.\n\nTrong 03 năm (2021-\n\n"
        "¹ Chú thích một về 12 hội nghị.\n\n2023) đã tổ chức 12 hội nghị¹ và nhiều việc khác².\n"
    )
    sec = doc.sections[0]
    assert sec.paragraphs == [
        "Trong 03 năm (2021-2023) đã tổ chức 12 hội nghị¹ và nhiều việc khác²."
    ]
    assert [(f.n, f.marker_path) for f in doc.footnotes] == [(2, ["I"]), (1, ["I"])]
    assert not doc.findings


def test_markers_and_footnotes_that_do_not_match():
    doc = read("BÁO CÁO\n\nx\n\nI. MỘT\n\nCó 5 đơn vị⁵ làm tốt.\n\n⁷ Chú thích thừa.\n")
    codes = {f.code for f in doc.findings}
    assert {"marker-without-footnote", "footnote-without-marker"} <= codes


def test_total_mismatch():
    doc = read(
        "BÁO CÁO\n\nx\n\nI. MỘT\n\nĐã ban hành 20 văn bản chỉ đạo¹.\n\n"
        "¹ Gồm 5 kế hoạch, 2 chương trình, 4 công văn.\n"
    )
    [check] = doc.sum_checks
    assert (check.total, check.parts, check.holds) == (20, [5, 2, 4], False)
    [finding] = [f for f in doc.findings if f.code == "total-mismatch"]
    assert "20" in finding.message and "11" in finding.message and finding.path == ["I"]


def test_markdown_reader():
    doc = read(
        "# BÁO CÁO\n\n**I. KẾT QUẢ**\n\nĐã tổ chức 3 hội nghị[^1] với **4.320** đảng viên.\n\n"
        "[^1]: Gồm 1 hội nghị trực tiếp, 2 hội nghị trực tuyến.\n",
        "x.md",
    )
    assert doc.sections[0].title == "KẾT QUẢ"
    assert doc.sections[0].paragraphs == ["Đã tổ chức 3 hội nghị¹ với 4.320 đảng viên."]
    assert doc.footnotes[0].marker_path == ["I"]
    assert doc.sum_checks and doc.sum_checks[0].holds


def test_signature_state_style():
    doc = read(
        "KẾ HOẠCH\n\nx\n\nI. MỤC ĐÍCH\n\nNội dung.\n\nNơi nhận:\n- UBND các xã;\n- Lưu: VT.\n\n"
        "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\n(Đã ký)\n\nNguyễn Văn A\n"
    )
    s = doc.signer
    assert (s.capacity, s.position, s.name) == (
        "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn A",
    )  # fmt: skip
    assert doc.recipients == ["UBND các xã", "Lưu: VT"]


def test_report_tree_serves_as_outline():
    a = read("BÁO CÁO\n\nx\n\nI. KẾT QUẢ\n\nA.\n\nII. HẠN CHẾ\n\nB.\n")
    b = read("BÁO CÁO\n\ny\n\n1. Hạn chế và khuyết điểm\n\nB.\n\n2. Kết quả đạt được\n\nA.\n")
    outline = build_outline(a)
    assert outline.source == "sections" and [i.id for i in outline.items] == ["I", "II"]
    result = align(b, outline)
    assert {i.id: i.matched.path for i in result.items} == {"I": ["2"], "II": ["1"]}


def test_accents_and_case_do_not_matter_for_alignment():
    guide = read("HƯỚNG DẪN\n\nx\n\nI. A\n\nB.\n\nĐỀ CƯƠNG\n\nBáo cáo\n\nI. BÀI HỌC KINH NGHIỆM\n")
    report = read("BÁO CÁO\n\ny\n\nI. Bai Hoc Kinh nghiem\n\nCó.\n")
    result = align(report, build_outline(guide))
    assert result.items[0].matched.path == ["I"]
