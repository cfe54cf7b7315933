"""Builders for the exemplars tests: a real PNG photo and nomination form data."""

from __future__ import annotations

import pymupdf


def png(width: int = 40, height: int = 30, grey: int = 200) -> bytes:
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, width, height))
    pix.clear_with(grey)  # a fresh pixmap holds whatever memory it got
    return pix.tobytes("png")


def person_data(name="Nguyễn Văn An", year=1980, **kw):
    return {
        "kind": "individual",
        "name": name,
        "birth_year": year,
        "gender": "nam",
        "ethnicity": "Kinh",
        "position": "Bí thư chi bộ",
        "workplace": "Phường 1",
        "summary": "Nhiều năm liền hoàn thành xuất sắc nhiệm vụ.",
        **kw,
    }


def group_data(name="Chi bộ khu phố 3", kind="collective", **kw):
    return {
        "kind": kind,
        "name": name,
        "parent_org": "Đảng ủy phường",
        "summary": "Tiêu biểu.",
        **kw,
    }


def same_picture(a: bytes, b: bytes) -> bool:
    """Same size and pixels: a stored photo is re-encoded, so its bytes differ."""
    import io

    from PIL import Image

    with Image.open(io.BytesIO(a)) as x, Image.open(io.BytesIO(b)) as y:
        return x.size == y.size and x.convert("RGB").tobytes() == y.convert("RGB").tobytes()
