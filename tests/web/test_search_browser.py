"""Search walked in Chromium by a staff member over the demo city's reports: a quoted
phrase finds only where its words stand together, each snippet holding it; all words
find more; the outline item and unit filters narrow it; pages keep the query."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.web.browser import login
from tonghop.text import fold
from tonghop.web import demo

pytestmark = pytest.mark.django_db(transaction=True)


def _count(page) -> int:
    status = page.locator("[role=status]").first.inner_text()
    return 0 if status.startswith("Không") else int(status.split()[0].replace(".", ""))


def _snippets(page) -> list[str]:
    return [fold(t) for t in page.locator(".hit .snippet").all_inner_texts()]


def test_phrase_words_filters_and_pages(browser_page):
    c = demo.load_demo().campaign
    page = browser_page
    login(page, "chuyenvien", demo.PASSWORD)
    page.goto(reverse("dashboard:search", args=[c.pk]))
    box = page.get_by_label("Tìm trong các báo cáo")
    box.fill('"tự soi, tự sửa"')
    page.get_by_role("button", name="Tìm").click()
    phrase = _count(page)
    assert phrase > 0
    snippets = _snippets(page)
    assert snippets and all("tu soi, tu sua" in s or "tu soi tu sua" in s for s in snippets)
    expect(page.locator(".hit .badge")).to_have_count(0)  # all of them the phrase itself

    box = page.get_by_label("Tìm trong các báo cáo")
    box.fill("tu soi nêu gương")  # unaccented and accented mixed, words apart
    page.get_by_role("button", name="Tìm").click()
    words = _count(page)
    assert words > 0 and _snippets(page)
    for s in _snippets(page):
        assert all(w in s for w in ("soi", "neu guong")), s

    # Filtered by an outline item: fewer or as many, every hit in that item.
    box.fill("tự soi")
    page.get_by_role("button", name="Tìm").click()
    everything = _count(page)
    items = page.locator(".hit").evaluate_all("hs => hs.map(h => h.dataset.item)")
    item = items[0]
    page.get_by_label("Mục đề cương").select_option(value=item)
    page.get_by_role("button", name="Tìm").click()
    narrowed = _count(page)
    assert 0 < narrowed <= everything
    got = page.locator(".hit").evaluate_all("hs => hs.map(h => h.dataset.item)")
    assert set(got) == {item}

    # By unit, typed as its name.
    page.get_by_label("Mục đề cương").select_option(value="")
    name = page.locator(".hit strong a").first.inner_text()
    page.get_by_label("Đơn vị").fill(name)
    page.get_by_role("button", name="Tìm").click()
    assert {t.strip() for t in page.locator(".hit strong a").all_inner_texts()} == {name}

    # Pages: the next page keeps the query and shows other hits.
    page.get_by_label("Đơn vị").fill("")
    box.fill("đảng viên")
    page.get_by_role("button", name="Tìm").click()
    first = page.locator(".hit").count()
    if _count(page) > first:
        before = page.locator(".hit .snippet").all_inner_texts()
        page.get_by_role("link", name="Trang sau →").click()
        expect(page.get_by_label("Tìm trong các báo cáo")).to_have_value("đảng viên")
        assert page.locator(".hit .snippet").all_inner_texts() != before
        assert page.locator("ol.hits").get_attribute("start") == str(first + 1)
    else:
        pytest.fail(f"the demo gives one page for 'đảng viên' ({first} hits): no paging seen")
