"""Issue 12 items 1, 2, 3 and 6 and issue 11 item 13: rules that bent under a sequence of
ordinary actions. Each test replays the reproduction through the services."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from members.actors import SYSTEM
from networkdays.constants import NetworkDayStatus, RegistrationStatus
from networkdays.models import NetworkDay, Registration
from networkdays.services import (
    network_day_cancel,
    network_day_publish,
    network_day_restore,
    network_day_save,
    network_day_unpublish,
)
from networkdays.services_registrations import (
    registration_cancel,
    registration_create,
    registration_substitute,
)

from .factories import CityFactory, NetworkDayFactory, PersonFactory

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def _sequence(mail) -> int:
    (event,) = Calendar.from_ical(mail.attachments[0]["content"]).walk("VEVENT")
    return int(event["SEQUENCE"])


def _fresh(day) -> NetworkDay:
    return NetworkDay.objects.get(pk=day.pk)


# --- 1. the limit per city ------------------------------------------------------------


@pytest.mark.django_db
def test_the_limit_per_city_cannot_go_below_what_a_city_holds():
    day = NetworkDayFactory(capacity=2)
    city = CityFactory(name="Zwolle")
    for person in PersonFactory.create_batch(2, city=city):
        registration_create(day=day, person=person, by=SYSTEM)
    day = _fresh(day)
    day.seats_per_city = 1
    with pytest.raises(ValidationError) as excinfo:
        network_day_save(day=day, by=SYSTEM)
    (error,) = excinfo.value.error_dict["seats_per_city"]
    assert error.code == "city_limit_below_confirmed"
    assert "Zwolle (2)" in error.messages[0]
    assert _fresh(day).seats_per_city is None
    day.seats_per_city = 2
    network_day_save(day=day, by=SYSTEM)
    assert _fresh(day).seats_per_city == 2


# --- 2. registrants are told of every change, once -------------------------------------


@pytest.fixture
def registered_day(db):
    """A published day, capacity 2, with two confirmed registrants."""
    day = NetworkDayFactory(capacity=2)
    people = PersonFactory.create_batch(2)
    for person in people:
        registration_create(day=day, person=person, by=SYSTEM)
    return _fresh(day), people


@pytest.mark.django_db
def test_a_day_with_registrants_cannot_go_back_to_draft(registered_day):
    day, _people = registered_day
    with pytest.raises(ValidationError) as excinfo:
        network_day_unpublish(day=day, by=SYSTEM)
    assert excinfo.value.code == "day_has_registrations"
    day.status = NetworkDayStatus.DRAFT  # nor through a plain save
    with pytest.raises(ValidationError) as excinfo:
        network_day_save(day=day, by=SYSTEM)
    assert excinfo.value.code == "day_has_registrations"
    assert _fresh(day).status == NetworkDayStatus.PUBLISHED


@pytest.mark.django_db
def test_a_published_to_draft_to_cancel_tells_every_registrant(registered_day, mails):
    """(a) published → draft → cancel: the draft step is refused; the cancel reaches all."""
    day, people = registered_day
    with pytest.raises(ValidationError):
        network_day_unpublish(day=day, by=SYSTEM)
    network_day_cancel(day=day, by=SYSTEM)
    told = mails("networkday-day-cancelled:")
    assert sorted(m.to[0] for m in told) == sorted(p.email for p in people)
    assert [_sequence(m) for m in told] == [1, 1]


@pytest.mark.django_db
def test_b_a_restored_day_tells_its_registrants_it_is_back(registered_day, mails):
    """(b) cancelled → draft → published: restoring brings it back published, and every
    registrant gets the day again with a higher SEQUENCE than the cancellation's."""
    day, people = registered_day
    network_day_cancel(day=day, by=SYSTEM)
    day = _fresh(day)
    day.status = NetworkDayStatus.DRAFT
    with pytest.raises(ValidationError) as excinfo:
        network_day_save(day=day, by=SYSTEM)
    assert excinfo.value.code == "day_has_registrations"
    day = network_day_restore(day=day, by=SYSTEM)
    assert day.status == NetworkDayStatus.PUBLISHED
    back = mails("networkday-changed:")
    assert sorted(m.to[0] for m in back) == sorted(p.email for p in people)
    assert [_sequence(m) for m in back] == [2, 2]
    assert all("METHOD:PUBLISH" in m.attachments[0]["content"] for m in back)


