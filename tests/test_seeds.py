"""The two real seeds read against what ../shared/gold says a correct reading finds."""

import json
import re

import pytest

from tests.conftest import GOLD, GUIDE_003, REPORT_001
from tonghop.align import align
from tonghop.outline import build_outline
from tonghop.pipeline import read_document
from tonghop.text import fold, strip_markers


@pytest.fixture(scope="module")
def gold001(shared):
    return json.loads((GOLD / "001_3a82535dc271e2e5.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def gold003(shared):
    return json.loads((GOLD / "003_2ddabb12b6ce6670.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def doc001(shared):
    return read_document(REPORT_001)


@pytest.fixture(scope="module")
def doc003(shared):
    return read_document(GUIDE_003)


def sections_by_path(doc):
    return {tuple(s.path): s for s in doc.walk()}


def assert_sections(doc, gold_sections, exhaustive):
    found = sections_by_path(doc)
    for g in gold_sections:
        path = tuple(g["path"])
        assert path in found, f"section {path} not found; have {sorted(found)}"
        title = found[path].title
        if "title" in g:
            assert title == g["title"]
        else:
            assert title.startswith(g["title_starts"]), (path, title)
    if exhaustive:
        assert set(found) == {tuple(g["path"]) for g in gold_sections}


def all_paragraphs(doc):
    out = list(doc.preamble)
    for s in doc.walk():
        out += s.paragraphs
    for a in doc.annexes:
        out += a.paragraphs
        for top in a.sections:
            for s in top.walk():
                out += s.paragraphs
    return [strip_markers(p) for p in out]


# --- 001, the report -------------------------------------------------------------


def test_001_kind_signer_recipients(doc001, gold001):
    assert doc001.kind == gold001["kind"]
    assert doc001.title.startswith("sơ kết 03 năm triển khai Kết luận số 01-KL/TW")
    assert doc001.signer.capacity == gold001["signer"]["capacity"]
    assert doc001.signer.position == gold001["signer"]["position"]
    assert doc001.signer.name == gold001["signer"]["name"]
    assert len(doc001.recipients) == gold001["recipients_count"]
    assert doc001.recipients[0].startswith("Ban Tuyên giáo Tỉnh ủy")


def test_001_every_heading(doc001, gold001):
    assert_sections(doc001, gold001["sections"], exhaustive=True)


def test_001_numbered_paragraphs_are_not_headings(doc001):
    found = sections_by_path(doc001)
    iv = found[("IV",)]
    assert [p[:2] for p in iv.paragraphs] == ["1.", "2.", "3.", "4.", "5.", "6."]
    assert [p[:2] for p in found[("IV#2",)].paragraphs] == ["1.", "2."]


def test_001_footnotes_with_marker_places(doc001, gold001):
    notes = {fn.n: fn for fn in doc001.footnotes}
    assert sorted(notes) == list(range(1, 13))
    for n, g in gold001["footnotes"].items():
        fn = notes[int(n)]
        assert fn.text.startswith(g["starts"]), (n, fn.text[:60])
        assert fn.marker_path == g["marker_in"], (n, fn.marker_path)
    # No footnote text is left in the body.
    for p in all_paragraphs(doc001):
        assert not p.startswith(tuple(g["starts"] for g in gold001["footnotes"].values()))


def test_001_paragraphs_cut_by_page_ends_are_joined(doc001, gold001):
    paragraphs = all_paragraphs(doc001)
    for fragment in gold001["rejoined_paragraph_fragments"]:
        assert any(fragment in p for p in paragraphs), fragment


def _find_figure(doc, g):
    for f in doc.figures:
        if f.value != g["value"]:
            continue
        if "footnote" in g and f.footnote != g["footnote"]:
            continue
        if "where" in g and (f.footnote is not None or f.path != g["where"]):
            continue
        if "unit" in g and f.unit != g["unit"]:
            continue
        if "qualifier" in g and f.qualifier != g["qualifier"]:
            continue
        if "unit" not in g and not fold(g["about"]).startswith(fold(f.unit)):
            continue
        return f
    return None


def test_001_figures(doc001, gold001):
    missing = [g for g in gold001["figures"] if _find_figure(doc001, g) is None]
    assert not missing, missing


def test_001_figures_keep_their_sentence(doc001):
    f = next(f for f in doc001.figures if f.value == 4320)
    assert "102 điểm cầu với 4.320 đảng viên" in f.text
    assert f.unit == "đảng viên" and f.footnote == 4 and f.path == ["II", "1"]
    money = next(f for f in doc001.figures if f.value == 20_000_000_000)
    assert (money.unit, money.qualifier, money.year) == ("đồng", "hơn", 2021)


def test_001_nothing_that_is_not_a_figure(doc001):
    # Years, dates, document and section numbers are not figures.
    values = {f.value for f in doc001.figures}
    for not_figure in (2019, 2020, 2021, 2022, 2023, 2024, 2025, 224, 37, 35):
        assert not_figure not in values, not_figure
    for f in doc001.figures:
        # The figure stands somewhere in its sentence as a quantity, not as "05-CT/TW".
        spots = [m.end() for m in re.finditer(rf"(?<![\d.,]){re.escape(f.raw)}", f.text)]
        assert spots, (f.raw, f.text[:80])
        assert any(not f.text[e : e + 2].startswith(("-", "/")) for e in spots), f.raw
        assert f.unit not in ("năm", "tháng", "ngày"), (f.raw, f.unit, f.text[:80])


def test_001_sum_checks_hold(doc001, gold001):
    got = sorted((c.total, sorted(c.parts), c.holds) for c in doc001.sum_checks)
    want = sorted((g["total"], sorted(g["parts"]), g["holds"]) for g in gold001["sum_checks"])
    assert got == want
    f3 = next(c for c in doc001.sum_checks if c.total == 22)
    assert f3.footnote == 3 and f3.path == ["I"]


def test_001_findings(doc001):
    codes = [(f.code, f.path, f.severity) for f in doc001.findings]
    assert ("duplicate-number", ["IV#2"], "warning") in codes
    style = [f for f in doc001.findings if f.code == "numbering-style"]
    assert [(f.path, f.severity) for f in style] == [(["III", "2", "2"], "minor")]
    assert "2.2" in style[0].message and "2.1." in style[0].message
    dup = next(f for f in doc001.findings if f.code == "duplicate-number")
    assert "V" in dup.message  # tells what the number should have been
    for code in ("marker-without-footnote", "footnote-without-marker", "total-mismatch"):
        assert code not in {c for c, _, _ in codes}, code
    assert "skipped-number" not in {c for c, _, _ in codes}


# --- 003, the guideline ----------------------------------------------------------


def test_003_structure(doc003, gold003):
    assert doc003.kind == gold003["kind"]
    assert_sections(doc003, gold003["sections"], exhaustive=False)
    top = [s.path for s in doc003.sections]
    assert top == [["I"], ["II"], ["III"], ["IV"]]
    assert doc003.signer.capacity == gold003["signer"]["capacity"]
    assert doc003.signer.position == gold003["signer"]["position"]
    assert doc003.signer.name == gold003["signer"]["name"]
    assert doc003.closing == ["Trân trọng./."]
    assert len(doc003.recipients) == 10
    assert [a.kind for a in doc003.annexes] == ["ĐỀ CƯƠNG"]


def test_003_implements(doc003, gold003):
    refs = [r for r in doc003.references if r.path == []]
    cited = {(r.type, r.number, r.symbol, r.date) for r in refs}
    assert ("Kết luận", "01", "KL/TW", "2021-05-18") in cited
    assert ("Kế hoạch", "39", "KH/TU", "2021-09-21") in cited
    assert ("Hướng dẫn", "140", "HD/BTGTU", "2024-02-05") in cited


def test_003_paragraphs_joined(doc003, gold003):
    paragraphs = all_paragraphs(doc003)
    for fragment in gold003["rejoined_paragraph_fragments"]:
        assert any(fragment in p for p in paragraphs), fragment


def test_003_reference_without_number(doc003):
    found = [f for f in doc003.findings if f.code == "reference-without-number"]
    assert len(found) == 1
    assert found[0].path == ["I", "2"]
    assert "Kết luận số cần" in found[0].message


def test_003_outline(doc003, gold003):
    outline = build_outline(doc003)
    assert outline.source == "ĐỀ CƯƠNG"
    assert outline.title.startswith(gold003["outline"]["title_starts"])
    items = {i.id: i for i in outline.items}
    assert list(items) == [g["id"] for g in gold003["outline"]["items"]]
    for g in gold003["outline"]["items"]:
        title = items[g["id"]].title
        if "title" in g:
            assert title == g["title"]
        else:
            assert title.startswith(g["title_starts"]), (g["id"], title)
    assert items["II.3"].parent == "II" and items["II.3"].level == 2


def test_003_campaign_facts(doc003, gold003):
    c = build_outline(doc003).campaign
    g = gold003["campaign"]
    assert (c.period_from, c.period_to) == (g["period"]["from"], g["period"]["to"])
    assert c.deadline_before == g["deadline"]["before"]
    assert c.deadline_last_day == "2024-04-09"  # "trước ngày 10/4" = by the end of 9/4
    assert c.deadline_text == g["deadline"]["text"]
    assert c.receiver == g["receiver"]
    assert c.email == g["email"]
    assert (c.nomination_collective, c.nomination_individual) == (1, 1)
    progs = c.programmes
    assert len(progs) == len(g["programmes"]) == 6
    assert (progs[0].collective, progs[0].individual) == (1, 2)
    assert "Thủ tướng" in progs[0].name
    assert (progs[1].collective, progs[1].individual) == (1, 2)
    assert "Trưởng Ban Tuyên giáo Trung ương" in progs[1].name
    assert "Ngàn hoa dâng Bác" in progs[2].name and "tập 8" in progs[2].name
    assert "Những tấm gương bình dị mà cao quý" in progs[3].name
    assert (progs[3].exemplar_min, progs[3].exemplar_max) == (5, 10)
    assert "phim" in fold(progs[4].name) and (progs[4].model, progs[4].exemplar) == (1, 1)
    assert "Giao lưu" in progs[5].name and "Hành trình khát vọng" in progs[5].name
    assert (progs[5].model, progs[5].exemplar) == (1, 1)


# --- 001 against the outline of 003 ---------------------------------------------


def test_alignment_001_to_003(doc001, doc003, gold001):
    result = align(doc001, build_outline(doc003))
    got = {i.id: (i.matched.path if i.matched else None) for i in result.items}
    assert got == gold001["alignment_to_outline_of_003"]
    assert result.missing == ["III.3"]
    missing = [f for f in result.findings if f.code == "outline-item-missing"]
    assert len(missing) == 1 and "Bài học kinh nghiệm" in missing[0].message
    # "Ưu điểm" answers "Ưu điểm và nguyên nhân" without the causes.
    partial = {i.id: i.missing_parts for i in result.items if i.missing_parts}
    assert partial.get("III.1") == ["nguyên nhân"]
    for i in result.items:
        if i.matched:
            assert 0.5 <= i.matched.score <= 1.0
