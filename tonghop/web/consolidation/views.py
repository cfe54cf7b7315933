"""The consolidation pages: catalogue, candidates, one indicator, the roll-up, the
broken rules, the .xlsx export and the draft.  Thin: rules in accounts.access, work
in consolidation.services.  What a reader sees is narrowed to `visible_units`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tonghop.web.accounts.access import (
    can_edit_consolidation,
    can_manage_campaign,
    can_read_consolidation,
    is_leader,
    require,
    visible_units,
)
from tonghop.web.campaigns.models import Assignment, Campaign
from tonghop.web.campaigns.services import visible_campaigns
from tonghop.web.consolidation import services
from tonghop.web.consolidation.forms import (
    CopyForm,
    DraftForm,
    IndicatorForm,
    MergeForm,
    ValueForm,
)
from tonghop.web.consolidation.models import DraftRun, Indicator

ROWS_PER_PAGE = 200
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _campaign(pk: int, user, edit: bool = False) -> Campaign:
    campaign = get_object_or_404(Campaign.objects.select_related("owner"), pk=pk)
    require(
        can_edit_consolidation(user, campaign) if edit else can_read_consolidation(user, campaign)
    )
    return campaign


def _indicator(pk: int, user, edit: bool = False) -> Indicator:
    ind = get_object_or_404(Indicator.objects.select_related("campaign__owner"), pk=pk)
    require(
        can_edit_consolidation(user, ind.campaign)
        if edit
        else can_read_consolidation(user, ind.campaign)
    )
    return ind


def _ctx(request, campaign: Campaign, sub: str, **extra) -> dict:
    manager = can_manage_campaign(request.user, campaign)
    return {
        "campaign": campaign,
        "active": "consolidation",
        "sub": sub,
        "manager": manager,
        "reader": manager or is_leader(request.user),
        "editor": can_edit_consolidation(request.user, campaign),
        **extra,
    }


def _error(request, exc: services.ConsolidationError) -> None:
    messages.error(request, str(exc))


# ------------------------------------------------------------------- the catalogue


def _copy_sources(request, campaign: Campaign):
    return (
        visible_campaigns(request.user)
        .exclude(pk=campaign.pk)
        .filter(indicators__isnull=False)
        .distinct()
    )


@login_required
@require_GET
def catalogue(request, pk: int):
    campaign = _campaign(pk, request.user)
    rows = services.indicators_of(campaign, retired=True)
    counts = services.value_counts(campaign)
    return render(
        request,
        "consolidation/catalogue.html",
        _ctx(
            request,
            campaign,
            "catalogue",
            indicators=[(i, counts.get(i.pk, 0)) for i in rows],
            active_count=sum(not i.retired for i in rows),
            expected=campaign.assignments.count(),
            copy_form=CopyForm(_copy_sources(request, campaign)),
        ),
    )


@login_required
@require_POST
def start_template(request, pk: int):
    campaign = _campaign(pk, request.user, edit=True)
    n = services.start_from_template(campaign, request.user)
    if n:
        messages.success(request, f"Đã thêm {n} chỉ tiêu theo mẫu Kết luận 01-KL/TW.")
    else:
        messages.info(request, "Danh mục đã có đủ các chỉ tiêu của mẫu.")
    return redirect("consolidation:catalogue", campaign.pk)


@login_required
@require_POST
def copy(request, pk: int):
    campaign = _campaign(pk, request.user, edit=True)
    form = CopyForm(_copy_sources(request, campaign), request.POST)
    if not form.is_valid():
        messages.error(request, "Hãy chọn đợt báo cáo để sao chép danh mục chỉ tiêu.")
    else:
        try:
            n = services.copy_catalogue(campaign, form.cleaned_data["source"], request.user)
        except services.ConsolidationError as exc:
            _error(request, exc)
        else:
            messages.success(request, f"Đã sao chép {n} chỉ tiêu.")
    return redirect("consolidation:catalogue", campaign.pk)


@login_required
@require_POST
def refresh(request, pk: int):
    campaign = _campaign(pk, request.user, edit=True)
    c = services.refresh_values(campaign)
    messages.success(
        request,
        f"Đã cập nhật giá trị từ số liệu đơn vị đã xác nhận: {c['created']} mới, "
        f"{c['updated']} thay đổi, {c['removed']} bỏ đi.",
    )
    return redirect("consolidation:catalogue", campaign.pk)


@login_required
@require_http_methods(["GET", "POST"])
def create(request, pk: int):
    campaign = _campaign(pk, request.user, edit=True)
    form = IndicatorForm(campaign, request.POST or None)
    if request.method == "POST" and form.is_valid():
        ind = services.save_indicator(campaign, form.cleaned_data, request.user)
        messages.success(request, f"Đã thêm chỉ tiêu «{ind.name}».")
        return redirect("consolidation:indicator", ind.pk)
    return render(
        request,
        "consolidation/form.html",
        _ctx(request, campaign, "catalogue", form=form, indicator=None),
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    ind = _indicator(pk, request.user, edit=True)
    form = IndicatorForm(ind.campaign, request.POST or None, instance=ind)
    if request.method == "POST" and form.is_valid():
        services.save_indicator(ind.campaign, form.cleaned_data, request.user, ind)
        messages.success(request, "Đã lưu chỉ tiêu.")
        return redirect("consolidation:indicator", ind.pk)
    return render(
        request,
        "consolidation/form.html",
        _ctx(
            request,
            ind.campaign,
            "catalogue",
            form=form,
            indicator=ind,
            merge_form=MergeForm(ind),
        ),
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def merge(request, pk: int):
    ind = _indicator(pk, request.user, edit=True)
    form = MergeForm(ind, request.POST)
    if not form.is_valid():
        messages.error(request, "Hãy chọn chỉ tiêu để gộp vào (cùng cách tổng hợp, đang dùng).")
        return redirect("consolidation:edit", ind.pk)
    target = form.cleaned_data["target"]
    try:
        moved = services.merge(ind, target, request.user)
    except services.ConsolidationError as exc:
        _error(request, exc)
        return redirect("consolidation:edit", ind.pk)
    messages.success(
        request, f"Đã gộp «{ind.name}» vào «{target.name}»; {moved} giá trị chuyển sang."
    )
    return redirect("consolidation:indicator", target.pk)


@login_required
@require_POST
def retire(request, pk: int):
    ind = _indicator(pk, request.user, edit=True)
    back = request.POST.get("retired", "1") == "1"
    services.retire(ind, request.user, back)
    messages.success(
        request, f"Đã {'ngừng sử dụng' if back else 'dùng lại'} chỉ tiêu «{ind.name}»."
    )
    return redirect("consolidation:catalogue", ind.campaign_id)


# ------------------------------------------------------------------- candidates


@login_required
@require_GET
def candidates(request, pk: int):
    campaign = _campaign(pk, request.user, edit=True)
    found = services.candidates(campaign)
    return render(
        request,
        "consolidation/candidates.html",
        _ctx(
            request,
            campaign,
            "candidates",
            candidates=found,
            expected=campaign.assignments.count(),
        ),
    )


@login_required
@require_POST
def adopt(request, pk: int):
    campaign = _campaign(pk, request.user, edit=True)
    try:
        ind = services.adopt(campaign, request.POST.get("key", ""), request.user)
    except services.ConsolidationError as exc:
        _error(request, exc)
        return redirect("consolidation:candidates", campaign.pk)
    messages.success(request, f"Đã thêm chỉ tiêu «{ind.name}» vào danh mục.")
    return redirect("consolidation:indicator", ind.pk)


# ------------------------------------------------------------------- one indicator


def _sort_links(request, sort: str, descending: bool) -> dict:
    links = {}
    for key in services.SORTS:
        params = request.GET.copy()
        params.pop("trang", None)
        params["sort"] = key
        current = sort == key
        params["order"] = "asc" if current and descending else "desc" if current else "asc"
        if key == "value" and not current:
            params["order"] = "desc"  # the largest first is what one looks for
        links[key] = {
            "query": params.urlencode(),
            "arrow": ("▼" if descending else "▲") if current else "",
        }
    return links


@login_required
@require_GET
def indicator(request, pk: int, form: ValueForm | None = None, status: int = 200):
    ind = _indicator(pk, request.user)
    sort = request.GET.get("sort", "tree")
    sort = sort if sort in services.SORTS else "tree"
    descending = request.GET.get("order") == "desc"
    page_data = services.indicator_page(
        ind, visible_units(request.user), sort, descending, request.GET.get("trang")
    )
    page = page_data.page
    whole = page_data.rollup.total(services.CAMPAIGN, ind.key)
    query = request.GET.copy()
    query.pop("trang", None)
    return render(
        request,
        "consolidation/indicator.html",
        _ctx(
            request,
            ind.campaign,
            "catalogue",
            indicator=ind,
            data=page_data,
            page=page,
            whole=whole,
            whole_text=services.total_text(whole, ind),
            chart=services.chart_svg(page_data.chart, f"{ind.name} theo đơn vị cấp trên cùng"),
            rollup=page_data.rollup,
            sort=sort,
            sort_links=_sort_links(request, sort, descending),
            query=query.urlencode(),
            value_form=form,
            failed_assignment=form.data.get("assignment") if form is not None else None,
        ),
        status=status,
    )


@login_required
@require_POST
def set_value(request, pk: int):
    ind = _indicator(pk, request.user, edit=True)
    form = ValueForm(request.POST)
    if form.is_valid():
        a = Assignment.objects.filter(
            pk=form.cleaned_data["assignment"], campaign_id=ind.campaign_id
        ).first()
        if a is None:
            raise Http404
        try:
            services.set_value(
                ind,
                a,
                form.cleaned_data["value"],
                request.user,
                form.cleaned_data["reason"],
                form.cleaned_data["qualifier"],
            )
        except services.ConsolidationError as exc:
            form.add_error("reason", str(exc))
        else:
            messages.success(request, f"Đã lưu giá trị của {a.unit.name}.")
            return redirect(reverse("consolidation:indicator", args=[ind.pk]) + f"#dv-{a.unit_id}")
    request.method = "GET"
    return indicator(request, pk, form=form, status=400)


# ------------------------------------------------------------------- the roll-up


@login_required
@require_GET
def roll_up(request, pk: int):
    campaign = _campaign(pk, request.user)
    units = visible_units(request.user)
    all_rows = services.indicators_of(campaign)
    items = services.outline_groups(campaign, all_rows)
    item = request.GET.get("muc", "")
    if item not in {code for code, _title, _n in items}:
        item = items[0][0] if items else ""
    shown = [i for i in all_rows if (i.outline_item or "-") == item]
    r = services.rollup(campaign, shown, units, stored=True)
    level = request.GET.get("cap", "")
    node = request.GET.get("nut", "")
    node = node if node in r.tree.rows else None
    level_n = int(level) if level.isdigit() and not node else (None if node else 1)
    rows = services.table_rows(r, node, level_n, shown)
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("trang"))
    services.load_totals(r, [row.unit.id for row in page.object_list] + [services.CAMPAIGN])
    services.fill_cells(r, page.object_list, shown)
    query = request.GET.copy()
    query.pop("trang", None)
    whole = [
        (i, r.total(services.CAMPAIGN, i.key), services.total_text(r.total("", i.key), i))
        for i in shown
    ]
    path = []
    at = node
    while at:
        path.append(r.tree.rows[at])
        at = r.tree.rows[at].parent
    return render(
        request,
        "consolidation/rollup.html",
        _ctx(
            request,
            campaign,
            "rollup",
            items=items,
            item=item,
            shown=shown,
            page=page,
            whole=whole,
            node=r.tree.rows[node] if node else None,
            path=list(reversed(path)),
            level=level_n,
            levels=range(1, r.tree.depth + 1),
            query=query.urlencode(),
            rollup=r,
        ),
    )


@login_required
@require_GET
def checks(request, pk: int):
    campaign = _campaign(pk, request.user)
    r = services.rollup(campaign, None, visible_units(request.user), stored=True)
    found = services.problems(campaign, r)
    page = Paginator(found, ROWS_PER_PAGE).get_page(request.GET.get("trang"))
    errors, warnings = services.problem_counts(found)
    return render(
        request,
        "consolidation/checks.html",
        _ctx(request, campaign, "checks", page=page, errors=errors, warnings=warnings, rollup=r),
    )


@login_required
@require_GET
def export(request, pk: int):
    campaign = _campaign(pk, request.user)
    r = services.rollup(campaign, None, visible_units(request.user), stored=True)
    response = HttpResponse(services.export_xlsx(campaign, r), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="so-lieu-tong-hop-{campaign.pk}.xlsx"'
    return response


# ------------------------------------------------------------------- the draft


def _draft_ctx(run: DraftRun | None, shown: DraftRun | None) -> dict:
    """The block of the draft page that follows a run: `run` the latest, `shown` the
    draft previewed (the latest done)."""
    waited = 0
    if run is not None and run.active:
        waited = int((timezone.now() - run.created_at).total_seconds())
    return {
        "run": run,
        "shown": shown,
        "waited": waited,
        "paragraphs": services.preview(shown) if shown else [],
        "outdated": services.draft_outdated(shown) if shown else False,
    }


@login_required
@require_http_methods(["GET", "POST"])
def draft(request, pk: int):
    campaign = _campaign(pk, request.user)
    editor = can_edit_consolidation(request.user, campaign)
    last = campaign.draft_runs.first()
    initial = {**services.draft_defaults(campaign), **(last.options if last else {})}
    initial["recipients"] = "\n".join(initial.get("recipients") or [])
    form = DraftForm(request.POST or None, initial=initial)
    if request.method == "POST":
        require(editor)
        if form.is_valid():
            run, new = services.start_draft(campaign, form.options(), request.user)
            if not new:
                at = timezone.localtime(run.created_at).strftime("%H:%M")
                messages.info(
                    request,
                    f"Dự thảo bắt đầu lúc {at} đang được soạn: chưa soạn thêm bản mới. Khi "
                    "xong, tệp sẽ hiện ở dưới.",
                )
            return redirect(reverse("consolidation:draft", args=[campaign.pk]) + "#du-thao")
    if last is not None:
        last = services.draft_state(last)
    shown = last if last and last.status == DraftRun.Status.DONE else (
        campaign.draft_runs.filter(status=DraftRun.Status.DONE).first()
    )  # fmt: skip
    return render(
        request,
        "consolidation/draft.html",
        _ctx(request, campaign, "draft", form=form, **_draft_ctx(last, shown)),
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def draft_status(request, pk: int):
    """htmx: the block of one run, polled while it is pending or running; once done it
    brings the preview and the downloads (and clears the earlier draft's)."""
    run = get_object_or_404(DraftRun.objects.select_related("campaign__owner"), pk=pk)
    require(can_read_consolidation(request.user, run.campaign))
    run = services.draft_state(run)
    shown = run if run.status == DraftRun.Status.DONE else None
    return render(
        request,
        "consolidation/_draft_run.html",
        {
            "campaign": run.campaign,
            "editor": can_edit_consolidation(request.user, run.campaign),
            "polled": True,
            **_draft_ctx(run, shown),
        },
    )


@login_required
@require_POST
def draft_retry(request, pk: int):
    """ "Soạn lại": the failed run's options queued again."""
    run = get_object_or_404(DraftRun.objects.select_related("campaign__owner"), pk=pk)
    campaign = _campaign(run.campaign_id, request.user, edit=True)
    try:
        services.retry_draft(run, request.user)
    except services.ConsolidationError as exc:
        _error(request, exc)
    return redirect(reverse("consolidation:draft", args=[campaign.pk]) + "#du-thao")


@login_required
@require_GET
def draft_file(request, pk: int, kind: str):
    run = get_object_or_404(DraftRun.objects.select_related("campaign__owner"), pk=pk)
    require(can_read_consolidation(request.user, run.campaign))
    field = {"docx": run.docx, "xlsx": run.xlsx}.get(kind)
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    stamp = run.created_at.strftime("%Y%m%d-%H%M")
    name = f"du-thao-tong-hop-{stamp}.docx" if kind == "docx" else f"phu-luc-{stamp}.xlsx"
    return FileResponse(
        handle, as_attachment=True, filename=name, content_type=DOCX if kind == "docx" else XLSX
    )
