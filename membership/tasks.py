"""Thin, idempotent periodic tasks of the membership app."""

from celery import shared_task

from .services_applications import application_contacts_purge, pending_letters_purge


# --- criteria and applications
@shared_task(name="membership.purge_application_contacts")
def purge_application_contacts() -> int:
    """Also deletes the letters kept for application forms never sent again."""
    return application_contacts_purge() + pending_letters_purge()
