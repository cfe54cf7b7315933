"""Side by side in a real headless Chromium: every unit's answer to one item in a
compact list, the unit's name kept in view beside a long answer, footnotes under the
text, uploads not yet sent marked (or left out), and a phone's width."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.web.browser import login
from tests.web.factories import PASSWORD
from tests.web.factories_dashboard import at, campaign, city_tree, people, report
from tonghop.web.submissions.models import Version

pytestmark = pytest.mark.django_db(transaction=True)

LONG = "\n".join(
    f"Đoạn {k}: các chi bộ tổ chức sinh hoạt chuyên đề, kiểm điểm việc thực hiện nghị quyết "
    "và đề ra nhiệm vụ cho thời gian tới, gắn với việc nêu gương của người đứng đầu. " * 3
    for k in range(1, 6)
)


@pytest.fixture
def world():
    city, _dept, (q1, q2, q3), front, _youth = city_tree(3)
    deadline = timezone.localdate() - dt.timedelta(days=3)
    c = campaign(city, [q1, q2, q3, front], deadline=deadline)
    people(city, q1)
    a = {x.unit.code: x for x in c.assignments.select_related("unit")}
    v = report(
        a["Q1"],
        at(deadline - dt.timedelta(days=1)),
        answers={"II": (["II"], "KẾT QUẢ", "Tổ chức 4.320 buổi học tập¹ cho đảng viên.\n" + LONG)},
        figures=[("4320", "buổi", ["II"])],
    )
    Version.objects.filter(pk=v.pk).update(
        reading={
            "footnotes": [
                {"n": 1, "text": "Số liệu của Ban Tổ chức.", "marker_path": ["II"]},
                {"n": 2, "text": "Chú thích ở mục khác.", "marker_path": ["I"]},
            ]
        }
    )
    report(a["Q2"], at(deadline), answers={"II": (["II"], "KẾT QUẢ", "Có 9 hội nghị.")})
    # Ba Đình... and the Front has only uploaded: read, marked as not sent.
    report(a["MT"], None, answers={"II": (["II"], "KẾT QUẢ", "Bản nháp: 12 mô hình.")})
    return c


def test_side_by_side_compares_marks_drafts_and_shows_footnotes(browser_page, world):
    page = browser_page
    c = world
    login(page, "chuyenvien", PASSWORD)
    page.set_viewport_size({"width": 1280, "height": 600})
    page.goto(f"/theo-doi/{c.pk}/doc-theo-muc/II/")
    rows = page.locator("article.answer-row")
    expect(rows).to_have_count(3)
    q1 = page.locator("article[data-unit=Q1]")
    expect(q1.locator("ol.footnotes li")).to_have_count(1)
    expect(q1.locator("ol.footnotes")).to_contain_text("Số liệu của Ban Tổ chức.")
    expect(q1.locator(".nums")).to_contain_text("4.320")
    draft = page.locator("article[data-unit=MT]")
    expect(draft).to_have_class("answer-row draft")
    expect(draft.locator(".who")).to_contain_text("Bản tải lên, chưa nộp")
    expect(page.locator("article[data-unit=Q2] .who")).not_to_contain_text("chưa nộp")

    # The name stays in view while reading down a long answer.
    name = q1.locator(".who h3")
    page.evaluate(
        "window.scrollBy(0, document.querySelector('article[data-unit=Q1] .said')"
        ".getBoundingClientRect().top + 200)"
    )
    box = name.bounding_box()
    assert box is not None and 0 <= box["y"] < 600
    text_box = q1.locator(".said").bounding_box()
    assert text_box["y"] < 0  # the answer's top has scrolled away, the name has not

    # Only the reports sent.
    page.get_by_role("link", name="Chỉ xem báo cáo đã nộp").click()
    expect(rows).to_have_count(2)
    expect(page.locator("article[data-unit=MT]")).to_have_count(0)
    expect(page.get_by_text("Đã ẩn 1 bản chưa nộp")).to_be_visible()


def test_side_by_side_on_a_phone(browser_page, world):
    page = browser_page
    login(page, "chuyenvien", PASSWORD)
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"/theo-doi/{world.pk}/doc-theo-muc/II/")
    expect(page.locator("article.answer-row")).to_have_count(3)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    # Stacked: the name above the text.
    q1 = page.locator("article[data-unit=Q1]")
    who, said = q1.locator(".who").bounding_box(), q1.locator(".said").bounding_box()
    assert who["y"] + who["height"] <= said["y"] + 1
