"""Nominations of exemplars and their selection into programmes: services and pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.web import factories as f
from tests.web.factories_exemplars import group_data, person_data, png, same_picture
from tonghop.web.campaigns.templates_kl01 import PROGRAMMES
from tonghop.web.exemplars import services
from tonghop.web.exemplars.models import Nominee, Selection

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    city = f.unit("TU", "Thành ủy")
    a = f.unit("QA", "Quận ủy A", parent=city)
    b = f.unit("QB", "Quận ủy B", parent=city)
    c = f.campaign(
        city,
        [a, b],
        nomination_collective=1,
        nomination_individual=1,
        programmes=[dict(p) for p in PROGRAMMES],
    )
    return {
        "campaign": c,
        "a": a,
        "b": b,
        "staff": f.person("chuyenvien", "staff", city),
        "leader": f.person("lanhdao", "leader", city),
        "rep_a": f.person("bao_cao_a", "reporter", a),
        "rep_b": f.person("bao_cao_b", "reporter", b),
    }


def nominate(w, unit="a", data=None, submit=True, **kw):
    n = services.save_draft(w["campaign"], w[unit], w[f"rep_{unit}"], data or person_data(), **kw)
    return services.submit(n, w[f"rep_{unit}"]) if submit else n


def programme(w, start: str):
    return next(p for p in services.programmes_for(w["campaign"]) if p.name.startswith(start))


# --------------------------------------------------------------------------
# services


def test_programmes_created_once_with_bang_khen_group(world):
    ps = services.programmes_for(world["campaign"])
    assert len(ps) == 6
    assert [p.exclusive_group for p in ps[:2]] == ["bang_khen", "bang_khen"]
    assert all(not p.exclusive_group for p in ps[2:])
    assert ps[3].exemplar_min == 5 and ps[3].exemplar_max == 10
    assert [p.pk for p in services.programmes_for(world["campaign"])] == [p.pk for p in ps]


def test_unit_quota_names_the_quota(world):
    nominate(world)
    second = nominate(world, data=person_data("Trần Thị Bình", 1990), submit=False)
    with pytest.raises(services.NominationError) as err:
        services.submit(second, world["rep_a"])
    assert str(err.value) == (
        "Đơn vị chỉ được giới thiệu 01 tập thể và 01 cá nhân; đã có 01 cá nhân."
    )
    second.refresh_from_db()
    assert second.is_draft  # kept, nothing lost
    # A collective still fits; a model then counts against the collective quota.
    nominate(world, data=group_data())
    model = nominate(world, data=group_data("Mô hình Dân vận khéo", kind="model"), submit=False)
    with pytest.raises(services.NominationError, match="đã có 01 tập thể"):
        services.submit(model, world["rep_a"])


def test_validations(world):
    with pytest.raises(services.NominationError, match="tóm tắt thành tích"):
        nominate(world, data=person_data(summary="   "), submit=False)
    future = dt.date.today().year + 1
    with pytest.raises(services.NominationError, match=f"Năm sinh {future} ở tương lai"):
        nominate(world, data=person_data(year=future), submit=False)
    with pytest.raises(services.NominationError, match="trước năm 1900"):
        nominate(world, data=person_data(year=1850), submit=False)
    with pytest.raises(services.NominationError, match="không phải là ảnh"):
        nominate(world, submit=False, photo=(b"day la van ban, khong phai anh", "anh.jpg"))
    with pytest.raises(services.NominationError, match="8000 điểm ảnh"):
        nominate(world, submit=False, photo=(png(8001, 4), "to.png"))
    with pytest.raises(services.NominationError, match="10 MB"):
        services.check_photo(b"\x89PNG" + b"0" * (10 * 1024 * 1024 + 1))
    assert Nominee.objects.count() == 0
    n = nominate(world, submit=False, photo=(png(), "chan-dung.png"))
    assert n.photo_name == "chan-dung.png" and same_picture(n.photo.read(), png())
    assert services.check_photo(png(40, 30)) == (40, 30)


def test_likely_duplicates_across_units(world):
    a1 = nominate(world, data=person_data("Nguyễn Văn An", 1980))
    b1 = nominate(world, unit="b", data=person_data("nguyen van  AN", 1980))
    a2 = nominate(world, data=group_data("Chi bộ Khu phố 3"))
    b2 = nominate(world, unit="b", data=group_data("CHI BO KHU PHO 3"))
    other = f.unit("QC", "Quận ủy C", parent=world["a"].parent)
    world["campaign"].assignments.create(unit=other)
    world["rep_c"] = f.person("bao_cao_c", "reporter", other)
    world["c"] = other
    c1 = nominate(world, unit="c", data=person_data("Nguyễn Văn An", 1981))  # another man
    dups = services.likely_duplicates(world["campaign"])
    assert [d.pk for d in dups[a1.pk]] == [b1.pk]
    assert [d.pk for d in dups[b2.pk]] == [a2.pk]
    assert c1.pk not in dups


def test_select_rules(world):
    pm = programme(world, "Bằng khen của Thủ tướng")
    head = programme(world, "Bằng khen của Trưởng Ban")
    film = programme(world, "Phim")
    book = programme(world, "Sách")
    staff = world["staff"]
    a = nominate(world)
    b = nominate(world, unit="b", data=person_data("Lê Văn Cường", 1975))
    services.select(pm, a, staff)
    services.select(pm, b, staff)
    # Both certificates of merit in one campaign: refused.
    with pytest.raises(services.NominationError, match="không thể đồng thời"):
        services.select(head, a, staff)
    # The same exemplar may go to other programmes.
    services.select(book, a, staff)
    services.select(film, a, staff)
    # Quota of the programme for that kind: films take 1 exemplar.
    with pytest.raises(services.NominationError, match="chỉ nhận 01 điển hình; đã chọn đủ 01"):
        services.select(film, b, staff)
    # The Prime Minister's takes 2 individuals.
    extra = nominate(world, unit="b", data=group_data(kind="collective"))
    services.select(pm, extra, staff)
    services.unselect(pm, b)
    assert not Selection.objects.filter(programme=pm, nominee=b).exists()
    # Under discipline: selections withdrawn, new ones refused.
    services.set_discipline(a, True)
    assert not a.selections.exists()
    with pytest.raises(services.NominationError, match="kỷ luật"):
        services.select(book, a, staff)
    counters = {c["programme"].pk: c["rows"] for c in services.counters([pm, film, book])}
    assert [(r["label"], r["count"], r["quota"]) for r in counters[pm.pk]] == [
        ("tập thể", 1, "1"),
        ("cá nhân", 0, "2"),
    ]


def test_quota_full_for_individuals(world):
    pm = programme(world, "Bằng khen của Thủ tướng")
    rows = []
    for i, u in enumerate(["a", "b"]):
        rows.append(nominate(world, unit=u, data=person_data(f"Người {i}", 1970 + i)))
    other = f.unit("QC", "Quận ủy C", parent=world["a"].parent)
    world["campaign"].assignments.create(unit=other)
    world["rep_c"], world["c"] = f.person("bao_cao_c", "reporter", other), other
    rows.append(nominate(world, unit="c", data=person_data("Người 3", 1985)))
    services.select(pm, rows[0], world["staff"])
    services.select(pm, rows[1], world["staff"])
    with pytest.raises(services.NominationError, match="chỉ nhận 02 cá nhân; đã chọn đủ 02"):
        services.select(pm, rows[2], world["staff"])


def test_publish_and_outcome(world):
    a = nominate(world)
    b = nominate(world, data=group_data())
    services.select(programme(world, "Sách"), a, world["staff"])
    assert not services.is_published(world["campaign"])
    # The exhibition has none of its minimum of five: published by explicit choice.
    with pytest.raises(services.BelowMinimum):
        services.publish(world["campaign"], world["staff"])
    services.publish(world["campaign"], world["staff"], below_minimum=True)
    assert services.is_published(world["campaign"])
    assert services.outcome(a) == "Được chọn: Sách “Ngàn hoa dâng Bác” tập 8"
    assert services.outcome(b) == "Không được chọn"


# --------------------------------------------------------------------------
# pages and permissions


def test_reporter_nominates_and_submits_through_pages(client, world):
    c = world["campaign"]
    client.force_login(world["rep_a"])
    r = client.get(reverse("exemplars:unit", args=[c.pk]))
    assert "01 tập thể và 01 cá nhân" in r.content.decode()
    data = {k: v for k, v in person_data().items()}
    data["photo_upload"] = SimpleUploadedFile("anh.png", png(), "image/png")
    data["supporting"] = SimpleUploadedFile("thanh-tich.txt", "Thành tích".encode(), "text/plain")
    r = client.post(reverse("exemplars:new", args=[c.pk]), data)
    assert r.status_code == 302, r.content.decode()
    n = Nominee.objects.get()
    assert n.photo_name == "anh.png" and n.files.get().name == "thanh-tich.txt"
    client.post(reverse("exemplars:submit", args=[n.pk]))
    n.refresh_from_db()
    assert n.status == "submitted"
    assert client.get(reverse("exemplars:photo", args=[n.pk])).status_code == 200


def test_bad_input_in_form_keeps_what_was_typed(client, world):
    c = world["campaign"]
    client.force_login(world["rep_a"])
    data = person_data(summary="", birth_year=dt.date.today().year + 5)
    data["photo_upload"] = SimpleUploadedFile("anh.jpg", b"khong phai anh", "image/jpeg")
    r = client.post(reverse("exemplars:new", args=[c.pk]), data)
    body = r.content.decode()
    assert r.status_code == 400
    assert "Hãy ghi tóm tắt thành tích" in body
    assert "ở tương lai" in body
    assert "không phải là ảnh" in body
    assert "Nguyễn Văn An" in body  # nothing lost
    assert Nominee.objects.count() == 0


def test_over_quota_message_on_page(client, world):
    nominate(world)
    n = nominate(world, data=person_data("Trần Thị Bình", 1990), submit=False)
    client.force_login(world["rep_a"])
    r = client.post(reverse("exemplars:submit", args=[n.pk]), follow=True)
    assert "Đơn vị chỉ được giới thiệu 01 tập thể và 01 cá nhân; đã có 01 cá nhân." in (
        r.content.decode()
    )


def test_reporter_of_another_unit_gets_404(client, world):
    n = nominate(world, submit=False)
    client.force_login(world["rep_b"])
    for name in ("nominee", "edit", "photo"):
        assert client.get(reverse(f"exemplars:{name}", args=[n.pk])).status_code == 404
    assert client.post(reverse("exemplars:submit", args=[n.pk])).status_code == 404
    r = client.get(reverse("exemplars:unit", args=[world["campaign"].pk]))
    assert "Nguyễn Văn An" not in r.content.decode()


def test_reporter_cannot_select_or_publish(client, world):
    c = world["campaign"]
    n = nominate(world)
    p = programme(world, "Sách")
    client.force_login(world["rep_a"])
    r = client.post(
        reverse("exemplars:select", args=[c.pk]), {"programme": p.pk, "nominee": n.pk, "chon": "1"}
    )
    assert r.status_code == 403
    assert client.post(reverse("exemplars:publish", args=[c.pk])).status_code == 403
    assert client.post(reverse("exemplars:discipline", args=[n.pk])).status_code == 403
    assert not Selection.objects.exists()


def test_leader_reads_without_buttons(client, world):
    c = world["campaign"]
    n = nominate(world)
    client.force_login(world["leader"])
    body = client.get(reverse("exemplars:campaign", args=[c.pk])).content.decode()
    assert "Nguyễn Văn An" in body and "hx-post" not in body and "Công bố" not in body
    p = programme(world, "Sách")
    r = client.post(
        reverse("exemplars:select", args=[c.pk]), {"programme": p.pk, "nominee": n.pk, "chon": "1"}
    )
    assert r.status_code == 403
    assert client.post(reverse("exemplars:publish", args=[c.pk])).status_code == 403


def test_staff_board_htmx_select_counters_and_refusal(client, world):
    c = world["campaign"]
    a = nominate(world)
    b = nominate(world, unit="b", data=person_data("nguyen van an", 1980))
    draft = nominate(world, unit="b", data=group_data(), submit=False)
    client.force_login(world["staff"])
    body = client.get(reverse("exemplars:campaign", args=[c.pk])).content.decode()
    assert "Có thể trùng" in body and draft.name not in body
    film = programme(world, "Phim")
    url = reverse("exemplars:select", args=[c.pk])
    r = client.post(
        url, {"programme": film.pk, "nominee": a.pk, "chon": "1"}, HTTP_HX_REQUEST="true"
    )
    body = r.content.decode()
    assert r.status_code == 200 and body.startswith('<section class="card" id="board">')
    assert "điển hình: 1/1" in body
    r = client.post(
        url, {"programme": film.pk, "nominee": b.pk, "chon": "1"}, HTTP_HX_REQUEST="true"
    )
    assert "chỉ nhận 01 điển hình; đã chọn đủ 01" in r.content.decode()
    r = client.post(url, {"programme": film.pk, "nominee": a.pk}, HTTP_HX_REQUEST="true")
    assert "điển hình: 0/1" in r.content.decode()
    # A draft cannot be selected, even with a guessed id.
    r = client.post(url, {"programme": film.pk, "nominee": draft.pk, "chon": "1"})
    assert r.status_code == 404


def test_outcome_shown_to_unit_only_after_publish(client, world):
    c = world["campaign"]
    a = nominate(world)
    services.select(programme(world, "Sách"), a, world["staff"])
    client.force_login(world["rep_a"])
    assert "Được chọn" not in client.get(reverse("exemplars:unit", args=[c.pk])).content.decode()
    client.force_login(world["staff"])
    client.post(reverse("exemplars:publish", args=[c.pk]), {"duoi_toi_thieu": "1"})
    client.force_login(world["rep_a"])
    body = client.get(reverse("exemplars:unit", args=[c.pk])).content.decode()
    assert "Được chọn: Sách “Ngàn hoa dâng Bác” tập 8" in body


def test_board_queries_do_not_grow_with_nominees(client, world, django_assert_max_num_queries):
    c = world["campaign"]
    for i in range(6):
        nominate(
            world,
            unit="ab"[i % 2],
            data=group_data(f"Tập thể {i}", kind="collective"),
            submit=False,
        )
    Nominee.objects.update(status="submitted")
    services.programmes_for(c)
    client.force_login(world["staff"])
    with django_assert_max_num_queries(15):
        assert client.get(reverse("exemplars:campaign", args=[c.pk])).status_code == 200


def test_edit_own_draft_then_no_edit_after_submit(client, world):
    n = nominate(world, submit=False)
    client.force_login(world["rep_a"])
    data = person_data(summary="Thành tích mới, đã bổ sung.")
    r = client.post(reverse("exemplars:edit", args=[n.pk]), data)
    assert r.status_code == 302
    n.refresh_from_db()
    assert n.summary == "Thành tích mới, đã bổ sung."
    services.submit(n, world["rep_a"])
    r = client.post(reverse("exemplars:edit", args=[n.pk]), person_data(summary="Đổi"), follow=True)
    assert "không sửa được nữa" in r.content.decode()
    n.refresh_from_db()
    assert n.summary == "Thành tích mới, đã bổ sung."


def test_strangers_and_locked_campaign(client, world):
    c = world["campaign"]
    n = nominate(world)
    assert client.get(reverse("exemplars:campaign", args=[c.pk])).status_code == 302  # login
    other = f.unit("TX", "Tỉnh ủy khác")
    client.force_login(f.person("nguoila", "staff", other))
    assert client.get(reverse("exemplars:campaign", args=[c.pk])).status_code == 404
    assert client.get(reverse("exemplars:nominee", args=[n.pk])).status_code == 404
    # A reporter sent to the staff board lands on the unit's own page.
    client.force_login(world["rep_b"])
    r = client.get(reverse("exemplars:campaign", args=[c.pk]))
    assert r.status_code == 302 and r.url == reverse("exemplars:unit", args=[c.pk])
    c.status = c.Status.LOCKED
    c.save()
    with pytest.raises(services.NominationError, match="đã khóa"):
        nominate(world, unit="b", submit=False)


def test_the_same_person_twice_from_one_unit_is_refused_and_audited():
    from tonghop.web.audit.models import Event

    city = f.unit("TUX", "Thành ủy")
    a = f.unit("QAX", "Quận ủy Tây Hồ", parent=city)
    reporter = f.person("bc_x", "reporter", a)
    c = f.campaign(city, [a], nomination_collective=1, nomination_individual=2)
    data = {
        "kind": "individual", "name": "Nguyễn Văn An", "birth_year": 1980,
        "summary": "Nhiều năm hoàn thành xuất sắc nhiệm vụ.",
    }  # fmt: skip
    first = services.save_draft(c, a, reporter, dict(data))
    services.submit(first, reporter)
    again = services.save_draft(c, a, reporter, {**data, "name": "nguyen van an"})
    with pytest.raises(services.NominationError, match="không giới thiệu trùng"):
        services.submit(again, reporter)
    again.refresh_from_db()
    assert again.is_draft  # kept as a draft, nothing lost
    assert Event.objects.filter(action="nominate", campaign=c).count() == 1


def test_exhibition_counter_shows_the_minimum_not_reached(client, world):
    c = world["campaign"]
    hoa = nominate(world)
    show = programme(world, "Triển lãm")
    client.force_login(world["staff"])
    r = client.post(
        reverse("exemplars:select", args=[c.pk]),
        {"programme": show.pk, "nominee": hoa.pk, "chon": "1"},
        HTTP_HX_REQUEST="true",
    )
    body = r.content.decode()
    assert "điển hình: 1/5–10" in body and "chưa đủ số tối thiểu" in body
