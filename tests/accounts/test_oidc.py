"""Logging in with the city's own account, against a real OpenID provider on the loopback
(tests/oidc_provider.py): linking, the city a provider speaks for, the second factor,
logging out, removal, and the attacks (issue 26)."""

import html
import re

import pytest
import requests
from auditlog.models import LogEntry
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from accounts.constants import SecurityEventKind
from accounts.models import IdentityProvider, LoginRequest, ProviderLink, SecurityEvent
from accounts.oidc import provider_discover
from members.models import Person, Role
from outbox.models import OutgoingMail
from tests.oidc_provider import ProviderBrowser, oidc_provider  # noqa: F401 - fixture

CALLBACK = "http://testserver/account/oidc/callback/"
AFTER_LOGOUT = "http://testserver/login/"


@pytest.fixture(scope="session")
def oidc_client(oidc_provider):  # noqa: F811
    return oidc_provider.register_client(
        redirect_uri=CALLBACK, post_logout_redirect_uri=AFTER_LOGOUT
    )


def make_provider(running, registered, *, name, domains, cities=(), secretariat=False, **extra):
    provider = IdentityProvider(
        name=name,
        email_domains=domains,
        discovery_url=running.discovery_url,
        client_id=registered["client_id"],
        client_secret=registered["client_secret"],
        second_factor_amr="mfa",
        for_secretariat=secretariat,
        **extra,
    )
    provider_discover(provider)
    provider.save()
    provider.cities.set(cities)
    return provider


@pytest.fixture
def zwolle(world, oidc_provider, oidc_client):  # noqa: F811
    oidc_provider.misbehave("")
    Person.objects.filter(pk=world.person("official_a").pk).update(email="official-a@zwolle.nl")
    Person.objects.filter(pk=world.person("contact_a").pk).update(email="contact-a@zwolle.nl")
    Person.objects.filter(pk=world.person("official_b").pk).update(email="official-b@almere.nl")
    yield make_provider(
        oidc_provider,
        oidc_client,
        name="Zwolle Entra ID",
        domains="zwolle.nl",
        cities=[world.city_a],
    )
    oidc_provider.misbehave("")


def start(client, email, next_url=""):
    response = client.post(reverse("accounts:oidc_start"), {"email": email, "next": next_url})
    assert response.status_code == 302, response.content[:500]
    return response["Location"]


def through_provider(client, running, email, *, next_url="", **login):
    """Start at the app, log in at the provider, come back: the app's answer."""
    authorization = start(client, email, next_url)
    assert authorization.startswith(running.issuer)
    callback = ProviderBrowser(running.issuer).log_in(authorization, email=email, **login)
    assert callback.startswith(CALLBACK), callback
    return client.get(callback.removeprefix("http://testserver"))


def logged_in(client) -> bool:
    return SESSION_KEY in client.session


# --- configuration -------------------------------------------------------------------


def test_discovery_fills_the_endpoints(zwolle, oidc_provider):  # noqa: F811
    assert zwolle.issuer == oidc_provider.issuer
    assert zwolle.token_endpoint == f"{oidc_provider.issuer}/token"
    assert zwolle.end_session_endpoint == f"{oidc_provider.issuer}/session/end"


def test_a_domain_answers_to_one_provider_only(zwolle):
    other = IdentityProvider(
        name="Other", email_domains="ZWOLLE.nl", client_id="x", client_secret="y"
    )
    with pytest.raises(Exception, match="zwolle.nl"):
        other.full_clean()


def test_the_login_page_offers_the_city_account_only_when_one_is_set_up(world, client):
    assert "gemeente-account" not in client.get(reverse("login")).content.decode()
    IdentityProvider.objects.create(
        name="Zwolle", email_domains="zwolle.nl", client_id="x", client_secret="y"
    ).cities.set([world.city_a])
    page = client.get(reverse("login")).content.decode()
    assert "Inloggen met uw gemeente-account" in page
    assert "Zwolle" in page  # the city list
    assert 'name="password"' in page  # the password login stays


def test_an_address_of_no_provider_is_told_so(zwolle, client):
    response = client.post(reverse("accounts:oidc_start"), {"email": "iemand@elders.nl"})
    assert response.status_code == 400
    assert "Geen gemeente" in response.content.decode()


def test_a_city_from_the_list_goes_to_its_provider(zwolle, client, world):
    response = client.post(reverse("accounts:oidc_start"), {"city": world.city_a.pk})
    assert response["Location"].startswith(zwolle.authorization_endpoint)


