"""Shared fixtures: the personas of the network, one per role, in two cities."""

import functools
import os

import pytest
from django.conf import settings

from . import world as test_world
from .factories import PASSWORD
from .world import PEOPLE_ON_DEMAND, WORLD_PEOPLE, World  # noqa: F401 - re-exported

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


@functools.cache
def world_password_hash() -> str:
    """The personas' password hash, computed once per worker (the tests' fast hasher)."""
    from django.contrib.auth.hashers import MD5PasswordHasher

    return MD5PasswordHasher().encode(PASSWORD, "g40world")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, and in it the world, committed: once per worker."""
    with django_db_blocker.unblock():
        test_world.commit(world_password_hash())


@pytest.fixture
def world(db) -> World:
    """The world of tests/world.py, inserted once per worker: each test gets copies of
    its objects; what the test changes is rolled back with its transaction."""
    return test_world.for_test(world_password_hash())


_DB_FIXTURES = {
    "db",
    "transactional_db",
    "live_server",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
}


def _uses_db(item) -> bool:
    return item.get_closest_marker("django_db") is not None or bool(
        _DB_FIXTURES & set(getattr(item, "fixturenames", ()))
    )


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and (
        marker.kwargs.get("transaction") or (marker.args and marker.args[0])
    ):
        return True
    names = set(getattr(item, "fixturenames", ()))
    return bool(names & {"transactional_db", "live_server", "django_db_reset_sequences"})


@pytest.fixture(autouse=True)
def _world_only_where_asked(request):
    """A test that does not ask for the world starts on an empty network, as it was
    written for: the world is removed inside its transaction."""
    if "world" in request.fixturenames or not _uses_db(request.node):
        return
    request.getfixturevalue("_django_db_helper")
    test_world.remove()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test's flush empties every table: the world is inserted again
    (only into a test database this worker has set up; a skipped test may have none)."""
    yield
    # After the session's last test the teardown above has already destroyed the test
    # database and pointed the connection back at the real one: insert nothing then.
    if nextitem is not None and _is_transactional(item) and test_world.committed():
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            test_world.commit(world_password_hash())


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
