"""The dashboard's table as a workbook (Theo dõi): one row per unit, real dates,
coverage as a percentage, a filter on the header.  Written as a stream of rows by
tonghop.writers.xlsx_stream, like the consolidation's annex: 5,000 units in a few
hundredths of a second."""

from __future__ import annotations

from django.utils import timezone

from tonghop.web.campaigns.models import Campaign
from tonghop.web.dashboard.services import Row
from tonghop.writers.xlsx_stream import DATE, DATETIME, HEADING, PERCENT, TITLE, Cell, StreamBook

HEADERS = (
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
)
_HEAD = 4  # title, deadline line, blank line, then the headers


def export_xlsx(campaign: Campaign, rows: list[Row]) -> bytes:
    tz = timezone.get_current_timezone()
    book = StreamBook()
    sheet = book.sheet(
        "Theo dõi",
        widths=[6, 14, 44, 28, 12, 14, 14, 18, 12, 12],
        freeze=f"A{_HEAD + 1}",
        filter_row=_HEAD,
    )
    sheet.row([Cell(campaign.title, TITLE)])
    sheet.row([f"Hạn nộp: {campaign.deadline:%d/%m/%Y}. Số đơn vị: {len(rows)}."])
    sheet.row([])
    sheet.row([Cell(h, HEADING) for h in HEADERS])
    for n, r in enumerate(rows, start=1):
        at = r.submitted_at.astimezone(tz).replace(tzinfo=None) if r.submitted_at else None
        sheet.row(
            [
                n,
                r.unit.code,
                r.unit.name,
                r.unit.kind_label,
                Cell(r.due, DATE),
                r.status_label,
                r.review_label,
                Cell(at, DATETIME),
                Cell(r.coverage, PERCENT),
                r.findings,
            ]
        )
    return book.save()
