"""Generations and fragments on a real Redis, the shared cache of production. Runs where
a Redis broker is configured (CI sets CELERY_BROKER_URL); elsewhere it is skipped."""

import datetime
import uuid

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import RequestFactory
from django.utils import timezone

from infra import fragments, generations
from infra.models import CacheEpoch
from members.constants import RoleKind
from members.models import City

from .factories import CityFactory

REDIS_URL = settings.CELERY_BROKER_URL if settings.CELERY_BROKER_URL.startswith("redis") else ""

pytestmark = [
    pytest.mark.skipif(not REDIS_URL, reason="no Redis configured (CELERY_BROKER_URL)"),
    pytest.mark.django_db,
]


def _redis_at(location: str, prefix: str) -> dict:
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": location,
            "KEY_PREFIX": prefix,
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        }
    }


# Nothing listens there: the cache "goes away" (connection refused at once).
UNREACHABLE = "redis://127.0.0.1:9/0"


@pytest.fixture
def redis_cache(settings):
    prefix = f"g40-test-{uuid.uuid4().hex[:8]}"
    settings.CACHES = _redis_at(REDIS_URL, prefix)
    yield prefix
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)


def test_generations_live_in_redis_and_never_expire(redis_cache):
    import redis

    first = generations.current(["members"])[0]
    CityFactory()
    second = generations.current(["members"])[0]
    assert second > first
    client = redis.Redis.from_url(REDIS_URL)
    key = f"{redis_cache}:1:gen:members"
    assert int(client.get(key)) == second
    assert client.ttl(key) == -1  # no expiry


def test_a_fragment_on_redis_is_served_until_a_write(redis_cache):
    calls = []

    def build():
        calls.append(1)
        return list(City.objects.values_list("name", flat=True)), None

    CityFactory(name="Deventer")
    assert fragments.cached("t", vary=(), apps=("members",), build=build) == ["Deventer"]
    assert fragments.cached("t", vary=(), apps=("members",), build=build) == ["Deventer"]
    assert len(calls) == 1
    City.objects.update(name="Zwolle")
    assert fragments.cached("t", vary=(), apps=("members",), build=build) == ["Zwolle"]
    assert len(calls) == 2


def test_an_evicted_generation_restarts_above_the_old_one(redis_cache):
    CityFactory()
    old = generations.current(["members"])[0]
    cache.delete("gen:members")
    generations.bump(["members"])  # incr on a missing key: starts from the clock
    assert generations.current(["members"])[0] > old


def test_request_tokens_on_redis(redis_cache, templates):
    templates(_f='<form method="post">{% csrf_token %}</form>')
    request = RequestFactory().get("/")
    html = fragments.render_cached(
        request, "_f.html", name="f", vary=(), apps=("members",), context=dict
    )
    assert fragments.CSRF_PLACEHOLDER not in html
    stored, _until = cache.get(fragments.key_for("f", (), ("members",)))
    assert fragments.CSRF_PLACEHOLDER in stored


def test_generations_and_values_round_trip_through_django_redis(redis_cache):
    cache.set("x", (1, None))
    assert cache.get("x") == (1, None)
    generations.bump(["members"])  # incr on a missing key, then on an integer
    generations.bump(["members"])
    assert isinstance(generations.current(["members"])[0], int)


@pytest.fixture
def outage(settings, redis_cache):
    """``outage.start()`` points the cache at a port where nothing listens (same
    prefix); ``outage.end()`` brings the same Redis, with what it held, back."""

    class Outage:
        def start(self):
            settings.CACHES = _redis_at(UNREACHABLE, redis_cache)

        def end(self):
            settings.CACHES = _redis_at(REDIS_URL, redis_cache)

    return Outage()


def test_a_role_ended_while_the_cache_is_down_stays_ended_when_it_returns(world, outage):
    """Issue 10: the secretariat ends a city contact's role while Redis is down. The
    ex-contact is refused at once, and still after Redis comes back with the
    permissions it had cached (the write moved the epoch in the database)."""
    contact = world.client("contact_a")
    colleague = world.person("official_a")
    url = f"/people/{colleague.pk}/edit/"
    assert contact.get(url).status_code == 200  # permissions now cached in Redis

    outage.start()
    role = world.person("contact_a").roles.get(kind=RoleKind.CITY_CONTACT)
    role.ends_on = timezone.localdate() - datetime.timedelta(days=1)
    role.full_clean()
    role.save()  # the generation cannot reach Redis
    assert CacheEpoch.objects.exists()
    assert contact.get(url).status_code == 404  # during the outage

    outage.end()
    assert contact.get(url).status_code == 404  # and after: not the cached permissions
    response = contact.post(url, {"name": "Changed", "email": colleague.email, "function": ""})
    assert response.status_code == 404
    colleague.refresh_from_db()
    assert colleague.name != "Changed"


def test_a_page_shows_a_write_made_while_the_cache_was_down(world, outage):
    client = world.client("official_a")
    assert "Zwolle" in client.get("/cities/").content.decode()  # the list is cached

    outage.start()
    City.objects.filter(pk=world.city_a.pk).update(name="Zwolle-Noord")
    assert "Zwolle-Noord" in client.get("/cities/").content.decode()

    outage.end()
    assert "Zwolle-Noord" in client.get("/cities/").content.decode()
