"""Consolidation in a real headless Chromium: staff open the catalogue, adopt a proposed
indicator, correct a unit's value with a reason, read the roll-up, ask for the draft
(made by the background worker while the page follows it without reloading) and download
it, opened with python-docx."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.web import factories_consolidation as fc
from tests.web.browser import login
from tests.web.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_adopt_correct_roll_up_and_draft(browser_page, tmp_path):
    import docx

    page = browser_page
    w = fc.world()
    c = w["campaign"]
    login(page, "chuyenvien", PASSWORD)
    page.goto(f"/theo-doi/{c.pk}/")
    page.get_by_role("link", name="Tổng hợp số liệu").click()
    expect(page.get_by_text("Đợt báo cáo chưa có chỉ tiêu nào.")).to_be_visible()

    # Proposals from the reports: adopt the meetings counted by six units.
    page.get_by_role("link", name="Đề xuất từ báo cáo", exact=False).first.click()
    proposal = page.locator("article.candidate", has_text="6/7 đơn vị").filter(has_text="hội nghị")
    expect(proposal.first).to_contain_text("Trong năm, đơn vị có")
    proposal.first.get_by_role("button", name="Thêm vào danh mục").click()
    expect(page.locator(".messages")).to_contain_text("Đã thêm chỉ tiêu")
    expect(page.locator("#tong")).to_contain_text("trên 20")

    # Ba Đình's 5 meetings were 6: corrected with a reason; the report's number stays.
    row = page.locator("tr[data-unit=Q1]")
    expect(row.locator("td.value")).to_contain_text("5")
    row.locator("summary", has_text="Sửa").click()
    row.get_by_label("Giá trị đúng").fill("6")
    row.get_by_label("Lý do").fill("Đơn vị gửi văn bản bổ sung")
    row.get_by_role("button", name="Lưu").click()
    row = page.locator("tr[data-unit=Q1]")
    expect(row).to_contain_text("báo cáo ghi 5; sửa: Đơn vị gửi văn bản bổ sung")
    expect(page.locator("#tong")).to_contain_text("trên 21")

    # The roll-up by the tree as sent: Ba Đình still counts Trúc Bạch, moved since.
    page.get_by_role("link", name="Cộng dồn theo cây đơn vị").click()
    ba_dinh = page.locator("tr[data-node=Q1]")
    expect(ba_dinh).to_contain_text("trên 13")
    expect(ba_dinh).to_contain_text("3/3 đơn vị báo cáo")
    expect(page.locator("tr.whole")).to_contain_text("6/7 đơn vị báo cáo")

    # The draft, with the sources as Word comments.
    page.get_by_role("link", name="Dự thảo báo cáo tổng hợp").click()
    page.get_by_label("Kèm nguồn dưới dạng chú thích Word (comments)").check()
    page.get_by_role("button", name="Lập dự thảo").click()
    # Queued for the background worker: the page says so and asks again by itself.
    expect(page.locator(".draft-progress")).to_contain_text("Đang chờ")
    expect(page.get_by_role("link", name="Tải dự thảo (.docx)")).to_have_count(0)
    page.evaluate("window.sameDocument = true")  # gone if the page were loaded again
    call_command("db_worker", "--batch", "--queue-name", "*", "--no-startup-delay", verbosity=0)
    expect(page.get_by_role("link", name="Tải dự thảo (.docx)")).to_be_visible()
    expect(page.locator(".draft-progress")).to_have_count(0)
    assert page.evaluate("window.sameDocument") is True
    page.locator("details.src summary").first.click()
    expect(page.locator("details.src[open]").first).to_contain_text("bản 1")
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải dự thảo (.docx)").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    document = docx.Document(BytesIO(path.read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "trên 21 hội nghị" in text
    # The box ticked: the sources as Word comments; the annex as a Word table by unit.
    import zipfile

    with zipfile.ZipFile(path) as z:
        comments = z.read("word/comments.xml").decode()
    assert "Quận ủy Ba Đình" in comments
    annex = document.tables[-1]
    assert [c.text for c in annex.rows[0].cells[:2]] == ["STT", "Đơn vị"]
    assert any("Quận ủy Ba Đình" in cell.text for cell in annex.columns[1].cells)
