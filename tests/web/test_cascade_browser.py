"""The campaign down and up the tree walked in Chromium (issue 12): the city publishes,
a committee forwards it to its units with an earlier deadline and its own instructions,
a grassroots reporter uploads and submits, the committee accepts (locks) it, makes its
report upward from its units' draft and submits it, and the city sees the chain and
sends a grassroots report back down, which its reporter then reads."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.web.browser import login
from tests.web.factories import PASSWORD
from tests.web.factories_cascade import TODAY, submit, tree
from tests.web.factories_submissions import docx_bytes, report_blocks
from tonghop.web.campaigns import services as campaigns
from tonghop.web.campaigns.models import Campaign
from tonghop.web.submissions.models import Submission

pytestmark = pytest.mark.django_db(transaction=True)


def day(d: dt.date) -> str:
    return d.strftime("%d/%m/%Y")


@pytest.fixture
def contexts(browser):
    """Browsers of their own for the committee and the reporter, closed after the test
    (before the live server stops)."""
    made = []
    yield made
    for c in made:
        c.close()


def _page(browser, live_server, username, contexts):
    context = browser.new_context(locale="vi-VN", base_url=live_server.url)
    contexts.append(context)
    page = context.new_page()
    page.set_default_timeout(20_000)
    login(page, username, PASSWORD)
    return page


def test_down_and_up_the_chain(browser, browser_page, live_server, tmp_path, contexts):
    w = tree()
    u, users = w["u"], w["users"]
    # The city's campaign, as a draft the department is about to publish.
    draft = campaigns.create_campaign(
        users["city_staff"], u["TU"],
        {"title": "Sơ kết Kết luận 01-KL/TW năm 2024", "deadline": TODAY + dt.timedelta(days=20)},
        [{"code": c, "title": t} for c, t in (("I", "CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO"),
         ("II", "KẾT QUẢ THỰC HIỆN"), ("III", "ĐÁNH GIÁ CHUNG"))],
        [u["KA"], u["KB"]], tiers={2: TODAY + dt.timedelta(days=12)},
    )  # fmt: skip

    # 1. The city publishes.
    city = browser_page
    login(city, "cv_tu", PASSWORD)
    city.goto(f"/dot-bao-cao/{draft.pk}/")
    city.get_by_role("button", name="Công bố tới 2 đơn vị").click()
    city.locator("dialog.confirm").get_by_role("button", name="Công bố").click()
    expect(city.locator(".messages")).to_contain_text("Đã công bố đợt báo cáo tới 2 đơn vị")

    # 2. The committee forwards it to its units with an earlier deadline.
    committee = _page(browser, live_server, "cv_ka", contexts)
    committee.goto(f"/dot-bao-cao/{draft.pk}/")
    committee.get_by_role("link", name="Chuyển tiếp cho các đơn vị trực thuộc").click()
    deadline = committee.get_by_label("Hạn nộp của các đơn vị trực thuộc")
    expect(deadline).to_have_value(day(TODAY + dt.timedelta(days=12)))  # the tier's default
    deadline.fill(day(TODAY + dt.timedelta(days=25)))  # after its own: refused
    committee.get_by_role("button", name="Chuyển tiếp").click()
    expect(committee.get_by_role("alert").first).to_contain_text("không được muộn hơn")
    committee.get_by_label("Hạn nộp của các đơn vị trực thuộc").fill(
        day(TODAY + dt.timedelta(days=9))
    )
    committee.get_by_label("Hướng dẫn thêm của đơn vị (không bắt buộc)").fill(
        "Các chi bộ nêu rõ số mô hình mới trong năm."
    )
    committee.get_by_role("button", name="Chuyển tiếp").click()
    expect(committee.locator(".messages")).to_contain_text(
        f"Đã chuyển tiếp đợt báo cáo cho 2 đơn vị trực thuộc, hạn nộp "
        f"{day(TODAY + dt.timedelta(days=9))}"
    )
    part = Campaign.objects.get(parent=draft)

    # 3. A grassroots reporter finds it, reads the committee's instructions, uploads, submits.
    reporter = _page(browser, live_server, "bc_a1", contexts)
    reporter.goto("/bao-cao/")
    row = reporter.locator("#todo tbody tr").filter(has_text="Sơ kết Kết luận 01-KL/TW")
    expect(row).to_contain_text(day(TODAY + dt.timedelta(days=9)))
    row.get_by_role("link").first.click()
    expect(reporter.locator("#chain")).to_contain_text("Các chi bộ nêu rõ số mô hình mới")
    report = tmp_path / "bao_cao_an_phu.docx"
    report.write_bytes(docx_bytes(report_blocks("Chi bộ Công ty An Phú", lessons=True)))
    reporter.get_by_label("Tệp báo cáo (.docx, .pdf, .txt, .md)").set_input_files(report)
    reporter.get_by_role("button", name="Tải lên và kiểm tra").click()
    expect(reporter.locator(".messages")).to_contain_text("Đã tải lên phiên bản 1")
    reporter.get_by_role("button", name="Nộp báo cáo").click()
    # Its figures are not confirmed yet: the dialog says so before it goes.
    dialog = reporter.locator("dialog.confirm")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Nộp báo cáo").click()
    expect(reporter.locator(".messages")).to_contain_text("Đã nộp báo cáo")
    expect(reporter.locator("#chain")).to_contain_text("đang xem xét, chưa tiếp nhận")
    a1 = part.assignments.get(unit=u["A1"])
    submit(part, u["A2"], users["a2_reporter"])  # the sibling, without a browser

    # 4. The committee accepts (and so locks) both.
    for a in (a1, part.assignments.get(unit=u["A2"])):
        committee.goto(f"/bao-cao/{a.pk}/")
        committee.get_by_role("button", name="Tiếp nhận").click()
        expect(committee.locator(".messages")).to_contain_text("Đã tiếp nhận báo cáo")
    committee.goto(f"/dot-bao-cao/{part.pk}/cac-cap/")
    expect(committee.locator("#chain-table")).to_contain_text("Chi bộ Công ty An Phú")
    expect(committee.locator("#chain-table")).not_to_contain_text("Bệnh viện Bình Minh")

    # 5. Its report upward, made from its units' consolidated draft, then submitted.
    from tonghop.web.consolidation import services as consolidation

    run = consolidation.run_draft(part, {}, users["ka_staff"])
    assert run.status == "done", run.error
    committee.reload()
    committee.get_by_role("button", name="làm báo cáo gửi lên").click()
    expect(committee.locator(".messages")).to_contain_text("Dự thảo tổng hợp đã thành phiên bản 1")
    committee.get_by_role("button", name="Nộp báo cáo").click()
    dialog = committee.locator("dialog.confirm")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Nộp báo cáo").click()
    expect(committee.locator(".messages")).to_contain_text("Đã nộp báo cáo")
    ka = draft.assignments.get(unit=u["KA"])
    assert Submission.objects.get(assignment=ka).status == "submitted"

    # 6. The city sees the chain and sends the grassroots report back down.
    city.goto(f"/dot-bao-cao/{draft.pk}/")
    city.get_by_role("link", name="Tình hình báo cáo theo các cấp").click()
    ka_row = city.locator("#chain-table tr[data-unit=KA]")
    expect(ka_row).to_contain_text("Đã tiếp nhận đủ báo cáo của các đơn vị trực thuộc")
    expect(city.locator("#chain-table tr[data-unit=KB]")).to_contain_text("chưa chuyển tiếp")
    ka_row.get_by_role("link", name="Xem các đơn vị trực thuộc").click()
    a1_row = city.locator("#chain-table tr[data-unit=A1]")
    a1_row.get_by_label("Ý kiến trả lại").fill("Số mô hình mới chưa khớp với phụ lục.")
    a1_row.get_by_role("button", name="Mở khóa và trả lại").click()
    expect(city.locator(".messages")).to_contain_text(
        "Đã trả lại báo cáo của Chi bộ Công ty An Phú kèm ý kiến."
    )
    expect(city.locator("#chain-table tr[data-unit=KA]")).to_have_count(0)
    assert Submission.objects.get(assignment=a1).status == "returned"
    # At the city's level, the committee's report is no longer shown as resting on
    # accepted reports.
    city.goto(f"/dot-bao-cao/{draft.pk}/cac-cap/")
    expect(city.locator("#chain-table tr[data-unit=KA]")).to_contain_text(
        "có báo cáo cấp dưới bị trả lại"
    )

    # The reporter reads why, and where the report now stands.
    reporter.reload()
    expect(reporter.locator("#returned")).to_contain_text("Số mô hình mới chưa khớp với phụ lục.")
    expect(reporter.locator("#chain")).to_contain_text("đã trả lại để sửa")
    expect(reporter.get_by_role("button", name="Tải lên và kiểm tra")).to_be_visible()
