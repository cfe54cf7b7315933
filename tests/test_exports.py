"""The Party-format writer and the exemplar exports, opened again as a user would."""

from __future__ import annotations

import datetime as dt
import subprocess

import pymupdf
import pytest
from docx import Document
from docx.shared import Mm, Pt
from openpyxl import load_workbook

from tonghop.readers.pdf import read_pdf
from tonghop.web.exemplars.documents import (
    LIST_HEADERS,
    XLSX_HEADER_ROW,
    XLSX_HEADERS,
    NomineeData,
    book_manuscript_docx,
    dossier_docx,
    exhibition_list_docx,
    proposal_list_docx,
    proposal_list_xlsx,
    shorten,
    sort_nominees,
)
from tonghop.writers.party import (
    PROFILE_36,
    PartyDocument,
    PartyHeader,
    Signature,
    vietnamese_date,
)

FONT = "Times New Roman"
PROGRAMME = "Bằng khen của Thủ tướng Chính phủ"


def png(w: int = 120, h: int = 160) -> bytes:
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, w, h), 0)
    pix.clear_with(200)
    return pix.tobytes("png")


def jpeg(w: int = 200, h: int = 100) -> bytes:
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, w, h), 0)
    pix.clear_with(90)
    return pix.tobytes("jpeg")


HEADER = PartyHeader(
    superior="Đảng bộ Khối các cơ quan Trung ương",
    issuer="Đảng ủy Ban Tuyên giáo",
    number="60-BC/ĐUK",
    place="Hà Nội",
    date=dt.date(2024, 4, 3),
)
SIGNATURE = Signature("T/M BAN THƯỜNG VỤ", "Phó Bí thư", "Nguyễn Thị Ánh")
RECIPIENTS = ["Ban Tuyên giáo Trung ương;", "Các đảng bộ trực thuộc;", "Lưu Văn phòng Đảng ủy."]
LONG = "Hoàn thành xuất sắc nhiệm vụ được giao trong 03 năm liền, " * 20


@pytest.fixture
def nominees() -> list[NomineeData]:
    return [
        NomineeData(
            "individual",
            "Trần Văn Bình",
            birth_year=1980,
            gender="Nam",
            ethnicity="Kinh",
            position="Trưởng phòng",
            workplace="Phòng Tổng hợp",
            unit_name="Đảng bộ Vụ Tuyên truyền",
            summary="Đoạn một về thành tích.\nĐoạn hai: " + LONG,
            photo=png(),
        ),
        NomineeData(
            "collective",
            "Chi bộ Phòng Ấn phẩm",
            parent_org="Nhà xuất bản Sự thật",
            unit_name="Đảng bộ Ấn phẩm",
            summary="Tập thể tiêu biểu về học tập và làm theo tư tưởng, đạo đức Hồ Chí Minh.",
            photo=jpeg(),
        ),
        NomineeData(
            "individual",
            "Lê Thị Ánh",
            birth_year=1990,
            gender="Nữ",
            ethnicity="Tày",
            position="Chuyên viên",
            workplace="Vụ Lý luận",
            unit_name="Đảng bộ Vụ Tuyên truyền",
            summary="Gương mẫu, tận tụy.",
            photo=None,
        ),
        NomineeData(
            "collective",
            "Chi bộ Đoàn thanh niên",
            parent_org="Cơ quan Ban",
            unit_name="Đảng bộ Cơ quan",
            summary="Đoàn kết, đổi mới.",
            photo=png(80, 80),
        ),
    ]


def _text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.append(cell.text)
    return "\n".join(parts)


def _run_of(container, text: str):
    for p in container.paragraphs:
        for r in p.runs:
            if r.text == text:
                return p, r
    raise AssertionError(f"no run {text!r}")


def _check_page(doc) -> None:
    s = doc.sections[0]
    assert (round(s.page_width.mm), round(s.page_height.mm)) == (210, 297)
    margins = (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)
    assert [round(m.mm) for m in margins] == [20, 20, 30, 15]
    normal = doc.styles["Normal"]
    assert normal.font.name == FONT
    assert normal.font.size == Pt(14)
    assert round(normal.paragraph_format.first_line_indent.mm) == 10


def _check_page_numbers(doc) -> None:
    s = doc.sections[0]
    assert s.different_first_page_header_footer
    xml = s.header._element.xml
    assert "PAGE" in xml and "fldChar" in xml
    assert "PAGE" not in s.first_page_header._element.xml


