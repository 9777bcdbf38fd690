"""Security log, second factor and personal data: the writes of the accounts app."""

from __future__ import annotations

import datetime
import importlib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from infra.client import client_address
from infra.registry import app_hooks
from infra.services import require_allowed
from infra.text import normalise_email
from members.actors import is_system
from members.permissions import permissions_for

from .constants import SecurityEventKind
from .models import EmailChange, SecurityEvent

# --- security log -------------------------------------------------------------


def security_event_record(
    *,
    kind: SecurityEventKind | str,
    request=None,
    user=None,
    username: str = "",
    detail: dict | None = None,
) -> SecurityEvent:
    if request is None:
        from .middleware import current_request

        request = current_request.get()
    request_user = getattr(request, "user", None)
    if user is None and request_user is not None and request_user.is_authenticated:
        user = request_user
    if user is not None and not username:
        username = user.get_username()
    return SecurityEvent.objects.create(
        kind=kind,
        user=user,
        username=username[:150],
        ip_address=client_address(request),
        detail=detail or {},
    )


def security_log_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete security events and failed-login records past their retention."""
    from axes.models import AccessAttempt, AccessFailureLog

    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.RETENTION_DAYS["security_log"])
    deleted, _ = SecurityEvent.objects.filter(at__lt=cutoff).delete()
    failed_cutoff = now - datetime.timedelta(days=settings.RETENTION_DAYS["failed_logins"])
    AccessAttempt.objects.filter(attempt_time__lt=failed_cutoff).delete()
    AccessFailureLog.objects.filter(attempt_time__lt=failed_cutoff).delete()
    return deleted


# --- password reset -----------------------------------------------------------


def password_reset_send(*, email: str) -> None:
    """Queue a reset mail to each active account with a usable password at ``email``
    (Django's lookup; none for an unknown address). The system acts: no ``by``."""
    from .forms import PasswordResetMailForm

    form = PasswordResetMailForm(data={"email": email})
    if form.is_valid():
        form.save(domain_override="-")


# --- second factor ------------------------------------------------------------


def mfa_required_for(user) -> bool:
    """MFA_REQUIRED (on unless DEBUG) for whom ``must_use_second_factor`` names."""
    if not settings.MFA_REQUIRED or not user.is_authenticated:
        return False
    return permissions_for(user).must_use_second_factor


def has_second_factor(user) -> bool:
    from django_otp import user_has_device

    return user_has_device(user, confirmed=True)


@transaction.atomic
def recovery_codes_create(*, user, by, request=None) -> list[str]:
    """Replace ``user``'s recovery codes with fresh ones (each works once), by ``user``
    only. They are django-two-factor-auth's backup tokens: a static device named
    ``backup``."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    require_allowed(not is_system(by) and permissions_for(by).may_manage_second_factor_of(user))
    device, _ = StaticDevice.objects.get_or_create(user=user, name="backup")
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.MFA_RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    security_event_record(kind=SecurityEventKind.RECOVERY_CODES, request=request, user=user)
    return codes


def sessions_end_for_user(*, user, keep_session_key: str | None = None) -> int:
    """End every session of ``user`` but ``keep_session_key``; returns how many ended.

    Used when a second factor is switched on: a session that began without it would
    otherwise go on without ever passing it (it remembers, to save a query on every
    request, that the user had none). Needs a database-backed session engine (db or
    cached_db), which the settings use; a session's owner is only in its encoded data,
    so the unexpired sessions are read once — rare, and a few thousand rows at most.
    """
    from django.contrib.auth import SESSION_KEY

    store_class = importlib.import_module(settings.SESSION_ENGINE).SessionStore
    sessions = (
        store_class.get_model_class()
        .objects.filter(expire_date__gt=timezone.now())
        .exclude(session_key=keep_session_key or "")
        .values_list("session_key", "session_data")
    )
    ended = 0
    for session_key, session_data in sessions.iterator():
        if store_class().decode(session_data).get(SESSION_KEY) == str(user.pk):
            store_class(session_key=session_key).delete()
            ended += 1
    return ended


@transaction.atomic
def second_factor_disable(*, user, by, request=None) -> None:
    """Remove ``user``'s second factor and codes: by ``user`` or the secretariat."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    require_allowed(not is_system(by) and permissions_for(by).may_disable_second_factor_of(user))
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


# --- personal data ------------------------------------------------------------


def _app_hooks(function: str):
    """Each app may say what it holds about a person in ``<app>/personal_data.py``:
    ``collect(person) -> dict`` and ``erase(person) -> None``."""
    return app_hooks("personal_data", function)


def personal_data_collect(*, person) -> dict:
    data: dict = {"generated_at": timezone.now().isoformat()}
    for app, collect in _app_hooks("collect"):
        data[app] = collect(person)
    return data


@transaction.atomic
def person_erase(*, by, person) -> None:
    """Erase a person: every app anonymises what it holds (counts are kept), the
    login is removed, and the person keeps only a placeholder name. ``by``: a user
    allowed to (``may_erase_person``: the secretariat), or ``SYSTEM`` (a command or
    task); refused: ``Forbidden``, code ``forbidden``."""
    from auditlog.context import disable_auditlog

    from members.actors import acting_user, actor_permissions

    actor_permissions(by, lambda permissions: permissions.may_erase_person)
    person_id, user_id = person.pk, person.user_id
    # The audit trail records none of it: its entries would hold the name being erased.
    # The erasure itself is in the security log, and the audit app scrubs the name from
    # older entries (audit/personal_data.py).
    with disable_auditlog():
        for _app, erase in _app_hooks("erase"):
            erase(person)
    security_event_record(
        kind=SecurityEventKind.PERSON_ERASED, user=acting_user(by), detail={"person": person_id}
    )
    if user_id is not None:
        get_user_model().objects.filter(pk=user_id).delete()


# --- inviting a person to log in --------------------------------------------------


def person_invite(*, by, person):
    """Invite ``person`` by mail to log in: their login is made (username: their e-mail
    address, no usable password) and a mail with a single-use link to choose a password
    is queued through the outbox. The link is Django's password-reset token, which no
    longer works once the password is set, and expires with ``PASSWORD_RESET_TIMEOUT``.
    A person without a current role gets the city official role, so that the login
    reaches the network. Inviting again (the link lost or expired) sends a new link,
    until the person has chosen a password. ``by``: the city's contact or the
    secretariat (``may_invite_person``). Returns the login."""
    from django.contrib.auth.tokens import default_token_generator
    from django.core.exceptions import ValidationError
    from django.urls import reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode
    from django.utils.translation import gettext as _

    from infra.locking import locked_transaction
    from infra.services import Forbidden
    from members.actors import actor_name, is_system
    from members.constants import RoleKind
    from members.models import Person, Role
    from outbox.services import mail_queue

    with locked_transaction():
        person = (
            Person.objects.select_for_update(of=("self",)).select_related("user").get(pk=person.pk)
        )
        if not is_system(by) and not permissions_for(by).may_invite_person(person):
            raise Forbidden(_("You may not invite this person."))
        user = person.user
        if user is not None and user.has_usable_password():
            raise ValidationError(
                _("%(name)s can log in already.") % {"name": person.name},
                code="already_has_login",
            )
        if user is None:
            users = get_user_model()
            if users.objects.filter(username__iexact=person.email).exists():
                raise ValidationError(
                    _("A login with this e-mail address as its username exists already."),
                    code="username_taken",
                )
            user = users(username=person.email, email=person.email)
            user.set_unusable_password()
            user.save()
            person.user = user
            person.save()  # recorded in the audit trail
        # An existing login is reached at its confirmed address only (``user.email``):
        # a changed address of the person waits for its confirmation link
        # (``login_email_change_request``) before an invitation goes there.
        address = user.email or person.email
        if not Role.objects.current().filter(person=person).exists():
            Role.objects.create(person=person, kind=RoleKind.CITY_OFFICIAL)
        token = default_token_generator.make_token(user)
        link = settings.SITE_URL + reverse(
            "accounts:invitation_accept",
            kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": token},
        )
        mail_queue(
            key=f"person-invited:{user.pk}:{token}",
            to=[address],
            template="accounts/mail/invitation",
            context={
                "name": person.name,
                "inviter": actor_name(by),
                "link": link,
                "username": user.get_username(),
                "days": settings.PASSWORD_RESET_TIMEOUT // (60 * 60 * 24),
            },
        )
        security_event_record(
            kind=SecurityEventKind.PERSON_INVITED,
            user=by,
            detail={"person": person.pk, "login": user.get_username()},
        )
    return user


# --- a new address for a login ----------------------------------------------------


def _token_hash(token: str) -> str:
    import hashlib

    return hashlib.sha256(token.encode()).hexdigest()


def login_email_change_request(*, by, person) -> EmailChange | None:
    """``person``'s address has just been changed (``members.services.person_save``, in
    its transaction). A person without a login has nothing to confirm: an invitation is
    itself a link to the address. For a login (an invitation pending included) the
    login keeps its confirmed address until the link sent to the new one is followed
    (``login_email_change_confirm``); the old address is told. A new change replaces
    a pending one. Returns the pending change, or ``None``."""
    import secrets

    from django.urls import reverse

    from outbox.services import mail_queue

    from .models import EmailChange

    if person.user_id is None:
        return None
    user = get_user_model().objects.select_for_update().get(pk=person.user_id)
    EmailChange.objects.filter(user=user, confirmed_at__isnull=True).delete()
    if normalise_email(user.email) == person.email:
        return None  # back to the confirmed address: nothing waits
    token = secrets.token_urlsafe(32)
    change = EmailChange.objects.create(
        user=user,
        email=person.email,
        token_hash=_token_hash(token),
        expires_at=timezone.now() + datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT),
    )
    days = settings.PASSWORD_RESET_TIMEOUT // (60 * 60 * 24)
    mail_queue(
        key=f"email-change:{change.pk}",
        to=[person.email],
        template="accounts/mail/email_confirm",
        context={
            "name": person.name,
            "link": settings.SITE_URL + reverse("accounts:email_confirm", kwargs={"token": token}),
            "days": days,
        },
    )
    if user.email:
        mail_queue(
            key=f"email-change-notice:{change.pk}",
            to=[user.email],
            template="accounts/mail/email_change_notice",
            context={"name": person.name, "new": person.email},
        )
    security_event_record(
        kind=SecurityEventKind.EMAIL_CHANGE_REQUESTED,
        user=by,
        detail={"person": person.pk, "login": user.get_username()},
    )
    return change


