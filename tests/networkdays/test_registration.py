"""Registration: capacity, limit per city, the waiting list and its promotion order,
bad input, and the mails that go with each."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from members.actors import SYSTEM
from networkdays.constants import NetworkDayStatus, RegistrationStatus
from networkdays.models import NetworkDay, Registration
from networkdays.services import network_day_save
from networkdays.services_registrations import (
    registration_cancel,
    registration_create,
    registration_substitute,
)

from .factories import CityFactory, NetworkDayFactory, PersonFactory, RegistrationFactory


@pytest.fixture
def day(db):
    return NetworkDayFactory(capacity=2)


def _register(day, person, by=SYSTEM, **kwargs):
    return registration_create(day=day, person=person, by=by, **kwargs)


@pytest.mark.django_db
def test_registrations_beyond_capacity_wait(day, mails, django_capture_on_commit_callbacks):
    people = PersonFactory.create_batch(3)
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [_register(day, p).status for p in people]
    assert statuses == ["confirmed", "confirmed", "waiting"]
    assert len(mails("networkday-confirmed:")) == 2
    assert len(mails("networkday-waiting:")) == 1
    confirmation = mails("networkday-confirmed:")[0]
    assert confirmation.attachments[0]["filename"].endswith(".ics")
    assert "BEGIN:VCALENDAR" in confirmation.attachments[0]["content"]


@pytest.mark.django_db
def test_limit_per_city_sends_the_extra_colleague_to_the_waiting_list():
    day = NetworkDayFactory(capacity=10, seats_per_city=1)
    city = CityFactory()
    first, second = PersonFactory.create_batch(2, city=city)
    assert _register(day, first).status == RegistrationStatus.CONFIRMED
    assert _register(day, second).status == RegistrationStatus.WAITING
    assert _register(day, PersonFactory()).status == RegistrationStatus.CONFIRMED


@pytest.mark.django_db
def test_cancelling_promotes_the_first_waiting_and_mails_them(day, mails):
    a, b, c, d = PersonFactory.create_batch(4, city=CityFactory())
    reg_a = _register(day, a)
    _register(day, b)
    reg_c = _register(day, c)
    _register(day, d)
    registration_cancel(registration=reg_a, by=SYSTEM)
    reg_c.refresh_from_db()
    assert reg_c.status == RegistrationStatus.CONFIRMED
    assert Registration.objects.get(person=d).status == RegistrationStatus.WAITING
    assert len(mails("networkday-promoted:")) == 1
    assert mails("networkday-promoted:")[0].to == [c.email]
    assert len(mails("networkday-cancelled:")) == 1
    assert "METHOD:CANCEL" in mails("networkday-cancelled:")[0].attachments[0]["content"]


@pytest.mark.django_db
def test_a_city_with_nobody_confirmed_goes_first(day):
    city_x, city_y = CityFactory(), CityFactory()
    x1, x2, x3 = PersonFactory.create_batch(3, city=city_x)
    y1 = PersonFactory(city=city_y)
    reg_x1 = _register(day, x1)
    _register(day, x2)
    _register(day, x3)  # waiting first
    _register(day, y1)  # waiting second, but city Y has nobody confirmed
    registration_cancel(registration=reg_x1, by=SYSTEM)
    assert Registration.objects.get(person=y1).status == RegistrationStatus.CONFIRMED
    assert Registration.objects.get(person=x3).status == RegistrationStatus.WAITING


@pytest.mark.django_db
def test_promotion_respects_the_limit_per_city():
    day = NetworkDayFactory(capacity=2, seats_per_city=1)
    city_x = CityFactory()
    x1, x2 = PersonFactory.create_batch(2, city=city_x)
    other = PersonFactory()
    _register(day, x1)
    _register(day, x2)  # waits: limit per city
    reg_other = _register(day, other)
    registration_cancel(registration=reg_other, by=SYSTEM)
    # A seat is free, but the only one waiting is from a city at its limit.
    assert Registration.objects.get(person=x2).status == RegistrationStatus.WAITING


@pytest.mark.django_db
def test_raising_the_capacity_promotes_the_waiting(day, mails):
    people = PersonFactory.create_batch(3)
    for person in people:
        _register(day, person)
    day.refresh_from_db()
    day.capacity = 3
    network_day_save(day=day, by=SYSTEM)
    assert Registration.objects.confirmed().count() == 3
    assert len(mails("networkday-promoted:")) == 1


@pytest.mark.django_db
def test_capacity_below_the_confirmed_count_is_refused(day):
    for person in PersonFactory.create_batch(2):
        _register(day, person)
    day.capacity = 1
    with pytest.raises(ValidationError) as error:
        network_day_save(day=day, by=SYSTEM)
    assert [e.code for e in error.value.error_dict["capacity"]] == ["capacity_below_confirmed"]
    assert NetworkDay.objects.get(pk=day.pk).capacity == 2


@pytest.mark.django_db
def test_registering_twice_is_refused(day):
    person = PersonFactory()
    _register(day, person)
    with pytest.raises(ValidationError) as error:
        _register(day, person)
    assert error.value.code == "already_registered"
    assert Registration.objects.count() == 1


@pytest.mark.django_db
def test_registering_again_after_cancelling_joins_the_end_of_the_queue(day, mails):
    person = PersonFactory()
    registration = _register(day, person)
    registration_cancel(registration=registration, by=SYSTEM)
    again = _register(day, person)
    assert again.pk == registration.pk
    assert again.status == RegistrationStatus.CONFIRMED
    assert len(mails("networkday-confirmed:")) == 2


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"status": NetworkDayStatus.DRAFT}, "not_published"),
        ({"status": NetworkDayStatus.CANCELLED}, "day_cancelled"),
        (
            {"registration_closes_at": timezone.now() - datetime.timedelta(hours=1)},
            "registration_closed",
        ),
        (
            {
                "registration_opens_at": timezone.now() + datetime.timedelta(days=1),
                "registration_closes_at": timezone.now() + datetime.timedelta(days=2),
            },
            "registration_not_open",
        ),
    ],
)
@pytest.mark.django_db
def test_registering_for_a_day_that_is_not_open_is_refused(fields, code):
    day = NetworkDayFactory(**fields)
    with pytest.raises(ValidationError) as error:
        _register(day, PersonFactory())
    assert error.value.code == code
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_substitution_hands_the_seat_to_a_colleague_of_the_same_city(day, mails):
    city = CityFactory()
    original, colleague = PersonFactory.create_batch(2, city=city)
    registration = _register(day, original, dietary_needs="vegetarisch")
    registration_substitute(registration=registration, substitute=colleague, by=SYSTEM)
    registration.refresh_from_db()
    assert registration.person == colleague
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.dietary_needs == ""
    assert mails("networkday-substituted:")[0].to == [original.email]
    assert mails("networkday-confirmed:")[-1].to == [colleague.email]


@pytest.mark.django_db
def test_substitution_by_someone_of_another_city_is_refused(day):
    registration = _register(day, PersonFactory())
    stranger = PersonFactory()
    with pytest.raises(ValidationError) as error:
        registration_substitute(registration=registration, substitute=stranger, by=SYSTEM)
    assert error.value.code == "other_city"
    registration.refresh_from_db()
    assert registration.person != stranger


@pytest.mark.django_db
def test_the_unique_constraint_is_the_backstop(day):
    person = PersonFactory()
    RegistrationFactory(network_day=day, person=person)
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(network_day=day, person=person, status="waiting")
