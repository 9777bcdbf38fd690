"""iCalendar (RFC 5545) files: one per network day or digital meeting, and a
person's subscription feed. A day's UID never changes; SEQUENCE rises with every
change registrants are told about, so calendars replace the earlier version."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from infra.text import clean_text

from .models import DigitalMeeting, NetworkDay

PRODID = "-//G40 Netwerk//Netwerkdagen//NL"
CONTENT_TYPE = "text/calendar; charset=utf-8"


def _organizer() -> vCalAddress:
    from email.utils import parseaddr

    # The organiser is the network's contact address: a calendar's reply reaches a person.
    name, _address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = vCalAddress(f"mailto:{settings.NETWORK_CONTACT_EMAIL}")
    organizer.params["cn"] = vText(name or "G40 Netwerk")
    return organizer


def _calendar(method: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    return calendar


def network_day_event(day: NetworkDay, *, cancelled: bool = False) -> Event:
    event = Event()
    event.add("uid", day.calendar_uid)
    event.add("sequence", day.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", day.start_datetime.astimezone(datetime.UTC))
    event.add("dtend", day.end_datetime.astimezone(datetime.UTC))
    # Stored text may predate input cleaning: a control character is not iCalendar TEXT.
    event.add("summary", clean_text(f"G40 {day.title}"))
    event.add("location", clean_text(f"{day.venue}, {day.address}"))
    event.add("description", clean_text(day.description, multiline=True))
    event.add("url", f"{settings.SITE_URL}{day.get_absolute_url()}")
    event.add("organizer", _organizer())
    event.add("status", "CANCELLED" if cancelled or day.is_cancelled else "CONFIRMED")
    return event


def digital_meeting_event(meeting: DigitalMeeting) -> Event:
    event = Event()
    event.add("uid", meeting.calendar_uid)
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at.astimezone(datetime.UTC))
    event.add("dtend", meeting.ends_at.astimezone(datetime.UTC))
    event.add("summary", clean_text(f"G40 {meeting.title}"))
    event.add("location", meeting.online_link)
    description = f"{meeting.online_link}\n\n{meeting.agenda}".strip()
    event.add("description", clean_text(description, multiline=True))
    event.add("url", f"{settings.SITE_URL}{meeting.get_absolute_url()}")
    event.add("organizer", _organizer())
    event.add("status", "CONFIRMED")
    return event


def network_day_ics(day: NetworkDay, *, method: str = "PUBLISH") -> str:
    """One day as a calendar file; ``method="CANCEL"`` takes it out of calendars."""
    calendar = _calendar(method)
    calendar.add_component(network_day_event(day, cancelled=method == "CANCEL"))
    return calendar.to_ical().decode("utf-8")


def digital_meeting_ics(meeting: DigitalMeeting, *, method: str = "PUBLISH") -> str:
    calendar = _calendar(method)
    calendar.add_component(digital_meeting_event(meeting))
    return calendar.to_ical().decode("utf-8")


def feed_ics(days: Iterable[NetworkDay], meetings: Iterable[DigitalMeeting] = ()) -> str:
    """A subscription feed: no METHOD (RFC 5545 feeds are plain calendars)."""
    calendar = _calendar()
    calendar.add("x-wr-calname", "G40 Netwerk")
    for day in days:
        calendar.add_component(network_day_event(day))
    for meeting in meetings:
        calendar.add_component(digital_meeting_event(meeting))
    return calendar.to_ical().decode("utf-8")
