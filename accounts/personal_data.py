"""What the accounts app holds about a person: the login, its security log."""

from .models import SecurityEvent


def collect(person) -> dict:
    user = person.user
    if user is None:
        return {"login": None}
    return {
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
    if person.user_id:
        SecurityEvent.objects.filter(user_id=person.user_id).update(username="", ip_address=None)
