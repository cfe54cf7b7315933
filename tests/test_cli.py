"""The `tonghop` command as a user runs it: a real process, real files."""

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pymupdf
import pytest

from tests.conftest import GUIDE_003, REPORT_001

TONGHOP = [sys.executable, "-m", "tonghop.cli"]


def run(*args, cwd=None):
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        [*TONGHOP, *map(str, args)], capture_output=True, text=True, env=env, cwd=cwd
    )


def test_read_json_has_the_promised_keys(shared):
    r = run("read", REPORT_001, "--json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    for key in (
        "kind", "title", "sections", "footnotes", "figures", "references",
        "findings", "signer", "recipients",
    ):  # fmt: skip
        assert key in d, key
    s = d["sections"][2]["children"][1]["children"][1]
    assert (s["number"], s["path"], s["title"]) == ("2", ["III", "2", "2"], "Nguyên nhân")
    assert s["paragraphs"][0].startswith("Một số cấp ủy")
    assert d["footnotes"][6]["marker_path"] == ["II", "2"]
    fig = next(f for f in d["figures"] if f["value"] == 148140)
    assert set(fig) >= {"value", "unit", "qualifier", "text", "path", "footnote"}
    assert {f["code"] for f in d["findings"]} >= {"duplicate-number", "numbering-style"}
    assert d["signer"]["name"] == "Hà Thị Sâm"


def test_read_many_files_one_json_per_line(shared, tmp_path):
    r = run("read", REPORT_001, GUIDE_003, tmp_path / "absent.docx", "--json")
    assert r.returncode != 0  # one of them failed ...
    lines = [json.loads(line) for line in r.stdout.splitlines()]
    assert [Path(x["file"]).name for x in lines] == [
        REPORT_001.name, GUIDE_003.name, "absent.docx",
    ]  # fmt: skip
    assert lines[0]["kind"] == "BÁO CÁO" and lines[1]["kind"] == "HƯỚNG DẪN"
    assert "Không tìm thấy tệp" in lines[2]["error"]  # ... and said so, in its place


def test_read_many_files_on_every_core_keeps_their_order(shared, tmp_path):
    # Enough files for the worker pool; each read alone must print what the batch prints.
    files = [REPORT_001, GUIDE_003, tmp_path / "absent.docx"] * 4
    r = run("read", *files, "--json")
    lines = [json.loads(line) for line in r.stdout.splitlines()]
    assert [x["file"] for x in lines] == [str(f) for f in files]
    alone = [
        json.loads(run("read", f, GUIDE_003, "--json").stdout.splitlines()[0]) for f in files[:3]
    ]
    assert lines[:3] == alone and lines[3:6] == alone
    assert r.returncode == 2
    text = run("read", *files)
    assert text.stdout.count("== ") == 8  # the summaries, in order; errors on stderr
    heads = [line for line in text.stdout.splitlines() if line.startswith("== ")]
    assert heads == [f"== {f}" for f in files if f.exists()]
    assert text.stderr.count("Không tìm thấy tệp") == 4


def test_read_human_summary(shared):
    r = run("read", REPORT_001)
    assert r.returncode == 0
    assert "Mục lục" in r.stdout and "KIẾN NGHỊ ĐỀ XUẤT" in r.stdout
    assert "Chú thích (12)" in r.stdout
    assert "4.320 đảng viên" in r.stdout
    assert "duplicate-number" in r.stdout
    assert "\033[" not in r.stdout  # no colour when not on a terminal


def test_check_json(shared):
    r = run("check", REPORT_001, "--outline", GUIDE_003, "--json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["missing"] == ["III.3"]
    item = next(i for i in d["items"] if i["id"] == "IV.2")
    assert item["matched"]["path"] == ["IV#2"] and item["matched"]["title"] == "KIẾN NGHỊ ĐỀ XUẤT"
    assert next(i for i in d["items"] if i["id"] == "III.3")["matched"] is None
    assert "outline-item-missing" in {f["code"] for f in d["findings"]}


def test_outline_json_and_text(shared):
    r = run("outline", GUIDE_003, "--json")
    d = json.loads(r.stdout)
    assert [i["id"] for i in d["items"]][:3] == ["I", "II", "II.1"]
    assert d["campaign"]["email"] == "phongllctlsd414@gmail.com"
    r = run("outline", GUIDE_003)
    assert "Hạn nộp: trước ngày 10/4/2024" in r.stdout
    assert "01 tập thể, 01 cá nhân" in r.stdout


def _bad_files(tmp: Path) -> dict[str, Path]:
    files = {}
    files["missing"] = tmp / "khong_co.docx"
    (tmp / "rong.txt").write_bytes(b"")
    files["empty"] = tmp / "rong.txt"
    (tmp / "hong.docx").write_bytes(b"PK\x03\x04" + os.urandom(300))
    files["corrupt docx"] = tmp / "hong.docx"
    with zipfile.ZipFile(tmp / "bang_tinh.docx", "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    files["xlsx renamed"] = tmp / "bang_tinh.docx"
    (tmp / "anh.pdf").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(200))
    files["wrong type"] = tmp / "anh.pdf"
    (tmp / "cu.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    files["legacy doc"] = tmp / "cu.doc"
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "Bao cao mat")
    doc.save(
        tmp / "mat_khau.pdf", encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="a", owner_pw="b"
    )
    files["encrypted pdf"] = tmp / "mat_khau.pdf"
    doc = pymupdf.open()
    page = doc.new_page()
    page.draw_rect(pymupdf.Rect(50, 50, 300, 300), fill=(0.5, 0.5, 0.5))
    doc.save(tmp / "ban_quet.pdf")
    files["pdf without text"] = tmp / "ban_quet.pdf"
    (tmp / "cat.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(100))
    files["truncated pdf"] = tmp / "cat.pdf"
    (tmp / "thu_muc").mkdir()
    files["directory"] = tmp / "thu_muc"
    return files


@pytest.mark.parametrize(
    "case",
    [
        "missing", "empty", "corrupt docx", "xlsx renamed", "wrong type", "legacy doc",
        "encrypted pdf", "pdf without text", "truncated pdf", "directory",
    ],
)  # fmt: skip
def test_bad_files_get_one_clear_line(tmp_path, case):
    path = _bad_files(tmp_path)[case]
    for command in (["read", path], ["outline", path], ["check", path, "--outline", path]):
        r = run(*command)
        assert r.returncode != 0, (case, command)
        assert "Traceback" not in r.stderr
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1, lines
        assert lines[0].startswith("Lỗi: ")
        assert r.stdout == ""


def test_bad_file_messages_say_what_is_wrong(tmp_path):
    files = _bad_files(tmp_path)
    expect = {
        "missing": "Không tìm thấy",
        "empty": "rỗng",
        "legacy doc": ".doc",
        "encrypted pdf": "mật khẩu",
        "pdf without text": "quét",
    }
    for case, words in expect.items():
        r = run("read", files[case])
        assert words in r.stderr, (case, r.stderr)
