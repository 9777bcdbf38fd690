"""System checks of the project's own settings."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs):
    """The cache holds the API's rate limits and the mail batch flag: with a cache in
    each process's memory, every server process would count on its own. More than
    one process (gunicorn, a worker) needs a shared cache."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith("LocMemCache"):
        return [
            Warning(
                "The cache lives in each process's memory; with more than one server "
                "process, each counts rate limits on its own.",
                hint="Set CACHE_URL=redis://… (or CACHE_URL=dummy:// to cache nothing).",
                id="g40.W001",
            )
        ]
    return []
