"""Reminders by e-mail to addressed units that have not submitted.

The scheduler (`tonghop manage send_reminders`, from cron) sends on the configured
days before and after each unit's deadline; staff can also send by hand.  Every
e-mail is logged in Reminder, ok or with the SMTP error, and in the audit log.
The same (assignment, kind, day) is never sent twice, so a scheduler that runs
twice in a day sends once; a failed attempt is tried again on the next run.
"""

from __future__ import annotations

import datetime as dt
import smtplib
import socket
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from tonghop.web.audit.models import Event, record
from tonghop.web.campaigns.models import Assignment, Campaign
from tonghop.web.reminders.models import Reminder
from tonghop.web.submissions.models import Submission

BEFORE = Reminder.Kind.BEFORE
AFTER = Reminder.Kind.AFTER
MANUAL = Reminder.Kind.MANUAL
EXTENDED = Reminder.Kind.EXTENDED

DONE = [Submission.Status.SUBMITTED, Submission.Status.ACCEPTED]
NO_EMAIL = "Đơn vị chưa có địa chỉ e-mail."


def vn_date(d: dt.date) -> str:
    return d.strftime("%d/%m/%Y")


def pending(today: dt.date):
    """Assignments of open campaigns whose open unit has not submitted, with `due_on`."""
    return (
        Assignment.objects.filter(campaign__status=Campaign.Status.OPEN)
        .exclude(submission__status__in=DONE)
        .filter(Q(unit__closed_on__isnull=True) | Q(unit__closed_on__gt=today))
        .filter(Q(unit__opened_on__isnull=True) | Q(unit__opened_on__lte=today))
        .annotate(due_on=Coalesce("deadline", "campaign__deadline"))
        .select_related("campaign", "campaign__owner", "unit")
        .order_by("campaign_id", "unit__tree_path")
    )


def due_reminders(today: dt.date) -> list[tuple[Assignment, str]]:
    """(assignment, kind) for every reminder the scheduler owes on `today`.
    Units without an e-mail are included: send_reminders reports them as skipped."""
    days: dict[dt.date, str] = {}
    for n in settings.REMINDER_DAYS_AFTER:
        days[today - dt.timedelta(days=n)] = AFTER
    for n in settings.REMINDER_DAYS_BEFORE:
        days[today + dt.timedelta(days=n)] = BEFORE
    return [(a, days[a.due_on]) for a in pending(today).filter(due_on__in=list(days))]


@dataclass
class Summary:
    today: dt.date
    dry_run: bool = False
    manual: bool = False
    sent: list[Reminder] = field(default_factory=list)
    failed: list[Reminder] = field(default_factory=list)
    skipped: list[tuple[Assignment, str]] = field(default_factory=list)  # no e-mail
    already: list[tuple[Assignment, str]] = field(default_factory=list)  # sent that day
    planned: list[tuple[Assignment, str]] = field(default_factory=list)  # dry run

    @property
    def ok(self) -> bool:
        return not self.failed

    def message(self) -> str:
        """One Vietnamese sentence for the staff's page."""
        if not (self.sent or self.failed or self.skipped or self.already or self.planned):
            if self.manual:
                return "Không có đơn vị nào cần nhắc: các đơn vị được giao đều đã nộp báo cáo."
            return f"Ngày {vn_date(self.today)} không có thư nhắc nào đến lịch gửi."
        if self.dry_run:
            parts = [f"Sẽ gửi {len(self.planned)} thư nhắc"]
        else:
            parts = [f"Đã gửi {len(self.sent)} thư nhắc các đơn vị chưa nộp báo cáo"]
        if self.failed:
            error = self.failed[0].error.rstrip(".")
            parts.append(f"{len(self.failed)} thư không gửi được: {error}")
        if self.skipped:
            names = ", ".join(a.unit.name for a, _ in self.skipped[:5])
            more = "…" if len(self.skipped) > 5 else ""
            parts.append(f"{len(self.skipped)} đơn vị chưa có địa chỉ e-mail ({names}{more})")
        if self.already:
            parts.append(f"{len(self.already)} đơn vị đã được nhắc trong ngày")
        return "; ".join(parts) + "."


