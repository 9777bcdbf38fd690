from celery import shared_task

from .services import audit_log_purge


@shared_task(name="audit.purge_audit_log")
def purge_audit_log() -> int:
    return audit_log_purge()