def _check_header(doc) -> None:
    left, right = doc.tables[0].rows[0].cells
    _, sup = _run_of(left, "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TRUNG ƯƠNG")
    assert sup.font.size == Pt(14) and not sup.bold
    _, issuer = _run_of(left, "ĐẢNG ỦY BAN TUYÊN GIÁO")
    assert issuer.bold and issuer.font.size == Pt(14)
    texts = [p.text for p in left.paragraphs]
    assert texts.index("*") == texts.index("ĐẢNG ỦY BAN TUYÊN GIÁO") + 1
    _, number = _run_of(left, "Số 60-BC/ĐUK")
    assert number.font.size == Pt(14)
    _, party = _run_of(right, "ĐẢNG CỘNG SẢN VIỆT NAM")
    assert party.bold and party.font.size == Pt(15)
    assert "w:pBdr" in right._tc.xml  # the rule under the Party line
    _, date = _run_of(right, "Hà Nội, ngày 03 tháng 4 năm 2024")
    assert date.italic and date.font.size == Pt(14)
    assert "w:tblBorders" in doc.tables[0]._tbl.xml and 'w:val="single"' not in (
        doc.tables[0]._tbl.tblPr.xml
    )


def test_profile_and_dates():
    assert PROFILE_36.name == "36-HD/VPTW"
    assert PROFILE_36.font == FONT
    assert (PROFILE_36.margin_left_mm, PROFILE_36.margin_right_mm) == (30, 15)
    assert vietnamese_date(dt.date(2024, 4, 3)) == "ngày 03 tháng 4 năm 2024"
    assert vietnamese_date(dt.date(2024, 2, 15)) == "ngày 15 tháng 02 năm 2024"
    assert HEADER.number_line() == "Số 60-BC/ĐUK"
    assert PartyHeader("", "X", "Số: 5-KH/ĐU", "Huế", dt.date(2024, 1, 1)).number_line() == (
        "Số 5-KH/ĐU"
    )


def test_shorten_and_order(nominees):
    assert shorten("ngắn") == "ngắn"
    short = shorten(LONG, 100)
    assert len(short) <= 101 and short.endswith("…") and " " in short
    names = [n.name for n in sort_nominees(nominees)]
    # collectives first (by unit: "Đảng bộ Ấn phẩm" < "Đảng bộ Cơ quan", accents folded),
    # then people by unit then given name (Ánh before Bình)
    assert names == [
        "Chi bộ Phòng Ấn phẩm",
        "Chi bộ Đoàn thanh niên",
        "Lê Thị Ánh",
        "Trần Văn Bình",
    ]


def test_proposal_list_docx(tmp_path, nominees):
    dest = tmp_path / "danh_sach.docx"
    proposal_list_docx(PROGRAMME, nominees, HEADER, SIGNATURE, RECIPIENTS, dest)
    doc = Document(str(dest))
    _check_page(doc)
    _check_header(doc)
    _check_page_numbers(doc)
    # the title and summary line
    p, kind = _run_of(doc, "DANH SÁCH ĐỀ NGHỊ")
    assert kind.bold and kind.font.size == Pt(16) and p.alignment == 1  # centred
    _, summary = _run_of(doc, PROGRAMME)
    assert summary.bold and summary.font.size == Pt(14)
    # the list, in the given order, Vietnamese intact
    table = doc.tables[1]
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0] == LIST_HEADERS
    assert [r[1] for r in rows[1:]] == [n.name for n in nominees]
    assert rows[1][:6] == [
        "1",
        "Trần Văn Bình",
        "1980",
        "Nam",
        "Trưởng phòng, Phòng Tổng hợp",
        "Đảng bộ Vụ Tuyên truyền",
    ]
    assert rows[2][4] == "Nhà xuất bản Sự thật" and rows[2][2] == ""
    assert rows[1][6].endswith("…") and len(rows[1][6]) < 320  # shortened
    assert "w:tblHeader" in table.rows[0]._tr.xml
    # signature beside Nơi nhận
    left, right = doc.tables[2].rows[0].cells
    _, cap = _run_of(right, "T/M BAN THƯỜNG VỤ")
    assert cap.bold
    _, pos = _run_of(right, "PHÓ BÍ THƯ")
    assert not pos.bold
    _, name = _run_of(right, "Nguyễn Thị Ánh")
    assert name.bold
    _, title = _run_of(left, "Nơi nhận:")
    assert title.underline and title.font.size == Pt(14)
    _, item = _run_of(left, "- Lưu Văn phòng Đảng ủy.")
    assert item.font.size == Pt(12)
    assert not doc.inline_shapes  # the list has no photos


