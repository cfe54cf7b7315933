"""A guideline uploaded as PDF gives the same outline as its .docx and its text, even
when its ĐỀ CƯƠNG starts on the page of the signature: seed 003 opened in LibreOffice
as its author's text file and saved as .docx and as .pdf."""

import re
import shutil
import subprocess

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from tests.conftest import GUIDE_003
from tonghop.outline import build_outline
from tonghop.pipeline import read_document
from tonghop.readers.pdf import read_pdf


@pytest.fixture(scope="module")
def saved(shared, soffice, tmp_path_factory):
    """The .txt as LibreOffice saves it: .docx, and .pdf printed from the text itself."""
    folder = tmp_path_factory.mktemp("huong_dan")
    txt = folder / "huong_dan_003.txt"
    shutil.copy(GUIDE_003, txt)
    for target in ("docx:MS Word 2007 XML", "pdf"):
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{folder}/lo", "--headless",
             "--convert-to", target, "--outdir", str(folder), str(txt)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
    return {"txt": GUIDE_003, "docx": txt.with_suffix(".docx"), "pdf": txt.with_suffix(".pdf")}


@pytest.fixture(scope="module")
def typed_in_word(shared, soffice, tmp_path_factory):
    """Seed 003 typed in Word: the Nơi nhận list at the margin, the signature set to the
    right below it, then "ĐỀ CƯƠNG" in bold at the margin (not centred) on the same page;
    and its PDF."""
    from tonghop.synth.generator import convert_to_pdf

    folder = tmp_path_factory.mktemp("huong_dan_word")
    text = GUIDE_003.read_text(encoding="utf-8")
    paras = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    recipients = next(i for i, p in enumerate(paras) if p.startswith("Nơi nhận"))
    outline = paras.index("ĐỀ CƯƠNG")
    doc = Document()
    for p in paras[:recipients]:
        doc.add_paragraph(p.replace("*", ""))
    for line in text[text.index("Nơi nhận:") :].split("\n"):
        if line.startswith(("- ", "Nơi nhận")):
            doc.add_paragraph(line)
    for line in ("K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "", "Đào Xuân Dũng"):
        par = doc.add_paragraph()
        par.add_run(line).bold = True
        par.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph().add_run("ĐỀ CƯƠNG").bold = True
    for p in paras[outline + 1 :]:
        doc.add_paragraph(p)
    path = folder / "huong_dan_003.docx"
    doc.save(path)
    return {"docx": path, "pdf": convert_to_pdf([path], folder)[0]}


def _items(path):
    outline = build_outline(read_document(path))
    return outline.source, [(i.id, i.title, i.level, i.parent) for i in outline.items]


def test_the_outline_starts_on_the_signature_page(saved):
    blocks = read_pdf(saved["pdf"].read_bytes()).blocks
    signed = next(b.page for b in blocks if "Đào Xuân Dũng" in b.text)
    outline = next(b.page for b in blocks if "ĐỀ CƯƠNG" in b.text)
    assert signed == outline  # what made the PDF's outline come from the guideline's body


def test_pdf_docx_and_text_give_the_same_outline(saved):
    want = _items(saved["txt"])
    assert want[0] == "ĐỀ CƯƠNG" and len(want[1]) == 15
    assert [i[0] for i in want[1]][:3] == ["I", "II", "II.1"]
    assert _items(saved["docx"]) == want
    assert _items(saved["pdf"]) == want


def test_the_list_beside_nothing_keeps_only_its_items(saved):
    """The Nơi nhận list, typed at the margin like everything else, ends with its last
    item: the signature and the ĐỀ CƯƠNG after it are not recipients."""
    doc, text = read_document(saved["pdf"]), read_document(saved["txt"])
    assert doc.recipients == text.recipients
    s = doc.signer  # its "**K/T TRƯỞNG BAN … PHÓ TRƯỞNG BAN**" marks read as the text's
    assert (s.capacity, s.position, s.name) == ("K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Đào Xuân Dũng")
    assert read_document(saved["docx"]).signer == s
    assert [a.kind for a in doc.annexes] == ["ĐỀ CƯƠNG"]


def test_an_outline_title_at_the_margin_after_the_signature(saved, typed_in_word):
    """ "ĐỀ CƯƠNG" typed at the margin under a signature set to the right: the document
    type opens the annex, it is not one more recipient."""
    blocks = read_pdf(typed_in_word["pdf"].read_bytes()).blocks
    signed = next(b.page for b in blocks if "Đào Xuân Dũng" in b.text)
    assert signed == next(b.page for b in blocks if b.text.startswith("ĐỀ CƯƠNG"))
    want = _items(saved["txt"])
    assert _items(typed_in_word["docx"]) == want
    assert _items(typed_in_word["pdf"]) == want
    doc = read_document(typed_in_word["pdf"])
    assert doc.recipients == read_document(saved["txt"]).recipients
