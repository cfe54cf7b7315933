"""Footnotes typed as ordinary paragraphs, as when a PDF is copied into Word or a report
saved from a text file: seed 001 as .docx with its footnotes as plain paragraphs (at the
end, or where its pages ended; their numbers as superscript letters or as digits set in
superscript), and as the PDFs LibreOffice prints of them, read like the text, and
against ../shared/gold."""

import re

import pytest
from docx import Document

from tests.conftest import REPORT_001
from tests.test_formats import heading_lines, seed_blocks, summary
from tests.test_seeds import _find_figure, all_paragraphs, gold001  # noqa: F401 (fixture)
from tonghop.model import SUPERSCRIPT_DIGITS, Block, RawDocument, from_superscript, superscript
from tonghop.notes import typed_footnotes
from tonghop.pipeline import analyse, read_document
from tonghop.synth.generator import convert_to_pdf
from tonghop.writers.docx import write_docx

_MARK = re.compile(f"([{SUPERSCRIPT_DIGITS}]+)")
VARIANTS = ["letters_end", "letters_pages", "raised_end", "raised_pages"]


def _typed(blocks: list[Block], at_end: bool) -> list[Block]:
    """The footnotes as body paragraphs "¹ text": after the body, or where they were."""

    def plain(b: Block) -> Block:
        return Block(f"{superscript(b.footnote)} {b.text}")

    if at_end:
        return [b for b in blocks if b.kind != "footnote"] + [
            plain(b) for b in blocks if b.kind == "footnote"
        ]
    return [plain(b) if b.kind == "footnote" else b for b in blocks]


def _raised_docx(blocks: list[Block], path) -> None:
    """Markers and note numbers as digits in superscript runs, as Word pastes a PDF."""
    doc = Document()
    for b in blocks:
        p = doc.add_paragraph()
        for k, piece in enumerate(_MARK.split(b.text)):
            if piece:
                run = p.add_run(str(from_superscript(piece)) if k % 2 else piece)
                run.bold = b.bold or None
                run.font.superscript = bool(k % 2) or None
    doc.save(path)


@pytest.fixture(scope="module")
def text_001(shared):
    return read_document(REPORT_001)


@pytest.fixture(scope="module")
def files(text_001, soffice, tmp_path_factory):
    folder = tmp_path_factory.mktemp("chu_thich_go_tay")
    blocks = seed_blocks(REPORT_001, heading_lines(text_001), "bold")
    out = {}
    for name in VARIANTS:
        typed = _typed(blocks, at_end=name.endswith("end"))
        out[name] = folder / f"{name}.docx"
        if name.startswith("letters"):
            write_docx(typed, out[name])  # no footnote blocks: the marks stay as letters
        else:
            _raised_docx(typed, out[name])
    for pdf in convert_to_pdf([out[n] for n in VARIANTS], folder):
        out[f"{pdf.stem}_pdf"] = pdf
    return out


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
@pytest.mark.parametrize("name", VARIANTS)
def test_typed_footnotes_read_like_the_text(files, text_001, gold001, name, fmt):  # noqa: F811
    path = files[name] if fmt == "docx" else files[f"{name}_pdf"]
    doc = read_document(path)
    assert doc.format == fmt
    assert not [f for f in doc.findings if f.code == "marker-without-footnote"]
    want, got = summary(text_001), summary(doc)
    for field in ("sections", "paragraphs", "footnotes", "figures", "sums", "findings"):
        assert got[field] == want[field], field
    # Against the gold: every footnote where its marker is, none left in the body.
    notes = {fn.n: fn for fn in doc.footnotes}
    assert sorted(notes) == list(range(1, 13))
    for n, g in gold001["footnotes"].items():
        assert notes[int(n)].text.startswith(g["starts"]), n
        assert notes[int(n)].marker_path == g["marker_in"], n
    starts = tuple(g["starts"] for g in gold001["footnotes"].values())
    assert not [p for p in all_paragraphs(doc) if p.startswith(starts)]
    assert not [g for g in gold001["figures"] if _find_figure(doc, g) is None]


