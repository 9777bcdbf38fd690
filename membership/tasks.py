"""Thin, idempotent periodic tasks of the membership app."""

from celery import shared_task

from .services_applications import application_contacts_purge


# --- criteria and applications
@shared_task(name="membership.purge_application_contacts")
def purge_application_contacts() -> int:
    return application_contacts_purge()
