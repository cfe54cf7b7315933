"""Cited documents in report prose: "Kế hoạch số 25-KH/ĐUK, ngày 10/11/2021 của ...".

Pure text in, `Reference`s out: one pass over each paragraph with precompiled
regexes, anchored on "số" and on numbers, then a look at the type word before.

Forms read (type words as listed in `TYPES`, any case):
- "<Type> số 25-KH/ĐUK" (Party style: number, "-", type code "/" issuer code);
- "<Type> số 2280/QĐ-UBND", "30/2020/NĐ-CP" (state style: number "/" [year "/"]
  type code "-" issuer); the symbol keeps the year: number "30", symbol
  "2020/NĐ-CP";
- "<Type> 01", "<Type> 36-HD/VPTW" (no "số"; a bare number only after a
  capitalised type word, and not when a counted noun or a period follows:
  "Kế hoạch 5 năm" is no reference);
- "<Type> số 39" (number, no symbol);
- "số 05-CT/TW" without a type word, when the symbol states its type code;
  "số 87/HĐND-KTNS" after "các Công văn:" or "," in a list: typed from the
  symbol's type code, else from the type word last named in the sentence; a
  state symbol without a type code is a công văn (Nghị định 30/2020/NĐ-CP);
- "<Type> số" with no number ("Kết luận số cần bám sát"): number "", so the
  checker can report it; only after a capitalised type word and not in the
  compounds "số liệu", "số lượng", "số hóa", ...

Then an optional date ("ngày 10/11/2021", "ngày 18 tháng 5 năm 2021") and an
optional issuer after "của" (its capitalised name); without "của" the issuer
is the issuer code of the symbol ("ĐUK", "UBND").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from tonghop.dates import DMY, LONG, date_of
from tonghop.model import Reference
from tonghop.text import strip_markers

__all__ = ["TYPES", "extract_references"]


def _words(s: str) -> list[str]:
    """A word list written as one string (easier to read and extend)."""
    return s.split()


TYPES = (
    "Kết luận", "Chỉ thị", "Nghị quyết", "Quy định", "Quyết định", "Kế hoạch", "Hướng dẫn",
    "Thông báo", "Công văn", "Báo cáo", "Chương trình", "Thông tư", "Nghị định", "Luật",
    "Tờ trình", "Đề án",
)  # fmt: skip
_TYPE_CANON = {t.lower(): t for t in TYPES}

# --------------------------------------------------------------------------
# dates


def _iso(d: str, m: str, y: str) -> str:
    day = date_of(d, m, y)
    return day.isoformat() if day else ""


# --------------------------------------------------------------------------
# the scanner

# Party symbol "-KH/ĐUK"; state symbol "/QĐ-UBND", "/2020/NĐ-CP", " /BC-UBND".
_SYM = (
    r"(?:-(?P<party>[A-ZĐ]\w*(?:/\w+(?:-\w+)*)+)"
    r"|\s?/\s?(?P<state>(?:[0-9]{4}/)?[A-ZĐ]\w*(?:-\w+)*))"
)


_TYPES_LOWER = tuple(t.lower() for t in TYPES)
# Every reference holds "số" or a number right after its type word, so the scan
# looks for those (rare) and then checks the type word before them.  The leading
# character class lets the regex engine skip ahead in C.
_CAND_RE = re.compile(r"[sS0-9](?:(?<=[sS])[ốỐ](?!\w)|(?<=[0-9])[0-9]*)")
_SO_TAIL_RE = re.compile(r"\s*:?\s*")
_NUMSYM_RE = re.compile(r"(?P<num>[0-9]+)(?:" + _SYM + r")?(?![0-9])")
_DATE_AFTER_RE = re.compile(
    r"\s*,?\s*(?:(?i:ban hành)\s+)?(?i:ngày)\s+(?:" + DMY + r"|" + LONG + r")"
)
_OF_RE = re.compile(r"\s*,?\s*(?i:của)\s+")
_BODY_TOKEN_RE = re.compile(r"[ \t]*([^\s,;:.()“”\"]+)")
_NEXT_WORD_RE = re.compile(r"\s*([^\W\d_]+)")

# "số liệu", "số lượng": a word, not the number sign
_SO_COMPOUNDS = frozenset(
    _words("liệu lượng hóa hoá đông ít học phận tiền hiệu nhiều đo còn khác đó này")
)
# What may follow the number of a short reference ("Kết luận 01 của Bộ Chính trị").
_SHORT_NEXT = frozenset(_words("của về ngày và đã được tại theo là với nhằm để trong khóa khoá"))

_PARTY_CODES = {
    "NQ": "Nghị quyết", "QĐ": "Quyết định", "QĐi": "Quy định", "CT": "Chỉ thị",
    "KL": "Kết luận", "HD": "Hướng dẫn", "KH": "Kế hoạch", "TB": "Thông báo",
    "BC": "Báo cáo", "TTr": "Tờ trình", "CTr": "Chương trình", "ĐA": "Đề án",
    "CV": "Công văn",
}  # fmt: skip
_STATE_CODES = {
    "NQ": "Nghị quyết", "QĐ": "Quyết định", "QyĐ": "Quy định", "CT": "Chỉ thị",
    "HD": "Hướng dẫn", "KH": "Kế hoạch", "TB": "Thông báo", "BC": "Báo cáo",
    "TTr": "Tờ trình", "CTr": "Chương trình", "ĐA": "Đề án", "NĐ": "Nghị định",
    "TT": "Thông tư", "TTLT": "Thông tư",
}  # fmt: skip
# State type codes of documents outside TYPES (công điện, quy chế, giấy mời, ...).
_STATE_OTHER = frozenset(_words("CĐ QC PA DA BB HĐ GM GUQ GGT PC TC CC GCN GXN GNP GĐ GP TĐ PL"))

# Lowercase words an issuer's name may hold without a capital before them.
_BODY_LOWER = frozenset(
    _words("tỉnh thành phố huyện quận xã phường thị trấn nhân dân các cơ quan và doanh nghiệp")
)
# Lowercase words that end a name even right after a capitalised one.
_BODY_STOP = frozenset(
    _words("""về ngày nhằm đối để tại với trong thực triển rà đánh việc gắn khi theo đã là có cho
    từ năm kiểm giám tham quy hướng số xây phát tăng lãnh chỉ tiếp nâng đẩy tập học
    tổ tổng phê""")
)


def _issuer_code(party: str | None, state: str | None) -> tuple[str, str]:
    """(type code, issuer code) of a symbol."""
    if party:
        code, _, rest = party.partition("/")
        return code, rest.rsplit("/", 1)[-1]
    if state:
        s = state.split("/")[-1]
        first, _, rest = s.partition("-")
        if first in _STATE_CODES or first in _STATE_OTHER:
            return first, rest
        return "", first  # a công văn: "VPCP-KSTT" is issuer then drafting unit
    return "", ""


def _type_from_code(party: str | None, state: str | None, code: str) -> str | None:
    """The type a symbol states, "" when it states none, None for a type we do not list."""
    if party:
        return _PARTY_CODES.get(code, "")
    if code in _STATE_OTHER:
        return None
    return _STATE_CODES.get(code, "Công văn")


def _issuer_name(text: str, pos: int) -> tuple[str, int]:
    """The capitalised body name starting at `pos`, and where it ends."""
    words: list[tuple[str, int]] = []
    end = pos
    prev_cap = False
    while len(words) < 12:
        t = _BODY_TOKEN_RE.match(text, end)
        if not t:
            break
        w = t.group(1)
        if w[0].isupper():
            prev_cap = True
        elif w in _BODY_STOP or (w == "ban" and text.startswith(" hành", t.end())):
            break
        elif prev_cap or w in _BODY_LOWER:
            # "Thường vụ", "Ủy ban": the rest of a capitalised word; "tỉnh", "nhân dân"
            prev_cap = False
        else:
            break
        end = t.end()
        words.append((w, end))
    while words and words[-1][0] in ("và", "các", "cơ"):
        words.pop()
    if not words:
        return "", pos
    return " ".join(w for w, _ in words), words[-1][1]


def _type_before(text: str, i: int) -> tuple[str, int] | None:
    """The type word standing, then whitespace, right before `i`: (type, where it starts)."""
    head = text[max(0, i - 20) : i]
    h = head.rstrip()
    if len(h) == len(head):
        return None
    low = h.lower()
    if len(low) != len(h):  # exotic case mapping; indices would not line up
        return None
    for t in _TYPES_LOWER:
        if low.endswith(t):
            start = i - (len(head) - len(h)) - len(t)
            if start > 0 and text[start - 1].isalnum():
                return None  # the end of another word
            return _TYPE_CANON[t], start
    return None


def _last_type(text: str, i: int) -> tuple[str, int]:
    """The type word named last before `i` in the same sentence ("các Công văn: số ...")."""
    window = text[max(0, i - 300) : i]
    cut = window.rfind(". ") + 1
    low = window[cut:].lower()
    if len(low) != len(window) - cut:
        return "", -1
    best, at = "", -1
    for t in _TYPES_LOWER:
        k = low.rfind(t)
        if k > at:
            best, at = _TYPE_CANON[t], k
    return best, at


_LIST_WORDS = frozenset(("và", "tại", "theo", "các", "hoặc"))


@dataclass
class Spot:
    """A place a reference may start: "số" (is_so) or a number at `i`, `pos` past it;
    `typed`: the document type written just before, with where it starts."""

    text: str
    i: int
    pos: int
    is_so: bool
    typed: tuple[str, int] | None

    @cached_property
    def number_at(self) -> int:
        """Where the number goes: after "số:" for "số", at the candidate otherwise."""
        return _SO_TAIL_RE.match(self.text, self.pos).end() if self.is_so else self.i

    @cached_property
    def numsym(self) -> re.Match | None:
        """The number and symbol there: "01-KL/TW", "87/HĐND-KTNS", "01"."""
        return _NUMSYM_RE.match(self.text, self.number_at)


@dataclass
class Head:
    """A reference read up to its number and symbol; the date and issuer may follow."""

    type: str
    start: int
    numsym: re.Match
    issuer: str


# Each rule reads a Spot: None (not its case: the next rule looks), False (its case, and
# no reference), a Head, or a whole Reference.  The first that is not None decides.


def type_without_number(spot: Spot) -> Reference | bool | None:
    """ "Kết luận số cần bám sát": a reference after its type that lost its number (a
    finding for the checker); other words after "số" ("số lượng") are no reference."""
    if spot.typed is None or spot.numsym is not None:
        return None
    rtype, start = spot.typed
    if not spot.is_so or not spot.text[start].isupper():
        return False
    nxt = _NEXT_WORD_RE.match(spot.text, spot.number_at)
    if nxt and nxt.group(1).lower() in _SO_COMPOUNDS:
        return False
    return Reference(rtype, "", "", "", "", spot.text[start : spot.pos])


def type_with_number(spot: Spot) -> Head | bool | None:
    """ "Kết luận số 01-KL/TW", "Nghị định 30/2020/NĐ-CP"; "Kết luận 01" without "số" nor
    symbol must be a title, and "Kế hoạch 5 năm" is no reference."""
    if spot.typed is None or spot.numsym is None:
        return None
    text, ns = spot.text, spot.numsym
    rtype, start = spot.typed
    party, state = ns.group("party"), ns.group("state")
    if not spot.is_so and not (party or state):
        nxt = _NEXT_WORD_RE.match(text, ns.end())
        if not text[start].isupper() or (
            nxt
            and nxt.start(1) == ns.end() + 1
            and nxt.group(1).islower()
            and nxt.group(1) not in _SHORT_NEXT
        ):
            return False
    _, issuer = _issuer_code(party, state)
    return Head(rtype, start, ns, issuer)


def number_sign_with_symbol(spot: Spot) -> Head | bool | None:
    """ "số 05-CT/TW", "số 87/HĐND-KTNS": a bare number sign needs a symbol that names
    the type, in a list ("các Công văn: số ..., số ...") or by its code ("CT" -> Chỉ
    thị); "Công điện số 131/CĐ-TTg" is not a công văn."""
    if spot.typed is not None or not spot.is_so:
        return None
    text, ns, i = spot.text, spot.numsym, spot.i
    if ns is None or not (ns.group("party") or ns.group("state")):
        return False
    party, state = ns.group("party"), ns.group("state")
    code, issuer = _issuer_code(party, state)
    stated = _type_from_code(party, state, code)
    if stated is None:
        return False
    before = text[max(0, i - 12) : i].rstrip()
    in_list = not before or before[-1] in ":,;(" or before.split()[-1].lower() in _LIST_WORDS
    if not in_list and code not in (_PARTY_CODES if party else _STATE_CODES):
        return False
    last, _ = _last_type(text, i)
    if party and code == "QĐ" and last in ("Quy định", "Quyết định"):
        stated = last  # Party "QĐ" serves both
    rtype = stated or last
    if not rtype:
        return False
    return Head(rtype, i, ns, issuer)


REFERENCE_RULES = (type_without_number, type_with_number, number_sign_with_symbol)


def _finish(text: str, head: Head) -> tuple[Reference, int]:
    """The reference with the date and issuer written after its number; where it ends."""
    ns = head.numsym
    end, iso, issuer = ns.end(), "", head.issuer
    d = _DATE_AFTER_RE.match(text, end)
    if d:
        g = d.groups()
        iso = _iso(*g[0:3]) if g[0] is not None else _iso(*g[3:6])
        end = d.end()
    of = _OF_RE.match(text, end)
    if of:
        name, name_end = _issuer_name(text, of.end())
        if name:
            issuer, end = name, name_end
    symbol = ns.group("party") or ns.group("state") or ""
    return Reference(head.type, ns.group("num"), symbol, issuer, iso, text[head.start : end]), end


def extract_references(text: str) -> list[Reference]:
    """Every cited document in a paragraph, in order; `path`, `footnote` left for the caller."""
    text = strip_markers(text)
    out: list[Reference] = []
    pos = 0
    search = _CAND_RE.search
    while True:
        m = search(text, pos)
        if m is None:
            break
        i = m.start()
        pos = m.end()
        if i > 0 and text[i - 1].isalnum():
            continue  # inside a word or a symbol
        spot = Spot(text, i, pos, text[i] in "sS", _type_before(text, i))
        found = next((r for rule in REFERENCE_RULES if (r := rule(spot)) is not None), False)
        if isinstance(found, Reference):
            out.append(found)
        elif isinstance(found, Head):
            ref, end = _finish(text, found)
            out.append(ref)
            pos = max(pos, end)
    return out
