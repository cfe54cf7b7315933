"""The campaign down and up the tree (issue 12): a committee forwards the campaign it
received to its units, accepts (locks) their reports, reports upward from their roll-up;
the city sees the chain and sends a report back down."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.web.factories import PASSWORD
from tests.web.factories_cascade import TODAY, forwarded, submit, tree
from tests.web.factories_submissions import docx_bytes, report_blocks
from tests.web.test_reminders import smtp as smtp  # noqa: F401  (a fixture)
from tonghop.web.audit.models import Event
from tonghop.web.campaigns import cascade
from tonghop.web.campaigns.models import Campaign
from tonghop.web.submissions import services
from tonghop.web.submissions.models import Submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return forwarded(tree())


def _login(client, w, role):
    client.logout()
    assert client.login(username=w["users"][role].username, password=PASSWORD)
    return client


def test_forwarding_makes_a_part_with_its_own_deadline_outline_and_units(w):
    part, c, u = w["part_a"], w["c"], w["u"]
    assert part.parent == c and part.owner == u["KA"]
    assert part.upward == c.assignments.get(unit=u["KA"])
    assert part.deadline == TODAY + dt.timedelta(days=10)
    assert part.instructions == "Các chi bộ gửi kèm danh sách mô hình."
    assert part.is_open and part.is_part
    assert sorted(part.assignments.values_list("unit__code", flat=True)) == ["A1", "A2"]
    assert list(part.outline.values_list("code", flat=True)) == ["I", "II", "III", "III.3"]
    # Grassroots units are the part's, never the city campaign's.
    assert not c.assignments.filter(unit__code__in=["A1", "A2", "B1", "B2"]).exists()
    # In the audit log of both campaigns.
    assert Event.objects.filter(action="forward", campaign=c).count() == 2
    assert Event.objects.filter(action="forward", campaign=part).count() == 1
    # The grassroots reporter finds it among their tasks with the committee's deadline.
    rows = services.todo(u["A1"].pk)
    assert [(r["campaign"].pk, r["due"]) for r in rows] == [(part.pk, part.deadline)]


def test_the_tier_deadline_is_the_default_and_the_own_deadline_the_limit():
    w = tree()
    a = w["c"].assignments.get(unit=w["u"]["KA"])
    assert cascade.default_deadline(a) == TODAY + dt.timedelta(days=12)
    late = TODAY + dt.timedelta(days=21)
    with pytest.raises(cascade.CascadeError) as e:
        cascade.forward(w["users"]["ka_staff"], a, [w["u"]["A1"]], late)
    assert "không được muộn hơn hạn nộp của chính đơn vị" in " ".join(e.value.messages)
    # Another committee's unit is out of reach; nothing was stored.
    with pytest.raises(cascade.CascadeError) as e:
        cascade.forward(w["users"]["ka_staff"], a, [w["u"]["B1"]], TODAY)
    assert "Chi bộ Bệnh viện Bình Minh" in " ".join(e.value.messages)
    assert not Campaign.objects.filter(parent=w["c"]).exists()


def test_forwarding_a_chosen_part_then_the_rest(client):
    w = tree()
    u, a = w["u"], w["c"].assignments.get(unit=w["u"]["KA"])
    part = cascade.forward(w["users"]["ka_staff"], a, [u["A1"]], TODAY + dt.timedelta(days=5))
    assert [x.code for x in cascade.forwardable_units(a)] == ["A2"]
    again = cascade.forward(w["users"]["ka_staff"], a, [u["A2"]], TODAY + dt.timedelta(days=5))
    assert again.pk == part.pk and part.assignments.count() == 2
    with pytest.raises(cascade.CascadeError):  # never addressed twice
        cascade.forward(w["users"]["ka_staff"], a, [u["A2"]], TODAY + dt.timedelta(days=5))


def test_the_forward_page(client):
    w = tree()
    a = w["c"].assignments.get(unit=w["u"]["KA"])
    c = _login(client, w, "ka_staff")
    detail = c.get(reverse("campaigns:detail", kwargs={"pk": w["c"].pk})).content.decode()
    assert reverse("campaigns:forward", kwargs={"pk": a.pk}) in detail
    page = c.get(reverse("campaigns:forward", kwargs={"pk": a.pk}))
    assert page.status_code == 200
    assert (TODAY + dt.timedelta(days=12)).strftime("%d/%m/%Y") in page.content.decode()
    bad = c.post(
        reverse("campaigns:forward", kwargs={"pk": a.pk}),
        {"scope": "tat-ca", "deadline": "31/12/2099", "instructions": ""},
    )
    assert bad.status_code == 400 and "không được muộn hơn" in bad.content.decode()
    day = (TODAY + dt.timedelta(days=9)).strftime("%d/%m/%Y")
    r = c.post(
        reverse("campaigns:forward", kwargs={"pk": a.pk}),
        {"scope": "tat-ca", "deadline": day, "instructions": "Nộp sớm."},
    )
    part = Campaign.objects.get(parent=w["c"])
    assert r.status_code == 302 and r.url == reverse("campaigns:chain", kwargs={"pk": part.pk})
    assert part.assignments.count() == 2 and part.instructions == "Nộp sớm."
    # The city's staff may not forward the committee's campaign; the other committee neither.
    for role in ("city_staff", "kb_staff", "ka_reporter"):
        c = _login(client, w, role)
        r = c.get(reverse("campaigns:forward", kwargs={"pk": a.pk}))
        assert r.status_code in (403, 404), role


def test_acceptance_locks_and_the_city_sees_who_is_complete(w):
    u, users = w["u"], w["users"]
    a1 = submit(w["part_a"], u["A1"], users["a1_reporter"])
    a2 = submit(w["part_a"], u["A2"], users["a2_reporter"])
    submit(w["part_b"], u["B1"], users["b1_reporter"])
    progress = cascade.progress(w["c"])
    ka = w["c"].assignments.get(unit=u["KA"])
    kb = w["c"].assignments.get(unit=u["KB"])
    assert (progress[ka.pk].expected, progress[ka.pk].submitted) == (2, 2)
    assert not progress[ka.pk].all_accepted
    services.accept(a1.submission, users["ka_staff"])
    services.accept(a2.submission, users["ka_staff"])
    progress = cascade.progress(w["c"])
    assert progress[ka.pk].all_accepted and progress[ka.pk].accepted == 2
    assert not progress[kb.pk].all_accepted and progress[kb.pk].submitted == 1
    assert progress[ka.pk].label == "Đã tiếp nhận đủ báo cáo của các đơn vị trực thuộc"
    # Locked: the unit can no longer upload.
    with pytest.raises(services.SubmissionError):
        services.store_upload(a1, b"I. Mot\n", "x.txt", users["a1_reporter"])


def test_a_level_above_sends_an_accepted_report_back_down(w):
    u, users = w["u"], w["users"]
    a1 = submit(w["part_a"], u["A1"], users["a1_reporter"])
    services.accept(a1.submission, users["ka_staff"])
    with pytest.raises(cascade.CascadeError):
        cascade.return_down(a1.submission, users["city_staff"], "  ", from_above=True)
    # The committee's own report upward, accepted by the city: the committee may no
    # longer unlock what it was made from; the city may.
    ka = submit(w["c"], u["KA"], users["ka_staff"])
    services.accept(ka.submission, users["city_staff"])
    with pytest.raises(cascade.CascadeError) as e:
        cascade.return_down(a1.submission, users["ka_staff"], "Sửa số liệu", from_above=False)
    assert "chỉ cấp trên trả lại" in " ".join(e.value.messages)
    assert cascade.return_down(
        a1.submission, users["city_staff"], "Số hội nghị chưa khớp", from_above=True
    )
    a1.submission.refresh_from_db()
    assert a1.submission.status == Submission.Status.RETURNED
    assert a1.submission.reviews.first().comment == "Số hội nghị chưa khớp"
    event = Event.objects.filter(action="report_unlock").order_by("pk").first()
    assert event.campaign == w["part_a"] and event.unit == u["A1"]
    assert event.actor == users["city_staff"] and "Số hội nghị chưa khớp" in event.message
    # Every lock and return of the chain is in the log.
    assert list(
        Event.objects.filter(action__in=["accept", "report_unlock"])
        .order_by("at", "pk")
        .values_list("action", "unit__code")
    ) == [("accept", "A1"), ("accept", "KA"), ("report_unlock", "A1"), ("report_unlock", "KA")]
    # The unit can upload again.
    services.store_upload(a1, b"I. CONG TAC\nNoi dung.\n", "sua.txt", users["a1_reporter"])


def test_the_reporter_sees_where_the_report_stands(client, w):
    u, users = w["u"], w["users"]
    a1 = submit(w["part_a"], u["A1"], users["a1_reporter"])
    steps = [(s.who, s.state) for s in cascade.chain_of(a1).steps]
    assert steps == [("Chi bộ Công ty An Phú", "done"), ("Đảng ủy Khối A", "waiting"),
                     ("Đảng ủy Khối A", "none")]  # fmt: skip
    services.accept(a1.submission, users["ka_staff"])
    ka = submit(w["c"], u["KA"], users["ka_staff"])
    services.accept(ka.submission, users["city_staff"])
    steps = [(s.who, s.what, s.state) for s in cascade.chain_of(a1).steps]
    assert steps[-2:] == [
        ("Đảng ủy Khối A", "đã nộp báo cáo tổng hợp lên cấp trên", "done"),
        ("Thành ủy Hà Nội", "đã tiếp nhận (báo cáo đã khóa)", "done"),
    ]
    c = _login(client, w, "a1_reporter")
    page = c.get(reverse("submissions:detail", kwargs={"pk": a1.pk})).content.decode()
    assert "Báo cáo qua các cấp" in page and "Thành ủy Hà Nội" in page
    assert "Các chi bộ gửi kèm danh sách mô hình." in page


def test_the_chain_page_and_sending_back_from_it(client, w):
    u, users = w["u"], w["users"]
    a1 = submit(w["part_a"], u["A1"], users["a1_reporter"])
    a2 = submit(w["part_a"], u["A2"], users["a2_reporter"])
    services.accept(a1.submission, users["ka_staff"])
    services.accept(a2.submission, users["ka_staff"])
    c = _login(client, w, "city_staff")
    page = c.get(reverse("campaigns:chain", kwargs={"pk": w["c"].pk})).content.decode()
    assert "Đã tiếp nhận đủ báo cáo của các đơn vị trực thuộc" in page  # KA
    assert "Đã tiếp nhận 0/2 báo cáo của đơn vị trực thuộc" in page  # KB
    part_page = c.get(reverse("campaigns:chain", kwargs={"pk": w["part_a"].pk}))
    assert "Mở khóa và trả lại" in part_page.content.decode()
    r = c.post(
        reverse("campaigns:return_down", kwargs={"pk": a2.pk}),
        {"comment": "Thiếu mục III.3", "next": "chain"},
    )
    assert r.status_code == 302
    a2.submission.refresh_from_db()
    assert a2.submission.status == "returned"
    # The other committee's staff see neither the part nor its chain.
    c = _login(client, w, "kb_staff")
    for name in ("campaigns:chain", "campaigns:detail", "dashboard:campaign"):
        r = c.get(reverse(name, kwargs={"pk": w["part_a"].pk}))
        assert r.status_code in (403, 404), name
    r = c.post(reverse("campaigns:return_down", kwargs={"pk": a1.pk}), {"comment": "x"})
    assert r.status_code in (403, 404)
    a1.submission.refresh_from_db()
    assert a1.submission.status == "accepted"


def test_the_committee_dashboard_covers_its_subtree_only(client, w):
    u, users = w["u"], w["users"]
    submit(w["part_a"], u["A1"], users["a1_reporter"])
    submit(w["part_b"], u["B1"], users["b1_reporter"])
    c = _login(client, w, "ka_staff")
    page = c.get(reverse("dashboard:campaign", kwargs={"pk": w["part_a"].pk})).content.decode()
    assert "Chi bộ Công ty An Phú" in page and "Chi bộ Trường Anh Sơn" in page
    assert "Bình Minh" not in page and "Bắc Hà" not in page
    # The city's own dashboard is not the committee's.
    r = c.get(reverse("dashboard:campaign", kwargs={"pk": w["c"].pk}))
    assert r.status_code == 403
    lst = c.get(reverse("campaigns:list")).content.decode()
    assert lst.count(w["c"].title) == 2  # the city's campaign and the committee's part
    c = _login(client, w, "city_staff")
    lst = c.get(reverse("campaigns:list")).content.decode()
    assert lst.count(w["c"].title) == 1  # parts below are reached through the chain


def test_the_report_upward_figures_are_the_rollup_unless_confirmed_otherwise(w):
    from tonghop.web.consolidation import services as consolidation
    from tonghop.web.consolidation.models import IndicatorValue

    u, users, c = w["u"], w["users"], w["c"]
    for key, name, noun, item in (
        ("hoi-nghi", "Số hội nghị quán triệt", "hội nghị", "I"),
        ("mo-hinh", "Số mô hình mới", "mô hình", "II"),
    ):
        consolidation.save_indicator(
            c, {"key": key, "name": name, "unit": noun, "outline_item": item,
                "aggregation": "sum", "keywords": []}, users["city_staff"],
        )  # fmt: skip
    # Parts forwarded before the catalogue existed get it by copying, as staff would (a
    # part forwarded later copies it at once).
    for part in (w["part_a"], w["part_b"]):
        consolidation.copy_catalogue(part, c, users["city_staff"])
    for code in ("A1", "A2"):
        submit(w["part_a"], u[code], users[f"{code.lower()}_reporter"], confirm=True)
    rolled = cascade.rolled_totals(w["part_a"])
    assert rolled == {"hoi-nghi": Decimal(24), "mo-hinh": Decimal(50)}  # 12 + 12, 25 + 25
    diffs = {d.key: d for d in cascade.differences(w["part_a"])}
    assert diffs["hoi-nghi"].reported is None and diffs["hoi-nghi"].rolled == 24
    assert cascade.fill_from_rollup(w["part_a"], users["ka_staff"]) == 2
    ka = c.assignments.get(unit=u["KA"])
    v = IndicatorValue.objects.get(indicator__key="hoi-nghi", assignment=ka)
    assert v.value == 24 and v.reason == cascade.ROLLUP_REASON
    diffs = {d.key: d for d in cascade.differences(w["part_a"])}
    assert diffs["hoi-nghi"].from_rollup and diffs["hoi-nghi"].delta == 0
    # The committee confirms another value: the difference is what the city sees.
    consolidation.set_value(
        consolidation.indicators_of(c)[0], ka, Decimal(30), users["city_staff"], reason="Sửa"
    )
    diffs = {d.key: d for d in cascade.differences(w["part_a"])}
    assert diffs["hoi-nghi"].delta == 6 and diffs["hoi-nghi"].delta_text == "+6"
    assert cascade.fill_from_rollup(w["part_a"], users["ka_staff"]) == 0  # confirmed stays


def test_the_report_upward_made_from_the_parts_draft(client):
    from tonghop.web.consolidation import services as consolidation

    w = tree()
    u, users, c = w["u"], w["users"], w["c"]
    consolidation.save_indicator(
        c, {"key": "mo-hinh", "name": "Số mô hình mới", "unit": "mô hình",
            "outline_item": "II", "aggregation": "sum", "keywords": []}, users["city_staff"],
    )  # fmt: skip
    w = forwarded(w)
    part = w["part_a"]
    assert list(part.indicators.values_list("key", flat=True)) == ["mo-hinh"]  # copied
    for code in ("A1", "A2"):
        submit(part, u[code], users[f"{code.lower()}_reporter"], confirm=True)
    run = consolidation.run_draft(part, {}, users["ka_staff"])
    assert run.status == "done", run.error
    cl = _login(client, w, "ka_staff")
    r = cl.post(reverse("campaigns:use_draft", kwargs={"pk": part.pk}), {"run": run.pk})
    ka = c.assignments.get(unit=u["KA"])
    assert r.status_code == 302 and r.url == reverse("submissions:detail", kwargs={"pk": ka.pk})
    v = ka.submission.versions.get()
    assert v.file_format == "docx" and v.uploaded_by == users["ka_staff"]
    # The draft's total of its units' figures is in the committee's report.
    assert any(f.value == 50 and f.unit == "mô hình" for f in v.figures.all())
    # Another committee's staff, and the city, may not make the committee's report.
    for role in ("kb_staff", "city_staff", "a1_reporter"):
        cl = _login(client, w, role)
        r = cl.post(reverse("campaigns:use_draft", kwargs={"pk": part.pk}), {"run": run.pk})
        assert r.status_code in (403, 404), role
    assert ka.submission.versions.count() == 1


def test_a_part_is_never_extended_past_its_owners_own_deadline(w):
    from django.core.exceptions import ValidationError

    from tonghop.web.campaigns import services as campaigns

    part, own = w["part_a"], w["c"].assignments.get(unit=w["u"]["KA"]).due
    with pytest.raises(ValidationError) as e:
        campaigns.extend_deadline(w["users"]["ka_staff"], part, own + dt.timedelta(days=1))
    assert "muộn hơn hạn nộp của chính đơn vị" in " ".join(e.value.messages)
    campaigns.extend_deadline(w["users"]["ka_staff"], part, own, notify=False)
    part.refresh_from_db()
    assert part.deadline == own


def test_the_chain_page_queries_do_not_grow_with_the_units(client, w):
    """Units added below both committees add no query to the city's chain page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.web.factories import unit as make_unit

    c = _login(client, w, "city_staff")
    url = reverse("campaigns:chain", kwargs={"pk": w["c"].pk})
    with CaptureQueriesContext(connection) as few:
        assert c.get(url).status_code == 200
    for n in range(12):
        for code, part in (("KA", w["part_a"]), ("KB", w["part_b"])):
            x = make_unit(f"{code}{n}X", parent=w["u"][code], kind="co_so")
            cascade.forward(w["users"][f"{code.lower()}_staff"], part.upward, [x], part.deadline)
    submit(w["part_a"], w["u"]["A1"], w["users"]["a1_reporter"])
    with CaptureQueriesContext(connection) as many:
        page = c.get(url)
    assert "Đã tiếp nhận 0/14 báo cáo" in page.content.decode()
    assert len(many) == len(few)


