"""Settings for G40 Netwerk: one module, every value read from the environment.

With no environment at all the app runs on a SQLite file in the project folder and
Celery runs tasks in-process, so that a newcomer needs nothing but Python.

The environment is read only here, and only through the helpers of ``infra.env``. The
long fixed lists (apps and middleware, periodic tasks, the API's framework, sign-in and
security headers) are data in ``g40/settings_*.py``, imported by name: they read nothing.
"""

import sys
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

# The fixed lists, by name (data only; see each module).
from g40.settings_api import REST_FRAMEWORK, SPECTACULAR_SETTINGS  # noqa: F401
from g40.settings_apps import G40_APPS, INSTALLED_APPS, MIDDLEWARE  # noqa: F401

# The kept libraries' fixed options (axes, otp, two-factor, dbbackup): upper-case data only.
from g40.settings_libs import *  # noqa: F403
from g40.settings_libs import BACKUP_MODES
from g40.settings_schedule import CELERY_BEAT_SCHEDULE  # noqa: F401
from g40.settings_security import (  # noqa: F401
    AUTH_PASSWORD_VALIDATORS,
    AUTHENTICATION_BACKENDS,
    CONTENT_SECURITY_POLICY,
    PASSWORD_HASHERS,
    PERMISSIONS_POLICY,
)
from infra.env import (
    env,
    env_bool,
    env_choice,
    env_database,
    env_date,
    env_iban,
    env_int,
    env_list,
    env_rate,
    env_url,
    read_env_file,
)

BASE_DIR = Path(__file__).resolve().parent.parent
# A local .env file fills in what the real environment does not set.
read_env_file(Path(env("G40_ENV_FILE") or BASE_DIR / ".env"))

DEBUG = env_bool("DEBUG", False)
# Under pytest: static files come from the finders, no collectstatic needed.
TESTING = env_bool("TESTING") or "pytest" in sys.modules

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Only for local development; never used with DEBUG off.
    SECRET_KEY = "insecure-development-key-only-for-debug"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

ROOT_URLCONF = "g40.urls"
WSGI_APPLICATION = "g40.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "infra.context_processors.site",
                "members.context_processors.navigation",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------
DATABASES = {
    "default": env_database(
        "DATABASE_URL",
        f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers wait for each other instead of failing at once.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------
# No page is cached: every page is rendered from its queries. The cache holds what must
# be shared between processes for a short while: the API's rate limits and first-seen
# times, the mail batch flag, a letter's rendered PDF. With more than one server process
# it must be shared: CACHE_URL=redis://…. Without it, a cache in the process's memory
# (one process: make run, the tests) — but none at all when a broker is set, since a
# worker is another process. CACHE_URL=dummy:// turns caching off.
CACHE_SCHEMES = ("redis", "rediss", "unix", "locmem", "dummy")
CACHE_URL = env("CACHE_URL", "dummy://" if env("CELERY_BROKER_URL") else "locmem://")
env_url("CACHE_URL", CACHE_URL, CACHE_SCHEMES)  # an unknown scheme stops the start
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            # django-redis: one client per pool (as fast as a hand-made one, measured).
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": CACHE_URL,
            # Several sites (or the benchmark's two data sets) may share one Redis.
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "g40"),
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        }
    }
