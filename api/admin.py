from django.contrib import admin

from infra.admin import SecretariatAdmin
from infra.readonly import ReadOnlyAdminMixin

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdminMixin, SecretariatAdmin):
    """Who holds API tokens, since when, until when, last used. Read-only: a person
    makes and revokes their own on their account page; to stop someone's tokens at once,
    end their roles or switch off their login."""

    list_display = ["name", "user", "prefix", "may_register", "expires_on", "last_used_at"]
    list_filter = ["may_register", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "user__username", "prefix"]
    exclude = ["key_hash"]
