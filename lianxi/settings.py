"""Settings, all from environment variables (see README "Configuration")."""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("LIANXI_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


TESTING = "pytest" in sys.modules or os.environ.get("LIANXI_TESTING") == "1"
# LIANXI_ENV=production: HTTPS only (secure cookies, HSTS, redirect) and secrets from the
# environment. The default, "local", serves the demo on http://127.0.0.1.
ENVIRONMENT = os.environ.get("LIANXI_ENV", "local")
if ENVIRONMENT not in {"local", "production"}:
    raise ImproperlyConfigured("LIANXI_ENV must be 'local' or 'production'")
PRODUCTION = ENVIRONMENT == "production"
DEBUG = env_bool("DEBUG", False) and not PRODUCTION
HTTPS = PRODUCTION


def secret_from_env_or_file(name: str, filename: str, make: Callable[[], str]) -> str:
    """Production reads secrets from the environment; a local install keeps them in var/."""
    value = os.environ.get(name, "")
    if value:
        return value
    if HTTPS:
        raise ImproperlyConfigured(f"{name} must be set when LIANXI_ENV=production")
    path = VAR_DIR / filename
    if not path.exists():
        path.write_text(make())
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = secret_from_env_or_file("SECRET_KEY", "secret_key", lambda: secrets.token_urlsafe(50))
# Fernet key for personal data at rest; kept out of the repository and the database.
FIELD_ENCRYPTION_KEY = secret_from_env_or_file(
    "FIELD_ENCRYPTION_KEY",
    "field_key",
    lambda: __import__("base64").urlsafe_b64encode(secrets.token_bytes(32)).decode(),
)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "lianxi.accounts.lockouts.AxesConfig",  # django-axes, named in Chinese
    "django_otp",
    "django_otp.plugins.otp_totp",
    "huey.contrib.djhuey",
    "lianxi.core",
    "lianxi.audit",
    "lianxi.accounts",
    "lianxi.directory",
    "lianxi.cases",
    "lianxi.notifications",
    "lianxi.portal",
    "lianxi.workbench",
    "lianxi.liaison",
    "lianxi.committee",
    "lianxi.legislation",
    "lianxi.publicity",
    "lianxi.proposals",
    "lianxi.polls",
    "lianxi.insight",
    "lianxi.topics",
    "lianxi.stats",
    "lianxi.search",
    "lianxi.retention",
    "lianxi.performance",
    "lianxi.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "lianxi.accounts.middleware.SessionLifetimeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "lianxi.audit.middleware.AuditContextMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lianxi.urls"
WSGI_APPLICATION = "lianxi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "lianxi" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "lianxi.core.context_processors.site",
                "lianxi.notifications.context_processors.bell",
            ],
        },
    }
]

# Database: DATABASE_URL selects it (sqlite:///path or postgres://user@host/db).
DEFAULT_SQLITE = f"sqlite:///{VAR_DIR / 'lianxi.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", DEFAULT_SQLITE))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL for concurrent readers, FULL for intake durability (quality.md);
        # IMMEDIATE transactions avoid lock-upgrade deadlocks ("database is locked").
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
            "PRAGMA busy_timeout=20000;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "60"))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = (
    ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if TESTING
    else ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": int(os.environ.get("PASSWORD_MIN_LENGTH", "10"))},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "lianxi.accounts.validators.NotTheDemoPassword"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "workbench:home"
LOGOUT_REDIRECT_URL = "portal:home"

# Lockout (django-axes): K failures lock the account and, separately, the IP for T.
AXES_FAILURE_LIMIT = int(os.environ.get("LOCKOUT_FAILURES", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("LOCKOUT_MINUTES", "15")) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["code"]  # a typed second-factor or SMS code is never logged
# Behind a proxy, set this to the number of trusted proxies; X-Forwarded-For is ignored otherwise.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if TRUSTED_PROXY_COUNT else ["REMOTE_ADDR"]
)

