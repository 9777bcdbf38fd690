from celery import shared_task

from .services import password_reset_send, security_log_purge


@shared_task(name="accounts.purge_security_log")
def purge_security_log() -> int:
    return security_log_purge()


@shared_task(name="accounts.send_password_reset")
def send_password_reset(email: str) -> None:
    """Look the address up and queue a reset mail to each active account with it (none
    for an unknown address). Runs apart from the request, which does the same work
    either way."""
    password_reset_send(email=email)
