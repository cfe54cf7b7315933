"""The reporter's whole flow, and the department sending the report back, in a
real headless Chromium against the live server."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.web.browser import login
from tests.web.factories import PASSWORD, campaign, person, unit
from tests.web.factories_submissions import docx_bytes, report_blocks
from tonghop.web.audit.models import Event
from tonghop.web.submissions.models import ReportedFigure, Submission, Version

pytestmark = pytest.mark.django_db(transaction=True)


def logout(page) -> None:
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_load_state("networkidle")


def test_reporter_uploads_corrects_submits_and_resends_after_return(browser_page, tmp_path):
    page = browser_page
    city = unit("TU", "Thành ủy Hà Nội")
    district = unit("Q1", "Quận ủy Ba Đình", parent=city)
    c = campaign(city, [district])
    person("baocao", "reporter", district, full_name="Nguyễn Văn An")
    person("chuyenvien", "staff", city, full_name="Trần Thị Bình")
    first = tmp_path / "Báo cáo Ba Đình.docx"
    first.write_bytes(docx_bytes())
    second = tmp_path / "Báo cáo Ba Đình (sửa).docx"
    second.write_bytes(docx_bytes(report_blocks(lessons=True)))

    # The task waits in "Việc cần làm".
    login(page, "baocao", PASSWORD)
    expect(page.get_by_role("heading", name="Việc cần làm")).to_be_visible()
    row = page.locator("#todo tbody tr").filter(has_text=c.title)
    expect(row).to_contain_text(c.deadline.strftime("%d/%m/%Y"))
    expect(row).to_contain_text("còn 10 ngày")
    expect(row).to_contain_text("Chưa nộp")
    row.get_by_role("link", name=c.title).click()

    # Upload: the checklist shows the missing outline item, the findings, the figures.
    page.get_by_label("Tệp báo cáo (.docx, .pdf, .txt, .md)").set_input_files(first)
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    expect(page.get_by_text("Đã tải lên phiên bản 1")).to_be_visible()
    missing = page.locator("#checklist tr[data-item='III.3']")
    expect(missing).to_contain_text("Chưa có")
    expect(page.locator("#checklist tr[data-item='II']")).to_contain_text("KẾT QUẢ THỰC HIỆN")
    expect(page.locator("#findings")).to_contain_text("Báo cáo chưa có nội dung cho mục III.3")
    group = page.locator("details.figure-group[data-item='I']")
    group.locator("summary").click()  # folded by outline item
    sentence = page.locator(".sentence").filter(has=page.locator("#figure-2"))
    expect(sentence).to_contain_text("Ban Thường vụ đã tổ chức 12 hội nghị")

    # A figure typed as text is refused in place; then corrected, without reloading.
    page.evaluate("window.stillTheSamePage = true")
    page.get_by_label("Số liệu thứ 2").fill("bốn nghìn")
    page.get_by_role("button", name="Lưu số liệu").click()
    expect(page.locator("#figure-2 [role=alert]")).to_contain_text(
        "Số liệu thứ 2 (4.320 đảng viên): “bốn nghìn” không phải là một số"
    )
    assert not ReportedFigure.objects.exclude(status="proposed").exists()
    page.get_by_label("Số liệu thứ 2").fill("4.230")
    page.get_by_role("button", name="Lưu số liệu").click()
    expect(page.locator("#figures")).to_contain_text("Đã lưu số liệu")
    expect(page.locator("#figure-2")).to_contain_text("Đã sửa")
    expect(page.locator("#figure-2")).to_contain_text("văn bản ghi: 4.320")
    assert page.evaluate("window.stillTheSamePage") is True
    assert ReportedFigure.objects.get(order=2).value == 4230

    # Submit: asked first, with what is still open; a double click submits once.
    page.get_by_role("button", name="Nộp báo cáo").click()
    dialog = page.locator("dialog.confirm")
    expect(dialog).to_contain_text("Chưa có nội dung cho mục III.3 của đề cương.")
    dialog.get_by_role("button", name="Nộp báo cáo").dblclick()
    expect(page.locator("#status")).to_contain_text("Đã nộp đúng hạn")
    assert Event.objects.filter(action="submit").count() == 1
    expect(page.get_by_role("button", name="Nộp báo cáo")).to_have_count(0)
    logout(page)

    # The department sends it back with a comment.
    login(page, "chuyenvien", PASSWORD)
    a = c.assignments.get()
    page.goto(f"/bao-cao/{a.pk}/")
    comment = page.get_by_label("Ý kiến gửi đơn vị")
    page.get_by_role("button", name="Trả lại").click()  # no comment: the form stays
    assert comment.evaluate("el => el.validity.valueMissing") is True
    assert Submission.objects.get().status == "submitted"
    comment.fill("Đề nghị bổ sung mục Bài học kinh nghiệm.")
    page.get_by_role("button", name="Trả lại").click()
    expect(page.get_by_text("Đã trả lại báo cáo cho đơn vị")).to_be_visible()
    expect(page.locator("#status")).to_contain_text("Trả lại để sửa")
    logout(page)

    # The reporter reads the comment and sends a corrected version.
    login(page, "baocao", PASSWORD)
    expect(page.locator("#todo")).to_contain_text("Trả lại để sửa")
    page.get_by_role("link", name=c.title).click()
    expect(page.locator("#returned")).to_contain_text("Đề nghị bổ sung mục Bài học kinh nghiệm.")
    expect(page.locator("#reviews")).to_contain_text("Trần Thị Bình")
    page.get_by_label("Tệp báo cáo (.docx, .pdf, .txt, .md)").set_input_files(second)
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    expect(page.get_by_text("Đã tải lên phiên bản 2")).to_be_visible()
    expect(page.locator("#checklist tr[data-item='III.3']")).to_contain_text("Bài học kinh nghiệm")
    expect(page.locator("#checklist")).to_contain_text("4/4")
    page.get_by_role("button", name="Nộp báo cáo").click()
    page.locator("dialog.confirm").get_by_role("button", name="Nộp báo cáo").click()
    expect(page.locator("#status")).to_contain_text("Đã nộp")
    s = Submission.objects.get()
    assert s.status == "submitted" and s.submitted_version.number == 2

    # The earlier version stays downloadable, byte for byte.
    v1 = Version.objects.get(number=1)
    version_row = page.locator("#versions tbody tr").filter(has_text=re.compile(r"^\s*1\b"))
    with page.expect_download() as info:
        version_row.get_by_role("link", name="Tải về").click()
    download = info.value
    assert download.suggested_filename.endswith(".docx")
    assert Path(download.path()).read_bytes() == first.read_bytes()
    assert v1.sha256 != s.submitted_version.sha256
