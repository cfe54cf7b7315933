"""Indicators (chỉ tiêu) from the figures of many reports, and each unit's value for them.

`propose` groups the figures read in all units' reports into candidate indicators;
`match` finds, for each unit and indicator, the figure that is its value.

How a figure is seen.  The engine gives a figure's value, counted noun, qualifier, year,
sentence and section; consolidation adds the outline item its section answers.  Here
each figure is also placed in its sentence (the number is found again in the text), so
that the words around it can be read:

- the *verb side*: the words before the number in its clause ("Cấp ủy cơ sở kiểm tra"),
  carried over a coordination ("kiểm tra 200 tổ chức đảng và 179 đảng viên": the 179
  are also "kiểm tra"), but not over "với" ("102 điểm cầu với 4.320 đảng viên": the
  members are not "connected");
- the *noun side*: the words after the counted noun up to the next number or clause end
  ("đảng viên vi phạm cam kết", "% cán bộ, đảng viên được học tập ...");
- the sentence around it, numbers removed.

How figures are grouped (`propose`).  Only figures in the same outline item, with the
same counted noun (accent- and case-folded, leading qualifiers off, "cán bộ, đảng viên"
as "đảng viên") and the same year (no year being a year of its own) can be one indicator.
Within such a block one unit's figures are never put together: two figures of one report
with the same noun in the same item are two different things ("kiểm tra 238 tổ chức
đảng", "giám sát 138 tổ chức đảng").  Units are taken one by one, the fullest first, and
each figure joins the group whose sentences are most like its own (rapidfuzz over the
verb side, the noun side and the whole sentence), as an assignment: no two figures of a
unit in one group; a figure like no group starts its own.  Groups that never share a
unit and read alike are merged at the end.

Percentages are never averaged.  A percent candidate is a RATIO indicator.  When, in
the reports' own sentences, two counts stand beside the percentage whose quotient is
that percentage ("4.280/4.320 đảng viên, đạt 99,1%"), the counts' candidates become its
numerator and denominator and the roll-up divides their sums.  Otherwise it is a RATIO
with no numerator and no denominator: each unit's stated percentage is kept and shown
(its `values`, and `match` gives its UnitValue), but no total is ever computed for it
(`roll_up` gives None), and `Candidate.note` says so.

Not proposed: figures with no counted noun, durations and ages, ranges ("05-10"),
numbers that are part of a document number or an ordinal.  `figures.py` already drops
most of those; what slips through is dropped here.

Keywords (`Indicator.keywords`), as `match` reads them: every keyword must be in the
figure's sentence (accent- and case-insensitive); "a|b" accepts either; a keyword
starting with "-" must NOT stand before the number in its clause ("-đề nghị" keeps
"đề nghị khen thưởng 13 tổ chức" out of "khen thưởng").  The nearer a keyword stands to
the number, the better the figure fits.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from rapidfuzz import fuzz

from tonghop.consolidate.model import (
    RATIO,
    SUM,
    Candidate,
    Indicator,
    Source,
    UnitFigure,
    UnitValue,
)
from tonghop.numbers import roman_value
from tonghop.text import fold

__all__ = ["match", "normalise_noun", "propose"]

# --------------------------------------------------------------------------- nouns

# Counted nouns that name the same thing in different words.
_SAME_NOUN = {
    "can bo dang vien": "dang vien",
    "tccsd": "to chuc co so dang",
    "tin": "tin bai",
    "bai viet": "tin bai",
    "vnd": "dong",
    "vnđ": "dong",
}
_LEADING = frozenset("cac nhung tong so tren hon gan khoang toi duoi hon".split())
# What a figure may count for an indicator counting the noun on the left.
_ACCEPTS = {
    "tap the": {"tap the", "to chuc co so dang", "to chuc dang", "chi bo", "dang bo"},
    "ca nhan": {"ca nhan", "dang vien", "dong chi", "can bo"},
    "dang vien": {"dang vien", "dong chi"},
    "dong chi": {"dong chi", "dang vien", "nguoi"},
    "nguoi": {"nguoi", "nguoi lao dong", "quan chung"},
}
_NOT_QUANTITY = frozenset(
    "nam thang ngay tuan gio phut giay quy tuoi the ky lan thu khoa".split()
) | {"lan thu", "the ky"}


def normalise_noun(unit: str) -> str:
    """The counted noun as grouping compares it: 'Cán bộ, đảng viên' -> 'dang vien'."""
    if unit.strip() == "%":
        return "%"
    words = re.findall(r"[^\W\d_]+", fold(unit))
    while len(words) > 1 and words[0] in _LEADING:
        words = words[1:]
    noun = " ".join(words)
    return _SAME_NOUN.get(noun, noun)


def _accepted(unit: str) -> set[str]:
    noun = normalise_noun(unit)
    return _ACCEPTS.get(noun, {noun})


# --------------------------------------------------------------------------- words

_WORD_RE = re.compile(r"[^\W\d_]+")
_DIGIT_RE = re.compile(r"[0-9]+(?:[.,][0-9]+)*")


def _low_words(text: str) -> frozenset[str]:
    return frozenset(unicodedata.normalize("NFC", text).split())


# What stands right before a number and belongs to it, not to the verb.
_QUALIFIER_RE = re.compile(
    r"(?:\b(?:trên|hơn|gần|khoảng|tới|dưới|lên tới|lên đến|có tới|có đến|chưa đến|chưa tới"
    r"|ít nhất|tối thiểu|tối đa|gần như|đạt|được|có|là|gồm|đến|đối với|cho|trị giá)\s*)+$",
    re.I,
)
_QUALIFIERS = frozenset("tren hon gan khoang toi duoi".split())
# Words that end or begin a phrase without saying anything about what is counted.
_FUNCTION = _low_words(
    """và với của cho là tại trong ở để đã được như do thì mà đến tới từ về trên hơn gần
    khoảng có đạt gồm bao đồng thời ngoài ra còn cũng đều sẽ này các những số toàn tổng
    đó sau khi"""
)
# Where the predicate starts, after the subject: "Ban Thường vụ Quận ủy đã | kiểm tra".
_AUX = _low_words("đã đều sẽ cũng đang")
# The unit itself as a subject ("Toàn Đảng bộ quận có ..."): says nothing about the figure.
_SELF = [tuple(fold(s).split()) for s in ("đảng bộ", "đảng ủy", "chi bộ", "toàn", "cả")]
# "toàn", "cả" name the unit only before a place or a name: "Cả huyện", not "toàn khóa"
_SELF_NEEDS_PLACE = {("toan",), ("ca",)}
# Said before the subject, they change what the figure is: "đề nghị Ban Thường vụ Tỉnh ủy
# khen thưởng 13 tổ chức" were proposed, not commended.
_MODALS = ("de nghi", "tham muu", "phoi hop")
_MODAL_SHOWN = {"de nghi": "đề nghị", "tham muu": "tham mưu", "phoi hop": "phối hợp"}
_PLACE_WORDS = frozenset("quan huyen xa phuong thi tran thanh pho tinh khoi co so".split())
# Where the words after the counted noun stop saying what it is.
_RIGHT_STOP = _low_words("và với nhằm để qua")
_RIGHT_STOP2 = {("trong", "đó"), ("góp", "phần"), ("qua", "đó"), ("đồng", "thời")}
# Verbs whose object is the counted noun: the name reads "Số tổ chức đảng được kiểm tra".
_VERBS = frozenset(
    """kiem_tra giam_sat khen_thuong tuyen_duong bieu_duong xu_ly ky_luat ket_noi ban_hanh
    xay_dung dang_tai dang mo boi_duong trao tang thu_hut ho_tro ung_ho keu_goi van_dong
    ket_nap phat_hien nhan_rong gioi_thieu lua_chon dao_tao cu trien_khai to_chuc
    quan_triet""".split()
)
# Bodies that act in these reports: the subject worth keeping in a name, as it is written.
_BODIES = (
    "Ủy ban Kiểm tra cơ sở",
    "Ủy ban Kiểm tra",
    "cấp ủy cơ sở",
    "cấp ủy các cấp",
    "Ban Thường vụ",
    "Thường trực",
    "Ban Chấp hành",
    "Ban Tuyên giáo",
    "Ban Tổ chức",
    "chi ủy",
)
_BODY_WORDS = [(tuple(fold(b).split()), b) for b in _BODIES]
_BODY_KEYS = frozenset(" ".join(k) for k, _ in _BODY_WORDS)
_BODY_FIRST: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
for _key, _shown in _BODY_WORDS:
    _BODY_FIRST[_key[0]].append((_key, _shown))
# first word -> (words, is the unit itself) of every subject a predicate follows
_SUBJECTS: dict[str, list[tuple[tuple[str, ...], bool]]] = defaultdict(list)
for _key in [k for k, _ in _BODY_WORDS] + _SELF:
    _SUBJECTS[_key[0]].append((_key, _key in _SELF))


@dataclass(slots=True)
class _Tok:
    start: int
    end: int
    word: str  # folded: for comparing
    low: str  # lower case, accents kept: for telling "để" from "đề"
    cap: bool = False  # written with a capital: a name, or the start of a sentence


_WORD_FORMS: dict[str, tuple[str, str]] = {}


def _forms(word: str) -> tuple[str, str]:
    """(folded, lower case) of a word, remembered: the same few thousand words recur."""
    f = _WORD_FORMS.get(word)
    if f is None:
        if len(_WORD_FORMS) > 200_000:
            _WORD_FORMS.clear()
        f = _WORD_FORMS[word] = (fold(word), unicodedata.normalize("NFC", word.lower()))
    return f


def _tokens(text: str) -> list[_Tok]:
    return [
        _Tok(m.start(), m.end(), *_forms(m.group()), m.group()[0].isupper())
        for m in _WORD_RE.finditer(text)
    ]


# --------------------------------------------------------------------------- a figure in place


@dataclass
class _Fig:
    uf: UnitFigure
    order: int  # position in the input: document order within a unit
    noun: str
    text: str
    toks: list[_Tok]
    words: list[str]  # the tokens' folded words
    where: dict[str, list[int]]  # word -> its positions in `words`
    num_start: int  # character span of the number
    num_end: int
    after: int  # character offset just after the counted noun / "%" / "đồng"
    left_i: int  # toks[:left_i] stand before the number
    right_i: int  # toks[right_i:] stand after the counted noun
    clause_lo: int  # token index where the number's clause starts
    clause_hi: int  # token index where it ends (exclusive)
    verb: list[_Tok] = field(default_factory=list)  # the verb side, coordination followed
    coordinated_with: bool = False  # "... với 4.320 đảng viên": no verb of its own
    body: str = ""  # the body acting, nearest before the number in the sentence
    body_key: str = ""  # folded
    right: list[_Tok] = field(default_factory=list)  # the noun side
    pred: list[_Tok] = field(default_factory=list)  # the verb side without its subject
    modal: str = ""  # "đề nghị" before the subject: proposed, not done
    near: str = ""  # comparison strings
    rside: str = ""
    wide: str = ""

    @property
    def unit_id(self) -> str:
        return self.uf.unit_id

    @property
    def year(self) -> int | None:
        return self.uf.figure.year


_SCALE_WORDS = ("nghìn", "ngàn", "triệu", "tỷ", "tỉ")
_MONEY_WORDS = ("đồng", "vnđ", "vnd", "đ")


@functools.lru_cache(maxsize=1024)
def _unit_words(unit: str) -> list[str]:
    return _WORD_RE.findall(fold(unit))


def _number_spans(text: str, num: str):
    """Where the number `num` is written in `text` as a whole number (not inside "2.320",
    "12", "1/5")."""
    if not num:
        return
    n, at = len(text), text.find(num)
    while at >= 0:
        end = at + len(num)
        before = text[at - 1] if at else " "
        after = text[end] if end < n else " "
        glued = before.isalnum() or before in "_.,/"
        decimal_follows = after in ".," and end + 1 < n and text[end + 1].isdigit()
        if not glued and not after.isdigit() and not decimal_follows:
            yield at, end
        at = text.find(num, at + 1)


def _unit_end(text: str, pos: int, unit: str) -> int | None:
    """Where the counted noun written right after position `pos` ends, or None."""
    rest = text[pos:]
    if unit == "%":
        m = re.match(r"\s*(?:%|phần trăm)", rest, re.I)
        return pos + m.end() if m else None
    words = list(_WORD_RE.finditer(rest[:80]))
    if unit == "đồng":
        k = 0
        if words and words[0].group().lower() in _SCALE_WORDS:
            k = 1
        if (
            len(words) > k
            and words[k].group().lower() in _MONEY_WORDS
            and not rest[: words[0].start()].strip()
        ):
            return pos + words[k].end()
        m = re.match(r"đ(?![^\W\d_])", rest)
        return pos + m.end() if m else None
    want = _unit_words(unit)
    if not want or len(words) < len(want) or rest[: words[0].start()].strip():
        return None
    if [_forms(w.group())[0] for w in words[: len(want)]] != want:
        return None
    return pos + words[len(want) - 1].end()


def _place(uf: UnitFigure, taken: set[tuple[int, int]]) -> tuple[int, int, int] | None:
    """(number start, number end, end of its unit) of the figure in its sentence."""
    f = uf.figure
    text = f.text
    first_free = None
    for span in _number_spans(text, f.raw.rstrip("%").strip()):
        if span in taken:
            continue
        end = _unit_end(text, span[1], f.unit)
        if end is not None:
            taken.add(span)
            return span[0], span[1], end
        if first_free is None:
            first_free = span
    if first_free is not None:  # a range's first end ("05-10 điển hình") and the like
        taken.add(first_free)
        return first_free[0], first_free[1], first_free[1]
    return None


def _clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    lo = max(text.rfind(";", 0, start), text.rfind(":", 0, start)) + 1
    hi = text.find(";", end)
    return lo, (hi if hi >= 0 else len(text))


# Between two numbers: the first one's noun and a conjunction ("tổ chức đảng và", "giải
# Nhất,"): the second number shares the first one's verb.
_COORD_END = re.compile(r"(?:,|\b(?:và|cùng)\b)\s*$")


def _coordinated(between: str) -> bool:
    """The text between two numbers is the first one's noun and a conjunction."""
    m = _COORD_END.search(between)
    if m is None:
        return False
    head = between[: m.start()].lstrip(" %")
    return not any(c.isdigit() for c in head) and len(head.split()) <= 6


