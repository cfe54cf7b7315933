"""Exports of the exemplars board: proposal lists (.docx, .xlsx), dossiers, the book
manuscript and the exhibition list, downloaded and opened with python-docx / openpyxl."""

from __future__ import annotations

import io

import docx
import openpyxl
import pytest
from django.urls import reverse

from tests.web import factories as f
from tests.web.factories_exemplars import group_data as shared_group_data
from tests.web.factories_exemplars import person_data as shared_person_data
from tests.web.factories_exemplars import png as shared_png
from tests.web.factories_exemplars import same_picture
from tonghop.web.campaigns.templates_kl01 import PROGRAMMES
from tonghop.web.exemplars import exports, services

pytestmark = pytest.mark.django_db


def png() -> bytes:
    return shared_png(60, 80, 180)


def person_data(name, year=1980, **kw):
    summary = f"{name} nhiều năm liền hoàn thành xuất sắc nhiệm vụ.\nGương mẫu, tận tụy."
    return shared_person_data(name, year, summary=summary, **kw)


def group_data(name, **kw):
    return shared_group_data(name, summary=f"{name} tiêu biểu.", **kw)


# Who issues and signs, as staff set it on the campaign form.
SIGNED = {
    "issuer_superior": "Thành ủy Hà Nội",
    "issuer": "Ban Tuyên giáo",
    "symbol": "BTGTU",
    "signer_authority": "K/T TRƯỞNG BAN",
    "signer_title": "PHÓ TRƯỞNG BAN",
    "signer_name": "Trần Quốc Hưng",
}


@pytest.fixture
def w():
    top = f.unit("TP", "Thành ủy Hà Nội", kind="thanh_uy")
    city = f.unit("BTG", "Ban Tuyên giáo Thành ủy", parent=top, kind="ban_dang")
    a = f.unit("QA", "Quận ủy A", parent=city, kind="quan_huyen")
    b = f.unit("QB", "Quận ủy B", parent=city, kind="quan_huyen")
    c = f.campaign(
        city,
        [a, b],
        nomination_collective=1,
        nomination_individual=1,
        programmes=[dict(p) for p in PROGRAMMES],
        **SIGNED,
    )
    rep_a = f.person("bao_cao_a", "reporter", a)
    rep_b = f.person("bao_cao_b", "reporter", b)

    def nominate(unit, rep, data, photo=None):
        n = services.save_draft(c, unit, rep, data, photo=photo)
        return services.submit(n, rep)

    world = {
        "campaign": c,
        "staff": f.person("chuyenvien", "staff", city, full_name="Lê Thị Cúc"),
        "leader": f.person("lanhdao", "leader", city),
        "rep_a": rep_a,
        "rep_b": rep_b,
        "an": nominate(a, rep_a, person_data("Nguyễn Văn An"), photo=(png(), "an.png")),
        "binh": nominate(b, rep_b, person_data("Trần Thị Bình", 1975, gender="nu")),
        "kp3": nominate(a, rep_a, group_data("Chi bộ khu phố 3")),
        "tandinh": nominate(b, rep_b, group_data("Chi bộ Tân Định")),
    }
    ps = services.programmes_for(c)
    world["bk"], world["book"], world["expo"] = ps[0], ps[2], ps[3]
    staff = world["staff"]
    # Selected out of order: the exports sort collectives first, then by unit and name.
    for key in ("binh", "kp3", "an"):
        services.select(world["bk"], world[key], staff)
    for key in ("binh", "an", "tandinh", "kp3"):
        services.select(world["book"], world[key], staff)
    for key in ("binh", "an"):
        services.select(world["expo"], world[key], staff)
    return world


def login(client, user):
    client.force_login(user)
    return client


def export_url(p, kind):
    return reverse("exemplars:export", args=[p.pk, kind])


def all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def images(document) -> int:
    return sum(1 for r in document.part.rels.values() if r.reltype.endswith("/image"))


