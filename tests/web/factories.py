"""Small builders for web tests: a tree, people with roles, a campaign."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User

from tonghop.web.accounts.models import Profile
from tonghop.web.campaigns.models import Assignment, Campaign, OutlineItem
from tonghop.web.units.models import Unit

PASSWORD = "Mat-khau-th3-nghiem"


def unit(code: str, name: str | None = None, parent: Unit | None = None, **kw) -> Unit:
    return Unit.objects.create(code=code, name=name or f"Đơn vị {code}", parent=parent, **kw)


def person(username: str, role: str, unit: Unit, full_name: str = "") -> User:
    user = User.objects.create_user(username, f"{username}@example.test", PASSWORD)
    Profile.objects.create(user=user, role=role, unit=unit, full_name=full_name or username)
    return user


def campaign(owner: Unit, units: list[Unit], deadline: dt.date | None = None, **kw) -> Campaign:
    c = Campaign.objects.create(
        title=kw.pop("title", "Đánh giá tình hình thực hiện Kết luận số 01-KL/TW"),
        owner=owner,
        deadline=deadline or dt.date.today() + dt.timedelta(days=10),
        **kw,
    )
    for order, (code, title, level, parent) in enumerate(
        [
            ("I", "CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO", 1, ""),
            ("II", "KẾT QUẢ THỰC HIỆN", 1, ""),
            ("III", "ĐÁNH GIÁ CHUNG", 1, ""),
            ("III.3", "Bài học kinh nghiệm", 2, "III"),
        ]
    ):
        OutlineItem.objects.create(
            campaign=c, code=code, title=title, level=level, parent_code=parent, order=order
        )
    for u in units:
        Assignment.objects.create(campaign=c, unit=u, parent_at_time=u.parent)
    return c