elif CACHE_URL.startswith("dummy://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
elif CACHE_URL.startswith("locmem://"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "g40",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
else:
    raise ImproperlyConfigured(
        f"CACHE_URL={CACHE_URL!r}: use redis://, rediss://, unix://, locmem:// or dummy://"
    )

# --- Authentication (backends, hashers, validators: g40/settings_security.py) --
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3

# django-axes locks a username + address pair after failures (the rest: settings_libs).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 10)
# Behind reverse proxies, the client address is the one the outermost trusted proxy
# saw; with none configured, X-Forwarded-For is ignored so that nobody can forge it.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# --- Internationalisation ---------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Amsterdam"
USE_TZ = True

# --- Static files: served by the app itself through WhiteNoise (no CDN) -----
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = DEBUG or TESTING
# --- Uploaded files (knowledge) ---------------------------------------------------
# Local disk by default (MEDIA_ROOT); an S3-compatible bucket (MinIO, AWS, …) when
# KNOWLEDGE_S3_BUCKET is set, through django-storages. Files are never served from
# MEDIA_URL: every download goes through a view that checks access (docs/knowledge.md).
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
KNOWLEDGE_MAX_UPLOAD_BYTES = env_int("KNOWLEDGE_MAX_UPLOAD_MB", 25) * 1024 * 1024
KNOWLEDGE_S3_BUCKET = env("KNOWLEDGE_S3_BUCKET")
if KNOWLEDGE_S3_BUCKET:
    KNOWLEDGE_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": KNOWLEDGE_S3_BUCKET,
            "endpoint_url": env("KNOWLEDGE_S3_ENDPOINT_URL") or None,
            "access_key": env("KNOWLEDGE_S3_ACCESS_KEY_ID") or None,
            "secret_key": env("KNOWLEDGE_S3_SECRET_ACCESS_KEY") or None,
            "region_name": env("KNOWLEDGE_S3_REGION", "us-east-1"),
            "location": "knowledge",
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
            "addressing_style": env("KNOWLEDGE_S3_ADDRESSING_STYLE", "path"),
        },
    }
else:
    KNOWLEDGE_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT / "knowledge")},
    }
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "knowledge": KNOWLEDGE_STORAGE,
    # django-dbbackup's backups (make backup): owner-only files in BACKUP_DIR.
    "dbbackup": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": env("BACKUP_DIR", str(BASE_DIR / "backups")), **BACKUP_MODES},
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# make backup (django-dbbackup; g40/settings_libs.py): encrypted for this GnuPG key when
# set; the newest BACKUP_KEEP of each kind (database, files) are kept.
DBBACKUP_GPG_RECIPIENT = env("BACKUP_GPG_RECIPIENT") or None
DBBACKUP_CLEANUP_KEEP = DBBACKUP_CLEANUP_KEEP_MEDIA = env_int("BACKUP_KEEP", 30)

# --- Forms ------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- E-mail -----------------------------------------------------------------
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "G40 Netwerk <noreply@g40netwerk.nl>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# A real address a recipient can write to (the secretariat's): every mail names it in its
# footer and carries it as Reply-To, as the sender is a noreply address (issue 23).
NETWORK_CONTACT_EMAIL = env("NETWORK_CONTACT_EMAIL", "secretariaat@g40netwerk.nl")

# --- Celery -----------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL")
# Without a broker, tasks run in-process, at the moment they are queued.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", CELERY_BROKER_URL or None) or None
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Handing a task to the broker must fail fast when the broker is down: a request that
# queues a mail after its commit answers at once, and the outbox's sweep sends the mail
# later. The connect timeout bounds each try, and there is no second try (max_retries 0;
# the default waits ~6 s, and a Redis result backend another ~19 s).
CELERY_BROKER_CONNECT_TIMEOUT = env_int("CELERY_BROKER_CONNECT_TIMEOUT_MS", 500) / 1000
CELERY_BROKER_CONNECTION_TIMEOUT = CELERY_BROKER_CONNECT_TIMEOUT
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Longer than the longest countdown we use, so Redis does not redeliver early.
    "visibility_timeout": 60 * 60 * 6,
    "socket_connect_timeout": CELERY_BROKER_CONNECT_TIMEOUT,
    "max_retries": 0,
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = CELERY_BROKER_CONNECT_TIMEOUT
# The DB's digest of what waits for it (members.waiting): "daily" (one mail a day at most
# per DB member, only when something new was put before the DB) or "off".
DB_DIGEST = env_choice("DB_DIGEST", "daily", ("daily", "off"))

