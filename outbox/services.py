"""The one e-mail path of the app: record, render, then send once.

A mail is recorded in the caller's transaction, in one statement (so it exists exactly
when what it tells about does, and the caller's row locks are not held for more). It is
rendered in one of two ways, never while the caller holds row locks:

- **by the worker** (``builder=``, the way for mails sent in bulk or at a peak, such as
  a registration's): the row names a registered builder and its arguments, primary keys
  as JSON (``outbox.builders``); after the commit the request only marks that a batch is
  due (one Redis ``SET NX``: the first mail of a batch hands the broker one task, the
  rest nothing); the worker, ``OUTBOX_BATCH_DELAY_SECONDS`` later, renders and sends
  every mail then waiting, over one connection to the mail server;
- **by the request after its commit** (``template=`` and ``context=``, for mails whose
  context is not rows that can be read again, such as a link minted for this mail):
  the context is copied at queuing, rendered once the transaction has committed, and
  handed to the broker, whose worker sends it.

Nothing pickled passes through the broker (a signed pickle is code execution for
whoever holds the key and can write to Redis). A broker that cannot be reached is
logged, never raised: the periodic sweep (:func:`outgoing_mail_send_due`) sends every
mail still unsent a few minutes later.

Here: queuing and the request's rendering. Sending, the batch, the sweep, the retry and
the purge are in ``outbox/services_sending.py`` (importable from here too).
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, models, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from . import builders
from .models import MailStatus, OutgoingMail

# Sending (outbox/services_sending.py): its services are importable from here too, the
# app's one entry to its mail.
from .services_sending import (  # noqa: F401
    BATCH_DUE_KEY,
    _record_failure,
    outgoing_mail_batch_due,
    outgoing_mail_hand_off,
    outgoing_mail_purge,
    outgoing_mail_retry,
    outgoing_mail_send,
    outgoing_mail_send_batch,
    outgoing_mail_send_due,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: str
    mimetype: str


# An attachment, or a function that makes one: it is then called after the commit, so
# that e.g. a calendar is not rendered while the caller holds its locks. It must be
# picklable (a module-level function, or functools.partial of one): the worker calls it.
AttachmentSource = Attachment | Callable[[], Attachment]


def _snapshot(value):
    """A model instance as it is now: the caller may change it after queuing (a
    substitution gives the registration another person) before the mail is rendered.
    Django's pickling protocol, which ``copy`` uses, copies the related-object cache."""
    return copy.copy(value) if isinstance(value, models.Model) else value


def _in_transaction() -> bool:
    """Whether a transaction that will still commit is open. A test case's own
    transaction, which never commits, does not count (as Django's ``durable`` check)."""
    return any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


def mail_queue(
    *,
    key: str,
    to: Iterable[str],
    template: str = "",
    context: dict | None = None,
    language: str | None = None,
    attachments: Iterable[AttachmentSource] = (),
    builder: str = "",
    args: dict | None = None,
    headers: dict[str, str] | None = None,
) -> OutgoingMail:
    """Record a mail and queue its sending for when the current transaction commits.

    With ``builder`` (a name registered in ``outbox.builders``) and its JSON ``args``
    the worker renders it; otherwise it is rendered from ``<template>_subject.txt`` and
    ``<template>_body.txt`` with ``context`` — inside a transaction after the commit,
    from the context as it is now. ``headers``: extra headers of the message (e.g.
    ``List-Unsubscribe``), kept with the mail. Queuing the same ``key`` again returns
    the recorded mail and sends nothing more.
    """
    deferred = _in_transaction()
    if builder and not builders.is_registered(builder):
        raise LookupError(f"No mail builder is registered as {builder!r}")
    mail = _record(
        key=key,
        to=sorted(set(to)),
        template=template,
        # A builder's mail waits for the worker; any other for its commit handler.
        status=MailStatus.RENDERING if deferred and not builder else MailStatus.UNSENT,
        builder=builder,
        builder_args=args or {},
        headers=headers,
    )
    if mail is None:
        return OutgoingMail.objects.get(key=key)
    if builder:
        hand_off = outgoing_mail_batch_due
    else:
        context = {name: _snapshot(value) for name, value in (context or {}).items()}
        attachments = list(attachments)

        def hand_off() -> None:
            if _render(mail, template, context, language, attachments):
                transaction.on_commit(lambda: outgoing_mail_hand_off(mail_id=mail.pk), robust=True)

    if deferred:
        # robust: whatever fails here is logged; the caller's change is committed and
        # its answer must not become an error (the sweep sees the mail).
        transaction.on_commit(hand_off, robust=True)
    else:
        hand_off()
    return mail


