"""The front and the end of a document: header (issuing body, number, place and date),
kind and summary line, and a signature typed without a capacity line.

Wherever the header stood in the source (lines of a text file, a Word layout table read
as paragraphs, the two columns of a PDF page joined by "\\n"), it reaches here as blocks
whose lines are the issuing bodies in capitals, the national motto, `Số ...`, the place
and date, and for a công văn the summary line `V/v ...` in place of a kind word.
"""

from __future__ import annotations

import re

from tonghop import numbering
from tonghop.dates import parse_date
from tonghop.model import Block, Header, Signer
from tonghop.text import document_kind, fold, is_upper_text, squeeze, strip_markers, word_count

_NATIONAL = ("dang cong san viet", "cong hoa xa hoi chu nghia", "doc lap")
_NUMBER_LINE = re.compile(r"^Số\s*:?\s*(.*)$")
_PLACE_DATE = re.compile(r"^(.{2,40}?),\s*ngày\b(.*)$")
_VV = re.compile(r"^V/v\b\.?\s*:?\s*", re.I)
_ADDRESS = re.compile(r"^Kính\s+gửi\b", re.I)
_OPENING = re.compile(r"^(Thực hiện|Căn cứ|Kính gửi|Trên cơ sở)\b")
FRONT_BLOCKS = 25  # the header and kind stand within the first blocks


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def _national(line: str) -> bool:
    key = fold(line)
    return any(key.startswith(n) for n in _NATIONAL)


def clean_number(text: str) -> str:
    """ "181    /BC-SNV" -> "181/BC-SNV": the blanks left for a number stamped later go;
    a number not stamped yet keeps its symbol ("/PT-NC", "-BC/ĐU")."""
    return re.sub(r"\s*([/-])\s*", r"\1", squeeze(text)).strip()


def _header_line(line: str) -> bool:
    """A line that belongs to a header: a body in capitals, the motto, number, date."""
    return bool(
        _national(line)
        or _NUMBER_LINE.match(line)
        or (_PLACE_DATE.match(line) and "tháng" in line)
        or set(line) <= set("*-–_ ")
        or is_upper_text(line)
    )


def parse_header(blocks: list[Block]) -> Header:
    header = Header()
    bodies = []
    for block in blocks:
        motto = False  # the rest of a block opened by the motto: its wrapped words ("NAM")
        in_summary = False
        for line in _lines(strip_markers(block.text)):
            if _national(line):
                motto = True
                continue
            if set(line) <= set("*-–_ "):
                continue
            m = _NUMBER_LINE.match(line)
            if m and not header.number:
                header.number = clean_number(m.group(1))
                in_summary = False
                continue
            m = _PLACE_DATE.match(line)
            if m and "tháng" in line:
                header.place = m.group(1).strip()
                day = parse_date(line)
                header.date = day.isoformat() if day else ""
                in_summary = False
                continue
            if _VV.match(line):
                in_summary = True
                continue
            if in_summary and not is_upper_text(line):
                continue  # the summary line wrapped
            in_summary = False
            if is_upper_text(line) and not motto and document_kind(line) is None:
                bodies.append(line.strip(" *"))
    if len(bodies) >= 2:
        header.superior, header.issuer = bodies[0], " ".join(bodies[1:])
    elif bodies:
        header.issuer = bodies[0]
    return header


def is_title(block: Block) -> bool:
    text = block.text.strip()
    if block.kind != "para" or numbering.parse(text) or numbering.is_list_item(text):
        return False
    if block.bold or block.centered:
        return not _ADDRESS.match(text)
    # The opening paragraph ("Thực hiện Kế hoạch số ..., ... như sau:") is no title,
    # though a title may start with the same words.
    opening = _OPENING.match(text)
    return not opening or (word_count(text) <= 30 and not text.endswith((":", ".")))


def _summary(blocks: list[Block], limit: int) -> tuple[int, str] | None:
    """(index of the block, summary text) of a `V/v ...` line in the header."""
    for i, block in enumerate(blocks[:limit]):
        if block.kind != "para":
            continue
        lines = _lines(block.text)
        for k, line in enumerate(lines):
            m = _VV.match(line)
            if not m:
                continue
            words = [line[m.end() :]]
            for more in lines[k + 1 :]:  # wrapped in a PDF column
                if _header_line(more) or _ADDRESS.match(more):
                    break
                words.append(more)
            j = i + 1
            if len(lines) == 1:  # typed over several paragraphs in a Word cell
                while j < min(len(blocks), limit) and _summary_goes_on(blocks[j]):
                    words.append(blocks[j].text)
                    j += 1
            return j - 1, squeeze(" ".join(words))
    return None


def _summary_goes_on(block: Block) -> bool:
    t = block.text.strip()
    return block.kind == "para" and "\n" not in t and t[:1].islower() and len(t) < 200


def split_front(blocks: list[Block]) -> tuple[str, str, Header, int]:
    """(kind, title, header, index of the first body block)."""
    for i, block in enumerate(blocks[:FRONT_BLOCKS]):
        kind = document_kind(block.text)
        if kind is None or kind in ("ĐỀ CƯƠNG",) and i > 0:
            continue
        if numbering.parse(block.text):
            continue
        header = parse_header(blocks[:i])
        title, start = "", i + 1
        if start < len(blocks) and is_title(blocks[start]):
            title = squeeze(blocks[start].text.replace("\n", " "))
            start += 1
        found = _summary(blocks[:i], i)
        if found and not title:
            title = found[1]
        return kind, title, header, start
    # No kind word: a công văn is known by its summary line "V/v ...".
    found = _summary(blocks, FRONT_BLOCKS)
    if found is None:
        return "", "", Header(), 0
    at, title = found
    start = at + 1
    # The motto, place and date may come after it (the right column of a PDF header).
    while start < len(blocks) and blocks[start].kind == "para" and _all_header(blocks[start]):
        start += 1
    return "CÔNG VĂN", title, parse_header(blocks[:start]), start


def _all_header(block: Block) -> bool:
    lines = _lines(strip_markers(block.text))
    return bool(lines) and all(_header_line(x) for x in lines) and not _ADDRESS.match(lines[0])


# --- a signature with no capacity line -----------------------------------------------

_NAME = re.compile(r"^[A-ZĐÀ-Ỹ][\wÀ-ỹ]*(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*){1,5}$")
_SIGNED = re.compile(r"^\(?\s*(đã ký|ký tên|đã ký và đóng dấu|ký, ghi rõ họ tên)", re.I)


def is_name(line: str) -> bool:
    """ "Hồ Văn Mười": a person's name, every word capitalised, not all in capitals."""
    return bool(_NAME.match(line)) and not is_upper_text(line) and len(line) <= 50


def position_signer(blocks: list[Block]) -> Signer | None:
    """The signer of a block that gives a position and a name only ("CHỦ TỊCH" /
    "Hồ Văn Mười"), as a head signing in their own name does: lines after the
    "Nơi nhận" list, one or more positions in capitals, then the name."""
    lines: list[str] = []
    for b in blocks:
        if b.kind == "para":
            lines += _lines(b.text)
    position: list[str] = []
    for line in lines:
        if line.startswith(("-", "+", "•")) or re.match(r"^Nơi\s+nhận", line, re.I):
            position = []
            continue
        if _SIGNED.match(line) or set(line) <= set(".…_ "):
            continue
        if is_upper_text(line) and word_count(line) <= 8:
            position.append(line)
        elif position and is_name(line):
            return Signer(capacity="", position=" ".join(position), name=line)
        else:
            position = []
    return None
