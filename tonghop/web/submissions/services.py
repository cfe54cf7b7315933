"""What happens to a unit's report: an upload is read, checked, aligned to the
campaign's outline and stored as a new version; the figures read from it are
confirmed or corrected; the unit submits; the department accepts or sends back.

Views call these functions, and so does the demo loader.  Every refusal is a
`SubmissionError` carrying a Vietnamese message for the user, and leaves
nothing stored.  Permissions are the views' business (accounts.access).
"""

from __future__ import annotations

import hashlib
import io
import logging
import zipfile
from collections.abc import Mapping
from dataclasses import asdict
from decimal import Decimal
from pathlib import PurePosixPath
from typing import BinaryIO

import pymupdf
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import DatabaseError, transaction
from django.db.models import Max
from django.utils import timezone

from tonghop.align import align
from tonghop.figures import parse_number
from tonghop.model import Document, ReadError, Section
from tonghop.model import Outline as EngineOutline
from tonghop.model import OutlineItem as EngineOutlineItem
from tonghop.pipeline import read_document_bytes
from tonghop.readers import sniff
from tonghop.readers.legacy import NAMES as LEGACY_NAMES
from tonghop.readers.limits import check_chars, check_paragraphs
from tonghop.readers.pdf import needs_ocr
from tonghop.text import fold, strip_markers
from tonghop.web.audit.models import Event, record
from tonghop.web.campaigns.models import Assignment, Campaign
from tonghop.web.submissions.models import (
    Answer,
    PendingUpload,
    ReportedFigure,
    Review,
    Submission,
    Version,
    vn_number,
)
from tonghop.web.uploads import refuse_text_named_binary

log = logging.getLogger(__name__)

ALLOWED_FORMATS = ("docx", "pdf", "txt", "md")  # and LibreOffice's: .doc, .odt, .rtf
ACCEPT = ".docx,.pdf,.txt,.md,.doc,.odt,.rtf"  # for <input type=file accept=...>
ACCEPT_WORDS = ".docx, .pdf, .txt, .md, .doc, .odt và .rtf"
_MAX_FIGURE = Decimal(10) ** 20  # what ReportedFigure.value can hold
_FOUR_PLACES = Decimal("0.0001")


class SubmissionError(Exception):
    """A refused action; the message is Vietnamese and meant for the user."""


class FigureErrors(SubmissionError):
    """Figures that are not numbers: {figure pk: message}.  Nothing was saved."""

    def __init__(self, errors: dict[int, str]):
        self.errors = errors
        super().__init__(" ".join(errors.values()))


# --------------------------------------------------------------------------
# reading an upload


def outline_of(campaign: Campaign) -> EngineOutline:
    """The campaign's outline items as the engine's Outline, for `align`."""
    items = [
        EngineOutlineItem(i.code, i.title, i.level, i.parent_code or None)
        for i in campaign.outline.all()
    ]
    return EngineOutline(title=campaign.title, source="campaign", items=items)


def _megabytes(n: int) -> str:
    """Bytes as MB the way the user reads it: "30", "1,5", "0,002"."""
    mb = Decimal(n) / (1024 * 1024)
    places = Decimal("0.1") if mb >= 1 else Decimal("0.001")
    return vn_number(max(mb.quantize(places), places))


def _too_big(size: int) -> SubmissionError:
    return SubmissionError(
        f"Tệp quá lớn ({_megabytes(size)} MB): chỉ nhận tệp đến "
        f"{_megabytes(settings.UPLOAD_MAX_BYTES)} MB. Hãy giảm dung lượng (ví dụ bỏ bớt "
        "hình ảnh) rồi tải lên lại."
    )


def _refuse_if_closed(campaign: Campaign, submission: Submission | None) -> None:
    if campaign.is_draft:
        raise SubmissionError("Đợt báo cáo chưa được công bố: chưa nhận báo cáo.")
    if campaign.is_locked:
        raise SubmissionError(
            "Đợt báo cáo đã khóa: không nhận thêm báo cáo. Nếu cần sửa, hãy liên hệ cơ quan "
            "nhận báo cáo."
        )
    if submission is not None and submission.status == Submission.Status.ACCEPTED:
        raise SubmissionError("Báo cáo đã được tiếp nhận: không tải lên phiên bản mới được nữa.")