# --- Outbox (outbox) ----------------------------------------------------------
# A mail still unsent this long after it was recorded (or after its last try) is sent
# by the periodic sweep; after OUTBOX_MAX_ATTEMPTS failed tries it is "failed", for the
# secretariat to see (admin, dashboard).
OUTBOX_RETRY_AFTER_SECONDS = env_int("OUTBOX_RETRY_AFTER_MINUTES", 5) * 60
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 5)
OUTBOX_BATCH_SIZE = 200
# Mails rendered by the worker (a registration's, a promotion's) wait this long after
# the first of them was recorded, then go out together, over one connection to the mail
# server: at a registration opening the worker renders and sends after the peak rather
# than beside it (docs/benchmarks.md, issue 16). 0: at once.
OUTBOX_BATCH_DELAY_SECONDS = env_int("OUTBOX_BATCH_DELAY_SECONDS", 5)

# --- Rate limits: django-ratelimit, counted in the cache (a Redis shared by every process)
# (failed logins: django-axes' lockout; wrong second-factor codes: django-otp's throttle).
# Password reset per address and per client address (over it: the same answer, no mail):
PASSWORD_RESET_RATE_PER_ADDRESS = env_rate("PASSWORD_RESET_RATE_PER_ADDRESS", "3/h")
PASSWORD_RESET_RATE_PER_CLIENT = env_rate("PASSWORD_RESET_RATE_PER_CLIENT", "10/h")
LETTERS_SUBSCRIBE_RATE = env_rate("LETTERS_SUBSCRIBE_RATE", "10/h")  # per client address
API_RATE_PER_ADDRESS = env_rate("API_RATE_PER_ADDRESS", "60/m")  # api.throttling: no token
API_RATE_PER_TOKEN = env_rate("API_RATE_PER_TOKEN", "120/m")  # api.throttling: per token

# --- The API (api, issue 27; docs/api.md) -------------------------------------
# The contact in the OpenAPI document (ADR /core/doc-openapi-contact): the API's keepers.
API_CONTACT_EMAIL = env("API_CONTACT_EMAIL", "api@g40netwerk.nl")
# Before /api/v2 replaces /api/v1: from API_V1_DEPRECATED_ON every v1 answer carries
# Deprecation (RFC 9745), and API_V1_SUNSET_ON is announced in Sunset (RFC 8594).
API_V1_DEPRECATED_ON = env_date("API_V1_DEPRECATED_ON")
API_V1_SUNSET_ON = env_date("API_V1_SUNSET_ON")

# --- Retention (days): how long personal data with a shelf life is kept ------
# One place for every retention period; each has a scheduled purge task.
RETENTION_DAYS = {
    "sent_mail": env_int("RETENTION_SENT_MAIL_DAYS", 90),
    # Dietary and accessibility needs, counted from the network day.
    "registration_needs": env_int("RETENTION_REGISTRATION_NEEDS_DAYS", 30),
    # The security log: logins, failures, lockouts, role and MFA changes, exports.
    "security_log": env_int("RETENTION_SECURITY_LOG_DAYS", 365),
    # django-axes records of failed logins.
    "failed_logins": env_int("RETENTION_FAILED_LOGINS_DAYS", 30),
    # The audit trail: who changed which city, person, role, day, registration, group,
    # decision or support, when, from which request (django-auditlog's LogEntry).
    "audit_log": env_int("RETENTION_AUDIT_LOG_DAYS", 730),
    # A request to receive the member letters that was never confirmed (the link in the
    # confirmation mail works this long).
    "letter_subscription_request": env_int("RETENTION_LETTER_SUBSCRIPTION_REQUEST_DAYS", 7),
    # The contact (name, e-mail address) of a membership application, counted from the
    # AB's decision; the application and its steps stay.
    "application_contacts": env_int("RETENTION_APPLICATION_CONTACTS_DAYS", 730),
    # A personal API token (its name, last use), counted from its expiry or revocation.
    "api_tokens": env_int("RETENTION_API_TOKENS_DAYS", 90),
}

# --- Audit trail (django-auditlog; models are registered in each app's apps.py) ----
# Related objects are stored by id (the default) and named when read (audit/display.py).
# The correlation id is made by audit.middleware per request, never taken from a header
# a client could write; the client address comes from infra.client.client_address.
AUDITLOG_CID_HEADER = None

