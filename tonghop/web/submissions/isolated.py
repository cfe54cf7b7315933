"""One read in a child process with a time and a memory limit.

The task worker never reads an upload in its own process: a hostile or broken file
could take all the memory of the machine or read for ever.  The child sets RLIMIT_AS
on itself once the reading code is imported (what LibreOffice and Tesseract start
inherits the limit), has its own process group (a timeout kills what it started too)
and dies with its parent (a worker killed halfway leaves no reading behind).

The child tells its progress on stdout, one JSON object a line:
    {"stage": "convert"|"read"|"ocr"|"analyse", "done": n, "total": m}
and leaves its result in a file: the pickled Document, or {"error": "..."} as JSON.

`read_quick` is the same for the reads the web request does itself (small files,
well under a second): the child is forked from a server process that has the engine
imported already (multiprocessing's forkserver), so the limits cost milliseconds, not
the second a fresh interpreter takes.  Every read of an upload thus has its limits.

Django-free on purpose: the child starts in a fraction of a second.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import pickle
import selectors
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tonghop.model import Document, ReadError

TIMEOUT_S = float(os.environ.get("TONGHOP_READ_TIMEOUT", "900"))
MEMORY_MB = int(os.environ.get("TONGHOP_READ_MEMORY_MB", "2048"))
_ROOT = str(Path(__file__).resolve().parents[3])  # where the tonghop package lives
log = logging.getLogger(__name__)
TICK_S = 5.0  # how often the parent hears from itself while the child is silent

Progress = Callable[[str, int, int], None]


class Interrupted(ReadError):
    """The child did not finish the read by itself: a limit stopped it, or it crashed.
    A quick read interrupted so is given to the task worker, which keeps the file and
    has larger limits."""


class LimitReached(Interrupted):
    """Stopped by the time or memory limit, not by the file's own fault."""


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _minutes(seconds: float) -> str:
    if seconds >= 120:
        return f"{round(seconds / 60)} phút"
    return f"{seconds:g} giây".replace(".", ",")


def timeout_message(seconds: float) -> str:
    return (
        f"Đọc tệp quá {_minutes(seconds)} nên đã dừng: tệp quá lớn hoặc quá phức tạp để là "
        "một báo cáo. Hãy kiểm tra xem có chọn nhầm tệp không, hoặc tách bớt phụ lục rồi "
        "tải lên lại. Tệp đã tải lên vẫn được giữ."
    )


def memory_message(mb: int) -> str:
    return (
        f"Tệp cần quá nhiều bộ nhớ để đọc (giới hạn {_n(mb)} MB) nên đã dừng: tệp quá lớn "
        "hoặc quá phức tạp để là một báo cáo. Hãy kiểm tra xem có chọn nhầm tệp không, "
        "hoặc giảm dung lượng (ví dụ bỏ bớt hình ảnh) rồi tải lên lại. Tệp đã tải lên vẫn "
        "được giữ."
    )


_CRASHED = (
    "Chương trình đọc tệp bị dừng bất thường (mã {code}): tệp có thể bị hỏng. Hãy mở tệp "
    "bằng Word, lưu lại dưới dạng .docx hoặc .pdf rồi tải lên lại. Tệp đã tải lên vẫn được "
    "giữ."
)
_BUG = (
    "Không đọc được tệp: tệp bị hỏng hoặc có cấu trúc lạ. Hãy mở tệp bằng Word, lưu lại "
    "(.docx hoặc .pdf) rồi tải lên lại."
)


# --- the parent -----------------------------------------------------------------------