def _bytes_of(upload: bytes | BinaryIO) -> bytes:
    if isinstance(upload, bytes | bytearray | memoryview):
        return bytes(upload)
    size = getattr(upload, "size", None)  # Django's UploadedFile knows it before reading
    if size is not None and size > settings.UPLOAD_MAX_BYTES:
        raise _too_big(size)
    if hasattr(upload, "seek"):
        upload.seek(0)
    return upload.read()


def _section_text(section: Section) -> str:
    """A section's paragraphs and tables, then every subsection with its heading."""
    lines: list[str] = list(section.paragraphs)
    for table in section.tables:
        lines += [" | ".join(row) for row in table.rows]
    for child in section.children:
        lines.append(f"{child.label} {child.title}".strip())
        text = _section_text(child)
        if text:
            lines.append(text)
    return "\n".join(lines)


def _answers(version: Version, doc: Document, alignment, campaign: Campaign) -> list[Answer]:
    sections = {tuple(s.path): s for s in doc.walk()}
    items = {i.code: i for i in campaign.outline.all()}
    answers = []
    for a in alignment.items:
        section = sections.get(tuple(a.matched.path)) if a.matched else None
        if section is None:  # unanswered: an empty row keeps the matrix one join away
            answers.append(Answer(version=version, item=items[a.id]))
            continue
        text = _section_text(section)
        answers.append(
            Answer(
                version=version,
                item=items[a.id],
                path=list(section.path),
                title=section.title,
                text=text,
                folded=fold(strip_markers(f"{section.title}\n{text}")),
                score=a.matched.score,
            )
        )
    return answers


def _figures(version: Version, doc: Document) -> list[ReportedFigure]:
    figures = []
    for f in doc.figures:
        value = Decimal(str(f.value)).quantize(_FOUR_PLACES)
        if abs(value) >= _MAX_FIGURE:  # a run of digits, not a quantity anyone reports
            continue
        figures.append(
            ReportedFigure(
                version=version,
                order=len(figures) + 1,
                value=value,
                proposed_value=value,
                raw=f.raw[:60],
                unit=f.unit[:120],
                qualifier=f.qualifier[:30],
                sentence=f.text,
                path=list(f.path),
                footnote=f.footnote,
                year=f.year,
            )
        )
    return figures


def _figure_key(f: ReportedFigure) -> tuple:
    return (" ".join(f.sentence.split()), f.raw, f.unit, f.qualifier, f.proposed_value)


def _carry_confirmations(
    submission: Submission, version: Version, figures: list[ReportedFigure]
) -> int:
    """A figure the unit confirmed or corrected in the previous version, standing
    unchanged in the new one (same sentence, same number as written), keeps its
    confirmation: nobody confirms the same figure twice.  Returns how many."""
    previous = (
        submission.versions.exclude(pk=version.pk).order_by("-number").only("pk").first()
        if submission.pk
        else None
    )
    if previous is None:
        return 0
    done: dict[tuple, list[ReportedFigure]] = {}
    for old in previous.figures.exclude(status=ReportedFigure.Status.PROPOSED).order_by("order"):
        done.setdefault(_figure_key(old), []).append(old)
    carried = 0
    for f in figures:
        olds = done.get(_figure_key(f))
        if not olds:
            continue
        old = olds.pop(0)
        f.value, f.status = old.value, old.status
        f.confirmed_by_id, f.confirmed_at = old.confirmed_by_id, old.confirmed_at
        carried += 1
    return carried


# Reads expected to take more than about a second go to the task worker (measured:
# ~60 µs a paragraph, ~10 ms a text PDF page; conversion and OCR take seconds).
BACKGROUND_PAGES = 60
BACKGROUND_XML_BYTES = 2 * 1024 * 1024  # a .docx's document.xml, uncompressed
BACKGROUND_TEXT_BYTES = 256 * 1024
BACKGROUND_BYTES = 10 * 1024 * 1024


def _refused(exc: ReadError) -> SubmissionError:
    return SubmissionError(str(exc))