def _record(
    *,
    key: str,
    to: list[str],
    template: str,
    status: str,
    builder: str = "",
    builder_args: dict | None = None,
    headers: dict[str, str] | None = None,
) -> OutgoingMail | None:
    """Record a new mail in ONE statement (``INSERT … ON CONFLICT (key) DO NOTHING
    RETURNING``); ``None`` when a mail with ``key`` exists already (committed, or being
    recorded by a transaction still open: the database makes this one wait for it).

    The caller may hold row locks (a registration holds its day's): no lookup first, no
    savepoint, no second query — a conflict never aborts the caller's transaction."""
    mail = OutgoingMail(
        key=key,
        to=to,
        template=template,
        status=status,
        builder=builder,
        builder_args=builder_args or {},
        headers=headers or {},
    )
    mail.created_at = timezone.now()
    fields = [OutgoingMail._meta.get_field(name) for name in RECORDED_FIELDS]
    values = [field.get_db_prep_save(getattr(mail, field.attname), connection) for field in fields]
    table = connection.ops.quote_name(OutgoingMail._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    key_column = connection.ops.quote_name(OutgoingMail._meta.get_field("key").column)
    pk_column = connection.ops.quote_name(OutgoingMail._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) "
            f"ON CONFLICT ({key_column}) DO NOTHING RETURNING {pk_column}",
            values,
        )
        row = cursor.fetchone()
    if row is None:
        return None
    mail.pk = row[0]
    mail._state.adding = False
    return mail


# Every column of a new mail (the rest are empty until it is rendered or sent).
RECORDED_FIELDS = (
    "key",
    "to",
    "template",
    "builder",
    "builder_args",
    "subject",
    "body",
    "attachments",
    "headers",
    "status",
    "created_at",
    "attempts",
    "last_error",
)


def _rendered(template, context, language, attachments) -> tuple[str, str, list[dict]]:
    """The subject, body and attachments of a mail (an exception if it cannot render)."""
    with translation.override(language or settings.LANGUAGE_CODE):
        context = {
            "SITE_URL": settings.SITE_URL,
            "NETWORK_CONTACT_EMAIL": settings.NETWORK_CONTACT_EMAIL,
            **context,
        }
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())[:300]
        body = render_to_string(f"{template}_body.txt", context)
        body = body.rstrip("\n") + "\n\n" + render_to_string("outbox/mail_footer.txt", context)
        files = [
            {"filename": a.filename, "content": a.content, "mimetype": a.mimetype}
            for a in (source() if callable(source) else source for source in attachments)
        ]
    return subject, body, files


def _render(mail, template, context, language, attachments) -> bool:
    """Render ``mail`` and store it as unsent; a failure is recorded on the mail."""
    try:
        mail.subject, mail.body, mail.attachments = _rendered(
            template, context, language, attachments
        )
    except Exception as exc:
        # A template that fails now fails on every try: no use retrying.
        logger.exception("Mail %s could not be rendered", mail.key)
        _record_failure(mail.pk, exc, final=True)
        return False
    mail.status = MailStatus.UNSENT
    OutgoingMail.objects.filter(pk=mail.pk).exclude(status=MailStatus.SENT).update(
        subject=mail.subject, body=mail.body, attachments=mail.attachments, status=mail.status
    )
    return True
