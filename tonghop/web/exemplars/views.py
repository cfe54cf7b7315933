"""Nomination pages of a unit and the department's selection board.  Thin: rules
in accounts.access, work in exemplars.services.

A nominee of a unit the user may not read answers 404 (a guessed id tells
nothing); an action the user may read but not do answers 403.
"""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tonghop.web.accounts.access import (
    can_download_dossier,
    can_edit_nominee,
    can_export_nominations,
    can_manage_campaign,
    can_read_campaign,
    can_read_nominee,
    may_nominate,
    nominating_unit,
    nominee_units,
    require,
)
from tonghop.web.campaigns.models import Campaign
from tonghop.web.downloads import image_response
from tonghop.web.exemplars import exports, services
from tonghop.web.exemplars.forms import NomineeForm
from tonghop.web.exemplars.models import Nominee, Programme, Selection


def _campaign(request, pk: int) -> Campaign:
    c = get_object_or_404(Campaign.objects.select_related("owner"), pk=pk)
    if not can_read_campaign(request.user, c):
        raise Http404
    return c


def _reporter_unit(request, c: Campaign):
    """The reporter's own unit, if addressed by the campaign."""
    require(may_nominate(request.user))
    u = nominating_unit(request.user, c)
    if u is None:
        raise Http404
    return u


def _nominee(request, pk: int) -> Nominee:
    n = get_object_or_404(Nominee.objects.select_related("campaign__owner", "unit"), pk=pk)
    if not can_read_nominee(request.user, n):
        raise Http404
    return n


def _own_draft(request, n: Nominee) -> None:
    require(can_edit_nominee(request.user, n))


# --------------------------------------------------------------------------
# the unit


@login_required
@require_GET
def unit(request, pk: int):
    c = _campaign(request, pk)
    if not may_nominate(request.user):
        return redirect("exemplars:campaign", pk=c.pk)
    u = _reporter_unit(request, c)
    published = services.is_published(c)
    rows = list(
        Nominee.objects.filter(campaign=c, unit=u)
        .select_related("campaign")
        .prefetch_related("selections__programme")
    )
    for n in rows:
        n.outcome = services.outcome(n) if published and not n.is_draft else ""
        n.may_withdraw = not n.is_draft and services.may_withdraw(n, published)
    return render(
        request,
        "exemplars/unit.html",
        {
            "campaign": c,
            "unit": u,
            "rows": rows,
            "quota": services.unit_quota(c),
            "published": published,
        },
    )


def _save(request, c: Campaign, u, form: NomineeForm, nominee: Nominee | None):
    data = form.cleaned_data
    try:
        n = services.save_draft(
            c,
            u,
            request.user,
            {k: data.get(k) for k in services.FIELDS},
            nominee=nominee,
            photo=data.get("photo"),
            files=data.get("files", []),
        )
    except services.NominationError as exc:
        form.add_error(None, str(exc))
        return None
    messages.success(request, f"Đã lưu bản nháp hồ sơ “{n.name}”.")
    return redirect("exemplars:unit", pk=c.pk)


