"""Load test: `tonghop serve` under many users at once, on loopback, with Locust.

Reporters log in, look at their list and their report page, upload new versions of
their report and read them; department staff read the dashboard, the side-by-side page
of an outline item and search (bench/load_users.py).  Prints requests per second, the
median and 95th percentile per page and the number of errors.

    .venv/bin/python bench/load.py                          # both runs below
    .venv/bin/python bench/load.py --database postgres --users 50 --minutes 2
    .venv/bin/python bench/load.py --database sqlite --users 20 --minutes 2

Goals: PostgreSQL, 50 users: 0 errors and p95 under 1 s on every page; SQLite, 20 users:
0 errors.  The server runs as the README's deployment runs it: on PostgreSQL as many
`tonghop serve --no-worker` processes as the machine has cores (4 threads each) and one
`tonghop worker`, each user sent to one process in turn as the reverse proxy would; on
SQLite one `tonghop serve` with its worker beside it.  Data: the demo city, with a
reporter account for each addressed unit whose report is not yet accepted.  Each user
logs in once (Django's PBKDF2 takes ~0,3 s of CPU by design) and keeps its session; users
arrive two a second.  The logins are shown apart and the p95 goal is judged on the pages
of the work itself.  Before the load, each page's CPU time and SQL queries in one server
process (Django's test client, median of 5) are printed: what the code costs, whatever
the machine's neighbours do.  PostgreSQL: a private throw-away cluster (bench/_pg.py);
SQLite: a file in a temporary folder.  Locust runs on the same machine: its own work
counts against the server's, so figures on a busy machine are lower bounds.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common  # noqa: E402  (puts the repository on sys.path)
from _pg import ClusterError, throwaway_cluster  # noqa: E402

HERE = Path(__file__).resolve().parent
PASSWORD = "tai-thu-1234"
REPORT_FILES = 6
TARGET_P95_MS = 1000
SPAWN_RATE = 2  # users arriving per second
LOGIN = ("trang đăng nhập", "đăng nhập")  # once per user, at its start


def vn(x: float, places: int = 0) -> str:
    text = f"{x:,.{places}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ------------------------------------------------------------------ the data (a child process)


def prepare(out: Path) -> None:
    """Migrate, load the demo, add reporter accounts and write the users' configuration."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tonghop.web.settings")
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command

    from tonghop.synth import generator
    from tonghop.web.accounts.models import Profile
    from tonghop.web.demo import load_demo
    from tonghop.web.submissions.models import Submission

    call_command("migrate", interactive=False, verbosity=0)
    result = load_demo()
    campaign = result.campaign
    reporters = []
    for a in campaign.assignments.select_related("unit").order_by("unit__tree_path"):
        sub = Submission.objects.filter(assignment=a).first()
        if sub is not None and sub.status == Submission.Status.ACCEPTED:
            continue  # no new version can be uploaded there
        name = f"tai_{a.unit.code.lower().replace('-', '_')}"
        user = User.objects.create_user(name, f"{name}@example.vn", PASSWORD)
        Profile.objects.create(
            user=user, role=Profile.Role.REPORTER, unit=a.unit, full_name=f"Cán bộ {a.unit.name}"
        )
        reporters.append({"username": name, "assignment": a.pk})
    staff = []
    for i in range(1, 6):
        name = f"tai_chuyenvien{i}"
        user = User.objects.create_user(name, f"{name}@example.vn", PASSWORD)
        Profile.objects.create(
            user=user, role=Profile.Role.STAFF, unit=campaign.owner, full_name=f"Chuyên viên {i}"
        )
        staff.append(name)
    reports = []
    for i in range(REPORT_FILES):
        rep = generator.generate_report(9100 + i, unit="Đảng bộ phường", guideline_seed=0)
        path = out.parent / f"bao_cao_{i}.docx"
        generator.write_report(rep.blocks, path, "docx", seed=9100 + i)
        reports.append(str(path))
    items = list(campaign.outline.order_by("order").values_list("code", flat=True))
    pages = page_costs(campaign.pk, reporters[0], staff[0], items, reports[0])
    out.write_text(
        json.dumps(
            {
                "campaign": campaign.pk,
                "items": items,
                "reporters": reporters,
                "staff": staff,
                "password": PASSWORD,
                "reports": reports,
                "pages": pages,
            },
            ensure_ascii=False,
        )
    )


