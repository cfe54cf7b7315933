"""The `tonghop` command: read, check and outline documents from the shell."""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from dataclasses import asdict

from tonghop.model import Document, ReadError, Section
from tonghop.numbers import vn_number

_COLOURS = {"error": "31", "warning": "33", "minor": "36", "head": "1", "dim": "2"}


class _Out:
    def __init__(self, stream) -> None:
        self.stream = stream
        self.colour = stream.isatty() and not os.environ.get("NO_COLOR")

    def paint(self, text: str, what: str) -> str:
        return f"\033[{_COLOURS[what]}m{text}\033[0m" if self.colour else text

    def line(self, text: str = "") -> None:
        print(text, file=self.stream)


def _doc_json(doc: Document) -> dict:
    d = asdict(doc)
    d["footnote_count"] = len(doc.footnotes)
    return d


def _render_sections(out: _Out, sections: list[Section], depth: int = 0) -> None:
    for s in sections:
        label = s.label or "•"
        extra = out.paint(f"  ({len(s.paragraphs)} đoạn)", "dim")
        out.line(f"{'  ' * depth}{out.paint(label, 'head')} {s.title[:90]}{extra}")
        _render_sections(out, s.children, depth + 1)


def render_document(out: _Out, doc: Document, name: str) -> None:
    out.line(out.paint(f"== {name}", "head"))
    out.line(f"Loại văn bản: {doc.kind or '(không rõ)'}")
    if doc.title:
        out.line(f"Trích yếu: {doc.title[:150]}")
    h = doc.header
    if h.issuer or h.number or h.date:
        out.line(f"Cơ quan ban hành: {h.issuer}  Số: {h.number}  {h.place} {h.date}".rstrip())
    out.line(out.paint("\nMục lục", "head"))
    _render_sections(out, doc.sections)
    for annex in doc.annexes:
        out.line(out.paint(f"\nPhụ lục: {annex.kind} — {annex.title[:80]}", "head"))
        _render_sections(out, annex.sections, 1)
    out.line(out.paint(f"\nChú thích ({len(doc.footnotes)})", "head"))
    for fn in doc.footnotes:
        where = ".".join(fn.marker_path) if fn.marker_path else "không có dấu dẫn"
        out.line(f"  {fn.n:>3} [{where or 'mở đầu'}] {fn.text[:90]}")
    out.line(out.paint(f"\nSố liệu ({len(doc.figures)})", "head"))
    for f in doc.figures:
        where = ".".join(f.path) + (f" chú thích {f.footnote}" if f.footnote else "")
        qual = f"{f.qualifier} " if f.qualifier else ""
        unit = f.unit if f.unit in ("%",) else f" {f.unit}"
        out.line(f"  {qual}{vn_number(f.value)}{unit}  [{where}]")
    if doc.sum_checks:
        out.line(out.paint("\nKiểm tra tổng", "head"))
        for c in doc.sum_checks:
            ok = "khớp" if c.holds else out.paint("KHÔNG KHỚP", "error")
            parts = " + ".join(vn_number(v) for v in c.parts)
            out.line(f"  {vn_number(c.total)} {c.unit} = {parts}: {ok}")
    if doc.signer:
        s = doc.signer
        out.line(f"\nNgười ký: {s.capacity} / {s.position} / {s.name}")
    if doc.recipients:
        out.line(f"Nơi nhận: {len(doc.recipients)} nơi")
    _render_findings(out, doc.findings)


def _render_findings(out: _Out, findings) -> None:
    out.line(out.paint(f"\nPhát hiện ({len(findings)})", "head"))
    if not findings:
        out.line("  Không phát hiện vấn đề.")
    for f in findings:
        where = ".".join(f.path)
        out.line(f"  {out.paint(f.severity, f.severity)} {f.code} [{where}] {f.message}")


def _fail(message: str) -> int:
    print(f"Lỗi: {message}", file=sys.stderr)
    return 2


def _read(path: str, progress=None) -> Document:
    from tonghop.pipeline import read_document

    try:
        return read_document(path, progress)
    except ReadError:
        raise
    except Exception as exc:  # a bug must still not show the user a traceback
        raise ReadError(f"Không đọc được tệp {path} ({type(exc).__name__}: {exc}).") from exc


