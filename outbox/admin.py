from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from infra.admin import SecretariatAdmin

from .models import OutgoingMail
from .services_sending import outgoing_mail_retry


@admin.register(OutgoingMail)
class OutgoingMailAdmin(SecretariatAdmin):
    list_display = ["subject", "key", "status", "created_at", "sent_at", "attempts", "last_error"]
    list_filter = ["status", "sent_at"]
    search_fields = ["key", "subject"]
    readonly_fields = [
        "key",
        "to",
        "template",
        "builder",
        "builder_args",
        "subject",
        "body",
        "attachments",
        "status",
        "created_at",
        "sent_at",
        "attempts",
        "last_attempt_at",
        "last_error",
    ]
    actions = ["retry"]

    @admin.action(description=_("Send the failed mails again"))
    def retry(self, request, queryset):
        count = outgoing_mail_retry(by=request.user, mail_ids=queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            ngettext(
                "%(count)d mail will be sent again.", "%(count)d mails will be sent again.", count
            )
            % {"count": count},
            messages.SUCCESS,
        )
