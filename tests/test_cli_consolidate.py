"""`tonghop consolidate`, run as a user runs it, on generated reports and on the seeds."""

from __future__ import annotations

import io
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.test_consolidate_draft import _entries, _marker_values
from tonghop.consolidate.draft import proper_name, value_text
from tonghop.consolidate.indicators import match
from tonghop.consolidate.model import RATIO, TreeNode
from tonghop.consolidate.offline import consolidate, expand, read_reports
from tonghop.consolidate.rollup import CAMPAIGN, roll_up
from tonghop.figures import extract_figures
from tonghop.outline import build_outline
from tonghop.pipeline import read_document
from tonghop.synth.generator import generate_guideline, generate_report, write_report
from tonghop.text import strip_markers

TONGHOP = [sys.executable, "-m", "tonghop.cli", "consolidate"]
GSEED = 6
UNITS = ("Quận ủy Ba Đình", "Quận ủy Hoàn Kiếm", "Quận ủy Tây Hồ", "Huyện ủy Sóc Sơn",
         "Huyện ủy Đông Anh", "Thị ủy Sơn Tây")  # fmt: skip
FORMATS = ("docx", "docx", "pdf", "txt", "md", "docx")
ABSENT = "Huyện ủy Ba Vì"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*TONGHOP, *args], cwd=cwd, capture_output=True, text=True, timeout=600)


