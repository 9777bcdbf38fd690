import datetime

import pytest
from django.core import mail
from django.utils import timezone

from outbox.models import OutgoingMail
from outbox.services import Attachment, mail_queue, outgoing_mail_purge, outgoing_mail_send
from outbox.tasks import send_outgoing_mail


def _queue(key="test:1"):
    return mail_queue(
        key=key,
        to=["a@example.org"],
        template="registration/mail/password_reset",
        context={"user": {"username": "a"}, "link": "x"},
        attachments=[Attachment("day.ics", "BEGIN:VCALENDAR", "text/calendar")],
    )


@pytest.mark.django_db
def test_a_mail_is_sent_after_commit_with_its_attachment(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _queue()
    assert len(mail.outbox) == 0  # nothing before the commit
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].attachments[0][0] == "day.ics"
    assert OutgoingMail.objects.get().sent_at is not None


@pytest.mark.django_db
def test_queuing_the_same_key_twice_sends_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = _queue()
        second = _queue()
    assert first.pk == second.pk
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_running_the_task_twice_sends_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queued = _queue()
    assert send_outgoing_mail(queued.pk) is False
    assert outgoing_mail_send(mail_id=queued.pk) is False
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_queues_nothing():
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        _queue()
        raise RuntimeError("rollback")
    assert OutgoingMail.objects.count() == 0
    assert len(mail.outbox) == 0


@pytest.mark.django_db
def test_sent_mail_is_purged_after_the_retention_period(settings):
    settings.RETENTION_DAYS = {**settings.RETENTION_DAYS, "sent_mail": 90}
    old = OutgoingMail.objects.create(
        key="old",
        to=["a@example.org"],
        subject="s",
        body="b",
        sent_at=timezone.now() - datetime.timedelta(days=91),
    )
    recent = OutgoingMail.objects.create(
        key="recent",
        to=["a@example.org"],
        subject="s",
        body="b",
        sent_at=timezone.now() - datetime.timedelta(days=89),
    )
    unsent = OutgoingMail.objects.create(key="unsent", to=["a@example.org"], subject="s", body="b")
    assert outgoing_mail_purge() == 1
    remaining = set(OutgoingMail.objects.values_list("pk", flat=True))
    assert remaining == {recent.pk, unsent.pk}
    assert old.pk not in remaining
