"""The criteria, their indicators and the indicators' values (see the package's
docstring)."""

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from infra.bounds import NETWORK, bounded

from ..constants import (
    Criterion,
    Direction,
)


class CriteriaSet(models.Model):
    """A version of the admission criteria. An application keeps the version in force on
    the day it was received (``Application.criteria_set``), so a new version never
    changes how an earlier application was judged."""

    version = models.PositiveSmallIntegerField(_("version"), unique=True)
    name = models.CharField(_("name"), max_length=150)
    in_force_from = models.DateField(_("in force from"), unique=True, validators=[NETWORK])
    text = models.TextField(_("text"), max_length=10_000)
    source = models.CharField(_("source"), max_length=300)
    indicators = models.ManyToManyField(
        "Indicator", related_name="criteria_sets", verbose_name=_("indicators")
    )

    class Meta:
        db_table = "membership_criteriaset"
        ordering = ["version"]
        verbose_name = _("criteria set")
        verbose_name_plural = _("criteria sets")
        constraints = [
            models.CheckConstraint(
                condition=Q(version__gte=1),
                name="criteriaset_version_positive",
                violation_error_code="invalid_version",
                violation_error_message=_("A version is a number from 1."),
            ),
            bounded("criteriaset", "in_force_from"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"


class CriterionNote(models.Model):
    """What a criterion means in one version of the criteria, and which one defines
    the network (at most one per set: urbanisation in the 2018 set)."""

    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.CASCADE, related_name="criterion_notes"
    )
    criterion = models.CharField(_("criterion"), max_length=30, choices=Criterion.choices)
    defining = models.BooleanField(_("defining criterion"), default=False)
    note = models.TextField(_("how to read it"), max_length=5_000)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        db_table = "membership_criterionnote"
        ordering = ["criteria_set", "order"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(
                fields=["criteria_set", "criterion"],
                name="criterionnote_once_per_set",
                violation_error_code="criterion_twice",
                violation_error_message=_("This criterion is already in this set."),
            ),
            models.UniqueConstraint(
                fields=["criteria_set"],
                condition=Q(defining=True),
                name="criterionnote_one_defining_per_set",
                violation_error_code="two_defining",
                violation_error_message=_("A criteria set has one defining criterion."),
            ),
        ]

    def __str__(self) -> str:
        return self.get_criterion_display()


class Indicator(models.Model):
    """A measure that evidences a criterion, e.g. the CBS urbanity class."""

    key = models.SlugField(_("key"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=150)
    unit = models.CharField(_("unit"), max_length=60)
    source = models.CharField(
        _("source"), max_length=300, help_text=_("E.g. the CBS StatLine table and year.")
    )
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    criterion = models.CharField(_("criterion"), max_length=30, choices=Criterion.choices)
    minimum = models.DecimalField(_("lowest possible value"), max_digits=14, decimal_places=4)
    maximum = models.DecimalField(_("highest possible value"), max_digits=14, decimal_places=4)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        db_table = "membership_indicator"
        ordering = ["order", "name"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=Q(minimum__lt=F("maximum")),
                name="indicator_range_ordered",
                violation_error_code="range_not_ordered",
                violation_error_message=_("The lowest value must lie below the highest."),
            ),
            models.CheckConstraint(
                condition=~Q(source=""),
                name="indicator_has_source",
                violation_error_code="source_required",
                violation_error_message=_("An indicator needs a source."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def higher_is_more_urban(self) -> bool:
        return self.direction == Direction.HIGHER_MORE_URBAN


class IndicatorValue(models.Model):
    """An indicator's value for a municipality in a year, with its source and the date
    the figure refers to. Demo figures are marked as such."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="values", verbose_name=_("indicator")
    )
    city = models.ForeignKey(
        "members.City",
        on_delete=models.PROTECT,
        related_name="indicator_values",
        verbose_name=_("municipality"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4)
    source = models.CharField(_("source"), max_length=300)
    reference_date = models.DateField(_("reference date"), validators=[NETWORK])
    is_demo = models.BooleanField(_("demo data"), default=False)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        db_table = "membership_indicatorvalue"
        ordering = ["indicator", "city", "-year"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "city", "year"],
                name="indicatorvalue_once_per_year",
                violation_error_code="value_exists",
                violation_error_message=_(
                    "This municipality already has a value for this indicator and year."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(source=""),
                name="indicatorvalue_has_source",
                violation_error_code="source_required",
                violation_error_message=_("A value needs its source."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="indicatorvalue_year_in_range",
                violation_error_code="year_out_of_range",
                violation_error_message=_("The year lies outside 2000–2100."),
            ),
            bounded("indicatorvalue", "reference_date"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.city} {self.year}: {self.value}"
