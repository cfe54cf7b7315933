"""Find the structure of a repaired document: header, type and summary line,
the section tree from the numbering, annexes, `Nơi nhận`, the signature block.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from tonghop import front, numbering
from tonghop.model import Annex, Block, Document, Section, Signer, Table
from tonghop.text import document_kind, is_upper_text, squeeze, strip_markers, word_count

_CAPACITY = re.compile(r"^(T/M|K/T|T/L|TM\.|KT\.|TL\.|TUQ\.|Q\.|TM |KT |TL )", re.I)
_RECIPIENTS = re.compile(r"^Nơi\s+nhận\s*:?\s*", re.I)
_CLOSING = re.compile(r"^(Trân trọng|Xin trân trọng|Nơi nhận)", re.I)
_SIGNED = re.compile(r"^\(?\s*(đã ký|ký tên|đã ký và đóng dấu|ký, ghi rõ họ tên)\s*\)?$", re.I)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def _is_signature_start(text: str) -> bool:
    first = text.strip().partition("\n")[0].strip()
    return bool(_CAPACITY.match(first)) and is_upper_text(first)


# --- front matter -----------------------------------------------------------------


def _is_title(block: Block) -> bool:
    text = block.text.strip()
    if block.kind != "para" or numbering.parse(text) or numbering.is_list_item(text):
        return False
    if block.bold or block.centered:
        return True
    # The opening paragraph ("Thực hiện Kế hoạch số ..., ... như sau:") is no title,
    # though a title may start with the same words.
    opening = re.match(r"^(Thực hiện|Căn cứ|Kính gửi|Trên cơ sở)\b", text)
    return not opening or (word_count(text) <= 30 and not text.endswith((":", ".")))


# --- end matter ---------------------------------------------------------------------


def _parse_signer(blocks: list[Block]) -> Signer | None:
    lines: list[str] = []
    for b in blocks:
        lines += _lines(b.text)
    start = next((i for i, line in enumerate(lines) if _is_signature_start(line)), None)
    if start is None:
        return None
    signer = Signer()
    capacity, position = [], []
    for line in lines[start:]:
        if _SIGNED.match(line) or line.startswith("(") or line.startswith("-"):
            continue
        if is_upper_text(line) and not signer.name:
            # the first line, a signature start, is a capacity ("T/M BAN THƯỜNG VỤ")
            (capacity if _CAPACITY.match(line) else position).append(line)
        elif not signer.name:
            signer.name = line
            break
    signer.capacity = " ".join(capacity)
    signer.position = " ".join(position)
    return signer


def _parse_recipients(blocks: list[Block]) -> list[str]:
    """The dash list after "Nơi nhận:", wherever its lines stand in the end matter (in a
    PDF the signature can stand between "Nơi nhận:" and its list, across a page end)."""
    items: list[str] = []
    seen = False
    for b in blocks:
        in_list = False
        for line in _lines(b.text):
            m = _RECIPIENTS.match(line)
            if m:
                seen, line = True, line[m.end() :].strip()
                if not line:
                    continue
            if not seen:
                continue
            if line.startswith(("-", "+", "•")):
                items.append(line.lstrip("-+• ").strip())
                in_list = True
            elif in_list and not _is_signature_start(line) and not line.startswith("("):
                items[-1] += " " + line  # a wrapped item
    return [re.sub(r"[;,.]+$", "", i).strip() for i in items if i.strip(" ;,.")]


# --- body ---------------------------------------------------------------------------


@dataclass
class Candidate:
    """A numbered line that may open a section: its block, its numbering, what the
    document around it says (headings in bold, a numbered list) and the open sections."""

    block: Block
    num: numbering.Numbering
    bold_mode: bool = False  # the document bolds its numbered headings
    in_list: bool = False  # in a run of same-style numbered siblings, one long (`_list_runs`)
    stack: list = field(default_factory=list)  # open (section, numbering, rank)

    @cached_property
    def title(self) -> str:
        return strip_markers(self.num.title)

    @cached_property
    def words(self) -> int:
        return word_count(self.title)


# Each rule says True (a heading), False (a numbered paragraph) or None (no opinion: the
# next rule decides).  The first opinion wins; with none, the line is a paragraph.


def continues_open_heading(c: Candidate) -> bool | None:
    """ "12." after heading "11." is the next heading, however it is typed; a letter item
    running on (over 20 words) is a paragraph all the same."""
    num = c.num
    if num.style == "letter" and word_count(num.title) > 20:
        return None
    if num.style in ("arabic", "letter") and any(
        open_num.style == num.style and open_num.value + 1 == num.value
        for _, open_num, _ in c.stack
    ):
        return True
    return None


def word_heading_style(c: Candidate) -> bool | None:
    """A Word heading style says so."""
    return True if c.block.heading_level else None


def structural_numbers(c: Candidate) -> bool | None:
    """PHẦN, Chương, Điều and their groups number the structure itself."""
    return True if c.num.style in ("part", "chapter", "article", "group") else None


def roman_numbers(c: Candidate) -> bool | None:
    """ "II. ...": a heading unless it runs on past 60 words."""
    return c.words <= 60 if c.num.style == "roman" else None


def letter_items(c: Candidate) -> bool | None:
    """ "b) Giao Sở Nội vụ:" alone on its line heads what follows; "a) Rà soát, thống kê
    ..." running on (over 20 words) is a numbered paragraph, whatever its neighbours."""
    return c.words <= 20 if c.num.style == "letter" else None


