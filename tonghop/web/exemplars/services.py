"""Nominations and selection, as plain functions (views stay thin).

Decisions:
- A unit's quota of collectives (Campaign.nomination_collective) also covers models:
  a model practice is carried by a collective.  An empty quota means no limit.
- A programme's `exemplar` quota (or `exemplar_max`) counts individuals and
  collectives together; `model` counts models.  A programme stating no quota at all
  (the book) takes any number; one stating quotas refuses a kind it has no quota for.
- Marking a nominee as under discipline withdraws its selections.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from collections import defaultdict
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.db import DatabaseError, transaction
from django.utils import timezone
from PIL import Image, ImageOps

from tonghop.text import fold
from tonghop.web.audit.models import Event, record
from tonghop.web.campaigns.models import Campaign
from tonghop.web.exemplars.models import (
    NominationRound,
    Nominee,
    NomineeFile,
    Programme,
    Selection,
)

log = logging.getLogger(__name__)

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_PHOTO_PIXELS = 8000
MIN_BIRTH_YEAR = 1900
EXCLUSIVE_BANG_KHEN = "bang_khen"
KIND_WORD = {"individual": "cá nhân", "collective": "tập thể", "model": "mô hình"}
FIELDS = (
    "kind",
    "name",
    "birth_year",
    "gender",
    "ethnicity",
    "position",
    "workplace",
    "parent_org",
    "implementer",
    "summary",
)


class NominationError(Exception):
    """A refusal with a Vietnamese message for the user."""


def n2(n: int) -> str:
    """Quotas are written "01", "02" as in the guideline."""
    return f"{n:02d}"


# --------------------------------------------------------------------------
# programmes


def programmes_for(campaign: Campaign) -> list[Programme]:
    """The campaign's programmes, created from Campaign.programmes on first use."""
    existing = list(campaign.ex_programmes.all())
    if existing:
        return existing
    with transaction.atomic():
        out = []
        for order, row in enumerate(campaign.programmes or []):
            name = (row.get("name") or "").strip()
            if not name:
                continue
            out.append(
                Programme.objects.create(
                    campaign=campaign,
                    name=name,
                    order=order,
                    note=row.get("note") or "",
                    exclusive_group=EXCLUSIVE_BANG_KHEN
                    if fold(name).startswith("bang khen")
                    else "",
                    **{
                        k: row.get(k)
                        for k in (
                            "collective",
                            "individual",
                            "model",
                            "exemplar",
                            "exemplar_min",
                            "exemplar_max",
                        )
                    },
                )
            )
    return out


def _quota_for(p: Programme, kind: str) -> tuple[str, int | None] | None:
    """(counter key, limit) that applies to this kind; None if the programme refuses it."""
    stated = [p.collective, p.individual, p.model, p.exemplar, p.exemplar_max]
    if all(v is None for v in stated):
        return ("any", None)
    if kind in ("collective", "individual") and getattr(p, kind) is not None:
        return (kind, getattr(p, kind))
    if kind == "model" and p.model is not None:
        return ("model", p.model)
    if kind in ("collective", "individual"):
        limit = p.exemplar if p.exemplar is not None else p.exemplar_max
        if limit is not None:
            return ("exemplar", limit)
    return None


def _counter_key(p: Programme, kind: str) -> str:
    q = _quota_for(p, kind)
    return q[0] if q else kind


def counters(programmes: list[Programme]) -> list[dict]:
    """Per programme: for each stated quota, selected / quota (one query)."""
    counts: dict[tuple[int, str], int] = defaultdict(int)
    for pid, kind in Selection.objects.filter(programme__in=programmes).values_list(
        "programme_id", "nominee__kind"
    ):
        p = next(x for x in programmes if x.pk == pid)
        counts[(pid, _counter_key(p, kind))] += 1
    out = []
    for p in programmes:
        rows = []
        for key, word in (
            ("collective", "tập thể"),
            ("individual", "cá nhân"),
            ("model", "mô hình"),
        ):
            limit = getattr(p, key)
            if limit is not None:
                n = counts[(p.pk, key)]
                rows.append({"label": word, "count": n, "quota": str(limit), "full": n >= limit})
        if p.exemplar is not None or p.exemplar_max is not None:
            n = counts[(p.pk, "exemplar")]
            limit = p.exemplar if p.exemplar is not None else p.exemplar_max
            quota = (
                f"{p.exemplar_min}–{p.exemplar_max}"
                if p.exemplar is None and p.exemplar_min is not None
                else str(limit)
            )
            low = p.exemplar_min is not None and n < p.exemplar_min
            rows.append(
                {"label": "điển hình", "count": n, "quota": quota, "full": n >= limit, "low": low}
            )
        if not rows:
            rows.append(
                {"label": "đã chọn", "count": counts[(p.pk, "any")], "quota": "", "full": False}
            )
        out.append({"programme": p, "rows": rows})
    return out


