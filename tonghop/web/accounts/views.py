"""Login (Django's LoginView, throttled by django-axes), unlocking by department staff,
logout, and the home page that sends each role to its work."""

from __future__ import annotations

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from tonghop.web.accounts import services
from tonghop.web.accounts.access import can_unlock_logins, profile, require
from tonghop.web.accounts.models import Profile


class LoginForm(AuthenticationForm):
    """Django's form (it asks every backend, the throttle first), in Vietnamese."""

    error_messages = {
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng.",
        "inactive": "Tài khoản này đã bị khóa.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Tên đăng nhập"
        self.fields["password"].label = "Mật khẩu"


class Login(LoginView):
    """Django's LoginView: `next` is followed only to this site (a `javascript:` or
    another site's address falls back to the home page)."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


login = Login.as_view()

LOCKED_OUT = (
    "Đăng nhập sai quá nhiều lần với tên này từ máy này. Vui lòng thử lại sau {minutes} phút, "
    "hoặc nhờ chuyên viên của Ban mở khóa."
)


def locked_out(request, response=None, credentials=None):
    """What django-axes answers a locked-out login: the login page, saying so."""
    message = LOCKED_OUT.format(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)
    form = LoginForm(request, initial={"username": (credentials or {}).get("username", "")})
    return render(request, "accounts/login.html", {"form": form, "locked": message}, status=429)


@login_required
@require_GET
def lockouts(request):
    """Department staff: the accounts of their units locked out, with a button to unlock."""
    require(can_unlock_logins(request.user))
    ctx = {
        "rows": services.lockouts_for(request.user),
        "window": settings.LOGIN_FAILURE_WINDOW_MINUTES,
    }
    return render(request, "accounts/lockouts.html", ctx)


@login_required
@require_POST
def unlock(request):
    require(can_unlock_logins(request.user))
    username = request.POST.get("username", "")
    if not services.unlock(request.user, username):
        raise Http404
    messages.success(request, f"Đã mở khóa đăng nhập cho tài khoản “{username}”.")
    return redirect("lockouts")


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