def download_docx(client, url):
    resp = client.get(url)
    assert resp.status_code == 200, resp.content[:300]
    assert resp["Content-Type"] == exports.DOCX
    return resp, docx.Document(io.BytesIO(b"".join(resp.streaming_content)))


# --------------------------------------------------------------------------
# the module, directly


def test_nominee_data_and_filename(w):
    d = exports.nominee_data(w["binh"])
    assert (d.name, d.birth_year, d.gender, d.unit_name) == (
        "Trần Thị Bình",
        1975,
        "Nữ",
        "Quận ủy B",
    )
    assert d.photo is None
    assert same_picture(exports.nominee_data(w["an"]).photo, png())
    assert exports.is_book(w["book"]) and not exports.is_book(w["bk"])
    assert exports.is_exhibition(w["expo"]) and not exports.is_exhibition(w["book"])
    assert exports.filename("ho-so", "Trần Thị Bình", "docx") == "ho-so-tran-thi-binh.docx"
    assert [n.name for n in exports.selected(w["bk"])] == [
        "Chi bộ khu phố 3",
        "Nguyễn Văn An",
        "Trần Thị Bình",
    ]


# --------------------------------------------------------------------------
# downloads as staff


def test_proposal_list_docx(client, w):
    login(client, w["staff"])
    resp, document = download_docx(client, export_url(w["bk"], "danh-sach-docx"))
    assert "danh-sach-de-nghi-bang-khen-cua-thu-tuong-chinh-phu.docx" in resp["Content-Disposition"]
    text = all_text(document)
    for expected in (
        "DANH SÁCH ĐỀ NGHỊ",
        "Bằng khen của Thủ tướng Chính phủ",
        "Hà Nội, ngày",
        "K/T TRƯỞNG BAN",
        "PHÓ TRƯỞNG BAN",
    ):
        assert expected in text, expected
    # The department issues under the city committee; the number has a place left for it.
    head = [p.text for p in document.tables[0].rows[0].cells[0].paragraphs]
    assert head == ["THÀNH ỦY HÀ NỘI", "BAN TUYÊN GIÁO", "*", f"Số {' ' * 8}-DS/BTGTU"]
    # The leader set on the campaign signs, not the staff member who downloaded.
    sign = [p.text for p in document.tables[-1].rows[0].cells[1].paragraphs if p.text]
    assert sign == ["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Trần Quốc Hưng"]
    assert "Lê Thị Cúc" not in text
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "STT")
    names = [row.cells[1].text for row in table.rows[1:]]
    assert names == ["Chi bộ khu phố 3", "Nguyễn Văn An", "Trần Thị Bình"]
    assert table.rows[3].cells[2].text == "1975"


def test_proposal_list_xlsx(client, w):
    login(client, w["staff"])
    resp = client.get(export_url(w["bk"], "danh-sach-xlsx"))
    assert resp.status_code == 200
    assert resp["Content-Type"] == exports.XLSX
    assert ".xlsx" in resp["Content-Disposition"]
    ws = openpyxl.load_workbook(io.BytesIO(b"".join(resp.streaming_content))).active
    assert "Bằng khen của Thủ tướng Chính phủ" in ws["A1"].value
    names = [ws.cell(row=r, column=3).value for r in range(4, ws.max_row + 1)]
    assert names == ["Chi bộ khu phố 3", "Nguyễn Văn An", "Trần Thị Bình"]
    assert ws.cell(row=6, column=4).value == 1975
    assert "Gương mẫu, tận tụy." in ws.cell(row=5, column=9).value


def test_book_manuscript(client, w):
    login(client, w["staff"])
    resp, document = download_docx(client, export_url(w["book"], "ban-thao"))
    assert "ban-thao-sach-sach-ngan-hoa-dang-bac-tap-8.docx" in resp["Content-Disposition"]
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[1:] == [
        "1. Chi bộ khu phố 3",
        "2. Chi bộ Tân Định",
        "3. Nguyễn Văn An",
        "4. Trần Thị Bình",
    ]
    assert "SÁCH “NGÀN HOA DÂNG BÁC” TẬP 8" in all_text(document)
    assert images(document) == 1  # An's photo; the others have none


