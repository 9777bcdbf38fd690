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
from dataclasses import dataclass
from decimal import Decimal

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from contributions.services import budget_set
from members.actors import SYSTEM
from members.constants import Function, RoleKind
from members.models import City, Person, Role
from members.services import cities_load, pillars_load
from networkdays.constants import NetworkDayKind, NetworkDayStatus, RegistrationStatus
from networkdays.models import DigitalMeeting, NetworkDay, ProgrammeSession, Registration
from pillars.models import Pillar
from themegroups.constants import EventKind, MembershipRole, ReviewOutcome, ThemeGroupStatus
from themegroups.models import (
    Membership,
    ReviewDecision,
    SupportAssignment,
    ThemeGroup,
)

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

FIRST_NAMES = [
    "Anna",
    "Bas",
    "Carla",
    "Daan",
    "Emma",
    "Femke",
    "Gijs",
    "Hanna",
    "Ilse",
    "Jan",
    "Kees",
    "Lieke",
    "Mark",
    "Noor",
    "Olaf",
    "Petra",
    "Quinten",
    "Rosa",
    "Sven",
    "Tess",
    "Umut",
    "Vera",
    "Wouter",
    "Yara",
    "Zeynep",
    "Bram",
    "Chantal",
    "Dirk",
    "Eline",
    "Fleur",
]
LAST_NAMES = [
    "de Jong",
    "Jansen",
    "de Vries",
    "van den Berg",
    "van Dijk",
    "Bakker",
    "Janssen",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
    "de Graaf",
    "van der Meer",
    "Kok",
    "Jacobs",
    "Yilmaz",
    "El Amrani",
    "Haddou",
]
SUBJECTS = [
    "Wonen",
    "Armoede",
    "Schulden",
    "Energie",
    "Klimaatadaptatie",
    "Mobiliteit",
    "Onderwijs",
    "Arbeidsmarkt",
    "Jeugdzorg",
    "Veiligheid",
    "Cultuur",
    "Sport",
    "Gezondheid",
    "Binnensteden",
    "Circulaire economie",
    "Digitalisering",
    "Inburgering",
    "Zorg",
    "Stikstof",
    "Netcongestie",
]


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
        people = _people(rng, size)
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


