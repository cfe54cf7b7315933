from __future__ import annotations

import datetime as dt

from django import forms

from tonghop.web.units.models import Unit
from tonghop.web.uploads import within_size_limit

# Text, not type=date: the browser would show its own locale's order (mm/dd/yyyy).
DATE = forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "size": 10}, format="%d/%m/%Y")


class UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, u: Unit) -> str:
        indent = "\u2003" * max(0, u.depth - getattr(self, "base_depth", 1))
        closed = " (đã đóng)" if u.closed_on else ""
        return f"{indent}{u.name} [{u.code}]{closed}"


def _units_field(root: Unit, label: str, open_only: bool, **kw) -> UnitChoice:
    qs = root.subtree()
    if open_only:
        qs = qs.filter(closed_on__isnull=True)
    field = UnitChoice(queryset=qs, label=label, **kw)
    field.base_depth = root.depth
    return field


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["code", "name", "short_name", "kind", "parent", "email", "opened_on"]
        widgets = {"opened_on": DATE}
        error_messages = {"code": {"unique": "Mã đơn vị này đã có: mỗi đơn vị một mã riêng."}}

    def __init__(self, *args, root: Unit, **kw):
        super().__init__(*args, **kw)
        if self.instance.pk:
            # Moving is its own page: it records where the unit stood before.
            del self.fields["parent"]
        else:
            self.fields["parent"] = _units_field(root, "Đơn vị cấp trên", open_only=True)
        self.fields["name"].error_messages["required"] = "Hãy nhập tên đơn vị."
        self.fields["code"].error_messages["required"] = "Hãy nhập mã đơn vị."

    def clean_code(self):
        return self.cleaned_data["code"].strip()


class MoveForm(forms.Form):
    new_parent = forms.ModelChoiceField(queryset=Unit.objects.none(), label="Chuyển về trực thuộc")
    moved_on = forms.DateField(label="Ngày chuyển", initial=dt.date.today, widget=DATE)

    def __init__(self, *args, root: Unit, **kw):
        super().__init__(*args, **kw)
        self.fields["new_parent"] = _units_field(
            root,
            "Chuyển về trực thuộc",
            open_only=True,
            error_messages={"required": "Hãy chọn đơn vị cấp trên mới."},
        )


class CloseForm(forms.Form):
    closed_on = forms.DateField(label="Ngày đóng (giải thể, sáp nhập)", widget=DATE)

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.fields["closed_on"].initial = dt.date.today


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Tệp danh sách đơn vị (.xlsx hoặc .csv)",
        error_messages={"required": "Hãy chọn tệp cần nhập.", "empty": "Tệp rỗng."},
    )

    def clean_file(self):
        return within_size_limit(self.cleaned_data["file"])
