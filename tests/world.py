"""The test world: two member cities (A and B), the three pillars and one person for
each persona, inserted once per worker (tests/conftest.py) and committed, so that each
test's transaction starts on it; a test gets its own copies of the objects.

A test that asks no ``world`` has it removed inside its transaction (an empty network,
as before). A transactional test ends with a flush that empties every table: the
world is inserted again after it (tests/conftest.py, ``pytest_runtest_teardown``)."""

import copy
import datetime
from dataclasses import dataclass, field

from django.test import Client
from django.utils import timezone

from members.constants import BoardPosition, Function, RoleKind
from members.models import MEMBERSHIP_RECORDS_BEGIN, City, MembershipPeriod, Person, Role
from pillars.models import Pillar

from .factories import PersonFactory, UserFactory, make_person_with_login


@dataclass
class World:
    """A small network: two member cities (A and B), the three pillars, and one person
    for each persona. Apps add their own objects to ``extra`` in their fixtures."""

    city_a: City
    city_b: City
    pillar: Pillar
    other_pillar: Pillar
    third_pillar: Pillar
    people: dict[str, Person]
    extra: dict = field(default_factory=dict)

    def person(self, persona: str) -> Person:
        if persona not in self.people and persona in PEOPLE_ON_DEMAND:
            username, city, roles = PEOPLE_ON_DEMAND[persona]
            pillars = {"sociaal": self.pillar, "fysiek": self.other_pillar}
            self.people[persona] = make_person_with_login(
                username=username,
                city=self.city_a if city == "a" else self.city_b,
                roles=[(kind, position, pillars.get(slug)) for kind, position, slug in roles],
            )
        return self.people[persona]

    def client(self, persona: str) -> Client:
        client = Client()
        if persona == "anonymous":
            return client
        if persona == "no_role":
            client.force_login(UserFactory(username="no-role"))
            return client
        client.force_login(self.person(persona).user)
        return client


# The world's people: (persona, username, city "a"/"b", roles as (kind, board position,
# pillar slug)). Described once; inserted for each test in a few statements (below).
WORLD_PEOPLE = (
    ("secretariat", "secretariat", "b", [(RoleKind.SECRETARIAT, "", None)]),
    ("db_member", "db-member", "b", [(RoleKind.DB_MEMBER, BoardPosition.CHAIR, None)]),
    ("pillar_secretary", "pillar-secretary", "b", [(RoleKind.PILLAR_SECRETARY, "", "sociaal")]),
    (
        "other_pillar_secretary",
        "other-pillar-secretary",
        "b",
        [(RoleKind.PILLAR_SECRETARY, "", "fysiek")],
    ),
    (
        "contact_a",
        "contact-a",
        "a",
        [(RoleKind.CITY_CONTACT, "", None), (RoleKind.CITY_OFFICIAL, "", None)],
    ),
    ("official_a", "official-a", "a", [(RoleKind.CITY_OFFICIAL, "", None)]),
    ("official_b", "official-b", "b", [(RoleKind.CITY_OFFICIAL, "", None)]),
    ("event_bureau", "event-bureau", "b", [(RoleKind.EVENT_BUREAU, "", None)]),
    ("lobby_coordinator", "lobby-coordinator", "b", [(RoleKind.LOBBY_COORDINATOR, "", None)]),
)
# Personas made when a test first asks for them (``World.person``), not in every world:
# a griffier's and a college contact's roles make them a member letter's addressees,
# and a pillar's chair is told of its pillar's lobby, which would change what the
# tests of letters and lobby count. Every role kind of members.constants.RoleKind has
# a persona (tests/test_personas.py).
PEOPLE_ON_DEMAND = {
    "pillar_chair": ("pillar-chair", "b", [(RoleKind.PILLAR_CHAIR, "", "sociaal")]),
    "griffier_a": ("griffier-a", "a", [(RoleKind.GRIFFIER, "", None)]),
    "college_contact_a": ("college-contact-a", "a", [(RoleKind.COLLEGE_CONTACT, "", None)]),
}
WORLD_CITIES = {
    "a": {"name": "Zwolle", "cbs_code": "GM0193", "province": "Overijssel"},
    "b": {"name": "Almere", "cbs_code": "GM0034", "province": "Flevoland"},
}
WORLD_PILLARS = (
    {"slug": "sociaal", "name": "Sociale Pijler", "short_name": "Sociaal"},
    {
        "slug": "economie-en-werk",
        "name": "Pijler Economie en Werk",
        "short_name": "Economie en Werk",
    },
    {"slug": "fysiek", "name": "Fysieke Pijler", "short_name": "Fysiek"},
)


