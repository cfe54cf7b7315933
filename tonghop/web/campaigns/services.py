"""Campaigns: a proposal read from the guideline (or the KL01 template), the units
addressed, creation in one transaction, locking."""

from __future__ import annotations

import calendar
import datetime as dt
import re
import uuid
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from tonghop.dates import agrees
from tonghop.model import Document, ReadError
from tonghop.outline import build_outline
from tonghop.pipeline import read_document_bytes
from tonghop.readers import sniff
from tonghop.text import fold
from tonghop.web.accounts.access import profile
from tonghop.web.accounts.models import Profile
from tonghop.web.audit.models import Event, record
from tonghop.web.campaigns import templates_kl01
from tonghop.web.campaigns.models import Assignment, Campaign, OutlineItem, TierDeadline
from tonghop.web.units.models import Unit
from tonghop.web.units.services import tree_order
from tonghop.web.uploads import refuse_text_named_binary

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
    # A part forwarded below the user's unit is reached through its campaign's chain page.
    return (
        Campaign.objects.filter(Q(owner__tree_path__startswith=path) | Q(owner_id__in=above))
        .filter(Q(parent__isnull=True) | Q(owner_id__in=above))
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


def issuer_from_document(doc: Document) -> dict:
    """Who issues and signs the department's documents, as the guideline itself says:
    its header ("THÀNH ỦY HÀ NỘI" above "BAN TUYÊN GIÁO", "Số 140-HD/BTGTU": symbol
    BTGTU) and its signer.  Only what the guideline gives; staff may change it."""
    h, signer = doc.header, doc.signer
    symbol = h.number.rsplit("/", 1)[1].strip() if "/" in h.number else ""
    found = {
        "issuer_superior": h.superior,
        "issuer": h.issuer,
        "symbol": symbol,
        "signer_authority": signer.capacity if signer else "",
        "signer_title": signer.position if signer else "",
        "signer_name": signer.name if signer else "",
    }
    return {k: v for k, v in found.items() if v}


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
        **issuer_from_document(doc),
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
    # The type is decided from the content by the engine's readers, not from the name;
    # plain text under a Word or PDF name is refused for not being what it says.
    refuse_text_named_binary(sniff(data, name), name)
    return read_document_bytes(data, name)


STAGING = "guidelines/cho-xac-nhan"


def stage_guideline(data: bytes, name: str) -> str:
    """Keep a read guideline until the campaign is confirmed; returns its token.

    In the file storage, not on this machine's disk: the confirming request may be
    served by another web process."""
    token = uuid.uuid4().hex
    default_storage.save(f"{STAGING}/{token}/data", ContentFile(data))
    # The name as the user gave it (accents, spaces), shown and kept with the campaign.
    shown = PurePosixPath(name.replace("\\", "/")).name[:200] or "huong_dan"
    default_storage.save(f"{STAGING}/{token}/name", ContentFile(shown.encode()))
    # Forms left unconfirmed for a day are abandoned: drop their files.
    cutoff = timezone.now() - dt.timedelta(days=1)
    try:
        folders = default_storage.listdir(STAGING)[0]
    except OSError:
        folders = []
    for old in folders:
        try:
            stale = default_storage.get_modified_time(f"{STAGING}/{old}/data") < cutoff
        except (OSError, NotImplementedError):
            stale = False
        if stale:
            drop_staged(old)
    return token


def staged_guideline(token: str) -> tuple[bytes, str] | None:
    """(bytes, original name) of a staged guideline, or None."""
    if not re.fullmatch(r"[0-9a-f]{32}", token or ""):
        return None
    try:
        with default_storage.open(f"{STAGING}/{token}/data", "rb") as f:
            data = f.read()
        with default_storage.open(f"{STAGING}/{token}/name", "rb") as f:
            name = f.read().decode()
    except (OSError, UnicodeDecodeError):
        return None
    return data, name


def drop_staged(token: str) -> None:
    if re.fullmatch(r"[0-9a-f]{32}", token or ""):
        for part in ("data", "name"):
            default_storage.delete(f"{STAGING}/{token}/{part}")


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
    *,
    today: dt.date | None = None,
    past: bool = False,
) -> dict[str, str]:
    """Field -> Vietnamese message for dates that cannot stand together.

    today: when set, a deadline before it is refused unless `past` (a campaign that
    already took place, recorded for the archive).  A tier's deadline falls on or
    before the campaign's, and a deeper tier's on or before the tier above it: a
    unit below must report first so the unit above can roll up."""
    errors: dict[str, str] = {}
    tiers = dict(sorted((tiers or {}).items()))
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
    elif today and deadline and deadline < today and not past:
        errors["deadline"] = (
            f"Hạn nộp {deadline:%d/%m/%Y} đã qua (hôm nay {today:%d/%m/%Y}). Hãy nhập hạn "
            "từ hôm nay trở đi, hoặc đánh dấu «Đợt báo cáo đã qua» nếu chỉ nhập lại một đợt "
            "đã diễn ra để lưu trữ."
        )
    above: tuple[int, dt.date] | None = None
    for depth, day in tiers.items():
        name = f"tier_{depth}"
        if period_from and day < period_from:
            errors[name] = (
                f"Hạn cho cấp {depth} ({day:%d/%m/%Y}) trước ngày bắt đầu thời kỳ báo cáo "
                f"({period_from:%d/%m/%Y})."
            )
        elif deadline and day > deadline:
            errors[name] = (
                f"Hạn cho cấp {depth} ({day:%d/%m/%Y}) sau hạn chung ({deadline:%d/%m/%Y}): "
                "đơn vị cấp dưới phải nộp không muộn hơn hạn chung, để cấp trên kịp tổng hợp."
            )
        elif above and day > above[1]:
            errors[name] = (
                f"Hạn cho cấp {depth} ({day:%d/%m/%Y}) sau hạn cho cấp {above[0]} "
                f"({above[1]:%d/%m/%Y}): cấp dưới phải nộp không muộn hơn cấp trên."
            )
        elif today and day < today and not past:
            errors[name] = f"Hạn cho cấp {depth} ({day:%d/%m/%Y}) đã qua."
        above = (depth, day)
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


