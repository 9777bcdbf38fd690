"""The rate limit (django-ratelimit): per client address without a token, per token with
one; over it 429 with Retry-After, as problem details. A cache that is away limits
nothing."""

import json

import pytest

from .factories import ApiClient, make_token


@pytest.fixture
def tight(settings):
    settings.API_RATE_PER_ADDRESS = "3/m"
    settings.API_RATE_PER_TOKEN = "2/m"
    settings.TRUSTED_PROXY_COUNT = 0


def test_a_client_address_gets_its_limit(api_world, tight):
    client = ApiClient(REMOTE_ADDR="192.0.2.10")
    for _ in range(3):
        assert client.get("/api/v1/network-days").status_code == 200
    response = client.get("/api/v1/network-days")
    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    body = json.loads(response.content)
    assert body["status"] == 429 and body["code"] == "throttled"
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response["API-Version"]
    # Another address is not held back by it.
    assert ApiClient(REMOTE_ADDR="192.0.2.11").get("/api/v1/network-days").status_code == 200


def test_a_forged_forwarded_for_does_not_escape_the_limit(api_world, tight):
    for n in range(3):
        ApiClient(REMOTE_ADDR="192.0.2.10").get(
            "/api/v1/network-days", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}"
        )
    response = ApiClient(REMOTE_ADDR="192.0.2.10").get(
        "/api/v1/network-days", HTTP_X_FORWARDED_FOR="198.51.100.99"
    )
    assert response.status_code == 429


def test_requests_without_a_token_to_private_endpoints_count_too(api_world, tight):
    client = ApiClient(REMOTE_ADDR="192.0.2.12")
    for _ in range(3):
        assert client.get("/api/v1/registrations").status_code == 401
    assert client.get("/api/v1/registrations").status_code == 429


def test_a_token_gets_its_own_limit(api_world, tight):
    _token, secret = make_token(api_world.person("official_a").user)
    _other, other_secret = make_token(api_world.person("official_b").user)
    client = ApiClient(secret, REMOTE_ADDR="192.0.2.13")
    for _ in range(2):
        assert client.get("/api/v1/registrations").status_code == 200
    assert client.get("/api/v1/network-days").status_code == 429
    # Another token from the same address, and the address without a token, go on.
    assert ApiClient(other_secret, REMOTE_ADDR="192.0.2.13").get("/api/v1/me").status_code == 200
    assert ApiClient(REMOTE_ADDR="192.0.2.13").get("/api/v1/cities").status_code == 200


def test_a_cache_that_is_away_limits_nothing(api_world, tight, monkeypatch):
    def away(*args, **kwargs):
        raise ConnectionError("no cache")

    monkeypatch.setattr("api.throttling.get_usage", away)
    client = ApiClient(REMOTE_ADDR="192.0.2.14")
    for _ in range(5):
        assert client.get("/api/v1/network-days").status_code == 200
