"""Figures read from report prose: the gold of 001, a table of cases, what is no figure."""

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bench import figure_precision as fp
from tests.conftest import GOLD, REAL, REPORT_001, ROOT, require
from tonghop.figures import CONFIDENT, extract_figures, parse_number, split_sentences
from tonghop.model import SUPERSCRIPT_DIGITS, from_superscript
from tonghop.pipeline import read_document

_FOOTNOTE_START = re.compile(f"^([{SUPERSCRIPT_DIGITS}]+)\\s*")


def paragraphs(text: str):
    """(footnote number or None, paragraph) for blocks separated by blank lines."""
    for block in re.split(r"\n\s*\n", text):
        block = block.strip()
        if not block:
            continue
        m = _FOOTNOTE_START.match(block)
        if m:
            yield from_superscript(m.group(1)), block[m.end() :]
        else:
            yield None, block


@pytest.fixture(scope="module")
def figures001(shared):
    out = []
    for fn, para in paragraphs(REPORT_001.read_text(encoding="utf-8")):
        out.extend((fn, f) for f in extract_figures(para))
    return out


@pytest.fixture(scope="module")
def gold001(shared):
    return json.loads((GOLD / "001_3a82535dc271e2e5.json").read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------
# the gold of 001


def test_every_gold_figure_of_001_is_found(figures001, gold001):
    missing = []
    for g in gold001["figures"]:
        candidates = [
            f
            for fn, f in figures001
            if f.value == g["value"]
            and fn == g.get("footnote")  # body figures come from body paragraphs
            and (f.unit == g["unit"] if "unit" in g else f.unit and g["about"].startswith(f.unit))
            and ("qualifier" not in g or f.qualifier == g["qualifier"])
        ]
        if not candidates:
            missing.append(g)
    assert not missing


def test_years_of_the_commendations_in_footnote_10(figures001):
    fn10 = [(f.value, f.unit, f.year) for fn, f in figures001 if fn == 10]
    assert fn10 == [
        (24, "tổ chức cơ sở đảng", 2021),
        (21, "tổ chức cơ sở đảng", 2022),
        (23, "tổ chức cơ sở đảng", 2023),
    ]


def test_years_of_the_conferences_in_footnote_4(figures001):
    fn4 = [(f.value, f.year) for fn, f in figures001 if fn == 4]
    assert fn4 == [
        (102, None),  # "chuyên đề toàn khóa": no year stated
        (4320, None),
        (132, 2022),
        (4686, 2022),
        (150, 2023),
        (6124, 2023),
        (115, 2024),
        (6325, 2024),
    ]


def test_nothing_extracted_from_001_is_a_date_a_year_or_a_duration(figures001):
    for _, f in figures001:
        assert not re.fullmatch(r"(19|20)\d\d", f.raw), f
        assert "/" not in f.raw and "-" not in f.raw, f
        assert f.unit not in ("năm", "tháng", "ngày"), f
        assert "¹" not in f.text and "³" not in f.text, f  # markers are removed
    # 41 gold figures, plus 4 prizes of footnote 11, the inspection counts of II.6 and
    # "01 gương cá nhân": every one a count, an amount or a percentage.
    assert len(figures001) == 58


def test_the_text_of_a_figure_is_its_sentence(figures001):
    f = next(f for _, f in figures001 if f.value == 148140)
    assert f.text.startswith("Cuộc thi đã nhận được sự hưởng ứng")
    assert f.text.endswith("thành phố Hà Tĩnh ngày càng giàu mạnh, văn minh.")
    assert "148.140 lượt" in f.text and "Tìm" not in f.text
    g = next(f for fn, f in figures001 if f.value == 22)
    assert g.text.startswith("Nhằm cụ thể hóa việc thực hiện, Ban Thường vụ Đảng ủy Khối")
    assert "22 văn bản chỉ đạo, hướng dẫn thực hiện; giao Ban Tuyên giáo" in g.text  # ";" stays
    assert g.text.endswith("Kết luận số 01-KL/TW của Bộ Chính trị.")


# ---------------------------------------------------------------------------
# parse_number

NUMBERS = [
    ("4.320", 4320),
    ("148.140", 148140),
    ("162.056.800", 162056800),
    ("98,9", 98.9),
    ("8.699,28", 8699.28),
    ("03", 3),
    ("98.9", 98.9),
    ("1,5", 1.5),
    ("0,5", 0.5),
    ("2.100", 2100),
    ("100", 100),
    ("98,9%", 98.9),
    (" 17,45% ", 17.45),
]


@pytest.mark.parametrize(("raw", "value"), NUMBERS)
def test_parse_number(raw, value):
    got = parse_number(raw)
    assert got == value
    assert type(got) is type(value)  # ints stay ints


@pytest.mark.parametrize("raw", ["", "abc", "1.2.3", "1,2,3", "12.34.567", "-5", "5 000", "²"])
def test_parse_number_refuses(raw):
    assert parse_number(raw) is None


@given(st.integers(min_value=0, max_value=10**15))
def test_parse_number_reads_thousands_groups(n):
    assert parse_number(f"{n:,}".replace(",", ".")) == n


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=1, max_value=99))
def test_parse_number_reads_decimal_commas(a, b):
    raw = f"{a:,}".replace(",", ".") + f",{b:02d}"
    assert parse_number(raw) == pytest.approx(a + b / 100)