def test_proposal_list_xlsx(tmp_path, nominees):
    dest = tmp_path / "danh_sach.xlsx"
    proposal_list_xlsx(PROGRAMME, nominees, dest)
    ws = load_workbook(dest).active
    assert PROGRAMME in ws["A1"].value
    headers = [c.value for c in ws[XLSX_HEADER_ROW]]
    assert headers == XLSX_HEADERS
    data = list(ws.iter_rows(min_row=XLSX_HEADER_ROW + 1, values_only=True))
    assert [r[2] for r in data] == [n.name for n in nominees]
    assert data[0][:8] == (
        1,
        "Cá nhân",
        "Trần Văn Bình",
        1980,
        "Nam",
        "Kinh",
        "Trưởng phòng, Phòng Tổng hợp",
        "Đảng bộ Vụ Tuyên truyền",
    )
    assert data[1][1] == "Tập thể" and data[1][3] is None
    assert "Đoạn hai" in data[0][8] and data[0][8].count("03 năm liền") == 20  # full summary
    assert ws["I4"].alignment.wrap_text
    assert ws.column_dimensions["I"].width >= 60 and ws.column_dimensions["C"].width >= 25
    assert ws.freeze_panes == f"A{XLSX_HEADER_ROW + 1}"


def test_dossier_docx(tmp_path, nominees):
    dest = tmp_path / "ho_so.docx"
    dossier_docx(nominees[0], HEADER, dest)
    doc = Document(str(dest))
    _check_page(doc)
    _check_header(doc)
    _check_page_numbers(doc)
    assert len(doc.inline_shapes) == 1
    shape = doc.inline_shapes[0]
    assert round(shape.width.mm) == 40 and round(shape.height.mm) == round(40 * 160 / 120)
    details = {r.cells[0].text: r.cells[1].text for r in doc.tables[1].rows}
    assert details["Họ và tên"] == "Trần Văn Bình" and details["Dân tộc"] == "Kinh"
    text = _text(doc)
    assert "Đoạn một về thành tích." in text and LONG.strip() in text  # the full achievements
    # without a photo
    dest2 = tmp_path / "ho_so_2.docx"
    dossier_docx(nominees[2], HEADER, dest2)
    doc2 = Document(str(dest2))
    assert not doc2.inline_shapes and "(chưa có ảnh)" in _text(doc2)


def test_book_manuscript_docx(tmp_path, nominees):
    dest = tmp_path / "ban_thao.docx"
    book_manuscript_docx("NGÀN HOA DÂNG BÁC - TẬP 8", nominees, dest)
    doc = Document(str(dest))
    _check_page(doc)
    _check_page_numbers(doc)
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "MỤC LỤC",
        "1. Chi bộ Phòng Ấn phẩm",
        "2. Chi bộ Đoàn thanh niên",
        "3. Lê Thị Ánh",
        "4. Trần Văn Bình",
    ]
    texts = [p.text for p in doc.paragraphs]
    toc = texts[texts.index("MỤC LỤC") + 1 : texts.index("MỤC LỤC") + 5]
    assert toc[0] == "1. Chi bộ Phòng Ấn phẩm (Đảng bộ Ấn phẩm)" and toc[3].startswith("4. Trần")
    assert len(doc.inline_shapes) == sum(1 for n in nominees if n.photo)
    assert doc.element.body.xml.count('w:type="page"') == len(nominees)  # a page per story
    assert "(chưa có ảnh)" in texts
    assert any(LONG.strip() in t for t in texts)


def test_exhibition_list_docx(tmp_path, nominees):
    dest = tmp_path / "trien_lam.docx"
    exhibition_list_docx("DANH SÁCH GƯƠNG ĐIỂN HÌNH TRƯNG BÀY", nominees, dest)
    doc = Document(str(dest))
    _check_page(doc)
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells][:3] == ["STT", "Ảnh", "Họ và tên / Tên tập thể"]
    assert [r.cells[2].text for r in table.rows[1:]] == [n.name for n in nominees]
    assert len(doc.inline_shapes) == 3 == sum(1 for n in nominees if n.photo)
    assert table.rows[3].cells[1].text == "(chưa có ảnh)"
    for k, row in enumerate(table.rows[1:]):
        has = "pic:pic" in row.cells[1]._tc.xml
        assert has == bool(nominees[k].photo)
    widths = sorted(round(s.width.mm) for s in doc.inline_shapes)
    assert widths == [30, 30, 30]


def test_bad_photo_and_builder(tmp_path):
    doc = PartyDocument()
    doc.heading("I. KẾT QUẢ", 1)
    doc.paragraph("Đoạn thân bài.")
    assert doc.picture(b"not an image", 30) is False
    assert doc.picture(png(), 50) is True
    doc.signature(SIGNATURE)
    doc.recipients(RECIPIENTS)
    dest = tmp_path / "b.docx"
    doc.save(dest)
    d = Document(str(dest))
    body = next(p for p in d.paragraphs if p.text == "Đoạn thân bài.")
    assert body.alignment == 3 and round(body.paragraph_format.first_line_indent.mm) == 10
    assert body.runs[0].font.size == Pt(14)
    assert "(ảnh không đọc được)" in _text(d)
    assert len(d.inline_shapes) == 1 and d.inline_shapes[0].width == Mm(50)
    assert "Nơi nhận:" in d.tables[-1].rows[0].cells[0].text


