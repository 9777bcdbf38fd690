"""Shared fixtures: the personas of the network, one per role, in two cities."""

import datetime
import os
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from members.constants import BoardPosition, Function, RoleKind
from members.models import MEMBERSHIP_RECORDS_BEGIN, City, MembershipPeriod, Person, Role
from pillars.models import Pillar

from .factories import PASSWORD, PersonFactory, UserFactory, make_person_with_login

PERSONAS = (
    "anonymous",
    "no_role",
    "secretariat",
    "db_member",
    "pillar_secretary",
    "other_pillar_secretary",
    "contact_a",
    "official_a",
    "official_b",
    "event_bureau",
    "lobby_coordinator",
    "pillar_chair",
    "griffier_a",
    "college_contact_a",
)

# Tests that need PostgreSQL (row locks, real concurrency) carry this mark.
requires_postgres = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="needs PostgreSQL (set DATABASE_URL=postgres://…); SQLite has no row locks",
)


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


@pytest.fixture(scope="session")
def _world_password_hash() -> str:
    """The personas' password hash, computed once per worker (the tests' fast hasher)."""
    from django.contrib.auth.hashers import MD5PasswordHasher

    return MD5PasswordHasher().encode(PASSWORD, "g40world")


@pytest.fixture
def world(db, _world_password_hash) -> World:
    """The world inserted in six statements (cities, their membership, pillars, logins,
    people, roles) instead of one factory call per row: every test that uses it pays
    a few milliseconds, not a tenth of a second. Plain inserts: no audit entries for
    the world itself (a test's own changes are recorded as usual)."""
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
            User(username=username, email=f"{username}@example.org", password=_world_password_hash)
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
                starts_on=today - datetime.timedelta(days=30),
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


def pytest_addoption(parser):
    parser.addoption(
        "--clock",
        default=os.environ.get("G40_TEST_CLOCK", ""),
        help=(
            "Run the whole suite as if it were this moment (ISO 8601, Europe/Amsterdam if "
            "no offset; the clock ticks on from there), e.g. --clock=2026-12-31T23:30 — "
            "to find tests and rules that only hold in some months (docs/development.md)."
        ),
    )


_clock_traveller = None


def pytest_configure(config):
    """``--clock``: the whole session, collection included (parameters computed from
    "now" see the same moment), starts at that moment. Without it, the real clock; a
    test that reads "today" pins its own moment (``time_machine.travel``)."""
    global _clock_traveller
    moment = config.getoption("--clock")
    if not moment:
        return
    import datetime
    import zoneinfo

    import time_machine

    start = datetime.datetime.fromisoformat(moment)
    if start.tzinfo is None:
        start = start.replace(tzinfo=zoneinfo.ZoneInfo("Europe/Amsterdam"))
    _clock_traveller = time_machine.travel(start, tick=True)
    _clock_traveller.start()


def pytest_unconfigure(config):
    if _clock_traveller is not None:
        _clock_traveller.stop()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _celery_in_process():
    """Tasks run in-process in tests, even where CELERY_BROKER_URL is set (CI);
    tests/test_celery_worker.py switches this off to prove the real round trip."""
    from g40.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _empty_cache(settings):
    """Each test has an empty cache in memory (also in CI, where a broker is set and the
    settings would otherwise cache nothing): rate limits and flags of one test must not
    reach the next."""
    from django.core.cache import cache

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "g40-tests",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def templates(tmp_path, settings):
    """Write templates for one test: ``templates(name=text, ...)``. Changing TEMPLATES
    resets the template engines (django.test.signals)."""
    directory = tmp_path / "templates"
    directory.mkdir()
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [directory, *settings.TEMPLATES[0]["DIRS"]]}
    ]

    def write(**files: str) -> None:
        for name, text in files.items():
            (directory / f"{name}.html").write_text(text)

    return write


@pytest.fixture(autouse=True)
def _dutch_by_default(settings):
    settings.LANGUAGE_CODE = "nl"


# Browser fixtures (chromium, page) live in tests/browser.py.
from .browser import chromium, page  # noqa: E402, F401
