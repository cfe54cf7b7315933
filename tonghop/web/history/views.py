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


# --- the tree's changes: mergers, splits, renames, moves ---------------------------------


def _plan(kind: str, root, d) -> services.Plan:
    """Check the change (HistoryError if refused) and say what it will do."""
    if kind == "sap-nhap":
        sources = list(d["sources"])
        services.check_merge(root, sources, d["target"], d["new"], d["on"])
        return services.merge_plan(sources, d["target"], d["new"], d["on"])
    if kind == "chia-tach":
        new = services.parse_new_units(d["new_units"])
        services.check_split(root, d["source"], list(d["pieces"]), new, d["on"])
        return services.split_plan(d["source"], list(d["pieces"]), new, d["on"])
    unit, on = d["unit"], d["on"]
    if kind == "doi-ten":
        name = d["name"].strip()
        if name == unit.name:
            raise services.HistoryError(f"Tên mới trùng tên hiện tại «{unit.name}».")
        return services.Plan([
            f"Đổi tên {unit.name} [{unit.code}] thành {name}, ngày {on:%d/%m/%Y}.",
            "Đơn vị giữ nguyên mã; số liệu các đợt trước vẫn là của đơn vị này.",
        ])  # fmt: skip
    parent = d["parent"]
    if parent.tree_path.startswith(unit.tree_path):
        raise services.HistoryError(
            f"Không thể chuyển {unit.name} vào {parent.name}: đó là chính nó hoặc đơn vị cấp "
            "dưới của nó."
        )
    if unit.parent_id == parent.pk:
        raise services.HistoryError(f"{unit.name} đã trực thuộc {parent.name}.")
    return services.Plan([
        f"Chuyển {unit.name} (cả các đơn vị cấp dưới) từ "
        f"{unit.parent.name if unit.parent else '(gốc)'} sang {parent.name}, ngày {on:%d/%m/%Y}.",
        "Các đợt báo cáo đã giao vẫn ghi cây đơn vị tại thời điểm giao; số liệu các đợt trước "
        "vẫn là của đơn vị này.",
    ])  # fmt: skip


def _apply(kind: str, user, root, d) -> str:
    from tonghop.web.units import services as units

    if kind == "sap-nhap":
        target = services.merge_units(user, root, list(d["sources"]), d["target"], d["new"],
                                      d["on"])  # fmt: skip
        return f"Đã ghi nhận sáp nhập thành {target.name}."
    if kind == "chia-tach":
        new = services.parse_new_units(d["new_units"])
        pieces = services.split_unit(user, root, d["source"], list(d["pieces"]), new, d["on"])
        return f"Đã ghi nhận chia tách {d['source'].name} thành {len(pieces)} đơn vị."
    if kind == "doi-ten":
        old = d["unit"].name
        unit = services.rename_unit(user, root, d["unit"], d["name"], d["on"])
        return f"Đã đổi tên {old} thành {unit.name}."
    units.move_unit(user, root, d["unit"], d["parent"], d["on"])
    return f"Đã chuyển {d['unit'].name} về trực thuộc {d['parent'].name}."


@login_required
@require_http_methods(["GET", "POST"])
def unit_changes(request):
    """Record a merger, split, rename or move of units (after a confirmation), and read
    the tree's history: the comparison across campaigns follows these changes."""
    from django.core.exceptions import ValidationError

    from tonghop.web.history.forms import FORMS, KINDS

    access.require(access.can_record_unit_changes(request.user))
    root = access.profile(request.user).unit
    kind = request.POST.get("kind", "") if request.method == "POST" else ""
    forms = {k: F(request.POST if k == kind else None, root=root) for k, F in FORMS.items()}
    status = 200
    if request.method == "POST":
        form = forms.get(kind)
        if form is None:
            messages.error(request, "Loại thay đổi không hợp lệ.")
            return redirect("history:units")
        status = 400
        if form.is_valid():
            try:
                plan = _plan(kind, root, form.cleaned_data)
                if request.POST.get("xac_nhan") == "1":
                    done = _apply(kind, request.user, root, form.cleaned_data)
                    messages.success(request, done)
                    return redirect("history:units")
            except services.HistoryError as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                for m in exc.messages:
                    form.add_error(None, m)
            else:
                data = [(k, request.POST.getlist(k)) for k in request.POST
                        if k not in ("csrfmiddlewaretoken", "xac_nhan")]  # fmt: skip
                return render(
                    request,
                    "history/unit_confirm.html",
                    {"plan": plan, "title": KINDS[kind], "data": data},
                )
    return render(
        request,
        "history/units.html",
        {
            "forms": [(k, KINDS[k], f) for k, f in forms.items()],
            "open": kind,
            "changes": services.changes_within(root),
        },
        status=status,
    )
