"""Who did what and when: uploads, submissions, figures, reviews, locks, reminders."""

from django.conf import settings
from django.db import models


class Event(models.Model):
    class Action(models.TextChoices):
        UPLOAD = "upload", "Tải lên báo cáo"
        SUBMIT = "submit", "Nộp báo cáo"
        FIGURE_CONFIRM = "figure_confirm", "Xác nhận số liệu"
        FIGURE_CORRECT = "figure_correct", "Sửa số liệu"
        ACCEPT = "accept", "Tiếp nhận báo cáo"
        RETURN = "return", "Trả lại báo cáo"
        UNLOCK_REPORT = "report_unlock", "Mở khóa, trả lại báo cáo đã tiếp nhận"
        FORWARD = "forward", "Chuyển tiếp đợt báo cáo cho đơn vị trực thuộc"
        LOCK = "lock", "Khóa đợt báo cáo"
        UNLOCK = "unlock", "Mở khóa đợt báo cáo"
        REMINDER = "reminder", "Gửi nhắc nhở"
        CAMPAIGN = "campaign", "Tạo đợt báo cáo"
        CAMPAIGN_EDIT = "campaign_edit", "Sửa, công bố, gia hạn, xóa đợt báo cáo"
        UNIT = "unit", "Sửa cây đơn vị"
        NOMINATE = "nominate", "Gửi hồ sơ điển hình"
        SELECT = "select", "Chọn, bỏ chọn điển hình"
        PUBLISH = "publish", "Công bố kết quả lựa chọn"
        INDICATOR = "indicator", "Sửa danh mục chỉ tiêu"
        VALUE = "value", "Nhập, sửa giá trị chỉ tiêu"
        DRAFT = "draft", "Lập dự thảo báo cáo tổng hợp"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    campaign = models.ForeignKey(
        "campaigns.Campaign", null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    unit = models.ForeignKey(
        "units.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    detail = models.JSONField(default=dict, blank=True)
    message = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-at"]


def record(action: str, *, actor=None, campaign=None, unit=None, message="", **detail) -> Event:
    return Event.objects.create(
        action=action, actor=actor, campaign=campaign, unit=unit, message=message, detail=detail
    )
