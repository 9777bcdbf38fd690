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


class RsvpAnswer(models.TextChoices):
    """An invitee's answer to a digital meeting's invitation."""

    YES = "yes", _("yes, I will attend")
    NO = "no", _("no, I will not attend")
    MAYBE = "maybe", _("maybe")


# The salt of the signed RSVP links (django.core.signing): a token signed for another
# purpose of the app never passes as an RSVP link.
RSVP_TOKEN_SALT = "networkdays.digital-meeting-rsvp"
