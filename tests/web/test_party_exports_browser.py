"""Party-format exports signed right, walked in Chromium: the staff member sets on the
campaign form who issues and who signs, publishes, and the proposal list downloaded from
the exemplars board is headed by the department and signed by that leader, not by the
staff member who clicked; the dossier is headed by the nominating unit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from docx import Document
from playwright.sync_api import expect

from tests.web.browser import login
from tests.web.factories import PASSWORD, person, unit
from tests.web.factories_exemplars import person_data
from tonghop.web.campaigns.models import Campaign
from tonghop.web.exemplars import services

pytestmark = pytest.mark.django_db(transaction=True)


def _cells(path) -> list[list[str]]:
    """Each table's first row, cell by cell, its paragraphs' texts (empty ones left out)."""
    doc = Document(path)
    return [[[p.text for p in c.paragraphs if p.text] for c in t.rows[0].cells] for t in doc.tables]


def test_issuer_and_signer_from_the_form_head_and_sign_the_exports(browser_page, tmp_path):
    today = timezone.localdate()
    city = unit("TU", "Thành ủy Hà Nội", kind="thanh_uy")
    q1 = unit("Q1", "Quận ủy Ba Đình", parent=city, kind="quan_huyen", email="bd@hanoi.test")
    person("chuyenvien", "staff", city, full_name="Nguyễn Thị Minh Thu")
    reporter = person("baocao", "reporter", q1)

    page = browser_page
    login(page, "chuyenvien", PASSWORD)
    page.goto("/dot-bao-cao/tao/?mau=kl01")
    page.get_by_label("Thời kỳ báo cáo: từ ngày").fill(f"{today - dt.timedelta(days=300):%d/%m/%Y}")
    page.get_by_label("đến ngày", exact=True).fill(f"{today:%d/%m/%Y}")
    page.get_by_label("Hạn cuối (ngày cuối cùng được nộp đúng hạn)").fill(
        f"{today + dt.timedelta(days=20):%d/%m/%Y}"
    )
    page.get_by_label("Cả một nhánh của cây đơn vị").check()
    page.get_by_label("Nhánh đơn vị").select_option(label="Quận ủy Ba Đình")
    signer = page.locator("#signer")
    expect(signer).to_contain_text("không phải người bấm xuất")
    page.get_by_label("Cơ quan cấp trên (dòng đầu góc trái)").fill("Thành ủy Hà Nội")
    page.get_by_label("Cơ quan ban hành văn bản").fill("Ban Tuyên giáo")
    page.get_by_label("Ký hiệu cơ quan trong số văn bản").fill("BTGTU")
    page.get_by_label("Thẩm quyền ký").fill("K/T TRƯỞNG BAN")
    page.get_by_label("Chức vụ người ký").fill("PHÓ TRƯỞNG BAN")
    page.get_by_label("Họ tên người ký").fill("Trần Quốc Hưng")
    page.get_by_role("button", name="Tạo đợt báo cáo").click()
    expect(page.locator(".messages")).to_contain_text("Đã tạo bản nháp đợt báo cáo")
    c = Campaign.objects.get()
    assert (c.issuer_superior, c.issuer, c.symbol) == ("Thành ủy Hà Nội", "Ban Tuyên giáo", "BTGTU")
    expect(page.locator("main")).to_contain_text("người ký: K/T TRƯỞNG BAN PHÓ TRƯỞNG BAN Trần")
    page.get_by_role("button", name="Công bố tới").click()
    page.locator("dialog.confirm").get_by_role("button", name="Công bố").click()
    expect(page.locator(".messages")).to_contain_text("Đã công bố đợt báo cáo")

    # The district nominates (through the services: the nomination walk has its own test).
    nominee = services.save_draft(c, q1, reporter, person_data("Nguyễn Thị Hoa", 1978))
    services.submit(nominee, reporter)
    programme = services.programmes_for(c)[0]
    services.select(programme, nominee, person("cv2", "staff", city))

    page.goto(f"/dien-hinh/dot/{c.pk}/")
    with page.expect_download() as download:
        page.locator("#counters tr").filter(has_text=programme.name).get_by_role(
            "link", name="Danh sách đề nghị (.docx)"
        ).click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    tables = _cells(path)
    assert tables[0][0] == ["THÀNH ỦY HÀ NỘI", "BAN TUYÊN GIÁO", "*", f"Số {' ' * 8}-DS/BTGTU"]
    assert tables[0][1][-1].startswith("Hà Nội, ngày ")
    assert tables[-1][1] == ["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Trần Quốc Hưng"]
    text = "\n".join(p.text for p in Document(path).paragraphs)
    assert "Nguyễn Thị Minh Thu" not in text + str(tables)

    with page.expect_download() as download:
        page.get_by_role("link", name="Hồ sơ (.docx)").first.click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert _cells(path)[0][0] == ["ĐẢNG BỘ THÀNH PHỐ HÀ NỘI", "QUẬN ỦY BA ĐÌNH", "*"]
    assert _cells(path)[0][1][-1].startswith("Ba Đình, ngày ")
