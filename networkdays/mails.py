"""The network days' mails, all through ``outbox.services.mail_queue``.

Each key names exactly what the mail is about, so that queuing it again (a retried
task, a scheduler that ran twice) sends nothing more, while a new event (registering
again after cancelling, a further change of the day) gets a new key. Needs are never
put in a mail: mails are kept longer than needs are.

A registration's mails are made by the worker (``outbox.builders``): the request records
the key, the address and a few primary keys, and :func:`build_registration_mail` reads
the registration, its day and the people it names when the batch is sent — a
registration at the opening's peak renders no template and no calendar. Whom a mail
addresses and whom it names are kept as arguments: a substitution hands the
registration on after its mails are recorded. A digital meeting's invitation is made
the same way (:func:`build_meeting_invitation`); its RSVP link is minted when the
worker renders it.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from members.models import Person
from outbox.builders import MailContent, register
from outbox.services import Attachment, mail_queue

from .calendar import CONTENT_TYPE, digital_meeting_ics, network_day_ics
from .models import DigitalMeeting, NetworkDay, Registration
from .rsvp import rsvp_token_make

REGISTRATION_MAIL = "networkdays.registration"
MEETING_INVITATION_MAIL = "networkdays.meeting_invitation"


def _event(registration) -> str:
    """The event a registration's mail announces (``Registration.event_count``, raised
    by the service before it mails): a handover back and forth gets new keys."""
    return f"e{registration.event_count}"


def _day_calendar(day, method: str) -> Attachment:
    return Attachment(
        filename=f"netwerkdag-{day.pk}.ics",
        content=network_day_ics(day, method=method),
        mimetype=CONTENT_TYPE,
    )


def _context(registration, **extra) -> dict:
    day = registration.network_day
    return {
        "registration": registration,
        "person": registration.person,
        "day": day,
        "day_url": f"{settings.SITE_URL}{day.get_absolute_url()}",
        # The personal link: the registration's own page, after login.
        "registration_url": f"{settings.SITE_URL}"
        + reverse("networkdays:registration_detail", kwargs={"pk": registration.pk}),
        "reminder_days": settings.NETWORK_DAY_REMINDER_DAYS_BEFORE,
        **extra,
    }


def _send(
    registration,
    kind: str,
    key_suffix: str,
    *,
    method: str | None = "PUBLISH",
    substitute_for=None,
    substitute=None,
):
    return mail_queue(
        key=f"networkday-{kind}:{registration.pk}:{registration.person_id}:{key_suffix}",
        to=[registration.person.email],
        builder=REGISTRATION_MAIL,
        args={
            "kind": kind,
            "registration": registration.pk,
            "day": registration.network_day_id,
            "person": registration.person_id,
            "method": method,
            "substitute_for": getattr(substitute_for, "pk", None),
            "substitute": getattr(substitute, "pk", None),
        },
    )


@register(REGISTRATION_MAIL)
def build_registration_mail(
    *,
    kind: str,
    registration: int,
    day: int,
    person: int,
    method: str | None,
    substitute_for: int | None = None,
    substitute: int | None = None,
) -> MailContent:
    """A registration's mail as the worker renders it: the day as it is now, addressed
    to ``person`` (who held the registration when the mail was recorded). A
    registration deleted since (a cancelled one, when its person later takes a
    colleague's place) still has its day and its person: the mail tells the same."""
    people = Person.objects.in_bulk([pk for pk in (person, substitute_for, substitute) if pk])
    the_day = NetworkDay.objects.select_related("host_city").get(pk=day)
    found = Registration.objects.filter(pk=registration).first() or Registration(pk=registration)
    found.network_day = the_day
    found.person = people[person]
    context = _context(
        found, substitute_for=people.get(substitute_for), substitute=people.get(substitute)
    )
    return MailContent(
        template=f"networkdays/mail/{kind.replace('-', '_')}",
        context=context,
        attachments=[_day_calendar(the_day, method)] if method else [],
    )


def registration_confirmed(registration, substitute_for=None):
    return _send(
        registration,
        "confirmed",
        _event(registration),
        substitute_for=substitute_for,
    )


def registration_waiting(registration, substitute_for=None):
    return _send(
        registration,
        "waiting",
        _event(registration),
        method=None,
        substitute_for=substitute_for,
    )


def registration_promoted(registration):
    return _send(registration, "promoted", _event(registration))


def registration_cancelled(registration):
    return _send(registration, "cancelled", _event(registration), method="CANCEL")


def registration_substituted(registration, *, substitute):
    """To the person who is replaced (``registration.person`` still names them)."""
    return _send(
        registration,
        "substituted",
        _event(registration),
        method="CANCEL",
        substitute=substitute,
    )


def registration_reminder(registration):
    return _send(registration, "reminder", registration.network_day.date.isoformat())


def day_changed(registration):
    day = registration.network_day
    return _send(registration, "changed", f"{day.pk}:{day.sequence}")


def day_cancelled(registration):
    day = registration.network_day
    return _send(registration, "day-cancelled", f"{day.pk}:{day.sequence}", method="CANCEL")


def _meeting_calendar(meeting) -> Attachment:
    return Attachment(
        filename=f"overleg-{meeting.pk}.ics",
        content=digital_meeting_ics(meeting),
        mimetype=CONTENT_TYPE,
    )


@register(MEETING_INVITATION_MAIL)
def build_meeting_invitation(*, meeting: int, person: int) -> MailContent:
    """A digital meeting's invitation as the worker renders it: the meeting as it is
    then, and a personal RSVP link minted for this mail (signed, single-use; see
    ``rsvp.py``)."""
    the_meeting = DigitalMeeting.objects.get(pk=meeting)
    invitee = Person.objects.get(pk=person)
    token = rsvp_token_make(meeting_id=meeting, person_id=person)
    return MailContent(
        template="networkdays/mail/digital_meeting",
        context={
            "meeting": the_meeting,
            "person": invitee,
            "meeting_url": f"{settings.SITE_URL}"
            + reverse("networkdays:meeting_detail", kwargs={"pk": meeting}),
            "rsvp_url": f"{settings.SITE_URL}"
            + reverse("networkdays:meeting_rsvp", kwargs={"pk": meeting, "token": token}),
            "rsvp_days": settings.DIGITAL_MEETING_RSVP_LINK_DAYS,
        },
        attachments=[_meeting_calendar(the_meeting)],
    )


def digital_meeting_invitation(meeting, invitation):
    """The invitation with its .ics and a personal RSVP link, rendered by the worker
    (:func:`build_meeting_invitation`). A repeated key sends nothing: one mail, and one
    link, per invitee and version of the meeting."""
    person = invitation.person
    return mail_queue(
        key=f"digital-meeting:{meeting.pk}:{meeting.sequence}:{person.pk}",
        to=[person.email],
        builder=MEETING_INVITATION_MAIL,
        args={"meeting": meeting.pk, "person": person.pk},
    )
