"""Session timeouts, the second-factor gate, and the Permissions-Policy header."""

import contextvars
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

SESSION_LOGIN_AT = "g40_login_at"
SESSION_SEEN_AT = "g40_seen_at"
# Whether the user had a confirmed second factor when this session began (saves a
# query on every request; the set-up and switch-off views keep it current, and
# switching a factor on ends the user's other sessions: accounts.signals).
SESSION_HAS_DEVICE = "g40_has_second_factor"
# Whether the city's provider vouched for a second factor at this session's login (its
# acr/amr, accounts.oidc): the app then asks none of its own.
SESSION_PROVIDER_MFA = "g40_provider_mfa"
SEEN_AT_GRANULARITY = 60  # seconds

# The request being handled, for the security log's "who and from where" when a
# change is recorded far from the view (e.g. a role saved in the admin).
current_request: contextvars.ContextVar = contextvars.ContextVar("current_request", default=None)


class SessionTimeoutMiddleware:
    """Ends a session after SESSION_IDLE_TIMEOUT_SECONDS without a request, and after
    SESSION_ABSOLUTE_TIMEOUT_SECONDS since login, whatever the activity."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set(request)
        try:
            if request.user.is_authenticated and self._expired(request):
                from .constants import SecurityEventKind
                from .services import security_event_record

                security_event_record(kind=SecurityEventKind.SESSION_EXPIRED, request=request)
                logout(request)
                messages.info(request, _("Your session has ended. Please log in again."))
                return redirect(f"{reverse(settings.LOGIN_URL)}?next={request.path}")
            if request.user.is_authenticated:
                now = int(time.time())
                if now - request.session.get(SESSION_SEEN_AT, 0) >= SEEN_AT_GRANULARITY:
                    request.session[SESSION_SEEN_AT] = now
            return self.get_response(request)
        finally:
            current_request.reset(token)

    @staticmethod
    def _expired(request) -> bool:
        now = time.time()
        login_at = request.session.get(SESSION_LOGIN_AT)
        seen_at = request.session.get(SESSION_SEEN_AT)
        if login_at is None or seen_at is None:
            return False  # a session from before this middleware; it ends with its cookie
        return (
            now - login_at > settings.SESSION_ABSOLUTE_TIMEOUT_SECONDS
            or now - seen_at > settings.SESSION_IDLE_TIMEOUT_SECONDS
        )


# Paths a signed-in user may open before passing the second factor.
_SECOND_FACTOR_OPEN = ("accounts:otp_verify", "accounts:totp_setup", "accounts:totp_qr", "logout")


class SecondFactorMiddleware:
    """A user with a second factor must pass it once per session; the secretariat,
    DB members and admin users must set one up first (when MFA_REQUIRED)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and not request.session.get(SESSION_PROVIDER_MFA)
        ):
            target = self._target(request)
            if target is not None:
                return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)

    @staticmethod
    def _target(request) -> str | None:
        from .services import has_second_factor, mfa_required_for

        open_paths = {reverse(name) for name in _SECOND_FACTOR_OPEN}
        if request.path in open_paths or request.path.startswith(
            (settings.STATIC_URL, "/health/", "/i18n/")
        ):
            return None
        has_device = request.session.get(SESSION_HAS_DEVICE)
        if has_device is None:
            has_device = request.session[SESSION_HAS_DEVICE] = has_second_factor(request.user)
        if has_device:
            return "accounts:otp_verify"
        if mfa_required_for(request.user):
            return "accounts:totp_setup"
        return None


class PermissionsPolicyMiddleware:
    """Adds Permissions-Policy: the app needs no camera, microphone, location, …"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