def login_email_change_pending(token: str):
    """The pending, unexpired change for ``token``, or ``None``."""
    from .models import EmailChange

    return (
        EmailChange.objects.select_related("user")
        .filter(
            token_hash=_token_hash(token),
            confirmed_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .first()
    )


def login_email_change_confirm(*, token: str, request=None):
    """The link in the mail to the new address has been followed: the login takes the
    new address (and as its username, where the username was the old address). A link
    that is unknown, used, expired, or for an address the person no longer has is
    refused (code ``email_change_invalid``). Returns the login."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from infra.locking import locked_transaction
    from members.models import Person

    invalid = ValidationError(
        _(
            "This confirmation link is no longer valid: it has been used already, or it "
            "has expired."
        ),
        code="email_change_invalid",
    )
    with locked_transaction():
        change = login_email_change_pending(token)
        if change is None:
            raise invalid
        users = get_user_model()
        user = users.objects.select_for_update().get(pk=change.user_id)
        person = Person.objects.filter(user=user).first()
        if person is None or person.email != change.email:
            raise invalid
        old = user.email
        if user.get_username().lower() == (old or "").lower():
            if users.objects.filter(username__iexact=change.email).exclude(pk=user.pk).exists():
                raise ValidationError(
                    _("A login with this e-mail address as its username exists already."),
                    code="username_taken",
                )
            user.username = change.email
        user.email = change.email
        user.save(update_fields=["username", "email"])
        change.confirmed_at = timezone.now()
        change.save(update_fields=["confirmed_at"])
        security_event_record(
            kind=SecurityEventKind.EMAIL_CHANGED,
            request=request,
            user=user,
            detail={"person": person.pk},
        )
    return user