def insert(password_hash: str) -> World:
    """The world inserted in six statements (cities, their membership, pillars, logins,
    people, roles). Plain inserts: no audit entries for the world itself (a test's own
    changes are recorded as usual)."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    today = timezone.localdate()
    defaults = {
        "population": 100_000,
        "population_reference_date": datetime.date(2023, 1, 1),
        "urbanity_class": 2,
        "urbanity_reference_year": 2021,
        "address_density": 2000,
    }
    cities = dict(
        zip(
            WORLD_CITIES,
            City.objects.bulk_create(
                [City(**fields, **defaults) for fields in WORLD_CITIES.values()]
            ),
            strict=True,
        )
    )
    MembershipPeriod.objects.bulk_create(
        [
            MembershipPeriod(city=city, starts_on=MEMBERSHIP_RECORDS_BEGIN)
            for city in cities.values()
        ]
    )
    pillars = {
        pillar.slug: pillar
        for pillar in Pillar.objects.bulk_create([Pillar(**fields) for fields in WORLD_PILLARS])
    }
    users = User.objects.bulk_create(
        [
            User(username=username, email=f"{username}@example.org", password=password_hash)
            for _persona, username, _city, _roles in WORLD_PEOPLE
        ]
    )
    people = Person.objects.bulk_create(
        [
            Person(
                name=PersonFactory.name.function(),
                email=f"{username}@example.org",
                city=cities[city],
                function=Function.CIVIL_SERVANT,
                user=user,
            )
            for (_persona, username, city, _roles), user in zip(WORLD_PEOPLE, users, strict=True)
        ]
    )
    Role.objects.bulk_create(
        [
            Role(
                person=person,
                kind=kind,
                board_position=board_position,
                pillar=pillars[pillar] if pillar else None,
                starts_on=today - ROLES_BEGAN,
            )
            for (_persona, _username, _city, roles), person in zip(
                WORLD_PEOPLE, people, strict=True
            )
            for kind, board_position, pillar in roles
        ]
    )
    return World(
        city_a=cities["a"],
        city_b=cities["b"],
        pillar=pillars["sociaal"],
        other_pillar=pillars["fysiek"],
        third_pillar=pillars["economie-en-werk"],
        people={
            persona: person for (persona, *_rest), person in zip(WORLD_PEOPLE, people, strict=True)
        },
    )


# The personas' roles began this long before today.
ROLES_BEGAN = datetime.timedelta(days=30)

# The worker's committed world: its objects, copied for each test.
_committed: dict[str, World] = {}


def present() -> bool:
    """Whether the committed world's rows are in the database (a flush removes them)."""
    template = _committed.get("template")
    return (
        template is not None
        and City.objects.filter(pk=template.city_a.pk, cbs_code=template.city_a.cbs_code).exists()
    )


def committed() -> bool:
    """Whether this worker has set up its test database and the world in it."""
    return "template" in _committed


def commit(password_hash: str) -> None:
    """Insert the world unless it is there (outside any transaction: committed)."""
    if not present():
        _committed["template"] = insert(password_hash)
        _committed["roles_start"] = timezone.localdate() - ROLES_BEGAN


def for_test(password_hash: str) -> World:
    """A test's world: copies of the committed objects (a test may change them), with its
    own ``people`` and ``extra``. Inserted anew inside the test if it is missing. The
    roles start 30 days before the test's today, as when the world was made in each
    test: a test that travels in time (``time_machine``) moves them along, inside its
    transaction."""
    if not present():
        _committed["template"] = insert(password_hash)
        _committed["roles_start"] = timezone.localdate() - ROLES_BEGAN
    template = _committed["template"]
    starts_on = timezone.localdate() - ROLES_BEGAN
    if starts_on != _committed["roles_start"]:
        Role.objects.filter(person_id__in=[p.pk for p in template.people.values()]).update(
            starts_on=starts_on
        )
    cities, pillars, people = copy.deepcopy(
        (
            (template.city_a, template.city_b),
            (template.pillar, template.other_pillar, template.third_pillar),
            template.people,
        )
    )
    return World(*cities, *pillars, people=dict(people))


def remove() -> None:
    """Delete the committed world's rows (inside the caller's transaction); plain
    deletes in the order of their references: no signals, no audit entries."""
    template = _committed.get("template")
    if template is None:
        return
    people = [person.pk for person in template.people.values()]
    users = [person.user_id for person in template.people.values()]
    cities = [template.city_a.pk, template.city_b.pk]
    pillars = [template.pillar.pk, template.other_pillar.pk, template.third_pillar.pk]
    from django.contrib.auth import get_user_model

    for queryset in (
        Role.objects.filter(person_id__in=people),
        Person.objects.filter(pk__in=people),
        get_user_model().objects.filter(pk__in=users),
        MembershipPeriod.objects.filter(city_id__in=cities),
        City.objects.filter(pk__in=cities),
        Pillar.objects.filter(pk__in=pillars),
    ):
        queryset._raw_delete(queryset.db)