def _theme_groups(rng, today, pool, size: Size) -> None:
    """300 groups over ten years: most ended after one to three reviews, some refused,
    about 30 active (some overdue, some due, some without support) and a few
    proposals; each with members, decisions, support, meetings and history."""
    pillars = list(Pillar.objects.all())
    n_active = max(2, size.theme_groups // 10)
    n_proposed = max(1, size.theme_groups // 60)
    n_refused = max(1, size.theme_groups // 15)
    groups = []
    plans = []  # (group, [(review date, decided on, outcome, new date or end)], ...)
    for index in range(size.theme_groups):
        subject = SUBJECTS[index % len(SUBJECTS)]
        name = f"{subject} {index + 1:03d}"
        lead = pillars[index % len(pillars)]
        if index < n_active:
            status = ThemeGroupStatus.ACTIVE
        elif index < n_active + n_proposed:
            status = ThemeGroupStatus.PROPOSED
        elif index < n_active + n_proposed + n_refused:
            status = ThemeGroupStatus.REFUSED
        else:
            status = ThemeGroupStatus.ENDED
        cycles = rng.randint(1, 3)
        if status == ThemeGroupStatus.ACTIVE:
            # Review dates from overdue (-60 days) to a year ahead.
            # The first is overdue and the second due, so every list has rows.
            review = today + datetime.timedelta(
                days=[-30, 20][index] if index < 2 else rng.randrange(-60, 365)
            )
            started = review - datetime.timedelta(days=365 * cycles)
        else:
            started = today - datetime.timedelta(days=rng.randrange(365 * 3, 365 * 10))
            review = started + datetime.timedelta(days=365)
        group = ThemeGroup(
            name=name,
            slug=f"{subject.lower().replace(' ', '-')}-{index + 1:03d}",
            goal=f"Samen werken aan {subject.lower()} in de G40-steden.",
            expected_result="Een gezamenlijke agenda en een lobbybrief.",
            lead_pillar=lead,
            status=status,
            proposed_at=_aware(started - datetime.timedelta(days=30), 10),
        )
        reviews = []
        if status == ThemeGroupStatus.PROPOSED:
            group.proposed_at = _aware(today - datetime.timedelta(days=rng.randrange(3, 40)), 10)
            group.review_due_on = today + datetime.timedelta(days=rng.randrange(120, 365))
        elif status == ThemeGroupStatus.REFUSED:
            group.review_due_on = started + datetime.timedelta(days=365)
            group.refusal_reason = "Past binnen een bestaande themagroep."
        else:
            group.started_on = started
            due = started + datetime.timedelta(days=365)
            # Extensions, one a year; an ended group ends at its last review.
            for _ in range(cycles - 1):
                reviews.append((due, ReviewOutcome.EXTEND, due + datetime.timedelta(days=365)))
                due = due + datetime.timedelta(days=365)
            if status == ThemeGroupStatus.ENDED:
                due = min(due, today - datetime.timedelta(days=1))
                reviews.append((due, ReviewOutcome.END, due))
                group.ended_on = due
                group.end_reason = "Het doel is bereikt."
                group.review_due_on = due
            else:
                group.review_due_on = review
        groups.append(group)
        plans.append(reviews)
    groups = ThemeGroup.objects.bulk_create(groups)

    other_pillars = []
    memberships = []
    decisions = []
    supports = []
    events = []
    meetings = []
    for group, reviews in zip(groups, plans, strict=True):
        for pillar in pillars:
            if pillar.pk != group.lead_pillar_id and rng.random() < 0.4:
                other_pillars.append(
                    ThemeGroup.other_pillars.through(themegroup=group, pillar=pillar)
                )
        start = group.started_on or group.proposed_at.date()
        at = _aware(start, 10)
        events.append(
            _event(
                group,
                EventKind.PROPOSED,
                group.proposed_at,
                {"lead_pillar": ["None", str(group.lead_pillar_id)]},
            )
        )
        if group.status == ThemeGroupStatus.REFUSED:
            events.append(_event(group, EventKind.REFUSED, at, {"reason": ["", "Past niet"]}))
            continue
        if group.started_on:
            events.append(_event(group, EventKind.APPROVED, at, {"status": ["proposed", "active"]}))
        for position, person in enumerate(rng.sample(pool, rng.randint(5, 14))):
            memberships.append(
                Membership(
                    theme_group=group,
                    person=person,
                    role=MembershipRole.CHAIR if position == 0 else MembershipRole.MEMBER,
                    joined_on=start,
                )
            )
        if not group.started_on:
            continue
        for review_due_on, outcome, date in reviews:
            decided = review_due_on - datetime.timedelta(days=rng.randrange(0, 20))
            decision = ReviewDecision(
                theme_group=group,
                review_due_on=review_due_on,
                outcome=outcome,
                reason="Besproken in de DB-vergadering.",
                decided_by_name="Hendrik Molenaar",
                decided_on=decided,
                decided_at=_aware(decided, 11),
            )
            if outcome == ReviewOutcome.EXTEND:
                decision.new_review_due_on = date
                kind, changes = (
                    EventKind.EXTENDED,
                    {"review_due_on": [str(review_due_on), str(date)]},
                )
            else:
                decision.ends_on = max(date, decided)
                kind, changes = EventKind.ENDED, {"status": ["active", "ended"]}
            decisions.append(decision)
            events.append(_event(group, kind, _aware(decided, 11), changes))
        # Support: one assignment per year of the group's life; the active groups'
        # last one runs into the future for most, ends soon or has ended for some.
        end = group.ended_on or today + datetime.timedelta(days=rng.choice([-10, 20, 200, 300]))
        period_start = group.started_on
        while period_start < end:
            period_end = min(period_start + datetime.timedelta(days=364), end)
            person = rng.choice(pool)
            supports.append(
                SupportAssignment(
                    theme_group=group,
                    person=person,
                    hours_per_month=Decimal(rng.choice(["4.0", "8.0", "12.0", "16.0"])),
                    starts_on=period_start,
                    ends_on=period_end,
                    assigned_at=_aware(period_start, 9),
                )
            )
            period_start = period_end + datetime.timedelta(days=1)
        for quarter in range(rng.randint(1, 6)):
            begins = _aware(group.started_on + datetime.timedelta(days=90 * quarter + 30), 15)
            meetings.append(
                DigitalMeeting(
                    title=f"Overleg {group.name}",
                    theme_group=group,
                    starts_at=begins,
                    ends_at=begins + datetime.timedelta(hours=1),
                    online_link="https://meet.example.org/g40",
                )
            )
    ThemeGroup.other_pillars.through.objects.bulk_create(other_pillars)
    Membership.objects.bulk_create(memberships, batch_size=5000)
    ReviewDecision.objects.bulk_create(decisions, batch_size=5000)
    SupportAssignment.objects.bulk_create(supports, batch_size=5000)
    # Members and support in the history as the audit trail records them: an entry on
    # the membership or the support, naming the person by id and the group in
    # additional_data (bulk_create has set the ids).
    for membership in memberships:
        events.append(_created(membership, _aware(membership.joined_on, 10), ["person", "role"]))
    for support in supports:
        events.append(
            _created(
                support, support.assigned_at, ["person", "hours_per_month", "starts_on", "ends_on"]
            )
        )
    LogEntry.objects.bulk_create(events, batch_size=5000)
    DigitalMeeting.objects.bulk_create(meetings, batch_size=5000)


def _created(obj, at, fields) -> LogEntry:
    changes = {}
    for name in fields:
        field = obj._meta.get_field(name)
        changes[name] = ["None", str(getattr(obj, field.attname))]
    return LogEntry(
        content_type=ContentType.objects.get_for_model(obj),
        object_pk=str(obj.pk),
        object_id=obj.pk,
        object_repr=str(obj),
        action=LogEntry.Action.CREATE,
        changes=changes,
        timestamp=at,
        additional_data={"theme_group": obj.theme_group_id},
    )


def _event(group, kind, at, changes) -> LogEntry:
    """A line of the group's history as an audit entry (bulk_create passes no signal)."""
    return LogEntry(
        content_type=ContentType.objects.get_for_model(ThemeGroup),
        object_pk=str(group.pk),
        object_id=group.pk,
        object_repr=group.name,
        action=LogEntry.Action.UPDATE,
        changes=changes,
        timestamp=at,
        additional_data={"kind": kind, "actor_name": "Secretariaat G40"},
    )


# --- knowledge products (issue 25) ---------------------------------------------------

KNOWLEDGE_WORDS = [
    "handreiking",
    "gemeenten",
    "wethouder",
    "beleid",
    "aanpak",
    "wijk",
    "bewoners",
    "uitvoering",
    "financiering",
    "samenwerking",
    "regio",
    "rijk",
    "monitor",
    "cijfers",
    "lessen",
    "praktijk",
    "voorbeelden",
    "stappen",
    "opgave",
    "kansengelijkheid",
    "schuldhulpverlening",
    "woningbouw",
    "bereikbaarheid",
    "energietransitie",
]


def _knowledge_products(rng, today, size: Size) -> None:
    """Products of the groups, pillars, sessions, the knowledge partner and bureaus over
    ten years, each with a summary and about 2,000 words of "file text" in the search
    (no files: the list and the search read the database only)."""
    from knowledge.constants import Audience, MakerKind, ProductKind
    from knowledge.models import KnowledgeProduct

    groups = list(ThemeGroup.objects.values_list("pk", flat=True))
    pillars = list(Pillar.objects.values_list("pk", flat=True))
    sessions = list(ProgrammeSession.objects.values_list("pk", flat=True))
    kinds = [k for k, _label in ProductKind.choices]
    audiences = [a for a, _label in Audience.choices]
    rows = []
    for index in range(size.knowledge_products):
        subject = rng.choice(SUBJECTS)
        kind = rng.choice(kinds)
        maker = rng.choice(
            [MakerKind.THEME_GROUP] * 5
            + [MakerKind.SESSION] * 3
            + [MakerKind.PILLAR, MakerKind.KNOWLEDGE_PARTNER, MakerKind.BUREAU]
        )
        fields = {"theme_group_id": None, "pillar_id": None, "session_id": None, "maker_name": ""}
        if maker == MakerKind.THEME_GROUP and groups:
            fields["theme_group_id"] = rng.choice(groups)
        elif maker == MakerKind.SESSION and sessions:
            fields["session_id"] = rng.choice(sessions)
        elif maker == MakerKind.PILLAR:
            fields["pillar_id"] = rng.choice(pillars)
        else:
            maker = MakerKind.KNOWLEDGE_PARTNER
            fields["maker_name"] = "Platform31"
        title = f"{ProductKind(kind).label} {subject.lower()} {index}"
        summary = f"Wat {subject.lower()} vraagt van gemeenten: " + " ".join(
            rng.choice(KNOWLEDGE_WORDS) for _ in range(40)
        )
        body = " ".join(rng.choice(KNOWLEDGE_WORDS) for _ in range(2000))
        rows.append(
            KnowledgeProduct(
                title=title,
                summary=summary[:600],
                kind=kind,
                audience=rng.choice(audiences),
                maker_kind=maker,
                published_on=today - datetime.timedelta(days=rng.randrange(1, 3650)),
                is_public=rng.random() < 0.5,
                search_text=f"{title}\n{summary}\n{body}",
                **fields,
            )
        )
    KnowledgeProduct.objects.bulk_create(rows, batch_size=1000)
    from django.db import connection

    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchVector

        KnowledgeProduct.objects.update(search_vector=SearchVector("search_text", config="dutch"))
