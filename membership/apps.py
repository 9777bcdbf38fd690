from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembershipConfig(AppConfig):
    name = "membership"
    verbose_name = _("Membership")

    def ready(self) -> None:
        from members import waiting

        from .waiting import applications

        waiting.register("membership.applications", applications)  # members.waiting

        from auditlog.registry import auditlog

        from . import models

        # The audit trail (audit app): every model a user changes.
        for model in models.AUDITED:
            auditlog.register(model)
