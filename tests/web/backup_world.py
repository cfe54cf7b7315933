"""A campaign with something in every table, for the backup tests: units, users with a
group and permissions, reports uploaded in two versions (files), confirmed figures, a
review, a guideline file, the consolidation's indicators, a corrected value and a draft
(.docx/.xlsx files), nominees with photos and a supporting file, a selection, logins (a
session, a failed attempt), a background task, the audit log of all of it.

Also runs as a program (`python -m tests.web.backup_world`) on the database of its
environment, for the tests that run `tonghop backup` in a process of its own."""

from __future__ import annotations

import hashlib
import json
import os
from decimal import Decimal


def build(client=None) -> dict:
    from django.contrib.auth.models import Group, Permission
    from django.core.files.base import ContentFile
    from django.test import Client

    from tests.web import factories as f
    from tests.web.factories_consolidation import catalogue
    from tests.web.factories_exemplars import group_data, person_data, png
    from tests.web.factories_submissions import docx_bytes, pdf_bytes, report_blocks
    from tests.web.test_tasks import add_up
    from tonghop.numbers import vn_number
    from tonghop.web.campaigns.templates_kl01 import PROGRAMMES
    from tonghop.web.consolidation import services as consolidation
    from tonghop.web.exemplars import services as exemplars
    from tonghop.web.submissions import services as submissions
    from tonghop.web.units.models import Unit

    city = f.unit("TU", "Thành ủy Hà Nội", kind=Unit.Kind.CITY)
    q1 = f.unit("Q1", "Quận ủy Ba Đình", parent=city, kind=Unit.Kind.DISTRICT)
    q2 = f.unit("Q2", "Quận ủy Hoàn Kiếm", parent=city, kind=Unit.Kind.DISTRICT)
    w11 = f.unit("W11", "Đảng ủy phường Phúc Xá", parent=q1, kind=Unit.Kind.GRASSROOTS)
    staff = f.person("chuyenvien", "staff", city, "Nguyễn Thị Chuyên")
    f.person("lanhdao", "leader", city, "Trần Văn Lãnh")
    rep1 = f.person("baocao1", "reporter", q1, "Lê Văn Báo")
    rep2 = f.person("baocao2", "reporter", q2, "Phạm Thị Bích")
    rep3 = f.person("baocao3", "reporter", w11, "Đỗ Văn Ba")
    group = Group.objects.create(name="Tổ tổng hợp")
    group.permissions.add(*Permission.objects.filter(codename__startswith="view_")[:3])
    staff.groups.add(group)
    rep1.user_permissions.add(Permission.objects.get(codename="view_unit"))

    c = f.campaign(
        city,
        [q1, q2, w11],
        nomination_collective=1,
        nomination_individual=1,
        programmes=[dict(p) for p in PROGRAMMES],
    )
    c.guideline.save("huong-dan.docx", ContentFile(docx_bytes()), save=True)

    # Reports: two versions from Ba Đình (Word, then PDF), one each from the others.
    a1, a2, a3 = (c.assignments.get(unit=u) for u in (q1, q2, w11))
    submissions.store_upload(a1, docx_bytes(report_blocks("Quận ủy Ba Đình")), "Báo cáo.docx", rep1)
    v2 = submissions.store_upload(a1, pdf_bytes(), "Báo cáo (bản sửa).pdf", rep1)
    figures = {x.pk: vn_number(x.proposed_value) for x in v2.figures.all()}
    submissions.confirm_figures(v2, figures, user=rep1)
    submissions.submit(v2.submission, v2, user=rep1)
    submissions.accept(v2.submission, user=staff)
    v3 = submissions.store_upload(a2, docx_bytes(report_blocks("Hoàn Kiếm")), "bc.docx", rep2)
    submissions.submit(v3.submission, v3, user=rep2)
    submissions.send_back(v3.submission, staff, "Thiếu phần đánh giá chung.")
    v4 = submissions.store_upload(a3, docx_bytes(report_blocks("Phúc Xá", True)), "x.docx", rep3)
    submissions.submit(v4.submission, v4, user=rep3)

    # Consolidation: indicators, values read from the reports, a correction, a draft.
    cat = catalogue(c, staff)
    consolidation.refresh_values(c)
    consolidation.set_value(cat["hoi-nghi"], a1, Decimal("13.5"), staff, reason="Văn bản bổ sung")
    consolidation.run_draft(c, {}, staff)

    # Nominees: a person with a photo and a supporting file, a collective without.
    person = exemplars.save_draft(
        c,
        q1,
        rep1,
        person_data(),
        photo=(png(60, 80, 120), "ảnh chân dung.png"),
        files=[(pdf_bytes(), "Tóm tắt thành tích.pdf")],
    )
    exemplars.submit(person, rep1)
    collective = exemplars.save_draft(c, q2, rep2, group_data())
    exemplars.submit(collective, rep2)
    programme = exemplars.programmes_for(c)[0]
    exemplars.select(programme, person, staff)

    # Logins: a session kept in the database, a failed attempt counted by django-axes.
    client = client or Client()
    client.post("/dang-nhap/", {"username": "baocao2", "password": "sai-mat-khau"})
    client.force_login(staff)
    client.get("/")
    add_up.enqueue(2, 3)  # a background task waiting for the worker
    return {"campaign": c, "staff": staff, "units": [city, q1, q2, w11]}


