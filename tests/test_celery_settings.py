"""Celery we can trust: late acks, no prefetch hoarding, a visibility timeout longer than
any countdown, tasks queued on commit, and every periodic task safe to run twice."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from accounts.models import SecurityEvent
from accounts.tasks import purge_security_log
from g40.celery import app
from outbox.models import OutgoingMail
from outbox.tasks import purge_sent_mail


def test_reliability_settings():
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1


def test_visibility_timeout_is_longer_than_any_retry_countdown():
    app.loader.import_default_modules()
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    for name, task in app.tasks.items():
        if name.startswith("celery."):
            continue
        if getattr(task, "retry_backoff", False):
            longest = getattr(task, "retry_backoff_max", 600)
        else:
            longest = getattr(task, "default_retry_delay", 180) or 0
        assert longest < visibility, name


def test_every_scheduled_task_is_registered():
    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks, entry["task"]


@pytest.mark.django_db
def test_purging_twice_leaves_the_same_state():
    old = timezone.now() - datetime.timedelta(days=400)
    mail = OutgoingMail.objects.create(key="k", to=["a@example.org"], subject="s", body="b")
    OutgoingMail.objects.filter(pk=mail.pk).update(sent_at=old)
    event = SecurityEvent.objects.create(kind="login", username="x")
    SecurityEvent.objects.filter(pk=event.pk).update(at=old)
    assert purge_sent_mail() == 1
    assert purge_security_log() == 1
    assert purge_sent_mail() == 0
    assert purge_security_log() == 0
    assert not OutgoingMail.objects.exists() and not SecurityEvent.objects.exists()


def test_handing_a_task_to_the_broker_gives_up_within_a_second():
    """What a request waits at most when the broker is down: one connect, bounded (the
    defaults retry for ~6 s, and a Redis result backend for ~19 s more)."""
    with app.connection_for_write() as connection:
        assert 0 < connection.connect_timeout <= 1
        assert connection.transport_options["max_retries"] == 0
        assert 0 < connection.transport_options["socket_connect_timeout"] <= 1
    assert 0 < app.conf.redis_socket_connect_timeout <= 1


def test_the_outbox_sweep_is_scheduled_more_often_than_its_delay():
    entry = settings.CELERY_BEAT_SCHEDULE["outbox-send-unsent-mail"]
    assert entry["task"] == "outbox.send_unsent_mail"
    assert entry["schedule"] < settings.OUTBOX_RETRY_AFTER_SECONDS