def test_the_committee_reminds_its_own_units_only(client, w, smtp):
    u, users = w["u"], w["users"]
    submit(w["part_a"], u["A1"], users["a1_reporter"])
    c = _login(client, w, "ka_staff")
    r = c.post(reverse("reminders:send", kwargs={"pk": w["part_a"].pk}))
    assert r.status_code in (200, 302)
    # A2 has not submitted; A1 has; the other committee's units are not its business.
    assert smtp.recipients == ["A2@ex.vn"]
    body = smtp.to("A2@ex.vn").get_body(preferencelist=("plain",)).get_content()
    assert "Đảng ủy Khối A" in body
    assert (TODAY + dt.timedelta(days=10)).strftime("%d/%m/%Y") in body


def test_a_part_of_a_part_counts_for_the_level_above(w):
    """A grassroots committee forwards again: the city sees the committee complete only
    once the cells below that committee's unit are accepted too."""
    from tests.web.factories import person
    from tests.web.factories import unit as make_unit

    u, users = w["u"], w["users"]
    cell = make_unit("A1a", "Chi bộ Phân xưởng 1", parent=u["A1"], kind="co_so")
    a1_staff = person("cv_a1", "staff", u["A1"])
    a1 = w["part_a"].assignments.get(unit=u["A1"])
    sub = cascade.forward(a1_staff, a1, [cell], TODAY + dt.timedelta(days=5))
    assert sub.parent == w["part_a"] and cascade.default_deadline(a1) <= a1.due
    for code in ("A1", "A2"):
        s = submit(w["part_a"], u[code], users[f"{code.lower()}_reporter"])
        services.accept(s.submission, users["ka_staff"])
    ka = w["c"].assignments.get(unit=u["KA"])
    p = cascade.progress(w["c"])[ka.pk]
    assert p.accepted == 2 and not p.below_done and not p.all_accepted
    assert "cấp dưới chưa tiếp nhận đủ" in p.label
    cell_a = submit(sub, cell, a1_staff)
    services.accept(cell_a.submission, a1_staff)
    assert cascade.progress(w["c"])[ka.pk].all_accepted
    steps = [(s.who, s.state) for s in cascade.chain_of(cell_a).steps]
    assert steps == [("Chi bộ Phân xưởng 1", "done"), ("Chi bộ Công ty An Phú", "done"),
                     ("Chi bộ Công ty An Phú", "done"), ("Đảng ủy Khối A", "done"),
                     ("Đảng ủy Khối A", "none")]  # its own report upward not yet sent  # fmt: skip


