from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The audit trail: django-auditlog's LogEntry, read by the secretariat at /audit/.

    Each app registers its own models with ``auditlog.registry.auditlog`` in its
    ``apps.py``; this app adds the request context (``middleware.py``), the page, the
    retention purge and the erasure of a person's name from old entries."""

    name = "audit"
    verbose_name = _("Audit trail")
