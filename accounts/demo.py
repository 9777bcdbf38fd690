"""The demo's identity provider: Zwolle logs in through the local OpenID provider the
docs tell how to start (``make oidc-provider``: scripts/oidc-provider.mjs on
http://127.0.0.1:9090, client ``g40-demo``), with one Zwolle official who has no
password here at all (docs/accounts.md)."""

import datetime

from django.db import transaction
from django.utils import timezone

from .models import IdentityProvider

DEMO_ISSUER = "http://127.0.0.1:9090"
DEMO_OFFICIAL = ("Pieter de Vries", "p.devries@zwolle.example.org")


@transaction.atomic
def load() -> list[tuple[str, str]]:
    from members.constants import Function, RoleKind
    from members.models import City, Person, Role
    from members.services import cities_load

    cities_load()
    zwolle = City.objects.filter(name="Zwolle").first()
    if zwolle is None:
        return []
    provider, created = IdentityProvider.objects.get_or_create(
        name="Gemeente Zwolle (demo-provider)",
        defaults={
            "email_domains": "zwolle.example.org",
            "issuer": DEMO_ISSUER,
            "authorization_endpoint": f"{DEMO_ISSUER}/auth",
            "token_endpoint": f"{DEMO_ISSUER}/token",
            "userinfo_endpoint": f"{DEMO_ISSUER}/me",
            "jwks_uri": f"{DEMO_ISSUER}/jwks",
            "end_session_endpoint": f"{DEMO_ISSUER}/session/end",
            "client_id": "g40-demo",
            "client_secret": "g40-demo-secret",
            "second_factor_amr": "mfa",
        },
    )
    if created:
        provider.cities.set([zwolle])
    name, email = DEMO_OFFICIAL
    person, _ = Person.objects.get_or_create(
        email=email, defaults={"name": name, "city": zwolle, "function": Function.CIVIL_SERVANT}
    )
    Role.objects.get_or_create(
        person=person,
        kind=RoleKind.CITY_OFFICIAL,
        defaults={"starts_on": timezone.localdate() - datetime.timedelta(days=30)},
    )
    return [
        (
            email,
            "Zwolle official without a password: 'Inloggen met uw gemeente-account' "
            "(start the demo provider first: make oidc-provider)",
        )
    ]
