"""Load test: `tonghop serve` under many users at once, on loopback, with Locust.

Reporters log in, look at their list and their report page, upload new versions of
their report and read them; department staff read the dashboard, the side-by-side page
of an outline item and search (bench/load_users.py).  Prints requests per second, the
median and 95th percentile per page and the number of errors.

    .venv/bin/python bench/load.py                          # both runs below
    .venv/bin/python bench/load.py --database postgres --users 50 --minutes 2
    .venv/bin/python bench/load.py --database sqlite --users 20 --minutes 2

Goals: PostgreSQL, 50 users: 0 errors and p95 under 1 s on every page; SQLite, 20 users:
0 errors.  The server is `tonghop serve` as installed (4 threads, its worker beside it)
on the demo city, with a reporter account for each addressed unit whose report is not
yet accepted.  PostgreSQL: a private throw-away cluster (bench/_pg.py); SQLite: a file in
a temporary folder.  Locust runs on the same machine: its own work counts against the
server's, so figures on a busy machine are lower bounds.
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
    out.write_text(
        json.dumps(
            {
                "campaign": campaign.pk,
                "items": items,
                "reporters": reporters,
                "staff": staff,
                "password": PASSWORD,
                "reports": reports,
            },
            ensure_ascii=False,
        )
    )


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
            total += (int(fields[11]) + int(fields[12])) / tick
            for thread in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (thread / "children").read_text().split()]
        except (OSError, IndexError, ValueError):
            continue
    return total


def run(database: str, users: int, seconds: int, url: str | None) -> dict:
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
        port = _free_port()
        log = open(folder / "server.log", "w")  # noqa: SIM115  (closed below)
        server = subprocess.Popen(
            [*_common.tonghop_command(), "serve", "--no-demo", "--port", str(port)],
            env=env, cwd=_common.ROOT, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        host = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    urllib.request.urlopen(host + "/dang-nhap/", timeout=5).read()
                    break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError("tonghop serve không chạy được") from None
                    time.sleep(0.5)
            stats = folder / "ket_qua"
            cpu_before = cpu_seconds(server.pid)
            locust = subprocess.run(
                [
                    sys.executable, "-m", "locust", "-f", str(HERE / "load_users.py"),
                    "--headless", "--users", str(users), "--spawn-rate", str(max(1, users // 10)),
                    "--run-time", f"{seconds}s", "--stop-timeout", "30", "--host", host,
                    "--csv", str(stats), "--only-summary", "--loglevel", "WARNING",
                ],
                env={**env, "LOAD_CONFIG": str(config)}, cwd=_common.ROOT,
                capture_output=True, text=True,
            )  # fmt: skip
            cpu = cpu_seconds(server.pid) - cpu_before
            load = os.getloadavg()[0]
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
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
            "cpu": cpu,
            "load": load,
        }


def report(title: str, result: dict, users: int, seconds: int, goal_p95: bool) -> bool:
    rows = [r for r in result["rows"] if r["Name"] != "Aggregated"]
    total = next(r for r in result["rows"] if r["Name"] == "Aggregated")
    print(f"\n{title}: {users} người dùng, {seconds} giây")
    print(f"  {'trang':<46} {'lượt':>6} {'lượt/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'lỗi':>5}")
    worst = 0.0
    for r in sorted(rows, key=lambda r: r["Name"]):
        p95 = float(r["95%"])
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
        goal += f", p95 mọi trang dưới {vn(TARGET_P95_MS)} ms"
    print(f"  mục tiêu ({goal}): {'ĐẠT' if ok else 'CHƯA ĐẠT'}")
    return ok


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--database", choices=["postgres", "sqlite", "both"], default="both")
    p.add_argument("--users", type=int, help="mặc định 50 (PostgreSQL), 20 (SQLite)")
    p.add_argument("--minutes", type=float, default=2)
    p.add_argument("--prepare", metavar="CONFIG", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.prepare:
        prepare(Path(args.prepare))
        return 0
    seconds = round(args.minutes * 60)
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
                result = run("postgres", users, seconds, url)
        except ClusterError as exc:
            print(f"Bỏ qua PostgreSQL: {exc}")
        else:
            ok &= report("PostgreSQL", result, users, seconds, goal_p95=True)
    if args.database in ("sqlite", "both"):
        users = args.users or 20
        result = run("sqlite", users, seconds, None)
        ok &= report("SQLite", result, users, seconds, goal_p95=False)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