@pytest.mark.django_db
def test_c_a_new_date_reaches_every_registrant_with_a_new_sequence(registered_day, mails):
    """(c) published → draft → date moved → published: no draft; the move is told."""
    day, people = registered_day
    with pytest.raises(ValidationError):
        network_day_unpublish(day=day, by=SYSTEM)
    day = _fresh(day)
    day.date += datetime.timedelta(days=1)
    day.registration_closes_at += datetime.timedelta(days=1)
    network_day_save(day=day, by=SYSTEM)
    changed = mails("networkday-changed:")
    assert sorted(m.to[0] for m in changed) == sorted(p.email for p in people)
    assert [_sequence(m) for m in changed] == [1, 1]


@pytest.mark.django_db
def test_changes_while_cancelled_reach_registrants_once_when_restored(registered_day, mails):
    day, people = registered_day
    network_day_cancel(day=day, by=SYSTEM)
    day = _fresh(day)
    day.venue = "Elders"
    network_day_save(day=day, by=SYSTEM)
    assert mails("networkday-changed:") == []  # their calendars say "cancelled"
    network_day_restore(day=day, by=SYSTEM)
    back = mails("networkday-changed:")
    assert len(back) == 2
    assert [_sequence(m) for m in back] == [3, 3]
    assert all("Elders" in m.attachments[0]["content"] for m in back)


@pytest.mark.django_db
def test_a_day_without_registrants_is_restored_as_a_draft_and_may_go_back_to_draft():
    day = NetworkDayFactory()
    network_day_cancel(day=day, by=SYSTEM)
    assert network_day_restore(day=day, by=SYSTEM).status == NetworkDayStatus.DRAFT
    network_day_publish(day=day, by=SYSTEM, open_now=True)
    assert network_day_unpublish(day=day, by=SYSTEM).status == NetworkDayStatus.DRAFT


# --- 3. every handover announced ------------------------------------------------------------


@pytest.mark.django_db
def test_passing_a_seat_back_and_forth_announces_every_handover(mails):
    day = NetworkDayFactory(capacity=5)
    city = CityFactory()
    a, b = PersonFactory.create_batch(2, city=city)
    registration = registration_create(day=day, person=a, by=SYSTEM)
    for substitute in (b, a, b):
        registration = registration_substitute(
            registration=registration, substitute=substitute, by=SYSTEM
        )
    confirmed = [m.to[0] for m in mails("networkday-confirmed:")]
    passed_on = [m.to[0] for m in mails("networkday-substituted:")]
    assert confirmed.count(a.email) == 2  # the registration and the return
    assert confirmed.count(b.email) == 2
    assert passed_on == [a.email, b.email, a.email]
    assert all(m.attachments for m in mails("networkday-confirmed:"))


# --- 6. nothing after the day's end ----------------------------------------------------


