"""Rates and the price indices they are indexed with (see the package's docstring)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from infra.bounds import NETWORK, bounded

INDEX_MINIMUM = Decimal("-5.00")
INDEX_MAXIMUM = Decimal("25.00")
YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


class PriceIndexSource(models.TextChoices):
    CBS_CPI = "cbs_cpi", _("CBS consumer price index, year-on-year change")
    CPB_GOVERNMENT = "cpb_government", _("CPB price index of government consumption")


class PriceIndexFigure(models.Model):
    """One published yearly price-index figure (a percentage), with its source. The
    secretariat may correct a figure; a rate decided with it keeps its own copy."""

    source = models.CharField(_("index"), max_length=20, choices=PriceIndexSource.choices)
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    percentage = models.DecimalField(
        _("change (%)"), max_digits=5, decimal_places=2, help_text=_("E.g. 3.30 for 3.3 %.")
    )
    reference = models.CharField(
        _("source"), max_length=200, help_text=_("Where the figure comes from (table, date).")
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        db_table = "membership_priceindexfigure"
        ordering = ["source", "year"]
        verbose_name = _("price index figure")
        verbose_name_plural = _("price index figures")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "year"],
                name="price_index_figure_one_per_year",
                violation_error_code="figure_exists",
                violation_error_message=_("This index already has a figure for this year."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="price_index_figure_year_in_range",
                violation_error_code="year_out_of_range",
                violation_error_message=_("The year must lie between 2000 and 2100."),
            ),
            models.CheckConstraint(
                condition=~Q(reference=""),
                name="price_index_figure_has_source",
                violation_error_code="source_required",
                violation_error_message=_("A price index figure needs its source."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.year}: {self.percentage} %"


class ContributionRate(models.Model):
    """The contribution per inhabitant for one year, as the DB decided it: a base
    rate, or the previous year's rate indexed."""

    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    amount_per_inhabitant = models.DecimalField(
        _("rate per inhabitant (EUR)"), max_digits=8, decimal_places=2
    )
    # A decided rate is never edited: a later DB decision that corrects it is a new
    # row that refers to it; the old row stays (``is_current`` False) with the
    # statements issued at it (services.rate_correct).
    is_current = models.BooleanField(_("in force"), default=True)
    corrects = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrected_by",
        verbose_name=_("corrects the decision"),
    )
    correction_reason = models.TextField(
        _("reason for the correction"), max_length=4_000, blank=True
    )
    decided_on = models.DateField(_("decided on"), validators=[NETWORK])
    decision_reference = models.CharField(
        _("decision reference"),
        max_length=200,
        help_text=_("Where the DB decided this, e.g. 'DB 12 March 2024, item 5'."),
    )
    previous_amount = models.DecimalField(
        _("previous rate (EUR)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    index_source = models.CharField(
        _("index"), max_length=20, choices=PriceIndexSource.choices, blank=True
    )
    index_year = models.PositiveSmallIntegerField(
        _("index year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    index_percentage = models.DecimalField(
        _("index (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(INDEX_MINIMUM), MaxValueValidator(INDEX_MAXIMUM)],
    )
    negative_index_allowed = models.BooleanField(
        _("the decision allows a negative index"), default=False
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    decided_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        db_table = "membership_contributionrate"
        ordering = ["year", "decided_at"]
        verbose_name = _("contribution rate")
        verbose_name_plural = _("contribution rates")
        constraints = [
            models.UniqueConstraint(
                fields=["year"],
                condition=Q(is_current=True),
                name="contribution_rate_one_in_force_per_year",
                violation_error_code="rate_exists",
                violation_error_message=_("This year already has a rate in force."),
            ),
            models.CheckConstraint(
                condition=Q(corrects__isnull=True) | ~Q(correction_reason=""),
                name="contribution_rate_correction_has_reason",
                violation_error_code="reason_required",
                violation_error_message=_("A corrected rate needs the reason."),
            ),
            models.CheckConstraint(
                condition=Q(amount_per_inhabitant__gt=0),
                name="contribution_rate_positive",
                violation_error_code="rate_not_positive",
                violation_error_message=_("A rate per inhabitant must be more than zero."),
            ),
            models.CheckConstraint(
                condition=Q(index_percentage__isnull=True)
                | Q(index_percentage__gte=INDEX_MINIMUM, index_percentage__lte=INDEX_MAXIMUM),
                name="contribution_rate_index_bounded",
                violation_error_code="index_out_of_range",
                violation_error_message=_("An index must lie between −5 % and +25 %."),
            ),
            models.CheckConstraint(
                condition=Q(index_percentage__isnull=True)
                | Q(index_percentage__gte=0)
                | Q(negative_index_allowed=True),
                name="contribution_rate_negative_index_allowed",
                violation_error_code="negative_index_not_allowed",
                violation_error_message=_(
                    "A negative index is only allowed when the decision says so."
                ),
            ),
            models.CheckConstraint(
                # A base rate has no index; an indexed rate has all of it.
                condition=Q(
                    index_percentage__isnull=True,
                    index_source="",
                    index_year__isnull=True,
                    previous_amount__isnull=True,
                )
                | (
                    Q(index_percentage__isnull=False, index_year__isnull=False)
                    & Q(previous_amount__isnull=False)
                    & ~Q(index_source="")
                ),
                name="contribution_rate_index_complete",
                violation_error_code="index_incomplete",
                violation_error_message=_(
                    "An indexed rate needs the previous rate, the index, its source and year."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(decision_reference=""),
                name="contribution_rate_has_decision",
                violation_error_code="decision_required",
                violation_error_message=_("A rate needs the DB decision that set it."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="contribution_rate_year_in_range",
                violation_error_code="year_out_of_range",
                violation_error_message=_("The year must lie between 2000 and 2100."),
            ),
            bounded("contribution_rate", "decided_on"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: € {self.amount_per_inhabitant}"

    @property
    def is_indexed(self) -> bool:
        return self.index_percentage is not None