def page_costs(campaign: int, reporter: dict, staff: str, items: list, report: str) -> dict:
    """Each page of the load's mix in this process (Django's test client, the whole
    middleware stack): median CPU time of 5 and SQL queries.  The upload's reading in
    its child process is not in its figure."""
    import statistics

    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    me, a = Client(), reporter["assignment"]
    me.force_login(User.objects.get(username=reporter["username"]))
    boss = Client()
    boss.force_login(User.objects.get(username=staff))
    data = Path(report).read_bytes()
    base = f"/theo-doi/{campaign}"

    def upload():
        f = SimpleUploadedFile("Báo cáo KL01.docx", data)
        return me.post(f"/bao-cao/{a}/tai-len/", {"file": f})

    pages = {
        "trang đăng nhập": lambda: Client().get("/dang-nhap/"),
        "việc cần làm (báo cáo viên)": lambda: me.get("/bao-cao/"),
        "trang báo cáo của đơn vị": lambda: me.get(f"/bao-cao/{a}/"),
        "tải báo cáo lên (chỉ lượt gửi)": upload,
        "bảng theo dõi": lambda: boss.get(f"{base}/"),
        "đọc theo mục": lambda: boss.get(f"{base}/doc-theo-muc/{items[len(items) // 2]}/"),
        "tìm kiếm": lambda: boss.get(f"{base}/tim-kiem/", {"q": "nêu gương"}),
    }
    out = {}
    for name, fn in pages.items():
        fn()  # templates compiled, caches warm: what a running server has
        times, queries = [], 0
        for _ in range(5):
            with CaptureQueriesContext(connection) as q:
                started = time.process_time()
                response = fn()
                times.append(time.process_time() - started)
            if response.status_code not in (200, 302):
                raise RuntimeError(f"{name}: mã {response.status_code}")
            queries = len(q)
        out[name] = (round(1000 * statistics.median(times), 1), queries)
    return out


# ------------------------------------------------------------------ one run


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process and its live descendants (the server, its
    worker): what the load cost the application, whatever else the machine does."""
    tick = os.sysconf("SC_CLK_TCK")
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            # its own time, and that of children it has waited for (the uploads' readers)
            total += sum(int(x) for x in fields[11:15]) / tick
            for thread in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (thread / "children").read_text().split()]
        except (OSError, IndexError, ValueError):
            continue
    return total


def run(database: str, users: int, seconds: int, url: str | None, processes: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="tonghop-load-") as tmp:
        folder = Path(tmp)
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env.update(TONGHOP_DATA=str(folder / "data"), PYTHONPATH=str(_common.ROOT))
        env.pop("DJANGO_SETTINGS_MODULE", None)
        if url:
            env["DATABASE_URL"] = url
        config = folder / "load.json"
        started = time.monotonic()
        made = subprocess.run(
            [sys.executable, str(HERE / "load.py"), "--prepare", str(config)],
            env=env, cwd=_common.ROOT, capture_output=True, text=True,
        )  # fmt: skip
        if made.returncode:
            raise RuntimeError(f"không chuẩn bị được dữ liệu:\n{made.stderr[-3000:]}")
        accounts = json.loads(config.read_text())
        print(
            f"  dữ liệu: thành phố mẫu, {len(accounts['reporters'])} tài khoản báo cáo, "
            f"{len(accounts['staff'])} chuyên viên ({time.monotonic() - started:.0f} s)",
            flush=True,
        )
        log = open(folder / "server.log", "w")  # noqa: SIM115  (closed below)
        procs: list[subprocess.Popen] = []
        hosts: list[str] = []

        def start(*args: str) -> subprocess.Popen:
            proc = subprocess.Popen(
                [*_common.tonghop_command(), *args], env=env, cwd=_common.ROOT,
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
            procs.append(proc)
            return proc

        try:
            for _ in range(processes):
                port = _free_port()
                alone = ["--no-worker"] if processes > 1 else []
                proc = start("serve", "--no-demo", *alone, "--port", str(port))
                host = f"http://127.0.0.1:{port}"
                # One after the other: each start migrates and collects the static files.
                deadline = time.monotonic() + 120
                while True:
                    try:
                        urllib.request.urlopen(host + "/dang-nhap/", timeout=5).read()
                        break
                    except OSError:
                        if proc.poll() is not None or time.monotonic() > deadline:
                            raise RuntimeError("tonghop serve không chạy được") from None
                        time.sleep(0.5)
                hosts.append(host)
            if processes > 1:
                start("worker")
            stats = folder / "ket_qua"
            cpu_before = sum(cpu_seconds(p.pid) for p in procs)
            locust = subprocess.run(
                [
                    sys.executable, "-m", "locust", "-f", str(HERE / "load_users.py"),
                    "--headless", "--users", str(users), "--spawn-rate", str(SPAWN_RATE),
                    "--run-time", f"{seconds}s", "--stop-timeout", "30", "--host", hosts[0],
                    "--csv", str(stats), "--only-summary", "--loglevel", "WARNING",
                ],
                env={**env, "LOAD_CONFIG": str(config), "LOAD_HOSTS": ",".join(hosts)},
                cwd=_common.ROOT, capture_output=True, text=True,
            )  # fmt: skip
            cpu = sum(cpu_seconds(p.pid) for p in procs) - cpu_before
            load = os.getloadavg()[0]
        finally:
            for proc in procs:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)
            for proc in procs:
                try:
                    proc.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
            log.close()
        table = stats.with_name(stats.name + "_stats.csv")
        if not table.exists():
            raise RuntimeError(f"Locust không chạy được:\n{locust.stderr[-3000:]}")
        with table.open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        failures = stats.with_name(stats.name + "_failures.csv")
        with failures.open(encoding="utf-8") as fh:
            failed = list(csv.DictReader(fh))
        server_log = (folder / "server.log").read_text(errors="replace")
        return {
            "rows": rows,
            "failures": failed,
            "tracebacks": server_log.count("Traceback"),
            "first_traceback": _first_traceback(server_log),
            "cpu": cpu,
            "load": load,
            "processes": processes,
            "pages": accounts.get("pages", {}),
        }


def _first_traceback(log: str) -> str:
    """The end of the server's first traceback: where and what (for the report)."""
    at = log.find("Traceback")
    if at < 0:
        return ""
    lines = log[at:].splitlines()
    end = next((i for i, x in enumerate(lines[1:], 1) if x and not x.startswith(" ")), 0)
    return "\n".join(lines[max(1, end - 6) : end + 1])


