"""A private, throw-away PostgreSQL cluster for the benchmarks.

Debian's programs (/usr/lib/postgresql/*/bin): initdb in a temporary folder, listening
on 127.0.0.1 only at a free port, password login; stopped and deleted when the `with`
block ends, also on Ctrl+C.  PostgreSQL refuses to run as root: as root, its programs run
as the postgres user that Debian's package creates (runuser), in a folder it owns.

    with throwaway_cluster() as url:   # postgres://tonghop:...@127.0.0.1:PORT/tonghop
        ...
"""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path


class ClusterError(RuntimeError):
    """The cluster could not be made or started; the message says why (Vietnamese)."""


def pg_bin() -> Path | None:
    """The newest installed PostgreSQL's bin folder, or None."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"),
        key=lambda p: [int(x) for x in re.findall(r"\d+", p.parent.parent.name)],
    )
    return found[-1].parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(cmd: list[str], cwd: Path, **kw) -> subprocess.CompletedProcess:
    # cwd: the postgres user may not be allowed into the caller's folder.
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, **kw)


@contextlib.contextmanager
def throwaway_cluster(fast: bool = True) -> Iterator[str]:
    """Yield the URL of a new, empty database `tonghop` on a private cluster.

    fast: no fsync (the data is thrown away anyway); it changes write speed, not reads.
    """
    bindir = pg_bin()
    if bindir is None:
        raise ClusterError(
            "Không thấy chương trình PostgreSQL (/usr/lib/postgresql/*/bin): hãy cài gói "
            "postgresql, hoặc đặt DATABASE_URL, hoặc chạy với --database sqlite."
        )
    as_pg: list[str] = []
    owner = None
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            raise ClusterError(
                "Chạy bằng root nhưng không có người dùng postgres để chạy PostgreSQL."
            ) from None
        as_pg = ["runuser", "-u", "postgres", "--"]
    folder = Path(tempfile.mkdtemp(prefix="tonghop-bench-pg-"))
    data, log = folder / "data", folder / "server.log"
    started = False
    try:
        password = secrets.token_hex(16)
        pwfile = folder / "password"
        pwfile.write_text(password + "\n")
        pwfile.chmod(0o600)
        if owner is not None:
            for p in (folder, pwfile):
                os.chown(p, owner.pw_uid, owner.pw_gid)
        init = _run(
            [
                *as_pg,
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                "tonghop",
                f"--pwfile={pwfile}",
                "--auth=scram-sha-256",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ],
            folder,
        )
        if init.returncode:
            raise ClusterError(f"initdb không chạy được:\n{(init.stderr or init.stdout)[-2000:]}")
        for _ in range(3):  # a free port may be taken between asking and listening
            port = _free_port()
            options = f"-c listen_addresses=127.0.0.1 -p {port} -k {folder}"
            if fast:
                options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            # A session of its own: Ctrl+C in the terminal reaches us, not the server,
            # so the server is still there to be stopped cleanly.
            start = _run(
                [
                    *as_pg,
                    str(bindir / "pg_ctl"),
                    "-D",
                    str(data),
                    "-l",
                    str(log),
                    "-w",
                    "-t",
                    "60",
                    "-o",
                    options,
                    "start",
                ],
                folder,
                start_new_session=True,
            )
            if start.returncode == 0:
                started = True
                break
        if not started:
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise ClusterError(f"PostgreSQL không khởi động được:\n{tail}")
        made = _run(
            [str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "tonghop"]
            + ["tonghop"],
            folder,
            env={**os.environ, "PGPASSWORD": password},
        )
        if made.returncode:
            raise ClusterError(f"createdb không chạy được: {made.stderr.strip()}")
        yield f"postgres://tonghop:{password}@127.0.0.1:{port}/tonghop"
    finally:
        if started:
            _run(
                [*as_pg, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                folder,
                start_new_session=True,
            )
        shutil.rmtree(folder, ignore_errors=True)
