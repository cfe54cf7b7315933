"""The audit log page of a campaign: who did what and when, for the staff only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.web.factories import PASSWORD, person, unit
from tests.web.factories_dashboard import campaign, city_tree, people, report_docx
from tonghop.web.audit.models import Event, record
from tonghop.web.audit.views import PER_PAGE
from tonghop.web.submissions import services as submissions

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    city, _dept, districts, front, _youth = city_tree(2)
    c = campaign(city, [*districts, front])
    return {"city": city, "districts": districts, "campaign": c, **people(city, districts[0])}


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def url(c):
    return reverse("audit:campaign", args=[c.pk])


def test_staff_read_the_log_newest_first(client, world):
    c, staff, reporter = world["campaign"], world["staff"], world["reporter"]
    q1 = world["districts"][0]
    first = record("upload", actor=reporter, campaign=c, unit=q1, message="Tải lên phiên bản 1")
    second = record("submit", actor=reporter, campaign=c, unit=q1, message="Nộp báo cáo")
    third = record("accept", actor=staff, campaign=c, unit=q1, message="Tiếp nhận báo cáo")
    record("reminder", campaign=c, unit=world["districts"][1], message="Nhắc trước hạn")
    # Times as they were: the upload yesterday evening.
    yesterday = timezone.now() - dt.timedelta(days=1)
    Event.objects.filter(pk=first.pk).update(
        at=yesterday.replace(hour=14, minute=5, second=0, microsecond=0)
    )
    other = campaign(world["city"], world["districts"], title="Đợt khác")
    record("upload", actor=reporter, campaign=other, unit=q1, message="Của đợt khác")
    login(client, staff)
    r = client.get(url(c))
    assert r.status_code == 200
    html = r.content.decode()
    table = html[html.index("<tbody>") :]
    order = [table.index(f'data-action="{a}"') for a in ["reminder", "accept", "submit", "upload"]]
    assert order == sorted(order)
    assert "Của đợt khác" not in html
    assert "Lê Văn Báo" in html and "Nguyễn Thị Chuyên" in html
    assert "Hệ thống" in html  # the scheduler's reminder has no actor
    local = timezone.localtime(Event.objects.get(pk=first.pk).at)
    assert local.strftime("%d/%m/%Y %H:%M") in html
    assert "<td>Tiếp nhận báo cáo</td>" in table and "<td>Gửi nhắc nhở</td>" in table
    assert second.pk and third.pk


def test_filter_by_action_and_pages(client, world):
    c, reporter = world["campaign"], world["reporter"]
    q1 = world["districts"][0]
    for k in range(PER_PAGE + 10):
        record("upload", actor=reporter, campaign=c, unit=q1, message=f"Tải lên số {k}")
    record("return", actor=world["staff"], campaign=c, unit=q1, message="Trả lại: thiếu mục III")
    login(client, world["staff"])
    html = client.get(url(c), {"action": "return"}).content.decode()
    assert "Trả lại: thiếu mục III" in html and "Tải lên số" not in html
    assert '<option value="return" selected>' in html
    page1 = client.get(url(c)).content.decode()
    assert "trang 1/2" in page1 and page1.count('data-action="') == PER_PAGE
    page2 = client.get(url(c), {"trang": 2}).content.decode()
    assert page2.count('data-action="') == 11
    assert "Tải lên số 0<" in page2  # the oldest, on the last page
    # Filter and page together; a page out of range shows the last one.
    r = client.get(url(c), {"action": "upload", "trang": 99})
    assert r.status_code == 200 and "Tải lên số 0<" in r.content.decode()
    # An unknown action is no filter, not an error.
    assert client.get(url(c), {"action": "xoa-het"}).status_code == 200


def test_only_the_staff_running_the_campaign(client, world):
    c = world["campaign"]
    record("upload", actor=world["reporter"], campaign=c, message="bí mật")
    for who in ["reporter", "leader"]:
        login(client, world[who])
        assert client.get(url(c)).status_code == 403, who
        client.logout()
    elsewhere = person("khac", "staff", unit("TU2", "Tỉnh ủy khác"))
    login(client, elsewhere)
    r = client.get(url(c))
    assert r.status_code == 403 and "bí mật" not in r.content.decode()
    assert client.get(reverse("audit:campaign", args=[c.pk + 99])).status_code == 404
    client.logout()
    assert client.get(url(c)).status_code == 302  # to the login page


def test_events_written_by_the_submissions_service_show(client, world):
    c, reporter, staff = world["campaign"], world["reporter"], world["staff"]
    a = c.assignments.get(unit=world["districts"][0])
    v = submissions.store_upload(a, report_docx("Quận ủy Ba Đình"), "ba-dinh.docx", reporter)
    submissions.submit(v.submission, v, reporter)
    submissions.send_back(v.submission, staff, "Bổ sung bài học kinh nghiệm.")
    login(client, staff)
    html = client.get(url(c)).content.decode()
    where = [html.index(f'data-action="{x}"') for x in ["return", "submit", "upload"]]
    assert where == sorted(where)  # newest first
    assert "Bổ sung bài học kinh nghiệm." in html
    assert 'data-action="upload"' in html and "ba-dinh.docx" in html
