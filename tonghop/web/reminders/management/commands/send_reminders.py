"""For cron: `tonghop manage send_reminders [--date dd/mm/yyyy] [--dry-run]`.

Sends the reminders owed on the day (see REMINDER_DAYS_BEFORE/AFTER) and prints
each one.  Running it twice on a day sends nothing the second time.  Exits with
an error when a message could not be sent, so cron reports it.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tonghop import dates
from tonghop.web.reminders.models import Reminder
from tonghop.web.reminders.services import send_reminders, vn_date


def parse_date(text: str) -> dt.date:
    day = dates.parse_date(text, whole=True)
    if day is None:
        raise CommandError(f"Ngày không hợp lệ: «{text}». Viết theo dạng dd/mm/yyyy.")
    return day


class Command(BaseCommand):
    help = "Gửi thư nhắc các đơn vị chưa nộp báo cáo (chạy hằng ngày từ cron)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="ngày coi là hôm nay, dạng dd/mm/yyyy")
        parser.add_argument(
            "--dry-run", action="store_true", help="chỉ liệt kê thư sẽ gửi, không gửi"
        )

    def handle(self, *args, date=None, dry_run=False, **options):
        today = parse_date(date) if date else timezone.localdate()
        summary = send_reminders(today, dry_run=dry_run)
        out = self.stdout

        def line(tag: str, a, kind: str, extra: str = "") -> None:
            label = Reminder.Kind(kind).label.lower()
            out.write(
                f"  {tag:<10} {a.unit.name} <{a.unit.email or 'chưa có e-mail'}> — "
                f"{a.campaign.title} ({label}, hạn {vn_date(a.due)}){extra}"
            )

        trial = " (thử, không gửi)" if dry_run else ""
        out.write(f"Nhắc nộp báo cáo ngày {vn_date(today)}{trial}")
        for a, kind in summary.planned:
            line("sẽ gửi", a, kind)
        for r in summary.sent:
            line("đã gửi", r.assignment, r.kind)
        for r in summary.failed:
            line("lỗi", r.assignment, r.kind, f": {r.error}")
        for a, kind in summary.skipped:
            line("bỏ qua", a, kind)
        for a, kind in summary.already:
            line("đã nhắc", a, kind, " — đã gửi trước đó trong ngày")
        out.write(summary.message())
        if summary.failed:
            raise CommandError(f"{len(summary.failed)} thư nhắc không gửi được.")