def test_exhibition_list_with_photos(client, w):
    login(client, w["staff"])
    _, document = download_docx(client, export_url(w["expo"], "trien-lam"))
    assert "TRIỂN LÃM “NHỮNG TẤM GƯƠNG BÌNH DỊ MÀ CAO QUÝ”" in all_text(document)
    head = [p.text for p in document.tables[0].rows[0].cells[0].paragraphs]
    assert head == ["THÀNH ỦY HÀ NỘI", "BAN TUYÊN GIÁO", "*", f"Số {' ' * 8}-DS/BTGTU"]
    table = document.tables[1]  # after the header's
    assert [row.cells[2].text for row in table.rows[1:]] == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert images(document) == 1
    assert "(chưa có ảnh)" in table.rows[2].cells[1].text


def test_dossier(client, w):
    login(client, w["staff"])
    resp, document = download_docx(client, reverse("exemplars:dossier", args=[w["an"].pk]))
    assert "ho-so-nguyen-van-an.docx" in resp["Content-Disposition"]
    text = all_text(document)
    assert "Cá nhân: Nguyễn Văn An" in text
    # Headed by the nominating unit, under the Party body above it (the department
    # between them passed over), with no number of the department's.
    head = [p.text for p in document.tables[0].rows[0].cells[0].paragraphs]
    assert head == ["ĐẢNG BỘ THÀNH PHỐ HÀ NỘI", "QUẬN ỦY A", "*"]
    assert "BAN TUYÊN GIÁO" not in text, text
    assert "A, ngày" in text, text  # a district dates its papers from its own place
    assert "Bí thư chi bộ" in text and "Quận ủy A" in text
    assert "Gương mẫu, tận tụy." in text
    assert images(document) == 1


def test_without_a_signer_on_the_campaign_the_names_are_left_to_fill(client, w):
    """A campaign that does not say who issues and signs: the owner under its parent, dots
    where the number's symbol and the signer go; never the user who downloaded."""
    Campaign = type(w["campaign"])
    blank = dict.fromkeys(SIGNED, "")
    Campaign.objects.filter(pk=w["campaign"].pk).update(**blank)
    login(client, w["staff"])
    _, document = download_docx(client, export_url(w["bk"], "danh-sach-docx"))
    head = [p.text for p in document.tables[0].rows[0].cells[0].paragraphs]
    assert head == ["THÀNH ỦY HÀ NỘI", "BAN TUYÊN GIÁO THÀNH ỦY", "*", f"Số {' ' * 8}-DS/…………"]
    sign = [p.text for p in document.tables[-1].rows[0].cells[1].paragraphs if p.text]
    assert sign == ["…………", "…………"]
    assert "Lê Thị Cúc" not in all_text(document) and "Hà Nội, ngày" in all_text(document)


def test_book_and_exhibition_only_for_their_programme(client, w):
    login(client, w["staff"])
    assert client.get(export_url(w["bk"], "ban-thao")).status_code == 404
    assert client.get(export_url(w["book"], "trien-lam")).status_code == 404
    assert client.get(export_url(w["bk"], "khac")).status_code == 404


def test_board_links(client, w):
    login(client, w["staff"])
    page = client.get(reverse("exemplars:campaign", args=[w["campaign"].pk])).content.decode()
    assert export_url(w["bk"], "danh-sach-docx") in page
    assert export_url(w["bk"], "danh-sach-xlsx") in page
    assert export_url(w["book"], "ban-thao") in page
    assert export_url(w["bk"], "ban-thao") not in page
    assert export_url(w["expo"], "trien-lam") in page
    assert reverse("exemplars:dossier", args=[w["an"].pk]) in page
    detail = client.get(reverse("campaigns:detail", args=[w["campaign"].pk])).content.decode()
    assert reverse("exemplars:campaign", args=[w["campaign"].pk]) in detail
    assert "Điển hình tiên tiến" in detail


