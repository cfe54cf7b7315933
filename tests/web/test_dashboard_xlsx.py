"""The dashboard's .xlsx (dashboard/exports.py, through writers/xlsx_stream.py), read
back by openpyxl with its dates, percentages, header, frozen rows and filter.  (The project installs
LibreOffice's Writer only, which does not open spreadsheets.)"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from tests.web.factories_dashboard import at, campaign, city_tree, report
from tonghop.web.dashboard import exports, services
from tonghop.web.submissions.models import Submission
from tonghop.writers.xlsx_stream import DATE, Cell, StreamBook

pytestmark = pytest.mark.django_db

D = dt.date(2024, 4, 9)


@pytest.fixture
def rows():
    city, _dept, (q1, q2), front, youth = city_tree(2)
    c = campaign(city, [q1, q2, front, youth], deadline=D, title="Đợt <thử> & “kiểm tra”")
    a = {x.unit.code: x for x in c.assignments.select_related("unit")}
    report(a["Q1"], at(D, 23, 30), findings=2)
    report(a["Q2"], at(D + dt.timedelta(days=1), 0, 10), answers={}, findings=5)
    report(a["MT"], at(D - dt.timedelta(days=2), 8), status=Submission.Status.ACCEPTED)
    return c, services.campaign_rows(c, city.subtree(), on=D + dt.timedelta(days=3))


def test_read_back_by_openpyxl(rows):
    c, rs = rows
    ws = load_workbook(io.BytesIO(exports.export_xlsx(c, rs))).active
    assert ws.title == "Theo dõi"
    assert ws["A1"].value == "Đợt <thử> & “kiểm tra”" and ws["A1"].font.b
    assert ws["A2"].value == "Hạn nộp: 09/04/2024. Số đơn vị: 4."
    assert ws["A4"].value == "STT" and ws["A4"].font.b
    assert ws["A4"].fill.fgColor.rgb == "FFEEF1F5"
    assert ws.freeze_panes == "A5"
    assert ws.auto_filter.ref == "A4:J8"
    assert ws.column_dimensions["C"].width == 44
    by_code = {r[1].value: r for r in ws.iter_rows(min_row=5)}
    q2 = by_code["Q2"]
    assert q2[4].value == dt.datetime(2024, 4, 9) and q2[4].number_format == "dd/mm/yyyy"
    assert q2[5].value == "Nộp muộn"
    assert q2[7].value == dt.datetime(2024, 4, 10, 0, 10)
    assert q2[7].number_format == "dd/mm/yyyy hh:mm"
    assert q2[8].value == 0 and q2[8].number_format == "0.0%"
    assert q2[9].value == 5
    assert by_code["DT"][7].value is None and by_code["DT"][5].value == "Chưa nộp"


def test_control_characters_are_dropped_not_fatal():
    book = StreamBook()
    book.sheet("Bảng").row(["a\x01b", Cell(dt.date(2024, 1, 2), DATE)])
    data = book.save()
    ws = load_workbook(io.BytesIO(data)).active
    assert ws["A1"].value == "ab" and ws["B1"].value == dt.datetime(2024, 1, 2)
