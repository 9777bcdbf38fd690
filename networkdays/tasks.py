"""Thin, idempotent tasks: each calls a service whose mails carry unique keys, so a
retried task or a scheduler that fires twice sends nothing twice."""

from celery import shared_task

from .services import registration_purge_needs, registration_send_reminders
from .services_meetings import rsvp_links_purge


@shared_task(name="networkdays.send_reminders")
def send_reminders() -> int:
    return registration_send_reminders()


@shared_task(name="networkdays.purge_needs")
def purge_needs() -> int:
    return registration_purge_needs()


@shared_task(name="networkdays.purge_used_rsvp_links")
def purge_used_rsvp_links() -> int:
    return rsvp_links_purge()
