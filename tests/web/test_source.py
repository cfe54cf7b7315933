"""AGPL section 13: every page links to the source of the running version, and the
default link downloads the very code the application runs."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile

import pytest
from django.urls import reverse

from tests.web import factories as f
from tonghop import repair
from tonghop.web import source

pytestmark = pytest.mark.django_db


def footer(html: str) -> str:
    m = re.search(r'<footer class="bottom">(.*?)</footer>', html, re.S)
    assert m, "no footer"
    return m.group(1)


def test_the_login_page_links_to_the_source_of_this_version(client):
    html = client.get(reverse("login")).content.decode()
    text = footer(html)
    assert f'<a href="{reverse("source")}">Mã nguồn</a>' in text
    assert source.version() in text and "AGPL-3.0-or-later" in text
    if source.commit():
        assert source.commit() in text


def test_signed_in_pages_carry_the_link_too(client):
    unit = f.unit("TU", "Thành ủy Hà Nội")
    user = f.person("canbo", "staff", unit)
    client.force_login(user)
    assert "Mã nguồn" in footer(client.get(reverse("campaigns:list")).content.decode())


def test_a_published_address_replaces_the_download(client, settings):
    settings.TONGHOP_SOURCE_URL = "https://git.example.vn/tonghop/tree/3a82535"
    text = footer(client.get(reverse("login")).content.decode())
    assert '<a href="https://git.example.vn/tonghop/tree/3a82535">Mã nguồn</a>' in text


def test_anyone_downloads_the_running_code(client):
    r = client.get(reverse("source"))
    assert r.status_code == 200 and r["Content-Type"] == "application/zip"
    assert r["Content-Disposition"].startswith('attachment; filename="tonghop-')
    z = zipfile.ZipFile(io.BytesIO(r.content))
    names = set(z.namelist())
    top = f"tonghop-{source.version()}/"
    # the files running now, byte for byte
    for module in (source, repair):
        path = module.__file__
        rel = path[path.index("/tonghop/") + 1 :]
        with open(path, "rb") as fh:
            assert hashlib.sha256(z.read(top + rel)).digest() == hashlib.sha256(fh.read()).digest()
    assert top + "tonghop/web/templates/base.html" in names
    assert not any("__pycache__" in n or n.endswith(".pyc") for n in names)
    if (source.ROOT / "LICENSE").is_file():
        assert "AGPL-3.0-or-later" in z.read(top + "LICENSE").decode()
