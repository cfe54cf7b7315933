"""`tonghop serve`: set up the database, load the demo and serve on 127.0.0.1.

The main job of the README: one command from a fresh checkout to a running
application with data to look at.  SQLite in TONGHOP_DATA (./data) unless
DATABASE_URL says otherwise.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="tonghop serve",
        description="Chuẩn bị cơ sở dữ liệu, nạp dữ liệu mẫu và chạy ứng dụng web.",
    )
    p.add_argument("--port", type=int, default=8000, help="cổng (mặc định 8000)")
    p.add_argument("--host", default="127.0.0.1", help="địa chỉ (mặc định 127.0.0.1)")
    p.add_argument("--no-demo", action="store_true", help="không nạp dữ liệu mẫu")
    p.add_argument("--threads", type=int, default=4, help="số luồng phục vụ (mặc định 4)")
    p.add_argument(
        "--no-worker",
        action="store_true",
        help="không chạy tiến trình xử lý nền (khi đã có tiến trình `tonghop worker` riêng)",
    )
    return p


def run_worker(batch: bool = False) -> int:
    """`tonghop worker`: run background tasks (django-tasks, database backend).

    One beside `tonghop serve` on SQLite; any number, on any machine, on PostgreSQL.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tonghop.web.settings")
    if os.environ.pop("TONGHOP_WORKER_OF", "") == str(os.getppid()):
        # Started by `tonghop serve`, which stops it gracefully on Ctrl+C or SIGTERM; if
        # the server dies outright, so does the worker (a read cut short is read again
        # by the next worker, see background.recover; a draft run is marked failed).
        from tonghop.web.submissions.isolated import die_with_parent

        die_with_parent()
    import django

    django.setup()
    from django.core.management import call_command

    _recover()
    argv = ["--queue-name", "*", "--no-startup-delay", "--verbosity", "1"]
    with contextlib.suppress(KeyboardInterrupt):
        call_command("db_worker", *argv, *(["--batch"] if batch else []))
    return 0


def _recover() -> None:
    """Reads cut short by a worker that died (killed, the machine restarted) are queued
    again before any new work: django-tasks would leave them RUNNING for ever."""
    from django.db import DatabaseError

    from tonghop.web.submissions.background import recover

    try:
        again = recover()
    except DatabaseError as exc:  # not migrated yet, a busy database: the page recovers too
        print(f"Không kiểm tra được việc đọc dở dang: {exc}", file=sys.stderr, flush=True)
        return
    if again:
        print(f"Đọc lại {len(again)} tệp mà tiến trình trước bị dừng giữa chừng.", flush=True)


def start_worker() -> subprocess.Popen:
    """The worker as a child process: its own interpreter, never a thread of the server."""
    env = {**os.environ, "TONGHOP_WORKER_OF": str(os.getpid())}
    return subprocess.Popen([sys.executable, "-m", "tonghop.cli", "worker"], env=env)


def prepare(demo: bool = True, out=None) -> None:
    """Migrate, collect static files, load the demo; print what was done."""
    out = out or sys.stdout
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tonghop.web.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    print(f"Cơ sở dữ liệu: {_database_name(settings)}", file=out, flush=True)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    if demo:
        from tonghop.web.demo import describe, load_demo

        print("Đang nạp dữ liệu mẫu...", file=out, flush=True)
        for line in describe(load_demo()):
            print(line, file=out, flush=True)


def _database_name(settings) -> str:
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"SQLite, tệp {db['NAME']}"
    return f"{db['ENGINE'].rsplit('.', 1)[-1]}, {db.get('HOST') or 'localhost'}/{db['NAME']}"


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not 0 < args.port < 65536:
        print(f"Lỗi: cổng {args.port} không hợp lệ.", file=sys.stderr)
        return 2
    try:
        prepare(demo=not args.no_demo)
    except Exception as exc:  # a broken database or data folder: say so, no traceback
        print(f"Lỗi khi chuẩn bị dữ liệu: {exc}", file=sys.stderr)
        return 1
    import waitress

    from tonghop.web.submissions import isolated
    from tonghop.web.wsgi import application

    isolated.warm()  # the fork server for uploads read in the request, ready before the first
    worker = None if args.no_worker else start_worker()
    if worker:
        print("Tiến trình xử lý nền đã chạy (tonghop worker).", flush=True)

    print(
        f"Ứng dụng đang chạy tại http://{args.host}:{args.port}/ — nhấn Ctrl+C để dừng.",
        flush=True,
    )
    signal.signal(signal.SIGTERM, _interrupt)  # a service manager's stop, like Ctrl+C
    try:
        waitress.serve(application, host=args.host, port=args.port, threads=args.threads)
    except OSError as exc:
        print(f"Lỗi: không mở được cổng {args.port} ({exc.strerror}).", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    finally:
        if worker:
            worker.terminate()
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
