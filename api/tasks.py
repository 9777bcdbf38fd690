"""Thin, idempotent tasks."""

from celery import shared_task

from .services import tokens_purge


@shared_task(name="api.purge_tokens")
def purge_tokens() -> int:
    return tokens_purge()
