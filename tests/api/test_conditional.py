"""Open data with ETag and Last-Modified: asked again with If-None-Match or
If-Modified-Since, nothing changed, the answer is 304 without a body; a change shows at
once (a new ETag, a later Last-Modified)."""

import datetime

import pytest
import time_machine
from django.utils.http import http_date

from networkdays.constants import NetworkDayStatus

from .factories import ApiClient

NOON = datetime.datetime(2026, 9, 1, 12, tzinfo=datetime.UTC)

OPEN_LISTS = [
    "/api/v1/cities",
    "/api/v1/network-days",
    "/api/v1/theme-groups",
    "/api/v1/member-letters",
]


@pytest.mark.parametrize("path", OPEN_LISTS)
def test_an_unchanged_list_is_a_304(api_world, path):
    client = ApiClient()
    first = client.get(path)
    assert first.status_code == 200
    etag, last_modified = first["ETag"], first["Last-Modified"]
    again = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert again["API-Version"]
    assert again["Access-Control-Allow-Origin"] == "*"
    assert client.get(path, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304


def test_a_change_shows_at_once(api_world):
    client = ApiClient()
    with time_machine.travel(NOON, tick=False):
        first = client.get("/api/v1/network-days")
        assert first["Last-Modified"] == http_date(NOON.timestamp())
    day = api_world.extra["api_day"]
    with time_machine.travel(NOON + datetime.timedelta(hours=1), tick=False):
        day.status = NetworkDayStatus.CANCELLED
        day.save()
        changed = client.get("/api/v1/network-days", HTTP_IF_NONE_MATCH=first["ETag"])
        assert changed.status_code == 200
        assert changed["ETag"] != first["ETag"]
        assert changed["Last-Modified"] == http_date(NOON.timestamp() + 3600)
        response = client.get("/api/v1/network-days", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        assert response.status_code == 200


def test_a_representation_that_comes_back_gets_a_new_last_modified(api_world):
    """A → B → A: the second A is newer than B, so a client holding B gets it."""
    client = ApiClient()
    day = api_world.extra["api_day"]
    with time_machine.travel(NOON, tick=False):
        client.get("/api/v1/network-days")
    with time_machine.travel(NOON + datetime.timedelta(hours=1), tick=False):
        day.title = "Anders"
        day.save()
        held = client.get("/api/v1/network-days")
    with time_machine.travel(NOON + datetime.timedelta(hours=2), tick=False):
        day.title = "Netwerkdag 0" if day.title != "Netwerkdag 0" else "Weer anders"
        day.save()
        back = client.get("/api/v1/network-days", HTTP_IF_MODIFIED_SINCE=held["Last-Modified"])
        assert back.status_code == 200


def test_each_filter_has_its_own_validators(api_world):
    client = ApiClient()
    all_days = client.get("/api/v1/network-days")
    none = client.get("/api/v1/network-days", {"year": "2001"})
    assert all_days["ETag"] != none["ETag"]
    assert (
        client.get(
            "/api/v1/network-days", {"year": "2001"}, HTTP_IF_NONE_MATCH=none["ETag"]
        ).status_code
        == 304
    )


def test_details_are_conditional_too(api_world):
    client = ApiClient()
    path = f"/api/v1/network-days/{api_world.extra['api_day'].pk}"
    first = client.get(path)
    assert client.get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_without_a_cache_last_modified_is_now_never_wrongly_old(api_world, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    client = ApiClient()
    with time_machine.travel(NOON, tick=False):
        first = client.get("/api/v1/network-days")
    with time_machine.travel(NOON + datetime.timedelta(hours=1), tick=False):
        again = client.get("/api/v1/network-days")
        assert again["Last-Modified"] == http_date(NOON.timestamp() + 3600)
        # The ETag still says "unchanged".
        assert (
            client.get("/api/v1/network-days", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
        )


def test_answers_behind_a_token_carry_no_validators(api_world, token_of):
    _token, client = token_of("official_a")
    response = client.get("/api/v1/registrations")
    assert "ETag" not in response
