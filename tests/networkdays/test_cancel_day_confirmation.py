"""Cancelling a network day asks first (issue 11, item 9): a POST without the
confirmation shows what will happen and changes nothing; with it, the day is cancelled."""

import pytest
from django.urls import reverse

from networkdays.constants import NetworkDayStatus

from .factories import NetworkDayFactory, RegistrationFactory


@pytest.fixture
def day(world):
    day = NetworkDayFactory(host_city=world.city_a)
    RegistrationFactory.create_batch(2, network_day=day)
    return day


@pytest.mark.django_db
def test_a_post_without_confirmation_changes_nothing_and_asks(world, day, mails):
    response = world.client("secretariat").post(
        reverse("networkdays:cancel", kwargs={"pk": day.pk})
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "2 personen zijn aangemeld" in content
    assert 'name="confirm" value="yes"' in content
    day.refresh_from_db()
    assert day.status == NetworkDayStatus.PUBLISHED
    assert mails("networkday-day-cancelled") == []


@pytest.mark.django_db
def test_with_confirmation_the_day_is_cancelled_and_registrants_told(world, day, mails):
    response = world.client("secretariat").post(
        reverse("networkdays:cancel", kwargs={"pk": day.pk}), {"confirm": "yes"}
    )
    assert response.status_code == 302
    day.refresh_from_db()
    assert day.status == NetworkDayStatus.CANCELLED
    assert len(mails("networkday-day-cancelled")) == 2
