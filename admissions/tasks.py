"""Thin, idempotent periodic tasks of the admissions app."""

from celery import shared_task

from .services import application_contacts_purge, pending_letters_purge


@shared_task(name="admissions.purge_application_contacts")
def purge_application_contacts() -> int:
    """Also deletes the letters kept for application forms never sent again."""
    return application_contacts_purge() + pending_letters_purge()