@given(st.text())
def test_parse_number_never_raises(s):
    v = parse_number(s)
    assert v is None or isinstance(v, int | float)


# ---------------------------------------------------------------------------
# sentences


def test_split_sentences():
    text = (
        "Có trên 98.9% đảng viên thực hiện, 4.320 người dự tại TP. Hà Tĩnh, Q. 1 và TS. Lê A "
        "ngày 18/5/2021 theo Kết luận số 01-KL/TW; các hội nghị, v.v. Sau đó còn nhiều việc. "
        "Năm 2022 khen thưởng 21 tổ chức! Còn gì? Hết…\nDòng mới"
    )
    assert split_sentences(text) == [
        "Có trên 98.9% đảng viên thực hiện, 4.320 người dự tại TP. Hà Tĩnh, Q. 1 và TS. Lê A "
        "ngày 18/5/2021 theo Kết luận số 01-KL/TW; các hội nghị, v.v. Sau đó còn nhiều việc.",
        "Năm 2022 khen thưởng 21 tổ chức!",
        "Còn gì?",
        "Hết…",
        "Dòng mới",
    ]


def test_split_sentences_keeps_line_start_labels():
    assert split_sentences("1. Tổ chức học tập. Kết quả tốt.") == [
        "1. Tổ chức học tập.",
        "Kết quả tốt.",
    ]
    assert split_sentences("Hà Tĩnh,.... Cán bộ, đảng viên") == [
        "Hà Tĩnh,....",
        "Cán bộ, đảng viên",
    ]
    assert split_sentences("") == []


# ---------------------------------------------------------------------------
# a table of cases: text -> [(value, unit, qualifier)]

