"""Browser journey with axe-core on each page: the DB opens the pending application,
sees the applicant ranked among the members with the equal-or-lower members listed,
and records its advice; the secretariat's pages of criteria and applications."""

import re

import pytest

from admissions.constants import ApplicationStatus, Outcome
from admissions.models import Advice
from members.constants import CityStatus

from ..browser import assert_accessible, log_in
from ..factories import PASSWORD, CityFactory
from .factories import applicant, application, criteria_2018, value

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _label(text: str) -> re.Pattern:
    return re.compile(rf"^\s*{re.escape(text)}\s*\*?\s*$")


@pytest.fixture
def pending(world):
    criteria_2018()
    for city, urbanity, density in [
        (world.city_a, 2, 2081),
        (world.city_b, 2, 1616),
        (CityFactory(name="Leiden", cbs_code="GM0546"), 1, 3797),
        (CityFactory(name="Emmen", cbs_code="GM0114"), 3, 854),
    ]:
        value(city, "urbanity_class", urbanity, year=2021)
        value(city, "address_density", density, year=2021)
    city = applicant()
    value(city, "urbanity_class", 2, year=2021)
    value(city, "address_density", 2000, year=2021)
    return application(city)


def test_the_db_ranks_the_pending_applicant_and_records_its_advice(page, world, pending):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "db-member", PASSWORD)
    page.goto("/membership/")
    page.get_by_role("heading", name="Lidmaatschap", level=1).wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Purmerend").click()

    page.wait_for_url(f"**/membership/applications/{pending.pk}/")
    page.get_by_role("heading", name="Aanvraag van Purmerend", level=1).wait_for()
    urbanity = page.get_by_role("table", name=re.compile("Stedelijkheidsklasse"))
    assert "plaats 2 naast 4 leden" in urbanity.inner_text()
    lower = urbanity.get_by_role("row", name=re.compile("Leden die gelijk of lager scoren"))
    listed = lower.inner_text()
    assert "Almere" in listed and "Zwolle" in listed and "Emmen" in listed
    assert "Leiden" not in listed
    assert_accessible(page)

    page.get_by_role("link", name="Advies van het DB vastleggen").click()
    page.wait_for_url(f"**/membership/applications/{pending.pk}/advice/")
    assert_accessible(page)
    page.get_by_label("toelaten").check()
    page.get_by_role("button", name="Advies vastleggen").click()
    page.get_by_text("Geef de motivering.").wait_for()  # no reasons: refused
    assert not Advice.objects.exists()
    assert_accessible(page)

    page.get_by_label("toelaten").check()
    page.get_by_label(_label("Motivering")).fill(
        "Even stedelijk als Almere en Zwolle; centrumfunctie voor Waterland."
    )
    page.get_by_role("button", name="Advies vastleggen").click()
    # Issue 23, item 1: the confirmation says what becomes final; nothing is recorded yet.
    page.get_by_role(
        "heading", name=re.compile("Advies van het DB over Purmerend vastleggen")
    ).wait_for()
    assert_accessible(page)
    assert not Advice.objects.exists()
    page.get_by_role("button", name="Ja, het advies vastleggen").click()
    page.wait_for_url(f"**/membership/applications/{pending.pk}/")
    assert "vastgelegd" in page.get_by_role("status").first.inner_text()
    assert_accessible(page)
    advice = Advice.objects.get(application=pending)
    assert advice.outcome == Outcome.ADMIT
    assert advice.reasons.startswith("Even stedelijk")


def test_the_secretariats_pages_are_accessible(page, world, pending):
    advised = application(
        applicant(name="Velsen", cbs_code="GM0453"), status=ApplicationStatus.ADVISED
    )
    CityFactory(name="Den Helder", cbs_code="GM0400", status=CityStatus.APPLICANT)
    log_in(page, "secretariat", PASSWORD)
    for path, heading in [
        ("/membership/", "Lidmaatschap"),
        ("/membership/applications/new/", "Aanvraag vastleggen"),
        (f"/membership/applications/{advised.pk}/decision/", "Besluit van het AB over Velsen"),
        (f"/membership/applications/{pending.pk}/notes/", "Notities bij Purmerend"),
        ("/membership/indicator-values/new/", "Indicatorwaarde invoeren"),
        ("/cities/GM0439/", "Purmerend"),
    ]:
        page.goto(path)
        page.get_by_role("heading", name=heading, level=1).wait_for()
        assert_accessible(page)

    page.goto(f"/membership/applications/{advised.pk}/decision/")
    page.get_by_label("toelaten").check()
    page.get_by_label(_label("Lid vanaf")).fill("2024-07-01")
    page.get_by_label(_label("Motivering")).fill("Het AB volgt het advies.")
    page.get_by_label(_label("Datum van de AB-vergadering")).fill("2024-06-01")
    page.get_by_role("button", name="Besluit vastleggen").click()
    # Issue 23, item 1: the confirmation says the city becomes a member, at 390 px.
    page.get_by_role(
        "heading", name=re.compile("Besluit van het AB over Velsen vastleggen")
    ).wait_for()
    assert "Velsen wordt lid van het netwerk vanaf 1 juli 2024" in page.content()
    assert not advised.city.membership_periods.exists()
    page.set_viewport_size({"width": 390, "height": 844})
    assert_accessible(page)
    page.get_by_role("button", name="Ja, het besluit vastleggen").click()
    page.wait_for_url(f"**/membership/applications/{advised.pk}/")
    assert_accessible(page)
    advised.city.refresh_from_db()
    assert advised.city.membership_periods.exists()
