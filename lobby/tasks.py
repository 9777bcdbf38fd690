from celery import shared_task

from .services_stances import acknowledge_reminders_send


@shared_task(name="lobby.send_acknowledge_reminders")
def send_acknowledge_reminders() -> int:
    """Runs hourly (settings.CELERY_BEAT_SCHEDULE); each notice is reminded of once."""
    return acknowledge_reminders_send()
