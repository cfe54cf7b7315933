"""An indicator of no year given only yearly figures: the draft never says more than the
reports say.  A unit writing "năm 2022 ... 98.500 đảng viên; năm 2023 ... 110.448 đảng
viên" gave no total for the period: its value is the latest year's, it keeps that year,
and the draft's sentence, footnote and annex name the year (or say the years differ).
Real sentences are read by the engine (`extract_figures`), matched and rolled up.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal

from openpyxl import load_workbook

from tonghop.consolidate.draft import build, value_text
from tonghop.consolidate.indicators import match
from tonghop.consolidate.model import DraftSpec, Indicator, TreeNode, UnitFigure
from tonghop.consolidate.rollup import CAMPAIGN, roll_up
from tonghop.figures import extract_figures
from tonghop.writers.consolidated import write_xlsx

IND = Indicator(
    "dv-hoc-tap",
    "Số đảng viên tham dự hội nghị học tập chuyên đề",
    "đảng viên",
    keywords=["tham dự"],
)
BOTH_YEARS = (
    "Năm 2022, Đảng ủy tổ chức hội nghị học tập chuyên đề với 98.500 đảng viên tham dự; "
    "năm 2023 có 110.448 đảng viên tham dự hội nghị học tập chuyên đề."
)
WHOLE_TERM = (
    "Trong 3 năm (2021-2023), có 320.000 đảng viên tham dự hội nghị học tập chuyên đề; "
    "riêng năm 2023 có 110.448 đảng viên tham dự."
)
ONLY_2022 = "Năm 2022, Quận ủy tổ chức hội nghị học tập chuyên đề với 20.150 đảng viên tham dự."
ONLY_2023 = "Năm 2023, Huyện ủy tổ chức hội nghị học tập chuyên đề với 15.320 đảng viên tham dự."


def figures(texts: dict[str, str]) -> list[UnitFigure]:
    out = []
    for unit, text in texts.items():
        for k, f in enumerate(extract_figures(text)):
            out.append(UnitFigure(unit, unit, 1, f, "", f"{unit}:{k}"))
    return out


def draft_of(texts: dict[str, str]):
    nodes = [TreeNode(u, u) for u in texts]
    values = match([IND], figures(texts))
    totals = roll_up(nodes, [IND], values)
    spec = DraftSpec(superior="THÀNH ỦY HÀ NỘI", issuer="BAN TUYÊN GIÁO", date="2024-03-01")
    return values, totals, build(spec, [], nodes, [IND], values, totals, [])


def total_line(draft):
    (para,) = [p for p in draft.paragraphs if any(s.indicator == IND.key for s in p.spans)]
    (span,) = [s for s in para.spans if s.indicator == IND.key]
    return para.text, span


def entries(note: str) -> list[Decimal]:
    part = note.split("Trong đó: ", 1)[1].split(". Số liệu của", 1)[0]
    out = []
    for entry in part.split("; "):
        (fig,) = extract_figures(f"Có {entry.rsplit(': ', 1)[1]}.")
        out.append(Decimal(str(fig.value)))
    return out


def test_yearly_figures_only_the_latest_year_is_taken_and_keeps_its_year():
    (v,) = match([IND], figures({"Đảng ủy Khối": BOTH_YEARS}))
    assert (v.value, v.year) == (Decimal(110448), 2023)
    assert v.source.sentence == BOTH_YEARS


def test_a_figure_for_the_whole_period_is_preferred_and_has_no_year():
    (v,) = match([IND], figures({"Đảng ủy Khối": WHOLE_TERM}))
    assert (v.value, v.year) == (Decimal(320000), None)


def test_indicator_of_a_year_takes_that_years_figure_and_no_year_of_its_own():
    ind22 = Indicator("dv-2022", "Số đảng viên tham dự năm 2022", "đảng viên", year=2022)
    (v,) = match([ind22], figures({"Đảng ủy Khối": BOTH_YEARS}))
    assert (v.value, v.year) == (Decimal(98500), None)


def test_draft_names_the_year_all_values_share():
    texts = {"Đảng ủy Khối": BOTH_YEARS, "Huyện ủy Sóc Sơn": ONLY_2023}
    _, totals, draft = draft_of(texts)
    line, span = total_line(draft)
    total = totals[(CAMPAIGN, IND.key)]
    assert total.value == 110448 + 15320
    assert line.startswith(
        "- Số đảng viên tham dự hội nghị học tập chuyên đề năm 2023 là 125.768 đảng viên"
    )
    assert span.text == value_text(total, IND)
    assert "Đảng ủy Khối (năm 2023): 110.448 đảng viên" in span.footnote
    assert sum(entries(span.footnote)) == total.value
    assert draft.annex_header[2] == (
        "Số đảng viên tham dự hội nghị học tập chuyên đề năm 2023 (đảng viên)"
    )


def test_draft_says_when_the_units_years_differ_and_each_units_year():
    texts = {
        "Quận ủy Ba Đình": ONLY_2022,
        "Huyện ủy Sóc Sơn": ONLY_2023,
        "Đảng ủy Khối": WHOLE_TERM,
    }
    values, totals, draft = draft_of(texts)
    assert {v.unit_id: v.year for v in values} == {
        "Quận ủy Ba Đình": 2022,
        "Huyện ủy Sóc Sơn": 2023,
        "Đảng ủy Khối": None,
    }
    line, span = total_line(draft)
    total = totals[(CAMPAIGN, IND.key)]
    assert total.value == 20150 + 15320 + 320000
    # no year claimed for the sum: it says the years differ, and which
    assert not re.search(r"chuyên đề năm \d{4} là", line)
    assert line.endswith(
        " là 355.470 đảng viên (cộng số liệu các đơn vị báo cáo cho các năm khác nhau: "
        "cả kỳ báo cáo và năm 2022, 2023; năm của từng đơn vị ghi ở chú thích)."
    )
    assert "Quận ủy Ba Đình (năm 2022): 20.150 đảng viên" in span.footnote
    assert "Huyện ủy Sóc Sơn (năm 2023): 15.320 đảng viên" in span.footnote
    assert "Đảng ủy Khối (cả kỳ báo cáo): 320.000 đảng viên" in span.footnote
    assert sum(entries(span.footnote)) == total.value
    # the annex: each yearly cell says its year; the spreadsheet keeps numbers
    rows = {r[1].strip(): r[2] for r in draft.annex_rows}
    assert rows["Quận ủy Ba Đình"] == "20.150 (năm 2022)"
    assert rows["Đảng ủy Khối"] == "320.000"
    assert rows["Tổng cộng"] == "355.470 (nhiều năm)"
    ws = load_workbook(io.BytesIO(write_xlsx(draft))).active
    cells = {r[1].value: r[2] for r in ws.iter_rows(min_row=5) if r[1].value}
    assert cells["Quận ủy Ba Đình"].value == 20150
    assert "(năm 2022)" in cells["Quận ủy Ba Đình"].number_format
    assert cells["Đảng ủy Khối"].number_format == "#,##0"
    assert (cells["Tổng cộng"].value, cells["Tổng cộng"].number_format) == (
        355470,
        '#,##0" (nhiều năm)"',
    )


def test_a_group_of_units_in_the_footnote_names_the_years_of_its_units():
    texts = {
        "Quận ủy Ba Đình": ONLY_2022,
        "Huyện ủy Sóc Sơn": ONLY_2023,
        "Đảng ủy Khối": BOTH_YEARS,
    }
    nodes = [
        TreeNode("Các quận, huyện ủy", "Các quận, huyện ủy", expected=False),
        TreeNode("Quận ủy Ba Đình", "Quận ủy Ba Đình", "Các quận, huyện ủy"),
        TreeNode("Huyện ủy Sóc Sơn", "Huyện ủy Sóc Sơn", "Các quận, huyện ủy"),
        TreeNode("Đảng ủy Khối", "Đảng ủy Khối"),
    ]
    values = match([IND], figures(texts))
    totals = roll_up(nodes, [IND], values)
    spec = DraftSpec(superior="THÀNH ỦY HÀ NỘI", issuer="BAN TUYÊN GIÁO", date="2024-03-01")
    _, span = total_line(build(spec, [], nodes, [IND], values, totals, []))
    assert "Các quận, huyện ủy (năm 2022, 2023): 35.470 đảng viên" in span.footnote
    assert "Đảng ủy Khối (năm 2023): 110.448 đảng viên" in span.footnote
    assert sum(entries(span.footnote)) == totals[(CAMPAIGN, IND.key)].value == 145918
