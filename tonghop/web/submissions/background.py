"""Uploads read in the background: conversions, scans, large files.

The request stores the file at once (a PendingUpload) and enqueues the task
`tasks.read_pending_upload`; `tonghop worker` runs it.  The task reads in a child
process with a time and a memory limit (`isolated`), writes its progress on the
PendingUpload as it goes (the reporter's page polls it), then stores the reading as
the unit's next version, once.

A worker killed halfway leaves its task RUNNING in django-tasks' table and the
PendingUpload running with a heartbeat that stops.  `recover` (run when a worker
starts, and by the reporter's page) finds such runs: on this machine by their
process id, elsewhere by a heartbeat older than STALE_AFTER; it closes the task row
and enqueues the read again.  The version is keyed by the PendingUpload, so a run
that did finish before its worker died is not stored twice.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import time
from datetime import timedelta
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import DatabaseError, transaction
from django.utils import timezone

from tonghop.model import ReadError
from tonghop.web.submissions import isolated
from tonghop.web.submissions.models import PendingUpload

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3  # runs cut short by a dying worker before the upload is given up


def stale_after() -> timedelta:
    """A run whose heartbeat is older than this, on another machine, is taken as dead."""
    default = float(os.environ.get("TONGHOP_STALE_SECONDS", "120"))
    return timedelta(seconds=getattr(settings, "TONGHOP_STALE_SECONDS", default))


def _runner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _enqueue(pending: PendingUpload) -> None:
    from tonghop.web.submissions.tasks import read_pending_upload

    result = read_pending_upload.enqueue(pending.pk)
    pending.task_id = str(result.id)


# --------------------------------------------------------------------------
# the request


def receive(assignment, data: bytes, filename: str, fmt: str, reason: str, user=None):
    """Keep the file and queue its reading; returns the PendingUpload."""
    stem = PurePosixPath(filename).stem[:80] or "bao-cao"
    pending = PendingUpload(
        assignment=assignment,
        original_name=filename[:255],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        file_format=fmt,
        reason=reason,
        uploaded_by=user,
        received_at=timezone.now(),
    )
    from tonghop.web.submissions.services import SubmissionError

    stored = None
    try:
        pending.file.save(f"{stem}.{fmt}", ContentFile(data), save=False)
        stored = pending.file.name
        with transaction.atomic():
            pending.save()
            _enqueue(pending)  # the task row commits with the upload, never without it
            pending.save(update_fields=["task_id"])
    except Exception as exc:
        if stored:
            pending.file.storage.delete(stored)
        log.exception("keeping an upload for assignment %s failed", assignment.pk)
        raise SubmissionError(
            "Không lưu được tệp do lỗi của hệ thống; chưa có gì được lưu. Vui lòng thử lại "
            "sau ít phút."
        ) from exc
    return pending


def retry(pending: PendingUpload) -> bool:
    """Queue a failed upload's reading again (the file is still there).  False when
    it is not failed (already queued again, or done)."""
    with transaction.atomic():
        p = PendingUpload.objects.select_for_update().get(pk=pending.pk)
        if p.state != PendingUpload.State.FAILED or p.version_id is not None:
            return False
        p.state, p.error, p.stage = PendingUpload.State.QUEUED, "", ""
        p.pages_done = p.pages_total = 0
        p.attempts = 0
        p.runner, p.heartbeat, p.finished_at = "", None, None
        _enqueue(p)
        p.save()
    pending.refresh_from_db()
    return True


# --------------------------------------------------------------------------
# the task


class _Reporter:
    """Writes the progress of a run on its PendingUpload, not more than twice a second
    (a page finished is always written)."""

    def __init__(self, pk: int, task_id: str):
        self.pk, self.task_id = pk, task_id
        self.last = 0.0
        self.pages = (0, 0)
        self.stage = ""

    def _write(self, **fields) -> None:
        fields["heartbeat"] = timezone.now()
        try:
            # Only while this run is the one due: a run replaced by a newer stays quiet.
            PendingUpload.objects.filter(pk=self.pk, task_id=self.task_id).update(**fields)
        except DatabaseError:  # a busy database: the next report will do
            log.warning("progress of pending upload %s not written", self.pk, exc_info=True)
        self.last = time.monotonic()

    def progress(self, stage: str, done: int, total: int) -> None:
        if stage == "ocr":
            same = self.stage == "ocr" and 0 < done < total
            self.pages = (done, total)
            if same and time.monotonic() - self.last < 0.5:
                return
        self.stage = stage
        done, total = self.pages  # other stages keep the pages recognised so far
        self._write(stage=stage, pages_done=done, pages_total=total)

    def tick(self) -> None:
        self._write()


def run(pending_id: int, task_id: str) -> int | None:
    """The task's work: read the pending upload and store its version.  Returns the
    version's id, or None when there was nothing to do (done already, replaced)."""
    from tonghop.web.submissions.services import SubmissionError, store_reading

    with transaction.atomic():
        p = PendingUpload.objects.select_for_update().filter(pk=pending_id).first()
        if p is None:
            return None
        if p.version_id is not None:
            return p.version_id  # stored by an earlier run
        if p.task_id and p.task_id != task_id:
            return None  # this run was replaced by a newer one (a retry, a recovery)
        if p.state == PendingUpload.State.FAILED:
            return None
        p.state, p.stage = PendingUpload.State.RUNNING, ""
        p.pages_done = p.pages_total = 0
        p.attempts += 1
        p.runner, p.heartbeat = _runner(), timezone.now()
        p.task_id = task_id
        p.save()

    reporter = _Reporter(p.pk, task_id)
    try:
        with p.file.open("rb") as fh:
            data = fh.read()
        doc = isolated.read(
            data,
            p.original_name,
            reporter.progress,
            timeout=getattr(settings, "TONGHOP_READ_TIMEOUT", None),
            memory_mb=getattr(settings, "TONGHOP_READ_MEMORY_MB", None),
            tick=reporter.tick,
        )
        reporter.progress("store", 0, 0)
        version = store_reading(p.assignment, data, p.original_name, doc, p.uploaded_by, p)
    except (ReadError, SubmissionError) as exc:
        _fail(p, task_id, str(exc))
        raise
    except FileNotFoundError as exc:
        _fail(p, task_id, "Không tìm thấy tệp đã tải lên trên máy chủ: hãy tải lên lại.")
        raise ReadError("missing upload file") from exc
    except Exception as exc:
        log.exception("reading pending upload %s failed", p.pk)
        _fail(
            p,
            task_id,
            "Không đọc được tệp do lỗi của hệ thống; tệp đã tải lên vẫn được giữ. "
            "Hãy bấm “Đọc lại” sau ít phút.",
        )
        raise ReadError("system error") from exc
    return version.pk


