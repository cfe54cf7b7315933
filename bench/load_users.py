"""The simulated users of bench/load.py (a Locust file; run through bench/load.py).

Reporters log in to their own unit, look at their list and their report page, upload a
new version of their report (a generated .docx) now and then and read its checklist.
Department staff log in and read the campaign: the dashboard, the side-by-side page of
an outline item, and search.  Each request is named after its page, so the figures are
per page.  LOAD_CONFIG names the JSON file bench/load.py wrote (accounts, campaign).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re

from locust import HttpUser, between, task

if os.environ.get("LOAD_CONFIG"):
    with open(os.environ["LOAD_CONFIG"], encoding="utf-8") as fh:
        CONFIG = json.load(fh)
else:  # imported by ./dev bench's loop as a plain script: nothing to run
    CONFIG = None

# Several `tonghop serve` processes (LOAD_HOSTS): each user is sent to one in turn, as
# the reverse proxy would share them out; any process answers any request.
HOSTS = [h for h in os.environ.get("LOAD_HOSTS", "").split(",") if h]
_hosts = itertools.count()
_reporters = itertools.count()
_staff = itertools.count()
QUERIES = ("tự soi tự sửa", "nêu gương", "học tập và làm theo", "đảng viên", "chi bộ")


class _Session(HttpUser):
    abstract = True

    def login(self, username: str) -> None:
        """Once per user, at its start: the session is kept for all it does after."""
        if HOSTS:
            self.host = self.client.base_url = HOSTS[next(_hosts) % len(HOSTS)]
        self.client.get("/dang-nhap/", name="trang đăng nhập")
        token = self.client.cookies.get("csrftoken", "")
        with self.client.post(
            "/dang-nhap/",
            {"username": username, "password": CONFIG["password"], "csrfmiddlewaretoken": token},
            headers={"Referer": self.host + "/dang-nhap/"},
            name="đăng nhập",
            catch_response=True,
        ) as r:
            if "Đăng xuất" not in r.text:
                r.failure(f"không đăng nhập được {username} (mã {r.status_code})")


class Reporter(_Session):
    weight = 4
    wait_time = between(2, 8)  # reading the page, finding the file

    def on_start(self) -> None:
        me = CONFIG["reporters"][next(_reporters) % len(CONFIG["reporters"])]
        self.assignment = me["assignment"]
        self.login(me["username"])

    @task(3)
    def todo(self) -> None:
        self.client.get("/bao-cao/", name="việc cần làm (báo cáo viên)")

    @task(4)
    def report_page(self) -> None:
        self.client.get(f"/bao-cao/{self.assignment}/", name="trang báo cáo của đơn vị")

    @task(2)
    def upload_and_check(self) -> None:
        page = f"/bao-cao/{self.assignment}/"
        token = self.client.cookies.get("csrftoken", "")
        path = random.choice(CONFIG["reports"])
        with open(path, "rb") as fh:
            data = fh.read()
        with self.client.post(
            f"/bao-cao/{self.assignment}/tai-len/",
            data={"csrfmiddlewaretoken": token},
            files={"file": ("Báo cáo KL01.docx", data)},
            headers={"Referer": self.host + page},
            name="tải báo cáo lên (và trang kết quả kiểm tra)",
            catch_response=True,
        ) as r:
            # Stored: redirected to the report page showing the new version's checklist
            # (?v=N), or to its reading in the background (#pending-N).
            if r.status_code != 200 or not ("?v=" in r.url or "pending" in r.url):
                r.failure(f"tải lên không được (mã {r.status_code})")
                return
        version = re.search(r"/bao-cao/phien-ban/(\d+)/", r.text)
        if version:
            self.client.get(
                f"/bao-cao/phien-ban/{version.group(1)}/", name="toàn văn một phiên bản"
            )


class Staff(_Session):
    weight = 1
    wait_time = between(1, 4)

    def on_start(self) -> None:
        self.login(CONFIG["staff"][next(_staff) % len(CONFIG["staff"])])
        self.campaign = CONFIG["campaign"]

    @task(3)
    def dashboard(self) -> None:
        self.client.get(f"/theo-doi/{self.campaign}/", name="bảng theo dõi")

    @task(3)
    def side_by_side(self) -> None:
        code = random.choice(CONFIG["items"])
        self.client.get(f"/theo-doi/{self.campaign}/doc-theo-muc/{code}/", name="đọc theo mục")

    @task(2)
    def search(self) -> None:
        self.client.get(
            f"/theo-doi/{self.campaign}/tim-kiem/",
            params={"q": random.choice(QUERIES)},
            name="tìm kiếm",
        )
