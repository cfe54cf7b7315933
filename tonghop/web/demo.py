"""The demo: a city's organisation tree, one user per role, a Kết luận 01-KL/TW
campaign from the built-in template, and reports from the project's generator.

Loading it twice changes nothing: units and users are found by code and user
name, and the campaign is skipped when it exists.  Reports go through the same
`store_upload` the upload page uses, so what the demo shows is what users get.

Choice: the staff member and the leader belong to the root (Thành ủy Hà Nội) and
the campaign is owned by the root, so it can address the whole city; the
Ban Tuyên giáo Thành ủy, which runs it, is named as the receiving office.
"""

from __future__ import annotations

import datetime as dt
import random
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from tonghop import dates
from tonghop.web import demo_chain
from tonghop.web.accounts.models import Profile
from tonghop.web.campaigns import services as campaigns
from tonghop.web.campaigns import templates_kl01
from tonghop.web.campaigns.models import Assignment, Campaign
from tonghop.web.consolidation import demo as consolidation
from tonghop.web.units.models import Unit

PASSWORD = "tonghop-demo"
ROOT = "TU-HN"
DOMAIN = "example.vn"
K = Unit.Kind

# (code, name, short name, kind, parent code, e-mail local part)
UNITS: tuple[tuple[str, str, str, str, str, str], ...] = (
    (ROOT, "Thành ủy Hà Nội", "Thành ủy", K.CITY, "", "thanhuy"),
    ("BTG-TU", "Ban Tuyên giáo Thành ủy", "Ban Tuyên giáo", K.DEPARTMENT, ROOT, "bantuyengiao"),
    ("BTC-TU", "Ban Tổ chức Thành ủy", "Ban Tổ chức", K.DEPARTMENT, ROOT, "bantochuc"),
    ("VP-TU", "Văn phòng Thành ủy", "Văn phòng", K.DEPARTMENT, ROOT, "vanphong"),
    ("QU-BD", "Quận ủy Ba Đình", "Ba Đình", K.DISTRICT, ROOT, "quanuy.badinh"),
    ("QU-HK", "Quận ủy Hoàn Kiếm", "Hoàn Kiếm", K.DISTRICT, ROOT, "quanuy.hoankiem"),
    ("QU-TH", "Quận ủy Tây Hồ", "Tây Hồ", K.DISTRICT, ROOT, "quanuy.tayho"),
    ("QU-LB", "Quận ủy Long Biên", "Long Biên", K.DISTRICT, ROOT, "quanuy.longbien"),
    ("QU-CG", "Quận ủy Cầu Giấy", "Cầu Giấy", K.DISTRICT, ROOT, "quanuy.caugiay"),
    ("QU-DD", "Quận ủy Đống Đa", "Đống Đa", K.DISTRICT, ROOT, "quanuy.dongda"),
    ("QU-HBT", "Quận ủy Hai Bà Trưng", "Hai Bà Trưng", K.DISTRICT, ROOT, "quanuy.haibatrung"),
    ("QU-TX", "Quận ủy Thanh Xuân", "Thanh Xuân", K.DISTRICT, ROOT, "quanuy.thanhxuan"),
    ("QU-HD", "Quận ủy Hà Đông", "Hà Đông", K.DISTRICT, ROOT, "quanuy.hadong"),
    ("HU-SS", "Huyện ủy Sóc Sơn", "Sóc Sơn", K.DISTRICT, ROOT, "huyenuy.socson"),
    ("HU-DA", "Huyện ủy Đông Anh", "Đông Anh", K.DISTRICT, ROOT, "huyenuy.donganh"),
    ("TXU-ST", "Thị ủy Sơn Tây", "Sơn Tây", K.DISTRICT, ROOT, "thiuy.sontay"),
    ("DUK-CQ", "Đảng ủy Khối các cơ quan Thành phố", "ĐUK Cơ quan", K.BLOC, ROOT, "dukcq"),
    ("DUK-DN", "Đảng ủy Khối Doanh nghiệp Thành phố", "ĐUK Doanh nghiệp", K.BLOC, ROOT, "dukdn"),
    (
        "DUK-DH",
        "Đảng ủy Khối các trường đại học, cao đẳng Hà Nội",
        "ĐUK Đại học",
        K.BLOC,
        ROOT,
        "dukdh",
    ),
    ("DU-CA", "Đảng ủy Công an Thành phố", "Đảng ủy Công an", K.COMMITTEE, ROOT, "danguy.congan"),
    (
        "DU-QS",
        "Đảng ủy Quân sự Thành phố",
        "Đảng ủy Quân sự",
        K.COMMITTEE,
        ROOT,
        "danguy.quansu",
    ),
    (
        "DU-VT",
        "Đảng ủy Tổng công ty Vận tải Hà Nội",
        "Đảng ủy Transerco",
        K.COMMITTEE,
        ROOT,
        "danguy.transerco",
    ),
    ("MTTQ", "Ủy ban MTTQ Việt Nam Thành phố Hà Nội", "MTTQ Thành phố", K.FRONT, ROOT, "mttq"),
    ("TD", "Thành đoàn Hà Nội", "Thành đoàn", K.MASS_ORG, ROOT, "thanhdoan"),
    ("HLHPN", "Hội Liên hiệp Phụ nữ Thành phố", "Hội Phụ nữ", K.MASS_ORG, ROOT, "hoiphunu"),
    ("HND", "Hội Nông dân Thành phố", "Hội Nông dân", K.MASS_ORG, ROOT, "hoinongdan"),
    ("HCCB", "Hội Cựu chiến binh Thành phố", "Hội Cựu chiến binh", K.MASS_ORG, ROOT, "hoiccb"),
    ("LDLD", "Liên đoàn Lao động Thành phố", "Liên đoàn Lao động", K.MASS_ORG, ROOT, "ldld"),
    ("BD-PX", "Đảng ủy phường Phúc Xá", "Phúc Xá", K.GRASSROOTS, "QU-BD", "phucxa.badinh"),
    ("BD-TB", "Đảng ủy phường Trúc Bạch", "Trúc Bạch", K.GRASSROOTS, "QU-BD", "trucbach.badinh"),
    ("BD-KM", "Đảng ủy phường Kim Mã", "Kim Mã", K.GRASSROOTS, "QU-BD", "kimma.badinh"),
    ("BD-NH", "Đảng ủy phường Ngọc Hà", "Ngọc Hà", K.GRASSROOTS, "QU-BD", "ngocha.badinh"),
    ("BD-DB", "Đảng ủy phường Điện Biên", "Điện Biên", K.GRASSROOTS, "QU-BD", "dienbien.badinh"),
    (
        "BD-PDP",
        "Chi bộ Trường THPT Phan Đình Phùng",
        "THPT Phan Đình Phùng",
        K.GRASSROOTS,
        "QU-BD",
        "thptpdp.badinh",
    ),
    (
        "BD-QT",
        "Đảng ủy phường Quán Thánh",
        "Quán Thánh",
        K.GRASSROOTS,
        "QU-BD",
        "quanthanh.badinh",
    ),
    ("CQ-GD", "Đảng bộ Sở Giáo dục và Đào tạo", "Sở GD&ĐT", K.GRASSROOTS, "DUK-CQ", "dangbo.sgd"),
    ("CQ-YT", "Đảng bộ Sở Y tế", "Sở Y tế", K.GRASSROOTS, "DUK-CQ", "dangbo.syt"),
    ("CQ-VH", "Đảng bộ Sở Văn hóa và Thể thao", "Sở VH&TT", K.GRASSROOTS, "DUK-CQ", "dangbo.svhtt"),
)
# Merged into Điện Biên: closed, kept with its history, offered for no new campaign.
CLOSED = {"BD-QT": 90}  # days ago

