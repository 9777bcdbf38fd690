"""Generations and fragments on a real Redis, the shared cache of production. Runs where
a Redis broker is configured (CI sets CELERY_BROKER_URL); elsewhere it is skipped."""

import uuid

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import RequestFactory

from infra import fragments, generations
from members.models import City

from .factories import CityFactory

REDIS_URL = settings.CELERY_BROKER_URL if settings.CELERY_BROKER_URL.startswith("redis") else ""

pytestmark = [
    pytest.mark.skipif(not REDIS_URL, reason="no Redis configured (CELERY_BROKER_URL)"),
    pytest.mark.django_db,
]


@pytest.fixture
def redis_cache(settings):
    prefix = f"g40-test-{uuid.uuid4().hex[:8]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "infra.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
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


def test_one_client_per_pool(redis_cache):
    from django.core.cache import caches

    backend = caches["default"]._cache
    assert backend.get_client() is backend.get_client()
    cache.set("x", 1)
    assert cache.get("x") == 1
