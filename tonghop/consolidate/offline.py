"""`tonghop consolidate`: a folder of reports and their guideline in, the draft out.

No web application, no database: each report is read (a process pool over all cores,
results in the order of the files), aligned to the guideline's outline, and reduced to
what consolidation needs (its unit, its figures with their outline items, its answers);
the indicators are proposed from the figures themselves, matched, added up, and the
draft written.  A report's unit is its issuing body as its header states it, else its
file name.  Unreadable files are skipped and listed, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from tonghop.consolidate.draft import build, proper_name, spec_from_guideline
from tonghop.consolidate.indicators import match, propose
from tonghop.consolidate.model import Answer, Draft, Indicator, TreeNode, UnitFigure
from tonghop.consolidate.quotes import answers_from
from tonghop.consolidate.rollup import roll_up
from tonghop.model import Document, Outline, ReadError
from tonghop.text import fold

__all__ = ["Reading", "Result", "consolidate", "expand", "read_reports", "register"]

SUFFIXES = (".docx", ".pdf", ".txt", ".md", ".doc", ".odt", ".rtf")
# A candidate indicator is adopted when this share of the reports gives it (at least 2).
ADOPT_SHARE = 0.3


@dataclass
class Reading:
    """What consolidation keeps of one report (small: it crosses process boundaries)."""

    path: str
    error: str = ""
    unit_id: str = ""
    unit_name: str = ""
    date: str = ""  # the report's own date (ISO), to tell two versions of a unit apart
    figures: list[UnitFigure] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)


@dataclass
class Result:
    draft: Draft
    readings: list[Reading]  # the readings used, one per unit
    skipped: list[Reading]  # unreadable files, with their errors
    replaced: list[tuple[Reading, Reading]]  # (older, newer) of a unit that sent two
    indicators: list[Indicator]


# ------------------------------------------------------------------ files


def expand(inputs: list[str], exclude: list[str] = ()) -> tuple[list[Path], list[str]]:
    """The report files named or found in the folders named (not recursing), in order;
    and the inputs that do not exist."""
    skip = {Path(p).resolve() for p in exclude}
    files: list[Path] = []
    missing: list[str] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            found = sorted(c for c in p.iterdir() if c.is_file() and c.suffix.lower() in SUFFIXES)
            files += found
        elif p.is_file():
            files.append(p)
        else:
            missing.append(item)
    out, seen = [], set()
    for f in files:
        r = f.resolve()
        if r not in seen and r not in skip:
            seen.add(r)
            out.append(f)
    return out, missing


# ------------------------------------------------------------------ reading (in workers)

_OUTLINE: Outline | None = None


def _init(outline: Outline) -> None:
    global _OUTLINE
    _OUTLINE = outline


def unit_of(issuer: str, path: str) -> tuple[str, str]:
    """(unit id, unit name): the issuing body from the header, else the file name."""
    name = " ".join(issuer.split())
    if name:
        return fold(name), proper_name(name)
    stem = Path(path).stem
    return f"tệp:{fold(stem)}", stem


def read_one(path: str, outline: Outline | None = None) -> Reading:
    """Read and align one report; any failure becomes a Vietnamese error, never a raise."""
    from tonghop.align import align
    from tonghop.consolidate.readings import unit_figures
    from tonghop.pipeline import read_document

    outline = outline or _OUTLINE
    name = Path(path).name
    try:
        doc = read_document(path)
        alignment = align(doc, outline)
    except ReadError as exc:
        return Reading(path, error=str(exc))
    except Exception as exc:  # a bug must not stop the other reports, nor show a traceback
        return Reading(path, error=f"Không đọc được tệp ({type(exc).__name__}: {exc}).")
    if doc.kind and doc.kind != "BÁO CÁO":
        return Reading(path, error=f"Không phải báo cáo (văn bản loại {doc.kind}): bỏ qua.")
    unit_id, unit_name = unit_of(doc.header.issuer, path)
    return Reading(
        path,
        unit_id=unit_id,
        unit_name=unit_name,
        date=doc.header.date,
        figures=unit_figures(doc, alignment, unit_id, unit_name, 1),
        answers=answers_from(doc, alignment, unit_id, unit_name, 1, name),
    )


def _read_task(path: str) -> Reading:
    return read_one(path)


class _Progress:
    """A progress bar on stderr (redrawn in place on a terminal, a few lines otherwise)."""

    def __init__(self, total: int, stream=None) -> None:
        self.total, self.done = total, 0
        self.stream = stream or sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.shown = -1
        self.start = time.monotonic()

    def step(self) -> None:
        self.done += 1
        pct = self.done * 100 // max(self.total, 1)
        if self.tty:
            if pct == self.shown and self.done != self.total:
                return
        elif pct // 10 == self.shown // 10 and self.done != self.total:
            return
        self.shown = pct
        bar = "█" * (pct // 5) + "░" * (20 - pct // 5)
        text = f"Đọc báo cáo [{bar}] {self.done}/{self.total} ({pct}%)"
        end = "" if self.tty and self.done < self.total else "\n"
        print(("\r" if self.tty else "") + text, end=end, file=self.stream, flush=True)


def read_reports(
    paths: list[Path], outline: Outline, workers: int | None = None, progress=None
) -> list[Reading]:
    """Every report read, in the order given; a pool over `workers` processes (all cores)."""
    workers = workers or os.cpu_count() or 1
    strs = [str(p) for p in paths]
    out: list[Reading] = []
    if workers <= 1 or len(strs) <= 2:
        for p in strs:
            out.append(read_one(p, outline))
            if progress:
                progress.step()
        return out
    with ProcessPoolExecutor(workers, initializer=_init, initargs=(outline,)) as pool:
        chunk = max(1, min(8, len(strs) // (workers * 8)))
        for reading in pool.map(_read_task, strs, chunksize=chunk):
            out.append(reading)
            if progress:
                progress.step()
    return out


# ------------------------------------------------------------------ consolidating


def _latest(readings: list[Reading]) -> tuple[list[Reading], list[tuple[Reading, Reading]]]:
    """One reading per unit: the report of the latest date (then the last file)."""
    by_unit: dict[str, Reading] = {}
    replaced = []
    for r in readings:
        old = by_unit.get(r.unit_id)
        if old is None:
            by_unit[r.unit_id] = r
        elif (r.date or "") >= (old.date or ""):
            by_unit[r.unit_id] = r
            replaced.append((old, r))
        else:
            replaced.append((r, old))
    return list(by_unit.values()), replaced


def _indicators(figures: list[UnitFigure], units: int) -> list[Indicator]:
    """The candidates proposed from the reports' figures that enough units gave."""
    need = max(2, round(ADOPT_SHARE * units)) if units > 1 else 1
    candidates = propose(figures)
    adopted = [c.indicator for c in candidates if c.units >= need]
    # A ratio brings its numerator and denominator: its total is their sums' quotient.
    every = {c.indicator.key: c.indicator for c in candidates}
    keys = {i.key for i in adopted}
    for ind in list(adopted):
        for key in (ind.numerator, ind.denominator):
            if key and key not in keys and key in every:
                adopted.append(every[key])
                keys.add(key)
    return adopted


