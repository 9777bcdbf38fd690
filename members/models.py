import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from infra.bounds import CITY, HISTORIC, NETWORK, bounded

from .constants import (
    CBS_CODE_REGEX,
    PILLAR_ROLES,
    BoardPosition,
    CityStatus,
    Function,
    RoleKind,
)


class CityQuerySet(models.QuerySet):
    def members(self):
        return self.filter(status=CityStatus.MEMBER)


class City(models.Model):
    """A municipality: a member of the network, an applicant, or a former member."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    cbs_code = models.CharField(
        _("CBS code"),
        max_length=6,
        unique=True,
        validators=[RegexValidator(CBS_CODE_REGEX, _("A CBS code is GM followed by four digits."))],
        help_text=_("GM followed by four digits, e.g. GM0193."),
    )
    province = models.CharField(_("province"), max_length=50)
    population = models.PositiveIntegerField(_("population"))
    population_reference_date = models.DateField(
        _("population reference date"),
        help_text=_("The date on which CBS counted the population."),
        validators=[CITY],
    )
    urbanity_class = models.PositiveSmallIntegerField(
        _("CBS urbanity class"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 = very strongly urban … 5 = not urban."),
    )
    urbanity_reference_year = models.PositiveSmallIntegerField(_("urbanity reference year"))
    address_density = models.PositiveIntegerField(
        _("address density"), help_text=_("Addresses per km² (CBS).")
    )
    member_since = models.DateField(_("member since"), null=True, blank=True, validators=[CITY])
    member_until = models.DateField(_("member until"), null=True, blank=True, validators=[CITY])
    status = models.CharField(
        _("status"), max_length=20, choices=CityStatus.choices, default=CityStatus.MEMBER
    )

    objects = CityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        constraints = [
            models.CheckConstraint(
                condition=Q(cbs_code__regex=CBS_CODE_REGEX),
                name="city_cbs_code_format",
                violation_error_message=_("A CBS code is GM followed by four digits."),
            ),
            models.CheckConstraint(
                condition=Q(urbanity_class__gte=1, urbanity_class__lte=5),
                name="city_urbanity_class_1_to_5",
                violation_error_message=_("The urbanity class is a number from 1 to 5."),
            ),
            models.CheckConstraint(
                condition=Q(member_until__isnull=True)
                | Q(member_since__isnull=True)
                | Q(member_until__gte=models.F("member_since")),
                name="city_membership_period_ordered",
                violation_error_message=_("Member until cannot be before member since."),
            ),
            bounded("city", "population_reference_date", earliest=HISTORIC),
            bounded("city", "member_since", null=True, earliest=HISTORIC),
            bounded("city", "member_until", null=True, earliest=HISTORIC),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("members:city_detail", kwargs={"cbs_code": self.cbs_code})


class Person(models.Model):
    """Someone who works for a city. Only what the network's journeys need."""

    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail address"), unique=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    city = models.ForeignKey(
        City, on_delete=models.PROTECT, related_name="people", verbose_name=_("city")
    )
    function = models.CharField(_("function"), max_length=20, choices=Function.choices)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("login"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # One spelling of an address, so that uniqueness means what it says.
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)


class RoleQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.filter(Q(starts_on__lte=on), Q(ends_on__isnull=True) | Q(ends_on__gte=on))


class Role(models.Model):
    """A role a person holds for a period. Roles are data: access follows from them."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="roles", verbose_name=_("person")
    )
    kind = models.CharField(_("role"), max_length=30, choices=RoleKind.choices)
    board_position = models.CharField(
        _("board position"),
        max_length=20,
        choices=BoardPosition.choices,
        blank=True,
        help_text=_("Only for DB members."),
    )
    pillar = models.ForeignKey(
        "pillars.Pillar",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="roles",
        verbose_name=_("pillar"),
        help_text=_("Only for pillar chairs and pillar secretaries."),
    )
    starts_on = models.DateField(_("starts on"), default=timezone.localdate, validators=[NETWORK])
    ends_on = models.DateField(_("ends on"), null=True, blank=True, validators=[NETWORK])

    objects = RoleQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "starts_on"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        indexes = [models.Index(fields=["person", "kind"], name="role_person_kind")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="role_period_ordered",
                violation_error_message=_("A role cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=(Q(kind__in=PILLAR_ROLES) & Q(pillar__isnull=False))
                | (~Q(kind__in=PILLAR_ROLES) & Q(pillar__isnull=True)),
                name="role_pillar_only_for_pillar_roles",
                violation_error_message=_(
                    "Pillar chairs and secretaries need a pillar; other roles have none."
                ),
            ),
            models.CheckConstraint(
                condition=(Q(kind=RoleKind.DB_MEMBER) & ~Q(board_position=""))
                | (~Q(kind=RoleKind.DB_MEMBER) & Q(board_position="")),
                name="role_board_position_only_for_db",
                violation_error_message=_(
                    "DB members need a board position; other roles have none."
                ),
            ),
            bounded("role", "starts_on"),
            bounded("role", "ends_on", null=True),
        ]

    def __str__(self) -> str:
        label = self.get_kind_display()
        if self.pillar_id:
            label = f"{label} ({self.pillar})"
        elif self.board_position:
            label = f"{label} ({self.get_board_position_display()})"
        return f"{self.person}: {label}"

    def label(self) -> str:
        if self.kind == RoleKind.DB_MEMBER:
            return f"{self.get_kind_display()}, {self.get_board_position_display()}"
        if self.pillar_id:
            return f"{self.get_kind_display()}, {self.pillar.short_name}"
        return str(self.get_kind_display())
