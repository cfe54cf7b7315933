"""The streamed .xlsx read back by openpyxl: values and their types, empty cells left
empty, styles, widths, frozen panes, sheet names Excel accepts.  (LibreOffice here has
no Calc to open it with.)"""

from decimal import Decimal
from io import BytesIO

from openpyxl import load_workbook

from tonghop.writers.xlsx_stream import HEADING, TITLE, Cell, StreamBook, column_letter


def _book() -> bytes:
    book = StreamBook()
    ws = book.sheet("Số liệu đơn vị", widths=[6, 44, 16], freeze="C4")
    ws.row([Cell("Tổng hợp <số liệu> & “trích dẫn”", TITLE)])
    ws.row(["ghi chú\x07 có ký tự điều khiển"])
    ws.row([Cell("STT", HEADING), Cell("Đơn vị", HEADING), Cell("Số hội nghị", HEADING)])
    ws.row([1, "Đảng ủy phường Phúc Xá", 4320])
    ws.row([2, "Đảng ủy phường Trúc Bạch", None, 98.9])
    ws.row([3, "Quận ủy Ba Đình", Decimal("12.5")])
    book.sheet("Tổng hợp: theo cấp/ba?").row(["Toàn đợt", "6/7"])
    return book.save()


def test_openpyxl_reads_values_types_and_layout():
    wb = load_workbook(BytesIO(_book()))
    ws = wb["Số liệu đơn vị"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "Tổng hợp <số liệu> & “trích dẫn”"
    assert rows[1][0] == "ghi chú có ký tự điều khiển"
    assert rows[3] == (1, "Đảng ủy phường Phúc Xá", 4320, None)
    assert rows[4] == (2, "Đảng ủy phường Trúc Bạch", None, 98.9)  # empty stays empty
    assert rows[5][2] == 12.5
    assert ws["A1"].font.b and ws["A1"].font.sz == 13
    assert ws["B3"].font.b and ws["B3"].fill.fgColor.rgb == "FFEEF1F5"
    assert ws.freeze_panes == "C4"
    assert ws.column_dimensions["B"].width == 44
    assert wb.sheetnames[1] == "Tổng hợp  theo cấp ba "


def test_column_letters():
    assert [column_letter(n) for n in (1, 26, 27, 52, 53, 702, 703)] == [
        "A", "Z", "AA", "AZ", "BA", "ZZ", "AAA",
    ]  # fmt: skip
