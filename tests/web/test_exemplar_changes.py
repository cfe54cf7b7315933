"""A unit's second thoughts and the exhibition's minimum: a nomination sent by mistake
is withdrawn until staff act on it, a draft is deleted with its files, and the outcome
is not published below a programme's minimum without an explicit, logged override."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.web import factories as f
from tests.web.factories_exemplars import person_data, png
from tonghop.web.audit.models import Event
from tonghop.web.campaigns.models import Campaign
from tonghop.web.campaigns.templates_kl01 import PROGRAMMES
from tonghop.web.exemplars import services
from tonghop.web.exemplars.models import Nominee, NomineeFile

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    city = f.unit("TU", "Thành ủy")
    a = f.unit("QA", "Quận ủy A", parent=city)
    c = f.campaign(city, [a], programmes=[dict(p) for p in PROGRAMMES])
    return {
        "campaign": c,
        "a": a,
        "staff": f.person("chuyenvien", "staff", city),
        "rep": f.person("bao_cao_a", "reporter", a),
        "other": f.person("bao_cao_b", "reporter", f.unit("QB", "Quận ủy B", parent=city)),
    }


def sent(w, name="Nguyễn Văn An", year=1980):
    n = services.save_draft(w["campaign"], w["a"], w["rep"], person_data(name, year))
    return services.submit(n, w["rep"])


def programme(w, start):
    return next(p for p in services.programmes_for(w["campaign"]) if p.name.startswith(start))


def test_withdraw_until_staff_act(world):
    n = sent(world)
    services.withdraw(n, world["rep"])
    n.refresh_from_db()
    assert n.is_draft and n.submitted_at is None
    assert Event.objects.filter(message__startswith="Rút lại hồ sơ").count() == 1
    # Sent again, then chosen by staff: no longer the unit's to take back.
    n = services.submit(n, world["rep"])
    services.select(programme(world, "Sách"), n, world["staff"])
    with pytest.raises(services.NominationError, match="đã chọn hồ sơ này"):
        services.withdraw(n, world["rep"])
    assert not Nominee.objects.get(pk=n.pk).is_draft


def test_no_withdraw_once_published_or_under_discipline(world):
    n = sent(world)
    services.set_discipline(n, True)
    with pytest.raises(services.NominationError, match="kỷ luật"):
        services.withdraw(n, world["rep"])
    services.set_discipline(n, False)
    services.publish(world["campaign"], world["staff"], below_minimum=True)
    with pytest.raises(services.NominationError, match="công bố"):
        services.withdraw(Nominee.objects.get(pk=n.pk), world["rep"])


def test_delete_a_draft_with_its_files(world, settings):
    n = services.save_draft(
        world["campaign"],
        world["a"],
        world["rep"],
        person_data(),
        photo=(png(), "anh.png"),
        files=[(b"thanh tich", "thanh-tich.txt")],
    )
    photo = n.photo.path
    doc = NomineeFile.objects.get(nominee=n).file.path
    with pytest.raises(services.NominationError, match="rút lại"):
        services.delete_draft(services.submit(n, world["rep"]), world["rep"])
    services.withdraw(n, world["rep"])
    assert services.delete_draft(n, world["rep"]) == "Nguyễn Văn An"
    assert not Nominee.objects.exists() and not NomineeFile.objects.exists()
    import os

    assert not os.path.exists(photo) and not os.path.exists(doc)


def test_publish_refused_below_the_exhibitions_minimum(world):
    c = world["campaign"]
    show = programme(world, "Triển lãm")
    assert show.exemplar_min == 5
    chosen = [sent(world, f"Người {k}", 1970 + k) for k in range(3)]
    Campaign.objects.filter(pk=c.pk).update(nomination_individual=None)
    for n in chosen:
        services.select(show, n, world["staff"])
    with pytest.raises(services.BelowMinimum) as refusal:
        services.publish(c, world["staff"])
    assert "mới chọn 03 điển hình, tối thiểu 05" in str(refusal.value)
    assert not services.is_published(c)
    services.publish(c, world["staff"], below_minimum=True)
    assert services.is_published(c)
    logged = Event.objects.get(action=Event.Action.PUBLISH)
    assert "chưa đủ số tối thiểu (đã xác nhận)" in logged.message


def test_pages_withdraw_delete_and_publish(client, world):
    c = world["campaign"]
    n = sent(world)
    client.force_login(world["other"])  # another unit's reporter: not found
    assert client.post(reverse("exemplars:withdraw", args=[n.pk])).status_code == 404
    client.force_login(world["rep"])
    page = client.get(reverse("exemplars:unit", args=[c.pk])).content.decode()
    assert "Rút lại" in page and "Xóa bản nháp" not in page
    r = client.post(reverse("exemplars:withdraw", args=[n.pk]), follow=True)
    assert "trở lại bản nháp" in r.content.decode()
    page = client.get(reverse("exemplars:unit", args=[c.pk])).content.decode()
    assert "Xóa bản nháp" in page and "Gửi hồ sơ" in page
    r = client.post(reverse("exemplars:delete", args=[n.pk]), follow=True)
    assert "Đã xóa bản nháp hồ sơ “Nguyễn Văn An”" in r.content.decode()
    assert not Nominee.objects.exists()

    client.force_login(world["staff"])
    board = client.get(reverse("exemplars:campaign", args=[c.pk])).content.decode()
    assert 'id="shortfalls"' in board and 'name="duoi_toi_thieu"' in board
    r = client.post(reverse("exemplars:publish", args=[c.pk]), follow=True)
    assert "Chưa công bố" in r.content.decode() and not services.is_published(c)
    r = client.post(reverse("exemplars:publish", args=[c.pk]), {"duoi_toi_thieu": "1"}, follow=True)
    assert "Đã công bố kết quả" in r.content.decode() and services.is_published(c)


@pytest.mark.django_db(transaction=True)
def test_withdraw_and_publish_in_the_browser(browser_page, world):
    from playwright.sync_api import expect

    from tests.web.browser import login

    page, c = browser_page, world["campaign"]
    sent(world)
    login(page, "bao_cao_a", f.PASSWORD)
    page.goto(f"/dien-hinh/dot/{c.pk}/don-vi/")
    page.get_by_role("button", name="Rút lại hồ sơ Nguyễn Văn An").click()
    dialog = page.locator("dialog.confirm")
    expect(dialog).to_contain_text("Hồ sơ trở lại bản nháp")
    dialog.get_by_role("button", name="Đồng ý").click()
    expect(page.locator(".messages")).to_contain_text("trở lại bản nháp")
    page.get_by_role("button", name="Xóa bản nháp Nguyễn Văn An").click()
    dialog.get_by_role("button", name="Đồng ý").click()
    expect(page.locator(".messages")).to_contain_text("Đã xóa bản nháp")
    expect(page.locator("#nominees")).to_have_count(0)

    page.get_by_role("button", name="Đăng xuất").click()
    login(page, "chuyenvien", f.PASSWORD)
    page.goto(f"/dien-hinh/dot/{c.pk}/")
    expect(page.locator("#shortfalls")).to_contain_text("tối thiểu 05")
    tick = page.get_by_label("Vẫn công bố khi chưa đủ số tối thiểu")
    page.get_by_role("button", name="Công bố kết quả cho các đơn vị").click()
    # The box must be ticked first: the browser keeps the form from going.
    expect(dialog).to_be_hidden()
    assert (
        page.evaluate("document.querySelector('input[name=duoi_toi_thieu]').validity.valid")
        is False
    )
    tick.check()
    page.get_by_role("button", name="Công bố kết quả cho các đơn vị").click()
    dialog.get_by_role("button", name="Đồng ý").click()
    expect(page.locator(".messages")).to_contain_text("Đã công bố kết quả")
    assert services.is_published(c)
