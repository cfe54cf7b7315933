"""`tonghop backup` and `tonghop restore`: the whole application in one archive.

The archive is a .zip holding
    database.jsonl   every row of every table, table by table, values as JSON
    files/<name>     every file in the storage (uploads, photos, drafts, guidelines)
    manifest.json    what is inside: migrations, row counts, size and SHA-256 of each part

Rows are written by the application's own models, not by a database's dump program, so
an archive made on SQLite comes back on PostgreSQL and the other way round, with every
value exact: keys kept, times to the microsecond, decimals as written, JSON as stored.
(Django's dumpdata would cut times to milliseconds and let `auto_now` fields be
rewritten on loading.)

Consistency: the rows are read inside one read-only transaction (a snapshot: PostgreSQL
REPEATABLE READ; SQLite a read transaction, which in WAL mode lets writers go on), and
the storage is listed at that moment.  A file is written before the row that names it
is committed, so every row in the snapshot finds its file in the listing.

Restore goes into an empty database (migrated by the same version of tonghop) and an
empty storage; it refuses a target holding data unless --force, and checks the whole
archive before it changes anything.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import datetime as dt
import decimal
import hashlib
import io
import json
import os
import sys
import tempfile
import time
import uuid
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from tonghop.numbers import vn_number

FORMAT = "tonghop-sao-luu"
FORMAT_VERSION = 1
DATABASE = "database.jsonl"
MANIFEST = "manifest.json"
FILES = "files/"
CHUNK = 1024 * 1024
BATCH = 500


class BackupError(Exception):
    """Backup or restore cannot go on; the message says why, in Vietnamese."""


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tonghop.web.settings")
    import django

    django.setup()


# --------------------------------------------------------------------------- what


def _models() -> list:
    """Every table the application has: models and the tables of many-to-many links."""
    from django.apps import apps

    return [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy and not m._meta.swapped
    ]


def _fields(model) -> list:
    return list(model._meta.local_concrete_fields)


def _file_fields(model) -> list:
    from django.db.models import FileField

    return [f for f in _fields(model) if isinstance(f, FileField)]


def _encode(value):
    """A column's value as JSON, exactly; `field.to_python` brings it back."""
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, dt.timedelta):
        from django.utils.duration import duration_iso_string

        return duration_iso_string(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    raise TypeError(f"không ghi được giá trị kiểu {type(value).__name__}")


def _applied_migrations(connection) -> list[list[str]]:
    from django.db.migrations.recorder import MigrationRecorder

    return sorted([app, name] for app, name in MigrationRecorder(connection).applied_migrations())


def _walk(storage, folder: str = "") -> Iterator[str]:
    """Every file name in the storage, below `folder`."""
    try:
        dirs, files = storage.listdir(folder)
    except FileNotFoundError:  # a storage folder not made yet: nothing stored
        return
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for d in dirs:
        yield from _walk(storage, f"{folder}/{d}" if folder else d)


@contextlib.contextmanager
def _snapshot(connection) -> Iterator[None]:
    """Everything read inside sees the database as it was at one moment."""
    from django.db import transaction

    if connection.in_atomic_block:  # the caller's transaction is the snapshot
        yield
        return
    if connection.vendor == "sqlite":
        # Not Django's atomic: it would BEGIN IMMEDIATE (see settings) and hold the
        # write lock for the whole backup.  A deferred read transaction in WAL mode
        # sees one snapshot from its first read and lets writers go on.
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
            try:
                cursor.execute("SELECT count(*) FROM django_migrations")  # the snapshot starts
                yield
            finally:
                cursor.execute("ROLLBACK")
        return
    with transaction.atomic(using=connection.alias):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


# --------------------------------------------------------------------------- backup


def _member_writer(zf: zipfile.ZipFile, name: str, compress: bool):
    info = zipfile.ZipInfo(name, date_time=dt.datetime.now().timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    return zf.open(info, "w", force_zip64=True)


def write_archive(target, *, using: str = "default", _after_listing=None) -> dict:
    """Write the archive to `target` (a path or a binary file); returns the manifest."""
    from django.core.files.storage import default_storage
    from django.db import connections

    connection = connections[using]
    storage = default_storage
    manifest: dict = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "created": dt.datetime.now(dt.UTC).isoformat(),
        "database": connection.vendor,
        "tables": {},
        "files": [],
        "missing": [],
    }
    _refuse_unmigrated(connection)
    with zipfile.ZipFile(target, "w", allowZip64=True) as zf:
        with _snapshot(connection):
            manifest["migrations"] = _applied_migrations(connection)
            listed = set(_walk(storage))
            if _after_listing is not None:  # tests: something happens at this moment
                _after_listing()
            referenced, manifest["database_sha256"] = _write_rows(zf, manifest, using)
        # The files, after the snapshot is let go (files are never changed in place,
        # only added and deleted): every one listed, and any named by a row (a storage
        # that cannot list would still give those).  One gone since (deleted by a user
        # meanwhile, or lost before) is named in the manifest and the output.
        for name in sorted(listed | referenced):
            try:
                handle = storage.open(name, "rb")
            except FileNotFoundError:
                manifest["missing"].append(name)
                continue
            h, size = hashlib.sha256(), 0
            with handle, _member_writer(zf, FILES + name, compress=False) as dest:
                while chunk := handle.read(CHUNK):
                    h.update(chunk)
                    size += len(chunk)
                    dest.write(chunk)
            manifest["files"].append({"name": name, "size": size, "sha256": h.hexdigest()})
        zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
    return manifest


def _refuse_unmigrated(connection) -> None:
    """A database behind the code (tables missing or old) cannot be read table by table."""
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        names = ", ".join(f"{m.app_label}.{m.name}" for m, _ in plan[:5])
        raise BackupError(
            f"Cơ sở dữ liệu chưa được cập nhật cho phiên bản tonghop này (chưa chạy {names}"
            f"{', ...' if len(plan) > 5 else ''}): hãy chạy `tonghop manage migrate` rồi sao "
            "lưu lại."
        )


def _write_rows(zf: zipfile.ZipFile, manifest: dict, using: str) -> tuple[set[str], str]:
    """Every row into the database part; returns the file names rows refer to and the
    part's SHA-256."""
    referenced: set[str] = set()
    digest = hashlib.sha256()
    with _member_writer(zf, DATABASE, compress=True) as raw:

        def put(obj) -> None:
            line = (json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
            digest.update(line)
            raw.write(line)

        for model in _models():
            fields = _fields(model)
            names = [f.attname for f in fields]
            files = [names.index(f.attname) for f in _file_fields(model)]
            put({"model": model._meta.label, "fields": names})
            count = 0
            rows = model._base_manager.using(using).order_by("pk").values_list(*names)
            for row in rows.iterator(chunk_size=2000):
                put([_encode(v) for v in row])
                referenced.update(row[i] for i in files if row[i])
                count += 1
            manifest["tables"][model._meta.label] = count
    return referenced, digest.hexdigest()


def _seconds(started: float) -> str:
    return f"{time.monotonic() - started:.1f}".replace(".", ",") + " giây"


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f}".replace(".", ",")


def backup(output: str | None, out=None) -> Path:
    """`tonghop backup`: the archive at `output` (a new file) or a dated name here."""
    out = out or sys.stdout
    now = dt.datetime.now()
    path = Path(output or f"tonghop-sao-luu-{now:%Y%m%d-%H%M%S}.zip").resolve()
    if path.exists():
        raise BackupError(f"Tệp {path} đã có; hãy chọn tên khác (không ghi đè bản sao lưu cũ).")
    if not path.parent.is_dir():
        raise BackupError(f"Không có thư mục {path.parent}.")
    # Written beside, then renamed: a backup cut short never looks like a whole one.
    started = time.monotonic()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            manifest = write_archive(f)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    rows = sum(manifest["tables"].values())
    size = sum(f["size"] for f in manifest["files"])
    print(
        f"Đã sao lưu {vn_number(rows)} dòng dữ liệu ({len(manifest['tables'])} bảng) và "
        f"{vn_number(len(manifest['files']))} tệp ({_mb(size)} MB) vào {path} "
        f"(tệp sao lưu {_mb(path.stat().st_size)} MB, {_seconds(started)}).",
        file=out,
    )
    for name in manifest["missing"]:
        print(f"Chú ý: tệp {name} có trong dữ liệu nhưng không còn trong kho tệp.", file=out)
    return path


# --------------------------------------------------------------------------- restore

BROKEN = "Tệp sao lưu {path} bị hỏng hoặc không đầy đủ ({why}); chưa thay đổi gì."
NOT_OURS = (
    "Tệp {path} không phải bản sao lưu của tonghop, hoặc đã bị hỏng, bị cắt cụt ({why}); "
    "chưa thay đổi gì."
)


def _open_archive(path: Path) -> tuple[zipfile.ZipFile, dict]:
    if not path.is_file():
        raise BackupError(f"Không thấy tệp sao lưu {path}.")
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        why = f"không đọc được dạng .zip: {exc}"
        raise BackupError(NOT_OURS.format(path=path, why=why)) from None
    try:
        manifest = json.loads(zf.read(MANIFEST))
    except KeyError:
        zf.close()
        raise BackupError(NOT_OURS.format(path=path, why=f"không có {MANIFEST}")) from None
    except (ValueError, zipfile.BadZipFile, OSError, EOFError) as exc:
        zf.close()
        raise BackupError(BROKEN.format(path=path, why=f"{MANIFEST}: {exc}")) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        zf.close()
        raise BackupError(NOT_OURS.format(path=path, why=f"{MANIFEST} của chương trình khác"))
    if manifest.get("version") != FORMAT_VERSION:
        zf.close()
        raise BackupError(
            f"Bản sao lưu {path} theo định dạng {manifest.get('version')}, phiên bản tonghop "
            f"này chỉ đọc định dạng {FORMAT_VERSION}; chưa thay đổi gì."
        )
    return zf, manifest


def _digest(zf: zipfile.ZipFile, member: str) -> tuple[str, int]:
    h, size = hashlib.sha256(), 0
    with zf.open(member) as f:
        while chunk := f.read(CHUNK):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


def verify(zf: zipfile.ZipFile, manifest: dict, path: Path) -> None:
    """Every part there and unchanged (SHA-256 of the manifest, CRC of the zip)."""
    try:
        digest, _ = _digest(zf, DATABASE)
        if digest != manifest.get("database_sha256"):
            raise BackupError(BROKEN.format(path=path, why="phần dữ liệu đã bị thay đổi"))
        for entry in manifest.get("files", []):
            name = entry["name"]
            _safe_name(name, path)
            digest, size = _digest(zf, FILES + name)
            if digest != entry["sha256"] or size != entry["size"]:
                raise BackupError(BROKEN.format(path=path, why=f"tệp {name} đã bị thay đổi"))
    except KeyError as exc:
        raise BackupError(BROKEN.format(path=path, why=f"thiếu {exc.args[0]}")) from None
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
        raise BackupError(BROKEN.format(path=path, why=str(exc))) from None


def _safe_name(name: str, path: Path) -> None:
    p = PurePosixPath(name)
    if not name or p.is_absolute() or ".." in p.parts or "\\" in name:
        raise BackupError(BROKEN.format(path=path, why=f"tên tệp không hợp lệ: {name!r}"))


def _target_contents(connection, storage) -> tuple[dict[str, int], list[str]]:
    """What the target already holds: rows per table (beyond what migrating makes; a
    database not migrated yet holds nothing), and files."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    existing = set(connection.introspection.table_names())
    rows = {}
    for model in _models():
        if model in (ContentType, Permission) or model._meta.db_table not in existing:
            continue  # made by `migrate` itself, or not made yet
        if model._meta.label in _TRANSIENT:
            continue
        n = model._base_manager.using(connection.alias).count()
        if n:
            rows[model._meta.label] = n
    return rows, sorted(_walk(storage))


# Not data: someone who tried to log in to the new, empty installation left these.
# Replaced like everything else, but they do not make a target "hold data".
_TRANSIENT = {
    "sessions.Session",
    "axes.AccessAttempt",
    "axes.AccessAttemptExpiration",
    "axes.AccessFailureLog",
    "axes.AccessLog",
}

# What a target holding data is said to hold, in this order; then "N other rows".
_HELD = {
    "units.Unit": "đơn vị",
    "auth.User": "người dùng",
    "campaigns.Campaign": "đợt báo cáo",
    "submissions.Version": "lần tải báo cáo lên",
    "exemplars.Nominee": "hồ sơ điển hình",
    "audit.Event": "mục nhật ký",
}


def _held(rows: dict[str, int], files: list[str]) -> str:
    parts = [f"{vn_number(rows[label])} {name}" for label, name in _HELD.items() if label in rows]
    other = sum(n for label, n in rows.items() if label not in _HELD)
    if other:
        parts.append(f"{vn_number(other)} dòng dữ liệu khác")
    if files:
        parts.append(f"{vn_number(len(files))} tệp trong kho tệp")
    return ", ".join(parts)


def _rows(zf: zipfile.ZipFile, path: Path) -> Iterator[tuple[str, list[str], list]]:
    """(model label, field names, row values) from the database part."""
    label, fields = None, None
    with zf.open(DATABASE) as raw:
        for line in io.TextIOWrapper(raw, encoding="utf-8"):
            item = json.loads(line)
            if isinstance(item, dict):
                label, fields = item["model"], item["fields"]
            elif label is None or len(item) != len(fields):
                raise BackupError(BROKEN.format(path=path, why="phần dữ liệu sai cấu trúc"))
            else:
                yield label, fields, item


def restore(archive: str, force: bool = False, out=None, *, using: str = "default") -> dict:
    """`tonghop restore`: bring an archive back; returns its manifest."""
    from django.core.files import File
    from django.core.files.storage import default_storage
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import DatabaseError, connections, transaction

    out = out or sys.stdout
    started = time.monotonic()
    path = Path(archive).resolve()
    zf, manifest = _open_archive(path)
    with zf:
        verify(zf, manifest, path)
        connection = connections[using]
        storage = default_storage
        rows, files = _target_contents(connection, storage)
        if (rows or files) and not force:
            raise BackupError(
                f"Nơi khôi phục đã có dữ liệu ({_held(rows, files)}). Khôi phục sẽ xóa toàn bộ "
                "dữ liệu này và thay bằng bản sao lưu. Nếu chắc chắn, hãy chạy lại với --force. "
                "Chưa thay đổi gì."
            )
        # The same tables as the archive's: migrate (an empty database), then compare.
        call_command("migrate", database=using, interactive=False, verbosity=0)
        here = {tuple(m) for m in _applied_migrations(connection)}
        there = {tuple(m) for m in manifest.get("migrations", [])}
        if there - here:
            names = ", ".join(f"{a}.{n}" for a, n in sorted(there - here)[:5])
            raise BackupError(
                "Bản sao lưu được tạo bởi phiên bản tonghop mới hơn phiên bản này (có bước "
                f"chuyển đổi dữ liệu {names} mà phiên bản này chưa có): hãy cập nhật tonghop "
                "rồi khôi phục lại. Chưa khôi phục gì."
            )
        if here - there:
            names = ", ".join(f"{a}.{n}" for a, n in sorted(here - there)[:5])
            raise BackupError(
                "Bản sao lưu được tạo bởi phiên bản tonghop cũ hơn phiên bản này (thiếu bước "
                f"chuyển đổi dữ liệu {names}): hãy khôi phục bằng đúng phiên bản đã tạo bản "
                "sao lưu, rồi cập nhật và chạy `tonghop manage migrate`. Chưa khôi phục gì."
            )
        by_label = {m._meta.label: m for m in _models()}
        wanted = {e["name"] for e in manifest.get("files", [])}
        written: list[str] = []
        counts: dict[str, int] = {}
        try:
            with transaction.atomic(using=using):
                tables = connection.introspection.django_table_names(
                    only_existing=True, include_views=False
                )
                connection.ops.execute_sql_flush(
                    connection.ops.sql_flush(
                        no_style(), tables, reset_sequences=True, allow_cascade=True
                    )
                )
                for label, fields, batch in _batches(_rows(zf, path)):
                    model = by_label.get(label)
                    if model is None:
                        raise BackupError(
                            f"Bản sao lưu có bảng {label} mà phiên bản này không có; "
                            "chưa thay đổi gì."
                        )
                    _insert(model, fields, batch, using)
                    counts[label] = counts.get(label, 0) + len(batch)
                for label, n in manifest.get("tables", {}).items():
                    if counts.get(label, 0) != n:
                        raise BackupError(BROKEN.format(path=path, why=f"bảng {label} thiếu dòng"))
                reset = connection.ops.sequence_reset_sql(no_style(), list(by_label.values()))
                if reset:
                    with connection.cursor() as cursor:
                        for sql in reset:
                            cursor.execute(sql)
                for entry in manifest.get("files", []):
                    name = entry["name"]
                    if storage.exists(name):  # --force: the target's own copy goes
                        storage.delete(name)
                    with zf.open(FILES + name) as src:
                        content = File(src, name=name)
                        content.size = entry["size"]  # not looked up on the disk by name
                        saved = storage.save(name, content)
                    written.append(saved)
                    if saved != name:
                        raise BackupError(
                            f"Kho tệp lưu {name} dưới tên khác ({saved}); chưa thay đổi gì."
                        )
        except BaseException as exc:
            for name in written:
                with contextlib.suppress(OSError):
                    storage.delete(name)
            if isinstance(exc, DatabaseError):
                raise BackupError(
                    f"Không ghi được dữ liệu vào cơ sở dữ liệu ({exc}); chưa thay đổi gì."
                ) from exc
            if isinstance(exc, OSError):
                raise BackupError(f"Không ghi được tệp vào kho tệp ({exc}).") from exc
            raise
        # --force: what the target held and the archive does not, goes.
        for name in files:
            if name not in wanted:
                with contextlib.suppress(OSError):
                    storage.delete(name)
    total = sum(f["size"] for f in manifest.get("files", []))
    print(
        f"Đã khôi phục {vn_number(sum(counts.values()))} dòng dữ liệu "
        f"({len(manifest.get('tables', {}))} bảng) và "
        f"{vn_number(len(manifest.get('files', [])))} tệp ({_mb(total)} MB) từ {path} "
        f"(sao lưu lúc {_when(manifest.get('created'))}; {_seconds(started)}).",
        file=out,
    )
    return manifest


def _when(iso: str | None) -> str:
    try:
        moment = dt.datetime.fromisoformat(iso or "")
    except ValueError:
        return "?"
    from django.utils import timezone

    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y")


def _batches(rows) -> Iterator[tuple[str, list[str], list[list]]]:
    label, fields, batch = None, None, []
    for lab, flds, row in rows:
        if lab != label and batch:
            yield label, fields, batch
            batch = []
        label, fields = lab, flds
        batch.append(row)
        if len(batch) >= BATCH:
            yield label, fields, batch
            batch = []
    if batch:
        yield label, fields, batch


def _insert(model, names: list[str], batch: list[list], using: str) -> None:
    """Insert rows as they were: raw, so `auto_now` and defaults change nothing."""
    from django.core.exceptions import ValidationError

    by_attname = {f.attname: f for f in _fields(model)}
    missing = [n for n in names if n not in by_attname]
    if missing:
        raise BackupError(
            f"Bảng {model._meta.label} trong bản sao lưu có cột {', '.join(missing)} mà "
            "phiên bản này không có; chưa thay đổi gì."
        )
    fields = [by_attname[n] for n in names]
    objs = []
    for row in batch:
        try:
            values = {f.attname: f.to_python(v) for f, v in zip(fields, row, strict=True)}
        except ValidationError as exc:
            raise BackupError(
                f"Giá trị không hợp lệ trong bảng {model._meta.label}: {exc.messages[0]}; "
                "chưa thay đổi gì."
            ) from None
        objs.append(model(**values))
    model._base_manager.using(using)._insert(objs, fields=fields, using=using, raw=True)


# --------------------------------------------------------------------------- commands


def register(sub) -> None:
    b = sub.add_parser(
        "backup", help="sao lưu toàn bộ dữ liệu và tệp vào một tệp .zip (khi đang chạy cũng được)"
    )
    b.add_argument(
        "-o", "--output", metavar="FILE", help="tệp sao lưu (mặc định tonghop-sao-luu-<giờ>.zip)"
    )
    b.set_defaults(func=cmd_backup)
    r = sub.add_parser("restore", help="khôi phục một bản sao lưu vào cơ sở dữ liệu trống")
    r.add_argument("archive", metavar="FILE")
    r.add_argument(
        "--force",
        action="store_true",
        help="xóa dữ liệu và tệp đang có ở nơi khôi phục rồi thay bằng bản sao lưu",
    )
    r.set_defaults(func=cmd_restore)


def _run(job) -> int:
    from django.db import DatabaseError

    try:
        _setup()
        job()
    except BackupError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    except DatabaseError as exc:
        print(f"Lỗi cơ sở dữ liệu: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    return _run(lambda: backup(args.output))


def cmd_restore(args: argparse.Namespace) -> int:
    return _run(lambda: restore(args.archive, force=args.force))
