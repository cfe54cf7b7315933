"""The progress card of an upload read in the background (submissions/_pending.html,
polled by the reporter's page): what it says at each stage is true of the file."""

from __future__ import annotations

import os
import socket

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from tests.web.factories import campaign, person, unit
from tonghop.web.campaigns.models import Assignment
from tonghop.web.submissions.models import PendingUpload

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    city = unit("TU", "Thành ủy Hà Nội")
    ward = unit("Q1", "Quận ủy Ba Đình", parent=city)
    c = campaign(city, [ward])
    return Assignment.objects.get(campaign=c, unit=ward), person("baocao", "reporter", ward)


def card(client, a, reporter, fmt: str, reason: str, **state) -> str:
    p = PendingUpload.objects.create(
        assignment=a,
        file=ContentFile(b"x" * 64, name=f"bao-cao.{fmt}"),
        original_name=f"bao-cao.{fmt}",
        size=64,
        sha256="0" * 64,
        file_format=fmt,
        reason=reason,
        received_at=timezone.now(),
        state="running",
        attempts=1,
        # A live run of this very process: the poll does not take it for a dead one.
        runner=f"{socket.gethostname()}:{os.getpid()}",
        heartbeat=timezone.now(),
        **state,
    )
    client.force_login(reporter)
    url = reverse("submissions:pending", args=[a.pk, p.pk])
    r = client.get(url, headers={"HX-Request": "true"})
    assert r.status_code == 200
    return r.content.decode().split('class="progress-text"')[1].split("</p>")[0]


def test_a_doc_being_converted_says_so_and_counts_no_pages(client, setup):
    text = card(client, *setup, "doc", "convert", stage="convert")
    # LibreOffice gives no page count while it converts: none is made up.
    assert "Đang chuyển đổi tệp .doc sang .docx bằng LibreOffice…" in text
    assert "trang" not in text


def test_a_converted_odt_says_it_was_converted_and_what_is_done_now(client, setup):
    text = card(client, *setup, "odt", "convert", stage="analyse")
    assert "Đã chuyển đổi tệp .odt; đang phân tích cấu trúc và số liệu…" in text
    assert "trang" not in text


def test_a_scan_still_counts_its_pages(client, setup):
    text = card(client, *setup, "pdf", "ocr", stage="ocr", pages_done=3, pages_total=40)
    assert "Đang nhận dạng chữ trên bản quét: đã xong" in text and "3/40" in text
