"""Checks every upload form shares."""

from pathlib import PurePosixPath

from django import forms
from django.conf import settings

from tonghop.model import ReadError


def within_size_limit(f):
    """Refuse a file above UPLOAD_MAX_BYTES with the limit in MB; return it otherwise."""
    if f.size > settings.UPLOAD_MAX_BYTES:
        raise forms.ValidationError(
            f"Tệp quá lớn: giới hạn là {settings.UPLOAD_MAX_BYTES // (1024 * 1024)} MB."
        )
    return f


_BINARY_NAMES = {
    ".docx": "tệp Word (.docx)",
    ".pdf": "tệp PDF",
    ".doc": "tệp Word (.doc)",
    ".odt": "tệp OpenDocument (.odt)",
    ".xlsx": "tệp Excel",
}


def refuse_text_named_binary(fmt: str, filename: str) -> None:
    """A file named .docx or .pdf whose content is plain text is not what its name says
    (a renamed note, a failed download): refused like a picture named .pdf."""
    suffix = PurePosixPath(filename.lower()).suffix
    if fmt in ("txt", "md") and suffix in _BINARY_NAMES:
        raise ReadError(
            f"Tệp «{filename}» không phải là {_BINARY_NAMES[suffix]}: nội dung chỉ là văn bản "
            "thuần. Hãy mở tệp bằng Word, lưu lại dưới dạng .docx hoặc .pdf rồi tải lên."
        )
