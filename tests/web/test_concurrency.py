"""SQLite under real concurrency: `tonghop serve` in its own process on a SQLite file,
and threads sending requests at the same moment, as on deadline day.

- Two officials click "accept" and "send back" on the same report at once: one wins,
  the other is told in Vietnamese who decided first; no system error, one review.
- Reporters upload at the same moment: every upload is stored, none fails.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.web.factories import PASSWORD
from tests.web.factories_submissions import docx_bytes, report_blocks

ROOT = Path(__file__).resolve().parents[2]
UNITS = 24


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("data")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}  # SQLite, always
    env.update(TONGHOP_DATA=str(data), SECRET_KEY="kiem-thu", PYTHONPATH=str(ROOT))
    world = subprocess.run(
        [sys.executable, "-m", "tests.web.concurrency_world", str(UNITS)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=600,
    )  # fmt: skip
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tonghop.cli", "serve", "--no-demo", "--no-worker",
         "--port", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(base + "/dang-nhap/", timeout=5).read()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail("tonghop serve không chạy được:\n" + proc.stdout.read())
            time.sleep(0.3)
    yield base, json.loads(world.stdout.strip().splitlines()[-1]), data
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()


class Browser:
    """One user's session: cookies, the CSRF token, redirects followed like a browser."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def get(self, path: str) -> tuple[int, str]:
        return self._send(urllib.request.Request(self.base + path))

    def post(self, path: str, fields: dict, files: dict | None = None) -> tuple[int, str]:
        headers = {"X-CSRFToken": self.csrf(), "Referer": self.base + path}
        if files:
            boundary = uuid.uuid4().hex
            body = b""
            for k, v in {**fields, "csrfmiddlewaretoken": self.csrf()}.items():
                body += (
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n'.encode()
                )
                body += str(v).encode() + b"\r\n"
            for k, (name, content) in files.items():
                body += (
                    (
                        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"; '
                        f'filename="{name}"\r\nContent-Type: application/octet-stream\r\n\r\n'
                    ).encode()
                    + content
                    + b"\r\n"
                )
            body += f"--{boundary}--\r\n".encode()
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        else:
            body = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": self.csrf()}).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        return self._send(urllib.request.Request(self.base + path, body, headers))

    def _send(self, request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=120) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode(errors="replace")

    def login(self, username: str) -> None:
        self.get("/dang-nhap/")
        status, page = self.post("/dang-nhap/", {"username": username, "password": PASSWORD})
        assert status == 200 and "Đăng xuất" in page, page[:500]


def _at_once(jobs):
    """Run the jobs in threads released together; their results in order."""
    gate = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(i, job):
        gate.wait()
        results[i] = job()

    threads = [threading.Thread(target=run, args=(i, j)) for i, j in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_two_officials_review_the_same_reports_at_the_same_moment(server):
    base, world, data = server
    one, two = Browser(base), Browser(base)
    one.login("chuyenvien1")
    two.login("chuyenvien2")
    outcomes = []
    for pk in world["submitted"]:
        accept = lambda pk=pk: one.post(f"/bao-cao/{pk}/tiep-nhan/", {})  # noqa: E731
        send_back = lambda pk=pk: two.post(  # noqa: E731
            f"/bao-cao/{pk}/tra-lai/", {"comment": "Bổ sung số liệu mục II."}
        )
        (s1, p1), (s2, p2) = _at_once([accept, send_back])
        assert (s1, s2) == (200, 200), (pk, s1, s2, p1[-800:], p2[-800:])
        won_accept = "Đã tiếp nhận báo cáo." in p1
        won_return = "Đã trả lại báo cáo cho đơn vị kèm ý kiến." in p2
        assert won_accept != won_return, pk  # exactly one decision
        loser = p2 if won_accept else p1
        who = "Nguyễn Văn Một" if won_accept else "Trần Thị Hai"
        assert "Báo cáo này vừa được người khác xử lý" in loser and who in loser
        outcomes.append("accept" if won_accept else "return")
    # Read back from the database the server wrote: one review per report.
    check = subprocess.run(
        [sys.executable, "-c", _COUNT_REVIEWS, json.dumps(world["submitted"])],
        cwd=ROOT, env=_env(data), capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    assert json.loads(check.stdout) == outcomes


def test_reporters_upload_at_the_same_moment(server):
    base, world, data = server
    reporters = []
    for pk, username in world["open"]:
        b = Browser(base)
        b.login(username)
        reporters.append((pk, b))
    report = docx_bytes(report_blocks())
    jobs = [
        lambda pk=pk, b=b: b.post(
            f"/bao-cao/{pk}/tai-len/", {}, files={"file": ("bao-cao.docx", report)}
        )
        for pk, b in reporters
    ]
    results = _at_once(jobs)
    failed = [(s, re.sub(r"\s+", " ", p)[-300:]) for s, p in results if s != 200]
    assert not failed, failed
    assert all("Đã tải lên phiên bản 1" in p for _, p in results)


def _env(data: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(TONGHOP_DATA=str(data), SECRET_KEY="kiem-thu", PYTHONPATH=str(ROOT))
    return env


_COUNT_REVIEWS = """
import json, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tonghop.web.settings")
import django
django.setup()
from tonghop.web.submissions.models import Submission
out = []
for pk in json.loads(sys.argv[1]):
    s = Submission.objects.get(assignment_id=pk)
    actions = [r.action for r in s.reviews.all()]
    assert len(actions) == 1, (pk, actions)
    assert s.status == {"accept": "accepted", "return": "returned"}[actions[0]], s.status
    out.append(actions[0])
print(json.dumps(out))
"""


@pytest.mark.django_db
def test_a_database_still_busy_after_waiting_gets_a_vietnamese_page(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.db import OperationalError

    from tonghop.web.busy import DatabaseBusyMiddleware

    request = rf.post("/bao-cao/1/tiep-nhan/")
    request.user = AnonymousUser()
    mw = DatabaseBusyMiddleware(lambda r: None)
    r = mw.process_exception(request, OperationalError("database is locked"))
    assert r.status_code == 503 and r["Retry-After"] == "5"
    assert "thao tác vừa rồi của bạn chưa được lưu" in r.content.decode()
    assert mw.process_exception(request, OperationalError("no such table: x")) is None