_WITH_RE = re.compile(r"(?<!đối\s)\bvới\s*$", re.I)


def _verb_span(text: str, lo: int, start: int, depth: int = 0) -> tuple[int, int, bool]:
    """Character span of the words before the number in its clause that say what is done
    with it; a coordination is followed back to the verb it shares.  The flag is True when
    the number only stands "with" another ("102 điểm cầu với 4.320 đảng viên")."""
    seg = text[lo:start]
    q = _QUALIFIER_RE.search(seg)
    end = lo + (q.start() if q else len(seg))
    seg = text[lo:end]
    last_num = None
    for m in _DIGIT_RE.finditer(seg):
        last_num = m
    seg_start = lo
    if last_num is not None:
        between = seg[last_num.end() :]
        if _WITH_RE.search(text[lo + last_num.end() : start]):
            return start, start, True
        if depth < 6 and len(between) < 80 and _coordinated(between):
            return _verb_span(text, lo, lo + last_num.start(), depth + 1)
        seg_start = lo + last_num.end()
    if _WITH_RE.search(text[seg_start:start]):
        return start, start, True
    # a comma before the verb closes another clause: "..., có 231 đảng viên vi phạm"
    comma = text.rfind(",", seg_start, end)
    if comma >= 0:
        seg_start = comma + 1
    return seg_start, end, False


