"""The indicator catalogue the KL01 template starts with (Kết luận 01-KL/TW campaigns).

From ../shared/DOMAIN.md, "Figures a report carries": documents issued by type; study
(conferences, connection points, attendees, share of members who studied, units holding
thematic sessions); following (personal plans, commitments kept and broken); propaganda
(articles, contests, participations, prizes, models, exemplars); commendation;
inspection and supervision by body; members disciplined; money raised.  Outline item
codes are those of the KL01 outline (tonghop/web/campaigns/templates_kl01.py).

Counted nouns and keywords are chosen so that `indicators.match` finds the figures of a
real report (seed 001) and of the generated ones; `indicators.py` says how keywords are
read ("a|b" either, "-x" not before the number).  Percentages are RATIO indicators over
two counts, never averaged: a unit's stated percentage is kept as its value, the totals
divide the sums of the counts.
"""

from __future__ import annotations

from tonghop.consolidate.model import RATIO, Indicator, Rule
from tonghop.consolidate.validation import default_rules


def _i(key: str, name: str, unit: str, item: str, *keywords: str, **kw) -> Indicator:
    return Indicator(
        key=key, name=name, unit=unit, outline_item=item, keywords=list(keywords), **kw
    )


def _ratio(key: str, name: str, item: str, num: str, den: str, *keywords: str) -> Indicator:
    return _i(key, name, "%", item, *keywords, aggregation=RATIO, numerator=num, denominator=den)


DOCUMENT_TYPES = (
    ("ke-hoach", "kế hoạch"),
    ("chuong-trinh", "chương trình"),
    ("huong-dan", "hướng dẫn"),
    ("cong-van", "công văn"),
    ("giay-moi", "giấy mời"),
    ("bao-cao", "báo cáo"),
)

# Who inspects and supervises: the reporting committee's standing board, its inspection
# commission (UBKT), the grassroots committees and the grassroots inspection commissions.
_BODIES = (
    ("ban-thuong-vu", "Ban Thường vụ", ("Ban Thường vụ|Thường trực", "-ủy ban kiểm tra")),
    ("ubkt", "Ủy ban Kiểm tra", ("ủy ban kiểm tra", "-ủy ban kiểm tra cơ sở")),
    ("cap-uy-co-so", "cấp ủy cơ sở", ("cấp ủy cơ sở", "-ủy ban kiểm tra")),
    ("ubkt-co-so", "Ủy ban Kiểm tra cơ sở", ("ủy ban kiểm tra cơ sở",)),
)
_ACTIONS = (("kiem-tra", "kiểm tra"), ("giam-sat", "giám sát"))
_OBJECTS = (("to-chuc-dang", "tổ chức đảng"), ("dang-vien", "đảng viên"))


def _inspections() -> list[Indicator]:
    out = []
    for body_key, body, body_words in _BODIES:
        for action_key, action in _ACTIONS:
            for obj_key, obj in _OBJECTS:
                out.append(
                    _i(
                        f"{action_key}-{obj_key}-{body_key}",
                        f"Số {obj} được {body} {action}",
                        obj,
                        "II.6",
                        action,
                        *body_words,
                    )
                )
    return out


