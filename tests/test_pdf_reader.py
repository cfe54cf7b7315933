"""read_pdf on PDFs made here (PyMuPDF, LibreOffice) and on the real PDFs in shared/real."""

from __future__ import annotations

import contextlib
import itertools
import random
import re
import subprocess
import unicodedata
from pathlib import Path

import pymupdf
import pytest

from tests.conftest import REAL, require
from tonghop.model import SUPERSCRIPT_DIGITS, Block, RawDocument, ReadError
from tonghop.readers import read_bytes
from tonghop.readers.pdf import read_pdf

FONT_DIRS = (
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
    "/usr/share/fonts/TTF",
    "/usr/local/share/fonts",
)
SUP = f"[{SUPERSCRIPT_DIGITS}]"


# --------------------------------------------------------------------------- helpers


def body(raw: RawDocument) -> list[Block]:
    return [b for b in raw.blocks if b.kind == "para"]


def footnotes(raw: RawDocument) -> dict[int, str]:
    return {b.footnote: b.text for b in raw.blocks if b.kind == "footnote"}


def rejoined(raw: RawDocument) -> list[str]:
    """Body paragraphs with the ones a page end cut put back together (naively)."""
    out: list[str] = []
    for b in body(raw):
        if b.page_break_before and out and not out[-1].endswith((".", ":", ";")):
            glue = "" if re.search(r"\d-$", out[-1]) and b.text[:1].isdigit() else " "
            out[-1] += glue + b.text
        else:
            out.append(b.text)
    return out


def check_page_breaks(raw: RawDocument) -> None:
    """Exactly the first body block of every later page has page_break_before."""
    seen: set[int] = set()
    for b in raw.blocks:
        if b.kind == "footnote":
            assert not b.page_break_before
            continue
        first = b.page not in seen
        seen.add(b.page)
        assert b.page_break_before == (first and b.page > 1), b


def dejavu() -> dict[str, str]:
    names = {
        "r": "DejaVuSerif.ttf",
        "b": "DejaVuSerif-Bold.ttf",
        "i": "DejaVuSerif-Italic.ttf",
        "s": "DejaVuSans.ttf",
    }
    for folder in FONT_DIRS:
        paths = {k: Path(folder) / v for k, v in names.items()}
        if all(p.exists() for p in paths.values()):
            return {k: str(p) for k, p in paths.items()}
    require(False, "the DejaVu Serif fonts (fonts-dejavu-core) are not installed")
    return {}