def test_returning_a_grassroots_report_reopens_the_committees_accepted_report(client, w):
    """The city sends back a grassroots report under the committee's report it accepted:
    that acceptance is no longer true, so it is reopened (returned to the committee with
    a comment naming the unit below), in the audit log and on the chain page."""
    u, users = w["u"], w["users"]
    a1 = submit(w["part_a"], u["A1"], users["a1_reporter"])
    a2 = submit(w["part_a"], u["A2"], users["a2_reporter"])
    for a in (a1, a2):
        services.accept(a.submission, users["ka_staff"])
    ka = submit(w["c"], u["KA"], users["ka_staff"])
    services.accept(ka.submission, users["city_staff"])
    assert cascade.progress(w["c"])[ka.pk].all_accepted
    c = _login(client, w, "city_staff")
    r = c.post(
        reverse("campaigns:return_down", kwargs={"pk": a1.pk}),
        {"comment": "Số đảng viên mới chưa khớp", "next": "chain"},
    )
    assert r.status_code == 302
    a1.submission.refresh_from_db()
    ka.submission.refresh_from_db()
    assert a1.submission.status == ka.submission.status == Submission.Status.RETURNED
    review = ka.submission.reviews.first()
    assert review.by == users["city_staff"]
    assert "Báo cáo của Chi bộ Công ty An Phú (cấp dưới) đã bị trả lại" in review.comment
    assert "Số đảng viên mới chưa khớp" in review.comment
    # In the log: the grassroots report's unlock, then the committee's.
    assert list(
        Event.objects.filter(action="report_unlock")
        .order_by("pk")
        .values_list("campaign_id", "unit__code", "detail__because_of")
    ) == [(w["part_a"].pk, "A1", None), (w["c"].pk, "KA", a1.pk)]
    # The chain page says so, for the committee's row.
    page = c.get(reverse("campaigns:chain", kwargs={"pk": w["c"].pk})).content.decode()
    row = page[page.index('data-unit="KA"') : page.index('data-unit="KB"')]
    assert "có báo cáo cấp dưới bị trả lại" in row and "Đã tiếp nhận 1/2" in row
    assert "có báo cáo cấp dưới bị trả lại" not in page[page.index('data-unit="KB"') :]
    # The committee can work again: the grassroots unit corrects, the committee accepts
    # and sends its report up once more.
    services.store_upload(a1, docx_bytes(report_blocks("Sửa")), "sua.docx", users["a1_reporter"])
    a1.submission.refresh_from_db()
    services.submit(a1.submission, a1.submission.versions.first(), users["a1_reporter"])
    assert services.accept(a1.submission, users["ka_staff"])
    v = services.store_upload(ka, docx_bytes(report_blocks("KA")), "ka.docx", users["ka_staff"])
    ka.submission.refresh_from_db()
    services.submit(ka.submission, v, users["ka_staff"])
    assert services.accept(ka.submission, users["city_staff"])
    assert cascade.progress(w["c"])[ka.pk].all_accepted


