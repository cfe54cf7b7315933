from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils import timezone

from tonghop.web.campaigns import services
from tonghop.web.units.models import Unit
from tonghop.web.units.services import tree_order
from tonghop.web.uploads import within_size_limit

# Text, not type=date: the browser would show its own locale's order (mm/dd/yyyy).
DATE = forms.DateInput(
    attrs={"placeholder": "dd/mm/yyyy", "size": 10, "class": "date"}, format="%d/%m/%Y"
)
MAX_TIERS = 3


class GuidelineForm(forms.Form):
    guideline = forms.FileField(
        label="Văn bản hướng dẫn (.docx, .pdf, .txt, .md)",
        error_messages={"required": "Hãy chọn tệp hướng dẫn.", "empty": "Tệp rỗng."},
    )

    def clean_guideline(self):
        return within_size_limit(self.cleaned_data["guideline"])


class UnitTick(forms.ModelMultipleChoiceField):
    base_depth = 0

    def label_from_instance(self, u: Unit) -> str:
        indent = "\u2003" * max(0, u.depth - self.base_depth - 1)
        return f"{indent}{u.name} ({u.get_kind_display().lower()})"


class UnitPick(forms.ModelChoiceField):
    base_depth = 0

    def label_from_instance(self, u: Unit) -> str:
        return "\u2003" * max(0, u.depth - self.base_depth - 1) + u.name


class CampaignForm(forms.Form):
    title = forms.CharField(
        label="Tên đợt báo cáo",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Hãy nhập tên đợt báo cáo."},
    )
    summary = forms.CharField(
        label="Tên báo cáo theo đề cương",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    period_from = forms.DateField(label="Thời kỳ báo cáo: từ ngày", required=False, widget=DATE)
    period_to = forms.DateField(label="đến ngày", required=False, widget=DATE)
    period_text = forms.CharField(label="Thời kỳ như ghi trong hướng dẫn", required=False)
    deadline = forms.DateField(
        label="Hạn cuối (ngày cuối cùng được nộp đúng hạn)",
        widget=DATE,
        error_messages={"required": "Hãy nhập hạn nộp báo cáo."},
    )
    deadline_text = forms.CharField(label="Hạn nộp như ghi trong hướng dẫn", required=False)
    receiver = forms.CharField(label="Nơi nhận báo cáo", required=False, max_length=300)
    email = forms.EmailField(
        label="E-mail nhận báo cáo",
        required=False,
        error_messages={"invalid": "Địa chỉ e-mail không hợp lệ."},
    )
    nomination_collective = forms.IntegerField(
        label="Mỗi đơn vị giới thiệu: số tập thể", required=False, min_value=0, max_value=99
    )
    nomination_individual = forms.IntegerField(
        label="số cá nhân", required=False, min_value=0, max_value=99
    )
    scope = forms.ChoiceField(
        label="Đơn vị nhận đợt báo cáo",
        choices=[
            ("nhanh", "Cả một nhánh của cây đơn vị"),
            ("loai", "Theo loại đơn vị"),
            ("chon", "Chọn từng đơn vị"),
        ],
        widget=forms.RadioSelect,
        initial="loai",
    )
    branch = UnitPick(queryset=Unit.objects.none(), label="Nhánh", required=False)
    kinds = forms.MultipleChoiceField(
        label="Loại đơn vị",
        choices=Unit.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    units = UnitTick(
        queryset=Unit.objects.none(),
        label="Đơn vị",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    recorded_past = forms.BooleanField(
        label="Đợt báo cáo đã qua (chỉ nhập lại để lưu trữ): cho phép hạn nộp trước hôm nay",
        required=False,
    )
    issuer_superior = forms.CharField(
        label="Cơ quan cấp trên (dòng đầu góc trái)",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": "THÀNH ỦY HÀ NỘI"}),
    )
    issuer = forms.CharField(
        label="Cơ quan ban hành văn bản",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": "BAN TUYÊN GIÁO"}),
    )
    symbol = forms.CharField(
        label="Ký hiệu cơ quan trong số văn bản",
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"placeholder": "BTGTU"}),
    )
    signer_authority = forms.CharField(
        label="Thẩm quyền ký",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "K/T TRƯỞNG BAN"}),
    )
    signer_title = forms.CharField(
        label="Chức vụ người ký",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "PHÓ TRƯỞNG BAN"}),
    )
    signer_name = forms.CharField(label="Họ tên người ký", required=False, max_length=100)
    template = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)
    guideline_token = forms.CharField(required=False, max_length=32, widget=forms.HiddenInput)
    copy_of = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, owner: Unit, today=None, **kw):
        super().__init__(*args, **kw)
        self.owner = owner
        self.today = today
        units = services.addressable_units(owner)
        self.unit_list = sorted(units, key=tree_order)  # one query for the whole form
        for name in ("branch", "units"):
            field = self.fields[name]
            field.queryset, field.base_depth = units, owner.depth
            # Choices in tree order from the list above; validation still asks the queryset.
            field.choices = ([("", "---------")] if name == "branch" else []) + [
                (u.pk, field.label_from_instance(u)) for u in self.unit_list
            ]
        # The meaning of the date, updated under the field as it changes.
        self.fields["deadline"].widget.attrs.update(
            {
                "hx-get": reverse("campaigns:deadline_note"),
                "hx-trigger": "change",
                "hx-target": "#deadline-note",
                "hx-swap": "outerHTML",
                "hx-include": "[name=deadline_text]",
            }
        )
        depths = sorted({u.depth - owner.depth for u in self.unit_list})
        self.tiers = [d for d in depths if d <= MAX_TIERS] if len(depths) > 1 else []
        for d in self.tiers:
            self.fields[f"tier_{d}"] = forms.DateField(
                label=f"Hạn riêng cho đơn vị cấp {d} dưới {owner.short_name or owner.name}",
                required=False,
                widget=DATE,
            )

    def tier_fields(self):
        return [self[f"tier_{d}"] for d in self.tiers]

    def clean(self):
        data = super().clean()
        tiers = {d: data.get(f"tier_{d}") for d in self.tiers if data.get(f"tier_{d}")}
        for name, message in services.check_dates(
            data.get("period_from"),
            data.get("period_to"),
            data.get("deadline"),
            tiers,
            today=self.today or timezone.localdate(),
            past=bool(data.get("recorded_past")),
        ).items():
            if name in self.fields and name not in self.errors:
                self.add_error(name, message)
        scope = data.get("scope")
        if scope == "nhanh" and not data.get("branch"):
            self.add_error("branch", "Hãy chọn nhánh đơn vị nhận đợt báo cáo.")
        elif scope == "loai" and not data.get("kinds"):
            self.add_error("kinds", "Hãy chọn ít nhất một loại đơn vị.")
        elif scope == "chon" and not data.get("units"):
            self.add_error("units", "Hãy đánh dấu ít nhất một đơn vị.")
        elif scope:
            chosen = services.choose_units(
                self.owner, scope, data.get("branch"), data.get("kinds"), data.get("units")
            )
            if not chosen:
                self.add_error("scope", "Không có đơn vị nào đang hoạt động thuộc lựa chọn này.")
            data["chosen"] = chosen
        data["tiers"] = tiers
        return data


