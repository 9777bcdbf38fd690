"""Mails are sent once; the .ics keeps its UID, raises SEQUENCE with each change and
says METHOD:CANCEL for a cancellation; files parse back as valid iCalendar."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from members.actors import SYSTEM
from networkdays.constants import NetworkDayStatus
from networkdays.models import CalendarFeed, NetworkDay
from networkdays.services import (
    calendar_feed_regenerate,
    network_day_cancel,
    network_day_save,
    registration_send_reminders,
)
from networkdays.services_registrations import registration_cancel, registration_create
from networkdays.tasks import purge_needs, send_reminders
from outbox.models import OutgoingMail

from .factories import NetworkDayFactory, PersonFactory, RegistrationFactory


def _event(ics: str):
    calendar = Calendar.from_ical(ics)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    return calendar, events[0]


@pytest.mark.django_db
def test_confirmation_is_sent_once_with_a_parsable_ics(django_capture_on_commit_callbacks):
    day = NetworkDayFactory(title="Netwerkdag Zwolle")
    person = PersonFactory()
    with django_capture_on_commit_callbacks(execute=True):
        registration = registration_create(day=day, person=person, by=SYSTEM)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [person.email]
    assert "Netwerkdag Zwolle" in message.subject
    filename, content, mimetype = message.attachments[0]
    assert filename.endswith(".ics") and mimetype.startswith("text/calendar")
    calendar, event = _event(content)
    assert calendar["METHOD"] == "PUBLISH"
    assert str(event["UID"]) == f"networkday-{day.pk}@g40netwerk.nl"
    assert event["SEQUENCE"] == 0
    assert event.decoded("DTSTART") == day.start_datetime
    # Queuing the same mail again (a retried task) sends nothing more.
    from networkdays import mails

    with django_capture_on_commit_callbacks(execute=True):
        mails.registration_confirmed(registration)
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_change_mails_every_registrant_once_per_change_with_a_higher_sequence(mails):
    day = NetworkDayFactory()
    confirmed = RegistrationFactory(network_day=day)
    waiting = RegistrationFactory(network_day=day, status="waiting", confirmed_at=None)
    RegistrationFactory(network_day=day, status="cancelled")
    day.venue = "Theater De Spiegel"
    network_day_save(day=day, by=SYSTEM)
    changed = mails("networkday-changed:")
    assert sorted(m.to[0] for m in changed) == sorted(
        [confirmed.person.email, waiting.person.email]
    )
    _calendar, event = _event(changed[0].attachments[0]["content"])
    assert event["SEQUENCE"] == 1
    assert str(event["UID"]) == day.calendar_uid
    # Saving without a change that matters sends nothing.
    day.description = "Meer uitleg"
    network_day_save(day=day, by=SYSTEM)
    assert len(mails("networkday-changed:")) == 2
    # A second change: a second notice each, sequence 2.
    day.starts_at = datetime.time(9, 30)
    network_day_save(day=day, by=SYSTEM)
    assert len(mails("networkday-changed:")) == 4
    assert NetworkDay.objects.get(pk=day.pk).sequence == 2


@pytest.mark.django_db
def test_cancelling_a_day_sends_method_cancel_to_every_registrant(mails):
    day = NetworkDayFactory()
    RegistrationFactory.create_batch(3, network_day=day)
    network_day_cancel(day=day, by=SYSTEM)
    cancelled = mails("networkday-day-cancelled:")
    assert len(cancelled) == 3
    calendar, event = _event(cancelled[0].attachments[0]["content"])
    assert calendar["METHOD"] == "CANCEL"
    assert event["STATUS"] == "CANCELLED"
    assert event["SEQUENCE"] == 1
    assert str(event["UID"]) == day.calendar_uid


@pytest.mark.django_db
def test_cancelling_a_registration_mails_a_cancel_ics(mails):
    registration = registration_create(day=NetworkDayFactory(), person=PersonFactory(), by=SYSTEM)
    registration_cancel(registration=registration, by=SYSTEM)
    calendar, _event_ = _event(mails("networkday-cancelled:")[0].attachments[0]["content"])
    assert calendar["METHOD"] == "CANCEL"


@pytest.mark.django_db
def test_reminders_go_once_even_when_the_task_runs_twice(settings, mails):
    settings.NETWORK_DAY_REMINDER_DAYS_BEFORE = 3
    soon = NetworkDayFactory(date=timezone.localdate() + datetime.timedelta(days=2))
    later = NetworkDayFactory(date=timezone.localdate() + datetime.timedelta(days=20))
    RegistrationFactory(network_day=soon)
    RegistrationFactory(network_day=soon, status="waiting", confirmed_at=None)
    RegistrationFactory(network_day=later)
    send_reminders.delay()
    send_reminders.delay()
    registration_send_reminders()
    assert len(mails("networkday-reminder:")) == 1
    assert OutgoingMail.objects.filter(key__startswith="networkday-reminder:").count() == 1


@pytest.mark.django_db
def test_needs_are_deleted_after_the_retention_period_and_counts_stay(settings):
    settings.RETENTION_DAYS = {**settings.RETENTION_DAYS, "registration_needs": 30}
    old_day = NetworkDayFactory(date=timezone.localdate() - datetime.timedelta(days=31))
    recent_day = NetworkDayFactory(date=timezone.localdate() - datetime.timedelta(days=29))
    old = RegistrationFactory(network_day=old_day, dietary_needs="glutenvrij")
    recent = RegistrationFactory(network_day=recent_day, accessibility_needs="rolstoel")
    assert purge_needs.delay().get() == 1
    assert purge_needs.delay().get() == 0
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.dietary_needs == "" and old.needs_purged_at is not None
    assert recent.accessibility_needs == "rolstoel"
    assert old_day.registrations.confirmed().count() == 1


@pytest.mark.django_db
def test_day_ics_is_for_signed_in_users(world):
    day = NetworkDayFactory(host_city=world.city_a)
    url = reverse("networkdays:ics", kwargs={"pk": day.pk})
    response = world.client("official_b").get(url)
    assert response.status_code == 200
    _calendar, event = _event(response.content.decode())
    assert str(event["LOCATION"]).startswith(day.venue)
    assert world.client("anonymous").get(url).status_code == 302


@pytest.mark.django_db
def test_the_feed_lists_my_days_and_stops_working_when_revoked(world):
    me = world.person("official_a")
    mine = NetworkDayFactory(title="Mijn dag")
    NetworkDayFactory(title="Niet mijn dag")
    RegistrationFactory(network_day=mine, person=me)
    feed = CalendarFeed.objects.create(person=me)
    client = world.client("anonymous")
    response = client.get(feed.get_absolute_url())
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    assert "METHOD" not in calendar
    summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert summaries == ["G40 Mijn dag"]
    new_feed = calendar_feed_regenerate(person=me, by=SYSTEM)
    assert client.get(feed.get_absolute_url()).status_code == 404
    assert client.get(new_feed.get_absolute_url()).status_code == 200
    world.client("official_a").post(reverse("networkdays:feed_revoke"))
    assert client.get(new_feed.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_a_cancelled_day_stays_in_the_feed_as_cancelled(world):
    me = world.person("official_a")
    day = NetworkDayFactory()
    RegistrationFactory(network_day=day, person=me)
    network_day_cancel(day=day, by=SYSTEM)
    feed = CalendarFeed.objects.create(person=me)
    calendar = Calendar.from_ical(world.client("anonymous").get(feed.get_absolute_url()).content)
    assert [str(e["STATUS"]) for e in calendar.walk("VEVENT")] == ["CANCELLED"]


@pytest.mark.django_db
def test_draft_days_send_no_change_notice(mails):
    day = NetworkDayFactory(status=NetworkDayStatus.DRAFT)
    day.venue = "Elders"
    network_day_save(day=day, by=SYSTEM)
    assert mails("networkday-changed:") == []


@pytest.mark.django_db
def test_plain_text_mails_are_not_html_escaped(mails):
    day = NetworkDayFactory(title="Dag van 't Stadhuis & de regio")
    registration_create(day=day, person=PersonFactory(name="Mark O'Neill"), by=SYSTEM)
    confirmation = mails("networkday-confirmed:")[0]
    assert "Beste Mark O'Neill," in confirmation.body
    assert "Dag van 't Stadhuis & de regio" in confirmation.subject
