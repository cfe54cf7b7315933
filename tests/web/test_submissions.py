"""Uploads, figures, submitting and review: the services directly, then the pages
through Django's test client, including another unit's ids and bad files."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.web.factories import PASSWORD, campaign, person, unit
from tests.web.factories_submissions import (
    TEXT_REPORT,
    docx_bytes,
    encrypted_pdf_bytes,
    pdf_bytes,
    png_bytes,
    report_blocks,
    scanned_pdf_bytes,
)
from tonghop.web.audit.models import Event
from tonghop.web.campaigns.models import Assignment, Campaign
from tonghop.web.submissions import services
from tonghop.web.submissions.models import (
    Answer,
    PendingUpload,
    ReportedFigure,
    Review,
    Submission,
    Version,
    vn_number,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    city = unit("TU", "Thành ủy Hà Nội")
    ba_dinh = unit("Q1", "Quận ủy Ba Đình", parent=city)
    hoan_kiem = unit("Q2", "Quận ủy Hoàn Kiếm", parent=city)
    other_city = unit("TU2", "Tỉnh ủy Bắc Ninh")
    c = campaign(city, [ba_dinh, hoan_kiem])
    return SimpleNamespace(
        city=city,
        a_unit=ba_dinh,
        b_unit=hoan_kiem,
        campaign=c,
        a=Assignment.objects.get(campaign=c, unit=ba_dinh),
        b=Assignment.objects.get(campaign=c, unit=hoan_kiem),
        staff=person("chuyenvien", "staff", city),
        leader=person("lanhdao", "leader", city),
        stranger=person("chuyenvien_bn", "staff", other_city),
        rep_a=person("baocao_a", "reporter", ba_dinh),
        rep_b=person("baocao_b", "reporter", hoan_kiem),
    )


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def nothing_stored(settings) -> bool:
    return (
        not Version.objects.exists()
        and not Answer.objects.exists()
        and not ReportedFigure.objects.exists()
        and not Event.objects.exists()
        and not stored_files(settings)
    )


# --------------------------------------------------------------------------
# store_upload


def test_upload_reads_aligns_and_stores_everything(w, settings):
    data = docx_bytes()
    v = services.store_upload(w.a, data, "Báo cáo Ba Đình.docx", w.rep_a)

    assert v.number == 1 and v.file_format == "docx" and v.size == len(data)
    assert v.sha256 == hashlib.sha256(data).hexdigest()
    assert v.original_name == "Báo cáo Ba Đình.docx"
    assert Path(v.file.path).read_bytes() == data and v.file.name.endswith(".docx")
    assert v.reading["title"] == "Kết quả thực hiện Kết luận số 01-KL/TW"
    assert v.alignment["missing"] == ["III.3"]
    assert v.coverage == 0.75
    codes = {f["code"] for f in v.findings}
    assert "outline-item-missing" in codes  # alignment findings stored with the document's

    answers = {x.item.code: x for x in v.answers.select_related("item")}
    assert set(answers) == {"I", "II", "III", "III.3"}
    assert answers["III.3"].path == [] and answers["III.3"].text == ""
    two = answers["II"]
    assert two.path == ["II"] and two.title == "KẾT QUẢ THỰC HIỆN" and two.score == 1.0
    assert "Học tập và làm theo" in two.text and "98,9%" in two.text  # children included
    assert "tu soi, tu sua" in answers["III"].folded

    figures = list(v.figures.all())
    assert [(f.value, f.unit) for f in figures] == [
        (Decimal("12"), "hội nghị"),
        (Decimal("4320"), "đảng viên"),
        (Decimal("98.9"), "%"),
        (Decimal("25"), "mô hình"),
        (Decimal("320"), "đảng viên"),
    ]
    assert figures[1].sentence.startswith("Ban Thường vụ đã tổ chức 12 hội nghị")
    assert figures[1].raw == "4.320" and figures[1].path == ["I"]
    assert figures[4].footnote == 1
    assert all(f.status == "proposed" and f.proposed_value == f.value for f in figures)

    s = Submission.objects.get(assignment=w.a)
    assert s.status == "draft" and s.coverage == 0.75 and s.findings_count == len(v.findings)
    event = Event.objects.get()
    assert event.action == "upload" and event.actor == w.rep_a and event.unit == w.a_unit


def test_every_upload_is_a_new_version(w):
    v1 = services.store_upload(w.a, docx_bytes(), "ban-1.docx", w.rep_a)
    v2 = services.store_upload(w.a, docx_bytes(report_blocks(lessons=True)), "ban-2.docx", w.rep_a)
    assert (v1.number, v2.number) == (1, 2)
    assert v2.coverage == 1.0 and Submission.objects.get().coverage == 1.0
    assert Path(v1.file.path).exists() and Path(v2.file.path).exists()
    assert v1.file.name != v2.file.name


def test_text_markdown_and_pdf_are_read(w):
    txt = services.store_upload(w.a, TEXT_REPORT.encode(), "bao-cao.txt", w.rep_a)
    assert txt.file_format == "txt" and txt.coverage == 1.0
    assert [f.value for f in txt.figures.all()][:2] == [Decimal("8"), Decimal("1250")]
    md = services.store_upload(w.a, TEXT_REPORT.encode(), "bao-cao.md", w.rep_a)
    assert md.file_format == "md"
    pdf = services.store_upload(w.a, pdf_bytes(), "bao-cao.pdf", w.rep_a)
    assert pdf.file_format == "pdf"
    answered = {x.item.code for x in pdf.answers.select_related("item") if x.path}
    assert {"II", "III"} <= answered


def test_upload_from_a_file_object(w, tmp_path):
    path = tmp_path / "bao-cao.docx"
    path.write_bytes(docx_bytes())
    with path.open("rb") as fh:
        v = services.store_upload(w.a, fh, str(path), None)
    assert v.original_name == "bao-cao.docx" and v.uploaded_by is None


def test_a_pdf_named_docx_is_stored_for_what_it_is(w):
    v = services.store_upload(w.a, pdf_bytes(), "bao-cao.docx", w.rep_a)
    assert v.file_format == "pdf" and v.file.name.endswith(".pdf")
    assert v.original_name == "bao-cao.docx"


BAD_FILES = {
    "empty": (lambda: b"", "x.docx", "Tệp rỗng"),
    "blank": (lambda: b"  \n\n ", "x.txt", "Tệp rỗng"),
    "corrupt": (lambda: docx_bytes()[:700], "x.docx", "hỏng"),
    "encrypted": (encrypted_pdf_bytes, "x.pdf", "đặt mật khẩu"),
    "png named pdf": (png_bytes, "bao-cao.pdf", "Không nhận ra định dạng tệp"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_files_get_a_vietnamese_message_and_nothing_is_stored(w, settings, case):
    make, name, message = BAD_FILES[case]
    for store in (services.receive_upload, services.store_upload):
        with pytest.raises(services.SubmissionError) as err:
            store(w.a, make(), name, w.rep_a)
        assert message in str(err.value)
    assert nothing_stored(settings)
    assert not Submission.objects.filter(versions__isnull=False).exists()


SLOW_FILES = {
    "scan": (scanned_pdf_bytes, "x.pdf", "ocr"),
    "old word": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "x.doc", "convert"),
    "rtf": (lambda: rb"{\rtf1\ansi Bao cao}", "x.docx", "convert"),
}


@pytest.mark.parametrize("case", SLOW_FILES)
def test_scans_and_conversions_are_kept_and_queued_not_read_in_the_request(w, case):
    """Reading them takes seconds: the request keeps the file and queues a task
    (tests/web/test_background.py runs it)."""
    from django_tasks_db.models import DBTaskResult

    make, name, reason = SLOW_FILES[case]
    data = make()
    p = services.receive_upload(w.a, data, name, w.rep_a)
    assert isinstance(p, PendingUpload) and p.reason == reason and p.state == "queued"
    assert Path(p.file.path).read_bytes() == data and p.sha256 == hashlib.sha256(data).hexdigest()
    task = DBTaskResult.objects.get(pk=p.task_id)
    assert task.status == "READY" and task.args_kwargs["args"] == [p.pk]
    assert not Version.objects.exists()


def test_a_real_scan_is_not_read_inside_the_request(w, settings, shared):
    """OCR takes seconds a page: the scan is kept and read by the task worker; a PDF
    with a text layer is still read in the request."""
    data = (shared / "real" / "scan_bc23_ubnd_quangngai.pdf").read_bytes()
    p = services.receive_upload(w.a, data, "bao-cao-quet.pdf", w.rep_a)
    assert isinstance(p, PendingUpload) and p.reason == "ocr" and p.size == len(data)
    assert not Version.objects.exists()
    v = services.receive_upload(w.a, pdf_bytes(), "bao-cao.pdf", w.rep_a)
    assert isinstance(v, Version) and v.file_format == "pdf"


def test_large_files_go_to_the_worker(w, settings, monkeypatch):
    """A read expected to take over a second is not done in the request either."""
    monkeypatch.setattr(services, "BACKGROUND_TEXT_BYTES", len(TEXT_REPORT.encode()) - 1)
    p = services.receive_upload(w.a, TEXT_REPORT.encode(), "bao-cao.txt", w.rep_a)
    assert isinstance(p, PendingUpload) and p.reason == "large"
    monkeypatch.setattr(services, "BACKGROUND_XML_BYTES", 1000)
    p = services.receive_upload(w.a, docx_bytes(), "bao-cao.docx", w.rep_a)
    assert isinstance(p, PendingUpload) and p.reason == "large"
    monkeypatch.setattr(services, "BACKGROUND_PAGES", 0)
    p = services.receive_upload(w.a, pdf_bytes(), "bao-cao.pdf", w.rep_a)
    assert isinstance(p, PendingUpload) and p.reason == "large"
    assert not Version.objects.exists()


def test_oversized_upload_is_refused_with_a_message_in_mb(w, settings):
    settings.UPLOAD_MAX_BYTES = 2000
    data = docx_bytes()
    with pytest.raises(services.SubmissionError) as err:
        services.store_upload(w.a, data, "x.docx", w.rep_a)
    assert "Tệp quá lớn" in str(err.value) and "0,002 MB" in str(err.value)
    upload = SimpleUploadedFile("x.docx", data)  # refused from its size, before reading
    with pytest.raises(services.SubmissionError):
        services.store_upload(w.a, upload, "x.docx", w.rep_a)
    assert nothing_stored(settings)


def test_an_upload_failing_half_way_leaves_no_partial_record(w, settings):
    services.store_upload(w.a, docx_bytes(), "ban-1.docx", w.rep_a)
    before = (Version.objects.count(), Answer.objects.count(), Event.objects.count())
    files = stored_files(settings)
    # A real failure of the database after the file, the version and the answers
    # were written: inserting the figures is refused.
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute(
                "CREATE TRIGGER th_fail BEFORE INSERT ON submissions_reportedfigure "
                "BEGIN SELECT RAISE(ABORT, 'hong giua chung'); END"
            )
        else:
            cur.execute(
                "CREATE FUNCTION th_fail() RETURNS trigger AS $$ BEGIN "
                "RAISE EXCEPTION 'hong giua chung'; END $$ LANGUAGE plpgsql"
            )
            cur.execute(
                "CREATE TRIGGER th_fail BEFORE INSERT ON submissions_reportedfigure "
                "FOR EACH ROW EXECUTE FUNCTION th_fail()"
            )
    with pytest.raises(services.SubmissionError) as err:
        services.store_upload(w.a, docx_bytes(), "ban-2.docx", w.rep_a)
    assert "chưa có gì được lưu" in str(err.value)
    assert (Version.objects.count(), Answer.objects.count(), Event.objects.count()) == before
    assert stored_files(settings) == files
    assert Submission.objects.get().versions.count() == 1


def test_a_disk_that_refuses_the_file_leaves_nothing(w, settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    settings.MEDIA_ROOT = blocker
    with pytest.raises(services.SubmissionError) as err:
        services.store_upload(w.a, docx_bytes(), "x.docx", w.rep_a)
    assert "chưa có gì được lưu" in str(err.value)
    assert not Version.objects.exists() and not Event.objects.exists()


def test_no_upload_into_a_locked_campaign_or_an_accepted_report(w, settings):
    Campaign.objects.filter(pk=w.campaign.pk).update(status=Campaign.Status.LOCKED)
    w.a.campaign.refresh_from_db()
    with pytest.raises(services.SubmissionError) as err:
        services.store_upload(w.a, docx_bytes(), "x.docx", w.rep_a)
    assert "Đợt báo cáo đã khóa" in str(err.value)
    assert nothing_stored(settings)

    other = campaign(w.city, [w.b_unit], title="Đợt khác")
    b = Assignment.objects.get(campaign=other)
    v = services.store_upload(b, docx_bytes(), "x.docx", w.rep_b)
    s = v.submission
    services.submit(s, v, w.rep_b)
    services.accept(s, w.staff)
    with pytest.raises(services.SubmissionError) as err:
        services.store_upload(b, docx_bytes(), "y.docx", w.rep_b)
    assert "đã được tiếp nhận" in str(err.value)
    assert s.versions.count() == 1


# --------------------------------------------------------------------------
# figures


def test_figures_confirmed_and_corrected(w):
    v = services.store_upload(w.a, docx_bytes(), "x.docx", w.rep_a)
    f = {x.order: x for x in v.figures.all()}
    counts = services.confirm_figures(
        v, {f[1].pk: "12", f[2].pk: "4.230", f[3].pk: "98,9%"}, w.rep_a
    )
    assert counts == {"confirmed": 2, "corrected": 1}
    f = {x.order: x for x in v.figures.all()}
    assert f[1].status == "confirmed" and f[3].status == "confirmed"
    assert f[2].status == "corrected" and f[2].value == 4230 and f[2].proposed_value == 4320
    assert f[2].confirmed_by == w.rep_a and f[4].status == "proposed"
    corrected = Event.objects.get(action="figure_correct")
    assert "4.320 → 4.230" in corrected.message
    assert Event.objects.get(action="figure_confirm").detail["figures"] == [f[1].pk, f[3].pk]
    # Saving the same form again records nothing new.
    assert services.confirm_figures(v, {f[1].pk: "12", f[2].pk: "4.230"}, w.rep_a) == {
        "confirmed": 0,
        "corrected": 0,
    }
    assert Event.objects.filter(action__startswith="figure").count() == 2


def test_a_figure_typed_as_text_is_refused_and_nothing_saved(w):
    v = services.store_upload(w.a, docx_bytes(), "x.docx", w.rep_a)
    f = {x.order: x for x in v.figures.all()}
    with pytest.raises(services.FigureErrors) as err:
        services.confirm_figures(
            v, {f[1].pk: "15", f[2].pk: "bốn nghìn", f[3].pk: "", f[4].pk: "1.2.3"}, w.rep_a
        )
    errors = err.value.errors
    assert set(errors) == {f[2].pk, f[3].pk, f[4].pk}
    assert errors[f[2].pk].startswith("Số liệu thứ 2 (4.320 đảng viên): “bốn nghìn”")
    assert "không phải là một số" in errors[f[2].pk]
    assert "ô để trống" in errors[f[3].pk]
    assert all(x.status == "proposed" for x in v.figures.all())
    assert ReportedFigure.objects.get(pk=f[1].pk).value == 12  # the valid one was not saved
    assert not Event.objects.filter(action__startswith="figure").exists()


def test_figures_of_another_version_are_refused(w):
    va = services.store_upload(w.a, docx_bytes(), "x.docx", w.rep_a)
    vb = services.store_upload(w.b, docx_bytes(), "x.docx", w.rep_b)
    theirs = vb.figures.first()
    with pytest.raises(services.SubmissionError):
        services.confirm_figures(va, {theirs.pk: "1"}, w.rep_a)
    theirs.refresh_from_db()
    assert theirs.status == "proposed" and theirs.value == 12


# --------------------------------------------------------------------------
# submit, accept, send back


def test_submit_is_idempotent_and_on_time(w):
    v = services.store_upload(w.a, docx_bytes(), "x.docx", w.rep_a)
    s = v.submission
    assert services.submit(s, v, w.rep_a) is True
    first = Submission.objects.get(pk=s.pk)
    assert first.status == "submitted" and first.submitted_version == v and first.on_time is True
    assert first.coverage == 0.75
    assert services.submit(s, v, w.rep_a) is False  # the double click
    again = Submission.objects.get(pk=s.pk)
    assert again.submitted_at == first.submitted_at
    assert Submission.objects.count() == 1 and Event.objects.filter(action="submit").count() == 1


def test_late_submission(w):
    Assignment.objects.filter(pk=w.a.pk).update(
        deadline=timezone.localdate() - dt.timedelta(days=1)
    )
    a = Assignment.objects.get(pk=w.a.pk)
    v = services.store_upload(a, docx_bytes(), "x.docx", w.rep_a)
    services.submit(v.submission, v, w.rep_a)
    assert Submission.objects.get().on_time is False


def test_a_loader_replays_the_time_of_submission(w):
    v = services.store_upload(w.a, docx_bytes(), "x.docx", None)
    late = timezone.now() + dt.timedelta(days=11)
    services.submit(v.submission, v, None, at=late)
    s = Submission.objects.get()
    assert s.submitted_at == late and s.on_time is False


def test_corrected_version_after_submitting_keeps_the_first_time(w):
    v1 = services.store_upload(w.a, docx_bytes(), "x.docx", w.rep_a)
    s = v1.submission
    services.submit(s, v1, w.rep_a)
    t1 = Submission.objects.get().submitted_at
    v2 = services.store_upload(w.a, docx_bytes(report_blocks(lessons=True)), "y.docx", w.rep_a)
    assert services.submit(s, v2, w.rep_a) is True
    s.refresh_from_db()
    assert s.submitted_version == v2 and s.submitted_at == t1 and s.coverage == 1.0


def test_send_back_needs_a_comment_then_the_unit_sends_a_new_version(w):
    v1 = services.store_upload(w.a, docx_bytes(), "x.docx", w.rep_a)
    s = v1.submission
    services.submit(s, v1, w.rep_a)
    with pytest.raises(services.SubmissionError) as err:
        services.send_back(s, w.staff, "   ")
    assert "Hãy ghi ý kiến" in str(err.value)
    assert Submission.objects.get().status == "submitted" and not Review.objects.exists()

    assert services.send_back(s, w.staff, "Bổ sung mục III.3 Bài học kinh nghiệm.") is True
    assert services.send_back(s, w.staff, "Bổ sung mục III.3 Bài học kinh nghiệm.") is False
    s.refresh_from_db()
    assert s.status == "returned"
    review = Review.objects.get()
    assert review.action == "return" and review.version == v1 and review.by == w.staff
    with pytest.raises(services.SubmissionError) as err:
        services.submit(s, v1, w.rep_a)  # the version sent back cannot go again
    assert "trả lại" in str(err.value)

    v2 = services.store_upload(w.a, docx_bytes(report_blocks(lessons=True)), "y.docx", w.rep_a)
    services.submit(s, v2, w.rep_a)
    services.accept(s, w.staff)
    s.refresh_from_db()
    assert s.status == "accepted" and s.submitted_version == v2
    assert [r.action for r in Review.objects.order_by("at")] == ["return", "accept"]
    assert list(Event.objects.order_by("at").values_list("action", flat=True)) == [
        "upload",
        "submit",
        "return",
        "upload",
        "submit",
        "accept",
    ]


def test_accepting_locks_the_version(w):
    v = services.store_upload(w.a, docx_bytes(), "x.docx", w.rep_a)
    s = v.submission
    with pytest.raises(services.SubmissionError):
        services.accept(s, w.staff)  # nothing submitted yet
    services.submit(s, v, w.rep_a)
    assert services.accept(s, w.staff) is True
    assert services.accept(s, w.staff) is False
    f = v.figures.first()
    with pytest.raises(services.SubmissionError):
        services.confirm_figures(v, {f.pk: "99"}, w.rep_a)
    with pytest.raises(services.SubmissionError):
        services.send_back(s, w.staff, "Muộn rồi")
    assert services.submit(s, v, w.rep_a) is False  # a late double click changes nothing
    f.refresh_from_db()
    assert f.value == 12 and Review.objects.count() == 1


def test_submit_refused_in_a_locked_campaign(w):
    v = services.store_upload(w.a, docx_bytes(), "x.docx", w.rep_a)
    Campaign.objects.filter(pk=w.campaign.pk).update(status=Campaign.Status.LOCKED)
    with pytest.raises(services.SubmissionError) as err:
        services.submit(v.submission, v, w.rep_a)
    assert "khóa" in str(err.value)
    assert Submission.objects.get().status == "draft"


def test_vn_number():
    assert vn_number(Decimal("4320.0000")) == "4.320"
    assert vn_number(Decimal("98.9000")) == "98,9"
    assert vn_number(1_500_000_000) == "1.500.000.000"
    assert vn_number(Decimal("-8699.28")) == "-8.699,28"
    assert vn_number(Decimal("100")) == "100"


# --------------------------------------------------------------------------
# the reporter's task list


def test_todo_lists_open_campaigns_overdue_first(w):
    today = timezone.localdate()
    late = campaign(w.city, [w.a_unit], deadline=today - dt.timedelta(days=3), title="Đợt quá hạn")
    soon = campaign(w.city, [w.a_unit], deadline=today + dt.timedelta(days=2), title="Đợt sắp hết")
    campaign(w.city, [w.a_unit], title="Đợt đã khóa", status=Campaign.Status.LOCKED)
    campaign(w.city, [w.b_unit], title="Đợt của đơn vị khác")
    rows = services.todo(w.a_unit.pk)
    assert [r["campaign"] for r in rows] == [late, soon, w.campaign]
    assert [r["due_phrase"] for r in rows] == ["quá hạn 3 ngày", "còn 2 ngày", "còn 10 ngày"]
    assert rows[0]["overdue"] and not rows[1]["overdue"]


def test_todo_page(client, w):
    today = timezone.localdate()
    late = campaign(w.city, [w.a_unit], deadline=today - dt.timedelta(days=3), title="Đợt quá hạn")
    client.force_login(w.rep_a)
    r = client.get(reverse("submissions:todo"))
    html = r.content.decode()
    assert r.status_code == 200 and "Việc cần làm" in html
    assert html.index("Đợt quá hạn") < html.index(w.campaign.title)
    assert late.deadline.strftime("%d/%m/%Y") in html and "quá hạn 3 ngày" in html
    assert "còn 10 ngày" in html and "Chưa nộp" in html


def test_todo_queries_do_not_grow_with_campaigns(client, w, django_assert_max_num_queries):
    client.force_login(w.rep_a)
    client.get(reverse("submissions:todo"))

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("submissions:todo")).status_code == 200
        return len(ctx.captured_queries)

    one = count()
    for k in range(6):
        c = campaign(w.city, [w.a_unit], title=f"Đợt {k}")
        a = Assignment.objects.get(campaign=c, unit=w.a_unit)
        services.store_upload(a, TEXT_REPORT.encode(), "x.txt", w.rep_a)
    assert count() == one
    with django_assert_max_num_queries(8):
        client.get(reverse("submissions:todo"))


# --------------------------------------------------------------------------
# pages


def upload(client, a, data: bytes, name: str):
    return client.post(
        reverse("submissions:upload", args=[a.pk]), {"file": SimpleUploadedFile(name, data)}
    )


def test_reporter_uploads_sees_checklist_findings_and_figures(client, w):
    client.force_login(w.rep_a)
    detail = reverse("submissions:detail", args=[w.a.pk])
    page = client.get(detail).content.decode()
    assert 'accept=".docx,.pdf,.txt,.md,.doc,.odt,.rtf"' in page and "Tải lên báo cáo" in page
    r = upload(client, w.a, docx_bytes(), "bao-cao.docx")
    assert r.status_code == 302 and r.url == detail + "?v=1"
    page = client.get(r.url).content.decode()
    assert "Đã tải lên phiên bản 1" in page
    assert "Đáp ứng <strong>3/4</strong>" in page
    assert 'data-item="III.3"' in page and "Chưa có" in page
    assert "Báo cáo chưa có nội dung cho mục III.3" in page and "Cảnh báo" in page
    # The sentence once, both its figures marked in place.
    assert page.count("Ban Thường vụ đã tổ chức") == 1
    assert '<mark id="mark-1" data-n="1">12</mark> hội nghị' in page
    assert 'với <mark id="mark-2" data-n="2">4.320</mark> đảng viên' in page
    assert 'value="4.320"' in page
    assert 'value="98,9"' in page and "Nộp báo cáo" in page


@pytest.mark.parametrize("case", ["empty", "corrupt", "encrypted", "png named pdf"])
def test_bad_upload_through_the_page(client, w, settings, case):
    make, name, message = BAD_FILES[case]
    client.force_login(w.rep_a)
    r = upload(client, w.a, make(), name)
    assert r.status_code == 400 and message in r.content.decode()
    assert nothing_stored(settings)


def test_oversized_upload_through_the_page(client, w, settings):
    settings.UPLOAD_MAX_BYTES = 3000
    client.force_login(w.rep_a)
    r = upload(client, w.a, docx_bytes(), "bao-cao.docx")
    assert r.status_code == 400 and "Tệp quá lớn" in r.content.decode()
    assert nothing_stored(settings)


def test_upload_without_a_file(client, w):
    client.force_login(w.rep_a)
    r = client.post(reverse("submissions:upload", args=[w.a.pk]), {})
    assert r.status_code == 400 and "Hãy chọn tệp báo cáo" in r.content.decode()


def test_upload_into_a_locked_campaign_through_the_page(client, w, settings):
    Campaign.objects.filter(pk=w.campaign.pk).update(status=Campaign.Status.LOCKED)
    client.force_login(w.rep_a)
    page = client.get(reverse("submissions:detail", args=[w.a.pk])).content.decode()
    assert "Đợt báo cáo đã khóa" in page and "Tải lên và kiểm tra" not in page
    r = upload(client, w.a, docx_bytes(), "bao-cao.docx")
    assert r.status_code == 400 and "Đợt báo cáo đã khóa" in r.content.decode()
    assert nothing_stored(settings)


def test_double_submit_through_the_page(client, w):
    v = services.store_upload(w.a, docx_bytes(), "x.docx", w.rep_a)
    client.force_login(w.rep_a)
    url = reverse("submissions:submit", args=[w.a.pk])
    client.post(url, {"version": v.pk})
    t = Submission.objects.get().submitted_at
    r = client.post(url, {"version": v.pk}, follow=True)
    assert "đã được nộp trước đó" in r.content.decode()
    assert Submission.objects.get().submitted_at == t
    assert Event.objects.filter(action="submit").count() == 1
    page = r.content.decode()
    assert "Đã nộp đúng hạn" in page and 'name="version"' not in page


def test_figures_form_with_htmx(client, w):
    v = services.store_upload(w.a, docx_bytes(), "x.docx", w.rep_a)
    f = {x.order: x for x in v.figures.all()}
    client.force_login(w.rep_a)
    url = reverse("submissions:figures", args=[v.pk])
    values = {f"f{x.pk}": x.value_text for x in f.values()}
    r = client.post(url, {**values, f"f{f[2].pk}": "bốn nghìn"}, HTTP_HX_REQUEST="true")
    html = r.content.decode()
    assert r.status_code == 200 and "<html" not in html and 'id="figures"' in html
    assert "Số liệu thứ 2 (4.320 đảng viên): “bốn nghìn” không phải là một số" in html
    assert 'value="bốn nghìn"' in html  # what was typed stays in the box
    assert not ReportedFigure.objects.exclude(status="proposed").exists()

    r = client.post(url, {**values, f"f{f[2].pk}": "4.230"}, HTTP_HX_REQUEST="true")
    html = r.content.decode()
    assert r.status_code == 200 and "Đã lưu số liệu" in html and "văn bản ghi: 4.320" in html
    assert ReportedFigure.objects.get(pk=f[2].pk).value == 4230
    assert ReportedFigure.objects.filter(status="confirmed").count() == 4


def test_figures_form_without_htmx(client, w):
    v = services.store_upload(w.a, docx_bytes(), "x.docx", w.rep_a)
    fig = v.figures.first()
    client.force_login(w.rep_a)
    url = reverse("submissions:figures", args=[v.pk])
    r = client.post(url, {f"f{fig.pk}": "mười hai"})
    assert r.status_code == 400 and "“mười hai” không phải là một số" in r.content.decode()
    r = client.post(url, {f"f{fig.pk}": "12"})
    assert r.status_code == 302
    assert ReportedFigure.objects.get(pk=fig.pk).status == "confirmed"


def test_reporter_never_reaches_another_units_report(client, w, settings):
    vb = services.store_upload(w.b, docx_bytes(), "hoan-kiem.docx", w.rep_b)
    fig = vb.figures.first()
    client.force_login(w.rep_a)
    assert client.get(reverse("submissions:detail", args=[w.b.pk])).status_code == 404
    assert client.get(reverse("submissions:download", args=[vb.pk])).status_code == 404
    assert client.get(reverse("submissions:read", args=[vb.pk])).status_code == 404
    r = client.post(reverse("submissions:figures", args=[vb.pk]), {f"f{fig.pk}": "999"})
    assert r.status_code == 404
    r = upload(client, w.b, docx_bytes(), "gia-mao.docx")
    assert r.status_code == 404
    r = client.post(reverse("submissions:submit", args=[w.b.pk]), {"version": vb.pk})
    assert r.status_code == 404
    # Their own page with the other unit's version id does not submit it either.
    services.store_upload(w.a, docx_bytes(), "x.docx", w.rep_a)
    r = client.post(reverse("submissions:submit", args=[w.a.pk]), {"version": vb.pk})
    assert r.status_code == 404
    for name in ("accept", "send_back"):
        r = client.post(reverse(f"submissions:{name}", args=[w.b.pk]), {"comment": "x"})
        assert r.status_code == 404
    fig.refresh_from_db()
    assert fig.value == 12 and fig.status == "proposed"
    assert Version.objects.filter(submission__assignment=w.b).count() == 1
    assert Submission.objects.get(assignment=w.b).status == "draft"
    assert list(Event.objects.values_list("action", flat=True)) == ["upload", "upload"]
    page = client.get(reverse("submissions:todo")).content.decode()
    assert "hoan-kiem" not in page


def test_reporter_cannot_review_own_report(client, w):
    v = services.store_upload(w.a, docx_bytes(), "x.docx", w.rep_a)
    services.submit(v.submission, v, w.rep_a)
    client.force_login(w.rep_a)
    assert client.post(reverse("submissions:accept", args=[w.a.pk])).status_code == 403
    page = client.get(reverse("submissions:detail", args=[w.a.pk])).content.decode()
    assert "Tiếp nhận</button>" not in page
    assert Submission.objects.get().status == "submitted"


def test_download_and_read_a_version(client, w):
    data = docx_bytes()
    v = services.store_upload(w.a, data, "Báo cáo Ba Đình.docx", w.rep_a)
    client.force_login(w.rep_a)
    r = client.get(reverse("submissions:download", args=[v.pk]))
    assert r.status_code == 200 and b"".join(r.streaming_content) == data
    assert "attachment" in r["Content-Disposition"] and ".docx" in r["Content-Disposition"]
    page = client.get(reverse("submissions:read", args=[v.pk])).content.decode()
    assert "CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO" in page and "Trong đó có 320 đảng viên trẻ." in page


def test_leader_reads_but_does_not_act(client, w):
    v = services.store_upload(w.a, docx_bytes(), "x.docx", w.rep_a)
    client.force_login(w.leader)
    r = client.get(reverse("submissions:detail", args=[w.a.pk]))
    assert r.status_code == 200 and "Tải lên và kiểm tra" not in r.content.decode()
    assert client.get(reverse("submissions:download", args=[v.pk])).status_code == 200
    assert upload(client, w.a, docx_bytes(), "x.docx").status_code == 403
    fig = v.figures.first()
    r = client.post(reverse("submissions:figures", args=[v.pk]), {f"f{fig.pk}": "1"})
    assert r.status_code == 403
    assert client.post(reverse("submissions:accept", args=[w.a.pk])).status_code == 403


def test_staff_of_another_tree_sees_nothing(client, w):
    v = services.store_upload(w.a, docx_bytes(), "x.docx", w.rep_a)
    client.force_login(w.stranger)
    assert client.get(reverse("submissions:detail", args=[w.a.pk])).status_code == 404
    assert client.get(reverse("submissions:download", args=[v.pk])).status_code == 404


def test_pages_need_login(client, w):
    v = services.store_upload(w.a, docx_bytes(), "x.docx", w.rep_a)
    for url in (
        reverse("submissions:todo"),
        reverse("submissions:detail", args=[w.a.pk]),
        reverse("submissions:download", args=[v.pk]),
    ):
        r = client.get(url)
        assert r.status_code == 302 and reverse("login") in r.url


def test_staff_sends_back_and_accepts_through_the_page(client, w):
    v = services.store_upload(w.a, docx_bytes(), "x.docx", w.rep_a)
    services.submit(v.submission, v, w.rep_a)
    client.force_login(w.staff)
    detail = reverse("submissions:detail", args=[w.a.pk])
    page = client.get(detail).content.decode()
    assert "Tiếp nhận</button>" in page and "Trả lại</button>" in page
    r = client.post(reverse("submissions:send_back", args=[w.a.pk]), {"comment": ""}, follow=True)
    assert "Hãy ghi ý kiến" in r.content.decode()
    assert Submission.objects.get().status == "submitted"
    r = client.post(
        reverse("submissions:send_back", args=[w.a.pk]),
        {"comment": "Đề nghị bổ sung bài học kinh nghiệm."},
        follow=True,
    )
    assert "Đã trả lại báo cáo" in r.content.decode()

    client.force_login(w.rep_a)
    page = client.get(detail).content.decode()
    assert "Báo cáo được trả lại để sửa" in page
    assert "Đề nghị bổ sung bài học kinh nghiệm." in page and "Tải lên phiên bản mới" in page
    v2 = services.store_upload(w.a, docx_bytes(report_blocks(lessons=True)), "y.docx", w.rep_a)
    client.post(reverse("submissions:submit", args=[w.a.pk]), {"version": v2.pk})

    client.force_login(w.staff)
    r = client.post(reverse("submissions:accept", args=[w.a.pk]), follow=True)
    page = r.content.decode()
    assert "Đã tiếp nhận báo cáo" in page and "Lịch sử xem xét" in page
    assert Submission.objects.get().status == "accepted"

    client.force_login(w.rep_a)
    page = client.get(detail).content.decode()
    assert "Tải lên và kiểm tra" not in page and "Đã tiếp nhận" in page
    assert 'name="f' not in page  # figures shown, no longer editable
    assert upload(client, w.a, docx_bytes(), "z.docx").status_code == 400


def test_login_as_reporter_then_todo(client, w):
    client.post(reverse("login"), {"username": "baocao_a", "password": PASSWORD})
    r = client.get(reverse("home"), follow=True)
    assert w.campaign.title in r.content.decode()


def test_a_file_too_large_to_be_a_report_is_refused_on_the_page(client, w, settings):
    client.force_login(w.rep_a)
    data = ("BÁO CÁO\n\n" + "\n\n".join(["1. Nội dung"] * 100_001)).encode()
    r = upload(client, w.a, data, "bao-cao.txt")
    page = r.content.decode()
    assert r.status_code == 400 and "Tệp quá lớn để là một báo cáo: có 100.00" in page
    assert nothing_stored(settings)