def test_reporter_todo_links_to_nominations(client, w):
    login(client, w["rep_a"])
    page = client.get(reverse("submissions:todo")).content.decode()
    assert reverse("exemplars:unit", args=[w["campaign"].pk]) in page
    assert "Giới thiệu điển hình" in page


# --------------------------------------------------------------------------
# permissions


def test_leader_may_download(client, w):
    login(client, w["leader"])
    download_docx(client, export_url(w["bk"], "danh-sach-docx"))
    assert client.get(export_url(w["bk"], "danh-sach-xlsx")).status_code == 200
    download_docx(client, reverse("exemplars:dossier", args=[w["binh"].pk]))
    page = client.get(reverse("exemplars:campaign", args=[w["campaign"].pk])).content.decode()
    assert export_url(w["book"], "ban-thao") in page


def test_reporter_gets_own_dossier_only_and_no_lists(client, w):
    login(client, w["rep_a"])
    for p, kind in (
        (w["bk"], "danh-sach-docx"),
        (w["bk"], "danh-sach-xlsx"),
        (w["book"], "ban-thao"),
        (w["expo"], "trien-lam"),
    ):
        assert client.get(export_url(p, kind)).status_code == 403, kind
    download_docx(client, reverse("exemplars:dossier", args=[w["an"].pk]))
    assert client.get(reverse("exemplars:dossier", args=[w["binh"].pk])).status_code == 404


def test_outsiders_and_anonymous(client, w):
    url = export_url(w["bk"], "danh-sach-docx")
    dossier = reverse("exemplars:dossier", args=[w["an"].pk])
    assert client.get(url).status_code == 302  # to the login page
    assert client.get(dossier).status_code == 302
    other = f.unit("KHAC", "Tỉnh ủy khác")
    login(client, f.person("ngoai", "staff", other))
    assert client.get(url).status_code == 404
    assert client.get(dossier).status_code == 404
    # Staff of an addressed unit read the campaign but do not run it.
    login(client, f.person("cv_quan", "staff", w["an"].unit))
    assert client.get(url).status_code == 403


# --------------------------------------------------------------------------
# page 1 of each export, through LibreOffice


def _lines(page) -> list[tuple[float, float, float, str]]:
    """The printed lines of a PDF page: (top, left, right in mm, text), letters drawn from
    a fallback font put back in their line as the project's PDF reader does."""
    from tonghop.readers.pdf import _page_lines

    mm = 72 / 25.4
    lines, _ = _page_lines(page)
    rows: list[list] = []
    for ln in sorted(lines, key=lambda ln: (round(ln.base), ln.x0)):
        row = [ln.y0 / mm, ln.x0 / mm, ln.x1 / mm, " ".join(ln.text.split())]
        last = rows[-1] if rows else None
        # Pieces of one line (a word drawn apart) joined: same baseline, a word's gap apart.
        if last and abs(last[0] - row[0]) < 1 and 0 <= row[1] - last[2] < 4:
            last[2], last[3] = row[2], f"{last[3]} {row[3]}"
        else:
            rows.append(row)
    return [tuple(r) for r in rows]


def _header_left(lines) -> list[str]:
    """The left column of the header: lines above 60 mm in the page's left half."""
    return [text for top, x0, x1, text in lines if top < 60 and x1 < 105]


