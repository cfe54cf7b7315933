"""Builders for the dashboard, side-by-side, search and audit tests: a city's tree
and reports stored straight as models (the upload service has its own tests;
one dashboard test goes through it end to end)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

from tests.web.factories import campaign, person, unit
from tonghop.model import Block
from tonghop.text import fold, strip_markers
from tonghop.web.campaigns.models import Assignment
from tonghop.web.submissions.models import Answer, ReportedFigure, Submission, Version
from tonghop.web.units.models import Unit
from tonghop.writers.docx import write_docx

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    """A moment in Hà Nội's time."""
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=HANOI)


def city_tree(n_districts: int = 3):
    """The city committee (owner of campaigns) with districts, the Front and the Youth Union."""
    city = unit("TU", "Thành ủy Hà Nội", kind=Unit.Kind.CITY)
    dept = unit("BTG", "Ban Tuyên giáo Thành ủy", parent=city, kind=Unit.Kind.DEPARTMENT)
    districts = [
        unit(f"Q{k}", f"Quận ủy {name}", parent=city, kind=Unit.Kind.DISTRICT)
        for k, name in zip(range(1, n_districts + 1), _district_names(n_districts), strict=True)
    ]
    front = unit("MT", "Ủy ban MTTQ Việt Nam Thành phố", parent=city, kind=Unit.Kind.FRONT)
    youth = unit("DT", "Thành đoàn Hà Nội", parent=city, kind=Unit.Kind.MASS_ORG)
    return city, dept, districts, front, youth


def _district_names(n: int) -> list[str]:
    known = ["Ba Đình", "Hoàn Kiếm", "Tây Hồ", "Long Biên", "Cầu Giấy", "Đống Đa"]
    return [known[k] if k < len(known) else f"Số {k + 1}" for k in range(n)]


def people(city: Unit, district: Unit):
    return {
        "staff": person("chuyenvien", "staff", city, "Nguyễn Thị Chuyên"),
        "leader": person("lanhdao", "leader", city, "Trần Văn Lãnh"),
        "reporter": person("baocao", "reporter", district, "Lê Văn Báo"),
    }


def answer_texts() -> dict[str, tuple[list[str], str, str]]:
    """Outline code -> (section path, section title, text), like a report's sections."""
    return {
        "I": (["I"], "CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO", "Ban Thường vụ ban hành 05 kế hoạch."),
        "II": (["II"], "KẾT QUẢ THỰC HIỆN", "Tổ chức 4.320 buổi sinh hoạt chuyên đề."),
        "III": (["III"], "ĐÁNH GIÁ CHUNG", "Ưu điểm nổi bật là sự vào cuộc của cả hệ thống."),
        "III.3": (["III", "3"], "Bài học kinh nghiệm", "Phải gắn với nêu gương."),
    }


def report(
    assignment: Assignment,
    submitted_at: dt.datetime | None = None,
    answers: dict[str, tuple[list[str], str, str]] | None = None,
    figures: list[tuple[str, str, list[str]]] = (),
    status: str | None = None,
    findings: int = 0,
    number: int = 1,
) -> Version:
    """A stored version as the upload service would leave it: an Answer row per
    outline item (empty when unanswered), figures, the submission's summary."""
    answers = answer_texts() if answers is None else answers
    sub, _ = Submission.objects.get_or_create(assignment=assignment)
    items = list(assignment.campaign.outline.all())
    coverage = round(sum(i.code in answers for i in items) / len(items), 4)
    version = Version.objects.create(
        submission=sub,
        number=number,
        file=f"reports/{assignment.campaign_id}/{assignment.unit_id}/v{number}.txt",
        original_name="bao-cao.txt",
        size=100,
        sha256="0" * 64,
        file_format="txt",
        findings=[{"code": "x", "severity": "warning", "path": [], "message": "m"}] * findings,
        coverage=coverage,
    )
    for item in items:
        if item.code in answers:
            path, title, text = answers[item.code]
            Answer.objects.create(
                version=version,
                item=item,
                path=path,
                title=title,
                text=text,
                folded=fold(strip_markers(f"{title}\n{text}")),  # as the upload service
                score=0.9,
            )
        else:
            Answer.objects.create(version=version, item=item)
    for order, (value, unit_name, path) in enumerate(figures, start=1):
        ReportedFigure.objects.create(
            version=version,
            order=order,
            value=Decimal(value),
            proposed_value=Decimal(value),
            raw=value,
            unit=unit_name,
            sentence=f"Có {value} {unit_name}.",
            path=path,
        )
    sub.coverage = coverage
    sub.findings_count = findings
    if submitted_at is not None:
        sub.submitted_at = submitted_at
        sub.submitted_version = version
        sub.status = status or Submission.Status.SUBMITTED
        sub.on_time = submitted_at.astimezone(HANOI).date() <= assignment.due
    sub.save()
    return version


def report_docx(unit_name: str, good_practice: str = "“Tự soi, tự sửa”") -> bytes:
    """A small real report in Word, answering the factories' four-item outline."""
    blocks = [
        Block(unit_name.upper(), bold=True, centered=True),
        Block("BÁO CÁO", bold=True, centered=True),
        Block("Kết quả thực hiện Kết luận số 01-KL/TW của Bộ Chính trị", bold=True, centered=True),
        Block("I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO", bold=True),
        Block(
            "Ban Thường vụ ban hành 05 kế hoạch; tổ chức sinh hoạt chuyên đề "
            f"{good_practice} tại 120 chi bộ."
        ),
        Block("II. KẾT QUẢ THỰC HIỆN", bold=True),
        Block("Tổ chức 4.320 buổi học tập cho cán bộ, đảng viên."),
        Block("III. ĐÁNH GIÁ CHUNG", bold=True),
        Block("Ưu điểm: các cấp ủy vào cuộc quyết liệt."),
        Block("3. Bài học kinh nghiệm", bold=True),
        Block("Phải gắn việc học tập với nêu gương của người đứng đầu."),
    ]
    buf = io.BytesIO()
    write_docx(blocks, buf)
    return buf.getvalue()


__all__ = ["at", "campaign", "city_tree", "people", "report", "report_docx"]
