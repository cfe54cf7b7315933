"""Input of a nomination, checked by the same rules as the service."""

from __future__ import annotations

from django import forms

from tonghop.web.exemplars import services
from tonghop.web.exemplars.models import Nominee


class NomineeForm(forms.ModelForm):
    photo_upload = forms.FileField(
        label="Ảnh (JPG, PNG; không quá 10 MB)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )
    supporting = forms.FileField(label="Tài liệu kèm theo", required=False)

    class Meta:
        model = Nominee
        fields = list(services.FIELDS)
        widgets = {"summary": forms.Textarea(attrs={"rows": 8})}
        error_messages = {
            "summary": {"required": "Hãy ghi tóm tắt thành tích; không được để trống."},
            "name": {"required": "Hãy ghi họ và tên (hoặc tên tập thể, mô hình)."},
            "birth_year": {"invalid": "Năm sinh phải là một số, ví dụ 1975."},
        }

    def clean(self):
        data = super().clean()
        for field, message in services.check_fields(data).items():
            if field not in self.errors:
                self.add_error(field, message)
        photo = data.get("photo_upload")
        if photo:
            content = photo.read()
            try:
                services.check_photo(content)
            except services.NominationError as exc:
                self.add_error("photo_upload", str(exc))
            else:
                data["photo"] = (content, photo.name)
        up = data.get("supporting")
        data["files"] = [(up.read(), up.name)] if up else []
        return data
