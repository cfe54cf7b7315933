"""The organisation tree pages: staff only, inside their own subtree."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from tonghop.web.accounts.access import can_record_unit_changes, require
from tonghop.web.units import services
from tonghop.web.units.forms import CloseForm, ImportForm, MoveForm, UnitForm
from tonghop.web.units.models import Unit, UnitMove


def _root(request) -> Unit:
    root = services.staff_root(request.user)
    require(root is not None)
    return root


def _unit(root: Unit, pk: int) -> Unit:
    """A unit of the staff member's subtree; any other id is simply not found."""
    unit = get_object_or_404(Unit.objects.select_related("parent"), pk=pk)
    if not services.within(root, unit):
        raise Http404
    return unit


def _errors(exc: ValidationError) -> list[str]:
    return list(exc.messages)


@login_required
def tree(request):
    root = _root(request)
    units = sorted(root.subtree(), key=services.tree_order)
    base = root.depth
    for u in units:
        u.indent = u.depth - base
    return render(
        request,
        "units/tree.html",
        {
            "root": root,
            "units": units,
            "open_count": sum(1 for u in units if not u.closed_on),
            "closed_count": sum(1 for u in units if u.closed_on),
            "can_record_changes": can_record_unit_changes(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    root = _root(request)
    initial = {}
    if request.GET.get("cap_tren"):
        parent = Unit.objects.filter(pk=request.GET["cap_tren"]).first()
        if parent and services.within(root, parent):
            initial["parent"] = parent
    form = UnitForm(request.POST or None, root=root, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.create_unit(request.user, root, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Đã thêm đơn vị «{unit.name}».")
            return redirect("units:tree")
    return render(request, "units/form.html", {"form": form, "root": root, "creating": True})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    root = _root(request)
    unit = _unit(root, pk)
    form = UnitForm(request.POST or None, instance=unit, root=root)
    if request.method == "POST" and form.is_valid():
        services.update_unit(request.user, root, unit, **form.cleaned_data)
        messages.success(request, f"Đã lưu thông tin «{unit.name}».")
        return redirect("units:tree")
    moves = UnitMove.objects.filter(unit=unit).select_related(
        "old_parent", "new_parent", "moved_by"
    )
    return render(
        request,
        "units/form.html",
        {"form": form, "root": root, "unit": unit, "moves": moves, "close_form": CloseForm()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def move(request, pk: int):
    root = _root(request)
    unit = _unit(root, pk)
    form = MoveForm(request.POST or None, root=root)
    if request.method == "POST" and form.is_valid():
        try:
            services.move_unit(
                request.user,
                root,
                unit,
                form.cleaned_data["new_parent"],
                on=form.cleaned_data["moved_on"],
            )
        except ValidationError as exc:
            form.add_error("new_parent", exc)
        else:
            messages.success(
                request,
                f"Đã chuyển «{unit.name}» về trực thuộc «{form.cleaned_data['new_parent'].name}».",
            )
            return redirect("units:tree")
    return render(request, "units/move.html", {"form": form, "unit": unit, "root": root})


@login_required
@require_POST
def close(request, pk: int):
    root = _root(request)
    unit = _unit(root, pk)
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Ngày đóng không hợp lệ: hãy nhập ngày theo dạng dd/mm/yyyy.")
        return redirect("units:edit", pk=unit.pk)
    try:
        services.close_unit(request.user, root, unit, on=form.cleaned_data["closed_on"])
    except ValidationError as exc:
        for m in _errors(exc):
            messages.error(request, m)
        return redirect("units:edit", pk=unit.pk)
    messages.success(request, f"Đã đóng đơn vị «{unit.name}». Lịch sử báo cáo vẫn được giữ.")
    return redirect("units:tree")


@login_required
@require_POST
def reopen(request, pk: int):
    root = _root(request)
    unit = _unit(root, pk)
    try:
        services.reopen_unit(request.user, root, unit)
    except ValidationError as exc:
        for m in _errors(exc):
            messages.error(request, m)
    else:
        messages.success(request, f"Đã mở lại đơn vị «{unit.name}».")
    return redirect("units:edit", pk=unit.pk)


@login_required
@require_http_methods(["GET", "POST"])
def import_file(request):
    root = _root(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        try:
            result = services.import_units(request.user, root, f.read(), f.name)
        except ValidationError as exc:
            errors = _errors(exc)
        else:
            messages.success(
                request,
                f"Đã nhập tệp «{f.name}»: thêm {len(result.created)} đơn vị, cập nhật "
                f"{len(result.updated)} đơn vị (trong đó chuyển cấp trên {len(result.moved)}).",
            )
            return redirect("units:tree")
    return render(
        request,
        "units/import.html",
        {
            "form": form,
            "errors": errors,
            "root": root,
            "kinds": Unit.Kind.choices,
            "header": services.HEADER_HELP,
        },
    )