def run_in_label(c: Candidate) -> bool | None:
    """ "1. Danh nghĩa tổ chức: Thành ủy, ...": an item with its label (12 words at most)."""
    if c.num.style == "arabic" and (m := _RUN_IN.match(c.title)) and word_count(m.group(1)) <= 12:
        return True
    return None


def bold_in_bold_document(c: Candidate) -> bool | None:
    """Where numbered headings are bold, a bold numbered line is one."""
    return True if c.bold_mode and c.block.bold else None


def decimal_numbers(c: Candidate) -> bool | None:
    """ "1.1." and "2.1.3." number the structure itself; lists do not use them."""
    return True if c.num.style.startswith("decimal") else None


def long_item_with_semicolons(c: Candidate) -> bool | None:
    """A long line with a semicolon is an item of a list."""
    return False if ";" in c.title and c.words > 20 else None


def numbered_list(c: Candidate) -> bool | None:
    """In a numbered list (a run of siblings, one long), items are paragraphs."""
    return False if c.in_list else None


def short_title(c: Candidate) -> bool | None:
    """A short line is a title: 15 words where headings are bold, 20 elsewhere."""
    return True if c.words <= (15 if c.bold_mode else 20) else None


def long_plain_line(c: Candidate) -> bool | None:
    """Longer: a paragraph where headings are bold (this one is not); elsewhere a title
    up to 45 words, 35 when it ends with a full stop."""
    if c.bold_mode:
        return False
    return c.words <= 45 and (not c.title.rstrip().endswith(".") or c.words <= 35)


HEADING_RULES = (
    continues_open_heading,
    word_heading_style,
    structural_numbers,
    roman_numbers,
    letter_items,
    run_in_label,
    bold_in_bold_document,
    decimal_numbers,
    long_item_with_semicolons,
    numbered_list,
    short_title,
    long_plain_line,
)


def is_heading(c: Candidate) -> bool:
    """Does this numbered line open a section?"""
    for rule in HEADING_RULES:
        verdict = rule(c)
        if verdict is not None:
            return verdict
    return False


def _list_runs(nums: list) -> list[bool]:
    """Per block: does it stand in a run of two or more same-style numbered blocks with
    nothing between them, one of them over 20 words?  Such a run is a numbered list
    (001's tasks under IV), unless every item is short like a list of headings.
    One pass over the blocks: a run of thousands of "1." must not cost its square."""
    out = [False] * len(nums)
    i = 0
    while i < len(nums):
        if nums[i] is None:
            i += 1
            continue
        k = i
        while k + 1 < len(nums) and nums[k + 1] is not None and nums[k + 1].style == nums[i].style:
            k += 1
        if k > i and any(word_count(nums[x].title) > 20 for x in range(i, k + 1)):
            out[i : k + 1] = [True] * (k + 1 - i)
        i = k + 1
    return out


