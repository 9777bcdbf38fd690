from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _admin_gate(request) -> bool:
    from .permissions import permissions_for

    return permissions_for(request.user).may_use_admin


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Cities and people")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from infra.admin import register_admin_gate

        from .models import City, MembershipPeriod, Person, Role

        # The admin is the secretariat's tool (members.permissions decides).
        register_admin_gate(_admin_gate)
        # The audit trail (audit app): every change to cities, people and roles.
        auditlog.register(City)
        auditlog.register(MembershipPeriod)
        auditlog.register(Person)
        auditlog.register(Role)
