"""The Celery application, configured from Django's settings (the CELERY_ prefix)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "g40.settings")

app = Celery("g40")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="g40.ping")
def ping() -> str:
    """A task with no side effect, for health checks and the worker round-trip test."""
    return "pong"
