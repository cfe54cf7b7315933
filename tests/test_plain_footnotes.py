"""Footnotes typed as ordinary paragraphs whose markers are plain digits, as when a PDF is
copied into Word and the raised numbers come down to the line: "... thực hiện1." (the
digit glued to the word) or "... thực hiện 1.", the notes "1 Kế hoạch số ..." at the end
or where the pages ended. Seed 001 so, as .docx and as the PDF LibreOffice prints of it,
read like the text and against ../shared/gold; and the numbers of a report that has no
such notes stay numbers."""

import re

import pytest

from tests.conftest import REPORT_001
from tests.test_formats import heading_lines, seed_blocks, summary
from tests.test_seeds import _find_figure, all_paragraphs, gold001  # noqa: F401 (fixture)
from tonghop.model import SUPERSCRIPT_DIGITS, Block, RawDocument, from_superscript
from tonghop.notes import plain_footnotes
from tonghop.pipeline import read_document
from tonghop.synth.generator import convert_to_pdf
from tonghop.writers.docx import write_docx

_MARK = re.compile(f"[{SUPERSCRIPT_DIGITS}]+")
VARIANTS = ["glued_end", "glued_pages", "spaced_end", "bare_pages"]


def _plain(blocks: list[Block], name: str) -> list[Block]:
    """The seed's markers as plain digits (glued to the word, or after a space), its notes
    as body paragraphs "1 Kế hoạch ..." ("1Kế hoạch ..." for bare: the space lost too), at
    the end or where they stood."""
    gap = " " if name.startswith("spaced") else ""
    sep = "" if name.startswith("bare") else " "

    def body(b: Block) -> Block:
        text = _MARK.sub(lambda m: f"{gap}{from_superscript(m.group())}", b.text)
        return Block(text, bold=b.bold)

    def note(b: Block) -> Block:
        return Block(f"{b.footnote}{sep}{b.text}")

    if name.endswith("end"):
        return [body(b) for b in blocks if b.kind != "footnote"] + [
            note(b) for b in blocks if b.kind == "footnote"
        ]
    return [note(b) if b.kind == "footnote" else body(b) for b in blocks]


@pytest.fixture(scope="module")
def text_001(shared):
    return read_document(REPORT_001)


@pytest.fixture(scope="module")
def files(text_001, soffice, tmp_path_factory):
    folder = tmp_path_factory.mktemp("chu_thich_so_thuong")
    blocks = seed_blocks(REPORT_001, heading_lines(text_001), "bold")
    out = {}
    for name in VARIANTS:
        out[name] = folder / f"{name}.docx"
        write_docx(_plain(blocks, name), out[name])
    for pdf in convert_to_pdf([out[n] for n in VARIANTS], folder):
        out[f"{pdf.stem}_pdf"] = pdf
    return out


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
@pytest.mark.parametrize("name", VARIANTS)
def test_plain_footnotes_read_like_the_text(files, text_001, gold001, name, fmt):  # noqa: F811
    path = files[name] if fmt == "docx" else files[f"{name}_pdf"]
    doc = read_document(path)
    assert doc.format == fmt
    assert not [f for f in doc.findings if f.code == "marker-without-footnote"]
    want, got = summary(text_001), summary(doc)
    for field in ("sections", "paragraphs", "footnotes", "figures", "sums", "findings"):
        assert got[field] == want[field], field
    notes = {fn.n: fn for fn in doc.footnotes}
    assert sorted(notes) == list(range(1, 13))
    for n, g in gold001["footnotes"].items():
        assert notes[int(n)].text.startswith(g["starts"]), n
        assert notes[int(n)].marker_path == g["marker_in"], n
    starts = tuple(g["starts"] for g in gold001["footnotes"].values())
    assert not [p for p in all_paragraphs(doc) if p.startswith(starts)]
    assert not [g for g in gold001["figures"] if _find_figure(doc, g) is None]


def _texts(blocks: list[Block]) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in plain_footnotes(RawDocument(blocks, format="docx")).blocks]


def test_numbers_stay_numbers_without_their_notes():
    """No note paragraphs, notes out of order, a gap in 1..n, a marker nowhere before
    its note: nothing changes."""
    body = [
        Block("Ban hành 22 văn bản chỉ đạo1; tổ chức 3 hội nghị năm 2021."),
        Block("Tổng số 12 mô hình2, trong đó có 1 mô hình cấp tỉnh."),
    ]
    cases = [
        body,
        body + [Block("2 Gồm 5 kế hoạch."), Block("1 Kế hoạch số 25-KH/ĐUK.")],
        body + [Block("1 Kế hoạch số 25-KH/ĐUK."), Block("3 Gồm 5 kế hoạch.")],
        [Block("1 Kế hoạch số 25-KH/ĐUK."), *body, Block("2 Gồm 5 kế hoạch.")],
        [Block("Năm 2021 có 3 đợt, phòng chống H5N1."), Block("1 Nguồn: Sở Y tế.")],
    ]
    for blocks in cases:
        before = [(b.kind, b.text) for b in blocks]
        assert _texts([Block(b.text) for b in blocks]) == before


def test_plain_markers_become_markers_only_where_the_note_is():
    out = _texts(
        [
            Block("Ban hành 22 văn bản chỉ đạo1; tổ chức 3 hội nghị năm 2021, quý 2."),
            Block("Tổng số 12 mô hình, trong đó 01 mô hình tiêu biểu 2."),
            Block("Khen thưởng 68 tổ chức cơ sở đảng3, 06 đảng viên."),
            Block("1 Gồm 5 kế hoạch, 2 chương trình."),
            Block("2Trong 3 năm có 72 mô hình."),
            Block("3 Năm 2021 khen thưởng 24 tổ chức."),
        ]
    )
    assert out == [
        ("para", "Ban hành 22 văn bản chỉ đạo¹; tổ chức 3 hội nghị năm 2021, quý 2."),
        ("para", "Tổng số 12 mô hình, trong đó 01 mô hình tiêu biểu²."),
        ("para", "Khen thưởng 68 tổ chức cơ sở đảng³, 06 đảng viên."),
        ("para", "¹ Gồm 5 kế hoạch, 2 chương trình."),
        ("para", "² Trong 3 năm có 72 mô hình."),
        ("para", "³ Năm 2021 khen thưởng 24 tổ chức."),
    ]


def test_a_marker_inside_a_sentence_only_when_it_is_the_one_number_there():
    """ "Khối 2 nhằm": a marker, the one number after a space between markers 1 and 3; with
    a count "2 đơn vị" beside it, neither is taken and note 2 stays without its marker."""

    def notes():
        return [Block("1 Gồm 5 kế hoạch."), Block("2 Hội thi năm 2021."), Block("3 Có 72 mô hình.")]

    one = _texts(
        [Block("Ban hành văn bản1. Tổ chức Hội thi Khối 2 nhằm nâng cao; mô hình3.")] + notes()
    )
    assert one[0] == ("para", "Ban hành văn bản¹. Tổ chức Hội thi Khối² nhằm nâng cao; mô hình³.")
    assert one[2] == ("para", "² Hội thi năm 2021.")
    two = _texts(
        [Block("Ban hành văn bản1. Hội thi Khối 2 nhằm nâng cao, có 2 đơn vị dự; mô hình3.")]
        + notes()
    )
    assert two[0] == (
        "para",
        "Ban hành văn bản¹. Hội thi Khối 2 nhằm nâng cao, có 2 đơn vị dự; mô hình³.",
    )
    assert two[2] == ("footnote", "Hội thi năm 2021.")
