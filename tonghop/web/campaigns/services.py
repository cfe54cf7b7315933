"""Campaigns: a proposal read from the guideline (or the KL01 template), the units
addressed, creation in one transaction, locking."""

from __future__ import annotations

import calendar
import datetime as dt
import re
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Q, QuerySet

from tonghop.model import Document, ReadError
from tonghop.outline import build_outline
from tonghop.pipeline import read_document_bytes
from tonghop.text import fold
from tonghop.web.accounts.access import profile
from tonghop.web.accounts.models import Profile
from tonghop.web.audit.models import Event, record
from tonghop.web.campaigns import templates_kl01
from tonghop.web.campaigns.models import Assignment, Campaign, OutlineItem, TierDeadline
from tonghop.web.units.models import Unit
from tonghop.web.units.services import tree_order

PROGRAMME_FIELDS = (
    "name",
    "collective",
    "individual",
    "model",
    "exemplar",
    "exemplar_min",
    "exemplar_max",
    "note",
)
SUBMITTED = ("submitted", "accepted")


# --- what a user may see ----------------------------------------------------------------


def visible_campaigns(user) -> QuerySet[Campaign]:
    """Campaigns owned within the user's subtree or above their unit (staff, leader),
    counted over the units of the user's own part of the tree."""
    p = profile(user)
    if p is None or p.role == Profile.Role.REPORTER:
        return Campaign.objects.none()
    path = p.unit.tree_path
    above = [int(x) for x in path.strip("/").split("/") if x]
    mine = Q(assignments__unit__tree_path__startswith=path)
    return (
        Campaign.objects.filter(Q(owner__tree_path__startswith=path) | Q(owner_id__in=above))
        .select_related("owner")
        .annotate(
            addressed=Count("assignments", filter=mine, distinct=True),
            submitted=Count(
                "assignments__submission",
                filter=mine & Q(assignments__submission__status__in=SUBMITTED),
                distinct=True,
            ),
        )
        .order_by("-created_at")
    )


# --- the proposal: what the form starts from --------------------------------------------


@dataclass
class Proposal:
    """Initial values of the campaign form, each to be confirmed or corrected by staff."""

    initial: dict
    outline: list[dict]
    programmes: list[dict]
    source: str  # "guideline" or "template"
    deadline_text: str = ""
    deadline_before: dt.date | None = None
    deadline_last_day: dt.date | None = None
    period_text: str = ""
    outline_source: str = ""  # "ĐỀ CƯƠNG" or "sections"
    notes: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)  # the guideline's Nơi nhận


# Nơi nhận lines (folded) -> kinds of units that must report.  "Các ban Đảng" receive a
# guideline to coordinate, not to report; "Lưu", "Thường trực", "Đ/c" are not addressees.
_RECIPIENT_KINDS = (
    (r"quan, huyen|quan huyen|huyen, thi|thi uy|quan uy|huyen uy", ["quan_huyen"]),
    (r"cap uy truc thuoc", ["quan_huyen", "dang_uy_khoi", "dang_uy"]),
    (r"\bdb tt\b|dang bo truc thuoc|dang uy truc thuoc", ["dang_uy_khoi", "dang_uy"]),
    (r"dang uy khoi", ["dang_uy_khoi"]),
    (r"mttq|mat tran", ["mttq"]),
    (r"ct ?- ?xh|chinh tri ?- ?xa hoi|doan the", ["doan_the"]),
)


def kinds_from_recipients(recipients: list[str]) -> list[str]:
    """Kinds of units a guideline's distribution list asks to report."""
    kinds: list[str] = []
    for line in recipients:
        key = fold(line)
        if re.match(r"\s*(luu|thuong truc|d/c|ban tuyen giao (tw|trung uong))", key):
            continue
        for pattern, found in _RECIPIENT_KINDS:
            if re.search(pattern, key):
                kinds += [k for k in found if k not in kinds]
    return kinds


