"""The seeds turned into real .docx (several ways an author types headings) and
.pdf (LibreOffice from that .docx), read to the same result as the text."""

import re
import subprocess

import pytest

from tests.conftest import GUIDE_003, REPORT_001
from tonghop.model import Block, from_superscript
from tonghop.pipeline import read_document
from tonghop.text import squeeze
from tonghop.writers.docx import write_docx

SEEDS = {"001": REPORT_001, "003": GUIDE_003}


def seed_blocks(path, headings: set[str], mode: str) -> list[Block]:
    """The seed as its author would have typed it in Word: footnotes as real
    footnotes, headings (those the text reading finds, checked against the gold in
    test_seeds) bold, or in heading styles, or left plain."""
    blocks = []
    text = path.read_text(encoding="utf-8")
    for para in re.split(r"\n\s*\n", text):
        para = para.strip()
        if not para:
            continue
        m = re.match(r"^([⁰¹²³⁴⁵⁶⁷⁸⁹]+)\s+(.*)$", para, re.S)
        if m:
            blocks.append(Block(m.group(2), kind="footnote", footnote=from_superscript(m.group(1))))
            continue
        bold = para.startswith("**") and para.endswith("**")
        para = para.replace("**", "").replace("*", "")
        block = Block(para, bold=bold)
        level = headings.get(squeeze(para))
        if level:
            if mode in ("bold", "numbering"):
                block.bold = True
            elif mode == "styles":
                block.heading_level = level
        blocks.append(block)
    return blocks


def heading_lines(doc) -> dict[str, int]:
    out = {}
    sections = list(doc.walk())
    for annex in doc.annexes:
        for top in annex.sections:
            sections += list(top.walk())
    for s in sections:
        out[squeeze(f"{s.label} {s.title}")] = len(s.path)
    return out


def summary(doc, *, numbering_from_word=False):
    sections = [(tuple(s.path), s.title) for s in doc.walk()]
    annex = [
        (a.kind, a.title, [(tuple(s.path), s.title) for t in a.sections for s in t.walk()])
        for a in doc.annexes
    ]
    findings = sorted((f.code, tuple(f.path)) for f in doc.findings)
    if numbering_from_word:
        # Word's numbering shows "2.2." where the author typed "2.2": that finding goes.
        findings = [f for f in findings if f[0] != "numbering-style"]
    return {
        "kind": doc.kind,
        "title": doc.title,
        "sections": sections,
        "paragraphs": [s.paragraphs for s in doc.walk()],
        "preamble": doc.preamble,
        "annexes": annex,
        "footnotes": [(f.n, f.text, f.marker_path) for f in doc.footnotes],
        "figures": sorted(
            (f.value, f.unit, f.qualifier, f.footnote, tuple(f.path), f.year) for f in doc.figures
        ),
        "sums": sorted((c.total, tuple(c.parts), c.holds) for c in doc.sum_checks),
        "references": sorted((r.type, r.number, r.symbol, r.date) for r in doc.references),
        "findings": findings,
        "signer": doc.signer,
        "recipients": doc.recipients,
    }


@pytest.fixture(scope="module")
def text_reading(shared):
    return {k: read_document(p) for k, p in SEEDS.items()}


def _write(tmp_path, key, text_doc, mode):
    blocks = seed_blocks(SEEDS[key], heading_lines(text_doc), mode)
    out = tmp_path / f"{key}_{mode}.docx"
    write_docx(blocks, out, auto_numbering=(mode == "numbering"))
    return out


@pytest.mark.parametrize("key", ["001", "003"])
@pytest.mark.parametrize("mode", ["bold", "styles", "plain", "numbering"])
def test_docx_reads_like_the_text(tmp_path, text_reading, key, mode):
    path = _write(tmp_path, key, text_reading[key], mode)
    doc = read_document(path)
    assert doc.format == "docx"
    word_numbering = mode == "numbering"
    want = summary(text_reading[key], numbering_from_word=word_numbering)
    got = summary(doc, numbering_from_word=word_numbering)
    for field in want:
        assert got[field] == want[field], field


def test_docx_footnotes_are_real_word_footnotes(tmp_path, text_reading):
    import zipfile

    path = _write(tmp_path, "001", text_reading["001"], "bold")
    with zipfile.ZipFile(path) as z:
        body = z.read("word/document.xml").decode()
        notes = z.read("word/footnotes.xml").decode()
    assert body.count("<w:footnoteReference") == 12
    assert "Gồm 5 kế hoạch, 2 chương trình" in notes
    assert "¹" not in body and "Gồm 5 kế hoạch" not in body


@pytest.mark.parametrize("key", ["001", "003"])
def test_pdf_from_word_reads_like_the_text(tmp_path, text_reading, soffice, key):
    docx = _write(tmp_path, key, text_reading[key], "bold")
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    doc = read_document(docx.with_suffix(".pdf"))
    assert doc.format == "pdf" and doc.pages and doc.pages > 1
    want, got = summary(text_reading[key]), summary(doc)
    for field in want:
        assert got[field] == want[field], field


@pytest.mark.parametrize("fmt", ["doc", "odt", "rtf"])
def test_legacy_formats_saved_by_libreoffice_read_like_the_docx(
    tmp_path, text_reading, soffice, fmt
):
    """A .doc, .odt or .rtf saved from the seed's .docx reads to the same result,
    footnotes included: converted by LibreOffice, then read as .docx."""
    docx = _write(tmp_path, "001", text_reading["001"], "bold")
    filters = {"doc": "doc:MS Word 97", "odt": "odt", "rtf": "rtf"}
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
         "--convert-to", filters[fmt], "--outdir", str(tmp_path / fmt), str(docx)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    legacy = tmp_path / fmt / f"001_bold.{fmt}"
    doc = read_document(legacy)
    assert doc.format == fmt
    want, got = summary(read_document(docx)), summary(doc)
    for field in want:
        assert got[field] == want[field], field
    assert len(doc.footnotes) == 12


def test_two_conversions_at_once_do_not_collide(tmp_path, text_reading, soffice):
    from concurrent.futures import ThreadPoolExecutor

    docx = _write(tmp_path, "003", text_reading["003"], "bold")
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
         "--convert-to", "odt", "--outdir", str(tmp_path), str(docx)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    odt = tmp_path / "003_bold.odt"
    with ThreadPoolExecutor(2) as pool:
        docs = list(pool.map(read_document, [odt, odt]))
    assert [d.format for d in docs] == ["odt", "odt"]
    assert summary(docs[0]) == summary(docs[1]) == summary(read_document(docx))


def test_broken_legacy_file_gets_a_clear_message(tmp_path, soffice):
    from tonghop.model import ReadError

    bad = tmp_path / "hong.doc"
    bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(ReadError, match="Không chuyển đổi được tệp Word 97-2003"):
        read_document(bad)


def test_missing_libreoffice_names_the_package(tmp_path, monkeypatch):
    from tonghop.model import ReadError
    from tonghop.readers import legacy

    monkeypatch.setattr(legacy, "soffice", lambda: None)
    with pytest.raises(ReadError, match="libreoffice-writer-nogui"):
        legacy.to_docx(b"{\\rtf1 abc}", "rtf")
