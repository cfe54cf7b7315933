"""Settings, read from the environment.

DATABASE_URL   default: SQLite in TONGHOP_DATA (PostgreSQL: postgres://user:pw@host/db)
TONGHOP_DATA   where the database, uploads and the generated secret key live (./data)
SECRET_KEY     default: generated once and kept in TONGHOP_DATA
DEBUG          "1" for development
ALLOWED_HOSTS  comma-separated, default 127.0.0.1,localhost
EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS, EMAIL_USE_SSL,
DEFAULT_FROM_EMAIL     the SMTP server reminders go through
SITE_URL       the address users open, put in reminder e-mails (http://127.0.0.1:8000)
REMINDER_DAYS_BEFORE, REMINDER_DAYS_AFTER   comma-separated days for reminders (3 / 1)
UPLOAD_MAX_MB  largest report accepted (default 30)
TONGHOP_UPLOADS            folder of uploaded files (default TONGHOP_DATA/uploads)
TONGHOP_STORAGE_BACKEND, TONGHOP_STORAGE_OPTIONS (JSON)   another storage for them
TONGHOP_SOURCE_URL         where the footer's "Mã nguồn" points (the source of this version,
                           AGPL-3.0-or-later); default: the application's own /ma-nguon/ .zip
"""

import datetime as dt
import json
import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("TONGHOP_DATA", Path.cwd() / "data")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("DEBUG", "") == "1"
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "tonghop.web.units",
    "tonghop.web.accounts",
    "tonghop.web.campaigns",
    "tonghop.web.submissions",
    "tonghop.web.reminders",
    "tonghop.web.dashboard",
    "tonghop.web.exemplars",
    "tonghop.web.consolidation",
    "tonghop.web.audit",
    "tonghop.web.history",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",  # X-Content-Type-Options: nosniff
    "tonghop.web.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "tonghop.web.busy.DatabaseBusyMiddleware",  # "database is locked" -> a Vietnamese 503
    "axes.middleware.AxesMiddleware",  # last: answers a locked-out login
]

ROOT_URLCONF = "tonghop.web.urls"
WSGI_APPLICATION = "tonghop.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tonghop.web.accounts.context.role",
                "tonghop.web.source.context",
            ]
        },
    }
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'tonghop.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Several requests may write at once (uploads, reviews, reminders), a few dozen
    # reporters in the last hour before a deadline: readers never wait for the writer
    # (WAL), a writer waits its turn (busy timeout, seconds) instead of failing, and a
    # write transaction takes the lock when it begins (IMMEDIATE): one that first read
    # and then wanted to write could not wait and failed with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )

# Background work (long reads, conversions, drafting): Django's Tasks framework (the
# django-tasks backport) stored in the database; `tonghop worker` runs them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False

# TONGHOP_HTTPS=1 when the application is reached over HTTPS only (usually through a
# reverse proxy terminating TLS): plain HTTP is redirected, browsers are told to use
# HTTPS for a year (HSTS), cookies travel over HTTPS only.  `check --deploy` is clean.
if os.environ.get("TONGHOP_HTTPS", "") == "1":
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 365 * 24 * 3600
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True  # names under the application's own only
    SECURE_HSTS_PRELOAD = True  # only allows listing in browsers; nothing is submitted
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # The proxy says the request came over HTTPS; without this every request would
    # look like plain HTTP and be redirected forever.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

TONGHOP_SOURCE_URL = os.environ.get("TONGHOP_SOURCE_URL", "")

LANGUAGE_CODE = "vi"
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Off: with it on, every {{ obj.pk }} in a form would render as "1.018". Numbers
# shown to users are formatted explicitly (vn_number, the dashboard_vi filters).
USE_THOUSAND_SEPARATOR = False
FORMAT_MODULE_PATH = ["tonghop.web.formats"]

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise looks for it at start-up
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files go through Django's storage API only, so several web processes and
# workers on several machines can share them: a shared folder (TONGHOP_UPLOADS on a
# network volume) or any storage backend, e.g. an S3-compatible store with
# django-storages (installed separately):
#   TONGHOP_STORAGE_BACKEND=storages.backends.s3.S3Storage
#   TONGHOP_STORAGE_OPTIONS='{"bucket_name": "tonghop", "endpoint_url": "https://..."}'
MEDIA_ROOT = Path(os.environ.get("TONGHOP_UPLOADS", DATA_DIR / "uploads")).resolve()
STORAGES = {
    "default": {
        "BACKEND": os.environ.get(
            "TONGHOP_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"
        ),
        "OPTIONS": json.loads(os.environ.get("TONGHOP_STORAGE_OPTIONS") or "{}"),
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_MB", "30")) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "") == "1"
EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL", "") == "1"
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "tonghop@localhost")

# The address users open the application at: reminder e-mails link to it.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Reminders: days before the deadline, and days after it.
REMINDER_DAYS_BEFORE = [int(x) for x in os.environ.get("REMINDER_DAYS_BEFORE", "3").split(",")]
REMINDER_DAYS_AFTER = [int(x) for x in os.environ.get("REMINDER_DAYS_AFTER", "1").split(",")]

# Login throttling (django-axes): this many failures for one user name from one address
# lock that pair for the window.  Never by name alone (anyone knowing a name could lock
# an official out on deadline day) nor by address alone (everyone behind one proxy).
# A success resets the count; department staff unlock from "Tài khoản bị khóa".
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_FAILURE_WINDOW_MINUTES = 15
AUTHENTICATION_BACKENDS = [
    "tonghop.web.accounts.backends.ThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = dt.timedelta(minutes=LOGIN_FAILURE_WINDOW_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "tonghop.web.accounts.views.locked_out"
# Behind a reverse proxy, the client's address is the proxy's unless told how many
# proxies stand in front (X-Forwarded-For): TONGHOP_PROXY_COUNT=1 behind one.
TONGHOP_PROXY_COUNT = int(os.environ.get("TONGHOP_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "tonghop.web.accounts.backends.client_address"
