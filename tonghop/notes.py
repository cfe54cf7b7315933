"""What a text file's conventions leave in a file of another format, read as the .txt
reader reads them, whatever the reader: rules applied after reading.

- Footnotes typed as ordinary paragraphs: "¹ Kế hoạch số 25-KH/ĐUK, ..." at the end of a
  report or where a page ended, as when a PDF is copied into Word or a report is saved
  from a text file (`typed_footnotes`); their markers may be plain digits, "thực hiện1."
  or "thực hiện 1.", when the raised numbers came down to the line (`plain_footnotes`).
- Emphasis typed as marks, "**K/T TRƯỞNG BAN" … "PHÓ TRƯỞNG BAN**", "*Học tập …*", in a
  report opened from its .txt and saved as .docx or printed (`text_marks`)."""

from __future__ import annotations

import re

from tonghop.model import (
    SUPERSCRIPT_DIGITS,
    Block,
    RawDocument,
    from_superscript,
    superscript,
)

_TYPED = re.compile(f"^([{SUPERSCRIPT_DIGITS}]+)\\s*(\\S.*)$", re.S)
_MARKER = re.compile(f"[{SUPERSCRIPT_DIGITS}]+")
_UNITS = ("m", "km", "cm", "dm", "mm")  # "100 m²" is an area, not a marker
# A span stops at the next mark ("**" for bold, "*" for italic): a paragraph of thousands
# of lone stars is read in linear time.
_BOLD = re.compile(r"\*\*((?:[^*]|\*(?!\*))+?)\*\*")
_ITALIC = re.compile(r"(?<![\w*])\*(?!\s)([^*]+?)(?<!\s)\*(?![\w*])")
_SPAN = 4  # paragraphs a "**" opened in one may close in ("**K/T TRƯỞNG BAN", "PHÓ ...**")


def _markers(text: str) -> set[int]:
    found = set()
    for m in _MARKER.finditer(text):
        if m.group() in "²³" and text[max(0, m.start() - 3) : m.start()].endswith(_UNITS):
            continue
        found.add(from_superscript(m.group()))
    return found


# A note typed as a paragraph with a plain number: "1 Kế hoạch ...", "1Kế hoạch ...".
_PLAIN_NOTE = re.compile(r"^(\d{1,2})(?!\d)\s*(\S.*)$", re.S)
# (Each pattern opens with the number, what stands before it looked behind: a literal
# start is found fast in a long document.)
# A plain marker is glued to a word of two letters or more, to a closing quote or bracket,
# or to a word's full stop or comma ("hiện.1"); never to a digit ("H5N1", "2.1").
_GLUED = (
    r"({n})(?:(?<=[^\W\d_]{{2}}{n})|(?<=[”\"’)]{n})|(?<=[^\W\d_][.,;]{n}))"
    r"(?!\d)(?=[\s.,;:!?)”\"’]|$)"
)
# ... or set after a space, then only before a punctuation mark or the paragraph's end.
_SPACED = r"(?<= )({n})(?:(?<=[^\W\d_] {n})|(?<=[”\"’)] {n}))(?!\d)(?=[.,;:!?)]|\s*$)"
# ... or inside a sentence, before a word in lower case (see `_between`).
_INSIDE = r"(?<= )({n})(?:(?<=[^\W\d_] {n})|(?<=[”\"’)] {n})) (?=[^\W\d_])"
# Words a number after a space counts or names ("năm 2", "quý 2", "lần 1"): not markers.
_COUNTING = {
    "số", "năm", "quý", "tháng", "ngày", "tuần", "lần", "đợt", "khóa", "khoá", "kỳ", "kì",
    "thứ", "điểm", "khoản", "điều", "mục", "phần", "chương", "giai", "đoạn", "loại", "hạng",
    "nhóm", "cấp", "tổ", "ấp", "thôn", "xóm", "khu", "phường", "quận", "tầng", "phòng",
    "lớp", "ương", "covid", "bảng", "hình", "phụ", "lục", "trang", "tập", "quyển", "bước",
}  # fmt: skip