# --- Network days (networkdays) -------------------------------------------
# "Houd beslist vast aan het maximum van vier per jaar" (report, section E).
NETWORK_DAYS_PER_YEAR = 4
NETWORK_DAY_REMINDER_DAYS_BEFORE = env_int("NETWORK_DAY_REMINDER_DAYS_BEFORE", 3)
# Check-in (marking people present) opens this many hours before a day starts.
CHECK_IN_OPENS_HOURS_BEFORE = env_int("CHECK_IN_OPENS_HOURS_BEFORE", 2)
# The RSVP link in a digital meeting's invitation (signed, single-use) expires after this
# many days; a changed meeting's new invitation carries a new link.
DIGITAL_MEETING_RSVP_LINK_DAYS = env_int("DIGITAL_MEETING_RSVP_LINK_DAYS", 60)

# --- Theme groups (themegroups) -------------------------------------------
# A group is "due" this many weeks before its review date.
THEME_GROUP_DUE_WEEKS = env_int("THEME_GROUP_DUE_WEEKS", 8)
# The pillar secretary's page warns this many weeks before support ends.
THEME_GROUP_SUPPORT_ENDING_WEEKS = env_int("THEME_GROUP_SUPPORT_ENDING_WEEKS", 6)

# --- Participation (participation) ------------------------------------------
# The participation pages show each measure "over the years" for this many years.
PARTICIPATION_YEARS_SHOWN = env_int("PARTICIPATION_YEARS_SHOWN", 5)


# --- Contributions ---------------------------------------------------------------
# A statement is payable: the network's account (IBAN and holder) and the term.
CONTRIBUTION_IBAN = env_iban("CONTRIBUTION_IBAN")
CONTRIBUTION_ACCOUNT_NAME = env("CONTRIBUTION_ACCOUNT_NAME", "G40 Stedennetwerk")
CONTRIBUTION_PAYMENT_DAYS = env_int("CONTRIBUTION_PAYMENT_DAYS", 30, minimum=1)
# The budget page (issue 23): a year whose advocacy share lies more than this many
# percentage points from the report's line (the first budget's split: "houd de huidige
# verhouding in tact") is flagged; so is a year whose contribution income lies more
# than this percentage away from the planned total.
BUDGET_RATIO_TOLERANCE_POINTS = env_int("BUDGET_RATIO_TOLERANCE_POINTS", 3, minimum=1)
BUDGET_INCOME_GAP_PERCENT = env_int("BUDGET_INCOME_GAP_PERCENT", 25, minimum=1)

# --- Lobby (lobby) ------------------------------------------------------------
# The DB is reminded (once) of a deviation notice it has not acknowledged this many
# days after it was filed.
LOBBY_ACKNOWLEDGE_DAYS = env_int("LOBBY_ACKNOWLEDGE_DAYS", 5, minimum=1)

# --- Security (CSP, Permissions-Policy: g40/settings_security.py) -------------
# Second factor (TOTP with recovery codes) for the secretariat, DB members and the
# admin; on whenever DEBUG is off, off in the `make run` demo (it says so on start).
MFA_REQUIRED = env_bool("MFA_REQUIRED", not DEBUG)

# Sessions: idle timeout and absolute timeout (accounts.middleware). The last-seen time
# is written at most once a minute, so a page view costs no session write.
SESSION_IDLE_TIMEOUT_SECONDS = env_int("SESSION_IDLE_TIMEOUT_MINUTES", 30) * 60
SESSION_ABSOLUTE_TIMEOUT_SECONDS = env_int("SESSION_ABSOLUTE_TIMEOUT_HOURS", 12) * 60 * 60
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT_SECONDS
# In the database: switching a second factor on ends the user's other sessions, which
# must be found (accounts.services.sessions_end_for_user).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    if SESSION_COOKIE_SECURE:
        # __Host-: only over HTTPS, only for this host, path / (no subdomain can set it).
        SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    if TRUSTED_PROXY_COUNT:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^health/$"]

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_choice("LOG_LEVEL", "INFO", LOG_LEVELS)},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