def _bodies_named(toks: list[_Tok]) -> list[tuple[int, str]]:
    """(token index where it ends, body) of every body a sentence names, in order; at one
    start the longest wins ("Ủy ban Kiểm tra cơ sở", not "Ủy ban Kiểm tra")."""
    words = [t.word for t in toks]
    out = []
    for i, w in enumerate(words):
        best = None
        for key, shown in _BODY_FIRST.get(w, ()):
            if tuple(words[i : i + len(key)]) == key and (best is None or len(key) > len(best[0])):
                best = (key, shown)
        if best is not None:
            out.append((i + len(best[0]), best[1]))
    return out


def _nearest_body(named: list[tuple[int, str]], upto: int) -> str:
    """The body named last before token `upto` in the sentence ("" when none)."""
    best = ""
    for end, shown in named:
        if end > upto:
            break
        best = shown
    return best


def _right_tokens(fig: _Fig) -> list[_Tok]:
    """The words after the counted noun that say what it is: up to the next number, a
    clause end, "và"/"với", "trong đó", or a comma once a few words are read."""
    text = fig.text
    stop = re.compile(r"[0-9;(]|\.\s|\.$").search(text, fig.after)
    limit = stop.start() if stop else len(text)
    out: list[_Tok] = []
    prev_end = fig.after
    toks = fig.toks[fig.right_i :]
    for k, t in enumerate(toks):
        if t.end > limit or len(out) >= 12:
            break
        gap = text[prev_end : t.start]
        if out and any(q in gap for q in '“"('):
            break  # a quoted name follows: the words before it say enough
        # "cán bộ, đảng viên", "phòng, chống": a comma inside a short phrase goes on
        if ("," in gap or "”" in gap) and (
            not out or (len(out) >= 3 and t.low != "chống") or t.low in _FUNCTION
        ):
            break
        if t.low in _RIGHT_STOP and out:
            break
        if t.low in _RIGHT_STOP and not out and t.low in ("và", "với"):
            break
        if k + 1 < len(toks) and (t.low, toks[k + 1].low) in _RIGHT_STOP2:
            break
        out.append(t)
        prev_end = t.end
    return out