def table_rows(connection) -> dict[str, list[tuple]]:
    """Every row of every table of the application, in key order, as the database holds it."""
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    out = {}
    with connection.cursor() as cursor:
        for table in sorted(tables):
            described = connection.introspection.get_table_description(cursor, table)
            columns = [c.name for c in described]
            key = connection.introspection.get_primary_key_columns(cursor, table) or columns
            quoted = ", ".join(connection.ops.quote_name(k) for k in key)
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY {quoted}")
            out[table] = [tuple(row) for row in cursor.fetchall()]
    return out


def stored_files() -> dict[str, bytes]:
    from django.core.files.storage import default_storage

    from tonghop.web.backup import _walk

    out = {}
    for name in _walk(default_storage):
        with default_storage.open(name, "rb") as fh:
            out[name] = fh.read()
    return out


def fingerprint(connection) -> str:
    """One line for the whole state: rows and files (for a test in another process)."""
    h = hashlib.sha256()
    for table, rows in table_rows(connection).items():
        h.update(repr((table, rows)).encode())
    for name, data in sorted(stored_files().items()):
        h.update(name.encode() + hashlib.sha256(data).digest())
    return h.hexdigest()


def backup_while_writing(path: str) -> dict:
    """Write an archive; right after its snapshot began, another connection adds a unit
    and a file and commits.  Says whether that write went through (not kept waiting)
    and whether the backup's snapshot saw it."""
    import threading

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.db import connection

    from tonghop.web.backup import write_archive
    from tonghop.web.units.models import Unit

    seen = {}

    def meanwhile():
        def work():
            try:
                Unit.objects.create(code="SAU", name="Lập trong khi sao lưu")
                default_storage.save("reports/trong-khi-sao-luu.docx", ContentFile(b"PK"))
                seen["written"] = True
            finally:
                connection.close()

        writer = threading.Thread(target=work)
        writer.start()
        writer.join(timeout=60)
        seen.setdefault("written", False)
        seen["seen_in_snapshot"] = Unit.objects.filter(code="SAU").exists()

    write_archive(path, _after_listing=meanwhile)
    return seen


if __name__ == "__main__":
    import sys

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tonghop.web.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if sys.argv[1:] == ["build"]:
        call_command("migrate", interactive=False, verbosity=0)
        build()
    if sys.argv[1:2] == ["moment"]:
        print(json.dumps(backup_while_writing(sys.argv[2])))
    else:
        print(fingerprint(connection))
