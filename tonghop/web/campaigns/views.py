"""Campaign pages: the list, creation from a guideline or the KL01 template, the
campaign's facts, locking."""

from __future__ import annotations

import datetime as dt
import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tonghop import dates
from tonghop.model import ReadError
from tonghop.web.accounts import access
from tonghop.web.campaigns import services, templates_kl01
from tonghop.web.campaigns.cascade_views import cascade_context
from tonghop.web.campaigns.forms import (
    DATE,
    CampaignForm,
    GuidelineForm,
    OutlineFormSet,
    ProgrammeFormSet,
)
from tonghop.web.campaigns.models import Assignment, Campaign
from tonghop.web.dashboard.services import campaign_counts
from tonghop.web.downloads import document_response
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
    # Sent, late and missing as the dashboard's tiles and chart count them (one function).
    counts = campaign_counts(campaigns, access.visible_units(request.user))
    for c in campaigns:
        c.counts = counts[c.pk]
        c.addressed, c.submitted = c.counts["addressed"], c.counts["submitted"]
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
    return dates.explain(text, deadline)


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


def _render_form(
    request, owner, form, outline_fs, prog_fs, proposal=None, status=200, editing=None
):
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
            "editing": editing,
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
        if request.GET.get("sao-chep"):
            source = _managed(request, request.GET["sao-chep"])
            proposal = services.proposal_from_campaign(source)
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


def _confirm(request, owner, editing: Campaign | None = None):
    nonce = request.POST.get("nonce", "")
    done = request.session.get(SESSION_NONCES, {}).get(nonce)
    if done and editing is None:  # a second click on «Tạo»: the campaign already exists
        return redirect("campaigns:detail", pk=done)
    action = request.POST.get("action", "")
    form = CampaignForm(request.POST, owner=owner)
    outline_fs, prog_fs = _formsets(request.POST, add=action)
    if action in ("them_muc", "them_ct"):
        # Keep what was typed; errors are for the confirmation, not for adding a row
        # (an empty error dict stops the template from validating the form again).
        form.full_clean()
        form._errors = ErrorDict()
        return _render_form(request, owner, form, outline_fs, prog_fs, editing=editing)
    ok = form.is_valid() & outline_fs.is_valid() & prog_fs.is_valid()
    outline_errors: list[str] = []
    if ok:
        rows = [f.cleaned_data for f in outline_fs.forms if not f.cleaned_data.get("DELETE")]
        try:
            outline = services.clean_outline(rows)
        except ValidationError as exc:
            outline_errors, ok = list(exc.messages), False
    token = form.cleaned_data.get("guideline_token", "") if editing is None else ""
    guideline = None
    if ok and editing is not None:
        programmes = [f.cleaned_data for f in prog_fs.forms if not f.cleaned_data.get("DELETE")]
        try:
            services.update_campaign(
                request.user,
                editing,
                form.cleaned_data,
                outline,
                form.cleaned_data["chosen"],
                programmes=programmes,
                tiers=form.cleaned_data["tiers"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Đã lưu bản nháp.")
            return redirect("campaigns:detail", pk=editing.pk)
        ok = False
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
                copied_from=_copy_source(request, form.cleaned_data.get("copy_of")),
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
                f"Đã tạo bản nháp đợt báo cáo, giao cho {campaign.assignments.count()} đơn vị. "
                "Các đơn vị chưa thấy đợt báo cáo cho đến khi bạn bấm «Công bố».",
            )
            return redirect("campaigns:detail", pk=campaign.pk)
    for e in outline_errors:
        form.add_error(None, e)
    return _render_form(request, owner, form, outline_fs, prog_fs, status=400, editing=editing)


def _copy_source(request, pk) -> Campaign | None:
    if not pk:
        return None
    c = Campaign.objects.filter(pk=pk).select_related("owner").first()
    return c if c is not None and access.can_manage_campaign(request.user, c) else None


def _managed(request, pk) -> Campaign:
    """A campaign the user runs; any other is not found, whatever its id."""
    try:
        campaign = _readable(request, int(pk))
    except (TypeError, ValueError):
        raise Http404 from None
    access.require(access.can_change_campaign(request.user, campaign))
    return campaign


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


def _life_context(campaign: Campaign) -> dict:
    """What the buttons of a campaign's life say they will do."""
    addressed = campaign.assignments.count()
    waiting = (
        Assignment.objects.filter(campaign=campaign)
        .exclude(submission__status__in=services.SUBMITTED)
        .count()
    )
    # A part under a locked campaign is locked with it (services.set_locked): say so
    # rather than offer an unlock that would be refused.
    above = campaign.parent if campaign.is_locked else None
    while above is not None and not above.is_locked:
        above = above.parent
    return {"addressed": addressed, "waiting": waiting, "locked_above": above}


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
            **_life_context(campaign),
            **cascade_context(request.user, campaign),
        },
    )


