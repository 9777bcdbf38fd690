import datetime

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.db import connection
from django.utils import timezone

from outbox.models import MailStatus, OutgoingMail
from outbox.services import (
    Attachment,
    mail_queue,
    outgoing_mail_purge,
    outgoing_mail_retry,
    outgoing_mail_send,
    outgoing_mail_send_due,
)
from outbox.tasks import send_outgoing_mail, send_unsent_mail
from tests.helpers import race


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


# --- attempts, errors, the sweep ---------------------------------------------------------


def _unsent(key="k", *, age_minutes=10):
    mail = OutgoingMail.objects.create(key=key, to=["a@example.org"], subject="s", body="b")
    created = timezone.now() - datetime.timedelta(minutes=age_minutes)
    OutgoingMail.objects.filter(pk=mail.pk).update(created_at=created)
    return mail


@pytest.fixture
def smtp_down(monkeypatch):
    def refuse(self, fail_silently=False):
        raise ConnectionRefusedError("smtp.example.org refused the connection")

    monkeypatch.setattr(EmailMessage, "send", refuse)


@pytest.mark.django_db
def test_a_failed_send_keeps_its_attempt_and_error_although_the_send_rolled_back(
    smtp_down, settings
):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    mail = _unsent()
    assert outgoing_mail_send(mail_id=mail.pk) is False
    mail.refresh_from_db()
    assert mail.attempts == 1
    assert mail.status == MailStatus.UNSENT
    assert "ConnectionRefusedError: smtp.example.org refused" in mail.last_error
    assert mail.last_attempt_at is not None and mail.sent_at is None


