"""Synthetic Vietnamese Party documents with the reading they must give.

A guideline (HƯỚNG DẪN, like seed 003) with its ĐỀ CƯƠNG annex, and reports
(BÁO CÁO, like seed 001) answering that outline in varied wording, with
footnotes holding statistics, figures in the Vietnamese notation, a total whose
parts stand in its footnote, and faults injected on request.  Each report comes
with `expected`: what a correct reading of it finds (sections, footnotes,
figures, sums, findings, alignment to the outline).

Everything is deterministic per seed (`random.Random(seed)`).  Used by the
tests, the demo (`tonghop generate`) and the benchmarks.

Writers: `to_text` imitates a PDF exported to text (footnote texts moved to
page ends that fall mid-section, right after a heading or inside a paragraph,
splitting it); `write_report` writes .txt, .md, .docx (headings as bold text,
Word heading styles, no formatting, or Word automatic numbering) and .pdf
(LibreOffice, many files in one call).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from tonghop.model import Block, from_superscript, superscript
from tonghop.numbers import to_roman, vn_number

__all__ = [
    "FAULTS",
    "FORMATS",
    "HEADING_MODES",
    "OUTLINE",
    "GeneratedReport",
    "convert_to_pdf",
    "generate_guideline",
    "generate_report",
    "generate_set",
    "guideline_expected",
    "register",
    "to_text",
    "write_report",
]

FAULTS = (
    "duplicate-number",  # two sibling sections with the same number (001's second IV.)
    "skipped-number",  # II then IV
    "numbering-style",  # "2.1." then "2.2" without the final dot
    "marker-without-footnote",  # a marker whose footnote text is absent
    "footnote-without-marker",  # a footnote no marker points to
    "total-mismatch",  # a stated total that is not the sum of the parts in its footnote
    "reference-without-number",  # "Kết luận số cần ..."
    "missing-item",  # an outline item left unanswered
)
# Faults a reader reports as a finding of the same code (missing-item is found by `align`).
FINDING_FAULTS = tuple(f for f in FAULTS if f != "missing-item")
FORMATS = ("txt", "md", "docx", "pdf")
HEADING_MODES = ("bold", "styles", "plain", "numbering")

# The ĐỀ CƯƠNG every report answers (as in guideline 003): (id, title).
OUTLINE = (
    ("I", "CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO VIỆC TRIỂN KHAI THỰC HIỆN KẾT LUẬN SỐ 01-KL/TW"),
    ("II", "KẾT QUẢ THỰC HIỆN"),
    (
        "II.1",
        "Việc tổ chức nghiên cứu, học tập, quán triệt Kết luận số 01, chuyên đề toàn khóa, "
        "việc cụ thể hoá chuyên đề toàn khóa thành các chuyên đề riêng của địa phương, "
        "cơ quan, đơn vị.",
    ),
    ("II.2", "Kết hợp giữa học tập với làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh."),
    (
        "II.3",
        "Thực hiện trách nhiệm nêu gương của cán bộ, đảng viên, công chức, viên chức, "
        "đoàn viên, hội viên trong học tập và làm theo tư tưởng, đạo đức, phong cách "
        "Hồ Chí Minh.",
    ),
    ("II.4", "Công tác tuyên truyền về tư tưởng, đạo đức, phong cách Hồ Chí Minh."),
    (
        "II.5",
        "Việc đổi mới, nâng cao chất lượng, hiệu quả nghiên cứu, giảng dạy, học tập, vận dụng "
        "và phát triển sáng tạo tư tưởng Hồ Chí Minh.",
    ),
    (
        "II.6",
        "Công tác kiểm tra, giám sát việc thực hiện Chỉ thị số 05-CT/TW, Kết luận số 01 gắn "
        "với thực hiện các Nghị quyết Trung ương về xây dựng, chỉnh đốn Đảng và các quy định "
        "của Đảng về trách nhiệm nêu gương.",
    ),
    ("III", "ĐÁNH GIÁ CHUNG"),
    ("III.1", "Ưu điểm và nguyên nhân"),
    ("III.2", "Hạn chế, khó khăn, vướng mắc và nguyên nhân"),
    ("III.3", "Bài học kinh nghiệm"),
    ("IV", "NHIỆM VỤ, GIẢI PHÁP VÀ KIẾN NGHỊ"),
    ("IV.1", "Nhiệm vụ, giải pháp"),
    ("IV.2", "Đề xuất, kiến nghị"),
)
OUTLINE_IDS = tuple(i for i, _ in OUTLINE)

_MARKER_RUN = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹]+")

# --------------------------------------------------------------------------- numbers


# --------------------------------------------------------------------------- places


@dataclass(frozen=True)
class _Province:
    name: str  # "Hà Nội"
    committee: str  # "Thành ủy" / "Tỉnh ủy"
    level: str  # "Thành phố" / "tỉnh"
    superior: str  # "ĐẢNG BỘ THÀNH PHỐ HÀ NỘI"
    head: str  # "THÀNH ỦY HÀ NỘI"
    units: tuple[str, ...]
    orgs: tuple[str, ...]  # grassroots organisations with proper names


_PROVINCES = (
    _Province(
        "Hà Nội",
        "Thành ủy",
        "Thành phố",
        "ĐẢNG BỘ THÀNH PHỐ HÀ NỘI",
        "THÀNH ỦY HÀ NỘI",
        (
            "Quận ủy Ba Đình", "Quận ủy Hoàn Kiếm", "Quận ủy Tây Hồ", "Quận ủy Long Biên",
            "Quận ủy Cầu Giấy", "Quận ủy Đống Đa", "Quận ủy Hai Bà Trưng", "Quận ủy Hoàng Mai",
            "Quận ủy Thanh Xuân", "Quận ủy Hà Đông", "Huyện ủy Sóc Sơn", "Huyện ủy Đông Anh",
            "Huyện ủy Gia Lâm", "Huyện ủy Thanh Trì", "Huyện ủy Mê Linh", "Huyện ủy Ba Vì",
            "Huyện ủy Phúc Thọ", "Huyện ủy Đan Phượng", "Huyện ủy Hoài Đức", "Huyện ủy Quốc Oai",
            "Huyện ủy Thạch Thất", "Huyện ủy Chương Mỹ", "Huyện ủy Thanh Oai",
            "Huyện ủy Thường Tín", "Huyện ủy Phú Xuyên", "Huyện ủy Ứng Hòa", "Huyện ủy Mỹ Đức",
            "Thị ủy Sơn Tây", "Đảng ủy Khối các cơ quan Thành phố",
            "Đảng ủy Khối Doanh nghiệp Thành phố",
        ),
        (
            "Đảng bộ Trường Trung học phổ thông Chu Văn An", "Chi bộ Trạm Y tế phường Kim Mã",
            "Đảng bộ Công ty Cổ phần Nước sạch Hà Nội", "Đảng bộ Bệnh viện Đa khoa Đống Đa",
            "Chi bộ Thôn Đông Hội", "Đảng bộ Công ty Điện lực Long Biên",
            "Chi bộ Trường Tiểu học Kim Liên", "Đảng bộ Phường Phúc Xá",
            "Đảng bộ Xã Tiên Dương", "Chi bộ Tổ dân phố Thành Công",
        ),
    ),
    _Province(
        "Hà Tĩnh",
        "Tỉnh ủy",
        "tỉnh",
        "ĐẢNG BỘ TỈNH HÀ TĨNH",
        "TỈNH ỦY HÀ TĨNH",
        (
            "Đảng ủy Khối các cơ quan và doanh nghiệp tỉnh", "Thành ủy Hà Tĩnh",
            "Thị ủy Hồng Lĩnh", "Thị ủy Kỳ Anh", "Huyện ủy Can Lộc", "Huyện ủy Thạch Hà",
            "Huyện ủy Cẩm Xuyên", "Huyện ủy Kỳ Anh", "Huyện ủy Hương Sơn", "Huyện ủy Đức Thọ",
            "Huyện ủy Nghi Xuân", "Huyện ủy Lộc Hà", "Huyện ủy Vũ Quang", "Huyện ủy Hương Khê",
        ),
        (
            "Đảng bộ Công ty Điện lực Hà Tĩnh", "Đảng bộ Viễn thông Hà Tĩnh",
            "Đảng bộ Trường Trung học phổ thông Chuyên Hà Tĩnh",
            "Chi bộ Cơ quan Hội Chữ thập đỏ tỉnh", "Đảng bộ Công ty Cổ phần Cấp nước Hà Tĩnh",
            "Đảng bộ Bệnh viện Đa khoa tỉnh", "Chi bộ Thôn Tân Hạ", "Đảng bộ Xã Thạch Hạ",
        ),
    ),
    _Province(
        "Nghệ An",
        "Tỉnh ủy",
        "tỉnh",
        "ĐẢNG BỘ TỈNH NGHỆ AN",
        "TỈNH ỦY NGHỆ AN",
        (
            "Thành ủy Vinh", "Thị ủy Cửa Lò", "Thị ủy Thái Hòa", "Thị ủy Hoàng Mai",
            "Huyện ủy Nam Đàn", "Huyện ủy Hưng Nguyên", "Huyện ủy Nghi Lộc",
            "Huyện ủy Diễn Châu", "Huyện ủy Quỳnh Lưu", "Huyện ủy Yên Thành", "Huyện ủy Đô Lương",
            "Huyện ủy Thanh Chương",
            "Huyện ủy Anh Sơn", "Huyện ủy Con Cuông", "Đảng ủy Khối các cơ quan tỉnh",
            "Đảng ủy Khối Doanh nghiệp tỉnh",
        ),
        (
            "Đảng bộ Xã Kim Liên", "Đảng bộ Trường Đại học Vinh", "Chi bộ Xóm Sen",
            "Đảng bộ Công ty Điện lực Nghệ An", "Đảng bộ Bệnh viện Hữu nghị Đa khoa Nghệ An",
            "Chi bộ Trường Tiểu học Hưng Dũng", "Đảng bộ Phường Hưng Bình",
        ),
    ),
)  # fmt: skip

_SIGNERS = (
    "Nguyễn Thị Thu Hà", "Trần Văn Minh", "Lê Thị Hồng Nhung", "Phạm Quốc Hùng",
    "Hoàng Thị Lan Anh", "Vũ Đức Thắng", "Đặng Thị Mai", "Bùi Văn Sơn", "Đỗ Thị Hạnh",
    "Ngô Quang Trung", "Dương Thị Bích Ngọc", "Lý Văn Tuấn", "Phan Thị Thanh Hương",
    "Võ Minh Khang", "Đinh Thị Ngọc Lan", "Trịnh Xuân Bắc",
)  # fmt: skip


_PLACE_NAMES = (
    "An Bình", "Tân Lập", "Hòa Bình", "Quang Trung", "Thống Nhất", "Hưng Phú", "Phú Lợi",
    "Minh Khai", "Đồng Tâm", "Tiền Phong", "Thanh Bình", "Đông Hưng", "Nam Sơn", "Bắc Hà",
    "Trung Hòa", "Kim Sơn", "Phúc Lâm", "Yên Thịnh", "Tân Tiến", "Hợp Thành", "Liên Hiệp",
    "Thạch Bàn", "Vĩnh Hưng", "Cát Linh", "Xuân Phương", "Mỹ Đình", "Ngọc Lâm", "Tràng An",
    "Đại Kim", "Phú Diễn", "Khương Đình", "Lĩnh Nam", "Hạ Đình", "Cổ Nhuế", "Kiến Hưng",
    "Dương Nội", "Đức Giang", "Việt Hưng", "Phúc Đồng", "Bồ Đề",
)  # fmt: skip


def _grassroots_unit(k: int) -> str:
    """A k-th made-up grassroots committee, for sets larger than a province's unit list."""
    kind = ("Đảng ủy phường", "Đảng ủy xã", "Đảng ủy thị trấn")[(k - 1) // len(_PLACE_NAMES) % 3]
    return f"{kind} {_PLACE_NAMES[(k - 1) % len(_PLACE_NAMES)]}"


@dataclass(frozen=True)
class _Unit:
    name: str  # "Quận ủy Ba Đình"
    symbol: str  # "QU"
    btv: str  # "Ban Thường vụ Quận ủy"
    party: str  # "Đảng bộ quận"


def _unit(name: str) -> _Unit:
    first = name.split()[0:2]
    kind = " ".join(first)
    if name.startswith("Đảng ủy Khối"):
        return _Unit(name, "ĐUK", "Ban Thường vụ Đảng ủy Khối", "Đảng bộ Khối")
    table = {
        "Quận ủy": ("QU", "Ban Thường vụ Quận ủy", "Đảng bộ quận"),
        "Huyện ủy": ("HU", "Ban Thường vụ Huyện ủy", "Đảng bộ huyện"),
        "Thị ủy": ("TU", "Ban Thường vụ Thị ủy", "Đảng bộ thị xã"),
        "Thành ủy": ("TU", "Ban Thường vụ Thành ủy", "Đảng bộ thành phố"),
        "Đảng ủy": ("ĐU", "Ban Thường vụ Đảng ủy", "Đảng bộ"),
    }
    if kind in table:
        return _Unit(name, *table[kind])
    return _Unit(name, "ĐU", f"Ban Thường vụ {name}", "Đảng bộ")


# --------------------------------------------------------------------------- campaign


@dataclass(frozen=True)
class _Campaign:
    """The variable facts of one guideline (and of the reports answering it)."""

    province: _Province
    number: int  # the guideline's number: "150-HD/BTGTU"
    issued: dt.date
    year: int  # the period ends in this year
    month: int  # the period runs from month/year-1 to month/year
    deadline: dt.date
    email: str
    office: str
    book_volume: int
    awards: tuple[tuple[int, int], tuple[int, int]]  # (collective, individual) x 2 awards
    exhibition: tuple[int, int]  # exemplars min-max
    quota: tuple[int, int]  # nominations per unit: collective, individual
    signer: str

    @property
    def dept(self) -> str:
        return f"Ban Tuyên giáo {self.province.committee}"

    @property
    def dept_symbol(self) -> str:
        return "BTGTU"

    @property
    def reference(self) -> str:
        d = self.issued
        day = f"{d.day:02d}/{d.month:02d}/{d.year}"
        return f"Hướng dẫn số {self.number}-HD/{self.dept_symbol}, ngày {day}"


def _campaign(seed: int) -> _Campaign:
    rng = random.Random(f"campaign-{seed}")
    province = _PROVINCES[0] if seed % 3 == 0 else rng.choice(_PROVINCES)
    year = rng.choice((2023, 2024, 2025, 2026))
    month = rng.randint(3, 12)
    end = dt.date(year, month, 1)
    deadline = end - dt.timedelta(days=rng.randint(20, 60))
    issued = deadline - dt.timedelta(days=rng.randint(30, 50))
    local = rng.choice(("phongllct", "lyluanchinhtri", "tuyengiao", "banbientap", "btg.llct"))
    email = f"{local}{rng.randint(10, 999)}@{rng.choice(('gmail.com', 'yahoo.com.vn'))}"
    office = rng.choice(
        (
            "Phòng Lý luận chính trị - Lịch sử đảng",
            "Phòng Tuyên truyền - Báo chí - Văn hóa văn nghệ",
            "Phòng Lý luận chính trị",
        )
    )
    awards = ((1, rng.choice((2, 2, 3))), (1, rng.choice((2, 3))))
    lo = rng.choice((3, 5, 5))
    return _Campaign(
        province=province,
        number=rng.randint(60, 220),
        issued=issued,
        year=year,
        month=month,
        deadline=deadline,
        email=email,
        office=office,
        book_volume=rng.randint(6, 10),
        awards=awards,
        exhibition=(lo, lo + rng.choice((3, 5))),
        quota=(1, rng.choice((1, 1, 2))),
        signer=rng.choice(_SIGNERS),
    )


# --------------------------------------------------------------------------- guideline


def _pad(n: int) -> str:
    return f"{n:02d}"


def _guideline(seed: int) -> tuple[list[Block], dict]:
    c = _campaign(seed)
    p = c.province
    y0, y1 = c.year - 1, c.year
    m = c.month
    dl = c.deadline
    deadline = f"trước ngày {dl.day}/{dl.month}/{dl.year}"
    committee = p.committee
    lvl = p.level
    tg = c.dept
    date_line = f"{p.name}, ngày {_pad(c.issued.day)} tháng {c.issued.month} năm {c.issued.year}"
    title = (
        f"Đánh giá tình hình thực hiện Kết luận số 01-KL/TW, ngày 18/5/2021 của Bộ Chính trị "
        f"năm {y0} - {y1} và triển khai nhiệm vụ khen thưởng, tuyên truyền về “Học tập và làm "
        f"theo tư tưởng, đạo đức, phong cách Hồ Chí Minh” năm {y1}"
    )
    blocks: list[Block] = [
        Block(f"{p.head}\nBAN TUYÊN GIÁO\n*\nSố {c.number}-HD/{c.dept_symbol}", centered=True),
        Block("ĐẢNG CỘNG SẢN VIỆT NAM", bold=True, centered=True),
        Block(date_line, italic=True, centered=True),
        Block("HƯỚNG DẪN", bold=True, centered=True),
        Block(title, bold=True, centered=True),
        Block(
            f"Thực hiện Kết luận số 01-KL/TW, ngày 18/5/2021 của Bộ Chính trị về tiếp tục thực "
            f"hiện Chỉ thị số 05-CT/TW; Kế hoạch số 39-KH/TU, ngày 21/9/2021 của Ban Thường vụ "
            f"{committee}, {tg} hướng dẫn việc đánh giá kết quả thực hiện Kết luận số 01-KL/TW "
            f"(từ tháng {m}/{y0} đến tháng {m}/{y1}) và triển khai các nhiệm vụ khen thưởng, "
            f"tuyên truyền về học tập và làm theo Bác năm {y1} như sau:"
        ),
    ]
    sections: list[dict] = []

    def head(label: str, title: str, path: list[str], level: int) -> None:
        blocks.append(Block(f"{label} {title}", bold=True, heading_level=level))
        sections.append({"path": path, "label": label, "title": title})

    def para(text: str) -> None:
        blocks.append(Block(text))

    head("I.", "MỤC ĐÍCH, YÊU CẦU", ["I"], 1)
    head("1.", "Mục đích", ["I", "1"], 2)
    para(
        "- Đánh giá khách quan những kết quả đạt được, chỉ ra hạn chế và nguyên nhân trong "
        "việc thực hiện Kết luận số 01-KL/TW của Bộ Chính trị; đề xuất nhiệm vụ, giải pháp để "
        "việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh ngày càng đi vào "
        "chiều sâu, thiết thực, hiệu quả."
    )
    para(
        "- Phát hiện, tôn vinh và nhân rộng các tập thể, cá nhân tiêu biểu, những mô hình hay, "
        "cách làm hiệu quả, tạo sức lan tỏa sâu rộng trong toàn Đảng bộ và các tầng lớp nhân dân."
    )
    head("2.", "Yêu cầu", ["I", "2"], 2)
    para(
        "- Việc đánh giá được tiến hành nghiêm túc, thực chất, đúng nội dung và tiến độ đề ra; "
        "tránh hình thức, phô trương, lãng phí."
    )
    para(
        "- Tập thể, cá nhân được lựa chọn giới thiệu phải thực sự tiêu biểu, có tính đại diện "
        "cho các ngành, lĩnh vực, địa bàn và được cán bộ, đảng viên, quần chúng tín nhiệm."
    )
    head(
        "II.",
        f"ĐÁNH GIÁ TÌNH HÌNH THỰC HIỆN KẾT LUẬN SỐ 01-KL/TW NĂM {y0} - {y1}",
        ["II"],
        1,
    )
    head("1.", "Nội dung đánh giá (theo đề cương gửi kèm)", ["II", "1"], 2)
    para(
        "Các đơn vị đánh giá toàn diện việc lãnh đạo, chỉ đạo, tổ chức học tập, quán triệt; "
        "việc kết hợp học tập với làm theo; trách nhiệm nêu gương; công tác tuyên truyền, kiểm "
        "tra, giám sát; rút ra ưu điểm, hạn chế, nguyên nhân, bài học kinh nghiệm và đề xuất "
        "nhiệm vụ, giải pháp trong thời gian tới."
    )
    head("2.", "Phương thức, thời gian tiến hành đánh giá", ["II", "2"], 2)
    para(
        f"- Ban Thường vụ các cấp ủy trực thuộc {committee}, MTTQ và các tổ chức chính trị - xã "
        f"hội {lvl} tổ chức đánh giá tình hình thực hiện Kết luận số 01-KL/TW tại địa phương, "
        f"đơn vị. Báo cáo kết quả thực hiện từ tháng {m}/{y0} đến tháng {m}/{y1} gửi về {tg} "
        f"(qua {c.office}; Bản mềm qua email: {c.email}) {deadline} để tổng hợp, báo cáo "
        f"Thường trực {committee} và Ban Tuyên giáo Trung ương."
    )
    para(
        f"- {tg} phối hợp với các cơ quan liên quan khảo sát, nắm tình hình thực hiện tại một "
        f"số địa phương, đơn vị (có văn bản riêng)."
    )
    head(
        "III.",
        "TRIỂN KHAI NHIỆM VỤ KHEN THƯỞNG, TUYÊN TRUYỀN VỀ HỌC TẬP VÀ LÀM THEO TƯ TƯỞNG, "
        f"ĐẠO ĐỨC, PHONG CÁCH HỒ CHÍ MINH NĂM {y1}",
        ["III"],
        1,
    )
    qc, qi = c.quota
    para(
        f"Mỗi cấp ủy trực thuộc, MTTQ và tổ chức chính trị - xã hội {lvl} lựa chọn, giới thiệu "
        f"{_pad(qc)} tập thể và {_pad(qi)} cá nhân tiêu biểu để {tg} xem xét, đề xuất tham gia "
        f"các hoạt động sau:"
    )
    (a1c, a1i), (a2c, a2i) = c.awards
    lo, hi = c.exhibition
    para(
        f"1. Đề nghị tặng Bằng khen của Thủ tướng Chính phủ cho {a1c} tập thể và {a1i} cá nhân; "
        f"Bằng khen của Trưởng Ban Tuyên giáo Trung ương cho {a2c} tập thể và {a2i} cá nhân năm "
        f"{y1} (có văn bản hướng dẫn riêng)."
    )
    para(
        f"2. Tổng hợp, biên tập tư liệu phục vụ xuất bản cuốn sách “Ngàn hoa dâng Bác” tập "
        f"{c.book_volume} (có văn bản riêng gửi các đơn vị)."
    )
    para(
        f"3. Lựa chọn {_pad(lo)}-{_pad(hi)} điển hình tham gia Triển lãm “Những tấm gương bình "
        f"dị mà cao quý” (tháng 5/{y1}) tại Bảo tàng Hồ Chí Minh."
    )
    para(
        f"4. Giới thiệu 01 mô hình và 01 điển hình để Ban Tuyên giáo Trung ương xây dựng phim "
        f"ngắn, phim tài liệu về học tập và làm theo Bác năm {y1}."
    )
    para(
        f"5. Chọn 01 mô hình hiệu quả và 01 điển hình tiêu biểu tham gia Chương trình Giao lưu "
        f"các điển hình tiêu biểu cấp khu vực (dự kiến tháng 5 - tháng 8/{y1}) và Chương trình "
        f"“Hồ Chí Minh - Hành trình khát vọng” năm {y1} (dự kiến cuối năm {y1})."
    )
    head("IV.", "TỔ CHỨC THỰC HIỆN", ["IV"], 1)
    para(
        f"1. Ban Thường vụ các cấp ủy trực thuộc, MTTQ và các tổ chức chính trị - xã hội {lvl} "
        f"căn cứ Hướng dẫn này chỉ đạo xây dựng báo cáo, lựa chọn và giới thiệu điển hình bảo "
        f"đảm chất lượng, đúng thời gian quy định."
    )
    para(
        f"2. Ban Tuyên giáo các cấp ủy chủ động tham mưu, theo dõi, đôn đốc việc thực hiện; "
        f"tổng hợp khó khăn, vướng mắc phát sinh và kịp thời báo cáo {tg} để được hướng dẫn./."
    )
    recipients = [
        "Ban Tuyên giáo Trung ương",
        f"Thường trực {committee}",
        f"Đ/c Trưởng {tg}",
        f"Các ban Đảng, Văn phòng {committee}",
        f"Ban Thường vụ các cấp ủy trực thuộc {committee}",
        f"MTTQ và các tổ chức CT - XH {lvl}",
        f"Các cơ quan báo chí của {lvl}",
        "Lưu VP",
    ]
    blocks += [
        Block("Trân trọng./."),
        Block(
            "Nơi nhận:\n" + "\n".join(f"- {r};" for r in recipients[:-1]) + f"\n- {recipients[-1]}."
        ),
        Block("K/T TRƯỞNG BAN\nPHÓ TRƯỞNG BAN", bold=True, centered=True),
        Block(c.signer, bold=True, centered=True),
        Block("ĐỀ CƯƠNG", bold=True, centered=True),
    ]
    outline_title = (
        f"Báo cáo tình hình thực hiện Kết luận số 01-KL/TW, ngày 18/5/2021 của Bộ Chính trị về "
        f"tiếp tục thực hiện Chỉ thị số 05-CT/TW “Về đẩy mạnh học tập và làm theo tư tưởng, đạo "
        f"đức, phong cách Hồ Chí Minh” năm {y0} - {y1}"
    )
    blocks.append(Block(outline_title, bold=True, centered=True))
    items = []
    for oid, otitle in OUTLINE:
        parts = oid.split(".")
        if len(parts) == 1:
            label, level, parent = f"{oid}.", 1, None
        else:
            label, level, parent = f"{parts[1]}.", 2, parts[0]
        blocks.append(Block(f"{label} {otitle}", bold=True, heading_level=level))
        items.append({"id": oid, "title": otitle.rstrip(" ."), "level": level, "parent": parent})
    expected = {
        "kind": "HƯỚNG DẪN",
        "title": title,
        "header": {
            "superior": p.head,
            "issuer": "BAN TUYÊN GIÁO",
            "number": f"{c.number}-HD/{c.dept_symbol}",
            "place": p.name,
            "date": c.issued.isoformat(),
        },
        "signer": {"capacity": "K/T TRƯỞNG BAN", "position": "PHÓ TRƯỞNG BAN", "name": c.signer},
        "closing": ["Trân trọng./."],
        "recipients_count": len(recipients),
        "sections": sections,
        "annexes": ["ĐỀ CƯƠNG"],
        "outline": {"title": outline_title, "items": items},
        "campaign": {
            "period_from": f"{y0:04d}-{m:02d}",
            "period_to": f"{y1:04d}-{m:02d}",
            "deadline_text": deadline,
            "deadline_before": dl.isoformat(),
            "deadline_last_day": (dl - dt.timedelta(days=1)).isoformat(),
            "receiver": f"{tg} (qua {c.office})",
            "email": c.email,
            "nomination_collective": qc,
            "nomination_individual": qi,
            "programmes": [
                {"name_has": ["Bằng khen", "Thủ tướng Chính phủ"], "collective": a1c,
                 "individual": a1i},
                {"name_has": ["Bằng khen", "Trưởng Ban Tuyên giáo Trung ương"],
                 "collective": a2c, "individual": a2i},
                {"name_has": ["Ngàn hoa dâng Bác", f"tập {c.book_volume}"]},
                {"name_has": ["Những tấm gương bình dị mà cao quý"], "exemplar_min": lo,
                 "exemplar_max": hi},
                {"name_has": ["phim"], "model": 1, "exemplar": 1},
                {"name_has": ["Giao lưu", "Hành trình khát vọng"], "model": 1, "exemplar": 1},
            ],
        },
        "finding_codes": [],
    }  # fmt: skip
    return blocks, expected


def generate_guideline(seed: int = 0) -> list[Block]:
    """A HƯỚNG DẪN like seed 003, ending with the ĐỀ CƯƠNG annex (I; II.1-6; III.1-3; IV.1-2)."""
    return _guideline(seed)[0]


def guideline_expected(seed: int = 0) -> dict:
    """What a correct reading of `generate_guideline(seed)` finds: sections, outline, facts."""
    return _guideline(seed)[1]


# --------------------------------------------------------------------------- report text

# Headings a report may use for each outline item (several wordings each).
_TITLES = {
    "I": (
        "CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO VIỆC TRIỂN KHAI THỰC HIỆN KẾT LUẬN SỐ 01-KL/TW",
        "CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO, TỔ CHỨC TRIỂN KHAI THỰC HIỆN KẾT LUẬN SỐ 01-KL/TW",
        "VIỆC LÃNH ĐẠO, CHỈ ĐẠO TRIỂN KHAI THỰC HIỆN KẾT LUẬN SỐ 01-KL/TW CỦA BỘ CHÍNH TRỊ",
    ),
    "II": (
        "KẾT QUẢ THỰC HIỆN",
        "KẾT QUẢ TRIỂN KHAI THỰC HIỆN",
        "KẾT QUẢ TỔ CHỨC TRIỂN KHAI THỰC HIỆN",
    ),
    "II.1": (
        "Việc tổ chức nghiên cứu, học tập, quán triệt Kết luận số 01-KL/TW và chuyên đề toàn khóa",
        "Tổ chức nghiên cứu, học tập, quán triệt Kết luận số 01-KL/TW, chuyên đề toàn khóa, "
        "chuyên đề hằng năm",
        "Công tác nghiên cứu, học tập, quán triệt Kết luận số 01-KL/TW và cụ thể hóa chuyên đề "
        "toàn khóa",
    ),
    "II.2": (
        "Kết hợp giữa học tập với làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        "Việc kết hợp học tập với làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        "Gắn học tập với làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    ),
    "II.3": (
        "Thực hiện trách nhiệm nêu gương của cán bộ, đảng viên",
        "Việc thực hiện trách nhiệm nêu gương của cán bộ, đảng viên, công chức, viên chức",
        "Thực hiện trách nhiệm nêu gương trong học tập và làm theo tư tưởng, đạo đức, phong "
        "cách Hồ Chí Minh",
    ),
    "II.4": (
        "Công tác tuyên truyền về tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        "Công tác thông tin, tuyên truyền về tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        "Công tác tuyên truyền, nhân rộng điển hình về tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    ),
    "II.5": (
        "Việc đổi mới, nâng cao chất lượng, hiệu quả nghiên cứu, giảng dạy, học tập tư tưởng "
        "Hồ Chí Minh",
        "Đổi mới, nâng cao chất lượng nghiên cứu, giảng dạy, học tập, vận dụng tư tưởng "
        "Hồ Chí Minh",
    ),
    "II.6": (
        "Công tác kiểm tra, giám sát việc thực hiện Chỉ thị số 05-CT/TW, Kết luận số 01-KL/TW",
        "Công tác kiểm tra, giám sát",
        "Kiểm tra, giám sát việc thực hiện Kết luận số 01-KL/TW và các quy định về nêu gương",
    ),
    "III": ("ĐÁNH GIÁ CHUNG", "ĐÁNH GIÁ CHUNG VỀ KẾT QUẢ THỰC HIỆN", "NHẬN XÉT, ĐÁNH GIÁ CHUNG"),
    "III.1": ("Ưu điểm và nguyên nhân", "Ưu điểm, nguyên nhân", "Những ưu điểm và nguyên nhân"),
    "III.2": (
        "Hạn chế, khó khăn, vướng mắc và nguyên nhân",
        "Hạn chế, khuyết điểm và nguyên nhân",
        "Những hạn chế, khó khăn, vướng mắc và nguyên nhân",
    ),
    "III.3": ("Bài học kinh nghiệm", "Một số bài học kinh nghiệm", "Bài học kinh nghiệm rút ra"),
    "IV": (
        "NHIỆM VỤ, GIẢI PHÁP VÀ KIẾN NGHỊ",
        "PHƯƠNG HƯỚNG, NHIỆM VỤ, GIẢI PHÁP VÀ KIẾN NGHỊ",
        "NHIỆM VỤ, GIẢI PHÁP TRONG THỜI GIAN TỚI VÀ KIẾN NGHỊ",
    ),
    # IV answered by two top sections: tasks, then recommendations.
    "IV.tasks": (
        "NHIỆM VỤ, GIẢI PHÁP TRONG THỜI GIAN TỚI",
        "PHƯƠNG HƯỚNG, NHIỆM VỤ, GIẢI PHÁP",
        "PHƯƠNG HƯỚNG, NHIỆM VỤ, GIẢI PHÁP VÀ KIẾN NGHỊ",
    ),
    "IV.1": (
        "Nhiệm vụ, giải pháp",
        "Phương hướng, nhiệm vụ, giải pháp",
        "Nhiệm vụ, giải pháp trọng tâm",
    ),
    "IV.2": ("Đề xuất, kiến nghị", "Kiến nghị, đề xuất", "Kiến nghị"),
    "V.kn": ("KIẾN NGHỊ, ĐỀ XUẤT", "KIẾN NGHỊ ĐỀ XUẤT", "ĐỀ XUẤT, KIẾN NGHỊ"),
}
# Sub-levels ("2.1.", "2.2.") a report may add under an item.
_SUBS = {
    "II.4": (
        "Tuyên truyền trên báo chí, trang thông tin điện tử và mạng xã hội",
        "Phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến",
    ),
    "III.1": ("Ưu điểm", "Nguyên nhân của ưu điểm"),
    "III.2": ("Về hạn chế, khuyết điểm", "Nguyên nhân"),
}

# Sentences without figures, per topic ({btv}, {party}, {y0}... filled in).
_FILLER = {
    "I": (
        "{btv} xác định học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh là nhiệm "
        "vụ thường xuyên, gắn với công tác xây dựng, chỉnh đốn Đảng và hệ thống chính trị.",
        "Các văn bản chỉ đạo được ban hành kịp thời, bám sát hướng dẫn của cấp trên và phù hợp "
        "với đặc điểm, nhiệm vụ chính trị của từng cơ quan, đơn vị.",
        "Nội dung học tập và làm theo Bác được đưa vào chương trình công tác toàn khóa và kế "
        "hoạch hằng năm của cấp ủy các cấp.",
        "Cấp ủy cơ sở đã cụ thể hóa thành kế hoạch của đơn vị, phân công rõ người, rõ việc, rõ "
        "thời gian hoàn thành.",
        "Trong giai đoạn ({y0}-{y2}), cấp ủy các cấp thường xuyên rà soát, bổ sung kế hoạch cho "
        "phù hợp với tình hình thực tế của cơ quan, đơn vị.",
        "Việc triển khai được gắn với thực hiện Nghị quyết Trung ương 4 (khóa XII, XIII) về xây "
        "dựng, chỉnh đốn Đảng và các quy định về trách nhiệm nêu gương.",
    ),
    "II.1": (
        "Việc học tập được tổ chức nghiêm túc, kết hợp giữa hình thức trực tiếp và trực tuyến, "
        "bảo đảm thời gian và chất lượng.",
        "Sau mỗi hội nghị, cấp ủy cơ sở tổ chức quán triệt bổ sung cho những đồng chí vắng mặt "
        "vì lý do công tác.",
        "Nhiều chi bộ đã lựa chọn nội dung chuyên đề gắn với nhiệm vụ chuyên môn để thảo luận "
        "trong sinh hoạt thường kỳ.",
        "Tài liệu học tập được cung cấp đầy đủ, kịp thời đến các tổ chức cơ sở đảng và đảng viên.",
        "Cán bộ, đảng viên viết bài thu hoạch, liên hệ bản thân và đăng ký việc làm cụ thể sau "
        "khi học tập.",
        "Các chuyên đề năm {y1} và năm {y2} được cụ thể hóa phù hợp với đặc điểm của {party}.",
    ),
    "II.2": (
        "Cấp ủy, lãnh đạo các cơ quan, đơn vị gắn việc học tập và làm theo Bác với thực hiện "
        "nhiệm vụ chính trị và các phong trào thi đua yêu nước.",
        "Nhiều vấn đề bức xúc, nổi cộm được lựa chọn để tập trung giải quyết dứt điểm, tạo "
        "niềm tin trong cán bộ, đảng viên và nhân dân.",
        "Công tác cải cách hành chính, nâng cao chất lượng phục vụ người dân và doanh nghiệp có "
        "nhiều chuyển biến rõ nét.",
        "Các đơn vị tích cực thăm hỏi, tặng quà gia đình chính sách và hộ nghèo nhân dịp lễ, "
        "Tết cổ truyền.",
        "Tiêu biểu như {org1}, {org2} và {org3} đã có nhiều cách làm sáng tạo, hiệu quả.",
        "Trong những năm ({y0}-{y2}), nhiều cơ quan, đơn vị đã chủ động đăng ký các việc làm "
        "cụ thể để thực hiện theo lời dạy của Bác.",
    ),
    "II.3": (
        "Cán bộ, đảng viên, nhất là người đứng đầu, thực hiện nghiêm phương châm “trên trước, "
        "dưới sau”, “trong trước, ngoài sau”.",
        "Tinh thần nêu gương được thể hiện trong tư tưởng chính trị, đạo đức, lối sống, tác "
        "phong làm việc và quan hệ với nhân dân.",
        "Cấp ủy các cấp kịp thời nhắc nhở, chấn chỉnh những biểu hiện thiếu gương mẫu trong một "
        "bộ phận cán bộ, đảng viên.",
        "Việc đăng ký và thực hiện kế hoạch làm theo Bác được đưa vào tiêu chí đánh giá, xếp "
        "loại cán bộ, đảng viên cuối năm.",
        "Nhiều đồng chí lãnh đạo chủ chốt gương mẫu đi đầu trong thực hành tiết kiệm, chống "
        "lãng phí và giữ gìn kỷ cương, kỷ luật.",
    ),
    "II.4": (
        "Nội dung tuyên truyền được đổi mới theo hướng ngắn gọn, dễ hiểu, gắn với những tấm "
        "gương bình dị trong cuộc sống.",
        "Trang thông tin điện tử và các nhóm mạng xã hội của cơ quan, đơn vị thường xuyên đăng "
        "tải tin, bài về học tập và làm theo Bác.",
        "Các điển hình tiên tiến, gương người tốt, việc tốt được biểu dương kịp thời tại các "
        "buổi chào cờ và hội nghị sơ kết.",
        "Đội ngũ báo cáo viên, tuyên truyền viên được bồi dưỡng, nâng cao kỹ năng tuyên truyền "
        "miệng.",
        "Nhiều đơn vị có cách làm hay như {org1}, {org2} và {org3}.",
        "Trong giai đoạn {y0}-{y2}, trang thông tin điện tử của nhiều cơ quan đã mở chuyên mục "
        "riêng về học tập và làm theo Bác.",
    ),
    "II.5": (
        "Việc giảng dạy các chuyên đề được đổi mới theo hướng gắn lý luận với thực tiễn, phù "
        "hợp với từng đối tượng.",
        "Đội ngũ giảng viên kiêm chức, báo cáo viên được lựa chọn từ những đồng chí có kinh "
        "nghiệm và uy tín.",
        "Các lớp bồi dưỡng lý luận chính trị cho đối tượng kết nạp đảng, đảng viên mới được lồng "
        "ghép nội dung học tập và làm theo Bác.",
        "Việc ứng dụng công nghệ thông tin trong học tập, nghiên cứu được quan tâm, tạo điều "
        "kiện cho cán bộ, đảng viên tự học.",
        "Các lớp bồi dưỡng mở trong giai đoạn ({y0}-{y2}) đều có chuyên đề về tư tưởng, đạo "
        "đức, phong cách Hồ Chí Minh.",
    ),
    "II.6": (
        "Nội dung kiểm tra, giám sát việc thực hiện Kết luận số 01-KL/TW được đưa vào chương "
        "trình kiểm tra, giám sát toàn khóa và hằng năm.",
        "Qua kiểm tra, giám sát đã kịp thời chấn chỉnh, nhắc nhở những tổ chức đảng, đảng viên "
        "còn biểu hiện hình thức.",
        "Kết quả kiểm tra, giám sát là căn cứ để đánh giá, xếp loại tổ chức đảng và đảng viên "
        "hằng năm.",
    ),
    "III.1": (
        "Cấp ủy các cấp đã bám sát, cụ thể hóa kịp thời các văn bản chỉ đạo của cấp trên.",
        "Nhận thức của cán bộ, đảng viên về ý nghĩa của việc học tập và làm theo Bác được nâng "
        "lên rõ rệt.",
        "Nhiều mô hình hay, cách làm hiệu quả xuất hiện và được nhân rộng trong toàn {party}.",
        "Việc học tập và làm theo Bác trở thành động lực thúc đẩy thực hiện nhiệm vụ chính trị "
        "của các cơ quan, đơn vị.",
        "Trong cả giai đoạn ({y0}-{y2}), việc học tập và làm theo Bác đã dần đi vào nền nếp, "
        "trở thành việc làm tự giác của mỗi cán bộ, đảng viên.",
    ),
    "III.2": (
        "- Việc học tập chuyên đề ở một số tổ chức cơ sở đảng còn hình thức, chưa gắn với nhiệm "
        "vụ chuyên môn.",
        "- Kế hoạch làm theo Bác của một số đảng viên còn chung chung, khó đánh giá kết quả.",
        "- Công tác phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến có lúc chưa kịp thời.",
        "- Việc kiểm tra, giám sát nội dung đảng viên cam kết ở một số chi bộ chưa thường xuyên.",
    ),
    "III.3": (
        "- Phải phát huy vai trò lãnh đạo của cấp ủy và trách nhiệm nêu gương của người đứng đầu.",
        "- Việc học tập phải gắn với làm theo, gắn với nhiệm vụ chính trị của từng cơ quan, đơn "
        "vị.",
        "- Thường xuyên kiểm tra, giám sát, kịp thời biểu dương, nhân rộng điển hình.",
        "- Coi trọng công tác tuyên truyền, lấy cái đẹp dẹp cái xấu, lấy xây để chống.",
    ),
    "IV.1": (
        "- Tiếp tục quán triệt, nâng cao nhận thức của cán bộ, đảng viên về ý nghĩa, tầm quan "
        "trọng của việc học tập và làm theo Bác.",
        "- Cụ thể hóa chuyên đề hằng năm phù hợp với chức năng, nhiệm vụ của từng cơ quan, đơn vị.",
        "- Đẩy mạnh tuyên truyền, biểu dương và nhân rộng các điển hình tiên tiến, mô hình hay.",
        "- Tăng cường kiểm tra, giám sát việc thực hiện Kết luận số 01-KL/TW.",
    ),
}
_TASKS = (
    "Tiếp tục quán triệt, nâng cao nhận thức của cán bộ, đảng viên, công chức, viên chức và "
    "người lao động về ý nghĩa, tầm quan trọng của việc học tập và làm theo tư tưởng, đạo đức, "
    "phong cách Hồ Chí Minh trong giai đoạn mới.",
    "Chỉ đạo các tổ chức cơ sở đảng cụ thể hóa chuyên đề hằng năm phù hợp với chức năng, nhiệm "
    "vụ, gắn với giải quyết những vấn đề bức xúc, nổi cộm ở từng cơ quan, đơn vị.",
    "Đẩy mạnh công tác tuyên truyền, phát hiện, bồi dưỡng, biểu dương và nhân rộng các điển hình "
    "tiên tiến, mô hình hay, cách làm hiệu quả trong học tập và làm theo Bác.",
    "Tăng cường kiểm tra, giám sát việc thực hiện Kết luận số 01-KL/TW, gắn với đánh giá, xếp "
    "loại chất lượng tổ chức đảng và đảng viên hằng năm.",
)
_PROPOSALS = (
    "Đề xuất Ban Thường vụ {committee} sớm ban hành hướng dẫn học tập chuyên đề hằng năm để các "
    "đơn vị chủ động xây dựng kế hoạch triển khai phù hợp với nhiệm vụ chính trị của mình.",
    "Đề nghị {dept} tổ chức các đợt tham quan, học tập kinh nghiệm những mô hình hay, cách làm "
    "sáng tạo trong và ngoài {level} cho cán bộ làm công tác tuyên giáo ở cơ sở.",
    "Quan tâm bố trí kinh phí cho hoạt động tuyên truyền, biểu dương, khen thưởng các điển hình "
    "tiên tiến trong học tập và làm theo Bác ở cơ sở.",
)
_OPENERS = ("Bên cạnh đó, ", "Đồng thời, ", "Ngoài ra, ", "Mặt khác, ")
_LOWER_FIRST = ("Các ", "Nhiều ", "Việc ", "Công tác ", "Nội dung ", "Tài liệu ", "Cán bộ, ")


def _lower_first(sentence: str) -> str:
    return sentence[0].lower() + sentence[1:]


@dataclass
class GeneratedReport:
    """A synthetic report: its blocks (page flow of a Word file) and what a reading finds."""

    blocks: list[Block]
    expected: dict


@dataclass
class _Sec:
    key: str  # the content to write: an outline id, "IV.tasks", "V.kn", "II.4.1" ...
    title: str
    style: str  # "roman", "arabic", "decimal"
    answers: tuple[str, ...] = ()
    children: list[_Sec] = field(default_factory=list)
    inherit: str = ""  # a first sub-item writes its parent's content
    label: str = ""
    number: str = ""  # path element
    path: list[str] = field(default_factory=list)


class _Report:
    """Writes the report block by block, recording what a correct reading finds."""

    def __init__(self, seed: int, unit: str | None, faults: set[str], pps: int, gseed: int):
        self.rng = random.Random(seed)
        self.seed = seed
        self.faults = faults
        self.pps = max(1, pps)
        self.c = _campaign(gseed)
        p = self.c.province
        self.unit = _unit(unit or p.units[seed % len(p.units)])
        self.blocks: list[Block] = []
        self.queued: list[Block] = []  # footnote blocks waiting for their paragraph
        self.next_note = 1
        self.footnotes: dict[str, dict] = {}
        self.figures: list[dict] = []
        self.sums: list[dict] = []
        self.findings: list[dict] = []
        self.path: list[str] = []
        self.key = ""
        self.fault_marker: int | None = None  # a marker with no footnote, still to place
        self.unused: dict[str, list[str]] = {}  # list items not yet written, per topic
        self.paragraphs: dict[str, list[str]] = {}  # "II/1" -> its paragraphs ("" = preamble)
        y = self.c.year
        orgs = list(p.orgs)
        self.rng.shuffle(orgs)
        self.ctx = {
            "btv": self.unit.btv,
            "party": self.unit.party,
            "unit": self.unit.name,
            "committee": p.committee,
            "dept": self.c.dept,
            "level": p.level,
            "y0": y - 2,
            "y1": y - 1,
            "y2": y,
            "org1": orgs[0],
            "org2": orgs[1],
            "org3": orgs[2],
        }

    # --- recording ------------------------------------------------------------------

    def fill(self, template: str) -> str:
        return template.format(**self.ctx)

    def count(
        self, value: int, noun: str, *, qual: str = "", pad: bool = False, note=None, unit=None
    ) -> str:
        """ "trên 4.320 đảng viên", recorded as an expected figure.  unit: the counted noun a
        correct reading gives when `noun` says more ("quần chúng" of "quần chúng ưu tú")."""
        self.figures.append(
            {
                "value": value,
                "unit": unit or noun,
                "about": noun,
                "qualifier": qual,
                "footnote": note,
                "path": list(self.path),
            }
        )
        return f"{qual + ' ' if qual else ''}{vn_number(value, pad=pad)} {noun}"

    def pct(self, value: int | float, *, qual: str = "", note=None) -> str:
        self.figures.append(
            {
                "value": value,
                "unit": "%",
                "about": "%",
                "qualifier": qual,
                "footnote": note,
                "path": list(self.path),
            }
        )
        return f"{qual + ' ' if qual else ''}{vn_number(value)}%"

    def money(self, amount: int | float, scale: str, *, qual: str = "", note=None) -> str:
        factor = {"tỷ": 10**9, "triệu": 10**6}[scale]
        value = round(amount * factor)
        self.figures.append(
            {
                "value": value,
                "unit": "đồng",
                "about": "đồng",
                "qualifier": qual,
                "footnote": note,
                "path": list(self.path),
            }
        )
        return f"{qual + ' ' if qual else ''}{vn_number(amount)} {scale} đồng"

    def note_number(self) -> int:
        n = self.next_note
        self.next_note += 1
        return n

    def note(self, n: int, text: str) -> str:
        """Footnote `n` with `text`, its marker (to put in the paragraph being written)."""
        self.footnotes[str(n)] = {"marker_in": list(self.path), "starts": text[:50]}
        self.queued.append(Block(text, kind="footnote", footnote=n))
        return superscript(n)

    def para(self, text: str) -> None:
        if self.fault_marker is not None and self.key.startswith(("III", "IV", "V")):
            # The marker of a footnote that was never written, after the last real one.
            n, self.fault_marker = self.fault_marker, None
            cut = text.find(". ")
            cut = cut if cut > 0 else len(text.rstrip(".")) if text.endswith(".") else len(text)
            text = text[:cut] + superscript(n) + text[cut:]
            self.findings.append({"code": "marker-without-footnote", "path": list(self.path)})
        self.blocks.append(Block(text))
        self.paragraphs.setdefault("/".join(self.path), []).append(text)
        self.blocks += self.queued
        self.queued = []

    def filler(self, topic: str) -> None:
        pool = _FILLER[topic]
        if pool[0].startswith("- "):  # a list: one item per paragraph, each item once
            left = self.unused.setdefault(topic, [])
            if not left:
                left += self.rng.sample(pool, len(pool))
            self.para(self.fill(left.pop()))
            return
        chosen = self.rng.sample(pool, min(len(pool), self.rng.randint(3, 5)))
        out = []
        for i, s in enumerate(chosen):
            s = self.fill(s)
            if i and self.rng.random() < 0.3 and s.startswith(_LOWER_FIRST):
                s = self.rng.choice(_OPENERS) + _lower_first(s)
            out.append(s)
        self.para(" ".join(out))

    # --- the plan ---------------------------------------------------------------------

    def plan(self) -> list[_Sec]:
        rng = self.rng
        t = {k: rng.choice(v) for k, v in _TITLES.items()}
        dropped = None
        if "missing-item" in self.faults:
            dropped = rng.choice(("III.3", "III.3", "II.5", "IV.2", "II.3"))
        self.dropped = dropped
        sub_at = None
        if "numbering-style" in self.faults or rng.random() < 0.5:
            sub_at = rng.choice(("III.2", "III.2", "III.1", "II.4"))
        self.sub_at = sub_at
        # IV: "A" = IV with headings 1. and 2.; "B" = IV tasks as numbered paragraphs + V.
        layout = "B" if "duplicate-number" in self.faults and rng.random() < 0.6 else "A"
        if layout == "A" and rng.random() < 0.35 and "duplicate-number" not in self.faults:
            layout = "B"
        self.layout = layout

        def leaf(key: str, style: str = "arabic") -> _Sec:
            return _Sec(key, t[key], style, (key,))

        ii = [leaf(f"II.{k}") for k in range(1, 7) if f"II.{k}" != dropped]
        iii = [leaf(f"III.{k}") for k in range(1, 4) if f"III.{k}" != dropped]
        for s in ii + iii:
            if s.key == sub_at:
                s.children = [
                    _Sec(f"{s.key}.{k + 1}", title, "decimal", inherit=s.key if k == 0 else "")
                    for k, title in enumerate(_SUBS[sub_at])
                ]
        top = [
            _Sec("I", t["I"], "roman", ("I",)),
            _Sec("II", t["II"], "roman", ("II",), ii),
            _Sec("III", t["III"], "roman", ("III",), iii),
        ]
        tasks = t["IV.tasks"]
        if dropped == "IV.2":  # no recommendations at all: the title does not promise them
            tasks = tasks.replace(" VÀ KIẾN NGHỊ", "")
        if layout == "A" and dropped != "IV.2":
            iv = _Sec("IV", t["IV"], "roman", ("IV",), [leaf("IV.1"), leaf("IV.2")])
            top.append(iv)
        else:
            top.append(_Sec("IV.tasks", tasks, "roman", ("IV", "IV.1")))
            if dropped != "IV.2":
                top.append(_Sec("V.kn", t["V.kn"], "roman", ("IV.2",)))
        return top

    def number(self, top: list[_Sec]) -> None:
        """Labels and paths, with the numbering faults asked for."""
        rng = self.rng
        roman_sep = "-" if rng.random() < 0.25 else "."
        arabic_sep = "-" if rng.random() < 0.1 else "."
        lists = [top] + [s.children for s in top if s.children]
        for s in top:
            for c in s.children:
                if c.children:
                    lists.append(c.children)
        anomaly: dict[int, tuple[str, int]] = {}  # id(list) -> (kind, index)
        if "duplicate-number" in self.faults:
            if self.layout == "B" and len(top) >= 5:
                anomaly[id(top)] = ("dup", len(top) - 1)
            else:
                ii = top[1].children
                anomaly[id(ii)] = ("dup", rng.randint(2, len(ii) - 2))
        if "skipped-number" in self.faults:
            candidates = [lst for lst in (top, top[1].children) if id(lst) not in anomaly]
            lst = rng.choice(candidates)
            anomaly[id(lst)] = ("skip", rng.randint(2, len(lst) - 1))
        for lst in lists:
            kind, at = anomaly.get(id(lst), ("", -1))
            value = 0
            used: dict[str, int] = {}
            for i, s in enumerate(lst):
                value += 1
                if kind == "skip" and i == at:
                    value += 1
                # A duplicate is one typo (1, 2, 2, 4): the numbers after it are right.
                shown = value - 1 if kind == "dup" and i == at else value
                if s.style == "roman":
                    num = to_roman(shown)
                    s.label = num + roman_sep
                elif s.style == "arabic":
                    num = str(shown)
                    s.label = num + arabic_sep
                else:
                    num = str(shown)
                    parent = _parent_number(top, s)
                    s.label = f"{parent}.{num}."
                    if "numbering-style" in self.faults and i > 0:
                        s.label = s.label[:-1]
                used[num] = used.get(num, 0) + 1
                s.number = num if used[num] == 1 else f"{num}#{used[num]}"
                if kind == "dup" and i == at:
                    self.findings.append({"code": "duplicate-number", "path": None, "sec": s})
                if kind == "skip" and i == at:
                    self.findings.append({"code": "skipped-number", "path": None, "sec": s})
                if s.style == "decimal" and "numbering-style" in self.faults and i > 0:
                    self.findings.append({"code": "numbering-style", "path": None, "sec": s})

        def paths(lst: list[_Sec], prefix: list[str]) -> None:
            for s in lst:
                s.path = [*prefix, s.number]
                paths(s.children, s.path)

        paths(top, [])
        for f in self.findings:
            if "sec" in f:
                f["path"] = list(f.pop("sec").path)

    # --- writing ----------------------------------------------------------------------

    def build(self) -> GeneratedReport:
        rng, c, u = self.rng, self.c, self.unit
        p = c.province
        top = self.plan()
        self.number(top)
        y = c.year
        when = c.deadline - dt.timedelta(days=rng.randint(3, 20))
        number = rng.randint(20, 180)
        place = p.name
        title = rng.choice(
            (
                f"Kết quả thực hiện Kết luận số 01-KL/TW, ngày 18/5/2021 của Bộ Chính trị về "
                f"tiếp tục thực hiện Chỉ thị số 05-CT/TW “về đẩy mạnh học tập và làm theo tư "
                f"tưởng, đạo đức, phong cách Hồ Chí Minh” năm {y - 1} - {y}",
                f"sơ kết việc thực hiện Kết luận số 01-KL/TW của Bộ Chính trị về tiếp tục thực "
                f"hiện Chỉ thị số 05-CT/TW giai đoạn {y - 2} - {y}",
                f"Đánh giá tình hình thực hiện Kết luận số 01-KL/TW của Bộ Chính trị từ tháng "
                f"{c.month}/{y - 1} đến tháng {c.month}/{y}",
            )
        )
        self.blocks += [
            Block(
                f"{p.superior}\n{u.name.upper()}\n*\nSố {number}-BC/{u.symbol}",
                centered=True,
            ),
            Block("ĐẢNG CỘNG SẢN VIỆT NAM", bold=True, centered=True),
            Block(
                f"{place}, ngày {_pad(when.day)} tháng {when.month} năm {when.year}",
                italic=True,
                centered=True,
            ),
            Block("BÁO CÁO", bold=True, centered=True),
            Block(title, bold=True, centered=True),
        ]
        self.para(
            f"Thực hiện {c.reference} của {c.dept} về đánh giá tình hình thực hiện Kết luận số "
            f"01-KL/TW, ngày 18/5/2021 của Bộ Chính trị, {u.btv} báo cáo kết quả thực hiện như "
            f"sau:"
        )
        sections: list[dict] = []
        if "reference-without-number" in self.faults:
            self.ref_fault_at = rng.choice(("I", "II.1", "II.2", "II.6"))
        else:
            self.ref_fault_at = None
        self.n_real_notes = 0

        def walk(lst: list[_Sec], level: int) -> None:
            for s in lst:
                self.path, self.key = s.path, s.key
                text = f"{s.label} {s.title}"
                self.blocks.append(Block(text, bold=True, heading_level=level))
                sections.append({"path": s.path, "label": s.label, "title": s.title})
                self.content(s)
                walk(s.children, level + 1)
                if s.key == "II":
                    self.after_statistics()

        walk(top, 1)
        recipients = [
            f"{c.dept} (để báo cáo)",
            f"Thường trực {u.name} (để báo cáo)",
            "Các đảng ủy, chi bộ trực thuộc",
            "Lưu Văn phòng",
        ]
        if rng.random() < 0.5:
            recipients.insert(2, "Các ban xây dựng Đảng, UBKT")
        signer = rng.choice(_SIGNERS)
        self.blocks += [
            Block(
                "Nơi nhận:\n"
                + "\n".join(f"- {r};" for r in recipients[:-1])
                + f"\n- {recipients[-1]}."
            ),
            Block("T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ", bold=True, centered=True),
            Block(signer, bold=True, centered=True),
        ]
        alignment: dict[str, list[str] | None] = {oid: None for oid in OUTLINE_IDS}

        def answers(lst: list[_Sec]) -> None:
            for s in lst:
                for oid in s.answers:
                    if alignment[oid] is None:
                        alignment[oid] = list(s.path)
                answers(s.children)

        answers(top)
        codes = sorted({f["code"] for f in self.findings})
        expected = {
            "seed": self.seed,
            "unit": u.name,
            "faults": sorted(self.faults),
            "kind": "BÁO CÁO",
            "title": title,
            "header": {
                "superior": p.superior,
                "issuer": u.name.upper(),
                "number": f"{number}-BC/{u.symbol}",
                "place": place,
                "date": when.isoformat(),
            },
            "signer": {"capacity": "T/M BAN THƯỜNG VỤ", "position": "PHÓ BÍ THƯ", "name": signer},
            "recipients_count": len(recipients),
            "sections": sections,
            "paragraphs": self.paragraphs,
            "footnotes": self.footnotes,
            "markers_without_footnote": self.missing_markers,
            "figures": self.figures,
            "sum_checks": self.sums,
            "findings": self.findings,
            "finding_codes": codes,
            "alignment": alignment,
            "outline_missing": [oid for oid in OUTLINE_IDS if alignment[oid] is None],
            # Every answer covers all parts of its item ("Ưu điểm và nguyên nhân"), except
            # IV when its recommendations stand in a section of their own, or nowhere.
            "outline_incomplete": [],
            "outline_incomplete_ambiguous": ["IV"] if alignment["IV"] == alignment["IV.1"] else [],
        }
        return GeneratedReport(self.blocks, expected)

    def after_statistics(self) -> None:
        """After II (the last footnotes): the faulty footnote and the faulty marker."""
        self.missing_markers: list[int] = []
        n = self.next_note
        if "footnote-without-marker" in self.faults:
            text = (
                f"Số liệu tổng hợp từ báo cáo của các tổ chức cơ sở đảng trực thuộc đến hết "
                f"tháng {self.c.month}/{self.c.year}."
            )
            self.footnotes[str(n)] = {"marker_in": None, "starts": text[:50]}
            self.blocks.append(Block(text, kind="footnote", footnote=n))
            self.findings.append({"code": "footnote-without-marker", "path": []})
            n += 1
        if "marker-without-footnote" in self.faults:
            self.fault_marker = n
            self.missing_markers.append(n)
        self.next_note = n + 1

    def fillers(self, topic: str, features: int) -> tuple[int, int]:
        """How many filler paragraphs go before and after the `features` paragraphs."""
        extra = max(0, self.pps - features)
        before = self.rng.randint(0, extra)
        return before, extra - before

    def content(self, s: _Sec) -> None:
        if s.children:
            return  # II, III, IV and items with sub-levels: the sub-items hold the text
        key = s.key

        def writer_of(k: str):
            return getattr(self, "_c_" + k.replace(".", "_"), None)

        # The first sub-item says what its parent would have said.
        writer = writer_of(key) or (writer_of(s.inherit) if s.inherit else None)
        topic = key if key in _FILLER else key.rsplit(".", 1)[0]
        features = writer(dry=True) if writer else 0
        before, after = self.fillers(topic, features) if topic in _FILLER else (0, 0)
        for _ in range(before):
            self.filler(topic)
        if writer:
            writer()
        for _ in range(after):
            self.filler(topic)
        if self.ref_fault_at == key:
            self.para(
                "Cấp ủy các cấp xác định việc thực hiện Kết luận số gắn với nhiệm vụ chính trị "
                "của từng cơ quan, đơn vị là yêu cầu xuyên suốt trong cả nhiệm kỳ."
            )
            self.findings.append({"code": "reference-without-number", "path": list(self.path)})

    # --- what each section says -------------------------------------------------------

    def _c_I(self, dry: bool = False) -> int:
        if dry:
            return 2
        rng, u = self.rng, self.unit
        y0 = self.ctx["y0"]
        n1 = self.note_number()
        m1 = self.note(
            n1,
            f"Kế hoạch số {rng.randint(10, 40)}-KH/{u.symbol}, ngày {rng.randint(1, 28)}/"
            f"{rng.randint(6, 12)}/{y0 - 1} của {u.btv}.",
        )
        n2 = self.note_number()
        plans = "; ".join(
            f"Kế hoạch số {rng.randint(41, 99)}-KH/{u.symbol}, ngày {rng.randint(1, 28)}/"
            f"{rng.randint(1, 12)}/{year}"
            for year in (y0 - 1, y0, y0 + 1)
        )
        m2 = self.note(n2, plans + ".")
        self.para(
            f"Ngay sau khi có văn bản chỉ đạo của cấp trên, {u.btv} đã xây dựng kế hoạch thực "
            f"hiện Kết luận số 01-KL/TW để lãnh đạo, chỉ đạo các tổ chức cơ sở đảng triển khai "
            f"thực hiện{m1}. Hằng năm, nội dung này được cụ thể hóa bằng kế hoạch riêng{m2}, "
            # durations, never figures: a reading that counts them finds what the plan has not
            f"sơ kết sau 2 quý, giao ban 2 tuần một lần; qua 03 năm, việc thực hiện đi vào "
            f"nền nếp. "
            f"{self.fill(_FILLER['I'][0])}"
        )
        # The total and its parts.
        kinds = ["kế hoạch", "chương trình", "hướng dẫn", "giấy mời", "công văn", "báo cáo"]
        chosen = [k for k in kinds if rng.random() < 0.8] or kinds[:3]
        if len(chosen) < 3:
            chosen = kinds[:4]
        parts = [rng.randint(1, 9) for _ in chosen]
        total = sum(parts)
        holds = "total-mismatch" not in self.faults
        if not holds:
            total += rng.choice((-2, -1, 1, 2, 3))
        n3 = self.note_number()
        listed = ", ".join(self.count(v, k, note=n3) for v, k in zip(parts, chosen, strict=True))
        m3 = self.note(n3, f"Gồm {listed}.")
        stated = self.count(total, "văn bản chỉ đạo, hướng dẫn", unit="văn bản")
        self.sums.append(
            {
                "total": total,
                "parts": parts,
                "holds": holds,
                "footnote": n3,
                "path": list(self.path),
            }
        )
        if not holds:
            self.findings.append({"code": "total-mismatch", "path": list(self.path)})
        self.para(
            f"Để cụ thể hóa việc thực hiện, {u.btv} đã ban hành {stated}{m3}; giao bộ phận "
            f"tuyên giáo làm cơ quan thường trực, tham mưu theo dõi, đôn đốc các tổ chức cơ sở "
            f"đảng thực hiện."
        )
        return 2

    def _c_II_1(self, dry: bool = False) -> int:
        if dry:
            return 2
        rng, u = self.rng, self.unit
        y0 = self.ctx["y0"]
        n = self.note_number()
        parts = []
        for k, year in enumerate((y0, y0 + 1, y0 + 2)):
            points = self.count(rng.randint(80, 160), "điểm cầu", note=n)
            members = self.count(rng.randint(2500, 7500), "đảng viên", note=n)
            if k == 0:
                parts.append(
                    f"Tại Hội nghị quán triệt chuyên đề năm {year}, {u.party} kết nối đến "
                    f"{points} với {members} tham dự"
                )
            else:
                parts.append(f"năm {year} kết nối {points} với {members}")
        m = self.note(n, "; ".join(parts) + ".")
        share = self.pct(rng.randint(95, 99), qual="trên")
        meetings = self.count(rng.randint(2, 6), "hội nghị", pad=True)
        self.para(
            f"{u.btv} đã xây dựng kế hoạch học tập chuyên đề toàn khóa và chuyên đề hằng năm, "
            f"chỉ đạo các đảng ủy, chi bộ cơ sở kết nối đường truyền tổ chức học tập bằng hình "
            f"thức trực tuyến cho cán bộ, đảng viên và người lao động{m}. Toàn {u.party} có "
            f"{share} cán bộ, đảng viên được học tập các chuyên đề hằng năm. Ngoài ra, {u.btv} "
            f"đã tổ chức {meetings} quán triệt Kết luận số 01-KL/TW cho đội ngũ cán bộ chủ chốt."
        )
        n = self.note_number()
        units = self.count(rng.randint(30, 120), "đơn vị", note=n)
        m = self.note(
            n,
            f"Năm {y0 + 1} và năm {y0 + 2} có {units} tổ chức sinh hoạt chuyên đề “Tự soi, "
            f"tự sửa”.",
        )
        self.para(
            f"Sau các hội nghị, các cơ quan, đơn vị đã tổ chức sinh hoạt, thảo luận theo chủ đề "
            f"phù hợp với nhiệm vụ chính trị, đặc biệt là sinh hoạt chuyên đề “Tự soi, tự "
            f"sửa”{m}; nhiều chi bộ gắn nội dung sinh hoạt với giải pháp thực hiện nhiệm vụ "
            f"chuyên môn của cơ quan, đơn vị."
        )
        return 2

    def _c_II_2(self, dry: bool = False) -> int:
        commend = self.rng.random() < 0.7 if dry else self._commend
        if dry:
            self._commend = commend
            return 3 if commend else 2
        rng, u = self.rng, self.unit
        y0 = self.ctx["y0"]
        n = self.note_number()
        plan = self.pct(100, note=n)
        kept = self.pct(round(rng.uniform(95.0, 99.8), 1), qual="trên", note=n)
        broke = self.count(rng.randint(5, 300), "đảng viên", note=n)
        m = self.note(
            n,
            f"Toàn {u.party} có {plan} cán bộ, đảng viên xây dựng kế hoạch học tập và làm theo "
            f"Bác, trong đó {kept} cán bộ, đảng viên thực hiện tốt cam kết; có {broke} vi phạm "
            f"cam kết.",
        )
        self.para(
            f"Cấp ủy, lãnh đạo các cơ quan, đơn vị đã gắn việc học tập và làm theo tư tưởng, đạo "
            f"đức, phong cách Hồ Chí Minh với các nghị quyết, chỉ thị của Đảng, tạo chuyển biến "
            f"trong hành động. Cán bộ, đảng viên, nhất là người đứng đầu, đã xây dựng kế hoạch "
            f"học tập và làm theo Bác với những việc làm cụ thể{m}. Nhiều đơn vị có tăng trưởng "
            f"cao so với kế hoạch như {self.ctx['org1']}, {self.ctx['org2']}."
        )
        n = self.note_number()
        a = self.money(rng.randint(5, 25), "tỷ", qual="hơn", note=n)
        b = self.money(rng.choice((300, 450, 500, 650)), "triệu", note=n)
        c_ = self.money(rng.choice((1.5, 2.5, 12, 30)), "tỷ", qual="gần", note=n)
        d = self.money(rng.randint(120, 380), "triệu", qual="trên", note=n)
        m = self.note(
            n,
            f"Năm {y0} kêu gọi ủng hộ {a} cho công tác phòng, chống dịch bệnh, ủng hộ {b} cho "
            f"học sinh nghèo vào đại học; năm {y0 + 1} vận động các doanh nghiệp ủng hộ {c_} "
            f"xây dựng nông thôn mới; năm {y0 + 2} hỗ trợ trồng cây xanh trị giá {d}.",
        )
        self.para(
            f"Các đơn vị trong {u.party} tích cực làm tốt công tác an sinh xã hội, từ thiện, xây "
            f"dựng nông thôn mới, đô thị văn minh{m}. Các cơ quan Đảng, Nhà nước quan tâm cải "
            f"cách hành chính, nâng cao chất lượng tham mưu, phục vụ."
        )
        if self._commend:
            n = self.note_number()
            parts = [rng.randint(12, 30) for _ in range(3)]
            listed = ", ".join(
                f"năm {y0 + k} khen thưởng {self.count(v, 'tổ chức cơ sở đảng', note=n)}"
                for k, v in enumerate(parts)
            )
            m = self.note(n, listed[0].upper() + listed[1:] + ".")
            total = self.count(sum(parts), "tổ chức cơ sở đảng")
            self.sums.append(
                {"total": sum(parts), "parts": parts, "holds": True, "footnote": n,
                 "path": list(self.path)}
            )  # fmt: skip
            members = self.count(rng.randint(3, 15), "đảng viên", pad=True)
            exemplars = self.count(rng.randint(15, 50), "điển hình")
            self.para(
                f"Với kết quả đó, nhiều tập thể, cá nhân đã được các cấp khen thưởng. Trong đó, "
                f"{u.btv} đã khen thưởng {total}{m} và {members} có thành tích tiêu biểu; bình "
                f"xét, tuyên dương {exemplars} học tập, lao động sáng tạo."
            )
        return 3 if self._commend else 2

    def _c_II_4(self, dry: bool = False) -> int:
        if dry:
            return 2
        rng, u = self.rng, self.unit
        y0 = self.ctx["y0"]
        n = self.note_number()
        people = self.count(rng.randint(40, 90), "đồng chí", note=n)
        first = self.count(1, "giải Nhất", pad=True, note=n)
        second = self.count(rng.randint(2, 3), "giải Nhì", pad=True, note=n)
        third = self.count(rng.randint(3, 5), "giải Ba", pad=True, note=n)
        m = self.note(
            n,
            f"Hội thi được tổ chức năm {y0 + 1}, với {people} tham gia; Ban Tổ chức đã trao "
            f"{first}, {second} và {third} cho các báo cáo viên giỏi.",
        )
        turns = self.count(rng.randint(20, 200) * 1000 + rng.randint(1, 999), "lượt")
        news = self.count(rng.randint(120, 600), "tin, bài", unit="tin")
        self.para(
            f"{u.btv} đã đổi mới nội dung, hình thức tuyên truyền; tổ chức Hội thi Báo cáo viên "
            f"giỏi{m} nhằm nâng cao chất lượng đội ngũ làm công tác tuyên giáo ở cơ sở. Cuộc thi "
            f"trực tuyến tìm hiểu về cuộc đời, sự nghiệp của Chủ tịch Hồ Chí Minh thu hút {turns} "
            f"cán bộ, đảng viên, đoàn viên, hội viên tham gia. Trang thông tin điện tử của "
            f"{u.party} đã đăng tải {news} về học tập và làm theo Bác."
        )
        n = self.note_number()
        models = self.count(rng.randint(30, 120), "mô hình", note=n)
        m = self.note(n, f"Toàn {u.party} có {models} tiêu biểu được xây dựng và nhân rộng.")
        self.para(
            f"Chú trọng phát hiện, bồi dưỡng, nhân rộng các mô hình, điển hình tiêu biểu trong "
            f"học tập và làm theo Bác{m}. Nhiều đơn vị có cách làm hay như {self.ctx['org1']}, "
            f"{self.ctx['org3']}; các điển hình được biểu dương kịp thời tại các buổi chào cờ "
            f"hằng tháng."
        )
        return 2

    def _c_II_5(self, dry: bool = False) -> int:
        if dry:
            return 1
        rng = self.rng
        classes = self.count(rng.randint(2, 9), "lớp", pad=True)
        people = self.count(rng.randint(90, 400), "quần chúng ưu tú", unit="quần chúng")
        self.para(
            f"{self.unit.btv} đã quan tâm đổi mới nội dung, phương pháp giảng dạy chuyên đề toàn "
            f"khóa và hằng năm; phối hợp mở {classes} bồi dưỡng lý luận chính trị cho {people}, "
            f"trong đó lồng ghép nội dung học tập và làm theo tư tưởng, đạo đức, phong cách Hồ "
            f"Chí Minh."
        )
        return 1

    def _c_II_6(self, dry: bool = False) -> int:
        if dry:
            return 1
        rng, u = self.rng, self.unit
        y0, y2 = self.ctx["y0"], self.ctx["y2"]
        k = rng.randint(3, 9)
        o1 = self.count(k, "tổ chức đảng", pad=True)
        s1 = self.count(rng.randint(3, 9), "tổ chức đảng", pad=True)
        s2 = self.count(rng.randint(3, 9), "đảng viên", pad=True)
        o2 = self.count(rng.randint(100, 250), "tổ chức đảng")
        p2 = self.count(rng.randint(100, 250), "đảng viên")
        o3 = self.count(rng.randint(80, 200), "tổ chức đảng")
        p3 = self.count(rng.randint(150, 350), "đảng viên")
        self.para(
            f"- Nội dung kiểm tra, giám sát việc thực hiện Kết luận số 01-KL/TW được đưa vào "
            f"chương trình kiểm tra, giám sát toàn khóa và hằng năm. Kết quả, trong giai đoạn "
            f"({y0}-{y2}) {u.btv} đã kiểm tra {o1} và giám sát {s1}, {s2} là người đứng đầu cấp "
            f"ủy cơ sở. Cấp ủy cơ sở kiểm tra {o2} và {p2}; giám sát {o3} và {p3}."
        )
        return 1

    def _c_III_1(self, dry: bool = False) -> int:
        if dry:
            return 1
        self.para(
            f"{self.fill(_FILLER['III.1'][0])} {self.fill(_FILLER['III.1'][1])} Nguyên nhân của "
            f"những kết quả trên là sự quan tâm lãnh đạo, chỉ đạo sát sao của cấp ủy, sự vào cuộc "
            f"đồng bộ của cả hệ thống chính trị và tinh thần tự giác của cán bộ, đảng viên."
        )
        return 1

    def _c_III_1_2(self, dry: bool = False) -> int:
        if dry:
            return 1
        self.para(
            "Có được kết quả trên trước hết là nhờ sự lãnh đạo sát sao của cấp ủy, sự gương mẫu "
            "của người đứng đầu và sự đồng thuận của cán bộ, đảng viên, người lao động."
        )
        return 1

    def _c_III_2(self, dry: bool = False) -> int:
        if dry:
            return 1
        self.para(
            "- Bên cạnh đó, còn một số khó khăn, vướng mắc như kinh phí cho hoạt động tuyên "
            "truyền còn hạn hẹp, cán bộ làm công tác tuyên giáo ở cơ sở chủ yếu kiêm nhiệm."
        )
        return 1

    def _c_III_2_2(self, dry: bool = False) -> int:
        if dry:
            return 1
        self.para(
            "Một số cấp ủy chưa thật sự coi việc học tập và làm theo Bác là nhiệm vụ thường "
            "xuyên; việc kiểm tra, giám sát, đôn đốc của cấp ủy cơ sở chưa kịp thời."
        )
        return 1

    def _c_IV_tasks(self, dry: bool = False) -> int:
        if dry:
            return len(_TASKS)
        sep = "-" if self.rng.random() < 0.2 else "."
        for k, task in enumerate(_TASKS, 1):
            self.para(f"{k}{sep} {task}")
        return len(_TASKS)

    def _c_V_kn(self, dry: bool = False) -> int:
        if dry:
            return len(_PROPOSALS)
        sep = "-" if self.rng.random() < 0.2 else "."
        for k, text in enumerate(_PROPOSALS, 1):
            self.para(f"{k}{sep} {self.fill(text)}")
        return len(_PROPOSALS)

    def _c_IV_2(self, dry: bool = False) -> int:
        if dry:
            return len(_PROPOSALS)
        for text in _PROPOSALS:
            self.para("- " + self.fill(text))
        return len(_PROPOSALS)


def _parent_number(top: list[_Sec], child: _Sec) -> str:
    for s in top:
        for c in s.children:
            if child in c.children:
                return c.number.split("#")[0]
    return "1"


def generate_report(
    seed: int,
    unit: str | None = None,
    faults: Iterable[str] = (),
    *,
    paragraphs_per_section: int = 2,
    guideline_seed: int | None = None,
) -> GeneratedReport:
    """A BÁO CÁO answering the outline of `generate_guideline(guideline_seed)`.

    unit: the reporting Party committee ("Quận ủy Ba Đình"); by default one of the
    province's units chosen by the seed.  faults: any of `FAULTS`.
    paragraphs_per_section: paragraphs under each lowest-level section; on A4 at 14 pt,
    1 gives about 5 pages, 2 about 6, 8 about 16 and 14 about 25.

    `expected` (JSON-ready) is what a correct reading finds: kind, title, header, signer,
    recipients_count; sections [{path, label, title}] (a repeated number is "IV#2");
    paragraphs {"II/1": [...], "": preamble}; footnotes {"3": {marker_in, starts}} and
    markers_without_footnote; figures [{value, unit, about, qualifier, footnote, path}]
    (`unit` is the counted noun a reader gives, exactly; `about` what the text says, and
    no other figure is in the text); sum_checks [{total, parts, holds, footnote, path}];
    findings [{code, path}] and finding_codes; alignment {outline id:
    path or None}, outline_missing, outline_incomplete (+ _ambiguous).
    """
    faults = set(faults)
    unknown = faults - set(FAULTS)
    if unknown:
        raise ValueError(f"Lỗi không có trong danh sách {FAULTS}: {sorted(unknown)}")
    gseed = seed if guideline_seed is None else guideline_seed
    return _Report(seed, unit, faults, paragraphs_per_section, gseed).build()


# --------------------------------------------------------------------------- text form


def _is_heading(b: Block) -> bool:
    return b.heading_level is not None or b.bold


def _splittable(b: Block) -> bool:
    """Body prose a page end may cut: not a heading, title, header or signature line."""
    return (
        b.kind == "para"
        and not (b.bold or b.italic or b.centered or b.heading_level)
        and "\n" not in b.text
        and len(b.text.split()) >= 20
    )


_ROMAN_WORD = re.compile(r"[IVXLC]+\W*")
_YEAR_RANGE = re.compile(r"\(?(?:19|20)\d\d-(?:19|20)\d\d\)?")
_NO_CONTINUATION = ("Chương", "CHƯƠNG", "Điều", "ĐIỀU", "PHẦN", "Phần", "Nơi", "Trân", "Xin")


def _split_points(text: str) -> list[tuple[int, int, str]]:
    """Where a page end may cut this paragraph: (end of left part, start of right, kind).

    kind: "lower" (before a lower-case word), "capital" (before a capitalised name, the
    left part ending in a letter), "range" (inside a year range: "(2021-" | "2023)").
    A reader can only rejoin what reads as unfinished, so never after ".", "!", "?", ":".
    """
    out = []
    words = list(re.finditer(r"\S+", text))
    for i in range(13, len(words) - 3):
        left, right = words[i - 1].group(), words[i].group()
        bare = _MARKER_RUN.sub("", left)
        if not bare or bare[-1] in ".!?:…" or bare.endswith("./."):
            continue
        if ")" in right or _ROMAN_WORD.fullmatch(right) or right in _NO_CONTINUATION:
            continue
        if right[0].isalpha() and right[0].islower():
            out.append((words[i - 1].end(), words[i].start(), "lower"))
        elif right[0].isalpha() and right[0].isupper() and bare[-1].isalpha():
            out.append((words[i - 1].end(), words[i].start(), "capital"))
    for i, w in enumerate(words):
        if 13 <= i < len(words) - 3 and _YEAR_RANGE.fullmatch(w.group().rstrip(",.;")):
            cut = w.start() + w.group().index("-") + 1
            out.append((cut, cut, "range"))
    return out


def _note_anchors(body: list[Block], notes: dict[int, Block], order: list[int]) -> dict:
    """Footnote number -> (body index, offset) where its text becomes due."""
    where: dict[int, tuple[int, int]] = {}
    for i, b in enumerate(body):
        for m in _MARKER_RUN.finditer(b.text):
            n = from_superscript(m.group())
            if n in notes and n not in where:
                where[n] = (i, m.end())
    # A footnote no marker points to is due after the paragraph it follows.
    for n, after in zip(notes, order, strict=True):
        if n not in where:
            after = max(after, 0)
            where[n] = (after, len(body[after].text))
    return where


def _render(text: str, b: Block, mode: str) -> str:
    if b.bold and not (mode == "plain" and b.heading_level):
        return f"**{text}**"
    if b.italic:
        return f"*{text}*"
    return re.sub(r"(trước ngày \d{1,2}/\d{1,2}/\d{4})", r"**\1**", text)


def _text(blocks: Sequence[Block], seed: int, page_breaks: bool, mode: str) -> str:
    rng = random.Random(f"pages-{seed}")
    body: list[Block] = []
    notes: dict[int, Block] = {}
    follows: list[int] = []  # per footnote: index of the body block before it
    for b in blocks:
        if b.kind == "footnote" and b.footnote is not None:
            notes[b.footnote] = b
            follows.append(len(body) - 1)
        elif b.kind != "footnote":
            body.append(b)
    due = _note_anchors(body, notes, follows)
    at: dict[int, list[tuple[int, int]]] = {}
    for n, (i, off) in due.items():
        at.setdefault(i, []).append((off, n))
    out: list[str] = []
    pending: list[int] = []
    state = {"used": 0, "cap": 0}

    def new_page() -> None:
        state["used"], state["cap"] = 0, rng.randint(2100, 2900)

    def page_end() -> None:
        out.extend(f"{superscript(n)} {notes[n].text}" for n in sorted(pending))
        pending.clear()
        new_page()

    def note_cost(n: int) -> int:
        return int(len(notes[n].text) * 0.75) + 40

    new_page()
    for i, b in enumerate(body):
        anchors = sorted(at.get(i, []))
        if not page_breaks:
            out.append(_render(b.text, b, mode))
            out.extend(f"{superscript(n)} {notes[n].text}" for _, n in anchors)
            continue
        text, shift = b.text, 0
        while True:
            mine = [(off - shift, n) for off, n in anchors if off - shift <= len(text)]
            cost = len(text) + 90 + sum(note_cost(n) for _, n in mine)
            if state["used"] + cost <= state["cap"]:
                out.append(_render(text, b, mode))
                pending.extend(n for _, n in mine)
                state["used"] += cost
                break
            room = state["cap"] - state["used"]
            cut = None
            if _splittable(b):
                points = [p for p in _split_points(text) if p[0] <= max(room, 0) + 150]
                if points:
                    kinds = sorted({k for _, _, k in points})
                    weights = {"range": 12, "capital": 3, "lower": 2}
                    kind = rng.choices(kinds, [weights[k] for k in kinds])[0]
                    cut = max((p for p in points if p[2] == kind), key=lambda p: p[0])
            if cut is not None:
                end, start, _ = cut
                out.append(_render(text[:end], b, mode))
                pending.extend(n for off, n in mine if off <= end)
                page_end()
                anchors = [(off, n) for off, n in anchors if off - shift > end]
                shift += start
                text = text[start:]
                continue
            if state["used"] == 0:  # a block longer than a page: keep it whole
                out.append(_render(text, b, mode))
                pending.extend(n for _, n in mine)
                state["used"] += cost
                break
            if _is_heading(b) and pending and rng.random() < 0.5:
                out.append(_render(text, b, mode))  # the heading ends the page
                page_end()
                break
            page_end()
    if pending:
        page_end()
    return "\n\n".join(out) + "\n"


def to_text(blocks: Sequence[Block], seed: int = 0, page_breaks: bool = True) -> str:
    """The .txt form of the seeds: blank-line paragraphs, `**bold**`, footnote texts as
    paragraphs opening with superscript digits.

    With page_breaks, footnote texts stand where a PDF page ended: mid-section, right
    after a heading, or inside a paragraph, which is then split (before a lower-case word,
    before a capitalised name, or inside a year range "(2021-" | "2023)").  A reader must
    repair that: the expected reading is the same.
    """
    return _text(blocks, seed, page_breaks, "bold")


def _markdown(blocks: Sequence[Block], heading_mode: str) -> str:
    notes = {b.footnote: b for b in blocks if b.kind == "footnote" and b.footnote is not None}

    def refs(text: str) -> str:
        def one(m: re.Match) -> str:
            n = from_superscript(m.group())
            return f"[^{n}]" if n in notes else m.group()

        return _MARKER_RUN.sub(one, text)

    out = []
    for b in blocks:
        if b.kind == "footnote":
            continue
        text = refs(b.text)
        if heading_mode == "styles" and b.heading_level:
            text = "#" * b.heading_level + " " + text
        elif b.bold and not (heading_mode == "plain" and b.heading_level):
            text = f"**{text}**"
        elif b.italic:
            text = f"*{text}*"
        out.append(text)
    out += [f"[^{n}]: {notes[n].text}" for n in sorted(notes)]
    return "\n\n".join(out) + "\n"


# --------------------------------------------------------------------------- files


def _with_heading_mode(blocks: Sequence[Block], mode: str) -> list[Block]:
    """Headings carry both bold and heading_level; keep what `mode` asks for."""
    if mode not in HEADING_MODES:
        raise ValueError(f"heading_mode phải là một trong {HEADING_MODES}, không phải {mode!r}")
    out = []
    for b in blocks:
        if mode in ("bold", "numbering"):
            b = replace(b, heading_level=None)
        elif b.heading_level:
            # "styles": Heading 1/2/3 carry the weight; "plain": a heading like any line.
            b = replace(b, bold=False, heading_level=b.heading_level if mode == "styles" else None)
        out.append(b)
    return out


def _orphan_notes(blocks: Sequence[Block]) -> list[int]:
    marked = {from_superscript(m.group()) for b in blocks if b.kind != "footnote"
              for m in _MARKER_RUN.finditer(b.text)}  # fmt: skip
    return [b.footnote for b in blocks if b.kind == "footnote" and b.footnote not in marked]


def write_report(
    blocks: Sequence[Block],
    path: str | Path,
    fmt: str | None = None,
    *,
    heading_mode: str = "bold",
    seed: int = 0,
    page_breaks: bool = True,
) -> Path:
    """Write `blocks` as .txt (page-flow artefacts), .md, .docx or .pdf.

    heading_mode (docx, pdf; txt/md honour it as far as text can): "bold" = headings in
    bold Normal text, "styles" = Heading 1/2/3, "plain" = headings without any formatting,
    "numbering" = Word automatic numbering for the labels (headings bold).  Other lines
    (title, signature) keep their formatting in every mode.
    """
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise ValueError(f"Định dạng không hỗ trợ: {fmt!r} (chỉ {', '.join(FORMATS)})")
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "txt":
        if heading_mode not in HEADING_MODES:
            raise ValueError(f"heading_mode phải là một trong {HEADING_MODES}")
        text = _text(blocks, seed, page_breaks, heading_mode)
        path.write_text(text, encoding="utf-8")
    elif fmt == "md":
        path.write_text(_markdown(blocks, heading_mode), encoding="utf-8")
    elif fmt == "docx":
        _write_docx(blocks, path, heading_mode)
    else:
        with tempfile.TemporaryDirectory(prefix="tonghop-gen-") as tmp:
            docx = Path(tmp) / (path.stem + ".docx")
            _write_docx(blocks, docx, heading_mode, for_pdf=True)
            made = convert_to_pdf([docx], Path(tmp))[0]
            shutil.move(str(made), path)
    return path


def _write_docx(blocks: Sequence[Block], path: Path, mode: str, for_pdf: bool = False) -> None:
    from tonghop.writers.docx import write_docx

    if for_pdf and _orphan_notes(blocks):
        raise ValueError(
            "Không xuất được PDF: chú thích không có dấu dẫn (footnote-without-marker) sẽ bị "
            "LibreOffice bỏ đi; hãy sinh báo cáo PDF không có lỗi này."
        )
    write_docx(_with_heading_mode(blocks, mode), path, auto_numbering=mode == "numbering")


def convert_to_pdf(docx_paths: Sequence[str | Path], out_dir: str | Path, *, timeout=None):
    """Convert .docx files to .pdf with ONE LibreOffice call; returns the PDF paths."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RuntimeError(
            "Không tìm thấy LibreOffice (lệnh soffice) để xuất PDF: hãy cài gói "
            "libreoffice-writer-nogui (./dev cài sẵn)."
        )
    paths = [Path(p).resolve() for p in docx_paths]
    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    if not paths:
        return []
    timeout = timeout or 180 + 3 * len(paths)
    with tempfile.TemporaryDirectory(prefix="tonghop-lo-") as profile:
        cmd = [
            soffice,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, paths),
        ]
        try:
            run = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise RuntimeError(
                f"LibreOffice không xuất xong PDF sau {timeout} giây ({len(paths)} tệp)."
            ) from None
    pdfs = [out / (p.stem + ".pdf") for p in paths]
    missing = [p.name for p in pdfs if not p.exists()]
    if missing:
        raise RuntimeError(
            f"LibreOffice không tạo được {len(missing)} tệp PDF ({', '.join(missing[:5])}): "
            f"{(run.stderr or run.stdout).strip()[:500]}"
        )
    return pdfs


def generate_set(
    out_dir: str | Path,
    count: int,
    formats: Sequence[str] = ("docx",),
    seed: int = 0,
    faults_rate: float = 0.3,
    *,
    heading_mode: str = "bold",
    paragraphs_per_section: int = 2,
) -> list[Path]:
    """Write `huong_dan.<fmt>` and `bao_cao_001.<fmt>`, ... with `.expected.json` beside.

    A report has faults with probability `faults_rate` (one or two of `FAULTS`; PDF sets
    never get "footnote-without-marker": a PDF cannot hold a footnote without its marker).
    All PDFs are made by one LibreOffice call.  Returns every path written.
    """
    formats = tuple(dict.fromkeys(f.strip().lower().lstrip(".") for f in formats if f.strip()))
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise ValueError(f"Định dạng không hỗ trợ: {', '.join(bad) or '(trống)'}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"set-{seed}")
    written: list[Path] = []
    pdf_sources: list[Path] = []
    tmp = tempfile.TemporaryDirectory(prefix="tonghop-set-") if "pdf" in formats else None
    allowed = [f for f in FAULTS if not ("pdf" in formats and f == "footnote-without-marker")]
    units = list(_campaign(seed).province.units)

    def emit(blocks: list[Block], stem: str, expected: dict, doc_seed: int) -> None:
        for fmt in formats:
            if fmt == "pdf":
                continue
            written.append(
                write_report(blocks, out / f"{stem}.{fmt}", fmt, heading_mode=heading_mode,
                             seed=doc_seed)
            )  # fmt: skip
        if "pdf" in formats:
            src = Path(tmp.name) / f"{stem}.docx"
            _write_docx(blocks, src, heading_mode, for_pdf=True)
            pdf_sources.append(src)
        target = out / f"{stem}.expected.json"
        target.write_text(json.dumps(expected, ensure_ascii=False, indent=1), encoding="utf-8")
        written.append(target)

    try:
        emit(generate_guideline(seed), "huong_dan", guideline_expected(seed), seed)
        for i in range(1, count + 1):
            faults: set[str] = set()
            if rng.random() < faults_rate:
                faults = set(rng.sample(allowed, rng.choice((1, 1, 2))))
            unit = units[i - 1] if i <= len(units) else _grassroots_unit(i - len(units))
            rep = generate_report(
                seed * 100_003 + i,
                unit=unit,
                faults=faults,
                paragraphs_per_section=paragraphs_per_section,
                guideline_seed=seed,
            )
            emit(rep.blocks, f"bao_cao_{i:03d}", rep.expected, seed * 100_003 + i)
        if pdf_sources:
            for made in convert_to_pdf(pdf_sources, Path(tmp.name)):
                shutil.move(str(made), out / made.name)
                written.append(out / made.name)
    finally:
        if tmp is not None:
            tmp.cleanup()
    return written


# --------------------------------------------------------------------------- CLI


def register(subparsers) -> argparse.ArgumentParser:
    """Add `tonghop generate --out DIR [--count N] [--formats docx,pdf,txt] [--seed S]`."""
    g = subparsers.add_parser(
        "generate",
        help="sinh hướng dẫn và báo cáo mẫu (dữ liệu tổng hợp) để thử nghiệm",
        description="Sinh một hướng dẫn (kèm đề cương) và các báo cáo trả lời đề cương đó, "
        "mỗi báo cáo kèm tệp .expected.json ghi kết quả đọc đúng.",
    )
    g.add_argument("--out", required=True, metavar="DIR", help="thư mục ghi tệp")
    g.add_argument("--count", type=int, default=10, metavar="N", help="số báo cáo (mặc định 10)")
    g.add_argument(
        "--formats", default="docx", metavar="DS", help="định dạng, cách nhau bởi dấu phẩy: "
        "docx,pdf,txt,md (mặc định docx)"
    )  # fmt: skip
    g.add_argument("--seed", type=int, default=0, metavar="S", help="hạt giống ngẫu nhiên")
    g.add_argument(
        "--faults-rate", type=float, default=0.3, metavar="P",
        help="tỉ lệ báo cáo có lỗi cài sẵn (mặc định 0,3)",
    )  # fmt: skip
    g.add_argument(
        "--heading-mode", choices=HEADING_MODES, default="bold",
        help="cách trình bày đề mục trong .docx/.pdf (mặc định bold)",
    )  # fmt: skip
    g.set_defaults(func=cmd_generate)
    return g


def cmd_generate(args) -> int:
    if args.count < 0:
        print("Lỗi: --count phải là số không âm.", file=sys.stderr)
        return 2
    formats = [f for f in args.formats.split(",") if f.strip()]
    try:
        paths = generate_set(
            args.out,
            args.count,
            formats,
            seed=args.seed,
            faults_rate=args.faults_rate,
            heading_mode=args.heading_mode,
        )
    except (ValueError, RuntimeError, OSError) as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    docs = [p for p in paths if not p.name.endswith(".expected.json")]
    print(
        f"Đã ghi {len(docs)} văn bản và {len(paths) - len(docs)} tệp kết quả mong đợi "
        f"vào {args.out}:"
    )
    for p in paths:
        print(f"  {p}")
    return 0