@pytest.mark.django_db
def test_after_the_days_end_no_seat_is_given_back_nor_anyone_promoted(mails):
    """The day ended at 16:00 (Amsterdam); at 20:00 the same evening a confirmed seat
    cannot be given back and the waiting list stays as it is."""
    date = timezone.localdate() + datetime.timedelta(days=3)
    day = NetworkDayFactory(capacity=1, date=date)
    first, waiting = PersonFactory.create_batch(2)
    seat = registration_create(day=day, person=first, by=SYSTEM)
    registration_create(day=day, person=waiting, by=SYSTEM)
    evening = datetime.datetime.combine(date, datetime.time(20), tzinfo=AMSTERDAM)
    with pytest.raises(ValidationError) as excinfo:
        registration_cancel(registration=seat, by=SYSTEM, now=evening)
    assert excinfo.value.code == "day_over"
    assert Registration.objects.get(person=waiting).status == RegistrationStatus.WAITING
    assert mails("networkday-promoted:") == []
    # During the day (before 16:00) a seat may still be given back.
    noon = datetime.datetime.combine(date, datetime.time(12), tzinfo=AMSTERDAM)
    registration_cancel(registration=seat, by=SYSTEM, now=noon)
    assert Registration.objects.get(person=waiting).status == RegistrationStatus.CONFIRMED


# --- issue 11, 13: publishing is an action ---------------------------------------------


@pytest.mark.django_db
def test_publishing_with_the_opening_passed_needs_the_secretariats_word():
    day = NetworkDayFactory(status=NetworkDayStatus.DRAFT)  # opened a week ago
    with pytest.raises(ValidationError) as excinfo:
        network_day_publish(day=day, by=SYSTEM)
    assert excinfo.value.code == "registration_opens_in_past"
    assert _fresh(day).status == NetworkDayStatus.DRAFT
    network_day_publish(day=day, by=SYSTEM, open_now=True)
    assert _fresh(day).registration_is_open()


@pytest.mark.django_db
def test_publishing_with_the_opening_ahead_needs_no_confirmation():
    day = NetworkDayFactory(
        status=NetworkDayStatus.DRAFT,
        registration_opens_at=timezone.now() + datetime.timedelta(days=2),
    )
    network_day_publish(day=day, by=SYSTEM)
    assert _fresh(day).status == NetworkDayStatus.PUBLISHED
    with pytest.raises(ValidationError) as excinfo:
        network_day_publish(day=day, by=SYSTEM)
    assert excinfo.value.code == "not_draft"


@pytest.mark.django_db
def test_publishing_asks_the_acting_user(world):
    day = NetworkDayFactory(status=NetworkDayStatus.DRAFT)
    with pytest.raises(ValidationError) as excinfo:
        network_day_publish(day=day, by=world.person("official_a").user, open_now=True)
    assert excinfo.value.code == "forbidden"


@pytest.mark.django_db
def test_the_publish_button_asks_first_when_registration_would_open_at_once(world):
    day = NetworkDayFactory(status=NetworkDayStatus.DRAFT, host_city=world.city_a)
    client = world.client("secretariat")
    page = client.get(day.get_absolute_url()).content.decode()
    url = reverse("networkdays:publish", kwargs={"pk": day.pk})
    assert f'action="{url}"' in page
    response = client.post(url)
    assert response.status_code == 200  # the second step
    assert 'name="open_now"' in response.content.decode()
    assert _fresh(day).status == NetworkDayStatus.DRAFT
    response = client.post(url, {"second_step": "1"})  # not confirmed: said why
    assert response.context["form"].errors["open_now"]
    assert _fresh(day).status == NetworkDayStatus.DRAFT
    response = client.post(url, {"second_step": "1", "open_now": "on"}, follow=True)
    assert _fresh(day).status == NetworkDayStatus.PUBLISHED
    assert "De netwerkdag is gepubliceerd." in response.content.decode()


@pytest.mark.django_db
def test_the_edit_form_no_longer_offers_the_status(world):
    day = NetworkDayFactory(status=NetworkDayStatus.DRAFT, host_city=world.city_a)
    page = world.client("secretariat").get(reverse("networkdays:edit", kwargs={"pk": day.pk}))
    assert 'name="status"' not in page.content.decode()
    from .matrix import _day_data

    response = world.client("secretariat").post(reverse("networkdays:create"), _day_data(world))
    assert response.status_code == 302
    assert NetworkDay.objects.latest("pk").status == NetworkDayStatus.DRAFT