class Sheet:
    """A tiny typesetter for test PDFs laid out like a Word export of a Party report.

    A4, paragraphs with a first-line indent, page numbers at the top,
    a running header, footnote texts at the foot of the page in a smaller font.
    In text, `word^3` is footnote marker 3 (small and raised) and `m^^3` a raised
    exponent.
    """

    LEFT, RIGHT, TOP = 85.0, 538.0, 70.0
    SIZE, PITCH, GAP, INDENT = 13.0, 15.5, 6.0, 28.0

    def __init__(self, fonts: dict[str, str], bottom: float = 770.0):
        self.fonts = fonts
        self.font = {k: pymupdf.Font(fontfile=v) for k, v in fonts.items()}
        self.doc = pymupdf.open()
        self.bottom = bottom
        self.pages = 0
        self.new_page()

    # -- drawing
    def new_page(self) -> None:
        self.page = self.doc.new_page(width=595, height=842)
        self.pages += 1
        self.y = self.TOP
        if self.pages > 1:
            self.put(290, 40, f"- {self.pages} -", 12)
            self.put(self.LEFT, 28, "Báo cáo số 60-BC/ĐUK của Đảng ủy Khối", 9, "i")

    def put(self, x: float, y: float, text: str, size: float, style: str = "r") -> float:
        """Draw text (with ^n markers) at baseline y; return the x where it ends."""
        for part in re.split(r"(\^\^?\d+)", text):
            if not part:
                continue
            if part.startswith("^"):
                digits = part.lstrip("^")
                small = size * 0.62
                self.page.insert_text(
                    (x, y - size * 0.35), digits, fontsize=small, fontname="F" + style,
                    fontfile=self.fonts[style],
                )  # fmt: skip
                x += self.width(digits, small, style)
                continue
            self.page.insert_text(
                (x, y), part, fontsize=size, fontname="F" + style, fontfile=self.fonts[style]
            )
            x += self.width(part, size, style)
        return x

    def width(self, text: str, size: float, style: str = "r") -> float:
        plain = re.sub(r"\^\^?(\d+)", r"\1", text)
        return self.font[style].text_length(plain, fontsize=size)

    # -- layout
    def lines_of(self, text: str, size: float, style: str, first: float, rest: float):
        words, lines, line = text.split(), [], []
        width = first
        for w in words:
            trial = " ".join([*line, w])
            if line and self.width(trial, size, style) > width:
                # A token may break after its hyphen: "(2021-" | "2023)", "01-" | "KL/TW".
                m = re.match(r"^(\(?\w+-)(\w.*)$", w)
                if m and self.width(" ".join([*line, m.group(1)]), size, style) <= width:
                    lines.append([*line, m.group(1)])
                    line, width = [m.group(2)], rest
                    continue
                lines.append(line)
                line, width = [w], rest
            else:
                line.append(w)
        lines.append(line)
        return lines

    def line(self, words: list[str], x0: float, y: float, size: float, style: str) -> None:
        self.put(x0, y, " ".join(words), size, style)

    def para(self, text: str, style: str = "r", indent: bool = True, size: float | None = None):
        size = size or self.SIZE
        first = self.LEFT + (self.INDENT if indent else 0)
        lines = self.lines_of(text, size, style, self.RIGHT - first, self.RIGHT - self.LEFT)
        for k, words in enumerate(lines):
            if self.y + self.PITCH > self.bottom:
                self.new_page()
            self.y += self.PITCH
            x0 = first if k == 0 else self.LEFT
            self.line(words, x0, self.y, size, style)
        self.y += self.GAP

    def centered(self, text: str, style: str = "b", size: float = 13.0) -> None:
        self.y += self.PITCH
        w = self.width(text, size, style)
        self.put((self.LEFT + self.RIGHT - w) / 2, self.y, text, size, style)

    def columns(self, left, right, size: float = 12.0, recipients: bool = False) -> None:
        """Two columns: issuing body | national heading, or Nơi nhận | signature."""
        y0 = self.y
        for col, centre in ((left, 170.0), (right, 420.0)):
            y = y0
            for k, (text, style) in enumerate(col):
                y += 14.0
                if recipients and col is left:
                    self.put(self.LEFT, y, text, size if k == 0 else size - 2, style)
                else:
                    self.put(centre - self.width(text, size, style) / 2, y, text, size, style)
            self.y = max(self.y, y)
        self.y += self.GAP

    def foot(self, notes: list[tuple[int | None, str]], page: int, size: float = 10.0) -> None:
        """Footnote texts at the foot of page `page` (0-based); n None: a continuation."""
        lines = []
        width = self.RIGHT - self.LEFT
        for n, text in notes:
            prefix = f"^{n} " if n is not None else ""
            for k, words in enumerate(self.lines_of(text, size, "r", width - 10, width)):
                lines.append((prefix if k == 0 else "") + " ".join(words))
        current, self.page = self.page, self.doc[page]
        y = 812 - 12.0 * len(lines)
        self.page.draw_line((self.LEFT, y - 6), (self.LEFT + 140, y - 6), width=0.5)
        for line in lines:
            y += 12.0
            self.put(self.LEFT, y, line, size)
        self.page = current

    def spread(self, words: list[str], size: float = 12.0, style: str = "r") -> None:
        """A justified line that ends in a manual break: its words spread over the width."""
        self.y += self.PITCH
        gap = (self.RIGHT - self.LEFT - sum(self.width(w, size, style) for w in words)) / (
            len(words) - 1
        )
        x = self.LEFT
        for w in words:
            self.put(x, self.y, w, size, style)
            x += self.width(w, size, style) + gap

    def fallback(self, text: str, first: bool = False) -> None:
        """A line whose letters beyond Latin Extended-A come from another font, drawn last.

        That is how LibreOffice writes Vietnamese when its font lacks the letters.
        """
        self.y += self.PITCH
        x = self.LEFT + (self.INDENT if first else 0)
        runs: list[tuple[str, float, str]] = []
        for ch in text:
            style = "s" if ord(ch) > 0x17F else "r"
            if runs and runs[-1][2] == style:
                runs[-1] = (runs[-1][0] + ch, runs[-1][1], style)
            else:
                runs.append((ch, x, style))
            x += self.width(ch, self.SIZE, style)
        for text_, x0, style in sorted(runs, key=lambda r: r[2] == "s"):
            self.put(x0, self.y, text_, self.SIZE, style)

    def bytes(self) -> bytes:
        return self.doc.tobytes()


FILL = (
    "Ban Thường vụ Đảng ủy Khối đã lãnh đạo, chỉ đạo các tổ chức cơ sở đảng tiếp tục "
    "đẩy mạnh việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh gắn với "
    "thực hiện nhiệm vụ chính trị của từng cơ quan, đơn vị."
)


def cut_paragraph(sheet: Sheet, lead: str, token: str) -> str:
    """A paragraph whose first line ends inside `token`, right after its hyphen."""
    head = token.split("-")[0] + "-"
    words = FILL.split()
    for k in range(len(words)):
        text = " ".join(words[:k] + lead.split() + [token, "Ban", "Thường", "vụ"])
        text += " đã tổ chức quán triệt đầy đủ các văn bản của cấp trên."
        first = sheet.RIGHT - sheet.LEFT - sheet.INDENT
        lines = sheet.lines_of(text, sheet.SIZE, "r", first, sheet.RIGHT - sheet.LEFT)
        if lines[0][-1] == head:
            return text
    raise AssertionError(f"no filler length puts {token} at the line end")


# --------------------------------------------------------------------------- synthetic PDF


@pytest.fixture(scope="module")
def report() -> tuple[RawDocument, dict, bytes]:
    data, expect = build_report(dejavu())
    return read_pdf(data), expect, data


