"""The reporter's check page walked in Chromium: guideline and outline from «Việc cần
làm» before any upload, the right number marked, groups folded, the submit bar in
reach while reading, the confirmation saying what is open, figures frozen after
submitting; at 390 px wide nothing scrolls sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.web.browser import login
from tests.web.factories import PASSWORD, campaign, person, unit
from tests.web.factories_submissions import docx_bytes
from tests.web.test_check_page import TRICKY, tricky_blocks
from tonghop.web.submissions.models import Submission

pytestmark = pytest.mark.django_db(transaction=True)


def in_view(page, selector: str) -> bool:
    return page.evaluate(
        """sel => { const r = document.querySelector(sel).getBoundingClientRect();
                    return r.top >= 0 && r.bottom <= window.innerHeight + 1; }""",
        selector,
    )


def no_sideways_scroll(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_reporter_reads_checks_and_submits(browser_page, tmp_path):
    page = browser_page
    city = unit("TU", "Thành ủy Hà Nội")
    district = unit("Q1", "Quận ủy Ba Đình", parent=city)
    c = campaign(city, [district])
    person("baocao", "reporter", district)
    path = tmp_path / "Báo cáo Ba Đình.docx"
    path.write_bytes(docx_bytes(tricky_blocks()))

    login(page, "baocao", PASSWORD)
    page.get_by_role("link", name="Hướng dẫn và đề cương").click()
    outline = page.locator("#outline")
    expect(outline).to_have_attribute("open", "")
    expect(outline).to_contain_text("III.3. Bài học kinh nghiệm")

    page.get_by_label("Tệp báo cáo (.docx, .pdf, .txt, .md)").set_input_files(path)
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    expect(page.get_by_text("Đã tải lên phiên bản 1")).to_be_visible()

    # Folded by outline item; opened, the sentence shows once with the right numbers marked.
    group = page.locator("details.figure-group[data-item='II']")
    expect(group).not_to_have_attribute("open", "")
    group.locator("summary").click()
    sentence = group.locator(".sentence").filter(has_text="2019-2023")
    expect(sentence).to_have_count(1)
    expect(sentence.locator("p.said")).to_have_text(TRICKY)
    marks = sentence.locator("mark")
    texts = marks.all_inner_texts()
    assert texts == ["01", "20", "21", "98%", "20"]  # "03 năm" is a span, not a figure
    before = sentence.locator("p.said").evaluate(
        """p => [...p.querySelectorAll('mark')].map(m => {
              const prev = m.previousSibling ? m.previousSibling.textContent : '';
              return prev.slice(-12); })"""
    )
    assert before[0].endswith("Đảng bộ có ") and before[1].endswith("năm 2021 có ")
    expect(sentence).to_contain_text("trên 98%")
    expect(sentence).to_contain_text("hơn 20 tỷ đồng")

    # The submit bar stays in reach while reading.
    assert in_view(page, "#submit")
    page.locator("#versions").scroll_into_view_if_needed()
    page.mouse.wheel(0, -400)
    assert in_view(page, "#submit")
    expect(page.locator("#submit")).to_contain_text("số liệu chưa xác nhận")

    # Submitting asks first, saying what is still open; then the figures are frozen.
    page.get_by_role("button", name="Nộp báo cáo").click()
    dialog = page.locator("dialog.confirm")
    expect(dialog).to_contain_text("Nộp phiên bản 1 tới Thành ủy Hà Nội?")
    expect(dialog).to_contain_text("số liệu chưa xác nhận")
    expect(dialog).to_contain_text("Chưa có nội dung cho mục III.3 của đề cương.")
    dialog.get_by_role("button", name="Hủy").click()
    assert Submission.objects.get().status == "draft"
    page.get_by_role("button", name="Nộp báo cáo").click()
    dialog.get_by_role("button", name="Nộp báo cáo").click()
    expect(page.locator("#status")).to_contain_text("Đã nộp")
    expect(page.locator("#figures")).to_contain_text("số liệu của phiên bản này không sửa được nữa")
    expect(page.get_by_role("button", name="Lưu số liệu")).to_have_count(0)

    # On a phone: neither «Việc cần làm» nor the report's page scrolls sideways.
    page.set_viewport_size({"width": 390, "height": 844})
    a = c.assignments.get()
    for url in ("/bao-cao/", f"/bao-cao/{a.pk}/"):
        page.goto(url)
        wide = page.evaluate(
            """() => [...document.querySelectorAll('body *')].filter(e =>
                e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                .slice(0, 8).map(e => e.tagName + '.' + e.className + '#' + e.id + ' '
                + Math.round(e.getBoundingClientRect().right))"""
        )
        assert no_sideways_scroll(page), (url, wide)
