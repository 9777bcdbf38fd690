"""Check-in only on the day: from ``CHECK_IN_OPENS_HOURS_BEFORE`` hours before the start
(issue 11, item 11). Earlier is refused in the service with a code."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from networkdays import services_registrations

from .factories import NetworkDayFactory, RegistrationFactory


def _at(date: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(hour, minute)))


@pytest.fixture
def registration(world):
    day = NetworkDayFactory(host_city=world.city_a, starts_at=datetime.time(10, 0))
    return RegistrationFactory(network_day=day, person=world.person("official_a"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("days_before", "hour", "minute"),
    [(1, 10, 0), (0, 7, 59)],  # the day before; just before 8:00 on the day
)
def test_check_in_before_it_opens_is_refused(world, registration, days_before, hour, minute):
    now = _at(registration.network_day.date - datetime.timedelta(days=days_before), hour, minute)
    with pytest.raises(ValidationError) as excinfo:
        services_registrations.registration_check_in(
            registration=registration, by=world.person("event_bureau").user, now=now
        )
    assert excinfo.value.code == "check_in_not_open"
    registration.refresh_from_db()
    assert registration.checked_in_at is None


@pytest.mark.django_db
def test_check_in_opens_the_configured_hours_before_the_start(world, registration):
    now = _at(registration.network_day.date, 8, 0)
    services_registrations.registration_check_in(
        registration=registration, by=world.person("event_bureau").user, now=now
    )
    registration.refresh_from_db()
    assert registration.checked_in_at == now


@pytest.mark.django_db
def test_the_hours_are_a_setting(world, registration, settings):
    settings.CHECK_IN_OPENS_HOURS_BEFORE = 4
    now = _at(registration.network_day.date, 6, 30)
    services_registrations.registration_check_in(
        registration=registration, by=world.person("event_bureau").user, now=now
    )
    registration.refresh_from_db()
    assert registration.checked_in_at == now


@pytest.mark.django_db
def test_the_check_in_page_says_when_it_opens_and_offers_no_button(world, registration):
    client = world.client("event_bureau")
    url = reverse("networkdays:check_in", kwargs={"pk": registration.network_day_id})
    content = client.get(url).content.decode()
    assert "Inchecken kan vanaf" in content
    assert reverse("networkdays:registration_check_in", kwargs={"pk": registration.pk}) not in (
        content
    )
    response = client.post(
        reverse("networkdays:registration_check_in", kwargs={"pk": registration.pk}), follow=True
    )
    assert "Inchecken kan vanaf" in response.content.decode()
    registration.refresh_from_db()
    assert registration.checked_in_at is None
