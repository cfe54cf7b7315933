"""Uploads read in the background: a .doc made by LibreOffice and a scan made here go
from the web service to the task worker (django-tasks, its database backend) and come
back as versions; a failure says why in Vietnamese, keeps the file and can be retried;
every read runs in a child process with a time and a memory limit; a worker killed
halfway loses nothing (test_background_worker.py kills a real one)."""

from __future__ import annotations

import hashlib
import io
import shutil
import socket
import subprocess
import zipfile
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.conftest import require
from tests.web import factories_background
from tests.web.factories import campaign, person, unit
from tests.web.factories_submissions import docx_bytes
from tonghop.web.audit.models import Event
from tonghop.web.campaigns.models import Assignment, Campaign
from tonghop.web.submissions import background, services
from tonghop.web.submissions.models import PendingUpload, Version

pytestmark = pytest.mark.django_db(transaction=True)

BROKEN_DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600


def run_worker() -> None:
    call_command("db_worker", "--batch", "--queue-name", "*", "--no-startup-delay", verbosity=0)


@pytest.fixture(scope="module")
def legacy_doc(tmp_path_factory, soffice) -> bytes:
    """The test campaign's report (factories_submissions) saved as Word 97 by LibreOffice."""
    return factories_background.legacy_doc(soffice, tmp_path_factory.mktemp("doc"))


@pytest.fixture(scope="module")
def scanned_report(tmp_path_factory, soffice) -> bytes:
    """The same report printed to PDF, then scanned (one page at 300 dpi)."""
    require(shutil.which("tesseract") is not None, "Tesseract (tesseract-ocr) is not installed")
    return factories_background.scanned_report(soffice, tmp_path_factory.mktemp("pdf"))


@pytest.fixture
def w():
    city = unit("TU", "Thành ủy Hà Nội")
    ba_dinh = unit("Q1", "Quận ủy Ba Đình", parent=city)
    hoan_kiem = unit("Q2", "Quận ủy Hoàn Kiếm", parent=city)
    c = campaign(city, [ba_dinh, hoan_kiem])
    return SimpleNamespace(
        campaign=c,
        a=Assignment.objects.get(campaign=c, unit=ba_dinh),
        b=Assignment.objects.get(campaign=c, unit=hoan_kiem),
        rep=person("baocao_a", "reporter", ba_dinh),
        rep_b=person("baocao_b", "reporter", hoan_kiem),
        staff=person("chuyenvien", "staff", city),
    )


def figures(v: Version) -> list[tuple]:
    return [(f.value, f.unit, f.path, f.footnote) for f in v.figures.all()]


# --------------------------------------------------------------------------
# through the worker


def test_a_doc_is_kept_queued_then_read_by_the_worker_like_the_docx(w, legacy_doc):
    p = services.receive_upload(w.a, legacy_doc, "Báo cáo Ba Đình.doc", w.rep)
    assert isinstance(p, PendingUpload) and p.reason == "convert" and p.state == "queued"
    assert not Version.objects.exists()  # nothing read inside the request

    run_worker()
    p.refresh_from_db()
    assert p.state == "done" and p.attempts == 1 and p.error == ""
    v = p.version
    assert v.number == 1 and v.file_format == "doc" and v.original_name == "Báo cáo Ba Đình.doc"
    assert v.uploaded_by == w.rep and v.sha256 == hashlib.sha256(legacy_doc).hexdigest()
    assert Path(v.file.path).read_bytes() == legacy_doc  # the user's file, not the conversion
    assert v.alignment["missing"] == ["III.3"]
    assert len(v.reading["footnotes"]) == 1
    task = DBTaskResult.objects.get(pk=p.task_id)
    assert task.status == "SUCCESSFUL" and task.return_value == v.pk
    assert Event.objects.get(action="upload").actor == w.rep

    # The same report as .docx, read in the request: the same sections and figures.
    docx = services.receive_upload(w.b, docx_bytes(), "bao-cao.docx", w.rep_b)
    assert isinstance(docx, Version)
    assert figures(v) == figures(docx)
    assert [a.path for a in v.answers.order_by("item__order")] == [
        a.path for a in docx.answers.order_by("item__order")
    ]


def test_a_scan_is_recognised_by_the_worker_page_by_page(w, scanned_report):
    p = services.receive_upload(w.a, scanned_report, "bao-cao-quet.pdf", w.rep)
    assert isinstance(p, PendingUpload) and p.reason == "ocr"
    run_worker()
    p.refresh_from_db()
    assert p.state == "done", p.error
    assert (p.pages_done, p.pages_total) == (1, 1)  # written by the task as it went
    v = p.version
    assert v.file_format == "pdf" and v.reading["ocr_pages"][0][0] == 1
    assert v.reading["ocr_pages"][0][1] > 80  # the page's confidence is kept
    assert {"I", "II", "III"} <= {a.item.code for a in v.answers.select_related("item") if a.path}
    values = [f.value for f in v.figures.all()]
    assert values == [Decimal(12), Decimal(4320), Decimal("98.9"), Decimal(25), Decimal(320)]
    assert v.figures.get(value=320).footnote == 1  # the footnote found by position and size