def check_upload(data: bytes, filename: str) -> tuple[str, str]:
    """What the request itself checks, in milliseconds: size, format (from the
    content), a binary name on a text.  Returns (format, why it must be read in the
    background: "convert", "ocr", "large" or "")."""
    fmt = _check_format(data, filename)
    if fmt in LEGACY_NAMES:
        return fmt, "convert"
    if fmt == "pdf" and needs_ocr(data):
        return fmt, "ocr"
    if not _large(data, fmt):
        return fmt, ""
    if fmt in ("txt", "md"):
        _refuse_oversized_text(data)
    return fmt, "large"


def _refuse_oversized_text(data: bytes) -> None:
    """A text too large to be a report is refused here, not after a wait: its paragraphs
    (runs of lines between blank lines) and letters are counted in milliseconds, and
    they are no more than what the reader would find."""
    text = data.decode(
        "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8", "replace"
    )
    paragraphs, inside, chars = 0, False, 0
    for line in text.splitlines():
        bare = line.strip()
        if bare and not inside:
            paragraphs += 1
        inside = bool(bare)
        chars += len(bare) - bare.count("*") - bare.count("#")
    try:
        check_paragraphs(paragraphs)
        check_chars(chars)
    except ReadError as exc:
        raise _refused(exc) from None


def _check_format(data: bytes, filename: str) -> str:
    if len(data) > settings.UPLOAD_MAX_BYTES:
        raise _too_big(len(data))
    try:
        fmt = sniff(data, filename)  # by content: a PNG named .pdf stops here
        if fmt not in ALLOWED_FORMATS and fmt not in LEGACY_NAMES:
            raise ReadError(f"Định dạng tệp chưa được hỗ trợ: chỉ nhận tệp {ACCEPT_WORDS}.")
        refuse_text_named_binary(fmt, filename)
    except ReadError as exc:
        raise _refused(exc) from None
    return fmt


def _large(data: bytes, fmt: str) -> bool:
    if len(data) > BACKGROUND_BYTES:
        return True
    if fmt in ("txt", "md"):
        return len(data) > BACKGROUND_TEXT_BYTES
    if fmt == "docx":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                return z.getinfo("word/document.xml").file_size > BACKGROUND_XML_BYTES
        except (zipfile.BadZipFile, KeyError, OSError):
            return False  # reading it says what is wrong, at once
    if fmt == "pdf":
        try:
            with pymupdf.open(stream=data, filetype="pdf") as doc:
                return doc.page_count > BACKGROUND_PAGES
        except Exception:  # a damaged file: reading it says why, at once
            return False
    return False


def read_upload(data: bytes, filename: str) -> Document:
    """Read bytes with the engine, here and now; a refused file raises SubmissionError.
    Any format, scans and conversions included: the web's uploads come through
    `receive_upload`, which sends the slow ones to the task worker."""
    _check_format(data, filename)
    try:
        return read_document_bytes(data, filename)
    except ReadError as exc:
        raise SubmissionError(str(exc)) from None
    except Exception as exc:  # the engine met something it does not know: refuse, keep a trace
        log.exception("reading %r failed", filename)
        raise SubmissionError(
            "Không đọc được tệp: tệp bị hỏng hoặc có cấu trúc lạ. Hãy mở tệp bằng Word, "
            "lưu lại (.docx hoặc .pdf) rồi tải lên lại."
        ) from exc


def _clean_name(filename: str) -> str:
    return PurePosixPath(filename.replace("\\", "/")).name or "bao-cao"


def store_upload(
    assignment: Assignment,
    upload: bytes | BinaryIO,
    filename: str,
    user=None,
) -> Version:
    """Read, check and align one upload here and now, and store it as the next version
    of the unit's report.  For loaders and for the uploads `receive_upload` finds fast.

    assignment: the unit's assignment in a campaign.
    upload: the file's bytes, or a binary file object (Django's UploadedFile, open()).
    filename: the name the user gave it; kept for display.  The format is decided
        from the content, and the stored file carries the right extension.
    user: who uploaded it (None for a loader).

    Stores in one transaction the Version (file, reading, alignment, findings,
    coverage), one Answer per outline item and the figures proposed from the
    text, and updates the Submission.  Raises SubmissionError with a Vietnamese
    message when the file is refused or anything fails; then nothing is stored,
    not even the file.
    """
    campaign = assignment.campaign
    _refuse_if_closed(campaign, Submission.objects.filter(assignment=assignment).first())
    data = _bytes_of(upload)
    filename = _clean_name(filename)
    doc = read_upload(data, filename)
    return store_reading(assignment, data, filename, doc, user)


