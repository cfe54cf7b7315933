"""Reminders by e-mail, sent to a real SMTP server (aiosmtpd) that each test starts
on 127.0.0.1, and read back from what that server received."""

from __future__ import annotations

import datetime as dt
import io
import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from django.contrib.messages import get_messages
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.web.factories import PASSWORD, campaign, person, unit
from tonghop.web.audit.models import Event
from tonghop.web.campaigns.models import Campaign
from tonghop.web.reminders import services
from tonghop.web.reminders.models import Reminder
from tonghop.web.submissions.models import Submission

pytestmark = pytest.mark.django_db

DEADLINE = dt.date(2024, 4, 9)  # "trước ngày 10/4/2024"
TITLE = "Đánh giá 3 năm thực hiện Kết luận số 01-KL/TW"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Real hashing costs a second per test user; these tests are not about it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """An aiosmtpd handler keeping every message it accepts."""

    def __init__(self) -> None:
        self.envelopes = []
        self.controller: Controller | None = None

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 OK"

    @property
    def recipients(self) -> list[str]:
        return sorted(r for e in self.envelopes for r in e.rcpt_tos)

    def messages(self):
        return [message_from_bytes(e.content, policy=policy.default) for e in self.envelopes]

    def to(self, address: str):
        found = [m for m in self.messages() if address in m["To"]]
        assert len(found) == 1, f"{len(found)} thư tới {address}"
        return found[0]

    def start(self, settings) -> None:
        port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=port)
        self.controller.start()
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port

    def stop(self) -> None:
        if self.controller:
            self.controller.stop()
            self.controller = None


def subject(message) -> str:
    # Django folds a long encoded subject onto the next line; clients unfold and trim it.
    return message["Subject"].strip()


def body(message) -> str:
    return message.get_body(("plain",)).get_content()


