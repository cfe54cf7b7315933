"""Reminders sent to addressed units that have not submitted."""

from django.conf import settings
from django.db import models

from tonghop.web.campaigns.models import Assignment


class Reminder(models.Model):
    class Kind(models.TextChoices):
        BEFORE = "before", "Nhắc trước hạn"
        AFTER = "after", "Nhắc quá hạn"
        MANUAL = "manual", "Nhắc thủ công"
        EXTENDED = "extended", "Báo gia hạn"

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    day = models.DateField()  # the day it is for: a scheduler run twice sends once
    recipient = models.EmailField()
    sent_at = models.DateTimeField(auto_now_add=True)
    ok = models.BooleanField(default=True)
    error = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-sent_at"]