@login_required
@require_http_methods(["GET", "POST"])
def new(request, pk: int):
    c = _campaign(request, pk)
    u = _reporter_unit(request, c)
    form = NomineeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        done = _save(request, c, u, form, None)
        if done:
            return done
    status = 400 if request.method == "POST" else 200
    ctx = {"campaign": c, "form": form, "nominee": None}
    return render(request, "exemplars/form.html", ctx, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    n = _nominee(request, pk)
    _own_draft(request, n)
    if not n.is_draft:
        messages.error(request, "Hồ sơ đã gửi, không sửa được nữa.")
        return redirect("exemplars:nominee", pk=n.pk)
    form = NomineeForm(request.POST or None, request.FILES or None, instance=n)
    if request.method == "POST" and form.is_valid():
        done = _save(request, n.campaign, n.unit, form, Nominee.objects.get(pk=n.pk))
        if done:
            return done
    status = 400 if request.method == "POST" else 200
    ctx = {"campaign": n.campaign, "form": form, "nominee": n}
    return render(request, "exemplars/form.html", ctx, status=status)


@login_required
@require_POST
def submit(request, pk: int):
    n = _nominee(request, pk)
    _own_draft(request, n)
    try:
        services.submit(n, request.user)
    except services.NominationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Đã gửi hồ sơ “{n.name}” tới {n.campaign.owner.name}.")
    return redirect("exemplars:unit", pk=n.campaign_id)


@login_required
@require_GET
def nominee(request, pk: int):
    n = _nominee(request, pk)
    published = services.is_published(n.campaign)
    show_outcome = published or can_manage_campaign(request.user, n.campaign)
    return render(
        request,
        "exemplars/nominee.html",
        {
            "n": n,
            "campaign": n.campaign,
            "files": n.files.all(),
            "outcome": services.outcome(n) if show_outcome and not n.is_draft else "",
            "own": can_edit_nominee(request.user, n),
        },
    )


@login_required
@require_GET
def photo(request, pk: int):
    n = _nominee(request, pk)
    if not n.photo:
        raise Http404
    try:
        handle = n.photo.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    return image_response(handle, n.photo_name or "anh")


# --------------------------------------------------------------------------
# the department


def _board(request, c: Campaign, error: str = "") -> dict:
    programmes = services.programmes_for(c)
    for p in programmes:
        p.is_book, p.is_exhibition = exports.is_book(p), exports.is_exhibition(p)
    nominees = Nominee.objects.filter(campaign=c, status=Nominee.Status.SUBMITTED)
    units = nominee_units(request.user, c)
    if units is not None:
        nominees = nominees.filter(unit__in=units)  # a leader's part
    nominees = list(nominees.select_related("unit"))
    shown = {n.pk for n in nominees}
    chosen = set(
        Selection.objects.filter(programme__campaign=c).values_list("programme_id", "nominee_id")
    )
    dups = services.likely_duplicates(c)
    rows = [
        {
            "n": n,
            # Only likely duplicates the user may see: not another branch's names.
            "dups": [d for d in dups.get(n.pk, []) if d.pk in shown],
            "cells": [{"p": p, "on": (p.pk, n.pk) in chosen} for p in programmes],
        }
        for n in nominees
    ]
    counted = services.counters(programmes)
    return {
        "campaign": c,
        "programmes": programmes,
        "counters": counted,
        "shortfalls": services.shortfalls(c, counted),
        "rows": rows,
        "manager": can_manage_campaign(request.user, c),
        "exporter": can_export_nominations(request.user, c),
        "published": services.is_published(c),
        "error": error,
    }


@login_required
@require_GET
def campaign(request, pk: int):
    c = _campaign(request, pk)
    if may_nominate(request.user):
        return redirect("exemplars:unit", pk=c.pk)
    # Like the dashboard: the staff running the campaign, or leaders; not the staff
    # of one addressed unit, who must not read the other units' nominees.
    require(can_export_nominations(request.user, c))
    return render(request, "exemplars/campaign.html", _board(request, c))


def _board_response(request, c: Campaign, error: str = ""):
    if request.htmx:
        return render(request, "exemplars/_board.html", _board(request, c, error))
    if error:
        messages.error(request, error)
    return redirect("exemplars:campaign", pk=c.pk)


@login_required
@require_POST
def select(request, pk: int):
    c = _campaign(request, pk)
    require(can_manage_campaign(request.user, c))
    p = get_object_or_404(Programme, pk=request.POST.get("programme", 0), campaign=c)
    n = get_object_or_404(
        Nominee, pk=request.POST.get("nominee", 0), campaign=c, status=Nominee.Status.SUBMITTED
    )
    error = ""
    if request.POST.get("chon"):
        try:
            services.select(p, n, request.user)
        except services.NominationError as exc:
            error = str(exc)
    else:
        services.unselect(p, n)
    return _board_response(request, c, error)


@login_required
@require_POST
def discipline(request, pk: int):
    n = _nominee(request, pk)
    require(can_manage_campaign(request.user, n.campaign))
    services.set_discipline(n, bool(request.POST.get("ky_luat")))
    return _board_response(request, n.campaign)


@login_required
@require_POST
def publish(request, pk: int):
    c = _campaign(request, pk)
    require(can_manage_campaign(request.user, c))
    try:
        services.publish(c, request.user, below_minimum=request.POST.get("duoi_toi_thieu") == "1")
    except services.BelowMinimum as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Đã công bố kết quả tuyển chọn cho các đơn vị.")
    return redirect("exemplars:campaign", pk=c.pk)


@login_required
@require_POST
def withdraw(request, pk: int):
    """A unit takes back a nomination sent by mistake, until staff act on it."""
    n = _nominee(request, pk)
    _own_draft(request, n)
    try:
        services.withdraw(n, request.user)
    except services.NominationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Đã rút lại hồ sơ “{n.name}”; hồ sơ trở lại bản nháp.")
    return redirect("exemplars:unit", pk=n.campaign_id)


@login_required
@require_POST
def delete(request, pk: int):
    n = _nominee(request, pk)
    _own_draft(request, n)
    try:
        name = services.delete_draft(n, request.user)
    except services.NominationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Đã xóa bản nháp hồ sơ “{name}”.")
    return redirect("exemplars:unit", pk=n.campaign_id)


# --------------------------------------------------------------------------
# exports: staff who run the campaign, and leaders (read only) who may read it


def _download(data: bytes, name: str, content_type: str):
    return FileResponse(
        io.BytesIO(data), as_attachment=True, filename=name, content_type=content_type
    )


EXPORTS = {
    # kind in the URL: (file prefix, extension, does it apply to the programme?)
    "danh-sach-docx": ("danh-sach-de-nghi", "docx", lambda p: True),
    "danh-sach-xlsx": ("danh-sach-de-nghi", "xlsx", lambda p: True),
    "ban-thao": ("ban-thao-sach", "docx", exports.is_book),
    "trien-lam": ("danh-sach-trien-lam", "docx", exports.is_exhibition),
}


@login_required
@require_GET
def programme_export(request, pk: int, kind: str):
    p = get_object_or_404(Programme.objects.select_related("campaign__owner__parent"), pk=pk)
    c = p.campaign
    if not can_read_campaign(request.user, c) or kind not in EXPORTS:
        raise Http404
    require(can_export_nominations(request.user, c))
    prefix, ext, applies = EXPORTS[kind]
    if not applies(p):
        raise Http404
    units = nominee_units(request.user, c)  # a branch's leader: their branch's nominees
    if kind == "danh-sach-docx":
        data = exports.proposal_docx(p, units)
    elif kind == "danh-sach-xlsx":
        data = exports.proposal_xlsx(p, units)
    elif kind == "ban-thao":
        data = exports.book_docx(p, units)
    else:
        data = exports.exhibition_docx(p, units)
    mime = exports.XLSX if ext == "xlsx" else exports.DOCX
    return _download(data, exports.filename(prefix, p.name, ext), mime)


@login_required
@require_GET
def dossier(request, pk: int):
    """A reporter gets their own unit's dossiers (drafts too); another unit's answers 404."""
    n = _nominee(request, pk)
    require(can_download_dossier(request.user, n))
    data = exports.dossier(n)
    return _download(data, exports.filename("ho-so", n.name, "docx"), exports.DOCX)
