"""The department's pages for one campaign: dashboard, matrix, side-by-side
reading, search and the .xlsx export.  Permissions come from accounts.access;
what a reader sees is always narrowed to `visible_units`."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from tonghop.web.accounts.access import (
    can_manage_campaign,
    can_read_consolidation,
    can_read_dashboard,
    can_search_campaign,
    profile,
    reads_own_unit_only,
    require,
    visible_units,
)
from tonghop.web.campaigns.models import Campaign
from tonghop.web.dashboard import exports, services
from tonghop.web.dashboard.search import search_page
from tonghop.web.units.models import Unit

ROWS_PER_PAGE = 200  # thousands of units stay quick to render; filters narrow further

STATUS_CHOICES = [
    ("", "Tất cả trạng thái"),
    (services.ONTIME, "Đúng hạn"),
    (services.LATE, "Nộp muộn"),
    (services.MISSING, "Chưa nộp (quá hạn)"),
    (services.PENDING, "Chưa nộp, chưa đến hạn"),
]


class DashboardFilter(forms.Form):
    status = forms.ChoiceField(label="Trạng thái", choices=STATUS_CHOICES, required=False)
    kind = forms.ChoiceField(
        label="Loại đơn vị",
        choices=[("", "Tất cả loại đơn vị"), *Unit.Kind.choices],
        required=False,
    )
    q = forms.CharField(label="Tên đơn vị", max_length=200, required=False)
    sort = forms.ChoiceField(
        label="Sắp xếp theo", choices=list(services.SORT_KEYS.items()), required=False
    )
    order = forms.ChoiceField(
        label="Thứ tự", choices=[("asc", "Tăng dần"), ("desc", "Giảm dần")], required=False
    )

    def values(self) -> dict[str, str]:
        """The cleaned filter, with defaults; a bad value is ignored, not an error page."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "status": data.get("status") or "",
            "kind": data.get("kind") or "",
            "q": (data.get("q") or "").strip(),
            "sort": data.get("sort") or "unit",
            "order": data.get("order") or "asc",
        }


def _campaign(pk: int) -> Campaign:
    return get_object_or_404(Campaign.objects.select_related("owner"), pk=pk)


def _require_reader(user, campaign: Campaign) -> None:
    """Dashboards: the staff running the campaign, or leaders who may read it."""
    require(can_read_dashboard(user, campaign))


def _tabs_context(request, campaign: Campaign, active: str) -> dict:
    manager = can_manage_campaign(request.user, campaign)
    return {
        "campaign": campaign,
        "active": active,
        "manager": manager,
        "reader": can_read_dashboard(request.user, campaign),
    }


def _filtered(request, campaign: Campaign):
    form = DashboardFilter(request.GET)
    f = form.values()
    all_rows = services.campaign_rows(campaign, visible_units(request.user))
    rows = services.filter_rows(all_rows, f["status"], f["kind"], f["q"])
    rows = services.sort_rows(rows, f["sort"], f["order"] == "desc")
    return form, f, all_rows, rows


def _sort_links(request, f: dict) -> dict[str, dict]:
    """For each column head: the query string that sorts by it (toggling the order)."""
    links = {}
    for key in services.SORT_KEYS:
        params = request.GET.copy()
        params.pop("trang", None)  # a new order starts from the first page
        params["sort"] = key
        current = f["sort"] == key
        params["order"] = "desc" if current and f["order"] == "asc" else "asc"
        links[key] = {
            "query": params.urlencode(),
            "current": current,
            "arrow": ("▲" if f["order"] == "asc" else "▼") if current else "",
        }
    return links


def _without(params, *names: str) -> str:
    params = params.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


@login_required
@require_GET
def campaign_dashboard(request, pk: int):
    campaign = _campaign(pk)
    _require_reader(request.user, campaign)
    form, f, all_rows, rows = _filtered(request, campaign)
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("trang"))
    ctx = {
        **_tabs_context(request, campaign, "dashboard"),
        "form": form,
        "filters": f,
        "page": page,
        "shown": len(rows),
        "total": len(all_rows),
        "sort_links": _sort_links(request, f),
        "query": _without(request.GET, "trang"),
    }
    if request.htmx and not request.htmx.history_restore_request:
        response = render(request, "dashboard/_table.html", {**ctx, "oob": True})
    else:
        counts = services.summary(all_rows)
        series = services.submissions_by_day(all_rows, campaign.deadline)
        ctx.update(
            counts=counts,
            chart=services.chart(series, campaign.deadline, counts["addressed"])
            if counts["submitted"]
            else "",
            today=services.today(),
            tiers=any(r.due != campaign.deadline for r in all_rows),
        )
        if can_read_consolidation(request.user, campaign):
            from tonghop.web.consolidation.services import rule_counts

            ctx["rules"] = rule_counts(campaign, visible_units(request.user))
        response = render(request, "dashboard/campaign.html", ctx)
    patch_vary_headers(response, ("HX-Request",))
    return response


