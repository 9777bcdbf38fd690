"""Settings for G40 Netwerk: one module, every value read from the environment.

With no environment at all the app runs on a SQLite file in the project folder and
Celery runs tasks in-process, so that a newcomer needs nothing but Python.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def _read_env_file(path: Path) -> None:
    """Values from a local ``.env`` file (KEY=value lines) fill in what the real
    environment does not set; the environment always wins. ``make`` writes one
    for development from ``.env.example``."""
    if not path.is_file():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _sep, value = line.partition("=")
        os.environ.setdefault(key.strip(), value.strip().strip('"').strip("'"))


_read_env_file(Path(os.environ.get("G40_ENV_FILE") or BASE_DIR / ".env"))


def env(name: str, default: str = "") -> str:
    """An environment value; empty counts as unset."""
    return os.environ.get(name) or default


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


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

# The apps, one per domain noun, in dependency order (the dashboard and the demo
# loader visit them in this order too).
G40_APPS = [
    "accounts",
    # Before the apps whose erasure renames a person: the audit trail's erasure looks
    # for the person's name as it was (see audit/personal_data.py).
    "audit",
    "outbox",
    "pillars",
    "members",
    "themegroups",
    "networkdays",
]

INSTALLED_APPS = [
    "g40.apps.G40AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "auditlog",
    "g40.apps.G40Config",
    *G40_APPS,
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The data's generations as the request begins: keys of cached fragments (g40.fragments).
    "g40.generations.GenerationsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "g40.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "g40.middleware.RejectNulBytesMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The audit trail's actor, client address and correlation id per request (audit app).
    "audit.middleware.AuditMiddleware",
    # request.user.is_verified(): has this session passed the second factor?
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Idle and absolute session timeouts.
    "accounts.middleware.SessionTimeoutMiddleware",
    # Every page needs a login unless its view is marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # The secretariat, DB members and the admin need a second factor (MFA_REQUIRED).
    "accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "accounts.middleware.PermissionsPolicyMiddleware",
    # Last: it must see failed logins after everything else has run.
    "axes.middleware.AxesMiddleware",
]

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
                "g40.context_processors.site",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
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
# Rendered page fragments and exports (g40.fragments), keyed by the data's generations
# (g40.generations): a write to a table makes every fragment built on it unreachable at
# once. With more than one server process the cache must be shared: CACHE_URL=redis://….
# Without it, a cache in the process's memory (one process: make run, the tests) — but
# no cache at all when a broker is set, since a worker process writes too.
# CACHE_URL=dummy:// turns caching off.
CACHE_URL = env("CACHE_URL", "dummy://" if env("CELERY_BROKER_URL") else "locmem://")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            # Django's Redis cache, with one client object per pool (g40/cache.py).
            "BACKEND": "g40.cache.RedisCache",
            "LOCATION": CACHE_URL,
            # Several sites (or the benchmark's two data sets) may share one Redis.
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "g40"),
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
elif CACHE_URL.startswith("dummy://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "g40",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
# The longest a fragment is kept (seconds). Writes invalidate at once; this bounds what
# a write that could not reach the cache (the cache was down) leaves behind.
FRAGMENT_CACHE_SECONDS = env_int("FRAGMENT_CACHE_SECONDS", 300)

# --- Authentication ---------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    # Counts failures and locks out before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Argon2 first: new and changed passwords are hashed with it; older hashes upgrade on login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3

# django-axes: lock a username + address pair after repeated failures.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Behind reverse proxies, the client address is the one the outermost trusted proxy
# saw; with none configured, X-Forwarded-For is ignored so that nobody can forge it.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "accounts.services.client_address"

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
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

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
# Longer than the longest countdown we use, so Redis does not redeliver early.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60 * 6}
# Periodic work; each app adds its own entries below in its own block.
CELERY_BEAT_SCHEDULE: dict = {
    "outbox-purge-sent-mail": {"task": "outbox.purge_sent_mail", "schedule": 60 * 60 * 24},
    "accounts-purge-security-log": {
        "task": "accounts.purge_security_log",
        "schedule": 60 * 60 * 24,
    },
    "networkdays-send-reminders": {
        "task": "networkdays.send_reminders",
        "schedule": 60 * 60,
    },
    "networkdays-purge-needs": {"task": "networkdays.purge_needs", "schedule": 60 * 60 * 24},
    "audit-purge-log": {"task": "audit.purge_audit_log", "schedule": 60 * 60 * 24},
    "themegroups-send-weekly-digests": {
        "task": "themegroups.send_weekly_digests",
        "schedule": 60 * 60 * 24,
    },
}

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
}

# --- Audit trail (django-auditlog; models are registered in each app's apps.py) ----
# Related objects are stored by id (the default) and named when read (audit/display.py).
# The correlation id is made by audit.middleware per request, never taken from a header
# a client could write; the client address comes from accounts.services.client_address.
AUDITLOG_CID_HEADER = None

# --- Network days (networkdays) -------------------------------------------
# "Houd beslist vast aan het maximum van vier per jaar" (report, section E).
NETWORK_DAYS_PER_YEAR = 4
NETWORK_DAY_REMINDER_DAYS_BEFORE = env_int("NETWORK_DAY_REMINDER_DAYS_BEFORE", 3)

# --- Theme groups (themegroups) -------------------------------------------
# A group is "due" this many weeks before its review date.
THEME_GROUP_DUE_WEEKS = env_int("THEME_GROUP_DUE_WEEKS", 8)
# The pillar secretary's page warns this many weeks before support ends.
THEME_GROUP_SUPPORT_ENDING_WEEKS = env_int("THEME_GROUP_SUPPORT_ENDING_WEEKS", 6)

# --- Security ---------------------------------------------------------------
# Second factor (TOTP with recovery codes) for the secretariat, DB members and the
# admin; on whenever DEBUG is off, off in the `make run` demo (it says so on start).
MFA_REQUIRED = env_bool("MFA_REQUIRED", not DEBUG)
OTP_TOTP_ISSUER = "G40 Netwerk"
MFA_RECOVERY_CODE_COUNT = 10

# Sessions: idle timeout and absolute timeout (accounts.middleware). The last-seen time
# is written at most once a minute, so a page view costs no session write.
SESSION_IDLE_TIMEOUT_SECONDS = env_int("SESSION_IDLE_TIMEOUT_MINUTES", 30) * 60
SESSION_ABSOLUTE_TIMEOUT_SECONDS = env_int("SESSION_ABSOLUTE_TIMEOUT_HOURS", 12) * 60 * 60
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT_SECONDS
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

# Content-Security-Policy (django-csp 4): no inline script, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
    }
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
