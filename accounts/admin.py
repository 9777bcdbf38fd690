from django.contrib import admin

from infra.admin import SecretariatAdmin

from .models import SecurityEvent


@admin.register(SecurityEvent)
class SecurityEventAdmin(SecretariatAdmin):
    list_display = ["at", "kind", "username", "ip_address"]
    list_filter = ["kind"]
    search_fields = ["username"]
    readonly_fields = ["at", "kind", "user", "username", "ip_address", "detail"]

    def has_add_permission(self, request, *args) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
