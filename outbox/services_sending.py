"""Sending what the outbox recorded (``outbox.services``): one mail, a batch, the
periodic sweep of what is still unsent, the secretariat's retry, and the purge of sent
mail after its retention period.

A mail is sent once: under its row lock, skipping a row another worker holds, only while
it is unsent. A failure is recorded on the mail and never raised; after
``OUTBOX_MAX_ATTEMPTS`` tries the mail is failed, for the secretariat to see. Handing a
task to the broker never raises either: the sweep sends what the broker did not take.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from . import builders
from .models import MailStatus, OutgoingMail

logger = logging.getLogger(__name__)

ERROR_MAX_LENGTH = 2000


def _build(mail: OutgoingMail) -> tuple[str, str, str, list[dict]]:
    """A builder's mail rendered (the worker, before sending it): its template, subject,
    body and attachments."""
    from .services import _rendered  # the request's rendering, shared (imports this module)

    content = builders.build(mail.builder, mail.builder_args)
    return (
        content.template,
        *_rendered(content.template, content.context, None, content.attachments),
    )


# The cache key that says a batch is queued and not yet started (see mail_queue).
BATCH_DUE_KEY = "outbox:batch-due"


def outgoing_mail_batch_due() -> bool:
    """After a builder's mail has committed: make sure a batch will send it. The first
    mail since the last batch started hands the broker one task, to run
    ``OUTBOX_BATCH_DELAY_SECONDS`` later; the others find the mark and do nothing more
    (one ``SET NX`` in Redis). Returns whether this call queued the batch.

    Never raises (as :func:`outgoing_mail_hand_off`): a mail the broker did not take is
    sent by the periodic sweep."""
    from .tasks import send_mail_batch

    delay = settings.OUTBOX_BATCH_DELAY_SECONDS
    try:
        # The mark outlives the delay, so a worker that is down or behind does not get
        # a task per mail; the sweep covers a batch that never ran.
        if not cache.add(BATCH_DUE_KEY, 1, timeout=delay + 60):
            return False
    except Exception as exc:
        logger.warning("The outbox's batch mark could not be set (%s); queuing a batch", exc)
    try:
        send_mail_batch.apply_async(countdown=delay or None, retry=False, ignore_result=True)
    except Exception as exc:
        logger.warning("Mail batch not handed to the broker (%s); the sweep will send it", exc)
        with contextlib.suppress(Exception):
            cache.delete(BATCH_DUE_KEY)
        return False
    return True


def outgoing_mail_send_batch() -> int:
    """Render and send every mail waiting for its first try, oldest first, over one
    connection to the mail server; returns how many were sent. A full batch queues the
    next at once. Safe beside the sweep and a second batch: each mail is sent under its
    row lock, skipping rows another one holds, and only while it is unsent."""
    from django.core.mail import get_connection

    from .tasks import send_mail_batch

    # From here on a newly recorded mail queues a batch of its own: it may commit after
    # the query below has run.
    with contextlib.suppress(Exception):
        cache.delete(BATCH_DUE_KEY)
    size = settings.OUTBOX_BATCH_SIZE
    waiting = list(
        OutgoingMail.objects.filter(status=MailStatus.UNSENT, last_attempt_at__isnull=True)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:size]
    )
    smtp = get_connection()
    try:
        sent = sum(outgoing_mail_send(mail_id=pk, connection=smtp) for pk in waiting)
    finally:
        with contextlib.suppress(Exception):
            smtp.close()
    if len(waiting) == size:
        send_mail_batch.apply_async(retry=False, ignore_result=True)
    return sent


def outgoing_mail_hand_off(*, mail_id: int) -> bool:
    """Give the sending task to the broker; returns whether the broker took it.

    Never raises: the user's change is committed and their answer must not wait for,
    nor fail on, the broker. The broker's connect timeout and retries are bounded in
    the settings (CELERY_BROKER_CONNECT_TIMEOUT_MS); no publish retries here. A mail the
    broker did not take is sent by the periodic sweep."""
    from .tasks import send_outgoing_mail

    try:
        send_outgoing_mail.apply_async((mail_id,), retry=False, ignore_result=True)
    except Exception as exc:
        logger.warning(
            "Mail %s not handed to the broker (%s); the periodic sweep will send it",
            mail_id,
            exc,
        )
        return False
    return True


def _record_failure(mail_id: int, exc: BaseException, *, final: bool = False) -> None:
    """Count a failed attempt and keep its error, in a statement of its own (the failed
    send's transaction has been rolled back); after OUTBOX_MAX_ATTEMPTS it is failed."""
    error = f"{type(exc).__name__}: {exc}"[:ERROR_MAX_LENGTH]
    status = (
        Value(MailStatus.FAILED)
        if final
        else Case(
            When(attempts__gte=settings.OUTBOX_MAX_ATTEMPTS - 1, then=Value(MailStatus.FAILED)),
            default=Value(MailStatus.UNSENT),
        )
    )
    OutgoingMail.objects.filter(pk=mail_id).exclude(status=MailStatus.SENT).update(
        attempts=F("attempts") + 1,
        last_attempt_at=timezone.now(),
        last_error=error,
        status=status,
    )


def outgoing_mail_send(*, mail_id: int, connection=None) -> bool:
    """Send one recorded mail unless it was sent already (rendering it first if a
    builder makes it). Returns whether it sent; ``connection``: a mail connection to
    reuse (a batch's).

    The row is locked while sending, and a row another worker is sending is skipped,
    so two workers handed the same mail (Redis redelivers after the visibility
    timeout; the sweep and the task meet) do not both send it. A builder's mail is
    rendered before that lock, in no transaction. A failure is recorded after the
    sending transaction has rolled back, and is not raised: the sweep retries. A mail
    its builder cannot render fails at once (as a template that cannot render does):
    the secretariat sees it."""
    from django.core.mail import EmailMessage

    rendered = None
    waiting = (
        OutgoingMail.objects.filter(pk=mail_id, status=MailStatus.UNSENT, body="")
        .exclude(builder="")
        .first()
    )
    if waiting is not None:
        try:
            rendered = _build(waiting)
        except Exception as exc:
            logger.exception("Mail %s could not be rendered", mail_id)
            _record_failure(mail_id, exc, final=True)
            return False
    try:
        with transaction.atomic():
            mail = (
                OutgoingMail.objects.select_for_update(skip_locked=True)
                .filter(pk=mail_id, status=MailStatus.UNSENT)
                .first()
            )
            if mail is None:
                return False
            if rendered is not None and not mail.body:
                mail.template, mail.subject, mail.body, mail.attachments = rendered
            message = EmailMessage(
                subject=mail.subject,
                body=mail.body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=mail.to,
                connection=connection,
                headers=mail.headers or None,
                # Answers go to a person, not to the noreply sender (the footer names it).
                reply_to=[settings.NETWORK_CONTACT_EMAIL]
                if "Reply-To" not in (mail.headers or {})
                else None,
            )
            for attachment in mail.attachments:
                message.attach(
                    attachment["filename"], attachment["content"], attachment["mimetype"]
                )
            message.send()
            mail.attempts += 1
            mail.sent_at = mail.last_attempt_at = timezone.now()
            mail.status = MailStatus.SENT
            mail.last_error = ""
            mail.save(
                update_fields=[
                    "template",
                    "subject",
                    "body",
                    "attachments",
                    "attempts",
                    "sent_at",
                    "last_attempt_at",
                    "status",
                    "last_error",
                ]
            )
    except Exception as exc:
        logger.warning("Mail %s could not be sent", mail_id, exc_info=True)
        _record_failure(mail_id, exc)
        return False
    return True


def outgoing_mail_send_due(*, now: datetime.datetime | None = None) -> int:
    """Send every mail still unsent OUTBOX_RETRY_AFTER_SECONDS after it was recorded
    (and as long after its last attempt); returns how many were sent.

    Safe to run twice at once: each mail is sent under its row lock, skipping rows
    another run holds, and only while it is still unsent."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.OUTBOX_RETRY_AFTER_SECONDS)
    # Recorded, but its transaction's commit handler never ran (the process ended in
    # between): nothing to send it from. The secretariat sees it among the failed.
    OutgoingMail.objects.filter(status=MailStatus.RENDERING, created_at__lt=cutoff).update(
        status=MailStatus.FAILED,
        last_error="Not rendered: the process ended before its transaction's commit handler.",
    )
    due = (
        OutgoingMail.objects.filter(status=MailStatus.UNSENT, created_at__lt=cutoff)
        .filter(Q(last_attempt_at__isnull=True) | Q(last_attempt_at__lt=cutoff))
        .order_by("created_at")
        .values_list("pk", flat=True)
    )
    return sum(outgoing_mail_send(mail_id=pk) for pk in list(due[: settings.OUTBOX_BATCH_SIZE]))


def outgoing_mail_retry(*, by, mail_ids: Iterable[int]) -> int:
    """The secretariat sends failed mails again: their attempts start over. ``by``: a
    user allowed to (``may_retry_failed_mails``; refused: ``Forbidden``, code
    ``forbidden``), or ``SYSTEM``."""
    from members.actors import actor_permissions

    actor_permissions(by, lambda permissions: permissions.may_retry_failed_mails)
    # A mail that was never rendered can be sent again only if a builder makes it.
    retried = OutgoingMail.objects.filter(pk__in=list(mail_ids), status=MailStatus.FAILED).exclude(
        subject="", body="", builder=""
    )
    ids = list(retried.values_list("pk", flat=True))
    OutgoingMail.objects.filter(pk__in=ids).update(status=MailStatus.UNSENT, attempts=0)
    for mail_id in ids:
        transaction.on_commit(lambda mail_id=mail_id: outgoing_mail_hand_off(mail_id=mail_id))
    return len(ids)


def outgoing_mail_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete sent mails older than the retention period; they hold personal data."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.RETENTION_DAYS["sent_mail"])
    deleted, _ = OutgoingMail.objects.filter(sent_at__lt=cutoff).delete()
    return deleted