def _prepare(figures: list[UnitFigure], context: bool = True) -> list[_Fig]:
    """Figures of each unit's latest version, placed in their sentences; not quantities out.
    `context`: also read the words around each number (what `propose` compares)."""
    latest: dict[str, int | None] = {}
    for uf in figures:
        v = latest.get(uf.unit_id)
        if uf.unit_id not in latest or (uf.version is not None and (v is None or uf.version > v)):
            latest[uf.unit_id] = uf.version
    taken: dict[tuple, set] = defaultdict(set)
    out: list[_Fig] = []
    tok_cache: dict[str, tuple] = {}
    for order, uf in enumerate(figures):
        if uf.version != latest[uf.unit_id]:
            continue
        f = uf.figure
        noun = normalise_noun(f.unit)
        if not _is_quantity(uf, noun):
            continue
        key = (uf.unit_id, uf.version, f.text, f.footnote, tuple(f.path))
        placed = _place(uf, taken[key])
        text = f.text
        cached = tok_cache.get(text)
        if cached is None:
            toks = _tokens(text)
            cached = tok_cache[text] = (
                toks,
                [t.start for t in toks],
                [t.end for t in toks],
                _bodies_named(toks),
                [t.word for t in toks],
            )
            where: dict[str, list[int]] = defaultdict(list)
            for i, w in enumerate(cached[4]):
                where[w].append(i)
            cached = tok_cache[text] = (*cached, where)
        toks, starts, ends, named, words, where = cached
        if placed is None:  # not found again in its sentence: context from the sentence only
            start = end = after = len(text)
        else:
            start, end, after = placed
        if _document_number(text, start, end):
            continue
        lo, hi = _clause_bounds(text, start, after)
        left_i = bisect.bisect_right(ends, start)
        fig = _Fig(
            uf=uf,
            order=order,
            noun=noun,
            text=text,
            toks=toks,
            words=words,
            where=where,
            num_start=start,
            num_end=end,
            after=after,
            left_i=left_i,
            right_i=bisect.bisect_left(starts, after),
            clause_lo=bisect.bisect_right(ends, lo),
            clause_hi=bisect.bisect_left(starts, hi),
        )
        fig.body = _nearest_body(named, left_i)
        fig.body_key = fold(fig.body)
        if context:
            v0, v1, fig.coordinated_with = _verb_span(text, lo, start)
            fig.verb = toks[bisect.bisect_left(starts, v0) : bisect.bisect_right(ends, v1)]
            fig.right = _right_tokens(fig)
            _strings(fig)
        out.append(fig)
    return out


def _is_quantity(uf: UnitFigure, noun: str) -> bool:
    f = uf.figure
    if not noun or noun in _NOT_QUANTITY:
        return False
    if f.qualifier in ("từ", "đến"):  # one end of a range is no unit's count
        return False
    try:
        return Decimal(str(f.value)) >= 0
    except ArithmeticError:
        return False


_NUMBERED_RE = re.compile(r"\b(?<!tổng\s)(?:số|thứ)\s*:?\s*$", re.I)


def _document_number(text: str, start: int, end: int) -> bool:
    """A number that is part of a document number, an ordinal or a symbol."""
    if _NUMBERED_RE.search(text, max(0, start - 12), start):
        return True
    return bool(re.match(r"[-/][^\W\d_]", text[end : end + 2]))


def _words(toks: list[_Tok]) -> list[str]:
    return [t.word for t in toks]


def _strings(fig: _Fig) -> None:
    fig.pred = _predicate(fig)
    pred_start = fig.pred[0].start if fig.pred else len(fig.text)
    words = _words([t for t in fig.verb if t.start < pred_start])
    fig.modal = next((m for m in _MODALS if _occurrences(words, m.split())), "")
    # "với" says only that the number goes along another; the unit naming itself ("Toàn
    # Đảng bộ quận có") says nothing: both leave the predicate empty
    near = ["voi"] if fig.coordinated_with else _words(fig.pred)[-6:]
    fig.near = " ".join([fold(fig.modal), fold(fig.body), *near]).strip()
    fig.rside = " ".join(_words(fig.right)[:6])
    fig.wide = " ".join(_words(fig.toks[max(0, fig.left_i - 15) : fig.left_i]) + _words(fig.right))


# --------------------------------------------------------------------------- similarity

_T_JOIN = 62.0  # a figure joins a group at least this alike, else starts its own
_T_MERGE = 85.0  # two groups with no unit in common merge when this alike
_EXEMPLARS = 6


class _Sim:
    """Similarity of two figures' contexts, 0-100, remembered per pair of contexts."""

    def __init__(self) -> None:
        self.cache: dict[tuple, float] = {}

    def __call__(self, a: _Fig, b: _Fig) -> float:
        ka, kb = (a.near, a.rside, a.wide), (b.near, b.rside, b.wide)
        if ka == kb:
            return 100.0
        key = (ka, kb) if ka < kb else (kb, ka)
        s = self.cache.get(key)
        if s is None:
            s = (
                0.5 * _ratio(a.near, b.near)
                + 0.3 * _ratio(a.rside, b.rside)
                + 0.2 * fuzz.token_set_ratio(a.wide, b.wide)
            )
            self.cache[key] = s
        return s


def _ratio(a: str, b: str) -> float:
    if not a and not b:
        return 100.0
    return fuzz.ratio(a, b)


@dataclass
class _Group:
    members: list[_Fig] = field(default_factory=list)
    units: set[str] = field(default_factory=set)
    exemplars: list[_Fig] = field(default_factory=list)
    repeats: int = 0  # the same figure stated again by a unit already counted

    def add(self, fig: _Fig, sim: _Sim) -> None:
        self.members.append(fig)
        self.units.add(fig.unit_id)
        if len(self.exemplars) < _EXEMPLARS and all(sim(fig, e) < 97 for e in self.exemplars):
            self.exemplars.append(fig)

    def like(self, fig: _Fig, sim: _Sim) -> float:
        return max(sim(fig, e) for e in self.exemplars)