def _paragraph_texts(block: Block) -> list[str]:
    text = squeeze(block.text)
    lines = text.split("\n")
    if all(numbering.is_list_item(x) for x in lines[1:]):
        return lines
    return [" ".join(lines)]


_SENTENCE_BREAK = re.compile(r"(?<=[.:])\s+(?=[A-ZÀ-Ỹ“(-])")


# A run-in item: a short label ending in a colon, its text on the same line.
_RUN_IN = re.compile(r"^([A-ZÀ-Ỹ][^:;]{1,80}?)\s*:\s+(\S.*)$", re.S)


def _split_title(title: str, style: str = "") -> tuple[str, str]:
    """A long heading that runs on into its text: the first sentence is the title; a
    run-in item ("Danh nghĩa tổ chức: Thành ủy, ...") is titled by its label."""
    m = _RUN_IN.match(title) if style == "arabic" or style.startswith("decimal") else None
    if m and word_count(m.group(1)) <= 12:
        return m.group(1), m.group(2)
    if word_count(title) <= 25:
        return title, ""
    m = _SENTENCE_BREAK.search(title)
    if not m or word_count(title[: m.start()]) < 2:
        return title, ""
    return title[: m.start()].strip(), title[m.end() :].strip()


def _path_element(num: numbering.Numbering, stack: list) -> str:
    if num.style.startswith("decimal"):
        parent = stack[-1][1] if stack else None
        if parent is not None and len(num.components) >= 2 and parent.value == num.components[-2]:
            return str(num.components[-1])
    return num.number


def _plain_title(text: str) -> bool:
    """A short line with no sentence end: a title typed without capitals or bold."""
    return word_count(text) <= 15 and not text.endswith((".", ":", ";", ","))


def _title_goes_on(blocks: list[Block], nums: list, i: int, section: Section) -> int:
    """Take into the title of heading `i` the lines that go on with it: the title of a
    part or chapter on the next line(s) ("PHẦN THỨ NHẤT" / "TÌNH HÌNH ..."), a title in
    capitals wrapped over two or three lines, a bold title wrapped.  Returns the index of
    the first block after it."""
    head, j = blocks[i], i + 1
    named = section.style in ("part", "chapter") and not section.title
    while j < len(blocks) and j <= i + 3 and not section.paragraphs:
        b = blocks[j]
        t = squeeze(b.text)
        if (
            b.kind != "para"
            or nums[j] is not None
            or "\n" in t
            or numbering.is_list_item(t)
            or document_kind(t)
            or word_count(t) > 25
        ):
            break
        if (
            named
            and not section.title
            and (is_upper_text(t) or b.bold or b.centered or _plain_title(t))
        ):
            pass  # the part's own title
        elif section.title and is_upper_text(section.title) and is_upper_text(t):
            pass  # a title in capitals, wrapped
        elif head.bold and b.bold and t[:1].islower() and section.title[-1:] not in ".:;":
            pass  # a bold title wrapped
        else:
            break
        section.title = f"{section.title} {t}".strip()
        j += 1
    return j