def smtp_error_message(exc: Exception) -> str:
    """What went wrong with the mail server, in words staff can act on."""
    where = f"{settings.EMAIL_HOST}:{settings.EMAIL_PORT}"
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return (
            f"Máy chủ thư {where} từ chối đăng nhập: kiểm tra EMAIL_HOST_USER, EMAIL_HOST_PASSWORD."
        )
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        who = ", ".join(exc.recipients)
        return f"Máy chủ thư {where} từ chối địa chỉ nhận {who}."
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return f"Máy chủ thư {where} từ chối địa chỉ gửi {exc.sender}."
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return f"Máy chủ thư {where} ngắt kết nối giữa chừng."
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode("utf-8", "replace") if exc.smtp_error else ""
        return f"Máy chủ thư {where} trả lời lỗi {exc.smtp_code}: {text}".strip()
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return f"Máy chủ thư {where} không trả lời (quá thời gian chờ)."
    if isinstance(exc, OSError):
        why = exc.strerror or str(exc)
        return f"Không kết nối được máy chủ thư {where}: {why}."
    return f"Lỗi khi gửi thư qua {where}: {exc}"


def unit_page_url(assignment: Assignment) -> str:
    """The page where the unit's reporter uploads and submits for this campaign."""
    if not settings.SITE_URL:
        return ""
    for name, args in (("submissions:detail", [assignment.pk]), ("submissions:todo", [])):
        try:
            return settings.SITE_URL.rstrip("/") + reverse(name, args=args)
        except NoReverseMatch:
            continue
    return settings.SITE_URL


def _extension_lines(assignment: Assignment) -> tuple[str, list[str]]:
    campaign, unit = assignment.campaign, assignment.unit
    due = assignment.due
    subject = f"Gia hạn nộp báo cáo: {campaign.title} — hạn mới {vn_date(due)}"
    lines = [
        f"Kính gửi: {unit.name},",
        "",
        f"Hạn nộp báo cáo «{campaign.title}» được gia hạn: đơn vị nộp báo cáo đến "
        f"hết ngày {vn_date(due)} là đúng hạn.",
    ]
    return subject, lines


def compose(assignment: Assignment, kind: str, today: dt.date) -> EmailMessage:
    campaign, unit = assignment.campaign, assignment.unit
    due = assignment.due
    if kind == EXTENDED:
        subject, lines = _extension_lines(assignment)
        url = unit_page_url(assignment)
        if url:
            lines.append(f"Nộp báo cáo tại: {url}")
        lines += ["", f"Thông báo của {campaign.owner.name}."]
        return EmailMessage(
            subject=subject,
            body="\n".join(lines),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[unit.email],
            reply_to=[campaign.email] if campaign.email else None,
        )
    left = (due - today).days
    late = " (đã quá hạn)" if left < 0 else ""
    subject = f"Nhắc nộp báo cáo{late}: {campaign.title} — hạn {vn_date(due)}"
    if left > 0:
        when = f"Còn {left} ngày nữa là đến hạn nộp."
    elif left == 0:
        when = "Hôm nay là ngày cuối cùng của hạn nộp."
    else:
        when = f"Báo cáo đã quá hạn {-left} ngày."
    receiver = campaign.receiver or campaign.owner.name
    lines = [
        f"Kính gửi: {unit.name},",
        "",
        f"Đơn vị được đề nghị gửi báo cáo «{campaign.title}».",
        f"Hạn nộp: {assignment.due_words}.",
        f"Đến ngày {vn_date(today)}, hệ thống chưa nhận được báo cáo của đơn vị. {when}",
        "",
        f"Nơi nhận báo cáo: {receiver}"
        + (f", e-mail {campaign.email}." if campaign.email else "."),
    ]
    url = unit_page_url(assignment)
    if url:
        lines.append(f"Nộp báo cáo tại: {url}")
    lines += [
        "",
        "Nếu đơn vị đã gửi báo cáo, xin bỏ qua thư này.",
        f"Thư nhắc tự động của {campaign.owner.name}.",
    ]
    return EmailMessage(
        subject=subject,
        body="\n".join(lines),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[unit.email],
        reply_to=[campaign.email] if campaign.email else None,
    )


