"""The real PDFs of ../shared/real: what a correct reading finds, established by
reading the documents themselves (see the notes on each)."""

import pytest

from tests.conftest import REAL
from tonghop.pipeline import read_document


@pytest.fixture(scope="module")
def real(shared):
    cache = {}

    def get(name):
        if name not in cache:
            cache[name] = read_document(REAL / name)
        return cache[name]

    return get


def tree(sections):
    out = []
    for top in sections:
        out += [tuple(s.path) for s in top.walk()]
    return out


def test_water_decision_and_its_plan(real):
    d = real("hanoi_qd_2280_water.pdf")
    # Page 1: a decision of the city's People's Committee, number and date stamped in.
    assert d.kind == "QUYẾT ĐỊNH"
    assert (d.header.number, d.header.place, d.header.date) == (
        "2280/QĐ-UBND",
        "Hà Nội",
        "2026-04-29",
    )
    assert d.header.superior == "ỦY BAN NHÂN DÂN" and d.header.issuer == "THÀNH PHỐ HÀ NỘI"
    assert d.title.startswith("Phê duyệt Kế hoạch Bảo đảm thoát nước, chống úng ngập")
    assert "QUYẾT ĐỊNH:" in d.preamble  # the enacting word stays text
    assert [s.path for s in d.sections] == [["Điều 1"], ["Điều 2"], ["Điều 3"]]
    s = d.signer
    assert (s.capacity, s.position, s.name) == (
        "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Trương Việt Dũng",
    )
    assert len(d.recipients) == 12 and d.recipients[0] == "Đ/c Bí thư Thành ủy"
    # Pages 2-20: the attached plan, its own document with its own numbering.
    [plan] = d.annexes
    assert plan.kind == "KẾ HOẠCH" and plan.title.startswith("Bảo đảm thoát nước")
    paths = tree(plan.sections)
    assert [p for p in paths if len(p) == 1] == [("I",), ("II",), ("III",)]
    assert [p[-1] for p in paths if p[:3] == ("II", "2", "1") and len(p) == 4] == [
        str(n) for n in range(1, 13)
    ]  # 2.1.1. ... 2.1.12.
    assert [p[-1] for p in paths if p[:3] == ("II", "2", "2") and len(p) == 4] == [
        "1", "2", "3", "4",
    ]  # fmt: skip
    # Real footnotes at page feet (p. 3 and p. 14), markers glued to words.
    notes = {f.n: f for f in d.footnotes}
    assert sorted(notes) == [1, 2, 3, 4, 5]
    assert notes[1].text.startswith("Phường Hoàn Kiếm: 01 điểm; phường Cửa Nam: 01 điểm")
    assert notes[1].marker_path == ["KẾ HOẠCH", "II", "1"]
    assert notes[2].text == "Quyết định số 5521/QĐ-UBND ngày 10/11/2025."
    body = " ".join(p for top in plan.sections for s in top.walk() for p in s.paragraphs)
    assert "01 xã¹" in body
    # Running page numbers are gone; "2.2.1" written without the dot of "2.1.1." is noticed.
    assert not any(
        p.strip().isdigit() for top in plan.sections for s in top.walk() for p in s.paragraphs
    )
    style = [f for f in d.findings if f.code == "numbering-style"]
    assert {tuple(f.path[-1:]) for f in style} == {("1",), ("2",), ("3",), ("4",)}
    # Figures with their units.
    f71 = next(f for f in d.figures if f.value == 71)
    assert f71.unit == "điểm" and f71.path == ["KẾ HOẠCH", "II", "1"]
    # The plan cites its own decision with the number left blank for the stamp.
    assert any(f.code == "reference-without-number" for f in d.findings)


