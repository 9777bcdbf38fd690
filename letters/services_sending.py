"""Sending an approved letter (a Celery task calls this), and subscriptions.

Sending freezes the letter's copy as sent and queues one mail per address through the
outbox, each with the key ``letter:<letter id>:<address>``: an address that is both a
clerk and a subscriber gets one mail, and a task that runs twice sends nothing twice
(the second run finds the letter sent and stops; the keys would hold even if it did
not)."""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from infra.locking import locked_transaction
from infra.text import normalise_email
from outbox.services import mail_queue

from . import tokens
from .constants import LetterKind, LetterStatus
from .markup import to_text
from .models import Letter, Subscriber
from .selectors import role_addresses, subscriber_addresses, unconfirmed_roles


def _recipients(letter: Letter) -> dict[str, Subscriber | None]:
    """Address → its subscription (None for a clerk or college contact without one).
    An introduction letter goes only to those not confirmed since its election."""
    if letter.kind == LetterKind.INTRODUCTION:
        return {role.person.email: None for role in unconfirmed_roles(letter.election)}
    subscribers = subscriber_addresses()
    addresses: dict[str, Subscriber | None] = dict.fromkeys(role_addresses())
    addresses.update(subscribers)
    return addresses


def letter_send(*, letter: Letter, now: datetime.datetime | None = None) -> int:
    """Send an approved letter once (the system's act: no ``by``). Returns the number of
    mails queued. Refused: a letter already sent (``already_sent``), a draft
    (``not_approved``)."""
    now = now or timezone.now()
    with locked_transaction():
        letter = Letter.objects.select_for_update().get(pk=letter.pk)
        if letter.status == LetterStatus.SENT:
            raise ValidationError(_("This letter has already been sent."), code="already_sent")
        if letter.status != LetterStatus.APPROVED:
            raise ValidationError(
                _("A letter is approved by the DB's chair before it is sent."),
                code="not_approved",
            )
        letter.status = LetterStatus.SENT
        letter.sent_at = now
        letter.sent_subject = letter.subject
        letter.sent_html = letter.body_html
        recipients = _recipients(letter)
        letter.recipient_count = len(recipients)
        letter.full_clean()
        letter.save(
            update_fields=["status", "sent_at", "sent_subject", "sent_html", "recipient_count"]
        )
        # Its PDFs are rendered once, by the worker after the commit, and kept: the
        # archive serves them and never renders (issue 22, item 3).
        from .tasks import store_letter_pdfs

        store_letter_pdfs.delay_on_commit(letter.pk)
        web_url = settings.SITE_URL + letter.get_absolute_url()
        pdf_url = settings.SITE_URL + reverse("ledenbrieven:pdf", kwargs={"number": letter.slug})
        text = to_text(letter.sent_html)
        for address in sorted(recipients):
            subscriber = recipients[address]
            unsubscribe_url, headers = "", {}
            if subscriber:
                token = tokens.make(subscriber, tokens.UNSUBSCRIBE_SALT)
                unsubscribe_url = settings.SITE_URL + reverse(
                    "ledenbrieven:unsubscribe", kwargs={"token": token}
                )
                # A mail program's own "unsubscribe" (RFC 2369), in one click (RFC 8058).
                headers = {
                    "List-Unsubscribe": "<{}>".format(
                        settings.SITE_URL
                        + reverse("ledenbrieven:unsubscribe_one_click", kwargs={"token": token})
                    ),
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                }
            mail_queue(
                key=f"letter:{letter.pk}:{address}",
                to=[address],
                template="letters/mail/letter",
                context={
                    "letter": letter,
                    "text": text,
                    "web_url": web_url,
                    "pdf_url": pdf_url,
                    "unsubscribe_url": unsubscribe_url,
                },
                headers=headers,
            )
    return len(recipients)


def letters_send_approved() -> int:
    """The sweep: send every approved letter that is not sent yet (its task was lost)."""
    sent = 0
    for letter in Letter.objects.filter(status=LetterStatus.APPROVED).only("pk"):
        try:
            letter_send(letter=letter)
        except ValidationError:
            continue
        sent += 1
    return sent


# --- subscriptions --------------------------------------------------------------------


def subscription_request(*, email: str) -> tuple[Subscriber, bool]:
    """Anyone asks for the letters: a confirmation mail with a signed link (double
    opt-in). Returns the subscriber and whether a mail was sent. Refused: an invalid
    address (``email_invalid``). A request still waiting for its confirmation sends no
    second mail; an address that receives the letters already is told so by mail (at
    most once a day), never on the page: the page answers a new, a pending and a
    confirmed address alike (issue 22, item 4)."""
    email = normalise_email(email)
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError(_("Enter a valid e-mail address."), code="email_invalid") from exc
    with locked_transaction():
        existing = Subscriber.objects.select_for_update().filter(email=email).first()
        if existing is not None:
            if existing.confirmed_at is not None:
                mail_queue(
                    key=f"letters-already:{existing.pk}:{timezone.localdate().isoformat()}",
                    to=[email],
                    template="letters/mail/already_subscribed",
                    context={
                        "unsubscribe_url": settings.SITE_URL
                        + reverse(
                            "ledenbrieven:unsubscribe",
                            kwargs={"token": tokens.make(existing, tokens.UNSUBSCRIBE_SALT)},
                        )
                    },
                )
                return existing, True
            return existing, False
        subscriber = Subscriber(email=email, secret=secrets.token_urlsafe(32))
        subscriber.full_clean()
        try:
            subscriber.save()
        except IntegrityError:  # the same address at the same moment
            return Subscriber.objects.get(email=email), False
        confirm_url = settings.SITE_URL + reverse(
            "ledenbrieven:confirm",
            kwargs={"token": tokens.make(subscriber, tokens.CONFIRM_SALT)},
        )
        mail_queue(
            key=f"letters-subscribe:{subscriber.pk}",
            to=[email],
            template="letters/mail/confirm",
            context={
                "confirm_url": confirm_url,
                "days": settings.RETENTION_DAYS["letter_subscription_request"],
            },
        )
    return subscriber, True


def subscription_confirm(*, token: str) -> Subscriber:
    with locked_transaction():
        subscriber = tokens.read(token, tokens.CONFIRM_SALT, max_age=tokens.confirm_max_age())
        if subscriber is None:
            raise ValidationError(
                _("This link is not valid (any more). Please subscribe again."),
                code="token_invalid",
            )
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.confirmed_at is not None:
            raise ValidationError(
                _("This address already receives the member letters."),
                code="already_subscribed",
            )
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["confirmed_at"])
    return subscriber


def subscription_cancel(*, token: str) -> None:
    """Unsubscribing deletes the address."""
    with locked_transaction():
        subscriber = tokens.read(token, tokens.UNSUBSCRIBE_SALT)
        if subscriber is None:
            raise ValidationError(
                _("This address is not subscribed (any more)."), code="not_subscribed"
            )
        subscriber.delete()


def subscription_requests_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete requests never confirmed within their period."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.RETENTION_DAYS["letter_subscription_request"])
    deleted, _ = Subscriber.objects.filter(
        confirmed_at__isnull=True, requested_at__lt=cutoff
    ).delete()
    return deleted
