"""Nominate → submit → the department selects, with the counter updating in place,
in a real headless Chromium against the live server."""

from __future__ import annotations

import pymupdf
import pytest
from docx import Document
from playwright.sync_api import expect

from tests.web.browser import login
from tests.web.factories import PASSWORD, campaign, person, unit
from tonghop.web.campaigns.templates_kl01 import PROGRAMMES
from tonghop.web.exemplars.models import Selection

pytestmark = pytest.mark.django_db(transaction=True)


def test_nominate_submit_select_with_live_counter(browser_page, tmp_path):
    page = browser_page
    city = unit("TU", "Thành ủy Hà Nội")
    district = unit("Q1", "Quận ủy Ba Đình", parent=city)
    c = campaign(
        city,
        [district],
        nomination_collective=1,
        nomination_individual=1,
        programmes=[dict(p) for p in PROGRAMMES],
    )
    person("baocao", "reporter", district)
    person("chuyenvien", "staff", city)
    photo = tmp_path / "chan-dung.png"
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 60, 80))
    pix.clear_with(180)
    photo.write_bytes(pix.tobytes("png"))

    login(page, "baocao", PASSWORD)
    page.goto(f"/dien-hinh/dot/{c.pk}/don-vi/")
    expect(page.locator("#quota")).to_contain_text("01 tập thể và 01 cá nhân")
    page.get_by_role("link", name="Thêm hồ sơ giới thiệu").click()
    page.get_by_label("Loại").select_option("individual")
    page.get_by_label("Họ và tên / tên").fill("Nguyễn Thị Hoa")
    page.get_by_label("Năm sinh").fill("1978")
    page.get_by_label("Tóm tắt thành tích").fill(
        "Hai mươi năm vận động nhân dân hiến đất làm đường."
    )
    page.get_by_label("Ảnh (JPG, PNG; không quá 10 MB)").set_input_files(photo)
    page.get_by_role("button", name="Lưu bản nháp").click()
    expect(page.get_by_text("Đã lưu bản nháp hồ sơ “Nguyễn Thị Hoa”")).to_be_visible()
    page.get_by_role("button", name="Gửi hồ sơ").click()
    expect(page.get_by_text("Đã gửi hồ sơ “Nguyễn Thị Hoa”")).to_be_visible()
    page.get_by_role("button", name="Đăng xuất").click()

    login(page, "chuyenvien", PASSWORD)
    page.goto(f"/dien-hinh/dot/{c.pk}/")
    film = page.locator("#counters tr").filter(has_text="Phim ngắn")
    expect(film).to_contain_text("điển hình: 0/1")
    page.evaluate("window.stillTheSamePage = true")
    page.get_by_label("Chọn Nguyễn Thị Hoa vào Phim ngắn", exact=False).check()
    expect(page.locator("#counters tr").filter(has_text="Phim ngắn")).to_contain_text(
        "điển hình: 1/1"
    )
    assert page.evaluate("window.stillTheSamePage") is True
    assert Selection.objects.filter(nominee__name="Nguyễn Thị Hoa").count() == 1
    # The second certificate of merit is refused inline.
    page.get_by_label("Chọn Nguyễn Thị Hoa vào Bằng khen của Thủ tướng", exact=False).check()
    expect(page.locator("#counters tr").filter(has_text="Thủ tướng")).to_contain_text(
        "cá nhân: 1/2"
    )
    page.get_by_label("Chọn Nguyễn Thị Hoa vào Bằng khen của Trưởng Ban", exact=False).check()
    expect(page.locator("#refusal")).to_contain_text("không thể đồng thời")
    assert page.evaluate("window.stillTheSamePage") is True
    # Export: the film programme's proposal list, downloaded by the browser and opened.
    with page.expect_download() as download:
        page.locator("#counters tr").filter(has_text="Phim ngắn").get_by_role(
            "link", name="Danh sách đề nghị (.docx)"
        ).click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.suffix == ".docx"
    text = "\n".join(
        cell.text for table in Document(path).tables for row in table.rows for cell in row.cells
    ) + "\n".join(p.text for p in Document(path).paragraphs)
    assert "Nguyễn Thị Hoa" in text and "DANH SÁCH ĐỀ NGHỊ" in text