def _fail(p: PendingUpload, task_id: str, message: str) -> None:
    PendingUpload.objects.filter(pk=p.pk, task_id=task_id, version__isnull=True).update(
        state=PendingUpload.State.FAILED,
        error=message,
        finished_at=timezone.now(),
        heartbeat=timezone.now(),
    )


# --------------------------------------------------------------------------
# runs cut short


def _dead_here(runner: str) -> bool:
    host, _, pid = runner.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def recover(now=None) -> list[int]:
    """Queue again the reads whose worker died; returns the PendingUploads re-queued.
    After MAX_ATTEMPTS cut-short runs the upload fails with a message (a file that
    kills its worker every time must not hold the queue for ever)."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    limit = now - stale_after()
    again = []
    running = PendingUpload.objects.filter(state=PendingUpload.State.RUNNING)
    for p in running:
        stale = p.heartbeat is None or p.heartbeat < limit
        if not (stale or _dead_here(p.runner)):
            continue
        with transaction.atomic():
            q = PendingUpload.objects.select_for_update().get(pk=p.pk)
            if q.state != PendingUpload.State.RUNNING or q.task_id != p.task_id:
                continue  # it moved on meanwhile
            if q.task_id:
                DBTaskResult.objects.filter(pk=q.task_id, status="RUNNING").update(
                    status="FAILED",
                    finished_at=now,
                    exception_class_path="tonghop.web.submissions.background.WorkerLost",
                    traceback=f"The worker {q.runner} stopped during the task; queued again.",
                )
            if q.attempts >= MAX_ATTEMPTS:
                q.state = PendingUpload.State.FAILED
                q.error = (
                    f"Đã thử đọc tệp {q.attempts} lần nhưng lần nào tiến trình xử lý nền cũng "
                    "bị dừng giữa chừng: tệp có thể quá lớn hoặc bị hỏng. Tệp đã tải lên vẫn "
                    "được giữ; hãy bấm “Đọc lại” hoặc tải lên tệp khác."
                )
                q.finished_at = now
                q.save(update_fields=["state", "error", "finished_at"])
                continue
            log.warning("read of pending upload %s cut short (%s): queued again", q.pk, q.runner)
            q.state, q.stage, q.runner = PendingUpload.State.QUEUED, "", ""
            _enqueue(q)
            q.save(update_fields=["state", "stage", "runner", "task_id"])
            again.append(q.pk)
    _close_orphans(now)
    return again


def _close_orphans(now) -> None:
    """A task row left RUNNING whose upload is no longer its to read (stored before the
    worker died, or replaced by a newer run) is closed, so no row stays RUNNING for ever."""
    from django_tasks_db.models import DBTaskResult

    from tonghop.web.submissions.tasks import read_pending_upload

    rows = DBTaskResult.objects.filter(status="RUNNING", task_path=read_pending_upload.module_path)
    for row in rows:
        args = row.args_kwargs.get("args") or [None]
        p = PendingUpload.objects.filter(pk=args[0]).first()
        if p is not None and p.state == PendingUpload.State.RUNNING and p.task_id == str(row.pk):
            continue  # its run is in progress (or judged above)
        if p is not None and p.version_id is not None:
            DBTaskResult.objects.filter(pk=row.pk, status="RUNNING").update(
                status="SUCCESSFUL", finished_at=now, return_value=p.version_id
            )
        elif row.started_at is None or row.started_at < now - stale_after():
            DBTaskResult.objects.filter(pk=row.pk, status="RUNNING").update(
                status="FAILED",
                finished_at=now,
                exception_class_path="tonghop.web.submissions.background.WorkerLost",
                traceback="The worker stopped during the task; the upload was read by another run.",
            )