CASES = [
    (
        "kết nối đường truyền đến 102 điểm cầu với 4.320 đảng viên được học tập",
        [(102, "điểm cầu", ""), (4320, "đảng viên", "")],
    ),
    (
        "khen thưởng đối với 68 tổ chức cơ sở đảng¹⁰, 06 đảng viên",
        [(68, "tổ chức cơ sở đảng", ""), (6, "đảng viên", "")],
    ),
    ("đã ban hành 22 văn bản chỉ đạo, hướng dẫn thực hiện³;", [(22, "văn bản", "")]),
    ("với 148.140 lượt cán bộ, đảng viên tham gia dự thi", [(148140, "lượt", "")]),
    ("có 80 đơn vị tổ chức sinh hoạt", [(80, "đơn vị", "")]),
    ("có 231 đảng viên vi phạm cam kết", [(231, "đảng viên", "")]),
    ("Đảng bộ có 72 mô hình tiêu biểu", [(72, "mô hình", "")]),
    (
        "Gồm 5 kế hoạch, 2 chương trình, 4 giấy mời, 7 công văn, 4 báo cáo.",
        [
            (5, "kế hoạch", ""),
            (2, "chương trình", ""),
            (4, "giấy mời", ""),
            (7, "công văn", ""),
            (4, "báo cáo", ""),
        ],
    ),
    (
        "kiểm tra 04 tổ chức đảng và 04 đồng chí đứng đầu",
        [(4, "tổ chức đảng", ""), (4, "đồng chí", "")],
    ),
    ("với 70 đồng chí tham gia dự thi", [(70, "đồng chí", "")]),
    ("tuyên dương 30 điển hình học tập", [(30, "điển hình", "")]),
    (
        "khen thưởng 13 tổ chức cơ sở đảng, 04 cá nhân;",
        [(13, "tổ chức cơ sở đảng", ""), (4, "cá nhân", "")],
    ),
    ("tồn tại 71 điểm úng ngập", [(71, "điểm", "")]),
    ("công suất 170 m3/s, bể điều hòa", [(170, "m3/s", "")]),
    ("công suất 90m3/s và 100 m³/s", [(90, "m3/s", ""), (100, "m3/s", "")]),
    ("mưa có cường độ 310mm/2 ngày tại khu vực", [(310, "mm/2 ngày", "")]),
    ("lượng mưa từ 50 ÷ 70mm/h: tồn tại", [(50, "mm/h", "từ"), (70, "mm/h", "đến")]),
    ("tỷ lệ cắt giảm chi phí 17,45%.", [(17.45, "%", "")]),
    ("có trên 98% cán bộ", [(98, "%", "trên")]),
    ("có trên 98.9% cán bộ đảng viên", [(98.9, "%", "trên")]),
    ("ủng hộ hơn 20 tỷ đồng cho công tác", [(20_000_000_000, "đồng", "hơn")]),
    ("ủng hộ 500 triệu đồng cho các em", [(500_000_000, "đồng", "")]),
    ("gần 30 tỷ đồng góp phần", [(30_000_000_000, "đồng", "gần")]),
    ("trị giá 1,5 tỷ đồng", [(1_500_000_000, "đồng", "")]),
    ("chi phí tuân thủ TTHC: 162.056.800 đồng/năm và", [(162_056_800, "đồng", "")]),
    ("tổng kinh phí là 8.699,28 triệu đồng (chi", [(8_699_280_000, "đồng", "")]),
    ("với kinh phí là 339,477 triệu đồng", [(339_477_000, "đồng", "")]),
    ("quỹ 10 nghìn đồng và 5 ngàn đồng", [(10_000, "đồng", ""), (5_000, "đồng", "")]),
    ("ủng hộ 200.000đ mỗi suất", [(200_000, "đồng", "")]),
    (
        "01 giải Nhất, 03 giải Nhì, 05 giải Ba",
        [(1, "giải Nhất", ""), (3, "giải Nhì", ""), (5, "giải Ba", "")],
    ),
    ("giới thiệu 05-10 điển hình tham gia", [(5, "điển hình", "từ"), (10, "điển hình", "đến")]),
    ("từ 5 đến 10 đơn vị", [(5, "đơn vị", "từ"), (10, "đơn vị", "đến")]),
    ("thẩm định 02 TTHC tại", [(2, "TTHC", "")]),
    ("gồm có: 47 PAKN qua Hệ thống", [(47, "PAKN", "")]),
    ("Số PAKN được tiếp nhận: 49, trong đó", [(49, "PAKN", "")]),
    (
        "số hồ sơ đã giải quyết: 120, trong đó đúng hạn: 118; chuyển sang: 5",
        [(120, "hồ sơ", ""), (118, "hồ sơ", ""), (5, "", "")],  # the last one a guess
    ),
    ("khoảng 200 người dự", [(200, "người", "khoảng")]),
    ("dưới 50mm/h thì", [(50, "mm/h", "dưới")]),
    ("chưa đến 10% số đơn vị", [(10, "%", "chưa đến")]),
    ("ít nhất 3 buổi", [(3, "buổi", "ít nhất")]),
    ("tối đa 5 tập thể", [(5, "tập thể", "tối đa")]),
    ("lên tới 1.200 lượt", [(1200, "lượt", "tới")]),
    ("tới 30 cuộc thi", [(30, "cuộc thi", "tới")]),
    ("gần như 100% hộ", [(100, "%", "gần")]),
    ("cho 1 tập thể và 2 cá nhân năm 2024", [(1, "tập thể", ""), (2, "cá nhân", "")]),
    ("10 Chương trình công tác của Thành phố", [(10, "chương trình", "")]),
    ("1,2 triệu lượt người xem", [(1_200_000, "lượt", "")]),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_cases(text, expected):
    got = [(f.value, f.unit, f.qualifier) for f in extract_figures(text)]
    assert got == expected
    for (value, _, _), f in zip(expected, extract_figures(text), strict=True):
        assert type(f.value) is type(value)


def test_fields_of_a_figure():
    (f,) = extract_figures("Toàn Đảng bộ Khối có trên 98,9%² cán bộ được học tập.")
    assert f.raw == "98,9%"
    assert f.text == "Toàn Đảng bộ Khối có trên 98,9% cán bộ được học tập."
    assert f.path == [] and f.footnote is None and f.year is None
    (g,) = extract_figures("đến 4.320 đảng viên")
    assert g.raw == "4.320" and g.qualifier == ""  # a bare "đến" is a preposition


YEARS = [
    ("năm 2021 Ban Thường vụ khen thưởng 24 tổ chức", [2021]),
    (
        "Năm 2021 Ban Thường vụ khen thưởng 24 tổ chức cơ sở đảng, năm 2022 Ban Thường vụ "
        "khen thưởng 21 tổ chức cơ sở đảng",
        [2021, 2022],
    ),
    ("(tổ chức tháng 6/2023) Ban Thường vụ tuyên dương 30 điển hình", [2023]),
    ("Trong tháng 01 năm 2025, tỉnh thẩm định 02 TTHC", [2025]),
    ("Năm 2022 và năm 2023 có 80 đơn vị", [None]),  # a span of years: no one year
    ("trong 03 năm 2021-2023 khen thưởng 68 tổ chức", [None]),
    ("năm 2021 ủng hộ 20 tỷ đồng; phối hợp trồng cây 200 triệu đồng", [2021, None]),
    ("năm 2023 theo Nghị quyết nhiệm kỳ 2020 - 2025 kết nạp 50 đảng viên", [2023]),
    ("Kết luận ngày 18 tháng 5 năm 2021 và 50 đảng viên", [None]),  # a document's date
    ("Năm 2021 có 5 đơn vị. Sau đó có 6 đơn vị.", [2021, None]),  # each sentence its own
    ("từ tháng 5/2023 đến tháng 5/2024 có 50 đảng viên", [None]),
    ("(tháng 5 - tháng 8/2024) có 50 đảng viên", [2024]),
]


@pytest.mark.parametrize(("text", "years"), YEARS, ids=[y[0][:40] for y in YEARS])
def test_year_of_a_figure(text, years):
    assert [f.year for f in extract_figures(text)] == years


# ---------------------------------------------------------------------------
# what is not a figure

NOT_FIGURES = [
    "theo Kế hoạch ngày 18/5/2021 của Ban",
    "ngày 10/11/2021",
    "từ tháng 5/2023 đến tháng 5/2024",
    "gửi trước 5/2024",
    "kỷ niệm ngày Bác về thăm (15/6/1957 - 15/6/2022)",
    "trong năm 2022",
    "giai đoạn 2021-2023",
    "nhiệm kỳ 2020 - 2025",
    "05 năm liền (2019-2023)",
    "Thực hiện Kế hoạch số 25-KH/ĐUK",
    "tiếp tục thực hiện Chỉ thị số 05-CT/TW",
    "Nghị quyết số 37-NQ/TW",
    "theo Kết luận số 01-KL/TW",
    "số 01-KL/TW",
    "triển khai Kết luận 01 của Bộ Chính trị",
    "Kế hoạch số 39 của Ban Thường vụ Thành ủy",
    "Quyết định số 2280/QĐ-UBND",
    "Số: 23 /BC-UBND",
    "Chương trình số 01 về xây dựng Đảng",
    "Nghị định 30/2020/NĐ-CP",
    "Hướng dẫn 36-HD/VPTW",
    "1. Tổ chức nghiên cứu, học tập",
    "2.2 Nguyên nhân",
    "2.1. Về hạn chế",
    "IV. KIẾN NGHỊ",
    "Đại hội đại biểu toàn quốc lần thứ XIII và lần thứ 5",
    "Nghị quyết Trung ương 4 (khóa XII, XIII)",
    "Hội nghị Trung ương 5 khóa 12",
    "Trung ương 5",
    "Ngàn hoa dâng Bác tập 8",
    "phòng chống đại dịch Covid 19 và COVID-19",
    "học sinh lớp 12",
    "khai mạc lúc 17h00 ngày",
    "hội nghị lúc 8h30 và 14:00",
    "điện thoại: 0912.345.678, 0243.825.1234 hoặc (024) 3825 1234",
    "gửi về email phongllctlsd414@gmail.com",
    "xem https://tuyengiao.vn/bai-2024 nhé",
    "nhân dịp kỷ niệm 65 năm ngày Bác Hồ về thăm Hà Tĩnh",
    "15 năm thành lập thành phố",
    "Trong 03 năm, Ban Thường vụ",
    "trong 3 năm qua và 6 tháng đầu năm",
    "người trên 60 tuổi",
    "Cuộc thi “Tìm hiểu 90 năm lịch sử Đảng 1930 - 2020” và “3 không”",
    "tại khoản 3 Điều 52 Luật Ngân sách nhà nước",
    "2023) Ban Thường vụ",
    "trong 03 năm (2021-",
    "Chủ đề năm 2024 của thành phố",
    "tầm nhìn đến năm 2045",
    "2",  # a page number alone on its line
    "(1) Tiếp tục rà soát",
    "Quốc lộ 1A và mạng 5G",
    "xem mục 2.1 ở trên",
]


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_not_a_figure(text):
    assert extract_figures(text) == []


# ---------------------------------------------------------------------------
# the transcripts of the scanned reports


def _transcript(name: str) -> str:
    path = REAL / name
    require(path.is_file(), f"{path} is missing")
    return path.read_text(encoding="utf-8")


def test_transcript_bc23_figures():
    text = _transcript("scan_bc23_ubnd_quangngai.transcript.txt")
    figs = [f for line in text.splitlines() for f in extract_figures(line)]
    got = {(f.raw, f.value, f.unit) for f in figs}
    assert ("162.056.800", 162_056_800, "đồng") in got
    assert ("17,45%", 17.45, "%") in got
    assert ("14", 14, "TTHC") in got
    assert not any(f.raw in ("2", "23", "2025", "5633", "01") for f in figs)


def test_transcript_bc280_total_equals_its_parts():
    text = _transcript("scan_bc280_ubnd_quangngai.transcript.txt")
    line = next(ln for ln in text.splitlines() if "8.699,28" in ln and "650,88" in ln)
    values = [f.value for f in extract_figures(line) if f.unit == "đồng"]
    assert values == [
        8_699_280_000,
        8_699_280_000,
        650_880_000,
        736_800_000,
        7_269_100_000,
        42_500_000,
    ]
    assert all(isinstance(v, int) for v in values)  # exact, no float noise
    assert values[1] == sum(values[2:])


# ---------------------------------------------------------------------------
# any text

_PIECES = st.sampled_from(
    [
        " 4.320 ", "98,9%", " trên ", "hơn 20 tỷ đồng", "Kết luận số ", "01-KL/TW",
        ", ngày 18/5/2021", "(2021-", "2023)", "\n", " ", "¹", "²³", "m²", " năm ", "năm 2021",
        "tháng 6/2023", "05-10", " ÷ ", "mm/h", "đồng chí", ";", ". ", "“", "”", "\"", "@",
        "0912.345.678", "1.", "2.2 ", "IV. ", "(1)", "17h00", " đến ", " tới ", "%", "triệu",
        "Covid-19", "tổ chức cơ sở đảng", "/", "-", ",", "0", "9" * 40,
    ]
)  # fmt: skip
_TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=40).map("".join)


