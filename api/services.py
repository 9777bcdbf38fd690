"""Writes of personal API tokens: make one (its secret is returned once), revoke one,
note its use, purge old ones. ``by`` is the acting user; each service asks
``members.permissions`` again (``Forbidden``, code ``forbidden``)."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from infra.locking import locked_transaction
from infra.services import require_allowed
from infra.text import clean_text
from members.actors import is_system
from members.permissions import permissions_for

from .constants import (
    TOKEN_BYTES,
    TOKEN_LAST_USED_GRANULARITY,
    TOKEN_MAX_ACTIVE,
    TOKEN_MAX_DAYS,
    TOKEN_PREFIX,
    TOKEN_SHOWN_CHARS,
)
from .models import ApiToken


def token_hash(secret: str) -> str:
    """What is stored of a token, and how it is found: the SHA-256 of the whole token.
    A token carries 256 random bits, so a fast hash is safe (nothing to guess)."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def latest_expiry(today: datetime.date) -> datetime.date:
    return today + datetime.timedelta(days=TOKEN_MAX_DAYS)


def token_create(
    *,
    by,
    name: str,
    expires_on: datetime.date,
    may_register: bool = False,
    today: datetime.date | None = None,
) -> tuple[ApiToken, str]:
    """Make a token for ``by`` itself (nobody makes tokens for someone else). Returns the
    token and its secret: the only time the secret exists outside the client."""
    today = today or timezone.localdate()
    with locked_transaction():
        # A token is a person's own: the system holds none.
        require_allowed(not is_system(by) and permissions_for(by).may_hold_api_tokens)
        name = clean_text(name or "").strip()
        if not name:
            raise ValidationError(
                {"name": ValidationError(_("Give the token a name."), "required")}
            )
        if not today < expires_on <= latest_expiry(today):
            raise ValidationError(
                {
                    "expires_on": ValidationError(
                        _("A token expires after today and within %(days)s days.")
                        % {"days": TOKEN_MAX_DAYS},
                        code="expiry_out_of_range",
                    )
                }
            )
        # The user's row is the lock: two requests at once cannot both make a tenth token.
        get_user_model().objects.select_for_update().filter(pk=by.pk).first()
        if ApiToken.objects.usable(today).filter(user=by).count() >= TOKEN_MAX_ACTIVE:
            raise ValidationError(
                _("You have %(count)s tokens in use; revoke one first.")
                % {"count": TOKEN_MAX_ACTIVE},
                code="too_many_tokens",
            )
        secret = TOKEN_PREFIX + secrets.token_urlsafe(TOKEN_BYTES)
        token = ApiToken(
            user=by,
            name=name,
            prefix=secret[: len(TOKEN_PREFIX) + TOKEN_SHOWN_CHARS],
            key_hash=token_hash(secret),
            may_register=may_register,
            expires_on=expires_on,
        )
        token.full_clean()
        token.save()
    return token, secret


def token_revoke(*, by, token: ApiToken, now: datetime.datetime | None = None) -> ApiToken:
    """Revoke one of one's own tokens: it stops working at once. Revoking twice is a
    refusal (code ``already_revoked``)."""
    now = now or timezone.now()
    with locked_transaction():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        require_allowed(is_system(by) or token.user_id == by.pk)
        if token.revoked_at is not None:
            raise ValidationError(_("This token has been revoked already."), code="already_revoked")
        token.revoked_at = now
        token.save(update_fields=["revoked_at"])
    return token


def token_touch(token: ApiToken, now: datetime.datetime | None = None) -> None:
    """Note that ``token`` was used: one UPDATE at most every few minutes per token (the
    token page says "last used"; to the minute is enough). Not in the audit trail."""
    now = now or timezone.now()
    last = token.last_used_at
    if last is not None and (now - last).total_seconds() < TOKEN_LAST_USED_GRANULARITY:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now


def tokens_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete tokens revoked or expired more than ``RETENTION_DAYS["api_tokens"]`` ago:
    their names and last use are personal data with a shelf life. Returns how many."""
    from auditlog.context import disable_auditlog

    now = now or timezone.now()
    days = datetime.timedelta(days=settings.RETENTION_DAYS["api_tokens"])
    old = ApiToken.objects.filter(revoked_at__lt=now - days) | ApiToken.objects.filter(
        expires_on__lt=(timezone.localtime(now) - days).date()
    )
    # A purge is no change anyone made: the trail would only keep the names it deletes.
    with disable_auditlog():
        deleted, _by_model = old.delete()
    return deleted
