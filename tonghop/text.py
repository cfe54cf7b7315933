"""Small text helpers shared by the stages: accent folding, words, markers."""

from __future__ import annotations

import re
import unicodedata

from tonghop.model import SUPERSCRIPT_DIGITS

_FOLD = str.maketrans({"đ": "d", "Đ": "D"})
_MARKS = re.compile(r"[\u0300-\u036f]")
MARKER_RE = re.compile(f"[{SUPERSCRIPT_DIGITS}]+")
_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]+")


def fold(text: str) -> str:
    """Lower-case, accent-free form for matching: 'Tự soi, tự sửa' -> 'tu soi, tu sua'."""
    text = unicodedata.normalize("NFD", text.translate(_FOLD))
    return _MARKS.sub("", text).lower()


def words(text: str) -> list[str]:
    return re.findall(r"\w+", fold(text))


def strip_markers(text: str) -> str:
    return MARKER_RE.sub("", text)


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
