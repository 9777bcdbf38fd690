"""Every network-days URL, every persona. ``_setup`` gives each case a published day
that is open for registration, with registrations of official A and official B, a
programme session, a digital meeting of the Sociale Pijler and a calendar feed."""

import datetime

from django.utils import timezone

from networkdays.constants import NetworkDayStatus
from networkdays.models import CalendarFeed, MeetingInvitation
from networkdays.rsvp import rsvp_token_make
from tests.matrix import Entry

from .factories import (
    DigitalMeetingFactory,
    NetworkDayFactory,
    ProgrammeSessionFactory,
    RegistrationFactory,
)

MANAGERS = {"secretariat": 200}
ATTENDEE_VIEWERS = {"secretariat": 200, "event_bureau": 200}


def _setup(world):
    if "day" in world.extra:
        return
    day = NetworkDayFactory(host_city=world.city_a, capacity=50)
    world.extra["day"] = day
    world.extra["draft"] = NetworkDayFactory(host_city=world.city_a, status=NetworkDayStatus.DRAFT)
    world.extra["session"] = ProgrammeSessionFactory(network_day=day)
    world.extra["registration_a"] = RegistrationFactory(
        network_day=day, person=world.person("official_a")
    )
    world.extra["registration_b"] = RegistrationFactory(
        network_day=day, person=world.person("official_b")
    )
    world.extra["meeting"] = DigitalMeetingFactory(pillar=world.pillar)
    world.extra["past_meeting"] = DigitalMeetingFactory(
        pillar=world.pillar, starts_at=timezone.now() - datetime.timedelta(hours=2)
    )
    # Official A's RSVP link (an invitation of their own; the link names them).
    MeetingInvitation.objects.create(
        meeting=world.extra["meeting"], person=world.person("official_a")
    )
    world.extra["rsvp_token"] = rsvp_token_make(
        meeting_id=world.extra["meeting"].pk, person_id=world.person("official_a").pk
    )
    world.extra["feed"] = CalendarFeed.objects.create(person=world.person("official_a"))


ORGANISERS = {"secretariat": 200, "pillar_secretary": 200}
RSVP_HOLDERS = {"anonymous": 200, "official_a": 200}


def _rsvp(world):
    return {"pk": world.extra["meeting"].pk, "token": world.extra["rsvp_token"]}


def _day(world):
    return {"pk": world.extra["day"].pk}


def _draft(world):
    return {"pk": world.extra["draft"].pk}


def _registration_a(world):
    return {"pk": world.extra["registration_a"].pk}


def _day_data(world):
    day = timezone.localdate() + datetime.timedelta(days=60)
    return {
        "title": "Netwerkdag Zwolle",
        "kind": "ambtelijk",
        "date": day.isoformat(),
        "starts_at": "10:00",
        "ends_at": "16:00",
        "host_city": world.city_a.pk,
        "venue": "Stadhuis",
        "address": "Grote Kerkplein 15",
        "description": "",
        "capacity": "80",
        "seats_per_city": "",
        "registration_opens_at": (timezone.localdate()).isoformat() + "T09:00",
        "registration_closes_at": (day - datetime.timedelta(days=3)).isoformat() + "T17:00",
    }


def _session_data(world):
    return {"starts_at": "13:00", "ends_at": "14:00", "room": "Zaal 2", "title": "Wonen"}


def _meeting_data(world):
    start = timezone.localtime() + datetime.timedelta(days=14)
    return {
        "title": "Pijleroverleg",
        "pillar": world.pillar.pk,
        "starts_at": start.strftime("%Y-%m-%dT10:00"),
        "ends_at": start.strftime("%Y-%m-%dT11:00"),
        "online_link": "https://meet.example.org/pijler",
        "agenda": "1. Opening",
    }


def _e(url_name, **kwargs):
    """An entry; a signed-in user without a current role gets 403 on every page (the
    read policy), but for the calendar feed, which its secret address opens."""
    kwargs.setdefault("setup", _setup)
    if url_name not in ("networkdays:feed", "networkdays:meeting_rsvp"):
        kwargs["expect"] = {"no_role": 403, **kwargs.get("expect", {})}
    return Entry(url_name, **kwargs)