USERS = (
    ("chuyenvien", Profile.Role.STAFF, ROOT, "Nguyễn Thị Minh Thu (Ban Tuyên giáo Thành ủy)"),
    ("lanhdao", Profile.Role.LEADER, ROOT, "Trần Quốc Hưng (Phó Trưởng Ban Tuyên giáo)"),
    ("baocao", Profile.Role.REPORTER, "QU-CG", "Lê Thu Hà (Văn phòng Quận ủy Cầu Giấy)"),
    # The second level (demo_chain): runs its part of the city's campaign.
    (
        demo_chain.STAFF,
        Profile.Role.STAFF,
        demo_chain.COMMITTEE,
        "Phạm Văn Khôi (Ban Tuyên giáo Đảng ủy Khối các cơ quan)",
    ),
)
ROLE_NAMES = {
    Profile.Role.STAFF: "chuyên viên",
    Profile.Role.LEADER: "lãnh đạo",
    Profile.Role.REPORTER: "cán bộ báo cáo",
}

# What each addressed unit did; anything not named submitted a clean report on time.
MISSING = ("HU-SS", "DU-QS", "HND", "BD-NH")
DRAFT = ("QU-CG",)  # uploaded, not yet submitted: the reporter's own unit
LATE = ("BD-PX", "BD-TB", "BD-KM")  # grassroots after their tier deadline
PDF = ("QU-HK", "DUK-DN", "TD")
FAULTS = {
    "QU-TH": ("missing-item",),
    "QU-DD": ("duplicate-number",),
    "QU-HD": ("total-mismatch",),
    "DUK-CQ": ("marker-without-footnote", "skipped-number"),
    "DU-CA": ("reference-without-number",),
    "HLHPN": ("missing-item", "numbering-style"),
    "BD-KM": ("footnote-without-marker",),
}
ACCEPTED = ("QU-BD", "MTTQ")
RETURNED = {"QU-HD": "Tổng số trong mục II.1 không khớp với các số liệu ở chú thích; đề nghị "
            "rà soát và gửi lại."}  # fmt: skip