def test_a_return_below_a_report_the_level_above_accepted_is_refused(w):
    """The committee may not unlock a report two levels down while the city's acceptance
    of the committee's own report stands: only the city may."""
    from tests.web.factories import person
    from tests.web.factories import unit as make_unit

    u, users = w["u"], w["users"]
    cell = make_unit("A1a", "Chi bộ Phân xưởng 1", parent=u["A1"], kind="co_so")
    a1_staff = person("cv_a1", "staff", u["A1"])
    sub = cascade.forward(
        a1_staff, w["part_a"].assignments.get(unit=u["A1"]), [cell], TODAY + dt.timedelta(days=5)
    )
    cell_a = submit(sub, cell, a1_staff)
    services.accept(cell_a.submission, a1_staff)
    for code in ("A1", "A2"):
        s = submit(w["part_a"], u[code], users[f"{code.lower()}_reporter"])
        services.accept(s.submission, users["ka_staff"])
    ka = submit(w["c"], u["KA"], users["ka_staff"])
    services.accept(ka.submission, users["city_staff"])
    with pytest.raises(cascade.CascadeError) as e:
        cascade.return_down(cell_a.submission, users["ka_staff"], "Sửa", from_above=True)
    assert "chỉ Thành ủy Hà Nội trả lại được" in " ".join(e.value.messages)
    cell_a.submission.refresh_from_db()
    assert cell_a.submission.status == Submission.Status.ACCEPTED
    # The city may: every acceptance between is reopened, each in the log.
    assert cascade.return_down(cell_a.submission, users["city_staff"], "Sửa", from_above=True)
    statuses = {
        code: Submission.objects.get(assignment__unit__code=code).status
        for code in ("A1a", "A1", "KA")
    }
    assert statuses == {"A1a": "returned", "A1": "returned", "KA": "returned"}
    assert Event.objects.filter(action="report_unlock").count() == 3
    assert "có báo cáo cấp dưới bị trả lại" in cascade.progress(w["c"])[ka.pk].label


