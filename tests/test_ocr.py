"""Scanned PDFs read by OCR (Tesseract, Vietnamese data): the two real scans of
../shared/real against their proof-read transcriptions, and scans made here from seed
001 (rendered at 300 and 200 dpi, turned, with grain and specks) against ../shared/gold.

OCR takes seconds a page: every scan is read once per module and the number of pages
kept small (the whole seed at 300 dpi, three pages at 200 dpi, one page elsewhere).
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace

import pymupdf
import pytest
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from tests.conftest import GOLD, REAL, require
from tests.scans import body_text, scan, seed_pdf, squeeze
from tests.test_seeds import _find_figure, sections_by_path
from tonghop.model import ReadError
from tonghop.pipeline import analyse
from tonghop.readers import ocr
from tonghop.readers.pdf import needs_ocr, read_pdf
from tonghop.text import fold


@pytest.fixture(scope="module", autouse=True)
def tesseract():
    require(shutil.which("tesseract") is not None, "Tesseract (tesseract-ocr) is not installed")


def accuracy(got: str, want: str) -> float:
    """1 - the normalised edit distance between the two texts, spaces squeezed."""
    return 1 - Levenshtein.normalized_distance(squeeze(got), squeeze(want))


def read(data: bytes):
    raw = read_pdf(data)
    return raw, analyse(raw)


# --- the real scans ------------------------------------------------------------------

SCANS = ["scan_bc23_ubnd_quangngai", "scan_bc280_ubnd_quangngai"]


@pytest.fixture(scope="module")
def real_scans(shared):
    out = {}
    for name in SCANS:
        raw, doc = read((REAL / f"{name}.pdf").read_bytes())
        transcript = (REAL / f"{name}.transcript.txt").read_text(encoding="utf-8")
        out[name] = (raw, doc, transcript)
    return out


@pytest.mark.parametrize("name", SCANS)
def test_real_scans_read_like_their_transcriptions(real_scans, name):
    raw, doc, transcript = real_scans[name]
    assert doc.format == "pdf" and doc.pages == 2
    assert accuracy(body_text(raw), transcript) >= 0.975
    # Each page keeps its confidence; these clean scans need nobody to look again.
    assert [p for p, _ in doc.ocr_pages] == [1, 2]
    assert all(85 <= c <= 100 for _, c in doc.ocr_pages)
    assert "ocr-low-confidence" not in {f.code for f in doc.findings}


def test_real_scan_23_header_sections_figures(real_scans):
    _, doc, _ = real_scans["scan_bc23_ubnd_quangngai"]
    assert doc.kind == "BÁO CÁO"
    # The number and the day are written by hand on the scan.
    assert (doc.header.number, doc.header.place, doc.header.date) == (
        "23/BC-UBND",
        "Quảng Ngãi",
        "2025-01-23",
    )
    assert (doc.header.superior, doc.header.issuer) == ("ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI")
    tops = list(doc.sections)
    assert [s.path for s in tops] == [["I"], ["II"]]
    assert fold(tops[0].title) == fold("KẾT QUẢ THỰC HIỆN")
    assert tops[1].title == "NHIỆM VỤ TRỌNG TÂM THÁNG 02 NĂM 2025"
    assert [c.path for c in tops[0].children] == [["I", "1"], ["I", "2"], ["I", "3"]]
    assert [c.path[-1] for c in tops[1].children] == ["1", "2", "3", "4"]
    figures = {(f.raw, f.value, f.unit) for f in doc.figures}
    assert ("162.056.800", 162_056_800, "đồng") in figures
    assert ("17,45%", 17.45, "%") in figures
    assert not [f for f in doc.findings if f.code in ("duplicate-number", "skipped-number")]


def test_real_scan_280_number_and_its_checkable_total(real_scans):
    _, doc, _ = real_scans["scan_bc280_ubnd_quangngai"]
    assert doc.header.number == "280/BC-UBND"
    values = {f.value for f in doc.figures}
    parts = [650_880_000, 736_800_000, 7_269_100_000, 42_500_000]
    assert 8_699_280_000 in values and set(parts) <= values
    assert sum(parts) == 8_699_280_000


@pytest.mark.parametrize("name", SCANS)
def test_stamp_and_signature_do_not_become_text(real_scans, name):
    raw, doc, _ = real_scans[name]
    text = body_text(raw)
    # The digital-signature stamp laid over page 1 and its logo.
    for stamp in ("Ký bởi", "TRUNG TÂM CÔNG", "quangngai.gov.vn", "+07:00"):
        assert stamp not in text
    # No block of scribbles: every line read holds a word.
    for b in raw.blocks:
        for line in b.text.split("\n"):
            assert any(sum(c.isalnum() for c in w) >= 2 for w in line.split()), line
    # The red seal over the signature: the name is read, nothing around it.
    want = {
        "scan_bc23_ubnd_quangngai": "Trần Hoàng Tuấn",
        "scan_bc280_ubnd_quangngai": "Trần Phước Hiền",
    }
    assert fuzz.ratio(doc.signer.name, want[name]) >= 85


# --- scans made from seed 001 ------------------------------------------------------


@pytest.fixture(scope="module")
def gold001(shared):
    return json.loads((GOLD / "001_3a82535dc271e2e5.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed_text(tmp_path_factory, shared, soffice):
    """Seed 001 as a text PDF (LibreOffice from the .docx), and its reading."""
    folder = tmp_path_factory.mktemp("seed")
    data = seed_pdf(folder, soffice).read_bytes()
    return data, read_pdf(data)


def first_pages(data: bytes, n: int) -> bytes:
    src = pymupdf.open(stream=data, filetype="pdf")
    out = pymupdf.open()
    out.insert_pdf(src, from_page=0, to_page=n - 1)
    return out.tobytes()


ANGLE = 1.5  # degrees; the scan turns odd pages the other way by 0.6 of it


@pytest.fixture(scope="module")
def seed300(seed_text):
    data = scan(seed_text[0], 300, ANGLE, seed=3)
    return (data, *read(data))


@pytest.fixture(scope="module")
def seed200(seed_text):
    data = scan(first_pages(seed_text[0], 3), 200, ANGLE, seed=2)
    return (data, *read(data))


def test_seed_scans_need_ocr_and_the_text_pdf_does_not(seed_text, seed300):
    assert not needs_ocr(seed_text[0]) and not seed_text[1].ocr_pages
    assert needs_ocr(seed300[0])


def test_pages_are_straightened_by_the_angle_they_were_turned(seed300):
    doc = pymupdf.open(stream=seed300[0], filetype="pdf")
    for k in (0, 1):
        _, angle = ocr.render(doc[k])
        turned = ANGLE if k % 2 == 0 else -ANGLE * 0.6
        assert abs(angle - turned) <= 0.15, (k, angle)


def test_seed_scan_300_every_heading(seed300, gold001):
    _, raw, doc = seed300
    assert len(doc.ocr_pages) == doc.pages and all(c >= 85 for _, c in doc.ocr_pages)
    found = sections_by_path(doc)
    assert set(found) == {tuple(g["path"]) for g in gold001["sections"]}
    for g in gold001["sections"]:
        title = squeeze(found[tuple(g["path"])].title)
        if "title" in g:
            assert fuzz.ratio(title, g["title"]) >= 90, (g["path"], title)
        else:
            start = g["title_starts"]
            assert fuzz.ratio(title[: len(start)], start) >= 90, (g["path"], title)


def test_seed_scan_300_every_footnote_by_position_and_size(seed300, gold001):
    _, raw, doc = seed300
    # Found at the foot of the pages by their smaller type, like on the text PDF.
    assert [b.footnote for b in raw.blocks if b.kind == "footnote"] == list(range(1, 13))
    notes = {fn.n: fn for fn in doc.footnotes}
    for n, g in gold001["footnotes"].items():
        fn = notes[int(n)]
        assert fuzz.ratio(fn.text[: len(g["starts"])], g["starts"]) >= 90, (n, fn.text[:60])
        assert fn.marker_path == g["marker_in"], (n, fn.marker_path)
    codes = {f.code for f in doc.findings}
    assert not codes & {"marker-without-footnote", "footnote-without-marker", "footnote-order"}


def test_seed_scan_300_figures_and_sums(seed300, gold001):
    _, _, doc = seed300
    right = [g for g in gold001["figures"] if _find_figure(doc, g) is not None]
    assert len(right) >= 0.95 * len(gold001["figures"])
    sums = sorted((c.total, sorted(c.parts), c.holds) for c in doc.sum_checks)
    assert sums == sorted(
        (g["total"], sorted(g["parts"]), g["holds"]) for g in gold001["sum_checks"]
    )
    assert ("duplicate-number", ["IV#2"]) in [(f.code, f.path) for f in doc.findings]


def test_seed_scan_300_reads_like_the_text_layer(seed300, seed_text):
    _, raw, _ = seed300
    assert accuracy(body_text(raw), body_text(seed_text[1])) >= 0.98


def test_seed_scan_200_reads_its_pages(seed200, seed_text):
    _, raw, doc = seed200
    text = replace(seed_text[1], blocks=[b for b in seed_text[1].blocks if b.page <= 3])
    assert accuracy(body_text(raw), body_text(text)) >= 0.97
    want = [b.footnote for b in text.blocks if b.kind == "footnote"]
    assert len(want) >= 6 and [fn.n for fn in doc.footnotes] == want
    assert all(fn.marker_path for fn in doc.footnotes)


# --- a mixed PDF, a poor scan, a server without Tesseract ------------------------------


def test_a_mixed_pdf_uses_the_text_layer_where_it_exists(seed_text):
    """Page 2 of the text PDF swapped for its scan: only that page goes to OCR, and the
    document reads as before (footnotes 4-6 stand at its foot)."""
    data, text = seed_text
    scanned = pymupdf.open(stream=scan(data, 300, 0.8, seed=5), filetype="pdf")
    mixed = pymupdf.open(stream=data, filetype="pdf")
    mixed.delete_page(1)
    mixed.insert_pdf(scanned, from_page=1, to_page=1, start_at=1)
    raw, doc = read(mixed.tobytes())
    assert [p for p, _ in raw.ocr_pages] == [2]
    assert [b.text for b in raw.blocks if b.page == 1] == [
        b.text for b in text.blocks if b.page == 1
    ]
    assert [fn.n for fn in doc.footnotes] == list(range(1, 13))
    assert accuracy(body_text(raw), body_text(text)) >= 0.99


def test_a_poor_scan_is_named_for_a_person_to_check(seed_text):
    raw, doc = read(scan(first_pages(seed_text[0], 1), 100, 2.0, noise=0.3, seed=7))
    [(page, confidence)] = raw.ocr_pages
    assert page == 1 and confidence < 85
    low = [f for f in doc.findings if f.code == "ocr-low-confidence"]
    assert len(low) == 1 and low[0].severity == "warning"
    assert "Trang 1" in low[0].message and "đối chiếu" in low[0].message


@pytest.fixture
def fresh_program():
    ocr._program.cache_clear()
    ocr._has_english.cache_clear()
    yield
    ocr._program.cache_clear()
    ocr._has_english.cache_clear()


def _gray_sheet() -> bytes:
    doc = pymupdf.open()
    page = doc.new_page()
    pix = pymupdf.Pixmap(pymupdf.csGRAY, pymupdf.IRect(0, 0, 120, 170), False)
    pix.set_rect(pix.irect, (230,))
    page.insert_image(page.rect, pixmap=pix)
    return doc.tobytes()


def test_missing_tesseract_names_the_package(monkeypatch, tmp_path, fresh_program):
    monkeypatch.setenv("PATH", str(tmp_path))  # a server where it is not installed
    with pytest.raises(ReadError, match="tesseract-ocr") as err:
        read_pdf(_gray_sheet())
    assert "bản quét" in str(err.value)


def test_missing_vietnamese_data_names_the_package(monkeypatch, tmp_path, fresh_program):
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))  # Tesseract without its languages
    with pytest.raises(ReadError, match="tesseract-ocr-vie"):
        read_pdf(_gray_sheet())


def test_hocr_boxes_are_scaled_to_the_page_image():
    hocr = (
        b'<html xmlns="http://www.w3.org/1999/xhtml"><body>'
        b'<span class="ocr_line" title="bbox 10 20 110 40; baseline 0.01 -4">'
        b'<span class="ocrx_word" title="bbox 10 20 50 40; x_wconf 91">'
        b'<span class="ocrx_cinfo" title="x_bboxes 10 22 30 40">B</span>'
        b'<span class="ocrx_cinfo" title="x_bboxes 31 22 50 40">C</span></span>'
        b"</span></body></html>"
    )
    (line,) = ocr._parse(hocr, 1.5)
    assert (line.x0, line.y0, line.x1, line.y1) == (15, 30, 165, 60)
    assert (line.slope, line.offset) == (0.01, -6.0)
    (word,) = line.words
    assert (word.text, word.conf, word.x0, word.x1) == ("BC", 91.0, 15, 75)
    assert [(c.x0, c.y0, c.x1, c.y1) for c in word.chars] == [(15, 33, 45, 60), (46, 33, 75, 60)]
    assert ocr._parse(hocr)[0].x1 == 110  # unscaled by default


def test_a_page_recognised_at_a_lower_resolution_lands_where_it_stands(monkeypatch, shared):
    """TONGHOP_OCR_RECOGNITION_DPI: the recogniser reads a smaller copy; its lines come
    back at the places the full page gives them, in page points."""
    page = pymupdf.open(REAL / "scan_bc23_ubnd_quangngai.pdf")[1]
    image, _ = ocr.render(page)
    full = ocr.read_image(image, 2)
    monkeypatch.setattr(ocr, "RECOGNITION_DPI", 200)
    pgm, scale = image.for_recognition()
    assert abs(scale - 1.5) < 0.01 and len(pgm) < 0.5 * len(image.pgm())
    small = ocr.read_image(image, 2)
    text = lambda ln: " ".join(w.text for w in ln.words)  # noqa: E731
    matched = 0
    for ln in small.lines:
        near = [f for f in full.lines if abs(f.base - ln.base) < 1.5]  # tops vary by accents
        matched += any(fuzz.ratio(text(f), text(ln)) >= 80 for f in near)
    assert len(small.lines) >= 20 and matched >= 0.9 * len(small.lines)
