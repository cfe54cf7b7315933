"""Builders for the consolidation tests: a city whose tree changed after the campaign
was sent, reports with figures their reporters confirmed, and a small catalogue.

The tree when the campaign was sent (owner TU, not a node):
    Q1 (reports) ── W11, W12          W12 moves to Q2 after sending: still counts in Q1
    Q2 (reports) ── W21
    Q3 (does not report) ── W31
    MT (reports, sends no figures: missing, never zero)
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from tests.web.factories import campaign, person, unit
from tests.web.factories_dashboard import at, report
from tonghop.web.consolidation.models import Indicator
from tonghop.web.submissions.models import ReportedFigure, Version
from tonghop.web.units.models import Unit

# unit code -> [(value as written, qualifier, counted noun, sentence words after it)]
FIGURES = {
    "Q1": [("5", "", "hội nghị", "học tập"), ("90", "", "đảng viên", "tham dự học tập"),
           ("100", "", "đảng viên", "là tổng số của đảng bộ")],
    "W11": [("3", "trên", "hội nghị", "học tập"), ("10", "", "đảng viên", "tham dự học tập"),
            ("50", "", "đảng viên", "là tổng số của đảng bộ")],
    "W12": [("4", "", "hội nghị", "học tập")],
    "Q2": [("0", "", "hội nghị", "học tập"), ("30", "", "đảng viên", "tham dự học tập"),
           ("40", "", "đảng viên", "là tổng số của đảng bộ")],
    "W21": [("1", "", "hội nghị", "học tập")],
    "W31": [("7", "", "hội nghị", "học tập")],
    "MT": [],
}  # fmt: skip
# What the roll-up must give, added up by hand from FIGURES and the tree as sent.
HAND = {
    ("Q1", "hoi-nghi"): Decimal(12),  # 5 + 3 + 4 (W12 moved away later)
    ("Q2", "hoi-nghi"): Decimal(1),  # 0 + 1: a zero is a value
    ("Q3", "hoi-nghi"): Decimal(7),
    ("", "hoi-nghi"): Decimal(20),
}


def sentence(value: str, qualifier: str, noun: str, rest: str) -> str:
    q = f"{qualifier} " if qualifier else ""
    return f"Trong năm, đơn vị có {q}{value} {noun} {rest}."


def world():
    city = unit("TU", "Thành ủy Hà Nội", kind=Unit.Kind.CITY)
    q1 = unit("Q1", "Quận ủy Ba Đình", parent=city, kind=Unit.Kind.DISTRICT)
    q2 = unit("Q2", "Quận ủy Hoàn Kiếm", parent=city, kind=Unit.Kind.DISTRICT)
    q3 = unit("Q3", "Huyện ủy Sóc Sơn", parent=city, kind=Unit.Kind.DISTRICT)
    mt = unit("MT", "Ủy ban MTTQ Thành phố", parent=city, kind=Unit.Kind.FRONT)
    w11 = unit("W11", "Đảng ủy phường Phúc Xá", parent=q1, kind=Unit.Kind.GRASSROOTS)
    w12 = unit("W12", "Đảng ủy phường Trúc Bạch", parent=q1, kind=Unit.Kind.GRASSROOTS)
    w21 = unit("W21", "Đảng ủy phường Hàng Bạc", parent=q2, kind=Unit.Kind.GRASSROOTS)
    w31 = unit("W31", "Đảng ủy xã Phù Linh", parent=q3, kind=Unit.Kind.GRASSROOTS)
    units = {u.code: u for u in (q1, q2, q3, mt, w11, w12, w21, w31)}
    people = {
        "staff": person("chuyenvien", "staff", city, "Nguyễn Thị Chuyên"),
        "leader": person("lanhdao", "leader", city, "Trần Văn Lãnh"),
        "reporter": person("baocao", "reporter", q1, "Lê Văn Báo"),
        "reporter_b": person("baocao_b", "reporter", q2, "Phạm Thị Bích"),
    }
    addressed = [units[c] for c in ("Q1", "Q2", "MT", "W11", "W12", "W21", "W31")]
    c = campaign(city, addressed, deadline=dt.date.today() + dt.timedelta(days=3))
    # After sending: Trúc Bạch is moved to Hoàn Kiếm.
    w12.parent = q2
    w12.save()
    for code in FIGURES:
        submit_report(c, units[code])
    return {"city": city, "units": units, "people": people, "campaign": c}


def submit_report(c, u, figures=None, confirm: bool = True):
    """A submitted version with the unit's figures, confirmed by its reporter."""
    a = c.assignments.get(unit=u)
    number = Version.objects.filter(submission__assignment=a).count() + 1
    version = report(a, submitted_at=at(dt.date.today()), number=number)
    for order, (value, qualifier, noun, rest) in enumerate(
        FIGURES[u.code] if figures is None else figures, start=1
    ):
        ReportedFigure.objects.create(
            version=version,
            order=order,
            value=Decimal(value),
            proposed_value=Decimal(value),
            raw=value,
            unit=noun,
            qualifier=qualifier,
            sentence=sentence(value, qualifier, noun, rest),
            path=["II"],
            status="confirmed" if confirm else "proposed",
        )
    return version


def catalogue(c, user=None):
    """Four indicators: a count, two counts of members, and their ratio."""
    from tonghop.web.consolidation import services

    def add(key, name, noun, keywords=(), **kw):
        return services.save_indicator(
            c,
            {"key": key, "name": name, "unit": noun, "outline_item": "II",
             "aggregation": "sum", "keywords": list(keywords), **kw},
            user,
        )  # fmt: skip

    hn = add("hoi-nghi", "Số hội nghị học tập", "hội nghị")
    td = add("dv-tham-du", "Số đảng viên tham dự học tập", "đảng viên", ["tham dự"])
    ts = add("dv-tong-so", "Tổng số đảng viên", "đảng viên", ["tổng số"])
    tl = add(
        "ty-le-tham-du", "Tỷ lệ đảng viên tham dự học tập", "%", aggregation="ratio",
        numerator=td, denominator=ts,
    )  # fmt: skip
    return {i.key: i for i in (hn, td, ts, tl)} | {"_all": Indicator.objects.filter(campaign=c)}
