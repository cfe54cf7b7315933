"""Forms of the consolidation pages: field checks only; the work is in services."""

from __future__ import annotations

from django import forms

from tonghop.web.campaigns.models import Campaign
from tonghop.web.consolidation.models import Indicator
from tonghop.web.consolidation.services import ConsolidationError, parse_value

QUALIFIERS = [
    ("", "(đúng bằng)"),
    ("trên", "trên"),
    ("hơn", "hơn"),
    ("khoảng", "khoảng"),
    ("gần", "gần"),
]


class IndicatorForm(forms.ModelForm):
    keywords_text = forms.CharField(
        label="Từ khóa (cách nhau bởi dấu phẩy)",
        required=False,
        help_text="Câu chứa số liệu phải có một trong các từ này, ví dụ: học tập, quán triệt.",
    )

    class Meta:
        model = Indicator
        fields = ["name", "unit", "outline_item", "year", "aggregation", "numerator", "denominator"]

    def __init__(self, campaign: Campaign, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        items = [("", "(không thuộc mục nào)")] + [
            (i.code, f"{i.code}. {i.title[:80]}") for i in campaign.outline.order_by("order")
        ]
        self.fields["outline_item"] = forms.ChoiceField(
            label="Mục đề cương", choices=items, required=False
        )
        parts = Indicator.objects.filter(campaign=campaign, retired=False, aggregation="sum")
        if self.instance.pk:
            parts = parts.exclude(pk=self.instance.pk)
        self.fields["numerator"].queryset = parts
        self.fields["denominator"].queryset = parts
        self.fields["numerator"].help_text = "Chỉ với chỉ tiêu tỷ lệ: số đếm ở trên gạch."
        self.fields["denominator"].help_text = "Chỉ với chỉ tiêu tỷ lệ: số đếm ở dưới gạch."
        self.fields["year"].widget.attrs.update(min=1945, max=2100)
        if self.instance.pk:
            self.fields["keywords_text"].initial = ", ".join(self.instance.keywords or [])

    def clean_year(self):
        year = self.cleaned_data.get("year")
        if year is not None and not 1945 <= year <= 2100:
            raise forms.ValidationError("Năm không hợp lệ.")
        return year

    def clean(self):
        data = super().clean()
        if data.get("aggregation") == "ratio":
            num, den = data.get("numerator"), data.get("denominator")
            if not num or not den:
                raise forms.ValidationError(
                    "Chỉ tiêu tỷ lệ cần chọn tử số và mẫu số: tỷ lệ được tính từ hai số đếm, "
                    "không lấy trung bình các tỷ lệ."
                )
            if num == den:
                raise forms.ValidationError("Tử số và mẫu số phải là hai chỉ tiêu khác nhau.")
        data["keywords"] = [
            w.strip() for w in (data.get("keywords_text") or "").split(",") if w.strip()
        ]
        return data


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(label="Gộp vào chỉ tiêu", queryset=Indicator.objects.none())

    def __init__(self, indicator: Indicator, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = Indicator.objects.filter(
            campaign_id=indicator.campaign_id, retired=False, aggregation=indicator.aggregation
        ).exclude(pk=indicator.pk)


class CopyForm(forms.Form):
    source = forms.ModelChoiceField(
        label="Sao chép danh mục từ đợt báo cáo", queryset=Campaign.objects.none()
    )

    def __init__(self, campaigns, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = campaigns


class ValueForm(forms.Form):
    assignment = forms.IntegerField(widget=forms.HiddenInput)
    value = forms.CharField(label="Giá trị đúng", max_length=40)
    qualifier = forms.ChoiceField(label="Kèm chữ", choices=QUALIFIERS, required=False)
    reason = forms.CharField(
        label="Lý do", max_length=500, required=False, widget=forms.TextInput(attrs={"size": 40})
    )

    def clean_value(self):
        try:
            return parse_value(self.cleaned_data["value"])
        except ConsolidationError as exc:
            raise forms.ValidationError(str(exc)) from None


class DraftForm(forms.Form):
    superior = forms.CharField(label="Cấp ủy cấp trên (dòng đầu bên trái)", required=False)
    issuer = forms.CharField(label="Cơ quan ban hành", max_length=200)
    number = forms.CharField(label="Số, ký hiệu", max_length=60, required=False)
    place = forms.CharField(label="Địa danh", max_length=60, required=False)
    date = forms.DateField(
        label="Ngày ban hành", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    summary = forms.CharField(label="Trích yếu", widget=forms.Textarea(attrs={"rows": 2}))
    signer_capacity = forms.CharField(label="Thẩm quyền ký (T/M, K/T)", required=False)
    signer_position = forms.CharField(label="Chức vụ người ký", required=False)
    signer_name = forms.CharField(label="Họ tên người ký", required=False)
    recipients = forms.CharField(
        label="Nơi nhận (mỗi dòng một nơi)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    comments = forms.BooleanField(
        label="Kèm nguồn dưới dạng chú thích Word (comments)", required=False
    )

    def options(self) -> dict:
        d = dict(self.cleaned_data)
        d["date"] = d["date"].isoformat()
        d["recipients"] = [x.strip() for x in d["recipients"].splitlines() if x.strip()]
        return d