def receive_upload(
    assignment: Assignment,
    upload: bytes | BinaryIO,
    filename: str,
    user=None,
) -> Version | PendingUpload:
    """The web's upload: a fast file is read in the request, in a child process with
    a time and memory limit (`isolated.read_quick`); one that needs LibreOffice, OCR
    or more than about a second of reading, or that met the quick read's limits, is
    stored at once as a PendingUpload and read by a task (`background`), which makes
    the version.  What the request can check (size, format, a closed campaign, a file
    the reader refuses) it refuses at once, storing nothing."""
    from tonghop.web.submissions import background, isolated

    campaign = assignment.campaign
    _refuse_if_closed(campaign, Submission.objects.filter(assignment=assignment).first())
    data = _bytes_of(upload)
    filename = _clean_name(filename)
    fmt, reason = check_upload(data, filename)
    if not reason:
        try:
            doc = isolated.read_quick(
                data,
                filename,
                timeout=getattr(settings, "TONGHOP_QUICK_READ_TIMEOUT", None),
                memory_mb=getattr(settings, "TONGHOP_READ_MEMORY_MB", None),
            )
        except isolated.Interrupted:
            reason = "large"  # the worker keeps the file, has more time, says how far it got
        except ReadError as exc:
            raise _refused(exc) from None
        else:
            return store_reading(assignment, data, filename, doc, user)

    return background.receive(assignment, data, filename, fmt, reason, user)


def store_reading(
    assignment: Assignment,
    data: bytes,
    filename: str,
    doc: Document,
    user=None,
    pending: PendingUpload | None = None,
) -> Version:
    """Store a reading as the unit's next version.  With `pending`: its file is the
    version's, and the version is stored once for it (a second call returns it)."""
    campaign = assignment.campaign
    outline = outline_of(campaign)
    alignment = align(doc, outline)
    findings = [asdict(f) for f in [*doc.findings, *alignment.findings]]
    matched = sum(1 for i in alignment.items if i.matched)
    coverage = round(matched / len(alignment.items), 4) if alignment.items else None
    stem = PurePosixPath(filename).stem[:80] or "bao-cao"

    stored = None
    try:
        with transaction.atomic():
            if pending is not None:
                pending = PendingUpload.objects.select_for_update().get(pk=pending.pk)
                if pending.version_id is not None:
                    return pending.version  # stored by an earlier run of the same upload
            submission, _ = Submission.objects.select_for_update().get_or_create(
                assignment=assignment
            )
            # Checked again under the lock: the campaign may have closed while we read.
            campaign.refresh_from_db(fields=["status"])
            _refuse_if_closed(campaign, submission)
            last = submission.versions.aggregate(n=Max("number"))["n"] or 0
            version = Version(
                submission=submission,
                number=last + 1,
                original_name=filename[:255],
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                file_format=doc.format,
                uploaded_by=user,
                reading=doc.to_dict(),
                alignment=alignment.to_dict(),
                findings=findings,
                coverage=coverage,
            )
            if pending is not None:
                version.file.name = pending.file.name  # the file kept since it arrived
            else:
                version.file.save(f"{stem}.{doc.format}", ContentFile(data), save=False)
                stored = version.file.name
            version.save()
            Answer.objects.bulk_create(_answers(version, doc, alignment, campaign))
            figures = _figures(version, doc)
            _carry_confirmations(submission, version, figures)
            ReportedFigure.objects.bulk_create(figures)
            if submission.submitted_version_id is None:
                # Until something is submitted the dashboard shows the latest upload;
                # after, the submitted version, like the matrix and side-by-side pages.
                submission.coverage = coverage
                submission.findings_count = len(findings)
                submission.save(update_fields=["coverage", "findings_count"])
            if pending is not None:
                pending.version = version
                pending.state = PendingUpload.State.DONE
                pending.finished_at = timezone.now()
                pending.save(update_fields=["version", "state", "finished_at"])
            record(
                Event.Action.UPLOAD,
                actor=user,
                campaign=campaign,
                unit=assignment.unit,
                message=f"Tải lên phiên bản {version.number}: {filename}"[:500],
                version=version.pk,
                number=version.number,
                sha256=version.sha256,
            )
    except BaseException as exc:
        if stored:
            version.file.storage.delete(stored)
        if isinstance(exc, DatabaseError | OSError):
            log.exception("storing an upload for assignment %s failed", assignment.pk)
            raise SubmissionError(
                "Không lưu được báo cáo do lỗi của hệ thống; chưa có gì được lưu. "
                "Vui lòng thử lại sau ít phút."
            ) from exc
        raise
    return version


