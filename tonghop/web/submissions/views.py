"""The reporter's pages (tasks, upload, checklist, figures, submit) and the
review of a unit's report by the department.  Thin: rules live in
accounts.access, work in submissions.services.

Anything of a unit the user may not read answers 404, so a guessed id tells
nothing; an action the user may read but not do answers 403.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from tonghop.web.accounts.access import (
    can_manage_campaign,
    can_read_assignment,
    can_read_unit_values,
    can_report,
    can_review,
    profile,
    require,
)
from tonghop.web.campaigns import cascade_views
from tonghop.web.campaigns.models import Assignment
from tonghop.web.consolidation import services as consolidation
from tonghop.web.submissions import background, checkpage, services
from tonghop.web.submissions.forms import FiguresForm, SendBackForm, SubmitForm, UploadForm
from tonghop.web.submissions.models import PendingUpload, Submission, Version

SEVERITY = {"error": "Lỗi", "warning": "Cảnh báo", "minor": "Lưu ý"}


def _assignment(request, pk: int) -> Assignment:
    a = get_object_or_404(
        Assignment.objects.select_related("campaign__owner", "unit", "submission"), pk=pk
    )
    if not can_read_assignment(request.user, a):
        raise Http404
    return a


def _version(request, pk: int) -> Version:
    v = get_object_or_404(
        Version.objects.select_related(
            "submission__assignment__campaign__owner", "submission__assignment__unit"
        ),
        pk=pk,
    )
    if not can_read_assignment(request.user, v.submission.assignment):
        raise Http404
    return v


def _submission(a: Assignment) -> Submission | None:
    try:
        return a.submission
    except Submission.DoesNotExist:
        return None


# --------------------------------------------------------------------------
# pages


@login_required
@require_GET
def todo(request):
    p = profile(request.user)
    require(p is not None)
    rows = services.todo(p.unit_id)
    return render(request, "submissions/todo.html", {"rows": rows, "unit": p.unit})


def _checklist(version: Version) -> list[dict]:
    rows = []
    parts = {i["id"]: i.get("missing_parts", []) for i in version.alignment.get("items", [])}
    for ans in version.answers.select_related("item").order_by("item__order"):
        rows.append(
            {
                "item": ans.item,
                "answer": ans if ans.path else None,
                "path": ".".join(ans.path),
                "score": round((ans.score or 0) * 100),
                "missing_parts": parts.get(ans.item.code, []),
            }
        )
    return rows


def _findings(version: Version) -> list[dict]:
    order = {"error": 0, "warning": 1, "minor": 2}
    return [
        {**f, "label": SEVERITY.get(f["severity"], f["severity"]), "where": ".".join(f["path"])}
        for f in sorted(version.findings, key=lambda f: order.get(f["severity"], 3))
    ]


def _detail_context(request, a: Assignment, number: int | None = None, **extra) -> dict:
    submission = _submission(a)
    # Not the stored readings (tens of KB of JSON each, every version's decoded on every
    # view): only the full-text page needs one.
    versions = (
        list(submission.versions.select_related("uploaded_by__profile").defer("reading"))
        if submission
        else []
    )
    if submission is not None and submission.submitted_version_id:
        # The page names the version sent: the one in the list, not fetched again.
        sent = next((v for v in versions if v.pk == submission.submitted_version_id), None)
        if sent is not None:
            submission.submitted_version = sent
    shown = versions[0] if versions else None
    wanted = request.GET.get("v", "")
    number = number or (int(wanted) if wanted.isdigit() else None)
    if number:
        shown = next((v for v in versions if v.number == number), shown)
    reporter = can_report(request.user, a)
    manager = can_manage_campaign(request.user, a.campaign)
    closed = a.campaign.is_locked or (
        submission is not None and submission.status == Submission.Status.ACCEPTED
    )
    editable = reporter and not closed
    ctx = {
        "a": a,
        "campaign": a.campaign,
        "submission": submission,
        "versions": versions,
        "shown": shown,
        "reporter": reporter,
        "manager": manager,
        "closed": closed,
        "editable": editable,
        "due_phrase": services.due_phrase((a.due - timezone.localdate()).days),
        "reviews": list(
            submission.reviews.select_related("version", "by__profile").defer(
                "version__reading", "version__alignment", "version__findings"
            )
        )
        if submission
        else [],
        "outline_count": a.campaign.outline.count(),
        "upload_form": UploadForm(),
        "send_back_form": SendBackForm(),
    }
    ctx["outline"] = list(a.campaign.outline.all())
    ctx["pending_uploads"] = _pending_uploads(a, versions)
    if shown is not None:
        ctx["checklist"] = _checklist(shown)
        ctx["findings"] = _findings(shown)
        # Not the version already sent (waiting for review) or already sent back.
        sent = submission.submitted_version_id == shown.pk and submission.status in (
            Submission.Status.SUBMITTED,
            Submission.Status.RETURNED,
        )
        ctx["can_submit"] = editable and not sent
        form = extra.pop("figures_form", None) or FiguresForm(shown.figures.all())
        ctx.update(_figures_context(shown, form, editable))
        ctx["open_items"] = checkpage.open_items(shown, form.figures)
    if can_read_unit_values(request.user, a):
        ctx.update(consolidation.unit_context(a, shown))
    ctx.update(cascade_views.submission_context(request.user, a))
    ctx.update(extra)
    return ctx


def _pending_uploads(a: Assignment, versions: list[Version]) -> list[PendingUpload]:
    """Uploads being read, and those that failed since the latest version."""
    latest = versions[0].uploaded_at if versions else None
    shown = []
    for p in a.pending_uploads.exclude(state=PendingUpload.State.DONE):
        if p.working or latest is None or p.received_at > latest:
            shown.append(p)
    return shown


def _frozen(submission: Submission, version: Version) -> str:
    """Why a version's figures cannot be changed now, or ""."""
    if (
        submission.status == Submission.Status.SUBMITTED
        and submission.submitted_version_id == version.pk
    ):
        return (
            "Báo cáo đã nộp: số liệu của phiên bản này không sửa được nữa, trừ khi cơ quan nhận "
            "báo cáo trả lại để sửa."
        )
    return ""