class _PageBar:
    """The pages of a scan recognised so far, on stderr: redrawn in place on a terminal,
    a line every tenth otherwise (when asked with --progress)."""

    def __init__(self, name: str, stream=None) -> None:
        self.name = name
        self.stream = stream or sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.shown = -1
        self.open = False  # a line drawn in place, not ended yet

    def __call__(self, done: int, total: int) -> None:
        if total <= 0:
            return
        pct = done * 100 // total
        step = pct if self.tty else pct // 10
        if step == self.shown and done != total:
            return
        self.shown = step
        bar = "█" * (pct // 5) + "░" * (20 - pct // 5)
        text = f"{self.name}: nhận dạng chữ [{bar}] {done}/{total} trang ({pct}%)"
        end = "" if self.tty and done < total else "\n"
        print(("\r" if self.tty else "") + text, end=end, file=self.stream, flush=True)
        self.open = end == ""

    def close(self) -> None:
        if self.open:  # a read that failed half-way: the message goes on its own line
            print(file=self.stream, flush=True)
            self.open = False


def _read_one(job: tuple) -> tuple[int, str, str]:
    """Read one file for `tonghop read`: (status, what goes to stdout, to stderr).  Runs in
    a worker process when many files are read, so it returns text, not documents.
    With `bar` (one file at a time) the pages of a scan are counted on stderr as read."""
    path, as_json, many, colour, *rest = job
    bar = _PageBar(os.path.basename(path)) if rest and rest[0] else None
    try:
        doc = _read(path, bar)
    except ReadError as exc:
        if bar:
            bar.close()
        if as_json and many:
            return 2, json.dumps({"file": path, "error": str(exc)}, ensure_ascii=False) + "\n", ""
        return 2, "", f"Lỗi: {exc}\n"
    if as_json:
        d = _doc_json(doc)
        if many:
            return 0, json.dumps({"file": path, **d}, ensure_ascii=False) + "\n", ""
        return 0, json.dumps(d, ensure_ascii=False, indent=2) + "\n", ""
    buf = io.StringIO()
    out = _Out(buf)
    out.colour = colour
    render_document(out, doc, path)
    if many:
        out.line()
    return 0, buf.getvalue(), ""


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _read_all(jobs: list[tuple]):
    """The results of `_read_one` in the order of `jobs`, read on every core."""
    workers = min(_cores(), len(jobs))
    if workers < 2:
        yield from map(_read_one, jobs)
        return
    import multiprocessing  # noqa: PLC0415
    from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415

    import tonghop.pipeline  # noqa: F401, PLC0415  (loaded once, before the workers fork)

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    # Small chunks keep every core busy to the end and the output flowing in order.
    chunk = max(1, min(8, len(jobs) // (4 * workers)))
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        yield from pool.map(_read_one, jobs, chunksize=chunk)


def cmd_read(args) -> int:
    colour = _Out(sys.stdout).colour
    many = len(args.files) > 1
    status = 0
    # OCR takes seconds a page: a bar on a terminal, or when asked; one file at a time.
    bar = not many and (args.progress if args.progress is not None else sys.stderr.isatty())
    jobs = [(path, args.json, many, colour, bar) for path in args.files]
    for code, stdout, stderr in _read_all(jobs):
        status = max(status, code)
        if stdout:
            sys.stdout.write(stdout)
        if stderr:
            sys.stdout.flush()
            sys.stderr.write(stderr)
    return status


def cmd_outline(args) -> int:
    from tonghop.outline import build_outline

    try:
        doc = _read(args.file)
    except ReadError as exc:
        return _fail(str(exc))
    outline = build_outline(doc)
    if args.json:
        print(json.dumps(outline.to_dict(), ensure_ascii=False, indent=2))
        return 0
    out = _Out(sys.stdout)
    out.line(out.paint(f"Đề cương: {outline.title[:120]}", "head"))
    for item in outline.items:
        out.line(f"{'  ' * (item.level - 1)}{out.paint(item.id, 'head')} {item.title[:100]}")
    c = outline.campaign
    out.line(out.paint("\nThông tin đợt báo cáo", "head"))
    out.line(f"  Thời kỳ: {c.period_text or '(không thấy)'}")
    out.line(f"  Hạn nộp: {c.deadline_text or '(không thấy)'} (ngày cuối: {c.deadline_last_day})")
    out.line(f"  Nơi nhận báo cáo: {c.receiver or '(không thấy)'}  E-mail: {c.email or '-'}")
    if c.nomination_collective is not None:
        out.line(
            f"  Mỗi đơn vị giới thiệu: {c.nomination_collective:02d} tập thể, "
            f"{c.nomination_individual:02d} cá nhân"
        )
    for p in c.programmes:
        quota = ", ".join(
            f"{label} {v}"
            for label, v in (
                ("tập thể", p.collective),
                ("cá nhân", p.individual),
                ("mô hình", p.model),
                ("điển hình", p.exemplar),
            )
            if v is not None
        )
        if p.exemplar_min is not None:
            quota = f"{p.exemplar_min}–{p.exemplar_max} điển hình"
        out.line(f"  - {p.name}: {quota or p.note}")
    return 0


def cmd_check(args) -> int:
    from tonghop.align import align
    from tonghop.outline import build_outline

    try:
        report = _read(args.report)
        guide = _read(args.outline)
    except ReadError as exc:
        return _fail(str(exc))
    outline = build_outline(guide)
    alignment = align(report, outline)
    findings = report.findings + alignment.findings
    if args.json:
        d = alignment.to_dict()
        d["findings"] = [asdict(f) for f in findings]
        d["outline_title"] = outline.title
        print(json.dumps(d, ensure_ascii=False, indent=2))
        return 0
    out = _Out(sys.stdout)
    out.line(out.paint(f"Đối chiếu {args.report} với đề cương của {args.outline}", "head"))
    for item in alignment.items:
        if item.matched:
            m = item.matched
            out.line(
                f"  {item.id:<7} {item.title[:50]:<50} -> {'.'.join(m.path)} "
                f"{m.title[:40]} ({m.score:.2f})"
            )
        else:
            out.line(f"  {item.id:<7} {item.title[:50]:<50} -> {out.paint('THIẾU', 'error')}")
    _render_findings(out, findings)
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="tonghop", description="Đọc, kiểm tra và đối chiếu văn bản, báo cáo của Đảng."
    )
    sub = p.add_subparsers(dest="command", required=True)
    r = sub.add_parser("read", help="đọc văn bản: mục lục, chú thích, số liệu, phát hiện")
    r.add_argument("files", nargs="+", metavar="FILE")
    r.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    r.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="tiến độ nhận dạng chữ của bản quét trên stderr (mặc định: khi là cửa sổ lệnh)",
    )
    r.set_defaults(func=cmd_read)
    c = sub.add_parser("check", help="đối chiếu báo cáo với đề cương của hướng dẫn")
    c.add_argument("report", metavar="REPORT")
    c.add_argument("--outline", required=True, metavar="GUIDELINE")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_check)
    o = sub.add_parser("outline", help="đề cương và thông tin đợt báo cáo từ hướng dẫn")
    o.add_argument("file", metavar="GUIDELINE")
    o.add_argument("--json", action="store_true")
    o.set_defaults(func=cmd_outline)
    from tonghop.consolidate.offline import register as register_consolidate
    from tonghop.synth.generator import register

    register(sub)
    register_consolidate(sub)
    sv = sub.add_parser("serve", help="chạy ứng dụng web với dữ liệu mẫu (SQLite)")
    sv.add_argument("--port", type=int, default=8000)
    sv.add_argument("--host", default="127.0.0.1", help="địa chỉ lắng nghe (mặc định 127.0.0.1)")
    sv.add_argument("--threads", type=int, default=4, help="số luồng phục vụ (mặc định 4)")
    sv.add_argument("--no-demo", action="store_true", help="không nạp dữ liệu mẫu")
    sv.add_argument(
        "--no-worker", action="store_true", help="không chạy tiến trình xử lý nền kèm theo"
    )
    sv.set_defaults(func=cmd_serve)
    w = sub.add_parser("worker", help="tiến trình xử lý việc nền (đọc tệp dài, soạn dự thảo)")
    w.add_argument("--batch", action="store_true", help="làm hết việc đang chờ rồi dừng")
    w.set_defaults(func=cmd_worker)
    from tonghop.web.backup import register as register_backup

    register_backup(sub)
    m = sub.add_parser("manage", help="lệnh quản trị Django (migrate, send_reminders, ...)")
    m.add_argument("args", nargs=argparse.REMAINDER)
    m.set_defaults(func=cmd_manage)
    return p


def cmd_serve(args) -> int:
    from tonghop.web.serve import main as serve

    argv = ["--port", str(args.port), "--host", args.host, "--threads", str(args.threads)]
    argv += ["--no-demo"] if args.no_demo else []
    argv += ["--no-worker"] if args.no_worker else []
    return serve(argv)


def cmd_worker(args) -> int:
    from tonghop.web.serve import run_worker

    return run_worker(batch=args.batch)


def cmd_manage(args) -> int:
    from tonghop.web.manage import main as manage

    return manage(args.args)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
