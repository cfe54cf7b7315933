"""Pages across campaigns: link a campaign's catalogue to the previous campaign's once,
then each indicator beside its earlier value, per unit and per node.  Thin: rules in
accounts.access, work in history.services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from tonghop.web.accounts import access
from tonghop.web.campaigns.models import Campaign
from tonghop.web.history import services


def _campaign(request, pk: int, edit: bool = False) -> Campaign:
    c = get_object_or_404(Campaign.objects.select_related("owner"), pk=pk)
    if not access.can_read_campaign(request.user, c):
        raise Http404
    access.require(
        access.can_edit_consolidation(request.user, c)
        if edit
        else access.can_read_consolidation(request.user, c)
    )
    return c


@login_required
@require_http_methods(["GET", "POST"])
def link(request, pk: int):
    c = _campaign(request, pk, edit=True)
    candidates = [
        p for p in services.previous_candidates(c) if access.can_read_campaign(request.user, p)
    ]
    current = services.linked(c)
    wanted = request.POST.get("truoc") or request.GET.get("truoc")
    previous = next((p for p in candidates if str(p.pk) == wanted), None)
    if previous is None:
        previous = current.previous if current else (candidates[0] if candidates else None)
    pairs = services.propose(c, previous) if previous else []
    if current and previous and current.previous_id == previous.pk:
        stored = dict(current.pairs.values_list("indicator_id", "previous_id"))
        by_pk = {i.pk: i for i in previous.indicators.all()}
        for p in pairs:
            p.previous = by_pk.get(stored.get(p.indicator.pk))
    if request.method == "POST" and previous is not None:
        chosen = {}
        for p in pairs:
            value = request.POST.get(f"i{p.indicator.pk}", "")
            if value.isdigit():
                chosen[p.indicator.pk] = int(value)
        try:
            services.link(c, previous, chosen, request.user)
        except services.HistoryError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, f"Đã ghép {len(chosen)} chỉ tiêu với đợt báo cáo «{previous.title}»."
            )
            return redirect("history:campaign", pk=c.pk)
    return render(
        request,
        "history/link.html",
        {
            "campaign": c,
            "candidates": candidates,
            "previous": previous,
            "pairs": pairs,
            "previous_indicators": list(previous.indicators.filter(retired=False))
            if previous
            else [],
        },
    )


@login_required
@require_GET
def campaign(request, pk: int):
    c = _campaign(request, pk)
    cl = services.linked(c)
    rows = []
    if cl is not None:
        units = (
            None
            if access.can_manage_campaign(request.user, c)
            else access.visible_units(request.user)
        )
        for pair in cl.pairs.select_related("indicator", "previous").order_by("indicator__order"):
            if pair.indicator.aggregation != "sum":
                continue
            whole = services.beside(c, pair.indicator, units)[0]
            rows.append((pair, whole))
    return render(
        request,
        "history/campaign.html",
        {"campaign": c, "link": cl, "rows": rows,
         "editor": access.can_edit_consolidation(request.user, c)},
    )  # fmt: skip


@login_required
@require_GET
def indicator(request, pk: int):
    from tonghop.web.consolidation.models import Indicator

    ind = get_object_or_404(Indicator.objects.select_related("campaign__owner"), pk=pk)
    c = _campaign(request, ind.campaign_id)
    units = (
        None if access.can_manage_campaign(request.user, c) else access.visible_units(request.user)
    )
    rows = services.beside(c, ind, units)
    cl = services.linked(c)
    return render(
        request,
        "history/indicator.html",
        {"campaign": c, "indicator": ind, "rows": rows, "link": cl},
    )
