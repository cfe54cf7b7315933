"""The login page in a real browser."""

import pytest

from tests.web.browser import login
from tests.web.factories import person, unit

pytestmark = pytest.mark.django_db(transaction=True)


def test_login_page_in_chromium(browser_page):
    u = unit("Q1", "Quận ủy Ba Đình")
    person("baocao", "reporter", u)
    login(browser_page, "baocao", "sai-mat-khau")
    alert = browser_page.get_by_role("alert").inner_text()
    assert alert == "Tên đăng nhập hoặc mật khẩu không đúng."
    # htmx is served locally by the application itself.
    assert browser_page.evaluate("typeof htmx") == "object"
