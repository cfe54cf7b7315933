"""A unit renamed (or moved) after the roll-up was computed: every process's pages show
the new name.  Roll-ups and trees are kept per process, so the change has to reach them
through the database (the campaign's state), not by clearing this process's memory."""

import pytest
from django.urls import reverse

from tests.web import factories_consolidation as fc
from tests.web.factories import PASSWORD
from tonghop.web.consolidation import services
from tonghop.web.units import services as units

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    world = fc.world()
    world["cat"] = fc.catalogue(world["campaign"], world["people"]["staff"])
    return world


def _names(r) -> set[str]:
    return {row.name for row in r.tree.rows.values()}


def test_a_renamed_unit_is_named_anew_in_a_kept_roll_up(client, w):
    c, q1 = w["campaign"], w["units"]["Q1"]
    before = services.rollup(c)
    assert "Quận ủy Ba Đình" in _names(before)
    kept = dict(services._CACHE)
    units.update_unit(w["people"]["staff"], w["city"], q1, name="Đảng ủy quận Ba Đình")
    # Nothing in this process was cleared: what a worker elsewhere holds is what this one
    # holds, and the roll-up is computed again because the database says it changed.
    assert dict(services._CACHE) == kept
    after = services.rollup(c)
    assert after is not before
    assert "Đảng ủy quận Ba Đình" in _names(after) and "Quận ủy Ba Đình" not in _names(after)
    client.login(username="chuyenvien", password=PASSWORD)
    page = client.get(reverse("consolidation:rollup", args=[c.pk])).content.decode()
    assert "Đảng ủy quận Ba Đình" in page and "Quận ủy Ba Đình" not in page


def test_a_renamed_node_above_the_units_is_named_anew_in_a_large_campaign(w, monkeypatch):
    """Huyện ủy Sóc Sơn is not addressed (its ward reports): a node taken from the tree."""
    monkeypatch.setattr(services, "LIVE_LIMIT", 3)
    c, q3 = w["campaign"], w["units"]["Q3"]
    services.store_totals(c)
    r = services.rollup(c, stored=True)
    assert r.stored and "Huyện ủy Sóc Sơn" in _names(r)
    units.update_unit(w["people"]["staff"], w["city"], q3, name="Đảng ủy huyện Sóc Sơn")
    r = services.rollup(c, stored=True)
    assert "Đảng ủy huyện Sóc Sơn" in _names(r) and "Huyện ủy Sóc Sơn" not in _names(r)
    assert r.stale  # the stored broken rules name units: added up again in the background


def test_a_unit_saved_unchanged_or_outside_the_campaign_changes_nothing(w):
    c = w["campaign"]
    r = services.rollup(c)
    other = fc.unit("X9", "Đảng ủy Khối Doanh nghiệp", parent=w["city"])
    units.update_unit(w["people"]["staff"], w["city"], other, name="Đảng ủy Khối DN")
    assert services.rollup(c) is r