def test_proposal_list_pdf(tmp_path, nominees, soffice):
    src = tmp_path / "danh_sach.docx"
    proposal_list_docx(PROGRAMME, nominees, HEADER, SIGNATURE, RECIPIENTS, src)
    out = tmp_path / "pdf"
    profile = tmp_path / "lo_profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    data = (out / "danh_sach.pdf").read_bytes()
    top = 20 * 72 / 25.4  # the top margin in points: the page number sits above it
    with pymupdf.open(stream=data, filetype="pdf") as pdf:
        assert round(pdf[0].rect.width * 25.4 / 72) == 210
        assert round(pdf[0].rect.height * 25.4 / 72) == 297
        heads = [[w[4] for w in page.get_text("words") if w[3] <= top] for page in pdf]
    assert len(heads) >= 2
    assert heads[0] == []  # no page number on page 1
    assert heads[1] == ["2"]  # top of page 2
    # MuPDF's plain text splits Vietnamese letters drawn from a fallback font; the project's
    # reader puts them back together.
    first = "\n".join(b.text for b in read_pdf(data).blocks if b.page == 1)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in first
    assert "DANH SÁCH ĐỀ NGHỊ" in first
    assert "Hà Nội, ngày 03 tháng 4 năm 2024" in first


# ------------------------------------------------------------------ signed right


def test_party_body_and_fitting():
    from tonghop.writers.party import estimated_width_mm, fitted_size, party_body

    assert party_body("Thành ủy Hà Nội") == "Đảng bộ Thành phố Hà Nội"
    assert party_body("Quận ủy  Ba Đình") == "Đảng bộ quận Ba Đình"
    assert party_body("Đảng ủy Khối các cơ quan Thành phố") == "Đảng bộ Khối các cơ quan Thành phố"
    assert party_body("Tỉnh ủy Lâm Đồng") == "Đảng bộ tỉnh Lâm Đồng"
    assert party_body("Thành đoàn Hà Nội") == "Thành đoàn Hà Nội"
    # One line where it can be, a little smaller; full size when even 12 pt would wrap.
    assert fitted_size("BAN TUYÊN GIÁO", 71, 14, bold=True) == 14
    small = fitted_size("ĐẢNG BỘ THÀNH PHỐ HÀ NỘI", 71, 14)
    assert 12 <= small < 14 and estimated_width_mm("ĐẢNG BỘ THÀNH PHỐ HÀ NỘI", small) <= 71
    assert fitted_size("ĐẢNG BỘ KHỐI CÁC CƠ QUAN TRUNG ƯƠNG", 71, 14) == 14
    assert PartyHeader("", "X", "-DS/BTGTU", "Huế", dt.date(2024, 1, 1)).number_line() == (
        f"Số {' ' * 8}-DS/BTGTU"
    )
    assert PartyHeader("", "X", "", "Huế", dt.date(2024, 1, 1)).number_line() == ""
    assert PartyHeader("", "X", "  -BC/", "Huế", dt.date(2024, 1, 1)).number_line() == (
        f"Số {' ' * 8}-BC/…………"
    )


def test_signature_stays_whole_at_a_page_foot(tmp_path, soffice):
    """Eight nominees put the signature at the foot of page 4: the block moves whole to
    the next page rather than leaving the leader's name without its title."""
    from tonghop.readers.pdf import _page_lines
    from tonghop.synth.generator import convert_to_pdf

    signature = Signature("K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN THƯỜNG TRỰC", "Trần Quốc Hưng")
    header = PartyHeader(
        "Thành ủy Hà Nội", "Ban Tuyên giáo", "-DS/BTGTU", "Hà Nội", dt.date.today()
    )
    many = [
        NomineeData("individual", f"Nguyễn Văn An {k}", 1980, "Nam", "Kinh", "Bí thư", "Phường",
                    unit_name="Quận ủy Ba Đình", summary=LONG)
        for k in range(8)
    ]  # fmt: skip
    src = tmp_path / "danh_sach.docx"
    proposal_list_docx(PROGRAMME, many, header, signature, RECIPIENTS, src)
    (pdf_path,) = convert_to_pdf([src], tmp_path)
    where = {}
    with pymupdf.open(pdf_path) as pdf:
        for k, page in enumerate(pdf, 1):
            for line in _page_lines(page)[0]:
                where.setdefault(" ".join(line.text.split()), k)
    lines = ("K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN THƯỜNG TRỰC", "Trần Quốc Hưng")
    assert all(text in where for text in lines), sorted(where)  # each on one line
    assert len({where[text] for text in lines}) == 1
    assert where["Trần Quốc Hưng"] == max(where.values())  # nothing after it