def test_locking_flows_down_to_the_parts(client, w):
    """The city locks its campaign: the committees' parts are locked with it (their units
    can no longer upload), cannot be unlocked on their own while the city's is locked,
    and are unlocked with it, except a part its committee had locked itself."""
    from django.core.exceptions import ValidationError

    from tonghop.web.campaigns import services as campaigns

    u, users, c = w["u"], w["users"], w["c"]
    part_a, part_b = w["part_a"], w["part_b"]
    a1 = part_a.assignments.get(unit=u["A1"])
    campaigns.set_locked(users["kb_staff"], part_b, True)  # KB's own lock, first
    cl = _login(client, w, "city_staff")
    r = cl.post(reverse("campaigns:lock", kwargs={"pk": c.pk}), {"khoa": "1"})
    assert r.status_code == 302
    for x in (c, part_a, part_b):
        x.refresh_from_db()
        assert x.is_locked, x.owner.code
    with pytest.raises(services.SubmissionError, match="đã khóa"):
        services.store_upload(a1, docx_bytes(report_blocks("A1")), "a1.docx", users["a1_reporter"])
    # The committee may not reopen its part under the city's lock.
    cl = _login(client, w, "ka_staff")
    r = cl.post(reverse("campaigns:lock", kwargs={"pk": part_a.pk}), {"khoa": "0"})
    assert r.status_code == 302
    part_a.refresh_from_db()
    assert part_a.is_locked
    with pytest.raises(ValidationError, match="chỉ mở khóa được khi cấp trên mở khóa"):
        campaigns.set_locked(users["ka_staff"], part_a, False)
    page = cl.get(reverse("campaigns:detail", kwargs={"pk": part_a.pk})).content.decode()
    assert "Khóa theo đợt báo cáo của Thành ủy Hà Nội" in page
    assert "Mở khóa đợt báo cáo</button>" not in page
    events = Event.objects.filter(action="lock", campaign=part_a)
    assert [(e.actor, e.detail.get("with_parent")) for e in events] == [(users["city_staff"], c.pk)]
    # The city unlocks: KA's part reopens with it; KB's own lock stands.
    campaigns.set_locked(users["city_staff"], c, False)
    for x in (part_a, part_b):
        x.refresh_from_db()
    assert part_a.is_open and part_b.is_locked
    assert Event.objects.filter(action="unlock", campaign=part_a).count() == 1
    assert not Event.objects.filter(action="unlock", campaign=part_b).exists()
    services.store_upload(a1, docx_bytes(report_blocks("A1")), "a1.docx", users["a1_reporter"])


