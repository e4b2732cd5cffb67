"""Django settings, read from environment variables with safe development defaults.

Set ANNUAL_REVIEW_ENV=production to run in production: it then refuses to start without
SECRET_KEY and turns debugging off.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("ANNUAL_REVIEW_DATA_DIR", Path.cwd() / "data")).resolve()

ENVIRONMENT = os.environ.get("ANNUAL_REVIEW_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"

# Public (it is in this file): sessions and signed links made with it can be forged by anyone.
DEVELOPMENT_SECRET_KEY = "development-only-not-secret"
SECRET_KEY_MISSING = "SECRET_KEY must be set when ANNUAL_REVIEW_ENV=production."
if PRODUCTION:
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    if not SECRET_KEY:
        raise ImproperlyConfigured(SECRET_KEY_MISSING)
else:
    SECRET_KEY = os.environ.get("SECRET_KEY", DEVELOPMENT_SECRET_KEY)

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
    "django.contrib.sitemaps",
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
    "axes",
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
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
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
                "annual_review.public.context_processors.site",
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

# The public site's shared cache (web/caching.py). Local memory by default (each process its
# own); to share one between gunicorn workers set ANNUAL_REVIEW_CACHE_URL to
# redis://host:6379/0 (needs the redis package), db://TABLE (run `annual-review
# createcachetable` once) or file:///path/to/dir.
CACHE_URL = os.environ.get("ANNUAL_REVIEW_CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://")):
    _cache = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
elif CACHE_URL.startswith("db://"):
    _cache = {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": CACHE_URL.removeprefix("db://"),
    }
elif CACHE_URL.startswith("file://"):
    _cache = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": CACHE_URL.removeprefix("file://"),
    }
else:
    _cache = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "annual-review",
    }
CACHES = {"default": {**_cache, "TIMEOUT": 24 * 3600, "OPTIONS": {"MAX_ENTRIES": 50000}}}
if _cache["BACKEND"].endswith("RedisCache"):
    CACHES["default"]["OPTIONS"] = {}

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


def _on(name: str, default: bool) -> bool:
    return os.environ.get(name, "1" if default else "0") == "1"


# HTTPS (issue 14): in production, http:// is redirected to https:// and browsers are told to
# use HTTPS only (HSTS) for a year, subdomains included; each can be changed from the
# environment. Behind a proxy that ends TLS, set SECURE_PROXY_SSL_HEADER to the header it sets,
# like "X-Forwarded-Proto: https", or every request looks like http:// and is redirected.
# Preloading is the domain owner's commitment (months to undo): opt in with SECURE_HSTS_PRELOAD=1.
SECURE_SSL_REDIRECT = _on("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if PRODUCTION else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _on("SECURE_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = _on("SECURE_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
_proxy_ssl_header = os.environ.get("SECURE_PROXY_SSL_HEADER", "")
if _proxy_ssl_header:
    _header, _, _value = _proxy_ssl_header.partition(":")
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _header.strip().upper().replace("-", "_"), _value.strip())

# Content-Security-Policy (django-csp): scripts and styles from the site itself. The one inline
# script (public/base.html, marking the body "js-enabled") is allowed by its hash, since pages
# are cached whole and a nonce would repeat. Inline styles are allowed: a frozen letter carries
# its own stylesheet, shown in a srcdoc frame that takes this page's policy.
CSP_INLINE_SCRIPT_HASHES = ["'sha256-GUQ5ad8JK5KmEWmROf3LZd9ge94daqNvd8xy9YS1iDw='"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", *CSP_INLINE_SCRIPT_HASHES],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

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
# The Ombudsman's postal address, on the public site's contact, privacy, accessibility and
# complaints pages (public/information.py), lines separated by "|". The contact email and
# telephone are letter settings below, shown on those pages too; one left unset is left out.
ANNUAL_REVIEW_CONTACT_POSTAL_ADDRESS = [
    line.strip()
    for line in os.environ.get("ANNUAL_REVIEW_CONTACT_POSTAL_ADDRESS", "").split("|")
    if line.strip()
]
# Absolute links in emails (confirmation, unsubscribe) start with this.
# Production refuses to start without it: sitemap.xml and the emails' links must not point at
# a development address.
BASE_URL_MISSING = (
    "ANNUAL_REVIEW_BASE_URL must be set when ANNUAL_REVIEW_ENV=production: the public site's "
    "address, such as https://annual-review.example.org (sitemap.xml and the links in emails "
    "start with it)."
)
ANNUAL_REVIEW_BASE_URL = os.environ.get("ANNUAL_REVIEW_BASE_URL", "").strip()
if PRODUCTION and not ANNUAL_REVIEW_BASE_URL:
    raise ImproperlyConfigured(BASE_URL_MISSING)
ANNUAL_REVIEW_BASE_URL = ANNUAL_REVIEW_BASE_URL or "http://127.0.0.1:8000"
LOGIN_URL = "staff:sign-in"

# The annual review letters: the letterhead's organisation, who signs (titles separated by "|"),
# how to contact the Ombudsman, the feedback survey. Outside production an unset one takes the
# demonstration's value (a fictional signatory, example.org addresses, an Ofcom drama number);
# in production an unset one is left out of the letter, with the sentences that need it.
# Links in letters start with ANNUAL_REVIEW_BASE_URL (the public site's address).
_LETTER_DEMONSTRATION = {
    "ANNUAL_REVIEW_SIGNATORY_NAME": "Alex Example",
    "ANNUAL_REVIEW_SIGNATORY_TITLES": (
        "Local Government and Social Care Ombudsman|"
        "Chair, Commission for Local Administration in England"
    ),
    "ANNUAL_REVIEW_CONTACT_EMAIL": "annual-review@example.org",
    "ANNUAL_REVIEW_CONTACT_TELEPHONE": "0306 999 0123",
    "ANNUAL_REVIEW_FEEDBACK_URL": "https://survey.example.org/ombudsman-service/",
}


def _letter_setting(name: str) -> str:
    return os.environ.get(name, "" if PRODUCTION else _LETTER_DEMONSTRATION.get(name, "")).strip()


ANNUAL_REVIEW_OMBUDSMAN_NAME = (
    os.environ.get("ANNUAL_REVIEW_OMBUDSMAN_NAME", "").strip()
    or "Local Government and Social Care Ombudsman"
)
ANNUAL_REVIEW_SIGNATORY_NAME = _letter_setting("ANNUAL_REVIEW_SIGNATORY_NAME")
ANNUAL_REVIEW_SIGNATORY_TITLES = [
    t.strip() for t in _letter_setting("ANNUAL_REVIEW_SIGNATORY_TITLES").split("|") if t.strip()
]
ANNUAL_REVIEW_CONTACT_EMAIL = _letter_setting("ANNUAL_REVIEW_CONTACT_EMAIL")
ANNUAL_REVIEW_CONTACT_TELEPHONE = _letter_setting("ANNUAL_REVIEW_CONTACT_TELEPHONE")
ANNUAL_REVIEW_FEEDBACK_URL = _letter_setting("ANNUAL_REVIEW_FEEDBACK_URL")

# Public search (issue 14): how many decision searches one server process runs at once. A search
# beyond that is answered 503 at once, so searches never hold every thread pages need (the
# server runs ANNUAL_REVIEW_SERVER_THREADS threads per worker: keep this below that number).
ANNUAL_REVIEW_SEARCH_CONCURRENCY = int(os.environ.get("ANNUAL_REVIEW_SEARCH_CONCURRENCY", "1"))
ANNUAL_REVIEW_SERVER_THREADS = int(os.environ.get("ANNUAL_REVIEW_SERVER_THREADS", "4"))

# Staff sign-in (django-axes): failures lock a username from one address for a while. Behind a
# reverse proxy set ANNUAL_REVIEW_CLIENT_IP_HEADER to the header it writes the client's address
# in (X-Forwarded-For), and ANNUAL_REVIEW_TRUSTED_PROXIES to how many proxies append to it; the
# site must then be reachable only through them. Unlock with `annual-review axes_reset`.
AUTHENTICATION_BACKENDS = [
    "annual_review.staff.signin.WebSignInBackend",
    "django.contrib.auth.backends.ModelBackend",
]
ANNUAL_REVIEW_CLIENT_IP_HEADER = os.environ.get("ANNUAL_REVIEW_CLIENT_IP_HEADER", "").strip()
ANNUAL_REVIEW_TRUSTED_PROXIES = int(os.environ.get("ANNUAL_REVIEW_TRUSTED_PROXIES", "1"))
AXES_FAILURE_LIMIT = int(os.environ.get("ANNUAL_REVIEW_SIGNIN_FAILURES", "5"))
AXES_COOLOFF_TIME = timedelta(
    minutes=int(os.environ.get("ANNUAL_REVIEW_SIGNIN_LOCK_MINUTES", "15"))
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "annual_review.staff.signin.client_ip"
AXES_LOCKOUT_CALLABLE = "annual_review.staff.signin.signin_locked_out"
AXES_VERBOSE = False
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
