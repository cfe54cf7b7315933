"""Checks officials make by hand: a part larger than its whole, a percentage that is not
the quotient beside it, a figure of the text that the document's own table gives
otherwise; and the figures of tables (noun from the column, subject from the row)."""

import io

from docx import Document

from tests.conftest import REAL
from tonghop.pipeline import read_document, read_document_bytes


def read(text: str):
    return read_document_bytes(text.encode("utf-8"), "x.txt")


def found(doc, code):
    return [f for f in doc.findings if f.code == code]


HEAD = "BÁO CÁO\n\nkết quả cải cách hành chính\n\nI. KẾT QUẢ\n\n"


def test_part_exceeds_whole():
    doc = read(
        HEAD + "Toàn tỉnh tiếp nhận 1.418 hồ sơ, trong đó 1.534 hồ sơ được giải quyết đúng hạn."
        "\n\nII. CÔNG TÁC ĐẢNG\n\nKết nạp 120 đảng viên, trong đó có 35 đảng viên nữ.\n"
    )
    [f] = found(doc, "part-exceeds-whole")
    assert f.path == ["I"] and f.severity == "error"
    assert "1.534 hồ sơ" in f.message and "1.418 hồ sơ" in f.message and "mục I" in f.message


def test_a_part_of_another_noun_is_not_compared():
    doc = read(HEAD + "Có 12 chi bộ, trong đó 150 đảng viên đã được khen thưởng.\n")
    assert not found(doc, "part-exceeds-whole")


def test_percent_mismatch_both_ways_round():
    doc = read(
        HEAD + "Tỷ lệ giải quyết đúng hạn đạt 89,5% (1.234/1.418 hồ sơ).\n\n"
        "Tỷ lệ hồ sơ trực tuyến đạt 87,02% (1.234/1.418 hồ sơ).\n\n"
        "II. CHI TIẾT\n\nHồ sơ hỗ trợ: 862/1.266 (78,1%); hồ sơ đất đai: 1.732/2.090 (82,9%).\n\n"
        "Tỷ lệ đảng viên học tập đạt 98.9% (4.320/4.368 đảng viên).\n"
    )
    found_ = found(doc, "percent-mismatch")
    assert [(f.path, f.severity) for f in found_] == [(["I"], "error"), (["II"], "error")]
    assert "89,5%" in found_[0].message and "1.234/1.418" in found_[0].message
    assert "87,02%" in found_[0].message  # the true quotient, written the Vietnamese way
    assert "78,1%" in found_[1].message and "68,09%" in found_[1].message


def test_real_report_tables_have_right_percentages_and_table_figures(shared):
    # lamdong_bc_mohinh_cchc_787.pdf writes "862/1.266 (68,1%)" ... "4.790/9.578 (50%)":
    # all of them right to their rounding.
    d = read_document(REAL / "lamdong_bc_mohinh_cchc_787.pdf")
    assert not found(d, "percent-mismatch")
    table = [f for f in d.figures if f.subject]
    first = [(f.value, f.unit) for f in table if f.subject.startswith("Đăng ký biến động")]
    assert first == [(862, "hồ sơ đã hỗ trợ"), (1266, "hồ sơ"), (68.1, "%")]
    ward = [(f.value, f.unit) for f in table if f.subject == "Phường Bình Thuận"]
    assert ward == [(12, "hồ sơ hỗ trợ"), (73, "hồ sơ trực tuyến"), (82, "hồ sơ")]
    assert all(f.path[:2] == ["II", "5"] for f in table if f.subject == "Phường Bình Thuận")


def report_with_annex() -> bytes:
    doc = Document()
    doc.add_paragraph("BÁO CÁO")
    doc.add_paragraph("kết quả công tác xây dựng Đảng năm 2025")
    doc.add_paragraph("I. KẾT QUẢ")
    doc.add_paragraph("Toàn Đảng bộ có tổng số 1.018 đảng viên, sinh hoạt ở 47 chi bộ.")
    doc.add_paragraph("Đảng bộ xã Đông Thạnh có 254 đảng viên, đã kết nạp thêm 6 đảng viên mới.")
    doc.add_paragraph("Đảng bộ phường Tây Hồ có 412 đảng viên.")
    doc.add_paragraph("T/M BAN THƯỜNG VỤ")
    doc.add_paragraph("BÍ THƯ")
    doc.add_paragraph("Nguyễn Văn An")
    doc.add_paragraph("PHỤ LỤC")
    doc.add_paragraph("Số đảng viên theo đơn vị")
    rows = [
        ("STT", "Đơn vị", "Số đảng viên", "Số chi bộ"),
        ("1", "Xã Đông Thạnh", "245", "12"),
        ("2", "Phường Tây Hồ", "412", "20"),
        ("3", "Xã Sóc Sơn", "361", "15"),
        ("Tổng cộng", "", "1.018", "47"),
    ]
    table = doc.add_table(rows=len(rows), cols=4)
    table.style = doc.styles["Table Grid"]
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            table.cell(i, j).text = text
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_text_annex_mismatch():
    doc = read_document_bytes(report_with_annex(), "bc.docx")
    [annex] = doc.annexes
    assert annex.kind == "PHỤ LỤC" and annex.tables[0].rows[1][1] == "Xã Đông Thạnh"
    subjects = {(f.subject, f.unit): f.value for f in doc.figures if f.subject}
    assert subjects[("Xã Đông Thạnh", "đảng viên")] == 245
    assert subjects[("Tổng cộng", "chi bộ")] == 47
    [f] = found(doc, "text-annex-mismatch")
    assert f.path == ["I"]
    assert "254 đảng viên" in f.message and "245" in f.message and "Xã Đông Thạnh" in f.message
    assert "PHỤ LỤC" in f.message  # where the table stands
