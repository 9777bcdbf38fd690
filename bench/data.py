"""The two data sets of the benchmark: the demo data, and ten years of the network.

The ten-year set is generated with a seeded random (the same seed gives the same
rows, relative to today) and written with ``bulk_create``, so that 30,000
registrations take seconds. It holds the demo people and accounts (the same logins
measure the same pages in both sets), the 41 cities, about 8,000 people, 39 past
network days (four a year), the coming days of the bursts and of the opening mix
(open, 100 seats each, nobody registered: one fresh day per burst), 1,000 officials
with a login (spread over every city) who register in them, and 300 theme groups
with members, review decisions, support, digital meetings and history.

Rows are made directly, not through the services: the services hold rules for one
write at a time; here the rules are kept by construction (four days a year, seats not
exceeded, one registration per person per day, review dates after the start, ...).
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, replace
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from bench.data_groups import _knowledge_products, _theme_groups
from bench.data_names import FIRST_NAMES, LAST_NAMES
from contributions.services import budget_set
from members.actors import SYSTEM
from members.constants import Function, RoleKind
from members.models import City, Person, Role
from members.services import cities_load, pillars_load
from networkdays.constants import NetworkDayKind, NetworkDayStatus, RegistrationStatus
from networkdays.models import DigitalMeeting, NetworkDay, ProgrammeSession, Registration
from pillars.models import Pillar

BURST_DAY_TITLE = "Netwerkdag (benchmark): inschrijving open"
BURST_USERNAME_PREFIX = "bench-burst-"
# The burst's officials' password (the opening mix logs in with the login form).
BURST_PASSWORD = "bench-opening-2026"


@dataclass(frozen=True)
class Size:
    """How much the ten-year set holds; ``SMALL`` is for the test suite."""

    people: int = 8000
    days: int = 40
    registrations: int = 30000
    theme_groups: int = 300
    # Officials with a login, spread over every city: the bursts' and the opening's.
    burst_officials: int = 1000
    burst_capacity: int = 100
    # Coming days, open, nobody registered: one per burst and one for the opening mix.
    burst_days: int = 24
    # Knowledge products (issue 25): a few thousand over ten years.
    knowledge_products: int = 3000


FULL = Size()
SMALL = Size(
    people=300,
    days=8,
    registrations=700,
    theme_groups=24,
    burst_officials=12,
    burst_capacity=4,
    burst_days=20,
    knowledge_products=60,
)


def load_demo() -> None:
    """The demo data of every app (``manage.py load_demo``), as a newcomer sees it."""
    import io

    from django.core.management import call_command

    call_command("load_demo", force=True, stdout=io.StringIO())


def load_ten_year(*, seed: int = 40, size: Size = FULL) -> None:
    """The ten-year data set, on an empty (migrated) database."""
    from admissions.services import criteria_2018_ensure
    from members import demo as members_demo

    rng = random.Random(seed)
    today = timezone.localdate()
    with transaction.atomic():
        cities_load()
        pillars_load()
        members_demo.load()
        criteria_2018_ensure()  # a migration's data, gone after a flush
        # The bursts' officials are every other person at most: spread over every city,
        # and as many left over to come to the days and sit in theme groups (a small
        # set with 300 burst clients had too few left: ValueError in rng.sample).
        people = _people(rng, replace(size, people=max(size.people, 2 * size.burst_officials)))
        officials = _burst_officials(people, size)
        chosen = {person.pk for person in officials}
        # Everyone else may have come to earlier days and be in theme groups.
        pool = [person for person in people if person.pk not in chosen]
        _network_days(rng, today, pool, size)
        _theme_groups(rng, today, pool, size)
        _knowledge_products(rng, today, size)
    _budgets(today)  # each in the service's own (durable) transaction


def _budgets(today) -> None:
    """Ten years of the network's budget, the same split (the budget page's rows)."""
    for year in range(today.year - 9, today.year + 1):
        first = year == today.year - 9
        budget_set(
            year=year,
            knowledge_exchange=Decimal("260000.00"),
            advocacy=Decimal("140000.00"),
            reason="Bench: de begroting van het jaar.",
            decision_reference="DB-besluit begroting (bench)" if first else "",
            decided_on=datetime.date(year - 1, 11, 15) if first else None,
            by=SYSTEM,
        )


# --- people ----------------------------------------------------------------------


def _people(rng: random.Random, size: Size) -> list[Person]:
    """About ``size.people`` people, by city in proportion to its population; each
    with a current role (mostly city official, one or two city contacts per city)."""
    cities = list(City.objects.order_by("pk"))
    total = sum(city.population for city in cities)
    rows = []
    number = 0
    for city in cities:
        share = max(3, round(size.people * city.population / total))
        for index in range(share):
            number += 1
            rows.append(
                Person(
                    name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                    email=f"persoon{number}@bench.example.org",
                    phone=f"06{rng.randrange(10**7, 10**8)}",
                    city=city,
                    function=(
                        Function.CIVIL_SERVANT
                        if index % 10
                        else rng.choice([Function.ALDERMAN, Function.MAYOR, Function.OTHER])
                    ),
                )
            )
    people = Person.objects.bulk_create(rows, batch_size=2000)
    since = datetime.date(2016, 1, 1)
    roles = []
    contacts_per_city: dict[int, int] = {}
    for person in people:
        if contacts_per_city.get(person.city_id, 0) < 2:
            contacts_per_city[person.city_id] = contacts_per_city.get(person.city_id, 0) + 1
            roles.append(Role(person=person, kind=RoleKind.CITY_CONTACT, starts_on=since))
        roles.append(Role(person=person, kind=RoleKind.CITY_OFFICIAL, starts_on=since))
        if rng.random() < 0.15:  # people who left: a role that ended
            roles.append(
                Role(
                    person=person,
                    kind=RoleKind.LOBBY_COORDINATOR,
                    starts_on=since,
                    ends_on=since + datetime.timedelta(days=rng.randrange(100, 2000)),
                )
            )
    Role.objects.bulk_create(roles, batch_size=2000)
    return people


def _burst_officials(people: list[Person], size: Size) -> list[Person]:
    """Logins for the officials who register at once in the bursts and the opening:
    every n-th person, so that every city has some (the people are in city order).
    One password for all (hashed once: Argon2 takes a tenth of a second per hash); the
    bursts' sessions are made directly, the opening mix logs in with the form."""
    from django.contrib.auth.hashers import make_password

    User = get_user_model()
    step = max(1, len(people) // size.burst_officials)
    chosen = people[::step][: size.burst_officials]
    password = make_password(BURST_PASSWORD)
    users = User.objects.bulk_create(
        [
            User(
                username=f"{BURST_USERNAME_PREFIX}{index:04d}",
                email=person.email,
                password=password,
            )
            for index, person in enumerate(chosen)
        ]
    )
    for person, user in zip(chosen, users, strict=True):
        person.user = user
    Person.objects.bulk_update(chosen, ["user"])
    return chosen


# --- network days ------------------------------------------------------------------


def _aware(date: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(hour)))


