"""The consolidated draft, checked as its reader would check it.

Reports come from the generator, whose figures are known; the draft is built from
them, written as .docx/.xlsx, and read back with tonghop's own reader and python-docx:
every number equals the roll-up (and the roll-up the known figures), every quotation
stands word for word in the report of the unit it names, the footnotes add up to the
totals they stand beside.  The .docx goes through LibreOffice to a PDF whose page 1 is
checked (A4, margins, header, fonts) and kept as a PNG.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import pymupdf
import pytest
from docx import Document as WordDocument
from openpyxl import load_workbook

from tonghop.align import align
from tonghop.consolidate.draft import (
    MISSING,
    build,
    money_text,
    proper_name,
    spec_from_guideline,
    value_text,
)
from tonghop.consolidate.model import RATIO, Answer, Indicator, Source, TreeNode, UnitValue
from tonghop.consolidate.quotes import answers_from, choose
from tonghop.consolidate.rollup import CAMPAIGN, roll_up
from tonghop.figures import extract_figures, parse_number
from tonghop.outline import build_outline
from tonghop.pipeline import read_document
from tonghop.synth.generator import (
    convert_to_pdf,
    generate_guideline,
    generate_report,
    write_report,
)
from tonghop.text import strip_markers
from tonghop.writers.consolidated import write_docx, write_xlsx
from tonghop.writers.party import vietnamese_date

GSEED = 3  # a Hà Nội guideline
UNITS = (
    "Quận ủy Ba Đình", "Quận ủy Hoàn Kiếm", "Quận ủy Tây Hồ", "Quận ủy Long Biên",
    "Huyện ủy Sóc Sơn", "Huyện ủy Đông Anh", "Huyện ủy Gia Lâm", "Thị ủy Sơn Tây",
)  # fmt: skip
ABSENT = "Huyện ủy Ba Vì"  # addressed, never reported
# key, name, counted noun in the generator's figures, outline item, qualifier wanted
INDICATORS = (
    Indicator("van-ban", "Số văn bản chỉ đạo, hướng dẫn đã ban hành", "văn bản", "I"),
    Indicator("tien", "Số tiền ủng hộ phòng, chống dịch", "đồng", "II.2"),
    Indicator("dong-chi", "Số đồng chí dự Hội thi Báo cáo viên giỏi", "đồng chí", "II.4"),
    Indicator("giai-nhat", "Số giải Nhất Hội thi Báo cáo viên giỏi", "giải Nhất", "II.4"),
    Indicator("mo-hinh", "Số mô hình tiêu biểu được xây dựng", "mô hình", "II.4"),
    Indicator("tin-bai", "Số tin, bài về học tập và làm theo Bác", "tin, bài", "II.4"),
    Indicator(
        "ty-le-giai-nhat", "Tỷ lệ đồng chí dự thi đạt giải Nhất", "%", "II.4",
        aggregation=RATIO, numerator="giai-nhat", denominator="dong-chi",
    ),
)  # fmt: skip
PICK = {
    "van-ban": lambda f: f["about"] == "văn bản chỉ đạo, hướng dẫn",
    "tien": lambda f: f["unit"] == "đồng" and f["qualifier"] == "hơn",
    "dong-chi": lambda f: f["unit"] == "đồng chí",
    "giai-nhat": lambda f: f["unit"] == "giải Nhất",
    "mo-hinh": lambda f: f["unit"] == "mô hình",
    "tin-bai": lambda f: f["about"] == "tin, bài",
}
SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹"


def uid(name: str) -> str:
    return name.lower().replace(" ", "-")


class Campaign:
    """Generated reports read back, their known figures, and the draft's inputs."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        guide_path = write_report(generate_guideline(GSEED), folder / "huong_dan.docx")
        self.guide = read_document(guide_path)
        self.outline = build_outline(self.guide)
        self.nodes = [TreeNode(uid(n), n) for n in (*UNITS, ABSENT)]
        self.values: list[UnitValue] = []
        self.answers: list[Answer] = []
        self.reports: dict[str, str] = {}  # unit name -> the report's text, markers removed
        self.known: dict[str, dict[str, Decimal]] = {}  # indicator -> unit -> value
        for k, name in enumerate(UNITS):
            rep = generate_report(700 + k, unit=name, guideline_seed=GSEED)
            path = write_report(rep.blocks, folder / f"bao_cao_{k + 1:02d}.docx")
            doc = read_document(path)
            assert proper_name(doc.header.issuer) == name
            self.reports[name] = _plain(doc)
            alignment = align(doc, self.outline)
            self.answers += answers_from(doc, alignment, uid(name), name, 1, path.name)
            for key, pick in PICK.items():
                if key == "tin-bai" and k == 2:
                    continue  # one unit gives no value: missing, never zero
                fig = next(f for f in rep.expected["figures"] if pick(f))
                qualifier = fig["qualifier"]
                if key == "van-ban" and k == 5:
                    qualifier = "trên"  # a lower bound makes the total one
                value = Decimal(str(fig["value"]))
                self.known.setdefault(key, {})[uid(name)] = value
                source = Source(uid(name), name, 1, fig["path"], file_name=path.name)
                self.values.append(UnitValue(key, uid(name), value, qualifier, source))
        self.indicators = list(INDICATORS)
        self.totals = roll_up(self.nodes, self.indicators, self.values)
        # The consolidated report goes out some weeks after the guideline.
        self.date = dt.date.fromisoformat(self.guide.header.date) + dt.timedelta(days=60)
        self.spec = spec_from_guideline(self.guide, date=self.date.isoformat())
        self.draft = build(
            self.spec, self.outline.items, self.nodes, self.indicators, self.values,
            self.totals, self.answers,
        )  # fmt: skip


