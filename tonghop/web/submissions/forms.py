"""Input of the reporter's and the reviewer's forms, checked before any service runs."""

from __future__ import annotations

from django import forms

from tonghop.web.submissions.services import ACCEPT


class UploadForm(forms.Form):
    # Empty files pass here so the engine gives its own message ("Tệp rỗng ...").
    file = forms.FileField(
        label="Tệp báo cáo (.docx, .pdf, .txt, .md)",
        allow_empty_file=True,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        error_messages={
            "required": "Hãy chọn tệp báo cáo để tải lên.",
            "invalid": "Không nhận được tệp: hãy chọn lại tệp rồi tải lên.",
            "missing": "Không nhận được tệp: hãy chọn lại tệp rồi tải lên.",
        },
    )


class SubmitForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class SendBackForm(forms.Form):
    comment = forms.CharField(
        label="Ý kiến gửi đơn vị",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages={
            "required": "Hãy ghi ý kiến khi trả lại báo cáo, để đơn vị biết cần sửa những gì."
        },
    )


class FiguresForm(forms.Form):
    """One text box per figure, named f<pk>; the service decides what is a number."""

    def __init__(self, figures, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.figures = list(figures)
        for f in self.figures:
            self.fields[f"f{f.pk}"] = forms.CharField(
                label=f"Số liệu thứ {f.order}",
                required=False,
                max_length=40,
                initial=f.value_text,
                widget=forms.TextInput(
                    attrs={
                        "aria-label": f"Số liệu thứ {f.order}",
                        "inputmode": "decimal",
                        "size": 14,
                    }
                ),
                error_messages={"max_length": "Giá trị quá dài, không phải là một số."},
            )

    def values(self) -> dict[int, str]:
        """What was sent; a figure left out of the POST is left as it is."""
        return {
            f.pk: self.cleaned_data.get(f"f{f.pk}", "")
            for f in self.figures
            if f"f{f.pk}" in self.data
        }

    def rows(self):
        """(figure, bound field) pairs for the template."""
        return [(f, self[f"f{f.pk}"]) for f in self.figures]