FACT_FIELDS = (
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
    "recorded_past",
    "issuer_superior",
    "issuer",
    "symbol",
    "signer_authority",
    "signer_title",
    "signer_name",
)
_TEXT_FIELDS = (
    "summary",
    "period_text",
    "deadline_text",
    "receiver",
    "email",
    "issuer_superior",
    "issuer",
    "symbol",
    "signer_authority",
    "signer_title",
    "signer_name",
)


def _checked(owner: Unit, facts: dict, outline, units, tiers, today) -> tuple[list, dict]:
    """What create and update both refuse: dates, outline, units out of reach."""
    tiers = {d: day for d, day in (tiers or {}).items() if day}
    errors = check_dates(
        facts.get("period_from"),
        facts.get("period_to"),
        facts["deadline"],
        tiers,
        today=today or timezone.localdate(),
        past=bool(facts.get("recorded_past")),
    )
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
    return outline, tiers


def _fill(campaign: Campaign, facts: dict) -> None:
    for k in FACT_FIELDS:
        if k in facts or k in ("title", "deadline"):
            value = facts.get(k)
            if k in _TEXT_FIELDS:
                value = value or ""
            elif k == "recorded_past":
                value = bool(value)
            setattr(campaign, k, value)


def _write_parts(campaign: Campaign, outline, units, tiers) -> None:
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
    base = campaign.owner.depth
    Assignment.objects.bulk_create(
        Assignment(
            campaign=campaign,
            unit=u,
            parent_at_time_id=u.parent_id,
            deadline=tiers.get(u.depth - base),
        )
        for u in units
    )


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
    copied_from: Campaign | None = None,
    today: dt.date | None = None,
) -> Campaign:
    """Create the campaign as a draft, with its outline, tier deadlines and
    assignments, all or nothing.  Units see it once it is published.
    today: the day it is created on (a loader replaying a past campaign)."""
    outline, tiers = _checked(owner, facts, outline, units, tiers, today)
    campaign = Campaign(
        owner=owner,
        programmes=clean_programmes(programmes or []),
        template=template,
        created_by=actor,
        status=Campaign.Status.DRAFT,
        copied_from=copied_from,
    )
    _fill(campaign, facts)
    if guideline is not None:
        data, name = guideline
        campaign.guideline_name = name
        campaign.guideline.save(name, ContentFile(data), save=False)
    campaign.save()
    _write_parts(campaign, outline, units, tiers)
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


def _refuse_unless_draft(campaign: Campaign, what: str) -> None:
    if not campaign.is_draft:
        raise ValidationError(
            f"Đợt báo cáo đã công bố: không {what} được nữa. Sau khi công bố chỉ gia hạn "
            "hoặc khóa đợt báo cáo."
        )


