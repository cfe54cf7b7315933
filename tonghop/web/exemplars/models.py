"""Exemplars (điển hình): units nominate, the department selects into programmes."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from tonghop.web.campaigns.models import Campaign
from tonghop.web.units.models import Unit


class Programme(models.Model):
    """A programme with its quotas, copied from Campaign.programmes on first use.

    A quota left empty means "no limit stated".  `exemplar` counts individuals and
    collectives together (not models); `exemplar_min`/`exemplar_max` give a range.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="ex_programmes")
    name = models.CharField("tên chương trình", max_length=500)
    order = models.PositiveSmallIntegerField(default=0)
    collective = models.PositiveSmallIntegerField("tập thể", null=True, blank=True)
    individual = models.PositiveSmallIntegerField("cá nhân", null=True, blank=True)
    model = models.PositiveSmallIntegerField("mô hình", null=True, blank=True)
    exemplar = models.PositiveSmallIntegerField("điển hình", null=True, blank=True)
    exemplar_min = models.PositiveSmallIntegerField("điển hình tối thiểu", null=True, blank=True)
    exemplar_max = models.PositiveSmallIntegerField("điển hình tối đa", null=True, blank=True)
    note = models.TextField("ghi chú", blank=True)
    # Programmes sharing a group may not take the same nominee in one campaign.
    exclusive_group = models.CharField("nhóm loại trừ nhau", max_length=40, blank=True)

    class Meta:
        ordering = ["campaign", "order"]
        verbose_name = "chương trình"

    def __str__(self) -> str:
        return self.name


class Nominee(models.Model):
    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", "Cá nhân"
        COLLECTIVE = "collective", "Tập thể"
        MODEL = "model", "Mô hình"

    class Gender(models.TextChoices):
        MALE = "nam", "Nam"
        FEMALE = "nu", "Nữ"

    class Status(models.TextChoices):
        DRAFT = "draft", "Bản nháp"
        SUBMITTED = "submitted", "Đã gửi"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="nominees")
    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị giới thiệu", on_delete=models.PROTECT, related_name="nominees"
    )
    kind = models.CharField("loại", max_length=12, choices=Kind.choices)
    name = models.CharField("họ và tên / tên", max_length=300)
    birth_year = models.PositiveSmallIntegerField("năm sinh", null=True, blank=True)
    gender = models.CharField("giới tính", max_length=4, choices=Gender.choices, blank=True)
    ethnicity = models.CharField("dân tộc", max_length=60, blank=True)
    position = models.CharField("chức vụ", max_length=300, blank=True)
    workplace = models.CharField("đơn vị công tác", max_length=300, blank=True)
    parent_org = models.CharField("đơn vị chủ quản", max_length=300, blank=True)
    implementer = models.CharField("đơn vị thực hiện", max_length=300, blank=True)
    summary = models.TextField("tóm tắt thành tích")
    photo = models.FileField("ảnh", upload_to="exemplars/photos/", blank=True)
    photo_name = models.CharField(max_length=255, blank=True)
    under_discipline = models.BooleanField("đang bị xem xét kỷ luật", default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["unit__tree_path", "kind", "pk"]
        verbose_name = "người/tập thể được giới thiệu"

    def __str__(self) -> str:
        return self.name

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class NomineeFile(models.Model):
    """A supporting file; kept, never replaced."""

    nominee = models.ForeignKey(Nominee, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to="exemplars/files/")
    name = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)


class Selection(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="selections")
    nominee = models.ForeignKey(Nominee, on_delete=models.CASCADE, related_name="selections")
    selected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        unique_together = [("programme", "nominee")]


class NominationRound(models.Model):
    """Whether the department has published the outcome to the units."""

    campaign = models.OneToOneField(
        Campaign, on_delete=models.CASCADE, related_name="nomination_round"
    )
    published = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
