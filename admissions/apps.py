from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdmissionsConfig(AppConfig):
    """Who may join: the admission criteria, indicator values, applications and their
    steps (until issue 24 the first half of the ``membership`` app: its tables keep
    their ``membership_`` names)."""

    name = "admissions"
    verbose_name = _("Admissions")

    def ready(self) -> None:
        from members import waiting

        from .waiting import applications

        waiting.register("admissions.applications", applications)  # members.waiting

        from auditlog.registry import auditlog

        from . import models

        # The audit trail (audit app): every model a user changes.
        for model in models.AUDITED:
            auditlog.register(model)