def read(
    data: bytes,
    name: str,
    progress: Progress | None = None,
    *,
    timeout: float | None = None,
    memory_mb: int | None = None,
    tick: Callable[[], None] | None = None,
) -> Document:
    """Read `data` (a file called `name`) in a child process within the limits.

    progress(stage, done, total) is called as the child reports; tick() at least every
    few seconds while it works (a heartbeat).  Raises ReadError with a Vietnamese
    message: the file's own reason, or the limit that stopped it."""
    timeout = TIMEOUT_S if timeout is None else timeout
    memory_mb = MEMORY_MB if memory_mb is None else memory_mb
    with tempfile.TemporaryDirectory(prefix="tonghop-read-") as tmp:
        source, result = Path(tmp) / "input", Path(tmp) / "result"
        source.write_bytes(data)
        command = [sys.executable, "-m", __name__, str(source), name, str(result)]
        env = {
            **os.environ,
            "TONGHOP_READ_MEMORY_MB": str(memory_mb),
            "PYTHONPATH": os.pathsep.join(filter(None, [_ROOT, os.environ.get("PYTHONPATH")])),
        }
        with open(Path(tmp) / "stderr", "wb") as errors:
            proc = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=errors,
                env=env,
                start_new_session=True,  # a timeout kills LibreOffice and Tesseract with it
            )
            try:
                _follow(proc, timeout, progress, tick)
            except BaseException:
                _kill(proc)
                raise
        try:
            return _outcome(proc.returncode, result, memory_mb)
        except ReadError:
            trace = (Path(tmp) / "stderr").read_bytes()[-4000:]
            if trace.strip():
                log.warning("reading %r: %s", name, trace.decode(errors="replace"))
            raise


def _follow(proc: subprocess.Popen, timeout: float, progress, tick) -> None:
    deadline = time.monotonic() + timeout
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    buffer = b""
    fd = proc.stdout.fileno()
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                _kill(proc)
                raise LimitReached(timeout_message(timeout))
            if not sel.select(min(left, TICK_S)):
                if tick is not None:
                    tick()
                continue
            chunk = os.read(fd, 65536)
            if not chunk:  # the child closed its output: it is ending
                break
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")
            for line in lines:
                _report(line, progress)
            if tick is not None:
                tick()
        left = max(deadline - time.monotonic(), 0.1)
        try:
            proc.wait(left)
        except subprocess.TimeoutExpired:
            _kill(proc)
            raise LimitReached(timeout_message(timeout)) from None
    finally:
        sel.close()
        proc.stdout.close()


def _report(line: bytes, progress) -> None:
    try:
        msg = json.loads(line)
    except ValueError:
        return
    if progress is not None and isinstance(msg, dict):
        progress(str(msg.get("stage", "")), int(msg.get("done", 0)), int(msg.get("total", 0)))


