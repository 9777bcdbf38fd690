from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkdaysConfig(AppConfig):
    name = "networkdays"
    verbose_name = _("Network days")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        # mails registers the registration mails' builder: the worker renders them.
        from . import mails  # noqa: F401
        from .models import (
            DigitalMeeting,
            MeetingInvitation,
            NetworkDay,
            ProgrammeSession,
            Registration,
        )

        # The audit trail (audit app). Dietary and accessibility needs are purged 30 days
        # after the day; the audit trail, kept far longer, never holds them. Calendar
        # feeds are not recorded: their token is a secret. The calendar sequence and the
        # update stamp change with every save and say nothing.
        auditlog.register(NetworkDay, exclude_fields=["sequence", "updated_at"])
        auditlog.register(ProgrammeSession)
        auditlog.register(Registration, exclude_fields=["dietary_needs", "accessibility_needs"])
        auditlog.register(DigitalMeeting, exclude_fields=["sequence"])
        # Answers and attendance; the used RSVP links are not recorded (their codes are
        # the links' secrets).
        auditlog.register(MeetingInvitation)
