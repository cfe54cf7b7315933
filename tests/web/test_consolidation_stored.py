"""Large campaigns' pages read totals added up in the background: a change queues one
recomputation (django-tasks, run here by the real worker), pages meanwhile say the
totals are being updated, and the stored totals, broken rules and .xlsx equal what
adding up live gives.  The number of queries of every page stays the same whatever the
number of units.  "Large" is lowered for the tests (LIVE_LIMIT)."""

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from tests.web import factories_consolidation as fc
from tests.web.factories import PASSWORD, campaign, person, unit
from tonghop.web.consolidation import services
from tonghop.web.consolidation.models import (
    CampaignState,
    Indicator,
    IndicatorValue,
    StoredTotal,
    ValidationRule,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _large_from_three_units(monkeypatch):
    monkeypatch.setattr(services, "LIVE_LIMIT", 3)


def run_worker() -> None:
    call_command("db_worker", "--batch", "--queue-name", "*", "--no-startup-delay", verbosity=0)


def _queued() -> int:
    tasks = DBTaskResult.objects.filter(task_path__endswith="recompute_totals")
    return tasks.filter(status="READY").count()


@pytest.fixture
def w():
    world = fc.world()
    world["cat"] = fc.catalogue(world["campaign"], world["people"]["staff"])
    world["ids"] = {code: str(u.pk) for code, u in world["units"].items()}
    return world


def _all_totals(r):
    services.load_totals(r, [*r.tree.order, services.CAMPAIGN])
    return {
        k: (t.value, t.reported, t.expected, t.lower_bound, t.approximate)
        for k, t in r.totals.items()
    }


def test_stored_totals_equal_the_live_roll_up_and_follow_changes(client, w):
    c, staff = w["campaign"], w["people"]["staff"]
    assert _queued() == 1  # the catalogue's creation queued one recomputation, not four
    run_worker()
    r = services.rollup(c, stored=True)
    assert r.stored == c.pk and not r.stale
    live = services.rollup(c, cached=False)
    assert r.values is None and live.values
    stored = _all_totals(r)
    assert stored == {
        k: (t.value, t.reported, t.expected, t.lower_bound, t.approximate)
        for k, t in live.totals.items()
    }
    assert stored[("", "hoi-nghi")][0] == fc.HAND[("", "hoi-nghi")]
    assert stored[("", "ty-le-tham-du")][0] == live.total("", "ty-le-tham-du").value

    # A change: the pages show the totals as they were, saying they are being updated.
    a = c.assignments.get(unit=w["units"]["W21"])
    services.set_value(w["cat"]["hoi-nghi"], a, Decimal(11), staff, reason="Văn bản bổ sung")
    services.set_value(w["cat"]["hoi-nghi"], a, Decimal(12), staff, reason="Sửa lần nữa")
    assert _queued() == 1  # two changes, one recomputation waiting
    client.login(username=staff.username, password=PASSWORD)
    page = client.get(reverse("consolidation:rollup", args=[c.pk])).content.decode()
    assert "Số liệu tổng hợp đang cập nhật" in page
    assert services.rollup(c, stored=True).total("", "hoi-nghi") is None  # nothing read yet
    r = services.rollup(c, stored=True)
    services.load_totals(r, [services.CAMPAIGN])
    assert r.stale and r.total("", "hoi-nghi").value == fc.HAND[("", "hoi-nghi")]
    run_worker()
    r = services.rollup(c, stored=True)
    services.load_totals(r, [services.CAMPAIGN])
    assert not r.stale and r.total("", "hoi-nghi").value == fc.HAND[("", "hoi-nghi")] - 1 + 12
    page = client.get(reverse("consolidation:rollup", args=[c.pk])).content.decode()
    assert "Số liệu tổng hợp đang cập nhật" not in page


def test_stored_broken_rules_and_xlsx_equal_the_live_ones(client, w, monkeypatch):
    c, staff = w["campaign"], w["people"]["staff"]
    ValidationRule.objects.create(
        campaign=c, key="tham-du-khong-qua-tong", left=["dv-tham-du"], operator="<=",
        right=["dv-tong-so"], message="Số tham dự không lớn hơn tổng số",
    )  # fmt: skip
    a = c.assignments.get(unit=w["units"]["Q2"])
    services.set_value(w["cat"]["dv-tham-du"], a, Decimal(45), staff, reason="Thử quy tắc")
    run_worker()
    client.login(username=staff.username, password=PASSWORD)

    def checks_and_xlsx():
        page = client.get(reverse("consolidation:checks", args=[c.pk])).content.decode()
        got = client.get(reverse("consolidation:export", args=[c.pk]))
        wb = load_workbook(BytesIO(got.content))
        sheets = {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}
        return page, sheets

    stored_page, stored_xlsx = checks_and_xlsx()
    assert "Số tham dự không lớn hơn tổng số" in stored_page and "45" in stored_page
    monkeypatch.setattr(services, "LIVE_LIMIT", 1000)  # the same pages added up live
    live_page, live_xlsx = checks_and_xlsx()
    assert stored_xlsx == live_xlsx
    rows = lambda html: [x for x in html.split("<tr") if "violation" in x]  # noqa: E731
    assert rows(stored_page) == rows(live_page) and rows(live_page)


def _campaign_of(n: int, tag: str):
    """A campaign of `n` units under 5 districts, each unit with a value."""
    root = unit(f"R{tag}", f"Thành ủy {tag}")
    districts = [unit(f"{tag}D{k}", f"Quận ủy {tag} {k}", parent=root) for k in range(5)]
    units = [unit(f"{tag}U{k}", f"Đảng ủy phường {k}", parent=districts[k % 5]) for k in range(n)]
    c = campaign(root, units + districts, deadline=dt.date.today())
    ind = Indicator.objects.create(campaign=c, key="hoi-nghi", name="Số hội nghị", unit="hội nghị")
    IndicatorValue.objects.bulk_create(
        IndicatorValue(indicator=ind, assignment=a, value=Decimal(k), sentence=f"Có {k} hội nghị.")
        for k, a in enumerate(c.assignments.all())
    )
    services.touch(c)
    return c, ind, person(f"cv{tag}", "staff", root)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_page_queries_do_not_grow_with_the_units_nor_after_a_change(client):
    made = [_campaign_of(n, tag) for n, tag in ((8, "a"), (80, "b"))]
    run_worker()
    counts = []
    for c, ind, staff in made:
        assert CampaignState.objects.get(campaign=c).totals_fresh
        assert StoredTotal.objects.filter(campaign=c, node="").exists()
        client.logout()
        client.login(username=staff.username, password=PASSWORD)
        urls = [
            reverse("consolidation:indicator", args=[ind.pk]),
            reverse("consolidation:indicator", args=[ind.pk]) + "?sort=value&order=desc",
            reverse("consolidation:rollup", args=[c.pk]),
            reverse("consolidation:rollup", args=[c.pk]) + "?cap=2",
            reverse("consolidation:checks", args=[c.pk]),
            reverse("consolidation:export", args=[c.pk]),
        ]
        client.get(urls[0])  # the session's first page reads a little more
        counts.append([_queries(client, u) for u in urls])
        services.touch(c)  # the first view after a change: the same queries
        counts.append([_queries(client, u) for u in urls])
    assert counts[0] == counts[1] == counts[2] == counts[3], counts