def _month_or_day(iso: str, end: bool) -> dt.date | None:
    """'2023-05' -> 01/05/2023 (or 31/05/2023 as an end); '2023-05-15' -> that day."""
    if not iso:
        return None
    parts = [int(x) for x in iso.split("-")]
    try:
        if len(parts) == 2:
            y, m = parts
            return dt.date(y, m, calendar.monthrange(y, m)[1] if end else 1)
        return dt.date(*parts)
    except ValueError:
        return None


def _iso(s: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(s) if s else None
    except ValueError:
        return None


def outline_code_parent(code: str) -> tuple[int, str]:
    """'II.1' -> (2, 'II'); 'I' -> (1, '')."""
    parts = [p for p in code.split(".") if p]
    return max(1, len(parts)), ".".join(parts[:-1])


def proposal_from_document(doc: Document) -> Proposal:
    outline = build_outline(doc)
    facts = outline.campaign
    notes = []
    if outline.source != "ĐỀ CƯƠNG":
        notes.append(
            "Không thấy phụ lục ĐỀ CƯƠNG trong hướng dẫn: các mục dưới đây lấy từ chính các "
            "phần của văn bản, hãy sửa lại cho đúng đề cương báo cáo."
        )
    for what, value in (
        ("thời kỳ báo cáo", facts.period_from),
        ("hạn nộp", facts.deadline_last_day),
        ("e-mail nhận báo cáo", facts.email),
    ):
        if not value:
            notes.append(f"Không tìm thấy {what} trong hướng dẫn: hãy nhập tay.")
    initial = {
        "title": doc.title or outline.title,
        "summary": outline.title if outline.source == "ĐỀ CƯƠNG" else "",
        "period_from": _month_or_day(facts.period_from, end=False),
        "period_to": _month_or_day(facts.period_to, end=True),
        "period_text": facts.period_text,
        "deadline": _iso(facts.deadline_last_day),
        "deadline_text": facts.deadline_text,
        "receiver": facts.receiver,
        "email": facts.email,
        "nomination_collective": facts.nomination_collective,
        "nomination_individual": facts.nomination_individual,
        "scope": "loai",
        "kinds": kinds_from_recipients(doc.recipients),
    }
    return Proposal(
        initial=initial,
        outline=[{"code": i.id, "title": i.title} for i in outline.items],
        programmes=[{k: getattr(p, k) for k in PROGRAMME_FIELDS} for p in facts.programmes],
        source="guideline",
        deadline_text=facts.deadline_text,
        deadline_before=_iso(facts.deadline_before),
        deadline_last_day=_iso(facts.deadline_last_day),
        period_text=facts.period_text,
        outline_source=outline.source,
        notes=notes,
        recipients=list(doc.recipients),
    )


def proposal_from_template(key: str = templates_kl01.KEY) -> Proposal:
    if key != templates_kl01.KEY:
        raise ValidationError(f"Không có mẫu đợt báo cáo «{key}».")
    t = templates_kl01
    return Proposal(
        initial={
            "title": t.TITLE,
            "summary": t.SUMMARY,
            "receiver": t.RECEIVER,
            "nomination_collective": t.NOMINATION_COLLECTIVE,
            "nomination_individual": t.NOMINATION_INDIVIDUAL,
            "template": t.KEY,
            "scope": "loai",
            "kinds": list(t.ADDRESSED_KINDS),
        },
        outline=[{"code": c, "title": title} for c, title, _, _ in t.OUTLINE],
        programmes=[{k: p.get(k) for k in PROGRAMME_FIELDS} for p in t.PROGRAMMES],
        source="template",
        notes=["Mẫu không định sẵn thời kỳ và hạn nộp: hãy nhập cho đợt báo cáo này."],
    )


# --- the uploaded guideline -------------------------------------------------------------


def read_guideline(data: bytes, name: str) -> Document:
    """The guideline read by the engine; ReadError (Vietnamese) for a file it refuses."""
    limit = settings.UPLOAD_MAX_BYTES
    if len(data) > limit:
        size = f"{len(data) / (1024 * 1024):.1f}".replace(".", ",")
        raise ReadError(f"Tệp quá lớn ({size} MB): giới hạn là {limit // (1024 * 1024)} MB.")
    # The type is decided from the content by the engine's readers, not from the name.
    return read_document_bytes(data, name)


def _staging() -> Path:
    return Path(settings.MEDIA_ROOT) / "guidelines" / "cho-xac-nhan"


def stage_guideline(data: bytes, name: str) -> str:
    """Keep a read guideline until the campaign is confirmed; returns its token."""
    token = uuid.uuid4().hex
    folder = _staging() / token
    folder.mkdir(parents=True)
    (folder / "data").write_bytes(data)
    # The name as the user gave it (accents, spaces), shown and kept with the campaign.
    (folder / "name").write_text(Path(name.replace("\\", "/")).name[:200] or "huong_dan")
    # Forms left unconfirmed for a day are abandoned: drop their files.
    cutoff = dt.datetime.now().timestamp() - 86400
    for old in _staging().iterdir():
        if old.is_dir() and old.stat().st_mtime < cutoff:
            shutil.rmtree(old, ignore_errors=True)
    return token


def staged_guideline(token: str) -> tuple[bytes, str] | None:
    """(bytes, original name) of a staged guideline, or None."""
    if not re.fullmatch(r"[0-9a-f]{32}", token or ""):
        return None
    folder = _staging() / token
    try:
        return (folder / "data").read_bytes(), (folder / "name").read_text()
    except OSError:
        return None


def drop_staged(token: str) -> None:
    if re.fullmatch(r"[0-9a-f]{32}", token or ""):
        shutil.rmtree(_staging() / token, ignore_errors=True)


# --- units addressed --------------------------------------------------------------------


def addressable_units(owner: Unit) -> QuerySet[Unit]:
    """Open units below the owner: closed ones are never offered for a new campaign."""
    return owner.subtree(include_self=False).filter(closed_on__isnull=True)


def choose_units(
    owner: Unit,
    scope: str,
    branch: Unit | None = None,
    kinds: list[str] | None = None,
    picked: list[Unit] | None = None,
) -> list[Unit]:
    """A branch (the unit and everything open below it), the units of some kinds, or a list."""
    qs = addressable_units(owner)
    if scope == "nhanh":
        if branch is None:
            return []
        qs = qs.filter(tree_path__startswith=branch.tree_path)
    elif scope == "loai":
        qs = qs.filter(kind__in=kinds or [])
    else:
        qs = qs.filter(pk__in=[u.pk for u in picked or []])
    return sorted(qs, key=tree_order)


# --- creation ---------------------------------------------------------------------------


def check_dates(
    period_from: dt.date | None,
    period_to: dt.date | None,
    deadline: dt.date | None,
    tiers: dict[int, dt.date] | None = None,
) -> dict[str, str]:
    """Field -> Vietnamese message for dates that cannot stand together."""
    errors: dict[str, str] = {}
    if period_from and period_to and period_to < period_from:
        errors["period_to"] = (
            f"Ngày kết thúc thời kỳ báo cáo ({period_to:%d/%m/%Y}) trước ngày bắt đầu "
            f"({period_from:%d/%m/%Y})."
        )
    if period_from and deadline and deadline < period_from:
        errors["deadline"] = (
            f"Hạn nộp ({deadline:%d/%m/%Y}) trước ngày bắt đầu thời kỳ báo cáo "
            f"({period_from:%d/%m/%Y}): báo cáo không thể nộp trước khi thời kỳ bắt đầu."
        )
    for depth, day in (tiers or {}).items():
        if period_from and day < period_from:
            errors[f"tier_{depth}"] = (
                f"Hạn cho cấp {depth} ({day:%d/%m/%Y}) trước ngày bắt đầu thời kỳ báo cáo "
                f"({period_from:%d/%m/%Y})."
            )
    return errors


def clean_outline(rows: list[dict]) -> list[dict]:
    """Rows with a code and a title, in order; raises for duplicates or half-filled rows."""
    out, seen, errors = [], set(), []
    for n, row in enumerate(rows, start=1):
        code = (row.get("code") or "").strip().rstrip(".")
        title = (row.get("title") or "").strip()
        if not code and not title:
            continue
        if not code or not title:
            errors.append(f"Mục thứ {n} của đề cương thiếu {'số mục' if not code else 'nội dung'}.")
            continue
        if code in seen:
            errors.append(f"Số mục «{code}» của đề cương bị trùng.")
            continue
        seen.add(code)
        out.append({"code": code, "title": title})
    if not out and not errors:
        errors.append("Đề cương báo cáo phải có ít nhất một mục.")
    if errors:
        raise ValidationError(errors)
    return out


def clean_programmes(rows: list[dict]) -> list[dict]:
    out = []
    for row in rows:
        if not (row.get("name") or "").strip():
            continue
        clean = {k: row.get(k) for k in PROGRAMME_FIELDS}
        clean["name"], clean["note"] = row["name"].strip(), (row.get("note") or "").strip()
        out.append(clean)
    return out


@transaction.atomic
def create_campaign(
    actor,
    owner: Unit,
    facts: dict,
    outline: list[dict],
    units: list[Unit],
    *,
    programmes: list[dict] | None = None,
    tiers: dict[int, dt.date] | None = None,
    guideline: tuple[bytes, str] | None = None,
    template: str = "",
) -> Campaign:
    """Create the campaign, its outline, tier deadlines and assignments, all or nothing."""
    tiers = {d: day for d, day in (tiers or {}).items() if day}
    errors = check_dates(facts.get("period_from"), facts.get("period_to"), facts["deadline"], tiers)
    if errors:
        raise ValidationError(list(errors.values()))
    outline = clean_outline(outline)
    if not units:
        raise ValidationError("Chưa chọn đơn vị nào nhận đợt báo cáo.")
    allowed = set(addressable_units(owner).values_list("pk", flat=True))
    outside = [u.name for u in units if u.pk not in allowed]
    if outside:
        raise ValidationError(
            f"Không giao được cho đơn vị đã đóng hoặc ngoài phạm vi: {', '.join(outside[:5])}."
        )
    fields = {
        k: facts.get(k)
        for k in (
            "title",
            "summary",
            "period_from",
            "period_to",
            "period_text",
            "deadline",
            "deadline_text",
            "receiver",
            "email",
            "nomination_collective",
            "nomination_individual",
        )
    }
    for k in ("summary", "period_text", "deadline_text", "receiver", "email"):
        fields[k] = fields[k] or ""
    campaign = Campaign(
        owner=owner,
        programmes=clean_programmes(programmes or []),
        template=template,
        created_by=actor,
        **fields,
    )
    if guideline is not None:
        data, name = guideline
        campaign.guideline_name = name
        campaign.guideline.save(name, ContentFile(data), save=False)
    campaign.save()
    OutlineItem.objects.bulk_create(
        OutlineItem(
            campaign=campaign,
            code=row["code"],
            title=row["title"],
            level=outline_code_parent(row["code"])[0],
            parent_code=outline_code_parent(row["code"])[1],
            order=n,
        )
        for n, row in enumerate(outline)
    )
    TierDeadline.objects.bulk_create(
        TierDeadline(campaign=campaign, depth=d, deadline=day) for d, day in sorted(tiers.items())
    )
    base = owner.depth
    Assignment.objects.bulk_create(
        Assignment(
            campaign=campaign,
            unit=u,
            parent_at_time_id=u.parent_id,
            deadline=tiers.get(u.depth - base),
        )
        for u in units
    )
    record(
        Event.Action.CAMPAIGN,
        actor=actor,
        campaign=campaign,
        unit=owner,
        message=f"Tạo đợt báo cáo «{campaign.title[:200]}» giao cho {len(units)} đơn vị",
        units=len(units),
        source="template" if template else ("guideline" if guideline else "form"),
    )
    return campaign


@transaction.atomic
def set_locked(actor, campaign: Campaign, locked: bool) -> Campaign:
    campaign.status = Campaign.Status.LOCKED if locked else Campaign.Status.OPEN
    campaign.save(update_fields=["status"])
    record(
        Event.Action.LOCK if locked else Event.Action.UNLOCK,
        actor=actor,
        campaign=campaign,
        message=("Khóa" if locked else "Mở khóa") + f" đợt báo cáo «{campaign.title[:200]}»",
    )
    return campaign
