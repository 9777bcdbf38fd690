from celery import shared_task

from .services_stances import acknowledge_reminders_send, city_actions_come_due


@shared_task(name="lobby.send_acknowledge_reminders")
def send_acknowledge_reminders() -> int:
    """Runs hourly (settings.CELERY_BEAT_SCHEDULE); each notice is reminded of once."""
    return acknowledge_reminders_send()


@shared_task(name="lobby.flag_due_actions")
def flag_due_actions() -> int:
    """Runs hourly (settings.CELERY_BEAT_SCHEDULE): an action recorded ahead whose date
    has come without a notice is unexpected now; the DB and coordinator are told once."""
    return city_actions_come_due()