@dataclass
class DemoResult:
    created: bool
    units: int = 0
    users: list[tuple[str, str, str, str]] = field(default_factory=list)  # name, role, unit, pw
    campaign: Campaign | None = None
    reports: int = 0
    pdf_note: str = ""


def _tree() -> dict[str, Unit]:
    today = timezone.localdate()
    units: dict[str, Unit] = {}
    for code, name, short, kind, parent, mail in UNITS:
        unit, _ = Unit.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "short_name": short,
                "kind": kind,
                "parent": units.get(parent),
                "email": f"{mail}@{DOMAIN}",
                "closed_on": today - dt.timedelta(days=CLOSED[code]) if code in CLOSED else None,
            },
        )
        units[code] = unit
    return units


def _users(units: dict[str, Unit]) -> list[tuple[str, str, str, str]]:
    out = []
    for username, role, code, full_name in USERS:
        user, made = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@{DOMAIN}"}
        )
        if made:
            user.set_password(PASSWORD)
            user.save()
        Profile.objects.get_or_create(
            user=user, defaults={"role": role, "unit": units[code], "full_name": full_name}
        )
        out.append((username, ROLE_NAMES[role], units[code].name, PASSWORD))
    return out


def _campaign(units: dict[str, Unit], staff: User) -> Campaign:
    today = timezone.localdate()
    proposal = campaigns.proposal_from_template()
    start = dt.date(today.year - 1, today.month, 1)
    end = (dt.date(today.year, today.month, 28) + dt.timedelta(days=40)).replace(day=1)
    facts = dict(proposal.initial)
    facts.update(
        {
            "period_from": start,
            "period_to": end - dt.timedelta(days=1),
            "period_text": f"từ tháng {start.month}/{start.year} đến tháng "
            f"{(end - dt.timedelta(days=1)).month}/{(end - dt.timedelta(days=1)).year}",
            "deadline": today + dt.timedelta(days=5),
            "deadline_text": dates.before_words(today + dt.timedelta(days=5)),
            "email": f"phongllct@{DOMAIN}",
        }
    )
    root = units[ROOT]
    addressed = campaigns.choose_units(root, "loai", kinds=list(templates_kl01.ADDRESSED_KINDS))
    # Ba Đình's grassroots committees report too, earlier, so the district can roll up.
    addressed += campaigns.choose_units(root, "nhanh", branch=units["QU-BD"])[1:]
    # Issued three weeks ago, when the grassroots' deadline (3 days ago) was still ahead,
    # and published the same day: units see it and report.
    issued = today - dt.timedelta(days=21)
    facts.update(
        issuer_superior="THÀNH ỦY HÀ NỘI",
        issuer="BAN TUYÊN GIÁO",
        symbol="BTGTU",
        signer_authority="K/T TRƯỞNG BAN",
        signer_title="PHÓ TRƯỞNG BAN",
        signer_name="Trần Quốc Hưng",
    )
    campaign = campaigns.create_campaign(
        staff,
        root,
        facts,
        proposal.outline,
        addressed,
        programmes=proposal.programmes,
        tiers={2: today - dt.timedelta(days=3)},
        template=templates_kl01.KEY,
        today=issued,
    )
    published = timezone.now() - dt.timedelta(days=21)
    return campaigns.publish(staff, campaign, today=issued, at=published)