def test_a_broken_doc_fails_in_vietnamese_keeps_the_file_and_retries(w, client):
    p = services.receive_upload(w.a, BROKEN_DOC, "hong.doc", w.rep)
    run_worker()
    p.refresh_from_db()
    assert p.state == "failed" and p.version is None and p.attempts == 1
    assert "Không chuyển đổi được tệp Word 97-2003 (.doc)" in p.error
    assert Path(p.file.path).read_bytes() == BROKEN_DOC  # kept
    task = DBTaskResult.objects.get(pk=p.task_id)
    assert task.status == "FAILED" and "Không chuyển đổi được tệp" in task.traceback

    # The page says why, offers the file back and a new read.
    client.force_login(w.rep)
    page = client.get(reverse("submissions:detail", args=[w.a.pk])).content.decode()
    assert "Không chuyển đổi được tệp Word 97-2003 (.doc)" in page and "Đọc lại" in page
    kept = client.get(reverse("submissions:pending_file", args=[w.a.pk, p.pk]))
    assert b"".join(kept.streaming_content) == BROKEN_DOC
    assert "hong.doc" in kept["Content-Disposition"]

    first_task = p.task_id
    r = client.post(reverse("submissions:pending_retry", args=[w.a.pk, p.pk]))
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.state == "queued" and p.error == "" and p.task_id != first_task
    run_worker()
    p.refresh_from_db()
    assert p.state == "failed" and "Không chuyển đổi được" in p.error  # still broken
    assert not Version.objects.exists()


def test_a_failure_that_goes_away_is_read_on_retry(w, legacy_doc, monkeypatch, tmp_path):
    """LibreOffice missing on the worker (its package named), installed, "Đọc lại": read."""
    python_only = tmp_path / "bin"
    python_only.mkdir()
    monkeypatch.setenv("PATH", str(python_only))
    p = services.receive_upload(w.a, legacy_doc, "bao-cao.doc", w.rep)
    run_worker()
    p.refresh_from_db()
    assert p.state == "failed" and "libreoffice-writer-nogui" in p.error
    monkeypatch.undo()
    assert background.retry(p)
    assert not background.retry(p)  # already queued again: a second click does nothing
    run_worker()
    p.refresh_from_db()
    assert p.state == "done" and p.version.number == 1


def test_a_campaign_locked_while_the_file_waits_keeps_the_file(w, legacy_doc):
    p = services.receive_upload(w.a, legacy_doc, "bao-cao.doc", w.rep)
    Campaign.objects.filter(pk=w.campaign.pk).update(status=Campaign.Status.LOCKED)
    run_worker()
    p.refresh_from_db()
    assert p.state == "failed" and "Đợt báo cáo đã khóa" in p.error
    assert Path(p.file.path).read_bytes() == legacy_doc and not Version.objects.exists()