@given(_TEXT)
def test_extract_figures_never_raises(text):
    for f in extract_figures(text):
        assert isinstance(f.value, int | float)
        assert f.raw
        assert f.text


@given(st.text())
def test_extract_figures_never_raises_on_any_text(text):
    extract_figures(text)
    split_sentences(text)


# ---------------------------------------------------------------------------
# precision: what looks like a figure and is not (sentences written for these tests)

TRAPS = [
    # the clause of another document being cited
    "thực hiện theo điểm 3.4 Hướng dẫn số 06-HD/TW của Ban Bí thư",
    "theo Điều 7 Quy định số 24-QĐ/TW",
    "quy định tại khoản 2 và 3 Điều 35 Nghị định này",
    "các thủ tục nêu ở các Khoản 1, 2, 3, Điều 4 Điều lệ Đảng",
    "theo Điểm 3.6 và 3.7, Mục 3 của Hướng dẫn này",
    "chuyển sinh hoạt theo Tiết a, Tiểu mục 10.2.1 của Hướng dẫn này",
    "hồ sơ như mục 1, phần III của Hướng dẫn này",
    # heading numbers and list indexes
    "1.1. Đảng viên",
    "3.4 Hướng dẫn thi hành",
    "(2). Mời đại diện Thường trực Thành ủy",
    "gồm: (1) Cải tạo tuyến cống; (2) Xây dựng trạm bơm",
    # house numbers, codes
    "Trụ sở tại số 12 phố Hàng Bài",
    "gửi về ngõ 25 Trần Duy Hưng, ngách 14",
    "thủ tục đăng ký kết hôn (mã TTHC: 1.000894)",
    # sizes and kinds
    "phiếu bầu loại 7 ô",
    "ảnh chân dung cỡ 4 x 6 cm",
    # numbers that are part of a name, mottos, ages, tolerances
    "các tuyến Vành đai 1, Vành đai 2,5 và tuyến số 5",
    "Công ty Cổ phần xây dựng Sông Đà 9 theo địa bàn",
    "trạm bơm Đồng Bông 1, Đồng Bông 2",
    "theo phương châm 4 tại chỗ, 3 sẵn sàng",
    "đối với đảng viên có tuổi đời dưới 80",
    "vào dịp các ngày lễ lớn 3/2, 19/5, 2/9 và 7/11 hàng năm",
    "trong 3 năm, 5 tháng và 12 ngày",
    "nộp kèm ảnh 3x4 hoặc ảnh 4 x 6",
]


