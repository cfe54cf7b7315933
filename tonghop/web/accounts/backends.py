"""Login throttling by django-axes, only where a login comes from the web."""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend


class ThrottleBackend(AxesStandaloneBackend):
    """Refuses a user name locked out from this address (see AXES_* in settings).

    Only logins through the login page carry a request; `authenticate()` without one
    (Django's test client, management commands) is not a web login and is not throttled
    here, so axes does not refuse it for lack of an address."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or behind TONGHOP_PROXY_COUNT trusted reverse
    proxies the address the first of them saw (X-Forwarded-For, counted from its end:
    what a client writes at its start is not believed)."""
    from django.conf import settings

    count = settings.TONGHOP_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR", "")
    if count <= 0:
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [h for h in hops if h]
    return hops[-count] if len(hops) >= count else remote
