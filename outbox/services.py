"""The one e-mail path of the app: record, then send once, after the commit."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import OutgoingMail


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: str
    mimetype: str


def mail_queue(
    *,
    key: str,
    to: Iterable[str],
    template: str,
    context: dict,
    language: str | None = None,
    attachments: Iterable[Attachment] = (),
) -> OutgoingMail:
    """Record a mail rendered from ``<template>_subject.txt`` and ``<template>_body.txt``
    and queue its sending for when the current transaction commits.

    Queuing the same ``key`` again returns the recorded mail and sends nothing more.
    """
    existing = OutgoingMail.objects.filter(key=key).first()
    if existing is not None:
        return existing
    with translation.override(language or settings.LANGUAGE_CODE):
        context = {"SITE_URL": settings.SITE_URL, **context}
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)
    with transaction.atomic():
        mail, created = OutgoingMail.objects.get_or_create(
            key=key,
            defaults={
                "to": sorted(set(to)),
                "subject": subject[:300],
                "body": body,
                "attachments": [
                    {"filename": a.filename, "content": a.content, "mimetype": a.mimetype}
                    for a in attachments
                ],
            },
        )
    if created:
        from .tasks import send_outgoing_mail

        transaction.on_commit(lambda: send_outgoing_mail.delay(mail.pk))
    return mail


def outgoing_mail_send(*, mail_id: int) -> bool:
    """Send one recorded mail unless it was sent already. Returns whether it sent.

    The row is locked while sending, so two workers handed the same task (Redis
    redelivers after the visibility timeout) do not both send it.
    """
    from django.core.mail import EmailMessage

    with transaction.atomic():
        mail = OutgoingMail.objects.select_for_update().filter(pk=mail_id).first()
        if mail is None or mail.sent_at is not None:
            return False
        mail.attempts += 1
        message = EmailMessage(
            subject=mail.subject,
            body=mail.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=mail.to,
        )
        for attachment in mail.attachments:
            message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
        message.send()
        mail.sent_at = timezone.now()
        mail.save(update_fields=["attempts", "sent_at"])
    return True


def outgoing_mail_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete sent mails older than the retention period; they hold personal data."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.RETENTION_DAYS["sent_mail"])
    deleted, _ = OutgoingMail.objects.filter(sent_at__lt=cutoff).delete()
    return deleted
