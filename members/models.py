import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from infra.bounds import CITY, HISTORIC, NETWORK, bounded
from infra.text import normalise_email

from .constants import (
    CBS_CODE_REGEX,
    PILLAR_ROLES,
    BoardPosition,
    CityStatus,
    Function,
    RoleKind,
    role_label,
)

# A period that started before the records of membership began (a member of the
# shipped list without a known start) starts on this date.
MEMBERSHIP_RECORDS_BEGIN = datetime.date(2000, 1, 1)


def _periods_overlapping(first: datetime.date, last: datetime.date) -> Q:
    """Periods that share at least one day with ``first`` … ``last`` (both counted)."""
    return Q(starts_on__lte=last) & (Q(ends_on__isnull=True) | Q(ends_on__gte=first))


class CityQuerySet(models.QuerySet):
    """Membership is a dated fact (``MembershipPeriod``): every count, bill and list
    asks one of these, never a status field."""

    def members(self, on: datetime.date | None = None):
        """The cities that are a member on ``on`` (default: today)."""
        on = on or timezone.localdate()
        return self.members_between(on, on)

    def members_between(self, first: datetime.date, last: datetime.date):
        """The cities that were a member on at least one day of ``first`` … ``last``."""
        periods = MembershipPeriod.objects.filter(city=OuterRef("pk")).filter(
            _periods_overlapping(first, last)
        )
        return self.filter(Exists(periods))

    def members_during(self, year: int):
        """The cities that were a member on at least one day of ``year``."""
        return self.members_between(datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    def with_periods_between(self, first: datetime.date, last: datetime.date):
        """With their periods in ``first`` … ``last`` read in one query for all:
        ``membership_days(first, last)`` then asks nothing per city."""
        return self.prefetch_related(
            models.Prefetch(
                "membership_periods",
                queryset=MembershipPeriod.objects.filter(
                    _periods_overlapping(first, last)
                ).order_by("starts_on"),
                to_attr="periods_between",
            )
        )

    def non_members(self, on: datetime.date | None = None):
        """The cities that are no member on ``on`` (applicants, former and future members)."""
        on = on or timezone.localdate()
        periods = MembershipPeriod.objects.filter(city=OuterRef("pk")).filter(
            _periods_overlapping(on, on)
        )
        return self.exclude(Exists(periods))

    def member_ids_by_year(self, years) -> dict[int, set[int]]:
        """For each of ``years``, the ids of the cities (of this queryset) that were a
        member on at least one day of it (one query)."""
        years = sorted(set(years))
        result: dict[int, set[int]] = {year: set() for year in years}
        if not years:
            return result
        periods = MembershipPeriod.objects.filter(city__in=self).filter(
            _periods_overlapping(datetime.date(years[0], 1, 1), datetime.date(years[-1], 12, 31))
        )
        for city_id, starts_on, ends_on in periods.values_list("city_id", "starts_on", "ends_on"):
            for year in years:
                if starts_on.year <= year and (ends_on is None or ends_on.year >= year):
                    result[year].add(city_id)
        return result

    def with_membership(self, on: datetime.date | None = None):
        """Annotate each city with its membership on ``on`` (one query, subqueries):
        ``member_from``/``member_until`` of the period that covers the day, else
        ``next_member_from`` (admitted from a later date) and ``last_member_until``
        (a former member). ``City.membership_status`` reads them."""
        on = on or timezone.localdate()
        periods = MembershipPeriod.objects.filter(city=OuterRef("pk"))
        covering = periods.filter(_periods_overlapping(on, on))
        return self.annotate(
            member_from=Subquery(covering.values("starts_on")[:1]),
            member_until=Subquery(covering.values("ends_on")[:1]),
            next_member_from=Subquery(
                periods.filter(starts_on__gt=on).order_by("starts_on").values("starts_on")[:1]
            ),
            last_member_until=Subquery(
                periods.filter(ends_on__lt=on).order_by("-ends_on").values("ends_on")[:1]
            ),
        )


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
            bounded("city", "population_reference_date", earliest=HISTORIC),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("members:city_detail", kwargs={"cbs_code": self.cbs_code})

    def set_membership(self, on: datetime.date | None = None) -> "City":
        """Set the attributes ``with_membership`` annotates, from the city's periods
        (prefetched ones are used: no query then). Returns the city."""
        on = on or timezone.localdate()
        periods = sorted(self.membership_periods.all(), key=lambda p: p.starts_on)
        covering = next(
            (p for p in periods if p.starts_on <= on and (p.ends_on is None or p.ends_on >= on)),
            None,
        )
        self.member_from = covering.starts_on if covering else None
        self.member_until = covering.ends_on if covering else None
        later = [p.starts_on for p in periods if p.starts_on > on]
        self.next_member_from = later[0] if later else None
        ended = [p.ends_on for p in periods if p.ends_on is not None and p.ends_on < on]
        self.last_member_until = ended[-1] if ended else None
        return self

    @property
    def membership_status(self) -> str:
        """Member, admitted (from a later date), former member or applicant, from the
        annotations of ``CityQuerySet.with_membership``."""
        if getattr(self, "member_from", None) is not None:
            return CityStatus.MEMBER
        if getattr(self, "next_member_from", None) is not None:
            return CityStatus.ADMITTED
        if getattr(self, "last_member_until", None) is not None:
            return CityStatus.FORMER
        return CityStatus.APPLICANT

    @property
    def membership_status_label(self) -> str:
        return CityStatus(self.membership_status).label

    def is_member_on(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.membership_periods.filter(_periods_overlapping(on, on)).exists()

    def membership_days(self, first: datetime.date, last: datetime.date) -> list:
        """The parts of ``first`` … ``last`` in which the city was a member, as
        ``(start, end)`` pairs in order (both ends counted)."""
        periods = getattr(self, "periods_between", None)  # with_periods_between()
        if periods is None:
            periods = self.membership_periods.filter(_periods_overlapping(first, last))
        return [
            (max(first, period.starts_on), min(last, period.ends_on or last))
            for period in sorted(periods, key=lambda period: period.starts_on)
            if period.starts_on <= last and (period.ends_on is None or period.ends_on >= first)
        ]


class MembershipPeriod(models.Model):
    """A period in which a city is a member of the network: from ``starts_on`` until
    ``ends_on`` (both counted; open-ended while it lasts). A city may leave and join
    again: it then has several periods, which never overlap (a trigger, migration 0005
    of this app) and of which at most one is open. An application of a former member
    adds a period when admitted and never erases the earlier ones."""

    city = models.ForeignKey(
        City,
        on_delete=models.CASCADE,
        related_name="membership_periods",
        verbose_name=_("city"),
    )
    starts_on = models.DateField(_("member from"), validators=[CITY])
    ends_on = models.DateField(
        _("member until"),
        null=True,
        blank=True,
        validators=[CITY],
        help_text=_("The last day of membership; empty while it lasts."),
    )
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("The decision this period rests on, e.g. 'AB 12 March 2026'."),
    )

    class Meta:
        ordering = ["city", "starts_on"]
        verbose_name = _("membership period")
        verbose_name_plural = _("membership periods")
        indexes = [models.Index(fields=["city", "starts_on"], name="membership_city_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="membership_period_ordered",
                violation_error_code="period_ordered",
                violation_error_message=_("Member until cannot be before member from."),
            ),
            models.UniqueConstraint(
                fields=["city"],
                condition=Q(ends_on__isnull=True),
                name="membership_period_one_open",
                violation_error_code="period_overlap",
                violation_error_message=_("A city has at most one open membership period."),
            ),
            bounded("membership_period", "starts_on", earliest=HISTORIC),
            bounded("membership_period", "ends_on", null=True, earliest=HISTORIC),
        ]

    def __str__(self) -> str:
        until = self.ends_on.isoformat() if self.ends_on else "…"
        return f"{self.city}: {self.starts_on.isoformat()} – {until}"

    def clean(self) -> None:
        super().clean()
        if self.city_id is None or self.starts_on is None:
            return
        if self.ends_on is not None and self.ends_on < self.starts_on:
            return  # the constraint's message
        last = self.ends_on or datetime.date.max
        overlapping = MembershipPeriod.objects.filter(city_id=self.city_id).filter(
            _periods_overlapping(self.starts_on, last)
        )
        if self.pk is not None:
            overlapping = overlapping.exclude(pk=self.pk)
        if overlapping.exists():
            raise ValidationError(
                _("This period overlaps another membership period of the city."),
                code="period_overlap",
            )


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
        self.email = normalise_email(self.email)
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
        short_name = self.pillar.short_name if self.pillar_id else ""
        return role_label(self.kind, self.board_position, short_name)