def _kill(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def _outcome(code: int, result: Path, memory_mb: int) -> Document:
    if result.exists():
        payload = result.read_bytes()
        if payload.startswith(b"{"):
            failure = json.loads(payload)
            raise (LimitReached if failure.get("limit") else ReadError)(failure["error"])
        if code == 0:
            return pickle.loads(payload)  # written by our own child, from our own code
    if code == -signal.SIGKILL or code == -signal.SIGSEGV:
        # The kernel's answer to memory that ran out outside Python (a library's malloc).
        if code == -signal.SIGKILL:
            raise LimitReached(memory_message(memory_mb))
        raise Interrupted(_crash(code))
    raise Interrupted(_crash(code))


def _crash(code: int) -> str:
    return _CRASHED.format(code=code)


# --- the child ------------------------------------------------------------------------


def die_with_parent(sig: int = signal.SIGKILL) -> None:
    """Linux: this process gets `sig` when the process that started it dies."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, sig)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _vm_peak_kb() -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmPeak:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _child(source: str, name: str, result: str, say=None, memory_mb: int | None = None) -> int:
    parent = os.getppid()
    die_with_parent()
    if os.getppid() != parent:  # the parent died before the line above
        return 1
    # Everything the reading needs is imported before the limit: the limit is for the file.
    import resource

    import tonghop.readers.docx
    import tonghop.readers.legacy
    import tonghop.readers.ocr
    import tonghop.readers.pdf
    import tonghop.readers.text  # noqa: F401
    from tonghop.pipeline import analyse
    from tonghop.readers import read_bytes, sniff
    from tonghop.readers.legacy import NAMES

    if memory_mb is None:
        memory_mb = int(os.environ.get("TONGHOP_READ_MEMORY_MB", str(MEMORY_MB)))
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    if say is None:

        def say(stage: str, done: int = 0, total: int = 0) -> None:
            sys.stdout.write(json.dumps({"stage": stage, "done": done, "total": total}) + "\n")
            sys.stdout.flush()

    out = Path(result)

    def fail(message: str, limit: bool = False) -> int:
        failure = {"error": message, "limit": limit}
        out.write_text(json.dumps(failure, ensure_ascii=False), encoding="utf-8")
        return 0

    try:
        data = Path(source).read_bytes()
        fmt = sniff(data, name)
        say("convert" if fmt in NAMES else "read")
        raw = read_bytes(data, name, lambda done, total: say("ocr", done, total))
        say("analyse")
        doc = analyse(raw)
        out.write_bytes(pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL))
        return 0
    except MemoryError:
        return fail(memory_message(memory_mb), limit=True)
    except ReadError as exc:
        # A library that ran out of memory says "corrupt file": the peak tells the truth.
        if _vm_peak_kb() * 1024 >= 0.95 * limit:
            return fail(memory_message(memory_mb), limit=True)
        return fail(str(exc))
    except Exception:
        if _vm_peak_kb() * 1024 >= 0.95 * limit:
            return fail(memory_message(memory_mb), limit=True)
        import traceback

        traceback.print_exc(file=sys.stderr)
        return fail(_BUG)


# --- quick reads, forked from a server process that has the engine loaded ---------------

QUICK_TIMEOUT_S = float(os.environ.get("TONGHOP_QUICK_READ_TIMEOUT", "15"))
_PRELOAD = [
    __name__,
    "tonghop.pipeline",
    "tonghop.readers",
    "tonghop.readers.docx",
    "tonghop.readers.pdf",
    "tonghop.readers.text",
]
_forkserver = None


def _context():
    global _forkserver
    if _forkserver is None:
        import multiprocessing

        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(_PRELOAD)
        _forkserver = ctx
    return _forkserver


def warm() -> None:
    """Start the fork server now (it imports the engine: seconds), not at the first
    upload.  `tonghop serve` calls it."""
    from multiprocessing import forkserver

    _context()
    forkserver.ensure_running()


def _quiet(stage: str, done: int = 0, total: int = 0) -> None:
    """A quick read's progress is not shown: nobody polls for it."""


def _forked(source: str, name: str, result: str, memory_mb: int) -> None:
    os.setsid()  # its own group, so a timeout also ends what it started
    sys.exit(_child(source, name, result, say=_quiet, memory_mb=memory_mb))


def read_quick(
    data: bytes, name: str, *, timeout: float | None = None, memory_mb: int | None = None
) -> Document:
    """Read `data` in a forked child within the limits (default: 15 seconds, as much
    memory as a background read).  Raises ReadError with a Vietnamese message, or
    LimitReached when a limit stopped it."""
    timeout = QUICK_TIMEOUT_S if timeout is None else timeout
    memory_mb = MEMORY_MB if memory_mb is None else memory_mb
    with tempfile.TemporaryDirectory(prefix="tonghop-read-") as tmp:
        source, result = Path(tmp) / "input", Path(tmp) / "result"
        source.write_bytes(data)
        proc = _context().Process(
            target=_forked, args=(str(source), name, str(result), memory_mb), daemon=True
        )
        proc.start()
        try:
            proc.join(timeout)
            if proc.exitcode is None:
                raise LimitReached(timeout_message(timeout))
            code = proc.exitcode
        finally:
            if proc.exitcode is None:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.join()
            proc.close()
        return _outcome(code, result, memory_mb)


if __name__ == "__main__":
    sys.exit(_child(*sys.argv[1:4]))
