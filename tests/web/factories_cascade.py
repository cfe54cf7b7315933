"""A three-level tree for the campaign down and up: the city, two committees, two
grassroots organisations under each; the city's campaign forwarded by both committees.

    TU (city: staff, leader)
    ├── KA Đảng ủy Khối A (staff, leader, reporter) ── A1, A2 (reporters)
    └── KB Đảng ủy Khối B (staff, leader, reporter) ── B1, B2 (reporters)
"""

from __future__ import annotations

import datetime as dt

from tests.web.factories import campaign, person, unit
from tests.web.factories_submissions import docx_bytes, report_blocks
from tonghop.web.campaigns import cascade
from tonghop.web.campaigns.models import TierDeadline
from tonghop.web.submissions import services
from tonghop.web.units.models import Unit

TODAY = dt.date.today()


def tree() -> dict:
    city = unit("TU", "Thành ủy Hà Nội", kind=Unit.Kind.CITY)
    ka = unit("KA", "Đảng ủy Khối A", parent=city, kind=Unit.Kind.COMMITTEE, email="ka@ex.vn")
    kb = unit("KB", "Đảng ủy Khối B", parent=city, kind=Unit.Kind.COMMITTEE, email="kb@ex.vn")
    units = {"TU": city, "KA": ka, "KB": kb}
    for code, name, parent in (
        ("A1", "Chi bộ Công ty An Phú", ka),
        ("A2", "Chi bộ Trường Anh Sơn", ka),
        ("B1", "Chi bộ Bệnh viện Bình Minh", kb),
        ("B2", "Chi bộ Ngân hàng Bắc Hà", kb),
    ):
        units[code] = unit(
            code, name, parent=parent, kind=Unit.Kind.GRASSROOTS, email=f"{code}@ex.vn"
        )
    users = {
        "city_staff": person("cv_tu", "staff", city, "Nguyễn Thị Thành"),
        "city_leader": person("ld_tu", "leader", city),
        "ka_staff": person("cv_ka", "staff", ka, "Trần Văn Khối"),
        "kb_staff": person("cv_kb", "staff", kb),
        "ka_leader": person("ld_ka", "leader", ka),
        "ka_reporter": person("bc_ka", "reporter", ka),
        "kb_reporter": person("bc_kb", "reporter", kb),
        "a1_reporter": person("bc_a1", "reporter", units["A1"], "Lê Thị An"),
        "a2_reporter": person("bc_a2", "reporter", units["A2"]),
        "b1_reporter": person("bc_b1", "reporter", units["B1"]),
        "b2_reporter": person("bc_b2", "reporter", units["B2"]),
    }
    c = campaign(city, [ka, kb], deadline=TODAY + dt.timedelta(days=20))
    # The city's tier deadline for the grassroots level: the committees' default.
    TierDeadline.objects.create(campaign=c, depth=2, deadline=TODAY + dt.timedelta(days=12))
    return {"u": units, "users": users, "c": c}


def forwarded(w: dict) -> dict:
    """Both committees forward to both of their units, with earlier deadlines."""
    u, users, c = w["u"], w["users"], w["c"]
    w["part_a"] = cascade.forward(
        users["ka_staff"], c.assignments.get(unit=u["KA"]), [u["A1"], u["A2"]],
        TODAY + dt.timedelta(days=10), "Các chi bộ gửi kèm danh sách mô hình.",
    )  # fmt: skip
    w["part_b"] = cascade.forward(
        users["kb_staff"], c.assignments.get(unit=u["KB"]), [u["B1"], u["B2"]],
        TODAY + dt.timedelta(days=11),
    )  # fmt: skip
    return w


def submit(part, u: Unit, user, confirm: bool = False):
    """The unit uploads its report (figures confirmed as read, with `confirm`) and
    submits it."""
    a = part.assignments.get(unit=u)
    v = services.store_upload(a, docx_bytes(report_blocks(u.name)), f"bao_cao_{u.code}.docx", user)
    if confirm:
        services.confirm_figures(v, {f.pk: str(f.value) for f in v.figures.all()}, user)
    a.submission.refresh_from_db()
    services.submit(a.submission, v, user)
    a.refresh_from_db()
    return a
