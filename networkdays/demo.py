"""Demo network days: four this year (two past with attendance, two coming, one of them
nearly full), each with a programme, a digital meeting per pillar and one of a theme
group three weeks ago, with answers and (for the past one) attendance. Idempotent: a
day or meeting that exists (by title) is left as it is. Runs after members/demo.py."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from members.actors import SYSTEM
from members.demo import DEMO_PEOPLE
from members.models import City, Person
from members.permissions import may_attend_network_day
from pillars.models import Pillar

from .constants import NetworkDayKind, NetworkDayStatus, RegistrationStatus
from .models import DigitalMeeting, MeetingInvitation, NetworkDay, ProgrammeSession, Registration
from .services import network_day_save
from .services_meetings import invitations_ensure

# Kept free on the nearly full day, so that a demo login can take the last seat.
KEEP_FREE = {"p.deboer@example.org", "n.visser@example.org"}


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _days(today: datetime.date) -> list[dict]:
    # Two behind us and two ahead; near New Year they may fall in two calendar years.
    return [
        {
            "title": "Netwerkdag Leeuwarden: brede welvaart in de regio",
            "kind": NetworkDayKind.ADMINISTRATIVE,
            "date": today - datetime.timedelta(days=120),
            "host": "Leeuwarden",
            "venue": "Stadhuis Leeuwarden",
            "address": "Hofplein 38, Leeuwarden",
            "capacity": 60,
            "registered": 12,
            "present": 9,
        },
        {
            "title": "Netwerkdag Tilburg: werk en inkomen",
            "kind": NetworkDayKind.OFFICIAL,
            "date": today - datetime.timedelta(days=45),
            "host": "Tilburg",
            "venue": "LocHal",
            "address": "Burgemeester Brokxlaan 1000, Tilburg",
            "capacity": 80,
            "registered": 10,
            "present": 6,
        },
        {
            "title": "Netwerkdag Zwolle: wonen en bereikbaarheid",
            "kind": NetworkDayKind.OFFICIAL,
            "date": today + datetime.timedelta(days=12),
            "host": "Zwolle",
            "venue": "Stadhuis Zwolle",
            "address": "Grote Kerkplein 15, Zwolle",
            "capacity": len(DEMO_PEOPLE) - len(KEEP_FREE) + 1,  # one seat left
            "registered": len(DEMO_PEOPLE) - len(KEEP_FREE),
            "present": 0,
        },
        {
            "title": "Netwerkdag Apeldoorn: energie en klimaat",
            "kind": NetworkDayKind.ADMINISTRATIVE,
            "date": today + datetime.timedelta(days=30),
            "host": "Apeldoorn",
            "venue": "CODA",
            "address": "Vosselmanstraat 299, Apeldoorn",
            "capacity": 70,
            "registered": 3,
            "present": 0,
        },
    ]


def _programme(day: NetworkDay, pillars: list[Pillar]) -> None:
    if day.sessions.exists():
        return
    ProgrammeSession.objects.create(
        network_day=day, starts_at=datetime.time(10), room="Raadzaal", title="Opening en welkom"
    )
    for index, pillar in enumerate(pillars):
        ProgrammeSession.objects.create(
            network_day=day,
            starts_at=datetime.time(11 + index),
            ends_at=datetime.time(12 + index),
            room=f"Zaal {index + 1}",
            title=f"Pijlersessie {pillar.short_name}",
            pillar=pillar,
        )


def load() -> list[tuple[str, str]]:
    """Idempotent: what exists is left alone. Not one transaction: the days go through
    ``network_day_save``, a service entry point with its own durable transaction."""
    today = timezone.localdate()
    now = timezone.now()
    cities = {city.name: city for city in City.objects.all()}
    emails = [email for _username, _name, email, *_rest in DEMO_PEOPLE]
    people = list(Person.objects.filter(email__in=emails).order_by("email"))
    pillars = list(Pillar.objects.order_by("position"))
    for spec in _days(today):
        day = NetworkDay.objects.filter(title=spec["title"]).first()
        if day is None:
            date = spec["date"]
            day = NetworkDay(
                title=spec["title"],
                kind=spec["kind"],
                date=date,
                starts_at=datetime.time(10),
                ends_at=datetime.time(16, 30),
                host_city=cities[spec["host"]],
                venue=spec["venue"],
                address=spec["address"],
                description="Een dag van en voor de G40-steden: kennis delen en elkaar ontmoeten.",
                capacity=spec["capacity"],
                registration_opens_at=_at(date - datetime.timedelta(days=60), 9),
                registration_closes_at=_at(date - datetime.timedelta(days=2), 17),
                status=NetworkDayStatus.PUBLISHED,
            )
            try:
                network_day_save(day=day, by=SYSTEM)
            except ValidationError:
                continue  # the year is full already (real days): leave it
        _programme(day, pillars)
        if day.registrations.exists():
            continue
        # Only whom the day is for: a bestuurlijke day's places go to mayors and aldermen.
        candidates = [
            p
            for p in people
            if (day.date < today or p.email not in KEEP_FREE)
            and may_attend_network_day(p, day.kind)
        ]
        for index, person in enumerate(candidates[: spec["registered"]]):
            Registration.objects.create(
                network_day=day,
                person=person,
                status=RegistrationStatus.CONFIRMED,
                queued_at=min(now, day.registration_opens_at + datetime.timedelta(hours=index)),
                confirmed_at=min(now, day.registration_opens_at + datetime.timedelta(hours=index)),
                dietary_needs="vegetarisch" if index % 4 == 0 and day.date >= today else "",
                checked_in_at=_at(day.date, 10) if index < spec["present"] else None,
            )
    for index, pillar in enumerate(pillars):
        title = f"Digitaal pijleroverleg {pillar.short_name}"
        if DigitalMeeting.objects.filter(title=title).exists():
            continue
        start = _at(today + datetime.timedelta(days=7 + 7 * index), 15)
        DigitalMeeting.objects.create(
            title=title,
            pillar=pillar,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=1, minutes=30),
            online_link=f"https://meet.example.org/g40-{pillar.slug}",
            agenda="1. Opening\n2. Terugblik op de netwerkdag\n3. Lobbyagenda\n4. Rondvraag",
        )
    _meeting_answers(today)
    return []


def _meeting_answers(today: datetime.date) -> None:
    """Invitations with answers for the demo meetings, and one meeting of a theme group
    three weeks ago whose attendance the organiser recorded. Left alone once made."""
    from themegroups.constants import ThemeGroupStatus
    from themegroups.models import ThemeGroup

    group = (
        ThemeGroup.objects.filter(status=ThemeGroupStatus.ACTIVE, memberships__isnull=False)
        .order_by("name")
        .first()
    )
    title = f"Digitaal overleg themagroep {group.name}" if group else None
    if group is not None and not DigitalMeeting.objects.filter(title=title).exists():
        start = _at(today - datetime.timedelta(days=21), 14)
        DigitalMeeting.objects.create(
            title=title,
            theme_group=group,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=1),
            online_link="https://meet.example.org/g40-themagroep",
            agenda="1. Opening\n2. Voortgang\n3. Rondvraag",
        )
    meetings = DigitalMeeting.objects.filter(title__startswith="Digita").order_by("starts_at")
    now = timezone.now()
    answers = ["yes", "yes", "maybe", "no", ""]
    for meeting in meetings:
        if MeetingInvitation.objects.filter(meeting=meeting).exists():
            continue
        with transaction.atomic():
            invitations = invitations_ensure(meeting)
            for index, invitation in enumerate(invitations):
                answer = answers[index % len(answers)]
                if answer:
                    invitation.answer = answer
                    invitation.answered_at = min(now, meeting.starts_at) - datetime.timedelta(
                        days=2
                    )
                if meeting.starts_at < now:
                    invitation.attended = answer == "yes" or index % 3 == 2
                    invitation.attendance_recorded_at = meeting.ends_at
                invitation.save()
