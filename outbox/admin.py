from django.contrib import admin

from infra.admin import SecretariatAdmin

from .models import OutgoingMail


@admin.register(OutgoingMail)
class OutgoingMailAdmin(SecretariatAdmin):
    list_display = ["subject", "key", "created_at", "sent_at", "attempts"]
    list_filter = ["sent_at"]
    search_fields = ["key", "subject"]
    readonly_fields = ["key", "to", "subject", "body", "attachments", "created_at", "sent_at"]
