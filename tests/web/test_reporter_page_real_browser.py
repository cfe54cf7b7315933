"""The reporter's check page with the real report 001 (58 figures over many sentences),
walked in Chromium: each sentence once, folded by outline item, the page a few screens
tall (not ~10.000 px), «Nộp báo cáo» in reach from top to bottom; on a phone, nothing
scrolls sideways."""

from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import expect

from tests.conftest import REPORT_001
from tests.web.browser import login
from tests.web.factories import PASSWORD, campaign, person, unit
from tests.web.test_check_page_browser import in_view, no_sideways_scroll

pytestmark = pytest.mark.django_db(transaction=True)

HEIGHT = "document.documentElement.scrollHeight"


def test_real_report_page_fits_and_submit_stays_in_reach(browser_page, shared, tmp_path):
    page = browser_page
    city = unit("TU", "Thành ủy Hà Nội")
    district = unit("Q1", "Đảng ủy Khối", parent=city)
    c = campaign(city, [district])
    person("baocao", "reporter", district)
    path = tmp_path / "Báo cáo sơ kết.txt"
    shutil.copy(REPORT_001, path)

    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, "baocao", PASSWORD)
    page.goto(f"/bao-cao/{c.assignments.get().pk}/")
    page.get_by_label("Tệp báo cáo (.docx, .pdf, .txt, .md)").set_input_files(path)
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    expect(page.get_by_text("Đã tải lên phiên bản 1")).to_be_visible()

    groups = page.locator("details.figure-group")
    assert groups.count() >= 2
    sentences = page.locator(".sentence p.said")
    texts = [t.strip() for t in sentences.all_text_contents()]
    assert len(texts) >= 10 and len(texts) == len(set(texts)), "a sentence shown twice"
    marks = page.locator(".sentence mark").count()
    assert marks >= 40  # the figures marked in place, not a row each
    folded = page.evaluate(HEIGHT)
    print(f"\nTrang kiểm tra báo cáo 001: {folded} px gấp lại, {marks} số được đánh dấu")
    assert folded < 4 * 900, folded

    assert in_view(page, "#submit")
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    assert in_view(page, "#submit")
    for k in range(groups.count()):
        groups.nth(k).locator("summary").click()
    opened = page.evaluate(HEIGHT)
    print(f"mở hết các nhóm: {opened} px")
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight / 2)")
    assert in_view(page, "#submit")
    expect(page.get_by_role("button", name="Nộp báo cáo")).to_be_visible()

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert no_sideways_scroll(page)
    assert in_view(page, "#submit")


def test_a_report_copied_from_a_pdf_into_word_reads_like_its_text(browser_page, shared, tmp_path):
    """Report 001 as its .txt, then as a .docx whose footnote markers came down to plain
    digits glued to the words and whose notes are paragraphs where the pages ended: the
    same findings, none of them "a marker without its footnote"."""
    from tests.test_formats import heading_lines, seed_blocks
    from tests.test_plain_footnotes import _plain
    from tonghop.pipeline import read_document
    from tonghop.writers.docx import write_docx

    page = browser_page
    city = unit("TU", "Thành ủy Hà Nội")
    district = unit("Q1", "Đảng ủy Khối", parent=city)
    c = campaign(city, [district])
    person("baocao", "reporter", district)
    text = tmp_path / "Báo cáo.txt"
    shutil.copy(REPORT_001, text)
    blocks = seed_blocks(REPORT_001, heading_lines(read_document(REPORT_001)), "bold")
    copied = tmp_path / "Báo cáo chép từ PDF.docx"
    write_docx(_plain(blocks, "glued_pages"), copied)

    login(page, "baocao", PASSWORD)
    page.goto(f"/bao-cao/{c.assignments.get().pk}/")
    found = []
    for k, path in enumerate((text, copied), 1):
        page.get_by_label("Tệp báo cáo (.docx, .pdf, .txt, .md)").set_input_files(path)
        page.get_by_role("button", name="Tải lên và kiểm tra").click()
        expect(page.get_by_text(f"Đã tải lên phiên bản {k}")).to_be_visible()
        found.append(page.locator("#findings").inner_text())
    assert "Có dấu chú thích số" not in found[1]
    assert found[1] == found[0]
