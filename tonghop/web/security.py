"""A Content-Security-Policy on every response: scripts only from this site's own files,
nothing from elsewhere, no framing, forms posting only here.  Defence in depth behind the
templates' escaping: a script that slipped into a page (or a stored file opened as a
page) does not run.

Styles: templates still carry `style` attributes and a few `<style>` blocks; a style
cannot run script and, with `img-src`/`font-src` limited to this site, cannot send
anything elsewhere, so inline styles stay allowed.  The one inline script allowed is the
handler `this.form.submit()` (by its hash, `'unsafe-hashes'`) that some pages put on a
<select>; new pages use `data-autosubmit` (static/confirm.js) instead.
"""

from __future__ import annotations

import base64
import hashlib


def _hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


POLICY = "; ".join(
    [
        "default-src 'self'",
        f"script-src 'self' 'unsafe-hashes' {_hash('this.form.submit()')}",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", POLICY)
        return response
