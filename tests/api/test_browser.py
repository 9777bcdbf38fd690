"""The token page and the API's documentation page in a real browser at 390 px, with
axe-core: make a token, copy it (shown once), use it, revoke it."""

import json
import urllib.request

import pytest

from api.models import ApiToken

from ..browser import assert_accessible, log_in
from ..factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _fits(page) -> None:
    width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert width[0] <= width[1], f"{page.url} is {width[0]} px wide on a {width[1]} px phone"


def test_an_official_makes_uses_and_revokes_a_token(page, world, live_server, settings):
    settings.MFA_REQUIRED = False
    page.set_viewport_size(PHONE)
    log_in(page, "official-a", PASSWORD)
    page.goto("/account/")
    page.get_by_role("link", name="Uw API-tokens").click()
    page.get_by_role("heading", name="API-tokens", level=1).wait_for()
    assert_accessible(page)
    _fits(page)
    page.get_by_label("Naam").fill("Intranet-agenda")
    page.get_by_label("Mag aanmelden").check()
    page.get_by_role("button", name="Token aanmaken").click()

    page.get_by_role("heading", name="Uw nieuwe token").wait_for()
    assert_accessible(page)
    _fits(page)
    secret = page.get_by_label("Token „Intranet-agenda”").input_value()
    assert secret.startswith("g40_")
    request = urllib.request.Request(
        f"{live_server.url}/api/v1/me", headers={"Authorization": f"Bearer {secret}"}
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        assert json.load(answer)["token"]["name"] == "Intranet-agenda"

    page.get_by_role("link", name="Terug naar uw tokens").click()
    page.get_by_role("link", name="Intrekken Intranet-agenda").click()
    assert_accessible(page)
    page.get_by_role("button", name="Token intrekken").click()
    page.get_by_text("is ingetrokken").wait_for()
    assert ApiToken.objects.get().revoked_at is not None


def test_the_documentation_page_fits_a_phone_and_passes_axe(page, world):
    page.set_viewport_size(PHONE)
    page.goto("/api/v1/docs")
    page.get_by_role("heading", name="G40 Netwerk API", level=1).wait_for()
    assert page.get_by_role("heading", name="Operaties").is_visible()
    assert_accessible(page)
    _fits(page)
