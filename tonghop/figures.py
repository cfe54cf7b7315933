"""Figures in the prose of a report: every quantity with its counted noun.

Pure text in, `Figure`s out.  One pass over each paragraph with precompiled
regexes: a tokenizer consumes, left to right, whatever looks like a number but
is not a quantity (dates, document symbols, phone numbers, times, year ranges,
quoted titles) so that only real candidates reach the number branch, where the
words around the number decide the rest.

Choices on ambiguous cases (see the tests for examples):
- a range ("05-10 điển hình", "50 ÷ 70mm/h", "từ 5 đến 10") gives one figure
  per end, qualifiers "từ" and "đến", both with the unit written after the
  second number;
- bare "đến" before a number is a preposition ("kết nối đường truyền đến 102
  điểm cầu"), not a qualifier; "tới", "lên tới", "có tới" are "tới";
- durations and ages ("03 năm", "6 tháng", "60 tuổi") are not figures;
- numbers inside quotation marks are part of a name or a slogan: skipped;
- the year of a figure comes from "năm 2021" / "tháng 6/2023" earlier in the
  same sentence, never from a document's date; a clause boundary (";") or a
  span of years ("năm 2022 và năm 2023", "2021-2023") clears it;
- money is counted in đồng: "1,5 tỷ đồng" -> 1_500_000_000, unit "đồng",
  "đồng/năm" -> "đồng"; a rate is kept on a measure unit ("mm/h", "mm/2 ngày").
"""

from __future__ import annotations

import re
from decimal import Decimal

from tonghop.model import Figure

__all__ = ["CONFIDENT", "extract_figures", "parse_number", "split_sentences", "strip_markers"]

# A figure below this confidence is a guess: offered for confirmation, not counted as read.
CONFIDENT = 0.5


def _words(s: str) -> list[str]:
    """A word list written as one string (easier to read and extend)."""
    return s.split()


# --------------------------------------------------------------------------
# footnote markers

# A leading character class (not a repeat) lets the regex engine scan in C.
_SUP_RE = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹][⁰¹²³⁴⁵⁶⁷⁸⁹]*")
# "m²", "km³" after a number are units, not footnote markers.
_SUP_UNIT_RE = re.compile(r"([0-9]\s?[kcdm]?m)([²³])")


def strip_markers(text: str) -> str:
    """Remove inline footnote markers (superscript digits), keeping m² / m³ as m2 / m3."""
    if not _SUP_RE.search(text):
        return text
    if "m²" in text or "m³" in text:
        text = _SUP_UNIT_RE.sub(lambda m: m.group(1) + ("2" if m.group(2) == "²" else "3"), text)
    return _SUP_RE.sub("", text)


# --------------------------------------------------------------------------
# numbers

_NUM_FULL_RE = re.compile(r"\s*([0-9]+(?:[.,][0-9]+)*)\s*%?\s*")
_THOUSANDS_RE = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+")
_MAX_DIGITS = 30  # longer runs are not quantities (and would hit int() limits)


def _decimal(raw: str) -> tuple[Decimal, bool] | None:
    """(value, has a decimal part written) for a number as Vietnamese text writes it."""
    if sum(c.isdigit() for c in raw) > _MAX_DIGITS:
        return None
    if "," in raw:
        head, _, frac = raw.rpartition(",")
        if "," in head:
            return None
        if "." in head:
            if not _THOUSANDS_RE.fullmatch(head):
                return None
            head = head.replace(".", "")
        return Decimal(head + "." + frac), True
    if "." in raw:
        if _THOUSANDS_RE.fullmatch(raw):
            return Decimal(raw.replace(".", "")), False
        if raw.count(".") == 1:  # "98.9": a dot not followed by exactly 3 digits
            return Decimal(raw), True
        return None
    return Decimal(raw), False


def parse_number(raw: str) -> int | float | None:
    """Vietnamese number notation: "4.320" -> 4320, "98,9" -> 98.9, "8.699,28" -> 8699.28.

    A dot followed by exactly three digits groups thousands; any other dot, and
    every comma, is a decimal point.  Written decimals give a float, others an
    int.  A trailing "%" is allowed.  None for anything that is not a number.
    """
    m = _NUM_FULL_RE.fullmatch(raw)
    if not m:
        return None
    d = _decimal(m.group(1))
    if d is None:
        return None
    value, fractional = d
    return float(value) if fractional else int(value)


