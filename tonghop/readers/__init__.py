"""Format readers ("backends"): each turns one kind of file into a `RawDocument`.

The format is decided by the file's content, not only by its name, so a .pdf
renamed .docx is still read (or refused) for what it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from tonghop.model import RawDocument, ReadError
from tonghop.readers.limits import check_document, check_pages

MAX_BYTES = 50 * 1024 * 1024


def sniff(data: bytes, name: str) -> str:
    """Return "pdf", "docx", "odt", "doc", "rtf", "txt" or "md" for these bytes, or raise
    ReadError."""
    if not data.strip():
        raise ReadError("Tệp rỗng: không có nội dung để đọc.")
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        # An OpenDocument package names its type in a first, uncompressed member.
        if data[30:38] == b"mimetype" and b"opendocument.text" in data[38:100]:
            return "odt"
        return "docx"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    if data.startswith(b"{\\rtf"):
        return "rtf"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            data.decode("utf-16")
        except UnicodeDecodeError:
            raise ReadError(
                "Không nhận ra định dạng tệp: chỉ đọc được .docx, .pdf, .txt và .md."
            ) from None
        if not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise ReadError(
                "Không nhận ra định dạng tệp: chỉ đọc được .docx, .pdf, .txt và .md."
            ) from None
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError("Không nhận ra định dạng tệp: chỉ đọc được .docx, .pdf, .txt và .md.")
    return "md" if name.lower().endswith((".md", ".markdown")) else "txt"


def read_bytes(data: bytes, name: str = "", progress=None) -> RawDocument:
    """Read a document held in memory (an upload) into blocks.

    progress: called as progress(done, total) as the pages of a scan are recognised."""
    if len(data) > MAX_BYTES:
        raise ReadError(
            f"Tệp quá lớn ({len(data) // (1024 * 1024)} MB): giới hạn là "
            f"{MAX_BYTES // (1024 * 1024)} MB."
        )
    raw = _read_format(data, sniff(data, name), progress)
    check_document(raw)  # a file too large to be a report is refused before its analysis
    return raw


@runtime_checkable
class Reader(Protocol):
    """What every format reader declares: the formats it accepts (as `sniff` names
    them) and how it turns a file's bytes into blocks (raising ReadError)."""

    formats: tuple[str, ...]

    def read(self, data: bytes, progress=None) -> RawDocument: ...


# Each reader imports its library when first used: reading a .txt loads no MuPDF.


class PdfReader:
    formats = ("pdf",)

    def read(self, data: bytes, progress=None) -> RawDocument:
        """progress: called as progress(done, total) as the pages of a scan are recognised."""
        from tonghop.readers.pdf import read_pdf

        check_pages(_pdf_pages(data))
        return read_pdf(data, progress)


class DocxReader:
    formats = ("docx",)

    def read(self, data: bytes, progress=None) -> RawDocument:
        from tonghop.readers.docx import read_docx

        return read_docx(data)


@dataclass(frozen=True)
class LegacyReader:
    """.doc, .odt, .rtf: converted by LibreOffice, then read as Word."""

    fmt: str

    @property
    def formats(self) -> tuple[str, ...]:
        return (self.fmt,)

    def read(self, data: bytes, progress=None) -> RawDocument:
        from tonghop.readers.legacy import read_legacy

        return read_legacy(data, self.fmt)


@dataclass(frozen=True)
class TextReader:
    markdown: bool = False

    @property
    def formats(self) -> tuple[str, ...]:
        return ("md",) if self.markdown else ("txt",)

    def read(self, data: bytes, progress=None) -> RawDocument:
        from tonghop.readers.text import read_text

        return read_text(data, markdown=self.markdown)


READERS: tuple[Reader, ...] = (
    PdfReader(),
    DocxReader(),
    LegacyReader("doc"),
    LegacyReader("odt"),
    LegacyReader("rtf"),
    TextReader(),
    TextReader(markdown=True),
)
# The table the format chooses from.
BY_FORMAT: dict[str, Reader] = {fmt: r for r in READERS for fmt in r.formats}


def _read_format(data: bytes, fmt: str, progress=None) -> RawDocument:
    return BY_FORMAT[fmt].read(data, progress)


def _pdf_pages(data: bytes) -> int:
    """The page count, before any page is read; 0 when MuPDF cannot tell (the reader then
    explains what is wrong with the file)."""
    import pymupdf

    try:
        with pymupdf.open(stream=data, filetype="pdf") as doc:
            return doc.page_count
    except Exception:  # a damaged file: read_pdf gives the user the reason
        return 0


def read_path(path: str | Path, progress=None) -> RawDocument:
    """Read a file from disk into blocks; every failure is a ReadError."""
    p = Path(path)
    if not p.exists():
        raise ReadError(f"Không tìm thấy tệp: {p}")
    if p.is_dir():
        raise ReadError(f"Đây là một thư mục, không phải tệp: {p}")
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise ReadError(
                f"Tệp quá lớn ({size // (1024 * 1024)} MB): giới hạn là "
                f"{MAX_BYTES // (1024 * 1024)} MB."
            )
        data = p.read_bytes()
    except PermissionError:
        raise ReadError(f"Không có quyền đọc tệp: {p}") from None
    except OSError as exc:
        raise ReadError(f"Không đọc được tệp {p}: {exc.strerror}") from None
    return read_bytes(data, p.name, progress)
