"""Recognise the numbering that opens a line of a Party document.

Outermost first: `PHẦN THỨ NHẤT`, `Chương I`, `Điều 1.`, `I.`/`I-`, `1.`/`1-`,
`1.1.`/`2.2`, `a)`.  Dashes and pluses open list items, which are paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tonghop import numbers

_ORDINAL_WORDS = {
    "NHẤT": 1, "HAI": 2, "BA": 3, "BỐN": 4, "TƯ": 4, "NĂM": 5, "SÁU": 6,
    "BẢY": 7, "TÁM": 8, "CHÍN": 9, "MƯỜI": 10,
}  # fmt: skip

# Lists run a, b, c, d, đ, e, g, ...: the Vietnamese alphabet has no f, j, w, z.
VIETNAMESE_LETTERS = "abcdđeghiklmnopqrstuvxy"

# Rank: smaller is outer.  Styles absent from a document simply leave gaps.
RANK = {
    "part": 0, "chapter": 1, "article": 2, "group": 2.5, "roman": 3, "arabic": 4,
    "decimal2": 5, "decimal3": 6, "decimal4": 7, "letter": 8,
}  # fmt: skip

_PART = re.compile(
    r"^(PHẦN|Phần)\s+(?:(?:THỨ|[Tt]hứ)\s+)?([A-ZÀ-Ỹ]+|[a-zà-ỹ]+|[IVXLC]+|\d+)\b\s*[.:\-–]?\s*(.*)$",
    re.S,
)
# Parts named, not numbered: they stand outside the count (value 0).
_PART_NAMED = re.compile(
    r"^(?:PHẦN|Phần)\s+(MỞ ĐẦU|Mở đầu|mở đầu|KẾT LUẬN|Kết luận|kết luận)\b\s*[.:\-–]?\s*(.*)$", re.S
)
# A lettered group between a part and its Roman sections: "A. KẾT QUẢ ĐẠT ĐƯỢC".  I, V and
# X are Roman numbers; the title is in capitals, as group headings are.
_GROUP = re.compile(r"^([A-HJ-UWYZ])\.\s+(\S.*)$", re.S)
_CHAPTER = re.compile(r"^(?:Chương|CHƯƠNG)\s+([IVXLC]+|\d+)\b\s*[.:\-–]?\s*(.*)$", re.S)
_ARTICLE = re.compile(r"^(?:Điều|ĐIỀU)\s+(\d+)\s*[.:]\s*(.*)$", re.S)
_ROMAN_RE = re.compile(r"^([IVXLC]{1,6})\s*([.\-–/])\s*(.*)$", re.S)
_DECIMAL = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){1,3})(\.?)\s+(.*)$", re.S)
_ARABIC = re.compile(r"^(\d{1,2})\s*([.\-–/]|\))\s+(.*)$", re.S)
_LETTER = re.compile(r"^([a-zđ])\s*(\))\s*(.*)$", re.S)
_LIST = re.compile(r"^([-+•–*]|\(\d{1,2}\)|\([ivx]{1,4}\)|\d{1,2}/)\s")


@dataclass
class Numbering:
    style: str  # key of RANK
    label: str  # as written, e.g. "2.2", "I.", "a)"
    value: int  # the number it stands for, to find skips and duplicates
    components: tuple[int, ...]  # (2, 1) for "2.1."; (n,) otherwise
    title: str  # the rest of the line

    @property
    def rank(self) -> int:
        return RANK[self.style]

    @property
    def number(self) -> str:
        """The numbering without punctuation: "III", "2.1", "a", "Điều 3"."""
        if self.style == "part":
            if not self.value:  # "PHẦN MỞ ĐẦU" -> "Phần mở đầu"
                return "Phần " + self.label.split(None, 1)[1].lower()
            return f"Phần {self.value}"
        if self.style == "chapter":
            return f"Chương {self.value}"
        if self.style == "article":
            return f"Điều {self.value}"
        if self.style.startswith("decimal"):
            return ".".join(map(str, self.components))
        return self.label.rstrip(".-–/)").strip()

    @property
    def form(self) -> str:
        """The punctuation pattern, to compare the style of siblings: "9.9." vs "9.9"."""
        if self.style == "roman":
            return re.sub(r"[IVXLC]+", "R", self.label)
        if self.style == "letter":
            return "a" + self.label[1:]
        if self.style in ("arabic",) or self.style.startswith("decimal"):
            return re.sub(r"[0-9]+", "9", self.label)
        return self.style


def roman_value(s: str) -> int | None:
    """A section's Roman number: canonical and below 90 ("XC" and up are words)."""
    return numbers.roman_value(s, below=90)


