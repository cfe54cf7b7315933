"""Synthetic guidelines and reports, written in every format and read back.

Each generated report carries `expected`: what a correct reading finds.  The
files are written as text with page-flow artefacts, Markdown, Word (headings in
bold, in heading styles, unformatted, with automatic numbering) and PDF (via
LibreOffice, all in one call), read by `read_document` and compared with it.
"""

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import require
from tonghop.align import align
from tonghop.model import superscript
from tonghop.outline import build_outline
from tonghop.pipeline import read_document
from tonghop.synth.generator import (
    FAULTS,
    FINDING_FAULTS,
    HEADING_MODES,
    OUTLINE,
    convert_to_pdf,
    generate_guideline,
    generate_report,
    generate_set,
    guideline_expected,
    register,
    to_text,
    write_report,
)
from tonghop.text import fold, squeeze

# (seed, faults, paragraphs per section)
CASES = {
    "clean-1": (1, (), 2),
    "clean-2": (2, (), 1),
    "clean-long": (13, (), 6),
    "duplicate": (3, ("duplicate-number",), 2),
    "skipped": (4, ("skipped-number",), 2),
    "style": (5, ("numbering-style",), 2),
    "marker": (6, ("marker-without-footnote",), 2),
    "orphan": (7, ("footnote-without-marker",), 2),
    "total": (8, ("total-mismatch",), 2),
    "reference": (9, ("reference-without-number",), 2),
    "missing": (10, ("missing-item",), 2),
    "dup+skip": (11, ("duplicate-number", "skipped-number"), 2),
    "notes+total": (
        12,
        ("marker-without-footnote", "footnote-without-marker", "total-mismatch"),
        3,
    ),
    "missing+style": (14, ("missing-item", "numbering-style", "reference-without-number"), 2),
}
VARIANTS = (
    "txt-bold",
    "txt-plain",
    "md",
    "docx-bold",
    "docx-styles",
    "docx-plain",
    "docx-numbering",
)
# PDF: every case a PDF can hold (a footnote without marker cannot be), heading modes in turn.
PDF_CASES = {
    name: HEADING_MODES[k % len(HEADING_MODES)]
    for k, name in enumerate(n for n, c in CASES.items() if "footnote-without-marker" not in c[1])
}
# Codes a clean report must not get; a faulty one gets exactly the codes injected.
WATCHED = set(FINDING_FAULTS) | {"duplicate-footnote", "footnote-order", "empty-section"}
GUIDE_SEEDS = (0, 1, 2)
GUIDE_VARIANTS = (
    "txt-bold",
    "txt-plain",
    "docx-bold",
    "docx-styles",
    "docx-plain",
    "docx-numbering",
)


def _write(blocks, folder: Path, stem: str, variant: str, seed: int) -> Path:
    fmt, _, mode = variant.partition("-")
    return write_report(
        blocks, folder / f"{stem}.{variant}.{fmt}", fmt, heading_mode=mode or "bold", seed=seed
    )


@pytest.fixture(scope="module")
def reports():
    return {
        name: generate_report(seed, faults=faults, paragraphs_per_section=pps)
        for name, (seed, faults, pps) in CASES.items()
    }


@pytest.fixture(scope="module")
def files(reports, tmp_path_factory):
    folder = tmp_path_factory.mktemp("generated")
    out = {}
    for name, rep in reports.items():
        for variant in VARIANTS:
            out[name, variant] = _write(rep.blocks, folder, name, variant, CASES[name][0])
    for seed in GUIDE_SEEDS:
        for variant in GUIDE_VARIANTS:
            out[f"guide-{seed}", variant] = _write(
                generate_guideline(seed), folder, f"guide-{seed}", variant, seed
            )
    return out


