"""The tree's changes recorded in Chromium (issue 12): the city's staff merge two
communes into a new one and split a third, each after a confirmation; link this year's
catalogue to last year's from the proposal; the comparison then shows the merged unit's
earlier value as its predecessors' sum (marked) and the split unit's once, on its own
row."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.web.browser import login
from tests.web.factories import PASSWORD, campaign, person, unit
from tonghop.web.consolidation import services as consolidation
from tonghop.web.units.models import Unit

pytestmark = pytest.mark.django_db(transaction=True)


def _indicator(c, key, name, user):
    return consolidation.save_indicator(
        c, {"key": key, "name": name, "unit": "hội nghị", "outline_item": "II",
            "aggregation": "sum", "keywords": []}, user,
    )  # fmt: skip


def test_merge_and_split_recorded_then_followed_across_campaigns(browser_page):
    city = unit("TU", "Thành ủy Hà Nội", kind="thanh_uy")
    u = {c: unit(c, n, parent=city, kind="dang_uy") for c, n in (
        ("A", "Đảng ủy phường An Bình"), ("Y", "Đảng ủy xã Yên Hòa"),
        ("M1", "Đảng ủy xã Mỹ Lộc"), ("M2", "Đảng ủy xã Mỹ Thành"))}  # fmt: skip
    staff = person("cv_tu", "staff", city)
    before = campaign(city, list(u.values()), title="Sơ kết năm 2024")
    old = _indicator(before, "hoi-nghi", "Số hội nghị học tập chuyên đề", staff)
    for code, v in {"A": 10, "Y": 8, "M1": 3, "M2": 4}.items():
        consolidation.set_value(old, before.assignments.get(unit=u[code]), Decimal(v), staff)

    page = browser_page
    login(page, "cv_tu", PASSWORD)
    page.goto("/don-vi/")
    page.get_by_role("link", name="Sáp nhập, chia tách, đổi tên, chuyển").click()
    expect(page.locator("#unit-changes")).to_contain_text("Chưa ghi nhận thay đổi nào.")

    # A merger into a new unit: asked first, then recorded.
    page.locator("#form-sap-nhap summary").click()
    page.get_by_label("Các đơn vị sáp nhập").select_option([str(u["M1"].pk), str(u["M2"].pk)])
    page.get_by_label("hoặc đơn vị mới: mã").fill("M")
    page.get_by_label("tên đơn vị mới").fill("Đảng ủy xã Mỹ Đức")
    page.locator("#form-sap-nhap").get_by_label("Ngày thay đổi").fill("01/07/2025")
    page.get_by_role("button", name="Sáp nhập…").click()
    expect(page.locator("#plan")).to_contain_text(
        "Sáp nhập Đảng ủy xã Mỹ Lộc, Đảng ủy xã Mỹ Thành thành Đảng ủy xã Mỹ Đức [M] "
        "(đơn vị mới), ngày 01/07/2025."
    )
    assert not Unit.objects.filter(code="M").exists()
    page.get_by_role("button", name="Xác nhận sáp nhập").click()
    expect(page.locator(".messages")).to_contain_text(
        "Đã ghi nhận sáp nhập thành Đảng ủy xã Mỹ Đức."
    )
    expect(page.locator("#unit-changes")).to_contain_text(
        "Đảng ủy xã Mỹ Lộc, Đảng ủy xã Mỹ Thành → Đảng ủy xã Mỹ Đức"
    )

    # A split into two new units, one a line; a bad line is refused first, nothing lost.
    page.locator("#form-chia-tach summary").click()
    page.get_by_label("Đơn vị chia tách").select_option(str(u["Y"].pk))
    pieces = page.get_by_label("và/hoặc các đơn vị mới (mỗi dòng: mã; tên đơn vị)")
    pieces.fill("Y1; Đảng ủy xã Yên Hòa Bắc\nYên Hòa Nam")
    page.locator("#form-chia-tach").get_by_label("Ngày thay đổi").fill("01/07/2025")
    page.get_by_role("button", name="Chia tách…").click()
    expect(page.locator("#form-chia-tach [role=alert]")).to_contain_text("Dòng 2")
    pieces = page.get_by_label("và/hoặc các đơn vị mới (mỗi dòng: mã; tên đơn vị)")
    expect(pieces).to_have_value("Y1; Đảng ủy xã Yên Hòa Bắc\nYên Hòa Nam")
    pieces.fill("Y1; Đảng ủy xã Yên Hòa Bắc\nY2; Đảng ủy xã Yên Hòa Nam")
    page.get_by_role("button", name="Chia tách…").click()
    expect(page.locator("#plan")).to_contain_text("Đóng Đảng ủy xã Yên Hòa từ ngày 01/07/2025.")
    page.get_by_role("button", name="Xác nhận chia tách").click()
    expect(page.locator(".messages")).to_contain_text(
        "Đã ghi nhận chia tách Đảng ủy xã Yên Hòa thành 2 đơn vị."
    )
    y, m = Unit.objects.get(code="Y"), Unit.objects.get(code="M")
    assert y.closed_on == dt.date(2025, 7, 1) and m.closed_on is None

    # This year's campaign addresses today's units; staff link it to last year's.
    y1, y2 = Unit.objects.get(code="Y1"), Unit.objects.get(code="Y2")
    now = campaign(city, [u["A"], y1, y2, m], title="Sơ kết năm 2025", copied_from=before)
    new = _indicator(now, "so-hoi-nghi", "Số hội nghị học tập chuyên đề năm 2025", staff)
    for x, v in ((u["A"], 12), (y1, 6), (y2, 5), (m, 9)):
        consolidation.set_value(new, now.assignments.get(unit=x), Decimal(v), staff)
    page.goto(f"/so-sanh/{now.pk}/ghep/")
    expect(page.get_by_label("Chỉ tiêu đợt trước cho «Số hội nghị học tập chuyên đề năm 2025»")
           ).to_have_value(str(old.pk))  # proposed by name and counted noun  # fmt: skip
    page.get_by_role("button", name="Lưu cách ghép").click()
    expect(page.locator("#across")).to_contain_text("+7 (+28%)")  # 32 against 25
    page.get_by_role("link", name="Số hội nghị học tập chuyên đề năm 2025").click()
    merged = page.locator(f"#beside tr[data-node='{m.pk}']")
    expect(merged).to_contain_text("9")
    expect(merged).to_contain_text(
        "tổng của các đơn vị trước khi sáp nhập: Đảng ủy xã Mỹ Lộc, Đảng ủy xã Mỹ Thành"
    )
    expect(merged.locator("td").nth(2)).to_have_text("7")
    split = page.locator(f"#beside tr[data-node='tach-{y.pk}']")
    expect(split).to_contain_text("Đảng ủy xã Yên Hòa (trước khi chia tách)")
    expect(split.locator("td").nth(1)).to_have_text("11")
    expect(split.locator("td").nth(2)).to_have_text("8")
    expect(page.locator(f"#beside tr[data-node='{y1.pk}'] td").nth(2)).to_have_text("—")
    expect(page.locator(f"#beside tr[data-node='{y2.pk}'] td").nth(2)).to_have_text("—")