def test_locking_flows_down_two_levels(w):
    from tests.web.factories import person
    from tests.web.factories import unit as make_unit
    from tonghop.web.campaigns import services as campaigns

    u = w["u"]
    cell = make_unit("A1a", "Chi bộ Phân xưởng 1", parent=u["A1"], kind="co_so")
    a1_staff = person("cv_a1", "staff", u["A1"])
    sub = cascade.forward(
        a1_staff, w["part_a"].assignments.get(unit=u["A1"]), [cell], TODAY + dt.timedelta(days=5)
    )
    campaigns.set_locked(w["users"]["city_staff"], w["c"], True)
    sub.refresh_from_db()
    assert sub.is_locked
    assert Event.objects.get(action="lock", campaign=sub).detail["with_parent"] == w["c"].pk
    campaigns.set_locked(w["users"]["city_staff"], w["c"], False)
    sub.refresh_from_db()
    assert sub.is_open


def test_forwarding_a_chosen_part_from_the_page(client):
    w = tree()
    a = w["c"].assignments.get(unit=w["u"]["KA"])
    c = _login(client, w, "ka_staff")
    url = reverse("campaigns:forward", kwargs={"pk": a.pk})
    day = (TODAY + dt.timedelta(days=8)).strftime("%d/%m/%Y")
    r = c.post(url, {"scope": "chon", "deadline": day})
    assert r.status_code == 400 and "Chưa chọn đơn vị trực thuộc nào." in r.content.decode()
    r = c.post(url, {"scope": "chon", "units": [w["u"]["A2"].pk], "deadline": day})
    assert r.status_code == 302
    part = Campaign.objects.get(parent=w["c"])
    assert list(part.assignments.values_list("unit__code", flat=True)) == ["A2"]
    # The rest is offered next time, and only the rest.
    page = c.get(url).content.decode()
    assert "Chi bộ Công ty An Phú" in page and "Chi bộ Trường Anh Sơn" not in page