def build_report(fonts: dict[str, str]) -> tuple[bytes, dict]:
    """A 4-page report typeset here, with everything the reader must take apart."""
    s = Sheet(fonts, bottom=700.0)
    s.columns(
        [("ĐẢNG BỘ TỈNH HÀ TĨNH", "r"), ("ĐẢNG ỦY KHỐI CÁC CƠ QUAN", "b"), ("*", "r"),
         ("Số 60-BC/ĐUK", "r")],
        [("ĐẢNG CỘNG SẢN VIỆT NAM", "b"), ("Hà Tĩnh, ngày 12 tháng 3 năm 2024", "i")],
    )  # fmt: skip
    s.y += 10
    s.centered("BÁO CÁO", size=15)
    s.centered("Kết quả 03 năm thực hiện Kết luận số 01-KL/TW", size=12)
    s.centered("về học tập và làm theo tư tưởng Hồ Chí Minh", size=12)
    s.y += 10
    opening = (
        "Thực hiện Kế hoạch số 25-KH/ĐUK ngày 10/11/2021^1 của Ban Thường vụ Đảng ủy Khối, " + FILL
    )
    s.para(opening)
    s.para("I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO", style="b")
    ranged = cut_paragraph(s, "trong 03 năm", "(2021-2023)")
    s.para(ranged)
    symbol = cut_paragraph(s, "thực hiện Kết luận số", "01-KL/TW")
    s.para(symbol)
    pump = "Trạm bơm Yên Sở công suất 90 m^^3/s đã được bảo dưỡng trước mùa mưa; " + FILL
    s.para(pump)
    nfd = unicodedata.normalize("NFD", "Hội nghị học tập chuyên đề về tư tưởng Hồ Chí Minh")
    s.para(nfd + " được tổ chức tại 102 điểm cầu với 4.320 đảng viên tham gia.")
    long = " ".join([FILL] * 6)  # runs over the page end: cut in two
    while s.y < 560:
        s.para(FILL)
    s.para(long)
    s.foot([(1, "Kế hoạch số 25-KH/ĐUK ngày 10/11/2021 của Ban Thường vụ Đảng ủy Khối.")], 0)
    # page 2
    s.para("1. Kết quả học tập chuyên đề", style="b")
    marked = "Các tổ chức cơ sở đảng đã tổ chức học tập chuyên đề hằng năm^2 với " + FILL
    s.para(marked)
    items = [f"- Nội dung thứ {k}: {FILL}" for k in range(1, 4)]
    for item in items:
        s.para(item)
    while s.pages < 3:
        s.para(FILL)
    # Footnote 2 starts at the foot of page 2 and ends at the foot of page 3.
    note2 = "Năm 2021: 1.200 đảng viên; năm 2022: 1.500 đảng viên; " + " ".join(
        f"đơn vị {k}: {k * 10} đảng viên;" for k in range(1, 30)
    )
    head = note2[: len(note2) // 2].rsplit(" ", 1)[0]
    s.foot([(2, head)], 1)
    # page 3
    s.para("II. KIẾN NGHỊ, ĐỀ XUẤT", style="b")
    s.para("Đề nghị Ban Tuyên giáo Tỉnh ủy tiếp tục hướng dẫn^3 việc tổ chức sơ kết. " + FILL)
    tail = note2[len(head) + 1 :]
    s.foot([(None, tail), (3, "Hướng dẫn số 05-HD/BTGTU ngày 02/3/2024.")], 2)
    s.new_page()
    # page 4: the end matter
    s.para("Trên đây là báo cáo kết quả 03 năm thực hiện Kết luận số 01-KL/TW./.")
    s.y += 20
    s.columns(
        [("Nơi nhận:", "i"), ("- Ban Tuyên giáo Tỉnh ủy (để b/c),", "r"),
         ("- Các đảng ủy, chi bộ cơ sở trực thuộc", "r"), ("  Đảng ủy Khối,", "r"),
         ("- Lưu Văn phòng Đảng ủy Khối.", "r")],
        [("T/M BAN THƯỜNG VỤ", "b"), ("PHÓ BÍ THƯ", "r"), ("", "r"), ("Nguyễn Văn An", "b")],
        recipients=True,
    )  # fmt: skip
    data = s.bytes()
    expect = {
        "opening": opening.replace("^1", "¹"),
        "ranged": ranged,
        "symbol": symbol,
        "pump": pump.replace("^^3", "3"),
        "nfd": unicodedata.normalize("NFC", nfd),
        "long": long,
        "marked": marked.replace("^2", "²"),
        "items": items,
        "note2": note2,
        "pages": s.pages,
    }
    return data, expect


def test_header_columns_are_blocks_of_their_own(report):
    raw, _, _ = report
    blocks = body(raw)
    assert blocks[0].text == "ĐẢNG BỘ TỈNH HÀ TĨNH\nĐẢNG ỦY KHỐI CÁC CƠ QUAN\n*\nSố 60-BC/ĐUK"
    assert blocks[1].text == "ĐẢNG CỘNG SẢN VIỆT NAM\nHà Tĩnh, ngày 12 tháng 3 năm 2024"
    assert blocks[2].text == "BÁO CÁO" and blocks[2].bold and blocks[2].centered
    # The summary line wrapped over two centred lines is one block.
    assert blocks[3].text.startswith("Kết quả 03 năm") and blocks[3].text.endswith("Hồ Chí Minh")
    assert blocks[3].centered and blocks[3].bold


def test_paragraphs_markers_and_exponents(report):
    raw, want, _ = report
    texts = [b.text for b in body(raw)]
    assert want["opening"] in texts  # "10/11/2021¹" glued to its word
    assert "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO" in texts
    heading = next(b for b in body(raw) if b.text.startswith("I. "))
    assert heading.bold and not heading.centered
    assert want["ranged"] in texts  # "(2021-" + "2023)" joined without a space
    assert want["symbol"] in texts  # "01-" + "KL/TW" too
    assert want["pump"] in texts  # "90 m3/s": an exponent, not footnote 3
    assert want["nfd"] in " ".join(texts)  # decomposed accents come out composed
    assert want["marked"] in rejoined(raw)
    for item in want["items"]:
        assert item in rejoined(raw)


def test_footnotes_at_page_feet_and_their_continuation(report):
    raw, want, _ = report
    notes = footnotes(raw)
    assert sorted(notes) == [1, 2, 3]
    assert notes[1] == "Kế hoạch số 25-KH/ĐUK ngày 10/11/2021 của Ban Thường vụ Đảng ủy Khối."
    assert notes[2] == want["note2"]  # its end, at the foot of the next page, appended
    assert notes[3] == "Hướng dẫn số 05-HD/BTGTU ngày 02/3/2024."
    where = {b.footnote: b.page for b in raw.blocks if b.kind == "footnote"}
    assert where == {1: 1, 2: 2, 3: 3}
    # Each footnote stands after the body blocks of its page.
    for i, b in enumerate(raw.blocks):
        if b.kind == "footnote":
            assert all(x.page > b.page for x in raw.blocks[i + 1 :] if x.kind == "para")
    assert not any(re.search(SUP + r"\s*Kế hoạch", b.text) for b in body(raw))


def test_page_end_cuts_a_paragraph_into_two_blocks(report):
    raw, want, _ = report
    check_page_breaks(raw)
    cut = [b for b in body(raw) if b.page_break_before and b.text[:1].islower()]
    assert cut, "the long paragraph should run over the page end"
    assert want["long"] in rejoined(raw)
    assert want["long"] not in [b.text for b in body(raw)]


def test_page_numbers_and_running_header_are_dropped(report):
    raw, _, _ = report
    for b in raw.blocks:
        assert not re.fullmatch(r"[-–\s\d]+", b.text), b
        assert "Báo cáo số 60-BC/ĐUK của Đảng ủy Khối" not in b.text


def test_recipients_and_signature_blocks(report):
    raw, want, _ = report
    last = body(raw)[-2:]
    assert last[0].text == (
        "Nơi nhận:\n- Ban Tuyên giáo Tỉnh ủy (để b/c),\n"
        "- Các đảng ủy, chi bộ cơ sở trực thuộc Đảng ủy Khối,\n- Lưu Văn phòng Đảng ủy Khối."
    )
    assert last[1].text == "T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ\nNguyễn Văn An"
    assert all(b.page == want["pages"] for b in last)
    assert raw.pages == want["pages"] and raw.format == "pdf"


def test_read_bytes_dispatches_pdf(report):
    _, _, data = report
    raw = read_bytes(data, "bao-cao.docx")  # the content decides, not the name
    assert raw.format == "pdf" and footnotes(raw)


def test_full_width_recipients_and_a_signature_typed_as_paragraphs():
    """A justified "Nơi nhận" list with manual breaks is stretched over the page, and the
    signature stands in plain paragraphs: still one block each."""
    s = Sheet(dejavu())
    for _ in range(3):
        s.para(FILL)
    s.para("Trân trọng./.")
    s.y += 10
    s.put(s.LEFT, s.y + s.PITCH, "Nơi nhận:", 12, "i")
    s.y += s.PITCH
    for item in ("- Ban Tuyên giáo TW;", "- Thường trực Thành ủy;", "- Các ban Đảng và VP TU;"):
        s.spread(item.split())
    s.put(s.LEFT, s.y + s.PITCH, "- Lưu VP.", 12)
    s.y += s.PITCH + 10
    s.spread(["K/T", "TRƯỞNG", "BAN"], 13, "b")
    s.put(s.LEFT, s.y + s.PITCH, "PHÓ TRƯỞNG BAN", 13, "b")
    s.put(s.LEFT + 28, s.y + 3 * s.PITCH, "Đào Xuân Dũng", 13, "b")
    texts = [b.text for b in body(read_pdf(s.bytes()))]
    assert texts[-3:] == [
        "Trân trọng./.",
        "Nơi nhận:\n- Ban Tuyên giáo TW;\n- Thường trực Thành ủy;\n- Các ban Đảng và VP TU;"
        "\n- Lưu VP.",
        "K/T TRƯỞNG BAN\nPHÓ TRƯỞNG BAN\nĐào Xuân Dũng",
    ]


def test_letters_from_a_fallback_font_are_put_back_in_their_words():
    s = Sheet(dejavu())
    text = (
        "Ban Thường vụ Đảng ủy Khối đã lãnh đạo, chỉ đạo các tổ chức cơ sở đảng tiếp tục "
        "đẩy mạnh việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh."
    )
    lines = s.lines_of(text, s.SIZE, "r", s.RIGHT - s.LEFT - s.INDENT, s.RIGHT - s.LEFT)
    for _ in range(2):
        for k, words in enumerate(lines):
            s.fallback(" ".join(words), first=k == 0)
        s.y += s.GAP
    raw = read_pdf(s.bytes())
    assert [b.text for b in body(raw)] == [text, text]


def ending_alone(sheet: Sheet, last: str = "trị.") -> tuple[str, list[list[str]]]:
    """A paragraph whose last line holds the one word `last`, and its lines."""
    words = FILL.split()
    width = sheet.RIGHT - sheet.LEFT
    for k in range(len(words), 0, -1):
        text = " ".join([*words[:k], "gắn", "với", "hệ", "thống", "chính", last])
        lines = sheet.lines_of(text, sheet.SIZE, "r", width - sheet.INDENT, width)
        if lines[-1] == [last]:
            return text, lines
    raise AssertionError(f"no filler length leaves {last} alone on the last line")


def test_a_last_word_with_a_fallback_letter_is_read_in_place():
    """The fallback font's "ị" of a last line "trị." comes after the ".": MuPDF puts it
    in the line out of order ("tr", ".", "ị"); read by x it is "trị." again, on the
    first page (MuPDF's lines) as on the next (lines built from the characters)."""
    s = Sheet(dejavu())
    text, lines = ending_alone(s)
    for page in range(2):
        if page:
            s.new_page()
        for _ in range(3):
            for k, words in enumerate(lines):
                s.fallback(" ".join(words), first=k == 0)
            s.y += s.GAP
    texts = [b.text for b in body(read_pdf(s.bytes()))]
    assert texts.count(text) == 6, texts


def test_lines_built_from_the_characters_drawn_match_mupdfs():
    """Once a page's lines mostly needed rebuilding, the next pages' lines are built
    from the drawing trace alone; both ways give the same lines."""
    from tonghop.readers.pdf import _page_lines, _trace_lines

    s = Sheet(dejavu())
    text, lines = ending_alone(s)
    s.para("I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO", style="b")
    s.para("Thực hiện Kế hoạch số 25-KH/ĐUK ngày 10/11/2021^1 của Ban Thường vụ.")
    s.put(300, s.y + s.PITCH, "Hà Tĩnh, ngày 12 tháng 3 năm 2024", 12, "i")
    s.y += s.PITCH
    for _ in range(4):
        for k, words in enumerate(lines):
            s.fallback(" ".join(words), first=k == 0)
        s.y += s.GAP
    doc = pymupdf.open(stream=s.bytes(), filetype="pdf")
    mupdf, rebuilt = _page_lines(doc[0])
    assert rebuilt > 5
    traced = _trace_lines(doc[0])

    def seen(found):
        return [(ln.text, round(ln.x0), round(ln.x1), round(ln.base), ln.bold) for ln in found]

    assert seen(traced) == seen(mupdf)
    assert any("ngày 10/11/2021¹ của Ban" in ln.text for ln in traced)  # the marker glued


SENTENCES = (
    "Ban Thường vụ Đảng ủy Khối đã lãnh đạo các tổ chức cơ sở đảng.",
    "Các cấp ủy tiếp tục đẩy mạnh việc học tập và làm theo Bác.",
    "Cấp ủy cơ sở kiểm tra 164 tổ chức đảng và 197 đảng viên.",
    "Hằng năm, nội dung này được cụ thể hóa bằng kế hoạch riêng.",
    "Tinh thần nêu gương được thể hiện trong tư tưởng và hành động.",
)


def full_stop_at_line_end(sheet: Sheet, indent: bool = True) -> tuple[str, list[list[str]], int]:
    """Whole sentences laid out so that a line (not the first or the last) ends in a
    full stop and fills the width: the text, its lines and that line's index."""
    width = sheet.RIGHT - sheet.LEFT
    first = width - (sheet.INDENT if indent else 0)
    for n in range(2, 6):
        for combo in itertools.permutations(SENTENCES, n):
            text = " ".join(combo)
            lines = sheet.lines_of(text, sheet.SIZE, "r", first, width)
            for j in range(1, len(lines) - 1):
                used = sheet.width(" ".join(lines[j]), sheet.SIZE)
                if lines[j][-1].endswith(".") and width - used < 2 * sheet.SIZE:
                    return text, lines, j
    raise AssertionError("no order of the sentences puts a full stop at a full line's end")


def test_a_page_cut_right_after_a_full_stop_is_known_to_run_on():
    """Paragraphs open with a first-line indent: a page whose first line starts at the
    margin, after a full line, goes on with the paragraph the page end cut, even where
    that line ended a sentence.  A new paragraph (indented) or a list item does not."""
    s = Sheet(dejavu())
    text, lines, j = full_stop_at_line_end(s)
    for _ in range(2):
        s.para(FILL)
    s.bottom = s.y + (j + 1) * s.PITCH + 1  # the page ends after line j
    s.para(text)
    s.bottom = 770.0
    # Page 2 ends with a paragraph whose last line is full and ends a sentence...
    ends_full = " ".join(w for words in lines[: j + 1] for w in words)
    s.para(FILL)
    s.bottom = s.y + (j + 1) * s.PITCH + 1
    s.para(ends_full)
    s.bottom = 770.0
    s.new_page()  # ... page 3 opens with a list item at the margin,
    item = "- Nội dung thứ nhất: " + FILL
    s.para(item, indent=False)
    s.new_page()  # page 4 with a new paragraph, indented.
    s.para(FILL)
    raw = read_pdf(s.bytes())
    check_page_breaks(raw)
    first = {b.page: b for b in body(raw) if b.page_break_before}
    head = " ".join(w for words in lines[: j + 1] for w in words)
    assert [b.text for b in body(raw)].count(head) == 2  # page 1's part, and page 2's end
    assert first[2].continues and first[2].text == text[len(head) + 1 :]
    assert first[3].text == item and not first[3].continues
    assert first[4].text == FILL and not first[4].continues
    assert sum(b.continues for b in raw.blocks) == 1


def test_no_run_on_is_claimed_where_paragraphs_have_no_first_line_indent():
    s = Sheet(dejavu())
    text, lines, j = full_stop_at_line_end(s, indent=False)
    for _ in range(3):
        s.para(FILL, indent=False)
    s.bottom = s.y + (j + 1) * s.PITCH + 1
    s.para(text, indent=False)
    raw = read_pdf(s.bytes())
    cut = next(b for b in body(raw) if b.page_break_before)
    assert cut.text[:1].isupper() and not cut.continues


# --------------------------------------------------------------------------- LibreOffice


def test_libreoffice_pdf_of_a_written_report(soffice, tmp_path):
    from tonghop.writers.docx import write_docx

    blocks = [
        Block("BÁO CÁO", bold=True, centered=True),
        Block("Kết quả 03 năm thực hiện Kết luận số 01-KL/TW", bold=True, centered=True),
        Block("I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO", bold=True),
        Block("Trong 03 năm (2021-2023) đã ban hành 22 văn bản¹ để lãnh đạo. " + FILL * 2),
        Block("- Tổ chức 102 điểm cầu với 4.320 đảng viên tham gia² học tập. " + FILL),
    ]
    blocks += [Block(f"- Nội dung thứ {k}: " + " ".join([FILL] * (2 + k % 3))) for k in range(9)]
    blocks += [
        Block("II. KẾT QUẢ", bold=True),
        Block("Hằng năm có 98,9% đảng viên thực hiện cam kết³. " + FILL * 4),
        Block("Kế hoạch số 25-KH/ĐUK ngày 10/11/2021 của Ban Thường vụ.", "footnote", 1),
        Block("Năm 2021: 1.200 đảng viên; năm 2022: 1.500 đảng viên.", "footnote", 2),
        Block("Tính đến ngày 31/12/2023.", "footnote", 3),
    ]
    src = tmp_path / "bc.docx"
    write_docx(blocks, src)
    subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(src)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    raw = read_pdf((tmp_path / "bc.pdf").read_bytes())
    assert raw.pages >= 3
    check_page_breaks(raw)
    want = [b.text for b in blocks if b.kind == "para"]
    assert rejoined(raw) == want
    # At least one paragraph was cut by a page end and came out as two blocks.
    assert len(body(raw)) > len(want)
    assert footnotes(raw) == {b.footnote: b.text for b in blocks if b.kind == "footnote"}
    assert "22 văn bản¹ để" in body(raw)[3].text
    assert body(raw)[2].bold and body(raw)[0].centered


def test_libreoffice_last_word_with_a_dot_below_vowel(soffice, tmp_path):
    """LibreOffice draws "ị" from a fallback font after the full stop: "chính trị."
    must not come back as "chính tr .ị" (and then run into the next paragraph)."""
    from tonghop.synth.generator import convert_to_pdf
    from tonghop.writers.docx import write_docx

    last = (
        "Ngay sau khi có văn bản chỉ đạo của cấp trên, Ban Thường vụ Đảng ủy Khối đã xây "
        "dựng kế hoạch thực hiện Kết luận số 01-KL/TW để lãnh đạo, chỉ đạo các tổ chức cơ "
        "sở đảng triển khai thực hiện. Hằng năm, nội dung này được cụ thể hóa bằng kế hoạch "
        "riêng. Ban Thường vụ Đảng ủy Khối xác định học tập và làm theo tư tưởng, đạo đức, "
        "phong cách Hồ Chí Minh là nhiệm vụ thường xuyên, gắn với công tác xây dựng, chỉnh "
        "đốn Đảng và hệ thống chính trị."
    )
    blocks = [
        Block("BÁO CÁO", bold=True, centered=True),
        Block("I. CÔNG TÁC LÃNH ĐẠO", bold=True),
        Block(last),
        Block("Để cụ thể hóa việc thực hiện, Ban Thường vụ đã ban hành văn bản."),
    ]
    write_docx(blocks, tmp_path / "e.docx")
    pdf = convert_to_pdf([tmp_path / "e.docx"], tmp_path)[0]
    raw = read_pdf(pdf.read_bytes())
    assert [b.text for b in body(raw)] == [b.text for b in blocks]


def test_libreoffice_report_cut_after_a_full_stop_runs_on(soffice, tmp_path):
    """Generated report 5 as PDF: a page opens with "Đội ngũ báo cáo viên, ...", the rest
    of a paragraph whose part on the page before ends "... Trường Đại học Vinh."."""
    from tonghop.synth.generator import generate_report, write_report

    rep = generate_report(5)
    raw = read_pdf(write_report(rep.blocks, tmp_path / "r.pdf", "pdf").read_bytes())
    check_page_breaks(raw)
    paras = body(raw)
    k = next(
        i
        for i, b in enumerate(paras)
        if b.text.startswith("Đội ngũ báo cáo viên, tuyên truyền viên") and b.page_break_before
    )
    assert paras[k].page_break_before and paras[k].continues
    assert paras[k - 1].text.endswith("Trường Đại học Vinh.")
    whole = [" ".join(p.split()) for p in rep.expected["paragraphs"]["II/4/2"]]
    assert f"{paras[k - 1].text} {paras[k].text}" in whole
    for b in paras:
        if b.continues:  # only ever the first block of a page, never an item or a heading
            assert b.page_break_before and not re.match(r"[-+•]|\d+\.|[IVX]+\.", b.text)


# --------------------------------------------------------------------------- errors


def small_pdf(pages: int = 3) -> bytes:
    doc = pymupdf.open()
    for k in range(pages):
        page = doc.new_page()
        for line in range(20):
            page.insert_text((72, 80 + 20 * line), f"Page {k + 1} line {line} of some text.")
    return doc.tobytes()


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.7\n" + random.Random(1).randbytes(4000), random.Random(2).randbytes(4000)],
    ids=["pdf-header", "noise"],
)
def test_corrupt_pdf(data):
    with pytest.raises(ReadError, match="Tệp PDF bị hỏng, không mở được"):
        read_pdf(data)


