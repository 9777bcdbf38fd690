"""With a broker, a registration's mail is rendered by the worker, not in the request:
the request records it (one statement, under the day's lock) and hands over what to
render, signed; the worker renders the mail and its calendar, then sends it."""

import pytest
from django.core import signing
from django.template.base import Template

import networkdays.mails
from g40.celery import app
from networkdays import services_registrations as services
from outbox import tasks
from outbox.models import MailStatus, OutgoingMail

from .factories import NetworkDayFactory


@pytest.fixture
def broker(monkeypatch):
    """Celery as in production (tasks to a broker); the broker keeps what it is given."""
    given = []
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    monkeypatch.setattr(
        tasks.render_outgoing_mail,
        "apply_async",
        lambda args, **kwargs: given.append(args),
    )
    yield given
    app.conf.task_always_eager = previous


@pytest.fixture
def renders(monkeypatch):
    made = []
    original = Template.render

    def render(self, *args, **kwargs):
        made.append("template")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Template, "render", render)
    original_ics = networkdays.mails.network_day_ics
    monkeypatch.setattr(
        networkdays.mails,
        "network_day_ics",
        lambda *a, **k: made.append("ics") or original_ics(*a, **k),
    )
    return made


@pytest.mark.django_db(transaction=True)
def test_the_worker_renders_and_sends_what_the_request_recorded(world, broker, renders, mailoutbox):
    day = NetworkDayFactory(host_city=world.city_a, capacity=5)
    official = world.person("official_a")
    services.registration_create(day=day, person=official, by=official.user)
    # The request rendered nothing and sent nothing: it handed one job to the broker.
    assert renders == []
    assert mailoutbox == []
    mail = OutgoingMail.objects.get(key__startswith="networkday-confirmed:")
    assert mail.status == MailStatus.RENDERING and mail.body == ""
    ((mail_id, payload),) = broker
    assert mail_id == mail.pk

    # The worker: renders the mail and its calendar, sends it once.
    assert tasks.render_outgoing_mail(mail_id, payload) is True
    assert "template" in renders and "ics" in renders
    mail.refresh_from_db()
    assert mail.status == MailStatus.SENT
    assert official.name in mail.body
    assert "BEGIN:VCALENDAR" in mail.attachments[0]["content"]
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [official.email]
    # Handed over twice (a redelivery): sent once.
    assert tasks.render_outgoing_mail(mail_id, payload) is False
    assert len(mailoutbox) == 1


@pytest.mark.django_db(transaction=True)
def test_the_worker_refuses_a_payload_this_app_did_not_sign(world, broker, mailoutbox, caplog):
    day = NetworkDayFactory(host_city=world.city_a, capacity=5)
    official = world.person("official_a")
    services.registration_create(day=day, person=official, by=official.user)
    ((mail_id, payload),) = broker
    forged = signing.dumps("anything", key="not-this-apps-key", salt="outbox.render")
    assert tasks.render_outgoing_mail(mail_id, forged) is False
    assert tasks.render_outgoing_mail(mail_id, payload[:-2] + "xx") is False
    assert "bad signature" in caplog.text
    assert OutgoingMail.objects.get(pk=mail_id).status == MailStatus.RENDERING
    assert mailoutbox == []
