import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from infra.bounds import NETWORK, bounded

from .constants import (
    ACTIVE_REGISTRATION_STATUSES,
    CALENDAR_UID_DOMAIN,
    NetworkDayKind,
    NetworkDayStatus,
    RegistrationStatus,
)
from .querysets import NetworkDayQuerySet, RegistrationQuerySet


def _aware(date: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(date, time))


class NetworkYear(models.Model):
    """One row per calendar year, only there to be locked.

    Counting a year's network days without a lock lets two writers both see three and
    both save a fourth (CiviCRM's overbooking bug); a lock cannot cover rows that do not
    exist yet, so the services lock this row first (``select_for_update``) and count after.
    """

    year = models.PositiveSmallIntegerField(_("year"), unique=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("network year")
        verbose_name_plural = _("network years")

    def __str__(self) -> str:
        return str(self.year)


class NetworkDay(models.Model):
    """The network's binding event; at most ``NETWORK_DAYS_PER_YEAR`` a calendar year
    (cancelled ones do not count). The cap is held by ``services.network_day_save``."""

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=NetworkDayKind.choices)
    date = models.DateField(_("date"), validators=[NETWORK])
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    host_city = models.ForeignKey(
        "members.City",
        on_delete=models.PROTECT,
        related_name="hosted_network_days",
        verbose_name=_("host city"),
    )
    venue = models.CharField(_("venue"), max_length=200)
    address = models.CharField(_("address"), max_length=300)
    description = models.TextField(_("description"), max_length=10_000, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), help_text=_("Number of seats."))
    seats_per_city = models.PositiveIntegerField(
        _("seats per city"),
        null=True,
        blank=True,
        help_text=_("Leave empty for no limit per city."),
    )
    registration_opens_at = models.DateTimeField(_("registration opens at"), validators=[NETWORK])
    registration_closes_at = models.DateTimeField(_("registration closes at"), validators=[NETWORK])
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=NetworkDayStatus.choices,
        default=NetworkDayStatus.DRAFT,
    )
    # Raised with every change registrants are told about; the .ics keeps its UID and
    # carries this SEQUENCE so that calendars replace the old version.
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = NetworkDayQuerySet.as_manager()

    class Meta:
        ordering = ["date", "starts_at"]
        verbose_name = _("network day")
        verbose_name_plural = _("network days")
        indexes = [models.Index(fields=["date", "status"], name="networkday_date_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="networkday_ends_after_start",
                violation_error_message=_("A network day must end after it starts."),
                violation_error_code="ends_before_start",
            ),
            models.CheckConstraint(
                condition=Q(registration_closes_at__gt=models.F("registration_opens_at")),
                name="networkday_registration_closes_after_opening",
                violation_error_message=_("Registration must close after it opens."),
                violation_error_code="registration_closes_before_opening",
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1),
                name="networkday_capacity_positive",
                violation_error_message=_("A network day needs at least one seat."),
                violation_error_code="capacity_not_positive",
            ),
            models.CheckConstraint(
                condition=Q(seats_per_city__isnull=True) | Q(seats_per_city__gte=1),
                name="networkday_seats_per_city_positive",
                violation_error_message=_("The limit per city is at least one seat."),
                violation_error_code="seats_per_city_not_positive",
            ),
            bounded("networkday", "date"),
            bounded("networkday", "registration_opens_at", moment=True),
            bounded("networkday", "registration_closes_at", moment=True),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d-%m-%Y})"

    def get_absolute_url(self) -> str:
        return reverse("networkdays:detail", kwargs={"pk": self.pk})

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = ValidationError(
                _("A network day must end after it starts."), code="ends_before_start"
            )
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at <= self.registration_opens_at
        ):
            errors["registration_closes_at"] = ValidationError(
                _("Registration must close after it opens."),
                code="registration_closes_before_opening",
            )
        if (
            self.date
            and self.registration_closes_at
            and self.starts_at
            and self.registration_closes_at > self.start_datetime
        ):
            errors["registration_closes_at"] = ValidationError(
                _("Registration must close before the day starts."),
                code="registration_closes_after_start",
            )
        if errors:
            raise ValidationError(errors)

    @property
    def start_datetime(self) -> datetime.datetime:
        return _aware(self.date, self.starts_at)

    @property
    def end_datetime(self) -> datetime.datetime:
        return _aware(self.date, self.ends_at)

    @property
    def is_cancelled(self) -> bool:
        return self.status == NetworkDayStatus.CANCELLED

    @property
    def is_past(self) -> bool:
        return self.date < timezone.localdate()

    @property
    def audience_label(self) -> str:
        """The functions the day is for ("mayor, alderman"), or "" when it is open to
        every function (``members.permissions.NETWORK_DAY_AUDIENCES``)."""
        from members.constants import Function
        from members.permissions import NETWORK_DAY_AUDIENCES

        audience = NETWORK_DAY_AUDIENCES.get(self.kind)
        if not audience:
            return ""
        return ", ".join(str(Function(value).label) for value in sorted(audience))

    def has_ended(self, now: datetime.datetime | None = None) -> bool:
        """From the day's end (not midnight): no seat is given or given back after it."""
        return (now or timezone.now()) >= self.end_datetime

    def registration_is_open(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return (
            self.status == NetworkDayStatus.PUBLISHED
            and self.registration_opens_at <= now <= self.registration_closes_at
        )

    @property
    def calendar_uid(self) -> str:
        return f"networkday-{self.pk}@{CALENDAR_UID_DOMAIN}"


class ProgrammeSession(models.Model):
    """One item of a network day's programme, optionally of a pillar or theme group."""

    network_day = models.ForeignKey(
        NetworkDay,
        on_delete=models.CASCADE,
        related_name="sessions",
        verbose_name=_("network day"),
    )
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"), null=True, blank=True)
    room = models.CharField(_("room"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=200)
    pillar = models.ForeignKey(
        "pillars.Pillar",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="network_day_sessions",
        verbose_name=_("pillar"),
    )
    theme_group = models.ForeignKey(
        "themegroups.ThemeGroup",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="network_day_sessions",
        verbose_name=_("theme group"),
    )

    class Meta:
        ordering = ["starts_at", "room", "title"]
        verbose_name = _("programme session")
        verbose_name_plural = _("programme sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(pillar__isnull=True) | Q(theme_group__isnull=True),
                name="programmesession_pillar_or_theme_group",
                violation_error_message=_(
                    "A session belongs to a pillar or a theme group, not both."
                ),
                violation_error_code="pillar_and_theme_group",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="programmesession_ends_after_start",
                violation_error_message=_("A session must end after it starts."),
                violation_error_code="ends_before_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%H:%M} {self.title}"


class Registration(models.Model):
    """A person's place at a network day: confirmed, waiting, or cancelled.

    One row per person per day (a constraint); registering again after cancelling
    re-uses the row and joins the end of the queue."""

    network_day = models.ForeignKey(
        NetworkDay,
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("network day"),
    )
    person = models.ForeignKey(
        "members.Person",
        on_delete=models.CASCADE,
        related_name="network_day_registrations",
        verbose_name=_("person"),
    )
    status = models.CharField(_("status"), max_length=20, choices=RegistrationStatus.choices)
    registered_by = models.ForeignKey(
        "members.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    dietary_needs = models.CharField(_("dietary needs"), max_length=300, blank=True)
    accessibility_needs = models.CharField(_("accessibility needs"), max_length=300, blank=True)
    needs_purged_at = models.DateTimeField(_("needs deleted at"), null=True, blank=True)
    # The place in the queue: first come, first served.
    queued_at = models.DateTimeField(_("registered at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("present since"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        "members.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked in by"),
    )
    # Raised with every event the registrant is mailed about (registered, promoted,
    # passed on, cancelled): the mail keys carry it, so that a seat passed back and
    # forth announces every handover (a key that repeats is sent once).
    event_count = models.PositiveIntegerField(_("events announced"), default=0, editable=False)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["queued_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        indexes = [
            models.Index(fields=["network_day", "status"], name="registration_day_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["network_day", "person"],
                name="registration_once_per_person_per_day",
                violation_error_message=_("This person is already registered for this day."),
                violation_error_code="already_registered",
            ),
            models.CheckConstraint(
                condition=Q(checked_in_at__isnull=True) | Q(status=RegistrationStatus.CONFIRMED),
                name="registration_only_confirmed_present",
                violation_error_message=_("Only confirmed registrations can be marked present."),
                violation_error_code="not_confirmed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.network_day}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_REGISTRATION_STATUSES

    def next_event(self) -> int:
        """The number of the event about to be announced (saved with the row)."""
        self.event_count += 1
        return self.event_count

    @property
    def has_needs(self) -> bool:
        return bool(self.dietary_needs or self.accessibility_needs)


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A person's calendar subscription: the secret token in the URL is the only key,
    so it can be revoked (deleted) or replaced."""

    person = models.OneToOneField(
        "members.Person",
        on_delete=models.CASCADE,
        related_name="network_day_calendar_feed",
        verbose_name=_("person"),
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=_new_token)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.person)

    def get_absolute_url(self) -> str:
        return reverse("networkdays:feed", kwargs={"token": self.token})


# The digital meetings, a topic of their own (models_meetings.py); imported here so that
# Django finds them and `from networkdays.models import DigitalMeeting` keeps working.
from .models_meetings import DigitalMeeting, MeetingInvitation, RsvpTokenUse  # noqa: E402, F401
