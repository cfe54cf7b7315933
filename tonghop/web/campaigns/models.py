"""Campaigns (đợt báo cáo): a guideline's outline, period and deadline, sent to units."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models

from tonghop.dates import due_words
from tonghop.web.units.models import Unit


class Campaign(models.Model):
    class Status(models.TextChoices):
        # A draft is the department's alone: units see a campaign once it is published.
        DRAFT = "draft", "Bản nháp"
        OPEN = "open", "Đang nhận báo cáo"
        LOCKED = "locked", "Đã khóa"

    title = models.CharField("tên đợt báo cáo", max_length=500)
    summary = models.TextField("trích yếu hướng dẫn", blank=True)
    owner = models.ForeignKey(
        Unit,
        verbose_name="cơ quan nhận báo cáo",
        on_delete=models.PROTECT,
        related_name="campaigns_owned",
    )
    period_from = models.DateField("từ ngày", null=True, blank=True)
    period_to = models.DateField("đến ngày", null=True, blank=True)
    period_text = models.CharField("thời kỳ báo cáo", max_length=200, blank=True)
    deadline = models.DateField("ngày cuối cùng được nộp đúng hạn")
    deadline_text = models.CharField("hạn nộp như ghi trong hướng dẫn", max_length=200, blank=True)
    receiver = models.CharField("nơi nhận báo cáo", max_length=300, blank=True)
    email = models.EmailField("e-mail nhận báo cáo", blank=True)
    nomination_collective = models.PositiveSmallIntegerField(
        "số tập thể mỗi đơn vị giới thiệu", null=True, blank=True
    )
    nomination_individual = models.PositiveSmallIntegerField(
        "số cá nhân mỗi đơn vị giới thiệu", null=True, blank=True
    )
    programmes = models.JSONField("chương trình tuyên dương và chỉ tiêu", default=list, blank=True)
    guideline = models.FileField("văn bản hướng dẫn", upload_to="guidelines/", blank=True)
    guideline_name = models.CharField(max_length=255, blank=True)
    template = models.CharField("mẫu", max_length=20, blank=True)
    # Created through the form, a campaign starts as a draft (services.create_campaign);
    # the column's default keeps rows made directly, by loaders and tests, published.
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    published_at = models.DateTimeField("thời điểm công bố", null=True, blank=True)
    recorded_past = models.BooleanField(
        "đợt báo cáo đã qua (nhập lại để lưu trữ, hạn nộp đã qua)", default=False
    )
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    # A part (campaigns/cascade.py): an intermediate unit forwarding the campaign it
    # received to its own units.  The part's owner is that unit; `upward` is the unit's
    # own assignment in the parent campaign, which the part's reports roll up into.
    parent = models.ForeignKey(
        "self",
        verbose_name="đợt báo cáo cấp trên",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="parts",
    )
    upward = models.OneToOneField(
        "Assignment", null=True, blank=True, on_delete=models.PROTECT, related_name="part"
    )
    instructions = models.TextField("hướng dẫn thêm của cấp chuyển tiếp", blank=True)
    # Who issues the department's documents for this campaign and who signs them.
    issuer_superior = models.CharField("cơ quan cấp trên", max_length=200, blank=True)
    issuer = models.CharField("cơ quan ban hành", max_length=200, blank=True)
    symbol = models.CharField("ký hiệu cơ quan (sau dấu /)", max_length=30, blank=True)
    signer_authority = models.CharField("thẩm quyền ký", max_length=100, blank=True)
    signer_title = models.CharField("chức vụ người ký", max_length=100, blank=True)
    signer_name = models.CharField("họ tên người ký", max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "đợt báo cáo"
        verbose_name_plural = "đợt báo cáo"

    def __str__(self) -> str:
        return self.title

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.LOCKED

    @property
    def is_part(self) -> bool:
        return self.parent_id is not None

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def due_words(self) -> str:
        """ "hết ngày 09/04/2024 (trước ngày 10/4/2024)": the guideline's words only
        when they mean the same day."""
        return due_words(self.deadline, self.deadline_text)


class OutlineItem(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="outline")
    code = models.CharField("số mục", max_length=20)  # "II.1"
    title = models.TextField("nội dung")
    level = models.PositiveSmallIntegerField(default=1)
    parent_code = models.CharField(max_length=20, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["campaign", "order"]
        unique_together = [("campaign", "code")]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class TierDeadline(models.Model):
    """A deadline for one tier of the tree (depth below the owner), for roll-ups."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="tier_deadlines")
    depth = models.PositiveSmallIntegerField("cấp (tính từ cơ quan nhận)")
    deadline = models.DateField("ngày cuối cùng được nộp đúng hạn")

    class Meta:
        unique_together = [("campaign", "depth")]


class Assignment(models.Model):
    """A unit addressed by a campaign, with the tree as it stood when addressed."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="assignments")
    parent_at_time = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    deadline = models.DateField("hạn riêng", null=True, blank=True)

    class Meta:
        unique_together = [("campaign", "unit")]
        ordering = ["unit__tree_path"]

    def __str__(self) -> str:
        return f"{self.campaign} — {self.unit}"

    @property
    def due(self) -> dt.date:
        return self.deadline or self.campaign.deadline

    @property
    def due_words(self) -> str:
        """The unit's own due date in words; the guideline's wording is quoted only
        when it means that day (a tier's earlier deadline has no wording)."""
        return due_words(self.due, self.campaign.deadline_text)
