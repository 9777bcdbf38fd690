"""Mails the worker renders (outbox.builders): the request records a builder's name and
primary keys, the worker renders and sends them in batches, over one connection."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import transaction

import outbox.services
import outbox.services_sending
import outbox.tasks
from members.actors import SYSTEM
from outbox.builders import MailContent, build, register
from outbox.models import MailStatus, OutgoingMail
from outbox.services import (
    BATCH_DUE_KEY,
    Attachment,
    mail_queue,
    outgoing_mail_batch_due,
    outgoing_mail_retry,
    outgoing_mail_send_batch,
    outgoing_mail_send_due,
)

BUILT = []


@register("tests.greeting")
def greeting(*, name: str, fail: bool = False) -> MailContent:
    BUILT.append(name)
    if fail:
        raise RuntimeError("the builder's data is gone")
    return MailContent(
        template="registration/mail/password_reset",
        context={"user": {"username": name}, "link": f"https://example.org/{name}"},
        attachments=[Attachment(f"{name}.ics", "BEGIN:VCALENDAR", "text/calendar")],
    )


@pytest.fixture(autouse=True)
def fresh():
    BUILT.clear()
    cache.delete(BATCH_DUE_KEY)
    yield
    cache.delete(BATCH_DUE_KEY)


def _queue(name="anna", key=None, **args):
    return mail_queue(
        key=key or f"greeting:{name}",
        to=[f"{name}@example.org"],
        builder="tests.greeting",
        args={"name": name, **args},
    )


@pytest.mark.django_db
def test_the_request_records_names_and_numbers_and_renders_nothing(
    django_capture_on_commit_callbacks,
):
    # The atomic block: a service's transaction.
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        queued = _queue()
    row = OutgoingMail.objects.get(pk=queued.pk)
    assert (row.builder, row.builder_args) == ("tests.greeting", {"name": "anna"})
    assert (row.subject, row.body, row.attachments) == ("", "", [])
    assert row.status == MailStatus.UNSENT
    assert BUILT == [] and mail.outbox == []
    for callback in callbacks:  # the commit: a batch is due (eager here: it runs)
        callback()
    assert BUILT == ["anna"]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].attachments[0][0] == "anna.ics"
    row.refresh_from_db()
    assert row.status == MailStatus.SENT
    assert row.template == "registration/mail/password_reset" and "anna" in row.body


@pytest.mark.django_db
def test_an_unregistered_builder_is_refused_when_queued():
    with pytest.raises(LookupError):
        mail_queue(key="x", to=["a@example.org"], builder="tests.nobody", args={})
    with pytest.raises(LookupError):
        build("tests.nobody", {})
    assert not OutgoingMail.objects.exists()


@pytest.mark.django_db
def test_one_batch_is_queued_for_many_mails_until_it_starts(monkeypatch):
    queued = []
    monkeypatch.setattr(
        outbox.tasks.send_mail_batch, "apply_async", lambda **kwargs: queued.append(kwargs)
    )
    assert outgoing_mail_batch_due() is True
    assert outgoing_mail_batch_due() is False
    assert outgoing_mail_batch_due() is False
    assert len(queued) == 1
    assert queued[0]["countdown"] == outbox.services.settings.OUTBOX_BATCH_DELAY_SECONDS
    outgoing_mail_send_batch()  # the batch starts: the next mail queues another
    assert outgoing_mail_batch_due() is True
    assert len(queued) == 2


@pytest.mark.django_db
def test_a_batch_sends_every_waiting_mail_over_one_connection(monkeypatch, settings):
    import django.core.mail

    for name in ("anna", "bram", "cees"):
        OutgoingMail.objects.create(
            key=f"greeting:{name}",
            to=[f"{name}@example.org"],
            builder="tests.greeting",
            builder_args={"name": name},
        )
    opened = []
    real = django.core.mail.get_connection

    def counting(*args, **kwargs):
        opened.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(django.core.mail, "get_connection", counting)
    assert outgoing_mail_send_batch() == 3
    assert len(opened) == 1
    assert [m.to for m in mail.outbox] == [
        ["anna@example.org"],
        ["bram@example.org"],
        ["cees@example.org"],
    ]
    assert outgoing_mail_send_batch() == 0  # sent once


@pytest.mark.django_db
def test_a_full_batch_queues_the_next_at_once(settings):
    settings.OUTBOX_BATCH_SIZE = 2
    for name in ("anna", "bram", "cees"):
        OutgoingMail.objects.create(
            key=f"greeting:{name}",
            to=[f"{name}@example.org"],
            builder="tests.greeting",
            builder_args={"name": name},
        )
    outgoing_mail_send_batch()  # eager: the next batch runs within
    assert len(mail.outbox) == 3
    assert not OutgoingMail.objects.exclude(status=MailStatus.SENT).exists()


@pytest.mark.django_db
def test_a_mail_its_builder_cannot_make_fails_at_once_and_can_be_sent_again(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        queued = _queue(fail=True)
    queued.refresh_from_db()
    assert queued.status == MailStatus.FAILED
    assert "the builder's data is gone" in queued.last_error
    assert mail.outbox == []
    # Not tried again by the sweep: it fails the same way each time.
    assert outgoing_mail_send_due() == 0
    # The secretariat mends the cause and sends it again.
    OutgoingMail.objects.filter(pk=queued.pk).update(builder_args={"name": "anna"})
    with django_capture_on_commit_callbacks(execute=True):
        assert outgoing_mail_retry(by=SYSTEM, mail_ids=[queued.pk]) == 1
    queued.refresh_from_db()
    assert queued.status == MailStatus.SENT
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_queuing_the_same_key_twice_records_and_sends_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = _queue()
        second = _queue()
    assert first.pk == second.pk
    assert len(mail.outbox) == 1
    assert BUILT == ["anna"]


@pytest.mark.django_db
def test_with_the_cache_down_a_batch_is_still_queued(monkeypatch):
    queued = []
    monkeypatch.setattr(
        outbox.tasks.send_mail_batch, "apply_async", lambda **kwargs: queued.append(kwargs)
    )

    class Down:
        def add(self, *args, **kwargs):
            raise ConnectionError("cache down")

        def delete(self, *args, **kwargs):
            raise ConnectionError("cache down")

    monkeypatch.setattr(outbox.services_sending, "cache", Down())
    assert outgoing_mail_batch_due() is True
    assert len(queued) == 1