# --- linking -------------------------------------------------------------------------


def test_a_zwolle_official_logs_in_and_is_linked_once(zwolle, oidc_provider, world):  # noqa: F811
    client = Client()
    response = through_provider(client, oidc_provider, "official-a@zwolle.nl", sub="s-1")
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")
    assert client.get(reverse("dashboard")).status_code == 200
    official = world.person("official_a")
    link = ProviderLink.objects.get()
    assert (link.provider, link.sub, link.user) == (zwolle, "s-1", official.user)
    assert SecurityEvent.objects.filter(
        kind=SecurityEventKind.PROVIDER_LINKED, user=official.user
    ).exists()
    assert LogEntry.objects.get_for_object(link).exists()  # the audit trail

    # Returning: matched by (provider, sub), whatever address the provider says now.
    again = Client()
    response = through_provider(again, oidc_provider, "official-a@zwolle.nl", sub="s-1")
    assert response.status_code == 302 and logged_in(again)
    assert ProviderLink.objects.count() == 1


def test_a_returning_sub_stays_who_it_was_linked_to(zwolle, oidc_provider, world):  # noqa: F811
    through_provider(Client(), oidc_provider, "official-a@zwolle.nl", sub="s-2")
    client = Client()
    # The provider now says the same sub has the contact's address: still the official.
    through_provider(client, oidc_provider, "contact-a@zwolle.nl", sub="s-2")
    assert int(client.session[SESSION_KEY]) == world.person("official_a").user_id


def test_an_unverified_address_is_never_linked(zwolle, oidc_provider):  # noqa: F811
    client = Client()
    response = through_provider(client, oidc_provider, "official-a@zwolle.nl", verified=False)
    assert response["Location"] == reverse("accounts:oidc_unknown")
    assert not logged_in(client) and not ProviderLink.objects.exists()


def test_an_unknown_login_asks_the_contact_and_creates_nobody(
    zwolle,
    oidc_provider,  # noqa: F811
    world,
    django_capture_on_commit_callbacks,
):
    people, roles, users = Person.objects.count(), Role.objects.count(), _users()
    client = Client()
    response = through_provider(
        client, oidc_provider, "nieuw@zwolle.nl", name="Nieuwe Collega", sub="s-new"
    )
    assert response["Location"] == reverse("accounts:oidc_unknown")
    page = client.get(response["Location"]).content.decode()
    assert "nieuw@zwolle.nl" in page and "Zwolle" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:oidc_unknown"))
    assert response.status_code == 200
    request = LoginRequest.objects.get()
    assert (request.email, request.city, request.name) == (
        "nieuw@zwolle.nl",
        world.city_a,
        "Nieuwe Collega",
    )
    assert [mail.to for mail in OutgoingMail.objects.all()] == [["contact-a@zwolle.nl"]]
    assert (Person.objects.count(), Role.objects.count(), _users()) == (people, roles, users)
    assert not logged_in(client)
    # The contact sees the task on the dashboard and marks it handled.
    contact = world.client("contact_a")
    assert "nieuw@zwolle.nl" in contact.get(reverse("dashboard")).content.decode()
    assert "nieuw@zwolle.nl" not in world.client("official_b").get("/").content.decode()
    contact.post(reverse("accounts:login_request_handled", kwargs={"pk": request.pk}))
    request.refresh_from_db()
    assert request.closed_at is not None
    # Another city's contact may not.
    assert (
        world.client("official_b")
        .post(reverse("accounts:login_request_handled", kwargs={"pk": request.pk}))
        .status_code
        == 404
    )


def _users():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.count()


def test_a_zwolle_provider_cannot_log_in_an_almere_person(zwolle, oidc_provider, world):  # noqa: F811
    # Even misconfigured to answer for Almere's domain too.
    zwolle.email_domains = "zwolle.nl\nalmere.nl"
    zwolle.save()
    client = Client()
    response = through_provider(client, oidc_provider, "official-b@almere.nl", sub="s-3")
    assert response["Location"] == reverse("accounts:oidc_unknown")
    assert not logged_in(client) and not ProviderLink.objects.exists()


def test_a_link_stops_working_when_the_person_moves_to_another_city(zwolle, oidc_provider, world):  # noqa: F811
    through_provider(Client(), oidc_provider, "official-a@zwolle.nl", sub="s-4")
    Person.objects.filter(pk=world.person("official_a").pk).update(city=world.city_b)
    client = Client()
    response = through_provider(client, oidc_provider, "official-a@zwolle.nl", sub="s-4")
    assert response.status_code == 403 and not logged_in(client)


