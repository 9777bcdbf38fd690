from celery import shared_task

from .services import outgoing_mail_purge, outgoing_mail_send


@shared_task(
    name="outbox.send_outgoing_mail",
    autoretry_for=(OSError,),
    retry_backoff=60,
    max_retries=8,
)
def send_outgoing_mail(mail_id: int) -> bool:
    return outgoing_mail_send(mail_id=mail_id)


@shared_task(name="outbox.purge_sent_mail")
def purge_sent_mail() -> int:
    return outgoing_mail_purge()
