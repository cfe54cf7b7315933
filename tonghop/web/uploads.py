"""Checks every upload form shares."""

from django import forms
from django.conf import settings


def within_size_limit(f):
    """Refuse a file above UPLOAD_MAX_BYTES with the limit in MB; return it otherwise."""
    if f.size > settings.UPLOAD_MAX_BYTES:
        raise forms.ValidationError(
            f"Tệp quá lớn: giới hạn là {settings.UPLOAD_MAX_BYTES // (1024 * 1024)} MB."
        )
    return f