@pytest.mark.django_db
def test_after_the_last_attempt_a_mail_is_failed_and_no_longer_tried(smtp_down, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    mail = _unsent()
    for _attempt in range(3):
        outgoing_mail_send(mail_id=mail.pk)
    mail.refresh_from_db()
    assert (mail.attempts, mail.status) == (3, MailStatus.FAILED)
    assert outgoing_mail_send(mail_id=mail.pk) is False
    mail.refresh_from_db()
    assert mail.attempts == 3


@pytest.mark.django_db
def test_the_sweep_sends_what_is_unsent_after_the_delay_once(settings, mailoutbox):
    settings.OUTBOX_RETRY_AFTER_SECONDS = 300
    old = _unsent("old", age_minutes=6)
    _unsent("fresh", age_minutes=1)  # its own task may still be on the way
    assert outgoing_mail_send_due() == 1
    assert outgoing_mail_send_due() == 0
    assert send_unsent_mail() == 0
    assert [m.subject for m in mailoutbox] == ["s"]
    old.refresh_from_db()
    assert old.status == MailStatus.SENT and old.attempts == 1


@pytest.mark.django_db
def test_the_sweep_waits_the_delay_after_a_failed_attempt(settings, monkeypatch, mailoutbox):
    settings.OUTBOX_RETRY_AFTER_SECONDS = 300
    mail = _unsent(age_minutes=20)
    with monkeypatch.context() as patch:
        patch.setattr(EmailMessage, "send", lambda *a, **k: (_ for _ in ()).throw(OSError("x")))
        assert outgoing_mail_send_due() == 0
    assert outgoing_mail_send_due() == 0  # tried a moment ago
    later = timezone.now() + datetime.timedelta(minutes=6)
    assert outgoing_mail_send_due(now=later) == 1
    mail.refresh_from_db()
    assert (mail.attempts, mail.status, mail.last_error) == (2, MailStatus.SENT, "")
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_a_mail_whose_commit_handler_never_ran_is_failed_for_the_secretariat(settings):
    settings.OUTBOX_RETRY_AFTER_SECONDS = 300
    mail = _unsent(age_minutes=6)
    OutgoingMail.objects.filter(pk=mail.pk).update(status=MailStatus.RENDERING, body="")
    outgoing_mail_send_due()
    mail.refresh_from_db()
    assert mail.status == MailStatus.FAILED and "Not rendered" in mail.last_error


@pytest.mark.django_db
def test_a_template_that_cannot_render_fails_the_mail_at_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queued = mail_queue(key="broken", to=["a@example.org"], template="no/such", context={})
    queued.refresh_from_db()
    assert queued.status == MailStatus.FAILED and queued.attempts == 1
    assert "TemplateDoesNotExist" in queued.last_error


def test_the_secretariat_sends_a_failed_mail_again(world, django_capture_on_commit_callbacks):
    mail = _unsent()
    OutgoingMail.objects.filter(pk=mail.pk).update(status=MailStatus.FAILED, attempts=5)
    with django_capture_on_commit_callbacks(execute=True):
        assert outgoing_mail_retry(by=world.person("secretariat").user, mail_ids=[mail.pk]) == 1
    mail.refresh_from_db()
    assert mail.status == MailStatus.SENT and mail.attempts == 1


def test_only_the_secretariat_or_the_system_sends_failed_mails_again(
    world, django_capture_on_commit_callbacks
):
    from django.core.exceptions import ValidationError

    from members.actors import SYSTEM

    mail = _unsent()
    OutgoingMail.objects.filter(pk=mail.pk).update(status=MailStatus.FAILED, attempts=5)
    with pytest.raises(TypeError):
        outgoing_mail_retry(mail_ids=[mail.pk])
    with pytest.raises(TypeError):
        outgoing_mail_retry(by=None, mail_ids=[mail.pk])
    for name in ("db_member", "contact_a"):
        with pytest.raises(ValidationError) as excinfo:
            outgoing_mail_retry(by=world.person(name).user, mail_ids=[mail.pk])
        assert excinfo.value.code == "forbidden"
    mail.refresh_from_db()
    assert mail.status == MailStatus.FAILED and mail.attempts == 5
    with django_capture_on_commit_callbacks(execute=True):
        assert outgoing_mail_retry(by=SYSTEM, mail_ids=[mail.pk]) == 1
    mail.refresh_from_db()
    assert mail.status == MailStatus.SENT


def test_the_admins_action_sends_a_failed_mail_again(world, django_capture_on_commit_callbacks):
    from django.urls import reverse

    mail = _unsent()
    OutgoingMail.objects.filter(pk=mail.pk).update(status=MailStatus.FAILED, attempts=5)
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client("secretariat").post(
            reverse("admin:outbox_outgoingmail_changelist"),
            {"action": "retry", "_selected_action": [mail.pk]},
        )
    assert response.status_code == 302
    mail.refresh_from_db()
    assert mail.status == MailStatus.SENT


def test_failed_mails_show_on_the_secretariats_dashboard_only(world):
    from outbox.dashboard import live_panels as panels

    mail = _unsent()
    OutgoingMail.objects.filter(pk=mail.pk).update(status=MailStatus.FAILED)
    page = world.client("secretariat").get("/").content.decode()
    assert "1 e-mail kon niet worden verstuurd" in page
    assert "status__exact=failed" in page
    request = type("Request", (), {"user": world.person("official_a").user})()
    assert panels(request) == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    not connection.features.has_select_for_update_skip_locked,
    reason="needs PostgreSQL (set DATABASE_URL=postgres://…); SQLite has no row locks",
)
def test_two_sweeps_at_once_send_each_mail_once(settings, monkeypatch):
    import time

    settings.OUTBOX_RETRY_AFTER_SECONDS = 60
    for number in range(4):
        _unsent(f"k{number}")
    sent: list[str] = []

    def slow_send(self, fail_silently=False):
        time.sleep(0.2)
        sent.append(self.subject)
        return 1

    monkeypatch.setattr(EmailMessage, "send", slow_send)

    results = race([outgoing_mail_send_due, outgoing_mail_send_due])
    assert not [r for r in results if isinstance(r, Exception)], results
    assert len(sent) == 4
    assert OutgoingMail.objects.filter(status=MailStatus.SENT, attempts=1).count() == 4
