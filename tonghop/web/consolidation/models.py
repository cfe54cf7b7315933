"""Consolidation in the database: a campaign's indicator catalogue, each addressed
unit's value for each indicator with where it came from, validation rules and the
drafts made.  The engine (tonghop.consolidate) works on plain dataclasses; services.py
turns these rows into them and back."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from tonghop.consolidate.model import RATIO, SUM
from tonghop.numbers import vn_number
from tonghop.web.campaigns.models import Assignment, Campaign
from tonghop.web.submissions.models import ReportedFigure, Version


class Indicator(models.Model):
    """One chỉ tiêu of a campaign's catalogue."""

    class Aggregation(models.TextChoices):
        SUM = SUM, "Cộng dồn (số đếm, số tiền)"
        RATIO = RATIO, "Tỷ lệ % (tử số / mẫu số)"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="indicators")
    key = models.SlugField("mã chỉ tiêu", max_length=80, allow_unicode=False)
    name = models.CharField("tên chỉ tiêu", max_length=300)
    unit = models.CharField("đơn vị tính", max_length=60, blank=True)
    outline_item = models.CharField("mục đề cương", max_length=20, blank=True)
    year = models.PositiveSmallIntegerField("năm", null=True, blank=True)
    aggregation = models.CharField(
        "cách tổng hợp", max_length=10, choices=Aggregation.choices, default=SUM
    )
    numerator = models.ForeignKey(
        "self",
        verbose_name="tử số",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    denominator = models.ForeignKey(
        "self",
        verbose_name="mẫu số",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    keywords = models.JSONField("từ khóa", default=list, blank=True)
    retired = models.BooleanField("ngừng sử dụng", default=False)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged"
    )
    order = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        unique_together = [("campaign", "key")]
        ordering = ["campaign", "order", "pk"]
        verbose_name = "chỉ tiêu"
        verbose_name_plural = "chỉ tiêu"

    def __str__(self) -> str:
        return self.name

    @property
    def is_ratio(self) -> bool:
        return self.aggregation == RATIO


class IndicatorValue(models.Model):
    """A unit's value for one indicator: a figure its reporter confirmed, or entered by
    hand when the text has none.  A staff correction keeps what the report gave."""

    class Origin(models.TextChoices):
        FIGURE = "figure", "Từ số liệu đơn vị xác nhận"
        MANUAL = "manual", "Nhập tay"

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="indicator_values"
    )
    value = models.DecimalField(max_digits=24, decimal_places=4)
    qualifier = models.CharField(max_length=30, blank=True)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.FIGURE)
    figure = models.ForeignKey(
        ReportedFigure, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.ForeignKey(
        Version, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    path = models.JSONField(default=list, blank=True)  # the section: ["II", "1"]
    sentence = models.TextField(blank=True)
    footnote = models.PositiveIntegerField(null=True, blank=True)
    # A staff correction: the value before it, who, when and why (also in the audit log).
    reported_value = models.DecimalField(max_digits=24, decimal_places=4, null=True, blank=True)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    corrected_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField("lý do", blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        unique_together = [("indicator", "assignment")]
        verbose_name = "giá trị chỉ tiêu"

    @property
    def corrected(self) -> bool:
        return self.reported_value is not None

    @property
    def value_text(self) -> str:
        return vn_number(self.value)

    @property
    def where(self) -> str:
        return ".".join(self.path)


class ValidationRule(models.Model):
    """DHIS2 style: the sum of the left indicators, an operator, the sum of the right."""

    class Operator(models.TextChoices):
        EQ = "==", "bằng"
        NE = "!=", "khác"
        LE = "<=", "không lớn hơn"
        GE = ">=", "không nhỏ hơn"
        LT = "<", "nhỏ hơn"
        GT = ">", "lớn hơn"

    class Importance(models.TextChoices):
        ERROR = "error", "Lỗi"
        WARNING = "warning", "Cảnh báo"

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="validation_rules"
    )
    key = models.SlugField(max_length=120)
    left = models.JSONField("vế trái (mã chỉ tiêu)", default=list)
    operator = models.CharField(max_length=2, choices=Operator.choices)
    right = models.JSONField("vế phải (mã chỉ tiêu; trống = số 0)", default=list, blank=True)
    importance = models.CharField(
        max_length=10, choices=Importance.choices, default=Importance.ERROR
    )
    message = models.CharField("thông báo", max_length=300)

    class Meta:
        unique_together = [("campaign", "key")]
        ordering = ["campaign", "pk"]


def _draft_to(run: DraftRun, filename: str) -> str:
    return f"drafts/{run.campaign_id}/{run.pk or 'new'}_{filename}"


class DraftRun(models.Model):
    """One drafting of the consolidated report: its options, its files, its outcome."""

    class Status(models.TextChoices):
        PENDING = "pending", "Đang chờ"
        RUNNING = "running", "Đang soạn"
        DONE = "done", "Xong"
        FAILED = "failed", "Lỗi"

    ACTIVE = (Status.PENDING, Status.RUNNING)

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="draft_runs")
    options = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    docx = models.FileField(upload_to=_draft_to, max_length=300, blank=True)
    xlsx = models.FileField(upload_to=_draft_to, max_length=300, blank=True)
    # The draft as JSON (tonghop.consolidate.model.Draft): the preview, sources and all.
    draft = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The django-tasks result drafting it in the background ("" when drafted in place).
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    @property
    def active(self) -> bool:
        return self.status in self.ACTIVE


class CampaignState(models.Model):
    """A token changed by every write of a campaign's consolidation: computed roll-ups
    are kept per process under it, so a page reads them again only after a change."""

    campaign = models.OneToOneField(
        Campaign, on_delete=models.CASCADE, related_name="consolidation_state"
    )
    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField(auto_now=True)
    # The token the stored totals (StoredTotal, StoredProblem) were added up at; "" never.
    totals_token = models.CharField(max_length=32, blank=True)
    totals_at = models.DateTimeField(null=True, blank=True)
    # A recomputation is queued and has not started yet: a change queues no other.
    totals_queued = models.BooleanField(default=False)
    # Renewed when a unit of the campaign's tree is renamed or moved: the tree (names,
    # order) kept per process is built again; values changing leave it.
    tree_token = models.CharField(max_length=32, blank=True)

    @property
    def totals_fresh(self) -> bool:
        return bool(self.totals_token) and self.totals_token == self.token


class StoredTotal(models.Model):
    """A node's total of an indicator (node "" the whole campaign), over the whole tree
    as sent, added up in the background after each change: large campaigns' pages read
    these rows instead of adding thousands of values up on every first view."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    node = models.CharField(max_length=20)  # a unit pk as a string; "" the campaign
    value = models.DecimalField(max_digits=30, decimal_places=6, null=True)
    numerator = models.DecimalField(max_digits=30, decimal_places=6, null=True)
    denominator = models.DecimalField(max_digits=30, decimal_places=6, null=True)
    lower_bound = models.BooleanField(default=False)
    approximate = models.BooleanField(default=False)
    reported = models.PositiveIntegerField(default=0)
    expected = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["campaign", "node"])]


class StoredProblem(models.Model):
    """A broken rule of the whole campaign, judged with the stored totals."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField()  # errors first, then in tree order
    rule = models.CharField(max_length=200)
    node = models.CharField(max_length=20)
    node_name = models.CharField(max_length=300)
    assignment_id = models.BigIntegerField(null=True)
    left = models.DecimalField(max_digits=30, decimal_places=6, null=True)
    right = models.DecimalField(max_digits=30, decimal_places=6, null=True)
    importance = models.CharField(max_length=10)
    message = models.TextField()

    class Meta:
        indexes = [models.Index(fields=["campaign", "position"])]
