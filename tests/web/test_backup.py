"""`tonghop backup` and `tonghop restore`, on the database of the test pass (SQLite, then
PostgreSQL in `./dev test`'s second pass): a campaign with something in every table goes
out into one archive and comes back into an empty database and storage, every row of
every table and every file byte for byte; a target holding data is refused unless
--force; a broken archive is refused with a clear message and changes nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from urllib.parse import urlsplit

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection

from tests.conftest import ROOT
from tests.web.backup_world import build, stored_files, table_rows
from tonghop import cli
from tonghop.web.units.models import Unit

pytestmark = pytest.mark.django_db(transaction=True)


def wipe() -> None:
    """An empty, migrated database and an empty storage, as on a new machine."""
    call_command("flush", interactive=False, verbosity=0)
    for name in stored_files():
        default_storage.delete(name)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_same(before: dict, after: dict) -> None:
    assert sorted(after) == sorted(before)
    for table, rows in before.items():  # table by table: a failure names the table
        assert after[table] == rows, table


@pytest.fixture
def world(client):
    return build(client)


def test_round_trip_every_row_and_every_file(world, tmp_path, capsys):
    rows, files = table_rows(connection), stored_files()
    # The world reaches every part of the application (else the test proves little).
    for table in (
        "auth_user_groups", "auth_group_permissions", "auth_user_user_permissions",
        "django_session", "axes_accessattempt", "django_tasks_database_dbtaskresult",
        "submissions_version", "submissions_reportedfigure", "submissions_review",
        "exemplars_nominee", "exemplars_nomineefile", "exemplars_selection",
        "consolidation_indicatorvalue", "consolidation_draftrun", "audit_event",
    ):  # fmt: skip
        assert rows[table], table
    kinds = {name.split("/")[0] for name in files}
    assert {"reports", "guidelines", "exemplars"} <= kinds and len(files) >= 9, sorted(files)

    archive = tmp_path / "sao-luu.zip"
    code, out, err = run(capsys, "backup", "-o", str(archive))
    assert code == 0, err
    assert "Đã sao lưu" in out and str(archive) in out

    wipe()
    assert not Unit.objects.exists() and stored_files() == {}
    code, out, err = run(capsys, "restore", str(archive))
    assert code == 0, err
    assert "Đã khôi phục" in out

    assert_same(rows, table_rows(connection))
    after = stored_files()
    assert sorted(after) == sorted(files)
    for name, data in files.items():
        assert after[name] == data, name


def test_restored_application_works(world, tmp_path, capsys, client):
    """Not only the same rows: search finds the reports again (its index is rebuilt),
    files download, a login works, new rows get new keys."""
    from tonghop.web.dashboard import search as dashboard
    from tonghop.web.submissions.models import Version

    campaign = world["campaign"]
    archive = tmp_path / "a.zip"
    assert run(capsys, "backup", "-o", str(archive))[0] == 0
    hits = len(dashboard.search(campaign, "tự soi", Unit.objects.all()))
    assert hits
    wipe()
    assert run(capsys, "restore", str(archive))[0] == 0

    assert len(dashboard.search(campaign, "tự soi", Unit.objects.all())) == hits
    version = Version.objects.order_by("pk").last()
    with version.file.open("rb") as fh:
        assert fh.read(2) in (b"PK", b"%P")
    assert client.login(username="chuyenvien", password="Mat-khau-th3-nghiem")
    newest = Unit.objects.order_by("pk").last().pk
    assert Unit.objects.create(code="MOI", name="Đơn vị mới").pk > newest


def test_a_target_holding_data_is_refused_unless_forced(world, tmp_path, capsys):
    archive = tmp_path / "a.zip"
    assert run(capsys, "backup", "-o", str(archive))[0] == 0
    rows, files = table_rows(connection), stored_files()

    # Things change after the backup: a new unit, a new file, a unit renamed.
    Unit.objects.create(code="SAU", name="Đơn vị lập sau khi sao lưu")
    Unit.objects.filter(code="Q2").update(name="Tên đổi sau khi sao lưu")
    default_storage.save("reports/sau-sao-luu.docx", ContentFile(b"PK moi"))
    changed, changed_files = table_rows(connection), stored_files()

    code, out, err = run(capsys, "restore", str(archive))
    assert code == 2
    assert "đã có dữ liệu" in err and "--force" in err and "Chưa thay đổi gì" in err
    assert "5 đơn vị, 5 người dùng, 1 đợt báo cáo, 4 lần tải báo cáo lên" in err
    assert f"{len(changed_files)} tệp trong kho tệp" in err
    assert_same(changed, table_rows(connection))  # nothing touched
    assert stored_files() == changed_files

    code, out, err = run(capsys, "restore", "--force", str(archive))
    assert code == 0, err
    assert_same(rows, table_rows(connection))  # exactly the backup again
    assert stored_files() == files  # the later file is gone too


def _break_member(src, dest, member: str) -> None:
    """Copy the archive with one byte of `member` changed (a disk or copy error)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == member:
                data = data[:10] + bytes([data[10] ^ 1]) + data[11:]
            zout.writestr(info, data)