@pytest.mark.parametrize("text", TRAPS)
def test_trap_is_no_figure(text):
    assert extract_figures(text) == []


def test_a_kind_is_a_guess_but_a_count_after_a_preposition_is_not():
    (kind,) = extract_figures("triển khai mô hình chính quyền địa phương 2 cấp")
    assert (kind.value, kind.unit) == (2, "cấp") and kind.confidence < CONFIDENT
    (count,) = extract_figures("kiểm tra ở 02 cấp ủy viên")
    assert count.confidence >= CONFIDENT


def test_a_value_whose_noun_came_before_is_a_guess():
    (f,) = extract_figures("Số phản ánh được tiếp nhận: 49, trong đó đã xử lý xong.")
    assert (f.value, f.unit) == (49, "") and f.confidence < CONFIDENT


def test_cells_of_a_table_read_as_a_line_are_a_guess():
    figs = extract_figures("quyết định của Tòa án 862/1.266 1 bản án, quyết định")
    assert [(f.value, f.confidence < CONFIDENT) for f in figs] == [(1, True)]


def test_a_curated_noun_is_sure_and_a_fallback_word_less_so():
    a, b = extract_figures("đã cấp 12 giấy khen và 3 cờ thi đua")
    assert (a.unit, a.confidence) == ("giấy khen", 1.0)
    assert b.unit == "cờ thi" and CONFIDENT <= b.confidence < 1.0


