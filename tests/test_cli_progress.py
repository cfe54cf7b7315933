"""`tonghop read scan.pdf` counts the recognised pages on stderr: redrawn in place when
stderr is a terminal (a real pseudo-terminal here), a line per step when asked with
--progress; the reading on stdout is the same either way."""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
import sys

import pytest

from tests.conftest import REAL, require

SCAN = "scan_bc23_ubnd_quangngai.pdf"  # two scanned pages


@pytest.fixture(scope="module", autouse=True)
def tesseract(shared):
    require(shutil.which("tesseract") is not None, "Tesseract (tesseract-ocr) is not installed")


def test_a_terminal_sees_the_pages_counted_in_place_and_stdout_is_unchanged():
    leader, follower = pty.openpty()
    env = {**os.environ, "NO_COLOR": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tonghop.cli", "read", str(REAL / SCAN), "--json"],
        stdout=subprocess.PIPE, stderr=follower, env=env,
    )  # fmt: skip
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal's other end closed: the program ended
            break
        if not chunk:
            break
        chunks.append(chunk)
    out = proc.stdout.read()
    proc.wait(timeout=600)
    os.close(leader)
    err = b"".join(chunks).decode()
    assert proc.returncode == 0, err
    assert f"\r{SCAN}: nhận dạng chữ [░░░░░░░░░░░░░░░░░░░░] 0/2 trang (0%)" in err
    assert f"\r{SCAN}: nhận dạng chữ [{'█' * 20}] 2/2 trang (100%)" in err
    assert err.rstrip("\r\n").endswith("2/2 trang (100%)")
    assert b'"ocr_pages"' in out and b"nh\\u1eadn d\\u1ea1ng" not in out  # JSON only


def test_asked_without_a_terminal_a_line_per_step():
    env = {**os.environ, "NO_COLOR": "1"}
    asked = subprocess.run(
        [sys.executable, "-m", "tonghop.cli", "read", str(REAL / SCAN), "--progress"],
        capture_output=True, text=True, env=env, timeout=600,
    )  # fmt: skip
    assert asked.returncode == 0, asked.stderr
    lines = asked.stderr.splitlines()
    assert lines == [
        f"{SCAN}: nhận dạng chữ [░░░░░░░░░░░░░░░░░░░░] 0/2 trang (0%)",
        f"{SCAN}: nhận dạng chữ [{'█' * 10}{'░' * 10}] 1/2 trang (50%)",
        f"{SCAN}: nhận dạng chữ [{'█' * 20}] 2/2 trang (100%)",
    ]
    assert "\r" not in asked.stderr
    assert "Mục lục" in asked.stdout and "nhận dạng chữ" not in asked.stdout
