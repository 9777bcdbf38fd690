"""The admin is the secretariat's tool: who may enter follows from roles, not from
is_staff flags that would have to be kept in step by hand."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied


def _is_secretariat(request) -> bool:
    from members.permissions import permissions_for

    return permissions_for(request.user).is_secretariat


class G40AdminSite(admin.AdminSite):
    site_header = "G40 Netwerk"
    site_title = "G40 Netwerk"

    def has_permission(self, request) -> bool:
        return request.user.is_active and _is_secretariat(request)


class SecretariatOnlyMixin:
    """The secretariat may view, add, change and delete; nobody else may."""

    def has_module_permission(self, request) -> bool:
        return _is_secretariat(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return _is_secretariat(request)

    def has_add_permission(self, request, *args) -> bool:
        return _is_secretariat(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return _is_secretariat(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return _is_secretariat(request)


class SecretariatAdmin(SecretariatOnlyMixin, admin.ModelAdmin):
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
