"""One count of sent, late and missing everywhere: the campaign list, the dashboard's
tiles and its chart, each unit judged against its own (tier) due day."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from tests.web.factories import PASSWORD
from tests.web.factories_dashboard import at, campaign, city_tree, people, report
from tonghop.web.dashboard import services
from tonghop.web.submissions.models import Submission

pytestmark = pytest.mark.django_db

DEADLINE = dt.date(2024, 4, 15)  # the campaign's
TIER = dt.date(2024, 4, 10)  # the districts' own, earlier
TODAY = dt.date(2024, 4, 20)


@pytest.fixture
def world(monkeypatch):
    monkeypatch.setattr(services, "today", lambda: TODAY)
    city, _dept, districts, front, youth = city_tree(5)
    c = campaign(city, [*districts, front, youth], deadline=DEADLINE)
    a = {x.unit.code: x for x in c.assignments.select_related("unit", "campaign")}
    for d in districts:
        a[d.code].deadline = TIER
        a[d.code].save()
    # Q1: on the 12th, before the campaign's deadline but after its tier's: late.
    report(a["Q1"], at(dt.date(2024, 4, 12)))
    # Q2: on its tier's last day: on time.  Q3: late and sent back, still sent.
    report(a["Q2"], at(TIER, 22))
    report(a["Q3"], at(dt.date(2024, 4, 11)), status=Submission.Status.RETURNED)
    # The Front on the 12th, on time against the campaign's deadline; Q4 accepted.
    report(a["MT"], at(dt.date(2024, 4, 12)))
    report(a["Q4"], at(dt.date(2024, 4, 9)), status=Submission.Status.ACCEPTED)
    # Q5 uploaded but never sent; the Youth Union nothing: both missing.
    report(a["Q5"], None)
    return {"campaign": c, "city": city, **people(city, districts[0])}


def test_statuses_against_each_units_own_due_day(world):
    c, city = world["campaign"], world["city"]
    rows = {r.unit.code: r for r in services.campaign_rows(c, city.subtree())}
    assert rows["Q1"].status == services.LATE and rows["MT"].status == services.ONTIME
    assert rows["Q2"].status == services.ONTIME and rows["Q3"].status == services.LATE
    counts = services.summary(list(rows.values()))
    assert counts == {
        "addressed": 7,
        "ontime": 3,
        "late": 2,
        "missing": 2,
        "pending": 0,
        "submitted": 5,
        "accepted": 1,
        "returned": 1,
    }
    assert services.campaign_counts([c], city.subtree())[c.pk] == counts


def test_list_tiles_and_chart_agree(client, world):
    c = world["campaign"]
    assert client.login(username=world["staff"].username, password=PASSWORD)
    listing = client.get(reverse("campaigns:list")).content.decode()
    cell = re.search(r'data-counts="(\d+) (\d+) (\d+) (\d+)">(\d+)/(\d+)', listing)
    sent, ontime, late, missing, shown, addressed = map(int, cell.groups())
    assert (sent, ontime, late, missing, shown, addressed) == (5, 3, 2, 2, 5, 7)
    assert "2 muộn, 2 quá hạn chưa nộp" in listing

    page = client.get(reverse("dashboard:campaign", args=[c.pk])).content.decode()

    def tile(key: str) -> str:
        return re.search(rf'data-count="{key}">(?:<a[^>]*>)?<strong>([^<]+)</strong>', page)[1]

    assert tile("submitted") == "5/7"
    assert (tile("ontime"), tile("late"), tile("missing")) == ("3", "2", "2")
    assert int(tile("ontime")) + int(tile("late")) == sent

    bars = re.findall(r'class="bar (ontime|late)" data-day="([\d-]+)" data-count="(\d+)"', page)
    by_kind = {"ontime": 0, "late": 0}
    for kind, _day, n in bars:
        by_kind[kind] += int(n)
    assert by_kind == {"ontime": 3, "late": 2}
    # The 12th: the Front on time (green) and Ba Đình late (red), though before the
    # campaign's deadline.
    assert ("ontime", "2024-04-12", "1") in bars and ("late", "2024-04-12", "1") in bars
    assert "5 = 3 đúng hạn + 2 muộn" in page