# --- the second factor -----------------------------------------------------------------


@pytest.fixture
def secretariat_provider(world, oidc_provider, oidc_client, settings):  # noqa: F811
    settings.MFA_REQUIRED = True
    oidc_provider.misbehave("")
    Person.objects.filter(pk=world.person("secretariat").pk).update(email="secretariaat@g40.nl")
    return make_provider(oidc_provider, oidc_client, name="G40", domains="g40.nl", secretariat=True)


def test_the_providers_second_factor_is_honoured(secretariat_provider, oidc_provider):  # noqa: F811
    client = Client()
    through_provider(client, oidc_provider, "secretariaat@g40.nl", mfa=True)
    assert client.get(reverse("dashboard")).status_code == 200


def test_without_the_providers_second_factor_the_apps_own_is_asked(
    secretariat_provider,
    oidc_provider,  # noqa: F811
):
    client = Client()
    through_provider(client, oidc_provider, "secretariaat@g40.nl", mfa=False)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:totp_setup"))


def test_the_secretariat_provider_logs_in_no_city_official(secretariat_provider, oidc_provider):  # noqa: F811
    Person.objects.filter(email="official-b@almere.nl").update(email="official-b@g40.nl")
    response = through_provider(Client(), oidc_provider, "official-b@g40.nl", mfa=True)
    assert response["Location"] == reverse("accounts:oidc_unknown")


# --- logging out, removal, a disabled provider ---------------------------------------


def test_logout_ends_the_session_and_goes_to_the_providers_logout(zwolle, oidc_provider):  # noqa: F811
    client = Client()
    through_provider(client, oidc_provider, "official-a@zwolle.nl")
    response = client.post(reverse("logout"))
    assert response.status_code == 200
    assert not logged_in(client)
    # The page goes on to the provider's logout (a page: form-action 'self' would stop
    # a redirect of the logout form to another origin).
    url = html.unescape(
        re.search(r'href="([^"]+/session/end\?[^"]+)"', response.content.decode())[1]
    )
    assert url.startswith(zwolle.end_session_endpoint + "?") and "id_token_hint=" in url
    # The provider accepts the request (a page asking to confirm signing out).
    answer = requests.get(url, timeout=10)
    assert answer.status_code == 200 and "logout" in answer.text.lower()


def test_a_removed_person_cannot_log_in_and_their_sessions_end(
    zwolle,
    oidc_provider,  # noqa: F811
    world,
    django_capture_on_commit_callbacks,
):
    client = Client()
    through_provider(client, oidc_provider, "official-a@zwolle.nl", sub="s-5")
    assert logged_in(client)
    with django_capture_on_commit_callbacks(execute=True):
        for role in Role.objects.filter(person=world.person("official_a")):
            role.delete()  # the city removes the person (the admin deletes one by one)
    assert client.get(reverse("dashboard")).status_code == 302  # back to login
    again = Client()
    response = through_provider(again, oidc_provider, "official-a@zwolle.nl", sub="s-5")
    assert response.status_code == 403 and not logged_in(again)
    assert "Zwolle" in response.content.decode()


def test_a_disabled_provider_logs_nobody_in(zwolle, oidc_provider):  # noqa: F811
    client = Client()
    authorization = start(client, "official-a@zwolle.nl")
    IdentityProvider.objects.filter(pk=zwolle.pk).update(enabled=False)
    callback = ProviderBrowser(oidc_provider.issuer).log_in(
        authorization, email="official-a@zwolle.nl"
    )
    response = client.get(callback.removeprefix("http://testserver"))
    assert response.status_code == 403 and not logged_in(client)
    assert (
        client.post(reverse("accounts:oidc_start"), {"email": "official-a@zwolle.nl"}).status_code
        == 400
    )


# --- failure and attacks -----------------------------------------------------------------


@pytest.mark.parametrize(
    "mode", ["tamper", "wrong-aud", "wrong-iss", "wrong-nonce", "expired", "foreign-key"]
)
def test_a_bad_id_token_is_refused(zwolle, oidc_provider, mode):  # noqa: F811
    oidc_provider.misbehave(mode)
    client = Client()
    response = through_provider(client, oidc_provider, "official-a@zwolle.nl")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Zwolle" in page and "wachtwoord" in page.lower()
    assert not logged_in(client) and not ProviderLink.objects.exists()
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.PROVIDER_LOGIN_FAILED).exists()