def consolidate(
    paths: list[Path],
    guideline: Document,
    outline: Outline,
    *,
    expected_units: list[str] = (),
    workers: int | None = None,
    progress=None,
    date: str = "",
) -> Result:
    """Read the reports and draft the consolidated report."""
    readings = read_reports(paths, outline, workers, progress)
    skipped = [r for r in readings if r.error]
    used, replaced = _latest([r for r in readings if not r.error])
    nodes = [TreeNode(r.unit_id, r.unit_name) for r in used]
    known = {n.id for n in nodes}
    for name in expected_units:
        name = " ".join(name.split())
        if name and fold(name) not in known:
            nodes.append(TreeNode(fold(name), proper_name(name)))
            known.add(fold(name))
    figures = [f for r in used for f in r.figures]
    answers = [a for r in used for a in r.answers]
    indicators = _indicators(figures, len(used))
    values = match(indicators, figures)
    totals = roll_up(nodes, indicators, values)
    spec = spec_from_guideline(guideline, date=date)
    draft = build(spec, outline.items, nodes, indicators, values, totals, answers)
    return Result(draft, used, skipped, replaced, indicators)


# ------------------------------------------------------------------ the command


def register(subparsers) -> argparse.ArgumentParser:
    c = subparsers.add_parser(
        "consolidate",
        help="tổng hợp các báo cáo thành dự thảo báo cáo tổng hợp (.docx)",
        description="Đọc các báo cáo (tệp hoặc thư mục .docx/.pdf/.txt/.md), đối chiếu với đề "
        "cương của hướng dẫn, cộng số liệu và soạn dự thảo báo cáo tổng hợp theo thể thức "
        "văn bản của Đảng.",
    )
    c.add_argument("inputs", nargs="+", metavar="FILES_OR_FOLDER")
    c.add_argument("--outline", required=True, metavar="GUIDELINE", help="hướng dẫn có đề cương")
    c.add_argument("-o", "--output", required=True, metavar="DRAFT.docx")
    c.add_argument("--xlsx", metavar="ANNEX.xlsx", help="ghi thêm phụ lục số liệu dạng .xlsx")
    c.add_argument(
        "--comments", action="store_true", help="ghi nguồn của từng số liệu, trích dẫn thành "
        "chú thích (comment) của Word"
    )  # fmt: skip
    c.add_argument(
        "--units", metavar="UNITS.txt", help="danh sách đơn vị phải báo cáo, mỗi dòng một đơn "
        "vị (để nêu đơn vị chưa báo cáo)"
    )  # fmt: skip
    c.add_argument("--jobs", type=int, default=0, metavar="N", help="số tiến trình (mặc định: "
                   "số lõi CPU)")  # fmt: skip
    c.set_defaults(func=cmd_consolidate)
    return c


