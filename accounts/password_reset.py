"""The password reset page's request: counted by django-ratelimit, logged, queued."""

from __future__ import annotations

import logging

from django.conf import settings

from infra.client import client_address
from infra.text import normalise_email

from .constants import SecurityEventKind
from .services import security_event_record

logger = logging.getLogger(__name__)


def password_reset_request(*, email: str, request=None) -> bool:
    """A request for a password reset mail, from the public page. The same work and the
    same writes whether or not the address belongs to an account — the counts, one
    security-log line, one task queued — so neither the answer nor its time tells;
    the task (``accounts.send_password_reset``) looks the address up. At most
    ``PASSWORD_RESET_RATE_PER_ADDRESS`` requests per address and
    ``PASSWORD_RESET_RATE_PER_CLIENT`` per client address (django-ratelimit, counted in
    the cache) queue a mail; the others are logged and send nothing. Returns whether a
    mail was queued."""
    from .tasks import send_password_reset

    address = normalise_email(email)[:150]
    client = client_address(request) or "unknown"
    # Both are counted for every request, so that a limited one also uses up the other.
    limited = [
        _rate_limited(request, group, key, rate)
        for group, key, rate in (
            ("accounts.password_reset.address", address, settings.PASSWORD_RESET_RATE_PER_ADDRESS),
            ("accounts.password_reset.client", client, settings.PASSWORD_RESET_RATE_PER_CLIENT),
        )
    ]
    allowed = not any(limited)
    security_event_record(
        kind=SecurityEventKind.PASSWORD_RESET_REQUESTED,
        request=request,
        username=address,
        detail={} if allowed else {"limited": True},
    )
    if allowed:
        send_password_reset.delay_on_commit(address)
    return allowed


def _rate_limited(request, group: str, key: str, rate: str) -> bool:
    """django-ratelimit's count for ``key`` in ``group``; a cache that cannot be reached
    limits nothing (logged), as for the API and the letters' subscriptions."""
    from django_ratelimit.core import is_ratelimited

    try:
        return is_ratelimited(
            request, group=group, key=lambda _group, _request: key, rate=rate, increment=True
        )
    except Exception:  # noqa: BLE001 - a cache that is away limits nothing
        logger.warning("the %s limit could not be counted", group)
        return False
