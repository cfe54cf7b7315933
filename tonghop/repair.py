"""Page-flow repair: take footnote texts out of the body and rejoin paragraphs
that a page end cut in two (`Cấp nước` | `Hà Tĩnh`, `(2021-` | `2023)`,
`về thực` | `hiện`), whatever stood between the halves.
"""

from __future__ import annotations

import re

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


def _joins(prev: Block, nxt: Block, prev_after_kind: bool, after: Block | None) -> bool:
    """Does `nxt` continue the paragraph `prev` that a page end cut? `after` is the body
    block following `nxt`, or None."""
    if prev.kind != "para" or nxt.kind != "para" or _heading_like(prev, prev_after_kind):
        return False
    head = nxt.text.lstrip()
    if not head or numbering.parse(head) or numbering.is_list_item(head):
        return False
    if nxt.continues:
        return True  # the reader saw the cut (a PDF line with no first-line indent)
    if nxt.heading_level or nxt.centered or (nxt.bold and not prev.bold):
        return False
    if len(head) < 500 and (is_upper_text(strip_markers(head)) or document_kind(head)):
        return False
    # The end of the paragraph decides; only its last characters are looked at.
    tail = strip_markers(prev.text[-256:]).rstrip()
    if len(tail) < 3:
        tail = strip_markers(prev.text).rstrip()
    if not tail or tail[-1] in _SENTENCE_END or tail.endswith(("./.", "…")):
        return False
    num = numbering.parse(prev.text)
    first = head[0]
    if first.islower():
        # A numbered heading is not continued by a lower-case line, a long
        # numbered paragraph may be.
        return num is None or word_count(prev.text) > 12
    if num is not None:
        # "1. ... Hồ Chí" | "Minh trong giai đoạn mới." | "2. ...": a long numbered
        # paragraph, its end alone between it and the next number of the list.
        nxt_num = numbering.parse(after.text) if after is not None else None
        return (
            word_count(prev.text) > 20
            and word_count(head) <= 40
            and tail[-1].isalnum()
            and nxt_num is not None
            and nxt_num.style == num.style
            and nxt_num.value == num.value + 1
        )
    if first.isdigit() or first in '(“"':
        return tail[-1].isalnum() or tail[-1] in "-–,("
    # Upper-case continuation ("Cấp nước" | "Hà Tĩnh"): only when the first half
    # stopped mid-sentence, with no punctuation at all.
    return (tail[-1].isalnum() or tail[-1] in "-–(") and word_count(strip_markers(prev.text)) >= 8


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
            and _joins(body[-1], block, after_kind[-1], after)
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
