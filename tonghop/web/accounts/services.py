"""Login lock-outs (django-axes' records) as department staff see and lift them."""

from __future__ import annotations

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.utils import timezone

from tonghop.web.accounts.access import lockable_usernames


def lockouts_for(user) -> list[dict]:
    """Locked user name and address pairs of this user's units, latest first."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    rows = AccessAttempt.objects.filter(
        username__in=lockable_usernames(user),
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gte=since,
    ).order_by("-attempt_time")
    return [
        {
            "username": a.username,
            "address": a.ip_address,
            "failures": a.failures_since_start,
            "at": a.attempt_time,
            "until": a.attempt_time + settings.AXES_COOLOFF_TIME,
        }
        for a in rows
    ]


def unlock(user, username: str) -> bool:
    """Lift every lock-out of `username` (from any address); False when this user may
    not (another branch's account, or no such account)."""
    if not lockable_usernames(user).filter(username=username).exists():
        return False
    reset(username=username)
    return True