def test_truncated_pdf():
    data = small_pdf()
    with pytest.raises(ReadError, match="bị hỏng"):
        read_pdf(data[: int(len(data) * 0.6)])


def test_encrypted_pdf():
    doc = pymupdf.open(stream=small_pdf(1), filetype="pdf")
    data = doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="x", owner_pw="y")
    with pytest.raises(ReadError, match="mật khẩu"):
        read_pdf(data)


def test_pdf_with_only_an_owner_password_is_read():
    doc = pymupdf.open(stream=small_pdf(1), filetype="pdf")
    data = doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="y", permissions=0)
    assert "Page 1 line 0" in body(read_pdf(data))[0].text


def test_a_scan_without_letters_says_nothing_was_recognised():
    """An image-only page goes to OCR; a gray sheet has no letters, and the words of a
    signature stamp laid over it are not the document's."""
    doc = pymupdf.open()
    page = doc.new_page()
    pix = pymupdf.Pixmap(pymupdf.csGRAY, pymupdf.IRect(0, 0, 120, 170), False)
    pix.set_rect(pix.irect, (200,))
    page.insert_image(page.rect, pixmap=pix)
    page.insert_text((400, 30), "Ký bởi: Văn phòng", fontsize=6)  # a signature stamp
    with pytest.raises(ReadError, match="bản quét") as err:
        read_pdf(doc.tobytes())
    assert "không nhận ra được chữ nào" in str(err.value)