def test_a_broken_archive_is_refused_and_nothing_changes(world, tmp_path, capsys, client):
    archive = tmp_path / "a.zip"
    assert run(capsys, "backup", "-o", str(archive))[0] == 0
    data = archive.read_bytes()
    with zipfile.ZipFile(archive) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    photo = next(f["name"] for f in manifest["files"] if f["name"].startswith("exemplars/"))

    cut = tmp_path / "cut.zip"
    cut.write_bytes(data[: len(data) // 2])
    flipped = tmp_path / "flipped.zip"  # the zip itself in order, a file's bytes changed
    _break_member(archive, flipped, "files/" + photo)
    rows_changed = tmp_path / "rows.zip"
    _break_member(archive, rows_changed, "database.jsonl")
    not_ours = tmp_path / "bao-cao.docx"  # a zip, but not a backup
    from tests.web.factories_submissions import docx_bytes

    not_ours.write_bytes(docx_bytes())
    empty = tmp_path / "rong.zip"
    empty.write_bytes(b"")
    cases = {
        cut: "không phải bản sao lưu của tonghop, hoặc đã bị hỏng, bị cắt cụt",
        flipped: f"tệp {photo} đã bị thay đổi",
        rows_changed: "phần dữ liệu đã bị thay đổi",
        not_ours: "không phải bản sao lưu của tonghop, hoặc đã bị hỏng, bị cắt cụt (không có",
        empty: "hoặc đã bị hỏng, bị cắt cụt (không đọc được dạng .zip",
        tmp_path / "khong-co.zip": "Không thấy tệp sao lưu",
    }

    wipe()
    empty_rows = table_rows(connection)
    for path, message in cases.items():
        code, out, err = run(capsys, "restore", str(path))
        assert code == 2, path
        assert err.startswith("Lỗi: ") and message in err, (path, err)
        assert "Traceback" not in err
        assert_same(empty_rows, table_rows(connection))
        assert stored_files() == {}
    # The good archive still comes back after all that, even though someone tried to
    # log in to the empty installation meanwhile (a failed attempt is not data).
    from axes.models import AccessAttempt

    client.post("/dang-nhap/", {"username": "chuyenvien", "password": "chua-co-ai"})
    assert AccessAttempt.objects.exists()
    assert run(capsys, "restore", str(archive))[0] == 0
    assert Unit.objects.count() == 4


def test_backup_never_overwrites_an_archive(world, tmp_path, capsys):
    archive = tmp_path / "a.zip"
    archive.write_bytes(b"ban cu")
    code, out, err = run(capsys, "backup", "-o", str(archive))
    assert code == 2 and "đã có" in err
    assert archive.read_bytes() == b"ban cu"
    assert [p.name for p in tmp_path.glob("*.zip*")] == ["a.zip"]  # nothing half-written


def test_a_database_not_migrated_is_not_backed_up(tmp_path, capsys):
    """Tables missing or behind the code: a clear message, no archive, no traceback."""
    from django.db.migrations.recorder import MigrationRecorder

    recorder = MigrationRecorder(connection)
    last = recorder.migration_qs.filter(app="units").order_by("-id").first()
    last.delete()  # as if `migrate` had not been run for it
    try:
        code, out, err = run(capsys, "backup", "-o", str(tmp_path / "a.zip"))
    finally:
        recorder.record_applied(last.app, last.name)
    assert code == 2
    assert f"chưa chạy units.{last.name}" in err and "tonghop manage migrate" in err
    assert list(tmp_path.glob("*.zip*")) == []


# ------------------------------------------------------------------ in processes of their own


@pytest.fixture
def databases(tmp_path):
    """Two new, empty databases like the pass's own (a SQLite file in WAL mode as
    `tonghop serve` makes it, or two databases on the PostgreSQL server of the pass),
    each with its own storage folder: the environments of two installations."""
    base = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    base.update(SECRET_KEY="kiem-thu", PYTHONPATH=str(ROOT))
    envs, made = [], []
    for name in ("nguon", "dich"):
        env = {**base, "TONGHOP_DATA": str(tmp_path / name)}
        if connection.vendor == "postgresql":
            db = f"tonghop_backup_{name}_{os.getpid()}"
            with connection.cursor() as cursor:
                cursor.execute(f"CREATE DATABASE {db}")
            made.append(db)
            env["DATABASE_URL"] = (
                urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{db}").geturl()
            )
        envs.append(env)
    yield envs
    for db in made:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")


def program(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=600,
    )  # fmt: skip


def test_backup_while_others_write_then_restore_on_a_new_installation(databases, tmp_path):
    """`tonghop backup` and `tonghop restore` as commands, each in its own process, from
    one installation to another whose database has no tables yet.  The archive is one
    moment: a row and a file written by another connection after the backup began are
    not in it, and that writer is not kept waiting (SQLite in WAL mode)."""
    source, target = databases
    built = program(source, "tests.web.backup_world", "build")
    assert built.returncode == 0, built.stderr

    moment = tmp_path / "trong-khi-ghi.zip"
    during = program(source, "tests.web.backup_world", "moment", str(moment))
    assert during.returncode == 0, during.stderr
    seen = json.loads(during.stdout.splitlines()[-1])
    assert seen == {"written": True, "seen_in_snapshot": False}
    with zipfile.ZipFile(moment) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        assert "Lập trong khi sao lưu" not in zf.read("database.jsonl").decode()
    names = {f["name"] for f in manifest["files"]}
    assert "reports/trong-khi-sao-luu.docx" not in names
    assert any(n.startswith("exemplars/photos/") for n in names)

    archive = tmp_path / "sao-luu.zip"
    made = program(source, "tonghop.cli", "backup", "-o", str(archive))
    assert made.returncode == 0, made.stderr
    assert "Đã sao lưu" in made.stdout
    restored = program(target, "tonghop.cli", "restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    assert "Đã khôi phục" in restored.stdout

    one = program(source, "tests.web.backup_world").stdout.strip()
    other = program(target, "tests.web.backup_world").stdout.strip()
    assert len(one) == 64 and one == other  # every row of every table, every file

    again = program(target, "tonghop.cli", "restore", str(archive))
    assert again.returncode == 2 and "đã có dữ liệu" in again.stderr

    # To SQLite, whatever database made the archive (on the PostgreSQL pass: from one to
    # the other): backed up again there, the same rows and files come out.  Compared as
    # values: JSON objects in PostgreSQL (jsonb) keep their keys in an order of their own.
    sqlite = {k: v for k, v in source.items() if k != "DATABASE_URL"}
    sqlite["TONGHOP_DATA"] = str(tmp_path / "sqlite")
    assert program(sqlite, "tonghop.cli", "restore", str(archive)).returncode == 0
    second = tmp_path / "tu-sqlite.zip"
    assert program(sqlite, "tonghop.cli", "backup", "-o", str(second)).returncode == 0
    assert archive_contents(second) == archive_contents(archive)


def archive_contents(path) -> tuple[list, dict]:
    with zipfile.ZipFile(path) as zf:
        rows = [json.loads(line) for line in zf.read("database.jsonl").splitlines()]
        files = {i.filename: zf.read(i) for i in zf.infolist() if i.filename.startswith("files/")}
    return rows, files
