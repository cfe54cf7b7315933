"""Page-flow repair: take footnote texts out of the body and rejoin paragraphs
that a page end cut in two (`Cấp nước` | `Hà Tĩnh`, `(2021-` | `2023)`,
`về thực` | `hiện`), whatever stood between the halves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from tonghop import numbering
from tonghop.model import Block, Footnote, RawDocument
from tonghop.text import document_kind, is_upper_text, strip_markers, word_count

_SENTENCE_END = ".!?:"
# A paragraph cut by page ends is joined again, up to this many characters (about four
# pages of one paragraph; reports have none that long): beyond, a flow of thousands of
# unpunctuated lines is not one paragraph, and joining it would cost the square.
MAX_JOINED = 12_000
_PLACE_DATE = re.compile(r"^[^,]{2,40}, ngày [\d ]{0,3}tháng [\d ]{0,3}năm \d{4}$")


def _heading_like(block: Block, after_kind: bool) -> bool:
    """Lines that end without punctuation by nature: never the first half of a cut."""
    text = block.text.strip()
    if block.heading_level or block.centered or after_kind or "\n" in text:
        return True
    if _PLACE_DATE.match(text):
        return True
    if block.bold and word_count(text) < 60:
        return True
    return len(text) < 500 and word_count(text) < 60 and is_upper_text(text)


@dataclass
class Cut:
    """A place a page end may have cut one paragraph: `prev` (the body so far ends with
    it) and `nxt`; `after` is the body block following `nxt`, or None."""

    prev: Block
    nxt: Block
    prev_after_kind: bool = False  # `prev` follows a document-type line: it is a title
    after: Block | None = None

    @cached_property
    def head(self) -> str:
        return self.nxt.text.lstrip()

    @cached_property
    def tail(self) -> str:
        """The end of `prev`, markers removed; only its last characters are looked at."""
        tail = strip_markers(self.prev.text[-256:]).rstrip()
        return tail if len(tail) >= 3 else strip_markers(self.prev.text).rstrip()

    @cached_property
    def number(self) -> numbering.Numbering | None:
        return numbering.parse(self.prev.text)


# Each rule says True (join), False (keep apart) or None (no opinion: the next rule
# decides).  The first opinion wins; with none, the two stay apart.


def only_paragraphs(cut: Cut) -> bool | None:
    """A table or a line that ends by nature (heading, title, date) is never cut."""
    if cut.prev.kind != "para" or cut.nxt.kind != "para":
        return False
    return False if _heading_like(cut.prev, cut.prev_after_kind) else None


def numbers_start_anew(cut: Cut) -> bool | None:
    """A numbered line ("2. ...") or a list item ("- ...", "+ ...") starts its own."""
    head = cut.head
    if not head or numbering.parse(head) or numbering.is_list_item(head):
        return False
    return None


def reader_saw_the_cut(cut: Cut) -> bool | None:
    """The reader saw the cut (a PDF line with no first-line indent)."""
    return True if cut.nxt.continues else None


def headings_start_anew(cut: Cut) -> bool | None:
    """A heading style, a centred line, bold after plain text, capitals or a document
    type open something new."""
    nxt = cut.nxt
    if nxt.heading_level or nxt.centered or (nxt.bold and not cut.prev.bold):
        return False
    head = cut.head
    if len(head) < 500 and (is_upper_text(strip_markers(head)) or document_kind(head)):
        return False
    return None


def sentence_ended(cut: Cut) -> bool | None:
    """A paragraph that ends a sentence (. ! ? : ./. …) is not continued."""
    tail = cut.tail
    if not tail or tail[-1] in _SENTENCE_END or tail.endswith(("./.", "…")):
        return False
    return None


def lower_case_continues(cut: Cut) -> bool | None:
    """A lower-case line continues, except after a short numbered heading (a long
    numbered paragraph may be continued)."""
    if not cut.head[0].islower():
        return None
    return cut.number is None or word_count(cut.prev.text) > 12


def numbered_paragraph_ends(cut: Cut) -> bool | None:
    """ "1. ... Hồ Chí" | "Minh trong giai đoạn mới." | "2. ...": a long numbered
    paragraph, its end alone between it and the next number of the list."""
    num = cut.number
    if num is None:
        return None
    nxt_num = numbering.parse(cut.after.text) if cut.after is not None else None
    return (
        word_count(cut.prev.text) > 20
        and word_count(cut.head) <= 40
        and cut.tail[-1].isalnum()
        and nxt_num is not None
        and nxt_num.style == num.style
        and nxt_num.value == num.value + 1
    )


def digit_or_quote_continues(cut: Cut) -> bool | None:
    """A number, bracket or quote continues a line cut after a word, dash or comma."""
    if cut.head[0].isdigit() or cut.head[0] in '(“"':
        return cut.tail[-1].isalnum() or cut.tail[-1] in "-–,("
    return None


def capital_continues_mid_sentence(cut: Cut) -> bool | None:
    """ "Cấp nước" | "Hà Tĩnh": a capital continues only a long line (8 words or more)
    that stopped mid-sentence, with no punctuation at all."""
    tail = cut.tail
    return (tail[-1].isalnum() or tail[-1] in "-–(") and word_count(
        strip_markers(cut.prev.text)
    ) >= 8


JOIN_RULES = (
    only_paragraphs,
    numbers_start_anew,
    reader_saw_the_cut,
    headings_start_anew,
    sentence_ended,
    lower_case_continues,
    numbered_paragraph_ends,
    digit_or_quote_continues,
    capital_continues_mid_sentence,
)


def joins(cut: Cut) -> bool:
    """Does `cut.nxt` continue the paragraph `cut.prev` that a page end cut?"""
    for rule in JOIN_RULES:
        verdict = rule(cut)
        if verdict is not None:
            return verdict
    return False


def _glue(prev: str, nxt: str) -> str:
    prev, nxt = prev.rstrip(), nxt.lstrip()
    if re.fullmatch(r"\d[-–]", prev[-2:]) and nxt[:1].isdigit():
        return prev + nxt  # "(2021-" + "2023)"
    if prev.endswith(("(", "“")):
        return prev + nxt
    return prev + " " + nxt


def repair(raw: RawDocument) -> tuple[list[Block], list[Footnote]]:
    """Return the body blocks in reading order, rejoined, and the footnotes."""
    body: list[Block] = []
    footnotes: list[Footnote] = []
    after_kind: list[bool] = []  # per body block: does it follow a document-type line
    flow = []
    for block in raw.blocks:
        if block.kind == "footnote":
            if block.footnote is not None:
                footnotes.append(Footnote(n=block.footnote, text=block.text.strip()))
        elif block.kind != "para" or block.text.strip():
            flow.append(block)
    for i, block in enumerate(flow):
        after = flow[i + 1] if i + 1 < len(flow) else None
        if (
            body
            and len(body[-1].text) < MAX_JOINED
            and joins(Cut(body[-1], block, after_kind[-1], after))
        ):
            prev = body[-1]
            prev.text = _glue(prev.text, block.text)
            continue
        follows_kind = bool(body) and body[-1].kind == "para" and bool(document_kind(body[-1].text))
        body.append(
            Block(
                text=block.text,
                kind=block.kind,
                bold=block.bold,
                italic=block.italic,
                heading_level=block.heading_level,
                centered=block.centered,
                page=block.page,
                rows=block.rows,
                header_rows=block.header_rows,
            )
        )
        after_kind.append(follows_kind)
    return body, footnotes
