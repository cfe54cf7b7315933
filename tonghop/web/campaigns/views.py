"""Campaign pages: the list, creation from a guideline or the KL01 template, the
campaign's facts, locking."""

from __future__ import annotations

import datetime as dt
import re
import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tonghop.model import ReadError
from tonghop.web.accounts import access
from tonghop.web.campaigns import services, templates_kl01
from tonghop.web.campaigns.forms import (
    CampaignForm,
    GuidelineForm,
    OutlineFormSet,
    ProgrammeFormSet,
)
from tonghop.web.campaigns.models import Assignment, Campaign
from tonghop.web.units.models import Unit
from tonghop.web.units.services import tree_order

SESSION_TOKENS = "campaign_guidelines"
SESSION_NONCES = "campaign_nonces"


def _staff_unit(request) -> Unit:
    access.require(access.is_staff(request.user))
    return access.profile(request.user).unit


def _readable(request, pk: int) -> Campaign:
    campaign = get_object_or_404(Campaign.objects.select_related("owner", "created_by"), pk=pk)
    # A campaign outside the user's part of the tree is not found, whatever its id.
    if access.is_reporter(request.user) or not access.can_read_campaign(request.user, campaign):
        raise Http404
    return campaign


@login_required
@require_GET
def campaign_list(request):
    if access.is_reporter(request.user):
        return redirect("submissions:todo")
    access.require(access.profile(request.user) is not None)
    campaigns = list(services.visible_campaigns(request.user))
    today = dt.date.today()
    for c in campaigns:
        c.days_left = (c.deadline - today).days
        c.days_over = -c.days_left
    return render(
        request,
        "campaigns/list.html",
        {"campaigns": campaigns, "can_create": access.is_staff(request.user), "today": today},
    )


# --- creation ---------------------------------------------------------------------------


def explain_deadline(text: str, deadline: dt.date | None) -> str:
    """What the date means, in words, and whether the guideline's wording agrees."""
    if not deadline:
        return ""
    after = deadline + dt.timedelta(days=1)
    meaning = (
        f"báo cáo nộp đến hết ngày {deadline:%d/%m/%Y} là đúng hạn, từ ngày "
        f"{after:%d/%m/%Y} là nộp muộn."
    )
    m = re.search(r"(\d{1,2})/(\d{1,2})/(\d{4})", text or "")
    if not m:
        return f"Hạn cuối {deadline:%d/%m/%Y}: {meaning}"
    try:
        day = dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return f"Hạn cuối {deadline:%d/%m/%Y}: {meaning}"
    # "trước ngày 10/4" excludes the 10th; "chậm nhất ngày 10/4" includes it.
    last = day - dt.timedelta(days=1) if re.search(r"trước\s+ngày", text, re.I) else day
    quoted = f"Hướng dẫn ghi «{text}», nghĩa là hạn cuối {last:%d/%m/%Y}"
    if last == deadline:
        return f"{quoted}: {meaning}"
    return (
        f"{quoted}; hạn đang nhập ({deadline:%d/%m/%Y}) khác với hướng dẫn. "
        f"Với hạn đang nhập, {meaning}"
    )


def _formsets(data=None, proposal: services.Proposal | None = None, add: str = ""):
    """The outline and programme tables; `add` gives one of them one more empty row."""
    if data is not None:
        data = data.copy()
        for prefix, key in (("muc", "them_muc"), ("ct", "them_ct")):
            if add == key:
                total = f"{prefix}-TOTAL_FORMS"
                data[total] = str(int(data.get(total, 0) or 0) + 1)
        return OutlineFormSet(data, prefix="muc"), ProgrammeFormSet(data, prefix="ct")
    return (
        OutlineFormSet(prefix="muc", initial=proposal.outline if proposal else None),
        ProgrammeFormSet(prefix="ct", initial=proposal.programmes if proposal else None),
    )


def _nonce(request) -> str:
    nonce = uuid.uuid4().hex
    nonces = request.session.get(SESSION_NONCES, {})
    nonces[nonce] = None
    request.session[SESSION_NONCES] = dict(list(nonces.items())[-20:])
    return nonce


