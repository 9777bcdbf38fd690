from celery import shared_task

from .mails import weekly_digests_send


@shared_task(name="themegroups.send_weekly_digests")
def send_weekly_digests() -> int:
    """Runs daily (settings.CELERY_BEAT_SCHEDULE); sends each digest once per ISO week."""
    return weekly_digests_send()