# Second factor (django-otp TOTP, accounts/second_factor.py). Wrong codes count in axes'
# lockout above, so django-otp's own per-device delay is off.
OTP_TOTP_ISSUER = os.environ.get("SITE_NAME", "示范市人大代表联络平台")  # shown in the app
OTP_TOTP_THROTTLE_FACTOR = 0
SECOND_FACTOR_PENDING_SECONDS = 300  # password accepted, code not yet typed

# Sessions: idle timeout (renewed on each request) and an absolute lifetime.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_MINUTES", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_ABSOLUTE_SECONDS = int(os.environ.get("SESSION_ABSOLUTE_HOURS", "12")) * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Where sessions live: "db" (default), "cache" (Redis with CACHE_REDIS_URL: no database write
# per request, shared by every process; a Redis without persistence signs everyone out when it
# restarts) or "cached_db" (read from Redis, written through to the database).
SESSION_BACKEND = os.environ.get("SESSION_BACKEND", "db")
if SESSION_BACKEND not in {"db", "cache", "cached_db"}:
    raise ImproperlyConfigured("SESSION_BACKEND must be 'db', 'cache' or 'cached_db'")
SESSION_ENGINE = f"django.contrib.sessions.backends.{SESSION_BACKEND}"

# One-time codes for citizens.
OTP_TTL_SECONDS = int(os.environ.get("OTP_TTL_SECONDS", "600"))
OTP_MAX_ATTEMPTS = 5
OTP_PER_PHONE_INTERVAL_SECONDS = 60
OTP_PER_PHONE_PER_HOUR = 5
OTP_PER_IP_PER_HOUR = int(os.environ.get("OTP_PER_IP_PER_HOUR", "20"))
# Intake limits: filings per window (seconds) per client address, phone and session (web
# filing) and per client (API: address or account; Open311: its key). 0 turns one off.
INTAKE_LIMITS = {
    "address": (int(os.environ.get("INTAKE_PER_ADDRESS_PER_HOUR", "20")), 3600),
    "phone": (int(os.environ.get("INTAKE_PER_PHONE_PER_HOUR", "5")), 3600),
    "session": (int(os.environ.get("INTAKE_PER_SESSION_PER_HOUR", "5")), 3600),
    "client": (int(os.environ.get("INTAKE_PER_CLIENT_PER_HOUR", "600")), 3600),
}
# SMS: the console (LIANXI_ENV=local only) or Tencent Cloud SMS
# ("lianxi.notifications.channels.sms.tencent.TencentSmsTransport") with SMS_TENCENT_* below;
# `check --deploy` refuses production without a configured provider.
# Revealing a citizen's contact (lianxi/cases/reveal.py): at most this many per user per hour.
CONTACT_REVEALS_PER_HOUR = int(os.environ.get("CONTACT_REVEALS_PER_HOUR", "20"))
SMS_TRANSPORT = os.environ.get(
    "SMS_TRANSPORT", "lianxi.notifications.channels.sms.transport.ConsoleSmsTransport"
)
SMS_TENCENT = {
    name: os.environ.get(f"SMS_TENCENT_{name}", default)
    for name, default in [
        ("SECRET_ID", ""),
        ("SECRET_KEY", ""),
        ("APP_ID", ""),
        ("SIGN_NAME", ""),
        ("TEMPLATE_ID", ""),  # a notice: one parameter, the text
        ("CODE_TEMPLATE_ID", ""),  # a sign-in code: one parameter, the code
        ("REGION", "ap-guangzhou"),
        ("ENDPOINT", "sms.tencentcloudapi.com"),
        ("PROTOCOL", "https"),
        ("TIMEOUT", "5"),
    ]
}

