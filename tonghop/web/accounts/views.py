"""Login (throttled), logout, and the home page that sends each role to its work."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.conf import settings
from django.contrib import auth
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from tonghop.web.accounts.access import profile
from tonghop.web.accounts.models import LoginFailure, Profile


class LoginForm(forms.Form):
    username = forms.CharField(label="Tên đăng nhập", max_length=150)
    password = forms.CharField(label="Mật khẩu", widget=forms.PasswordInput)


def _address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")[:64]


def _throttled(username: str, address: str) -> bool:
    since = timezone.now() - dt.timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)
    recent = LoginFailure.objects.filter(at__gte=since)
    limit = settings.LOGIN_FAILURE_LIMIT
    return (
        recent.filter(username=username.lower()).count() >= limit
        or recent.filter(address=address).count() >= limit * 4
    )


@require_http_methods(["GET", "POST"])
def login(request):
    form = LoginForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"].strip()
        address = _address(request)
        if _throttled(username, address):
            error = (
                "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau "
                f"{settings.LOGIN_FAILURE_WINDOW_MINUTES} phút."
            )
        else:
            user = auth.authenticate(
                request, username=username, password=form.cleaned_data["password"]
            )
            if user is None:
                LoginFailure.objects.create(username=username.lower(), address=address)
                error = "Tên đăng nhập hoặc mật khẩu không đúng."
            else:
                LoginFailure.objects.filter(username=username.lower()).delete()
                auth.login(request, user)
                return redirect(request.GET.get("next") or "home")
    return render(request, "accounts/login.html", {"form": form, "error": error}, status=200)


@require_POST
def logout(request):
    auth.logout(request)
    return redirect("login")


@login_required
def home(request):
    p = profile(request.user)
    if p is None:
        return render(request, "accounts/no_role.html", status=403)
    if p.role == Profile.Role.REPORTER:
        return redirect("submissions:todo")
    return redirect("campaigns:list")


def forbidden(request, exception=None):
    return render(request, "403.html", {"message": str(exception or "")}, status=403)


def not_found(request, exception=None):
    return render(request, "404.html", status=404)