def numbered_docx(n: int) -> bytes:
    """The test report with `n` more paragraphs "1. Nội dung", written into Word's XML
    directly (a data dump exported as a document)."""
    source = zipfile.ZipFile(io.BytesIO(docx_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                para = "<w:p><w:r><w:t>1. Nội dung</w:t></w:r></w:p>".encode()
                data = data.replace(b"<w:sectPr", para * n + b"<w:sectPr", 1)
            z.writestr(item, data)
    return out.getvalue()


def test_a_document_too_large_to_be_a_report_is_refused_by_the_worker(w):
    """A .docx of 100.001 more paragraphs: too long to read in the request, refused by
    the worker with the reason, the file kept."""
    data = numbered_docx(100_001)
    p = services.receive_upload(w.a, data, "danh-sach.docx", w.rep)
    assert isinstance(p, PendingUpload) and p.reason == "large"
    run_worker()
    p.refresh_from_db()
    assert p.state == "failed" and "Tệp quá lớn để là một báo cáo: có 100.0" in p.error
    assert Path(p.file.path).read_bytes() == data


# --------------------------------------------------------------------------
# limits of every read in the worker


def test_a_read_over_its_time_is_stopped_with_a_message(w, settings, scanned_report):
    settings.TONGHOP_READ_TIMEOUT = 0.5
    p = services.receive_upload(w.a, scanned_report, "bao-cao-quet.pdf", w.rep)
    run_worker()
    p.refresh_from_db()
    assert p.state == "failed" and "Đọc tệp quá 0,5 giây nên đã dừng" in p.error
    assert "Tệp đã tải lên vẫn được giữ" in p.error and Path(p.file.path).exists()


def test_a_read_over_its_memory_is_stopped_with_a_message(w, settings, scanned_report):
    settings.TONGHOP_READ_MEMORY_MB = 64  # less than the reader needs to render a page
    p = services.receive_upload(w.a, scanned_report, "bao-cao-quet.pdf", w.rep)
    run_worker()
    p.refresh_from_db()
    assert p.state == "failed" and "quá nhiều bộ nhớ để đọc (giới hạn 64 MB)" in p.error


# --------------------------------------------------------------------------
# idempotent, and runs cut short


def test_a_task_run_twice_stores_one_version(w, legacy_doc):
    p = services.receive_upload(w.a, legacy_doc, "bao-cao.doc", w.rep)
    run_worker()
    p.refresh_from_db()
    # The same task again (its worker died after storing, before django-tasks noted it).
    assert background.run(p.pk, p.task_id) == p.version_id
    # A run that was replaced by a newer one does nothing.
    assert background.run(p.pk, "an-older-task") == p.version_id
    assert Version.objects.count() == 1 and Event.objects.filter(action="upload").count() == 1
    # Its worker killed after storing, before django-tasks noted it: the row is closed.
    DBTaskResult.objects.filter(pk=p.task_id).update(status="RUNNING")
    assert background.recover() == []
    task = DBTaskResult.objects.get(pk=p.task_id)
    assert task.status == "SUCCESSFUL" and task.return_value == p.version_id


def test_a_run_whose_heartbeat_stopped_elsewhere_is_queued_again(w, legacy_doc, settings):
    p = services.receive_upload(w.a, legacy_doc, "bao-cao.doc", w.rep)
    old_task = p.task_id
    DBTaskResult.objects.filter(pk=old_task).update(status="RUNNING", started_at=timezone.now())
    long_ago = timezone.now() - timedelta(minutes=10)
    PendingUpload.objects.filter(pk=p.pk).update(
        state="running", runner="may-khac:4242", heartbeat=long_ago, attempts=1
    )
    fresh = services.receive_upload(w.b, legacy_doc, "bao-cao.doc", w.rep_b)
    PendingUpload.objects.filter(pk=fresh.pk).update(
        state="running", runner="may-khac:4343", heartbeat=timezone.now(), attempts=1
    )

    assert background.recover() == [p.pk]  # the live one on the other machine is left alone
    p.refresh_from_db()
    assert p.state == "queued" and p.task_id != old_task
    assert DBTaskResult.objects.get(pk=old_task).status == "FAILED"
    assert DBTaskResult.objects.get(pk=p.task_id).status == "READY"

    PendingUpload.objects.filter(pk=fresh.pk).update(state="failed")
    run_worker()
    p.refresh_from_db()
    assert p.state == "done" and p.attempts == 2 and Version.objects.count() == 1


def test_the_page_polling_a_run_whose_worker_died_here_queues_it_again(w, client, legacy_doc):
    """Another worker of this machine died (its process is gone): the reporter's page,
    polling, finds it at once, without waiting for the heartbeat to age."""
    gone = subprocess.Popen(["true"])
    gone.wait()
    p = services.receive_upload(w.a, legacy_doc, "bao-cao.doc", w.rep)
    old_task = p.task_id
    DBTaskResult.objects.filter(pk=old_task).update(status="RUNNING")
    PendingUpload.objects.filter(pk=p.pk).update(
        state="running",
        runner=f"{socket.gethostname()}:{gone.pid}",
        heartbeat=timezone.now(),
        attempts=1,
    )
    client.force_login(w.rep)
    card = client.get(
        reverse("submissions:pending", args=[w.a.pk, p.pk]), headers={"HX-Request": "true"}
    )
    assert "đang chờ đọc lại (không mất gì)" in card.content.decode()
    p.refresh_from_db()
    assert p.state == "queued" and p.task_id != old_task
    assert DBTaskResult.objects.get(pk=old_task).status == "FAILED"
    run_worker()
    p.refresh_from_db()
    assert p.state == "done" and p.attempts == 2 and Version.objects.count() == 1


def test_a_file_that_kills_its_worker_every_time_is_given_up(w, legacy_doc):
    p = services.receive_upload(w.a, legacy_doc, "bao-cao.doc", w.rep)
    long_ago = timezone.now() - timedelta(minutes=10)
    PendingUpload.objects.filter(pk=p.pk).update(
        state="running", runner="may-khac:1", heartbeat=long_ago, attempts=background.MAX_ATTEMPTS
    )
    assert background.recover() == []
    p.refresh_from_db()
    assert p.state == "failed" and "Đã thử đọc tệp 3 lần" in p.error


# --------------------------------------------------------------------------
# the page


def test_the_page_polls_while_reading_then_brings_the_report(w, client, legacy_doc):
    client.force_login(w.rep)
    detail = reverse("submissions:detail", args=[w.a.pk])
    r = client.post(
        reverse("submissions:upload", args=[w.a.pk]),
        {"file": _upload("Báo cáo.doc", legacy_doc)},
        follow=True,
    )
    page = r.content.decode()
    p = PendingUpload.objects.get()
    status = reverse("submissions:pending", args=[w.a.pk, p.pk])
    assert "Đã nhận tệp «Báo cáo.doc»" in page and "được đọc trong nền" in page
    assert f'hx-get="{status}"' in page and 'hx-trigger="every 1s"' in page
    assert "Đang chờ đọc" in page

    card = client.get(status, headers={"HX-Request": "true"})
    assert card.status_code == 200 and f'id="pending-{p.pk}"' in card.content.decode()
    assert "HX-Retarget" not in card

    run_worker()
    done = client.get(status, headers={"HX-Request": "true"})
    html = done.content.decode()
    assert done["HX-Retarget"] == "#report" and done["HX-Reswap"] == "outerHTML"
    assert done["HX-Push-Url"] == f"{detail}?v=1"
    assert 'id="checklist"' in html and "Đã đọc xong tệp «Báo cáo.doc»: phiên bản 1" in html
    assert "hx-trigger" not in html.split('id="checklist"')[0]  # polling stopped
    assert client.get(status).status_code == 302  # without htmx: to the page


def test_another_units_reporter_sees_nothing_of_a_pending_upload(w, client):
    p = services.receive_upload(w.a, BROKEN_DOC, "hong.doc", w.rep)
    client.force_login(w.rep_b)
    for name in ("submissions:pending", "submissions:pending_file"):
        assert client.get(reverse(name, args=[w.a.pk, p.pk])).status_code == 404
    assert client.post(reverse("submissions:pending_retry", args=[w.a.pk, p.pk])).status_code == 404
    # Staff over the unit may look, not retry: that is the reporter's.
    client.force_login(w.staff)
    assert client.get(reverse("submissions:pending_file", args=[w.a.pk, p.pk])).status_code == 200
    assert client.post(reverse("submissions:pending_retry", args=[w.a.pk, p.pk])).status_code == 403


def _upload(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


# --------------------------------------------------------------------------
# limits of the reads the request does itself


def test_a_quick_read_is_done_in_a_child_with_the_same_result():
    """The request's read runs in a forked child: same document as in this process."""
    from tonghop.pipeline import read_document_bytes
    from tonghop.web.submissions import isolated

    data = docx_bytes()
    forked = isolated.read_quick(data, "bao-cao.docx")
    here = read_document_bytes(data, "bao-cao.docx")
    assert [s.title for s in forked.walk()] == [s.title for s in here.walk()]
    assert list(forked.texts()) == list(here.texts())


def test_a_quick_read_over_its_time_goes_to_the_worker_with_the_file_kept(w, settings):
    """An upload the request should have read in a moment but that outruns the quick
    limit is not lost and not refused: it is kept and read by the worker."""
    settings.TONGHOP_QUICK_READ_TIMEOUT = 0.001
    data = docx_bytes()
    p = services.receive_upload(w.a, data, "bao-cao.docx", w.rep)
    assert isinstance(p, PendingUpload) and p.reason == "large"
    assert Path(p.file.path).read_bytes() == data
    run_worker()
    p.refresh_from_db()
    assert p.state == "done" and p.version.number == 1
    assert p.version.answers.exists()


def test_a_quick_read_over_its_memory_is_stopped_as_a_limit():
    """The quick read's memory limit, met by a long list (the routing of a read stopped
    by a limit to the worker is the test above).  The limit bounds what the child may
    map beyond the fork server's memory, some of which is free heap it may reuse; a
    list of 100.001 paragraphs needs far more."""
    from tonghop.web.submissions import isolated

    with pytest.raises(isolated.LimitReached, match="quá nhiều bộ nhớ để đọc .giới hạn 1 MB"):
        isolated.read_quick(numbered_docx(100_001), "danh-sach.docx", memory_mb=1)


def test_a_file_the_reader_refuses_in_the_request_is_refused_at_once(w):
    """A broken .docx (a zip without document.xml): the child's reason, nothing kept."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
    with pytest.raises(services.SubmissionError):
        services.receive_upload(w.a, buf.getvalue(), "hong.docx", w.rep)
    assert not PendingUpload.objects.exists() and not Version.objects.exists()