def test_a_replayed_state_is_refused(zwolle, oidc_provider):  # noqa: F811
    client = Client()
    authorization = start(client, "official-a@zwolle.nl")
    callback = ProviderBrowser(oidc_provider.issuer).log_in(
        authorization, email="official-a@zwolle.nl"
    )
    path = callback.removeprefix("http://testserver")
    assert client.get(path).status_code == 302
    client.post(reverse("logout"))
    assert client.get(path).status_code == 400
    # Nor in another browser that never left with that state.
    assert Client().get(path).status_code == 400


def test_no_open_redirect_through_next(zwolle, oidc_provider):  # noqa: F811
    for target in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)"):
        response = through_provider(
            Client(), oidc_provider, "official-a@zwolle.nl", next_url=target
        )
        assert response["Location"] == reverse("dashboard")
    response = through_provider(
        Client(), oidc_provider, "official-a@zwolle.nl", next_url="/cities/"
    )
    assert response["Location"] == "/cities/"


def test_a_slow_provider_is_told_in_dutch(zwolle, oidc_provider):  # noqa: F811
    IdentityProvider.objects.filter(pk=zwolle.pk).update(timeout_seconds=1)
    oidc_provider.misbehave("slow")
    client = Client()
    response = through_provider(client, oidc_provider, "official-a@zwolle.nl")
    assert response.status_code == 502
    assert "Zwolle" in response.content.decode() and not logged_in(client)


def test_a_provider_that_is_down_is_told_in_dutch(zwolle, oidc_provider):  # noqa: F811
    client = Client()
    authorization = start(client, "official-a@zwolle.nl")
    callback = ProviderBrowser(oidc_provider.issuer).log_in(
        authorization, email="official-a@zwolle.nl"
    )
    IdentityProvider.objects.filter(pk=zwolle.pk).update(
        token_endpoint="http://127.0.0.1:9/token"  # nothing listens on the discard port
    )
    response = client.get(callback.removeprefix("http://testserver"))
    assert response.status_code == 502
    assert re.search("Zwolle", response.content.decode()) and not logged_in(client)
    assert not ProviderLink.objects.exists()


def test_the_demo_sets_up_one_provider_for_zwolle_only(world):
    from accounts import demo

    demo.load()
    demo.load()  # idempotent
    provider = IdentityProvider.objects.get()
    assert [city.name for city in provider.cities.all()] == ["Zwolle"]
    assert provider.issuer == "http://127.0.0.1:9090"
    assert Person.objects.get(email=demo.DEMO_OFFICIAL[1]).city.name == "Zwolle"


def test_the_secretariat_adds_a_provider_in_the_admin_from_its_discovery_url(
    world,
    oidc_provider,  # noqa: F811
):
    client = world.client("secretariat")
    data = {
        "name": "Almere Keycloak",
        "enabled": "on",
        "cities": [world.city_b.pk],
        "email_domains": "Almere.nl, @almere.example.org",
        "discovery_url": oidc_provider.discovery_url,
        "timeout_seconds": "5",
        "client_id": "g40",
        "client_secret": "geheim",
        "scopes": "openid email profile",
        "second_factor_acr": "",
        "second_factor_amr": "mfa",
    }
    response = client.post(reverse("admin:accounts_identityprovider_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    provider = IdentityProvider.objects.get()
    assert provider.token_endpoint == f"{oidc_provider.issuer}/token"
    assert provider.domains == ["almere.nl", "almere.example.org"]
    assert list(provider.cities.all()) == [world.city_b]
    # A discovery URL that answers nothing is refused, and nothing is saved.
    data.update(name="Kapot", email_domains="kapot.nl", discovery_url="http://127.0.0.1:9/x")
    response = client.post(reverse("admin:accounts_identityprovider_add"), data)
    assert response.status_code == 200 and IdentityProvider.objects.count() == 1
    assert "discovery" in response.content.decode()


@pytest.mark.parametrize("rows", [1, 20])
def test_the_contacts_task_list_asks_a_fixed_number_of_queries(
    world, rows, django_assert_max_num_queries
):
    provider = IdentityProvider.objects.create(
        name="Zwolle", email_domains="zwolle.nl", client_id="x", client_secret="y"
    )
    LoginRequest.objects.bulk_create(
        LoginRequest(provider=provider, city=world.city_a, sub=f"s{i}", email=f"p{i}@zwolle.nl")
        for i in range(rows)
    )
    client = world.client("contact_a")
    with django_assert_max_num_queries(12):
        body = client.get(reverse("dashboard")).content.decode()
    assert body.count("@zwolle.nl") >= rows
