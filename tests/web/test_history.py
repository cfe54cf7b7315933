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
    # A split unit's earlier value once, at the unit it came from, beside the sum of
    # the units it went into; the pieces name where it is.
    y = rows["Đảng ủy xã Yên Hòa (trước khi chia tách)"]
    assert (y.before, y.now, y.change) == (8, 11, 3) and not y.addressed
    assert "Yên Hòa Bắc, Đảng ủy xã Yên Hòa Nam" in y.note
    y1, y2 = rows["Đảng ủy xã Yên Hòa Bắc"], rows["Đảng ủy xã Yên Hòa Nam"]
    assert (y1.now, y1.before, y2.now, y2.before) == (6, None, 5, None)
    assert "số liệu đợt trước ghi ở dòng Đảng ủy xã Yên Hòa" in y2.note
    order = [r.name for r in services.beside(w["now"], w["new"])]
    assert order.index(y.name) == order.index(y1.name) - 1
    assert sum(r.before or 0 for r in rows.values() if r.depth == 1) == whole.before


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
    from tonghop.web.audit.models import Event

    e = Event.objects.get(action="unit", detail__change="merge")
    assert e.message.startswith("Sáp nhập Đảng ủy phường An Bình, Đảng ủy phường Bình Yên Mới")
    with pytest.raises(CommandError, match="Không có đơn vị mã: ZZ"):
        call_command("unit_change", "chia-tach", "ZZ", "--thanh", "N", "--ngay", "01/08/2025")
    with pytest.raises(CommandError, match="không đúng dạng"):
        call_command("unit_change", "chia-tach", "A", "--thanh", "N", "--ngay", "2025-08-01")
    with pytest.raises(CommandError, match="Chia tách: một đơn vị cũ"):
        call_command("unit_change", "chia-tach", "A", "B", "--thanh", "N", "--ngay", "01/08/2025")


# --- the tree's changes recorded from the page ------------------------------------------


def _post(client, data, confirm):
    return client.post(reverse("history:units"), {**data, **({"xac_nhan": "1"} if confirm else {})})


def test_a_merger_recorded_from_the_page_after_a_confirmation(client, w):
    """Staff of the city merge two units into a new one: asked first, then the old ones
    close, their own units move, the merger is in the log and the history, and a later
    campaign's comparison shows the merged unit's earlier value as the sum, marked."""
    from tonghop.web.audit.models import Event
    from tonghop.web.units.models import Unit

    u = w["u"]
    cell = unit("A-1", "Chi bộ thôn An Lạc", parent=u["A"])
    client.login(username="cv", password=PASSWORD)
    page = client.get(reverse("history:units")).content.decode()
    assert "Sáp nhập, chia tách, đổi tên, chuyển đơn vị" in page
    assert "Yên Hòa → Đảng ủy xã Yên Hòa Bắc, Đảng ủy xã Yên Hòa Nam" in page  # recorded
    data = {"kind": "sap-nhap", "sn-sources": [u["A"].pk, u["B"].pk], "sn-new_code": "AB",
            "sn-new_name": "Đảng ủy phường An Bình Yên", "sn-on": "01/07/2025"}  # fmt: skip
    r = _post(client, data, confirm=False)
    text = r.content.decode()
    assert r.status_code == 200 and "Xác nhận sáp nhập" in text
    assert "Sáp nhập Đảng ủy phường An Bình, Đảng ủy phường Bình Yên Mới thành " in text
    assert "Đảng ủy phường An Bình Yên [AB] (đơn vị mới), ngày 01/07/2025." in text
    assert not Unit.objects.filter(code="AB").exists()  # nothing yet
    r = _post(client, data, confirm=True)
    assert r.status_code == 302 and r.url == reverse("history:units")
    ab = Unit.objects.get(code="AB")
    assert ab.parent == u["A"].parent and ab.opened_on == dt.date(2025, 7, 1)
    for x in (u["A"], u["B"]):
        x.refresh_from_db()
        assert x.closed_on == dt.date(2025, 7, 1)
    cell.refresh_from_db()
    assert cell.parent == ab and cell.closed_on is None
    assert sorted(UnitChange.objects.filter(unit=ab).values_list("source__code", flat=True)) == [
        "A", "B"]  # fmt: skip
    e = Event.objects.get(action="unit", detail__change="merge")
    assert e.message.startswith("Sáp nhập Đảng ủy phường An Bình, Đảng ủy phường Bình Yên Mới")
    page = client.get(reverse("history:units")).content.decode()
    assert "Đảng ủy phường An Bình, Đảng ủy phường Bình Yên Mới → Đảng ủy phường An Bình Yên" in (
        page
    )
    # A later campaign addressing the merged unit: last year's value is A's and B's sum.
    later = campaign(ab.parent, [ab, u["M"]], title="Năm 2026", copied_from=w["before"])
    ind = _indicator(later, "hn", "Số hội nghị học tập chuyên đề", "hội nghị", w["staff"])
    consolidation.set_value(ind, later.assignments.get(unit=ab), Decimal(20), w["staff"])
    services.link(later, w["before"], {ind.pk: w["old"].pk}, w["staff"])
    row = next(r for r in services.beside(later, ind) if r.name == ab.name)
    assert (row.now, row.before, row.change) == (20, 15, 5)
    assert row.note == ("tổng của các đơn vị trước khi sáp nhập: Đảng ủy phường An Bình, "
                        "Đảng ủy phường Bình Yên Mới")  # fmt: skip


