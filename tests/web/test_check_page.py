"""The reporter's check page: the number marked is the one read, figures read as
Vietnamese, sentences once under their outline item, confirmations carried to a new
version, figures frozen once submitted, what is still open said before submitting,
and a text file named .docx refused."""

from __future__ import annotations

import io
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse

from tests.web.factories import campaign, person, unit
from tests.web.factories_submissions import docx_bytes, report_blocks
from tonghop.model import Block
from tonghop.web.campaigns.models import Assignment
from tonghop.web.submissions import checkpage, services
from tonghop.web.submissions.models import ReportedFigure, Version

pytestmark = pytest.mark.django_db

TRICKY = (
    "Trong 03 năm (2019-2023), Đảng bộ có 01 gương điển hình được tuyên dương; năm 2021 "
    "có 20 chi bộ và 21 tổ chức cơ sở đảng đạt trên 98% kế hoạch, huy động hơn 20 tỷ đồng."
)


def tricky_blocks() -> list[Block]:
    blocks = report_blocks()
    at = next(i for i, b in enumerate(blocks) if b.text.startswith("II. KẾT QUẢ"))
    return [*blocks[: at + 2], Block(TRICKY), *blocks[at + 2 :]]


@pytest.fixture
def w():
    city = unit("TU", "Thành ủy Hà Nội")
    ba_dinh = unit("Q1", "Quận ủy Ba Đình", parent=city)
    c = campaign(city, [ba_dinh])
    return SimpleNamespace(
        campaign=c,
        a=Assignment.objects.get(campaign=c, unit=ba_dinh),
        rep=person("baocao", "reporter", ba_dinh),
        staff=person("chuyenvien", "staff", city),
    )


def fig(pk, raw, unit="", qualifier="", value=None, order=None) -> ReportedFigure:
    v = Decimal(value if value is not None else raw.replace(".", "").replace(",", "."))
    return ReportedFigure(
        pk=pk,
        order=order or pk,
        raw=raw,
        unit=unit,
        qualifier=qualifier,
        value=v,
        proposed_value=v,
        sentence="",
    )


def marked(sentence: str, figures) -> dict[str, str]:
    """raw -> the sentence from the marked number on, as a reader sees it."""
    offsets = checkpage.figure_offsets(sentence, figures)
    return {f.raw + f.unit: sentence[offsets[f.pk] :][:24] for f in figures if f.pk in offsets}


def test_the_number_marked_is_the_one_read():
    figures = [
        fig(1, "03", "năm"),
        fig(2, "01", "gương"),
        fig(3, "20", "chi bộ"),
        fig(4, "21", "tổ chức cơ sở đảng"),
        fig(5, "98%", "%", "trên", value="98"),
        fig(6, "20", "đồng", "hơn", value="20000000000"),
    ]
    got = marked(TRICKY, figures)
    assert got["01gương"].startswith("01 gương")  # not the "01" of "(2019-2023)"
    assert got["20chi bộ"].startswith("20 chi bộ")  # not the "20" of "2021"
    assert got["21tổ chức cơ sở đảng"].startswith("21 tổ chức")  # nor its "21"
    assert got["20đồng"].startswith("20 tỷ đồng")  # the second "20", its own unit
    assert got["98%%"].startswith("98% kế hoạch")
    assert got["03năm"].startswith("03 năm")


def test_numbers_inside_dates_symbols_and_larger_numbers_are_never_marked():
    s = "Thực hiện Kết luận 01-KL/TW ngày 10/4/2024, có 4.320 đảng viên và 10 chi bộ."
    got = marked(s, [fig(1, "10", "chi bộ"), fig(2, "01", ""), fig(3, "320", "")])
    assert got == {"10chi bộ": "10 chi bộ."}


def test_figures_read_as_vietnamese():
    assert checkpage.figure_label(fig(1, "98%", "%", "trên", value="98")) == "trên 98%"
    money = fig(2, "20", "đồng", "hơn", value="20000000000")
    assert checkpage.figure_label(money) == "hơn 20 tỷ đồng"
    assert checkpage.figure_label(fig(3, "1,5", "đồng", value="1500000000")) == "1,5 tỷ đồng"
    assert checkpage.figure_label(fig(4, "350", "đồng", value="350000000")) == "350 triệu đồng"
    assert checkpage.figure_label(fig(5, "4.320", "đảng viên")) == "4.320 đảng viên"
    assert checkpage.figure_label(fig(6, "98,9%", "%", value="98.9")) == "98,9%"


def test_each_sentence_once_under_its_outline_item(w):
    v = services.store_upload(w.a, docx_bytes(tricky_blocks()), "bc.docx", w.rep)
    figures = list(v.figures.all())
    groups = checkpage.groups(v, figures)
    codes = [g.code for g in groups]
    assert codes[:2] == ["I", "II"]
    tricky = [
        s for g in groups for s in g.sentences if "2019-2023" in "".join(p.text for p in s.pieces)
    ]
    assert len(tricky) == 1  # the sentence once, however many figures it holds
    text = "".join(p.text for p in tricky[0].pieces)
    assert text == TRICKY
    marks = {p.figure.unit: p.text for p in tricky[0].pieces if p.figure}
    assert marks.get("gương") == "01" and marks.get("chi bộ") == "20"
    # Every figure is on the page exactly once.
    assert sorted(f.pk for g in groups for f in g.figures) == sorted(f.pk for f in figures)