# --------------------------------------------------------------------------
# input checks


_NOT_AN_IMAGE = "Tệp ảnh không phải là ảnh (JPG, PNG...) hoặc đã hỏng; hãy chọn lại ảnh."


def check_photo(data: bytes) -> tuple[int, int]:
    """Width and height of a real image, or a refusal."""
    return reencode_photo(data)[2]


def reencode_photo(data: bytes) -> tuple[bytes, str, tuple[int, int]]:
    """(new bytes, extension, (width, height)): the photo decoded and written again by
    Pillow, so what is stored is an image and nothing else: a PNG carrying HTML after
    its pixels, or a file named .html, comes out as a plain picture.  Upright as the
    camera meant it; no metadata kept (the place a phone took it).  PNG stays PNG
    (and a picture with transparency becomes one); everything else becomes JPEG."""
    if len(data) > MAX_PHOTO_BYTES:
        size = f"{len(data) / 1024 / 1024:.1f}".replace(".", ",")
        raise NominationError(f"Ảnh quá lớn ({size} MB); ảnh không được quá 10 MB.")
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size  # from the header: refused before decoding
            if max(width, height) > MAX_PHOTO_PIXELS:
                raise NominationError(
                    f"Ảnh quá lớn ({width} × {height} điểm ảnh); "
                    f"mỗi chiều không được quá {MAX_PHOTO_PIXELS} điểm ảnh."
                )
            fmt = image.format
            upright = ImageOps.exif_transpose(image)  # decodes every pixel
            clear = upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
            out = io.BytesIO()
            if fmt == "PNG" or clear:
                upright.convert("RGBA" if clear else "RGB").save(out, "PNG", optimize=True)
                ext = "png"
            else:
                upright.convert("RGB").save(out, "JPEG", quality=90)
                ext = "jpg"
            return out.getvalue(), ext, upright.size
    except NominationError:
        raise
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        # Not an image, a damaged one, or one that only pretends to be small.
        raise NominationError(_NOT_AN_IMAGE) from exc


def check_fields(data: dict) -> dict[str, str]:
    """Errors per field (empty when all is well)."""
    errors = {}
    if not (data.get("name") or "").strip():
        errors["name"] = "Hãy ghi họ và tên (hoặc tên tập thể, mô hình)."
    if not (data.get("summary") or "").strip():
        errors["summary"] = "Hãy ghi tóm tắt thành tích; không được để trống."
    year = data.get("birth_year")
    this_year = dt.date.today().year
    if year is not None and year > this_year:
        errors["birth_year"] = f"Năm sinh {year} ở tương lai; hãy ghi lại năm sinh."
    elif year is not None and year < MIN_BIRTH_YEAR:
        errors["birth_year"] = f"Năm sinh {year} không hợp lệ (trước năm {MIN_BIRTH_YEAR})."
    if data.get("kind") not in Nominee.Kind.values:
        errors["kind"] = "Hãy chọn cá nhân, tập thể hoặc mô hình."
    return errors


# --------------------------------------------------------------------------
# the unit's nominations


