"""Small text helpers shared by the stages: accent folding, words, markers."""

from __future__ import annotations

import re
import unicodedata

from tonghop.model import SUPERSCRIPT_DIGITS

_FOLD = str.maketrans({"đ": "d", "Đ": "D"})
_MARKS = re.compile(r"[\u0300-\u036f]")
MARKER_RE = re.compile(f"[{SUPERSCRIPT_DIGITS}]+")
# "120 m²", "90 km³/s": after a number, ² and ³ on a length unit are its exponent.
EXPONENT_RE = re.compile(r"[0-9]\s?[kcdm]?m([²³])")
_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]+")
_SPACED_WORD = re.compile(r"\S*\w\S*")

DOCUMENT_KINDS = (
    "BÁO CÁO", "HƯỚNG DẪN", "KẾ HOẠCH", "QUYẾT ĐỊNH", "THÔNG BÁO", "CHƯƠNG TRÌNH",
    "TỜ TRÌNH", "QUY ĐỊNH", "NGHỊ QUYẾT", "CHỈ THỊ", "KẾT LUẬN", "ĐỀ ÁN", "ĐỀ CƯƠNG",
    "CÔNG VĂN", "GIẤY MỜI", "QUY CHẾ", "PHỤ LỤC", "BIÊN BẢN", "THÔNG TRI", "PHIẾU TRÌNH",
    "CÔNG ĐIỆN", "NGHỊ ĐỊNH", "THÔNG TƯ",
)  # fmt: skip


def fold(text: str) -> str:
    """Lower-case, accent-free form for matching: 'Tự soi, tự sửa' -> 'tu soi, tu sua'."""
    text = unicodedata.normalize("NFD", text.translate(_FOLD))
    return _MARKS.sub("", text).lower()


def words(text: str) -> list[str]:
    return re.findall(r"\w+", fold(text))


def strip_markers(text: str) -> str:
    """The text without its footnote markers (superscript digits): "thực hiện¹²." ->
    "thực hiện."; the exponent of a measure stays as written: "120 m²" -> "120 m²"."""
    if not MARKER_RE.search(text):
        return text
    if "m²" not in text and "m³" not in text:
        return MARKER_RE.sub("", text)
    out, last = [], 0
    for m in EXPONENT_RE.finditer(text):
        out += [MARKER_RE.sub("", text[last : m.start(1)]), m.group(1)]
        last = m.end(1)
    out.append(MARKER_RE.sub("", text[last:]))
    return "".join(out)


def squeeze(text: str) -> str:
    """One space between words, no space at the ends; keeps line breaks."""
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n")).strip()


def is_upper_text(text: str) -> bool:
    """True when the letters are (nearly) all capitals: an unnumbered heading or a title."""
    # A heading in capitals is short; the first 200 characters decide for long text.
    letters = [c for c in text[:200] if c.isalpha()]
    if len(letters) < 3:
        return False
    upper = sum(1 for c in letters if c.isupper())
    return upper / len(letters) >= 0.9


def document_kind(text: str) -> str | None:
    """'BÁO CÁO' for a line that is a document type in capitals, else None."""
    t = strip_markers(text).strip()
    # "QUYẾT ĐỊNH:" is the enacting formula before the articles, not a title.
    if len(t) > 40 or t.endswith(":") or not is_upper_text(t):
        return None
    key = fold(t)
    for kind in DOCUMENT_KINDS:
        if key == fold(kind) or (kind == "PHỤ LỤC" and key.startswith("phu luc")):
            return kind if kind != "PHỤ LỤC" else t
    return None


def word_count(text: str) -> int:
    # Whitespace words: "05-CT/TW" is one word of the sentence, not three.
    return len(_SPACED_WORD.findall(text))