def test_the_rule_keeps_what_is_not_a_typed_footnote():
    """A paragraph opening with a superscript number that nothing before refers to, a
    number a real footnote already has, an area "m²": all stay body text."""
    raw = RawDocument(
        blocks=[
            Block("² Đoạn mở đầu bằng số mũ mà chưa có dấu chú thích nào trước đó."),
            Block("Xây dựng 300 m² nhà văn hóa¹ và 12 mô hình³."),
            Block("² Diện tích tính theo bản vẽ được duyệt."),
            Block("Nguồn: báo cáo của các đơn vị.", kind="footnote", footnote=1),
            Block("¹ Chú thích gõ lại lần nữa."),
            Block("³ Gồm 7 mô hình cấp cơ sở và 5 mô hình cấp"),
            Block("huyện.", continues=True),
            Block("Đoạn thân bài sau cùng."),
        ],
        format="docx",
    )
    doc = analyse(typed_footnotes(raw))
    assert [(fn.n, fn.text) for fn in doc.footnotes] == [
        (1, "Nguồn: báo cáo của các đơn vị."),
        (3, "Gồm 7 mô hình cấp cơ sở và 5 mô hình cấp huyện."),
    ]
    assert doc.preamble == [
        "² Đoạn mở đầu bằng số mũ mà chưa có dấu chú thích nào trước đó.",
        "Xây dựng 300 m² nhà văn hóa¹ và 12 mô hình³.",
        "² Diện tích tính theo bản vẽ được duyệt.",
        "¹ Chú thích gõ lại lần nữa.",
        "Đoạn thân bài sau cùng.",
    ]


def test_report_saved_from_its_text_file_reads_like_the_text(text_001, soffice, tmp_path):
    """Seed 001 opened in LibreOffice as the .txt it is and saved as .docx: its footnotes
    are "¹ ..." paragraphs, its emphasis "**...**" and "*...*" marks; read like the text,
    signer included ("**T/M BAN THƯỜNG VỤ" … "PHÓ BÍ THƯ**" over two paragraphs)."""
    import shutil
    import subprocess

    txt = tmp_path / "bao_cao_001.txt"
    shutil.copy(REPORT_001, txt)
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
         "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(tmp_path), str(txt)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    doc = read_document(txt.with_suffix(".docx"))
    assert doc.format == "docx"
    want, got = summary(text_001), summary(doc)
    for field in want:
        assert got[field] == want[field], field
    s = doc.signer
    assert (s.capacity, s.position, s.name) == ("T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Hà Thị Sâm")


def test_text_marks_only_where_a_pair_shows_them():
    from tonghop.notes import text_marks

    star = RawDocument(
        [Block("BAN TUYÊN GIÁO"), Block("*"), Block("Giá 5 * 3 = 15 và điểm *.")], format="docx"
    )
    assert [b.text for b in text_marks(star).blocks] == [
        "BAN TUYÊN GIÁO", "*", "Giá 5 * 3 = 15 và điểm *.",
    ]  # fmt: skip
    marked = RawDocument(
        [Block("**I. KẾT QUẢ**"), Block("Chủ đề “*Học tập và làm theo*” năm 2023."),
         Block("**K/T TRƯỞNG BAN"), Block("PHÓ TRƯỞNG BAN**"), Block("Đào Xuân Dũng")],
        format="pdf",
    )  # fmt: skip
    out = text_marks(marked).blocks
    assert [(b.text, b.bold) for b in out] == [
        ("I. KẾT QUẢ", True),
        ("Chủ đề “Học tập và làm theo” năm 2023.", False),
        ("K/T TRƯỞNG BAN", True),
        ("PHÓ TRƯỞNG BAN", True),
        ("Đào Xuân Dũng", False),
    ]


def test_text_marks_stay_linear_on_lone_stars():
    """Thousands of lone stars in a paragraph (no pair to strip there): each try stops at
    the next star, so the text comes back unchanged, not after minutes. Counted, not timed:
    the text is what matters; bench figures in the report."""
    from tonghop.notes import text_marks

    stars = "*a " * 20_000
    raw = text_marks(RawDocument([Block("**A**"), Block(stars)], format="docx"))
    assert [b.text for b in raw.blocks] == ["A", stars]


def test_the_text_reader_too_reads_lone_stars_as_text():
    from tonghop.readers.text import read_text

    stars = "*a " * 20_000
    (block,) = read_text(stars.encode()).blocks
    assert block.text == stars.strip()
    nested = read_text("Chủ đề **“*Học tập* và làm theo”** năm *2023*.".encode()).blocks[0]
    assert nested.text == "Chủ đề “Học tập và làm theo” năm 2023."
