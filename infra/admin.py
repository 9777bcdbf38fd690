"""The admin base. Who may enter the admin is the core's rule (the secretariat, see
``members.permissions``); the core registers it here at start-up, so that this
package needs no import of an app above it. With no rule registered, nobody enters."""

from collections.abc import Callable

from django.contrib import admin
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_noop

from .numbers import DecimalInputField

# The hidden headers of the admin's app list, which Django's own Dutch catalogue lacks:
# here so that the project's catalogue (locale/) keeps their Dutch.
ADMIN_MESSAGES = (
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
)

_admin_gate: Callable[[HttpRequest], bool] | None = None


def register_admin_gate(gate: Callable[[HttpRequest], bool]) -> None:
    """Called once by the core app (members) in its ready()."""
    global _admin_gate
    _admin_gate = gate


def may_use_admin(request: HttpRequest) -> bool:
    return _admin_gate is not None and bool(_admin_gate(request))


class G40AdminSite(admin.AdminSite):
    site_header = "G40 Netwerk"
    site_title = "G40 Netwerk"

    def has_permission(self, request) -> bool:
        return request.user.is_active and may_use_admin(request)


class SecretariatOnlyMixin:
    """Whoever may use the admin (the secretariat) may view, add, change and delete;
    nobody else may."""

    def has_module_permission(self, request) -> bool:
        return may_use_admin(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return may_use_admin(request)

    def has_add_permission(self, request, *args) -> bool:
        return may_use_admin(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return may_use_admin(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return may_use_admin(request)


class LabelledSplitDateTime(AdminSplitDateTime):
    """The admin's date and time boxes, each with its own <label> (Django's has plain
    text, which leaves both inputs without a name for screen readers: axe "label")."""

    template_name = "infra/widgets/split_datetime.html"


# Decimals in Dutch, typed in a text input (infra.numbers), in the admin too.
FORMFIELD_OVERRIDES = {
    models.DateTimeField: {"widget": LabelledSplitDateTime},
    models.DecimalField: {"form_class": DecimalInputField},
}


class SecretariatAdmin(SecretariatOnlyMixin, admin.ModelAdmin):
    formfield_overrides = FORMFIELD_OVERRIDES

    def history_view(self, request, object_id, extra_context=None):
        """The "history" button shows the audit trail of the object (every change,
        made here or in the app), not the admin's own log of its own edits."""
        from auditlog.registry import auditlog
        from django.contrib.admin.utils import unquote
        from django.shortcuts import redirect
        from django.urls import reverse
        from django.utils.http import urlencode

        if not auditlog.contains(self.model):
            return super().history_view(request, object_id, extra_context)
        if not self.has_view_permission(request):
            raise PermissionDenied
        query = urlencode({"type": self.opts.label_lower, "object_id": unquote(object_id)})
        return redirect(f"{reverse('audit:log')}?{query}")


class SecretariatTabularInline(SecretariatOnlyMixin, admin.TabularInline):
    extra = 0
    formfield_overrides = FORMFIELD_OVERRIDES
