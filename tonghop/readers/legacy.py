"""Legacy word-processor files (.doc, .odt, .rtf): converted to .docx by LibreOffice, then
read by the .docx reader, footnotes included.

Each conversion runs headless with a profile of its own in a private temporary folder,
so two conversions at once never share LibreOffice's lock, and with a time limit.  The
converted file lives only in that folder: the user's own file is what is kept.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from tonghop.model import RawDocument, ReadError

TIMEOUT_S = int(os.environ.get("TONGHOP_CONVERT_TIMEOUT", "120"))
NAMES = {"doc": "Word 97-2003 (.doc)", "odt": "OpenDocument (.odt)", "rtf": "RTF (.rtf)"}


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_docx(data: bytes, fmt: str, timeout: float = TIMEOUT_S) -> bytes:
    """The .docx that LibreOffice makes of `data` (a file of format `fmt`)."""
    what = NAMES.get(fmt, fmt)
    program = soffice()
    if program is None:
        raise ReadError(
            f"Không đọc được tệp {what}: máy chủ chưa cài LibreOffice "
            "(gói libreoffice-writer-nogui). Hãy lưu lại tệp dưới dạng .docx hoặc .pdf."
        )
    with tempfile.TemporaryDirectory(prefix="tonghop-convert-") as tmp:
        folder = Path(tmp)
        source = folder / f"vanban.{fmt}"
        source.write_bytes(data)
        out = folder / "out"
        command = [
            program,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out),
            str(source),
        ]
        try:
            subprocess.run(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=timeout,
                check=False,
                env={**os.environ, "HOME": tmp},
                start_new_session=True,  # a timeout kills LibreOffice's children too
            )
        except subprocess.TimeoutExpired:
            raise ReadError(
                f"Chuyển đổi tệp {what} quá {int(timeout)} giây nên đã dừng: "
                "hãy lưu lại tệp dưới dạng .docx hoặc .pdf."
            ) from None
        result = out / "vanban.docx"
        if not result.exists() or result.stat().st_size == 0:
            raise ReadError(
                f"Không chuyển đổi được tệp {what}: tệp có thể bị hỏng hoặc được bảo vệ "
                "bằng mật khẩu. Hãy mở bằng Word và lưu lại dưới dạng .docx."
            )
        return result.read_bytes()


def read_legacy(data: bytes, fmt: str) -> RawDocument:
    from tonghop.readers.docx import read_docx

    raw = read_docx(to_docx(data, fmt))
    raw.format = fmt
    return raw
