"""Small findings of the hardening review: a very long file name, a failed save leaving
files behind, an HTML page named .pdf, and HTTPS settings for a deployment."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.web import factories as f
from tests.web.factories_exemplars import person_data, png
from tonghop.web.exemplars import services
from tonghop.web.exemplars.models import Nominee, NomineeFile
from tonghop.web.submissions.models import Version

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def world():
    city = f.unit("TU", "Thành ủy")
    a = f.unit("QA", "Quận ủy A", parent=city)
    c = f.campaign(city, [a], nomination_collective=1, nomination_individual=1)
    return {"campaign": c, "a": a, "rep": f.person("bao_cao_a", "reporter", a)}


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


LONG = "Bản tổng hợp thành tích tiêu biểu của đồng chí Nguyễn Thị Hoa " * 6  # ~380 letters


@pytest.mark.django_db
def test_a_very_long_file_name_is_kept_for_display_and_cut_on_disk(client, world, settings):
    client.force_login(world["rep"])
    form = {k: v for k, v in person_data().items() if v is not None}
    form["photo_upload"] = SimpleUploadedFile(f"{LONG}.png", png())
    form["supporting"] = SimpleUploadedFile(f"{LONG}.pdf", b"%PDF-1.4 tai lieu")
    r = client.post(reverse("exemplars:new", args=[world["campaign"].pk]), form)
    assert r.status_code == 302
    n = Nominee.objects.get()
    [doc] = NomineeFile.objects.filter(nominee=n)
    assert doc.name.startswith("Bản tổng hợp thành tích") and doc.name.endswith(".pdf")
    files = stored_files(settings)
    assert len(files) == 2 and all(len(p.name.encode()) <= 255 for p in files)
    assert {p.suffix for p in files} == {".png", ".pdf"}
    assert doc.file.read() == b"%PDF-1.4 tai lieu"


@pytest.mark.django_db
def test_a_failed_save_leaves_no_file(world, settings, monkeypatch):
    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(NomineeFile, "save", disk_full)
    with pytest.raises(services.NominationError, match="chưa có gì được lưu"):
        services.save_draft(
            world["campaign"], world["a"], world["rep"], person_data(),
            photo=(png(), "anh.png"), files=[(b"%PDF-1.4", "tai-lieu.pdf")],
        )  # fmt: skip
    assert not Nominee.objects.exists() and not NomineeFile.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.django_db
def test_an_html_page_named_pdf_is_not_a_report(client, world, settings):
    client.force_login(world["rep"])
    a = world["campaign"].assignments.get(unit=world["a"])
    page = "<!doctype html><html><body><h1>BÁO CÁO</h1><script>alert(1)</script></body></html>"
    r = client.post(
        reverse("submissions:upload", args=[a.pk]),
        {"file": SimpleUploadedFile("bao-cao.pdf", page.encode())},
    )
    assert r.status_code == 400 and "không phải là tệp PDF" in r.content.decode()
    assert not Version.objects.exists() and stored_files(settings) == []


def _check_deploy(https: bool) -> str:
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process: not a deployment's.
    dropped = ("DEBUG", "TONGHOP_HTTPS", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(SECRET_KEY=secrets.token_urlsafe(50), PYTHONPATH=str(ROOT))
    if https:
        env["TONGHOP_HTTPS"] = "1"
    out = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy"],
        env={**env, "DJANGO_SETTINGS_MODULE": "tonghop.web.settings"},
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    return out.stdout + out.stderr


def test_tonghop_https_makes_check_deploy_clean():
    plain = _check_deploy(https=False)
    for code in ("W004", "W008", "W012", "W016"):
        assert f"security.{code}" in plain
    assert "System check identified no issues" in _check_deploy(https=True)