# Supervision of cases (docs/decisions/0009-deputy-deadline-is-a-setting.md): working days a
# deputy has to answer (or refer) an accepted case, and working days past the applicable
# deadline after which the case is escalated to committee staff (督办).
DEPUTY_ANSWER_WORKDAYS = int(os.environ.get("DEPUTY_ANSWER_WORKDAYS", "10"))
ESCALATE_AFTER_WORKDAYS = int(os.environ.get("ESCALATE_AFTER_WORKDAYS", "2"))

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "lianxi" / "locale"]
USE_I18N = True
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "lianxi" / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Uploaded files: on disk under MEDIA_ROOT (default), or in S3-compatible object storage with
# MEDIA_STORAGE=s3 (django-storages and boto3: requirements-s3.txt; docs/deploy.md).
MEDIA_STORAGE = os.environ.get("MEDIA_STORAGE", "disk")
if MEDIA_STORAGE not in {"disk", "s3"}:
    raise ImproperlyConfigured("MEDIA_STORAGE must be 'disk' or 's3'")
MEDIA_BACKEND: dict[str, Any] = (
    {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("S3_BUCKET", ""),
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("S3_REGION") or None,
            "access_key": os.environ.get("S3_ACCESS_KEY_ID", ""),
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY", ""),
            "location": os.environ.get("S3_PREFIX", "media"),
            # Private objects: files are only ever served through the views that check access.
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": False,
            "addressing_style": os.environ.get("S3_ADDRESSING_STYLE") or None,
        },
    }
    if MEDIA_STORAGE == "s3"
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
)
STORAGES = {
    "default": MEDIA_BACKEND,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if TESTING or DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = TESTING or DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
MAX_IMPORT_BYTES = 10 * 1024 * 1024

# Background jobs: SQLite-backed huey by default; HUEY_REDIS_URL for Redis at scale.
HUEY_IMMEDIATE = env_bool("HUEY_IMMEDIATE", TESTING)
# "utc": False makes the periodic tasks' crontab hours local (TIME_ZONE: Django sets the
# process's TZ from it), so 07:30 reminders go at 07:30 in Beijing, not at 15:30.
if os.environ.get("HUEY_REDIS_URL"):
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "lianxi",
        "utc": False,
        "immediate": HUEY_IMMEDIATE,
        "connection": {"url": os.environ["HUEY_REDIS_URL"]},
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "lianxi",
        "utc": False,
        "immediate": HUEY_IMMEDIATE,
        "filename": str(VAR_DIR / "huey.sqlite3"),
    }

CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["CACHE_REDIS_URL"],
        }
        if os.environ.get("CACHE_REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
if SESSION_BACKEND != "db" and not os.environ.get("CACHE_REDIS_URL"):
    # An in-process cache would give each app process its own sessions.
    raise ImproperlyConfigured("SESSION_BACKEND=cache or cached_db needs CACHE_REDIS_URL")

# E-mail: SMTP when EMAIL_HOST is set, else the console (a local install) or memory (tests).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.locmem.EmailBackend"
    if TESTING
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "lianxi@localhost")
# Links in e-mails and texts point here.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Security headers. CSP with nonces on every page (django-csp 4).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if HTTPS:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    LANGUAGE_COOKIE_SECURE = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
        "huey": {"level": "WARNING" if TESTING else "INFO"},
        # WeasyPrint and fontTools report every layout step and font subset at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # The SMS SDK logs whole requests (numbers, codes) at DEBUG.
        "tencentcloud_sdk_common": {"level": "WARNING"},
    },
}

# Backups (lianxi/retention/backup.py): always encrypted, with a key only from the environment.
BACKUP_KEY = os.environ.get("LIANXI_BACKUP_KEY", "")
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", VAR_DIR / "backups"))
# Retention (docs/security.md): audit events stay in the database at least 180 days (the
# system check refuses less), then go to compressed archive files; personal data of closed
# cases is anonymised after PERSONAL_DATA_RETENTION_DAYS.
AUDIT_RETENTION_DAYS = int(os.environ.get("AUDIT_RETENTION_DAYS", "365"))
AUDIT_ARCHIVE_DIR = Path(os.environ.get("AUDIT_ARCHIVE_DIR", VAR_DIR / "audit-archive"))
PERSONAL_DATA_RETENTION_DAYS = int(os.environ.get("PERSONAL_DATA_RETENTION_DAYS", str(3 * 365)))

NINJA_PAGINATION_PER_PAGE = 50
SITE_NAME = os.environ.get("SITE_NAME", "示范市人大代表联络平台")