class _RowLabels:
    """Each input of a table row named for a screen reader: «Số mục, dòng 3»."""

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        n = (self.prefix or "").rsplit("-", 1)[-1]
        row = int(n) + 1 if n.isdigit() else None
        for field in self.fields.values():
            label = str(field.label or "")
            field.widget.attrs.setdefault("aria-label", f"{label}, dòng {row}" if row else label)


class OutlineRow(_RowLabels, forms.Form):
    code = forms.CharField(label="Số mục", max_length=20, required=False)
    title = forms.CharField(
        label="Nội dung", required=False, widget=forms.Textarea(attrs={"rows": 1})
    )


class ProgrammeRow(_RowLabels, forms.Form):
    name = forms.CharField(label="Chương trình", required=False, max_length=300)
    collective = forms.IntegerField(label="Tập thể", required=False, min_value=0)
    individual = forms.IntegerField(label="Cá nhân", required=False, min_value=0)
    model = forms.IntegerField(label="Mô hình", required=False, min_value=0)
    exemplar = forms.IntegerField(label="Điển hình", required=False, min_value=0)
    exemplar_min = forms.IntegerField(label="Điển hình từ", required=False, min_value=0)
    exemplar_max = forms.IntegerField(label="đến", required=False, min_value=0)
    note = forms.CharField(label="Ghi chú", required=False, max_length=300)

    def clean(self):
        data = super().clean()
        lo, hi = data.get("exemplar_min"), data.get("exemplar_max")
        if lo is not None and hi is not None and hi < lo:
            self.add_error("exemplar_max", "Số tối đa nhỏ hơn số tối thiểu.")
        return data


class _Rows(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields and index is not None:
            form.fields["DELETE"].widget.attrs["aria-label"] = f"Xóa dòng {index + 1}"


OutlineFormSet = forms.formset_factory(OutlineRow, formset=_Rows, extra=1, can_delete=True)
ProgrammeFormSet = forms.formset_factory(ProgrammeRow, formset=_Rows, extra=1, can_delete=True)
