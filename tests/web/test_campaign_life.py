"""A campaign's life: a draft the units do not see, edited, published, its deadline
extended (units told by e-mail through a real SMTP server), locked; a draft deleted;
an earlier campaign copied.  Dates checked; the due date never contradicts the
guideline's words."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.web.factories import PASSWORD, person, unit
from tests.web.factories_submissions import docx_bytes
from tests.web.test_reminders import body, subject
from tests.web.test_reminders import smtp as smtp  # noqa: F401  (a fixture)
from tonghop.web.audit.models import Event
from tonghop.web.campaigns import services
from tonghop.web.campaigns.models import Assignment, Campaign
from tonghop.web.dashboard import services as dashboard
from tonghop.web.reminders.models import Reminder
from tonghop.web.submissions import services as submissions
from tonghop.web.submissions.models import Submission

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
OUTLINE = [{"code": "I", "title": "KẾT QUẢ"}, {"code": "II", "title": "ĐÁNH GIÁ"}]


@pytest.fixture
def world():
    city = unit("TU", "Thành ủy Hà Nội", kind="thanh_uy")
    q1 = unit("Q1", "Quận ủy Ba Đình", parent=city, kind="quan_huyen", email="bd@hanoi.test")
    q2 = unit("Q2", "Quận ủy Hoàn Kiếm", parent=city, kind="quan_huyen", email="hk@hanoi.test")
    p1 = unit("P1", "Đảng ủy phường Phúc Xá", parent=q1, kind="co_so", email="px@hanoi.test")
    return {
        "city": city,
        "q1": q1,
        "q2": q2,
        "p1": p1,
        "staff": person("chuyenvien", "staff", city),
        "reporter": person("baocao", "reporter", q1),
    }


def facts(deadline: dt.date, **kw) -> dict:
    return {"title": "Đánh giá thực hiện Kết luận 01-KL/TW", "deadline": deadline, **kw}


def draft(world, deadline=None, tiers=None, **kw) -> Campaign:
    return services.create_campaign(
        world["staff"],
        world["city"],
        facts(deadline or TODAY + dt.timedelta(days=20), **kw),
        OUTLINE,
        [world["q1"], world["q2"], world["p1"]],
        tiers=tiers,
    )


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


# --- dates ------------------------------------------------------------------------------


def test_dates_refused_with_what_is_wrong():
    d = dt.date(2026, 12, 20)
    errors = services.check_dates(None, None, d, {1: d + dt.timedelta(days=1)})
    assert "Hạn cho cấp 1 (21/12/2026) sau hạn chung (20/12/2026)" in errors["tier_1"]
    errors = services.check_dates(None, None, d, {1: dt.date(2026, 12, 10), 2: d})
    assert "Hạn cho cấp 2 (20/12/2026) sau hạn cho cấp 1 (10/12/2026)" in errors["tier_2"]
    assert services.check_dates(None, None, d, {1: d, 2: dt.date(2026, 12, 10)}) == {}
    past = services.check_dates(None, None, d, today=dt.date(2026, 12, 21))
    assert "Hạn nộp 20/12/2026 đã qua (hôm nay 21/12/2026)" in past["deadline"]
    assert "Đợt báo cáo đã qua" in past["deadline"]
    assert services.check_dates(None, None, d, today=dt.date(2026, 12, 21), past=True) == {}
    # On the last day itself the deadline still stands.
    assert services.check_dates(None, None, d, today=d) == {}


def test_create_refuses_a_past_deadline_unless_recorded_past(world):
    with pytest.raises(ValidationError, match="đã qua"):
        draft(world, deadline=TODAY - dt.timedelta(days=1))
    c = draft(world, deadline=TODAY - dt.timedelta(days=1), recorded_past=True)
    assert c.is_draft and c.recorded_past
    with pytest.raises(ValidationError, match="sau hạn chung"):
        draft(world, tiers={2: TODAY + dt.timedelta(days=30)})


# --- draft and publication --------------------------------------------------------------


def test_units_see_a_campaign_only_once_it_is_published(client, world):
    c = draft(world)
    a = c.assignments.get(unit=world["q1"])
    assert c.is_draft and c.published_at is None
    assert submissions.todo(world["q1"].pk) == []
    login(client, world["reporter"])
    assert client.get(reverse("submissions:detail", args=[a.pk])).status_code == 404
    assert client.get(reverse("exemplars:unit", args=[c.pk])).status_code == 404
    with pytest.raises(submissions.SubmissionError, match="chưa được công bố"):
        submissions.store_upload(a, docx_bytes(), "bao-cao.docx", world["reporter"])

    services.publish(world["staff"], c)
    c.refresh_from_db()
    assert c.is_open and c.published_at is not None
    assert [r["campaign"].pk for r in submissions.todo(world["q1"].pk)] == [c.pk]
    assert client.get(reverse("submissions:detail", args=[a.pk])).status_code == 200
    assert Event.objects.filter(action="campaign_edit", message__startswith="Công bố").count() == 1
    services.publish(world["staff"], c)  # a second click changes nothing
    assert Event.objects.filter(action="campaign_edit", message__startswith="Công bố").count() == 1


def test_a_draft_whose_deadline_passed_is_not_published(world):
    c = draft(world, deadline=TODAY + dt.timedelta(days=2))
    with pytest.raises(ValidationError) as exc:
        services.publish(world["staff"], c, today=TODAY + dt.timedelta(days=3))
    assert "Chưa công bố được" in exc.value.messages[0] and "đã qua" in exc.value.messages[1]
    c.refresh_from_db()
    assert c.is_draft


def test_a_draft_is_edited_until_published(world):
    c = draft(world)
    services.update_campaign(
        world["staff"],
        c,
        facts(TODAY + dt.timedelta(days=25), title="Tên đã sửa"),
        [{"code": "I", "title": "MỘT MỤC"}],
        [world["q2"]],
    )
    c.refresh_from_db()
    assert c.title == "Tên đã sửa" and c.deadline == TODAY + dt.timedelta(days=25)
    assert [i.code for i in c.outline.all()] == ["I"]
    assert [a.unit.code for a in c.assignments.all()] == ["Q2"]
    services.publish(world["staff"], c)
    with pytest.raises(ValidationError, match="đã công bố"):
        services.update_campaign(
            world["staff"], c, facts(TODAY + dt.timedelta(days=25)), OUTLINE, [world["q1"]]
        )


def test_a_draft_is_deleted_a_published_campaign_never(world):
    c = draft(world)
    title = services.delete_draft(world["staff"], c)
    assert not Campaign.objects.filter(pk=c.pk).exists() and not Assignment.objects.exists()
    assert Event.objects.get(message__startswith="Xóa bản nháp").message.endswith(f"«{title}»")
    c = draft(world)
    services.publish(world["staff"], c)
    with pytest.raises(ValidationError, match="không xóa được"):
        services.delete_draft(world["staff"], c)
    assert Campaign.objects.filter(pk=c.pk).exists()


def test_views_for_the_life_of_a_campaign(client, world):
    login(client, world["staff"])
    c = draft(world)
    page = client.get(reverse("campaigns:detail", args=[c.pk])).content.decode()
    assert (
        "Công bố tới 3 đơn vị" in page
        and 'data-confirm="Công bố đợt báo cáo tới 3 đơn vị?"' in (page)
    )
    r = client.post(reverse("campaigns:publish", args=[c.pk]))
    assert r.status_code == 302
    c.refresh_from_db()
    assert c.is_open
    page = client.get(reverse("campaigns:detail", args=[c.pk])).content.decode()
    assert "Sửa bản nháp" not in page and "Gia hạn nộp báo cáo" in page
    # A published campaign is neither edited nor deleted, even by a forged request.
    assert client.get(reverse("campaigns:edit", args=[c.pk])).status_code == 302
    client.post(reverse("campaigns:delete", args=[c.pk]))
    assert Campaign.objects.filter(pk=c.pk).exists()
    # Others may not touch it.
    login(client, world["reporter"])
    assert client.post(reverse("campaigns:publish", args=[c.pk])).status_code == 404
    assert client.get(reverse("campaigns:extend", args=[c.pk])).status_code == 404


# --- extension --------------------------------------------------------------------------


def test_extension_tells_waiting_units_and_recounts_late_reports(world, smtp, settings):
    old = TODAY - dt.timedelta(days=1)
    c = draft(world, deadline=old, recorded_past=True)
    services.publish(world["staff"], c)
    # Ba Đình sent after the old deadline: late, until the extension.
    a = c.assignments.get(unit=world["q1"])
    v = submissions.store_upload(a, docx_bytes(), "bc.docx", world["reporter"])
    submissions.submit(v.submission, v, world["reporter"])
    assert Submission.objects.get().on_time is False
    new = TODAY + dt.timedelta(days=7)

    done = services.extend_deadline(world["staff"], c, new)
    assert (done.old, done.new, done.now_on_time) == (old, new, 1)
    c.refresh_from_db()
    assert c.deadline == new and Submission.objects.get().on_time is True
    rows = dashboard.campaign_rows(c, world["city"].subtree())
    assert {r.unit.code: r.status for r in rows}["Q1"] == dashboard.ONTIME
    # The two units still waiting are told, Ba Đình (submitted) is not.
    assert smtp.recipients == ["hk@hanoi.test", "px@hanoi.test"]
    message = smtp.to("hk@hanoi.test")
    assert subject(message) == f"Gia hạn nộp báo cáo: {c.title} — hạn mới {new:%d/%m/%Y}"
    assert f"đến hết ngày {new:%d/%m/%Y} là đúng hạn" in body(message)
    assert Reminder.objects.filter(kind="extended", ok=True).count() == 2
    # A second extension the same day is told again: it names another date.
    services.extend_deadline(world["staff"], c, new + dt.timedelta(days=1))
    assert len(smtp.envelopes) == 4


def test_extension_only_moves_later_and_keeps_tiers_in_order(world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    d = TODAY + dt.timedelta(days=10)
    c = draft(world, deadline=d, tiers={2: d - dt.timedelta(days=3)})
    with pytest.raises(ValidationError, match="chưa công bố"):
        services.extend_deadline(world["staff"], c, d + dt.timedelta(days=5))
    services.publish(world["staff"], c)
    with pytest.raises(ValidationError, match="chỉ gia hạn được"):
        services.extend_deadline(world["staff"], c, d - dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="sau hạn chung"):
        services.extend_deadline(world["staff"], c, d, {2: d + dt.timedelta(days=1)})
    with pytest.raises(ValidationError, match="không có gì thay đổi"):
        services.extend_deadline(world["staff"], c, d)
    services.extend_deadline(world["staff"], c, d + dt.timedelta(days=5), {2: d})
    dues = {a.unit.code: a.due for a in c.assignments.select_related("unit", "campaign")}
    assert dues == {"Q1": d + dt.timedelta(days=5), "Q2": d + dt.timedelta(days=5), "P1": d}


def test_the_guideline_words_go_when_the_deadline_moves(world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    d = TODAY + dt.timedelta(days=10)
    words = f"trước ngày {d + dt.timedelta(days=1):%d/%m/%Y}"
    c = draft(world, deadline=d, deadline_text=words)
    assert c.due_words == f"hết ngày {d:%d/%m/%Y} ({words})"
    services.publish(world["staff"], c)
    services.extend_deadline(world["staff"], c, d + dt.timedelta(days=4))
    c.refresh_from_db()
    assert c.deadline_text == "" and c.due_words == f"hết ngày {d + dt.timedelta(days=4):%d/%m/%Y}"


def test_the_reporter_never_reads_a_contradicting_due_date(client, world):
    """A tier deadline (20/12) beside the guideline's "trước ngày 01/01/2027"."""
    d = TODAY + dt.timedelta(days=30)
    tier = d - dt.timedelta(days=10)
    words = f"trước ngày {d + dt.timedelta(days=1):%d/%m/%Y}"
    c = draft(world, deadline=d, deadline_text=words, tiers={2: tier})
    services.publish(world["staff"], c)
    person("baocao_px", "reporter", world["p1"])
    client.login(username="baocao_px", password=PASSWORD)
    a = c.assignments.get(unit=world["p1"])
    for url in (reverse("submissions:todo"), reverse("submissions:detail", args=[a.pk])):
        page = client.get(url).content.decode()
        assert f"hết ngày {tier:%d/%m/%Y}" in page
        assert words not in page, url
    login(client, world["reporter"])  # Ba Đình is due on the campaign's day: words agree
    page = client.get(reverse("submissions:todo")).content.decode()
    assert f"hết ngày {d:%d/%m/%Y} ({words})" in page