@transaction.atomic
def save_draft(
    campaign: Campaign,
    unit,
    user,
    data: dict,
    *,
    nominee: Nominee | None = None,
    photo: tuple[bytes, str] | None = None,
    files: list[tuple[bytes, str]] = (),
) -> Nominee:
    if campaign.is_locked:
        raise NominationError("Đợt báo cáo đã khóa, không thêm hoặc sửa hồ sơ được.")
    errors = check_fields(data)
    if errors:
        raise NominationError(" ".join(errors.values()))
    if photo is not None:
        photo_bytes, photo_ext, _ = reencode_photo(photo[0])
    if nominee is None:
        nominee = Nominee(campaign=campaign, unit=unit, created_by=user)
    elif not nominee.is_draft:
        raise NominationError("Hồ sơ đã gửi, không sửa được nữa.")
    for k in FIELDS:
        v = data.get(k)
        setattr(nominee, k, (v.strip() if isinstance(v, str) else v) if v is not None else "")
    if nominee.birth_year == "":
        nominee.birth_year = None
    if nominee.kind != Nominee.Kind.INDIVIDUAL:
        nominee.birth_year, nominee.gender = None, ""
    stored: list = []  # (storage, name) of every file written, removed if anything fails
    try:
        with transaction.atomic():
            if photo is not None:
                # Stored under the type it now is, whatever name it came with ("anh.html").
                stem = _short_stem(photo[1], "anh")
                nominee.photo.save(f"{stem}.{photo_ext}", ContentFile(photo_bytes), save=False)
                stored.append((nominee.photo.storage, nominee.photo.name))
                nominee.photo_name = f"{stem}.{photo_ext}"
            nominee.save()
            for content, name in files:
                shown = PurePosixPath(name.replace("\\", "/")).name[:255] or "tai-lieu"
                f = NomineeFile(nominee=nominee, name=shown, uploaded_by=user)
                suffix = PurePosixPath(shown).suffix[:10]
                stem = _short_stem(shown, "tai-lieu")
                f.file.save(f"{stem}{suffix}", ContentFile(content), save=False)
                stored.append((f.file.storage, f.file.name))
                f.save()
    except (OSError, DatabaseError) as exc:
        for storage, name in stored:
            storage.delete(name)
        log.exception("saving a nominee of unit %s failed", getattr(unit, "pk", None))
        raise NominationError(
            "Không lưu được hồ sơ do lỗi của hệ thống; chưa có gì được lưu. "
            "Vui lòng thử lại sau ít phút."
        ) from exc
    except BaseException:
        for storage, name in stored:
            storage.delete(name)
        raise
    return nominee


def _short_stem(name: str, default: str) -> str:
    """The name a file is stored under: its stem, cut to what every file system takes
    (a 300-letter Vietnamese name is far over 255 bytes); the full name is kept for
    display in the database."""
    stem = PurePosixPath(name.replace("\\", "/")).stem.strip() or default
    while len(stem.encode()) > 120:
        stem = stem[:-1]
    return stem


def unit_quota(campaign: Campaign) -> str:
    parts = []
    if campaign.nomination_collective is not None:
        parts.append(f"{n2(campaign.nomination_collective)} tập thể")
    if campaign.nomination_individual is not None:
        parts.append(f"{n2(campaign.nomination_individual)} cá nhân")
    return " và ".join(parts)


def _group(kind: str) -> str:
    return "individual" if kind == Nominee.Kind.INDIVIDUAL else "collective"


@transaction.atomic
def submit(nominee: Nominee, user) -> Nominee:
    nominee = Nominee.objects.select_for_update().select_related("campaign").get(pk=nominee.pk)
    if not nominee.is_draft:
        raise NominationError("Hồ sơ này đã được gửi.")
    c = nominee.campaign
    if c.is_locked:
        raise NominationError("Đợt báo cáo đã khóa, không gửi thêm hồ sơ được.")
    group = _group(nominee.kind)
    limit = c.nomination_individual if group == "individual" else c.nomination_collective
    if limit is not None:
        sent = [
            k
            for k in Nominee.objects.filter(
                campaign=c, unit_id=nominee.unit_id, status=Nominee.Status.SUBMITTED
            ).values_list("kind", flat=True)
            if _group(k) == group
        ]
        if len(sent) >= limit:
            word = "cá nhân" if group == "individual" else "tập thể"
            raise NominationError(
                f"Đơn vị chỉ được giới thiệu {unit_quota(c)}; đã có {n2(len(sent))} {word}."
            )
    twin = _same_in_unit(nominee)
    if twin is not None:
        raise NominationError(
            f"Đơn vị đã gửi hồ sơ “{twin.name}”"
            + (f" (sinh năm {twin.birth_year})" if twin.birth_year else "")
            + ": không giới thiệu trùng một điển hình hai lần."
        )
    nominee.status = Nominee.Status.SUBMITTED
    nominee.submitted_at = timezone.now()
    nominee.save(update_fields=["status", "submitted_at", "updated_at"])
    record(
        Event.Action.NOMINATE,
        actor=user,
        campaign=c,
        unit=nominee.unit,
        message=f"Gửi hồ sơ điển hình: {nominee.name}",
        nominee=nominee.pk,
    )
    return nominee


def acted_on(nominee: Nominee, published: bool | None = None) -> str:
    """Why staff have already acted on a sent nominee (empty when they have not):
    chosen into a programme, marked as under discipline, or the outcome published.
    `published`: already known for the page (selections prefetched there too)."""
    if list(nominee.selections.all()):
        return "Ban đã chọn hồ sơ này vào chương trình"
    if nominee.under_discipline:
        return "Ban đã ghi nhận hồ sơ này đang bị xem xét kỷ luật"
    if published if published is not None else is_published(nominee.campaign):
        return "Ban đã công bố kết quả tuyển chọn"
    return ""


