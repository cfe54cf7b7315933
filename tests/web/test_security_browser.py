"""The Content-Security-Policy in a real Chromium: the pages still work (htmx filters and
checkboxes, the confirmation dialog, a select that sends its form, the nominee's
photo) and the console shows no violation; a photo carrying HTML runs nothing."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.web.browser import login
from tests.web.factories import PASSWORD, campaign, person, unit
from tests.web.factories_exemplars import person_data, png
from tests.web.factories_submissions import docx_bytes, report_blocks
from tonghop.web.campaigns.templates_kl01 import PROGRAMMES
from tonghop.web.exemplars import services as nominations
from tonghop.web.submissions import services as submissions

pytestmark = pytest.mark.django_db(transaction=True)


def test_pages_work_under_the_policy_without_violations(browser_page):
    page = browser_page
    city = unit("TU", "Thành ủy Hà Nội")
    a = unit("QA", "Quận ủy Ba Đình", parent=city)
    b = unit("QB", "Quận ủy Hoàn Kiếm", parent=city)
    c = campaign(
        city,
        [a, b],
        nomination_collective=1,
        nomination_individual=1,
        programmes=[dict(p) for p in PROGRAMMES],
    )
    rep = person("baocao", "reporter", a)
    person("chuyenvien", "staff", city)
    assignment = c.assignments.get(unit=a)
    v = submissions.store_upload(
        assignment, docx_bytes(report_blocks("Quận ủy Ba Đình")), "bc.docx", rep
    )
    submissions.submit(assignment.submission, v, rep)
    hostile = png(60, 80) + b"<html><script>alert('xss')</script></html>"
    n = nominations.save_draft(
        c, a, rep, person_data("Nguyễn Thị Hoa"), photo=(hostile, "anh.html")
    )
    nominations.submit(n, rep)

    problems: list[str] = []
    page.on(
        "console",
        lambda m: (
            problems.append(m.text)
            if m.type in ("error", "warning") and "Content Security Policy" in m.text
            else None
        ),
    )
    page.on("pageerror", lambda e: problems.append(f"lỗi trang: {e}"))
    page.on("dialog", lambda d: (problems.append(f"hộp thoại: {d.message}"), d.dismiss()))

    login(page, "chuyenvien", PASSWORD)
    # The dashboard's filter is htmx: typing narrows the table without reloading.
    page.goto(f"/theo-doi/{c.pk}/")
    page.evaluate("window.stillHere = true")
    expect(page.locator("#bang")).to_contain_text("Quận ủy Hoàn Kiếm")
    page.locator("#id_q").press_sequentially("Ba Đình")
    expect(page.locator("#bang")).not_to_contain_text("Quận ủy Hoàn Kiếm")
    assert page.evaluate("window.stillHere === true")
    # Reading by outline item: choosing an item in the list opens it (data-autosubmit).
    page.goto(f"/theo-doi/{c.pk}/doc-theo-muc/")
    page.locator("#chon-muc").select_option("II")
    page.wait_for_url("**/doc-theo-muc/II/**")
    # The nominee's photo shows as a picture; its HTML never runs.
    page.goto(f"/dien-hinh/ho-so/{n.pk}/")
    img = page.locator("img").first
    expect(img).to_be_visible()
    assert page.evaluate("document.querySelector('main img').naturalWidth") == 60
    page.goto(f"/dien-hinh/ho-so/{n.pk}/anh/")
    page.goto(f"/dien-hinh/dot/{c.pk}/")
    # The board's checkboxes post through htmx and the counter changes in place.
    page.evaluate("window.stillHere = true")
    film = page.locator("#counters tr").filter(has_text="Phim ngắn")
    expect(film).to_contain_text("điển hình: 0/1")
    page.get_by_label("Chọn Nguyễn Thị Hoa vào Phim ngắn", exact=False).check()
    expect(page.locator("#counters tr").filter(has_text="Phim ngắn")).to_contain_text(
        "điển hình: 1/1"
    )
    assert page.evaluate("window.stillHere === true")
    # Sending reminders asks first, in the dialog of static/confirm.js.
    page.goto(f"/theo-doi/{c.pk}/")
    page.get_by_role("button", name="Gửi nhắc nhở các đơn vị chưa nộp").click()
    expect(page.locator("dialog.confirm")).to_be_visible()
    page.locator("dialog.confirm").get_by_role("button", name="Hủy").click()
    expect(page.locator("dialog.confirm")).to_be_hidden()
    assert not problems, problems