@transaction.atomic
def update_campaign(
    actor,
    campaign: Campaign,
    facts: dict,
    outline: list[dict],
    units: list[Unit],
    *,
    programmes: list[dict] | None = None,
    tiers: dict[int, dt.date] | None = None,
    today: dt.date | None = None,
) -> Campaign:
    """Rewrite a draft: its facts, outline, tier deadlines and units.  Nothing of a
    draft has reached a unit, so its parts are replaced, not amended."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _refuse_unless_draft(campaign, "sửa")
    outline, tiers = _checked(campaign.owner, facts, outline, units, tiers, today)
    _fill(campaign, facts)
    campaign.programmes = clean_programmes(programmes or [])
    campaign.save()
    campaign.outline.all().delete()
    campaign.tier_deadlines.all().delete()
    campaign.assignments.all().delete()
    _write_parts(campaign, outline, units, tiers)
    record(
        Event.Action.CAMPAIGN_EDIT,
        actor=actor,
        campaign=campaign,
        unit=campaign.owner,
        message=f"Sửa bản nháp đợt báo cáo «{campaign.title[:200]}»",
        units=len(units),
    )
    return campaign


def publish(actor, campaign: Campaign, today: dt.date | None = None, at=None) -> Campaign:
    """Open a draft to its units: from now on they see it in «Việc cần làm».
    A deadline that passed meanwhile is refused unless the campaign is a past one.
    at: when it was published (default now; a loader replays an earlier time)."""
    given = campaign
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if not campaign.is_draft:
            return campaign  # a second click: already published
        today = today or timezone.localdate()
        tiers = dict(campaign.tier_deadlines.values_list("depth", "deadline"))
        errors = check_dates(
            campaign.period_from,
            campaign.period_to,
            campaign.deadline,
            tiers,
            today=today,
            past=campaign.recorded_past,
        )
        if errors:
            raise ValidationError(["Chưa công bố được: hãy sửa bản nháp trước.", *errors.values()])
        if not campaign.assignments.exists():
            raise ValidationError("Chưa công bố được: đợt báo cáo chưa giao cho đơn vị nào.")
        campaign.status = Campaign.Status.OPEN
        campaign.published_at = at or timezone.now()
        campaign.save(update_fields=["status", "published_at"])
        # The caller's instance too: assignments read through it see the campaign open.
        given.status, given.published_at = campaign.status, campaign.published_at
        n = campaign.assignments.count()
        record(
            Event.Action.CAMPAIGN_EDIT,
            actor=actor,
            campaign=campaign,
            unit=campaign.owner,
            message=f"Công bố đợt báo cáo «{campaign.title[:200]}» tới {n} đơn vị",
            units=n,
        )
    return campaign


def delete_draft(actor, campaign: Campaign) -> str:
    """Delete a draft and everything in it; returns its title.  A published
    campaign is never deleted: units may have sent reports to it."""
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        _refuse_unless_draft(campaign, "xóa")
        title, owner = campaign.title, campaign.owner
        guideline = campaign.guideline.name if campaign.guideline else ""
        campaign.delete()
        # Kept without the campaign: its own events went with it.
        record(
            Event.Action.CAMPAIGN_EDIT,
            actor=actor,
            unit=owner,
            message=f"Xóa bản nháp đợt báo cáo «{title[:200]}»",
        )
    if guideline:
        Campaign.guideline.field.storage.delete(guideline)
    return title


@dataclass
class Extension:
    campaign: Campaign
    old: dt.date
    new: dt.date
    tiers: dict[int, tuple[dt.date, dt.date]]  # depth -> (old, new), changed ones
    now_on_time: int = 0  # reports sent late that the new deadline makes on time
    notice: object = None  # reminders.services.Summary of the e-mails


def extend_deadline(
    actor,
    campaign: Campaign,
    deadline: dt.date,
    tiers: dict[int, dt.date] | None = None,
    *,
    today: dt.date | None = None,
    notify: bool = True,
) -> Extension:
    """Move a published campaign's deadline (and tier deadlines) later.  Units that
    have not submitted are told by e-mail; a report sent after the old deadline but
    by the new one counts as on time, everywhere, from now on."""
    today = today or timezone.localdate()
    given = campaign
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().select_related("owner").get(pk=campaign.pk)
        if not campaign.is_open:
            raise ValidationError(
                "Chỉ gia hạn được đợt báo cáo đang nhận báo cáo."
                if campaign.is_locked
                else "Đợt báo cáo chưa công bố: hãy sửa hạn nộp trong bản nháp."
            )
        current = dict(campaign.tier_deadlines.values_list("depth", "deadline"))
        wanted = {**current, **{d: day for d, day in (tiers or {}).items() if day}}
        if campaign.upward_id is not None:  # a part (cascade.py): never after its owner's due
            own = Assignment.objects.select_related("campaign").get(pk=campaign.upward_id).due
            if deadline > own:
                raise ValidationError(
                    f"Hạn mới ({deadline:%d/%m/%Y}) muộn hơn hạn nộp của chính đơn vị "
                    f"({own:%d/%m/%Y}): đơn vị trực thuộc phải nộp trước để kịp tổng hợp."
                )
        if deadline < campaign.deadline:
            raise ValidationError(
                f"Hạn mới ({deadline:%d/%m/%Y}) sớm hơn hạn hiện tại "
                f"({campaign.deadline:%d/%m/%Y}): chỉ gia hạn được, không rút ngắn hạn nộp."
            )
        shortened = [d for d, day in wanted.items() if d in current and day < current[d]]
        if shortened:
            d = shortened[0]
            raise ValidationError(
                f"Hạn mới cho cấp {d} ({wanted[d]:%d/%m/%Y}) sớm hơn hạn hiện tại "
                f"({current[d]:%d/%m/%Y}): chỉ gia hạn được."
            )
        unknown = [d for d in wanted if d not in current]
        if unknown:
            raise ValidationError("Đợt báo cáo không có hạn riêng cho cấp này.")
        changed = {d: (current[d], day) for d, day in wanted.items() if day != current[d]}
        if deadline == campaign.deadline and not changed:
            raise ValidationError("Hạn mới trùng với hạn hiện tại: không có gì thay đổi.")
        errors = check_dates(
            campaign.period_from, campaign.period_to, deadline, wanted, today=today
        )
        if errors:
            raise ValidationError(list(errors.values()))
        old = campaign.deadline
        campaign.deadline = deadline
        if campaign.deadline_text and not agrees(campaign.deadline_text, deadline):
            # The guideline's words name the old day: they no longer describe the campaign.
            campaign.deadline_text = ""
        campaign.save(update_fields=["deadline", "deadline_text"])
        given.deadline, given.deadline_text = campaign.deadline, campaign.deadline_text
        for d, (before, after) in changed.items():
            TierDeadline.objects.filter(campaign=campaign, depth=d).update(deadline=after)
            Assignment.objects.filter(campaign=campaign, deadline=before).update(deadline=after)
        now_on_time = _recount_on_time(campaign)
        record(
            Event.Action.CAMPAIGN_EDIT,
            actor=actor,
            campaign=campaign,
            unit=campaign.owner,
            message=(
                f"Gia hạn đợt báo cáo «{campaign.title[:150]}» từ {old:%d/%m/%Y} "
                f"đến {deadline:%d/%m/%Y}"
                + "".join(
                    f"; cấp {d}: {a:%d/%m/%Y} → {b:%d/%m/%Y}" for d, (a, b) in changed.items()
                )
            )[:500],
            old=old.isoformat(),
            new=deadline.isoformat(),
        )
    result = Extension(campaign, old, deadline, changed, now_on_time)
    if notify:
        from tonghop.web.reminders.services import send_extension_notice

        result.notice = send_extension_notice(campaign, by=actor, today=today)
    return result


def _recount_on_time(campaign: Campaign) -> int:
    """Submission.on_time again against each unit's (new) due date; returns how many
    late reports became on time."""
    from tonghop.web.submissions.models import Submission

    changed = 0
    rows = Submission.objects.filter(
        assignment__campaign=campaign, submitted_at__isnull=False
    ).select_related("assignment")
    for s in rows:
        s.assignment.campaign = campaign
        on_time = Submission.is_on_time(s.submitted_at, s.assignment.due)
        if on_time != s.on_time:
            changed += on_time and not s.on_time
            s.on_time = on_time
            s.save(update_fields=["on_time"])
    return changed


def _next_year(day: dt.date | None, years: int = 1) -> dt.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29/02
        return day.replace(year=day.year + years, day=28)


def _bump_years(text: str, years: int) -> str:
    """'năm 2024' -> 'năm 2025', '5/2023' -> '5/2024' in a title or a period's words."""
    return re.sub(r"(?<!\d)(19|20)(\d\d)(?!\d)", lambda m: str(int(m.group(0)) + years), text)