def _cluster(block: list[_Fig], sim: _Sim) -> list[_Group]:
    by_unit: dict[str, list[_Fig]] = defaultdict(list)
    for f in block:
        by_unit[f.unit_id].append(f)
    units = sorted(by_unit, key=lambda u: (-len(by_unit[u]), by_unit[u][0].order))
    groups: list[_Group] = []
    for u in units:
        figs = _drop_repeats(by_unit[u], sim, groups)
        pairs = []
        for i, f in enumerate(figs):
            for g_i, g in enumerate(groups):
                s = g.like(f, sim)
                if s >= _T_JOIN:
                    pairs.append((-s, i, g_i))
        pairs.sort()
        placed: dict[int, int] = {}
        used: set[int] = set()
        for _, i, g_i in pairs:
            if i in placed or g_i in used:
                continue
            placed[i] = g_i
            used.add(g_i)
        for i, f in enumerate(figs):
            if i in placed:
                groups[placed[i]].add(f, sim)
            else:
                g = _Group()
                g.add(f, sim)
                groups.append(g)
    return _merge(groups, sim)


def _drop_repeats(figs: list[_Fig], sim: _Sim, groups: list[_Group]) -> list[_Fig]:
    """A unit stating one figure twice in an item (text and footnote) counts it once."""
    kept: list[_Fig] = []
    for f in figs:
        if any(k.uf.figure.value == f.uf.figure.value and sim(k, f) >= 97 for k in kept):
            continue
        kept.append(f)
    return kept


def _merge(groups: list[_Group], sim: _Sim) -> list[_Group]:
    merged = True
    while merged:
        merged = False
        for i in range(len(groups)):
            for j in range(i + 1, len(groups)):
                a, b = groups[i], groups[j]
                if a.units & b.units:
                    continue
                s = max(sim(x, y) for x in a.exemplars for y in b.exemplars)
                if s >= _T_MERGE:
                    for f in b.members:
                        a.add(f, sim)
                    del groups[j]
                    merged = True
                    break
            if merged:
                break
    return groups


# --------------------------------------------------------------------------- naming

_VOTE = 0.75  # share of a group's sentences that must carry a word for its name


def _vote(seqs: list[list[_Tok]], texts: list[str], suffix: bool, most: int) -> str:
    """The longest run of words (at the end of each sequence when `suffix`, else at the
    start) that most of the sequences share; shown as one of them wrote it."""
    n = len(seqs)
    best = ""
    for k in range(1, most + 1):
        counts: Counter = Counter()
        shown: dict[tuple, str] = {}
        for toks, text in zip(seqs, texts, strict=True):
            if len(toks) < k:
                continue
            part = toks[-k:] if suffix else toks[:k]
            key = tuple(t.word for t in part)
            counts[key] += 1
            shown.setdefault(key, text[part[0].start : part[-1].end])
        if not counts:
            break
        key, c = counts.most_common(1)[0]
        if c < _VOTE * n:
            break
        best = shown[key]
    return best


_PASSIVE = ("được", "bị")


def _strip_edges(toks: list[_Tok], keep: tuple[str, ...] = ()) -> list[_Tok]:
    """Without the function words at either end (`keep`: those worth keeping in front)."""
    while toks and toks[0].low in _FUNCTION and toks[0].low not in keep:
        toks = toks[1:]
    while toks and toks[-1].low in _FUNCTION:
        toks = toks[:-1]
    return toks


def _predicate(fig: _Fig) -> list[_Tok]:
    """What is done with the counted thing: the verb side after its subject (after "đã",
    after a body or the unit itself, after a proper name)."""
    toks = list(fig.verb)
    cut = 0
    words = [t.word for t in toks]
    for i, t in enumerate(toks):
        # after "đã", after "và" or a comma ("kiểm tra 05 tổ chức đảng và giám sát 03")
        if t.low in _AUX or t.low == "và" or (i and "," in fig.text[toks[i - 1].end : t.start]):
            cut = i + 1 if t.low in ("đã", "đều", "sẽ", "cũng", "đang", "và") else i
    for i, w in enumerate(words):
        for key, is_self in _SUBJECTS.get(w, ()):
            if tuple(words[i : i + len(key)]) != key:
                continue
            j = i + len(key)
            if key in _SELF_NEEDS_PLACE and not (
                j < len(toks) and (toks[j].word in _PLACE_WORDS or toks[j].cap)
            ):
                continue
            if is_self:  # "Đảng bộ thị xã", "Đảng bộ Khối": the unit's own name
                while j < len(toks) and (toks[j].word in _PLACE_WORDS or toks[j].cap):
                    j += 1
            cut = max(cut, j)
    # A proper name inside the clause ("... Chủ tịch Hồ Chí Minh thu hút", "Ban Thường vụ
    # Tỉnh ủy khen thưởng") is the subject: the predicate follows it.  A name right before
    # the number is its object ("ủng hộ thôn Tân Hạ 322 triệu"): the words before it stay.
    name_end = None
    for i, t in enumerate(toks):
        if i > 0 and i >= cut and t.cap:
            name_end = i + 1
            if name_end < len(toks) and toks[name_end].low == "ủy":
                name_end += 1
    if name_end is not None:
        if name_end < len(toks):
            cut = name_end
        else:
            first = next(i for i in range(cut, len(toks)) if i > 0 and toks[i].cap)
            toks = toks[:first]
    return _strip_edges(toks[cut:])[-8:]


def _is_verb(phrase: str) -> bool:
    words = _WORD_RE.findall(fold(phrase))
    return bool(words) and any("_".join(words[-k:]) in _VERBS for k in (1, 2, 3))


def _topic(members: list[_Fig]) -> str:
    """The thing a sentence is about when it opens with it ("Hội thi ...", "Hội nghị ...")."""
    seqs, texts = [], []
    for f in members:
        toks = f.toks[: f.left_i]
        while toks and toks[0].low in _FUNCTION:
            toks = toks[1:]
        run = []
        for t in toks[:4]:
            if t.low in _FUNCTION or _DIGIT_RE.search(f.text[run[-1].end if run else 0 : t.start]):
                break
            run.append(t)
        seqs.append(run)
        texts.append(f.text)
    return _vote(seqs, texts, suffix=False, most=4)


