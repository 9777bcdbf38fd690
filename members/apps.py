from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Cities and people")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import City, Person, Role

        # The audit trail (audit app): every change to cities, people and roles.
        auditlog.register(City)
        auditlog.register(Person)
        auditlog.register(Role)
