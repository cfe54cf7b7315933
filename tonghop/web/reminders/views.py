"""Staff send reminders by hand and read what was sent; the work is in services."""

from __future__ import annotations

from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from tonghop.web.accounts.access import can_manage_campaign, require
from tonghop.web.campaigns.models import Campaign
from tonghop.web.reminders import services
from tonghop.web.reminders.models import Reminder
from tonghop.web.units.models import Unit


class SendForm(forms.Form):
    """Empty: every unit of the campaign that has not submitted; or one chosen unit."""

    unit = forms.ModelChoiceField(
        queryset=Unit.objects.none(),
        required=False,
        error_messages={"invalid_choice": "Đơn vị này không thuộc đợt báo cáo."},
    )

    def __init__(self, campaign: Campaign, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(assignments__campaign=campaign)


def _campaign(request, pk: int) -> Campaign:
    campaign = get_object_or_404(Campaign.objects.select_related("owner"), pk=pk)
    require(can_manage_campaign(request.user, campaign))
    return campaign


def _back(request, campaign: Campaign) -> str:
    for url in (request.POST.get("next"), request.headers.get("referer")):
        if url and url_has_allowed_host_and_scheme(
            url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return url
    return reverse("reminders:log", args=[campaign.pk])


@login_required
@require_POST
def send(request, pk: int):
    campaign = _campaign(request, pk)
    form = SendForm(campaign, request.POST)
    unit = None
    if campaign.is_locked:
        text, level = "Đợt báo cáo đã khóa: không gửi nhắc nhở nữa.", messages.ERROR
    elif campaign.is_draft:
        text, level = "Đợt báo cáo chưa công bố: chưa nhắc nhở được.", messages.ERROR
    elif not form.is_valid():
        text, level = form.errors["unit"][0], messages.ERROR
    else:
        unit = form.cleaned_data["unit"]
        only = campaign.assignments.get(unit=unit) if unit else campaign
        summary = services.send_reminders(by=request.user, only=only)
        text = summary.message()
        level = messages.SUCCESS if summary.ok else messages.ERROR
    if request.htmx:  # the button's own form is swapped with the result beside it
        back = _back(request, campaign)
        log_url = reverse("reminders:log", args=[campaign.pk])
        return render(
            request,
            "reminders/_button.html",
            {
                "campaign": campaign,
                "reminder_unit": unit,
                "reminder_result": text,
                "reminder_level": "ok" if level == messages.SUCCESS else "error",
                "reminder_next": back,
                "reminder_on_log": urlsplit(back).path == log_url,
            },
        )
    messages.add_message(request, level, text)
    return redirect(_back(request, campaign))


@login_required
@require_GET
def log(request, pk: int):
    campaign = _campaign(request, pk)
    reminders = (
        Reminder.objects.filter(assignment__campaign=campaign)
        .select_related("assignment__unit", "by__profile")
        .order_by("-sent_at", "-pk")
    )
    page = Paginator(reminders, 100).get_page(request.GET.get("trang"))
    pending = services.pending(timezone.localdate()).filter(campaign=campaign)
    return render(
        request,
        "reminders/log.html",
        {
            "campaign": campaign,
            "page": page,
            "pending_count": pending.count(),
            "no_email": services.units_without_email(campaign),
            "days_before": settings.REMINDER_DAYS_BEFORE,
            "days_after": settings.REMINDER_DAYS_AFTER,
        },
    )