def _figures_context(version: Version, form: FiguresForm, editable: bool) -> dict:
    """The figures grouped by outline item, each sentence once, with the form's fields."""
    for f in form.figures:
        f.field = form[f"f{f.pk}"]
        f.label = checkpage.figure_label(f, f.proposed_value)
    groups = checkpage.groups(version, form.figures)
    for g in groups:
        g.has_errors = any(f.field.errors for f in g.figures)
    frozen = _frozen(version.submission, version)
    return {
        "figures_form": form,
        "figure_groups": groups,
        "figures_editable": editable and not frozen,
        "figures_frozen": frozen,
    }


@login_required
@require_GET
def detail(request, pk: int):
    a = _assignment(request, pk)
    return render(request, "submissions/detail.html", _detail_context(request, a))


@login_required
@require_POST
def upload(request, pk: int):
    a = _assignment(request, pk)
    require(can_report(request.user, a))
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        f = form.cleaned_data["file"]
        try:
            v = services.receive_upload(a, f, f.name, request.user)
        except services.SubmissionError as exc:
            form.add_error("file", str(exc))
        else:
            if isinstance(v, PendingUpload):
                messages.info(request, _received(v))
                return redirect(reverse("submissions:detail", args=[a.pk]) + f"#pending-{v.pk}")
            messages.success(
                request,
                f"Đã tải lên phiên bản {v.number}. Hãy xem kết quả kiểm tra, xác nhận số liệu "
                "rồi bấm “Nộp báo cáo”.",
            )
            return redirect(reverse("submissions:detail", args=[a.pk]) + f"?v={v.number}")
    ctx = _detail_context(request, a, upload_form=form)
    return render(request, "submissions/detail.html", ctx, status=400)


_WHY = {
    "convert": "cần được chuyển đổi bằng LibreOffice",
    "ocr": "là bản quét, cần nhận dạng chữ (vài giây mỗi trang)",
    "large": "lớn, cần nhiều thời gian để đọc",
}


def _received(p: PendingUpload) -> str:
    return (
        f"Đã nhận tệp «{p.original_name}». Tệp {_WHY.get(p.reason, 'được')} nên được đọc "
        "trong nền: tiến độ hiện bên dưới và kết quả kiểm tra hiện ra ở trang này khi đọc "
        "xong, không cần tải lại trang."
    )


def _pending(request, pk: int, pending: int) -> tuple[Assignment, PendingUpload]:
    a = _assignment(request, pk)
    p = get_object_or_404(PendingUpload.objects.select_related("version"), pk=pending, assignment=a)
    return a, p


@login_required
@require_GET
def pending_status(request, pk: int, pending: int):
    """What the reporter's page polls while an upload is read in the background: the
    progress card, and once the version is stored the whole report part of the page
    for it (swapped in place: the result arrives without a reload)."""
    a, p = _pending(request, pk, pending)
    if p.state == PendingUpload.State.RUNNING:
        background.recover()  # its worker may have died: queued again, nothing lost
        p.refresh_from_db()
    target = reverse("submissions:detail", args=[a.pk])
    if p.state == PendingUpload.State.DONE and p.version is not None:
        target += f"?v={p.version.number}"
        if not request.htmx:
            return redirect(target)
        ctx = _detail_context(request, a, p.version.number, just_read=p)
        response = render(request, "submissions/_report.html", ctx)
        response["HX-Retarget"] = "#report"
        response["HX-Reswap"] = "outerHTML"
        response["HX-Push-Url"] = target
        return response
    if not request.htmx:
        return redirect(target + f"#pending-{p.pk}")
    ctx = {"a": a, "p": p, "reporter": can_report(request.user, a)}
    return render(request, "submissions/_pending.html", ctx)


