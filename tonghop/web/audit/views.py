"""The audit log of a campaign: who did what and when, for the staff running it."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from tonghop.web.accounts.access import can_manage_campaign, require
from tonghop.web.audit.models import Event
from tonghop.web.campaigns.models import Campaign

PER_PAGE = 50


class EventFilter(forms.Form):
    action = forms.ChoiceField(
        label="Thao tác", choices=[("", "Tất cả thao tác"), *Event.Action.choices], required=False
    )


@login_required
@require_GET
def campaign_log(request, pk: int):
    campaign = get_object_or_404(Campaign.objects.select_related("owner"), pk=pk)
    require(can_manage_campaign(request.user, campaign))
    form = EventFilter(request.GET)
    action = form.cleaned_data["action"] if form.is_valid() else ""
    events = (
        Event.objects.filter(campaign=campaign)
        .select_related("actor__profile", "unit")
        .order_by("-at", "-pk")
    )
    if action:
        events = events.filter(action=action)
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("trang"))
    params = request.GET.copy()
    params.pop("trang", None)
    return render(
        request,
        "audit/campaign.html",
        {
            "campaign": campaign,
            "form": form,
            "page": page,
            "query": params.urlencode(),
            "active": "audit",
            "manager": True,
            "reader": True,
        },
    )
