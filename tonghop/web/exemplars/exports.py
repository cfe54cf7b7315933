"""Exports of the exemplars board: models turned into `NomineeData`, then the plain writers
of `tonghop.writers.exemplar_exports` produce the .docx/.xlsx bytes."""

from __future__ import annotations

import io
import re

from django.utils import timezone

from tonghop.text import fold
from tonghop.web.accounts.access import profile
from tonghop.web.campaigns.models import Campaign
from tonghop.web.exemplars.models import Nominee, Programme, Selection
from tonghop.writers import exemplar_exports as w
from tonghop.writers.party import PartyHeader, Signature

PLACE = "Hà Nội"
NUMBER = "…-DS/…"
RECIPIENTS = ["- Như trên,", "- Lưu Văn phòng."]
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def is_book(p: Programme) -> bool:
    name = fold(p.name)
    return "sach" in name.split() or "ngan hoa" in name


def is_exhibition(p: Programme) -> bool:
    return "trien lam" in fold(p.name)


def _photo(n: Nominee) -> bytes | None:
    if not n.photo:
        return None
    try:
        with n.photo.open("rb") as fh:
            return fh.read()
    except OSError:  # a file lost from storage: the writers print "(chưa có ảnh)"
        return None


def nominee_data(n: Nominee) -> w.NomineeData:
    return w.NomineeData(
        kind=n.kind,
        name=n.name,
        birth_year=n.birth_year,
        gender=n.get_gender_display() if n.gender else "",
        ethnicity=n.ethnicity,
        position=n.position,
        workplace=n.workplace,
        parent_org=n.parent_org,
        implementer=n.implementer,
        unit_name=n.unit.name,
        summary=n.summary,
        photo=_photo(n),
    )


def selected(p: Programme, units=None) -> list[w.NomineeData]:
    """The programme's selected nominees, in the order of `sort_nominees`; of `units`
    only, when given (access.nominee_units: a branch's leader sees their branch)."""
    rows = (
        Selection.objects.filter(programme=p, nominee__status=Nominee.Status.SUBMITTED)
        .select_related("nominee__unit")
        .order_by("pk")
    )
    if units is not None:
        rows = rows.filter(nominee__unit__in=units)
    return w.sort_nominees([nominee_data(s.nominee) for s in rows])


def header(c: Campaign) -> PartyHeader:
    """The owner issues; its parent, if any, is the superior body."""
    owner = c.owner
    superior = owner.parent.name.upper() if owner.parent_id else ""
    return PartyHeader(superior, owner.name.upper(), NUMBER, PLACE, timezone.localdate())


def signature(user) -> Signature:
    p = profile(user)
    return Signature("K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", (p.full_name if p else "") or "")


def filename(prefix: str, name: str, ext: str) -> str:
    """An accent-free file name: 'danh-sach-de-nghi-bang-khen-cua-thu-tuong.docx'."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")[:60].rstrip("-")
    return f"{prefix}-{slug or 'chuong-trinh'}.{ext}"


def _bytes(write) -> bytes:
    buf = io.BytesIO()
    write(buf)
    return buf.getvalue()


def proposal_docx(p: Programme, user, units=None) -> bytes:
    c = p.campaign
    return _bytes(
        lambda dest: w.proposal_list_docx(
            p.name, selected(p, units), header(c), signature(user), RECIPIENTS, dest
        )
    )


def proposal_xlsx(p: Programme, units=None) -> bytes:
    return _bytes(lambda dest: w.proposal_list_xlsx(p.name, selected(p, units), dest))


def book_docx(p: Programme, units=None) -> bytes:
    return _bytes(lambda dest: w.book_manuscript_docx(p.name, selected(p, units), dest))


def exhibition_docx(p: Programme, units=None) -> bytes:
    return _bytes(lambda dest: w.exhibition_list_docx(p.name, selected(p, units), dest))


def dossier(n: Nominee) -> bytes:
    return _bytes(lambda dest: w.dossier_docx(nominee_data(n), header(n.campaign), dest))