# ---------------------------------------------------------------------------
# quantities that used to be misread

QUANTITIES = [
    # a quantity in parentheses after a name that holds numbers
    (
        "xây dựng hồ Cổ Nhuế 2.1 (9,8ha), hồ Phú Đô (31,5 ha) và hồ Liên Mạc 1 (13ha)",
        [(9.8, "ha", ""), (31.5, "ha", ""), (13, "ha", "")],
    ),
    ("đối với Trạm bơm Yên Sở (90 m³/s) và (20m3/s)", [(90, "m3/s", ""), (20, "m3/s", "")]),
    # numbers sharing one counted noun, the last included
    (
        "đảng viên có đủ 30, 40, 45 và 50 năm tuổi đảng",
        [(30, "năm tuổi đảng", ""), (40, "năm tuổi đảng", ""), (45, "năm tuổi đảng", "")]
        + [(50, "năm tuổi đảng", "")],
    ),
    (
        "tặng Huy hiệu 30 năm, 40 năm hoặc 50 năm tuổi Đảng",
        [(30, "năm tuổi đảng", ""), (40, "năm tuổi đảng", ""), (50, "năm tuổi đảng", "")],
    ),
    ("tỷ lệ tương ứng 5, 10 và 15%", [(5, "%", ""), (10, "%", ""), (15, "%", "")]),
    ("trong 3 năm, 5 đảng viên được khen", [(5, "đảng viên", "")]),
    # ranges, symbols, signed levels, tolerances, superscripts
    ("máy bơm chìm 100 - 150m3/h", [(100, "m3/h", "từ"), (150, "m3/h", "đến")]),
    ("máy phát điện 5 - 30KVA", [(5, "kVA", "từ"), (30, "kVA", "đến")]),
    ("lượng mưa ≥ 100mm/h", [(100, "mm/h", "ít nhất")]),
    ("không vượt quá cao độ +2.80m", [(2.8, "m", "")]),
    ("mực nước hạ lưu đạt cos >+4.5m", [(4.5, "m", "trên")]),
    ("giữ mực nước dưới +1.250m", [(1.25, "m", "dưới")]),
    ("mực nước tại Thanh Liệt + 4.50m", [(4.5, "m", "")]),
    ("khi mực nước cos < 3.5±0.2m", [(3.5, "m", "dưới")]),
    ("bể chứa 2.500 m³ và sân 120 m²", [(2500, "m3", ""), (120, "m2", "")]),
    # a fraction of counted things, a ratio after a slash
    ("có 07/09 sở có ý kiến thống nhất", [(7, "sở", ""), (9, "sở", "")]),
    ("14 hồ sơ trực tiếp/137 hồ sơ trực tuyến", [(14, "hồ sơ", ""), (137, "hồ sơ", "")]),
    # "trên" after a counted noun is "on"
    ("64 điểm trên 23 phường", [(64, "điểm", ""), (23, "phường", "")]),
    ("có trên 23 phường", [(23, "phường", "trên")]),
    ("không quá 15 cán bộ chuyên trách", [(15, "cán bộ", "tối đa")]),
    ("số cấp ủy viên vượt quá 10%", [(10, "%", "trên")]),
    # "điểm" inside a word cites no clause; a size after a street is a size
    ("chỉ đạo thí điểm 05 mô hình tại 124 xã", [(5, "mô hình", ""), (124, "xã", "")]),
    ("xây dựng tuyến đường 40m", [(40, "m", "")]),
    ("1 Phường Bình Thuận có 12 hồ sơ", [(12, "hồ sơ", "")]),
]


