from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class NetworkDayKind(models.TextChoices):
    # For mayors and aldermen.
    ADMINISTRATIVE = "bestuurlijk", _("administrative (bestuurlijk)")
    # For civil servants.
    OFFICIAL = "ambtelijk", _("civil service (ambtelijk)")


class NetworkDayStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    CANCELLED = "cancelled", _("cancelled")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("confirmed")
    WAITING = "waiting", _("on the waiting list")
    # A person's own cancellation ("afgemeld"); a cancelled day is "afgelast".
    CANCELLED = "cancelled", pgettext_lazy("registration status", "cancelled")


# Registrations that hold or wait for a seat.
ACTIVE_REGISTRATION_STATUSES = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)

# The domain part of calendar UIDs. Fixed (not the site's host) so that a UID never
# changes and calendars keep replacing the same event.
CALENDAR_UID_DOMAIN = "g40netwerk.nl"
