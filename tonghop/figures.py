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
from tonghop.text import strip_markers

__all__ = ["CONFIDENT", "extract_figures", "parse_number", "split_sentences"]

# A figure below this confidence is a guess: offered for confirmation, not counted as read.
CONFIDENT = 0.5


def _words(s: str) -> list[str]:
    """A word list written as one string (easier to read and extend)."""
    return s.split()


# --------------------------------------------------------------------------
# footnote markers

# After strip_markers the only superscripts left are exponents: a unit is spelt one way,
# "90 m³/s" and "90 m3/s" alike.
_EXPONENT_DIGITS = str.maketrans("²³", "23")


def _plain(text: str) -> str:
    """The text without footnote markers, exponents in plain digits (m² -> m2)."""
    return strip_markers(text).translate(_EXPONENT_DIGITS)


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
            # (the line break that ended the previous sentence is no text before it)
            if _LABEL_RE.fullmatch(tok) and not text[start : ws + 1].strip():
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
    phòng đường km ql đt đt: fax fax: hotline tel tel: top vòng luật điểm mã ngõ ngách hẻm
    kiệt loại cỡ khổ kiểu hạng bước""")
)
# "điểm 3.4", "khoản 2", "Điều 7": the clause of a document being cited, "mã 1.013980" a
# code, "ngõ 25" an address, "loại 7 ô" a kind.  After an address word a measure is a size
# ("tuyến đường 40m"), not a house number.
_ADDRESS = frozenset(_words("đường phố ngõ ngách hẻm kiệt lô khu"))
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
    "không quá": "tối đa",
    "vượt quá": "trên",
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


# "thí điểm 05 mô hình", "trọng điểm", "thời điểm": "điểm" ends a word, cites no clause
_DIEM_WORDS = frozenset(_words("thí trọng địa thời đặc quan ưu nhược khuyết giao"))


def _skipped_by_prefix(prev: str, last: str, last2: str) -> bool:
    if last == "điểm" and prev in _DIEM_WORDS:
        return False
    if last in _SKIP1 or last2 in _SKIP2:
        return True
    # "tập 8" (a volume), but not "học tập 100%"
    return last == "tập" and prev not in ("học", "luyện")


# --------------------------------------------------------------------------
# what follows a number

_MEASURES = _words("m3/s m3/h mm/h km/h km2 m2 m3 mm cm km ha kg m MW kW kWh kVA kV")
_MEASURE_ALT = "|".join(re.escape(u) for u in sorted(_MEASURES, key=len, reverse=True))
_MEASURE_CANON = {u.lower(): u for u in _MEASURES}
# Counted like a measure: "70 năm tuổi Đảng" is a class of the Party badge, not a period.
_MEASURE_NOUNS = ["năm tuổi đảng", "tuổi đảng"]
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
    "huyện", "trường", "cơ sở", "địa phương", "sở", "hội",
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
_NOUN_CANON = {n.lower(): n for n in _NOUNS + _MEASURE_NOUNS}
_MEASURE_UNITS = frozenset(_MEASURE_CANON.values()) | frozenset(_MEASURE_NOUNS)
_NOUN_RE = re.compile(
    r"\s+(?i:("
    + "|".join(re.escape(n) for n in sorted(_NOUNS + _MEASURE_NOUNS, key=len, reverse=True))
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
# Words that follow a number in a motto ("4 tại chỗ", "3 sẵn sàng", "5 không", "3 sạch"),
# never a counted noun.
_MOTTO_WORDS = frozenset(_words("sẵn sạch tốt đẹp xanh nhanh an"))
# Nouns that say what kind a thing is when they follow it with a number: "chính quyền
# địa phương 2 cấp", "nhà 3 tầng", "xe 4 chỗ"; a count only after a word that introduces
# one ("kiểm tra ở 02 cấp").
_KIND_NOUNS = frozenset(_words("cấp tầng chỗ làn sao giường bánh ô"))
_COUNT_INTRO = frozenset(
    _words("""có gồm với ở tại trên dưới của cho qua đủ thêm được là đạt hơn gần khoảng tới đến
    từ và hoặc tổng cả mỗi các những""")
)


def _unit_after(text: str, pos: int) -> tuple[str, str, int, int] | None:
    """(kind, unit, scale, end) for what follows a number; None when it is no quantity.

    kind: "%", "money", "measure" (a unit of measure), "noun" (a curated counted noun),
    "word" (fallback words) or "" (nothing counted).  `end`: where the unit ends.
    """
    if pos < len(text) and text[pos].isalpha():
        g = _GLUED_RE.match(text, pos)
        if not g:  # "1A", "5G", "3D": part of a name
            return None
        if g.group("dong"):
            return "money", "đồng", 1, g.end()
        u = g.group("measure")
        return "measure", _MEASURE_CANON.get(u.lower(), u) + g.group()[len(u) :], 1, g.end()
    p = _PCT_RE.match(text, pos)
    if p:
        return "%", "%", 1, p.end()
    scale = 1
    s = _SCALE_RE.match(text, pos)
    if s:
        scale = _SCALES.get(s.group(1).lower(), 1)
        pos = s.end()
    mo = _MONEY_RE.match(text, pos)
    if mo:
        return "money", "đồng", scale, mo.end()
    m = _NOUN_RE.match(text, pos)
    if m:
        word = m.group(1).lower()
        canon = _NOUN_CANON.get(word) or _MEASURE_CANON.get(word, m.group(1))
        kind = "measure" if canon in _MEASURE_UNITS else "noun"
        if kind == "noun" and m.group(1)[0].isupper():
            # "1 Phường Bình Thuận", "2 Xã Hàm Liêm": a row number before a proper name
            w = _WORD_RE.match(text, m.end())
            if w and w.group(1)[0].isupper():
                return "", "", scale, pos
        return kind, canon + m.group("rate"), scale, m.end()
    if scale == 1 and _DURATION_RE.match(text, pos):
        return None  # "03 năm", "6 tháng", "60 tuổi": a period or an age
    w = _WORD_RE.match(text, pos)
    if not w:
        return "", "", scale, pos
    first = w.group(1)
    low = first.lower()
    if low in _STOPWORDS or low in _MOTTO_WORDS:
        return "", "", scale, pos
    if len(first) > 1 and first.isupper():  # an acronym: "02 TTHC", "47 PAKN"
        return "word", first, scale, w.end()
    if first[0].isupper():  # a proper name follows, not a counted noun
        return "", "", scale, pos
    w2 = _WORD_RE.match(text, w.end())
    if w2 and w2.group(1).islower() and w2.group(1) not in _STOPWORDS:
        return "word", first + " " + w2.group(1), scale, w2.end()
    return "word", first, scale, w.end()


# --------------------------------------------------------------------------
# extraction

_EMAIL_URL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:https?://|www\.)\S+")
# More numbers sharing the noun of the last one: "30, 40, 45 và 50 năm tuổi đảng".
_LIST_NEXT_RE = re.compile(
    r"(?:\s*,\s*(?:(?i:và|hoặc)\s+)?|\s+(?i:và|hoặc)\s+)(" + _NUM + r")(?![0-9/.,]?[0-9])"
)
# "30 năm, 40 năm, ..., 90 năm tuổi đảng": each number says "năm", the last says whose.
_YEARS_LIST_NEXT_RE = re.compile(
    r"\s+(?i:năm)(?:\s*,\s*(?:(?i:và|hoặc)\s+)?|\s+(?i:và|hoặc)\s+)(" + _NUM + r")(?![0-9/])"
)
_TOLERANCE_RE = re.compile(r"\s*±\s*" + _NUM)  # "3.5±0.2m": the level is 3,5 m
_SIZE_RE = re.compile(r"\s*[x×]\s*" + _NUM)  # "ảnh 4 x 6": a size
_FRACTION_RE = re.compile(r"([0-9]{1,3})\s?/\s?([0-9]{1,3})")
_NUMBER_AT_RE = re.compile(_NUM)
_DATE_WORDS = frozenset(
    _words("ngày từ đến tới trước sau hết đợt lễ dịp vào đầu cuối giữa hôm tháng khoảng")
)
# Two numbers side by side with no word between them are cells of a table row, not prose.
_ROW_BEFORE_RE = re.compile(r"(?<![\w/.,])(?!(?:19|20)[0-9]{2}\s+$)[0-9][0-9.,/]*\s+$")
_SYMBOL_QUAL = {"<": "dưới", ">": "trên", "≤": "tối đa", "≥": "ít nhất"}
_STATED = frozenset(_words("là bằng"))  # "Số PAKN được tiếp nhận là 49": the noun came first


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


def _char_before(text: str, start: int) -> str:
    """The first character before `start` that is not a space or a sign."""
    i = start - 1
    while i >= 0 and text[i] in " \t+":
        i -= 1
    return text[i] if i >= 0 else ""


def _skip_list(text: str, pos: int) -> int:
    """After a cited clause ("Khoản 2"), the rest of its list ("và 3", ", 4") is cited too."""
    while True:
        m = _LIST_NEXT_RE.match(text, pos)
        if not m:
            return pos
        pos = m.end()


class _State:
    """What the scan of one paragraph remembers between numbers."""

    __slots__ = ("unit_end", "year")

    def __init__(self) -> None:
        self.year: int | None = None
        self.unit_end = -1  # where the counted noun of the last figure ended


def extract_figures(text: str) -> list[Figure]:
    """Every quantity in a paragraph, in order; `path` and `footnote` left for the caller."""
    text = _plain(text)
    spans = _sentence_spans(text)
    if not spans:
        return []
    masked: list[tuple[int, int]] = []
    if "@" in text or "http" in text or "www." in text:
        masked = [m.span() for m in _EMAIL_URL_RE.finditer(text)]
    out: list[Figure] = []
    si = 0
    nspans = len(spans)
    st = _State()
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
            if text[start].isdigit():
                pos = f.end()
                if start > 1 and text[start - 1] == "/" and text[start - 2].isalpha():
                    # "14 hồ sơ phi địa giới TTHC/137 hồ sơ nộp trực tuyến": a ratio of counts
                    pos = _after_slash(text, start, spans[si], st, out) or pos
            else:
                pos = start + 1  # "(9,8ha)", "+2.80m": the number itself is a candidate
            continue
        pos = m.end()
        while si + 1 < nspans and start >= spans[si + 1][0]:
            si += 1
            st.year = None  # the year of a figure is stated in its own sentence
        kind = m.lastgroup
        if kind == "semi":
            st.year = None
        elif kind == "num" or kind == "yrange" or kind == "date":
            # the words before a signed level ("dưới +2.5m") stand before its sign
            ws = start - 1 if text[start - 1 : start] == "+" else start
            prev, last, last2 = _tail_words(text, ws)
            if kind == "date":
                if m.group("my") and last == "tháng":  # "tháng 6/2023"
                    more = _MONTHS_MORE_RE.match(text, pos)
                    if more:  # "từ tháng 5/2023 đến tháng 5/2024": a span, no one year
                        st.year = None
                        pos = more.end()
                    else:
                        st.year = int(m.group("my"))
                elif last not in _DATE_WORDS:
                    pos = _fraction(text, m, spans[si], st, out) or pos
                continue
            if kind == "yrange":
                if last2 not in ("nhiệm kỳ", "giai đoạn"):  # those name a term, not a time
                    st.year = None
                continue
            n1 = m.group("n1")
            if last == "năm" and _is_year(n1):
                # "năm 2021" sets the year; "năm 2022 và năm 2023" is a span: no one year
                if _LDATE_TAIL_RE.search(text, max(0, start - 40), start):
                    continue  # "ngày 18 tháng 5 năm 2021" dates a document
                more = _YEAR_MORE_RE.match(text, pos)
                if more or m.group("n2"):
                    st.year = None
                    pos = more.end() if more else pos
                else:
                    st.year = int(n1)
                continue
            if masked and any(a <= start < b for a, b in masked):
                continue
            if _skipped_by_prefix(prev, last, last2):
                size = last in _ADDRESS and _unit_after(text, pos)
                if not (size and size[0] == "measure"):
                    pos = _skip_list(text, pos)
                    dims = _SIZE_RE.match(text, pos)  # "cỡ 4 x 6 cm"
                    pos = dims.end() if dims else pos
                    continue
            size = _SIZE_RE.match(text, pos)
            if size:
                pos = size.end()
                continue
            pos = _figures_at(text, m, spans[si], st, prev, last, last2, out)
    return out


def _new_figure(
    value: int | float, unit: str, qual: str, raw: str, kind: str, span, st, conf: float
) -> Figure:
    return Figure(
        value=value,
        unit=unit,
        qualifier=qual,
        text=span,
        raw=raw + "%" if kind == "%" else raw,
        year=st.year,
        confidence=conf,
    )


def _figures_at(
    text: str,
    m: re.Match,
    span: tuple[int, int],
    st: _State,
    prev: str,
    last: str,
    last2: str,
    out: list[Figure],
) -> int:
    """Append the figures of a number token to `out`; return where the scan goes on."""
    start, end = m.span()
    n1, n2 = m.group("n1"), m.group("n2")
    nxt = text[end : end + 2]
    if nxt[:1] == "/" or (nxt[:1] == "-" and nxt[1:].isalnum()):
        return end  # the tail of a date or a symbol
    if nxt[:1] == ":" and n2 is None:
        return end  # a label: "Bước 2:", "Công ty Thương mại 68:"
    raws = [n1] if n2 is None else [n1, n2]
    unit_pos = end
    if n2 is None:
        if _is_label(text, start, end, n1):
            return end
        # "(1)" enumerates; a number alone on its line is a page number
        if start > 0 and text[start - 1] == "(" and nxt[:1] == ")":
            return end
        ls = text.rfind("\n", 0, start) + 1
        le = text.find("\n", end)
        if not text[ls:start].strip() and not text[end : le if le >= 0 else len(text)].strip():
            return end
        tol = _TOLERANCE_RE.match(text, end)
        if tol:
            unit_pos = tol.end()
        else:
            # "30, 40, 45, ..., 90 năm tuổi đảng": every number takes the noun of the last
            lst = _LIST_NEXT_RE.match(text, end)
            while lst:
                raws.append(lst.group(1))
                unit_pos = lst.end()
                lst = _LIST_NEXT_RE.match(text, unit_pos)
            if len(raws) == 1:
                lst = _YEARS_LIST_NEXT_RE.match(text, end)
                while lst:
                    raws.append(lst.group(1))
                    unit_pos = lst.end()
                    lst = _YEARS_LIST_NEXT_RE.match(text, unit_pos)
                if len(raws) > 1:
                    years = _unit_after(text, unit_pos)
                    if not years or years[1] not in _MEASURE_NOUNS:
                        raws, unit_pos = raws[:1], end  # "3 năm, 5 đảng viên": a period
    unit = _unit_after(text, unit_pos)
    if unit is None:
        return unit_pos
    kind, name, scale, unit_end = unit
    if not kind and len(raws) > 1:  # a list with nothing counted after it: read one by one
        raws, unit_pos = raws[:1], end
        unit = _unit_after(text, end)
        if unit is None:
            return end
        kind, name, scale, unit_end = unit
    sign = _char_before(text, start)
    # "+2.80m": a level above datum; the dot is a decimal point whatever follows it
    signed = text[start - 1 : start] == "+" or text[max(0, start - 2) : start] == "+ "
    values = []
    for raw in raws:
        d = _decimal(raw)
        if d is None:
            return unit_pos
        if signed and kind == "measure" and "," not in raw and "." in raw:
            d = (Decimal(raw), True)
        # a bare year ("2023)", "Chủ đề 2024") unless a counted noun follows it
        if _is_year(raw) and kind not in ("noun", "measure", "%", "money"):
            return unit_pos
        # "2.1" counts nothing: a section, the clause of a document ("điểm 3.4 Hướng dẫn"),
        # part of a name ("Cổ Nhuế 2.1"); a decimal count takes a comma
        dotted = "." in raw and "," not in raw and not _THOUSANDS_RE.fullmatch(raw)
        if dotted and not signed and kind not in ("measure", "%", "money"):
            return unit_pos
        values.append(_scaled(d[0], d[1], scale))
    conf = 1.0
    if not kind:
        # Nothing counted after it: a name, an index, a label.  Kept only when the count was
        # named before it: "Số PAKN được tiếp nhận: 49" counts PAKN; "Số liệu: 49", a guess.
        if sign != ":" and last not in _STATED:
            return unit_pos
        name = _named_before(text, span[0], start)
        kind, conf = ("word", 0.8) if name else ("", 0.4)
    elif kind == "word":
        conf = 0.8
    if kind in ("noun", "word") and name in _KIND_NOUNS and last not in _COUNT_INTRO:
        conf = 0.4  # "chính quyền địa phương 02 cấp": a kind, not a count
    if _ROW_BEFORE_RE.search(text, max(0, start - 24), start):
        conf = min(conf, 0.4)  # "862/1.266 1 bản án": cells of a table read as a line
    if n2 is not None:
        quals = ["từ", "đến"]
    else:
        if sign in _SYMBOL_QUAL:
            qual = _SYMBOL_QUAL[sign]
        elif last2 in _QUAL2:
            qual = _QUAL2[last2]
        elif last in _QUAL1:
            qual = last
            # "64 điểm trên 23 phường": "trên" after a counted noun is "on", not "over"
            if st.unit_end >= 0 and text[st.unit_end : start].strip().lower() == "trên":
                qual = ""
        else:
            qual = ""
        quals = [qual] + [""] * (len(raws) - 1)
    sentence = text[span[0] : span[1]]
    for v, q, raw in zip(values, quals, raws, strict=True):
        out.append(_new_figure(v, name, q, raw, kind, sentence, st, conf))
    st.unit_end = unit_end
    return unit_end if len(raws) > 1 or kind == "measure" else unit_pos


_NAMED_RE = re.compile(r"(?i:\bsố(?:\s+lượng)?)\s+(?=\S)")


def _named_before(text: str, a: int, start: int) -> str:
    """The counted noun of "Số <noun> ...: N", named earlier in the same clause."""
    cut = max(text.rfind(";", a, start), a)
    found = ""
    for m in _NAMED_RE.finditer(text, cut, start):
        w = _WORD_RE.match(text, m.end() - 1)
        n = _NOUN_RE.match(text, m.end() - 1)
        if n:
            found = _NOUN_CANON.get(n.group(1).lower(), n.group(1))
        elif w and len(w.group(1)) > 1 and w.group(1).isupper():  # "Số PAKN", "số TTHC"
            found = w.group(1)
    return found


def _fraction(text: str, m: re.Match, span, st: _State, out: list[Figure]) -> int | None:
    """ "07/09 sở có ý kiến": 7 of 9 counted, two figures; None when it is a date after all."""
    fr = _FRACTION_RE.fullmatch(m.group("date"))
    if not fr or int(fr.group(1)) > int(fr.group(2)):
        return None
    unit = _unit_after(text, m.end())
    if unit is None or unit[0] != "noun":  # "7/11 hàng năm" is a date
        return None
    kind, name, _, unit_end = unit
    sentence = text[span[0] : span[1]]
    for raw in fr.groups():
        out.append(_new_figure(int(raw), name, "", raw, kind, sentence, st, 1.0))
    st.unit_end = unit_end
    return unit_end


def _after_slash(text: str, start: int, span, st: _State, out: list[Figure]) -> int | None:
    """A count right after "…TTHC/": kept when a counted noun follows it."""
    n = _NUMBER_AT_RE.match(text, start)
    unit = _unit_after(text, n.end())
    if not unit or unit[0] not in ("noun", "word"):
        return None
    d = _decimal(n.group())
    if d is None or d[1]:
        return None
    kind, name, _, unit_end = unit
    out.append(
        _new_figure(
            int(d[0]),
            name,
            "",
            n.group(),
            kind,
            text[span[0] : span[1]],
            st,
            1.0 if kind == "noun" else 0.8,
        )
    )
    st.unit_end = unit_end
    return unit_end
