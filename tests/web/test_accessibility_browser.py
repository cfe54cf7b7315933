"""Phone and keyboard, walked in a real headless Chromium over the demo's city: every
main page of each role has no serious or critical axe-core violation, the reporter's
and the leader's pages do not scroll sideways at 390 px, the create form's cards
stack, every input has a label, and a skip link leads past the header."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.web.axe import axe_source, violations
from tests.web.browser import login
from tonghop.web import demo
from tonghop.web.campaigns.models import Assignment

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
ROLES = {"chuyenvien": "staff", "lanhdao": "leader", "baocao": "reporter"}


@pytest.fixture
def city():
    result = demo.load_demo()
    c = result.campaign
    own = Assignment.objects.select_related("unit").get(
        campaign=c, unit__profile__user__username="baocao"
    )
    other = c.assignments.exclude(pk=own.pk).filter(submission__isnull=False).first()
    return {"campaign": c, "own": own, "other": other}


def pages(role: str, city) -> list[str]:
    c, own, other = city["campaign"], city["own"], city["other"]
    item = c.outline.order_by("order").first().code
    search = reverse("dashboard:search", args=[c.pk]) + "?q=tu+soi"
    if role == "reporter":
        sub = own.submission if hasattr(own, "submission") else None
        out = [
            reverse("submissions:todo"),
            reverse("submissions:detail", args=[own.pk]),
            reverse("exemplars:unit", args=[c.pk]),
            reverse("exemplars:new", args=[c.pk]),
            search,
        ]
        if sub is not None and sub.versions.exists():
            out.append(reverse("submissions:read", args=[sub.versions.first().pk]))
        return out
    out = [
        reverse("campaigns:list"),
        reverse("campaigns:detail", args=[c.pk]),
        reverse("dashboard:campaign", args=[c.pk]),
        reverse("dashboard:matrix", args=[c.pk]),
        reverse("dashboard:item", args=[c.pk, item]),
        search,
        reverse("exemplars:campaign", args=[c.pk]),
        reverse("consolidation:catalogue", args=[c.pk]),
        reverse("submissions:detail", args=[other.pk]),
    ]
    if role == "staff":
        out += [
            reverse("campaigns:create"),
            reverse("units:tree"),
            reverse("history:units"),
            reverse("audit:campaign", args=[c.pk]),
            reverse("reminders:log", args=[c.pk]),
            reverse("lockouts"),
        ]
    return out


@pytest.fixture
def axe_page(browser, live_server):
    context = browser.new_context(locale="vi-VN", base_url=live_server.url, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


def test_no_serious_violation_and_no_sideways_scroll(axe_page, city):
    page, source = axe_page, axe_source()
    problems = []
    page.goto("/dang-nhap/")
    problems += [f"/dang-nhap/: {v}" for v in violations(page, source)]
    for username, role in ROLES.items():
        login(page, username, demo.PASSWORD)
        for url in pages(role, city):
            for size in ({"width": 1280, "height": 900}, PHONE):
                page.set_viewport_size(size)
                response = page.goto(url)
                assert response.status == 200, (role, url, response.status)
                page.wait_for_load_state("networkidle")
                where = f"{role} {size['width']}px {url}"
                problems += [f"{where}: {v}" for v in violations(page, source)]
                if size is PHONE and role != "staff":
                    wide = page.evaluate(SIDEWAYS)
                    if wide > 0:
                        problems.append(f"{where}: scrolls sideways by {wide} px")
        page.get_by_role("button", name="Đăng xuất").click()
    assert not problems, "\n".join(problems)


UNLABELLED = """() => [...document.querySelectorAll('input, select, textarea')]
    .filter(e => e.type !== 'hidden' && !e.labels?.length
            && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby'))
    .map(e => e.name || e.id)"""


def _stacked(page, selector: str) -> int:
    """How many of the boxes stand one under another, each within the screen."""
    boxes = page.locator(selector)
    shown = [b for b in (boxes.nth(k).bounding_box() for k in range(boxes.count())) if b]
    for b in shown:
        assert b["x"] >= 0 and b["x"] + b["width"] <= PHONE["width"] + 1, b
    for above, below in zip(shown, shown[1:], strict=False):
        assert below["y"] >= above["y"] + above["height"] - 1, (above, below)
    return len(shown)


def test_create_form_on_a_phone_stacks_and_labels_every_input(axe_page, city):
    page = axe_page
    login(page, "chuyenvien", demo.PASSWORD)
    page.set_viewport_size(PHONE)
    page.goto(reverse("campaigns:create"))
    assert _stacked(page, "main .grid2 > .card") == 2  # guideline or template
    assert page.evaluate(UNLABELLED) == []
    page.get_by_role("link", name="Hoặc nhập tay từ đầu").click()
    expect(page.locator("#campaign-form")).to_be_visible()
    assert _stacked(page, "#campaign-form > .card") >= 4
    for k in range(page.locator("#campaign-form .grid2").count()):
        _stacked(page, f"#campaign-form .grid2 >> nth={k} >> xpath=./*")
    assert page.evaluate(UNLABELLED) == []
    assert page.evaluate(SIDEWAYS) <= 0
    page.goto(reverse("campaigns:create") + "?mau=kl01")
    assert page.evaluate(UNLABELLED) == []
    assert page.evaluate(SIDEWAYS) <= 0


def test_skip_link_leads_past_the_header(axe_page, city):
    page = axe_page
    login(page, "baocao", demo.PASSWORD)
    page.goto(reverse("submissions:todo"))
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Bỏ qua, tới nội dung chính")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#noi-dung")).to_be_focused()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('main') !== null")
    assert focused  # the next stop is inside the content, not the header's links
