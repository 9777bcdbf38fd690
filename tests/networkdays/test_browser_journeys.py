"""Issue 11 journeys in a real browser at 390 px, with axe-core on each page: a full
day warns before the waiting list (item 8); cancelling from the registration's own
page (the personal link of the mails, item 14) asks first (item 9)."""

import pytest

from networkdays.constants import RegistrationStatus
from networkdays.models import Registration

from ..browser import assert_accessible, log_in
from ..factories import PASSWORD
from .factories import NetworkDayFactory, RegistrationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def assert_no_horizontal_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_full_day_warns_before_the_waiting_list_on_a_phone(page, world):
    day = NetworkDayFactory(title="Volle dag", host_city=world.city_a, capacity=1)
    RegistrationFactory(network_day=day)
    RegistrationFactory(network_day=day, status=RegistrationStatus.WAITING, confirmed_at=None)
    page.set_viewport_size(PHONE)
    log_in(page, "official-a", PASSWORD)
    page.goto(day.get_absolute_url())
    warning = page.locator("#waiting-list-warning")
    assert "Vol — u komt op de wachtlijst (plaats 2)" in warning.inner_text()
    button = page.get_by_role("button", name="Zet mij op de wachtlijst (plaats 2)")
    assert button.get_attribute("aria-describedby") == "waiting-list-warning"
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    button.click()
    page.wait_for_url(f"**/network-days/{day.pk}/")
    page.get_by_text("U staat op de wachtlijst voor deze dag.").wait_for()
    registration = Registration.objects.get(network_day=day, person=world.person("official_a"))
    assert registration.status == RegistrationStatus.WAITING


def test_cancelling_from_the_personal_link_asks_first_on_a_phone(page, world):
    day = NetworkDayFactory(title="Netwerkdag Zwolle", host_city=world.city_a, capacity=1)
    registration = RegistrationFactory(
        network_day=day, person=world.person("official_a"), dietary_needs="vegan"
    )
    waiting = RegistrationFactory(
        network_day=day, status=RegistrationStatus.WAITING, confirmed_at=None
    )
    page.set_viewport_size(PHONE)
    log_in(page, "official-a", PASSWORD)
    page.goto(f"/network-days/registrations/{registration.pk}/")
    name = world.person("official_a").name
    page.get_by_role("heading", name=f"Aanmelding van {name}", level=1).wait_for()
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    page.get_by_label("Dieetwensen").fill("halal")
    page.get_by_role("button", name="Wensen opslaan").click()
    page.get_by_text("De wensen zijn opgeslagen.").wait_for()
    page.get_by_role("button", name=f"Afmelden ({name})").click()
    page.get_by_role("heading", name="annuleren?", level=1).wait_for()
    assert "volgende op de wachtlijst" in page.locator("#cancel-consequences").inner_text()
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.dietary_needs == "halal"
    # By keyboard: the confirmation is a plain form button.
    page.get_by_role("button", name="Ja, afmelden").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/network-days/{day.pk}/")
    registration.refresh_from_db()
    waiting.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    assert waiting.status == RegistrationStatus.CONFIRMED