def _scaled(value: Decimal, fractional: bool, scale: int) -> int | float:
    if scale != 1:
        value = value * scale
        # exact decimal arithmetic: "8.699,28 triệu" is 8_699_280_000, no float noise
        return int(value) if value == value.to_integral_value() else float(value)
    return float(value) if fractional else int(value)


# --------------------------------------------------------------------------
# sentences

# Starts with a character class so the regex engine skips ahead in C.
_END_RE = re.compile(r"[.!?…\n][.!?…]*[\"”’)\]»*]*")
_OPENERS = "\"“‘'([«*-–— \t"
_ABBREV = frozenset(
    _words("""TP Tp tp Q P H X TX TT TS ThS Ths PGS GS BS KS CN NCS Th.S St Tr tr Đ/c đ/c
    v.v vv NXB Nxb Sđd Mr Dr""")
)
_LABEL_RE = re.compile(r"(?:[0-9]+(?:\.[0-9]+)*|[IVXLC]+|[a-zđ])")


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank sentence, stripped of surrounding whitespace."""
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    for m in _END_RE.finditer(text):
        a, b = m.span()
        if text[a] == "\n":
            cut = a
        else:
            if b < n and not text[b].isspace():
                continue  # "98.9", "4.320", "v.v" inside a word
            j = b
            while j < n and text[j] in _OPENERS:
                j += 1
            if j < n and not text[j].isupper():
                continue
            ws = max(text.rfind(" ", 0, a), text.rfind("\n", 0, a))
            tok = text[ws + 1 : a].lstrip("(“\"'")
            if tok in _ABBREV or tok.endswith("v.v") or (len(tok) == 1 and tok.isupper()):
                continue
            # "1. Tổ chức", "IV. PHƯƠNG HƯỚNG" at the start of a line: a label, not an end
            if _LABEL_RE.fullmatch(tok) and not text[start : ws + 1].strip(" \t"):
                continue
            cut = b
        _add_span(text, start, cut, spans)
        start = cut
    _add_span(text, start, n, spans)
    return spans


def _add_span(text: str, a: int, b: int, spans: list[tuple[int, int]]) -> None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if a < b:
        spans.append((a, b))


def split_sentences(text: str) -> list[str]:
    """Sentences of a Vietnamese paragraph.

    Ends at ". ", "! ", "? ", "… " before a capital letter, and at a line break.
    Not at decimals ("98.9"), thousands ("4.320"), dates, symbols, abbreviations
    ("TP.", "Q.", "TS.", "v.v."), initials, or a line-start label ("1.", "IV.").
    A ";" does not end a sentence.
    """
    return [text[a:b] for a, b in _sentence_spans(text)]


# --------------------------------------------------------------------------
# the tokenizer

_NUM = r"[0-9]+(?:[.,][0-9]+)*"
_YEAR4 = r"(?:19|20)[0-9]{2}"
_YEAR = _YEAR4 + r"(?![0-9])"
# a number may not start glued to a word, an abbreviation "Q.1", a fraction or "Covid-19"
_NB = r"(?<![\w./])(?<![^\W\d_]-)"

# Where a token can start; a plain character class, so the search runs in C.
_FIND_RE = re.compile(r"[0-9“\";(+][0-9]*")
_TOKEN_RE = re.compile(
    r"(?P<quote>“[^”\n]{0,400}”|\"[^\"\n]{0,400}\")"
    r"|(?P<semi>;)"
    r"|(?P<phone>(?<![0-9])(?:\+84|0)[0-9]{2,3}(?:[ .][0-9]{2,4}){2,3}(?![0-9])"
    r"|(?<![0-9])0[0-9]{9,10}(?![0-9])|\(0[0-9]{2,3}\)\s?[0-9]{3,4}[ .]?[0-9]{3,4})"
    r"|" + _NB + r"(?:"
    r"(?P<sym>[0-9]+(?:/[0-9]+)*(?:\s?/\s?|-)[A-ZĐ][^\s,;()“”\"]*)"
    r"|(?P<yrange>" + _YEAR4 + r"\s*[-–]\s*" + _YEAR + r")"
    r"|(?P<date>[0-9]{1,2}/(?P<my>" + _YEAR + r")"
    r"|[0-9]{1,2}\s?/\s?[0-9]{1,2}(?:\s?/\s?[0-9]{2,4})?(?![0-9])"
    r"|[0-9]{1,2}[.-][0-9]{1,2}[.-]" + _YEAR + r")"
    r"|(?P<time>[0-9]{1,2}(?:h|g|giờ|:)[0-9]{2}(?![0-9])|[0-9]{1,2}h(?![^\W\d_]))"
    r"|(?P<num>(?P<n1>" + _NUM + r")"
    r"(?:(?:\s*[-–÷]\s*|\s+(?i:đến|tới)\s+)(?P<n2>" + _NUM + r"))?)"
    r")"
)
_YEAR_MORE_RE = re.compile(r"(?:\s*(?:-|–|,|(?i:và|đến))\s*(?:(?i:năm)\s+)?" + _YEAR + r")+")
_MONTHS_MORE_RE = re.compile(
    r"\s*(?:-|–|(?i:đến|tới))\s*(?:(?i:tháng)\s+)?[0-9]{1,2}\s*/\s*" + _YEAR
)
_LDATE_TAIL_RE = re.compile(r"(?i:ngày)\s+[0-9]{1,2}\s+(?i:tháng)\s+[0-9]{1,2}\s+(?i:năm)\s+$")

# The word (or two) right before a number that make it a name, an ordinal, an
# address or a document number rather than a quantity.
_SKIP1 = frozenset(
    _words("""số số: thứ khóa khoá lớp covid lần đợt kỳ phần chương mục điều khoản tiết trang
    tháng ngày năm quý tuần giờ phút biểu bảng mẫu phường quận thôn xóm ấp khu tổ lô tầng
    phòng đường km ql đt đt: fax fax: hotline tel tel: top vòng luật""")
)
_SKIP2 = frozenset(
    [
        "trung ương", "giai đoạn", "nhiệm kỳ", "phụ lục", "quốc lộ", "tỉnh lộ", "điện thoại",
        "điện thoại:", "kết luận", "chỉ thị", "nghị quyết", "quy định", "quyết định",
        "kế hoạch", "hướng dẫn", "thông báo", "công văn", "báo cáo", "chương trình",
        "thông tư", "nghị định", "tờ trình", "đề án", "công điện", "thông tri", "quy chế",
    ]
)  # fmt: skip
_QUAL1 = frozenset(_words("trên hơn gần khoảng tới dưới"))
_QUAL2 = {
    "chưa đến": "chưa đến",
    "chưa tới": "chưa đến",
    "ít nhất": "ít nhất",
    "tối thiểu": "ít nhất",
    "tối đa": "tối đa",
    "lên tới": "tới",
    "lên đến": "tới",
    "có tới": "tới",
    "có đến": "tới",
    "gần như": "gần",
}
_PUNCT_LEAD = "(“\"'‘["


def _tail_words(text: str, start: int) -> tuple[str, str, str]:
    """The last word before `start` and the last two, lowercased ("" when glued)."""
    before = text[max(0, start - 32) : start]
    if not before or not before[-1].isspace():
        return "", "", ""
    words = before.split()
    if not words:
        return "", "", ""
    last = words[-1].lstrip(_PUNCT_LEAD).lower()
    prev = words[-2].lstrip(_PUNCT_LEAD).lower() if len(words) > 1 else ""
    return prev, last, prev + " " + last


def _skipped_by_prefix(prev: str, last: str, last2: str) -> bool:
    if last in _SKIP1 or last2 in _SKIP2:
        return True
    # "tập 8" (a volume), but not "học tập 100%"
    return last == "tập" and prev not in ("học", "luyện")


# --------------------------------------------------------------------------
# what follows a number

_MEASURES = _words("m3/s mm/h km/h km2 m2 m3 mm cm km ha kg m MW kW kWh")
_MEASURE_ALT = "|".join(re.escape(u) for u in sorted(_MEASURES, key=len, reverse=True))
_MEASURE_CANON = {u.lower(): u for u in _MEASURES}
_RATE = r"(?:/(?:[0-9]+\s?)?(?:h|s|ngày|giờ|phút|tháng|năm)(?![^\W\d_]))?"
_GLUED_RE = re.compile(
    r"(?i:(?P<measure>" + _MEASURE_ALT + r")" + _RATE + r"|(?P<dong>đ))(?![^\W\d_])"
)
_PCT_RE = re.compile(r"\s*%|\s+(?i:phần trăm)(?![^\W\d_])")
_SCALES = {"nghìn": 1_000, "ngàn": 1_000, "triệu": 1_000_000, "tỷ": 10**9, "tỉ": 10**9}
_SCALE_RE = re.compile(r"\s*(?i:(nghìn|ngàn|triệu|tỷ|tỉ))(?![^\W\d_])")
_MONEY_RE = re.compile(r"\s*(?:đồng|VNĐ|VND|vnđ|đ)(?![^\W\d_])(?!\s+(?:chí|bào|nghiệp)\b)")
_DURATION_RE = re.compile(r"\s+(?i:năm|tháng|ngày|tuần|giờ|phút|giây|quý|tuổi|thế kỷ)(?![^\W\d_])")

# Counted nouns, canonical spelling; matched case-insensitively, longest first.
_NOUNS = [
    # organisations and people
    "tổ chức cơ sở đảng", "tổ chức đảng", "tổ chức cơ sở", "tổ chức", "đảng bộ cơ sở",
    "đảng bộ", "chi bộ cơ sở", "chi bộ", "đảng ủy", "cấp ủy", "cán bộ, đảng viên",
    "cán bộ đảng viên", "đảng viên", "cán bộ", "công chức", "viên chức", "người lao động",
    "người", "lượt", "đồng chí", "đồng bào", "cá nhân", "tập thể", "đơn vị", "cơ quan",
    "doanh nghiệp", "hộ nghèo", "hộ gia đình", "hộ", "gia đình", "đoàn viên", "hội viên",
    "thành viên", "học sinh", "sinh viên", "báo cáo viên", "tuyên truyền viên", "đại biểu",
    "trường hợp", "vụ việc", "vụ", "xã", "phường", "thị trấn", "thôn", "tổ dân phố",
    "huyện", "trường", "cơ sở",
    # documents and media
    "văn bản", "kế hoạch", "chương trình", "giấy mời", "công văn", "báo cáo", "hướng dẫn",
    "nghị quyết", "quyết định", "chỉ thị", "kết luận", "thông báo", "tờ trình", "đề án",
    "quy định", "quy chế", "đề cương", "tài liệu", "cuốn sách", "cuốn", "đầu sách", "bản",
    "tin bài", "tin", "bài viết", "bài dự thi", "bài", "tác phẩm", "phóng sự", "chuyên mục",
    "chuyên trang", "phim", "pa nô", "khẩu hiệu", "băng rôn",
    # activities, results, awards
    "điểm cầu", "hội nghị", "hội thảo", "lớp", "buổi", "cuộc thi", "cuộc kiểm tra",
    "cuộc giám sát", "cuộc", "đợt", "lần", "chuyên đề", "mô hình", "điển hình", "tấm gương",
    "gương", "công trình", "dự án", "phần quà", "suất quà", "suất", "giải Nhất", "giải Nhì",
    "giải Ba", "giải Khuyến khích", "giải", "bằng khen", "giấy khen", "huy hiệu",
    "huân chương", "kỷ niệm chương", "hồ sơ", "thủ tục", "TTHC", "đơn thư", "đơn",
    "kiến nghị", "ý kiến", "căn nhà", "ngôi nhà", "nhà", "ngày công", "điểm", "tiêu chí",
    "chỉ tiêu", "nhiệm vụ", "câu hỏi",
    # measures
    "tấn", "lít", "USD",
]  # fmt: skip
_NOUN_CANON = {n.lower(): n for n in _NOUNS}
_NOUN_RE = re.compile(
    r"\s+(?i:("
    + "|".join(re.escape(n) for n in sorted(_NOUNS, key=len, reverse=True))
    + "|"
    + _MEASURE_ALT
    + r"))(?P<rate>"
    + _RATE
    + r")(?![^\W\d_])"
)
_WORD_RE = re.compile(r"\s+([^\W\d_]+)")
_STOPWORDS = frozenset(
    _words("""và với của được đã đang sẽ trong tại cho là có để từ theo về trên dưới này đó khi
    các những thì mà nhưng hoặc hay bị do vì như gồm so ở đến tới qua bằng nên cũng còn
    rồi lại ra vào lên xuống không chưa đều đạt trở thuộc chiếm năm tháng ngày trước sau
    người""")
)


def _unit_after(text: str, pos: int) -> tuple[str, str, int] | None:
    """(kind, unit, scale) for what follows a number; None when it is no quantity.

    kind: "%", "money", "noun" (curated), "word" (fallback words) or "" (nothing).
    """
    if pos < len(text) and text[pos].isalpha():
        g = _GLUED_RE.match(text, pos)
        if not g:  # "1A", "5G", "3D": part of a name
            return None
        if g.group("dong"):
            return "money", "đồng", 1
        u = g.group("measure")
        return "noun", _MEASURE_CANON.get(u.lower(), u) + g.group()[len(u) :], 1
    if _PCT_RE.match(text, pos):
        return "%", "%", 1
    scale = 1
    s = _SCALE_RE.match(text, pos)
    if s:
        scale = _SCALES.get(s.group(1).lower(), 1)
        pos = s.end()
    if _MONEY_RE.match(text, pos):
        return "money", "đồng", scale
    m = _NOUN_RE.match(text, pos)
    if m:
        word = m.group(1).lower()
        canon = _NOUN_CANON.get(word) or _MEASURE_CANON.get(word, m.group(1))
        return "noun", canon + m.group("rate"), scale
    if scale == 1 and _DURATION_RE.match(text, pos):
        return None  # "03 năm", "6 tháng", "60 tuổi": a period or an age
    w = _WORD_RE.match(text, pos)
    if not w:
        return "", "", scale
    first = w.group(1)
    if first.lower() in _STOPWORDS:
        return "", "", scale
    if len(first) > 1 and first.isupper():  # an acronym: "02 TTHC", "47 PAKN"
        return "word", first, scale
    if first[0].isupper():  # a proper name follows, not a counted noun
        return "", "", scale
    w2 = _WORD_RE.match(text, w.end())
    if w2 and w2.group(1).islower() and w2.group(1) not in _STOPWORDS:
        return "word", first + " " + w2.group(1), scale
    return "word", first, scale


# --------------------------------------------------------------------------
# extraction

_EMAIL_URL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:https?://|www\.)\S+")


def _is_year(raw: str) -> bool:
    return len(raw) == 4 and raw[:2] in ("19", "20") and raw.isdigit()


def _is_label(text: str, start: int, end: int, raw: str) -> bool:
    """A section number at the start of a line ("1.", "2.1.", "2.2 Nguyên nhân", "1)")."""
    ls = text.rfind("\n", 0, start) + 1
    if text[ls:start].strip():
        return False
    nxt = text[end : end + 2]
    if nxt[:1] in (".", ")") and (len(nxt) < 2 or not nxt[1].isdigit()):
        return True
    if "." in raw and "," not in raw and not _THOUSANDS_RE.fullmatch(raw):
        return not text[end:].lstrip(" \t").startswith("%")
    return False


def extract_figures(text: str) -> list[Figure]:
    """Every quantity in a paragraph, in order; `path` and `footnote` left for the caller."""
    text = strip_markers(text)
    spans = _sentence_spans(text)
    if not spans:
        return []
    masked: list[tuple[int, int]] = []
    if "@" in text or "http" in text or "www." in text:
        masked = [m.span() for m in _EMAIL_URL_RE.finditer(text)]
    out: list[Figure] = []
    si = 0
    nspans = len(spans)
    year: int | None = None
    pos = 0
    find = _FIND_RE.search
    token = _TOKEN_RE.match
    while True:
        f = find(text, pos)
        if f is None:
            break
        start = f.start()
        m = token(text, start)
        if m is None:
            pos = f.end()
            continue
        pos = m.end()
        while si + 1 < nspans and start >= spans[si + 1][0]:
            si += 1
            year = None  # the year of a figure is stated in its own sentence
        kind = m.lastgroup
        if kind == "semi":
            year = None
        elif kind == "num" or kind == "yrange" or kind == "date":
            prev, last, last2 = _tail_words(text, start)
            if kind == "date":
                if m.group("my") and last == "tháng":  # "tháng 6/2023"
                    more = _MONTHS_MORE_RE.match(text, pos)
                    if more:  # "từ tháng 5/2023 đến tháng 5/2024": a span, no one year
                        year = None
                        pos = more.end()
                    else:
                        year = int(m.group("my"))
                continue
            if kind == "yrange":
                if last2 not in ("nhiệm kỳ", "giai đoạn"):  # those name a term, not a time
                    year = None
                continue
            n1 = m.group("n1")
            if last == "năm" and _is_year(n1):
                # "năm 2021" sets the year; "năm 2022 và năm 2023" is a span: no one year
                if _LDATE_TAIL_RE.search(text, max(0, start - 40), start):
                    continue  # "ngày 18 tháng 5 năm 2021" dates a document
                more = _YEAR_MORE_RE.match(text, pos)
                if more or m.group("n2"):
                    year = None
                    pos = more.end() if more else pos
                else:
                    year = int(n1)
                continue
            if masked and any(a <= start < b for a, b in masked):
                continue
            if _skipped_by_prefix(prev, last, last2):
                continue
            out.extend(_figures_at(text, m, spans[si], year, last, last2))
    return out


def _figures_at(
    text: str, m: re.Match, span: tuple[int, int], year: int | None, last: str, last2: str
) -> list[Figure]:
    start, end = m.span()
    n1, n2 = m.group("n1"), m.group("n2")
    nxt = text[end : end + 2]
    if nxt[:1] == "/" or (nxt[:1] == "-" and nxt[1:].isalnum()):
        return []  # the tail of a date or a symbol
    if nxt[:1] == ":" and n2 is None:
        return []  # a label: "Bước 2:", "Công ty Thương mại 68:"
    if n2 is None:
        if _is_label(text, start, end, n1):
            return []
        # "(1)" enumerates; a number alone on its line is a page number
        if start > 0 and text[start - 1] == "(" and nxt[:1] == ")":
            return []
        ls = text.rfind("\n", 0, start) + 1
        le = text.find("\n", end)
        if not text[ls:start].strip() and not text[end : le if le >= 0 else len(text)].strip():
            return []
    unit = _unit_after(text, end)
    if unit is None:
        return []
    kind, name, scale = unit
    raws = [n1] if n2 is None else [n1, n2]
    values = []
    for raw in raws:
        d = _decimal(raw)
        if d is None:
            return []
        # a bare year ("2023)", "Chủ đề 2024") unless a counted noun follows it
        if _is_year(raw) and kind not in ("noun", "%", "money"):
            return []
        # "2.1" with nothing counted after it refers to a section: decimals take a comma
        if not kind and "." in raw and not _THOUSANDS_RE.fullmatch(raw):
            return []
        values.append(_scaled(d[0], d[1], scale))
    if n2 is not None:
        quals = ["từ", "đến"]
    elif last2 in _QUAL2:
        quals = [_QUAL2[last2]]
    else:
        quals = [last if last in _QUAL1 else ""]
    sentence = text[span[0] : span[1]]
    return [
        Figure(
            value=v,
            unit=name,
            qualifier=q,
            text=sentence,
            raw=raw + "%" if kind == "%" else raw,
            year=year,
        )
        for v, q, raw in zip(values, quals, raws, strict=True)
    ]
