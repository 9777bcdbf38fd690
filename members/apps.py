from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _admin_gate(request) -> bool:
    from .permissions import permissions_for

    return permissions_for(request.user).may_use_admin


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Cities and people")

    def ready(self):
        from infra.admin import register_admin_gate

        # The admin is the secretariat's tool (members.permissions decides).
        register_admin_gate(_admin_gate)