def _text(doc) -> str:
    lines = [doc.title, *doc.preamble]
    for s in doc.walk():
        lines += [s.title, *s.paragraphs]
    return "\n".join(strip_markers(t) for t in lines)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("bao_cao")
    write_report(generate_guideline(GSEED), d / "huong_dan.docx")
    write_report(generate_guideline(GSEED), d / "huong_dan_ban_sao.txt")  # not a report
    for k, (name, fmt) in enumerate(zip(UNITS, FORMATS, strict=True)):
        rep = generate_report(900 + k, unit=name, guideline_seed=GSEED)
        write_report(rep.blocks, d / f"bao_cao_{k + 1:02d}.{fmt}")
    (d / "hong.docx").write_bytes(b"PK\x03\x04 this is not a Word file")
    (d / "trong.txt").write_bytes(b"")
    (d / "ghi_chu.json").write_text("{}")  # not a report format: not even looked at
    (d / "don_vi.txt.list").write_text("\n".join([*UNITS, ABSENT]), encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def outcome(folder, tmp_path_factory):
    out = tmp_path_factory.mktemp("ket_qua")
    proc = run(
        str(folder), "--outline", str(folder / "huong_dan.docx"), "-o", str(out / "du_thao.docx"),
        "--xlsx", str(out / "phu_luc.xlsx"), "--comments", "--units",
        str(folder / "don_vi.txt.list"), cwd=out,
    )  # fmt: skip
    return proc, out


def test_command_writes_the_draft_and_lists_what_it_skipped(outcome):
    proc, out = outcome
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout.startswith(f"Đã soạn dự thảo {out / 'du_thao.docx'}: 6 đơn vị, ")
    assert "Đọc báo cáo [" in proc.stderr and "9/9 (100%)" in proc.stderr
    assert "Bỏ qua 3 tệp không đọc được:" in proc.stderr
    lines = proc.stderr.splitlines()
    assert any("hong.docx" in line for line in lines)
    assert any("trong.txt: Tệp rỗng" in line for line in lines)
    assert any("huong_dan_ban_sao.txt: Không phải báo cáo (văn bản loại HƯỚNG DẪN)" in line
               for line in lines)  # fmt: skip
    assert not any("ghi_chu.json" in line for line in lines)
    assert (out / "du_thao.docx").stat().st_size > 10_000
    assert (out / "phu_luc.xlsx").stat().st_size > 3_000


@pytest.fixture(scope="module")
def reports(folder) -> dict[str, str]:
    """Each unit's report text (markers removed), by the unit name the draft uses."""
    out = {}
    for k, fmt in enumerate(FORMATS):
        doc = read_document(folder / f"bao_cao_{k + 1:02d}.{fmt}")
        out[proper_name(doc.header.issuer)] = _text(doc)
    assert set(out) == set(UNITS)
    return out


def test_draft_names_who_did_not_report_and_quotes_word_for_word(outcome, reports):
    _, out = outcome
    doc = read_document(out / "du_thao.docx")
    assert f"đến nay có 6/7 đơn vị báo cáo; 01 đơn vị chưa báo cáo: {ABSENT}" in doc.preamble[0]
    quoted = 0
    for section in doc.walk():
        for para in section.paragraphs:
            if not para.startswith("- ") or ": “" not in para:
                continue
            name, _, quote = para[2:].partition(": “")
            quote = strip_markers(quote).removesuffix("”")
            assert quote in reports[name], (name, quote)
            quoted += 1
    assert quoted >= 15


def test_footnotes_add_up_and_numbers_are_the_rollup(outcome, folder):
    _, out = outcome
    doc = read_document(out / "du_thao.docx")
    notes = {f.n: f.text for f in doc.footnotes}
    stated = _marker_values(doc)
    assert len(stated) == len(notes) >= 10
    for value, n in stated:
        entries = _entries(notes[n])
        if isinstance(entries[0], tuple):
            num, den = sum(e[0] for e in entries), sum(e[1] for e in entries)
            assert value == round(num * 100 / den, 1)
        else:
            assert sum(entries) == value, notes[n]
    # The same reading in this process: the command wrote exactly the roll-up of the
    # values matched, and each sum is the plain sum of the units' values.
    guide = read_document(folder / "huong_dan.docx")
    paths, _ = expand([str(folder)], exclude=[str(folder / "huong_dan.docx")])
    result = consolidate(paths, guide, build_outline(guide), workers=1,
                         expected_units=[*UNITS, ABSENT])  # fmt: skip
    nodes = [TreeNode(r.unit_id, r.unit_name) for r in result.readings]
    assert len(nodes) == 6
    spans = [s for p in result.draft.paragraphs for s in p.spans if s.indicator]
    assert [v for v, _ in stated] == [
        Decimal(str(extract_figures(f"Có {s.text}.")[0].value)) for s in spans
    ]
    by_key = {i.key: i for i in result.indicators}
    values = match(result.indicators, [f for r in result.readings for f in r.figures])
    totals = roll_up(nodes, result.indicators, values)
    for s in spans:
        ind = by_key[s.indicator]
        total = totals[(CAMPAIGN, ind.key)]
        assert s.text == value_text(total, ind)
        if ind.aggregation != RATIO:  # and the roll-up is the plain sum of the units' values
            assert total.value == sum(v.value for v in values if v.indicator == ind.key)


def test_xlsx_totals_are_the_sums_of_the_units(outcome):
    _, out = outcome
    ws = load_workbook(io.BytesIO((out / "phu_luc.xlsx").read_bytes())).active
    rows = list(ws.iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if r and r[0] == "STT")
    units = rows[head + 1 : head + 1 + 7]
    assert [r[1].strip() for r in units][-1] == ABSENT
    total = next(r for r in rows if r[1] == "Tổng cộng")
    checked = 0
    for j, name in enumerate(rows[head]):
        if j < 2 or name.endswith("(%)") or total[j] is None:
            continue
        assert total[j] == sum(r[j] for r in units if r[j] is not None), name
        checked += 1
    assert checked >= 5


def test_reports_are_read_in_order_by_a_pool(folder):
    guide = read_document(folder / "huong_dan.docx")
    paths, _ = expand([str(folder)], exclude=[str(folder / "huong_dan.docx")])
    readings = read_reports(paths, build_outline(guide), workers=2)
    assert [r.path for r in readings] == [str(p) for p in paths]
    assert [r.unit_name for r in readings if not r.error] == list(UNITS)


def test_seed_report_against_seed_guideline(shared, tmp_path):
    report = shared / "seeds" / "001_3a82535dc271e2e5.txt"
    guide = shared / "seeds" / "003_2ddabb12b6ce6670.txt"
    proc = run(str(report), "--outline", str(guide), "-o", "du_thao.docx", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    doc = read_document(tmp_path / "du_thao.docx")
    headings = [s.title for s in doc.walk()]
    outline = build_outline(read_document(guide))
    assert len(headings) == len(outline.items)
    # 001 has no "Bài học kinh nghiệm" (III.3): the draft says nobody reported it.
    lessons = next(s for s in doc.walk() if s.title.startswith("Bài học kinh nghiệm"))
    assert lessons.paragraphs == ["Chưa có đơn vị nào báo cáo nội dung này."]
    # Its text export has no header: the unit is named by its file name.
    source = _text(read_document(report))
    quotes = [p for s in doc.walk() for p in s.paragraphs if p.startswith("- 001_")]
    assert len(quotes) >= 8
    for para in quotes:
        quote = strip_markers(para.partition(": “")[2]).removesuffix("”")
        assert quote in source, quote


def test_errors_are_vietnamese_and_short(folder, tmp_path):
    proc = run(str(folder), "--outline", str(tmp_path / "khong_co.docx"), "-o", "x.docx",
               cwd=tmp_path)  # fmt: skip
    assert proc.returncode == 2 and proc.stderr.startswith("Lỗi: Không đọc được hướng dẫn")
    assert "Traceback" not in proc.stderr
    (tmp_path / "rong").mkdir()
    proc = run(str(tmp_path / "rong"), "--outline", str(folder / "huong_dan.docx"), "-o",
               "x.docx", cwd=tmp_path)  # fmt: skip
    assert proc.returncode == 2
    assert "Lỗi: Không có báo cáo nào để tổng hợp" in proc.stderr
    proc = run(str(folder / "hong.docx"), "--outline", str(folder / "huong_dan.docx"), "-o",
               "x.docx", cwd=tmp_path)  # fmt: skip
    assert proc.returncode == 2 and "Không có báo cáo nào đọc được" in proc.stderr
    assert not (tmp_path / "x.docx").exists()
    proc = run(str(folder), "--outline", str(folder / "huong_dan.docx"), "-o",
               str(tmp_path / "khong" / "x.docx"), cwd=tmp_path)  # fmt: skip
    assert proc.returncode == 2 and "Không có thư mục để ghi tệp" in proc.stderr
