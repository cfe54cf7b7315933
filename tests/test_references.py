"""Cited documents read from prose: the forms Party and state documents use."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import GUIDE_003, REAL, REPORT_001, require
from tonghop.references import extract_references


def refs(text):
    return [(r.type, r.number, r.symbol, r.issuer, r.date) for r in extract_references(text)]


def all_refs(path):
    text = path.read_text(encoding="utf-8")
    out = []
    for block in re.split(r"\n\s*\n", text):
        block = re.sub(r"^[⁰¹²³⁴⁵⁶⁷⁸⁹]+\s*", "", block.strip())
        out.extend(extract_references(block))
    return out


# ---------------------------------------------------------------------------
# forms: text -> [(type, number, symbol, issuer, date)]

CASES = [
    (
        "Kế hoạch số 25-KH/ĐUK, ngày 10/11/2021 của Ban Thường vụ Đảng ủy Khối.",
        [("Kế hoạch", "25", "KH/ĐUK", "Ban Thường vụ Đảng ủy Khối", "2021-11-10")],
    ),
    ("thực hiện số 05-CT/TW", [("Chỉ thị", "05", "CT/TW", "TW", "")]),
    (
        "Kế hoạch số 39-KH/TU, ngày 21/9/2021 của Ban Thường vụ Thành ủy Hà Nội;",
        [("Kế hoạch", "39", "KH/TU", "Ban Thường vụ Thành ủy Hà Nội", "2021-09-21")],
    ),
    (
        "Nghị quyết số 15-NQ/TW ngày 05/5/2022 của Bộ Chính trị về “Phương hướng”",
        [("Nghị quyết", "15", "NQ/TW", "Bộ Chính trị", "2022-05-05")],
    ),
    ("theo Quyết định số 2280/QĐ-UBND", [("Quyết định", "2280", "QĐ-UBND", "UBND", "")]),
    (
        "Kế hoạch số 325/KH-UBND ngày 03/12/2025",
        [("Kế hoạch", "325", "KH-UBND", "UBND", "2025-12-03")],
    ),
    (
        "tổ chức triển khai thực hiện Kết luận 01 của Bộ Chính trị, Kế hoạch",
        [("Kết luận", "01", "", "Bộ Chính trị", "")],
    ),
    (
        "Kế hoạch số 39 của Ban Thường vụ Thành ủy; đưa nội dung",
        [("Kế hoạch", "39", "", "Ban Thường vụ Thành ủy", "")],
    ),
    ("theo Nghị định 30/2020/NĐ-CP", [("Nghị định", "30", "2020/NĐ-CP", "CP", "")]),
    ("theo Hướng dẫn 36-HD/VPTW (2018)", [("Hướng dẫn", "36", "HD/VPTW", "VPTW", "")]),
    (
        "Kết luận số 01-KL/TW, ngày 18 tháng 5 năm 2021 của Bộ Chính trị về tiếp tục",
        [("Kết luận", "01", "KL/TW", "Bộ Chính trị", "2021-05-18")],
    ),
    ("I. CÔNG TÁC THỰC HIỆN KẾT LUẬN SỐ 01-KL/TW", [("Kết luận", "01", "KL/TW", "TW", "")]),
    ("nhất là Chương trình số 01 về “Tăng cường”", [("Chương trình", "01", "", "", "")]),
    (
        "Quyết định số 72/2024/QĐ-UBND ngày 30/12/2024 của UBND tỉnh Quảng Ngãi quy định",
        [("Quyết định", "72", "2024/QĐ-UBND", "UBND tỉnh Quảng Ngãi", "2024-12-30")],
    ),
    (
        "Công văn số 5633/VPCP-KSTT ngày 25/7/2023 của Văn phòng Chính phủ về việc",
        [("Công văn", "5633", "VPCP-KSTT", "Văn phòng Chính phủ", "2023-07-25")],
    ),
    (
        "tại các Công văn: số 87/HĐND-KTNS ngày 15/5/2024 về việc, số 208/HĐND-KTNS",
        [
            ("Công văn", "87", "HĐND-KTNS", "HĐND", "2024-05-15"),
            ("Công văn", "208", "HĐND-KTNS", "HĐND", ""),
        ],
    ),
    (
        "các Quyết định: Số 418/QĐ-UBND ngày 30/5/2024",
        [("Quyết định", "418", "QĐ-UBND", "UBND", "2024-05-30")],
    ),
    (
        "Kế hoạch số 31-KH/ĐUK, ngày 10/11/2022; Kế hoạch số 46-KH/ĐUK, ngày 01/02/2023",
        [
            ("Kế hoạch", "31", "KH/ĐUK", "ĐUK", "2022-11-10"),
            ("Kế hoạch", "46", "KH/ĐUK", "ĐUK", "2023-02-01"),
        ],
    ),
    (
        "Kế hoạch số 23/KH-UBND ngày 30/01/2024 của Chủ tịch UBND tỉnh rà soát, đánh giá",
        [("Kế hoạch", "23", "KH-UBND", "Chủ tịch UBND tỉnh", "2024-01-30")],
    ),
    (
        "Kế hoạch số 224-KH/TU, ngày 08/12/2023 của Ban Thường vụ Tỉnh ủy về việc sơ kết",
        [("Kế hoạch", "224", "KH/TU", "Ban Thường vụ Tỉnh ủy", "2023-12-08")],
    ),
    (
        "Quy định số 37-QĐ/TW về những điều đảng viên không được làm",
        [("Quy định", "37", "QĐ/TW", "TW", "")],
    ),
    ("Việc đánh giá tình hình thực hiện Kết luận số cần bám sát", [("Kết luận", "", "", "", "")]),
    ("kế hoạch số 12-KH/TU", [("Kế hoạch", "12", "KH/TU", "TU", "")]),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_forms(text, expected):
    assert refs(text) == expected


def test_text_is_as_written_without_markers():
    (r,) = extract_references("Thực hiện Kế hoạch số 25-KH/ĐUK, ngày 10/11/2021¹ của Ban.")
    assert r.text == "Kế hoạch số 25-KH/ĐUK, ngày 10/11/2021 của Ban"
    assert r.path == [] and r.footnote is None


NOT_REFERENCES = [
    "quán triệt các nghị quyết, quy định, kết luận, chỉ thị của Trung ương",
    "các chỉ thị, nghị quyết của Đảng và Nhà nước",
    "Nghị quyết Trung ương 4 (khóa XII, XIII)",
    "Kết luận Hội nghị Trung ương 4 khóa XIII",
    "Nghị quyết Đại hội XIII của Đảng",
    "Báo cáo số liệu thống kê",
    "Kế hoạch số hóa hồ sơ",
    "Kế hoạch 5 năm của tỉnh",
    "xây dựng kế hoạch 12 tháng",
    "Hội thi Báo cáo viên Đảng ủy Khối",
    "Căn cứ Hướng dẫn của Ban Tuyên giáo Thành ủy",
    "theo Hướng dẫn và Quy định của Văn phòng Trung ương Đảng",
    "có 22 văn bản số 5",
    "Công điện số 131/CĐ-TTg ngày 11/12/2024",  # a type outside the list
]


@pytest.mark.parametrize("text", NOT_REFERENCES)
def test_not_a_reference(text):
    assert extract_references(text) == []


def test_a_number_sign_at_the_very_end_is_a_reference_without_number():
    assert refs("theo Chương trình số") == [("Chương trình", "", "", "", "")]


# ---------------------------------------------------------------------------
# the seeds


def test_guideline_003(shared):
    found = all_refs(GUIDE_003)
    texts = [r.text for r in found]
    for expected in (
        "Kết luận số 01-KL/TW, ngày 18/5/2021",
        "Kế hoạch số 39-KH/TU, ngày 21/9/2021",
        "Hướng dẫn số 140-HD/BTGTU, ngày 05/02/2024",
    ):
        assert any(t.startswith(expected) for t in texts), expected
    without_number = [r for r in found if not r.number]
    assert len(without_number) == 1
    assert without_number[0].type == "Kết luận" and without_number[0].text == "Kết luận số"
    h = next(r for r in found if r.number == "140")
    assert (h.type, h.symbol, h.issuer, h.date) == (
        "Hướng dẫn",
        "HD/BTGTU",
        "Ban Tuyên giáo Trung ương",
        "2024-02-05",
    )
    numbers = {(r.type, r.number) for r in found}
    assert {("Chương trình", "01"), ("Chương trình", "10"), ("Kế hoạch", "39")} <= numbers
    assert len(found) == 40


def test_report_001(shared):
    found = all_refs(REPORT_001)
    assert all(r.number for r in found)
    first = next(r for r in found if r.number == "25")
    assert (first.type, first.symbol, first.issuer, first.date) == (
        "Kế hoạch",
        "KH/ĐUK",
        "Ban Thường vụ Đảng ủy Khối",
        "2021-11-10",
    )
    assert {r.type for r in found} == {
        "Kết luận",
        "Chỉ thị",
        "Kế hoạch",
        "Quy định",
        "Nghị quyết",
        "Hướng dẫn",
    }
    assert len(found) == 47


def test_transcript_bc280_lists_of_numbers():
    path = REAL / "scan_bc280_ubnd_quangngai.transcript.txt"
    require(path.is_file(), f"{path} is missing")
    found = [
        r
        for line in path.read_text(encoding="utf-8").splitlines()
        for r in extract_references(line)
    ]
    assert [r.number for r in found if r.type == "Công văn"] == [
        "4039",
        "87",
        "208",
        "222",
        "223",
        "224",
    ]
    assert {r.type for r in found if r.symbol.startswith("QĐ")} == {"Quyết định"}


# ---------------------------------------------------------------------------
# dates

# ---------------------------------------------------------------------------
# any text

_PIECES = st.sampled_from(
    [
        "Kết luận", "KẾT LUẬN", "kế hoạch", " số ", "Số:", " 01", "-KL/TW", "/QĐ-UBND",
        "/2020/NĐ-CP", " /BC-UBND", ", ngày 18/5/2021", " ngày 18 tháng 5 năm 2021", " của ",
        "Ban Thường vụ", " tỉnh", " và ", ":", ",", ";", ". ", "¹", " ", "\n", "các Công văn: ",
        "9" * 30, "İ", "ſ", "K",
    ]
)  # fmt: skip
_TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=40).map("".join)


@given(_TEXT)
def test_extract_references_never_raises(text):
    for r in extract_references(text):
        assert r.type
        assert r.text


@given(st.text())
def test_never_raises_on_any_text(text):
    extract_references(text)
