"""The security baseline across every URL: headers, no writes through GET, access,
and the login throttle behind a proxy."""

import hashlib

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from .factories import PASSWORD
from .test_permission_matrix import ENTRIES

GET_ENTRIES = [e for e in ENTRIES if e.method == "get"]

# Tables that change as a side effect of any request (sessions, throttling, the
# security log itself) or of logging in; everything else must stay as it was.
VOLATILE_TABLES = {
    "django_session",
    "axes_accessattempt",
    "axes_accesslog",
    "axes_accessfailurelog",
    "accounts_securityevent",
    "auth_user",  # last_login
    "api_apitoken",  # a personal token's last use (api), like last_login
}


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for model in sorted(apps.get_models(), key=lambda m: m._meta.db_table):
        if model._meta.db_table in VOLATILE_TABLES or model._meta.proxy:
            continue
        for row in model.objects.order_by("pk").values_list():
            digest.update(repr(row).encode())
    return digest.hexdigest()


def _persona_allowed(entry) -> str:
    for persona, status in entry.expect.items():
        if status < 400 and persona != "anonymous":
            return persona
    return "secretariat"


def _check_headers(response, url: str) -> None:
    csp = response.get("Content-Security-Policy", "")
    directives = {
        part.strip().split(" ", 1)[0]: part.strip() for part in csp.split(";") if part.strip()
    }
    assert "script-src" in directives or "default-src" in directives, url
    assert "unsafe-inline" not in directives.get("script-src", ""), url
    assert "unsafe-eval" not in directives.get("script-src", ""), url
    assert directives.get("object-src") == "object-src 'none'", url
    assert directives.get("base-uri") == "base-uri 'none'", url
    assert directives.get("frame-ancestors") == "frame-ancestors 'none'", url
    assert response["X-Content-Type-Options"] == "nosniff", url
    assert response["Referrer-Policy"] == "same-origin", url
    assert "camera=()" in response["Permissions-Policy"], url
    assert response["X-Frame-Options"] == "DENY", url


@pytest.mark.parametrize("entry", GET_ENTRIES, ids=[e.id for e in GET_ENTRIES])
def test_every_page_sends_the_security_headers(world, entry):
    if entry.setup:
        entry.setup(world)
    persona = _persona_allowed(entry)
    url = reverse(entry.url_name, kwargs=entry.kwargs(world))
    response = entry.client_for(world, persona).get(url)
    _check_headers(response, url)


def test_anonymous_pages_send_the_headers_too(db):
    for url in ("/login/", "/password-reset/", "/no-such-page/"):
        _check_headers(Client().get(url), url)


# HSTS in production: tests/test_settings.py reads it from the settings module.


@pytest.mark.parametrize("entry", GET_ENTRIES, ids=[e.id for e in GET_ENTRIES])
def test_no_state_changes_through_get(world, entry):
    if entry.setup:
        entry.setup(world)
    persona = _persona_allowed(entry)
    client = entry.client_for(world, persona)
    url = reverse(entry.url_name, kwargs=entry.kwargs(world))
    before = _fingerprint()
    client.get(url)
    assert _fingerprint() == before, f"GET {url} as {persona} changed the database"


def test_a_forged_forwarded_for_neither_resets_the_count_nor_locks_out_others(world, settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.TRUSTED_PROXY_COUNT = 0  # no trusted proxy: X-Forwarded-For is ignored
    attacker = Client(REMOTE_ADDR="10.9.9.9")
    for n in range(3):
        attacker.post(
            reverse("login"),
            {"username": "official-a", "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
    # a fresh forged address does not reset the count
    response = attacker.post(
        reverse("login"),
        {"username": "official-a", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert response.status_code == 429
    # the real user from elsewhere is not locked out
    victim = Client(REMOTE_ADDR="10.1.1.1")
    response = victim.post(reverse("login"), {"username": "official-a", "password": PASSWORD})
    assert response.status_code == 302


def test_behind_one_trusted_proxy_the_client_address_is_the_one_the_proxy_saw(world, settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = Client(REMOTE_ADDR="10.0.0.1")  # every request arrives from the proxy
    # The attacker forges a first entry; the proxy appends the real address.
    for _ in range(3):
        proxy.post(
            reverse("login"),
            {"username": "official-a", "password": "wrong"},
            HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5",
        )
    forged_again = proxy.post(
        reverse("login"),
        {"username": "official-a", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="5.6.7.8, 203.0.113.5",
    )
    assert forged_again.status_code == 429  # same real address: still locked
    other_user = proxy.post(
        reverse("login"),
        {"username": "official-a", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.20",
    )
    assert other_user.status_code == 302  # another client through the same proxy


@pytest.mark.parametrize(
    "url", ["/cities/GM%00193/", "/cities/?q=a%00b", "/network-days/?year=%00"]
)
def test_a_nul_byte_anywhere_is_a_400(world, url):
    assert world.client("official_a").get(url).status_code == 400


def test_a_nul_byte_in_a_form_is_a_400_and_changes_nothing(world):
    before = _fingerprint()
    response = world.client("contact_a").post(
        reverse("members:person_create", kwargs={"cbs_code": "GM0193"}),
        {"name": "a\x00b", "email": "nul@example.org", "function": "ambtenaar"},
    )
    assert response.status_code == 400
    assert _fingerprint() == before


REFUSED_POSTS = [
    (entry, persona)
    for entry in ENTRIES
    if entry.method == "post"
    for persona in ("official_b", "official_a", "no_role", "contact_a", "pillar_secretary")
    if entry.status_for(persona) >= 400
]


@pytest.mark.parametrize(
    ("entry", "persona"),
    REFUSED_POSTS,
    ids=[f"{entry.id}-{persona}" for entry, persona in REFUSED_POSTS],
)
def test_a_refused_post_changes_nothing(world, entry, persona):
    """Another city's official (and every other refused role) gets a 404 or 403 for a
    POST, and the database, read again, is exactly as it was."""
    if entry.setup:
        entry.setup(world)
    client = entry.client_for(world, persona)
    url = reverse(entry.url_name, kwargs=entry.kwargs(world))
    before = _fingerprint()
    response = client.post(url, entry.data(world) if entry.data else {})
    assert response.status_code == entry.status_for(persona)
    assert _fingerprint() == before, f"refused POST {url} as {persona} changed the database"
