"""Shared fixtures: the personas of the network, one per role, in two cities."""

import os
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.test import Client

from members.constants import BoardPosition, RoleKind
from members.models import City, Person
from pillars.models import Pillar

from .factories import CityFactory, PillarFactory, UserFactory, make_person_with_login

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
        return self.people[persona]

    def client(self, persona: str) -> Client:
        client = Client()
        if persona == "anonymous":
            return client
        if persona == "no_role":
            client.force_login(UserFactory(username="no-role"))
            return client
        client.force_login(self.people[persona].user)
        return client


@pytest.fixture
def world(db) -> World:
    city_a = CityFactory(name="Zwolle", cbs_code="GM0193", province="Overijssel")
    city_b = CityFactory(name="Almere", cbs_code="GM0034", province="Flevoland")
    sociaal = PillarFactory(slug="sociaal", name="Sociale Pijler", short_name="Sociaal")
    economie = PillarFactory(
        slug="economie-en-werk", name="Pijler Economie en Werk", short_name="Economie en Werk"
    )
    fysiek = PillarFactory(slug="fysiek", name="Fysieke Pijler", short_name="Fysiek")
    people = {
        "secretariat": make_person_with_login(
            username="secretariat", city=city_b, roles=[(RoleKind.SECRETARIAT, "", None)]
        ),
        "db_member": make_person_with_login(
            username="db-member",
            city=city_b,
            roles=[(RoleKind.DB_MEMBER, BoardPosition.CHAIR, None)],
        ),
        "pillar_secretary": make_person_with_login(
            username="pillar-secretary",
            city=city_b,
            roles=[(RoleKind.PILLAR_SECRETARY, "", sociaal)],
        ),
        "other_pillar_secretary": make_person_with_login(
            username="other-pillar-secretary",
            city=city_b,
            roles=[(RoleKind.PILLAR_SECRETARY, "", fysiek)],
        ),
        "contact_a": make_person_with_login(
            username="contact-a",
            city=city_a,
            roles=[(RoleKind.CITY_CONTACT, "", None), (RoleKind.CITY_OFFICIAL, "", None)],
        ),
        "official_a": make_person_with_login(
            username="official-a", city=city_a, roles=[(RoleKind.CITY_OFFICIAL, "", None)]
        ),
        "official_b": make_person_with_login(
            username="official-b", city=city_b, roles=[(RoleKind.CITY_OFFICIAL, "", None)]
        ),
        "event_bureau": make_person_with_login(
            username="event-bureau", city=city_b, roles=[(RoleKind.EVENT_BUREAU, "", None)]
        ),
        "lobby_coordinator": make_person_with_login(
            username="lobby-coordinator",
            city=city_b,
            roles=[(RoleKind.LOBBY_COORDINATOR, "", None)],
        ),
    }
    return World(
        city_a=city_a,
        city_b=city_b,
        pillar=sociaal,
        other_pillar=fysiek,
        third_pillar=economie,
        people=people,
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
    settings would otherwise cache nothing): a rolled-back test leaves its fragments
    behind under generations that the next test's data would reach again."""
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
