"""The permission matrix over three levels (issue 12): the city, two committees, two
grassroots organisations under each, the city's campaign forwarded by both committees.
Every page, download, export and change of the city's campaign and of a committee's
part, for every role; the staff of a committee see and act on their subtree only."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.web.factories import PASSWORD
from tests.web.factories_cascade import forwarded, submit, tree
from tonghop.web.audit.models import Event
from tonghop.web.campaigns.models import Campaign
from tonghop.web.consolidation import services as consolidation
from tonghop.web.submissions.models import Submission, Version
from tonghop.web.units.models import Unit

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "city_staff", "city_leader", "ka_staff", "kb_staff", "ka_leader",
         "ka_reporter", "a1_reporter", "a2_reporter", "b1_reporter"]  # fmt: skip
CS, CL, AS, BS, AL = "city_staff", "city_leader", "ka_staff", "kb_staff", "ka_leader"
AR, R1, R2, RB = "ka_reporter", "a1_reporter", "a2_reporter", "b1_reporter"


@pytest.fixture
def w():
    w = forwarded(tree())
    u, users = w["u"], w["users"]
    consolidation.save_indicator(
        w["c"], {"key": "mo-hinh", "name": "Số mô hình mới", "unit": "mô hình",
                 "outline_item": "II", "aggregation": "sum", "keywords": []}, users[CS],
    )  # fmt: skip
    consolidation.copy_catalogue(w["part_a"], w["c"], users[CS])
    w["a1"] = submit(w["part_a"], u["A1"], users[R1], confirm=True)
    w["b1"] = submit(w["part_b"], u["B1"], users[RB])
    w["ka"] = submit(w["c"], u["KA"], users[AS])
    w["kb"] = w["c"].assignments.get(unit=u["KB"])
    w["va1"] = w["a1"].submission.submitted_version
    w["vka"] = w["ka"].submission.submitted_version
    w["run"] = consolidation.run_draft(w["part_a"], {}, users[AS])
    w["ind"] = w["part_a"].indicators.get()
    return w


def _client(client, w, role):
    client.logout()
    if role != "anonymous":
        assert client.login(username=w["users"][role].username, password=PASSWORD)
    return client


CITY = {CS, CL, AL}  # a committee's leader reads the city's pages over their own subtree
PART_A_READERS = {CS, CL, AS, AL}  # the part's owner's staff and leader, and above


def pages(w) -> dict[str, set[str]]:
    """url -> the roles that may open it (GET)."""
    c, pa, pb = w["c"].pk, w["part_a"].pk, w["part_b"].pk

    def url(name, pk, **kw):
        return reverse(name, kwargs={"pk": pk, **kw})

    p = {
        url("campaigns:detail", c): {CS, CL, AS, BS, AL},
        url("campaigns:detail", pa): PART_A_READERS,
        url("campaigns:detail", pb): {CS, CL, BS},
        url("campaigns:chain", c): {CS, CL, AS, BS, AL},  # rows: their own subtree
        url("campaigns:chain", pa): PART_A_READERS,
        url("campaigns:chain", pb): {CS, CL, BS},
        url("campaigns:forward", w["ka"].pk): {AS},
        url("campaigns:forward", w["kb"].pk): {BS},
        url("campaigns:extend", pa): {CS, AS},
        url("dashboard:search", c): {CS, CL, AL, AR},
        url("dashboard:search", pa): {CS, CL, AS, AL, R1, R2},
        url("reminders:log", c): {CS},
        url("reminders:log", pa): {CS, AS},
        url("audit:campaign", c): {CS},
        url("audit:campaign", pa): {CS, AS},
        url("submissions:detail", w["a1"].pk): {CS, CL, AS, AL, R1},
        url("submissions:read", w["va1"].pk): {CS, CL, AS, AL, R1},
        url("submissions:download", w["va1"].pk): {CS, CL, AS, AL, R1},
        url("submissions:detail", w["b1"].pk): {CS, CL, BS, RB},
        url("submissions:detail", w["ka"].pk): {CS, CL, AS, AL, AR},
        url("submissions:download", w["vka"].pk): {CS, CL, AS, AL, AR},
        url("submissions:detail", w["kb"].pk): {CS, CL, BS},
        url("consolidation:indicator", w["ind"].pk): PART_A_READERS,
        url("consolidation:draft_file", w["run"].pk, kind="docx"): PART_A_READERS,
        url("consolidation:draft_file", w["run"].pk, kind="xlsx"): PART_A_READERS,
        url("consolidation:candidates", pa): {CS, AS},
        url("consolidation:create", pa): {CS, AS},
        url("exemplars:campaign", c): {CS, CL, AL},  # a leader: their branch's nominees
        # Across campaigns: as the consolidation pages.
        url("history:campaign", c): CITY,
        url("history:campaign", pa): PART_A_READERS,
        url("history:link", c): {CS},
        url("history:link", pa): {CS, AS},
        url("history:indicator", w["ind"].pk): PART_A_READERS,
        # The tree's changes (mergers, splits, renames, moves): the top level's staff.
        reverse("history:units"): {CS},
    }
    for name in ("dashboard:campaign", "dashboard:matrix", "dashboard:export",
                 "dashboard:item_pick", "consolidation:catalogue", "consolidation:rollup",
                 "consolidation:checks", "consolidation:export",
                 "consolidation:draft"):  # fmt: skip
        p[url(name, c)] = CITY
        p[url(name, pa)] = PART_A_READERS
        p[url(name, pb)] = {CS, CL, BS}
    return p


@pytest.mark.parametrize("role", ROLES)
def test_every_page_download_and_export_for_every_role(client, w, role):
    cl = _client(client, w, role)
    wrong = []
    for url, allowed in pages(w).items():
        r = cl.get(url)
        if role == "anonymous":
            ok = r.status_code == 302 and "/dang-nhap/" in r.url
        elif role in allowed:
            ok = r.status_code == 200 or (r.status_code == 302 and "/dang-nhap/" not in r.url)
        else:
            # Refused, or a reporter sent to their own page; never shown.
            ok = r.status_code in (403, 404) or (
                r.status_code == 302 and "/dang-nhap/" not in r.url and role in (AR, R1, R2, RB)
            )
        if not ok:
            wrong.append((url, r.status_code))
    assert not wrong, wrong


def _state(w):
    return (
        sorted(Submission.objects.values_list("pk", "status", "submitted_version_id")),
        Version.objects.count(),
        Campaign.objects.filter(parent__isnull=False).count(),
        sorted(w["c"].assignments.values_list("unit_id", flat=True)),
        sorted(w["part_a"].assignments.values_list("unit_id", flat=True)),
        Campaign.objects.filter(status="locked").count(),
        Event.objects.filter(action__in=["reminder", "indicator", "value"]).count(),
        w["part_a"].indicators.count(),
        list(Campaign.objects.order_by("pk").values_list("deadline", "instructions")),
        list(Unit.objects.order_by("pk").values_list("name", "parent_id", "closed_on")),
    )


def changes(w) -> list[tuple[str, dict, set[str]]]:
    """(url, data, the roles that may post it)."""
    a1, ka, kb, pa = w["a1"], w["ka"], w["kb"], w["part_a"].pk
    day = (dt.date.today() + dt.timedelta(days=5)).strftime("%d/%m/%Y")

    def url(name, pk):
        return reverse(name, kwargs={"pk": pk})

    return [
        (url("submissions:upload", a1.pk), {}, {R1}),
        (url("submissions:submit", a1.pk), {"version": w["va1"].pk}, {R1}),
        (url("submissions:figures", w["va1"].pk), {}, {R1}),
        (url("submissions:upload", ka.pk), {}, {AR, AS}),
        (url("submissions:accept", a1.pk), {}, {CS, AS}),
        (url("submissions:send_back", a1.pk), {"comment": "Sửa"}, {CS, AS}),
        (url("campaigns:return_down", a1.pk), {"comment": "Sửa lại"}, {CS, AS}),
        (url("submissions:accept", ka.pk), {}, {CS}),
        (url("campaigns:return_down", ka.pk), {"comment": "Sửa lại"}, {CS}),
        (url("campaigns:forward", kb.pk), {"scope": "tat-ca", "deadline": day}, {BS}),
        (url("campaigns:forward", ka.pk), {"scope": "tat-ca", "deadline": day}, {AS}),
        (url("campaigns:fill", pa), {}, {AS}),
        (url("campaigns:use_draft", pa), {"run": w["run"].pk}, {AS}),
        (url("campaigns:lock", pa), {}, {CS, AS}),
        (url("campaigns:extend", pa), {"deadline": day}, {CS, AS}),
        (url("reminders:send", pa), {}, {CS, AS}),
        (url("consolidation:refresh", pa), {}, {CS, AS}),
        (url("consolidation:create", pa), {"name": "Số hội nghị", "aggregation": "sum"},
         {CS, AS}),
        (url("consolidation:set_value", w["ind"].pk),
         {"assignment": a1.pk, "value": "7", "reason": "Sửa"}, {CS, AS}),
        (reverse("history:units"), {"kind": "doi-ten", "dt-unit": a1.unit_id, "dt-name": "Mới",
         "dt-on": day, "xac_nhan": "1"}, {CS}),
    ]  # fmt: skip


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_every_change_for_every_role(client, w, role):
    cl = _client(client, w, role)
    refused = [(u, d) for u, d, allowed in changes(w) if role not in allowed]
    before = _state(w)
    for url, data in refused:
        r = cl.post(url, data)
        assert r.status_code in (403, 404), (url, r.status_code)
    assert _state(w) == before
    for url, data, allowed in changes(w):
        if role in allowed:
            r = cl.post(url, data)
            assert r.status_code not in (403, 404), (url, r.status_code)


def test_a_committee_reads_only_its_own_units_rows(client, w):
    cl = _client(client, w, AL)
    page = cl.get(reverse("dashboard:campaign", kwargs={"pk": w["c"].pk})).content.decode()
    assert "Đảng ủy Khối A" in page and "Đảng ủy Khối B" not in page
    cl = _client(client, w, AS)
    chain = cl.get(reverse("campaigns:chain", kwargs={"pk": w["c"].pk})).content.decode()
    assert "Đảng ủy Khối A" in chain and "Đảng ủy Khối B" not in chain
    search = cl.get(
        reverse("dashboard:search", kwargs={"pk": w["part_a"].pk}), {"q": "tu soi tu sua"}
    ).content.decode()
    assert "An Phú" in search and "Bình Minh" not in search
    cl = _client(client, w, R1)
    search = cl.get(
        reverse("dashboard:search", kwargs={"pk": w["part_a"].pk}), {"q": "tu soi tu sua"}
    ).content.decode()
    assert "An Phú" in search and "Anh Sơn" not in search
