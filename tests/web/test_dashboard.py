"""The department's reading of a campaign: statuses, coverage, matrix,
side-by-side reading, search, the .xlsx export, permissions and query counts."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tests.web.factories import PASSWORD, person, unit
from tests.web.factories_dashboard import (
    answer_texts,
    at,
    campaign,
    city_tree,
    people,
    report,
    report_docx,
)
from tonghop.web.audit.models import Event
from tonghop.web.dashboard import exports, search, services
from tonghop.web.submissions import services as submissions
from tonghop.web.submissions.models import Submission
from tonghop.web.units.models import Unit

pytestmark = pytest.mark.django_db

D = dt.date(2024, 4, 9)  # "trước ngày 10/4/2024": the last day on time


@pytest.fixture
def world():
    city, dept, (q1, q2, q3), front, youth = city_tree(3)
    c = campaign(city, [q1, q2, q3, front, youth], deadline=D)
    a = {x.unit.code: x for x in c.assignments.select_related("unit")}
    # Late in the evening of the last day: on time.
    report(a["Q1"], at(D, 23, 30), findings=2)
    # Ten past midnight the day after: late; it misses "Bài học kinh nghiệm".
    partial = {k: v for k, v in report_answers().items() if k != "III.3"}
    report(a["Q2"], at(D + dt.timedelta(days=1), 0, 10), answers=partial, findings=5)
    # Q3 sends nothing.  The Front submitted early and was accepted.
    report(a["MT"], at(D - dt.timedelta(days=2), 8), status=Submission.Status.ACCEPTED)
    # The Youth Union has its own later deadline and nothing yet.
    a["DT"].deadline = D + dt.timedelta(days=5)
    a["DT"].save()
    return {"city": city, "dept": dept, "campaign": c, "a": a, **people(city, q1)}


def report_answers():
    return answer_texts()


def rows_by_code(rows):
    return {r.unit.code: r for r in rows}


# ------------------------------------------------------------------ services


def test_statuses_on_the_day_after_the_deadline(world):
    c, city = world["campaign"], world["city"]
    rows = rows_by_code(services.campaign_rows(c, city.subtree(), on=D + dt.timedelta(days=1)))
    assert {k: r.status for k, r in rows.items()} == {
        "Q1": "ontime",
        "Q2": "late",
        "Q3": "missing",
        "MT": "ontime",
        "DT": "pending",  # its own deadline is later
    }
    assert rows["MT"].review == "accepted" and rows["MT"].review_label == "Đã tiếp nhận"
    assert rows["Q1"].coverage == 1.0 and rows["Q2"].coverage == 0.75
    assert rows["Q1"].findings == 2 and rows["Q3"].findings is None


def test_before_the_deadline_nobody_is_missing(world):
    rows = services.campaign_rows(world["campaign"], world["city"].subtree(), on=D)
    assert rows_by_code(rows)["Q3"].status == "pending"
    counts = services.summary(rows)
    assert counts == {
        "addressed": 5,
        "ontime": 2,
        "late": 1,
        "missing": 0,
        "pending": 2,
        "submitted": 3,
        "accepted": 1,
        "returned": 0,
    }


def test_on_time_is_decided_in_hanoi_time():
    due = dt.date(2024, 4, 9)
    utc = dt.UTC
    # 16:59 UTC on the 9th is 23:59 in Hà Nội: on time; 17:01 UTC is the 10th there.
    assert services.status_of(due, dt.datetime(2024, 4, 9, 16, 59, tzinfo=utc), due) == "ontime"
    assert services.status_of(due, dt.datetime(2024, 4, 9, 17, 1, tzinfo=utc), due) == "late"
    assert services.status_of(due, None, due) == "pending"
    assert services.status_of(due, None, due + dt.timedelta(days=1)) == "missing"


def test_filters_and_sorting(world):
    rows = services.campaign_rows(
        world["campaign"], world["city"].subtree(), on=D + dt.timedelta(1)
    )
    late = services.filter_rows(rows, status="late")
    assert [r.unit.code for r in late] == ["Q2"]
    districts = services.filter_rows(rows, kind=Unit.Kind.DISTRICT)
    assert {r.unit.code for r in districts} == {"Q1", "Q2", "Q3"}
    # Accent- and case-insensitive on the unit's name.
    assert [r.unit.code for r in services.filter_rows(rows, q="mttq viet nam")] == ["MT"]
    assert [r.unit.code for r in services.filter_rows(rows, q="BA ĐÌNH")] == ["Q1"]
    by_time = services.sort_rows(rows, "time")
    assert [r.unit.code for r in by_time] == ["MT", "Q1", "Q2", "Q3", "DT"]
    by_time_desc = services.sort_rows(rows, "time", descending=True)
    assert [r.unit.code for r in by_time_desc][:3] == ["Q2", "Q1", "MT"]  # no time: last
    by_status = services.sort_rows(rows, "status")
    assert [r.status for r in by_status] == ["missing", "late", "pending", "ontime", "ontime"]
    assert [r.unit.code for r in services.sort_rows(rows, "findings", True)][:2] == ["Q2", "Q1"]
    assert services.sort_rows(rows, "coverage")[0].unit.code == "Q2"


def test_chart_counts_submissions_day_by_day(world):
    rows = services.campaign_rows(world["campaign"], world["city"].subtree(), on=D)
    series = services.submissions_by_day(rows, D)
    by_day = {d.day: (d.new, d.total) for d in series}
    assert by_day[D - dt.timedelta(days=2)] == (1, 1)
    assert by_day[D] == (1, 2)
    assert by_day[D + dt.timedelta(days=1)] == (1, 3)
    assert series[0].total == 0 and series[-1].total == 3
    svg = render_to_string("dashboard/_chart.html", {"chart": services.chart(series, D, 5)})
    assert "<svg" in svg and "<polyline" in svg and "Hạn nộp 09/04/2024" in svg
    assert "10/04/2024: 3 đơn vị đã nộp" in svg


def test_matrix_reads_the_submitted_version_not_a_later_upload(world):
    c, a = world["campaign"], world["a"]
    # Q1 uploads a draft v2 answering nothing after submitting v1: v1 still counts.
    report(a["Q1"], None, answers={}, number=2)
    # Q3 has only uploaded (not submitted) a report answering I: its latest is read.
    report(a["Q3"], None, answers={"I": report_answers()["I"]})
    items, rows, per_item = services.matrix(c, world["city"].subtree())
    assert [i.code for i in items] == ["I", "II", "III", "III.3"]
    cells = {m.row.unit.code: [state for _item, state in m.cells] for m in rows}
    assert cells["Q1"] == [True, True, True, True]
    assert cells["Q2"] == [True, True, True, False]
    assert cells["Q3"] == [True, False, False, False]
    assert cells["DT"] == [None, None, None, None]
    assert per_item == [4, 3, 3, 2]


def test_side_by_side_with_figures_under_the_answer(world):
    c, a = world["campaign"], world["a"]
    # Q3 answers II in a differently numbered section, with figures in and out of it.
    answers = {"II": (["III"], "KẾT QUẢ", "Tổ chức 75 hội nghị.")}
    figures = [("75", "hội nghị", ["III"]), ("12", "mô hình", ["III", "2"]), ("3", "x", ["I"])]
    report(a["Q3"], at(D), answers=answers, figures=figures)
    report(
        a["DT"],
        at(D),
        answers={"II": (["II"], "KẾT QUẢ", "Có 9 đoàn viên.")},
        figures=[("9", "đoàn viên", ["II"]), ("75", "hội nghị", ["III"])],
    )
    item = c.outline.get(code="II")
    sbs = services.side_by_side(c, item, world["city"].subtree())
    readings = {r.row.unit.code: r for r in sbs.page.object_list}
    assert list(readings) == ["Q1", "Q2", "Q3", "DT", "MT"]  # by name: "Ủy ban" last
    assert readings["Q3"].answer.title == "KẾT QUẢ"
    assert [f.unit for f in readings["Q3"].figures] == ["hội nghị", "mô hình"]
    assert [f.unit for f in readings["DT"].figures] == ["đoàn viên"]
    assert readings["Q1"].paragraphs == ["Tổ chức 4.320 buổi sinh hoạt chuyên đề."]
    assert sbs.missing == [] and sbs.total == 5
    # Units whose report lacks the item, or who sent none, are listed apart.
    lesson = c.outline.get(code="III.3")
    sbs = services.side_by_side(c, lesson, world["city"].subtree())
    assert [r.row.unit.code for r in sbs.page.object_list] == ["Q1", "MT"]
    assert [(r.unit.code, r.has_upload) for r in sbs.missing] == [
        ("Q2", True),
        ("Q3", True),
        ("DT", True),
    ]
    # A page at a time.
    sbs = services.side_by_side(c, item, world["city"].subtree(), page=2, per_page=2)
    assert [r.row.unit.code for r in sbs.page.object_list] == ["Q3", "DT"]
    assert sbs.page.paginator.num_pages == 3


def test_search_is_accent_and_case_insensitive_and_marks_the_hit(world):
    c, a = world["campaign"], world["a"]
    text = "Các chi bộ tổ chức sinh hoạt chuyên đề “Tự soi, tự sửa” hằng quý <b>đều đặn</b>."
    report(a["Q3"], at(D), answers={"III": (["III"], "ĐÁNH GIÁ CHUNG", text)})
    units = world["city"].subtree()
    hits = search.search(c, "tu soi tu sua", units)
    assert len(hits) == 1
    h = hits[0]
    assert h.row_unit.code == "Q3" and h.item.code == "III" and h.phrase
    snip = str(h.snippet)
    assert "<mark>Tự soi, tự sửa</mark>" in snip
    assert "&lt;b&gt;đều đặn&lt;/b&gt;" in snip  # the report's text is escaped
    assert search.search(c, "TỰ SOI", world["city"].subtree())[0].row_unit.code == "Q3"
    # Words apart still find, after whole phrases.
    assert {h.row_unit.code for h in search.search(c, "sinh hoat", units)} == {
        "Q1",
        "Q2",
        "Q3",
        "MT",
    }
    apart = search.search(c, "chuyen de quy", units)
    assert [(h.row_unit.code, h.phrase) for h in apart] == [("Q3", False)]
    assert str(apart[0].snippet).count("<mark>") == 3
    assert search.search(c, "không có từ này", world["city"].subtree()) == []
    assert search.search(c, "  ,, ", world["city"].subtree()) == []


def test_search_keeps_a_hit_once_under_the_deepest_item(world):
    c, a = world["campaign"], world["a"]
    child = "Phải tự soi, tự sửa thường xuyên."
    answers = {
        "III": (["III"], "ĐÁNH GIÁ CHUNG", "Ưu điểm.\n3. Bài học kinh nghiệm\n" + child),
        "III.3": (["III", "3"], "Bài học kinh nghiệm", child),
    }
    report(a["Q3"], at(D), answers=answers)
    hits = search.search(c, "tu soi", world["city"].subtree())
    assert [(h.row_unit.code, h.item.code) for h in hits] == [("Q3", "III.3")]


def test_search_in_long_sections_with_markers_and_decomposed_accents(world):
    c, a = world["campaign"], world["a"]
    filler = "Các cấp ủy quán triệt nghị quyết đến từng chi bộ. " * 200
    marked = filler + "Sinh hoạt chuyên đề “Tự soi¹, tự sửa” được duy trì. " + filler
    decomposed = unicodedata.normalize("NFD", "Đợt “Tự soi, tự sửa” năm 2023 đạt kết quả tốt.")
    report(a["Q3"], at(D), answers={"II": (["II"], "KẾT QUẢ", marked)})
    report(a["DT"], at(D), answers={"II": (["II"], "KẾT QUẢ", decomposed)})
    hits = {h.row_unit.code: h for h in search.search(c, "tu soi tu sua", world["city"].subtree())}
    assert set(hits) == {"Q3", "DT"} and all(h.phrase for h in hits.values())
    assert "<mark>Tự soi¹, tự sửa</mark>" in str(hits["Q3"].snippet)
    assert str(hits["Q3"].snippet).startswith("… ") and len(str(hits["Q3"].snippet)) < 400
    marked_text = str(hits["DT"].snippet).split("<mark>")[1].split("</mark>")[0]
    assert unicodedata.normalize("NFC", marked_text) == "Tự soi, tự sửa"


def test_search_narrowed_to_the_units_given(world):
    c, a = world["campaign"], world["a"]
    hits = search.search(c, "ban thuong vu", Unit.objects.filter(pk=a["Q2"].unit_id))
    assert [h.row_unit.code for h in hits] == ["Q2"]


def test_export_workbook(world):
    rows = services.campaign_rows(world["campaign"], world["city"].subtree(), on=D)
    wb = load_workbook(io.BytesIO(exports.export_xlsx(world["campaign"], rows)))
    ws = wb.active
    header = next(r for r in ws.iter_rows(values_only=True) if r[0] == "STT")
    assert header[:3] == ("STT", "Mã đơn vị", "Tên đơn vị")
    assert "Thời điểm nộp" in header and "Đáp ứng đề cương" in header


# ------------------------------------------------------------------- views


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def urls(c, code="II"):
    return {
        "dashboard": reverse("dashboard:campaign", args=[c.pk]),
        "matrix": reverse("dashboard:matrix", args=[c.pk]),
        "export": reverse("dashboard:export", args=[c.pk]),
        "item": reverse("dashboard:item", args=[c.pk, code]),
        "item_pick": reverse("dashboard:item_pick", args=[c.pk]),
    }


def test_staff_dashboard_page(client, world):
    c = world["campaign"]
    login(client, world["staff"])
    r = client.get(urls(c)["dashboard"])
    assert r.status_code == 200
    html = r.content.decode()
    assert "Quận ủy Ba Đình" in html and "Thành đoàn Hà Nội" in html
    assert "09/04/2024 23:30" in html  # local time, Vietnamese format
    assert "10/04/2024 00:10" in html
    assert "75%" in html and "100%" in html
    assert "Đã tiếp nhận" in html and "<svg" in html
    assert reverse("submissions:detail", args=[world["a"]["Q1"].pk]) in html
    assert reverse("audit:campaign", args=[c.pk]) in html  # staff see the log
    assert reverse("reminders:send", args=[c.pk]) in html  # and the reminders button
    assert r.headers["Vary"].count("HX-Request") == 1
    # A locked campaign takes no reminders.
    c.status = c.Status.LOCKED
    c.save()
    html = client.get(urls(c)["dashboard"]).content.decode()
    assert reverse("reminders:send", args=[c.pk]) not in html and "Đã khóa" in html


def test_htmx_filter_returns_the_table_only(client, world):
    c = world["campaign"]
    login(client, world["staff"])
    r = client.get(urls(c)["dashboard"], {"status": "late"}, headers={"HX-Request": "true"})
    html = r.content.decode()
    assert r.status_code == 200 and "<html" not in html and 'id="bang"' in html
    assert "Quận ủy Tây Hồ" not in html and "Quận ủy Hoàn Kiếm" in html
    assert 'hx-swap-oob="true"' in html
    # The same URL without htmx (a reload, a shared link) is the whole page, filtered.
    full = client.get(urls(c)["dashboard"], {"status": "late"}).content.decode()
    assert "<html" in full and "Quận ủy Ba Đình</a>" not in full


def test_sorting_and_bad_filter_values(client, world):
    c = world["campaign"]
    login(client, world["staff"])
    r = client.get(urls(c)["dashboard"], {"sort": "findings", "order": "desc"})
    html = r.content.decode()
    assert html.index("Quận ủy Hoàn Kiếm") < html.index("Quận ủy Ba Đình")
    # A hand-edited URL with nonsense is read as no filter, not an error page.
    r = client.get(urls(c)["dashboard"], {"status": "xyz", "sort": "drop table"})
    assert r.status_code == 200 and "Quận ủy Ba Đình" in r.content.decode()


def test_leader_reads_without_action_buttons(client, world):
    c = world["campaign"]
    login(client, world["leader"])
    for name, url in urls(c).items():
        r = client.get(url)
        assert r.status_code in (200, 302), name
    html = client.get(urls(c)["dashboard"]).content.decode()
    assert "Quận ủy Ba Đình" in html
    assert "<button" not in html.split("<main ")[1].replace(
        '<button type="submit">Lọc</button>', ""
    )
    assert reverse("audit:campaign", args=[c.pk]) not in html


def test_table_in_pages(client, world, monkeypatch):
    from tonghop.web.dashboard import views

    monkeypatch.setattr(views, "ROWS_PER_PAGE", 2)
    c = world["campaign"]
    login(client, world["staff"])
    r = client.get(urls(c)["dashboard"], {"trang": 3}, headers={"HX-Request": "true"})
    html = r.content.decode()
    assert html.count("<tr data-unit=") == 1 and 'data-unit="MT"' in html  # the last by name
    assert '<td class="num">5</td>' in html  # numbering goes on across pages
    assert "Hiển thị 5/5 đơn vị (trang 3/3)" in html
    assert "trang=2" in html and "Trang sau" not in html
    # A new order starts from the first page; the export takes every page.
    head = html[html.index("<thead>") : html.index("</thead>")]
    assert "trang=" not in head
    assert f'{urls(c)["export"]}"' in html


def test_leader_of_a_district_reads_only_their_part(client, world):
    c = world["campaign"]
    leader = person("lanhdaoquan", "leader", world["a"]["Q1"].unit)
    login(client, leader)
    html = client.get(urls(c)["dashboard"]).content.decode()
    assert "Quận ủy Ba Đình" in html and "Quận ủy Hoàn Kiếm" not in html
    assert "Hiển thị 1/1 đơn vị" in html
    html = client.get(urls(c)["item"]).content.decode()
    assert "Quận ủy Hoàn Kiếm" not in html and "Tổ chức 4.320 buổi" in html


def test_reporter_and_other_staff_are_refused(client, world):
    c = world["campaign"]
    login(client, world["reporter"])
    for name, url in urls(c).items():
        assert client.get(url).status_code == 403, name
    client.logout()
    other_city = unit("TU2", "Tỉnh ủy khác")
    other = person("khac", "staff", other_city)
    login(client, other)
    for name, url in urls(c).items():
        assert client.get(url).status_code == 403, name
    # Staff of a unit below the owner do not run the campaign either.
    below = person("quan", "staff", world["a"]["Q1"].unit)
    client.logout()
    login(client, below)
    assert client.get(urls(c)["dashboard"]).status_code == 403
    assert client.get(reverse("dashboard:campaign", args=[c.pk + 999])).status_code == 404


def test_pages_need_login(client, world):
    r = client.get(urls(world["campaign"])["dashboard"])
    assert r.status_code == 302 and reverse("login") in r.url


def test_export_view(client, world):
    c = world["campaign"]
    login(client, world["staff"])
    r = client.get(urls(c)["export"])
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in r["Content-Disposition"]
    ws = load_workbook(io.BytesIO(r.content)).active
    rows = list(ws.iter_rows(values_only=False))
    head = next(i for i, row in enumerate(rows) if row[0].value == "STT")
    header = [cell.value for cell in rows[head]]
    assert header == [
        "STT",
        "Mã đơn vị",
        "Tên đơn vị",
        "Loại đơn vị",
        "Hạn nộp",
        "Trạng thái",
        "Tiếp nhận",
        "Thời điểm nộp",
        "Đáp ứng đề cương",
        "Số vấn đề phát hiện",
    ]
    data = {row[1].value: row for row in rows[head + 1 :]}
    assert set(data) == {"Q1", "Q2", "Q3", "MT", "DT"}
    q2 = data["Q2"]
    assert q2[2].value == "Quận ủy Hoàn Kiếm" and q2[5].value == "Nộp muộn"
    assert q2[4].value == dt.datetime(2024, 4, 9) and q2[4].number_format == "dd/mm/yyyy"
    assert q2[7].value == dt.datetime(2024, 4, 10, 0, 10)  # Hà Nội's time
    assert q2[7].number_format.startswith("dd/mm/yyyy")
    assert q2[8].value == 0.75 and q2[8].number_format == "0.0%"
    assert q2[9].value == 5
    assert data["MT"][6].value == "Đã tiếp nhận"
    assert data["Q3"][7].value is None and data["Q3"][8].value is None
    # The export follows the dashboard's filter.
    r = client.get(urls(c)["export"], {"status": "late"})
    ws = load_workbook(io.BytesIO(r.content)).active
    codes = [row[1] for row in ws.iter_rows(values_only=True) if isinstance(row[0], int)]
    assert codes == ["Q2"]


def test_matrix_page(client, world):
    c = world["campaign"]
    login(client, world["staff"])
    html = client.get(urls(c)["matrix"]).content.decode()
    assert 'title="III.3. Bài học kinh nghiệm"' in html
    assert html.count('class="yes"') == 4 + 3 + 4  # Q1, Q2 (no III.3), MT
    assert html.count('class="no"') == 1
    assert reverse("dashboard:item", args=[c.pk, "III.3"]) in html


def test_item_page(client, world):
    c = world["campaign"]
    login(client, world["staff"])
    r = client.get(urls(c, "III.3")["item"])
    html = r.content.decode()
    assert r.status_code == 200
    assert "Phải gắn với nêu gương." in html
    assert "Chưa có nội dung: 3 đơn vị" in html  # Q2 lacks it, Q3 and DT sent nothing
    missing = html[html.index('<ul class="no-answer">') :]
    assert missing.count("<li ") == 3
    q2 = missing[missing.index('data-unit="Q2"') :]
    assert "báo cáo không có phần tương ứng với mục này" in q2[: q2.index("</li>")]
    assert 'value="III.3" selected' in html
    # The select's form lands on the chosen item.
    r = client.get(urls(c)["item_pick"], {"code": "I"})
    assert r.status_code == 302 and r.url == reverse("dashboard:item", args=[c.pk, "I"])
    assert client.get(urls(c)["item_pick"]).url == reverse("dashboard:item", args=[c.pk, "I"])
    assert client.get(reverse("dashboard:item", args=[c.pk, "IX"])).status_code == 404


def test_reporter_search_sees_only_their_unit(client, world):
    c, a = world["campaign"], world["a"]
    secret = "Đề xuất “Tự soi, tự sửa” của quận bạn."
    report(a["Q3"], at(D), answers={"I": (["I"], "LÃNH ĐẠO", secret)})
    url = reverse("dashboard:search", args=[c.pk])
    login(client, world["staff"])
    html = client.get(url, {"q": "tu soi tu sua"}).content.decode()
    assert "<mark>Tự soi, tự sửa</mark>" in html and "Quận ủy Tây Hồ" in html
    client.logout()
    login(client, world["reporter"])  # reporter of Q1
    for q in ["tu soi tu sua", "ban thuong vu", "Tây Hồ", "quan ban"]:
        html = client.get(url, {"q": q}).content.decode()
        assert "Quận ủy Tây Hồ" not in html and "Quận ủy Hoàn Kiếm" not in html, q
        assert reverse("submissions:detail", args=[a["Q3"].pk]) not in html
    html = client.get(url, {"q": "ban thuong vu"}).content.decode()
    assert "Quận ủy Ba Đình" in html and "<mark>Ban Thường vụ</mark>" in html
    # A reporter of a unit not addressed by the campaign is refused outright.
    stranger = person("ngoai", "reporter", unit("X", "Đơn vị ngoài", parent=world["city"]))
    client.logout()
    login(client, stranger)
    assert client.get(url, {"q": "ban"}).status_code == 403


def test_search_page_without_query_and_leader(client, world):
    c = world["campaign"]
    url = reverse("dashboard:search", args=[c.pk])
    login(client, world["leader"])
    r = client.get(url)
    assert r.status_code == 200 and "Kết quả cho" not in r.content.decode()
    html = client.get(url, {"q": "không đâu có"}).content.decode()
    assert "Không tìm thấy kết quả nào." in html


# -------------------------------------------------------- the whole chain


def test_reports_uploaded_and_submitted_through_the_service(client, world):
    """Real .docx files read by the engine, stored and submitted by the
    submissions service, then read on the dashboard, side by side and in search."""
    c, a, staff = world["campaign"], world["a"], world["staff"]
    v = submissions.store_upload(a["Q3"], report_docx("Quận ủy Tây Hồ"), "tay-ho.docx", staff)
    submissions.submit(v.submission, v, staff)
    v2 = submissions.store_upload(a["DT"], report_docx("Thành đoàn", "Học và làm"), "td.docx")
    login(client, staff)
    html = client.get(urls(c)["dashboard"]).content.decode()
    row = html[html.index('data-unit="Q3"') :]
    row = row[: row.index("</tr>")]
    assert "100%" in row and "đúng hạn" not in row.lower()  # submitted today: after D
    assert "Nộp muộn" in row
    assert "đã tải lên, chưa nộp" in html  # the Youth Union's upload, not submitted
    hits = search.search(c, "tu soi tu sua", world["city"].subtree())
    assert [h.row_unit.code for h in hits] == ["Q3"]
    assert "<mark>Tự soi, tự sửa</mark>" in str(hits[0].snippet)
    html = client.get(urls(c, "II")["item"]).content.decode()
    assert "Tổ chức 4.320 buổi học tập cho cán bộ, đảng viên." in html
    q3 = html[html.index('data-unit="Q3"') :]
    q3 = q3[: q3.index("</article>")]
    assert "4.320" in q3 and "buổi" in q3
    matrix = {m.row.unit.code: m for m in services.matrix(c, world["city"].subtree())[1]}
    assert all(state for _i, state in matrix["Q3"].cells)
    assert all(state for _i, state in matrix["DT"].cells)  # the latest upload is read
    assert v2.submission.submitted_at is None
    assert Event.objects.filter(campaign=c, action="submit").count() == 1


# ------------------------------------------------------------ query counts


def grow(world, n: int) -> None:
    """Add districts until the campaign addresses `n` units, each with a report."""
    c, city = world["campaign"], world["city"]
    have = c.assignments.count()
    for k in range(have, n):
        u = unit(f"X{k}", f"Đảng ủy phường {k}", parent=city, kind=Unit.Kind.GRASSROOTS)
        assignment = c.assignments.create(unit=u, parent_at_time=city)
        report(
            assignment,
            at(D - dt.timedelta(days=k % 4)) if k % 3 else None,
            figures=[("4320", "buổi", ["II"]), ("5", "kế hoạch", ["I"])],
        )


PAGES = ["dashboard", "matrix", "item", "export"]


@pytest.mark.parametrize("page", PAGES)
def test_queries_do_not_grow_with_units(client, world, page, django_assert_max_num_queries):
    c = world["campaign"]
    login(client, world["staff"])
    url = urls(c)[page]
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as five:
        assert client.get(url).status_code == 200
    grow(world, 30)
    assert c.assignments.count() == 30
    with django_assert_max_num_queries(len(five)):
        r = client.get(url)
    assert r.status_code == 200


def test_search_and_side_by_side_queries_constant(world, django_assert_max_num_queries):
    c, city = world["campaign"], world["city"]
    item = c.outline.get(code="II")
    with CaptureQueriesContext(connection) as five:
        services.side_by_side(c, item, city.subtree())
        search.search(c, "sinh hoat", city.subtree())
    grow(world, 30)
    with django_assert_max_num_queries(len(five)):
        sbs = services.side_by_side(c, item, city.subtree())
        hits = search.search(c, "sinh hoat", city.subtree())
    assert sbs.total == 30 and sbs.page.paginator.count == 28 and len(hits) > 20
    # One figure under II for each new unit.
    assert sum(len(r.figures) for r in sbs.page.object_list) == 25


def test_a_unit_whose_upload_is_being_read_shows_it_but_is_not_counted_sent(client, world):
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from tonghop.web.submissions.models import PendingUpload

    c, city, a = world["campaign"], world["city"], world["a"]
    p = PendingUpload.objects.create(
        assignment=a["Q3"],
        file=ContentFile(b"\xd0\xcf\x11\xe0" + b"\x00" * 60, name="bao-cao.doc"),
        original_name="bao-cao.doc",
        size=64,
        sha256="0" * 64,
        file_format="doc",
        reason="convert",
        received_at=timezone.now(),
    )
    on = D + dt.timedelta(days=1)
    rows = rows_by_code(services.campaign_rows(c, city.subtree(), on=on))
    assert rows["Q3"].reading and rows["Q3"].status == "missing"
    assert not any(r.reading for k, r in rows.items() if k != "Q3")
    assert services.summary(rows.values())["submitted"] == 3  # as without the upload
    login(client, world["staff"])
    html = client.get(urls(c)["dashboard"]).content.decode()
    row = html.split('data-unit="Q3"')[1].split("</tr>")[0]
    assert "đang đọc tệp đã tải lên, chưa nộp" in row and "Chưa" in row
    # Running still counts as being read; failed (the file kept, nobody reading) not.
    PendingUpload.objects.filter(pk=p.pk).update(state="running")
    assert rows_by_code(services.campaign_rows(c, city.subtree(), on=on))["Q3"].reading
    PendingUpload.objects.filter(pk=p.pk).update(state="failed")
    rows = rows_by_code(services.campaign_rows(c, city.subtree(), on=on))
    assert not rows["Q3"].reading
    html = client.get(urls(c)["dashboard"]).content.decode()
    assert "đang đọc tệp đã tải lên" not in html
