"""Uploaded files cannot carry script into the application's own address: photos are
re-encoded and served as the image they are, everything else as a download; every
response says nosniff and carries a Content-Security-Policy."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests.web import factories as f
from tests.web.factories_exemplars import person_data, png
from tonghop.web.exemplars import services
from tonghop.web.exemplars.models import Nominee

pytestmark = pytest.mark.django_db

SCRIPT = b"<html><body><script>alert(document.cookie)</script></body></html>"


@pytest.fixture
def world():
    city = f.unit("TU", "Thành ủy")
    a = f.unit("QA", "Quận ủy A", parent=city)
    c = f.campaign(city, [a], nomination_collective=1, nomination_individual=1)
    return {
        "campaign": c,
        "a": a,
        "staff": f.person("chuyenvien", "staff", city),
        "rep": f.person("bao_cao_a", "reporter", a),
    }


def _upload_photo(client, world, data: bytes, name: str):
    client.force_login(world["rep"])
    form = {k: v for k, v in person_data().items() if v is not None}
    form["photo_upload"] = SimpleUploadedFile(name, data, content_type="text/html")
    return client.post(reverse("exemplars:new", args=[world["campaign"].pk]), form)


def test_a_png_carrying_html_named_html_is_served_as_a_plain_picture(client, world):
    hostile = png(48, 32) + SCRIPT  # a valid PNG: the HTML after its end passes any check
    r = _upload_photo(client, world, hostile, "anh.html")
    assert r.status_code == 302
    n = Nominee.objects.get()
    assert n.photo.name.endswith(".png") and n.photo_name == "anh.png"
    r = client.get(reverse("exemplars:photo", args=[n.pk]))
    body = b"".join(r.streaming_content)
    assert r["Content-Type"] == "image/png"
    assert r["Content-Disposition"].startswith("inline") and "anh.png" in r["Content-Disposition"]
    assert r["X-Content-Type-Options"] == "nosniff"
    assert b"<script" not in body and b"<html" not in body
    with Image.open(io.BytesIO(body)) as image:
        assert image.format == "PNG" and image.size == (48, 32)


def test_a_jpeg_is_stored_as_a_jpeg_without_its_metadata(client, world):
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "May anh cua toi"  # the camera's make, stands for any metadata
    exif[0x0112] = 6  # taken turned: shown upright, 90° clockwise
    Image.new("RGB", (60, 40), (200, 30, 30)).save(out, "JPEG", exif=exif)
    r = _upload_photo(client, world, out.getvalue(), "chan dung.JPG")
    assert r.status_code == 302
    n = Nominee.objects.get()
    assert n.photo_name == "chan dung.jpg"
    r = client.get(reverse("exemplars:photo", args=[n.pk]))
    body = b"".join(r.streaming_content)
    assert r["Content-Type"] == "image/jpeg"
    with Image.open(io.BytesIO(body)) as image:
        assert image.size == (40, 60)  # upright
        assert not image.getexif()


def test_html_alone_is_refused_as_a_photo(client, world):
    r = _upload_photo(client, world, SCRIPT, "anh.png")
    assert r.status_code == 400 and "không phải là ảnh" in r.content.decode()
    assert not Nominee.objects.exists()


def test_an_older_stored_photo_that_is_no_image_is_only_downloaded(client, world):
    # Stored before photos were re-encoded: whatever it is, it never opens as a page.
    n = services.save_draft(world["campaign"], world["a"], world["rep"], person_data())
    n.photo.save("anh.html", ContentFile(SCRIPT))
    client.force_login(world["rep"])
    r = client.get(reverse("exemplars:photo", args=[n.pk]))
    assert r["Content-Type"] == "application/octet-stream"
    assert r["Content-Disposition"].startswith("attachment") and ".bin" in r["Content-Disposition"]
    assert r["X-Content-Type-Options"] == "nosniff"


def test_a_guideline_is_downloaded_as_what_it_is(client, world):
    c = world["campaign"]
    c.guideline.save("huong-dan.html", ContentFile("HƯỚNG DẪN\n\nNội dung.".encode() + SCRIPT))
    c.guideline_name = "huong-dan.html"
    c.save()
    client.force_login(world["staff"])
    r = client.get(reverse("campaigns:guideline", args=[c.pk]))
    assert r.status_code == 200
    assert r["Content-Type"] == "text/plain; charset=utf-8"
    assert r["Content-Disposition"].startswith("attachment")
    assert 'filename="huong-dan.txt"' in r["Content-Disposition"]


@pytest.mark.parametrize("who", ["anonymous", "staff"])
def test_every_response_has_nosniff_and_a_content_security_policy(client, world, who):
    if who == "staff":
        client.force_login(world["staff"])
    urls = [
        reverse("login"),
        reverse("campaigns:list"),
        reverse("campaigns:detail", args=[world["campaign"].pk]),
        "/khong-co-trang-nay/",
    ]
    for url in urls:
        r = client.get(url)
        policy = r.get("Content-Security-Policy", "")
        assert r["X-Content-Type-Options"] == "nosniff", url
        assert (
            "script-src 'self'" in policy
            and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
        ), url
        assert "object-src 'none'" in policy and "frame-ancestors 'none'" in policy, url
