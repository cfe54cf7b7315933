"""Uploaded files live where the environment says (scaling out: several web processes
and workers share one storage): TONGHOP_STORAGE_BACKEND/TONGHOP_STORAGE_OPTIONS choose a
storage backend (an S3-compatible store through django-storages in production; Django's
own in-memory storage here, a real backend with options), TONGHOP_UPLOADS a shared
folder.  Each case runs in a fresh process, as settings are read at start-up."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import ROOT

PROGRAM = """
import json, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tonghop.web.settings")
import django
django.setup()
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from tonghop.web.campaigns import services
from tonghop.web.exemplars.models import Nominee
from tonghop.web.submissions.models import Version

token = services.stage_guideline(b"PK huong dan", "Hướng dẫn số 12.docx")
saved = Version._meta.get_field("file").storage.save("reports/1/bc.docx", ContentFile(b"PK"))
print(json.dumps({
    "backend": type(default_storage._wrapped).__name__,
    "location": str(getattr(default_storage, "location", "")),
    "base_url": default_storage.base_url,
    "fields": sorted({type(f.storage._wrapped if hasattr(f.storage, "_wrapped") else f.storage)
                      .__name__ for f in (Version._meta.get_field("file"),
                                          Nominee._meta.get_field("photo"))}),
    "staged": list(map(lambda x: x.decode() if isinstance(x, bytes) else x,
                       services.staged_guideline(token))),
    "saved": saved,
    "exists": default_storage.exists(saved),
}, ensure_ascii=False))
"""


def settle(tmp_path, **extra) -> tuple[dict, list[str]]:
    """What the storage is in a process with these settings, and the files it left in
    TONGHOP_DATA (where the default storage would have put them)."""
    data = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith("TONGHOP_STORAGE")}
    env.update(TONGHOP_DATA=str(data), SECRET_KEY="kiem-thu", PYTHONPATH=str(ROOT), **extra)
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM], env=env, cwd=ROOT, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    on_disk = sorted(str(p.relative_to(data)) for p in data.rglob("*") if p.is_file())
    return json.loads(done.stdout.splitlines()[-1]), on_disk


def test_a_storage_backend_from_the_environment_holds_every_file(tmp_path):
    seen, on_disk = settle(
        tmp_path,
        TONGHOP_STORAGE_BACKEND="django.core.files.storage.InMemoryStorage",
        TONGHOP_STORAGE_OPTIONS=json.dumps({"location": "kho", "base_url": "/kho-tep/"}),
    )
    assert seen["backend"] == "InMemoryStorage" and seen["base_url"] == "/kho-tep/"
    assert seen["fields"] == ["InMemoryStorage"]  # the models' files go there too
    assert seen["staged"] == ["PK huong dan", "Hướng dẫn số 12.docx"]
    assert seen["saved"] == "reports/1/bc.docx" and seen["exists"]
    # Not one file on this machine's disk, the staged guideline included.
    assert not [p for p in on_disk if p.startswith("uploads")], on_disk


def test_a_shared_folder_from_the_environment(tmp_path):
    shared = tmp_path / "o-dia-chung"
    seen, on_disk = settle(tmp_path, TONGHOP_UPLOADS=str(shared))
    assert seen["backend"] == "FileSystemStorage" and seen["location"] == str(shared)
    assert (shared / "reports/1/bc.docx").read_bytes() == b"PK"
    staged = [p for p in shared.rglob("data") if "cho-xac-nhan" in str(p)]
    assert [p.read_bytes() for p in staged] == [b"PK huong dan"]
    assert not [p for p in on_disk if p.startswith("uploads")], on_disk


def test_by_default_files_go_to_the_data_folder(tmp_path):
    seen, on_disk = settle(tmp_path)
    assert seen["backend"] == "FileSystemStorage"
    assert seen["location"] == str(tmp_path / "data" / "uploads")
    assert "uploads/reports/1/bc.docx" in on_disk