def _err(message: str) -> int:
    print(f"Lỗi: {message}", file=sys.stderr)
    return 2


def cmd_consolidate(args) -> int:
    from tonghop.outline import build_outline
    from tonghop.pipeline import read_document
    from tonghop.writers.consolidated import write_docx, write_xlsx

    for target in [args.output, args.xlsx]:
        if target and not Path(target).resolve().parent.is_dir():
            return _err(f"Không có thư mục để ghi tệp {target}.")
    try:
        guide = read_document(args.outline)
    except ReadError as exc:
        return _err(f"Không đọc được hướng dẫn {args.outline}: {exc}")
    except Exception as exc:
        return _err(f"Không đọc được hướng dẫn {args.outline} ({type(exc).__name__}: {exc}).")
    outline = build_outline(guide)
    if not outline.items:
        return _err(f"Không tìm thấy đề cương (các mục I, II, ...) trong {args.outline}.")
    expected: list[str] = []
    if args.units:
        try:
            expected = Path(args.units).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            return _err(f"Không đọc được danh sách đơn vị {args.units} ({exc}).")
    paths, missing = expand(args.inputs, exclude=[args.outline])
    for m in missing:
        print(f"Cảnh báo: không có tệp hoặc thư mục {m}.", file=sys.stderr)
    if not paths:
        return _err("Không có báo cáo nào để tổng hợp (.docx, .pdf, .txt, .md).")
    progress = _Progress(len(paths))
    result = consolidate(
        paths, guide, outline, expected_units=expected, workers=args.jobs or None,
        progress=progress,
    )  # fmt: skip
    if result.skipped:
        print(f"Bỏ qua {len(result.skipped)} tệp không đọc được:", file=sys.stderr)
        for r in result.skipped:
            print(f"  - {r.path}: {r.error}", file=sys.stderr)
    for old, new in result.replaced:
        print(
            f"Đơn vị {new.unit_name} có nhiều báo cáo: dùng {Path(new.path).name}, "
            f"bỏ {Path(old.path).name}.",
            file=sys.stderr,
        )
    if not result.readings:
        return _err("Không có báo cáo nào đọc được: không soạn được dự thảo.")
    try:
        Path(args.output).write_bytes(write_docx(result.draft, comments=args.comments))
        if args.xlsx:
            Path(args.xlsx).write_bytes(write_xlsx(result.draft))
    except OSError as exc:
        return _err(f"Không ghi được tệp ({exc}).")
    quotes = sum(1 for p in result.draft.paragraphs for s in p.spans if s.quote)
    print(
        f"Đã soạn dự thảo {args.output}: {len(result.readings)} đơn vị, "
        f"{len(result.indicators)} chỉ tiêu, {quotes} trích dẫn"
        + (f"; phụ lục {args.xlsx}" if args.xlsx else "")
        + "."
    )
    return 0