def test_festival_plan(real):
    d = real("hanoi_kh_173_festival.pdf")
    assert d.kind == "KẾ HOẠCH"
    assert (d.header.number, d.header.date) == ("173/KH-UBND", "2026-04-28")
    assert d.title == "Tổ chức “Festival Thăng Long - Hà Nội lần thứ II, năm 2026”"
    assert [s.path for s in d.sections] == [["I"], ["II"], ["III"], ["IV"], ["V"]]
    iii2 = next(s for s in d.walk() if s.path == ["III", "2"])
    assert [c.path[-1] for c in iii2.children] == ["1", "2", "3", "4", "5", "6"]
    v = d.sections[4]
    assert len(v.children) == 20  # twenty bodies with their tasks
    assert (d.signer.capacity, d.signer.position, d.signer.name) == (
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Vũ Đại Thắng",
    )
    assert len(d.recipients) == 10  # wrapped items stay one recipient each
    assert not d.footnotes and not d.findings


def test_badge_guideline(real):
    d = real("huongdan21.pdf")
    assert d.kind == "HƯỚNG DẪN"
    assert d.title == "Thực hiện quy trình, thủ tục, tổ chức trao tặng Huy hiệu Đảng"
    # The Party header: the number was written by hand, so only its symbol is text.
    assert (d.header.superior, d.header.issuer) == ("THÀNH UỶ HÀ NỘI", "BAN TỔ CHỨC")
    assert d.header.number == "-HD/BTCTU"
    assert [s.path for s in d.sections] == [["I"], ["II"], ["III"], ["IV"], ["V"]]
    ii1 = next(s for s in d.walk() if s.path == ["II", "1"])
    assert [c.label for c in ii1.children] == ["1.1.", "1.2.", "1.3.", "1.4.", "1.5."]
    [note] = d.footnotes
    assert note.text.startswith("Thực hiện theo mục 18.5, Hướng dẫn số 06")
    assert note.marker_path == ["IV", "1", "1"]
    assert (d.signer.capacity, d.signer.position, d.signer.name) == (
        "K/T TRƯỞNG BAN",
        "PHÓ TRƯỞNG BAN",
        "Triệu Thị Ngọc",
    )
    assert len(d.recipients) == 6
    assert not d.findings


def test_charter_guideline(real):
    d = real("huongdan06.pdf")
    assert (d.kind, d.header.number, d.header.date) == ("HƯỚNG DẪN", "06-HD/TW", "2025-06-09")
    assert d.header.issuer == "BAN CHẤP HÀNH TRUNG ƯƠNG"
    assert [s.number for s in d.sections] == [str(n) for n in range(1, 20)]
    letters = [s for s in d.walk() if s.style == "letter"]
    assert len(letters) >= 30
    # The signature block and its list run over onto the last page.
    assert (d.signer.capacity, d.signer.name) == ("T/M BAN BÍ THƯ", "Trần Cẩm Tú")
    assert len(d.recipients) == 4
    assert not [f for f in d.findings if f.code in ("skipped-number", "duplicate-number")]


def test_charter_regulation(real):
    d = real("quydinh294.pdf")
    assert (d.kind, d.header.number) == ("QUY ĐỊNH", "294-QĐ/TW")
    assert d.title == "THI HÀNH ĐIỀU LỆ ĐẢNG"
    assert len(d.sections) == 33  # no Roman sections: 33 top-level items keyed to articles
    assert sum(1 for s in d.walk() if len(s.path) == 3) == 165  # three-level headings
    assert (d.signer.capacity, d.signer.position, d.signer.name) == (
        "T/M BAN CHẤP HÀNH TRUNG ƯƠNG",
        "TỔNG BÍ THƯ",
        "Tô Lâm",
    )
    assert not [f for f in d.findings if f.code in ("skipped-number", "duplicate-number")]


def test_only_the_scans_need_ocr(shared):
    """The scans are read by OCR (tests/test_ocr.py); every other real PDF, signed ones
    included, by its text layer."""
    from tonghop.readers.pdf import needs_ocr

    need = {p.name for p in sorted(REAL.glob("*.pdf")) if needs_ocr(p.read_bytes())}
    assert need == {"scan_bc23_ubnd_quangngai.pdf", "scan_bc280_ubnd_quangngai.pdf"}
