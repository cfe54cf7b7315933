"""Across campaigns (issue 12): this year's indicator beside last year's, per unit and
for the whole campaign, units followed through mergers and splits; the catalogues
linked once from a proposal by name and counted noun."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.web.factories import PASSWORD, campaign, person, unit
from tonghop.web.consolidation import services as consolidation
from tonghop.web.history import services
from tonghop.web.history.models import UnitChange

pytestmark = pytest.mark.django_db


def _indicator(c, key, name, noun, user):
    return consolidation.save_indicator(
        c, {"key": key, "name": name, "unit": noun, "outline_item": "II",
            "aggregation": "sum", "keywords": []}, user,
    )  # fmt: skip


@pytest.fixture
def w():
    city = unit("TU", "Thành ủy Hà Nội", kind="thanh_uy")
    u = {c: unit(c, n, parent=city) for c, n in (
        ("A", "Đảng ủy phường An Bình"), ("B", "Đảng ủy phường Bình Yên"),
        ("Y", "Đảng ủy xã Yên Hòa"), ("M1", "Đảng ủy xã Mỹ Lộc"), ("M2", "Đảng ủy xã Mỹ Thành"),
        ("Y1", "Đảng ủy xã Yên Hòa Bắc"), ("Y2", "Đảng ủy xã Yên Hòa Nam"),
        ("M", "Đảng ủy xã Mỹ Đức"))}  # fmt: skip
    staff = person("cv", "staff", city)
    before = campaign(city, [u[c] for c in ("A", "B", "Y", "M1", "M2")], title="Năm 2024")
    now = campaign(city, [u[c] for c in ("A", "B", "Y1", "Y2", "M")], title="Năm 2025",
                   copied_from=before)  # fmt: skip
    old = _indicator(before, "hoi-nghi", "Số hội nghị học tập chuyên đề", "hội nghị", staff)
    _indicator(before, "mo-hinh", "Số mô hình mới", "mô hình", staff)
    new = _indicator(now, "so-hoi-nghi", "Số hội nghị học tập chuyên đề năm 2025", "hội nghị",
                     staff)  # fmt: skip
    _indicator(now, "dv-moi", "Số đảng viên mới", "đảng viên", staff)
    for c, ind, values in (
        (before, old, {"A": 10, "B": 5, "Y": 8, "M1": 3, "M2": 4}),
        (now, new, {"A": 12, "B": 5, "Y1": 6, "Y2": 5, "M": 9}),
    ):
        for code, v in values.items():
            consolidation.set_value(ind, c.assignments.get(unit=u[code]), Decimal(v), staff)
    on = dt.date(2025, 7, 1)
    services.record_change(UnitChange.Kind.SPLIT, [u["Y"]], [u["Y1"], u["Y2"]], on)
    services.record_change(UnitChange.Kind.MERGE, [u["M1"], u["M2"]], [u["M"]], on)
    u["B"].name = "Đảng ủy phường Bình Yên Mới"  # renamed: the same unit
    u["B"].save()
    return {"u": u, "staff": staff, "before": before, "now": now, "old": old, "new": new}


def test_the_proposal_matches_by_name_and_counted_noun(w):
    pairs = {p.indicator.key: p for p in services.propose(w["now"], w["before"])}
    assert pairs["so-hoi-nghi"].previous == w["old"]
    assert pairs["dv-moi"].previous is None  # no indicator counts đảng viên last year
    assert services.previous_candidates(w["now"]) == [w["before"]]


def test_beside_last_year_through_mergers_and_splits(w):
    services.link(w["now"], w["before"], {w["new"].pk: w["old"].pk}, w["staff"])
    rows = {r.name: r for r in services.beside(w["now"], w["new"])}
    whole = rows["Toàn đợt báo cáo"]
    assert (whole.now, whole.before, whole.change) == (37, 30, 7)
    assert whole.change_text == "+7 (+23,3%)"
    a = rows["Đảng ủy phường An Bình"]
    assert (a.now, a.before, a.change_text) == (12, 10, "+2 (+20%)")
    b = rows["Đảng ủy phường Bình Yên Mới"]
    assert (b.before, b.change) == (5, 0)
    m = rows["Đảng ủy xã Mỹ Đức"]
    assert m.before == 7 and "Mỹ Lộc" in m.note and "Mỹ Thành" in m.note
    y1, y2 = rows["Đảng ủy xã Yên Hòa Bắc"], rows["Đảng ủy xã Yên Hòa Nam"]
    assert y1.before == 8 and "Yên Hòa trước khi chia tách" in y1.note
    assert y2.before is None and "ghi ở Đảng ủy xã Yên Hòa Bắc" in y2.note  # shown once


def test_refused_links(w):
    with pytest.raises(services.HistoryError):
        services.link(w["now"], w["now"], {}, w["staff"])
    with pytest.raises(services.HistoryError):  # an indicator of neither campaign
        services.link(w["now"], w["before"], {w["old"].pk: w["new"].pk}, w["staff"])


def test_the_pages(client, w):
    other = unit("KB", "Đảng ủy Khối B", parent=w["u"]["A"].parent)
    person("cv_b", "staff", other)
    person("bc_a", "reporter", w["u"]["A"])
    client.login(username="cv", password=PASSWORD)
    page = client.get(reverse("history:link", kwargs={"pk": w["now"].pk})).content.decode()
    assert f'<option value="{w["old"].pk}" selected>' in page
    r = client.post(
        reverse("history:link", kwargs={"pk": w["now"].pk}),
        {"truoc": w["before"].pk, f"i{w['new'].pk}": w["old"].pk},
    )
    assert r.status_code == 302
    page = client.get(reverse("history:campaign", kwargs={"pk": w["now"].pk})).content.decode()
    assert "+7 (+23,3%)" in page
    page = client.get(reverse("history:indicator", kwargs={"pk": w["new"].pk})).content.decode()
    assert "tổng của các đơn vị trước khi sáp nhập" in page
    for username in ("cv_b", "bc_a"):
        client.logout()
        client.login(username=username, password=PASSWORD)
        for name, pk in (("history:link", w["now"].pk), ("history:campaign", w["now"].pk),
                         ("history:indicator", w["new"].pk)):  # fmt: skip
            assert client.get(reverse(name, kwargs={"pk": pk})).status_code in (403, 404)


def test_the_campaign_page_links_to_the_comparison(client, w):
    client.login(username="cv", password=PASSWORD)
    page = client.get(reverse("campaigns:detail", kwargs={"pk": w["now"].pk})).content.decode()
    assert reverse("history:campaign", kwargs={"pk": w["now"].pk}) in page


def test_the_command_records_a_merger_and_refuses_bad_input(w):
    import io

    from django.core.management import CommandError, call_command

    unit("N", "Đảng ủy xã Nam Sơn", parent=w["u"]["A"].parent)
    out = io.StringIO()
    call_command("unit_change", "sap-nhap", "A", "B", "--thanh", "N", "--ngay", "01/08/2025",
                 stdout=out)  # fmt: skip
    assert "Đã ghi nhận sáp nhập: A, B → N (01/08/2025)" in out.getvalue()
    assert UnitChange.objects.filter(unit__code="N", kind="merge").count() == 2
    with pytest.raises(CommandError, match="Không có đơn vị mã: ZZ"):
        call_command("unit_change", "chia-tach", "ZZ", "--thanh", "N", "--ngay", "01/08/2025")
    with pytest.raises(CommandError, match="không đúng dạng"):
        call_command("unit_change", "chia-tach", "A", "--thanh", "N", "--ngay", "2025-08-01")
    with pytest.raises(CommandError, match="Chia tách: một đơn vị cũ"):
        call_command("unit_change", "chia-tach", "A", "B", "--thanh", "N", "--ngay", "01/08/2025")