def _phrase(seqs: list[list[_Tok]], texts: list[str], suffix: bool, most: int, keep=()) -> str:
    shown = _vote(seqs, texts, suffix, most)
    toks = _strip_edges(_tokens(shown), keep)
    return shown[toks[0].start : toks[-1].end] if toks else ""


def _first_words(phrase: str, k: int) -> str:
    toks = _tokens(phrase)
    return phrase[toks[0].start : toks[min(k, len(toks)) - 1].end] if toks else ""


def _last_words(phrase: str, k: int) -> str:
    toks = _tokens(phrase)
    return phrase[toks[max(0, len(toks) - k)].start :] if toks else ""


def _keyword(phrase: str, first: bool) -> str:
    """A phrase short enough to be a keyword: whole up to four words, else the two words
    at the end that matters (the start of what follows the noun, the end of a verb)."""
    if len(_tokens(phrase)) <= 4:
        return phrase
    return _first_words(phrase, 2) if first else _last_words(phrase, 2)


def _describe(members: list[_Fig], noun_shown: str) -> tuple[str, list[str]]:
    """A readable Vietnamese name for a group, and the keywords that tell it apart."""
    kind = members[0].noun
    texts = [f.text for f in members]
    pred = _phrase([f.pred for f in members], texts, suffix=True, most=8)
    bodies = Counter(f.body for f in members)
    body, c = bodies.most_common(1)[0]
    if c < _VOTE * len(members) or fold(body) in fold(pred):
        body = ""
    modal, c = Counter(f.modal for f in members).most_common(1)[0]
    modal = _MODAL_SHOWN.get(modal, "") if c >= _VOTE * len(members) else ""
    # "đảng viên được học tập": the passive is worth keeping after the noun
    right = _phrase(
        [_strip_edges(f.right, _PASSIVE) for f in members],
        texts,
        False,
        12 if kind == "%" else 8,
        _PASSIVE,
    )
    keywords: list[str] = []
    if kind == "%":
        name = "Tỷ lệ " + (right or pred or "phần trăm")
        people = ("can", "bo", "dang", "vien")
        rest = _strip_edges([t for t in _tokens(right) if t.word not in people])
        if rest:
            keywords.append(_keyword(right[rest[0].start : rest[-1].end], first=True))
    else:
        parts = ["Số tiền" if kind == "dong" else f"Số {noun_shown}"]
        if kind == "dong":
            parts += [pred, right]
        elif pred and _is_verb(pred):
            parts += [right, "được", body, modal, pred]
        else:
            parts += [pred, right]
        name = " ".join(p for p in parts if p)
        if pred:
            keywords.append(_keyword(pred, first=False))
        if body:
            keywords.append(body)
        if modal:
            keywords.append(modal)
        if right:
            keywords.append(_keyword(right, first=True))
        if not pred and len(_WORD_RE.findall(right)) < 3:
            topic = _topic(members)
            if topic and fold(topic) not in fold(name):
                name += f" ({topic})"
                keywords.append(topic)
    return _tidy(name), [k for k in dict.fromkeys(keywords) if k]