def build_sections(blocks: list[Block], prefix: list[str] | None = None):
    """Return (paragraphs before the first heading, tables before it, sections)."""
    prefix = prefix or []
    nums = [numbering.parse(b.text) if b.kind == "para" else None for b in blocks]
    bold_mode = sum(1 for b, n in zip(blocks, nums, strict=True) if n and b.bold) >= 2
    in_list = _list_runs(nums)
    # How many siblings already use each number, per list of siblings (by its id):
    # the second "1." under one parent becomes "1#2".
    used: dict[int, Counter] = {}
    preamble: list[str] = []
    pre_tables: list[Table] = []
    roots: list[Section] = []
    stack: list[tuple[Section, numbering.Numbering, int]] = []  # open sections, with rank
    absorbed = 0  # blocks before this one were taken into a heading's title
    for i, block in enumerate(blocks):
        if i < absorbed:
            continue
        num = nums[i]
        if block.kind == "table":
            target = stack[-1][0].tables if stack else pre_tables
            target.append(Table(rows=block.rows or [], header_rows=block.header_rows))
            continue
        heading = num is not None and is_heading(
            Candidate(block, num, bold_mode, in_list[i], stack)
        )
        if not heading and num is None and block.heading_level and word_count(block.text) <= 25:
            heading = True
            num = numbering.Numbering("styled", "", 0, (0,), squeeze(block.text))
        if not heading:
            if num is not None and num.style == "letter":
                # A letter item running on closes an open letter heading: its sibling.
                while stack and stack[-1][2] >= numbering.RANK["letter"]:
                    stack.pop()
            texts = _paragraph_texts(block)
            (stack[-1][0].paragraphs if stack else preamble).extend(texts)
            continue
        rank = numbering.RANK.get(num.style, 3 + (block.heading_level or 1))
        while stack and stack[-1][2] >= rank:
            stack.pop()
        siblings = stack[-1][0].children if stack else roots
        element = _path_element(num, stack) if num.style != "styled" else num.title[:40]
        counts = used.setdefault(id(siblings), Counter())
        same = counts[element]
        counts[element] += 1
        if same:
            element = f"{element}#{same + 1}"
        parent_path = stack[-1][0].path if stack else prefix
        title, rest = _split_title(squeeze(num.title.replace("\n", " ")), num.style)
        section = Section(
            number=element,
            label=num.label,
            style=num.style if not num.style.startswith("decimal") else "decimal",
            path=[*parent_path, element],
            title=title,
            paragraphs=[rest] if rest else [],
        )
        siblings.append(section)
        stack.append((section, num, rank))
        absorbed = _title_goes_on(blocks, nums, i, section)
    return preamble, pre_tables, roots


def _annex_start(blocks: list[Block], start: int) -> int | None:
    for i in range(start, len(blocks)):
        kind = document_kind(blocks[i].text)
        if kind and not numbering.parse(blocks[i].text):
            return i
    return None


def build(blocks: list[Block]) -> Document:
    kind, title, header, start = front.split_front(blocks)
    doc = Document(kind=kind, title=title, header=header)
    # The body ends where the closing, Nơi nhận or signature begins, or an annex.
    end = len(blocks)
    for i in range(start, len(blocks)):
        text = blocks[i].text.strip()
        if (
            _CLOSING.match(text)
            or _is_signature_start(text)
            or (document_kind(text) and not numbering.parse(text) and i > start)
        ):
            end = i
            break
    annex_at = _annex_start(blocks, end)
    tail = blocks[end:annex_at]  # to the end when there is no annex
    doc.preamble, doc.tables, doc.sections = build_sections(blocks[start:end])
    for b in tail:
        t = b.text.strip()
        if re.match(r"^(Trân trọng|Xin trân trọng)", t, re.I):
            doc.closing.append(squeeze(t))
    doc.recipients = _parse_recipients(tail)
    doc.signer = _parse_signer(tail) or front.position_signer(tail)
    if annex_at is not None:
        doc.annexes = _build_annexes(blocks[annex_at:])
    return doc


def _build_annexes(blocks: list[Block]) -> list[Annex]:
    starts = [
        i for i, b in enumerate(blocks) if document_kind(b.text) and not numbering.parse(b.text)
    ]
    annexes = []
    for n, s in enumerate(starts):
        e = starts[n + 1] if n + 1 < len(starts) else len(blocks)
        part = blocks[s:e]
        kind = document_kind(part[0].text)  # a kind: that is where it starts
        title, body = "", part[1:]
        if body and _is_title(body[0]):
            title, body = squeeze(body[0].text.replace("\n", " ")), body[1:]
        paragraphs, tables, sections = build_sections(body)
        annexes.append(
            Annex(kind=kind, title=title, paragraphs=paragraphs, sections=sections, tables=tables)
        )
    return annexes
