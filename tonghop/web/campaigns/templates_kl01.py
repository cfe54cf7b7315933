"""Built-in campaign template: the evaluation of Kết luận 01-KL/TW.

Facts copied from the guideline of the Ban Tuyên giáo Thành ủy Hà Nội (seed 003):
its ĐỀ CƯƠNG (I; II.1-6; III.1-3; IV.1-2), the nomination quota per unit and the
programmes exemplars are selected into.  Dates are left to staff: each year's
campaign has its own period and deadline.
"""

from __future__ import annotations

KEY = "kl01"
NAME = "Đánh giá thực hiện Kết luận số 01-KL/TW (học tập và làm theo Bác)"

TITLE = (
    "Đánh giá tình hình thực hiện Kết luận số 01-KL/TW, ngày 18/5/2021 của Bộ Chính trị và "
    "triển khai các nhiệm vụ khen thưởng, tuyên truyền về “Học tập và làm theo tư tưởng, "
    "đạo đức, phong cách Hồ Chí Minh”"
)
SUMMARY = (
    "Báo cáo tình hình thực hiện Kết luận số 01-KL/TW, ngày 18/5/2021 của Bộ Chính trị về "
    "tiếp tục thực hiện Chỉ thị số 05-CT/TW “Về đẩy mạnh học tập và làm theo tư tưởng, "
    "đạo đức, phong cách Hồ Chí Minh”"
)
RECEIVER = "Ban Tuyên giáo Thành ủy (qua Phòng Lý luận chính trị - Lịch sử đảng)"
NOMINATION_COLLECTIVE = 1
NOMINATION_INDIVIDUAL = 1

# (code, title, level, parent code)
OUTLINE: tuple[tuple[str, str, int, str], ...] = (
    ("I", "CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO VIỆC TRIỂN KHAI THỰC HIỆN KẾT LUẬN SỐ 01-KL/TW", 1, ""),
    ("II", "KẾT QUẢ THỰC HIỆN", 1, ""),
    (
        "II.1",
        "Việc tổ chức nghiên cứu, học tập, quán triệt Kết luận số 01, chuyên đề toàn khóa, "
        "việc cụ thể hoá chuyên đề toàn khóa thành các chuyên đề riêng của địa phương, "
        "cơ quan, đơn vị",
        2,
        "II",
    ),
    (
        "II.2",
        "Kết hợp giữa học tập với làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        2,
        "II",
    ),
    (
        "II.3",
        "Thực hiện trách nhiệm nêu gương của cán bộ, đảng viên, công chức, viên chức, "
        "đoàn viên, hội viên trong học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        2,
        "II",
    ),
    ("II.4", "Công tác tuyên truyền về tư tưởng, đạo đức, phong cách Hồ Chí Minh", 2, "II"),
    (
        "II.5",
        "Việc đổi mới, nâng cao chất lượng, hiệu quả nghiên cứu, giảng dạy, học tập, vận dụng "
        "và phát triển sáng tạo tư tưởng Hồ Chí Minh",
        2,
        "II",
    ),
    (
        "II.6",
        "Công tác kiểm tra, giám sát việc thực hiện Chỉ thị số 05-CT/TW, Kết luận số 01 gắn "
        "với thực hiện các Nghị quyết Trung ương về xây dựng, chỉnh đốn Đảng và các quy định "
        "của Đảng về trách nhiệm nêu gương",
        2,
        "II",
    ),
    ("III", "ĐÁNH GIÁ CHUNG", 1, ""),
    ("III.1", "Ưu điểm và nguyên nhân", 2, "III"),
    ("III.2", "Hạn chế, khó khăn, vướng mắc và nguyên nhân", 2, "III"),
    ("III.3", "Bài học kinh nghiệm", 2, "III"),
    ("IV", "NHIỆM VỤ, GIẢI PHÁP VÀ KIẾN NGHỊ", 1, ""),
    ("IV.1", "Nhiệm vụ, giải pháp", 2, "IV"),
    ("IV.2", "Đề xuất, kiến nghị", 2, "IV"),
)

# The programmes and their quotas (DOMAIN.md, from the guideline's section on exemplars).
PROGRAMMES: tuple[dict, ...] = (
    {"name": "Bằng khen của Thủ tướng Chính phủ", "collective": 1, "individual": 2},
    {"name": "Bằng khen của Trưởng Ban Tuyên giáo Trung ương", "collective": 1, "individual": 2},
    {
        "name": "Sách “Ngàn hoa dâng Bác” tập 8",
        "note": "biên tập, tổng hợp câu chuyện về các điển hình; không định số lượng",
    },
    {
        "name": "Triển lãm “Những tấm gương bình dị mà cao quý” (tháng 5/2024)",
        "exemplar_min": 5,
        "exemplar_max": 10,
    },
    {"name": "Phim ngắn, phim tài liệu (Ban Tuyên giáo Trung ương)", "model": 1, "exemplar": 1},
    {
        "name": "Chương trình Giao lưu các điển hình tiêu biểu cấp khu vực (tháng 5 - 8/2024) và "
        "Chương trình “Hồ Chí Minh - Hành trình khát vọng” năm 2024",
        "model": 1,
        "exemplar": 1,
    },
)

# Kinds of units a KL01 campaign addresses: "TT các quận, huyện, thị ủy, đảng ủy trực
# thuộc; MTTQ và các tổ chức chính trị - xã hội Thành phố".
ADDRESSED_KINDS = ("quan_huyen", "dang_uy_khoi", "dang_uy", "mttq", "doan_the")
