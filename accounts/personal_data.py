"""What the accounts app holds about a person: the login, its security log, its links
to the city's provider, and requests to be added made with their address."""

from .models import LoginRequest, ProviderLink, SecurityEvent


def collect(person) -> dict:
    user = person.user
    requests = [
        {"provider": r.provider.name, "at": r.created_at.isoformat(), "name": r.name}
        for r in LoginRequest.objects.filter(email__iexact=person.email).select_related("provider")
    ]
    if user is None:
        return {"login": None, "login_requests": requests}
    return {
        "provider_links": [
            {"provider": link.provider.name, "sub": link.sub, "at": link.created_at.isoformat()}
            for link in ProviderLink.objects.filter(user=user).select_related("provider")
        ],
        "login_requests": requests,
        "login": {
            "username": user.username,
            "email": user.email,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "security_log": [
            {"event": e.kind, "at": e.at.isoformat(), "address": e.ip_address}
            for e in SecurityEvent.objects.filter(user=user).order_by("-at")[:500]
        ],
    }


def erase(person) -> None:
    # The login (and with it its provider links) is deleted by accounts.services.
    LoginRequest.objects.filter(email__iexact=person.email).delete()
    if person.user_id:
        SecurityEvent.objects.filter(user_id=person.user_id).update(username="", ip_address=None)
