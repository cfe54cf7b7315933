"""Stored files sent back to the browser with the type of what they are.

An uploaded file is never served under the type its name claims: a picture goes out
as the image its bytes are (inline, so a page can show it), anything else as a download
(`Content-Disposition: attachment`).  With `X-Content-Type-Options: nosniff` (Django's
SecurityMiddleware, on every response) no browser runs a stored file as a page.
"""

from __future__ import annotations

import io
from pathlib import PurePosixPath
from typing import BinaryIO

from django.http import FileResponse

# The first bytes of the image formats a browser shows: photos are stored re-encoded as
# PNG or JPEG; older uploads may be anything.
_IMAGES = (
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"GIF87a", "image/gif", "gif"),
    (b"GIF89a", "image/gif", "gif"),
)


def image_type(head: bytes) -> tuple[str, str] | None:
    """(MIME type, extension) of an image from its first bytes, else None."""
    for magic, mime, ext in _IMAGES:
        if head.startswith(magic):
            return mime, ext
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp", "webp"
    return None


def image_response(handle: BinaryIO, filename: str) -> FileResponse:
    """A stored picture shown inline as the image it is; if its bytes are no image, a
    download of unknown type (never a page)."""
    head = handle.read(16)
    handle.seek(0)
    found = image_type(head)
    stem = PurePosixPath(filename).stem or "anh"
    if found is None:
        return FileResponse(
            handle,
            as_attachment=True,
            filename=f"{stem}.bin",
            content_type="application/octet-stream",
        )
    mime, ext = found
    return FileResponse(handle, filename=f"{stem}.{ext}", content_type=mime)


def attachment(handle: BinaryIO, filename: str, content_type: str) -> FileResponse:
    """A download with a stated type (the guideline, a report version)."""
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)


_DOCUMENTS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
    "odt": "application/vnd.oasis.opendocument.text",
    "rtf": "application/rtf",
    "txt": "text/plain; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
}


def document_response(handle: BinaryIO, filename: str) -> FileResponse:
    """A stored document (a guideline) as a download named and typed by its content: a
    text file someone named .html goes out as .txt, text/plain."""
    from tonghop.model import ReadError
    from tonghop.readers import sniff

    data = handle.read()
    handle.close()
    name = PurePosixPath(filename)
    try:
        fmt = sniff(data, name.name)
    except ReadError:
        fmt = ""
    mime = _DOCUMENTS.get(fmt, "application/octet-stream")
    out = f"{name.stem or 'tep'}.{fmt or 'bin'}"
    return FileResponse(io.BytesIO(data), as_attachment=True, filename=out, content_type=mime)