ENTRIES = [
    _e("networkdays:list"),
    _e("networkdays:create", default=403, expect=MANAGERS),
    _e(
        "networkdays:create",
        method="post",
        data=_day_data,
        default=403,
        expect={"secretariat": 302},
    ),
    _e("networkdays:detail", kwargs=_day),
    _e(
        "networkdays:detail",
        kwargs=lambda w: {"pk": w.extra["draft"].pk},
        default=404,
        expect=MANAGERS,
        label="draft",
    ),
    _e("networkdays:detail", kwargs=lambda w: {"pk": 999999}, default=404, label="unknown"),
    _e("networkdays:edit", kwargs=_day, default=403, expect=MANAGERS),
    _e(
        "networkdays:edit",
        method="post",
        kwargs=_day,
        data=_day_data,
        default=403,
        expect={"secretariat": 302},
    ),
    _e("networkdays:cancel", kwargs=_day, default=403, expect=MANAGERS),
    _e(
        "networkdays:cancel",
        method="post",
        kwargs=_day,
        data=lambda w: {"confirm": "yes"},
        default=403,
        expect={"secretariat": 302},
    ),
    _e("networkdays:publish", kwargs=_draft, default=404, expect=MANAGERS),
    _e(
        "networkdays:publish",
        method="post",
        kwargs=_draft,
        data=lambda w: {"open_now": "on"},
        default=404,
        expect={"secretariat": 302},
    ),
    _e(
        "networkdays:unpublish",
        method="post",
        kwargs=_day,
        default=403,
        expect={"secretariat": 302},
    ),
    _e("networkdays:restore", method="post", kwargs=_day, default=403, expect={"secretariat": 302}),
    _e("networkdays:ics", kwargs=_day),
    _e("networkdays:register", kwargs=_day),
    _e(
        "networkdays:register",
        method="post",
        kwargs=_day,
        # Official A is registered already (200: the form says so); official B, the pillar
        # secretaries etc. may not register a person of another city (200: refused).
        data=lambda w: {"person": w.person("official_a").pk},
        label="someone registered",
    ),
    _e(
        "networkdays:register",
        method="post",
        kwargs=_day,
        data=lambda w: {"person": w.person("contact_a").pk, "dietary_needs": "vegan"},
        expect={"contact_a": 302, "secretariat": 302},
        label="a colleague of city A",
    ),
    _e("networkdays:session_create", kwargs=_day, default=403, expect=MANAGERS),
    _e(
        "networkdays:session_create",
        method="post",
        kwargs=_day,
        data=_session_data,
        default=403,
        expect={"secretariat": 302},
    ),
    _e(
        "networkdays:session_edit",
        kwargs=lambda w: {"pk": w.extra["session"].pk},
        default=403,
        expect=MANAGERS,
    ),
    _e(
        "networkdays:session_edit",
        method="post",
        kwargs=lambda w: {"pk": w.extra["session"].pk},
        data=_session_data,
        default=403,
        expect={"secretariat": 302},
    ),
    _e(
        "networkdays:session_delete",
        method="post",
        kwargs=lambda w: {"pk": w.extra["session"].pk},
        default=403,
        expect={"secretariat": 302},
    ),
    _e(
        "networkdays:registration_cancel",
        method="post",
        kwargs=_registration_a,
        owners=("official_a",),
        data=lambda w: {"confirm": "yes"},
        default=404,
        expect={"official_a": 302, "contact_a": 302, "secretariat": 302},
    ),
    # Without the confirmation the cancel URL only asks (GET, or a POST without it).
    _e(
        "networkdays:registration_cancel",
        kwargs=_registration_a,
        owners=("official_a",),
        default=404,
        expect={"official_a": 200, "contact_a": 200, "secretariat": 200},
    ),
    # The registration's own page (the personal link in the mails).
    _e(
        "networkdays:registration_detail",
        kwargs=_registration_a,
        owners=("official_a",),
        default=404,
        expect={"official_a": 200, "contact_a": 200, "secretariat": 200},
    ),
    _e(
        "networkdays:registration_detail",
        method="post",
        kwargs=_registration_a,
        owners=("official_a",),
        data=lambda w: {"dietary_needs": "vegan", "accessibility_needs": ""},
        default=404,
        expect={"official_a": 302, "contact_a": 302, "secretariat": 302},
    ),
    _e(
        "networkdays:registration_substitute",
        kwargs=_registration_a,
        owners=("official_a",),
        default=404,
        expect={"official_a": 403, "contact_a": 200, "secretariat": 200},
    ),
    _e(
        "networkdays:registration_substitute",
        method="post",
        kwargs=_registration_a,
        owners=("official_a",),
        data=lambda w: {"substitute": w.person("contact_a").pk},
        default=404,
        expect={"official_a": 403, "contact_a": 302, "secretariat": 302},
    ),
    _e("networkdays:attendees", kwargs=_day, default=403, expect=ATTENDEE_VIEWERS),
    _e("networkdays:attendees_csv", kwargs=_day, default=403, expect=ATTENDEE_VIEWERS),
    _e("networkdays:attendees_xlsx", kwargs=_day, default=403, expect=ATTENDEE_VIEWERS),
    _e("networkdays:check_in", kwargs=_day, default=403, expect=ATTENDEE_VIEWERS),
    _e(
        "networkdays:registration_check_in",
        method="post",
        kwargs=_registration_a,
        owners=("official_a",),
        default=404,
        expect={"secretariat": 302, "event_bureau": 302},
    ),
    _e(
        "networkdays:registration_undo_check_in",
        method="post",
        kwargs=_registration_a,
        owners=("official_a",),
        default=404,
        expect={"secretariat": 302, "event_bureau": 302},
    ),
    _e("networkdays:day_attendance", kwargs=_day),
    _e("networkdays:year_attendance", kwargs=lambda w: {"year": timezone.localdate().year}),
    _e("networkdays:my_calendar"),
    _e("networkdays:feed_regenerate", method="post", default=302),
    _e("networkdays:feed_revoke", method="post", default=302),
    _e("networkdays:feed", kwargs=lambda w: {"token": w.extra["feed"].token}),
    _e("networkdays:feed", kwargs=lambda w: {"token": "not-a-token"}, default=404, label="bad"),
    _e(
        "networkdays:meeting_create",
        default=403,
        expect={"secretariat": 200, "pillar_secretary": 200, "other_pillar_secretary": 200},
    ),
    _e(
        "networkdays:meeting_create",
        method="post",
        data=_meeting_data,
        default=403,
        # The other pillar's secretary gets the form back: not their pillar.
        expect={"secretariat": 302, "pillar_secretary": 302, "other_pillar_secretary": 200},
    ),
    _e("networkdays:meeting_detail", kwargs=lambda w: {"pk": w.extra["meeting"].pk}),
    _e(
        "networkdays:meeting_edit",
        kwargs=lambda w: {"pk": w.extra["meeting"].pk},
        default=403,
        expect={"secretariat": 200, "pillar_secretary": 200},
    ),
    _e(
        "networkdays:meeting_edit",
        method="post",
        kwargs=lambda w: {"pk": w.extra["meeting"].pk},
        data=_meeting_data,
        default=403,
        expect={"secretariat": 302, "pillar_secretary": 302},
    ),
    _e("networkdays:meeting_ics", kwargs=lambda w: {"pk": w.extra["meeting"].pk}),
    # The RSVP link works without login; signed in, only for the person it names.
    _e(
        "networkdays:meeting_rsvp",
        kwargs=_rsvp,
        default=403,
        expect=RSVP_HOLDERS,
        owners=("official_a",),
    ),
    _e(
        "networkdays:meeting_rsvp",
        method="post",
        kwargs=_rsvp,
        data=lambda w: {"answer": "yes"},
        default=403,
        expect=RSVP_HOLDERS,
        owners=("official_a",),
    ),
    # Signed in: one's own answer (refused with a message when not invited).
    _e(
        "networkdays:meeting_answer",
        method="post",
        kwargs=lambda w: {"pk": w.extra["meeting"].pk},
        data=lambda w: {"answer": "maybe"},
        default=302,
    ),
    _e(
        "networkdays:meeting_attendance",
        kwargs=lambda w: {"pk": w.extra["past_meeting"].pk},
        default=403,
        expect=ORGANISERS,
    ),
    _e(
        "networkdays:meeting_attendance",
        method="post",
        kwargs=lambda w: {"pk": w.extra["past_meeting"].pk},
        data=lambda w: {"present": [w.person("pillar_secretary").pk]},
        default=403,
        expect={"secretariat": 302, "pillar_secretary": 302},
    ),
    # Before the meeting starts: the form comes back with the refusal.
    _e(
        "networkdays:meeting_attendance",
        method="post",
        kwargs=lambda w: {"pk": w.extra["meeting"].pk},
        data=lambda w: {"present": []},
        default=403,
        expect=ORGANISERS,
        label="not started",
    ),
]