def may_withdraw(nominee: Nominee, published: bool | None = None) -> bool:
    return (
        not nominee.is_draft and not nominee.campaign.is_locked and not acted_on(nominee, published)
    )


@transaction.atomic
def withdraw(nominee: Nominee, user) -> Nominee:
    """A nomination sent by mistake goes back to the unit as a draft, until staff act
    on it; it can then be corrected and sent again, or deleted."""
    nominee = Nominee.objects.select_for_update().select_related("campaign").get(pk=nominee.pk)
    if nominee.is_draft:
        raise NominationError("Hồ sơ này chưa gửi, không cần rút lại.")
    if nominee.campaign.is_locked:
        raise NominationError("Đợt báo cáo đã khóa, không rút lại hồ sơ được.")
    why = acted_on(nominee)
    if why:
        raise NominationError(f"{why}: không rút lại được nữa; hãy liên hệ Ban.")
    nominee.status = Nominee.Status.DRAFT
    nominee.submitted_at = None
    nominee.save(update_fields=["status", "submitted_at", "updated_at"])
    record(
        Event.Action.NOMINATE,
        actor=user,
        campaign=nominee.campaign,
        unit=nominee.unit,
        message=f"Rút lại hồ sơ điển hình đã gửi: {nominee.name}",
        nominee=nominee.pk,
    )
    return nominee


def delete_draft(nominee: Nominee, user) -> str:
    """Delete a draft with its photo and files; a sent nominee must be withdrawn
    first.  Returns the name, for the message."""
    with transaction.atomic():
        nominee = Nominee.objects.select_for_update().select_related("campaign").get(pk=nominee.pk)
        if not nominee.is_draft:
            raise NominationError("Hồ sơ đã gửi: hãy rút lại hồ sơ trước khi xóa.")
        if nominee.campaign.is_locked:
            raise NominationError("Đợt báo cáo đã khóa, không xóa hồ sơ được.")
        stored = [(f.file.storage, f.file.name) for f in nominee.files.all() if f.file]
        if nominee.photo:
            stored.append((nominee.photo.storage, nominee.photo.name))
        name = nominee.name
        record(
            Event.Action.NOMINATE,
            actor=user,
            campaign=nominee.campaign,
            unit=nominee.unit,
            message=f"Xóa bản nháp hồ sơ điển hình: {name}",
        )
        nominee.delete()
    # The files go once the rows are gone for good (not inside a transaction that
    # might still be rolled back).
    for storage, file_name in stored:
        try:
            storage.delete(file_name)
        except OSError:
            log.warning("could not delete %s of a deleted nominee", file_name)
    return name


def _same_in_unit(nominee: Nominee) -> Nominee | None:
    """A submitted nominee of the same unit that is this one again (by folded name,
    and birth year for a person)."""
    name = " ".join(fold(nominee.name).split())
    for other in Nominee.objects.filter(
        campaign=nominee.campaign_id, unit=nominee.unit_id, status=Nominee.Status.SUBMITTED
    ).exclude(pk=nominee.pk):
        same_kind = (other.kind == Nominee.Kind.INDIVIDUAL) == (
            nominee.kind == Nominee.Kind.INDIVIDUAL
        )
        same_birth = nominee.kind != Nominee.Kind.INDIVIDUAL or (
            other.birth_year == nominee.birth_year
        )
        if same_kind and same_birth and " ".join(fold(other.name).split()) == name:
            return other
    return None


# --------------------------------------------------------------------------
# duplicates


def likely_duplicates(campaign: Campaign, only_submitted: bool = True) -> dict[int, list[Nominee]]:
    """nominee pk -> the other nominees that look like the same person or collective.

    Individuals: the same folded name and birth year; collectives and models: the
    same folded name.  Across units and within one.
    """
    qs = Nominee.objects.filter(campaign=campaign).select_related("unit")
    if only_submitted:
        qs = qs.filter(status=Nominee.Status.SUBMITTED)
    groups: dict[tuple, list[Nominee]] = defaultdict(list)
    for n in qs:
        name = " ".join(fold(n.name).split())
        key = ("i", name, n.birth_year) if n.kind == Nominee.Kind.INDIVIDUAL else ("c", name, None)
        groups[key].append(n)
    out: dict[int, list[Nominee]] = {}
    for members in groups.values():
        if len(members) > 1:
            for n in members:
                out[n.pk] = [m for m in members if m.pk != n.pk]
    return out


# --------------------------------------------------------------------------
# selection


