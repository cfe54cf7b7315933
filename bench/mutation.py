"""Mutation testing of the engine's core modules with mutmut: the share of mutants the
tests kill, per module.

    .venv/bin/python bench/mutation.py                 # every module below
    .venv/bin/python bench/mutation.py repair figures  # some of them
    .venv/bin/python bench/mutation.py --children 2    # parallel mutants (default 2)

Each module runs in a throw-away copy of the project (mutmut rewrites the files it
mutates: never in the working tree other people's tests read) with only the tests that
exercise it, so the whole run stays under 30 minutes on 2 cores.  Prints, per module,
killed / total and the share; with --survivors, the surviving mutants' names (`mutmut
show NAME` in the kept copy shows one).  Needs the `mutation` extra (mutmut).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TONGHOP_SHARED", ROOT.parent / "shared"))

# module -> the tests that exercise it (fast ones: mutmut runs them once per mutant,
# only those that reach the mutated function).
TESTS = {
    "repair": ["tests/test_repair.py", "tests/test_helpers.py"],
    "numbering": ["tests/test_numbering_patterns.py", "tests/test_structure_rules.py",
                  "tests/test_structure.py"],
    "structure": ["tests/test_structure_rules.py", "tests/test_structure.py",
                  "tests/test_structure_build.py", "tests/test_seeds.py"],
    # not the labelled real documents: reading their PDFs for every mutant outlasts the
    # time limit on a loaded machine (the mutant then counts as caught, wrongly)
    "figures": ["tests/test_figures.py", "-k", "not labelled and not precision and not headings",
                "tests/test_helpers.py", "tests/test_figures_exact.py"],
    "checks": ["tests/test_checks.py", "tests/test_checks_more.py", "tests/test_structure.py",
               "tests/test_seeds.py",
               "tests/test_helpers.py"],
    "align": ["tests/test_align.py", "tests/test_structure.py", "tests/test_seeds.py"],
}  # fmt: skip
# Exit codes as mutmut reads them (mutmut.stats.status_by_exit_code): failed tests, and
# a mutant that made them run past their time (a loop that never ends is caught too).
KILLED = {1, 3, 37, 36, -24, 24, 152, 255}
NOT_COUNTED = {34, None}  # skipped, not checked


def run_module(module: str, children: int, keep: bool) -> dict:
    work = Path(tempfile.mkdtemp(prefix=f"mutation-{module}-"))
    try:
        shutil.copytree(ROOT / "tonghop", work / "tonghop",
                        ignore=shutil.ignore_patterns("__pycache__", "web"))  # fmt: skip
        shutil.copytree(ROOT / "tests", work / "tests",
                        ignore=shutil.ignore_patterns("__pycache__", "web"))  # fmt: skip
        shutil.copytree(ROOT / "bench", work / "bench",  # some tests score with bench/ code
                        ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
        # The property tests run for every mutant: the same few examples each time and no
        # deadline, so a loaded machine neither kills a mutant (a missed deadline) nor lets
        # one live by chance, and a module's run stays within its share of the 30 minutes.
        with (work / "tests" / "conftest.py").open("a") as conftest:
            conftest.write(
                "\n\nfrom hypothesis import settings as _settings\n\n"
                '_settings.register_profile("mutation", max_examples=25, deadline=None, '
                "derandomize=True)\n"
                '_settings.load_profile("mutation")\n'
            )
        # Test ids as written ("test_cases[có 80 đơn vị]"): mutmut names the tests of each
        # mutant by id, and an escaped one ("\\u0111") is not found again, so the run
        # fails and the mutant counted as caught without any test having failed.
        (work / "pyproject.toml").write_text(
            '[tool.pytest.ini_options]\naddopts = "-q -p no:cacheprovider"\n'
            "disable_test_id_escaping_and_forfeit_all_rights_to_community_support = true\n"
        )
        tests = TESTS[module]
        (work / "setup.cfg").write_text(
            "[mutmut]\n"
            "source_paths = tonghop\n"
            "also_copy = bench\n"
            # the default (15 × twice the tests' time) lets a looping mutant of the
            # figures burn minutes of CPU each
            "timeout_multiplier = 3\n"
            f"only_mutate = tonghop/{module}.py\n"
            "pytest_add_cli_args_test_selection =\n" + "".join(f"    {t}\n" for t in tests)
        )
        env = dict(os.environ, TONGHOP_SHARED=str(SHARED))
        env.pop("DJANGO_SETTINGS_MODULE", None)
        started = time.monotonic()
        mutmut = Path(sys.executable).parent / "mutmut"
        done = subprocess.run(
            [str(mutmut), "run", "--max-children", str(children)],
            cwd=work, env=env, capture_output=True, text=True,
        )  # fmt: skip
        seconds = time.monotonic() - started
        meta = work / "mutants" / "tonghop" / f"{module}.py.meta"
        if not meta.exists():
            tail = (done.stdout + done.stderr)[-2000:]
            raise SystemExit(f"mutmut gave no results for {module}:\n{tail}")
        codes = json.loads(meta.read_text())["exit_code_by_key"]
        counted = {k: c for k, c in codes.items() if c not in NOT_COUNTED}
        killed = sum(c in KILLED for c in counted.values())
        survivors = sorted(k for k, c in counted.items() if c not in KILLED)
        return {
            "module": module,
            "killed": killed,
            "total": len(counted),
            "share": killed / len(counted) if counted else 0.0,
            "seconds": seconds,
            "survivors": survivors,
            "copy": str(work) if keep else "",
        }
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    # Checked below, not with `choices`: argparse (3.11) checks an empty `*` list against
    # them as one value and refused a run without arguments (`./dev mutation`).
    ap.add_argument("modules", nargs="*", help=", ".join(TESTS))
    ap.add_argument("--children", type=int, default=2)
    ap.add_argument("--survivors", action="store_true", help="list the surviving mutants")
    ap.add_argument("--keep", action="store_true", help="keep each module's copy")
    args = ap.parse_args()
    unknown = [m for m in args.modules if m not in TESTS]
    if unknown:
        ap.error(f"không có mô-đun {', '.join(unknown)}; chọn trong: {', '.join(TESTS)}")
    print(f"{'module':<10} {'killed':>7} {'total':>6} {'share':>7} {'minutes':>8}")
    for module in args.modules or list(TESTS):
        r = run_module(module, args.children, args.keep)
        share = f"{r['share'] * 100:.1f}".replace(".", ",") + "%"
        minutes = f"{r['seconds'] / 60:.1f}".replace(".", ",")
        print(f"{module:<10} {r['killed']:>7} {r['total']:>6} {share:>7} {minutes:>8}", flush=True)
        if args.survivors:
            for name in r["survivors"]:
                print(f"    sống sót: {name}")
        if r["copy"]:
            print(f"    bản sao: {r['copy']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