@login_required
@require_POST
def pending_retry(request, pk: int, pending: int):
    a, p = _pending(request, pk, pending)
    require(can_report(request.user, a))
    if a.campaign.is_locked:
        messages.error(request, "Đợt báo cáo đã khóa: không nhận thêm báo cáo.")
    elif background.retry(p):
        messages.info(request, f"Đang đọc lại tệp «{p.original_name}» trong nền.")
    return redirect(reverse("submissions:detail", args=[a.pk]) + f"#pending-{p.pk}")


@login_required
@require_GET
def pending_download(request, pk: int, pending: int):
    """The file as the unit sent it, kept even when it could not be read."""
    _, p = _pending(request, pk, pending)
    stem = PurePosixPath(p.original_name).stem or "bao-cao"
    try:
        handle = p.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=f"{stem}.{p.file_format}")


@login_required
@require_POST
def submit(request, pk: int):
    a = _assignment(request, pk)
    require(can_report(request.user, a))
    form = SubmitForm(request.POST)
    submission = _submission(a)
    if not form.is_valid() or submission is None:
        messages.error(request, "Chưa có phiên bản nào để nộp: hãy tải lên báo cáo trước.")
        return redirect("submissions:detail", a.pk)
    version = submission.versions.filter(pk=form.cleaned_data["version"]).first()
    if version is None:
        raise Http404
    try:
        done = services.submit(submission, version, request.user)
    except services.SubmissionError as exc:
        messages.error(request, str(exc))
    else:
        if done:
            messages.success(request, f"Đã nộp báo cáo (phiên bản {version.number}).")
        else:
            messages.info(request, "Báo cáo này đã được nộp trước đó.")
    return redirect(reverse("submissions:detail", args=[a.pk]) + f"?v={version.number}")


@login_required
@require_POST
def figures(request, pk: int):
    v = _version(request, pk)
    a = v.submission.assignment
    require(can_report(request.user, a))
    form = FiguresForm(v.figures.all(), request.POST)
    saved = None
    error = ""
    if form.is_valid():
        try:
            saved = services.confirm_figures(v, form.values(), request.user)
        except services.FigureErrors as exc:
            for fpk, message in exc.errors.items():
                form.add_error(f"f{fpk}", message)
        except services.SubmissionError as exc:
            error = str(exc)
        else:
            form = FiguresForm(v.figures.all())  # fresh: values and states as now stored
    if not request.htmx:
        if saved is not None:
            messages.success(request, "Đã lưu số liệu.")
            return redirect(reverse("submissions:detail", args=[a.pk]) + f"?v={v.number}")
        ctx = _detail_context(request, a, v.number, figures_form=form, figures_error=error)
        return render(request, "submissions/detail.html", ctx, status=400)
    # 200 even for refused values: htmx swaps only successful responses into the page.
    s = v.submission
    editable = not (a.campaign.is_locked or s.status == Submission.Status.ACCEPTED)
    ctx = {"shown": v, "saved": saved, "figures_error": error}
    ctx.update(_figures_context(v, form, editable))
    # The submit bar's count of figures still to confirm follows, out of band.
    sent = s.submitted_version_id == v.pk and s.status in (
        Submission.Status.SUBMITTED,
        Submission.Status.RETURNED,
    )
    bar = {
        "a": a,
        "campaign": a.campaign,
        "oob": True,
        "can_submit": editable and not sent,
        "open_items": checkpage.open_items(v, list(v.figures.all())),
    }
    html = render_to_string("submissions/_figures.html", ctx, request) + render_to_string(
        "submissions/_submit.html", {**ctx, **bar}, request
    )
    return HttpResponse(html)


def _review(request, pk: int, action):
    a = _assignment(request, pk)
    require(can_review(request.user, a))
    submission = _submission(a)
    if submission is None:
        messages.error(request, "Đơn vị chưa nộp báo cáo.")
        return redirect("submissions:detail", a.pk)
    try:
        action(submission)
    except services.SubmissionError as exc:
        messages.error(request, str(exc))
    return redirect("submissions:detail", a.pk)


@login_required
@require_POST
def accept(request, pk: int):
    def act(submission):
        if services.accept(submission, request.user):
            messages.success(request, "Đã tiếp nhận báo cáo.")

    return _review(request, pk, act)


@login_required
@require_POST
def send_back(request, pk: int):
    form = SendBackForm(request.POST)

    def act(submission):
        if not form.is_valid():
            raise services.SubmissionError(" ".join(form.errors.get("comment", [])))
        if services.send_back(submission, request.user, form.cleaned_data["comment"]):
            messages.success(request, "Đã trả lại báo cáo cho đơn vị kèm ý kiến.")

    return _review(request, pk, act)


@login_required
@require_GET
def download(request, pk: int):
    v = _version(request, pk)
    stem = PurePosixPath(v.original_name).stem or "bao-cao"
    try:
        handle = v.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=f"{stem}.{v.file_format}")


@login_required
@require_GET
def read(request, pk: int):
    """The whole report as the engine read it."""
    v = _version(request, pk)
    return render(
        request,
        "submissions/read.html",
        {"v": v, "a": v.submission.assignment, "doc": v.reading},
    )