def test_the_page_shows_the_sentence_once_with_labels(client, w):
    services.store_upload(w.a, docx_bytes(tricky_blocks()), "bc.docx", w.rep)
    client.force_login(w.rep)
    page = client.get(reverse("submissions:detail", args=[w.a.pk])).content.decode()
    assert page.count("Đảng bộ có") == 1
    assert "trên 98%" in page and "hơn 20 tỷ đồng" in page
    assert "trên %" not in page and "hơn đồng" not in page
    assert '<details class="figure-group" data-item="II"' in page


def test_confirmations_carry_over_where_the_figure_is_unchanged(w):
    v1 = services.store_upload(w.a, docx_bytes(), "bc.docx", w.rep)
    by_raw = {f.raw: f for f in v1.figures.all()}
    services.confirm_figures(
        v1, {by_raw["12"].pk: "12", by_raw["4.320"].pk: "4.230", by_raw["98,9%"].pk: "98,9"}
    )
    blocks = report_blocks(lessons=True)
    for b in blocks:  # the 25 models become 27: that figure is new
        b.text = b.text.replace("25 mô hình", "27 mô hình")
    v2 = services.store_upload(w.a, docx_bytes(blocks), "bc2.docx", w.rep)
    states = {f.raw: (f.status, f.value) for f in v2.figures.all()}
    assert states["12"] == ("confirmed", Decimal("12"))
    assert states["4.320"] == ("corrected", Decimal("4230"))
    assert states["98,9%"] == ("confirmed", Decimal("98.9"))
    assert states["27"][0] == "proposed"
    assert states["320"][0] == "proposed"  # never confirmed in version 1


def test_figures_are_frozen_once_submitted_until_sent_back(w):
    v = services.store_upload(w.a, docx_bytes(), "bc.docx", w.rep)
    f = v.figures.first()
    services.submit(v.submission, v, w.rep)
    with pytest.raises(services.SubmissionError, match="không sửa được nữa"):
        services.confirm_figures(v, {f.pk: "999"}, w.rep)
    assert ReportedFigure.objects.get(pk=f.pk).value == f.value
    services.send_back(v.submission, w.staff, "Đề nghị rà soát số liệu.")
    services.confirm_figures(v, {f.pk: "999"}, w.rep)
    assert ReportedFigure.objects.get(pk=f.pk).value == 999


def test_a_submitted_version_shows_its_figures_without_inputs(client, w):
    v = services.store_upload(w.a, docx_bytes(), "bc.docx", w.rep)
    services.submit(v.submission, v, w.rep)
    client.force_login(w.rep)
    page = client.get(reverse("submissions:detail", args=[w.a.pk])).content.decode()
    assert "Báo cáo đã nộp: số liệu của phiên bản này không sửa được nữa" in page
    assert 'aria-label="Số liệu thứ 1"' not in page
    r = client.post(reverse("submissions:figures", args=[v.pk]), {f"f{v.figures.first().pk}": "1"})
    assert r.status_code == 400 and "không sửa được nữa" in r.content.decode()


def test_what_is_still_open_is_said_before_submitting(client, w):
    v = services.store_upload(w.a, docx_bytes(), "bc.docx", w.rep)
    items = checkpage.open_items(v, list(v.figures.all()))
    assert items.missing == ["III.3"] and items.unconfirmed == 5
    assert "5 số liệu chưa xác nhận." in items.lines()
    client.force_login(w.rep)
    page = client.get(reverse("submissions:detail", args=[w.a.pk])).content.decode()
    assert 'class="card submit-bar"' in page
    assert "5 số liệu chưa xác nhận." in page and "Chưa có nội dung cho mục III.3" in page
    assert 'data-confirm="Nộp phiên bản 1 tới Thành ủy Hà Nội?"' in page


def test_the_guideline_and_outline_come_before_any_upload(client, w):
    client.force_login(w.rep)
    page = client.get(reverse("submissions:detail", args=[w.a.pk])).content.decode()
    assert '<details id="outline" open>' in page
    assert "<strong>III.3.</strong> Bài học kinh nghiệm" in page
    assert page.index('id="guide"') < page.index('id="upload"')


def test_a_text_file_named_docx_is_refused(client, w, settings):
    data = b"Bao cao so lieu nam 2024 cua Quan uy Ba Dinh..\n"
    assert len(data) == 47  # the 47-byte file of the issue
    client.force_login(w.rep)
    f = io.BytesIO(data)
    f.name = "bao-cao.docx"
    r = client.post(reverse("submissions:upload", args=[w.a.pk]), {"file": f})
    page = r.content.decode()
    assert r.status_code == 400
    assert "Tệp «bao-cao.docx» không phải là tệp Word (.docx)" in page
    assert not Version.objects.exists()
    # The same words named .txt are a text report, read as such.
    v = services.store_upload(w.a, data, "bao-cao.txt", w.rep)
    assert v.file_format == "txt"


def test_a_text_file_named_pdf_is_refused_as_a_guideline(client, w):
    client.force_login(w.staff)
    f = io.BytesIO(b"HUONG DAN\n\nGui bao cao truoc ngay 10/4/2024.\n")
    f.name = "huong-dan.pdf"
    r = client.post(reverse("campaigns:create"), {"step": "upload", "guideline": f})
    assert r.status_code == 400 and "không phải là tệp PDF" in r.content.decode()
