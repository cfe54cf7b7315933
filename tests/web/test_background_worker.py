"""A real `tonghop worker` killed (SIGKILL) while it recognises a scan: nothing is lost.
The next worker finds the run cut short (django-tasks left its row RUNNING), queues it
again, reads it, and the version is stored once.  Own SQLite database in a temporary
TONGHOP_DATA, every program a process of its own, as beside `tonghop serve`."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.conftest import require
from tests.scans import scan
from tests.web.factories_submissions import docx_bytes

ROOT = Path(__file__).resolve().parents[2]

SETUP = """
import django, sys
django.setup()
from pathlib import Path
from tests.web.factories import campaign, person, unit
from tonghop.web.campaigns.models import Assignment
from tonghop.web.submissions import services
city = unit("TU", "Thành ủy Hà Nội")
district = unit("Q1", "Quận ủy Ba Đình", parent=city)
c = campaign(city, [district])
rep = person("baocao", "reporter", district)
a = Assignment.objects.get(campaign=c, unit=district)
p = services.receive_upload(a, Path(sys.argv[1]).read_bytes(), sys.argv[2], rep)
print(p.pk)
"""


@pytest.fixture
def world(tmp_path, soffice):
    require(shutil.which("tesseract") is not None, "Tesseract (tesseract-ocr) is not installed")
    folder = tmp_path / "lo"
    folder.mkdir()
    (folder / "bao-cao.docx").write_bytes(docx_bytes())
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{folder}/profile", "--headless",
         "--convert-to", "pdf", "--outdir", str(folder), str(folder / "bao-cao.docx")],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    data = scan((folder / "bao-cao.pdf").read_bytes(), 300, 0.8, seed=7)
    source = tmp_path / "quet.pdf"
    source.write_bytes(data)
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        TONGHOP_DATA=str(tmp_path / "data"),
        SECRET_KEY="kiem-thu",
        PYTHONPATH=str(ROOT),
        DJANGO_SETTINGS_MODULE="tonghop.web.settings",
    )
    return tmp_path, env, source, data


def run(env, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )


def readers_of(name: str) -> list[str]:
    """The reading processes (isolated.py children) still alive for an upload's name."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().split(b"\0")
        except OSError:  # ended meanwhile
            continue
        line = b" ".join(args).decode(errors="replace")
        if "submissions.isolated" in line and name in line:
            found.append(line)
    return found


def test_a_worker_killed_halfway_loses_nothing(world):
    tmp, env, source, data = world
    done = run(env, "-m", "tonghop.cli", "manage", "migrate", "-v", "0")
    assert done.returncode == 0, done.stderr
    name = f"quet-{uuid.uuid4().hex[:8]}.pdf"
    made = run(env, "-c", SETUP, str(source), name)
    assert made.returncode == 0, made.stderr
    pk = int(made.stdout.split()[-1])
    db = sqlite3.connect(tmp / "data" / "tonghop.sqlite3", timeout=20)

    def pending() -> dict:
        cur = db.execute(
            "SELECT state, stage, attempts, task_id, version_id FROM submissions_pendingupload "
            "WHERE id = ?",
            (pk,),
        )
        keys = ["state", "stage", "attempts", "task_id", "version_id"]
        return dict(zip(keys, cur.fetchone(), strict=True))

    def task(task_id: str) -> str:
        row = db.execute(
            "SELECT status FROM django_tasks_database_dbtaskresult WHERE replace(id, '-', '') = ?",
            (task_id.replace("-", ""),),
        ).fetchone()
        return row[0]

    first = pending()
    assert first["state"] == "queued"

    worker = subprocess.Popen(
        [sys.executable, "-m", "tonghop.cli", "worker"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    try:
        # Halfway: the page is being recognised in the worker's reading process.
        for _ in range(6000):
            now = pending()
            if now["state"] == "running" and now["stage"] in ("read", "ocr"):
                break
            assert now["state"] in ("queued", "running"), now
            time.sleep(0.05)
        else:
            pytest.fail("the worker never started reading")
        assert readers_of(name)
        os.killpg(worker.pid, signal.SIGKILL)
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()

    cut = pending()
    assert cut["state"] == "running" and cut["version_id"] is None and cut["attempts"] == 1
    assert task(cut["task_id"]) == "RUNNING"  # what django-tasks leaves behind
    for _ in range(200):  # the reading process dies with its worker (PR_SET_PDEATHSIG)
        if not readers_of(name):
            break
        time.sleep(0.05)
    assert not readers_of(name)

    second = run(env, "-m", "tonghop.cli", "worker", "--batch")
    assert second.returncode == 0, second.stderr
    assert "Đọc lại 1 tệp mà tiến trình trước bị dừng giữa chừng" in second.stdout

    after = pending()
    assert after["state"] == "done" and after["attempts"] == 2, after
    assert after["task_id"] != cut["task_id"]
    assert task(cut["task_id"]) == "FAILED" and task(after["task_id"]) == "SUCCESSFUL"
    statuses = [r[0] for r in db.execute("SELECT status FROM django_tasks_database_dbtaskresult")]
    assert "RUNNING" not in statuses
    versions = db.execute("SELECT id, file, original_name FROM submissions_version").fetchall()
    assert len(versions) == 1 and versions[0][0] == after["version_id"]
    assert versions[0][2] == name
    assert (tmp / "data" / "uploads" / versions[0][1]).read_bytes() == data
    figures = db.execute("SELECT value FROM submissions_reportedfigure").fetchall()
    assert [float(v) for (v,) in figures] == [12, 4320, 98.9, 25, 320]
    uploads = db.execute("SELECT count(*) FROM audit_event WHERE action = 'upload'").fetchone()
    assert uploads == (1,)
