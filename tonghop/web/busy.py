"""A database that stays busy past its timeout answers with a Vietnamese page (503),
never a system error: the user's action was not saved and can simply be repeated."""

from __future__ import annotations

import logging

from django.db import OperationalError
from django.shortcuts import render

log = logging.getLogger(__name__)

BUSY = (
    "Hệ thống đang bận vì nhiều người cùng thao tác một lúc; thao tác vừa rồi của bạn "
    "chưa được lưu. Vui lòng thử lại sau ít giây."
)


class DatabaseBusyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        text = str(exception).lower()
        if isinstance(exception, OperationalError) and ("locked" in text or "busy" in text):
            log.warning("database busy on %s %s: %s", request.method, request.path, exception)
            response = render(request, "busy.html", {"message": BUSY}, status=503)
            response["Retry-After"] = "5"
            return response
        return None
