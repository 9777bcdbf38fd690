"""Writes on the audit trail: only its retention purge. Entries are written by
django-auditlog's signals on every save and delete of a registered model."""

import datetime

from auditlog.models import LogEntry
from django.conf import settings
from django.utils import timezone


def audit_log_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete audit entries older than ``RETENTION_DAYS["audit_log"]``."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.RETENTION_DAYS["audit_log"])
    deleted, _ = LogEntry.objects.filter(timestamp__lt=cutoff).delete()
    return deleted
