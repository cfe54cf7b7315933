"""The consolidated draft is made in the background: the request queues a DraftRun for
django-tasks' worker (run here for real, `db_worker --batch`), the page follows its state
(đang chờ / đang soạn / xong / lỗi), a second click while one waits starts nothing, and a
failure says why in Vietnamese with a "Soạn lại" that works once the cause is gone."""

from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django_tasks import TaskResultStatus

from tests.web import factories_consolidation as fc
from tests.web.factories import PASSWORD
from tonghop.web.audit.models import Event
from tonghop.web.consolidation import services
from tonghop.web.consolidation.models import DraftRun
from tonghop.web.consolidation.tasks import draft_report

pytestmark = pytest.mark.django_db(transaction=True)

FORM = {
    "issuer": "BAN TUYÊN GIÁO THÀNH ỦY",
    "superior": "THÀNH ỦY HÀ NỘI",
    "date": "2024-04-12",
    "summary": "Tổng hợp kết quả thực hiện Kết luận số 01-KL/TW",
    "place": "Hà Nội",
}


@pytest.fixture
def w():
    world = fc.world()
    world["cat"] = fc.catalogue(world["campaign"], world["people"]["staff"])
    return world


def run_worker() -> None:
    call_command("db_worker", "--batch", "--queue-name", "*", "--no-startup-delay", verbosity=0)


def _staff(client, w):
    client.login(username=w["people"]["staff"].username, password=PASSWORD)
    return client


def test_start_queues_and_the_worker_drafts(w):
    import docx

    c, staff = w["campaign"], w["people"]["staff"]
    run, new = services.start_draft(c, {"comments": True}, staff)
    assert new and run.status == DraftRun.Status.PENDING and run.task_id
    assert not run.docx  # nothing drafted inside the request
    assert draft_report.get_result(run.task_id).status == TaskResultStatus.READY
    run_worker()
    run.refresh_from_db()
    assert run.status == DraftRun.Status.DONE and run.started_at and run.finished_at
    assert draft_report.get_result(run.task_id).status == TaskResultStatus.SUCCESSFUL
    document = docx.Document(BytesIO(run.docx.read()))
    assert any("trên 20 hội nghị" in p.text for p in document.paragraphs)
    assert Event.objects.get(action=Event.Action.DRAFT).actor_id == staff.pk


def test_a_second_click_while_one_waits_starts_nothing(w):
    c, staff = w["campaign"], w["people"]["staff"]
    first, new = services.start_draft(c, {}, staff)
    again, new_again = services.start_draft(c, {"comments": True}, staff)
    assert new and not new_again and again.pk == first.pk
    assert DraftRun.objects.filter(campaign=c).count() == 1
    run_worker()
    # Done: the next click drafts again.
    third, new_third = services.start_draft(c, {}, staff)
    assert new_third and third.pk != first.pk


def test_the_page_queues_follows_and_shows_the_download(client, w):
    c = _staff(client, w)
    url = reverse("consolidation:draft", args=[w["campaign"].pk])
    got = c.post(url, FORM)
    assert got.status_code == 302
    run = w["campaign"].draft_runs.get()
    page = c.get(url).content.decode()
    status_url = reverse("consolidation:draft_status", args=[run.pk])
    assert "Đang chờ" in page and f'hx-get="{status_url}"' in page
    assert 'hx-trigger="every 1s"' in page
    assert reverse("consolidation:draft_file", args=[run.pk, "docx"]) not in page
    # A second click while it waits: told so, no second run.
    c.post(url, FORM)
    assert w["campaign"].draft_runs.count() == 1
    assert "đang được soạn: chưa soạn thêm bản mới" in c.get(url).content.decode()
    run_worker()
    part = c.get(status_url, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in part  # done: no more polling
    assert reverse("consolidation:draft_file", args=[run.pk, "docx"]) in part
    assert "[nguồn:" in part and "Quận ủy Ba Đình" in part


def test_a_failure_gives_the_reason_and_soan_lai_drafts_again(client, w):
    c = _staff(client, w)
    campaign = w["campaign"]
    # The drafts folder of the campaign cannot be made: a file stands where it should be.
    blocker = Path(settings.MEDIA_ROOT) / "drafts" / str(campaign.pk)
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("không phải thư mục")
    try:
        c.post(reverse("consolidation:draft", args=[campaign.pk]), FORM)
        run_worker()
        run = campaign.draft_runs.get()
        assert run.status == DraftRun.Status.FAILED and not run.docx
        page = c.get(reverse("consolidation:draft", args=[campaign.pk])).content.decode()
        assert "không thành công" in page and "Không ghi được tệp dự thảo" in page
        assert "Soạn lại" in page
    finally:
        blocker.unlink()
    got = c.post(reverse("consolidation:draft_retry", args=[run.pk]))
    assert got.status_code == 302
    again = campaign.draft_runs.first()
    assert again.pk != run.pk and again.options == run.options
    run_worker()
    again.refresh_from_db()
    assert again.status == DraftRun.Status.DONE
    # Only a failed run is drafted again.
    got = c.post(reverse("consolidation:draft_retry", args=[again.pk]), follow=True)
    assert "Chỉ soạn lại được" in got.content.decode()
    assert campaign.draft_runs.count() == 2


def test_a_task_the_worker_gave_up_on_counts_as_failed(w):
    """A run whose task failed outside drafting (or vanished) does not wait for ever."""
    from django_tasks_db.models import DBTaskResult

    run, _ = services.start_draft(w["campaign"], {}, w["people"]["staff"])
    DBTaskResult.objects.filter(id=run.task_id).delete()
    run = services.draft_state(run)
    assert run.status == DraftRun.Status.FAILED and "xử lý nền" in run.error
    _, new = services.start_draft(w["campaign"], {}, w["people"]["staff"])
    assert new


def test_readers_follow_but_only_editors_draft(client, w):
    run, _ = services.start_draft(w["campaign"], {}, w["people"]["staff"])
    client.login(username=w["people"]["leader"].username, password=PASSWORD)
    assert client.get(reverse("consolidation:draft_status", args=[run.pk])).status_code == 200
    run_worker()
    run.refresh_from_db()
    assert client.post(reverse("consolidation:draft_retry", args=[run.pk])).status_code == 403
    client.logout()
    client.login(username=w["people"]["reporter"].username, password=PASSWORD)
    assert client.get(reverse("consolidation:draft_status", args=[run.pk])).status_code == 403