def proposal_from_campaign(source: Campaign, today: dt.date | None = None) -> Proposal:
    """The create form filled from an earlier campaign: the same outline, programmes,
    signer and units still open, the dates moved on by whole years so the deadline
    comes after today."""
    today = today or timezone.localdate()
    years = max(1, today.year - source.deadline.year)
    while _next_year(source.deadline, years) < today:
        years += 1
    initial = {k: getattr(source, k) for k in FACT_FIELDS if k != "recorded_past"}
    initial.update(
        title=_bump_years(source.title, years),
        summary=_bump_years(source.summary, years),
        period_from=_next_year(source.period_from, years),
        period_to=_next_year(source.period_to, years),
        period_text=_bump_years(source.period_text, years),
        deadline=_next_year(source.deadline, years),
        deadline_text=_bump_years(source.deadline_text, years),
        template=source.template,
        copy_of=source.pk,
        scope="chon",
        units=list(
            addressable_units(source.owner)
            .filter(assignments__campaign=source)
            .values_list("pk", flat=True)
        ),
    )
    for t in source.tier_deadlines.all():
        initial[f"tier_{t.depth}"] = _next_year(t.deadline, years)
    closed = source.assignments.exclude(unit__in=addressable_units(source.owner)).count()
    notes = [f"Sao chép từ đợt «{source.title}»: các ngày được lùi {years} năm, hãy kiểm tra lại."]
    if closed:
        notes.append(f"{closed} đơn vị của đợt cũ nay đã đóng: không giao cho đợt mới.")
    return Proposal(
        initial=initial,
        outline=[{"code": i.code, "title": i.title} for i in source.outline.all()],
        programmes=[{k: p.get(k) for k in PROGRAMME_FIELDS} for p in source.programmes],
        source="copy",
        deadline_text=initial["deadline_text"],
        period_text=initial["period_text"],
        notes=notes,
    )


