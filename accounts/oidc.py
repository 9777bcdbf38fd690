"""Logging in with the city's own account: OpenID Connect's authorization code flow
against the city's provider (``IdentityProvider``), by mozilla-django-oidc's client
(token request, JWKS, signature, userinfo) configured per provider instead of by
settings, with the checks it leaves out: ``aud``/``azp``, ``iss``, ``exp``, a ``state``
used once, and the ``sub`` of the userinfo answer equal to the token's.

Linking, never guessing (``login_resolve``): a returning login is matched by (provider,
sub); a first one is linked to the person of one of the provider's cities whose address
matches the provider's *verified* e-mail claim; anything else is unknown, and nothing is
created but the link (and, for a listed person without a login yet, their login).
"""

from __future__ import annotations

import dataclasses
import time

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import generate_code_challenge

from .constants import SecurityEventKind
from .models import IdentityProvider, LoginRequest, ProviderLink
from .services import security_event_record

SESSION_STATES = "g40_oidc_states"  # state -> {provider, nonce, verifier, next, at}
SESSION_LOGIN = "g40_oidc"  # {provider, id_token, mfa} of a login through a provider
SESSION_UNKNOWN = "g40_oidc_unknown"  # {provider, sub, email, name} of an unknown login
STATE_MAX_AGE = 15 * 60  # seconds between leaving for the provider and coming back
MAX_STATES = 10


class ProviderError(Exception):
    """The provider could not be reached or its answer was refused. ``reason``:
    ``unreachable`` (down, slow, an error answer) or ``refused`` (a bad token, a wrong
    issuer or audience, an old nonce, an unknown or used state)."""

    def __init__(self, reason: str, detail: str, provider: IdentityProvider | None = None):
        super().__init__(detail)
        self.reason = reason
        self.detail = detail
        self.provider = provider


@dataclasses.dataclass
class Outcome:
    user: object | None = None
    mfa: bool = False
    unknown: dict | None = None
    refused: str = ""  # "removed", "disabled", "wrong_city": the login is known, but not now


# --- discovery ---------------------------------------------------------------------


def provider_discover(provider: IdentityProvider) -> None:
    """Fill the endpoints and issuer from ``provider.discovery_url`` (not saved)."""
    try:
        answer = requests.get(provider.discovery_url, timeout=provider.timeout_seconds)
        answer.raise_for_status()
        document = answer.json()
    except (requests.RequestException, ValueError) as exc:
        raise ProviderError("unreachable", str(exc), provider) from exc
    provider.issuer = document.get("issuer", "")
    for field in (
        "authorization_endpoint",
        "token_endpoint",
        "userinfo_endpoint",
        "jwks_uri",
        "end_session_endpoint",
    ):
        setattr(provider, field, document.get(field, "") or "")


# --- the protocol ----------------------------------------------------------------


class ProviderClient(OIDCAuthenticationBackend):
    """mozilla-django-oidc's client for one provider (never in AUTHENTICATION_BACKENDS:
    logging in is ``login_resolve``'s, after the checks)."""

    def __init__(self, provider: IdentityProvider):
        self.provider = provider
        self.OIDC_OP_TOKEN_ENDPOINT = provider.token_endpoint
        self.OIDC_OP_USER_ENDPOINT = provider.userinfo_endpoint
        self.OIDC_OP_JWKS_ENDPOINT = provider.jwks_uri
        self.OIDC_RP_CLIENT_ID = provider.client_id
        self.OIDC_RP_CLIENT_SECRET = provider.client_secret
        self.OIDC_RP_SIGN_ALGO = "RS256"
        self.OIDC_RP_IDP_SIGN_KEY = None
        self.UserModel = get_user_model()

    def get_settings(self, attr, *args):  # type: ignore[override]
        values = {
            "OIDC_TIMEOUT": self.provider.timeout_seconds,
            "OIDC_VERIFY_SSL": True,
            "OIDC_PROXY": None,
            "OIDC_USE_NONCE": True,
            "OIDC_TOKEN_USE_BASIC_AUTH": False,
            "OIDC_ALLOW_UNSECURED_JWT": False,
        }
        if attr in values:
            return values[attr]
        return args[0] if args else None

    def _verify_jws(self, payload, key):
        """The signature (mozilla-django-oidc), and what it does not check: the audience
        is this client, the issuer is the provider's, the token has not expired."""
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation("unexpected alg")
        try:
            claims = jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.provider.client_id,
                issuer=self.provider.issuer or None,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
                leeway=60,
            )
        except jwt.PyJWTError as exc:
            raise SuspiciousOperation(f"id token refused: {exc}") from exc
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != self.provider.client_id:
            raise SuspiciousOperation("id token refused: azp")
        return claims

    def exchange(self, *, code: str, redirect_uri: str, nonce: str, verifier: str) -> dict:
        """The code for tokens, the ID token checked, the userinfo claims merged in.
        Returns the claims, with the raw ID token under ``_id_token``."""
        try:
            tokens = self.get_token(
                {
                    "client_id": self.provider.client_id,
                    "client_secret": self.provider.client_secret,
                    "grant_type": "authorization_code",
                    "code": code,
                    "redirect_uri": redirect_uri,
                    "code_verifier": verifier,
                }
            )
            id_token = tokens.get("id_token")
            if not id_token:
                raise ProviderError("refused", "no id token", self.provider)
            claims = self.verify_token(id_token, nonce=nonce)
            if self.provider.userinfo_endpoint and tokens.get("access_token"):
                userinfo = self.get_userinfo(tokens["access_token"], id_token, claims)
                if userinfo.get("sub") != claims.get("sub"):
                    raise ProviderError("refused", "userinfo sub differs", self.provider)
                claims = {**userinfo, **claims}
        except SuspiciousOperation as exc:
            raise ProviderError("refused", str(exc), self.provider) from exc
        except jwt.PyJWTError as exc:
            raise ProviderError("refused", str(exc), self.provider) from exc
        except (requests.RequestException, ValueError, KeyError) as exc:
            raise ProviderError("unreachable", str(exc), self.provider) from exc
        claims["_id_token"] = id_token
        return claims


