"""Forms of the tree's changes page: a merger, a split, a rename, a move (Vietnamese)."""

from __future__ import annotations

import datetime as dt

from django import forms

from tonghop.web.units.forms import DATE, UnitChoice
from tonghop.web.units.models import Unit

KINDS = {"sap-nhap": "Sáp nhập", "chia-tach": "Chia tách", "doi-ten": "Đổi tên", "chuyen": "Chuyển"}


class UnitsChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, u: Unit) -> str:
        return UnitChoice.label_from_instance(self, u)


def _open_units(root: Unit):
    return root.subtree(include_self=False).filter(closed_on__isnull=True)


def _one(root: Unit, label: str, required: bool = True, with_root: bool = False) -> UnitChoice:
    qs = (root.subtree() if with_root else _open_units(root)).filter(closed_on__isnull=True)
    f = UnitChoice(
        queryset=qs,
        label=label,
        required=required,
        error_messages={"required": "Hãy chọn đơn vị.", "invalid_choice": "Đơn vị không hợp lệ."},
    )
    f.base_depth = root.depth
    return f


def _many(root: Unit, label: str, required: bool = True) -> UnitsChoice:
    f = UnitsChoice(
        queryset=_open_units(root),
        label=label,
        required=required,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        error_messages={
            "required": "Hãy chọn các đơn vị.",
            "invalid_choice": "Đơn vị không hợp lệ.",
            "invalid_pk_value": "Đơn vị không hợp lệ.",
        },
    )
    f.base_depth = root.depth
    return f


def _on() -> forms.DateField:
    return forms.DateField(
        label="Ngày thay đổi",
        widget=DATE,
        initial=dt.date.today,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        error_messages={
            "required": "Hãy nhập ngày thay đổi.",
            "invalid": "Ngày viết theo dạng ngày/tháng/năm, ví dụ 01/07/2025.",
        },
    )


class MergeForm(forms.Form):
    kind = "sap-nhap"

    def __init__(self, *args, root: Unit, **kw):
        super().__init__(*args, prefix="sn", **kw)
        self.fields["sources"] = _many(root, "Các đơn vị sáp nhập")
        self.fields["target"] = _one(root, "Thành đơn vị đã có trong cây", required=False)
        self.fields["new_code"] = forms.CharField(
            label="hoặc đơn vị mới: mã", required=False, max_length=40
        )
        self.fields["new_name"] = forms.CharField(
            label="tên đơn vị mới", required=False, max_length=255
        )
        self.fields["on"] = _on()

    def clean(self):
        d = super().clean()
        code, name = (d.get("new_code") or "").strip(), (d.get("new_name") or "").strip()
        if (code or name) and not (code and name):
            raise forms.ValidationError("Đơn vị mới: hãy nhập cả mã và tên.")
        if (code and name) and d.get("target"):
            raise forms.ValidationError("Chọn đơn vị đã có hoặc nhập đơn vị mới, không cả hai.")
        d["new"] = (code, name) if code and name else None
        return d


class SplitForm(forms.Form):
    kind = "chia-tach"

    def __init__(self, *args, root: Unit, **kw):
        super().__init__(*args, prefix="ct", **kw)
        self.fields["source"] = _one(root, "Đơn vị chia tách")
        self.fields["pieces"] = _many(root, "Thành các đơn vị đã có trong cây", required=False)
        self.fields["new_units"] = forms.CharField(
            label="và/hoặc các đơn vị mới (mỗi dòng: mã; tên đơn vị)",
            required=False,
            max_length=20000,
            widget=forms.Textarea(attrs={"rows": 3}),
        )
        self.fields["on"] = _on()


class RenameForm(forms.Form):
    kind = "doi-ten"

    def __init__(self, *args, root: Unit, **kw):
        super().__init__(*args, prefix="dt", **kw)
        self.fields["unit"] = _one(root, "Đơn vị đổi tên")
        self.fields["name"] = forms.CharField(
            label="Tên mới",
            max_length=255,
            error_messages={"required": "Hãy nhập tên mới của đơn vị."},
        )
        self.fields["on"] = _on()


class MoveForm(forms.Form):
    kind = "chuyen"

    def __init__(self, *args, root: Unit, **kw):
        super().__init__(*args, prefix="cd", **kw)
        self.fields["unit"] = _one(root, "Đơn vị chuyển")
        self.fields["parent"] = _one(root, "Về trực thuộc", with_root=True)
        self.fields["on"] = _on()


FORMS = {f.kind: f for f in (MergeForm, SplitForm, RenameForm, MoveForm)}