def _write_reports(assignments: list[Assignment], folder: Path) -> tuple[dict[str, Path], str]:
    """One file per unit that uploads: .docx, and .pdf for a few (one LibreOffice call)."""
    from tonghop.synth import generator

    files: dict[str, Path] = {}
    pdf_sources: list[tuple[str, Path]] = []
    for n, a in enumerate(assignments, start=1):
        code = a.unit.code
        faults = FAULTS.get(code, ())
        report = generator.generate_report(
            7000 + n, unit=a.unit.name, faults=faults, guideline_seed=0
        )
        path = folder / f"{code}.docx"
        generator.write_report(report.blocks, path, "docx", seed=7000 + n)
        files[code] = path
        if code in PDF and "footnote-without-marker" not in faults:
            pdf_sources.append((code, path))
    note = ""
    if pdf_sources:
        try:
            made = generator.convert_to_pdf([p for _, p in pdf_sources], folder / "pdf")
        except RuntimeError as exc:  # no LibreOffice: those units send Word files instead
            note = f"Không tạo được báo cáo PDF ({exc}); các đơn vị đó nộp tệp .docx."
        else:
            for (code, _), pdf in zip(pdf_sources, made, strict=True):
                files[code] = pdf
    return files, note


def _backdate(submission, when: dt.datetime) -> None:
    """Spread the demo's submissions over the past days, as a real campaign would be."""
    from tonghop.web.submissions.models import Version

    due = submission.assignment.due
    submission.submitted_at = when
    submission.on_time = submission.is_on_time(when, due)
    submission.save(update_fields=["submitted_at", "on_time"])
    Version.objects.filter(submission=submission).update(uploaded_at=when)


def _reports(campaign: Campaign, staff: User) -> tuple[int, str]:
    from tonghop.web.submissions import services as submissions

    rng = random.Random(2024)
    now = timezone.now()
    assignments = list(
        campaign.assignments.select_related("unit", "campaign").order_by("unit__tree_path")
    )
    # The committee of the second level reports from its units' reports (demo_chain).
    uploading = [
        a for a in assignments if a.unit.code not in MISSING and a.unit.code != demo_chain.COMMITTEE
    ]
    reporters = {p.unit_id: p.user for p in Profile.objects.filter(role=Profile.Role.REPORTER)}
    with tempfile.TemporaryDirectory(prefix="tonghop-demo-") as tmp:
        files, note = _write_reports(uploading, Path(tmp))
        count = 0
        for a in uploading:
            path = files[a.unit.code]
            name = f"Báo cáo KL01 - {a.unit.name}{path.suffix}"
            who = reporters.get(a.unit_id)
            version = submissions.store_upload(a, path.read_bytes(), name, user=who)
            consolidation.confirm_figures(version, who)
            count += 1
            if a.unit.code in DRAFT:
                continue
            submission = version.submission
            submissions.submit(submission, version, user=who)
            due = a.due
            if a.unit.code in LATE:
                when = now - dt.timedelta(days=rng.randint(0, 1), hours=rng.randint(1, 5))
            else:
                days_before = max(0, (timezone.localdate() - due).days) + rng.randint(1, 9)
                when = now - dt.timedelta(days=days_before, hours=rng.randint(0, 8))
            _backdate(submission, when)
            if a.unit.code in ACCEPTED:
                submissions.accept(submission, user=staff)
            if a.unit.code in RETURNED:
                submissions.send_back(submission, staff, RETURNED[a.unit.code])
    return count, note


def load_demo() -> DemoResult:
    """Load the demo unless it is there; returns what there is and the logins."""
    with transaction.atomic():
        units = _tree()
        users = _users(units)
        staff = User.objects.get(username="chuyenvien")
        existing = Campaign.objects.filter(owner=units[ROOT], template=templates_kl01.KEY).first()
        if existing is not None:
            return DemoResult(
                created=False, units=len(units), users=users, campaign=existing, reports=0
            )
        campaign = _campaign(units, staff)
        reports, note = _reports(campaign, staff)
        part = demo_chain.forward(campaign, units)
        consolidation.load(campaign, staff)
        demo_chain.report_upward(part)
    return DemoResult(
        created=True,
        units=len(units),
        users=users,
        campaign=campaign,
        reports=reports,
        pdf_note=note,
    )


def describe(result: DemoResult) -> list[str]:
    """The lines printed after loading: what is there and how to log in."""
    lines = []
    if result.created:
        lines.append(
            f"Đã nạp dữ liệu mẫu: {result.units} đơn vị, {len(result.users)} người dùng, "
            f"đợt báo cáo «{result.campaign.title[:70]}...» với {result.reports} báo cáo."
        )
    else:
        lines.append("Dữ liệu mẫu đã có sẵn: không nạp lại.")
    if result.pdf_note:
        lines.append(result.pdf_note)
    lines.append("Tài khoản dùng thử (tên đăng nhập / mật khẩu):")
    for username, role, unit, password in result.users:
        lines.append(f"  {username} / {password}  — {role}, {unit}")
    return lines