def authorization_url(request, provider: IdentityProvider, *, next_url: str) -> str:
    """Where to send the person: the provider's authorization endpoint with a fresh
    state, nonce and PKCE challenge, kept in the session (at most MAX_STATES)."""
    from urllib.parse import urlencode

    from django.urls import reverse

    state = get_random_string(32)
    nonce = get_random_string(32)
    verifier = get_random_string(64)
    states = dict(request.session.get(SESSION_STATES, {}))
    for old in sorted(states, key=lambda s: states[s]["at"])[
        : max(0, len(states) - MAX_STATES + 1)
    ]:
        del states[old]
    states[state] = {
        "provider": provider.pk,
        "nonce": nonce,
        "verifier": verifier,
        "next": next_url,
        "at": int(time.time()),
    }
    request.session[SESSION_STATES] = states
    params = {
        "response_type": "code",
        "client_id": provider.client_id,
        "redirect_uri": request.build_absolute_uri(reverse("accounts:oidc_callback")),
        "scope": provider.scopes,
        "state": state,
        "nonce": nonce,
        "code_challenge": generate_code_challenge(verifier, "S256"),
        "code_challenge_method": "S256",
    }
    return f"{provider.authorization_endpoint}?{urlencode(params)}"


def state_take(request, state: str) -> dict:
    """The state's entry, removed from the session: a state works once, and only in
    the browser that left with it, for STATE_MAX_AGE seconds."""
    states = dict(request.session.get(SESSION_STATES, {}))
    entry = states.pop(state, None) if state else None
    request.session[SESSION_STATES] = states
    if entry is None:
        raise ProviderError("refused", "unknown or used state")
    provider = IdentityProvider.objects.filter(pk=entry["provider"]).first()
    if provider is None:
        raise ProviderError("refused", "provider gone")
    if time.time() - entry["at"] > STATE_MAX_AGE:
        raise ProviderError("refused", "state too old", provider)
    entry["provider"] = provider
    return entry


# --- linking ---------------------------------------------------------------------


def _speaks_for(provider: IdentityProvider, person) -> bool:
    """A provider logs in only people of its own cities (or the secretariat's, if it is
    the secretariat's provider)."""
    if person is None:
        return False
    if provider.cities.filter(pk=person.city_id).exists():
        return True
    if provider.for_secretariat:
        from members.permissions import may_log_in_through_secretariat_provider

        return may_log_in_through_secretariat_provider(person)
    return False


def _has_current_role(person) -> bool:
    from members.models import Role

    return Role.objects.current().filter(person=person).exists()