@pytest.mark.parametrize(("text", "expected"), QUANTITIES, ids=[q[0][:40] for q in QUANTITIES])
def test_quantities(text, expected):
    figs = extract_figures(text)
    assert [(f.value, f.unit, f.qualifier) for f in figs] == expected
    assert all(f.confidence >= CONFIDENT for f in figs)


# ---------------------------------------------------------------------------
# the labelled real documents (tests/figures_labelled/)

LABELLED = sorted((ROOT / "tests" / "figures_labelled").glob("*.json"))


def _labelled(path):
    return json.loads(path.read_text(encoding="utf-8"))


def test_at_least_three_documents_are_labelled():
    docs = [_labelled(p) for p in LABELLED]
    assert len(docs) >= 3
    assert all(d["figures"] and d["not_figures"] for d in docs)


@pytest.mark.parametrize("path", LABELLED, ids=[p.stem for p in LABELLED])
def test_every_labelled_quote_stands_on_its_page(path):
    import pymupdf

    doc = _labelled(path)
    pdf = REAL / doc["file"]
    require(pdf.is_file(), f"{pdf} is missing")
    pages = [fp.norm(page.get_text()) for page in pymupdf.open(pdf)]
    for entry in doc["figures"] + doc["not_figures"]:
        assert fp.norm(entry["quote"]) in pages[entry["page"] - 1], entry