@pytest.fixture(scope="module")
def pdfs(reports, tmp_path_factory):
    """Every PDF of this module from one LibreOffice call."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    require(soffice is not None, "LibreOffice (soffice) is not installed")
    folder = tmp_path_factory.mktemp("pdf")
    sources = [
        write_report(reports[name].blocks, folder / f"{name}.docx", "docx", heading_mode=mode)
        for name, mode in PDF_CASES.items()
    ]
    sources.append(write_report(generate_guideline(0), folder / "guide-0.docx", "docx"))
    made = convert_to_pdf(sources, folder)
    return {p.stem: p for p in made}


_READINGS: dict = {}


def reading(path: Path):
    if path not in _READINGS:
        _READINGS[path] = read_document(path)
    return _READINGS[path]


READINGS = [(c, v) for c in CASES for v in VARIANTS]
READINGS += [(c, f"pdf-{mode}") for c, mode in PDF_CASES.items()]


@pytest.fixture(params=READINGS, ids=lambda p: f"{p[0]}:{p[1]}")
def case(request, reports, files):
    name, variant = request.param
    if variant.startswith("pdf"):
        path = request.getfixturevalue("pdfs")[name]  # all PDFs from one LibreOffice call
    else:
        path = files[name, variant]
    return reports[name].expected, reading(path)


@pytest.fixture(scope="module")
def outline(files):
    return build_outline(reading(files["guide-0", "txt-bold"]))


# --- comparisons ---------------------------------------------------------------------


def check_front_and_end(exp, doc):
    assert doc.kind == exp["kind"]
    assert doc.title == exp["title"]
    h = exp["header"]
    assert (doc.header.number, doc.header.date) == (h["number"], h["date"])
    assert doc.header.issuer == h["issuer"]
    assert (doc.signer.capacity, doc.signer.position, doc.signer.name) == (
        exp["signer"]["capacity"],
        exp["signer"]["position"],
        exp["signer"]["name"],
    )
    assert len(doc.recipients) == exp["recipients_count"], doc.recipients


def check_sections(exp, doc):
    found = {tuple(s.path): s for s in doc.walk()}
    want = {tuple(s["path"]): s for s in exp["sections"]}
    assert sorted(found) == sorted(want), "section paths"
    for path, s in want.items():
        assert found[path].title == s["title"], path
        assert found[path].label == s["label"], path


def check_paragraphs(exp, doc):
    """Paragraphs cut by page ends are whole again; footnote texts are out of them."""
    found = {"/".join(s.path): [squeeze(p) for p in s.paragraphs] for s in doc.walk()}
    found[""] = [squeeze(p) for p in doc.preamble]
    for key, want in exp["paragraphs"].items():
        assert found.get(key) == want, key or "preamble"


def check_footnotes(exp, doc):
    notes = {fn.n: fn for fn in doc.footnotes}
    assert sorted(notes) == sorted(int(n) for n in exp["footnotes"])
    for n, g in exp["footnotes"].items():
        fn = notes[int(n)]
        assert fn.text.startswith(g["starts"]), (n, fn.text[:60])
        assert fn.marker_path == g["marker_in"], n
    # No footnote text left in the body, no body text swallowed by a footnote.
    starts = tuple(g["starts"] for g in exp["footnotes"].values())
    for s in doc.walk():
        for p in s.paragraphs:
            assert not p.startswith(starts), p[:60]
            assert not p.lstrip().startswith(tuple(superscript(k) for k in range(1, 10))), p[:60]


def _matches(f, g) -> bool:
    """The figure the plan put there: value, exact counted noun, qualifier, place."""
    return (
        abs(f.value - g["value"]) <= 1e-6
        and f.unit == g["unit"]
        and f.qualifier == g["qualifier"]
        and f.footnote == g["footnote"]
        and f.path == g["path"]
    )


def check_figures(exp, doc):
    """Each planned figure read once, exactly, and nothing read that the plan did not put
    there (a date, a duration, a document's number)."""
    left = list(doc.figures)
    missing = []
    for g in exp["figures"]:
        found = next((f for f in left if _matches(f, g)), None)
        if found is None:
            missing.append(g)
        else:
            left.remove(found)
    assert not missing, missing
    extra = [(f.value, f.unit, f.qualifier, f.path, f.text[:80]) for f in left]
    assert not extra, extra


def check_sums(exp, doc):
    got = sorted((c.total, sorted(c.parts), c.holds, c.footnote, c.path) for c in doc.sum_checks)
    want = sorted(
        (g["total"], sorted(g["parts"]), g["holds"], g["footnote"], g["path"])
        for g in exp["sum_checks"]
    )
    assert got == want


def check_findings(exp, doc):
    found = [(f.code, f.path) for f in doc.findings]
    for g in exp["findings"]:
        assert (g["code"], g["path"]) in found, (g, found)
    codes = {c for c, _ in found} & WATCHED
    assert codes == set(exp["finding_codes"]), found


def check_alignment(exp, doc, outline):
    result = align(doc, outline)
    got = {i.id: (i.matched.path if i.matched else None) for i in result.items}
    assert got == exp["alignment"]
    assert result.missing == exp["outline_missing"]
    missing = [f for f in result.findings if f.code == "outline-item-missing"]
    assert len(missing) == len(exp["outline_missing"])
    incomplete = {i.id: i.missing_parts for i in result.items if i.missing_parts}
    for oid in exp["outline_incomplete_ambiguous"]:
        incomplete.pop(oid, None)
    assert sorted(incomplete) == exp["outline_incomplete"], incomplete


# --- reports, every format --------------------------------------------------------------


def test_front_and_end(case):
    check_front_and_end(*case)


def test_sections(case):
    check_sections(*case)


def test_paragraphs(case):
    check_paragraphs(*case)


def test_footnotes(case):
    check_footnotes(*case)


def test_figures(case):
    check_figures(*case)


def test_sum_checks(case):
    check_sums(*case)


def test_findings(case):
    check_findings(*case)


def test_alignment(case, outline):
    check_alignment(*case, outline)


@pytest.mark.parametrize("name", list(PDF_CASES))
def test_pdf_pages(name, pdfs):
    doc = reading(pdfs[name])
    assert doc.format == "pdf" and doc.pages and doc.pages >= 2


# --- the guideline ------------------------------------------------------------------


def check_guideline(exp, doc):
    assert doc.kind == exp["kind"] and doc.title == exp["title"]
    found = {tuple(s.path): s for s in doc.walk()}
    assert sorted(found) == sorted(tuple(s["path"]) for s in exp["sections"])
    for s in exp["sections"]:
        assert found[tuple(s["path"])].title == s["title"]
    assert doc.closing == exp["closing"]
    assert len(doc.recipients) == exp["recipients_count"]
    assert (doc.signer.capacity, doc.signer.position, doc.signer.name) == tuple(
        exp["signer"].values()
    )
    assert [a.kind for a in doc.annexes] == exp["annexes"]
    assert not {f.code for f in doc.findings} & WATCHED, doc.findings
    outline = build_outline(doc)
    assert outline.source == "ĐỀ CƯƠNG" and outline.title == exp["outline"]["title"]
    got = [(i.id, i.title, i.level, i.parent) for i in outline.items]
    want = [(i["id"], i["title"], i["level"], i["parent"]) for i in exp["outline"]["items"]]
    assert got == want
    c, g = outline.campaign, exp["campaign"]
    assert (c.period_from, c.period_to) == (g["period_from"], g["period_to"])
    assert (c.deadline_text, c.deadline_before, c.deadline_last_day) == (
        g["deadline_text"],
        g["deadline_before"],
        g["deadline_last_day"],
    )
    assert (c.receiver, c.email) == (g["receiver"], g["email"])
    assert (c.nomination_collective, c.nomination_individual) == (
        g["nomination_collective"],
        g["nomination_individual"],
    )
    assert len(c.programmes) == len(g["programmes"])
    for prog, want_prog in zip(c.programmes, g["programmes"], strict=True):
        for part in want_prog["name_has"]:
            assert fold(part) in fold(prog.name), (part, prog.name)
        for key in ("collective", "individual", "model", "exemplar", "exemplar_min"):
            if key in want_prog:
                assert getattr(prog, key) == want_prog[key], (prog.name, key)
        if "exemplar_max" in want_prog:
            assert prog.exemplar_max == want_prog["exemplar_max"]


@pytest.mark.parametrize("seed", GUIDE_SEEDS)
@pytest.mark.parametrize("variant", GUIDE_VARIANTS)
def test_guideline(seed, variant, files):
    check_guideline(guideline_expected(seed), reading(files[f"guide-{seed}", variant]))


def test_guideline_pdf(pdfs):
    check_guideline(guideline_expected(0), reading(pdfs["guide-0"]))


def test_outline_is_the_one_of_003():
    items = guideline_expected(0)["outline"]["items"]
    assert [i["id"] for i in items] == [i for i, _ in OUTLINE]
    assert len(items) == 15
    assert [i["id"] for i in items if i["level"] == 1] == ["I", "II", "III", "IV"]


# --- the generator itself -------------------------------------------------------------


def test_deterministic():
    a = generate_report(5, faults={"total-mismatch"})
    b = generate_report(5, faults={"total-mismatch"})
    assert a.blocks == b.blocks and a.expected == b.expected
    assert to_text(a.blocks, 5) == to_text(b.blocks, 5)
    assert generate_guideline(3) == generate_guideline(3)
    assert generate_report(6).blocks != a.blocks
    assert generate_guideline(0) != generate_guideline(1)


def test_expected_is_json(reports):
    for rep in reports.values():
        assert json.loads(json.dumps(rep.expected, ensure_ascii=False)) == rep.expected


def test_faults_are_recorded(reports):
    for name, (_, faults, _) in CASES.items():
        exp = reports[name].expected
        assert set(exp["finding_codes"]) == set(faults) - {"missing-item"}, name
        assert bool(exp["outline_missing"]) == ("missing-item" in faults), name
    with pytest.raises(ValueError):
        generate_report(1, faults={"no-such-fault"})
    assert set(FINDING_FAULTS) < set(FAULTS)


def test_size_follows_paragraphs_per_section():
    def words(pps):
        blocks = generate_report(21, paragraphs_per_section=pps).blocks
        return sum(len(b.text.split()) for b in blocks)

    short, long = words(1), words(8)
    # About 350 words a page: 3 to 25 pages.
    assert 900 < short < 2500 and 7000 < long < 11000, (short, long)


def test_page_ends_cut_paragraphs_every_way(reports):
    """Across the cases, a page end falls inside paragraphs in each of the three ways,
    right after a heading, and between paragraphs of a section; reading is unchanged."""
    seen = set()
    for name, rep in reports.items():
        text = to_text(rep.blocks, CASES[name][0])
        paras = text.split("\n\n")
        for i in range(1, len(paras) - 1):
            if not paras[i].startswith(tuple(superscript(k) for k in range(1, 10))):
                continue
            j = i
            while j > 0 and paras[j - 1][:1] in "¹²³⁴⁵⁶⁷⁸⁹":
                j -= 1
            before, k = paras[j - 1], i
            while k + 1 < len(paras) and paras[k + 1][:1] in "¹²³⁴⁵⁶⁷⁸⁹":
                k += 1
            after = paras[k + 1]
            if before.startswith("**") and before.endswith("**"):
                seen.add("after-heading")
            elif before.endswith("-") and after[:4].isdigit():
                seen.add("year-range")
            elif before[-1] not in ".:;" and after[0].islower():
                seen.add("lower")
            elif before[-1] not in ".:;" and after[0].isupper():
                seen.add("capital")
            elif before[-1] in ".:":
                seen.add("between")
    assert seen == {"after-heading", "year-range", "lower", "capital", "between"}, seen


def test_text_without_page_breaks_reads_the_same(reports, tmp_path, outline):
    rep = reports["clean-1"]
    path = tmp_path / "flat.txt"
    path.write_text(to_text(rep.blocks, 1, page_breaks=False), encoding="utf-8")
    doc = read_document(path)
    for check in (check_sections, check_paragraphs, check_footnotes, check_figures, check_sums,
                  check_findings):  # fmt: skip
        check(rep.expected, doc)


def test_pdf_refuses_a_footnote_without_marker(reports, tmp_path):
    with pytest.raises(ValueError, match="footnote-without-marker"):
        write_report(reports["orphan"].blocks, tmp_path / "x.pdf", "pdf")


def test_generate_set(tmp_path):
    paths = generate_set(tmp_path, 3, formats=("txt", "docx"), seed=4, faults_rate=0.5)
    names = sorted(p.name for p in paths)
    assert names == sorted(
        [
            "huong_dan.txt", "huong_dan.docx", "huong_dan.expected.json",
            *(f"bao_cao_{i:03d}.{ext}" for i in (1, 2, 3) for ext in ("txt", "docx")),
            *(f"bao_cao_{i:03d}.expected.json" for i in (1, 2, 3)),
        ]
    )  # fmt: skip
    exp = json.loads((tmp_path / "bao_cao_002.expected.json").read_text(encoding="utf-8"))
    doc = read_document(tmp_path / "bao_cao_002.docx")
    check_sections(exp, doc)
    check_footnotes(exp, doc)
    assert generate_set(tmp_path / "again", 3, ("txt",), seed=4, faults_rate=0.5)
    assert (tmp_path / "again" / "bao_cao_003.txt").read_text(encoding="utf-8") == (
        tmp_path / "bao_cao_003.txt"
    ).read_text(encoding="utf-8")
    with pytest.raises(ValueError):
        generate_set(tmp_path, 1, formats=("odt",))


def test_generate_command(tmp_path, capsys):
    import argparse

    parser = argparse.ArgumentParser(prog="tonghop")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["generate", "--out", str(tmp_path), "--count", "2", "--formats",
                              "txt,md", "--seed", "7"])  # fmt: skip
    assert args.func(args) == 0
    out = capsys.readouterr().out
    assert "Đã ghi 6 văn bản" in out and "bao_cao_002.md" in out
    assert (tmp_path / "bao_cao_001.expected.json").exists()
    args = parser.parse_args(["generate", "--out", str(tmp_path), "--formats", "rtf"])
    assert args.func(args) == 2
    assert "Lỗi" in capsys.readouterr().err