def _plain(doc) -> str:
    lines = [doc.title, *doc.preamble]
    for s in doc.walk():
        lines += [s.title, *s.paragraphs]
    return "\n".join(strip_markers(t) for t in lines)


@pytest.fixture(scope="module")
def campaign(tmp_path_factory) -> Campaign:
    return Campaign(tmp_path_factory.mktemp("campaign"))


@pytest.fixture(scope="module")
def written(campaign, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("draft") / "bao_cao_tong_hop.docx"
    path.write_bytes(write_docx(campaign.draft, comments=True))
    return path


# ------------------------------------------------------------------ numbers and words


def test_numbers_written_the_vietnamese_way():
    assert money_text(Decimal(20_000_000_000)) == "20 tỷ đồng"
    assert money_text(Decimal(20_500_000_000)) == "20,5 tỷ đồng"
    assert money_text(Decimal(450_000_000)) == "450 triệu đồng"
    assert money_text(Decimal(1_234_567)) == "1.234.567 đồng"
    from tonghop.consolidate.model import Total

    count = Indicator("dv", "Số đảng viên", "đảng viên")
    assert value_text(Total("dv", "", Decimal(6325)), count) == "6.325 đảng viên"
    assert value_text(Total("dv", "", Decimal(6325), lower_bound=True), count) == (
        "trên 6.325 đảng viên"
    )
    money = Indicator("t", "Số tiền", "đồng")
    t = Total("t", "", Decimal(20_000_000_000), lower_bound=True)
    assert value_text(t, money) == "hơn 20 tỷ đồng"
    ratio = Indicator("r", "Tỷ lệ", "%", aggregation=RATIO, numerator="a", denominator="b")
    assert value_text(Total("r", "", Decimal(4280) * 100 / Decimal(4327)), ratio) == "98,9%"
    assert value_text(Total("r", "", None), ratio) == ""


def test_names_of_bodies_from_their_capitals():
    assert proper_name("QUẬN ỦY BA ĐÌNH") == "Quận ủy Ba Đình"
    assert proper_name("BAN TUYÊN GIÁO") == "Ban Tuyên giáo"
    assert proper_name("ĐẢNG ỦY PHƯỜNG AN BÌNH") == "Đảng ủy phường An Bình"
    assert proper_name("ĐẢNG BỘ TỈNH HÀ TĨNH") == "Đảng bộ tỉnh Hà Tĩnh"
    assert proper_name("ĐẢNG ỦY KHỐI CÁC CƠ QUAN VÀ DOANH NGHIỆP TỈNH") == (
        "Đảng ủy Khối các cơ quan và doanh nghiệp tỉnh"
    )
    assert proper_name("Quận ủy Ba Đình") == "Quận ủy Ba Đình"


# ------------------------------------------------------------------ quotations


def _answer(unit: str, text: str, item: str = "II.4") -> Answer:
    return Answer(uid(unit), unit, 1, item, ["II", "4"], text)


def test_quotes_cover_different_units_and_points_word_for_word():
    shared = (
        "Nhiều đơn vị có cách làm hay, xây dựng mô hình “Chi bộ bốn tốt” được nhân rộng trong "
        "toàn Đảng bộ."
    )
    answers = [
        _answer(
            "Quận ủy A",
            f"II. CÔNG TÁC TUYÊN TRUYỀN\n{shared} Các đơn vị đã tổ chức 12 "
            "hội nghị, 45 lớp, 300 buổi, 2.000 lượt, 15 cuộc thi.",
        ),  # fmt: skip
        _answer(
            "Quận ủy B",
            f"{shared} Trang thông tin điện tử của quận mở chuyên mục riêng "
            "về học tập và làm theo Bác, thu hút nhiều lượt bạn đọc.",
        ),  # fmt: skip
        _answer(
            "Quận ủy C",
            "Đảng bộ quận đã xây dựng mô hình “Dân vận khéo” ở tất cả các "
            "phường, tạo chuyển biến rõ nét trong phục vụ nhân dân. Ban Thường vụ Quận ủy "
            "báo cáo kết quả thực hiện như sau:",
        ),  # fmt: skip
    ]
    quotes = choose(answers, k=3)
    assert len(quotes) == 3
    assert len({q.answer.unit_id for q in quotes}) == 3  # three units
    texts = [q.text for q in quotes]
    assert len(set(texts)) == 3
    assert texts.count(shared) == 1  # said by two units, quoted once
    for q in quotes:
        assert q.text in q.answer.text  # word for word
        assert q.source.unit_name == q.answer.unit_name and q.source.sentence == q.text
    # Not a heading, not a run of numbers, not the report's formula.
    assert not any(t.isupper() or "12 hội nghị" in t or "như sau" in t for t in texts)


def test_quotes_of_one_unit_only_when_no_other_unit_has_more():
    answers = [
        _answer(
            "Quận ủy A",
            "Đảng bộ quận đã xây dựng mô hình “Dân vận khéo” ở tất cả các "
            "phường, tạo chuyển biến rõ nét. Cán bộ, đảng viên đăng ký việc làm cụ thể "
            "gắn với nhiệm vụ chuyên môn của từng cơ quan, đơn vị.",
        ),  # fmt: skip
    ]
    quotes = choose(answers, k=3)
    assert [q.answer.unit_name for q in quotes] == ["Quận ủy A", "Quận ủy A"]
    assert choose([], k=3) == [] and choose(answers, k=0) == []


def _quote_paragraphs(draft):
    for p in draft.paragraphs:
        quoted = [s for s in p.spans if s.quote]
        if quoted:
            yield p, quoted[0]


def test_every_quotation_is_in_the_named_units_report(campaign):
    seen = 0
    for p, span in _quote_paragraphs(campaign.draft):
        (source,) = span.sources
        name = p.spans[0].text.removeprefix("- ").removesuffix(": “")
        assert name == source.unit_name
        assert span.text in campaign.reports[name], (name, span.text)
        seen += 1
    assert seen >= 20
    # The units quoted under one item differ while there are units left.
    by_item: dict[str, list[str]] = {}
    for p, span in _quote_paragraphs(campaign.draft):
        by_item.setdefault(p.outline_item, []).append(span.sources[0].unit_id)
    assert all(len(set(u)) == len(u) for u in by_item.values())


# ------------------------------------------------------------------ the draft's numbers


def _total_spans(draft):
    return [s for p in draft.paragraphs for s in p.spans if s.indicator]


def test_every_number_is_the_rollup_and_the_known_figures(campaign):
    spans = {s.indicator: s for s in _total_spans(campaign.draft)}
    assert set(spans) == {i.key for i in INDICATORS}
    for ind in INDICATORS:
        total = campaign.totals[(CAMPAIGN, ind.key)]
        span = spans[ind.key]
        assert span.text == value_text(total, ind)
        (fig,) = extract_figures(f"Kết quả là {span.text}.")
        if ind.aggregation == RATIO:
            num = sum(campaign.known["giai-nhat"].values())
            den = sum(campaign.known["dong-chi"].values())
            assert fig.value == pytest.approx(float(num * 100 / den), abs=0.05)
        else:
            assert Decimal(str(fig.value)) == sum(campaign.known[ind.key].values())
        assert len(span.sources) == total.reported * (2 if ind.aggregation == RATIO else 1)
    # Qualifiers: a lower bound in one unit makes the total one; money says "hơn".
    assert spans["van-ban"].text.startswith("trên ")
    assert spans["tien"].text.startswith("hơn ") and spans["tien"].text.endswith("tỷ đồng")
    assert not spans["mo-hinh"].text.startswith(("trên", "hơn"))
    # Missing is missing: 6 of 9 addressed units gave "tin, bài", the text says so.
    tin = campaign.totals[(CAMPAIGN, "tin-bai")]
    assert (tin.reported, tin.expected) == (7, 9)
    line = next(p.text for p in campaign.draft.paragraphs if "tin, bài" in p.text)
    assert "(7/9 đơn vị có số liệu)" in line


def test_opening_cites_the_guideline_and_names_who_did_not_report(campaign):
    opening = campaign.draft.paragraphs[0].text
    h = campaign.guide.header
    day = h.date.split("-")
    assert opening.startswith(f"Thực hiện Hướng dẫn số {h.number}, ngày ")
    assert f"{day[2]}/{day[1]}/{day[0]}" in opening
    assert "của Ban Tuyên giáo Thành ủy Hà Nội" in opening
    assert f"8/9 đơn vị báo cáo; 01 đơn vị chưa báo cáo: {ABSENT}" in opening
    d = campaign.draft
    assert (d.superior, d.issuer) == ("THÀNH ỦY HÀ NỘI", "BAN TUYÊN GIÁO")
    assert d.number == f"     -BC/{h.number.split('/')[1]}"
    assert d.recipients[-1].endswith(".") and all(r.endswith(";") for r in d.recipients[:-1])


def test_headings_follow_the_outline(campaign):
    headings = [p for p in campaign.draft.paragraphs if p.kind == "heading"]
    assert [p.outline_item for p in headings] == [i.id for i in campaign.outline.items]
    labels = [p.text.split(" ", 1)[0] for p in headings]
    assert labels[:4] == ["I.", "II.", "1.", "2."]
    assert all(p.level == i.level for p, i in zip(headings, campaign.outline.items, strict=True))


def test_annex_by_unit_then_totals(campaign):
    d = campaign.draft
    assert d.annex_header[:2] == ["STT", "Đơn vị"] and len(d.annex_header) == 2 + 7
    units = [r for r, k in zip(d.annex_rows, d.annex_row_kinds, strict=True) if k == "unit"]
    assert [r[1].strip() for r in units] == [*UNITS, ABSENT]
    assert all(c == MISSING for c in units[-1][2:])  # the absent unit: missing, not 0
    col = 2 + [i.key for i in INDICATORS].index("mo-hinh")
    total = next(r for r in d.annex_rows if r[1] == "Tổng cộng")
    assert parse_number(total[col]) == sum(parse_number(r[col]) for r in units[:-1])


# ------------------------------------------------------------------ the written .docx


def _marker_values(doc) -> list[tuple[Decimal, int]]:
    """(number stated, footnote number) for each "là <number><marker>" of the draft."""
    out = []
    for section in doc.walk():
        for para in section.paragraphs:
            for m in re.finditer(rf"là ([^{SUP}]+?)([{SUP}]+)", para):
                (fig,) = extract_figures(f"Kết quả là {m.group(1)}.")
                out.append((Decimal(str(fig.value)), int(m.group(2).translate(
                    str.maketrans(SUP, "0123456789")))))  # fmt: skip
    return out


def _entries(note: str) -> list[Decimal]:
    """The per-unit numbers a footnote lists ("Trong đó: A: 13 văn bản; B: hơn 2 tỷ đồng")."""
    part = note.split("Trong đó: ", 1)[1].split(". Số liệu của", 1)[0]
    values = []
    for entry in part.split("; "):
        text = entry.rsplit(": ", 1)[1]
        if "/" in text:  # a ratio: numerator/denominator (percent)
            values.append(tuple(Decimal(parse_number(x)) for x in text.split(" ")[0].split("/")))
            continue
        (fig,) = extract_figures(f"Có {text}.")
        values.append(Decimal(str(fig.value)))
    return values


def test_footnotes_add_up_to_the_totals_in_the_text(campaign, written):
    doc = read_document(written)
    notes = {f.n: f.text for f in doc.footnotes}
    stated = _marker_values(doc)
    assert len(stated) == len(INDICATORS) == len(notes)
    ratio_total = campaign.totals[(CAMPAIGN, "ty-le-giai-nhat")]
    for value, n in stated:
        entries = _entries(notes[n])
        if isinstance(entries[0], tuple):
            num = sum(e[0] for e in entries)
            den = sum(e[1] for e in entries)
            assert (num, den) == (ratio_total.numerator, ratio_total.denominator)
            assert value == round(num * 100 / den, 1)
        else:
            assert sum(entries) == value, notes[n]
    # The same footnotes as Word sees them: one reference per note, ids matching.
    with zipfile.ZipFile(written) as z:
        body = z.read("word/document.xml").decode()
        foot = z.read("word/footnotes.xml").decode()
    refs = re.findall(r'<w:footnoteReference w:id="(\d+)"/>', body)
    ids = re.findall(r'<w:footnote w:id="(\d+)">', foot)
    assert sorted(refs, key=int) == sorted(ids, key=int) and len(set(refs)) == len(refs)


def test_docx_is_clean_word(campaign, written):
    d = WordDocument(str(written))
    with zipfile.ZipFile(written) as z:
        body = z.read("word/document.xml").decode()
        names = z.namelist()
    assert "txbx" not in body and "v:textbox" not in body  # no text boxes
    assert "word/comments.xml" in names
    s = d.sections[0]
    assert (round(s.page_width.mm), round(s.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (s.top_margin, s.bottom_margin, s.left_margin,
                                  s.right_margin)] == [20, 20, 30, 15]  # fmt: skip
    annex = d.sections[-1]
    assert annex.page_width > annex.page_height  # the annex on landscape pages
    assert d.styles["Normal"].font.name == "Times New Roman"
    headings = [p for p in d.paragraphs if p.style.name.startswith("Heading")]
    assert len(headings) == len(campaign.outline.items)
    # Header table, signature table, then the annex as a Word table: units, totals, coverage.
    annex_table = d.tables[-1]
    assert annex_table.rows[0].cells[1].text == "Đơn vị"
    assert len(annex_table.rows) == 1 + len(campaign.draft.annex_rows)
    assert [c.text for c in annex_table.rows[1].cells][1] == UNITS[0]
    # Comments: one per number and quotation, each naming its sources.
    spans = [s for p in campaign.draft.paragraphs for s in p.spans if s.sources]
    comments = list(d.comments)
    assert len(comments) == len(spans)
    assert all(c.text.startswith(("Nguồn số liệu", "Nguồn trích dẫn")) for c in comments)
    first_quote = next(s for s in spans if s.quote)
    assert any(first_quote.sources[0].unit_name in c.text for c in comments)
    # Without comments: no comments part at all.
    plain = write_docx(campaign.draft)
    with zipfile.ZipFile(io.BytesIO(plain)) as z:
        assert "word/comments.xml" not in z.namelist()


def test_xlsx_annex_holds_numbers_and_totals(campaign):
    wb = load_workbook(io.BytesIO(write_xlsx(campaign.draft)))
    ws = wb.active
    rows = list(ws.iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if r and r[0] == "STT")
    header = rows[head]
    assert list(header) == campaign.draft.annex_header
    body = rows[head + 1 :]
    units = body[: len(UNITS)]
    total = next(r for r in body if r[1] == "Tổng cộng")
    col = header.index("Số tiền ủng hộ phòng, chống dịch (triệu đồng)")
    assert total[col] == sum(r[col] for r in units)  # numbers, not text
    assert total[col] * 1_000_000 == sum(campaign.known["tien"].values())
    cell = ws.cell(row=head + 1 + len(UNITS) + 2, column=col + 1)  # the totals row
    assert cell.number_format.startswith('"hơn "')
    assert body[len(UNITS)][2] is None  # the absent unit: empty, not 0


def test_two_level_tree_breaks_totals_down_by_group(campaign):
    groups = [TreeNode("quan", "Các quận ủy", expected=False),
              TreeNode("huyen", "Các huyện, thị ủy", expected=False)]  # fmt: skip
    nodes = groups + [
        TreeNode(n.id, n.name, parent="quan" if n.name.startswith("Quận") else "huyen")
        for n in campaign.nodes
    ]
    totals = roll_up(nodes, campaign.indicators, campaign.values)
    draft = build(campaign.spec, campaign.outline.items, nodes, campaign.indicators,
                  campaign.values, totals, campaign.answers)  # fmt: skip
    span = next(s for s in _total_spans(draft) if s.indicator == "mo-hinh")
    assert span.footnote.startswith("Trong đó: Các quận ủy: ")
    assert sum(_entries(span.footnote)) == totals[(CAMPAIGN, "mo-hinh")].value
    kinds = draft.annex_row_kinds
    assert kinds.count("subtotal") == 2 and kinds[-2:] == ["total", "total"]
    sub = [r for r, k in zip(draft.annex_rows, kinds, strict=True) if k == "subtotal"]
    assert sub[0][1] == "Cộng Các quận ủy"


# ------------------------------------------------------------------ through LibreOffice


def test_pdf_page_one_in_party_format(campaign, written, soffice, tmp_path):
    (pdf_path,) = convert_to_pdf([written], tmp_path)
    png = tmp_path / "trang_1"
    subprocess.run(
        ["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf_path),
         str(png)], check=True, timeout=120,
    )  # fmt: skip
    print(f"\nTrang 1 của dự thảo: {png}.png")
    mm = 72 / 25.4
    with pymupdf.open(pdf_path) as pdf:
        page = pdf[0]
        assert round(page.rect.width / mm) == 210 and round(page.rect.height / mm) == 297
        words = page.get_text("words")
        x0 = min(w[0] for w in words) / mm
        x1 = max(w[2] for w in words) / mm
        y0 = min(w[1] for w in words) / mm
        y1 = max(w[3] for w in words) / mm
        assert 29 <= x0 <= 33, x0  # left margin 30 mm (justified text starts there)
        assert 190 <= x1 <= 196, x1  # right margin 15 mm
        assert 19 <= y0 <= 30, y0  # top margin 20 mm
        assert y1 <= 278, y1  # bottom margin 20 mm (footnotes included)
        fonts = {f[3].split("+")[-1] for f in page.get_fonts()}
        # Times New Roman, or its metric twin where the Microsoft fonts are not installed
        # (whose older release lacks some Vietnamese letters: LibreOffice draws those in
        # DejaVu Serif). Never a sans-serif font.
        assert any(re.match(r"(TimesNewRoman|LiberationSerif)", f) for f in fonts), fonts
        serif = r"(TimesNewRoman|LiberationSerif|DejaVuSerif)"
        assert all(re.match(serif, f) for f in fonts), fonts
        heads = [[w[4] for w in p.get_text("words") if w[3] <= 20 * mm] for p in pdf]
    from tonghop.readers.pdf import read_pdf

    blocks = read_pdf(pdf_path.read_bytes()).blocks
    first = "\n".join(b.text for b in blocks if b.page == 1)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in first
    assert "BAN TUYÊN GIÁO" in first and "THÀNH ỦY HÀ NỘI" in first
    assert "BÁO CÁO" in first and f"Hà Nội, {vietnamese_date(campaign.date)}" in first
    # Every footnote is printed with its text (the draft was written with comments, which
    # LibreOffice would mix up with the footnotes had they shared ids).
    printed = " ".join(" ".join(b.text for b in blocks).split())
    for span in _total_spans(campaign.draft):
        assert " ".join(span.footnote.split())[:60] in printed, span.footnote[:60]
    assert heads[0] == [] and heads[1] == ["2"]  # page numbers from page 2, top centre
    assert shutil.which("pdftoppm") and Path(f"{png}.png").stat().st_size > 10_000


def test_a_line_hundreds_of_units_copied_does_not_crowd_out_the_other_points():
    copied = "Cấp ủy các cấp đã quan tâm lãnh đạo, chỉ đạo việc học tập và làm theo Bác."
    points = (
        "Đảng bộ đã xây dựng mô hình “Dân vận khéo” ở tất cả các phường, tạo chuyển biến rõ.",
        "Trang thông tin điện tử mở chuyên mục riêng về các gương người tốt, việc tốt ở cơ sở.",
        "Chi bộ tổ chức cho đảng viên đăng ký việc làm cụ thể gắn với nhiệm vụ chuyên môn.",
    )
    answers = [_answer(f"Chi bộ số {k}", f"{copied} {points[k % 3]}") for k in range(600)]
    quotes = choose(answers, k=3)
    assert len(quotes) == 3
    assert len({q.answer.unit_id for q in quotes}) == 3
    assert sum(q.text == copied for q in quotes) <= 1
    assert len({q.text for q in quotes}) == 3