@pytest.fixture(scope="module")
def scores(shared):
    for lab in fp.labelled_sets():
        require((REAL / lab["file"]).is_file(), f"{lab['file']} is missing")
    return fp.score_all()


def test_precision_and_recall_on_the_labelled_documents(scores):
    proposed = sum(len(s.proposed) for s in scores)
    right = sum(s.found for s in scores)
    prose = [s.recall_of(table=False) for s in scores]
    found, total = sum(a for a, _ in prose), sum(b for _, b in prose)
    assert right >= fp.TARGET_PRECISION * proposed, [
        (f.raw, f.text[:60]) for s in scores for f in s.wrong
    ]
    assert found >= fp.TARGET_RECALL * total, [g["quote"] for s in scores for g in s.missed]
    assert total >= 100  # the set is large enough to mean something


def test_every_labelled_trap_of_a_real_document_is_left_alone(scores, shared):
    for path in LABELLED:
        lab = _labelled(path)
        figures = [
            f for f in read_document(REAL / lab["file"]).figures if f.confidence >= CONFIDENT
        ]
        for trap in lab["not_figures"]:
            quote = fp.norm(trap["quote"])
            bad = [
                f for f in figures if f.raw.rstrip("%") == trap["raw"] and quote in fp.norm(f.text)
            ]
            assert not bad, (lab["file"], trap)


def test_figures_in_headings_are_read(scores):
    headings = [g for s in scores for g in s.gold if g.get("heading")]
    assert headings and not [g for s in scores for g in s.missed if g.get("heading")]


def test_seed_001_keeps_every_gold_figure_among_the_sure_ones(shared):
    found, total = fp.seed_001_found()
    assert found == total