def test_a_split_a_rename_and_a_move_from_the_page(client, w):
    from tonghop.web.audit.models import Event
    from tonghop.web.units.models import Unit, UnitMove

    u = w["u"]
    client.login(username="cv", password=PASSWORD)
    data = {"kind": "chia-tach", "ct-source": u["A"].pk, "ct-pieces": [u["M"].pk],
            "ct-new_units": "A-N; Đảng ủy phường An Bình Nam\n", "ct-on": "02/07/2025"}  # fmt: skip
    assert "Xác nhận chia tách" in _post(client, data, confirm=False).content.decode()
    assert _post(client, data, confirm=True).status_code == 302
    an = Unit.objects.get(code="A-N")
    assert sorted(
        UnitChange.objects.filter(source=u["A"], kind="split").values_list("unit__code", flat=True)
    ) == ["A-N", "M"]
    u["A"].refresh_from_db()
    assert u["A"].closed_on == dt.date(2025, 7, 2) and an.parent == u["A"].parent
    data = {"kind": "doi-ten", "dt-unit": u["Y1"].pk, "dt-name": "Đảng ủy xã Yên Hòa Thượng",
            "dt-on": "03/07/2025"}  # fmt: skip
    assert "Đổi tên Đảng ủy xã Yên Hòa Bắc [Y1]" in _post(client, data, False).content.decode()
    assert _post(client, data, confirm=True).status_code == 302
    u["Y1"].refresh_from_db()
    assert u["Y1"].name == "Đảng ủy xã Yên Hòa Thượng"
    data = {"kind": "chuyen", "cd-unit": u["Y2"].pk, "cd-parent": u["M"].pk, "cd-on": "04/07/2025"}
    assert "Chuyển Đảng ủy xã Yên Hòa Nam" in _post(client, data, False).content.decode()
    assert _post(client, data, confirm=True).status_code == 302
    assert UnitMove.objects.get(unit=u["Y2"]).new_parent == u["M"]
    page = client.get(reverse("history:units")).content.decode()
    for line in ("Đảng ủy phường An Bình → Đảng ủy phường An Bình Nam, Đảng ủy xã Mỹ Đức",
                 "Đảng ủy xã Yên Hòa Bắc → Đảng ủy xã Yên Hòa Thượng",
                 "Đảng ủy xã Yên Hòa Nam: từ Thành ủy Hà Nội sang Đảng ủy xã Mỹ Đức"):  # fmt: skip
        assert line in page, line
    assert Event.objects.filter(action="unit", detail__change__in=["split", "rename"]).count() == 2


def test_the_changes_page_refuses_bad_input_in_vietnamese_and_keeps_everything(client, w):
    from tonghop.web.units.models import Unit

    u = w["u"]
    client.login(username="cv", password=PASSWORD)

    def state():
        rows = Unit.objects.order_by("pk").values_list("name", "parent_id", "closed_on")
        return UnitChange.objects.count(), list(rows)

    before = state()
    for data, message in (
        ({"kind": "sap-nhap", "sn-sources": [u["A"].pk], "sn-new_code": "X", "sn-new_name": "X",
          "sn-on": "01/07/2025"}, "hãy chọn ít nhất hai đơn vị cũ"),
        ({"kind": "sap-nhap", "sn-sources": [u["A"].pk, u["B"].pk], "sn-on": "01/07/2025"},
         "hoặc nhập mã và tên đơn vị mới"),
        ({"kind": "sap-nhap", "sn-sources": [u["A"].pk, u["B"].pk], "sn-new_code": "M",
          "sn-new_name": "Trùng mã", "sn-on": "01/07/2025"}, "Mã đơn vị đã có hoặc bị trùng: M"),
        ({"kind": "sap-nhap", "sn-sources": [u["A"].pk, u["B"].pk], "sn-new_code": "Z",
          "sn-new_name": "Z", "sn-on": "2025-13-45"}, "Ngày viết theo dạng ngày/tháng/năm"),
        ({"kind": "chia-tach", "ct-source": u["A"].pk, "ct-new_units": "không có mã",
          "ct-on": "01/07/2025"}, "Dòng 1: mỗi đơn vị mới ghi một dòng «mã; tên đơn vị»"),
        ({"kind": "chia-tach", "ct-source": u["A"].pk, "ct-new_units": "A9; Một",
          "ct-on": "01/07/2025"}, "một đơn vị cũ thành ít nhất hai đơn vị"),
        ({"kind": "doi-ten", "dt-unit": u["A"].pk, "dt-name": "", "dt-on": "01/07/2025"},
         "Hãy nhập tên mới của đơn vị"),
        ({"kind": "chuyen", "cd-unit": u["A"].pk, "cd-parent": u["A"].pk, "cd-on": "01/07/2025"},
         "đó là chính nó hoặc đơn vị cấp dưới của nó"),
    ):  # fmt: skip
        r = _post(client, data, confirm=True)
        assert r.status_code == 400, data
        assert message in r.content.decode(), message
    assert state() == before


def test_only_the_top_levels_staff_record_unit_changes(client, w):
    u = w["u"]
    person("cv_a", "staff", u["A"])
    person("ld", "leader", u["A"].parent)
    person("bc_a", "reporter", u["A"])
    client.login(username="cv", password=PASSWORD)
    tree_page = client.get(reverse("units:tree")).content.decode()
    assert reverse("history:units") in tree_page
    for username in ("cv_a", "ld", "bc_a"):
        client.logout()
        client.login(username=username, password=PASSWORD)
        assert client.get(reverse("history:units")).status_code == 403, username
        r = client.post(reverse("history:units"), {"kind": "doi-ten", "dt-unit": u["A"].pk,
                        "dt-name": "X", "dt-on": "01/07/2025", "xac_nhan": "1"})  # fmt: skip
        assert r.status_code == 403
    u["A"].refresh_from_db()
    assert u["A"].name == "Đảng ủy phường An Bình"
    client.logout()
    client.login(username="cv_a", password=PASSWORD)
    assert reverse("history:units") not in client.get(reverse("units:tree")).content.decode()