def test_the_committee_reads_its_units_side_by_side(client, w):
    u, users = w["u"], w["users"]
    submit(w["part_a"], u["A1"], users["a1_reporter"])
    submit(w["part_b"], u["B1"], users["b1_reporter"])
    url = reverse("dashboard:item", kwargs={"pk": w["part_a"].pk, "code": "I"})
    page = _login(client, w, "ka_staff").get(url)
    text = page.content.decode()
    assert page.status_code == 200
    assert "Chi bộ Công ty An Phú" in text and "12 hội nghị quán triệt" in text
    assert "Bình Minh" not in text
    assert _login(client, w, "kb_staff").get(url).status_code in (403, 404)
    other = reverse("dashboard:item", kwargs={"pk": w["part_b"].pk, "code": "I"})
    assert _login(client, w, "ka_staff").get(other).status_code in (403, 404)


def test_the_city_sees_the_committees_figures_beside_their_rollup(client, w):
    """The difference between the committee's reported figures and its units' roll-up is
    shown to the level above, on the city's chain page."""
    from tonghop.web.consolidation import services as consolidation

    u, users, c = w["u"], w["users"], w["c"]
    consolidation.save_indicator(
        c, {"key": "mo-hinh", "name": "Số mô hình mới", "unit": "mô hình", "outline_item": "II",
            "aggregation": "sum", "keywords": []}, users["city_staff"],
    )  # fmt: skip
    consolidation.copy_catalogue(w["part_a"], c, users["city_staff"])
    for code in ("A1", "A2"):
        submit(w["part_a"], u[code], users[f"{code.lower()}_reporter"], confirm=True)
    ka = c.assignments.get(unit=u["KA"])
    cl = _login(client, w, "city_staff")
    url = reverse("campaigns:chain", kwargs={"pk": c.pk})
    cascade.fill_from_rollup(w["part_a"], users["ka_staff"])
    row = cl.get(url).content.decode().split('data-unit="KA"')[1].split("</tr>\n")[0]
    assert "khớp số tổng hợp" in row
    consolidation.set_value(
        consolidation.indicators_of(c)[0], ka, Decimal(47), users["ka_staff"], reason="Rà soát"
    )
    page = cl.get(url).content.decode()
    row = page[page.index('data-unit="KA"') : page.index('data-unit="KB"')]
    assert "1 số liệu khác số tổng hợp" in row
    assert "Số mô hình mới" in row and ">47<" in row and ">50<" in row and ">-3<" in row
