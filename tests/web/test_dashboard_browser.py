"""The staff's reading of a campaign in a real headless Chromium: the dashboard
filtered with htmx, the matrix, the side-by-side page and search."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.web.browser import login
from tests.web.factories import PASSWORD
from tests.web.factories_dashboard import answer_texts, at, campaign, city_tree, people, report

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_reads_a_campaign(browser_page):
    page = browser_page
    city, _dept, (q1, q2, q3), front, _youth = city_tree(3)
    deadline = timezone.localdate() - dt.timedelta(days=3)
    c = campaign(city, [q1, q2, q3, front], deadline=deadline)
    people(city, q1)
    a = {x.unit.code: x for x in c.assignments.select_related("unit")}
    report(a["Q1"], at(deadline - dt.timedelta(days=1), 10))
    answers = answer_texts()
    answers["II"] = (
        ["II"],
        "KẾT QUẢ THỰC HIỆN",
        "Các chi bộ sinh hoạt chuyên đề “Tự soi, tự sửa” mỗi quý một lần.",
    )
    report(a["Q2"], at(deadline + dt.timedelta(days=1), 15), answers=answers, findings=3)

    login(page, "chuyenvien", PASSWORD)
    page.goto(f"/theo-doi/{c.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(c.title)
    rows = page.locator("#bang tbody tr[data-unit]")
    expect(rows).to_have_count(4)
    expect(page.locator("svg.chart")).to_be_visible()

    # Filter to late reports: htmx swaps the table, the page stays, the URL follows.
    page.evaluate("window.__same_page = true")
    page.get_by_label("Trạng thái").select_option(label="Nộp muộn")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Quận ủy Hoàn Kiếm")
    expect(rows.first).to_contain_text("Nộp muộn")
    expect(page).to_have_url(re.compile(r"status=late"))
    assert page.evaluate("window.__same_page") is True
    # Sorting by a column head keeps the filter.
    page.locator("#bang th a", has_text="Số vấn đề").click()
    expect(page).to_have_url(re.compile(r"sort=findings"))
    expect(rows).to_have_count(1)
    assert page.evaluate("window.__same_page") is True

    # The matrix: units x outline items with the items' titles as tooltips.
    page.get_by_role("link", name="Ma trận đề cương").click()
    expect(page.locator("table.matrix")).to_be_visible()
    head = page.locator("table.matrix th.code", has_text="III.3")
    expect(head).to_have_attribute("title", "III.3. Bài học kinh nghiệm")
    q1_row = page.locator("table.matrix tr[data-unit=Q1]")
    expect(q1_row.locator("td.yes")).to_have_count(4)
    expect(page.locator("table.matrix tr[data-unit=Q3] td.none")).to_have_count(4)

    # Side by side: pick item II and read both units' answers.
    page.get_by_role("link", name="Đọc theo mục").click()
    page.get_by_label("Mục đề cương").select_option(value="II")
    expect(page).to_have_url(re.compile(r"/doc-theo-muc/II/$"))
    expect(page.locator("article.answer-row")).to_have_count(2)
    expect(page.locator("article[data-unit=Q1]")).to_contain_text(
        "Tổ chức 4.320 buổi sinh hoạt chuyên đề."
    )
    expect(page.locator("article[data-unit=Q2]")).to_contain_text("“Tự soi, tự sửa”")
    expect(page.locator("li[data-unit=Q3]")).to_contain_text("chưa có nội dung")

    # Search without accents.
    page.get_by_role("link", name="Tìm kiếm").click()
    page.get_by_label("Tìm trong các báo cáo").fill("tu soi tu sua")
    page.get_by_role("button", name="Tìm").click()
    hit = page.locator("li.hit")
    expect(hit).to_have_count(1)
    expect(hit).to_contain_text("Quận ủy Hoàn Kiếm")
    expect(hit.locator("mark")).to_have_text("Tự soi, tự sửa")