def report(title: str, result: dict, users: int, seconds: int, goal_p95: bool) -> bool:
    rows = [r for r in result["rows"] if r["Name"] != "Aggregated"]
    total = next(r for r in result["rows"] if r["Name"] == "Aggregated")
    n = result["processes"]
    how = f"{n} tiến trình tonghop serve và 1 tonghop worker" if n > 1 else "1 tonghop serve"
    print(f"\n{title}: {users} người dùng, {seconds} giây, {how}")
    if result["pages"]:
        print(
            "  CPU và truy vấn SQL của mỗi trang trong một tiến trình (trung vị 5 lần, không tải):"
        )
        for name, (ms, queries) in result["pages"].items():
            print(f"    {name:<44} {vn(ms):>5} ms CPU, {queries} truy vấn")
    print(f"  {'trang':<46} {'lượt':>6} {'lượt/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'lỗi':>5}")
    worst = 0.0
    for r in sorted(rows, key=lambda r: r["Name"]):
        p95 = float(r["95%"])
        if r["Name"] not in LOGIN:  # once per user: shown, judged apart
            worst = max(worst, p95)
        print(
            f"  {r['Name'][:46]:<46} {vn(int(r['Request Count'])):>6} "
            f"{vn(float(r['Requests/s']), 1):>7} {vn(float(r['50%'])):>7} {vn(p95):>7} "
            f"{vn(int(r['Failure Count'])):>5}"
        )
    errors = int(total["Failure Count"])
    print(
        f"  {'tổng':<46} {vn(int(total['Request Count'])):>6} "
        f"{vn(float(total['Requests/s']), 1):>7} {vn(float(total['50%'])):>7} "
        f"{vn(float(total['95%'])):>7} {vn(errors):>5}"
    )
    for f in result["failures"][:10]:
        print(f"  lỗi: {f['Name']}: {f['Error'][:150]} ({f['Occurrences']} lần)")
    print(f"  lỗi ghi ở máy chủ (Traceback): {result['tracebacks']}")
    if result["first_traceback"]:
        print("    " + result["first_traceback"].replace("\n", "\n    "))
    count = int(total["Request Count"])
    print(
        f"  tonghop serve và worker dùng {vn(result['cpu'], 1)} s CPU "
        f"({vn(1000 * result['cpu'] / max(count, 1))} ms mỗi lượt; máy có {os.cpu_count()} lõi); "
        f"tải trung bình của máy lúc kết thúc: {vn(result['load'], 1)}"
    )
    ok = errors == 0 and result["tracebacks"] == 0
    goal = "0 lỗi"
    if goal_p95:
        ok = ok and worst < TARGET_P95_MS
        goal += f", p95 mọi trang dưới {vn(TARGET_P95_MS)} ms (trừ đăng nhập, một lần mỗi người)"
    print(f"  mục tiêu ({goal}): {'ĐẠT' if ok else 'CHƯA ĐẠT'}")
    return ok


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--database", choices=["postgres", "sqlite", "both"], default="both")
    p.add_argument("--users", type=int, help="mặc định 50 (PostgreSQL), 20 (SQLite)")
    p.add_argument("--minutes", type=float, default=2)
    p.add_argument(
        "--processes", type=int, help="tiến trình tonghop serve trên PostgreSQL (mặc định: số lõi)"
    )
    p.add_argument("--prepare", metavar="CONFIG", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.prepare:
        prepare(Path(args.prepare))
        return 0
    seconds = round(args.minutes * 60)
    cores = os.cpu_count() or 1
    load = os.getloadavg()[0]
    print(
        f"Tải thử tonghop serve trên 127.0.0.1; máy có {os.cpu_count()} lõi, tải trung bình "
        f"lúc bắt đầu {vn(load, 1)} (máy bận thì số liệu thấp hơn thực tế)."
    )
    ok = True
    if args.database in ("postgres", "both"):
        users = args.users or 50
        try:
            with throwaway_cluster() as url:
                result = run("postgres", users, seconds, url, args.processes or cores)
        except ClusterError as exc:
            print(f"Bỏ qua PostgreSQL: {exc}")
        else:
            ok &= report("PostgreSQL", result, users, seconds, goal_p95=True)
    if args.database in ("sqlite", "both"):
        users = args.users or 20
        result = run("sqlite", users, seconds, None, 1)
        ok &= report("SQLite", result, users, seconds, goal_p95=False)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
