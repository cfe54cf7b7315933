"""What a text file's conventions leave in a file of another format, read as the .txt
reader reads them, whatever the reader: rules applied after reading.

- Footnotes typed as ordinary paragraphs: "¹ Kế hoạch số 25-KH/ĐUK, ..." at the end of a
  report or where a page ended, as when a PDF is copied into Word or a report is saved
  from a text file (`typed_footnotes`).
- Emphasis typed as marks, "**K/T TRƯỞNG BAN" … "PHÓ TRƯỞNG BAN**", "*Học tập …*", in a
  report opened from its .txt and saved as .docx or printed (`text_marks`)."""

from __future__ import annotations

import re

from tonghop.model import SUPERSCRIPT_DIGITS, Block, RawDocument, from_superscript

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