def login_resolve(*, provider: IdentityProvider, claims: dict, request=None) -> Outcome:
    """Who the provider's login is here. See the module's docstring."""
    from members.models import Person

    if not provider.enabled:
        return Outcome(refused="disabled")
    sub = str(claims.get("sub") or "")
    mfa = provider.vouches_for_second_factor(claims)
    link = ProviderLink.objects.select_related("user").filter(provider=provider, sub=sub).first()
    if link is not None:
        user = link.user
        person = Person.objects.filter(user=user).first()
        if person is None:
            return Outcome(refused="removed")
        if not _speaks_for(provider, person):
            return Outcome(refused="wrong_city")
        if not user.is_active or not _has_current_role(person):
            return Outcome(refused="removed")
        return Outcome(user=user, mfa=mfa)

    email = str(claims.get("email") or "").strip().lower()
    verified = claims.get("email_verified") is True
    domain = email.rpartition("@")[2]
    unknown = {
        "provider": provider.pk,
        "sub": sub,
        "email": email,
        "name": str(claims.get("name") or "")[:150],
    }
    if not (sub and email and verified and domain in provider.domains):
        return Outcome(unknown=unknown)
    person = Person.objects.select_related("user").filter(email__iexact=email).first()
    if person is None or not _speaks_for(provider, person):
        return Outcome(unknown=unknown)
    if not _has_current_role(person) or (person.user is not None and not person.user.is_active):
        return Outcome(refused="removed")
    user = _link(provider=provider, sub=sub, person=person, request=request)
    return Outcome(user=user, mfa=mfa)


@transaction.atomic
def _link(*, provider: IdentityProvider, sub: str, person, request=None):
    """Link the provider's ``sub`` to the person's login (made for a listed person who
    has none yet): recorded in the audit trail (the link) and the security log."""
    from members.models import Person

    person = Person.objects.select_for_update(of=("self",)).select_related("user").get(pk=person.pk)
    user = person.user
    if user is None:
        users = get_user_model()
        user = users.objects.filter(username__iexact=person.email).first()
        if user is None:
            user = users(username=person.email, email=person.email)
            user.set_unusable_password()
            user.save()
        person.user = user
        person.save()  # recorded in the audit trail
    ProviderLink.objects.filter(provider=provider, user=user).delete()
    ProviderLink.objects.create(provider=provider, sub=sub, user=user)
    security_event_record(
        kind=SecurityEventKind.PROVIDER_LINKED,
        request=request,
        user=user,
        detail={"person": person.pk, "provider": provider.name},
    )
    return user


# --- asking the city to be added ---------------------------------------------------


def login_request_create(*, unknown: dict, request=None) -> LoginRequest | None:
    """The unknown login asks the contacts of the provider's city to add them: one open
    request per (provider, sub), a task on the contacts' dashboard and a mail to them.
    Creates no person and no role. Returns None when the provider serves several
    cities and none can be told apart (the secretariat sees it then)."""
    from django.db import IntegrityError

    from members.constants import RoleKind
    from members.models import Role
    from outbox.services import mail_queue

    provider = IdentityProvider.objects.filter(pk=unknown["provider"], enabled=True).first()
    if provider is None:
        return None
    cities = list(provider.cities.all())
    city = cities[0] if len(cities) == 1 else None
    try:
        with transaction.atomic():
            login_request = LoginRequest.objects.create(
                provider=provider,
                city=city,
                sub=unknown["sub"],
                email=unknown["email"],
                name=unknown["name"],
            )
    except IntegrityError:
        return LoginRequest.objects.filter(
            provider=provider, sub=unknown["sub"], closed_at__isnull=True
        ).first()
    contacts = Role.objects.current().filter(kind=RoleKind.CITY_CONTACT)
    contacts = contacts.filter(person__city=city) if city else contacts.none()
    addresses = sorted({role.person.email for role in contacts.select_related("person")})
    if addresses:
        mail_queue(
            key=f"login-requested:{login_request.pk}",
            to=addresses,
            template="accounts/mail/login_requested",
            context={
                "email": login_request.email,
                "name": login_request.name,
                "city": city.name if city else "",
                "link": settings.SITE_URL + "/",
            },
        )
    security_event_record(
        kind=SecurityEventKind.LOGIN_REQUESTED,
        request=request,
        username=login_request.email,
        detail={"provider": provider.name},
    )
    return login_request


def login_request_close(*, login_request: LoginRequest, by) -> None:
    from django.core.exceptions import PermissionDenied

    from members.permissions import permissions_for

    if not permissions_for(by).may_handle_login_request(login_request.city_id):
        raise PermissionDenied
    if login_request.closed_at is None:
        login_request.closed_at = timezone.now()
        login_request.save(update_fields=["closed_at"])
