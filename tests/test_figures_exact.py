"""Figures read exactly: every field a reader sees, on whole Vietnamese report sentences.

Each case lists every figure the sentence carries, and nothing else: the value, the
counted noun or unit in full, the qualifier, the number as written, the year stated in
the same sentence and how sure the reading is.  Sentences come from the seed report 001
(verbatim) or are written as report writers write them.
"""

import pytest

from tonghop.figures import CONFIDENT, extract_figures, split_sentences


def read(text: str) -> list[tuple]:
    """(value, unit, qualifier, raw, year, confidence) of each figure, in order."""
    return [
        (f.value, f.unit, f.qualifier, f.raw, f.year, f.confidence) for f in extract_figures(text)
    ]


def typed(rows: list[tuple]) -> list[tuple]:
    """The rows with the type of each value: 98 and 98.0 are not the same reading."""
    return [(type(r[0]).__name__, *r) for r in rows]


# (id, sentence, figures)
CASES = [
    # --- the seed report 001, verbatim
    (
        "seed-over-98-percent",
        "Toàn Đảng bộ Khối có trên 98% cán bộ, đảng viên, đoàn viên, hội viên và người lao "
        "động trong Đảng bộ được học tập các chuyên đề hằng năm.",
        [(98, "%", "trên", "98%", None, 1.0)],
    ),
    (
        "seed-3-years-is-no-figure",
        "Trong 3 năm, toàn đảng bộ có 100% cán bộ, đảng viên xây dựng kế hoạch học tập và làm "
        "theo tư tưởng, đạo đức, phong cách Hồ Chí Minh, trong đó có trên 98.9% cán bộ đảng "
        "viên thực hiện cam kết, có 231 đảng viên vi phạm cam kết thực hiện.",
        [
            (100, "%", "", "100%", None, 1.0),
            (98.9, "%", "trên", "98.9%", None, 1.0),
            (231, "đảng viên", "", "231", None, 1.0),
        ],
    ),
    (
        "seed-money-years-per-clause",
        "năm 2021 kêu gọi ủng hộ hơn 20 tỷ đồng cho công tác phòng chống đại dịch Covid 19, "
        "ủng hộ 500 triệu đồng cho các em vào đại học; năm 2022 kêu gọi các doanh nghiệp ủng "
        "hộ gần 30 tỷ đồng góp phần giúp các thôn, xã nâng cao tiêu chí xây dựng nông thôn "
        "mới; tích cực phối hợp tham gia với chương trình hỗ trợ trồng cây xanh trị giá trên "
        "200 triệu đồng trên địa bàn thành phố Hà Tĩnh, năm 2023 ủng hộ thôn Tân Hạ 322 triệu "
        "đồng",
        [
            (20_000_000_000, "đồng", "hơn", "20", 2021, 1.0),
            (500_000_000, "đồng", "", "500", 2021, 1.0),
            (30_000_000_000, "đồng", "gần", "30", 2022, 1.0),
            (200_000_000, "đồng", "trên", "200", None, 1.0),
            (322_000_000, "đồng", "", "322", 2023, 1.0),
        ],
    ),
    # --- ratios and fractions of counts
    (
        "ratio-after-acronym-slash",
        "Tiếp nhận 14 hồ sơ phi địa giới TTHC/137 hồ sơ nộp trực tuyến.",
        [(14, "hồ sơ", "", "14", None, 1.0), (137, "hồ sơ", "", "137", None, 1.0)],
    ),
    (
        "ratio-slash-to-acronym",
        "Tiếp nhận 14 hồ sơ/12 PAKN",
        [(14, "hồ sơ", "", "14", None, 1.0), (12, "PAKN", "", "12", None, 0.8)],
    ),
    (
        "fraction-of-departments",
        "Có 07/09 sở có ý kiến góp ý.",
        [(7, "sở", "", "07", None, 1.0), (9, "sở", "", "09", None, 1.0)],
    ),
    (
        "fraction-all-of-them-then-over",
        "Có 07/07 sở có ý kiến, trên 50 xã tham gia",
        [
            (7, "sở", "", "07", None, 1.0),
            (7, "sở", "", "07", None, 1.0),
            (50, "xã", "trên", "50", None, 1.0),
        ],
    ),
    ("fraction-upside-down-is-a-date", "Có 09/07 sở", []),
    (
        "ratio-then-over",
        "Tiếp nhận 14 hồ sơ TTHC/137 hồ sơ, trên 50 xã tham gia",
        [
            (14, "hồ sơ", "", "14", None, 1.0),
            (137, "hồ sơ", "", "137", None, 1.0),
            (50, "xã", "trên", "50", None, 1.0),
        ],
    ),
    # --- labels "Số X: N" and "Số X là N"
    ("label-acronym", "Số PAKN được tiếp nhận: 49", [(49, "PAKN", "", "49", None, 0.8)]),
    ("label-stated", "Số PAKN được tiếp nhận là 49", [(49, "PAKN", "", "49", None, 0.8)]),
    ("label-noun", "Số đảng viên được kết nạp: 49", [(49, "đảng viên", "", "49", None, 0.8)]),
    (
        "label-capitalised-noun",
        "Số Đảng viên được kết nạp mới: 49",
        [(49, "đảng viên", "", "49", None, 0.8)],
    ),
    ("label-acronym-noun", "Số TTHC được giải quyết: 12", [(12, "TTHC", "", "12", None, 0.8)]),
    (
        "label-per-clause",
        "Số đảng viên: 12; số liệu khác: 5",
        [(12, "đảng viên", "", "12", None, 0.8), (5, "", "", "5", None, 0.4)],
    ),
    ("label-two-letters", "Số CB được cử: 12", [(12, "CB", "", "12", None, 0.8)]),
    ("label-one-letter-is-no-noun", "Số A: 5", [(5, "", "", "5", None, 0.4)]),
    ("label-nothing-named", "Số liệu: 49", [(49, "", "", "49", None, 0.4)]),
    (
        "label-in-brackets",
        "(số đảng viên được kết nạp: 12)",
        [(12, "đảng viên", "", "12", None, 0.8)],
    ),
    ("label-list-reads-first", "Số đảng viên: 12, 15", [(12, "đảng viên", "", "12", None, 0.8)]),
    ("acronym-after-number", "Đã giải quyết 47 PAKN.", [(47, "PAKN", "", "47", None, 0.8)]),
    # --- exact nouns and units
    (
        "longest-noun",
        "có 5 tổ chức cơ sở đảng",
        [(5, "tổ chức cơ sở đảng", "", "5", None, 1.0)],
    ),
    (
        "noun-of-two-words",
        "trao 2000 suất quà cho hộ nghèo",
        [(2000, "suất quà", "", "2000", None, 1.0)],
    ),
    ("noun-then-words", "tổ chức 12 lớp bồi dưỡng chính trị", [(12, "lớp", "", "12", None, 1.0)]),
    (
        "noun-capitalised-name",
        "xuất bản 12 cuốn sách, 3 Tập san",
        [(12, "cuốn sách", "", "12", None, 1.0)],
    ),
    (
        "thousands",
        "1.234 đảng viên tham gia học tập",
        [(1234, "đảng viên", "", "1.234", None, 1.0)],
    ),
    ("decimal-tonnes", "sản lượng đạt 1.234,5 tấn", [(1234.5, "tấn", "", "1.234,5", None, 1.0)]),
    ("dotted-million", "hỗ trợ 1.5 triệu đồng mỗi hộ", [(1_500_000, "đồng", "", "1.5", None, 1.0)]),
    (
        "thousands-decimal-million",
        "tổng kinh phí 8.699,28 triệu đồng",
        [(8_699_280_000, "đồng", "", "8.699,28", None, 1.0)],
    ),
    ("year-like-money", "ủng hộ 2000 đồng", [(2000, "đồng", "", "2000", None, 1.0)]),
    ("year-like-money-glued", "ủng hộ 2000đ", [(2000, "đồng", "", "2000", None, 1.0)]),
    ("year-like-area", "xây dựng 2024 m2 nhà văn hóa", [(2024, "m2", "", "2024", None, 1.0)]),
    (
        "year-like-percent",
        "doanh thu tăng 2000% so với cùng kỳ",
        [(2000, "%", "", "2000%", None, 1.0)],
    ),
    ("level-signed", "cao trình +1.250m", [(1.25, "m", "", "1.250", None, 1.0)]),
    ("level-signed-spaced", "cao trình + 1.250m", [(1.25, "m", "", "1.250", None, 1.0)]),
    ("level-below", "mực nước dưới +2.5m", [(2.5, "m", "dưới", "2.5", None, 1.0)]),
    (
        "party-badge-list",
        "trao huy hiệu 30 năm, 40 năm và 50 năm tuổi đảng",
        [
            (30, "năm tuổi đảng", "", "30", None, 1.0),
            (40, "năm tuổi đảng", "", "40", None, 1.0),
            (50, "năm tuổi đảng", "", "50", None, 1.0),
        ],
    ),
    (
        "period-then-count",
        "trong 3 năm, 5 đảng viên vi phạm",
        [(5, "đảng viên", "", "5", None, 1.0)],
    ),
    (
        "decimal-at-line-start",
        "1.234,5 tấn thóc được thu hoạch",
        [(1234.5, "tấn", "", "1.234,5", None, 1.0)],
    ),
    ("dotted-decimal-km", "nâng cấp 3.5 km đường giao thông", [(3.5, "km", "", "3.5", None, 1.0)]),
    (
        "decimal-zero-stays-decimal",
        "tăng 5,0% so với năm 2022",
        [(5.0, "%", "", "5,0%", None, 1.0)],
    ),
    ("acronym-two-letters", "cử 12 CB đi học", [(12, "CB", "", "12", None, 0.8)]),
    ("studying-is-no-volume", "tham gia học tập 100% cán bộ", [(100, "%", "", "100%", None, 1.0)]),
    ("practice-is-no-volume", "tổ chức luyện tập 30 buổi", [(30, "buổi", "", "30", None, 1.0)]),
    # --- qualifiers
    ("over-in-brackets", "(hơn 50 xã)", [(50, "xã", "hơn", "50", None, 1.0)]),
    ("up-to-in-brackets", "(lên đến 50 xã)", [(50, "xã", "tới", "50", None, 1.0)]),
    ("below-glued-symbol", "xử lý <5 vụ việc", [(5, "vụ việc", "dưới", "5", None, 1.0)]),
    (
        "symbol-qualifiers",
        "xử lý < 5 vụ việc, ≥ 10 đơn thư",
        [(5, "vụ việc", "dưới", "5", None, 1.0), (10, "đơn thư", "ít nhất", "10", None, 1.0)],
    ),
    (
        "over-then-count",
        "trên 50 xã, 12 hộ",
        [(50, "xã", "trên", "50", None, 1.0), (12, "hộ", "", "12", None, 1.0)],
    ),
    (
        "on-is-not-over",
        "64 điểm cầu trên 23 phường",
        [(64, "điểm cầu", "", "64", None, 1.0), (23, "phường", "", "23", None, 1.0)],
    ),
    ("about", "tổ chức khoảng 40 hội nghị", [(40, "hội nghị", "khoảng", "40", None, 1.0)]),
    ("kind-not-count", "chính quyền địa phương 2 cấp", [(2, "cấp", "", "2", None, 0.4)]),
    ("count-of-levels", "kiểm tra ở 02 cấp", [(2, "cấp", "", "02", None, 0.8)]),
    ("table-row-as-text", "12 15 đảng viên", [(15, "đảng viên", "", "15", None, 0.4)]),
    # --- years
    (
        "month-year",
        "tháng 6/2023 kết nạp 10 đảng viên",
        [(10, "đảng viên", "", "10", 2023, 1.0)],
    ),
    (
        "months-span-no-year",
        "từ tháng 5/2023 đến tháng 5/2024 kết nạp 10 đảng viên",
        [(10, "đảng viên", "", "10", None, 1.0)],
    ),
    (
        "since-month-no-year",
        "Từ 5/2023 đến nay kết nạp 10 đảng viên",
        [(10, "đảng viên", "", "10", None, 1.0)],
    ),
    (
        "document-date-no-year",
        "ngày 18 tháng 5 năm 2021 kết nạp 10 đảng viên",
        [(10, "đảng viên", "", "10", None, 1.0)],
    ),
    (
        "two-years-no-year",
        "năm 2022 và năm 2023 kết nạp 10 đảng viên",
        [(10, "đảng viên", "", "10", None, 1.0)],
    ),
    (
        "year-to-year-no-year",
        "Trong năm 2021 đến 2023, kết nạp 30 đảng viên",
        [(30, "đảng viên", "", "30", None, 1.0)],
    ),
    (
        "year-of-last-century",
        "năm 1990 kết nạp 10 đảng viên",
        [(10, "đảng viên", "", "10", 1990, 1.0)],
    ),
    (
        "term-keeps-year",
        "năm 2023 trong giai đoạn 2021-2025 kết nạp 10 đảng viên",
        [(10, "đảng viên", "", "10", 2023, 1.0)],
    ),
    (
        "mandate-keeps-year",
        "năm 2023 trong nhiệm kỳ 2020-2025 kết nạp 10 đảng viên",
        [(10, "đảng viên", "", "10", 2023, 1.0)],
    ),
    (
        "year-range-clears-year",
        "Năm 2023 đã kết nạp 10 đảng viên, trong 2021-2023 kết nạp 30 đảng viên",
        [(10, "đảng viên", "", "10", 2023, 1.0), (30, "đảng viên", "", "30", None, 1.0)],
    ),
    (
        "semicolon-clears-year",
        "năm 2023 có 5 chi bộ; 10 đảng viên",
        [(5, "chi bộ", "", "5", 2023, 1.0), (10, "đảng viên", "", "10", None, 1.0)],
    ),
    # --- what is skipped does not stop the reading of what follows
    (
        "url-port-is-no-figure",
        "Truy cập http://dangbo.vn:8080 để xem 5 tin bài",
        [(5, "tin bài", "", "5", None, 1.0)],
    ),
    (
        "www-port-is-no-figure",
        "Truy cập www.dangbo.vn:8080 để xem 5 tin bài",
        [(5, "tin bài", "", "5", None, 1.0)],
    ),
    ("photo-size", "in ảnh 4 x 6 cho 30 đảng viên", [(30, "đảng viên", "", "30", None, 1.0)]),
    (
        "durations-and-ages",
        "Tổ chức 03 năm liên tục, kéo dài 6 tháng, đảng viên 60 tuổi.",
        [],
    ),
    (
        "clauses-and-document-numbers",
        "Căn cứ Điều 7, khoản 2 và 3 Quy định số 22-QĐ/TW ngày 28/7/2021 của Ban Chấp hành.",
        [],
    ),
    ("enumeration", "Số liệu (1) và (2) chưa đủ", []),
    ("row-number-before-name", "có 1 Phường Bình Thuận", []),
    ("motto", "3 sẵn sàng, 5 không", []),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_exact_figures(text, expected):
    assert typed(read(text)) == typed(expected)


# (id, paragraph, [(value, the sentence it is read from, year)])
SENTENCES = [
    (
        "year-does-not-cross-sentences",
        "Năm 2023, kết nạp 125 đảng viên mới. Tổ chức 40 hội nghị.",
        [(125, "Năm 2023, kết nạp 125 đảng viên mới.", 2023), (40, "Tổ chức 40 hội nghị.", None)],
    ),
    (
        "year-of-second-sentence",
        "Kết nạp 125 đảng viên mới. Năm 2023, tổ chức 40 hội nghị.",
        [(125, "Kết nạp 125 đảng viên mới.", None), (40, "Năm 2023, tổ chức 40 hội nghị.", 2023)],
    ),
    (
        "sentence-starting-with-number",
        "Năm 2023 kết nạp 5 đảng viên\n12 chi bộ đạt trong sạch",
        [(5, "Năm 2023 kết nạp 5 đảng viên", 2023), (12, "12 chi bộ đạt trong sạch", None)],
    ),
    (
        "trailing-spaces-trimmed",
        "Năm 2023 kết nạp 5 đảng viên  \nTổ chức 40 hội nghị",
        [(5, "Năm 2023 kết nạp 5 đảng viên", 2023), (40, "Tổ chức 40 hội nghị", None)],
    ),
    (
        "acronym-ends-sentence",
        "Giải quyết 12 TTHC. Năm 2023 có 5 xã.",
        [(12, "Giải quyết 12 TTHC.", None), (5, "Năm 2023 có 5 xã.", 2023)],
    ),
    (
        "fraction-in-second-sentence",
        "Năm 2023 tổ chức 40 hội nghị. Có 07/09 sở có ý kiến góp ý.",
        [
            (40, "Năm 2023 tổ chức 40 hội nghị.", 2023),
            (7, "Có 07/09 sở có ý kiến góp ý.", None),
            (9, "Có 07/09 sở có ý kiến góp ý.", None),
        ],
    ),
    (
        "ratio-in-second-sentence",
        "Năm 2023 tổ chức 40 hội nghị. Tiếp nhận 14 hồ sơ TTHC/137 hồ sơ.",
        [
            (40, "Năm 2023 tổ chức 40 hội nghị.", 2023),
            (14, "Tiếp nhận 14 hồ sơ TTHC/137 hồ sơ.", None),
            (137, "Tiếp nhận 14 hồ sơ TTHC/137 hồ sơ.", None),
        ],
    ),
    (
        "initial-is-no-end",
        "Ông Nguyễn Văn A. Cán bộ 12 người",
        [(12, "Ông Nguyễn Văn A. Cán bộ 12 người", None)],
    ),
    (
        "abbreviation-in-brackets",
        "Đại hội (TP. Hà Tĩnh) bầu 5 đồng chí.",
        [(5, "Đại hội (TP. Hà Tĩnh) bầu 5 đồng chí.", None)],
    ),
    (
        "abbreviation-after-line-break",
        "Kết quả\nTP. Hà Tĩnh có 5 xã.",
        [(5, "TP. Hà Tĩnh có 5 xã.", None)],
    ),
    (
        "etc-glued-to-comma",
        "Tổ chức hội nghị, hội thảo,v.v. Năm 2023 có 7 chi bộ.",
        # "v.v." is read as an abbreviation, never as the end of a sentence
        [(7, "Tổ chức hội nghị, hội thảo,v.v. Năm 2023 có 7 chi bộ.", 2023)],
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in SENTENCES], ids=[c[0] for c in SENTENCES]
)
def test_sentence_of_each_figure(text, expected):
    assert [(f.value, f.text, f.year) for f in extract_figures(text)] == expected


def test_section_label_after_a_line_break_stays_with_its_heading():
    assert split_sentences("Kết quả\n1. Tổ chức 5 hội nghị.") == [
        "Kết quả",
        "1. Tổ chức 5 hội nghị.",
    ]
    assert split_sentences("Kết quả\n  IV. PHƯƠNG HƯỚNG NHIỆM VỤ") == [
        "Kết quả",
        "IV. PHƯƠNG HƯỚNG NHIỆM VỤ",
    ]


def test_section_numbers_at_line_start_are_no_figures():
    text = "1. Kết quả đạt được\n2.1 Nguyên nhân\n98.5% đảng viên tham gia"
    assert read(text) == [(98.5, "%", "", "98.5%", None, 1.0)]
    assert extract_figures(text)[0].text == "98.5% đảng viên tham gia"


def test_guesses_fall_below_the_confident_share():
    # a noun that may name a kind, a number with nothing named: offered, not counted
    for text in ("chính quyền địa phương 2 cấp", "Số liệu: 49", "12 15 đảng viên"):
        assert [f.confidence < CONFIDENT for f in extract_figures(text)] == [True]
