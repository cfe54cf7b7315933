"""The demo's second level: the Đảng ủy Khối các cơ quan Thành phố has run its part of
the city's campaign, so a newcomer sees the whole chain.  Its staff forwarded the
campaign to its three Party organisations with an earlier deadline and instructions;
they reported, the committee accepted (locked) two and sent one back; its own report
upward is the draft consolidated from its units' reports, submitted to the city, its
figures the roll-up of its units'.  Called by tonghop.web.demo."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from django.contrib.auth.models import User
from django.utils import timezone

from tonghop.web.campaigns import cascade
from tonghop.web.campaigns.models import Campaign

COMMITTEE = "DUK-CQ"
STAFF = "chuyenvien.khoi"
INSTRUCTIONS = (
    "Các đảng bộ trực thuộc báo cáo theo đề cương của Ban Tuyên giáo Thành ủy, nêu rõ số liệu "
    "của năm 2024; gửi kèm danh sách mô hình, điển hình tiêu biểu (nếu có)."
)
RETURNED = {
    "CQ-VH": "Đề nghị bổ sung số liệu về hội nghị học tập chuyên đề năm 2024 ở mục II.1.",
}


def _reports(part: Campaign, staff: User, folder: Path) -> int:
    from tonghop.synth import generator
    from tonghop.web.consolidation import demo as consolidation
    from tonghop.web.submissions import services as submissions

    count = 0
    for n, a in enumerate(part.assignments.select_related("unit").order_by("unit__code"), 1):
        report = generator.generate_report(8100 + n, unit=a.unit.name, guideline_seed=0)
        path = folder / f"{a.unit.code}.docx"
        generator.write_report(report.blocks, path, "docx", seed=8100 + n)
        version = submissions.store_upload(
            a, path.read_bytes(), f"Báo cáo KL01 - {a.unit.name}.docx", user=None
        )
        consolidation.confirm_figures(version, None)
        submissions.submit(version.submission, version, user=None)
        if a.unit.code in RETURNED:
            submissions.send_back(version.submission, staff, RETURNED[a.unit.code])
        else:
            submissions.accept(version.submission, user=staff)
        count += 1
    return count


def forward(campaign: Campaign, units: dict) -> Campaign:
    """The committee forwards the city's campaign to its units (before the city's
    consolidation: their reports are the committee's to read)."""
    staff = User.objects.get(username=STAFF)
    upward = campaign.assignments.get(unit=units[COMMITTEE])
    today = timezone.localdate()
    # Forwarded the day after the city published, due two days before the committee.
    deadline = upward.due - dt.timedelta(days=2)
    part = cascade.forward(
        staff,
        upward,
        cascade.forwardable_units(upward),
        deadline,
        INSTRUCTIONS,
        today=min(today, deadline),
        at=campaign.published_at + dt.timedelta(days=1),
    )
    with tempfile.TemporaryDirectory(prefix="tonghop-demo-chain-") as tmp:
        _reports(part, staff, Path(tmp))
    return part


def report_upward(part: Campaign) -> None:
    """Once the city has its catalogue: the committee's draft from its units' reports
    becomes its report upward, submitted; its figures are the roll-up of its units'."""
    from tonghop.web.consolidation import services as consolidation
    from tonghop.web.submissions import services as submissions

    staff = User.objects.get(username=STAFF)
    consolidation.copy_catalogue(part, part.parent, staff)
    run = consolidation.run_draft(part, {}, staff)
    if run.status != run.Status.DONE:
        return
    version = cascade.use_draft(part, run, staff)
    submissions.submit(version.submission, version, staff)
    cascade.fill_from_rollup(part, staff)