def _plain_marker(paras: list[Block], n: int, start: tuple[int, int], end: int, skip: set[int]):
    """Where marker `n` is, as (paragraph, start, end, spaced), between `start` and the
    paragraph `end`: the first glued one, else the first after a space."""
    for pattern, spaced in ((_GLUED, False), (_SPACED, True)):
        rx = re.compile(pattern.format(n=n))
        for k in range(start[0], end):
            if k in skip:
                continue
            text = paras[k].text
            for m in rx.finditer(text, start[1] if k == start[0] else 0):
                if spaced:
                    word = re.findall(r"[^\W\d_]+", text[: m.start(1)])
                    if word and word[-1].lower() in _COUNTING:
                        continue
                return k, m.start(1), m.end(1), spaced
    return None


def _between(paras: list[Block], notes: dict[int, int], found: list, read: set[int]) -> None:
    """A marker after a space inside a sentence ("Đảng ủy Khối 11 nhằm ...") reads like a
    count; taken only where it is the one such number between the markers before and
    after it, which were read."""
    at = dict(zip(sorted(read), found, strict=True))
    last = {n: k for k, n in notes.items()}
    for n in sorted(last):
        if n in read or n - 1 not in at and n > 1:
            continue
        start = (at[n - 1][0], at[n - 1][2]) if n > 1 else (0, 0)
        stop = at[n + 1] if n + 1 in at else (last[n], 0, 0, False)
        rx = re.compile(_INSIDE.format(n=n))
        hits = []
        for k in range(start[0], stop[0] + 1):
            if k in last.values() and k != stop[0]:
                continue
            text = paras[k].text[: stop[1]] if k == stop[0] else paras[k].text
            for m in rx.finditer(text, start[1] if k == start[0] else 0):
                word = re.findall(r"[^\W\d_]+", text[: m.start(1)])
                if text[m.end(1) + 1].islower() and not (word and word[-1].lower() in _COUNTING):
                    hits.append((k, m.start(1), m.end(1), True))
        if len(hits) == 1:
            found.append(hits[0])
            read.add(n)
    found.sort()


def plain_footnotes(raw: RawDocument) -> RawDocument:
    """Markers and notes typed as plain digits made superscript ("hiện1." -> "hiện¹.",
    "1 Kế hoạch" -> "¹ Kế hoạch"), for `typed_footnotes` to read, only where the whole
    chain holds: paragraphs "1 ...", "2 ...", ... "n ..." in this order, each after its
    marker, the markers in the same order, and no other paragraph shaped like a note
    (a gap, a number twice, one out of order) after the first marker.  A document with
    real footnotes or raised markers is left alone.  `raw` is changed in place."""
    paras = [b for b in raw.blocks if b.kind == "para"]
    if any(b.kind == "footnote" for b in raw.blocks) or any(_markers(b.text) for b in paras):
        return raw
    candidates = {}
    for k, b in enumerate(paras):
        m = _PLAIN_NOTE.match(b.text.strip())
        if m and int(m.group(1)) >= 1 and (m.group(2)[0].isupper() or m.group(2)[0] in '“"('):
            candidates[k] = int(m.group(1))
    if not candidates:
        return raw
    notes: dict[int, int] = {}  # paragraph -> number
    found: list[tuple[int, int, int, bool]] = []  # the markers read
    read: set[int] = set()  # their numbers
    cursor = (0, 0)
    for k, n in candidates.items():
        if n != len(notes) + 1:
            continue
        where = _plain_marker(paras, n, cursor, k, set(notes))
        if where is None and not found:
            cursor = (k, 0)  # not before this one: a later "1 ..." looks on from here
            continue
        notes[k] = n
        if where is not None:
            found.append(where)
            read.add(n)
            cursor = (where[0], where[2])
    _between(paras, notes, found, read)
    # A note in its place whose marker is still not read is a note all the same, left
    # without its marker, where most markers were found.
    if not found or len(found) * 2 < len(notes):
        return raw
    first_marker, first_note = found[0][0], min(notes)
    for k, n in candidates.items():
        if k not in notes and k > first_marker and (k > first_note or n <= len(notes) + 1):
            return raw  # a gap, a number twice or out of order: not a chain of notes
    for k, start, end, spaced in reversed(found):
        text = paras[k].text
        paras[k].text = text[: start - spaced] + superscript(int(text[start:end])) + text[end:]
    at = {id(b): i for i, b in enumerate(raw.blocks)}
    for k, n in notes.items():
        text = _PLAIN_NOTE.match(paras[k].text.strip()).group(2)
        if n in read:
            paras[k].text = f"{superscript(n)} {text}"
        else:
            b = paras[k]
            raw.blocks[at[id(b)]] = Block(text, kind="footnote", footnote=n, page=b.page)
    return raw


