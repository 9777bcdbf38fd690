"""Subscribing: anyone with an address, double opt-in (a signed link; the page confirms
by POST, a GET changes nothing), unsubscribing deletes the address, unconfirmed requests
are purged. No second mail for the same request; clear refusals."""

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from letters import tokens
from letters.models import Subscriber
from letters.services_sending import (
    subscription_cancel,
    subscription_confirm,
    subscription_request,
    subscription_requests_purge,
)
from letters.tasks import purge_subscription_requests
from outbox.models import OutgoingMail

from .factories import make_subscriber


def _confirm_url(subscriber):
    return reverse("ledenbrieven:confirm", args=[tokens.make(subscriber, tokens.CONFIRM_SALT)])


def test_subscribing_sends_one_confirmation_link(
    db, django_capture_on_commit_callbacks, mailoutbox
):
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("ledenbrieven:subscribe"), {"email": " Lezer@Example.org "})
    assert response.status_code == 302
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "lezer@example.org" and subscriber.confirmed_at is None
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["lezer@example.org"]
    link = re.search(r"https?://\S+(/ledenbrieven/aanmelden/\S+/)", mailoutbox[0].body)[1]
    assert tokens.read(link.split("/")[-2], tokens.CONFIRM_SALT) == subscriber
    # Asking again before confirming: no second mail.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("ledenbrieven:subscribe"), {"email": "lezer@example.org"})
    assert len(mailoutbox) == 1 and Subscriber.objects.count() == 1


def test_the_link_page_confirms_only_by_post(db):
    subscriber = make_subscriber("lezer@example.org", confirmed=False)
    client = Client()
    url = _confirm_url(subscriber)
    assert client.get(url).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is None
    assert client.post(url).status_code == 302
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is not None


def test_an_invalid_address_is_refused_and_nothing_is_sent(db):
    for email in ("geen-adres", "a@b", "<script>@x.nl"):
        with pytest.raises(ValidationError) as excinfo:
            subscription_request(email=email)
        assert excinfo.value.code == "email_invalid"
    response = Client().post(reverse("ledenbrieven:subscribe"), {"email": "geen-adres"})
    assert response.status_code == 200 and response.context["form"].errors["email"]
    assert not Subscriber.objects.exists() and not OutgoingMail.objects.exists()


def test_the_page_answers_a_new_a_pending_and_a_confirmed_address_alike(
    db, django_capture_on_commit_callbacks
):
    """Issue 22, item 4: the page never tells whether an address is subscribed; a
    confirmed subscriber is told by mail instead (once a day)."""
    from django.contrib.messages import get_messages

    make_subscriber("lezer@example.org")
    make_subscriber("wacht@example.org", confirmed=False)
    answers = []
    for email in ("nieuw@example.org", "wacht@example.org", "LEZER@example.org"):
        with django_capture_on_commit_callbacks(execute=True):
            response = Client().post(reverse("ledenbrieven:subscribe"), {"email": email})
        answers.append(
            (
                response.status_code,
                response["Location"],
                [str(m) for m in get_messages(response.wsgi_request)],
            )
        )
    assert answers[0] == answers[1] == answers[2]
    assert sorted(tuple(m.to) for m in mail.outbox) == [
        ("lezer@example.org",),
        ("nieuw@example.org",),
    ]
    already = next(m for m in mail.outbox if m.to == ["lezer@example.org"])
    assert "/ledenbrieven/afmelden/" in already.body
    with django_capture_on_commit_callbacks(execute=True):
        subscription_request(email="lezer@example.org")  # again today: no second mail
    assert len(mail.outbox) == 2


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ('"x"@example.net', "x@example.net"),
        ("  X@Example.NET ", "x@example.net"),
        ('"a.b"@example.net', "a.b@example.net"),
    ],
)
def test_one_mailbox_has_one_spelling(db, given, stored):
    from infra.text import normalise_email

    assert normalise_email(given) == stored
    assert normalise_email('"a b"@example.net') == '"a b"@example.net'  # needs its quotes
    subscriber, _mailed = subscription_request(email=given)
    assert subscriber.email == stored
    again, mailed = subscription_request(email=stored)
    assert again.pk == subscriber.pk and not mailed


def test_a_confirmation_link_works_once_and_expires(db, settings):
    subscriber = make_subscriber("lezer@example.org", confirmed=False)
    token = tokens.make(subscriber, tokens.CONFIRM_SALT)
    subscription_confirm(token=token)
    with pytest.raises(ValidationError) as excinfo:
        subscription_confirm(token=token)
    assert excinfo.value.code == "already_subscribed"
    old = make_subscriber("oud@example.org", confirmed=False)
    old_token = tokens.make(old, tokens.CONFIRM_SALT)
    settings.RETENTION_DAYS = {**settings.RETENTION_DAYS, "letter_subscription_request": 0}
    with pytest.raises(ValidationError) as excinfo:
        subscription_confirm(token=old_token)
    assert excinfo.value.code == "token_invalid"


