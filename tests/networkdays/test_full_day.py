"""A full day warns before you join its waiting list (issue 11, item 8): "Vol — u komt
op de wachtlijst (plaats N)" on the day's page and its button, N fresh on every view;
the dashboard does not call a full day "open"."""

import pytest
from django.urls import reverse

from members.actors import SYSTEM
from networkdays import services_registrations
from networkdays.constants import RegistrationStatus

from .factories import NetworkDayFactory, PersonFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def _waiting(day, n):
    for _ in range(n):
        RegistrationFactory(network_day=day, status=RegistrationStatus.WAITING, confirmed_at=None)


@pytest.fixture
def full_day(world):
    day = NetworkDayFactory(host_city=world.city_a, capacity=1, title="Volle dag")
    RegistrationFactory(network_day=day)
    _waiting(day, 2)
    return day


def page(client, day) -> str:
    return client.get(day.get_absolute_url()).content.decode()


def test_the_day_page_and_its_button_say_full_and_the_place(world, full_day):
    content = page(world.client("official_a"), full_day)
    assert "Vol — u komt op de wachtlijst (plaats 3)" in content
    assert "Zet mij op de wachtlijst (plaats 3)" in content
    assert "Meld mij aan" not in content


def test_a_contact_sees_it_on_the_button_for_colleagues(world, full_day):
    content = page(world.client("contact_a"), full_day)
    assert "Op de wachtlijst zetten (plaats 3)" in content


def test_the_place_is_fresh_on_every_view(world, full_day):
    client = world.client("official_a")
    assert "(plaats 3)" in page(client, full_day)
    assert "(plaats 3)" in page(client, full_day)
    services_registrations.registration_create(
        day=full_day, person=world.person("official_b"), by=SYSTEM
    )
    assert "(plaats 4)" in page(client, full_day)
    # A seat comes free and the next waiting person takes it: one fewer waits.
    seat = full_day.registrations.get(status=RegistrationStatus.CONFIRMED)
    services_registrations.registration_cancel(registration=seat, by=SYSTEM)
    assert "(plaats 3)" in page(client, full_day)


def test_a_day_with_seats_left_offers_plain_registration(world):
    day = NetworkDayFactory(host_city=world.city_a, capacity=5)
    content = page(world.client("official_a"), day)
    assert "Meld mij aan" in content and "wachtlijst (plaats" not in content


def test_the_limit_per_city_counts_for_the_viewers_city(world):
    day = NetworkDayFactory(host_city=world.city_a, capacity=10, seats_per_city=1)
    RegistrationFactory(network_day=day, person=PersonFactory(city=world.city_a))
    assert "(plaats 1)" in page(world.client("official_a"), day)
    assert "Meld mij aan" in page(world.client("official_b"), day)


def test_the_register_page_warns_too(world, full_day):
    url = reverse("networkdays:register", kwargs={"pk": full_day.pk})
    content = world.client("official_a").get(url).content.decode()
    assert "Vol — u komt op de wachtlijst (plaats 3)" in content


@pytest.mark.parametrize("full", [True, False])
def test_the_dashboard_does_not_call_a_full_day_open(world, full):
    day = NetworkDayFactory(host_city=world.city_a, capacity=1, title="Dag van de stad")
    if full:
        RegistrationFactory(network_day=day)
    content = world.client("official_a").get(reverse("dashboard")).content.decode()
    assert ("Aanmelden is open: Dag van de stad" in content) is not full
    assert ("Vol: Dag van de stad" in content) is full
