"""The rate limit (django-ratelimit, the project's one throttling mechanism, counted in
the cache): per token for requests that carry one, per client address
(``infra.client``) for the others. Over it: 429 with ``Retry-After`` (the seconds to
the end of the window), as problem details (``api.problems``).

A cache that cannot be reached limits nothing (logged): the API keeps answering."""

from __future__ import annotations

import logging

from django.conf import settings
from django_ratelimit.core import get_usage
from rest_framework.throttling import BaseThrottle

from infra.client import client_address

from .models import ApiToken

logger = logging.getLogger(__name__)


def rate_key(request) -> tuple[str, str, str]:
    """``(group, key, rate)`` for this request."""
    token = getattr(request, "auth", None)
    if isinstance(token, ApiToken):
        return "api.token", f"token:{token.pk}", settings.API_RATE_PER_TOKEN
    address = client_address(request) or "unknown"
    return "api.address", f"address:{address}", settings.API_RATE_PER_ADDRESS


class RateLimit(BaseThrottle):
    seconds_left: int | None = None

    def allow_request(self, request, view) -> bool:
        group, key, rate = rate_key(request)
        try:
            usage = get_usage(
                request, group=group, key=lambda _group, _request: key, rate=rate, increment=True
            )
        except Exception:  # noqa: BLE001 - a cache that is away limits nothing
            logger.warning("the API rate limit could not be counted", exc_info=True)
            return True
        # None: limits switched off; limit 0: django-ratelimit could not count.
        if usage is None or usage["limit"] == 0:
            return True
        if usage["should_limit"]:
            self.seconds_left = max(int(usage["time_left"]), 1)
            return False
        return True

    def wait(self) -> int | None:
        return self.seconds_left
