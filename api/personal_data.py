"""What the API holds about a person (for accounts' export and erasure): their personal
tokens — the name each was given, when it was made, used, revoked and expires. Never the
secret (only its hash is stored, and that is not exported either)."""

from .models import ApiToken


def _tokens(person):
    if person.user_id is None:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user_id=person.user_id)


def collect(person) -> dict:
    return {
        "api_tokens": [
            {
                "name": token.name,
                "begins_with": token.prefix,
                "may_register": token.may_register,
                "created_at": token.created_at.isoformat(),
                "expires_on": token.expires_on.isoformat(),
                "last_used_at": token.last_used_at.isoformat() if token.last_used_at else None,
                "revoked_at": token.revoked_at.isoformat() if token.revoked_at else None,
            }
            for token in _tokens(person)
        ]
    }


def erase(person) -> None:
    """The tokens go (the login they belong to is removed too)."""
    _tokens(person).delete()