def _log(assignment, kind, today, by, ok: bool, error: str = "") -> Reminder:
    reminder = Reminder.objects.create(
        assignment=assignment,
        kind=kind,
        day=today,
        recipient=assignment.unit.email,
        ok=ok,
        error=error,
        by=by,
    )
    label = Reminder.Kind(kind).label.lower()
    record(
        Event.Action.REMINDER,
        actor=by,
        campaign=assignment.campaign,
        unit=assignment.unit,
        message=(
            f"Gửi thư {label} tới {assignment.unit.email}"
            if ok
            else f"Không gửi được thư {label} tới {assignment.unit.email}: {error}"
        )[:500],
        kind=kind,
        ok=ok,
        recipient=assignment.unit.email,
        reminder=reminder.pk,
    )
    return reminder


def _deliver(
    owed: Iterable[tuple[Assignment, str]],
    today: dt.date,
    by,
    dry_run: bool,
    manual: bool,
    once_a_day: bool = True,
) -> Summary:
    summary = Summary(today=today, dry_run=dry_run, manual=manual)
    todo = []
    for a, kind in owed:
        if not a.unit.email:
            summary.skipped.append((a, kind))
        else:
            todo.append((a, kind))
    # One query for what was already sent today, not one per unit.
    done = set()
    if once_a_day:
        done = set(Reminder.objects.filter(ok=True, day=today).values_list("assignment_id", "kind"))
    fresh = []
    for a, kind in todo:
        (summary.already if (a.pk, kind) in done else fresh).append((a, kind))
    if dry_run:
        summary.planned = fresh
        return summary
    if not fresh:
        return summary

    connection = get_connection(fail_silently=False)
    try:
        connection.open()
    except Exception as exc:  # the server is down: log every one, crash nothing
        error = smtp_error_message(exc)
        with transaction.atomic():
            summary.failed = [_log(a, kind, today, by, False, error) for a, kind in fresh]
        return summary
    try:
        for a, kind in fresh:
            with transaction.atomic():
                # Lock the row so two schedulers running at once send one e-mail.
                list(Assignment.objects.select_for_update().filter(pk=a.pk).only("pk"))
                if (
                    once_a_day
                    and Reminder.objects.filter(
                        assignment=a, kind=kind, day=today, ok=True
                    ).exists()
                ):
                    summary.already.append((a, kind))
                    continue
                message = compose(a, kind, today)
                message.connection = connection
                try:
                    message.send()
                except Exception as exc:
                    summary.failed.append(_log(a, kind, today, by, False, smtp_error_message(exc)))
                    connection.close()  # the next message opens a fresh connection
                else:
                    summary.sent.append(_log(a, kind, today, by, True))
    finally:
        connection.close()
    return summary


def send_reminders(
    today: dt.date | None = None,
    by=None,
    only: Campaign | Assignment | Iterable[Assignment] | None = None,
    dry_run: bool = False,
) -> Summary:
    """Send what is owed.  With `only` None: the scheduled reminders of `today`.
    With a campaign: a manual reminder (kind "manual") to each of its units that has
    not submitted; with an assignment (or several): to those that have not submitted."""
    today = today or timezone.localdate()
    if only is None:
        owed = due_reminders(today)
    else:
        qs = pending(today)
        if isinstance(only, Campaign):
            qs = qs.filter(campaign=only)
        elif isinstance(only, Assignment):
            qs = qs.filter(pk=only.pk)
        else:
            qs = qs.filter(pk__in=[a.pk for a in only])
        owed = [(a, MANUAL) for a in qs]
    return _deliver(owed, today, by, dry_run, manual=only is not None)


def send_extension_notice(campaign: Campaign, by=None, today: dt.date | None = None) -> Summary:
    """Tell every unit that has not submitted that the deadline moved.  Unlike
    reminders, a second extension the same day is told again: it names a new date."""
    today = today or timezone.localdate()
    owed = [(a, EXTENDED) for a in pending(today).filter(campaign=campaign)]
    return _deliver(owed, today, by, dry_run=False, manual=True, once_a_day=False)


def pending_count(campaign: Campaign, today: dt.date | None = None) -> tuple[int, int]:
    """(units a reminder would go to, of them without an e-mail): what the
    confirmation before sending says."""
    qs = pending(today or timezone.localdate()).filter(campaign=campaign)
    return qs.count(), qs.filter(unit__email="").count()


def units_without_email(campaign: Campaign, today: dt.date | None = None):
    """Addressed units that have not submitted and cannot be reminded."""
    today = today or timezone.localdate()
    return [a.unit for a in pending(today).filter(campaign=campaign, unit__email="")]