# --------------------------------------------------------------------------
# figures


def _figure_name(f: ReportedFigure) -> str:
    what = f"{f.proposed_text} {f.unit}".strip()
    return f"Số liệu thứ {f.order} ({what})"


def confirm_figures(version: Version, data: Mapping, user=None) -> dict[str, int]:
    """Confirm or correct the figures of a version.

    data: {figure pk: value as typed, in Vietnamese notation ("4.320", "98,9")}.
    A value equal to what the text said confirms the figure; another number
    corrects it.  Any value that is not a number refuses the whole form
    (FigureErrors naming each figure) and nothing is saved.
    Returns {"confirmed": n, "corrected": m} of the figures whose state changed.
    """
    submission = version.submission
    _refuse_if_closed(submission.assignment.campaign, submission)
    if (
        submission.status == Submission.Status.SUBMITTED
        and submission.submitted_version_id == version.pk
    ):
        raise SubmissionError(
            "Báo cáo đã nộp: số liệu của phiên bản đã nộp không sửa được nữa, trừ khi cơ quan "
            "nhận báo cáo trả lại để sửa."
        )
    figures = {f.pk: f for f in version.figures.all()}
    errors: dict[int, str] = {}
    wanted: dict[int, Decimal] = {}
    for key, typed in data.items():
        try:
            f = figures[int(key)]
        except (KeyError, ValueError):
            raise SubmissionError("Số liệu không thuộc phiên bản báo cáo này.") from None
        text = str(typed or "").strip()
        value = parse_number(text) if text else None
        if value is None:
            shown = f"“{text}”" if text else "ô để trống"
            errors[f.pk] = (
                f"{_figure_name(f)}: {shown} không phải là một số. Hãy nhập số theo cách "
                "viết thông thường, ví dụ 4.320 hoặc 98,9."
            )
            continue
        d = Decimal(str(value)).quantize(_FOUR_PLACES)
        if abs(d) >= _MAX_FIGURE:
            errors[f.pk] = f"{_figure_name(f)}: số “{text}” quá lớn."
            continue
        wanted[f.pk] = d
    if errors:
        raise FigureErrors(errors)

    counts = {"confirmed": 0, "corrected": 0}
    with transaction.atomic():
        now = timezone.now()
        confirmed = []
        for pk, value in wanted.items():
            f = figures[pk]
            status = (
                ReportedFigure.Status.CONFIRMED
                if value == f.proposed_value
                else ReportedFigure.Status.CORRECTED
            )
            if f.status == status and f.value == value:
                continue  # a second click on "Lưu": nothing new to record
            f.value, f.status, f.confirmed_by, f.confirmed_at = value, status, user, now
            f.save(update_fields=["value", "status", "confirmed_by", "confirmed_at"])
            if status == ReportedFigure.Status.CONFIRMED:
                confirmed.append(f.pk)
                counts["confirmed"] += 1
                continue
            counts["corrected"] += 1
            record(
                Event.Action.FIGURE_CORRECT,
                actor=user,
                campaign=submission.assignment.campaign,
                unit=submission.assignment.unit,
                message=(
                    f"Sửa số liệu thứ {f.order} của phiên bản {version.number}: "
                    f"{f.proposed_text} → {f.value_text} {f.unit}"
                )[:500],
                figure=f.pk,
                version=version.pk,
                old=str(f.proposed_value),
                new=str(value),
            )
        if confirmed:
            record(
                Event.Action.FIGURE_CONFIRM,
                actor=user,
                campaign=submission.assignment.campaign,
                unit=submission.assignment.unit,
                message=f"Xác nhận {len(confirmed)} số liệu của phiên bản {version.number}",
                figures=confirmed,
                version=version.pk,
            )
    if (counts["confirmed"] or counts["corrected"]) and Submission.objects.filter(
        pk=submission.pk, submitted_version=version
    ).exists():
        # The version the unit's values come from (sent back, still the one submitted):
        # they follow each confirmation at once, not only the next submission.
        _values_follow(submission.assignment)
    return counts