INDICATORS: list[Indicator] = [
    # I. Leadership: documents issued, their total and each type
    _i(
        "van-ban",
        "Tổng số văn bản lãnh đạo, chỉ đạo, hướng dẫn đã ban hành",
        "văn bản",
        "I",
        "ban hành",
    ),
    *[_i(f"van-ban-{key}", f"Số {noun} đã ban hành", noun, "I") for key, noun in DOCUMENT_TYPES],
    # II.1 Study
    _i("hoi-nghi", "Số hội nghị học tập, quán triệt", "hội nghị", "II.1"),
    _i("diem-cau", "Số điểm cầu tổ chức hội nghị trực tuyến", "điểm cầu", "II.1"),
    _i(
        "dang-vien-du-hoi-nghi",
        "Số đảng viên tham dự hội nghị học tập, quán triệt",
        "đảng viên",
        "II.1",
        "điểm cầu|hội nghị",
    ),
    _i(
        "nguoi-du-hoi-nghi",
        "Số người ngoài Đảng (quần chúng, người lao động) tham dự hội nghị",
        "người",
        "II.1",
        "điểm cầu|hội nghị",
    ),
    _i(
        "dang-vien-hoc-tap",
        "Số đảng viên được học tập các chuyên đề",
        "đảng viên",
        "II.1",
        "học tập",
        "-điểm cầu",
        "-hội nghị",
    ),
    _i("tong-dang-vien", "Tổng số đảng viên", "đảng viên", "", "tổng số|hiện có"),
    _ratio(
        "ty-le-hoc-tap",
        "Tỷ lệ đảng viên được học tập các chuyên đề",
        "II.1",
        "dang-vien-hoc-tap",
        "tong-dang-vien",
        "học tập",
    ),
    _i(
        "don-vi-sinh-hoat-chuyen-de",
        "Số đơn vị tổ chức sinh hoạt chuyên đề",
        "đơn vị",
        "II.1",
        "sinh hoạt",
    ),
    # II.2 Following: personal plans, commitments
    _i(
        "dang-vien-co-ke-hoach",
        "Số đảng viên xây dựng kế hoạch học tập và làm theo Bác",
        "đảng viên",
        "II.2",
        "kế hoạch",
        "-cam kết",
        "-vi phạm",
    ),
    _ratio(
        "ty-le-co-ke-hoach",
        "Tỷ lệ đảng viên xây dựng kế hoạch học tập và làm theo Bác",
        "II.2",
        "dang-vien-co-ke-hoach",
        "tong-dang-vien",
        "kế hoạch",
        "-cam kết",
    ),
    _i(
        "dang-vien-giu-cam-ket",
        "Số đảng viên thực hiện tốt cam kết",
        "đảng viên",
        "II.2",
        "cam kết",
        "-vi phạm",
    ),
    _ratio(
        "ty-le-giu-cam-ket",
        "Tỷ lệ đảng viên thực hiện tốt cam kết",
        "II.2",
        "dang-vien-giu-cam-ket",
        "dang-vien-co-ke-hoach",
        "cam kết",
        "-vi phạm",
    ),
    _i(
        "dang-vien-vi-pham-cam-ket",
        "Số đảng viên vi phạm cam kết",
        "đảng viên",
        "II.2",
        "vi phạm",
    ),
    # II.2 Commendation (the reports put it beside the results of "làm theo")
    _i(
        "tap-the-khen-thuong",
        "Số tập thể (tổ chức đảng) được khen thưởng",
        "tập thể",
        "II.2",
        "khen thưởng",
        "-đề nghị",
    ),
    _i(
        "ca-nhan-khen-thuong",
        "Số cá nhân (đảng viên) được khen thưởng",
        "cá nhân",
        "II.2",
        "khen thưởng",
        "-đề nghị",
        "-vi phạm",
    ),
    _i(
        "tap-the-de-nghi-khen-thuong",
        "Số tập thể được đề nghị cấp trên khen thưởng",
        "tập thể",
        "II.2",
        "đề nghị",
        "khen thưởng",
    ),
    _i(
        "ca-nhan-de-nghi-khen-thuong",
        "Số cá nhân được đề nghị cấp trên khen thưởng",
        "cá nhân",
        "II.2",
        "đề nghị",
        "khen thưởng",
    ),
    _i(
        "dien-hinh",
        "Số điển hình tiên tiến được biểu dương, tuyên dương",
        "điển hình",
        "II.2",
        "tuyên dương|biểu dương|tôn vinh|khen thưởng",
    ),
    # II.2 Social welfare
    _i(
        "tien-an-sinh",
        "Số tiền vận động, ủng hộ an sinh xã hội, từ thiện",
        "đồng",
        "II.2",
        "ủng hộ|hỗ trợ|vận động|kêu gọi|quyên góp|trao tặng",
    ),
    # II.4 Propaganda
    _i("tin-bai", "Số tin, bài tuyên truyền", "tin, bài", "II.4"),
    _i("cuoc-thi", "Số cuộc thi, hội thi được tổ chức", "cuộc thi", "II.4"),
    _i("luot-du-thi", "Số lượt tham gia các cuộc thi", "lượt", "II.4", "thi"),
    _i(
        "nguoi-du-hoi-thi",
        "Số người dự Hội thi báo cáo viên giỏi",
        "đồng chí",
        "II.4",
        "hội thi|dự thi",
    ),
    _i("giai-nhat", "Số giải Nhất", "giải Nhất", "II.4"),
    _i("giai-nhi", "Số giải Nhì", "giải Nhì", "II.4"),
    _i("giai-ba", "Số giải Ba", "giải Ba", "II.4"),
    _i("giai-khuyen-khich", "Số giải Khuyến khích", "giải Khuyến khích", "II.4"),
    _i(
        "mo-hinh",
        "Số mô hình học tập và làm theo Bác được xây dựng, nhân rộng",
        "mô hình",
        "II.4",
    ),
    # II.6 Inspection and supervision by body; discipline
    *_inspections(),
    _i(
        "dang-vien-bi-xu-ly",
        "Số đảng viên vi phạm bị xử lý, kỷ luật",
        "đảng viên",
        "II.6",
        "xử lý|kỷ luật",
    ),
]

_NAMES = {i.key: i.name for i in INDICATORS}


def _le(part: str, whole: str) -> Rule:
    return Rule(
        key=f"khong-vuot:{part}:{whole}",
        left=[part],
        operator="<=",
        right=[whole],
        importance="error",
        message=f"{_NAMES[part]} không được lớn hơn {_NAMES[whole][0].lower()}{_NAMES[whole][1:]}",
    )


RULES: list[Rule] = [
    Rule(
        key="van-ban-bang-tong-cac-loai",
        left=["van-ban"],
        operator="==",
        right=[f"van-ban-{key}" for key, _ in DOCUMENT_TYPES],
        importance="error",
        message="Tổng số văn bản đã ban hành phải bằng tổng số văn bản các loại",
    ),
    *[_le(f"van-ban-{key}", "van-ban") for key, _ in DOCUMENT_TYPES],
    _le("dang-vien-hoc-tap", "tong-dang-vien"),
    _le("dang-vien-co-ke-hoach", "tong-dang-vien"),
    _le("dang-vien-giu-cam-ket", "dang-vien-co-ke-hoach"),
    _le("dang-vien-vi-pham-cam-ket", "dang-vien-co-ke-hoach"),
    _le("dang-vien-du-hoi-nghi", "tong-dang-vien"),
    *default_rules(INDICATORS),
]
