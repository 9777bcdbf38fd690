from celery import shared_task

from .services_sending import (
    outgoing_mail_purge,
    outgoing_mail_send,
    outgoing_mail_send_batch,
    outgoing_mail_send_due,
)


# No retries of its own: a failure is recorded on the mail, and the periodic sweep
# (send_unsent_mail) tries again, up to OUTBOX_MAX_ATTEMPTS times.
@shared_task(name="outbox.send_outgoing_mail", ignore_result=True)
def send_outgoing_mail(mail_id: int) -> bool:
    return outgoing_mail_send(mail_id=mail_id)


# The mails builders make (outbox.builders), rendered and sent together: queued by the
# first of them after the last batch started (outbox.services.outgoing_mail_batch_due).
@shared_task(name="outbox.send_mail_batch", ignore_result=True)
def send_mail_batch() -> int:
    return outgoing_mail_send_batch()


@shared_task(name="outbox.send_unsent_mail", ignore_result=True)
def send_unsent_mail() -> int:
    return outgoing_mail_send_due()


@shared_task(name="outbox.purge_sent_mail")
def purge_sent_mail() -> int:
    return outgoing_mail_purge()


@shared_task(name="outbox.send_db_digests")
def send_db_digests() -> int:
    """Runs daily (settings.CELERY_BEAT_SCHEDULE): what was put before the DB, one mail
    a day at most per DB member (settings.DB_DIGEST)."""
    from .digest import db_digests_send

    return db_digests_send()