@pytest.fixture
def smtp(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    settings.DEFAULT_FROM_EMAIL = "tonghop@thanhuy.test"
    settings.SITE_URL = "http://baocao.thanhuy.test"
    settings.REMINDER_DAYS_BEFORE = [3]
    settings.REMINDER_DAYS_AFTER = [1]
    inbox = Inbox()
    inbox.start(settings)
    yield inbox
    inbox.stop()


@pytest.fixture
def world():
    city = unit("TU", "Thành ủy Hà Nội", email="vanphong@thanhuy.test")
    ba_dinh = unit("Q1", "Quận ủy Ba Đình", parent=city, email="badinh@hanoi.test")
    hoan_kiem = unit("Q2", "Quận ủy Hoàn Kiếm", parent=city, email="hoankiem@hanoi.test")
    front = unit("MT", "Ủy ban MTTQ Việt Nam thành phố", parent=city)  # no e-mail
    merged = unit(
        "Q9",
        "Huyện ủy đã sáp nhập",
        parent=city,
        email="cu@hanoi.test",
        closed_on=dt.date(2024, 1, 1),
    )
    c = campaign(
        city,
        [ba_dinh, hoan_kiem, front, merged],
        deadline=DEADLINE,
        title=TITLE,
        deadline_text="trước ngày 10/4/2024",
        receiver="Ban Tuyên giáo Thành ủy",
        email="bantuyengiao@thanhuy.test",
    )
    return {
        "city": city,
        "ba_dinh": ba_dinh,
        "hoan_kiem": hoan_kiem,
        "front": front,
        "merged": merged,
        "campaign": c,
        "staff": person("chuyenvien", "staff", city, full_name="Nguyễn Thị Hoa"),
        "reporter": person("baocao", "reporter", ba_dinh),
        "leader": person("lanhdao", "leader", city),
    }


def submit(c: Campaign, u, status=Submission.Status.SUBMITTED) -> Submission:
    return Submission.objects.create(assignment=c.assignments.get(unit=u), status=status)


def owed(today: dt.date) -> list[tuple[str, str]]:
    return sorted((a.unit.code, kind) for a, kind in services.due_reminders(today))


# --- the schedule -------------------------------------------------------------


def test_three_days_before_the_deadline(smtp, world):
    today = DEADLINE - dt.timedelta(days=3)
    assert owed(today) == [("MT", "before"), ("Q1", "before"), ("Q2", "before")]

    summary = services.send_reminders(today)

    assert smtp.recipients == ["badinh@hanoi.test", "hoankiem@hanoi.test"]
    m = smtp.to("badinh@hanoi.test")
    assert subject(m) == f"Nhắc nộp báo cáo: {TITLE} — hạn 09/04/2024"
    assert m["From"] == "tonghop@thanhuy.test"
    assert m["Reply-To"] == "bantuyengiao@thanhuy.test"
    text = body(m)
    assert "Kính gửi: Quận ủy Ba Đình" in text
    assert TITLE in text
    assert "hết ngày 09/04/2024 (trước ngày 10/4/2024)" in text
    assert "Còn 3 ngày nữa là đến hạn nộp." in text
    assert "Nơi nhận báo cáo: Ban Tuyên giáo Thành ủy, e-mail bantuyengiao@thanhuy.test." in text
    a = world["campaign"].assignments.get(unit=world["ba_dinh"])
    url = "http://baocao.thanhuy.test" + reverse("submissions:detail", args=[a.pk])
    assert f"Nộp báo cáo tại: {url}" in text
    assert "Hoàn Kiếm" not in text  # one e-mail per unit, about that unit

    # The unit without an e-mail is reported, not silently dropped.
    assert [a.unit.code for a, _ in summary.skipped] == ["MT"]
    assert summary.message() == (
        "Đã gửi 2 thư nhắc các đơn vị chưa nộp báo cáo; "
        "1 đơn vị chưa có địa chỉ e-mail (Ủy ban MTTQ Việt Nam thành phố)."
    )
    logged = Reminder.objects.order_by("recipient")
    assert [(r.recipient, r.kind, r.day, r.ok, r.by) for r in logged] == [
        ("badinh@hanoi.test", "before", today, True, None),
        ("hoankiem@hanoi.test", "before", today, True, None),
    ]
    events = Event.objects.filter(action=Event.Action.REMINDER)
    assert sorted(e.unit.code for e in events) == ["Q1", "Q2"]
    assert all(e.campaign == world["campaign"] and e.detail["ok"] for e in events)


def test_the_day_after_the_deadline(smtp, world):
    today = DEADLINE + dt.timedelta(days=1)
    assert owed(today) == [("MT", "after"), ("Q1", "after"), ("Q2", "after")]
    services.send_reminders(today)
    m = smtp.to("hoankiem@hanoi.test")
    assert subject(m) == f"Nhắc nộp báo cáo (đã quá hạn): {TITLE} — hạn 09/04/2024"
    text = body(m)
    assert "Kính gửi: Quận ủy Hoàn Kiếm" in text
    assert "Báo cáo đã quá hạn 1 ngày." in text
    assert "Đến ngày 10/04/2024" in text
    assert set(Reminder.objects.values_list("kind", flat=True)) == {"after"}


@pytest.mark.parametrize("offset", [-4, -2, -1, 0, 2, 5])
def test_no_reminder_on_other_days(smtp, world, offset):
    today = DEADLINE + dt.timedelta(days=offset)
    assert owed(today) == []
    summary = services.send_reminders(today)
    assert smtp.envelopes == [] and not Reminder.objects.exists()
    assert summary.message() == f"Ngày {today:%d/%m/%Y} không có thư nhắc nào đến lịch gửi."


def test_configured_days(smtp, world, settings):
    settings.REMINDER_DAYS_BEFORE = [7, 1]
    settings.REMINDER_DAYS_AFTER = [2]
    assert owed(DEADLINE - dt.timedelta(days=3)) == []
    assert {k for _, k in owed(DEADLINE - dt.timedelta(days=7))} == {"before"}
    assert {k for _, k in owed(DEADLINE - dt.timedelta(days=1))} == {"before"}
    assert {k for _, k in owed(DEADLINE + dt.timedelta(days=2))} == {"after"}
    services.send_reminders(DEADLINE - dt.timedelta(days=1))
    assert "Còn 1 ngày nữa là đến hạn nộp." in body(smtp.to("badinh@hanoi.test"))


def test_a_unit_deadline_of_its_own_counts(smtp, world):
    """An assignment with its own deadline (a tier's) is reminded on its own days."""
    a = world["campaign"].assignments.get(unit=world["hoan_kiem"])
    a.deadline = dt.date(2024, 4, 12)
    a.save()
    assert owed(dt.date(2024, 4, 6)) == [("MT", "before"), ("Q1", "before")]
    assert owed(dt.date(2024, 4, 9)) == [("Q2", "before")]
    services.send_reminders(dt.date(2024, 4, 9))
    m = smtp.to("hoankiem@hanoi.test")
    assert subject(m).endswith("hạn 12/04/2024")
    assert "Còn 3 ngày" in body(m)


def test_submitted_units_are_not_reminded(smtp, world):
    c = world["campaign"]
    submit(c, world["ba_dinh"], Submission.Status.SUBMITTED)
    submit(c, world["front"], Submission.Status.ACCEPTED)
    # Sent back for correction: not submitted any more, so reminded.
    submit(c, world["hoan_kiem"], Submission.Status.RETURNED)
    assert owed(DEADLINE + dt.timedelta(days=1)) == [("Q2", "after")]
    services.send_reminders(DEADLINE + dt.timedelta(days=1))
    assert smtp.recipients == ["hoankiem@hanoi.test"]


def test_a_draft_is_not_a_submission(smtp, world):
    submit(world["campaign"], world["ba_dinh"], Submission.Status.DRAFT)
    assert ("Q1", "before") in owed(DEADLINE - dt.timedelta(days=3))


def test_closed_units_and_locked_campaigns_are_not_reminded(smtp, world):
    today = DEADLINE - dt.timedelta(days=3)
    assert "Q9" not in {code for code, _ in owed(today)}
    # Closed on the day itself counts as closed; closing later does not.
    world["ba_dinh"].closed_on = today
    world["ba_dinh"].save()
    world["hoan_kiem"].closed_on = today + dt.timedelta(days=30)
    world["hoan_kiem"].save()
    assert owed(today) == [("MT", "before"), ("Q2", "before")]
    c = world["campaign"]
    c.status = Campaign.Status.LOCKED
    c.save()
    assert owed(today) == []
    services.send_reminders(today)
    assert smtp.envelopes == []


def test_a_scheduler_run_twice_sends_once(smtp, world):
    today = DEADLINE - dt.timedelta(days=3)
    first = services.send_reminders(today)
    second = services.send_reminders(today)
    assert len(first.sent) == 2 and second.sent == []
    assert len(second.already) == 2
    assert len(smtp.envelopes) == 2
    assert Reminder.objects.count() == 2
    assert "2 đơn vị đã được nhắc trong ngày" in second.message()
    # The next reminder day is a new reminder.
    services.send_reminders(DEADLINE + dt.timedelta(days=1))
    assert len(smtp.envelopes) == 4


def test_smtp_server_down_is_logged_and_retried(smtp, world, settings):
    smtp.stop()
    today = DEADLINE - dt.timedelta(days=3)

    summary = services.send_reminders(today)

    assert summary.sent == [] and len(summary.failed) == 2 and not summary.ok
    where = f"127.0.0.1:{settings.EMAIL_PORT}"
    assert summary.failed[0].error.startswith(f"Không kết nối được máy chủ thư {where}")
    assert summary.message().startswith(
        "Đã gửi 0 thư nhắc các đơn vị chưa nộp báo cáo; 2 thư không gửi được: "
        f"Không kết nối được máy chủ thư {where}"
    )
    failed = Reminder.objects.filter(ok=False)
    assert failed.count() == 2 and all("Không kết nối" in r.error for r in failed)
    events = Event.objects.filter(action=Event.Action.REMINDER)
    assert events.count() == 2 and not any(e.detail["ok"] for e in events)

    # The server is back: the next run of the day sends what failed, once.
    smtp.start(settings)
    again = services.send_reminders(today)
    assert len(again.sent) == 2
    assert smtp.recipients == ["badinh@hanoi.test", "hoankiem@hanoi.test"]
    assert Reminder.objects.filter(ok=True).count() == 2


def test_a_recipient_refused_by_the_server(smtp, world):
    """One refused address fails alone; the others are sent."""

    async def refuse(server, session, envelope, address, rcpt_options):
        if address.startswith("badinh"):
            return "550 5.1.1 Hộp thư không tồn tại"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    smtp.handle_RCPT = refuse
    summary = services.send_reminders(DEADLINE - dt.timedelta(days=3))
    assert [r.recipient for r in summary.failed] == ["badinh@hanoi.test"]
    assert "từ chối địa chỉ nhận badinh@hanoi.test" in summary.failed[0].error
    assert [r.recipient for r in summary.sent] == ["hoankiem@hanoi.test"]
    assert smtp.recipients == ["hoankiem@hanoi.test"]


# --- staff by hand --------------------------------------------------------------


def login(client, user) -> None:
    assert client.login(username=user.username, password=PASSWORD)


def flash(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_staff_sends_by_hand_from_the_page(client, smtp, world):
    c = world["campaign"]
    submit(c, world["hoan_kiem"])
    login(client, world["staff"])
    back = reverse("reminders:log", args=[c.pk]) + "?trang=1"
    r = client.post(reverse("reminders:send", args=[c.pk]), {"next": back})
    assert r.status_code == 302 and r.url == back
    assert flash(r) == [
        "Đã gửi 1 thư nhắc các đơn vị chưa nộp báo cáo; "
        "1 đơn vị chưa có địa chỉ e-mail (Ủy ban MTTQ Việt Nam thành phố)."
    ]
    assert smtp.recipients == ["badinh@hanoi.test"]
    r = Reminder.objects.get()
    assert (r.kind, r.by, r.ok) == ("manual", world["staff"], True)
    event = Event.objects.get(action=Event.Action.REMINDER)
    assert event.actor == world["staff"] and event.unit == world["ba_dinh"]
    # A double click sends nothing more.
    r = client.post(reverse("reminders:send", args=[c.pk]))
    assert "1 đơn vị đã được nhắc trong ngày" in flash(r)[-1]
    assert len(smtp.envelopes) == 1


def test_staff_reminds_one_chosen_unit(client, smtp, world):
    c = world["campaign"]
    login(client, world["staff"])
    r = client.post(reverse("reminders:send", args=[c.pk]), {"unit": world["hoan_kiem"].pk})
    assert flash(r) == ["Đã gửi 1 thư nhắc các đơn vị chưa nộp báo cáo."]
    assert smtp.recipients == ["hoankiem@hanoi.test"]
    # A unit the campaign does not address: refused, nothing sent.
    stranger = unit("X1", "Đơn vị ngoài đợt", email="x@hanoi.test")
    r = client.post(reverse("reminders:send", args=[c.pk]), {"unit": stranger.pk})
    assert flash(r)[-1] == "Đơn vị này không thuộc đợt báo cáo."
    assert len(smtp.envelopes) == 1


def test_manual_send_when_everyone_submitted(client, smtp, world):
    c = world["campaign"]
    for u in ("ba_dinh", "hoan_kiem", "front"):
        submit(c, world[u])
    login(client, world["staff"])
    r = client.post(reverse("reminders:send", args=[c.pk]))
    assert flash(r) == ["Không có đơn vị nào cần nhắc: các đơn vị được giao đều đã nộp báo cáo."]
    assert smtp.envelopes == []


def test_no_manual_send_for_a_locked_campaign(client, smtp, world):
    c = world["campaign"]
    c.status = Campaign.Status.LOCKED
    c.save()
    login(client, world["staff"])
    r = client.post(reverse("reminders:send", args=[c.pk]))
    assert flash(r) == ["Đợt báo cáo đã khóa: không gửi nhắc nhở nữa."]
    assert smtp.envelopes == [] and not Reminder.objects.exists()


def test_manual_send_with_the_server_down(client, smtp, world):
    smtp.stop()
    login(client, world["staff"])
    r = client.post(reverse("reminders:send", args=[world["campaign"].pk]))
    assert r.status_code == 302
    (text,) = flash(r)
    assert "2 thư không gửi được: Không kết nối được máy chủ thư 127.0.0.1:" in text
    page = client.get(reverse("reminders:log", args=[world["campaign"].pk])).content.decode()
    assert page.count('<span class="badge error">Lỗi</span>') == 2


def test_htmx_button_gets_its_result_in_place(client, smtp, world):
    c = world["campaign"]
    login(client, world["staff"])
    url = reverse("reminders:send", args=[c.pk])
    r = client.post(url, {"next": "/theo-doi/1/"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 200
    html = r.content.decode()
    assert html.startswith("<form") and "<html" not in html
    assert "Gửi nhắc nhở các đơn vị chưa nộp" in html
    assert 'role="status">Đã gửi 2 thư nhắc' in html
    assert 'name="next" value="/theo-doi/1/"' in html
    assert "Các thư nhắc đã gửi" in html  # on another page, the link to the log stays
    assert flash(r) == []  # shown in place, not again on the next page
    log = reverse("reminders:log", args=[c.pk])
    r = client.post(url, {"next": log}, HTTP_HX_REQUEST="true")
    assert "Các thư nhắc đã gửi" not in r.content.decode()


def test_the_button_snippet(rf, world):
    from django.template.loader import render_to_string

    from tonghop.web.accounts.context import role

    request = rf.get("/theo-doi/1/")
    request.user = world["staff"]
    c = world["campaign"]
    html = render_to_string("reminders/_button.html", {"campaign": c, **role(request)}, request)
    assert f'action="{reverse("reminders:send", args=[c.pk])}"' in html
    assert 'name="csrfmiddlewaretoken"' in html and 'method="post"' in html
    assert "Gửi nhắc nhở các đơn vị chưa nộp" in html
    assert 'value="/theo-doi/1/"' in html
    assert f'href="{reverse("reminders:log", args=[c.pk])}"' in html  # the log, from elsewhere
    one = render_to_string(
        "reminders/_button.html",
        {"campaign": c, "reminder_unit": world["ba_dinh"], **role(request)},
        request,
    )
    assert f'name="unit" value="{world["ba_dinh"].pk}"' in one and "đơn vị này" in one
    request.user = world["reporter"]
    assert not render_to_string(
        "reminders/_button.html", {"campaign": c, **role(request)}, request
    ).strip()


@pytest.mark.parametrize("who", ["reporter", "leader", "other_staff"])
def test_only_the_campaign_staff_may_send_or_read_the_log(client, smtp, world, who):
    if who == "other_staff":
        elsewhere = unit("TU2", "Tỉnh ủy khác", email="tinh@khac.test")
        user = person("chuyenvienkhac", "staff", elsewhere)
    else:
        user = world[who]
    login(client, user)
    c = world["campaign"]
    r = client.post(reverse("reminders:send", args=[c.pk]))
    assert r.status_code == 403
    assert client.get(reverse("reminders:log", args=[c.pk])).status_code == 403
    assert smtp.envelopes == [] and not Reminder.objects.exists()


def test_anonymous_and_wrong_method(client, smtp, world):
    c = world["campaign"]
    r = client.post(reverse("reminders:send", args=[c.pk]))
    assert r.status_code == 302 and reverse("login") in r.url
    login(client, world["staff"])
    assert client.get(reverse("reminders:send", args=[c.pk])).status_code == 405
    assert client.post(reverse("reminders:send", args=[c.pk + 999])).status_code == 404
    assert smtp.envelopes == []


def test_the_log_shows_who_when_to_whom_what(client, smtp, world, django_assert_max_num_queries):
    c = world["campaign"]
    services.send_reminders(DEADLINE - dt.timedelta(days=3))
    login(client, world["staff"])
    client.post(reverse("reminders:send", args=[c.pk]), {"unit": world["ba_dinh"].pk})
    smtp.stop()
    services.send_reminders(DEADLINE + dt.timedelta(days=1))
    assert Reminder.objects.count() == 5

    with django_assert_max_num_queries(12):
        r = client.get(reverse("reminders:log", args=[c.pk]))
    html = r.content.decode()
    assert r.status_code == 200
    assert "Thư nhắc nộp báo cáo" in html and TITLE in html
    assert html.count("badinh@hanoi.test") == 3 and html.count("hoankiem@hanoi.test") == 2
    assert html.count("Nhắc trước hạn") == 2 and html.count("Nhắc quá hạn") == 2
    assert html.count("Nhắc thủ công") == 1 and "Nguyễn Thị Hoa" in html
    assert html.count('<span class="muted">Tự động</span>') == 4
    assert html.count('<span class="badge ok">Đã gửi</span>') == 3
    assert "Không kết nối được máy chủ thư" in html
    assert "Chưa có địa chỉ e-mail, không nhắc được: Ủy ban MTTQ Việt Nam thành phố." in html
    assert "3 đơn vị chưa nộp báo cáo." in html
    assert "Gửi nhắc nhở các đơn vị chưa nộp" in html
    assert "Huyện ủy đã sáp nhập" not in html


def test_log_queries_do_not_grow_with_units(client, smtp, world, django_assert_max_num_queries):
    c = world["campaign"]
    many = [unit(f"P{i}", f"Đảng ủy phường {i}", parent=world["ba_dinh"]) for i in range(30)]
    for u in many:
        c.assignments.create(unit=u, parent_at_time=u.parent)
        u.email = f"p{u.pk}@hanoi.test"
        u.save()
    services.send_reminders(DEADLINE - dt.timedelta(days=3))
    assert Reminder.objects.count() == 32
    login(client, world["staff"])
    with django_assert_max_num_queries(12):
        assert client.get(reverse("reminders:log", args=[c.pk])).status_code == 200


# --- the command for cron -------------------------------------------------------------


def test_command_prints_what_it_sent(smtp, world):
    out = io.StringIO()
    call_command("send_reminders", "--date", "06/04/2024", stdout=out)
    text = out.getvalue()
    assert text.splitlines()[0] == "Nhắc nộp báo cáo ngày 06/04/2024"
    assert (
        f"  đã gửi     Quận ủy Ba Đình <badinh@hanoi.test> — {TITLE} "
        "(nhắc trước hạn, hạn 09/04/2024)"
    ) in text
    assert "đã gửi     Quận ủy Hoàn Kiếm <hoankiem@hanoi.test>" in text
    assert "bỏ qua     Ủy ban MTTQ Việt Nam thành phố <chưa có e-mail>" in text
    assert text.splitlines()[-1].startswith("Đã gửi 2 thư nhắc")
    assert len(smtp.envelopes) == 2

    out = io.StringIO()
    call_command("send_reminders", "--date", "06/04/2024", stdout=out)
    assert "đã nhắc" in out.getvalue() and len(smtp.envelopes) == 2


def test_command_dry_run_sends_nothing(smtp, world):
    out = io.StringIO()
    call_command("send_reminders", "--date", "10/04/2024", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "Nhắc nộp báo cáo ngày 10/04/2024 (thử, không gửi)" in text
    assert "sẽ gửi     Quận ủy Ba Đình <badinh@hanoi.test>" in text
    assert "(nhắc quá hạn, hạn 09/04/2024)" in text
    assert "Sẽ gửi 2 thư nhắc" in text
    assert smtp.envelopes == [] and not Reminder.objects.exists()


def test_command_bad_date_and_failure(smtp, world):
    with pytest.raises(CommandError, match="Ngày không hợp lệ: «31/02/2024». Viết theo dạng"):
        call_command("send_reminders", "--date", "31/02/2024", stdout=io.StringIO())
    smtp.stop()
    out = io.StringIO()
    with pytest.raises(CommandError, match="2 thư nhắc không gửi được"):
        call_command("send_reminders", "--date", "06/04/2024", stdout=out)
    assert "  lỗi        Quận ủy Ba Đình <badinh@hanoi.test>" in out.getvalue()
    assert "Không kết nối được máy chủ thư" in out.getvalue()


def test_tonghop_manage_send_reminders(smtp, world, capsys):
    """The command as cron runs it: `tonghop manage send_reminders`."""
    from tonghop.cli import main

    assert main(["manage", "send_reminders", "--date", "10/04/2024"]) == 0
    out = capsys.readouterr().out
    assert "đã gửi     Quận ủy Ba Đình <badinh@hanoi.test>" in out
    assert smtp.recipients == ["badinh@hanoi.test", "hoankiem@hanoi.test"]


# --- in a real browser ------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_staff_clicks_the_button_in_chromium(browser_page, smtp, world):
    from tests.web.browser import login as browser_login

    page = browser_page
    c = world["campaign"]
    browser_login(page, "chuyenvien", PASSWORD)
    page.goto(reverse("reminders:log", args=[c.pk]))
    page.get_by_role("button", name="Gửi nhắc nhở các đơn vị chưa nộp").click()
    # Asked first, with the count; the unit without an e-mail is named as unreachable.
    dialog = page.locator("dialog.confirm")
    assert dialog.locator("#confirm-text").inner_text() == (
        "Gửi nhắc nhở tới 3 đơn vị chưa nộp? (1 đơn vị chưa có địa chỉ e-mail sẽ không nhận được.)"
    )
    dialog.get_by_role("button", name="Gửi nhắc nhở").click()
    status = page.get_by_role("status")
    status.wait_for()
    assert status.inner_text().startswith("Đã gửi 2 thư nhắc các đơn vị chưa nộp báo cáo")
    assert smtp.recipients == ["badinh@hanoi.test", "hoankiem@hanoi.test"]
    # htmx replaced the form only: the page was not reloaded, so the log is not yet shown.
    assert page.get_by_text("Chưa gửi thư nhắc nào.").is_visible()
    page.reload()
    assert page.locator("table.reminders tbody tr").count() == 2
    assert page.locator("table.reminders").get_by_text("Nguyễn Thị Hoa").count() == 2