# --- copy -------------------------------------------------------------------------------


def test_copy_of_last_years_campaign(client, world):
    last = services.create_campaign(
        world["staff"],
        world["city"],
        facts(
            dt.date(TODAY.year - 1, 4, 9),
            title=f"Đánh giá thực hiện Kết luận 01-KL/TW năm {TODAY.year - 1}",
            period_from=dt.date(TODAY.year - 2, 5, 1),
            period_to=dt.date(TODAY.year - 1, 5, 31),
            signer_name="Trần Quốc Hưng",
            recorded_past=True,
        ),
        OUTLINE,
        [world["q1"], world["p1"]],
        programmes=[{"name": "Bằng khen", "collective": 1}],
    )
    p = services.proposal_from_campaign(last, today=TODAY)
    year = p.initial["deadline"].year
    assert p.initial["deadline"] >= TODAY and p.initial["deadline"].timetuple()[1:3] == (4, 9)
    assert p.initial["title"].endswith(f"năm {year}")
    assert p.initial["period_from"] == dt.date(year - 1, 5, 1)
    assert p.initial["signer_name"] == "Trần Quốc Hưng" and not p.initial.get("recorded_past")
    assert p.outline == OUTLINE and p.programmes[0]["name"] == "Bằng khen"
    assert sorted(p.initial["units"]) == sorted([world["q1"].pk, world["p1"].pk])
    login(client, world["staff"])
    page = client.get(reverse("campaigns:create"), {"sao-chep": last.pk}).content.decode()
    assert "sao chép từ một đợt báo cáo trước" in page
    assert f'value="{p.initial["deadline"]:%d/%m/%Y}"' in page
