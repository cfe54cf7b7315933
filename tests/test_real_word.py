"""The real Word-made files of ../shared/real read for what they say, facts established
by opening them (python-docx, and LibreOffice's text of the .doc): kind, number, date,
issuing body, top sections, footnotes, signer and the documents they cite."""

import pytest

from tests.conftest import REAL
from tonghop.pipeline import read_document


@pytest.fixture(scope="module")
def chiso(shared):
    return read_document(REAL / "lamdong_cv_chiso_cchc_2025.docx")


@pytest.fixture(scope="module")
def mohinh(shared):
    return read_document(REAL / "lamdong_cv_mohinh_cchc.docx")


@pytest.fixture(scope="module")
def phieu(shared, soffice):
    return read_document(REAL / "lamdong_phieutrinh_228.doc")


def _refs(doc) -> set[tuple]:
    return {(r.type, r.number, r.symbol, r.date) for r in doc.references}


def test_chiso_header_and_kind(chiso):
    # "Số:           /UBND-NC", "Lâm Đồng, ngày         tháng 12 năm 2025": the number
    # and the day are stamped when it is signed; no day is made up.
    assert chiso.format == "docx" and chiso.kind == "CÔNG VĂN"
    h = chiso.header
    assert (h.superior, h.issuer, h.number) == ("ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG", "/UBND-NC")
    assert (h.place, h.date) == ("Lâm Đồng", "")
    assert chiso.title.startswith("tập trung thực hiện các giải pháp khắc phục, cải thiện")
    assert chiso.title.endswith("dịch vụ công của tỉnh Lâm Đồng trong thời gian tới")
    assert chiso.preamble[0] == "Kính gửi:" and len(chiso.preamble) == 6


def test_chiso_sections_footnote_and_signer(chiso):
    assert [(s.number, s.title) for s in chiso.sections] == [
        ("I", "NHỮNG VIỆC CẦN LÀM NGAY TRONG THÁNG 12/2025"),
        ("II", "NHIỆM VỤ, GIẢI PHÁP CẢI THIỆN CÁC CHỈ SỐ TRONG NĂM 2026"),
    ]
    assert [c.title for c in chiso.sections[1].children] == [
        "Nhiệm vụ, giải pháp chung",
        "Nhiệm vụ, giải pháp cụ thể",
    ]
    # One Word footnote, its reference in I.4 b) (Sở Tài chính), on the units behind.
    (note,) = chiso.footnotes
    assert note.n == 1 and note.marker_path == ["I", "4"]
    assert note.text.startswith("Sở Công Thương, huyện Tuy Phong cũ, Công ty Xổ số kiến thiết")
    assert note.text.endswith("huyện Cư Jút (trước sắp xếp)...")
    s = chiso.signer
    assert (s.capacity, s.position, s.name) == ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Ngọc Phúc")
    assert chiso.recipients[0] == "Chủ tịch, các PCT. UBND tỉnh"
    assert chiso.recipients[-1] == "Lưu: VT, HCQT, KTTH, NC.Châu"
    assert _refs(chiso) == {
        ("Quyết định", "1187", "QĐ-BNV", "2025-10-15"),
        ("Báo cáo", "228", "BC-SNV", "2025-11-28"),
        ("Kế hoạch", "36", "KH-STP", "2025-11-05"),
        ("Thông báo", "493", "TB-UBND", "2025-11-13"),
    }
    assert not chiso.findings


def test_mohinh_cong_van(mohinh):
    assert mohinh.kind == "CÔNG VĂN"  # known by its V/v line: no type word
    h = mohinh.header
    assert (h.superior, h.issuer, h.number, h.place, h.date) == (
        "ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG", "/UBND-NC", "Lâm Đồng", "",
    )  # fmt: skip
    assert mohinh.title == (
        "triển khai nhân rộng thực hiện các mô hình, sáng kiến trong công tác cải cách hành "
        "chính trên địa bàn tỉnh"
    )
    # Two numbered items, each with its a) b) run on as paragraphs; no footnote.
    assert [s.number for s in mohinh.sections] == ["1", "2"]
    assert [[p[:2] for p in s.paragraphs][:2] for s in mohinh.sections] == [["a)", "b)"]] * 2
    assert (
        mohinh.sections[1].title == "Văn phòng UBND tỉnh (Trung tâm Phục vụ hành chính công tỉnh)"
    )
    assert mohinh.footnotes == []
    s = mohinh.signer
    assert (s.capacity, s.position, s.name) == ("", "CHỦ TỊCH", "Hồ Văn Mười")
    assert mohinh.recipients == [
        "Như trên", "Chủ tịch, các PCT UBND tỉnh", "Chánh, các PCVP UBND tỉnh", "Lưu: VT, NC.Châu",
    ]  # fmt: skip
    assert _refs(mohinh) == {
        ("Quyết định", "787", "QĐ-UBND", "2025-08-21"),
        ("Quyết định", "1441", "QĐ-UBND", "2025-09-25"),
    }


def test_legacy_phieu_trinh(phieu):
    assert phieu.format == "doc" and phieu.kind == "PHIẾU TRÌNH"
    h = phieu.header
    assert (h.superior, h.issuer, h.number) == ("UBND TỈNH LÂM ĐỒNG", "VĂN PHÒNG", "/PT-NC")
    assert phieu.preamble == [
        "Kính gửi:",
        "- Lãnh đạo UBND tỉnh;",
        "- Lãnh đạo Văn phòng UBND tỉnh.",
    ]
    assert [(s.number, s.title) for s in phieu.sections] == [
        ("I", "NỘI DUNG TRÌNH/CHỈ ĐẠO"),
        ("II", "RÀ SOÁT, TỔNG HỢP CỦA PHÒNG CHUYÊN MÔN THUỘC VĂN PHÒNG"),
    ]
    assert [c.number for c in phieu.sections[1].children] == ["1", "2", "3", "4", "5"]
    # The report it puts before the leaders, cited with its number and date.
    assert _refs(phieu) == {("Báo cáo", "228", "BC-SNV", "2025-11-28")}
    assert phieu.footnotes == []