def _tidy(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip(" ,;:-")
    words = name.split(" ")
    if len(words) > 16:
        name = " ".join(words[:16]).rstrip(",;:") + " ..."
    return name[0].upper() + name[1:]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", unicodedata.normalize("NFC", fold(text))).strip("-")[:60]


# --------------------------------------------------------------------------- propose


def _source(f: _Fig | UnitFigure) -> Source:
    uf = f.uf if isinstance(f, _Fig) else f
    return Source(
        unit_id=uf.unit_id,
        unit_name=uf.unit_name,
        version=uf.version,
        path=list(uf.figure.path),
        sentence=uf.figure.text,
        footnote=uf.figure.footnote,
        figure_id=uf.figure_id,
    )


def _value(uf: UnitFigure) -> Decimal:
    v = uf.figure.value
    return Decimal(str(v)) if isinstance(v, float) else Decimal(v)


_RATIO_NOTE = (
    "Tỷ lệ phần trăm do đơn vị tự nêu, báo cáo không có số đếm để làm tử số và mẫu số: "
    "chỉ xem theo từng đơn vị, không cộng và không lấy trung bình các tỷ lệ."
)


def propose(figures: list[UnitFigure], existing: list[Indicator] = ()) -> list[Candidate]:
    """Candidate indicators from the figures of many units' reports, most reported first.

    Each candidate: its indicator (name, counted noun, outline item, year, keywords,
    aggregation), how many units reported it, how many figures, up to three sample
    sentences from different units and the value each unit would get.  Figures that
    `match` gives to an `existing` indicator are left out, and so is a candidate most of
    whose figures they are.
    """
    figs = _prepare(list(figures))
    used_by_existing: set[int] = set()
    if existing:
        for v in _match(list(existing), figs):
            used_by_existing.add(v[1].order)
    blocks: dict[tuple, list[_Fig]] = defaultdict(list)
    for f in figs:
        blocks[(f.uf.outline_item, f.noun, f.year)].append(f)
    sim = _Sim()
    groups: list[tuple[tuple, _Group]] = []
    for bkey in sorted(blocks, key=lambda k: (k[0], k[1], k[2] or 0)):
        for g in _cluster(blocks[bkey], sim):
            groups.append((bkey, g))

    kept: list[tuple[tuple, _Group]] = []
    for bkey, g in groups:
        left = [f for f in g.members if f.order not in used_by_existing]
        if not left or len(left) * 2 < len(g.members):
            continue
        g.members = left
        kept.append((bkey, g))

    taken_keys = {i.key for i in existing}
    taken_names = {fold(i.name) for i in existing}
    group_of: dict[int, int] = {}
    cands: list[Candidate] = []
    # "đề nghị ... khen thưởng 13" beside "đã khen thưởng 68": once adopted, the plain one
    # must not take the proposed figure
    modal_of = [Counter(f.modal for f in g.members).most_common(1)[0][0] for _, g in kept]
    block_modals: dict[tuple, set[str]] = defaultdict(set)
    for (bkey, _), modal in zip(kept, modal_of, strict=True):
        if modal:
            block_modals[bkey].add(modal)
    for k, (bkey, g) in enumerate(kept):
        item, noun, year = bkey
        for f in g.members:
            group_of[f.order] = k
        shown = Counter(f.uf.figure.unit for f in g.members).most_common(1)[0][0]
        if noun == "dong":
            shown = "đồng"
        name, keywords = _describe(g.members, shown)
        # a keyword most of the group writes but one unit does not would lose that unit's
        # value once the candidate is adopted: only what every sentence carries is kept
        keywords = [
            k
            for k in keywords
            if all(_occurrences(f.words, _WORD_RE.findall(fold(k)), f.where) for f in g.members)
        ]
        if not modal_of[k]:
            keywords += ["-" + _MODAL_SHOWN[m] for m in sorted(block_modals[bkey])]
        if year is not None:
            name += f" năm {year}"
        name = _unique(name, taken_names)
        key = _unique_key(_slug((item + " " if item else "") + name), taken_keys)
        ind = Indicator(
            key=key,
            name=name,
            unit="%" if noun == "%" else shown,
            outline_item=item,
            year=year,
            aggregation=RATIO if noun == "%" else SUM,
            keywords=keywords,
        )
        cands.append(
            Candidate(
                indicator=ind,
                units=len(g.units & {f.unit_id for f in g.members}),
                figures=len(g.members),
                samples=_samples(g.members),
                values={f.unit_id: _value(f.uf) for f in g.members},
            )
        )
    _pair_ratios(kept, cands, figs, group_of)
    order = sorted(
        range(len(cands)),
        key=lambda i: (-cands[i].units, -cands[i].figures, _item_key(cands[i]), i),
    )
    return [cands[i] for i in order]


def _item_key(c: Candidate) -> tuple:
    parts = []
    for p in c.indicator.outline_item.split("."):
        value = roman_value(p)
        parts.append((0, value) if value else (1, int(p)) if p.isdigit() else (2, p))
    return tuple(parts) or ((3, 0),)


def _unique(name: str, taken: set[str]) -> str:
    out, k = name, 2
    while fold(out) in taken:
        out = f"{name} ({k})"
        k += 1
    taken.add(fold(out))
    return out


def _unique_key(key: str, taken: set[str]) -> str:
    key = key or "chi-tieu"
    out, k = key, 2
    while out in taken:
        out = f"{key}-{k}"
        k += 1
    taken.add(out)
    return out


def _samples(members: list[_Fig], k: int = 3) -> list[Source]:
    """Up to k sentences from different units, the most unlike one another first."""
    chosen: list[_Fig] = []
    units: set[str] = set()
    pool = sorted(members, key=lambda f: f.order)
    while pool and len(chosen) < k:
        best, best_d = None, -1.0
        for f in pool:
            if f.unit_id in units:
                continue
            d = min((100 - fuzz.ratio(f.text, c.text) for c in chosen), default=100.0)
            if d > best_d:
                best, best_d = f, d
        if best is None:
            break
        chosen.append(best)
        units.add(best.unit_id)
        pool.remove(best)
    return [_source(f) for f in chosen]


def _pair_ratios(
    kept: list[tuple[tuple, _Group]],
    cands: list[Candidate],
    figs: list[_Fig],
    group_of: dict[int, int],
) -> None:
    """Give a percent candidate the counts it is the quotient of, where the reports
    write them beside it; otherwise note that it is shown per unit and never added."""
    same_sentence: dict[tuple, list[_Fig]] = defaultdict(list)
    for f in figs:
        if f.noun not in ("%", "dong"):
            same_sentence[(f.unit_id, f.text, f.uf.figure.footnote)].append(f)
    for k, (_, g) in enumerate(kept):
        if g.members[0].noun != "%":
            continue
        pairs: Counter = Counter()
        for pf in g.members:
            p = Decimal(str(pf.uf.figure.value))
            raw = pf.uf.figure.raw.rstrip("%")
            decimals = len(re.split(r"[.,]", raw)[-1]) if re.search(r"[.,]", raw) else 0
            tol = Decimal(5) / (Decimal(10) ** (decimals + 1)) + Decimal("0.01")
            counts = same_sentence.get((pf.unit_id, pf.text, pf.uf.figure.footnote), [])
            found = set()
            for a in counts:
                for b in counts:
                    if a is b or a.order not in group_of or b.order not in group_of:
                        continue
                    va, vb = _value(a.uf), _value(b.uf)
                    if vb <= 0 or va > vb:
                        continue
                    if abs(va * 100 / vb - p) <= tol:
                        found.add((group_of[a.order], group_of[b.order]))
            for pair in found:
                pairs[pair] += 1
        c = cands[k]
        if pairs:
            (num, den), n = pairs.most_common(1)[0]
            if n * 2 >= len(g.members) and num != den:
                c.indicator.numerator = cands[num].indicator.key
                c.indicator.denominator = cands[den].indicator.key
                c.note = (
                    f"Tỷ lệ tính từ hai số đếm: “{cands[num].indicator.name}” trên "
                    f"“{cands[den].indicator.name}”, không lấy trung bình các tỷ lệ."
                )
                continue
        c.note = _RATIO_NOTE


# --------------------------------------------------------------------------- match


@dataclass
class _Keywords:
    wanted: list[list[list[str]]]  # each keyword: its alternatives, each a word list
    unwanted: list[list[str]]
    bodies: list[set[str]]  # keywords naming who acts: the figure's own body must be one


def _keywords(ind: Indicator) -> _Keywords:
    wanted, unwanted, bodies = [], [], []
    for k in ind.keywords:
        k = k.strip()
        if not k:
            continue
        if k.startswith("-"):
            words = _WORD_RE.findall(fold(k[1:]))
            if words:
                unwanted.append(words)
            continue
        alts = [_WORD_RE.findall(fold(a)) for a in k.split("|")]
        alts = [a for a in alts if a]
        if alts:
            wanted.append(alts)
            named = {" ".join(a) for a in alts} & _BODY_KEYS
            if named:
                bodies.append(named)
    return _Keywords(wanted, unwanted, bodies)


def _occurrences(words: list[str], phrase: list[str], where: dict | None = None) -> list[int]:
    """Where `phrase` starts in `words`; `where` (word -> its positions) saves the scan."""
    n = len(phrase)
    first = phrase[0]
    if where is not None:
        return [i for i in where.get(first, ()) if words[i : i + n] == phrase]
    return [i for i, w in enumerate(words) if w == first and words[i : i + n] == phrase]


def _keyword_fit(fig: _Fig, kw: _Keywords) -> float | None:
    """How near the keywords stand to the number (0-1, plus a little for each keyword beyond
    the first); None when one is missing or an unwanted one stands before the number in its
    clause (or right after its noun: "231 đảng viên vi phạm")."""
    # who acts is the body named last before the number ("Ban Thường vụ ... giám sát 09 tổ
    # chức đảng và 09 đảng viên là người đứng đầu cấp ủy cơ sở": not the cấp ủy cơ sở)
    body = fig.body_key
    if body and any(body not in named for named in kw.bodies):
        return None
    words = fig.words
    for phrase in kw.unwanted:
        for i in _occurrences(words, phrase, fig.where):
            before = fig.clause_lo <= i and i + len(phrase) <= fig.left_i
            if before or fig.right_i <= i < fig.right_i + 3:
                return None
    if not kw.wanted:
        return 0.5
    total = 0.0
    for alts in kw.wanted:
        best = None
        for phrase in alts:
            for i in _occurrences(words, phrase, fig.where):
                j = i + len(phrase)
                if j <= fig.left_i:
                    d = _content_between(fig, j, fig.left_i)
                    outside = i < fig.clause_lo
                elif i >= fig.right_i:
                    # "98,9% cán bộ, đảng viên thực hiện cam kết": who is counted stands
                    # between a percentage and what it says; it is no distance
                    skip = _PEOPLE if fig.noun == "%" else frozenset()
                    d = _content_between(fig, fig.right_i, i, skip)
                    outside = i >= fig.clause_hi
                else:
                    d, outside = 0, False
                d += 8 if outside else 0
                p = 1.0 / (1.0 + d / 4.0)
                if best is None or p > best:
                    best = p
        if best is None:
            return None
        total += best
    # every keyword is there: the more an indicator asks for, the more surely it is this one
    return total / len(kw.wanted) + 0.15 * (len(kw.wanted) - 1)


_PEOPLE = frozenset("can bo dang vien cong chuc doan hoi nguoi lao dong".split())


def _content_between(fig: _Fig, a: int, b: int, skip: frozenset = frozenset()) -> int:
    """Words between token a and token b that say something ("đối với", "các" do not)."""
    return sum(1 for t in fig.toks[a:b] if t.low not in _FUNCTION and t.word not in skip)


def _item_fit(ind: Indicator, item: str) -> float | None:
    want = ind.outline_item
    if not want:
        return 0.5
    if item == want or item.startswith(want + "."):
        return 1.0
    return None


def _score(ind: Indicator, kw: _Keywords, fig: _Fig) -> float | None:
    item = _item_fit(ind, fig.uf.outline_item)
    if item is None:
        return None
    year = fig.year
    if ind.year is not None:
        if year is not None and year != ind.year:
            return None
        y = 0.5 if year == ind.year else 0.0
    else:
        # a figure for the whole period fits best: a yearly part is not the total
        y = 1.0 if year is None else 0.0
    k = _keyword_fit(fig, kw)
    if k is None:
        return None
    return item + y + 2.0 * k


def _match(indicators: list[Indicator], figs: list[_Fig]) -> list[tuple[Indicator, _Fig]]:
    by_noun: dict[str, list[_Fig]] = defaultdict(list)
    for f in figs:
        by_noun[f.noun].append(f)
    scored = []
    for n, ind in enumerate(indicators):
        kw = _keywords(ind)
        for noun in _accepted(ind.unit):
            for f in by_noun.get(noun, ()):
                s = _score(ind, kw, f)
                if s is not None:
                    # equal fits: the latest year first (a year-less indicator given only
                    # yearly figures takes the newest, not the oldest), then the text's order
                    scored.append((-round(s, 9), -(f.year or 0), f.order, n, f))
    scored.sort(key=lambda t: t[:4])
    used: set[int] = set()
    filled: set[tuple[int, str]] = set()
    out = []
    for _, _, _, n, f in scored:
        if f.order in used or (n, f.unit_id) in filled:
            continue
        used.add(f.order)
        filled.add((n, f.unit_id))
        out.append((indicators[n], f))
    return out


def match(indicators: list[Indicator], figures: list[UnitFigure]) -> list[UnitValue]:
    """Each unit's value for each indicator: the figure of its latest version that fits
    best (same counted noun, same outline item or below it, same year, every keyword in
    its sentence and the nearer the better).  At most one value per unit and indicator;
    a figure is the value of at most one indicator.  Best fits are taken first; on a tie
    the latest year, then the figure standing first in the report wins.  For an indicator
    of no year a figure of the whole period fits best; when only yearly figures fit, the
    value keeps its year (`UnitValue.year`) so the draft never calls it the period's."""
    indicators = list(indicators)
    pairs = _match(indicators, _prepare(list(figures), context=False))
    position = {id(ind): n for n, ind in enumerate(indicators)}
    pairs.sort(key=lambda p: (position[id(p[0])], p[1].order))
    return [
        UnitValue(
            indicator=ind.key,
            unit_id=f.unit_id,
            value=_value(f.uf),
            qualifier=f.uf.figure.qualifier,
            source=_source(f),
            year=f.year if ind.year is None else None,
        )
        for ind, f in pairs
    ]
