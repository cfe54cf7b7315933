"""Consolidation pages as each role sees them, the value correction form, sorting, the
.xlsx export checked against totals added up here by hand, and the number of queries
that must not grow with the number of units."""

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tests.web import factories_consolidation as fc
from tests.web.factories import PASSWORD, campaign, person, unit
from tonghop.web.consolidation.models import Indicator, IndicatorValue

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    world = fc.world()
    world["cat"] = fc.catalogue(world["campaign"], world["people"]["staff"])
    return world


def _as(client, w, role):
    client.logout()
    client.login(username=w["people"][role].username, password=PASSWORD)
    return client


def test_staff_see_totals_coverage_and_sources(client, w):
    c = _as(client, w, "staff")
    page = c.get(reverse("consolidation:indicator", args=[w["cat"]["hoi-nghi"].pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "trên 20" in html and "6/7" in html
    assert "Trong năm, đơn vị có 0 hội nghị học tập." in html  # the sentence of Hoàn Kiếm
    assert "<svg" in html and "Quận ủy Ba Đình" in html
    assert html.count("chưa có") >= 1  # the Front: missing, not 0
    roll = c.get(reverse("consolidation:rollup", args=[w["campaign"].pk]))
    html = roll.content.decode()
    assert "Toàn đợt báo cáo" in html and "6/7 đơn vị báo cáo" in html
    assert "3/3 đơn vị báo cáo" in html and "trên 12" in html
    ratio = c.get(reverse("consolidation:indicator", args=[w["cat"]["ty-le-tham-du"].pk]))
    assert "68,4%" in ratio.content.decode()
    for name in ("catalogue", "candidates", "checks", "draft", "create"):
        assert c.get(reverse(f"consolidation:{name}", args=[w["campaign"].pk])).status_code == 200
    dash = c.get(reverse("dashboard:campaign", args=[w["campaign"].pk])).content.decode()
    assert reverse("consolidation:catalogue", args=[w["campaign"].pk]) in dash


def test_a_correction_through_the_page_needs_a_reason(client, w):
    c = _as(client, w, "staff")
    ind = w["cat"]["hoi-nghi"]
    a = w["campaign"].assignments.get(unit=w["units"]["Q1"])
    url = reverse("consolidation:set_value", args=[ind.pk])
    r = c.post(url, {"assignment": a.pk, "value": "6", "reason": ""})
    assert r.status_code == 400 and "lý do" in r.content.decode()
    assert IndicatorValue.objects.get(indicator=ind, assignment=a).value == 5
    r = c.post(url, {"assignment": a.pk, "value": "bảy", "reason": "x"})
    assert r.status_code == 400 and "không phải là một số" in r.content.decode()
    r = c.post(url, {"assignment": a.pk, "value": "6", "reason": "Theo văn bản bổ sung"})
    assert r.status_code == 302
    html = c.get(reverse("consolidation:indicator", args=[ind.pk])).content.decode()
    assert "báo cáo ghi 5; sửa: Theo văn bản bổ sung" in html
    assert "trên 21" in html


def test_values_sorted_by_value_missing_last(client, w):
    c = _as(client, w, "staff")
    url = reverse("consolidation:indicator", args=[w["cat"]["hoi-nghi"].pk])
    html = c.get(url, {"sort": "value", "order": "desc"}).content.decode()
    order = [code for code in ("W31", "Q1", "W12", "W11", "W21", "Q2", "MT")]
    at = [html.index(f'data-unit="{code}"') for code in order]
    assert at == sorted(at)


def test_a_leader_reads_everything_and_changes_nothing(client, w):
    c = _as(client, w, "leader")
    ind = w["cat"]["hoi-nghi"]
    page = c.get(reverse("consolidation:indicator", args=[ind.pk]))
    assert page.status_code == 200 and "value-form" not in page.content.decode()
    assert c.get(reverse("consolidation:rollup", args=[w["campaign"].pk])).status_code == 200
    assert c.get(reverse("consolidation:candidates", args=[w["campaign"].pk])).status_code == 403
    a = w["campaign"].assignments.get(unit=w["units"]["Q1"])
    r = c.post(
        reverse("consolidation:set_value", args=[ind.pk]),
        {"assignment": a.pk, "value": "9", "reason": "x"},
    )
    assert r.status_code == 403
    assert c.post(reverse("consolidation:draft", args=[w["campaign"].pk])).status_code == 403
    assert IndicatorValue.objects.get(indicator=ind, assignment=a).value == 5


def test_a_reporter_sees_only_their_own_units_values(client, w):
    c = _as(client, w, "reporter")
    for name in ("catalogue", "rollup", "checks", "export", "draft"):
        assert c.get(reverse(f"consolidation:{name}", args=[w["campaign"].pk])).status_code == 403
    ind = w["cat"]["hoi-nghi"]
    assert c.get(reverse("consolidation:indicator", args=[ind.pk])).status_code == 403
    own = w["campaign"].assignments.get(unit=w["units"]["Q1"])
    html = c.get(reverse("submissions:detail", args=[own.pk])).content.decode()
    assert "Giá trị của đơn vị trong tổng hợp" in html and "Số hội nghị học tập" in html
    other = w["campaign"].assignments.get(unit=w["units"]["Q2"])
    assert c.get(reverse("submissions:detail", args=[other.pk])).status_code == 404


def _hand_totals(noun: str, rest: str) -> dict[str, tuple[Decimal | None, int, int]]:
    """Node code -> (total, reported, expected), added up here from the factory figures
    and the tree as it stood when the campaign was sent."""
    parent = {"W11": "Q1", "W12": "Q1", "W21": "Q2", "W31": "Q3"}
    expected = {"Q1", "Q2", "MT", "W11", "W12", "W21", "W31"}
    own = {}
    for code, figures in fc.FIGURES.items():
        for value, _q, n, r in figures:
            if n == noun and r == rest:
                own[code] = Decimal(value)
    out = {}
    for node in ["Q1", "Q2", "Q3", "MT", "W11", "W12", "W21", "W31", ""]:
        below = [u for u in expected if node in ("", u, parent.get(u))]
        got = [own[u] for u in below if u in own]
        out[node] = (sum(got) if got else None, len(got), len(below))
    return out


def test_the_xlsx_totals_equal_a_roll_up_added_up_by_hand(client, w):
    c = _as(client, w, "staff")
    r = c.get(reverse("consolidation:export", args=[w["campaign"].pk]))
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(BytesIO(r.content))
    ws = wb["Tổng hợp theo cấp"]
    head = [cell.value for cell in ws[3]]
    col = head.index("Số hội nghị học tập (hội nghị)")
    rows = {row[1] or "": row for row in ws.iter_rows(min_row=4, values_only=True)}
    hand = _hand_totals("hội nghị", "học tập")
    for node, (total, reported, expected) in hand.items():
        row = rows[node]
        assert row[col] == total, node
        assert row[col + 1] == f"{reported}/{expected}", node
    assert rows[""][col + 2] == "tối thiểu"  # Phúc Xá's "trên 3"
    units = wb["Số liệu đơn vị"]
    head = [cell.value for cell in units[3]]
    col = head.index("Số hội nghị học tập (hội nghị)")
    per_unit = {row[1]: row[col] for row in units.iter_rows(min_row=4, values_only=True)}
    assert per_unit["Q2"] == 0 and per_unit["MT"] is None  # zero is a value, missing is not
    assert sum(v for v in per_unit.values() if v is not None) == hand[""][0]


@pytest.mark.django_db(transaction=True)
def test_the_draft_downloads_as_word_for_staff_and_leaders(client, w):
    import docx
    from django.core.management import call_command

    c = _as(client, w, "staff")
    url = reverse("consolidation:draft", args=[w["campaign"].pk])
    form = c.get(url).content.decode()
    assert "Kèm nguồn dưới dạng chú thích Word (comments)" in form
    r = c.post(
        url,
        {"issuer": "BAN TUYÊN GIÁO THÀNH ỦY", "superior": "THÀNH ỦY HÀ NỘI", "date": "2024-04-12",
         "summary": "Tổng hợp kết quả thực hiện Kết luận số 01-KL/TW", "place": "Hà Nội",
         "comments": "on"},
    )  # fmt: skip
    assert r.status_code == 302
    call_command("db_worker", "--batch", "--queue-name", "*", "--no-startup-delay", verbosity=0)
    page = c.get(url).content.decode()
    assert "[nguồn:" in page and "Quận ủy Ba Đình" in page
    run = w["campaign"].draft_runs.get()
    for role in ("staff", "leader"):
        got = _as(client, w, role).get(reverse("consolidation:draft_file", args=[run.pk, "docx"]))
        assert got.status_code == 200
        document = docx.Document(BytesIO(b"".join(got.streaming_content)))
        assert any("trên 20 hội nghị" in p.text for p in document.paragraphs)
    got = _as(client, w, "reporter").get(reverse("consolidation:draft_file", args=[run.pk, "docx"]))
    assert got.status_code == 403


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
    staff = person(f"cv{tag}", "staff", root)
    return c, ind, staff


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_queries_do_not_grow_with_the_number_of_units(client):
    counts = []
    for n, tag in ((6, "a"), (60, "b")):
        c, ind, staff = _campaign_of(n, tag)
        client.logout()
        client.login(username=staff.username, password=PASSWORD)
        counts.append(
            (
                _queries(client, reverse("consolidation:indicator", args=[ind.pk])),
                _queries(client, reverse("consolidation:rollup", args=[c.pk])),
                _queries(client, reverse("consolidation:rollup", args=[c.pk]) + "?cap=2"),
                _queries(client, reverse("consolidation:export", args=[c.pk])),
                _queries(client, reverse("consolidation:checks", args=[c.pk])),
            )
        )
    assert counts[0] == counts[1], counts