@login_required
@require_GET
def export(request, pk: int):
    campaign = _campaign(pk)
    _require_reader(request.user, campaign)
    _form, _f, _all, rows = _filtered(request, campaign)
    data = exports.export_xlsx(campaign, rows)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="theo-doi-dot-{campaign.pk}.xlsx"'
    return response


@login_required
@require_GET
def matrix(request, pk: int):
    campaign = _campaign(pk)
    _require_reader(request.user, campaign)
    m = services.matrix_page(
        campaign, visible_units(request.user), page=request.GET.get("trang"), per_page=ROWS_PER_PAGE
    )
    return render(
        request,
        "dashboard/matrix.html",
        {
            **_tabs_context(request, campaign, "matrix"),
            "items": m.items,
            "columns": list(zip(m.items, m.per_item, strict=True)),
            "page": m.page,
            "total": m.total,
        },
    )


@login_required
@require_GET
def item_pick(request, pk: int):
    """The outline item select of the side-by-side page, without JavaScript."""
    campaign = _campaign(pk)
    _require_reader(request.user, campaign)
    code = request.GET.get("code", "")
    item = campaign.outline.filter(code=code).first() or campaign.outline.order_by("order").first()
    if item is None:
        return render(
            request,
            "dashboard/item.html",
            {**_tabs_context(request, campaign, "item"), "items": [], "item": None},
        )
    return redirect("dashboard:item", pk=campaign.pk, code=item.code)


@login_required
@require_GET
def item(request, pk: int, code: str):
    campaign = _campaign(pk)
    _require_reader(request.user, campaign)
    items = list(campaign.outline.order_by("order"))
    current = next((i for i in items if i.code == code), None)
    if current is None:
        raise Http404("Không có mục này trong đề cương.")
    sent_only = request.GET.get("da_nop") == "1"
    sbs = services.side_by_side(
        campaign,
        current,
        visible_units(request.user),
        page=request.GET.get("trang"),
        sent_only=sent_only,
    )
    return render(
        request,
        "dashboard/item.html",
        {
            **_tabs_context(request, campaign, "item"),
            "items": items,
            "item": current,
            "sbs": sbs,
            "page": sbs.page,
            "answered": sbs.page.paginator.count,
            "sent_only": sent_only,
            "query": _without(request.GET, "trang"),
        },
    )


class SearchForm(forms.Form):
    q = forms.CharField(label="Tìm trong các báo cáo", max_length=200, required=False)
    dot = forms.IntegerField(label="Đợt báo cáo", required=False)
    don_vi = forms.CharField(label="Đơn vị", max_length=200, required=False)
    muc = forms.CharField(label="Mục đề cương", max_length=20, required=False)


def _searchable_campaigns(user) -> list[Campaign]:
    """The campaigns this user may search, newest first, for the campaign filter."""
    candidates = Campaign.objects.select_related("owner").order_by("-created_at")
    if reads_own_unit_only(user):
        p = profile(user)
        candidates = candidates.filter(assignments__unit_id=p.unit_id) if p else candidates.none()
    return [c for c in candidates[:200] if can_search_campaign(user, c)]


@login_required
@require_GET
def search(request, pk: int):
    """Staff and leaders search every unit they may read; a reporter only their own.
    Filters: another campaign (the same search there), a unit, an outline item."""
    campaign = _campaign(pk)
    user = request.user
    require(can_search_campaign(user, campaign))
    form = SearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    other = data.get("dot")
    if other and other != campaign.pk:
        target = Campaign.objects.select_related("owner").filter(pk=other).first()
        if target is not None and can_search_campaign(user, target):
            params = request.GET.copy()
            for name in ("dot", "trang", "muc"):  # outline items differ between campaigns
                params.pop(name, None)
            url = reverse("dashboard:search", args=[target.pk])
            return redirect(f"{url}?{params.urlencode()}" if params else url)
    q = (data.get("q") or "").strip()
    unit_text = (data.get("don_vi") or "").strip()
    items = list(campaign.outline.order_by("order"))
    item = next((i for i in items if i.code == (data.get("muc") or "")), None)
    result = None
    if q:
        result = search_page(
            campaign,
            q,
            visible_units(user),
            unit_text=unit_text,
            item=item,
            page=request.GET.get("trang"),
        )
        if result.query.empty:
            result = None
    ctx = {
        **_tabs_context(request, campaign, "search"),
        "form": form,
        "q": q,
        "unit_text": unit_text,
        "items": items,
        "item": item,
        "campaigns": _searchable_campaigns(user),
        "result": result,
        "page": result.page if result else None,
        "query": _without(request.GET, "trang"),
        "own_unit_only": reads_own_unit_only(user),
    }
    return render(request, "dashboard/search.html", ctx)
