"""What the reporter's pages do not do on every view: decode each version's stored
reading (the engine's whole document, tens of KB of JSON per version; only the
full-text page needs it), nor fetch again the version already listed."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.web.factories import campaign, person, unit
from tests.web.factories_submissions import docx_bytes, report_blocks
from tonghop.web.campaigns.models import Assignment
from tonghop.web.submissions import services

pytestmark = pytest.mark.django_db


def version_selects(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().startswith("SELECT") and '"submissions_version"' in q["sql"]
    ]


def test_report_page_reads_no_stored_reading_and_names_the_sent_version_once(client):
    city = unit("TU", "Thành ủy Hà Nội")
    q1 = unit("Q1", "Quận ủy Ba Đình", parent=city)
    c = campaign(city, [q1])
    a = Assignment.objects.get(campaign=c, unit=q1)
    rep = person("baocao", "reporter", q1)
    staff = person("chuyenvien", "staff", city)
    first = services.store_upload(a, docx_bytes(report_blocks("Ba Đình")), "bc.docx", rep)
    services.submit(first.submission, first, user=rep)
    services.send_back(first.submission, staff, "Bổ sung phần đánh giá.")
    second = services.store_upload(a, docx_bytes(report_blocks("Ba Đình")), "bc2.docx", rep)

    client.force_login(rep)
    with CaptureQueriesContext(connection) as q:
        page = client.get(f"/bao-cao/{a.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    # the page still shows both versions, the one sent and the review naming it
    assert "phiên bản đã nộp: 1" in html
    assert f'href="?v={second.number}"' in html
    assert "Bổ sung phần đánh giá." in html
    selects = version_selects(q.captured_queries)
    reading = [s for s in selects if re.search(r'"submissions_version"\."reading"', s)]
    assert reading == [], reading
    by_pk = [s for s in selects if re.search(r'WHERE "submissions_version"\."id" = ', s)]
    assert by_pk == [], by_pk

    # the full text still comes from the stored reading
    text = client.get(f"/bao-cao/phien-ban/{second.pk}/")
    assert text.status_code == 200
    assert "Ba Đình" in text.content.decode()