@login_required
@require_POST
def lock(request, pk: int):
    campaign = _readable(request, pk)
    access.require(access.can_manage_campaign(request.user, campaign))
    locked = request.POST.get("khoa", "1") == "1"
    error = ""
    if locked != campaign.is_locked:
        try:
            services.set_locked(request.user, campaign, locked)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    if request.htmx:
        ctx = {"campaign": campaign, "can_manage": True, "lock_error": error}
        return render(request, "campaigns/_lock.html", {**ctx, **_life_context(campaign)})
    if error:
        messages.error(request, error)
    else:
        messages.success(request, "Đã khóa đợt báo cáo." if locked else "Đã mở khóa đợt báo cáo.")
    return redirect("campaigns:detail", pk=campaign.pk)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    """A draft, in the creation form; a published campaign is changed only by an
    extension or a lock."""
    campaign = _managed(request, pk)
    if not campaign.is_draft:
        messages.error(request, "Đợt báo cáo đã công bố: không sửa được nữa, chỉ gia hạn.")
        return redirect("campaigns:detail", pk=campaign.pk)
    owner = campaign.owner
    if request.method == "POST":
        return _confirm(request, owner, editing=campaign)
    proposal = services.proposal_for_edit(campaign)
    form = CampaignForm(owner=owner, initial=proposal.initial)
    return _render_form(
        request, owner, form, *_formsets(proposal=proposal), proposal, editing=campaign
    )


@login_required
@require_POST
def publish(request, pk: int):
    campaign = _managed(request, pk)
    try:
        services.publish(request.user, campaign)
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        campaign.refresh_from_db()
        messages.success(
            request,
            f"Đã công bố đợt báo cáo tới {campaign.assignments.count()} đơn vị: các đơn vị "
            "thấy đợt báo cáo trong «Việc cần làm» từ bây giờ.",
        )
    return redirect("campaigns:detail", pk=campaign.pk)


@login_required
@require_POST
def delete(request, pk: int):
    campaign = _managed(request, pk)
    try:
        title = services.delete_draft(request.user, campaign)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("campaigns:detail", pk=campaign.pk)
    messages.success(request, f"Đã xóa bản nháp «{title}».")
    return redirect("campaigns:list")


class ExtendForm(forms.Form):
    deadline = forms.DateField(
        label="Hạn cuối mới (ngày cuối cùng được nộp đúng hạn)",
        widget=DATE,
        error_messages={"required": "Hãy nhập hạn nộp mới.", "invalid": "Ngày không hợp lệ."},
    )

    def __init__(self, *args, campaign: Campaign, **kw):
        super().__init__(*args, **kw)
        self.tiers = list(campaign.tier_deadlines.order_by("depth"))
        for t in self.tiers:
            self.fields[f"tier_{t.depth}"] = forms.DateField(
                label=f"Hạn mới cho đơn vị cấp {t.depth} (hiện tại {t.deadline:%d/%m/%Y})",
                required=False,
                widget=DATE,
                error_messages={"invalid": "Ngày không hợp lệ."},
            )

    def tier_fields(self):
        return [self[f"tier_{t.depth}"] for t in self.tiers]

    def tier_values(self) -> dict[int, dt.date]:
        return {
            t.depth: self.cleaned_data[f"tier_{t.depth}"]
            for t in self.tiers
            if self.cleaned_data.get(f"tier_{t.depth}")
        }


@login_required
@require_http_methods(["GET", "POST"])
def extend(request, pk: int):
    campaign = _managed(request, pk)
    if not campaign.is_open:
        messages.error(request, "Chỉ gia hạn được đợt báo cáo đang nhận báo cáo.")
        return redirect("campaigns:detail", pk=campaign.pk)
    form = ExtendForm(request.POST or None, campaign=campaign)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                done = services.extend_deadline(
                    request.user, campaign, form.cleaned_data["deadline"], form.tier_values()
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _extension_message(done))
                return redirect("campaigns:detail", pk=campaign.pk)
        status = 400
    return render(
        request,
        "campaigns/extend.html",
        {"campaign": campaign, "form": form, **_life_context(campaign)},
        status=status,
    )


def _extension_message(done: services.Extension) -> str:
    text = f"Đã gia hạn đến hết ngày {dates.vn_date(done.new)}."
    notice = done.notice
    if notice is not None:
        text += f" Đã gửi thư báo gia hạn tới {len(notice.sent)} đơn vị chưa nộp."
        if notice.failed:
            text += f" {len(notice.failed)} thư không gửi được: {notice.failed[0].error}"
        if notice.skipped:
            text += f" {len(notice.skipped)} đơn vị chưa có địa chỉ e-mail."
    if done.now_on_time:
        text += f" {done.now_on_time} báo cáo nộp sau hạn cũ nay được tính là đúng hạn."
    return text


@login_required
@require_GET
def guideline(request, pk: int):
    campaign = get_object_or_404(Campaign, pk=pk)
    if not access.can_read_campaign(request.user, campaign) or not campaign.guideline:
        raise Http404
    try:
        handle = campaign.guideline.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    return document_response(handle, campaign.guideline_name or "huong_dan")
