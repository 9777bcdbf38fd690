"""The official's journey in a real browser, with axe-core on each page: open the day,
register, see the confirmation, download the .ics, cancel."""

import datetime

import pytest
from django.utils import timezone
from icalendar import Calendar

from networkdays.constants import RegistrationStatus
from networkdays.models import Registration

from ..browser import assert_accessible, log_in
from ..factories import PASSWORD
from .factories import NetworkDayFactory, ProgrammeSessionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_official_registers_downloads_the_ics_and_cancels(page, world):
    day = NetworkDayFactory(
        title="Netwerkdag Zwolle", host_city=world.city_a, capacity=20, seats_per_city=3
    )
    ProgrammeSessionFactory(network_day=day, title="Opening", pillar=world.pillar)
    log_in(page, "official-a", PASSWORD)

    page.goto("/network-days/")
    page.get_by_role("heading", name="Netwerkdagen", level=1).wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Netwerkdag Zwolle").click()

    page.wait_for_url(f"**/network-days/{day.pk}/")
    page.get_by_role("heading", name="Programma").wait_for()
    assert_accessible(page)
    page.get_by_label("Dieetwensen").fill("vegetarisch")
    page.get_by_role("button", name="Meld mij aan").click()

    page.wait_for_url(f"**/network-days/{day.pk}/")
    # Said to the person who registered herself (issue 22, item 16).
    assert "U bent aangemeld. Een bevestiging" in page.get_by_role("status").first.inner_text()
    page.get_by_text("U bent aangemeld voor deze dag.").wait_for()
    assert_accessible(page)
    registration = Registration.objects.get(person=world.person("official_a"))
    assert registration.status == RegistrationStatus.CONFIRMED

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Zet in agenda (.ics)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".ics")
    with open(download.path(), "rb") as ics:
        calendar = Calendar.from_ical(ics.read())
    assert str(next(iter(calendar.walk("VEVENT")))["UID"]) == day.calendar_uid

    # Cancelling asks first, on a page of its own that says what will happen.
    page.get_by_role("button", name="Afmelden").click()
    page.get_by_role("heading", name="annuleren?", level=1).wait_for()
    assert "De plaats komt vrij" in page.locator("#cancel-consequences").inner_text()
    assert_accessible(page)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    page.get_by_role("button", name="Ja, afmelden").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/network-days/{day.pk}/")
    assert "U bent afgemeld." in page.get_by_role("status").first.inner_text()
    page.get_by_role("button", name="Meld mij aan").wait_for()
    assert_accessible(page)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED


def test_the_check_in_page_works_on_a_phone(page, world):
    from .factories import RegistrationFactory

    # Check-in is open on the day itself (from two hours before the start).
    day = NetworkDayFactory(
        title="Netwerkdag Zwolle",
        host_city=world.city_a,
        date=timezone.localdate(),
        starts_at=datetime.time(0, 0),
    )
    RegistrationFactory(network_day=day, person=world.person("official_a"))
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "event-bureau", PASSWORD)
    page.goto(f"/network-days/{day.pk}/check-in/")
    assert_accessible(page)
    name = world.person("official_a").name
    page.get_by_label("Zoeken op naam").fill(name.split()[0])
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("button", name=f"Aanwezig ({name})").click()
    assert "is aanwezig" in page.get_by_role("status").first.inner_text()
    assert_accessible(page)
    page.get_by_role("button", name=f"Ongedaan maken ({name})").click()
    page.get_by_role("button", name=f"Aanwezig ({name})").wait_for()