# Each pattern reads the numbering that opens a line (left-stripped) or says None; they
# are tried outermost first, and the first that reads it wins.


def named_part(t: str) -> Numbering | None:
    """ "PHẦN MỞ ĐẦU", "Phần kết luận": parts named, not numbered, outside the count."""
    m = _PART_NAMED.match(t)
    if m:
        return Numbering("part", t[: m.start(2)].strip(), 0, (0,), m.group(2).strip())
    return None


def part(t: str) -> Numbering | None:
    """ "PHẦN THỨ NHẤT", "Phần II", "PHẦN 2"; "Phần lớn các đơn vị ..." is a sentence: a
    part in lower case has a title in capitals or none."""
    m = _PART.match(t)
    if m:
        token, rest = m.group(2), m.group(3).strip()
        value = _ORDINAL_WORDS.get(token.upper()) or roman_value(token)
        if value is None and token.isdigit():
            value = int(token)
        if value and (m.group(1) == "PHẦN" or not rest or rest[:1].isupper()):
            return Numbering("part", t[: m.start(3)].strip(), value, (value,), rest)
    return None


def group(t: str) -> Numbering | None:
    """ "A. KẾT QUẢ ĐẠT ĐƯỢC": a lettered group in capitals between a part and its
    Roman sections."""
    m = _GROUP.match(t)
    if m and _capitals(m.group(2)):
        v = ord(m.group(1)) - ord("A") + 1
        return Numbering("group", m.group(1) + ".", v, (v,), m.group(2).strip())
    return None


def chapter(t: str) -> Numbering | None:
    """ "Chương II", "CHƯƠNG 3"."""
    m = _CHAPTER.match(t)
    if m:
        tok = m.group(1)
        value = int(tok) if tok.isdigit() else roman_value(tok)
        if value:
            return Numbering("chapter", t[: m.start(2)].strip(), value, (value,), m.group(2))
    return None


def article(t: str) -> Numbering | None:
    """ "Điều 3. Phạm vi điều chỉnh"."""
    m = _ARTICLE.match(t)
    if m:
        v = int(m.group(1))
        return Numbering("article", t[: m.start(2)].strip(), v, (v,), m.group(2).strip())
    return None


def roman(t: str) -> Numbering | None:
    """ "II. KẾT QUẢ", "III- Nhiệm vụ": followed by a title ("C." or "V." alone would be
    initials)."""
    m = _ROMAN_RE.match(t)
    if m and m.group(3)[:1] not in (")",):
        value = roman_value(m.group(1))
        rest = m.group(3)
        if value and rest and (m.group(2) != "/" and (rest[:1].isupper() or rest[:1].isdigit())):
            label = m.group(1) + m.group(2)
            return Numbering("roman", label, value, (value,), rest.strip())
    return None


def _titled(rest: str) -> bool:
    """A number's title starts with a capital, a quote or a bracket (not "2 người")."""
    return rest[:1].isalpha() and rest[:1].isupper() or rest[:1] in '“"('


def decimal(t: str) -> Numbering | None:
    """ "2.1.", "2.1", "1.2.3." before a title."""
    m = _DECIMAL.match(t)
    if m and _titled(m.group(3)):
        comps = tuple(int(x) for x in m.group(1).split("."))
        style = f"decimal{min(len(comps), 4)}"
        return Numbering(style, m.group(1) + m.group(2), comps[-1], comps, m.group(3).strip())
    return None


def arabic(t: str) -> Numbering | None:
    """ "1.", "1-", "1/", "1)" before a title."""
    m = _ARABIC.match(t)
    if m and _titled(m.group(3)):
        v = int(m.group(1))
        return Numbering("arabic", m.group(1) + m.group(2), v, (v,), m.group(3).strip())
    return None


def letter(t: str) -> Numbering | None:
    """ "a)", "đ)": letters of the Vietnamese alphabet (no f, j, w, z)."""
    m = _LETTER.match(t)
    if m and m.group(3) and m.group(1) in VIETNAMESE_LETTERS:
        v = VIETNAMESE_LETTERS.index(m.group(1)) + 1
        return Numbering("letter", m.group(1) + m.group(2), v, (v,), m.group(3).strip())
    return None


PATTERNS = (named_part, part, group, chapter, article, roman, decimal, arabic, letter)


def parse(text: str) -> Numbering | None:
    """The numbering at the start of `text`, or None for an unnumbered line."""
    t = text.lstrip()
    for pattern in PATTERNS:
        found = pattern(t)
        if found is not None:
            return found
    return None


def _capitals(text: str) -> bool:
    letters = [c for c in text[:200] if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


def is_list_item(text: str) -> bool:
    return bool(_LIST.match(text.lstrip()))
