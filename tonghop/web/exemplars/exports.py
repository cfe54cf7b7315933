"""Exports of the exemplars board: models turned into `NomineeData`, then the plain writers
of `documents` (Django-free) produce the .docx/.xlsx bytes."""

from __future__ import annotations

import io
import re

from django.utils import timezone

from tonghop.text import fold
from tonghop.web.campaigns.models import Campaign
from tonghop.web.exemplars import documents as w
from tonghop.web.exemplars.models import Nominee, Programme, Selection
from tonghop.web.units.models import Unit
from tonghop.writers.party import PartyHeader, Signature, party_body

BLANK = "…………"  # what the campaign does not say, left for the office to fill in
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


_PLACE = re.compile(
    r"(?:Thành ủy|Tỉnh ủy|Thị ủy|Quận ủy|Huyện ủy|Đảng bộ (?:Thành phố|tỉnh|quận|huyện))\s+(.+)$",
    re.I,
)


def place(unit: Unit, *more: str) -> str:
    """The place in the date line: 'Hà Nội' from 'Thành ủy Hà Nội', the unit's or an
    ancestor's name (or one of `more`, e.g. the issuing body set on the campaign)."""
    names = list(more)
    while unit is not None:
        names.append(unit.name)
        unit = unit.parent
    for name in names:
        m = _PLACE.search(" ".join(name.split()))
        if m:
            return m.group(1).title() if m.group(1).isupper() else m.group(1)
    return BLANK


def header(c: Campaign) -> PartyHeader:
    """The department issues, as set on the campaign ("THÀNH ỦY HÀ NỘI" above "BAN TUYÊN
    GIÁO"); without it, the owner under its parent.  The number is left for the office:
    "Số      -DS/BTGTU"."""
    owner = c.owner
    if c.issuer.strip():
        superior, issuer = c.issuer_superior, c.issuer
    else:
        superior, issuer = (owner.parent.name if owner.parent_id else ""), owner.name
    number = f"-DS/{c.symbol.strip() or BLANK}"
    where = place(owner, c.issuer_superior, c.issuer)
    return PartyHeader(superior.upper(), issuer.upper(), number, where, timezone.localdate())


def _party_parent(unit: Unit) -> Unit | None:
    """The Party body above `unit`: a department of the committee is passed over."""
    parent = unit.parent
    while parent is not None and parent.kind == Unit.Kind.DEPARTMENT:
        parent = parent.parent
    return parent


def dossier_header(n: Nominee) -> PartyHeader:
    """A dossier is the nominating unit's: "ĐẢNG BỘ THÀNH PHỐ HÀ NỘI" above "QUẬN ỦY BA
    ĐÌNH", no number (it goes with the unit's proposal)."""
    unit = n.unit
    above = _party_parent(unit)
    superior = party_body(above.name) if above is not None else ""
    return PartyHeader(superior.upper(), unit.name.upper(), "", place(unit), timezone.localdate())


def signature(c: Campaign) -> Signature:
    """The leader who signs, as set on the campaign, never the person who clicked; what
    is not set is left as dots to fill in."""
    return Signature(c.signer_authority, c.signer_title or BLANK, c.signer_name or BLANK)


def filename(prefix: str, name: str, ext: str) -> str:
    """An accent-free file name: 'danh-sach-de-nghi-bang-khen-cua-thu-tuong.docx'."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")[:60].rstrip("-")
    return f"{prefix}-{slug or 'chuong-trinh'}.{ext}"


def _bytes(write) -> bytes:
    buf = io.BytesIO()
    write(buf)
    return buf.getvalue()


def proposal_docx(p: Programme, units=None) -> bytes:
    c = p.campaign
    return _bytes(
        lambda dest: w.proposal_list_docx(
            p.name, selected(p, units), header(c), signature(c), RECIPIENTS, dest
        )
    )


def proposal_xlsx(p: Programme, units=None) -> bytes:
    return _bytes(lambda dest: w.proposal_list_xlsx(p.name, selected(p, units), dest))


def book_docx(p: Programme, units=None) -> bytes:
    """Headed by the department like the lists; a manuscript takes no number."""
    head = header(p.campaign)
    head.number = ""
    return _bytes(
        lambda dest: w.book_manuscript_docx(p.name, selected(p, units), dest, header=head)
    )


def exhibition_docx(p: Programme, units=None) -> bytes:
    """Headed, numbered and signed as the proposal list."""
    c = p.campaign
    return _bytes(
        lambda dest: w.exhibition_list_docx(
            p.name,
            selected(p, units),
            dest,
            header=header(c),
            signature=signature(c),
            recipients=RECIPIENTS,
        )  # fmt: skip
    )


def dossier(n: Nominee) -> bytes:
    return _bytes(lambda dest: w.dossier_docx(nominee_data(n), dossier_header(n), dest))
