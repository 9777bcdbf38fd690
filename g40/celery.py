"""The Celery application, configured from Django's settings (the CELERY_ prefix)."""

import os
import sys

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "g40.settings")

_path_before = list(sys.path)
app = Celery("g40")
# Celery's Django fix-up puts the working directory first on sys.path. Run from inside an
# app's folder (``makemessages``, scripts/messages.sh), a hook module there of the same
# name as an app (networkdays/participation.py beside the participation app) would then
# shadow that app. The project's root is on the path already: take that entry out again.
if sys.path and sys.path[0] not in _path_before and sys.path[0] == os.getcwd():
    sys.path.pop(0)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="g40.ping")
def ping() -> str:
    """A task with no side effect, for health checks and the worker round-trip test."""
    return "pong"