def _network_days(rng, today, pool, size: Size) -> None:
    """Four days a year for ten years (92 days apart, so never five in a calendar
    year); then the coming (ambtelijke) days of the bursts and the opening: open, ``burst_capacity``
    seats, nobody registered yet, all on one date (made directly: the rule of four a
    year is the service's, for one day at a time)."""
    cities = list(City.objects.members().order_by("pk"))
    pillars = list(Pillar.objects.all())
    first = today + datetime.timedelta(days=30) - datetime.timedelta(days=92 * (size.days - 1))
    days = []
    for index in range(size.days - 1 + size.burst_days):
        coming = index >= size.days - 1
        date = first + datetime.timedelta(days=92 * min(index, size.days - 1))
        host = cities[index % len(cities)]
        days.append(
            NetworkDay(
                title=f"{BURST_DAY_TITLE} {index - size.days + 2:02d}"
                if coming
                else f"Netwerkdag {host.name} {date.year}",
                kind=NetworkDayKind.OFFICIAL
                if coming or index % 2
                else NetworkDayKind.ADMINISTRATIVE,
                date=date,
                starts_at=datetime.time(9, 30),
                ends_at=datetime.time(16, 30),
                host_city=host,
                venue=f"Stadhuis {host.name}",
                address=f"Markt 1, {host.name}",
                description="Programma met plenaire opening en sessies per pijler.",
                capacity=size.burst_capacity if coming else 900,
                seats_per_city=None,
                registration_opens_at=_aware(date - datetime.timedelta(days=60), 9),
                registration_closes_at=_aware(date - datetime.timedelta(days=2), 17),
                status=NetworkDayStatus.PUBLISHED,
            )
        )
    days = NetworkDay.objects.bulk_create(days)
    sessions = []
    for day in days:
        for slot, pillar in enumerate([None, *pillars, None]):
            sessions.append(
                ProgrammeSession(
                    network_day=day,
                    starts_at=datetime.time(10 + slot, 0),
                    ends_at=datetime.time(10 + slot, 45),
                    room=f"Zaal {slot + 1}",
                    title=f"Sessie {slot + 1}",
                    pillar=pillar,
                )
            )
    ProgrammeSession.objects.bulk_create(sessions)

    past = days[: size.days - 1]
    per_day = size.registrations // len(past)
    registrations = []
    for day in past:
        opened = day.registration_opens_at
        for n, person in enumerate(rng.sample(pool, min(per_day, len(pool)))):
            queued = opened + datetime.timedelta(minutes=n * 7)
            roll = rng.random()
            if roll < 0.85:
                status = RegistrationStatus.CONFIRMED
            elif roll < 0.9:
                status = RegistrationStatus.WAITING
            else:
                status = RegistrationStatus.CANCELLED
            present = status == RegistrationStatus.CONFIRMED and rng.random() < 0.8
            registrations.append(
                Registration(
                    network_day=day,
                    person=person,
                    status=status,
                    registered_by=person,
                    dietary_needs="vegetarisch" if rng.random() < 0.1 else "",
                    queued_at=queued,
                    confirmed_at=queued if status == RegistrationStatus.CONFIRMED else None,
                    cancelled_at=queued + datetime.timedelta(days=3)
                    if status == RegistrationStatus.CANCELLED
                    else None,
                    checked_in_at=_aware(day.date, 9) if present else None,
                    needs_purged_at=_aware(day.date + datetime.timedelta(days=30), 3),
                )
            )
    Registration.objects.bulk_create(registrations, batch_size=5000)

    # Digital meetings per pillar, about one a month.
    meetings = []
    for month in range(120):
        start = _aware(today - datetime.timedelta(days=30 * month), 14)
        pillar = pillars[month % len(pillars)]
        meetings.append(
            DigitalMeeting(
                title=f"Digitaal overleg {pillar.short_name}",
                pillar=pillar,
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=1),
                online_link="https://meet.example.org/g40",
            )
        )
    DigitalMeeting.objects.bulk_create(meetings)


# --- theme groups -------------------------------------------------------------------
