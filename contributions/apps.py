from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContributionsConfig(AppConfig):
    """What members pay: rates, price indices, statements, and the budget (until issue
    24 the second half of the ``membership`` app: its tables keep their ``membership_``
    names)."""

    name = "contributions"
    verbose_name = _("Contributions")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        # The audit trail (audit app): every model a user changes.
        for model in models.AUDITED:
            auditlog.register(model)
