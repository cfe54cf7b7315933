"""Each pass of `./dev test` runs on the database it says: SQLite by default,
PostgreSQL when DATABASE_URL points to it.  The test prints which, into the log."""

import os

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def expected_vendor() -> str:
    url = os.environ.get("DATABASE_URL", "")
    return (
        "postgresql" if url.startswith(("postgres://", "postgresql://", "pgsql://")) else "sqlite"
    )


def test_the_pass_uses_the_database_it_announces(capsys):
    assert connection.vendor == expected_vendor()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            version = "PostgreSQL " + cursor.fetchone()[0]
            cursor.execute("SELECT inet_server_addr()::text, inet_server_port()")
            host, port = cursor.fetchone()
            where = f"{host.split('/')[0]}:{port}"
        else:
            cursor.execute("SELECT sqlite_version()")
            version = "SQLite " + cursor.fetchone()[0]
            name = str(connection.settings_dict["NAME"])
            where = "(trong bộ nhớ)" if "memory" in name else name
    with capsys.disabled():
        print(f"\n[test_postgres] cơ sở dữ liệu của lượt này: {version} {where}")


def test_vietnamese_text_round_trips():
    """The text the application stores comes back unchanged from either database."""
    from tonghop.web.units.models import Unit

    names = ["Đảng ủy Khối Doanh nghiệp", "Ủy ban MTTQ Việt Nam", "Quận ủy Ba Đình"]
    for i, name in enumerate(names):
        Unit.objects.create(code=f"V{i}", name=name)
    assert sorted(Unit.objects.values_list("name", flat=True)) == sorted(names)
    assert Unit.objects.get(name="Ủy ban MTTQ Việt Nam").code == "V1"
