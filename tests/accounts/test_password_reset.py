"""Password reset (issue 11, item 6): the same answer and the same work whether or not
the address is known, and at most a few mails per address and per client address an
hour (django-ratelimit, counted in the cache, issue 24)."""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.constants import SecurityEventKind
from accounts.models import SecurityEvent

pytestmark = pytest.mark.django_db


def _post(email: str, address: str = "10.0.0.1"):
    return Client(REMOTE_ADDR=address).post(reverse("password_reset"), {"email": email})


def _shape(sql: str) -> str:
    """A statement without its values: the address typed and the times differ."""
    return re.sub(r"'[^']*'|\b\d+(\.\d+)?\b", "?", sql)


def _request_work(email: str, monkeypatch):
    queued = []
    monkeypatch.setattr(
        "accounts.tasks.send_password_reset.delay_on_commit",
        lambda *args: queued.append(args),
    )
    with CaptureQueriesContext(connection) as queries:
        response = _post(email)
    return response, [_shape(query["sql"]) for query in queries], queued


def test_known_and_unknown_addresses_get_the_same_answer_and_the_same_work(world, monkeypatch):
    known = world.person("official_a").email
    known_response, known_queries, known_queued = _request_work(known, monkeypatch)
    unknown_response, unknown_queries, unknown_queued = _request_work(
        "nobody@nowhere.nl", monkeypatch
    )
    assert known_response.status_code == unknown_response.status_code == 302
    assert known_response["Location"] == unknown_response["Location"]
    assert known_queries == unknown_queries
    # No lookup of the address in the request: the task does it.
    assert not any("auth_user" in query for query in known_queries)
    assert len(known_queued) == len(unknown_queued) == 1
    assert (
        SecurityEvent.objects.filter(kind=SecurityEventKind.PASSWORD_RESET_REQUESTED).count() == 2
    )


def test_the_task_mails_a_known_address_and_nobody_for_an_unknown_one(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _post(world.person("official_a").email)
        _post("nobody@nowhere.nl")
    assert [message.to for message in mail.outbox] == [[world.person("official_a").email]]


def test_the_link_points_to_the_site_url_not_the_host_asked(
    world, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "http://127.0.0.1:8123"
    with django_capture_on_commit_callbacks(execute=True):
        Client(REMOTE_ADDR="10.0.0.1", HTTP_HOST="localhost").post(
            reverse("password_reset"), {"email": world.person("official_a").email}
        )
    assert "http://127.0.0.1:8123/password-reset/" in mail.outbox[0].body


@pytest.fixture
def queued(monkeypatch):
    """The addresses whose lookup and mail the requests queued."""
    addresses: list[str] = []
    monkeypatch.setattr("accounts.tasks.send_password_reset.delay_on_commit", addresses.append)
    return addresses


def test_at_most_a_few_mails_per_address_an_hour(world, settings, queued):
    settings.PASSWORD_RESET_RATE_PER_ADDRESS = "3/h"
    email = world.person("official_a").email
    for number in range(5):
        response = _post(email.upper(), address=f"10.0.0.{number + 1}")
        assert response.status_code == 302
    assert queued == [email] * 3
    assert SecurityEvent.objects.filter(detail__limited=True).count() == 2
    # Another address is not held back by it.
    _post(world.person("official_b").email, address="10.0.0.1")
    assert queued[-1] == world.person("official_b").email


def test_at_most_a_few_requests_per_client_address_an_hour(world, settings, queued):
    settings.PASSWORD_RESET_RATE_PER_CLIENT = "4/h"
    _post("nobody@nowhere.nl", address="10.9.9.9")  # unknown addresses count too
    for number in range(5):
        _post(f"person-{number}@example.org", address="10.9.9.9")
    assert queued == ["nobody@nowhere.nl"] + [f"person-{n}@example.org" for n in range(3)]
    # Another client is not held back by it.
    _post("person-4@example.org", address="10.8.8.8")
    assert queued[-1] == "person-4@example.org"


def test_requests_of_the_hour_before_do_not_count(world, settings, queued, monkeypatch):
    import time

    import django_ratelimit.core

    settings.PASSWORD_RESET_RATE_PER_ADDRESS = "1/h"
    _post("someone@example.org")
    _post("someone@example.org")
    assert queued == ["someone@example.org"]
    an_hour_later = time.time() + 3600

    class Clock:
        @staticmethod
        def time():
            return an_hour_later

    monkeypatch.setattr(django_ratelimit.core, "time", Clock)
    _post("someone@example.org")
    assert queued == ["someone@example.org"] * 2


def test_the_addresses_are_not_kept_in_the_cache(world, queued):
    from django.core.cache import cache

    _post("someone@example.org", address="10.7.7.7")
    keys = " ".join(cache._cache)  # the test's cache is in memory (tests/conftest.py)
    assert "someone" not in keys and "10.7.7.7" not in keys
    assert keys  # but counted there
