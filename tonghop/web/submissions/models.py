"""What units send: a submission per addressed unit, every upload a kept version,
the figures read from it and confirmed, the department's review."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from tonghop.numbers import vn_number
from tonghop.web.campaigns.models import Assignment, OutlineItem


def _upload_to(version: Version, filename: str) -> str:
    a = version.submission.assignment
    return f"reports/{a.campaign_id}/{a.unit_id}/v{version.number}_{filename}"


class Submission(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Chưa nộp"
        SUBMITTED = "submitted", "Đã nộp"
        RETURNED = "returned", "Trả lại để sửa"
        ACCEPTED = "accepted", "Đã tiếp nhận"

    assignment = models.OneToOneField(
        Assignment, on_delete=models.CASCADE, related_name="submission"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField("thời điểm nộp", null=True, blank=True)
    submitted_version = models.ForeignKey(
        "Version", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Denormalised for the dashboard: one row per unit without reading versions.
    coverage = models.FloatField("tỷ lệ đáp ứng đề cương", null=True, blank=True)
    findings_count = models.PositiveIntegerField(default=0)
    on_time = models.BooleanField(null=True)

    class Meta:
        verbose_name = "báo cáo của đơn vị"

    @staticmethod
    def is_on_time(moment: dt.datetime, due: dt.date, tz: dt.tzinfo | None = None) -> bool:
        """The on-time rule: sent on or before the due day, the day taken in the site's
        time zone (23:30 on the last day is on time, 00:10 the next day is late)."""
        return timezone.localdate(moment, tz) <= due


class Version(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    file = models.FileField(upload_to=_upload_to, max_length=500)
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    file_format = models.CharField(max_length=10)  # decided from the content: docx, pdf, txt, md
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    reading = models.JSONField(default=dict)  # the engine's Document, as JSON
    alignment = models.JSONField(default=dict)  # outline items -> sections
    findings = models.JSONField(default=list)
    coverage = models.FloatField(null=True)

    class Meta:
        unique_together = [("submission", "number")]
        ordering = ["submission", "-number"]

    @property
    def matched_count(self) -> int:
        return sum(1 for i in self.alignment.get("items", []) if i.get("matched"))

    @property
    def findings_count(self) -> int:
        return len(self.findings)


class Answer(models.Model):
    """One version's answer to one outline item: the matched section's text.
    Stored so the side-by-side page and search need no re-reading."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(OutlineItem, on_delete=models.CASCADE, related_name="answers")
    path = models.JSONField(default=list)
    title = models.TextField(blank=True)
    text = models.TextField(blank=True)
    folded = models.TextField(blank=True)  # accent-free lower case, for search
    score = models.FloatField(null=True)

    class Meta:
        unique_together = [("version", "item")]

    @property
    def where(self) -> str:
        return ".".join(self.path)


class ReportedFigure(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", "Đề xuất từ văn bản"
        CONFIRMED = "confirmed", "Đã xác nhận"
        CORRECTED = "corrected", "Đã sửa"

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="figures")
    order = models.PositiveIntegerField()
    value = models.DecimalField(max_digits=24, decimal_places=4)
    # As read from the text: a correction keeps what the report said beside it.
    proposed_value = models.DecimalField(max_digits=24, decimal_places=4)
    raw = models.CharField("số như viết trong văn bản", max_length=60, blank=True)
    unit = models.CharField(max_length=120, blank=True)
    qualifier = models.CharField(max_length=30, blank=True)
    sentence = models.TextField()
    path = models.JSONField(default=list)
    footnote = models.PositiveIntegerField(null=True, blank=True)
    # The year the sentence gives it ("năm 2024, ... 94 điểm cầu"): a figure of one year
    # of a guideline's period is not the period's total (indicators by year).
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["version", "order"]

    @property
    def where(self) -> str:
        return ".".join(self.path)

    @property
    def sentence_parts(self) -> tuple[str, str, str]:
        """The sentence cut around the number as written, to mark it on the page."""
        at = self.sentence.find(self.raw) if self.raw else -1
        if at < 0:
            return self.sentence, "", ""
        return self.sentence[:at], self.raw, self.sentence[at + len(self.raw) :]

    @property
    def value_text(self) -> str:
        return vn_number(self.value)

    @property
    def proposed_text(self) -> str:
        return vn_number(self.proposed_value)


class Review(models.Model):
    class Action(models.TextChoices):
        ACCEPT = "accept", "Tiếp nhận"
        RETURN = "return", "Trả lại"

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="reviews")
    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=10, choices=Action.choices)
    comment = models.TextField("ý kiến", blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]


def _pending_to(pending: PendingUpload, filename: str) -> str:
    a = pending.assignment
    stamp = pending.received_at.strftime("%Y%m%d%H%M%S") if pending.received_at else "0"
    return f"reports/{a.campaign_id}/{a.unit_id}/nhan_{stamp}_{filename}"


class PendingUpload(models.Model):
    """An upload read in the background (a conversion, a scan, a large file).

    The file is kept from the moment it arrives; a task reads it and stores the
    reading as the unit's next Version, once: `version` is set in the same
    transaction, so a task run twice (a worker killed halfway) finds it done."""

    class State(models.TextChoices):
        QUEUED = "queued", "Đang chờ đọc"
        RUNNING = "running", "Đang đọc"
        DONE = "done", "Đã đọc xong"
        FAILED = "failed", "Không đọc được"

    class Stage(models.TextChoices):
        NONE = "", ""
        CONVERT = "convert", "Đang chuyển đổi tệp bằng LibreOffice"
        READ = "read", "Đang đọc tệp"
        OCR = "ocr", "Đang nhận dạng chữ trên bản quét"
        ANALYSE = "analyse", "Đang phân tích cấu trúc và số liệu"
        STORE = "store", "Đang lưu kết quả"

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="pending_uploads"
    )
    file = models.FileField(upload_to=_pending_to, max_length=500)
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    file_format = models.CharField(max_length=10)  # from the content: doc, odt, rtf, pdf, ...
    reason = models.CharField(max_length=20)  # why in the background: convert, ocr, large
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    received_at = models.DateTimeField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    stage = models.CharField(max_length=10, choices=Stage.choices, blank=True, default="")
    pages_done = models.PositiveIntegerField(default=0)
    pages_total = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)  # Vietnamese, for the user
    attempts = models.PositiveIntegerField(default=0)
    task_id = models.CharField(max_length=64, blank=True)  # the django-tasks result now due
    runner = models.CharField(max_length=120, blank=True)  # host:pid of the run in progress
    heartbeat = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    version = models.OneToOneField(
        Version, null=True, blank=True, on_delete=models.SET_NULL, related_name="pending"
    )

    class Meta:
        ordering = ["-received_at", "-pk"]

    @property
    def working(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)

    @property
    def percent(self) -> int:
        if not self.pages_total:
            return 0
        return min(100, self.pages_done * 100 // self.pages_total)