def _unfinished(text: str) -> bool:
    return text.rstrip()[-1:] not in ".!?;…"


def typed_footnotes(raw: RawDocument) -> RawDocument:
    """Turn into footnotes the paragraphs that open with a superscript number which a
    marker earlier in the document refers to and no real footnote has.  The first such
    paragraph of a number counts; `raw` is changed in place and returned."""
    real = {b.footnote for b in raw.blocks if b.kind == "footnote"}
    marked: set[int] = set()
    note: Block | None = None  # the typed footnote just read, which a page may have cut
    for k, b in enumerate(raw.blocks):
        if note is not None and b.kind == "para" and b.continues and _unfinished(note.text):
            # Its end on the next page (a PDF line with no first-line indent), where the
            # note stopped mid-sentence: a body paragraph resumed there would follow a
            # note that ends with its full stop.
            note.text = f"{note.text} {b.text.strip()}"
            b.text, b.continues = "", False
            continue
        note = None
        if b.kind == "table":
            for row in b.rows or []:
                for cell in row:
                    marked |= _markers(cell)
            continue
        if b.kind != "para":
            continue
        m = _TYPED.match(b.text.lstrip())
        if m:
            n = from_superscript(m.group(1))
            if n in marked and n not in real:
                note = Block(m.group(2).strip(), kind="footnote", footnote=n, page=b.page)
                raw.blocks[k] = note
                real.add(n)
                continue
        # A leading number that is not taken refers to nothing either.
        marked |= _markers(m.group(2) if m else b.text)
    return raw


def text_marks(raw: RawDocument) -> RawDocument:
    """Remove the "**bold**" and "*italic*" marks of a text file from the paragraphs of a
    .docx or .pdf made of it, the paragraphs they cover made bold or italic.  Only where
    the document shows such a pair ("**" has no other use in these documents); a lone "*"
    (under the issuing body) is kept.  `raw` is changed in place and returned."""
    if raw.format in ("txt", "md"):
        return raw
    paras = [b for b in raw.blocks if b.kind == "para"]
    if not any(_BOLD.search(b.text) or b.text.lstrip().startswith("**") for b in paras):
        return raw
    k = 0
    while k < len(paras):
        b = paras[k]
        if b.text.lstrip().startswith("**") and "**" not in b.text.lstrip()[2:]:
            # Opened here, closed a few paragraphs on: the run between is bold.
            end = next(
                (j for j in range(k + 1, min(k + _SPAN, len(paras))) if "**" in paras[j].text),
                None,
            )
            if end is not None and paras[end].text.rstrip().endswith("**"):
                for c in paras[k : end + 1]:
                    c.text, c.bold = c.text.replace("**", ""), True
                k = end + 1
                continue
        bare = b.text.strip()
        if _BOLD.fullmatch(bare):
            b.bold = True
        b.text = _BOLD.sub(r"\1", b.text)
        if _ITALIC.fullmatch(b.text.strip()):
            b.italic = True
        b.text = _ITALIC.sub(r"\1", b.text)
        k += 1
    return raw
