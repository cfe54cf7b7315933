"""A scan uploaded in a real headless Chromium: the page shows the reading's progress
(pages done of pages, written by the task as it goes) and then the report, without a
reload.  The task worker (django-tasks' db_worker) runs in the test's own thread while
the browser polls the live server."""

from __future__ import annotations

import shutil

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.conftest import require
from tests.web import factories_background
from tests.web.browser import login
from tests.web.factories import PASSWORD, campaign, person, unit
from tonghop.web.submissions.models import PendingUpload

pytestmark = pytest.mark.django_db(transaction=True)

# Every text the progress card shows, as the page changes (htmx swaps it every second).
WATCH = """
window.stillTheSamePage = true;
window.seen = [];
const note = () => {
  for (const el of document.querySelectorAll(".card.pending .progress-text")) {
    const text = el.textContent.replace(/\\s+/g, " ").trim();
    if (window.seen[window.seen.length - 1] !== text) window.seen.push(text);
  }
};
new MutationObserver(note).observe(document.body, {subtree: true, childList: true});
note();
"""


@pytest.fixture(scope="module")
def scan_file(tmp_path_factory, soffice):
    require(shutil.which("tesseract") is not None, "Tesseract (tesseract-ocr) is not installed")
    folder = tmp_path_factory.mktemp("scan")
    path = folder / "Báo cáo Ba Đình (bản quét).pdf"
    path.write_bytes(factories_background.scanned_report(soffice, folder))
    return path


def test_a_scan_shows_its_progress_then_the_report_without_a_reload(browser_page, scan_file):
    page = browser_page
    city = unit("TU", "Thành ủy Hà Nội")
    district = unit("Q1", "Quận ủy Ba Đình", parent=city)
    c = campaign(city, [district])
    person("baocao", "reporter", district, full_name="Nguyễn Văn An")

    login(page, "baocao", PASSWORD)
    page.locator("#todo tbody tr").filter(has_text=c.title).get_by_role(
        "link", name=c.title
    ).click()
    page.get_by_label("Tệp báo cáo (.docx, .pdf, .txt, .md)").set_input_files(scan_file)
    page.get_by_role("button", name="Tải lên và kiểm tra").click()

    # Kept at once, waiting for the worker; nothing read yet.
    expect(page.get_by_text("Đã nhận tệp «Báo cáo Ba Đình (bản quét).pdf»")).to_be_visible()
    p = PendingUpload.objects.get()
    card = page.locator(f"#pending-{p.pk}")
    expect(card).to_contain_text("Đang chờ đọc")
    expect(page.locator("#checklist")).to_have_count(0)
    page.evaluate(WATCH)

    call_command("db_worker", "--batch", "--queue-name", "*", "--no-startup-delay", verbosity=0)

    # The report arrives in place: checklist, figures, the version named.
    expect(page.locator("#just-read")).to_contain_text(
        "Đã đọc xong tệp «Báo cáo Ba Đình (bản quét).pdf»: phiên bản 1"
    )
    expect(page.locator("#checklist tr[data-item='I']")).to_contain_text("Có")
    expect(page.locator("#versions")).to_contain_text("Báo cáo Ba Đình (bản quét).pdf")
    expect(card).to_have_count(0)
    assert page.evaluate("window.stillTheSamePage") is True
    assert page.url.endswith("?v=1")

    seen = page.evaluate("window.seen")
    assert seen[0].startswith("Đang chờ đọc"), seen
    assert "Đang nhận dạng chữ trên bản quét: đã xong 0/1 trang…" in seen, seen
