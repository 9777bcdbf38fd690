"""Who is asking: the client's address, behind as many proxies as we trust."""

import ipaddress

from django.conf import settings


def client_address(request) -> str | None:
    """The client's address, for the login throttle (django-axes) and the security log.

    With no trusted proxy it is REMOTE_ADDR and X-Forwarded-For is ignored. With
    TRUSTED_PROXY_COUNT = N, each proxy appended the address it saw, so the chain is
    X-Forwarded-For + REMOTE_ADDR and the client is the (N+1)-th address from the end:
    whatever a client writes into the header itself stands further left and is ignored.
    """
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or None
    count = settings.TRUSTED_PROXY_COUNT
    if not count:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    chain = [*forwarded, remote] if remote else forwarded
    if len(chain) <= count:
        return chain[0] if chain else None
    candidate = chain[-(count + 1)]
    try:
        ipaddress.ip_address(candidate)
    except ValueError:
        return remote
    return candidate
