"""The security log listens to logins, failures, lockouts, role and MFA changes."""

import time

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.db.models.signals import post_delete, post_init, post_save
from django.dispatch import receiver

from .constants import SecurityEventKind
from .middleware import SESSION_HAS_DEVICE, SESSION_LOGIN_AT, SESSION_SEEN_AT, current_request
from .services import has_second_factor, security_event_record, sessions_end_for_user


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
    _sessions_end_if_removed(instance.person_id)


@receiver(post_delete, sender="members.Role")
def _role_deleted(sender, instance, **kwargs):
    security_event_record(kind=SecurityEventKind.ROLE_REMOVED, detail=_role_detail(instance))
    _sessions_end_if_removed(instance.person_id)


@receiver(post_delete, sender="members.Person")
def _person_deleted(sender, instance, **kwargs):
    if instance.user_id is not None:
        transaction.on_commit(lambda: _end_sessions_of(instance.user_id))


def _sessions_end_if_removed(person_id: int) -> None:
    """A person their city removed (no current role left) is logged out everywhere at
    once, whichever way they logged in (issue 26). A role ending on a later day counts
    from that day's next request (permissions), not by ending sessions."""
    from members.models import Person, Role

    user_id = Person.objects.filter(pk=person_id).values_list("user_id", flat=True).first()
    if user_id is None or Role.objects.current().filter(person_id=person_id).exists():
        return
    transaction.on_commit(lambda: _end_sessions_of(user_id))


def _end_sessions_of(user_id: int) -> None:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=user_id).first()
    if user is not None:
        sessions_end_for_user(user=user)


@receiver(post_delete, sender="otp_totp.TOTPDevice")
def _totp_deleted(sender, instance, **kwargs):
    # Switching on is logged by the set-up view; switching off may also happen in the admin.
    if instance.confirmed:
        security_event_record(kind=SecurityEventKind.MFA_DISABLED, user=instance.user)


@receiver(post_init, sender="otp_totp.TOTPDevice")
def _totp_loaded(sender, instance, **kwargs):
    instance._g40_was_confirmed = instance.confirmed


@receiver(post_save, sender="otp_totp.TOTPDevice")
def _totp_switched_on(sender, instance, created, **kwargs):
    """A second factor switched on (set-up page or admin): every other session of the
    user began without it and ends now, so that none goes on without passing it. The
    session that switched it on, verified by doing so, stays. (The set-up page saves the
    device unconfirmed while checking the first code, then confirms it.)"""
    switched_on = instance.confirmed and (created or not instance._g40_was_confirmed)
    instance._g40_was_confirmed = instance.confirmed
    if not switched_on:
        return
    request = current_request.get()
    keep = None
    if request is not None and getattr(request, "user", None) == instance.user:
        keep = request.session.session_key
    sessions_end_for_user(user=instance.user, keep_session_key=keep)
