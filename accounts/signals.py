"""The security log listens to logins, failures, lockouts, role and MFA changes."""

import time

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .constants import SecurityEventKind
from .middleware import SESSION_HAS_DEVICE, SESSION_LOGIN_AT, SESSION_SEEN_AT
from .services import has_second_factor, security_event_record


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SESSION_LOGIN_AT] = now
        request.session[SESSION_SEEN_AT] = now
        request.session[SESSION_HAS_DEVICE] = has_second_factor(user)
    security_event_record(kind=SecurityEventKind.LOGIN, request=request, user=user)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        security_event_record(kind=SecurityEventKind.LOGOUT, request=request, user=user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    security_event_record(
        kind=SecurityEventKind.LOGIN_FAILED,
        request=request,
        username=str(credentials.get("username", ""))[:150],
    )


@receiver(user_locked_out)
def _locked_out(sender, request, username, ip_address, **kwargs):
    security_event_record(
        kind=SecurityEventKind.LOCKED_OUT, request=request, username=str(username or "")[:150]
    )


def _role_detail(role) -> dict:
    return {
        "person": role.person_id,
        "role": role.kind,
        "board_position": role.board_position,
        "pillar": role.pillar_id,
        "starts_on": role.starts_on.isoformat() if role.starts_on else None,
        "ends_on": role.ends_on.isoformat() if role.ends_on else None,
    }


@receiver(post_save, sender="members.Role")
def _role_saved(sender, instance, created, **kwargs):
    security_event_record(
        kind=SecurityEventKind.ROLE_CHANGED,
        detail={"created": created, **_role_detail(instance)},
    )


@receiver(post_delete, sender="members.Role")
def _role_deleted(sender, instance, **kwargs):
    security_event_record(kind=SecurityEventKind.ROLE_REMOVED, detail=_role_detail(instance))


@receiver(post_delete, sender="otp_totp.TOTPDevice")
def _totp_deleted(sender, instance, **kwargs):
    # Switching on is logged by the set-up view; switching off may also happen in the admin.
    if instance.confirmed:
        security_event_record(kind=SecurityEventKind.MFA_DISABLED, user=instance.user)
