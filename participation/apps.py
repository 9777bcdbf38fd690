from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = _("Participation")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import CityNote, InvisibilityCondition, InvisibilityRule

        # The audit trail: the DB's rule and every note, with each change.
        auditlog.register(InvisibilityRule)
        auditlog.register(InvisibilityCondition)
        auditlog.register(CityNote)
