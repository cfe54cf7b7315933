"""The source of the running version, as the AGPL asks of a program used over a network
(section 13): every page links to it ("Mã nguồn" in the footer).

TONGHOP_SOURCE_URL names where the source is published (a forge page of this version);
by default the application offers its own code as a .zip, made from the very files it
runs, so the link can never point to another version.
"""

from __future__ import annotations

import io
import zipfile
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

PACKAGE = Path(__file__).resolve().parents[1]  # tonghop/
ROOT = PACKAGE.parent  # the checkout or site-packages holding it
LICENCE = "AGPL-3.0-or-later"
# Besides the package: what builds and runs it, when the checkout has them.
_BESIDES = ("pyproject.toml", "LICENSE", "README.md", "dev")


@lru_cache(maxsize=1)
def version() -> str:
    try:
        return metadata.version("tonghop")
    except metadata.PackageNotFoundError:
        return "0"


@lru_cache(maxsize=1)
def commit() -> str:
    """The Git commit the checkout stands on (12 characters), "" outside a checkout.
    Read from .git itself: no git program, no network."""
    git = ROOT / ".git"
    try:
        head = (git / "HEAD").read_text().strip()
        if not head.startswith("ref: "):
            return head[:12]
        ref = head[5:]
        if (git / ref).is_file():
            return (git / ref).read_text().strip()[:12]
        for line in (git / "packed-refs").read_text().splitlines():
            if line.endswith(" " + ref):
                return line.split()[0][:12]
    except OSError:
        pass
    return ""


def label() -> str:
    """ "0.1.0 (3a82535dc271)": the version shown beside the link."""
    return f"{version()} ({commit()})" if commit() else version()


def _files() -> list[tuple[Path, str]]:
    out = [
        (p, p.relative_to(ROOT).as_posix())
        for p in sorted(PACKAGE.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    ]
    return out + [(ROOT / n, n) for n in _BESIDES if (ROOT / n).is_file()]


@lru_cache(maxsize=1)
def archive() -> bytes:
    """The running code as a .zip (made once per process: the code does not change)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for path, name in _files():
            z.write(path, f"tonghop-{version()}/{name}")
    return buf.getvalue()


def source_url() -> str:
    return settings.TONGHOP_SOURCE_URL or reverse("source")


def context(request: HttpRequest) -> dict:
    return {"source_url": source_url(), "source_version": label(), "licence": LICENCE}


def download(request: HttpRequest) -> HttpResponse:
    """Open to everyone, signed in or not: the licence gives the source to every user."""
    name = f"tonghop-{version()}" + (f"-{commit()}" if commit() else "") + ".zip"
    response = HttpResponse(archive(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