# --------------------------------------------------------------------------
# submitting and reviewing


def _locked(submission: Submission) -> Submission:
    return (
        Submission.objects.select_for_update()
        .select_related("assignment__campaign", "assignment__unit")
        .get(pk=submission.pk)
    )


def submit(submission: Submission, version: Version, user=None, *, at=None) -> bool:
    """Submit `version` as the unit's report.  Idempotent: submitting the version
    already submitted changes nothing (a double click, a second POST).

    The first submission fixes the time and on_time (the local date compared
    with the assignment's due date); a corrected version sent later replaces
    the submitted version without making an on-time report late.
    at: when it was submitted (default now; a loader may replay an earlier time).
    Returns True when something was submitted.
    """
    with transaction.atomic():
        s = _locked(submission)
        if version.submission_id != s.pk:
            raise SubmissionError("Phiên bản này không thuộc báo cáo của đơn vị.")
        done = (Submission.Status.SUBMITTED, Submission.Status.ACCEPTED)
        if s.status in done and s.submitted_version_id == version.pk:
            return False
        if s.status == Submission.Status.ACCEPTED:
            raise SubmissionError("Báo cáo đã được tiếp nhận: không nộp phiên bản khác được.")
        if s.assignment.campaign.is_locked:
            raise SubmissionError("Đợt báo cáo đã khóa: không nhận thêm báo cáo.")
        if s.status == Submission.Status.RETURNED and s.submitted_version_id == version.pk:
            raise SubmissionError(
                "Phiên bản này đã bị trả lại: hãy tải lên phiên bản đã sửa rồi nộp lại."
            )
        now = at or timezone.now()
        if s.submitted_at is None:
            s.submitted_at = now
            s.on_time = Submission.is_on_time(now, s.assignment.due)
        s.status = Submission.Status.SUBMITTED
        s.submitted_version = version
        s.coverage = version.coverage
        s.findings_count = len(version.findings)
        s.save()
        record(
            Event.Action.SUBMIT,
            actor=user,
            campaign=s.assignment.campaign,
            unit=s.assignment.unit,
            message=f"Nộp báo cáo (phiên bản {version.number})",
            version=version.pk,
            number=version.number,
        )
    _values_follow(s.assignment)
    submission.refresh_from_db()
    return True


def _values_follow(assignment) -> None:
    """The unit's indicator values follow the version just submitted (that unit only).
    The report is submitted whatever happens here: staff can still take values again."""
    from tonghop.web.consolidation.services import values_follow

    try:
        with transaction.atomic():  # a savepoint: a failure here leaves the submission whole
            values_follow(assignment)
    except Exception:
        log.exception("values of assignment %s not taken from its submission", assignment.pk)


def _refuse_if_just_reviewed(s: Submission, user) -> None:
    """Two officials clicking at the same moment: the second is told who decided first,
    instead of an error (or of a decision taken over the first one's)."""
    last = s.reviews.select_related("by__profile").first()
    if (
        last is None
        or last.version_id != s.submitted_version_id
        or last.by_id == getattr(user, "pk", None)
    ):
        return
    who = _person(last.by)
    done = "tiếp nhận" if last.action == Review.Action.ACCEPT else "trả lại cho đơn vị"
    at = timezone.localtime(last.at).strftime("%H:%M ngày %d/%m/%Y")
    raise SubmissionError(
        f"Báo cáo này vừa được người khác xử lý: {who} đã {done} lúc {at}. "
        "Trang đã được tải lại để bạn xem tình trạng mới nhất."
    )


def _person(user) -> str:
    if user is None:
        return "một người khác"
    profile = getattr(user, "profile", None)
    return (profile.full_name if profile else "") or user.get_username()


