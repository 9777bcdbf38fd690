"""The settings' data: the installed apps and the middleware, in their order.

Plain values, imported by name by ``g40/settings.py`` (the one settings module); nothing
here reads the environment."""

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
    "participation",
    # Who may join, then what members pay (until issue 24 one app, "membership": the
    # tables keep that prefix).
    "admissions",
    "contributions",
    "lobby",
    # Knowledge products (issue 25): before letters, whose draft proposes the new ones.
    "knowledge",
    # Last: a member letter's draft is proposed from what the other apps hold.
    "letters",
    # /api/v1 (issue 27): reads and writes through the other apps' services and selectors.
    "api",
]

INSTALLED_APPS = [
    "infra.apps.G40AdminConfig",
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
    "two_factor",
    "dbbackup",
    "auditlog",
    "infra.apps.InfraConfig",
    *G40_APPS,
    # Last: an app listed earlier wins where two catalogues translate the same words, and
    # Django REST framework's Dutch words some of the site's messages differently
    # ("Dit veld is vereist."); the api app restores Django's for those (api/words.py).
    "rest_framework",
    "drf_spectacular",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # /api/: API-Version on every answer, every error as problem details, CORS for the
    # open data (api.middleware); outside everything below, so it sees their answers too.
    "api.middleware.ApiMiddleware",
    # The security headers wrap everything below, so that an answer made early (a 400
    # for a NUL byte or a bad Host) carries them too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "accounts.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "infra.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "infra.middleware.RejectNulBytesMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Answers to a signed-in user: Cache-Control: no-store (personal data, issue 11).
    "infra.middleware.PrivateAnswersMiddleware",
    # The audit trail's actor, client address and correlation id per request (audit app).
    "audit.middleware.AuditMiddleware",
    # request.user.is_verified(): has this session passed the second factor?
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # With DEBUG (the demo): the app's own Dutch 404 page, not Django's technical one.
    "infra.middleware.OwnNotFoundPageMiddleware",
    # Idle and absolute session timeouts.
    "accounts.middleware.SessionTimeoutMiddleware",
    # Every page needs a login unless its view is marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # The secretariat, DB members and the admin need a second factor (MFA_REQUIRED).
    "accounts.middleware.SecondFactorMiddleware",
    # Last: it must see failed logins after everything else has run.
    "axes.middleware.AxesMiddleware",
]