def proposal_for_edit(campaign: Campaign) -> Proposal:
    """The form of a draft, filled with what it holds."""
    initial = {k: getattr(campaign, k) for k in FACT_FIELDS}
    initial.update(
        template=campaign.template,
        scope="chon",
        units=list(campaign.assignments.values_list("unit_id", flat=True)),
    )
    for t in campaign.tier_deadlines.all():
        initial[f"tier_{t.depth}"] = t.deadline
    return Proposal(
        initial=initial,
        outline=[{"code": i.code, "title": i.title} for i in campaign.outline.all()],
        programmes=[{k: p.get(k) for k in PROGRAMME_FIELDS} for p in campaign.programmes],
        source="draft",
        deadline_text=campaign.deadline_text,
        period_text=campaign.period_text,
    )


@transaction.atomic
def set_locked(actor, campaign: Campaign, locked: bool) -> Campaign:
    """Lock or unlock a campaign; the lock flows down the tree (cascade.py): every part
    below is locked with it, and unlocked with it unless its own owner had locked it
    first.  A part is not unlocked while a campaign above it is locked."""
    if campaign.is_draft:
        raise ValidationError("Bản nháp chưa công bố: không cần khóa.")
    if not locked:
        above = campaign.parent
        while above is not None:
            if above.is_locked:
                raise ValidationError(
                    f"Đợt báo cáo cấp trên của {above.owner.name} đang khóa: phần việc này chỉ "
                    "mở khóa được khi cấp trên mở khóa."
                )
            above = above.parent
    with transaction.atomic():
        campaign.status = Campaign.Status.LOCKED if locked else Campaign.Status.OPEN
        campaign.save(update_fields=["status"])
        record(
            Event.Action.LOCK if locked else Event.Action.UNLOCK,
            actor=actor,
            campaign=campaign,
            message=("Khóa" if locked else "Mở khóa") + f" đợt báo cáo «{campaign.title[:200]}»",
        )
        for part in _parts_below(campaign):
            if locked and part.is_open:
                part.status = Campaign.Status.LOCKED
            elif not locked and part.is_locked and _locked_with(part) == campaign.pk:
                part.status = Campaign.Status.OPEN
            else:
                continue
            part.save(update_fields=["status"])
            record(
                Event.Action.LOCK if locked else Event.Action.UNLOCK,
                actor=actor,
                campaign=part,
                unit=part.owner,
                message=(
                    ("Khóa" if locked else "Mở khóa")
                    + f" phần việc của {part.owner.name} theo đợt báo cáo của "
                    + campaign.owner.name
                )[:500],
                with_parent=campaign.pk,
            )
    return campaign


def _parts_below(campaign: Campaign) -> list[Campaign]:
    """Every part forwarded under the campaign, level by level (one query a level)."""
    out: list[Campaign] = []
    level = [campaign.pk]
    while level:
        rows = list(Campaign.objects.filter(parent_id__in=level).select_related("owner"))
        out += rows
        level = [c.pk for c in rows]
    return out


def _locked_with(part: Campaign) -> int | None:
    """The campaign whose lock locked this part, when its last lock came from above."""
    last = (
        Event.objects.filter(campaign=part, action__in=[Event.Action.LOCK, Event.Action.UNLOCK])
        .order_by("-at", "-pk")
        .first()
    )
    if last is None or last.action != Event.Action.LOCK:
        return None
    return last.detail.get("with_parent")
