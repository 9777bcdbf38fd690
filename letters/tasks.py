"""Thin, idempotent tasks: each calls a service; a letter is sent once (its status) and
each mail carries a unique key, so a task run twice sends nothing twice."""

from celery import shared_task
from django.core.exceptions import ValidationError

from .models import Letter
from .services_sending import letter_send, letters_send_approved, subscription_requests_purge


@shared_task(name="letters.send_letter")
def send_letter(letter_id: int) -> int:
    try:
        return letter_send(letter=Letter.objects.get(pk=letter_id))
    except ValidationError:
        # Sent already (a second run), or not approved: nothing to do.
        return 0


@shared_task(name="letters.send_approved")
def send_approved() -> int:
    return letters_send_approved()


@shared_task(name="letters.purge_subscription_requests")
def purge_subscription_requests() -> int:
    return subscription_requests_purge()


@shared_task(name="letters.store_pdfs")
def store_letter_pdfs(letter_id: int) -> int:
    from .pdf import letter_pdfs_store

    letter = Letter.objects.filter(pk=letter_id).first()
    return letter_pdfs_store(letter=letter) if letter is not None else 0
