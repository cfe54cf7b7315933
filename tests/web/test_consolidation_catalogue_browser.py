"""The catalogue's life and the indicator pages in a real headless Chromium, as staff
use them: the KL01 template and a copy from an earlier campaign, a merge and a
retirement, an indicator page sorted by value with its sentences and chart, a
correction that the audit log shows with both values, who and why, and the .xlsx."""

from __future__ import annotations

from io import BytesIO

import pytest
from playwright.sync_api import expect

from tests.web import factories_consolidation as fc
from tests.web.browser import login
from tests.web.factories import PASSWORD
from tests.web.factories import campaign as make_campaign
from tonghop.web.consolidation import services

pytestmark = pytest.mark.django_db(transaction=True)


def test_catalogue_template_copy_merge_retire_sort_correct_and_export(browser_page, tmp_path):
    from openpyxl import load_workbook

    page = browser_page
    w = fc.world()
    c, staff = w["campaign"], w["people"]["staff"]
    cat = fc.catalogue(c, staff)
    twin = services.save_indicator(
        c, {"key": "hoi-nghi-chuyen-de", "name": "Số hội nghị chuyên đề", "unit": "hội nghị",
            "outline_item": "II", "aggregation": "sum", "keywords": []}, staff,
    )  # fmt: skip
    services.save_indicator(
        c, {"key": "bo-di", "name": "Số buổi tọa đàm", "unit": "buổi", "outline_item": "II",
            "aggregation": "sum", "keywords": []}, staff,
    )  # fmt: skip
    later = make_campaign(w["city"], [w["units"]["Q1"]], title="Sơ kết 6 tháng đầu năm 2027")
    login(page, "chuyenvien", PASSWORD)

    # A new campaign: the KL01 template, then this campaign's catalogue copied over.
    page.goto(f"/tong-hop/{later.pk}/")
    page.get_by_role("button", name="Lập theo mẫu Kết luận 01-KL/TW").click()
    expect(page.locator(".messages")).to_contain_text("chỉ tiêu theo mẫu Kết luận 01-KL/TW")
    expect(page.locator("tr[data-key]")).not_to_have_count(0)
    from_template = page.locator("tr[data-key]").count()
    assert from_template > 40
    page.get_by_label("Sao chép danh mục từ đợt báo cáo").select_option(label=c.title)
    page.get_by_role("button", name="Sao chép").click()
    expect(page.locator(".messages")).to_contain_text("Đã sao chép")
    expect(page.locator("tr[data-key=hoi-nghi]")).to_contain_text("Số hội nghị học tập")

    # Merge the twin into the meetings, retire the talks.
    page.goto(f"/tong-hop/{c.pk}/")
    page.locator("tr[data-key=hoi-nghi-chuyen-de]").get_by_role("link", name="Sửa, gộp").click()
    page.get_by_label("Gộp vào chỉ tiêu").select_option(label="Số hội nghị học tập")
    page.get_by_role("button", name="Gộp").click()
    expect(page.locator(".messages")).to_contain_text(
        "Đã gộp «Số hội nghị chuyên đề» vào «Số hội nghị học tập»"
    )
    page.goto(f"/tong-hop/{c.pk}/")
    expect(page.locator("tr[data-key=hoi-nghi-chuyen-de]")).to_contain_text(
        "đã gộp vào «Số hội nghị học tập»"
    )
    page.locator("tr[data-key=bo-di]").get_by_role("button", name="Ngừng sử dụng").click()
    expect(page.locator("tr[data-key=bo-di]")).to_contain_text("ngừng sử dụng")
    twin.refresh_from_db()
    assert twin.retired and twin.merged_into_id == cat["hoi-nghi"].pk

    # The indicator page: sorted by value (missing last), sentences, chart.
    page.locator("tr[data-key=hoi-nghi]").get_by_role("link", name="Số hội nghị học tập").click()
    expect(page.locator("svg").first).to_be_visible()
    page.get_by_role("link", name="theo giá trị").click()
    rows = page.locator("tr[data-unit]")
    expect(rows.last).to_contain_text("chưa có")
    codes = rows.evaluate_all("rs => rs.map(r => r.dataset.unit)")
    got = [c for c in codes if c != "MT"]
    hand = {"Q1": 5, "W11": 3, "W12": 4, "Q2": 0, "W21": 1, "W31": 7}
    assert [hand[x] for x in got] in (sorted(hand.values()), sorted(hand.values(), reverse=True))
    assert codes[-1] == "MT"
    expect(page.locator("tr[data-unit=W31]")).to_contain_text("Trong năm, đơn vị có 7 hội nghị")

    # A correction with its reason; the audit log has both numbers, who and why.
    row = page.locator("tr[data-unit=W21]")
    row.locator("summary", has_text="Sửa").click()
    row.get_by_label("Giá trị đúng").fill("2")
    row.get_by_label("Lý do").fill("Biên bản hội nghị bổ sung")
    row.get_by_role("button", name="Lưu").click()
    expect(page.locator("tr[data-unit=W21]")).to_contain_text("báo cáo ghi 1")
    page.goto(f"/nhat-ky/dot-bao-cao/{c.pk}/")
    entry = page.locator("tr", has_text="Biên bản hội nghị bổ sung")
    expect(entry).to_contain_text("Nguyễn Thị Chuyên")
    expect(entry).to_contain_text("1 → 2")
    expect(entry).to_contain_text("Đảng ủy phường Hàng Bạc")

    # The .xlsx: every indicator in use by unit, with the whole campaign's total.
    page.goto(f"/tong-hop/{c.pk}/")
    with page.expect_download() as info:
        page.get_by_role("link", name="Xuất Excel (.xlsx)").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    book = load_workbook(BytesIO(path.read_bytes()))
    cells = [str(v) for ws in book.worksheets for r in ws.iter_rows(values_only=True) for v in r]
    assert any("Số hội nghị học tập" in x for x in cells)
    assert not any("Số buổi tọa đàm" in x for x in cells)  # retired: not exported
    assert "Đảng ủy phường Hàng Bạc" in cells
