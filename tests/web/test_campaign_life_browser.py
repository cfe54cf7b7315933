"""A campaign's life walked in Chromium by the staff member and a unit's reporter:
a draft with a tier deadline refused then fixed, unseen by the unit, edited,
published after a confirmation, reminders confirmed with their count, the deadline
extended (e-mails read back from a real SMTP server), last year's campaign copied
and the copy deleted."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.web.browser import login
from tests.web.factories import PASSWORD, person, unit
from tests.web.test_reminders import smtp as smtp  # noqa: F401  (a fixture)
from tonghop.web.campaigns.models import Campaign

pytestmark = pytest.mark.django_db(transaction=True)


def day(d: dt.date) -> str:
    return d.strftime("%d/%m/%Y")


def test_draft_publish_remind_extend_copy_delete(browser, browser_page, live_server, smtp):
    today = timezone.localdate()
    city = unit("TU", "Thành ủy Hà Nội", kind="thanh_uy")
    q1 = unit("Q1", "Quận ủy Ba Đình", parent=city, kind="quan_huyen", email="bd@hanoi.test")
    unit("Q2", "Quận ủy Hoàn Kiếm", parent=city, kind="quan_huyen", email="hk@hanoi.test")
    unit("P1", "Đảng ủy phường Phúc Xá", parent=q1, kind="co_so", email="px@hanoi.test")
    person("chuyenvien", "staff", city)
    person("baocao", "reporter", q1)
    deadline, tier = today + dt.timedelta(days=20), today + dt.timedelta(days=12)

    # The reporter, in a browser of their own.
    other = browser.new_context(locale="vi-VN", base_url=live_server.url)
    reporter = other.new_page()
    reporter.set_default_timeout(15_000)
    login(reporter, "baocao", PASSWORD)

    page = browser_page
    login(page, "chuyenvien", PASSWORD)
    page.goto("/dot-bao-cao/tao/?mau=kl01")
    page.get_by_label("Thời kỳ báo cáo: từ ngày").fill(day(today - dt.timedelta(days=300)))
    page.get_by_label("đến ngày", exact=True).fill(day(today))
    page.get_by_label("Hạn cuối (ngày cuối cùng được nộp đúng hạn)").fill(day(deadline))
    page.get_by_label("Cả một nhánh của cây đơn vị").check()
    page.get_by_label("Nhánh đơn vị").select_option(label="Quận ủy Ba Đình")
    # A grassroots deadline after the campaign's is refused, saying why.
    page.get_by_label("Hạn riêng cho đơn vị cấp 2").fill(day(deadline + dt.timedelta(days=1)))
    page.get_by_label("Họ tên người ký").fill("Trần Quốc Hưng")
    page.get_by_role("button", name="Tạo đợt báo cáo").click()
    expect(page.locator("#campaign-form")).to_contain_text(
        f"sau hạn chung ({day(deadline)}): đơn vị cấp dưới phải nộp không muộn hơn hạn chung"
    )
    page.get_by_label("Hạn riêng cho đơn vị cấp 2").fill(day(tier))
    page.get_by_role("button", name="Tạo đợt báo cáo").click()
    expect(page.locator(".messages")).to_contain_text("Đã tạo bản nháp đợt báo cáo, giao cho 2")
    expect(page.locator("#lock-state")).to_contain_text("Bản nháp")
    c = Campaign.objects.get()
    assert c.is_draft and c.signer_name == "Trần Quốc Hưng"

    # The unit does not see a draft.
    reporter.goto("/bao-cao/")
    expect(reporter.get_by_text("Không có đợt báo cáo nào đang chờ đơn vị.")).to_be_visible()

    # Edit the draft, then publish it after the confirmation.
    page.get_by_role("link", name="Sửa bản nháp").click()
    expect(page.get_by_role("heading", name="Sửa bản nháp đợt báo cáo")).to_be_visible()
    page.get_by_label("Tên đợt báo cáo").fill("Sơ kết Kết luận 01-KL/TW tại Ba Đình")
    page.get_by_role("button", name="Lưu bản nháp").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Sơ kết Kết luận 01-KL/TW tại Ba Đình"
    )
    page.get_by_role("button", name="Công bố tới 2 đơn vị").click()
    dialog = page.locator("dialog.confirm")
    expect(dialog).to_contain_text("Công bố đợt báo cáo tới 2 đơn vị?")
    expect(dialog).to_contain_text(f"Hạn cuối: hết ngày {day(deadline)}")
    dialog.get_by_role("button", name="Công bố").click()
    expect(page.locator(".messages")).to_contain_text("Đã công bố đợt báo cáo tới 2 đơn vị")

    reporter.reload()
    row = reporter.locator("#todo tbody tr").filter(has_text="Sơ kết Kết luận 01-KL/TW")
    expect(row).to_contain_text(f"Hạn nộp: hết ngày {day(deadline)}")

    # Reminders: the dialog says how many units; cancelled, nothing goes out.
    page.get_by_role("link", name="Theo dõi tình hình nộp báo cáo").click()
    page.get_by_role("button", name="Gửi nhắc nhở các đơn vị chưa nộp").click()
    expect(dialog).to_contain_text("Gửi nhắc nhở tới 2 đơn vị chưa nộp?")
    dialog.get_by_role("button", name="Hủy").click()
    expect(dialog).not_to_be_visible()
    assert smtp.envelopes == []
    page.get_by_role("button", name="Gửi nhắc nhở các đơn vị chưa nộp").click()
    dialog.get_by_role("button", name="Gửi nhắc nhở").click()
    expect(page.locator(".reminder-send [role=status]")).to_contain_text("Đã gửi 2 thư nhắc")
    assert smtp.recipients == ["bd@hanoi.test", "px@hanoi.test"]

    # Extend the deadline: units that have not submitted are told.
    page.goto(f"/dot-bao-cao/{c.pk}/")
    page.get_by_role("link", name="Gia hạn nộp báo cáo").click()
    later = deadline + dt.timedelta(days=7)
    page.get_by_label("Hạn cuối mới").fill(day(later))
    page.get_by_role("button", name="Gia hạn").click()
    expect(dialog).to_contain_text("Gia hạn và gửi thư báo tới 2 đơn vị chưa nộp?")
    dialog.get_by_role("button", name="Gia hạn").click()
    expect(page.locator(".messages")).to_contain_text(
        f"Đã gia hạn đến hết ngày {day(later)}. Đã gửi thư báo gia hạn tới 2 đơn vị chưa nộp."
    )
    told = [m for m in smtp.messages() if m["Subject"].strip().startswith("Gia hạn")]
    assert sorted(m["To"] for m in told) == ["bd@hanoi.test", "px@hanoi.test"]
    reporter.reload()
    expect(reporter.locator("#todo")).to_contain_text(f"Hạn nộp: hết ngày {day(later)}")

    # Copy it as next year's campaign; then delete that draft.
    page.get_by_role("link", name="Sao chép thành đợt mới").click()
    expect(page.locator("#campaign-form")).to_be_visible()
    next_year = later.replace(year=later.year + 1)
    assert page.get_by_label("Hạn cuối (ngày cuối cùng được nộp đúng hạn)").input_value() == day(
        next_year
    )
    assert page.get_by_label("Họ tên người ký").input_value() == "Trần Quốc Hưng"
    page.get_by_role("button", name="Tạo đợt báo cáo").click()
    expect(page.locator(".messages")).to_contain_text("Đã tạo bản nháp")
    copy = Campaign.objects.exclude(pk=c.pk).get()
    assert copy.copied_from == c and copy.deadline == next_year
    page.get_by_role("button", name="Xóa bản nháp").click()
    expect(dialog).to_contain_text("Xóa bản nháp «Sơ kết Kết luận 01-KL/TW tại Ba Đình»?")
    dialog.get_by_role("button", name="Xóa bản nháp").click()
    expect(page.locator(".messages")).to_contain_text("Đã xóa bản nháp")
    assert list(Campaign.objects.values_list("pk", flat=True)) == [c.pk]
    other.close()