def accept(submission: Submission, user=None) -> bool:
    """Accept the submitted version; it is locked from then on.  Idempotent."""
    with transaction.atomic():
        s = _locked(submission)
        if s.status == Submission.Status.ACCEPTED:
            _refuse_if_just_reviewed(s, user)
            return False
        if s.status == Submission.Status.RETURNED:
            _refuse_if_just_reviewed(s, user)
        if s.status != Submission.Status.SUBMITTED:
            raise SubmissionError("Chỉ tiếp nhận được báo cáo mà đơn vị đã nộp.")
        s.status = Submission.Status.ACCEPTED
        s.save(update_fields=["status"])
        Review.objects.create(
            submission=s, version=s.submitted_version, action=Review.Action.ACCEPT, by=user
        )
        record(
            Event.Action.ACCEPT,
            actor=user,
            campaign=s.assignment.campaign,
            unit=s.assignment.unit,
            message=f"Tiếp nhận báo cáo (phiên bản {s.submitted_version.number})",
            version=s.submitted_version_id,
        )
    submission.refresh_from_db()
    return True


def send_back(submission: Submission, user, comment: str) -> bool:
    """Send the submitted version back with a comment the unit will read; the
    unit may then upload and submit a corrected version."""
    comment = (comment or "").strip()
    if not comment:
        raise SubmissionError(
            "Hãy ghi ý kiến khi trả lại báo cáo, để đơn vị biết cần sửa những gì."
        )
    with transaction.atomic():
        s = _locked(submission)
        if s.status == Submission.Status.RETURNED:
            last = s.reviews.first()
            if last and last.version_id == s.submitted_version_id and last.comment == comment:
                return False  # the same form sent twice
        if s.status in (Submission.Status.ACCEPTED, Submission.Status.RETURNED):
            _refuse_if_just_reviewed(s, user)
        if s.status == Submission.Status.ACCEPTED:
            raise SubmissionError("Báo cáo đã được tiếp nhận: không trả lại được.")
        if s.status != Submission.Status.SUBMITTED:
            raise SubmissionError("Chỉ trả lại được báo cáo mà đơn vị đã nộp.")
        s.status = Submission.Status.RETURNED
        s.save(update_fields=["status"])
        Review.objects.create(
            submission=s,
            version=s.submitted_version,
            action=Review.Action.RETURN,
            comment=comment,
            by=user,
        )
        record(
            Event.Action.RETURN,
            actor=user,
            campaign=s.assignment.campaign,
            unit=s.assignment.unit,
            message=f"Trả lại báo cáo (phiên bản {s.submitted_version.number}): {comment}"[:500],
            version=s.submitted_version_id,
            comment=comment,
        )
    submission.refresh_from_db()
    return True


# --------------------------------------------------------------------------
# the reporter's list


def due_phrase(days: int) -> str:
    """Days until the due date, as the reporter reads it."""
    if days > 0:
        return f"còn {days} ngày"
    if days == 0:
        return "hôm nay là hạn cuối"
    return f"quá hạn {-days} ngày"


def todo(unit_id: int, today=None) -> list[dict]:
    """The unit's open campaigns, what is left to do first: unsubmitted work by
    due date (so overdue on top), then what is already sent."""
    today = today or timezone.localdate()
    assignments = (
        Assignment.objects.filter(unit_id=unit_id, campaign__status=Campaign.Status.OPEN)
        .select_related("campaign", "submission")
        .order_by("pk")
    )
    rows = []
    for a in assignments:
        s = getattr(a, "submission", None)
        status = s.status if s else Submission.Status.DRAFT
        done = status in (Submission.Status.SUBMITTED, Submission.Status.ACCEPTED)
        days = (a.due - today).days
        rows.append(
            {
                "assignment": a,
                "campaign": a.campaign,
                "submission": s,
                "due": a.due,
                "days": days,
                "due_phrase": due_phrase(days),
                "overdue": days < 0 and not done,
                "done": done,
                "status": status,
                "status_label": Submission.Status(status).label,
            }
        )
    rows.sort(key=lambda r: (r["done"], r["due"], r["campaign"].title))
    return rows