def _render_form(request, owner, form, outline_fs, prog_fs, proposal=None, status=200):
    data = form.data if form.is_bound else {}
    deadline = None
    if form.is_bound:
        deadline = form.cleaned_data.get("deadline") if hasattr(form, "cleaned_data") else None
    else:
        deadline = form.initial.get("deadline")
    deadline_text = (
        data.get("deadline_text") if form.is_bound else form.initial.get("deadline_text")
    )
    token = data.get("guideline_token") if form.is_bound else form.initial.get("guideline_token")
    staged = services.staged_guideline(token) if token else None
    return render(
        request,
        "campaigns/form.html",
        {
            "form": form,
            "outline_fs": outline_fs,
            "prog_fs": prog_fs,
            "owner": owner,
            "proposal": proposal,
            "guideline_name": staged[1] if staged else "",
            "deadline_note": explain_deadline(deadline_text or "", deadline),
            "nonce": data.get("nonce") if form.is_bound else _nonce(request),
        },
        status=status,
    )


def _start_page(request, gform, status=200):
    return render(
        request,
        "campaigns/start.html",
        {"gform": gform, "template_name": templates_kl01.NAME, "template_key": templates_kl01.KEY},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    owner = _staff_unit(request)
    if request.method == "GET":
        if request.GET.get("mau"):
            try:
                proposal = services.proposal_from_template(request.GET["mau"])
            except ValidationError:
                raise Http404 from None
            form = CampaignForm(owner=owner, initial=proposal.initial)
            return _render_form(request, owner, form, *_formsets(proposal=proposal), proposal)
        if request.GET.get("nhap-tay"):
            form = CampaignForm(owner=owner, initial={"scope": "loai"})
            return _render_form(request, owner, form, *_formsets())
        return _start_page(request, GuidelineForm())

    if request.POST.get("step") == "upload":
        return _upload(request, owner)
    return _confirm(request, owner)


def _upload(request, owner):
    gform = GuidelineForm(request.POST, request.FILES)
    if not gform.is_valid():
        return _start_page(request, gform, status=400)
    f = gform.cleaned_data["guideline"]
    data = f.read()
    try:
        doc = services.read_guideline(data, f.name)
    except ReadError as exc:
        # Nothing is kept of a file the engine refuses.
        gform.add_error("guideline", str(exc))
        return _start_page(request, gform, status=400)
    token = services.stage_guideline(data, f.name)
    request.session[SESSION_TOKENS] = [*request.session.get(SESSION_TOKENS, [])[-9:], token]
    proposal = services.proposal_from_document(doc)
    proposal.initial["guideline_token"] = token
    form = CampaignForm(owner=owner, initial=proposal.initial)
    return _render_form(request, owner, form, *_formsets(proposal=proposal), proposal)


def _confirm(request, owner):
    nonce = request.POST.get("nonce", "")
    done = request.session.get(SESSION_NONCES, {}).get(nonce)
    if done:  # a second click on «Tạo»: the campaign already exists
        return redirect("campaigns:detail", pk=done)
    action = request.POST.get("action", "")
    form = CampaignForm(request.POST, owner=owner)
    outline_fs, prog_fs = _formsets(request.POST, add=action)
    if action in ("them_muc", "them_ct"):
        # Keep what was typed; errors are for the confirmation, not for adding a row
        # (an empty error dict stops the template from validating the form again).
        form.full_clean()
        form._errors = ErrorDict()
        return _render_form(request, owner, form, outline_fs, prog_fs)
    ok = form.is_valid() & outline_fs.is_valid() & prog_fs.is_valid()
    outline_errors: list[str] = []
    if ok:
        rows = [f.cleaned_data for f in outline_fs.forms if not f.cleaned_data.get("DELETE")]
        try:
            outline = services.clean_outline(rows)
        except ValidationError as exc:
            outline_errors, ok = list(exc.messages), False
    token = form.cleaned_data.get("guideline_token", "")
    guideline = None
    if ok and token:
        if token not in request.session.get(SESSION_TOKENS, []):
            form.add_error(None, "Không tìm thấy văn bản hướng dẫn đã tải lên: hãy tải lại.")
            ok = False
        else:
            guideline = services.staged_guideline(token)
            if guideline is None:
                form.add_error(None, "Văn bản hướng dẫn đã tải lên không còn: hãy tải lại.")
                ok = False
    if ok:
        programmes = [f.cleaned_data for f in prog_fs.forms if not f.cleaned_data.get("DELETE")]
        try:
            campaign = services.create_campaign(
                request.user,
                owner,
                form.cleaned_data,
                outline,
                form.cleaned_data["chosen"],
                programmes=programmes,
                tiers=form.cleaned_data["tiers"],
                guideline=guideline,
                template=form.cleaned_data.get("template", ""),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if token:
                services.drop_staged(token)
                request.session[SESSION_TOKENS] = [
                    t for t in request.session.get(SESSION_TOKENS, []) if t != token
                ]
            nonces = request.session.get(SESSION_NONCES, {})
            nonces[nonce] = campaign.pk
            request.session[SESSION_NONCES] = nonces
            messages.success(
                request,
                f"Đã tạo đợt báo cáo, giao cho {campaign.assignments.count()} đơn vị.",
            )
            return redirect("campaigns:detail", pk=campaign.pk)
    for e in outline_errors:
        form.add_error(None, e)
    return _render_form(request, owner, form, outline_fs, prog_fs, status=400)


@login_required
@require_GET
def deadline_note(request):
    """htmx: the meaning of the deadline typed, under the field."""
    access.require(access.is_staff(request.user))
    try:
        deadline = forms.DateField().clean(request.GET.get("deadline", ""))
    except ValidationError:
        deadline = None
    return render(
        request,
        "campaigns/_deadline_note.html",
        {"deadline_note": explain_deadline(request.GET.get("deadline_text", ""), deadline)},
    )


# --- one campaign -----------------------------------------------------------------------


@login_required
@require_GET
def detail(request, pk: int):
    campaign = _readable(request, pk)
    # Staff and leaders below the owner see the units of their own part of the tree.
    assignments = sorted(
        Assignment.objects.filter(
            campaign=campaign, unit__in=access.visible_units(request.user)
        ).select_related("unit", "parent_at_time"),
        key=lambda a: tree_order(a.unit),
    )
    base = campaign.owner.depth
    for a in assignments:
        a.campaign = campaign  # `due` reads it: no query per row
        a.tier = a.unit.depth - base
    return render(
        request,
        "campaigns/detail.html",
        {
            "campaign": campaign,
            "outline": campaign.outline.all(),
            "tiers": campaign.tier_deadlines.order_by("depth"),
            "assignments": assignments,
            "can_manage": access.can_manage_campaign(request.user, campaign),
            "scoped": not campaign.owner.tree_path.startswith(
                access.profile(request.user).unit.tree_path
            ),
        },
    )


@login_required
@require_POST
def lock(request, pk: int):
    campaign = _readable(request, pk)
    access.require(access.can_manage_campaign(request.user, campaign))
    locked = request.POST.get("khoa", "1") == "1"
    if locked != campaign.is_locked:
        services.set_locked(request.user, campaign, locked)
    if request.htmx:
        return render(request, "campaigns/_lock.html", {"campaign": campaign, "can_manage": True})
    messages.success(request, "Đã khóa đợt báo cáo." if locked else "Đã mở khóa đợt báo cáo.")
    return redirect("campaigns:detail", pk=campaign.pk)


@login_required
@require_GET
def guideline(request, pk: int):
    campaign = get_object_or_404(Campaign, pk=pk)
    if not access.can_read_campaign(request.user, campaign) or not campaign.guideline:
        raise Http404
    return FileResponse(
        campaign.guideline.open("rb"),
        as_attachment=True,
        filename=campaign.guideline_name or "huong_dan",
    )
