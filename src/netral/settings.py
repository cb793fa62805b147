"""Netral settings: read from environment variables only (house style §8).

Every variable is documented in docs/configuration.md and .env.example.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from netral.core.env import (
    env_bool,
    env_int,
    env_list,
    env_secret,
    env_str,
    missing_production_secrets,
    site_url,
    webauthn_relying_party,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("NETRAL_VAR_DIR", str(BASE_DIR / "var")))

# "prod" unless told otherwise; pytest runs get "test" so the suite needs no env set-up.
NETRAL_ENV = env_str("NETRAL_ENV", "test" if "pytest" in sys.modules else "prod")
if NETRAL_ENV not in {"dev", "prod", "test"}:
    raise ImproperlyConfigured(f"NETRAL_ENV={NETRAL_ENV!r}: use dev, prod or test.")
IS_DEV = NETRAL_ENV == "dev"
IS_TEST = NETRAL_ENV == "test"

# Development and tests generate missing keys once under var/. Production never does (two
# servers would use different keys): a missing key is left empty here, so commands that need
# none (makemigrations, collectstatic) still run, and the web server, the worker
# (`manage.py check --deploy`, run by bin/serve) and any use of the key stop with a message
# naming the variable (core.env.require_production_secrets, core.crypto).
_GENERATE_KEYS = NETRAL_ENV != "prod"
SECRET_KEY = env_secret(
    "SECRET_KEY", generate_at=VAR_DIR / "secret_key" if _GENERATE_KEYS else None, missing_ok=True
)
# Key for reporter identities and other encrypted fields; never stored in the database.
# Comma-separated list: the first encrypts, all decrypt (key rotation).
NETRAL_ENCRYPTION_KEYS = env_list("NETRAL_ENCRYPTION_KEYS") or [
    env_secret(
        "NETRAL_ENCRYPTION_KEY",
        generate_at=VAR_DIR / "encryption_key" if _GENERATE_KEYS else None,
        nbytes=32,
        missing_ok=True,
    )
]
NETRAL_MISSING_SECRETS = missing_production_secrets(
    env=NETRAL_ENV, secret_key=SECRET_KEY, encryption_keys=NETRAL_ENCRYPTION_KEYS
)
DEBUG = env_bool("DEBUG", False) and IS_DEV
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = site_url(env=NETRAL_ENV, argv=sys.argv)
CSRF_FAILURE_VIEW = "netral.core.errors_views.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "django_tasks_db",
    "netral.core",
    "netral.registry",
    "netral.accounts",
    "netral.pledges",
    "netral.reports",
    "netral.cases",
    "netral.screening",
    "netral.analytics",
    "netral.outreach",
    "netral.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # A NUL or other control character in a query parameter is a 400 (issue 9, defect 4).
    "netral.core.params.NulGuardMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Closed by default: public views are marked login_not_required (CONTRIBUTING.md).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # django-otp's OTPMiddleware, with the identity snapshot (accounts.identity).
    "netral.accounts.middleware.IdentityMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "netral.core.middleware.RequestContextMiddleware",
    "netral.core.middleware.NoStoreForStaffMiddleware",
    "netral.accounts.middleware.RequireTwoFactorMiddleware",
]

ROOT_URLCONF = "netral.urls"
WSGI_APPLICATION = "netral.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "netral.core.context_processors.netral",
            ],
        },
    }
]

DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'netral.sqlite3'}")
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
except ValueError as exc:  # dj-database-url raises ValueError on unknown schemes
    raise ImproperlyConfigured(f"DATABASE_URL: {exc}") from exc
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # IMMEDIATE avoids "database is locked" on read→write upgrades under concurrency;
    # WAL lets readers proceed while one writer commits.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    VAR_DIR.mkdir(parents=True, exist_ok=True)
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Behind PgBouncer in transaction mode (issue 15 item 4) one client's statements may
    # reach different server connections, so the WITH HOLD cursors Django uses for
    # ``.iterator()`` must be client-side (Django docs, "Transaction pooling").
    DATABASE_POOLER = env_str("DATABASE_POOLER", "")
    if DATABASE_POOLER not in ("", "pgbouncer"):
        raise ImproperlyConfigured(
            f"DATABASE_POOLER={DATABASE_POOLER!r}: use pgbouncer or leave unset."
        )
    if DATABASE_POOLER == "pgbouncer":
        DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL", "")
if IS_TEST:
    CACHES: dict[str, dict[str, Any]] = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }
elif REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    # Shared by every server process, so rate limits hold across workers.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "netral_cache",
            # Rate-limit counters and one identity token per signed-in user
            # (accounts.identity) live here: Django's default of 300 entries would evict
            # them within minutes at a national agency's size.
            "OPTIONS": {"MAX_ENTRIES": 200_000},
        }
    }
# With Redis, sessions are read from the cache and written through to the database
# (``cached_db``): web processes keep no state, and a Redis restart logs nobody out.
if REDIS_URL and not IS_TEST:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Background tasks (django.tasks): database queue by default, Redis (RQ) for scale.
TASKS_BACKEND = env_str("TASKS_BACKEND", "immediate" if IS_TEST else "db")
if TASKS_BACKEND == "immediate":
    TASKS: dict[str, dict[str, Any]] = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
    }
elif TASKS_BACKEND == "db":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
elif TASKS_BACKEND == "rq":
    if not REDIS_URL:
        raise ImproperlyConfigured("TASKS_BACKEND=rq needs REDIS_URL.")
    INSTALLED_APPS += ["django_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    # django-tasks-rq's job class, also for a plain `manage.py rqworker default`: RQ's own
    # class cannot run a django.tasks Task (every job failed with "'Task' object is not
    # callable", found by bench/bench_scale.py).
    RQ = {"JOB_CLASS": "django_tasks_rq.backend.Job"}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    raise ImproperlyConfigured(f"TASKS_BACKEND={TASKS_BACKEND!r}: use db, rq or immediate.")

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if IS_TEST:
    # Argon2 is deliberately slow; tests create many users.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
LOGIN_MAX_ATTEMPTS = env_int("LOGIN_MAX_ATTEMPTS", 5)
LOGIN_LOCKOUT_SECONDS = env_int("LOGIN_LOCKOUT_SECONDS", 900)
OTP_TOTP_ISSUER = "Netral"
# Passkeys (WebAuthn) as a second factor beside TOTP (issue 9). The relying party is this
# installation's host and the only accepted origin is SITE_URL's, so a passkey signs for
# the real address only: a look-alike phishing site gets nothing it can replay. Browsers
# refuse an IP address as RP ID: ``127.0.0.1`` becomes ``localhost`` in development.
OTP_WEBAUTHN_RP_ID, OTP_WEBAUTHN_ALLOWED_ORIGINS = webauthn_relying_party(SITE_URL)
OTP_WEBAUTHN_RP_NAME = "Netral"
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False  # a second factor after the password, never alone
OTP_WEBAUTHN_HELPER_CLASS = "netral.accounts.passkeys.NetralWebAuthnHelper"
if not SITE_URL:
    # Production without SITE_URL: the web server refuses to start (core.env.require_site_url)
    # and management commands still run, so the passkey checks wait for SITE_URL too.
    SILENCED_SYSTEM_CHECKS = ["otp_webauthn.E010", "otp_webauthn.E030"]

# Session and cookie security. Plain-HTTP cookies only in the local dev server.
SECURE_COOKIES = env_bool("SECURE_COOKIES", not (IS_DEV or IS_TEST))
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Jayapura" if IS_TEST else "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Screening: trained detectors live under VAR_DIR/models/screening; a large upload's text
# pass can run in this many forked worker processes (1 = in the calling process).
SCREENING_WORKERS = env_int("NETRAL_SCREENING_WORKERS", 1)
MEDIA_URL = "/media/"
# Uploaded evidence, receipt archives and generated documents go through Django's storage
# API only (never a path under MEDIA_ROOT), so they can live on S3-compatible object storage
# shared by every web and worker machine (issue 15 item 4; docs/deployment.md). The
# filesystem under MEDIA_ROOT stays the embedded default.
S3_BUCKET = env_str("S3_BUCKET", "")
STORAGE_BACKEND = env_str(
    "STORAGE_BACKEND",
    "storages.backends.s3.S3Storage"
    if S3_BUCKET
    else "django.core.files.storage.FileSystemStorage",
)
if S3_BUCKET:
    if STORAGE_BACKEND != "storages.backends.s3.S3Storage":
        raise ImproperlyConfigured(
            f"S3_BUCKET is set but STORAGE_BACKEND={STORAGE_BACKEND!r}: unset STORAGE_BACKEND."
        )
    S3_ENDPOINT_URL = env_str("S3_ENDPOINT_URL", "")
    S3_ADDRESSING_STYLE = env_str("S3_ADDRESSING_STYLE", "path" if S3_ENDPOINT_URL else "virtual")
    if S3_ADDRESSING_STYLE not in ("path", "virtual", "auto"):
        raise ImproperlyConfigured(
            f"S3_ADDRESSING_STYLE={S3_ADDRESSING_STYLE!r}: use path, virtual or auto."
        )
    DEFAULT_STORAGE = {
        "BACKEND": STORAGE_BACKEND,
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": S3_ENDPOINT_URL or None,
            "region_name": env_str("S3_REGION", "") or None,
            # Unset: boto3's own chain (AWS_* variables, instance role, ~/.aws).
            "access_key": env_str("S3_ACCESS_KEY_ID", "") or None,
            "secret_key": env_secret("S3_SECRET_ACCESS_KEY", missing_ok=True) or None,
            "location": env_str("S3_PREFIX", "").strip("/"),
            "addressing_style": S3_ADDRESSING_STYLE,
            "signature_version": "s3v4",
            # Private objects: evidence and receipts are served only through the
            # permission-checked views, never by a public or pre-signed bucket URL.
            "default_acl": None,
            "querystring_auth": True,
            # Never overwrite: a second upload under a taken name gets a new name, as on disk.
            "file_overwrite": False,
            # A downloaded object larger than this spools to a temporary file.
            "max_memory_size": 8 * 1024 * 1024,
        },
    }
else:
    DEFAULT_STORAGE = {"BACKEND": STORAGE_BACKEND}
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if IS_TEST
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = IS_TEST or IS_DEV
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # larger uploads stream to a temp file
FILE_UPLOAD_TEMP_DIR = None if IS_TEST else str(VAR_DIR / "tmp")
if FILE_UPLOAD_TEMP_DIR:
    Path(FILE_UPLOAD_TEMP_DIR).mkdir(parents=True, exist_ok=True)
IMPORT_MAX_UPLOAD_MB = env_int("IMPORT_MAX_UPLOAD_MB", 200)

EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "netral@localhost")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.locmem.EmailBackend"
    if IS_TEST
    else (
        "django.core.mail.backends.console.EmailBackend"
        if IS_DEV
        else "django.core.mail.backends.smtp.EmailBackend"
    ),
)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "netral.accounts.api_auth.ApiTokenAuthentication",
        # Session cookies count only after 2FA (/api/ is outside the 2FA middleware).
        "netral.accounts.api_auth.VerifiedSessionAuthentication",
    ],
    # Fail closed: an endpoint that declares nothing is denied (house style §3).
    "DEFAULT_PERMISSION_CLASSES": ["netral.api.permissions.DenyAll"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "netral.api.errors.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"anon": "60/min", "user": "600/min"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Netral API",
    "DESCRIPTION": "API Netral: pengawasan netralitas pegawai ASN.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Importing the hook registers Netral's auth-scheme extensions (api/schema.py).
    "PREPROCESSING_HOOKS": ["netral.api.schema.register_extensions"],
    "ENUM_NAME_OVERRIDES": {"CaseStatusEnum": "netral.cases.models.CaseStatus.choices"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Request logs can carry form data in error reports; reporter protection wants none.
    "loggers": {"django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False}},
}

# Netral-specific knobs.
NETRAL_KEYS_DIR = Path(env_str("NETRAL_KEYS_DIR", str(VAR_DIR / "keys")))
# Pledge ledger (Ed25519) and receipt PAdES certificate; generated under NETRAL_KEYS_DIR
# when unset. A PKCS#12 from a PSrE (e.g. BSrE) makes receipts certified e-signatures.
NETRAL_LEDGER_KEY_FILE = env_str("NETRAL_LEDGER_KEY_FILE", "")
NETRAL_PADES_PKCS12 = env_str("NETRAL_PADES_PKCS12", "")
NETRAL_PADES_PKCS12_PASSPHRASE = (
    env_secret("NETRAL_PADES_PKCS12_PASSPHRASE") if NETRAL_PADES_PKCS12 else ""
)
# First day any user-entered date may name: start of the preparation period (core/dates.py).
NETRAL_EARLIEST_DATE = env_str("NETRAL_EARLIEST_DATE", "2022-06-14")
PLEDGE_VERIFY_RATE_PER_MINUTE = env_int("PLEDGE_VERIFY_RATE_PER_MINUTE", 30)
EVIDENCE_MAX_FILE_MB = env_int("EVIDENCE_MAX_FILE_MB", 25)
EVIDENCE_MAX_REPORT_MB = env_int("EVIDENCE_MAX_REPORT_MB", 100)
EVIDENCE_MAX_FILES = env_int("EVIDENCE_MAX_FILES", 20)
EVIDENCE_MAX_IMAGE_PIXELS = env_int("EVIDENCE_MAX_IMAGE_PIXELS", 50_000_000)
# Reports (netral.reports): receipt-code hash cost (scrypt N, power of two), wrong-code
# tries per client per 10 minutes, and public submissions per client per period.
REPORT_RECEIPT_SCRYPT_N = env_int("REPORT_RECEIPT_SCRYPT_N", 1024)
if REPORT_RECEIPT_SCRYPT_N < 1024 or REPORT_RECEIPT_SCRYPT_N & (REPORT_RECEIPT_SCRYPT_N - 1):
    raise ImproperlyConfigured("REPORT_RECEIPT_SCRYPT_N must be a power of two >= 1024.")
REPORT_RECEIPT_TRIES = env_int("REPORT_RECEIPT_TRIES", 10)
# Per client, at a prefix that is under attack (services.receipt_open; issue 9, defect 9).
REPORT_RECEIPT_TRIES_UNDER_ATTACK = env_int("REPORT_RECEIPT_TRIES_UNDER_ATTACK", 3)
REPORT_SUBMIT_LIMIT = env_int("REPORT_SUBMIT_LIMIT", 20)
REPORT_SUBMIT_PERIOD = env_int("REPORT_SUBMIT_PERIOD", 3600)
# Public statistics (netral.analytics.public): counts below this are shown as "<N" and
# protected by complementary suppression. Below 3 a "<N" cell would give its value away.
STATS_SUPPRESSION_THRESHOLD = env_int("STATS_SUPPRESSION_THRESHOLD", 5)
if STATS_SUPPRESSION_THRESHOLD < 3:
    raise ImproperlyConfigured("STATS_SUPPRESSION_THRESHOLD must be at least 3.")