def test_a_forged_or_foreign_token_does_nothing(db):
    subscriber = make_subscriber("lezer@example.org", confirmed=False)
    for token in ("rommel", tokens.make(subscriber, tokens.UNSUBSCRIBE_SALT)):
        with pytest.raises(ValidationError) as excinfo:
            subscription_confirm(token=token)
        assert excinfo.value.code == "token_invalid"
        assert Client().get(reverse("ledenbrieven:confirm", args=[token])).status_code == 404
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is None


def test_a_link_of_a_deleted_subscription_never_works_for_a_new_one(db):
    first = make_subscriber("lezer@example.org")
    token = tokens.make(first, tokens.UNSUBSCRIBE_SALT)
    subscription_cancel(token=token)
    second = make_subscriber("lezer@example.org")
    second.pk = first.pk  # even were the id reused, the secret differs
    with pytest.raises(ValidationError) as excinfo:
        subscription_cancel(token=token)
    assert excinfo.value.code == "not_subscribed"
    assert Subscriber.objects.filter(email="lezer@example.org").exists()


def test_unsubscribing_deletes_the_address_by_post_only(db):
    subscriber = make_subscriber("lezer@example.org")
    url = reverse(
        "ledenbrieven:unsubscribe", args=[tokens.make(subscriber, tokens.UNSUBSCRIBE_SALT)]
    )
    client = Client()
    assert client.get(url).status_code == 200
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()
    assert client.post(url).status_code == 302
    assert not Subscriber.objects.exists()
    assert client.get(url).status_code == 404


def test_unconfirmed_requests_are_purged_after_the_retention_period(db, settings):
    days = settings.RETENTION_DAYS["letter_subscription_request"]
    now = timezone.now()
    old = make_subscriber(
        "oud@example.org", confirmed=False, requested_at=now - datetime.timedelta(days=days + 1)
    )
    fresh = make_subscriber("vers@example.org", confirmed=False)
    confirmed = make_subscriber(
        "trouw@example.org", requested_at=now - datetime.timedelta(days=days + 100)
    )
    assert purge_subscription_requests() == 1
    assert set(Subscriber.objects.values_list("pk", flat=True)) == {fresh.pk, confirmed.pk}
    assert not Subscriber.objects.filter(pk=old.pk).exists()
    assert subscription_requests_purge() == 0


def test_the_purge_task_is_scheduled(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"letters.purge_subscription_requests", "letters.send_approved"} <= tasks


def test_one_connection_may_ask_for_a_limited_number_of_subscriptions(
    db, settings, django_capture_on_commit_callbacks, mailoutbox
):
    settings.LETTERS_SUBSCRIBE_RATE = "2/h"
    url = reverse("ledenbrieven:subscribe")
    client = Client(REMOTE_ADDR="203.0.113.7")
    with django_capture_on_commit_callbacks(execute=True):
        for number in (1, 2):
            assert client.post(url, {"email": f"lezer{number}@example.org"}).status_code == 302
        refused = client.post(url, {"email": "lezer3@example.org"})
    assert refused.status_code == 429
    (error,) = refused.context["form"].non_field_errors().as_data()
    assert error.code == "too_many_requests"
    assert "Te veel aanmeldingen" in refused.content.decode()
    assert Subscriber.objects.count() == 2 and len(mailoutbox) == 2
    # Reading the page is not limited; another connection may still subscribe.
    assert client.get(url).status_code == 200
    other = Client(REMOTE_ADDR="198.51.100.4")
    assert other.post(url, {"email": "lezer3@example.org"}).status_code == 302


def test_with_the_cache_down_subscribing_still_works(db, monkeypatch):
    import letters.views_public

    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(letters.views_public, "is_ratelimited", down)
    response = Client().post(reverse("ledenbrieven:subscribe"), {"email": "lezer@example.org"})
    assert response.status_code == 302
    assert Subscriber.objects.count() == 1


def test_a_rate_that_is_not_one_stops_the_start():
    import os
    import subprocess
    import sys
    from pathlib import Path

    completed = subprocess.run(
        [sys.executable, "-c", "import g40.settings"],
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ, "LETTERS_SUBSCRIBE_RATE": "ten per hour"},
        capture_output=True,
        text=True,
    )
    assert completed.returncode != 0
    assert "LETTERS_SUBSCRIBE_RATE='ten per hour' is not a rate" in completed.stderr
