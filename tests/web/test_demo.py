"""The demo (`load_demo`) and the main job (`tonghop serve`)."""

from __future__ import annotations

import io
import os
import queue
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from tests.conftest import ROOT
from tonghop.web import demo
from tonghop.web.audit.models import Event
from tonghop.web.campaigns.models import Assignment, Campaign, OutlineItem
from tonghop.web.submissions.models import Answer, ReportedFigure, Submission, Version
from tonghop.web.units.models import Unit

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {
        m.__name__: m.objects.count()
        for m in (
            Unit,
            User,
            Campaign,
            OutlineItem,
            Assignment,
            Submission,
            Version,
            Answer,
            ReportedFigure,
            Event,
        )
    }


def test_demo_loads_once_and_only_once(client, soffice):
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    first = counts()
    text = out.getvalue()
    assert "Đã nạp dữ liệu mẫu" in text
    for username in ("chuyenvien", "lanhdao", "baocao"):
        assert f"{username} / {demo.PASSWORD}" in text

    # A city's tree: the root, its departments, districts, blocs, the Front, organisations.
    assert 35 <= first["Unit"] <= 45
    root = Unit.objects.get(code=demo.ROOT)
    kinds = set(root.subtree().values_list("kind", flat=True))
    assert {"thanh_uy", "ban_dang", "quan_huyen", "dang_uy_khoi", "mttq", "doan_the"} <= kinds
    assert Unit.objects.filter(closed_on__isnull=False).count() == 1
    assert set(Unit.objects.values_list("email", flat=True)) != {""}
    assert all(e.endswith("@example.vn") for e in Unit.objects.values_list("email", flat=True))

    # One user per role, who can log in with the printed password.
    roles = dict(User.objects.values_list("username", "profile__role"))
    assert roles == {"chuyenvien": "staff", "lanhdao": "leader", "baocao": "reporter",
                     "chuyenvien.khoi": "staff"}  # fmt: skip
    assert User.objects.get(username="baocao").check_password(demo.PASSWORD)

    c = Campaign.objects.get(parent__isnull=True)
    assert c.template == "kl01" and c.outline.count() == 15 and c.owner == root
    assert c.deadline > c.created_at.date()  # a few days ahead
    subs = Submission.objects.filter(assignment__campaign=c)
    addressed = c.assignments.count()
    submitted = subs.filter(submitted_at__isnull=False)
    assert addressed > 20
    assert addressed - subs.count() >= 3  # some missing
    assert submitted.filter(on_time=False).count() >= 2  # some late
    assert submitted.filter(on_time=True).count() >= addressed // 2  # most on time
    assert subs.filter(status="draft").exists()
    assert subs.filter(findings_count__gt=0).count() >= 4  # some with faults
    formats = set(Version.objects.values_list("file_format", flat=True))
    assert formats == {"docx", "pdf"}
    # Every file stored went through the upload service: read, aligned, answered.
    assert Answer.objects.count() == Version.objects.count() * 15
    assert ReportedFigure.objects.exists()
    for v in Version.objects.all():
        assert Path(v.file.path).read_bytes()[:4] in (b"PK\x03\x04", b"%PDF")

    # The printed logins open each role's pages.
    client.login(username="chuyenvien", password=demo.PASSWORD)
    assert "Kết luận số 01-KL/TW" in client.get(reverse("campaigns:list")).content.decode()
    assert client.get(reverse("units:tree")).status_code == 200
    assert client.get(reverse("campaigns:detail", args=[c.pk])).status_code == 200
    client.login(username="lanhdao", password=demo.PASSWORD)
    assert client.get(reverse("campaigns:detail", args=[c.pk])).status_code == 200
    client.login(username="baocao", password=demo.PASSWORD)
    assert client.get(reverse("home")).url == reverse("submissions:todo")

    # The second level has run its part: forwarded with an earlier deadline, two of its
    # units accepted and one sent back, its own report upward made from their roll-up.
    part = Campaign.objects.get(parent=c)
    upward = c.assignments.get(unit__code="DUK-CQ")
    assert part.owner.code == "DUK-CQ" and part.upward == upward
    assert part.deadline < upward.due and part.instructions
    statuses = sorted(part.assignments.values_list("submission__status", flat=True))
    assert statuses == ["accepted", "accepted", "returned"]
    own = upward.submission
    from tonghop.web.campaigns import cascade

    diffs = [d for d in cascade.differences(part) if d.rolled is not None]
    assert diffs and all(d.reported is not None for d in diffs)  # roll-up unless confirmed
    assert own.status == "submitted"
    assert own.submitted_version.uploaded_by.username == "chuyenvien.khoi"
    client.login(username="chuyenvien.khoi", password=demo.PASSWORD)
    page = client.get(reverse("campaigns:chain", args=[part.pk])).content.decode()
    assert "Đảng bộ Sở Y tế" in page and "Tổng hợp từ đơn vị trực thuộc" in page
    client.login(username="chuyenvien", password=demo.PASSWORD)
    page = client.get(reverse("campaigns:chain", args=[c.pk])).content.decode()
    assert "Đã tiếp nhận 2/3 báo cáo của đơn vị trực thuộc" in page

    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "Dữ liệu mẫu đã có sẵn" in out.getvalue()
    assert counts() == first


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_sets_up_loads_the_demo_and_serves(tmp_path, soffice):
    """The README's first command, as a user runs it: a fresh data folder, SQLite."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY")}
    env.update(TONGHOP_DATA=str(tmp_path / "data"), PYTHONUNBUFFERED="1")
    env.pop("DJANGO_SETTINGS_MODULE", None)
    proc = subprocess.Popen(
        [sys.executable, "-c", "import sys; from tonghop.web.serve import main; "
         f"sys.exit(main(['--port', '{port}']))"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )  # fmt: skip
    lines: queue.Queue[str] = queue.Queue()

    def read_output():
        for line in proc.stdout:
            lines.put(line)

    threading.Thread(target=read_output, daemon=True).start()
    seen: list[str] = []
    try:
        # Wait (bounded) for the address line; a hung or failed start fails the test.
        end = time.monotonic() + 300
        while time.monotonic() < end and proc.poll() is None:
            try:
                seen.append(lines.get(timeout=1))
            except queue.Empty:
                continue
            if "Ứng dụng đang chạy tại" in seen[-1]:
                break
        time.sleep(0.2 if proc.poll() is not None else 0)
        while not lines.empty():  # what a failed start printed last
            seen.append(lines.get_nowait())
        out = "".join(seen)
        assert f"http://127.0.0.1:{port}/" in out, out
        assert "Đã nạp dữ liệu mẫu" in out
        assert f"chuyenvien / {demo.PASSWORD}" in out and f"baocao / {demo.PASSWORD}" in out
        page = None
        for _ in range(50):
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/dang-nhap/", timeout=10)
                break
            except OSError:
                time.sleep(0.2)
        assert page is not None and page.status == 200
        assert "Đăng nhập" in page.read().decode()
        css = urllib.request.urlopen(f"http://127.0.0.1:{port}/static/tonghop.css", timeout=10)
        assert css.status == 200
        assert (tmp_path / "data" / "tonghop.sqlite3").exists()
        workers = _workers_of(proc.pid)
        assert workers, "tonghop serve started no worker"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    # The worker ends with the server, even one stopped by a signal (no finally runs).
    for _ in range(150):
        if not any(_alive(pid) for pid in workers):
            break
        time.sleep(0.2)
    alive = [p for p in workers if _alive(p)]
    assert not alive, f"the worker outlived tonghop serve: {_cmdline(alive[0])}"


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _workers_of(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(c) for c in children if _cmdline(int(c)).endswith("tonghop.cli worker ")]


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has ended; only its parent's wait is missing
