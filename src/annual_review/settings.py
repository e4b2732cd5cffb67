"""Django settings, read from environment variables with safe development defaults.

Set ANNUAL_REVIEW_ENV=production to run in production: it then refuses to start without
SECRET_KEY and turns debugging off.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("ANNUAL_REVIEW_DATA_DIR", Path.cwd() / "data")).resolve()

ENVIRONMENT = os.environ.get("ANNUAL_REVIEW_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"

SECRET_KEY_MISSING = "SECRET_KEY must be set when ANNUAL_REVIEW_ENV=production."
if PRODUCTION:
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    if not SECRET_KEY:
        raise ImproperlyConfigured(SECRET_KEY_MISSING)
else:
    SECRET_KEY = os.environ.get("SECRET_KEY", "development-only-not-secret")

DEBUG = os.environ.get("DEBUG", "0" if PRODUCTION else "1") == "1"
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get(
        "ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver,[::1]"
    ).split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "annual_review.register",
    "annual_review.casework",
    "annual_review.years",
    "annual_review.imports",
    "annual_review.statistics",
    "annual_review.letters",
    "annual_review.demo",
    "annual_review.public",
    "annual_review.api",
    "annual_review.opendata",
    "annual_review.workflow",
    "annual_review.staff",
    "django_tasks",
    "django_tasks_db",
]

# Background tasks (staff uploads are checked and imported by the task worker,
# `annual-review db_worker`); ANNUAL_REVIEW_TASKS=immediate runs them inside the request.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if os.environ.get("ANNUAL_REVIEW_TASKS") == "immediate"
        else "django_tasks_db.DatabaseBackend"
    }
}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "annual_review.urls"
WSGI_APPLICATION = "annual_review.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DEFAULT_SQLITE = f"sqlite:///{DATA_DIR / 'annual-review.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", DEFAULT_SQLITE), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    if "DATABASE_URL" not in os.environ:
        DATA_DIR.mkdir(parents=True, exist_ok=True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# Where `annual-review demo` writes each year's letters (LETTERS_DIR/<year>/, with a manifest);
# unset, DATA_DIR/letters. The public site serves a demonstration letter's PDF from there when
# the manifest vouches for it, instead of rendering it again.
_letters_dir = os.environ.get("ANNUAL_REVIEW_LETTERS_DIR")
ANNUAL_REVIEW_LETTERS_DIR = Path(_letters_dir).resolve() if _letters_dir else None

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_CONTENT_TYPE_NOSNIFF = True

# How a comparison group's average is formed: "mean" (the mean of members' rates, as the
# Ombudsman's letters do) or "pooled" (group totals divided by group totals).
ANNUAL_REVIEW_GROUP_AVERAGE = os.environ.get("ANNUAL_REVIEW_GROUP_AVERAGE", "mean")
if ANNUAL_REVIEW_GROUP_AVERAGE not in {"mean", "pooled"}:
    raise ImproperlyConfigured("ANNUAL_REVIEW_GROUP_AVERAGE must be 'mean' or 'pooled'.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Email (the outbox sends letters through SMTP) and staff sign-in.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "0") == "1"
EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL", "0") == "1"
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "annual-review@localhost")
# Absolute links in emails (confirmation, unsubscribe) start with this.
ANNUAL_REVIEW_BASE_URL = os.environ.get("ANNUAL_REVIEW_BASE_URL", "http://127.0.0.1:8000")
LOGIN_URL = "staff:sign-in"

# Who signs the annual review letters, and the Ombudsman's name in their letterhead. Placeholders
# by default: set the real names where the letters are sent from. Titles are separated by "|".
ANNUAL_REVIEW_OMBUDSMAN_NAME = os.environ.get("ANNUAL_REVIEW_OMBUDSMAN_NAME", "The Ombudsman")
ANNUAL_REVIEW_SIGNATORY_NAME = os.environ.get("ANNUAL_REVIEW_SIGNATORY_NAME", "The Ombudsman")
ANNUAL_REVIEW_SIGNATORY_TITLES = [
    t.strip() for t in os.environ.get("ANNUAL_REVIEW_SIGNATORY_TITLES", "").split("|") if t.strip()
]
