"""Tables: layout tables (header, signature) read as the paragraphs they place, tables of
data kept as tables, in .docx and in PDFs (ruled tables found from their drawn rules)."""

import io

from docx import Document
from docx.shared import Pt

from tests.conftest import REAL
from tonghop.readers.pdf import read_pdf
from tonghop.synth.generator import convert_to_pdf


def tables(raw):
    return [b for b in raw.blocks if b.kind == "table"]


# --------------------------------------------------------------------------- PDF tables


def test_real_report_tables_are_tables(shared):
    # lamdong_bc_mohinh_cchc_787.pdf, pages 3-5: one ruled table per model (TT | Tên TTHC |
    # Số lượng hồ sơ ...); the first and the third run over a page end with their header
    # row repeated overleaf.
    raw = read_pdf((REAL / "lamdong_bc_mohinh_cchc_787.pdf").read_bytes())
    found = tables(raw)
    assert len(found) == 4
    first, second, third, fourth = (t.rows for t in found)
    assert first[0] == ["TT", "Tên TTHC", "Số lượng hồ sơ đã hỗ trợ/Tổng số hồ sơ"]
    assert [r[0] for r in first] == ["TT", "1", "2"]
    assert first[1][1].startswith("Đăng ký biến động đối với trường hợp thay đổi quyền")
    assert first[1][1].endswith("(Mã TTHC: 1.013980)")
    assert [r[2] for r in first[1:]] == ["862/1.266 (68,1%)", "1.732/2.090 (82,9%)"]
    assert [r[2] for r in second[1:]] == [
        "1.700/2.912/3.141",
        "1.315/2.342/2.572",
        "403/1.096/1.186",
    ]
    # The row cut by the page end is one row, its name whole.
    assert third[2][1].endswith("(mã TTHC: 1.011443)") and third[2][2] == "7.158/7.385 (96,9%)"
    assert [r[2] for r in third[1:]] == [
        "8.368/8.654 (96,7%)",
        "7.158/7.385 (96,9%)",
        "4.790/9.578 (50%)",
    ]
    assert fourth == [
        [
            "TT",
            "Địa phương",
            "Lĩnh vực",
            "Số lượng hồ sơ hỗ trợ/Tổng hồ sơ trực tuyến/Tổng số hồ sơ",
        ],
        ["1", "Phường Bình Thuận", "Việc làm", "12/73/82"],
        ["2", "Xã Hàm Liêm", "Người có công", "02/08/08"],
    ]
    assert all(t.header_rows == 1 for t in found)
    # Their words are no longer paragraphs of the body.
    texts = [b.text for b in raw.blocks if b.kind == "para"]
    assert not any("862/1.266" in t or t == "sơ" or t.startswith("Số lượng hồ sơ") for t in texts)
    assert "2. Mô hình “Hồ sơ giấy một lần”" in texts
    assert "3. Mô hình “Hồ sơ không bản giấy”" in texts


def _report_with_table() -> bytes:
    doc = Document()
    doc.styles["Normal"].font.name = "Times New Roman"
    doc.styles["Normal"].font.size = Pt(14)
    doc.add_paragraph("I. KẾT QUẢ THỰC HIỆN").runs[0].bold = True
    doc.add_paragraph("Kết quả giải quyết hồ sơ của các xã trong năm như sau:")
    rows = [
        ("STT", "Đơn vị", "Hồ sơ tiếp nhận", "Hồ sơ đúng hạn"),
        ("1", "Xã Đông Thạnh", "1.418", "1.234"),
        ("2", "Phường Tây Hồ", "2.005", "1.990"),
        ("3", "Xã Sóc Sơn", "764", "701"),
    ]
    table = doc.add_table(rows=len(rows), cols=4)
    table.style = doc.styles["Table Grid"]
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            run = table.cell(i, j).paragraphs[0].add_run(text)
            run.bold = i == 0
    doc.add_paragraph("Các xã đã hoàn thành chỉ tiêu được giao trong năm.")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_generated_ruled_table_in_a_pdf(soffice, tmp_path):
    (tmp_path / "bang.docx").write_bytes(_report_with_table())
    pdf = convert_to_pdf([tmp_path / "bang.docx"], tmp_path)[0]
    raw = read_pdf(pdf.read_bytes())
    assert [b.kind for b in raw.blocks] == ["para", "para", "table", "para"]
    [table] = tables(raw)
    assert table.rows == [
        ["STT", "Đơn vị", "Hồ sơ tiếp nhận", "Hồ sơ đúng hạn"],
        ["1", "Xã Đông Thạnh", "1.418", "1.234"],
        ["2", "Phường Tây Hồ", "2.005", "1.990"],
        ["3", "Xã Sóc Sơn", "764", "701"],
    ]
    assert table.header_rows == 1
    assert raw.blocks[3].text == "Các xã đã hoàn thành chỉ tiêu được giao trong năm."
