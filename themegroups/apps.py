from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThemegroupsConfig(AppConfig):
    name = "themegroups"
    verbose_name = _("Theme groups")

    def ready(self) -> None:
        from members import waiting

        from .waiting import reviews

        waiting.register("themegroups.reviews", reviews)  # what waits for the DB

        from auditlog.registry import auditlog

        from .models import Membership, ReviewDecision, SupportAssignment, ThemeGroup

        # The audit trail (audit app); a group's history page reads it (history.py).
        # Members, decisions and support carry their group's id in ``additional_data``.
        auditlog.register(ThemeGroup, m2m_fields={"other_pillars"})
        auditlog.register(Membership)
        auditlog.register(ReviewDecision)
        auditlog.register(SupportAssignment)
