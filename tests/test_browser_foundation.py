"""An official's first steps in headless Chromium, with axe-core on each page."""

import pytest

from .browser import assert_accessible, log_in
from .factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_official_logs_in_finds_cities_and_switches_language(world, page):
    page.goto("/")
    assert "/login/" in page.url
    assert_accessible(page)

    log_in(page, "official-a", "wrong-password")
    page.get_by_role("alert").wait_for()
    assert_accessible(page)

    log_in(page, "official-a", PASSWORD)
    page.get_by_role("heading", name="Uw rollen").wait_for()
    assert_accessible(page)

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Steden").click()
    page.get_by_role("heading", name="Steden", exact=True).wait_for()
    assert_accessible(page)

    page.get_by_label("Zoeken op naam").fill("Zwol")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("link", name="Zwolle").click()
    page.get_by_role("heading", name="Zwolle", exact=True).wait_for()
    assert_accessible(page)

    page.get_by_label("Taal").select_option("en")
    page.get_by_role("button", name="Wijzigen").click()
    page.get_by_role("heading", name="Figures").wait_for()
    assert page.locator("html").get_attribute("lang") == "en"

    page.get_by_role("link", name="Pillars").click()
    page.get_by_role("heading", name="Pillars", exact=True).wait_for()
    assert_accessible(page)


def test_keyboard_users_can_skip_to_the_main_content(world, page):
    log_in(page, "official-a", PASSWORD)
    page.get_by_role("heading", name="Uw rollen").wait_for()
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Direct naar de inhoud")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_city_contact_adds_a_colleague_in_the_browser(world, page):
    log_in(page, "contact-a", PASSWORD)
    page.get_by_role("link", name="Een collega uit Zwolle toevoegen").click()
    assert_accessible(page)
    page.get_by_role("button", name="Opslaan").click()  # empty form: messages, nothing saved
    page.locator(".invalid-feedback").first.wait_for()
    assert_accessible(page)
    page.get_by_label("Naam").fill("Nieuwe Collega")
    page.get_by_label("E-mailadres").fill("nieuwe.collega@example.org")
    page.get_by_label("Functie").select_option("ambtenaar")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_role("status").filter(has_text="Nieuwe Collega is toegevoegd.").wait_for()
    assert_accessible(page)


def test_the_accessibility_check_itself_finds_serious_violations(page):
    # Guard against a check that can never fail: a page with an unlabelled form field
    # and an image without alt text must be reported.
    page.set_content(
        '<html lang="nl"><head><title>t</title></head><body><main>'
        '<img src="x.png"><input type="text"></main></body></html>'
    )
    with pytest.raises(AssertionError, match="image-alt|label"):
        assert_accessible(page)


def test_an_inline_script_is_blocked_and_reported(world, chromium, live_server):
    # The CSP check in the page fixture must be able to fail: an inline script on a
    # page of ours is blocked, and the browser says so on the console.
    context = chromium.new_context(base_url=live_server.url)
    page = context.new_page()
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto("/login/")
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.ran = true'; document.body.appendChild(s); }"
    )
    assert page.evaluate("() => window.ran === undefined")
    assert any("Content Security Policy" in m for m in messages)
    context.close()
