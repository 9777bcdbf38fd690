from celery import shared_task

from .services import security_log_purge


@shared_task(name="accounts.purge_security_log")
def purge_security_log() -> int:
    return security_log_purge()