def test_blank_pdf_has_no_text():
    doc = pymupdf.open()
    doc.new_page()
    with pytest.raises(ReadError, match="không có lớp chữ"):
        read_pdf(doc.tobytes())


def test_pdf_with_zero_pages():
    objects = [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[]/Count 0>>"]
    data, offsets = b"%PDF-1.4\n", []
    for k, obj in enumerate(objects, 1):
        offsets.append(len(data))
        data += b"%d 0 obj%sendobj\n" % (k, obj)
    xref = len(data)
    data += b"xref\n0 3\n0000000000 65535 f \n"
    data += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    data += b"trailer<</Size 3/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % xref
    with pytest.raises(ReadError, match="không có trang"):
        read_pdf(data)


def test_damaged_bytes_never_raise_anything_but_read_error():
    data = small_pdf(2)
    rng = random.Random(7)
    for _ in range(40):
        buf = bytearray(data)
        for _ in range(rng.randint(1, 30)):
            buf[rng.randrange(len(buf))] = rng.randrange(256)
        with contextlib.suppress(ReadError):
            assert isinstance(read_pdf(bytes(buf)), RawDocument)


# --------------------------------------------------------------------------- real PDFs


@pytest.fixture(scope="module")
def real():
    require(REAL.is_dir(), f"the real PDFs are not at {REAL}")
    cache: dict[str, RawDocument] = {}

    def read(name: str) -> RawDocument:
        if name not in cache:
            cache[name] = read_pdf((REAL / name).read_bytes())
        return cache[name]

    return read


def test_real_water_decision_and_plan(real):
    raw = real("hanoi_qd_2280_water.pdf")
    assert raw.pages == 20
    check_page_breaks(raw)
    texts = [b.text for b in body(raw)]
    assert texts[0] == "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI\nSố: 2280/QĐ-UBND"
    assert texts[1] == (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Hà Nội, ngày 29 tháng 4 năm 2026"
    )
    title = "Phê duyệt Kế hoạch Bảo đảm thoát nước, chống úng ngập khu vực nội thành Thành phố"
    assert title + " mùa mưa năm 2026" in texts
    for n in (1, 2, 3):
        assert sum(t.startswith(f"Điều {n}.") for t in texts) == 1
    assert texts[[t[:8] for t in texts].index("Điều 2. ")] == (
        "Điều 2. Quyết định này có hiệu lực từ ngày ký."
    )
    heading = next(b for b in body(raw) if b.text == "I. MỤC ĐÍCH, YÊU CẦU")
    assert heading.bold and heading.page == 2
    assert "II. NỘI DUNG KẾ HOẠCH:" in texts and "III. TỔ CHỨC THỰC HIỆN" in texts
    notes = footnotes(raw)
    assert sorted(notes) == [1, 2, 3, 4, 5]
    assert notes[1].startswith("Phường Hoàn Kiếm: 01 điểm;")
    assert notes[1].endswith("Xã An Khánh: 01 điểm.")
    assert notes[2] == "Quyết định số 5521/QĐ-UBND ngày 10/11/2025."
    assert notes[5] == "Quyết định số 6077/QĐ-UBND ngày 07/12/2025"
    joined = "\n".join(texts)
    for marked in ("09 phường và 01 xã¹ thuộc", "Đại lộ Thăng Long²;", "xã An Khánh³;",
                   "xã An Khánh⁴;", "phường Đông Ngạc⁵;"):  # fmt: skip
        assert marked in joined
    assert len(re.findall(SUP, joined)) == 5  # no exponent or number taken for a marker
    assert "170 m3/s" in joined and "90 m3/s" in joined
    for t in texts:
        assert not re.fullmatch(r"[-–\s\d]+", t)
    assert "Nơi nhận:\n- Đ/c Bí thư Thành ủy;\n- Thường trực Thành ủy; (để b/c)\n" in joined
    assert (
        "- VP UBTP: CVP, các PCVP, Các phòng: NNMT, TH, ĐT, KGVX, KT; Trung tâm TT, DL vs CNS TP;"
        in joined
    )
    assert "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nTrương Việt Dũng" in texts
    # Page 14 ends mid-sentence; page 15 goes on: two blocks, the second flagged.
    first15 = next(b for b in body(raw) if b.page == 15)
    assert first15.page_break_before and first15.text.startswith("công tác thoát nước đô thị")


def test_real_festival_plan(real):
    raw = real("hanoi_kh_173_festival.pdf")
    texts = [b.text for b in body(raw)]
    assert texts[0].endswith("Số: 173/KH-UBND")
    assert all(unicodedata.is_normalized("NFC", b.text) for b in raw.blocks)
    assert "Tổ chức “Festival Thăng Long - Hà Nội lần thứ II, năm 2026”" in texts
    romans = [t for t in texts if re.match(r"^[IV]+\. ", t)]
    assert [r.split(".")[0] for r in romans] == ["I", "II", "III", "IV", "V"]
    assert sum(bool(re.match(r"^2\.[1-6]\. ", t)) for t in texts) == 6
    recipients = next(t for t in texts if t.startswith("Nơi nhận:"))
    assert (
        "\n- VPUB: CVP, các PCVP, phòng: KGVX, TH, KT, ĐT, TNMT, NC, HC-QT, TT TTDL&CNS TP;\n"
        in (recipients)
    )
    assert recipients.endswith("\n- Lưu: VT, KGVX.")
    assert texts[-1] == "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nVũ Đại Thắng"
    assert not footnotes(raw)


def test_real_guideline_06_headings(real):
    raw = real("huongdan06.pdf")
    blocks = body(raw)
    texts = [b.text for b in blocks]
    assert texts[0] == "BAN CHẤP HÀNH TRUNG ƯƠNG\n*\nSố 06-HD/TW"
    h1 = next(b for b in blocks if b.text.startswith("1. Tuổi đời"))
    assert (
        h1.text == "1. Tuổi đời và trình độ học vấn của người vào Đảng ở một số trường hợp đặc biệt"
    )
    assert h1.bold
    h11 = next(b for b in blocks if b.text.startswith("1.1. "))
    assert h11.text == "1.1. Về tuổi đời" and h11.bold and h11.italic
    assert sum(bool(re.match(r"^[a-zđ]\) ", t)) for t in texts) == 89
    assert not any(re.search(r"\s[a-d]\) [A-ZĐ]", t) for t in texts)  # no item run into another
    # The signature block runs over onto the last page.
    assert texts[-4:-2] == ["Nơi nhận:", "T/M BAN BÍ THƯ"]
    assert texts[-2].startswith("- Các tỉnh ủy, thành ủy, đảng ủy trực thuộc Trung ương,\n")
    assert texts[-1] == "Trần Cẩm Tú"


def test_real_regulation_294_headings(real):
    raw = real("quydinh294.pdf")
    texts = [b.text for b in body(raw)]
    assert sum(bool(re.match(r"^\d+\.\d+\.\d+\.?\s", t)) for t in texts) == 165
    assert "2. Điều 3: Về quyền của đảng viên" in texts
    assert texts[-1] == "T/M BAN CHẤP HÀNH TRUNG ƯƠNG\nTỔNG BÍ THƯ\nTô Lâm"
    assert texts[-2].startswith(
        "Nơi nhận:\n- Các tỉnh ủy, thành ủy, đảng ủy trực thuộc Trung ương,\n"
    )
    assert not footnotes(raw)


def test_real_guideline_21(real):
    raw = real("huongdan21.pdf")
    blocks = body(raw)
    romans = [b for b in blocks if re.match(r"^[IV]+\. ", b.text)]
    assert [b.text.split(".")[0] for b in romans] == ["I", "II", "III", "IV", "V"]
    assert all(b.bold for b in romans)
    assert footnotes(raw) == {
        1: "Thực hiện theo mục 18.5, Hướng dẫn số 06 -HD/TW ngày 09/6/2025 của Ban Bí thư "
        "Trung ương Đảng “Một số vấn đề cụ thể thi hành Điều lệ Đảng”."
    }
    assert any("bộ cơ sở).¹" in b.text for b in blocks)
    assert blocks[-1].text == "K/T TRƯỞNG BAN\nPHÓ TRƯỞNG BAN\nTriệu Thị Ngọc"


@pytest.mark.parametrize("name", ["scan_bc23_ubnd_quangngai.pdf", "scan_bc280_ubnd_quangngai.pdf"])
def test_real_scans_need_ocr_and_text_pdfs_do_not(real, name):
    from tonghop.readers.pdf import needs_ocr

    require((REAL / name).exists(), f"{name} is missing")
    assert needs_ocr((REAL / name).read_bytes())  # read in tests/test_ocr.py
    assert not needs_ocr((REAL / "huongdan21.pdf").read_bytes())
