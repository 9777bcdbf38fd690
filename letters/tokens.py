"""Signed links for subscribers: to confirm a subscription (valid for
RETENTION_DAYS["letter_subscription_request"] days) and to unsubscribe (valid as long as
the subscription). Each carries the subscriber's id and random secret, never the
address; a link of a deleted subscription never works for a later one."""

from __future__ import annotations

from django.conf import settings
from django.core import signing

from .models import Subscriber

CONFIRM_SALT = "letters.subscription.confirm"
UNSUBSCRIBE_SALT = "letters.subscription.unsubscribe"


def make(subscriber: Subscriber, salt: str) -> str:
    return signing.dumps([subscriber.pk, subscriber.secret], salt=salt, compress=True)


def confirm_max_age() -> int:
    return settings.RETENTION_DAYS["letter_subscription_request"] * 24 * 60 * 60


def read(token: str, salt: str, *, max_age: int | None = None) -> Subscriber | None:
    """The subscriber the token names, or None (bad signature, expired, unknown)."""
    try:
        pk, secret = signing.loads(token, salt=salt, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(pk, int) or not isinstance(secret, str):
        return None
    return Subscriber.objects.filter(pk=pk, secret=secret).first()