def test_page_one_of_each_export_in_party_format(client, w, soffice, tmp_path):
    """Each export as LibreOffice prints it (page 1 kept as PNG, looked at): the department
    under the city committee, a place for the number, the leader's title and name each on
    one line of the same page, nothing beyond the margins."""
    import subprocess

    import pymupdf

    from tonghop.readers.pdf import read_pdf
    from tonghop.synth.generator import convert_to_pdf

    c = w["campaign"]
    c.signer_title = "PHÓ TRƯỞNG BAN THƯỜNG TRỰC"  # a long title stays on one line
    c.save()
    login(client, w["staff"])
    urls = {
        "danh_sach": export_url(w["bk"], "danh-sach-docx"),
        "ho_so": reverse("exemplars:dossier", args=[w["an"].pk]),
        "ban_thao": export_url(w["book"], "ban-thao"),
        "trien_lam": export_url(w["expo"], "trien-lam"),
    }
    docs = []
    for name, url in urls.items():
        resp = client.get(url)
        assert resp.status_code == 200
        docs.append(tmp_path / f"{name}.docx")
        docs[-1].write_bytes(b"".join(resp.streaming_content))
    pdfs = convert_to_pdf(docs, tmp_path)
    mm = 72 / 25.4
    pages = {}
    for pdf_path in pdfs:
        subprocess.run(
            ["pdftoppm", "-r", "70", "-png", "-f", "1", "-l", "1", "-singlefile",
             str(pdf_path), str(pdf_path.with_suffix(""))], check=True, timeout=120,
        )  # fmt: skip
        print(f"\nTrang 1: {pdf_path.with_suffix('.png')}")
        assert pdf_path.with_suffix(".png").stat().st_size > 5_000
        with pymupdf.open(pdf_path) as pdf:
            for page in pdf:
                words = page.get_text("words")
                assert min(w[0] for w in words) / mm >= 29, pdf_path.name
                assert max(w[2] for w in words) / mm <= 196, pdf_path.name
            pages[pdf_path.stem] = [_lines(p) for p in pdf]
        first = "\n".join(b.text for b in read_pdf(pdf_path.read_bytes()).blocks if b.page == 1)
        pages[pdf_path.stem + "_text"] = first
    # The proposal list: the header's left column, line by line, the number's place kept.
    left = _header_left(pages["danh_sach"][0])
    assert left[:4] == ["THÀNH ỦY HÀ NỘI", "BAN TUYÊN GIÁO", "*", "Số -DS/BTGTU"], left
    number = next(ln for ln in pages["danh_sach"][0] if ln[3] == "Số -DS/BTGTU")
    assert number[2] - number[1] > 35  # "Số", then room for the number, then "-DS/BTGTU"
    where = {}
    for k, lines in enumerate(pages["danh_sach"]):
        for line in lines:
            where.setdefault(line[3], (k, line))
    # The signature: each line whole, all on one page, right of the page's middle.
    for text in ("K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN THƯỜNG TRỰC", "Trần Quốc Hưng"):
        assert text in where, (text, sorted(where))
        assert where[text][1][1] > 100, text
    assert len({where[t][0] for t in ("K/T TRƯỞNG BAN", "Trần Quốc Hưng")}) == 1
    assert "chuyenvien" not in pages["danh_sach_text"]
    # The dossier: the nominating unit under the Party body above it.
    left = _header_left(pages["ho_so"][0])
    assert left[:3] == ["ĐẢNG BỘ THÀNH PHỐ HÀ NỘI", "QUẬN ỦY A", "*"], left
    assert "HỒ SƠ ĐỀ NGHỊ" in pages["ho_so_text"]
    assert "TẬP 8" in pages["ban_thao_text"] and "TRIỂN LÃM" in pages["trien_lam_text"]
    # The book manuscript and the exhibition list: the department's header as the list's
    # (the manuscript takes no number); the exhibition list signed by the leader too.
    for name, number in (("ban_thao", []), ("trien_lam", ["Số -DS/BTGTU"])):
        left = _header_left(pages[name][0])
        assert left[: 3 + len(number)] == ["THÀNH ỦY HÀ NỘI", "BAN TUYÊN GIÁO", "*", *number]
        right = [t for top, x0, _x1, t in pages[name][0] if top < 60 and x0 > 95]
        assert right[0] == "ĐẢNG CỘNG SẢN VIỆT NAM", (name, right)
        assert any(t.startswith("Hà Nội, ngày ") for t in right), (name, right)
    signed = [t for lines in pages["trien_lam"] for _top, x0, _x1, t in lines if x0 > 100]
    for text in ("K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN THƯỜNG TRỰC", "Trần Quốc Hưng"):
        assert text in signed, (text, signed)
    assert "Lê Thị Cúc" not in pages["trien_lam_text"] + pages["ban_thao_text"]