@transaction.atomic
def select(programme: Programme, nominee: Nominee, user) -> Selection:
    if nominee.campaign_id != programme.campaign_id:
        raise NominationError("Hồ sơ không thuộc đợt này.")
    nominee = Nominee.objects.select_for_update().get(pk=nominee.pk)
    if nominee.status != Nominee.Status.SUBMITTED:
        raise NominationError("Chỉ chọn được hồ sơ đơn vị đã gửi.")
    if nominee.under_discipline:
        raise NominationError(
            f"{nominee.name} đang bị xem xét kỷ luật, không thể chọn vào chương trình nào."
        )
    existing = Selection.objects.filter(programme=programme, nominee=nominee).first()
    if existing:
        return existing
    if programme.exclusive_group:
        other = (
            Selection.objects.filter(
                nominee=nominee,
                programme__campaign_id=programme.campaign_id,
                programme__exclusive_group=programme.exclusive_group,
            )
            .select_related("programme")
            .first()
        )
        if other:
            raise NominationError(
                f"{nominee.name} đã được chọn vào “{other.programme.name}”; "
                f"không thể đồng thời đề nghị “{programme.name}” trong cùng một đợt."
            )
    quota = _quota_for(programme, nominee.kind)
    word = KIND_WORD[nominee.kind]
    if quota is None:
        raise NominationError(f"Chương trình “{programme.name}” không nhận {word}.")
    key, limit = quota
    if limit is not None:
        taken = sum(
            1
            for k in Selection.objects.filter(programme=programme).values_list(
                "nominee__kind", flat=True
            )
            if _counter_key(programme, k) == key
        )
        if taken >= limit:
            what = "điển hình" if key == "exemplar" else word
            raise NominationError(
                f"“{programme.name}” chỉ nhận {n2(limit)} {what}; đã chọn đủ {n2(taken)}."
            )
    chosen = Selection.objects.create(programme=programme, nominee=nominee, selected_by=user)
    record(
        Event.Action.SELECT,
        actor=user,
        campaign=programme.campaign,
        unit=nominee.unit,
        message=f"Chọn “{nominee.name}” vào {programme.name}",
    )
    return chosen


def unselect(programme: Programme, nominee: Nominee) -> None:
    Selection.objects.filter(programme=programme, nominee=nominee).delete()


@transaction.atomic
def set_discipline(nominee: Nominee, flag: bool) -> Nominee:
    nominee.under_discipline = flag
    nominee.save(update_fields=["under_discipline", "updated_at"])
    if flag:
        nominee.selections.all().delete()
    return nominee


# --------------------------------------------------------------------------
# outcome


def round_of(campaign: Campaign) -> NominationRound:
    r, _ = NominationRound.objects.get_or_create(campaign=campaign)
    return r


def is_published(campaign: Campaign) -> bool:
    return NominationRound.objects.filter(campaign=campaign, published=True).exists()


def shortfalls(campaign: Campaign, counted: list[dict] | None = None) -> list[str]:
    """Programmes holding fewer selected than their stated minimum (the exhibition's
    "05–10 điển hình"), in words; empty when every minimum is met.  `counted`: the
    `counters` already made for the page."""
    out = []
    for c in counted if counted is not None else counters(programmes_for(campaign)):
        for row in c["rows"]:
            if row.get("low"):
                p = c["programme"]
                out.append(
                    f"“{p.name}” mới chọn {n2(row['count'])} {row['label']}, "
                    f"tối thiểu {n2(p.exemplar_min)}"
                )
    return out


class BelowMinimum(NominationError):
    """Publishing refused: some programme is below its minimum; `shortfalls` says which."""

    def __init__(self, shortfalls: list[str]):
        self.shortfalls = shortfalls
        super().__init__(
            "Chưa công bố: " + "; ".join(shortfalls) + ". Hãy chọn thêm, hoặc xác nhận "
            "công bố khi chưa đủ số tối thiểu."
        )


@transaction.atomic
def publish(campaign: Campaign, user, *, below_minimum: bool = False) -> NominationRound:
    """Publish the outcome to the units.  A programme below its minimum (the
    exhibition) stops it unless `below_minimum` says staff have seen and accept it."""
    short = shortfalls(campaign)
    if short and not below_minimum:
        raise BelowMinimum(short)
    r = round_of(campaign)
    r.published, r.published_at, r.published_by = True, timezone.now(), user
    r.save()
    message = "Công bố kết quả lựa chọn"
    if short:
        message += " khi chưa đủ số tối thiểu (đã xác nhận): " + "; ".join(short)
    record(Event.Action.PUBLISH, actor=user, campaign=campaign, message=message)
    return r


def outcome(nominee: Nominee) -> str:
    names = [s.programme.name for s in nominee.selections.all()]
    return "Được chọn: " + "; ".join(names) if names else "Không được chọn"
