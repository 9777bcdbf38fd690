"""The invitation's journey in a real browser, with axe-core on each page: a city
contact invites a colleague; the colleague chooses a password through the link and
lands on their dashboard."""

import re

import pytest

from outbox.models import OutgoingMail

from ..browser import assert_accessible, log_in
from ..factories import PASSWORD, PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "een-lang-nieuw-wachtwoord-42"


def test_a_contact_invites_a_colleague_who_sets_a_password_and_lands_on_the_dashboard(page, world):
    colleague = PersonFactory(city=world.city_a, name="Nieuwe Collega", email="nieuw@example.org")
    log_in(page, "contact-a", PASSWORD)
    page.goto(f"/people/{colleague.pk}/edit/")
    page.get_by_role("heading", name="Inloggen").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Uitnodigen om in te loggen").click()

    page.wait_for_url(f"**/people/{colleague.pk}/edit/")
    page.get_by_text("Er is een uitnodiging om in te loggen verstuurd").wait_for()
    page.get_by_role("button", name="Uitnodiging opnieuw versturen").wait_for()
    assert_accessible(page)

    body = OutgoingMail.objects.get(key__startswith="person-invited:").body
    path = re.search(r"https?://[^/\s]+(/\S+)", body).group(1)
    page.context.clear_cookies()
    page.goto(path)
    page.get_by_role("heading", name="Kies uw wachtwoord").wait_for()
    assert "nieuw@example.org" in page.content()
    assert_accessible(page)
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Opslaan en inloggen").click()

    page.wait_for_url(re.compile(r"/$"))
    page.get_by_text("Welkom! Uw wachtwoord is opgeslagen.").wait_for()
    assert_accessible(page)

    # The link works once.
    page.context.clear_cookies()
    page.goto(path)
    page.get_by_text("Deze uitnodigingslink is niet meer geldig").wait_for()
    assert_accessible(page)
