"""Logging in with the city's own account in a real browser at 390 px, against a real
OpenID provider on the loopback (tests/oidc_provider.py), with axe-core on each of the
app's pages (issue 26)."""

import re

import pytest

from members.models import Person

from ..browser import assert_accessible, log_in
from ..factories import PASSWORD
from ..oidc_provider import oidc_provider  # noqa: F401 - fixture
from .test_oidc import make_provider

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def zwolle(world, oidc_provider, live_server):  # noqa: F811
    oidc_provider.misbehave("")
    registered = oidc_provider.register_client(
        redirect_uri=f"{live_server.url}/account/oidc/callback/",
        post_logout_redirect_uri=f"{live_server.url}/login/",
    )
    Person.objects.filter(pk=world.person("official_a").pk).update(email="official-a@zwolle.nl")
    Person.objects.filter(pk=world.person("contact_a").pk).update(email="contact-a@zwolle.nl")
    Person.objects.filter(pk=world.person("secretariat").pk).update(email="secretariaat@g40.nl")
    make_provider(oidc_provider, registered, name="G40", domains="g40.nl", secretariat=True)
    return make_provider(
        oidc_provider, registered, name="Zwolle", domains="zwolle.nl", cities=[world.city_a]
    )


def start_with_keyboard(page, email: str) -> None:
    page.goto("/login/")
    page.get_by_role("heading", name="Inloggen met uw gemeente-account").wait_for()
    assert_accessible(page)
    field = page.get_by_label("Uw e-mailadres op het werk")
    field.focus()
    page.keyboard.type(email)
    page.keyboard.press("Enter")


def log_in_at_provider(page, email: str, *, mfa: bool = False) -> None:
    page.wait_for_url(re.compile(r"/interaction/"))
    page.locator("#email").fill(email)
    if mfa:
        page.get_by_label("Met tweede factor (amr mfa)").check()
    page.get_by_role("button", name="Inloggen").click()


def test_a_zwolle_official_logs_in_through_the_provider_and_lands_on_the_dashboard(
    page,
    zwolle,
    oidc_provider,  # noqa: F811
):
    page.set_viewport_size(PHONE)
    start_with_keyboard(page, "official-a@zwolle.nl")
    log_in_at_provider(page, "official-a@zwolle.nl")
    page.wait_for_url(re.compile(r"/$"))
    page.get_by_role("heading", level=1).first.wait_for()
    assert "/login/" not in page.url
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_logout_ends_both_sessions(page, zwolle, oidc_provider):  # noqa: F811
    page.set_viewport_size(PHONE)
    start_with_keyboard(page, "official-a@zwolle.nl")
    log_in_at_provider(page, "official-a@zwolle.nl")
    page.wait_for_url(re.compile(r"/$"))
    page.get_by_role("button", name="Menu tonen of verbergen").click()
    # Bootstrap marks the menu "show" once it has opened: a click while it still slides
    # open can land beside the button on a loaded machine.
    page.locator("#main-nav.show").wait_for()
    page.get_by_role("button", name="Uitloggen").click()
    # The app answers with its "logged out" page, which goes on to the provider by
    # itself; the provider asks to confirm (a node process beside a loaded suite: give
    # each step time, and say which step did not come).
    page.wait_for_url(re.compile(r"/logout/$|/session/end"), wait_until="commit", timeout=30_000)
    page.wait_for_url(re.compile(r"/session/end"), wait_until="commit", timeout=30_000)
    page.get_by_role("button", name="Yes, sign me out").click(timeout=30_000)
    page.wait_for_url(re.compile(r"/login/"))
    assert_accessible(page)
    assert page.context.request.get("/").url.endswith("/login/?next=/")
    # The provider's session ended too: it asks who you are again.
    start_with_keyboard(page, "official-a@zwolle.nl")
    page.wait_for_url(re.compile(r"/interaction/"))
    page.locator("#email").wait_for()


def test_the_providers_second_factor_is_honoured(page, zwolle, oidc_provider, settings):  # noqa: F811
    settings.MFA_REQUIRED = True
    page.set_viewport_size(PHONE)
    start_with_keyboard(page, "secretariaat@g40.nl")
    log_in_at_provider(page, "secretariaat@g40.nl", mfa=True)
    page.wait_for_url(re.compile(r"/$"))
    assert "two-factor" not in page.url
    assert_accessible(page)


def test_an_unknown_login_asks_the_contact_who_sees_the_task(page, zwolle, oidc_provider):  # noqa: F811
    page.set_viewport_size(PHONE)
    start_with_keyboard(page, "nieuw@zwolle.nl")
    log_in_at_provider(page, "nieuw@zwolle.nl")
    page.get_by_role("heading", name="We kennen u nog niet").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Vraag de contactpersoon van mijn gemeente").click()
    page.get_by_text("Uw verzoek is naar de contactpersoon van Zwolle gestuurd").wait_for()
    assert_accessible(page)

    page.context.clear_cookies()
    log_in(page, "contact-a", PASSWORD)
    page.get_by_role("heading", name="Verzoeken om toevoeging").wait_for()
    assert "nieuw@zwolle.nl" in page.content()
    assert_accessible(page)


def test_a_tampered_answer_gets_the_dutch_error_page(page, zwolle, oidc_provider):  # noqa: F811
    oidc_provider.misbehave("tamper")
    try:
        page.set_viewport_size(PHONE)
        start_with_keyboard(page, "official-a@zwolle.nl")
        log_in_at_provider(page, "official-a@zwolle.nl")
        page.get_by_role("heading", name="Inloggen is niet gelukt").wait_for()
        assert "Zwolle" in page.content()
        assert_accessible(page)
        page.get_by_role("link", name="Terug naar de inlogpagina").click()
        page.wait_for_url(re.compile(r"/login/$"))
    finally:
        oidc_provider.misbehave("")
