"""Pages of the campaign down and up the tree: forwarding a campaign received, the
chain (each unit's report and its own units' progress), sending a report back down,
the report upward from the part's draft and roll-up.  Thin: rules in accounts.access,
work in campaigns.cascade."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from tonghop.web.accounts import access
from tonghop.web.campaigns import cascade
from tonghop.web.campaigns.forms import DATE
from tonghop.web.campaigns.models import Assignment, Campaign
from tonghop.web.submissions.models import Submission
from tonghop.web.submissions.services import SubmissionError
from tonghop.web.units.services import tree_order


class ForwardForm(forms.Form):
    scope = forms.ChoiceField(
        label="Chuyển tiếp cho",
        choices=[
            ("tat-ca", "Tất cả đơn vị trực thuộc (cả cây bên dưới)"),
            ("chon", "Chỉ các đơn vị chọn dưới đây"),
        ],
        widget=forms.RadioSelect,
        initial="tat-ca",
    )
    units = forms.MultipleChoiceField(
        label="Đơn vị", required=False, widget=forms.CheckboxSelectMultiple
    )
    deadline = forms.DateField(
        label="Hạn nộp của các đơn vị trực thuộc",
        widget=DATE,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        error_messages={
            "required": "Hãy nhập hạn nộp.",
            "invalid": "Hạn nộp viết theo dạng ngày/tháng/năm, ví dụ 05/04/2024.",
        },
    )
    instructions = forms.CharField(
        label="Hướng dẫn thêm của đơn vị (không bắt buộc)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, units, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {str(u.pk): u for u in units}
        self.fields["units"].choices = [
            (str(u.pk), ("— " * max(0, u.depth - min(x.depth for x in units))) + u.name)
            for u in units
        ]

    def chosen(self) -> list:
        if self.cleaned_data["scope"] == "tat-ca":
            return list(self.candidates.values())
        return [self.candidates[k] for k in self.cleaned_data["units"]]


def _assignment(request, pk: int) -> Assignment:
    a = get_object_or_404(
        Assignment.objects.select_related("campaign__owner", "unit", "campaign__parent"), pk=pk
    )
    if not access.can_read_assignment(request.user, a):
        raise Http404
    return a


@login_required
@require_http_methods(["GET", "POST"])
def forward(request, pk: int):
    a = _assignment(request, pk)
    access.require(access.can_forward(request.user, a))
    units = cascade.forwardable_units(a)
    part = cascade.part_of(a)
    form = ForwardForm(
        units,
        request.POST or None,
        initial={
            "deadline": part.deadline if part else cascade.default_deadline(a),
            "instructions": part.instructions if part else "",
        },
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                part = cascade.forward(
                    request.user,
                    a,
                    form.chosen(),
                    form.cleaned_data["deadline"],
                    form.cleaned_data["instructions"],
                )
            except cascade.CascadeError as exc:
                for m in exc.messages:
                    form.add_error(None, m)
            else:
                n = part.assignments.count()
                messages.success(
                    request,
                    f"Đã chuyển tiếp đợt báo cáo cho {n} đơn vị trực thuộc, "
                    f"hạn nộp {part.deadline:%d/%m/%Y}.",
                )
                return redirect("campaigns:chain", pk=part.pk)
    return render(
        request,
        "campaigns/forward.html",
        {"a": a, "campaign": a.campaign, "form": form, "part": part, "units": units},
        status=status,
    )


@login_required
def chain(request, pk: int):
    """Each unit of the user's part of the tree: its own report, and for a unit that
    forwarded the campaign, whether its own units' reports were all accepted and how its
    figures stand beside their roll-up."""
    campaign = get_object_or_404(Campaign.objects.select_related("owner", "parent"), pk=pk)
    if not access.can_read_campaign(request.user, campaign):
        raise Http404
    access.require(access.can_read_chain(request.user, campaign))
    rows = list(
        Assignment.objects.filter(
            campaign=campaign, unit__in=access.visible_units(request.user)
        ).select_related("unit", "submission", "part")
    )
    rows.sort(key=lambda a: tree_order(a.unit))
    progress = cascade.progress(campaign)
    parts = {a.pk: cascade.part_of(a) for a in rows}
    has_catalogue = campaign.indicators.exists()
    for a in rows:
        a.campaign = campaign
        a.sub = getattr(a, "submission", None)
        a.progress = progress.get(a.pk)
        a.returnable = (
            a.sub is not None
            and a.sub.status in (Submission.Status.SUBMITTED, Submission.Status.ACCEPTED)
            and access.can_return_down(request.user, a)
        )
        part = parts[a.pk]
        a.diffs = (
            [d for d in cascade.differences(part) if d.rolled is not None or d.reported]
            if part is not None and has_catalogue
            else []
        )
        a.diff_count = sum(1 for d in a.diffs if d.delta not in (None, 0))
    upward = None
    if campaign.upward_id:
        upward = campaign.upward
        upward.sub = Submission.objects.filter(assignment=upward).first()
    return render(
        request,
        "campaigns/chain.html",
        {
            "campaign": campaign,
            "rows": rows,
            "upward": upward,
            "reports_upward": campaign.is_part and access.can_report_upward(request.user, campaign),
            "differences": cascade.differences(campaign)
            if campaign.is_part and campaign.parent.indicators.exists()
            else [],
            "drafts": list(campaign.draft_runs.filter(status="done")[:3])
            if campaign.is_part
            else [],
        },
    )


@login_required
@require_POST
def return_down(request, pk: int):
    a = _assignment(request, pk)
    access.require(access.can_return_down(request.user, a))
    s = Submission.objects.filter(assignment=a).first()
    if s is None:
        raise Http404
    try:
        done = cascade.return_down(
            s,
            request.user,
            request.POST.get("comment", ""),
            from_above=access.is_above_owner(request.user, a.campaign),
        )
    except cascade.CascadeError as exc:
        for m in exc.messages:
            messages.error(request, m)
    except SubmissionError as exc:  # the send-back of a submitted report says why
        messages.error(request, str(exc))
    else:
        if done:
            messages.success(request, f"Đã trả lại báo cáo của {a.unit.name} kèm ý kiến.")
    nxt = request.POST.get("next", "")
    if nxt == "chain":
        return redirect("campaigns:chain", pk=a.campaign_id)
    return redirect("submissions:detail", a.pk)


def _part(request, pk: int) -> Campaign:
    part = get_object_or_404(Campaign.objects.select_related("owner", "parent", "upward"), pk=pk)
    if not part.is_part or not access.can_read_campaign(request.user, part):
        raise Http404
    access.require(access.can_report_upward(request.user, part))
    return part


@login_required
@require_POST
def fill(request, pk: int):
    part = _part(request, pk)
    n = cascade.fill_from_rollup(part, request.user)
    if n:
        messages.success(request, f"Đã lấy {n} số liệu tổng hợp làm số liệu báo cáo lên cấp trên.")
    else:
        messages.info(request, "Không có số liệu nào cần lấy từ tổng hợp.")
    return redirect("campaigns:chain", pk=part.pk)


@login_required
@require_POST
def use_draft(request, pk: int):
    from tonghop.web.consolidation.models import DraftRun

    part = _part(request, pk)
    run = get_object_or_404(DraftRun, pk=request.POST.get("run", 0), campaign=part)
    try:
        v = cascade.use_draft(part, run, request.user)
    except (cascade.CascadeError, SubmissionError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("campaigns:chain", pk=part.pk)
    messages.success(
        request,
        f"Dự thảo tổng hợp đã thành phiên bản {v.number} của báo cáo gửi lên cấp trên: hãy "
        "đọc lại, sửa trong Word và tải lên lại nếu cần, rồi nộp.",
    )
    return redirect("submissions:detail", part.upward_id)


# --- what other pages show of the chain ------------------------------------------------


def cascade_context(user, campaign: Campaign) -> dict:
    """For a campaign's page: the part it is (its parent, instructions, the owner's report
    upward), the user's own unit's assignment and whether it may be forwarded."""
    p = access.profile(user)
    own = None
    # Only a unit below the owner can be addressed: no query for the owner's own staff.
    if (
        p is not None
        and not campaign.is_draft
        and p.unit_id != campaign.owner_id
        and p.unit.tree_path.startswith(campaign.owner.tree_path)
    ):
        own = (
            Assignment.objects.filter(campaign=campaign, unit_id=p.unit_id)
            .select_related("unit", "campaign__owner")
            .first()
        )
    own_part = cascade.part_of(own) if own else None
    return {
        "own_assignment": own,
        "own_part": own_part,
        "can_forward": bool(
            own and access.can_forward(user, own) and cascade.forwardable_units(own)
        ),
        "can_read_chain": access.can_read_chain(user, campaign),
        "parent_readable": campaign.is_part and access.can_read_campaign(user, campaign.parent),
        "parts_count": campaign.parts.count(),
        # Across campaigns (history app): those who read the campaign's consolidation.
        "can_compare": access.can_read_consolidation(user, campaign)
        and campaign.indicators.exists(),
    }


def submission_context(user, a: Assignment) -> dict:
    """For a unit's report page: where it stands along the chain, the part's instructions
    and whether it may be sent back down from here (accepted reports too)."""
    part = cascade.part_of(a)
    if not a.campaign.is_part and part is None:
        return {}
    s = Submission.objects.filter(assignment=a).first()
    return {
        "chain": cascade.chain_of(a),
        "own_part": part,
        "can_unlock": bool(
            s and s.status == Submission.Status.ACCEPTED and access.can_return_down(user, a)
        ),
    }
